//! From a validated dataset to briefs: which briefs exist, and for each, the
//! figures per compared region (reported ones leading, computed ones from the
//! listed projects beside them), ranks, shares, year-on-year growth and the
//! notes a reader needs to compare fairly. The output is plain data for the
//! render stage; nothing here formats text.

mod compare;
mod index;
mod plan;
mod projects;
mod warnings;

pub use compare::{Comparability, Growth};
pub use index::ProjectIndex;
pub use plan::{plan, Scope};
pub use projects::{Bracket, Computed, ProjectStats, Rates, BRACKETS, LISTED};
pub use warnings::warnings;

use crate::model::{
    Dataset, Indicator, MetricIdx, MetricKind, Note, Period, RegionIdx, SourceIdx, Value,
};
use rayon::prelude::*;
use serde::Serialize;

/// A figure as its source reported it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reported {
    pub value: Value,
    pub period: Period,
    pub source: SourceIdx,
    pub note: Option<String>,
    pub event: Option<String>,
}

impl Reported {
    fn from_indicator(ind: &Indicator) -> Reported {
        Reported {
            value: ind.value,
            period: ind.period,
            source: ind.source,
            note: ind.note.clone(),
            event: ind.event.clone(),
        }
    }
}

/// One region's figure for one metric in a brief.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Cell {
    pub reported: Option<Reported>,
    pub computed: Option<Computed>,
    pub growth: Option<Growth>,
    /// Place among the ranked regions (1 = first), where ranking is fair.
    pub rank: Option<u32>,
    /// Share of the ranked regions' total, as a fraction.
    pub share: Option<rust_decimal::Decimal>,
    /// How far behind the first-ranked region, in the row's own terms
    /// (CNY for money, percentage points for percentages).
    pub gap: Option<Value>,
}

