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
    Texts, Value,
};
use rayon::prelude::*;
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
    // old and the new allocation at once.
    let rows = mapped.rows_at_most();
    let mut projects = Vec::with_capacity(rows);
    let mut ids = Ids::with_capacity(rows);
    let hasher = ids.hasher.clone();
    let columns = ProjectColumns::new(mapped);
    let first_problem = out.len();
    // Rows are validated on every core; the parts come back in file order,
    // and ids are checked for repeats once all are in.
    mapped.par_each_row(
        out,
        |part: &mut Part, row, out| {
            let (project, id) = project_and_id(&row, &columns, refs, &mut part.sectors, out);
            let hash = id.as_deref().map(|id| hasher.hash_one(id));
            let validated = match (project, hash, id) {
                (Some(project), hash, _) => Validated::Project(project, hash),
                (None, Some(hash), Some(id)) => Validated::Failed(hash, Box::from(&*id)),
                _ => return,
            };
            part.rows.push((validated, row.at()));
        },
        |part, problems, out| {
            for (validated, at) in part.rows {
                match validated {
                    Validated::Project(project, hash) => {
                        if let Some(hash) = hash {
                            ids.add_project(hash, at, projects.len());
                        }
                        projects.push(project);
                    }
                    Validated::Failed(hash, id) => ids.add_failed(hash, at, id),
                }
            }
            out.extend(problems);
        },
    );
    let repeats = ids.repeats(&projects);
    if !repeats.is_empty() {
        drop_repeated(&mut projects, &repeats);
        report_repeats(mapped, &repeats, out, first_problem);
    }
    projects
}

/// The rows of a batch, validated together, each with where it is.
struct Part {
    rows: Vec<(Validated, At)>,
    sectors: Sectors,
}

/// A row's project with its id's hash (if it has an id), or the id and its
/// hash of a row that failed, which still uses its id.
enum Validated {
    Project(Project, Option<u64>),
    Failed(u64, Box<str>),
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

/// The ids of the rows read, to find repeats once every row is in.
///
/// At a million projects a hash table of the ids, filled as the parts came
/// back, was a fifth of ingestion's wall time: a million random look-ups
/// in 10 MB on the thread that merges. Instead the ids are put in buckets
/// by their hash's first byte as they come (in file order), and each
/// bucket is sorted by hash on every core at the end (stably, so file
/// order stays within a hash): repeats are neighbours. Each id is hashed
/// on the thread that validated it.
struct Ids {
    hasher: foldhash::fast::RandomState,
    buckets: Vec<Vec<IdUse>>,
    /// Ids of rows that failed for another reason, with their rows.
    failed: Vec<(Box<str>, u32)>,
}

/// One row's id: its hash, whose it is (the index of a project, or with
/// `FAILED` set of an id in `Ids::failed`) and the row's line (0 in a sheet).
#[derive(Clone, Copy)]
struct IdUse {
    hash: u64,
    owner: u32,
    line: u32,
}

const FAILED: u32 = 1 << 31;

/// `Ids` buckets, by a hash's first byte.
const BUCKETS: usize = 256;

/// An id used again: the later use and the row of the first.
struct Repeat {
    at: At,
    id: Box<str>,
    owner: u32,
    first: usize,
}

impl Ids {
    fn with_capacity(ids: usize) -> Ids {
        // Room for an even share and a little more: a bucket that grows
        // copies itself, and hashes spread evenly.
        let each = ids / BUCKETS + ids / BUCKETS / 8 + 16;
        Ids {
            hasher: Default::default(),
            buckets: (0..BUCKETS).map(|_| Vec::with_capacity(each)).collect(),
            failed: Vec::new(),
        }
    }

    /// Notes the id (with its `hash`) of the row at `at`, whose project
    /// is at `index` of the projects.
    fn add_project(&mut self, hash: u64, at: At, index: usize) {
        self.push(hash, at, index);
    }

    /// Notes `id` (with its `hash`) of the row at `at`, which failed.
    fn add_failed(&mut self, hash: u64, at: At, id: Box<str>) {
        let row = u32::try_from(at.row).unwrap_or(u32::MAX);
        self.failed.push((id, row));
        self.push(hash, at, (self.failed.len() - 1) | FAILED as usize);
    }

    fn push(&mut self, hash: u64, at: At, owner: usize) {
        let bucket = (hash >> 56) as usize % BUCKETS;
        let Some(uses) = self.buckets.get_mut(bucket) else {
            return;
        };
        uses.push(IdUse {
            hash,
            owner: u32::try_from(owner).unwrap_or(u32::MAX),
            line: at.line.map_or(0, |l| u32::try_from(l).unwrap_or(u32::MAX)),
        });
    }

    /// The id and row of a use.
    fn get<'p>(&'p self, owner: u32, projects: &'p [Project]) -> Option<(&'p str, u32)> {
        match owner & FAILED {
            0 => projects
                .get(owner as usize)
                .and_then(|p| Some((p.id()?, p.row))),
            _ => self
                .failed
                .get((owner & !FAILED) as usize)
                .map(|(id, row)| (&**id, *row)),
        }
    }

