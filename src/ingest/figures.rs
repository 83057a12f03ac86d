//! `indicators.csv` and `projects.csv`: reported figures and listed
//! projects, each cell checked and every reference resolved. A row whose
//! reference failed skips the checks that depend on it.

use super::sources::{Metrics, Sources};
use super::table::Cell;
use super::validate::{
    borrowed, parsed, plain, repeated, At, Column, Fault, IntoColumn, Known, Mapped, RowRef,
};
use crate::error::Problem;
use crate::model::{
    Amount, Currency, Indicator, MetricIdx, Period, Project, RegionIdx, Regions, SourceIdx, Stage,
    Value,
};
use std::hash::BuildHasher;
use std::sync::Arc;

/// What rows may refer to; `None` where that table could not be read.
#[derive(Clone, Copy)]
pub struct Refs<'a> {
    pub regions: Option<&'a Regions>,
    /// Spellings of region rows that failed (references to them are not
    /// reported again).
    pub broken_regions: &'a Known,
    pub sources: Option<&'a Sources>,
    pub metrics: &'a Metrics,
}

/// A source id; `None` when unknown (reported), or when the sources could
/// not be read or the row it names failed (reported already).
fn source<'c>(
    row: &RowRef<'_>,
    column: impl IntoColumn<'c>,
    sources: Option<&Sources>,
    out: &mut Vec<Problem>,
) -> Option<SourceIdx> {
    let id = row.required(column, out, borrowed)?;
    let sources = sources?;
    let found = sources.ids.get(&*id).copied();
    if found.is_none() && !sources.broken.contains(&id.to_lowercase()) {
        out.push(
            row.problem(column, "no source has this id")
                .expected("the id of a row of sources.csv"),
        );
    }
    found
}

type Key = (RegionIdx, Period, MetricIdx, Option<String>);

pub fn read_indicators(mapped: &Mapped, refs: Refs<'_>, out: &mut Vec<Problem>) -> Vec<Indicator> {
    let mut seen: crate::model::Map<Key, (Value, usize)> = Default::default();
    let mut indicators = Vec::new();
    mapped.each_row(out, |row, out| {
        let Some(indicator) = indicator(&row, refs, out) else {
            return;
        };
        let key = (
            indicator.region,
            indicator.period,
            indicator.metric,
            indicator.event.clone(),
        );
        match seen.get(&key) {
            Some((value, first)) => {
                out.push(duplicate(&row, same(value, &indicator.value), *first))
            }
            None => {
                seen.insert(key, (indicator.value, row.number()));
                indicators.push(indicator);
            }
        }
    });
    indicators
}

/// The same figure, however written: 23.74亿美元 is US$2.374 billion.
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Amount(a), Value::Amount(b)) => {
            (a.value(), a.currency, a.qualifier) == (b.value(), b.currency, b.qualifier)
        }
        _ => a == b,
    }
}

fn duplicate(row: &RowRef<'_>, same: bool, first: usize) -> Problem {
    let message = format!("row {first} gives the same region, period, metric and event");
    if same {
        let mut warning = row.problem("value", format!("{message}, with the same value"));
        warning.severity = crate::error::Severity::Warning;
        warning.expected("each figure once")
    } else {
        row.problem("value", format!("{message} with a different value"))
            .expected("one value for each region, period, metric and event")
    }
}

fn indicator(row: &RowRef<'_>, refs: Refs<'_>, out: &mut Vec<Problem>) -> Option<Indicator> {
    let region = row.region("region", refs.regions, refs.broken_regions, out);
    let period = row.required("period", out, |c| parsed(c, Period::parse));
    let metric = metric(row, refs.metrics, out);
    let value = match metric {
        Some(idx) => {
            let kind = refs.metrics.catalogue.get(idx).kind;
            row.required("value", out, |c| parsed(c, |t| Value::parse(t, kind)))
        }
        None => row.required("value", out, plain).and(None),
    };
    let source = source(row, "source", refs.sources, out);
    let event = row.optional("event", out, plain).ok().flatten();
    let note = row.optional("note", out, plain).ok().flatten();
    Some(Indicator {
        region: region?,
        period: period?,
        metric: metric?,
        value: value?,
        source: source?,
        event,
        note,
        origin: row.origin(),
    })
}

fn metric(row: &RowRef<'_>, metrics: &Metrics, out: &mut Vec<Problem>) -> Option<MetricIdx> {
    let id = row.required("metric", out, plain)?;
    let found = metrics.catalogue.find(&id);
    if found.is_none() && !metrics.broken.contains(&id) {
        out.push(
            row.problem("metric", "no metric has this id")
                .expected("an id of the built-in catalogue or of metrics.csv"),
        );
    }
    found
}