impl Cell {
    /// The figure that leads: the reported one, else the computed one.
    pub fn lead(&self) -> Option<(&Value, Period)> {
        match (&self.reported, &self.computed) {
            (Some(r), _) => Some((&r.value, r.period)),
            (None, Some(c)) => Some((&c.value, c.period)),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Row {
    pub metric: MetricIdx,
    /// Aligned with `Brief::regions`.
    pub cells: Vec<Cell>,
    pub notes: Vec<Comparability>,
}

/// A figure of a place inside a compared region (a zone, a county), shown on
/// its own and never added to its parent's.
#[derive(Debug, Clone, Serialize)]
pub struct InnerFigure {
    pub region: RegionIdx,
    pub metric: MetricIdx,
    pub figure: Reported,
}

/// An event's tally (a signing ceremony, a fair): never a period's figure.
#[derive(Debug, Clone, Serialize)]
pub struct Event {
    pub region: RegionIdx,
    pub name: Option<String>,
    pub period: Period,
    pub figures: Vec<(MetricIdx, Reported)>,
}

/// One comparative brief: a period (or the latest figures) and the regions
/// compared, in order.
#[derive(Debug, Clone, Serialize)]
pub struct Brief {
    pub scope: Scope,
    pub regions: Vec<RegionIdx>,
    pub rows: Vec<Row>,
    pub inner: Vec<InnerFigure>,
    pub events: Vec<Event>,
    /// Per compared region, aligned with `regions`.
    pub projects: Vec<ProjectStats>,
    /// Listed projects with no date, shown in the latest brief only.
    pub undated: Vec<usize>,
    pub notes: Vec<Comparability>,
    /// Indexes into `Dataset::notes`.
    pub analyst_notes: Vec<usize>,
    /// Every source cited, in order of first citation: reference [n] is
    /// `citations[n - 1]`.
    pub citations: Vec<SourceIdx>,
    /// Reference number by source index (0: not cited), for `cite`.
    #[serde(skip)]
    numbers: Vec<u32>,
}

impl Brief {
    pub fn id(&self) -> String {
        self.scope.slug()
    }

    /// The reference number of a source in this brief (1-based).
    pub fn cite(&self, source: SourceIdx) -> Option<usize> {
        let n = self.numbers.get(source.0 as usize).copied()?;
        (n > 0).then_some(n as usize)
    }
}

/// Builds every planned brief of a dataset.
pub fn briefs(data: &Dataset, scopes: &[Scope], compared: &[RegionIdx]) -> Vec<Brief> {
    briefs_with(data, &ProjectIndex::new(data), scopes, compared)
}

/// `briefs`, with the projects already indexed.
pub fn briefs_with(
    data: &Dataset,
    index: &ProjectIndex,
    scopes: &[Scope],
    compared: &[RegionIdx],
) -> Vec<Brief> {
    // Briefs are independent: one per core, collected in plan order.
    scopes
        .par_iter()
        .map(|scope| brief_with(data, index, *scope, compared))
        .collect()
}

/// Builds one brief.
pub fn brief(data: &Dataset, scope: Scope, compared: &[RegionIdx]) -> Brief {
    brief_with(data, &ProjectIndex::new(data), scope, compared)
}

/// What a region page's trend charts draw, which are reported figures
/// alone: a "latest" brief of the region with its reported figures and
/// nothing else (its listed projects, undated projects, notes and sources
/// were worked out for each region and never drawn).
pub fn trend_brief(data: &Dataset, region: RegionIdx) -> Brief {
    let compared = [region];
    let reports = Reports::new(data, &compared);
    let unlisted = [ProjectStats::unlisted(region)];
    Brief {
        scope: Scope::Latest,
        regions: compared.to_vec(),
        rows: metric_rows(data, Scope::Latest, &compared, &unlisted, &reports),
        inner: Vec::new(),
        events: Vec::new(),
        projects: Vec::new(),
        undated: Vec::new(),
        notes: Vec::new(),
        analyst_notes: Vec::new(),
        citations: Vec::new(),
        numbers: Vec::new(),
    }
}

/// Builds one brief with the projects already indexed (`ProjectIndex::new`
/// once per build, not once per brief).
pub fn brief_with(
    data: &Dataset,
    index: &ProjectIndex,
    scope: Scope,
    compared: &[RegionIdx],
) -> Brief {
    let projects: Vec<ProjectStats> = compared
        .iter()
        .map(|r| projects::stats(data, index, *r, scope))
        .collect();
    let reports = Reports::new(data, compared);
    let mut rows = metric_rows(data, scope, compared, &projects, &reports);
    for row in &mut rows {
        compare::rank_and_share(data, compared, row);
        compare::growth(data, compared, row, &reports);
    }
    let mut notes = compare::brief_notes(data, scope, compared, &rows, &projects);
    let events = events(data, scope, compared);
    if !events.is_empty() {
        notes.push(Comparability::Events);
    }
    let mut brief = Brief {
        scope,
        regions: compared.to_vec(),
        rows,
        inner: inner_figures(data, scope, compared),
        events,
        projects,
        undated: match scope {
            Scope::Latest => undated(data, index, compared),
            Scope::Period(_) => Vec::new(),
        },
        notes,
        analyst_notes: analyst_notes(data, scope, compared),
        citations: Vec::new(),
        numbers: Vec::new(),
    };
    brief.citations = citations(data, &brief);
    brief.numbers = vec![0; data.sources.len()];
    for (n, s) in brief.citations.iter().enumerate() {
        if let Some(slot) = brief.numbers.get_mut(s.0 as usize) {
            *slot = n as u32 + 1;
        }
    }
    brief
}

/// The reported figures of the compared regions (events' tallies aside), by
/// region and metric, in file order: a brief looks one up for every metric
/// and region, and again a year earlier for growth; each look-up went
/// through the dataset's whole list.
pub(crate) struct Reports<'a>(crate::model::Map<(RegionIdx, MetricIdx), Vec<&'a Indicator>>);

impl<'a> Reports<'a> {
    fn new(data: &'a Dataset, compared: &[RegionIdx]) -> Reports<'a> {
        let mut by: crate::model::Map<_, Vec<&Indicator>> = Default::default();
        let reports = data.indicators.iter().filter(|i| !i.is_event_tally());
        for i in reports.filter(|i| compared.contains(&i.region)) {
            by.entry((i.region, i.metric)).or_default().push(i);
        }
        Reports(by)
    }

    /// The reported figure of a region for a metric in a scope: the row of
    /// exactly that period (the last such row), or for "latest" the newest one.
    pub(crate) fn get(
        &self,
        scope: Scope,
        region: RegionIdx,
        metric: MetricIdx,
    ) -> Option<Reported> {
        let mut candidates = self.0.get(&(region, metric))?.iter();
        let chosen = match scope {
            Scope::Period(p) => candidates.rfind(|i| i.period == p),
            Scope::Latest => candidates.max_by(|a, b| a.period.cmp(&b.period)),
        };
        chosen.map(|i| Reported::from_indicator(i))
    }
}

fn metric_rows(
    data: &Dataset,
    scope: Scope,
    compared: &[RegionIdx],
    projects: &[ProjectStats],
    reports: &Reports<'_>,
) -> Vec<Row> {
    data.metrics
        .iter()
        .filter_map(|(metric, m)| {
            let cells: Vec<Cell> = compared
                .iter()
                .zip(projects)
                .map(|(region, stats)| Cell {
                    reported: reports.get(scope, *region, metric),
                    computed: stats.computed(&m.id).cloned(),
                    ..Cell::default()
                })
                .collect();
            let any = cells
                .iter()
                .any(|c| c.reported.is_some() || c.computed.is_some());
            any.then(|| Row {
                metric,
                cells,
                notes: Vec::new(),
            })
        })
        .collect()
}

/// Whether a region lies strictly inside one of the compared regions and is
/// not compared itself.
fn inside_compared(data: &Dataset, region: RegionIdx, compared: &[RegionIdx]) -> bool {
    !compared.contains(&region) && compared.iter().any(|c| data.regions.within(region, *c))
}

fn in_scope(scope: Scope, period: &Period) -> bool {
    match scope {
        Scope::Period(p) => p == *period,
        Scope::Latest => true,
    }
}

fn inner_figures(data: &Dataset, scope: Scope, compared: &[RegionIdx]) -> Vec<InnerFigure> {
    let mut out: Vec<InnerFigure> = Vec::new();
    for ind in &data.indicators {
        if ind.is_event_tally()
            || !inside_compared(data, ind.region, compared)
            || !in_scope(scope, &ind.period)
        {
            continue;
        }
        // In "latest", keep only the newest figure per place and metric.
        if let Some(existing) = out
            .iter_mut()
            .find(|f| f.region == ind.region && f.metric == ind.metric)
        {
            if ind.period > existing.figure.period {
                existing.figure = Reported::from_indicator(ind);
            }
            continue;
        }
        out.push(InnerFigure {
            region: ind.region,
            metric: ind.metric,
            figure: Reported::from_indicator(ind),
        });
    }
    out.sort_by_key(|f| (f.region, f.metric));
    out
}

/// Event tallies of the compared regions and the places inside them, whose
/// whole span lies in the brief's period (all of them in "latest").
fn events(data: &Dataset, scope: Scope, compared: &[RegionIdx]) -> Vec<Event> {
    let mut out: Vec<Event> = Vec::new();
    let relevant = |i: &&Indicator| {
        i.is_event_tally()
            && (compared.contains(&i.region) || inside_compared(data, i.region, compared))
            && match scope {
                Scope::Period(p) => p.contains(&i.period),
                Scope::Latest => true,
            }
    };
    for ind in data.indicators.iter().filter(relevant) {
        let figure = (ind.metric, Reported::from_indicator(ind));
        match out
            .iter_mut()
            .find(|e| e.region == ind.region && e.name == ind.event && e.period == ind.period)
        {
            Some(event) => event.figures.push(figure),
            None => out.push(Event {
                region: ind.region,
                name: ind.event.clone(),
                period: ind.period,
                figures: vec![figure],
            }),
        }
    }
    out.sort_by(|a, b| (a.period, a.region, &a.name).cmp(&(b.period, b.region, &b.name)));
    for event in &mut out {
        event.figures.sort_by_key(|(m, _)| *m);
    }
    out
}

fn undated(data: &Dataset, index: &ProjectIndex, compared: &[RegionIdx]) -> Vec<usize> {
    index
        .undated()
        .filter(|i| {
            let region = data.projects[*i].region;
            compared.iter().any(|c| data.regions.within(region, *c))
        })
        .collect()
}

fn analyst_notes(data: &Dataset, scope: Scope, compared: &[RegionIdx]) -> Vec<usize> {
    let Scope::Period(period) = scope else {
        return Vec::new();
    };
    let mut found: Vec<(usize, &Note)> = data
        .notes
        .iter()
        .enumerate()
        .filter(|(_, n)| {
            n.period == period && compared.iter().any(|c| data.regions.within(n.region, *c))
        })
        .collect();
    // Compared regions in their order, then places inside them.
    found.sort_by_key(|(_, n)| {
        (
            compared
                .iter()
                .position(|c| *c == n.region)
                .unwrap_or(usize::MAX),
            n.region,
        )
    });
    found.into_iter().map(|(i, _)| i).collect()
}

/// Sources in order of first citation: the table, inner figures, events,
/// then the listed projects.
fn citations(data: &Dataset, brief: &Brief) -> Vec<SourceIdx> {
    let mut out: Vec<SourceIdx> = Vec::new();
    let mut seen = vec![false; data.sources.len()];
    // Source indexes come from the dataset's own list: always in range.
    let mut add = |s: SourceIdx| {
        if let Some(slot @ false) = seen.get_mut(s.0 as usize) {
            *slot = true;
            out.push(s);
        }
    };
    for row in &brief.rows {
        for cell in &row.cells {
            if let Some(r) = &cell.reported {
                add(r.source);
            }
            if let Some(c) = &cell.computed {
                c.sources.iter().for_each(|s| add(*s));
            }
        }
    }
    brief.inner.iter().for_each(|f| add(f.figure.source));
    brief
        .events
        .iter()
        .flat_map(|e| &e.figures)
        .for_each(|(_, r)| add(r.source));
    for stats in &brief.projects {
        stats.sources.iter().for_each(|s| add(*s));
    }
    brief
        .undated
        .iter()
        .for_each(|i| add(data.projects[*i].source));
    out
}

/// Whether a metric's values can be added up and shared out.
pub(crate) fn additive(kind: MetricKind) -> bool {
    matches!(
        kind,
        MetricKind::Count | MetricKind::Money | MetricKind::Area | MetricKind::Energy
    )
}