    /// Every use of an id after its first, in file order.
    fn repeats(mut self, projects: &[Project]) -> Vec<Repeat> {
        self.buckets
            .par_iter_mut()
            .for_each(|uses| uses.sort_by_key(|u| u.hash));
        let mut repeats = Vec::new();
        // A hash used once is an id used once: its id is not looked at (a
        // million look-ups in the projects, as costly as the table was).
        let runs = self
            .buckets
            .iter()
            .flat_map(|uses| uses.chunk_by(|a, b| a.hash == b.hash));
        for run in runs.filter(|run| run.len() > 1) {
            // Ids of a run are all the same but for a collision of hashes:
            // compared with each distinct id of the run so far.
            let mut firsts: Vec<(&str, u32)> = Vec::new();
            for used in run {
                let Some((id, row)) = self.get(used.owner, projects) else {
                    continue;
                };
                match firsts.iter().find(|(first, _)| first == &id) {
                    Some((_, first)) => repeats.push(Repeat {
                        at: At {
                            row: row as usize,
                            line: (used.line > 0).then_some(u64::from(used.line)),
                        },
                        id: Box::from(id),
                        owner: used.owner,
                        first: *first as usize,
                    }),
                    None => firsts.push((id, row)),
                }
            }
        }
        repeats.sort_by_key(|r| r.at.row);
        repeats
    }
}

/// Leaves out the projects whose id was used before.
fn drop_repeated(projects: &mut Vec<Project>, repeats: &[Repeat]) {
    let dropped: crate::model::Set<u32> = repeats
        .iter()
        .filter(|r| r.owner & FAILED == 0)
        .map(|r| r.owner)
        .collect();
    let mut index = 0u32;
    projects.retain(|_| {
        let keep = !dropped.contains(&index);
        index += 1;
        keep
    });
}

/// Reports each repeat after its row's other problems, as if reported as
/// the row was read: `out[from..]` are the table's problems, in file order.
fn report_repeats(mapped: &Mapped, repeats: &[Repeat], out: &mut Vec<Problem>, from: usize) {
    let mut problems = out.split_off(from).into_iter().peekable();
    for repeat in repeats {
        let before = || problems.next_if(|p| p.row <= Some(repeat.at.row));
        out.extend(std::iter::from_fn(before));
        out.push(repeated(mapped, "id", repeat.at, &repeat.id, repeat.first));
    }
    out.extend(problems);
}

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
    let id = row.optional(columns.id, out, borrowed).ok().flatten();
    (project(row, columns, id.as_deref(), refs, sectors, out), id)
}

fn project(
    row: &RowRef<'_>,
    c: &ProjectColumns,
    id: Option<&str>,
    refs: Refs<'_>,
    sectors: &mut Sectors,
    out: &mut Vec<Problem>,
) -> Option<Project> {
    let region = row.region(c.region, refs.regions, refs.broken_regions, out);
    let date = row.optional(c.date, out, |c| parsed(c, Period::parse_date));
    let name = row.required(c.name, out, borrowed);
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
    let sector = row.optional(c.sector, out, borrowed).ok().flatten();
    Some(Project {
        texts: Texts::new(id, &name?, row.cell(c.note).as_text().as_deref()),
        region: region?,
        date: date.ok()?,
        sector: sector.map(|s| sectors.intern(&s)),
        investment: investment.ok()?,
        foreign: foreign.ok()?,
        fortune500: fortune500.ok()?,
        stage: stage.ok()?,
        source: source?,
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

#[cfg(test)]
mod tests {
    use super::*;

    fn at(row: usize) -> At {
        At {
            row,
            line: Some(row as u64),
        }
    }

    /// Repeats are found by the ids, not by their hashes alone: ids whose
    /// hashes collide are told apart, and each repeat names the first use,
    /// a failed row's included; repeats come back in file order.
    #[test]
    fn repeats_are_told_by_their_ids() {
        let mut ids = Ids::with_capacity(6);
        let project = |id: &str, row: u32| Project {
            row,
            ..Project::bare(Texts::new(Some(id), "项目", None))
        };
        let mut projects = vec![project("a", 2), project("b", 3), project("a", 5)];
        ids.add_project(7, at(2), 0);
        ids.add_project(7, at(3), 1);
        ids.add_failed(9, at(4), "c".into());
        ids.add_project(7, at(5), 2);
        ids.add_failed(9, at(6), "c".into());
        ids.add_failed(7, at(7), "b".into());
        let repeats = ids.repeats(&projects);
        drop_repeated(&mut projects, &repeats);
        let kept: Vec<u32> = projects.iter().map(|p| p.row).collect();
        assert_eq!(kept, [2, 3]);
        let found: Vec<(usize, String, usize)> = repeats
            .into_iter()
            .map(|r| (r.at.row, r.id.into(), r.first))
            .collect();
        let want = [(5, "a", 2), (6, "c", 4), (7, "b", 3)];
        assert_eq!(
            found,
            want.map(|(row, id, first)| (row, id.to_string(), first))
        );
    }
}