pub fn read_projects(mapped: &Mapped, refs: Refs<'_>, out: &mut Vec<Problem>) -> Vec<Project> {
    // Sized once: growing a vector of a million projects would hold the
    // old and the new allocation at once, and rehash the ids again and again.
    let rows = mapped.rows_at_most();
    let mut projects = Vec::with_capacity(rows);
    let mut ids = Ids::with_capacity(rows);
    let hasher = ids.hasher.clone();
    let columns = ProjectColumns::new(mapped);
    // Rows are validated on every core; ids are checked for repeats as the
    // parts come back in file order, so "already used in row N" names the
    // first use, as when read in one pass.
    mapped.par_each_row(
        out,
        |part: &mut Part, row, out| {
            let (project, id) = project_and_id(&row, &columns, refs, &mut part.sectors, out);
            let id = id.map(|id| (hasher.hash_one(&*id), Arc::from(&*id)));
            if project.is_some() || id.is_some() {
                part.rows.push((project, id, row.at()));
            }
        },
        |part, problems, out| {
            let mut problems = problems.into_iter().peekable();
            for (project, id, at) in part.rows {
                let fresh = match &id {
                    Some((hash, id)) => {
                        // Its repeat is reported after the row's other problems.
                        let before = || problems.next_if(|p| p.row <= Some(at.row));
                        out.extend(std::iter::from_fn(before));
                        let index = project.as_ref().map(|_| projects.len());
                        match ids.first_use(id, *hash, at.row, index, &projects) {
                            Some(first) => {
                                out.push(repeated(mapped, "id", at, id, first));
                                false
                            }
                            None => true,
                        }
                    }
                    None => true,
                };
                let id = id.map(|(_, id)| id);
                projects.extend(project.filter(|_| fresh).map(|p| Project { id, ..p }));
            }
            out.extend(problems);
        },
    );
    projects
}

/// The projects of some rows, validated together: each with its id (and
/// the id's hash) and where it is (`None` for a row that failed but names
/// an id).
struct Part {
    rows: Vec<(Option<Project>, Option<HashedId>, At)>,
    sectors: Sectors,
}

impl Default for Part {
    /// Made room for a batch of records at once: grown row by row, a
    /// million projects' parts were copied twice over as they grew.
    fn default() -> Part {
        Part {
            rows: Vec::with_capacity(super::csv::BATCH),
            sectors: Sectors::default(),
        }
    }
}

/// The ids of the projects read so far, to find repeats.
///
/// At a million projects a set of ids was a tenth of ingestion, all on the
/// thread that merges the validated parts: a million random inserts into a
/// table of 24-byte entries, and a copy of each id's handle, in memory
/// touched for the first time. Here the table holds 4-byte indices of the
/// projects (whose ids are compared only when hashes meet), and each id is
/// hashed on the thread that validated it.
struct Ids {
    hasher: foldhash::fast::RandomState,
    /// The index of a project, or (`FAILED` set) of an id in `failed`.
    table: hashbrown::HashTable<u32>,
    /// Ids of rows that failed for another reason, with their rows.
    failed: Vec<(Arc<str>, u32)>,
}

const FAILED: u32 = 1 << 31;

impl Ids {
    fn with_capacity(ids: usize) -> Ids {
        Ids {
            hasher: Default::default(),
            table: hashbrown::HashTable::with_capacity(ids),
            failed: Vec::new(),
        }
    }

    /// The row where `id` (with its `hash`) was first used, or `None` if it
    /// is new, and then it is known from now: as the id of the project that
    /// will be at `index` of `projects`, or of a row that failed (`None`),
    /// row `row`.
    fn first_use(
        &mut self,
        id: &Arc<str>,
        hash: u64,
        row: usize,
        index: Option<usize>,
        projects: &[Project],
    ) -> Option<usize> {
        let Ids {
            hasher,
            table,
            failed,
        } = self;
        let known = |key: u32| -> Option<(&str, u32)> {
            match key & FAILED {
                0 => projects
                    .get(key as usize)
                    .and_then(|p| Some((p.id.as_deref()?, p.row))),
                _ => failed
                    .get((key & !FAILED) as usize)
                    .map(|(id, row)| (&**id, *row)),
            }
        };
        let same = |key: &u32| known(*key).is_some_and(|(seen, _)| seen == &**id);
        let rehash = |key: &u32| known(*key).map_or(0, |(seen, _)| hasher.hash_one(seen));
        match table.entry(hash, same, rehash) {
            hashbrown::hash_table::Entry::Occupied(first) => {
                known(*first.get()).map(|(_, row)| row as usize)
            }
            hashbrown::hash_table::Entry::Vacant(slot) => {
                let key = match index {
                    Some(index) => index,
                    None => {
                        failed.push((Arc::clone(id), u32::try_from(row).unwrap_or(u32::MAX)));
                        (failed.len() - 1) | FAILED as usize
                    }
                };
                slot.insert(u32::try_from(key).unwrap_or(u32::MAX));
                None
            }
        }
    }
}

/// An id with its hash (see `Ids`).
type HashedId = (u64, Arc<str>);

/// Sector names, each kept once however many projects name it.
#[derive(Default)]
pub(super) struct Sectors(crate::model::Set<Arc<str>>);

impl Sectors {
    fn intern(&mut self, name: &str) -> Arc<str> {
        if let Some(known) = self.0.get(name) {
            return Arc::clone(known);
        }
        let name: Arc<str> = Arc::from(name);
        self.0.insert(Arc::clone(&name));
        name
    }
}

/// The columns of `projects.csv`, resolved once for all its rows.
#[derive(Clone, Copy)]
pub(super) struct ProjectColumns {
    id: Column<'static>,
    region: Column<'static>,
    date: Column<'static>,
    name: Column<'static>,
    sector: Column<'static>,
    currency: Column<'static>,
    investment: Column<'static>,
    foreign: Column<'static>,
    fortune500: Column<'static>,
    stage: Column<'static>,
    source: Column<'static>,
    note: Column<'static>,
}

impl ProjectColumns {
    pub(super) fn new(mapped: &Mapped) -> ProjectColumns {
        let column = |name| mapped.column(name);
        ProjectColumns {
            id: column("id"),
            region: column("region"),
            date: column("date"),
            name: column("name"),
            sector: column("sector"),
            currency: column("currency"),
            investment: column("investment"),
            foreign: column("foreign"),
            fortune500: column("fortune500"),
            stage: column("stage"),
            source: column("source"),
            note: column("note"),
        }
    }
}

/// A row's project (without its id) and its id: the id is checked for
/// repeats apart, and a row that failed still uses its id.
pub(super) fn project_and_id<'a>(
    row: &RowRef<'a>,
    columns: &ProjectColumns,
    refs: Refs<'_>,
    sectors: &mut Sectors,
    out: &mut Vec<Problem>,
) -> (Option<Project>, Option<std::borrow::Cow<'a, str>>) {
    let project = project(row, columns, refs, sectors, out);
    (
        project,
        row.optional(columns.id, out, borrowed).ok().flatten(),
    )
}

fn project(
    row: &RowRef<'_>,
    c: &ProjectColumns,
    refs: Refs<'_>,
    sectors: &mut Sectors,
    out: &mut Vec<Problem>,
) -> Option<Project> {
    let region = row.region(c.region, refs.regions, refs.broken_regions, out);
    let date = row.optional(c.date, out, |c| parsed(c, Period::parse_date));
    let name = row.required(c.name, out, plain);
    let currency = row.optional(c.currency, out, currency);
    let investment = match currency {
        Ok(cell) => row.optional(c.investment, out, |c| {
            parsed(c, |t| Amount::parse_with_currency(t, cell))
        }),
        Err(bad) => Err(bad),
    };
    let foreign = row.optional(c.foreign, out, boolean);
    let fortune500 = row.optional(c.fortune500, out, boolean);
    let stage = row.optional(c.stage, out, stage);
    let source = source(row, c.source, refs.sources, out);
    Some(Project {
        id: None,
        region: region?,
        date: date.ok()?,
        name: name?.into_boxed_str(),
        sector: row
            .optional(c.sector, out, borrowed)
            .ok()
            .flatten()
            .map(|s| sectors.intern(&s)),
        investment: investment.ok()?,
        foreign: foreign.ok()?,
        fortune500: fortune500.ok()?,
        stage: stage.ok()?,
        source: source?,
        note: row.text(c.note).map(String::into_boxed_str),
        row: u32::try_from(row.number()).unwrap_or(u32::MAX),
    })
}

fn currency(cell: &Cell) -> Result<Currency, Fault> {
    let text = cell.as_text().unwrap_or_default();
    Currency::parse(&text).ok_or_else(|| {
        Fault::new(
            "not a currency",
            "CNY (元, 人民币, RMB), USD (美元, US$) or EUR (欧元)",
        )
    })
}

const BOOLEANS: [(&str, bool); 8] = [
    ("true", true),
    ("false", false),
    ("是", true),
    ("否", false),
    ("1", true),
    ("0", false),
    ("yes", true),
    ("no", false),
];

fn boolean(cell: &Cell) -> Result<bool, Fault> {
    if let Cell::Bool(b) = cell {
        return Ok(*b);
    }
    super::validate::word(
        cell,
        &BOOLEANS,
        "true/false, 是/否, 1/0, yes/no, or an empty cell",
    )
}

fn stage(cell: &Cell) -> Result<Stage, Fault> {
    let text = cell.as_text().unwrap_or_default();
    Stage::parse(&text).ok_or_else(|| {
        Fault::new(
            "not a stage",
            "signed, registered, land, started or producing (签约, 备案, 拿地, 开工, 投产)",
        )
    })
}
