//! The view of a brief that templates see: names and labels in the brief's
//! language, figures as values (formatted by the `fig` filter), reference
//! numbers for every figure, and the sentences of the summary and notes.

use super::words;
use crate::aggregate::{Brief, Cell, Computed, Growth, Reported, Scope};
use crate::format::{self, Lang};
use crate::model::{Dataset, MetricIdx, Period, Project, RegionIdx, Value};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A value with the unit its metric names, as the `fig` filter reads it,
/// and its text in the page's language, which the filter gives back as it
/// is: turning every figure of a page back from a template value into a
/// `Value` was a fifteenth of a build.
///
/// A figure with its text goes to templates as that text alone (`{text}`):
/// templates print figures with `fig`, and converting every figure's value
/// into template values, and dropping them, for nothing was a twentieth of
/// a build. One without (a template's own) goes whole, for `fig` to format.
#[derive(Debug, Clone, Deserialize)]
pub struct FigureView {
    pub value: Value,
    pub unit: Option<String>,
    #[serde(default)]
    pub text: Option<String>,
}

impl Serialize for FigureView {
    fn serialize<S: serde::Serializer>(&self, to: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let Some(text) = &self.text else {
            let mut whole = to.serialize_struct("FigureView", 3)?;
            whole.serialize_field("value", &self.value)?;
            whole.serialize_field("unit", &self.unit)?;
            whole.serialize_field("text", &self.text)?;
            return whole.end();
        };
        let mut formatted = to.serialize_struct("FigureView", 1)?;
        formatted.serialize_field("text", text)?;
        formatted.end()
    }
}

impl FigureView {
    pub fn new(value: Value, unit: Option<String>, lang: Lang) -> FigureView {
        let text = format::value(&value, unit.as_deref(), lang);
        FigureView {
            value,
            unit,
            text: Some(text),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct RegionView {
    pub id: String,
    pub name: String,
    pub level: &'static str,
    /// The compared region this one lies inside, if any: its figures are
    /// part of that region's.
    pub within: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct CellView {
    pub figure: Option<FigureView>,
    /// The reference number of the lead figure's source.
    pub cite: Option<usize>,
    /// The period label, shown when it differs from the brief's period.
    pub period: Option<String>,
    /// The lead figure's period, always (to compare with a computed one's).
    pub lead_period: Option<String>,
    /// "from N listed projects: X" beside a reported figure, or the
    /// provenance of a computed lead figure.
    pub computed: Option<ComputedView>,
    pub growth: Option<Growth>,
    pub rank: Option<u32>,
    pub share: Option<Decimal>,
    /// Distance to the first-ranked region.
    pub gap: Option<FigureView>,
    pub note: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct ComputedView {
    pub figure: FigureView,
    pub projects: usize,
    pub cites: Vec<usize>,
    /// Sums kept apart in currencies with no rate.
    pub apart: Vec<FigureView>,
    /// Whether this computed figure is the lead (no reported figure).
    pub leads: bool,
    /// Listed projects that do not state what this figure counts.
    pub unknown: usize,
    /// The period the listed projects cover (shown where it differs from
    /// the reported figure's).
    pub period: String,
}

#[derive(Debug, Serialize)]
pub struct RowView {
    pub id: String,
    pub label: String,
    pub cells: Vec<CellView>,
    pub notes: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct LineView {
    pub region: String,
    pub label: String,
    pub figure: FigureView,
    pub period: String,
    pub cite: Option<usize>,
    pub note: Option<String>,
    /// Set when the figure is computed from listed projects.
    pub computed: Option<ComputedView>,
}

#[derive(Debug, Serialize)]
pub struct EventView {
    pub date: String,
    pub region: String,
    pub name: String,
    pub figures: Vec<LineView>,
}

#[derive(Debug, Serialize)]
pub struct ProjectView {
    pub name: String,
    pub region: String,
    pub date: String,
    pub sector: String,
    pub investment: Option<FigureView>,
    pub stage: String,
    pub foreign: Option<bool>,
    pub fortune500: Option<bool>,
    pub cite: Option<usize>,
    pub note: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct RegionProjectsView {
    pub region: String,
    pub period: Option<String>,
    pub count: usize,
    pub listed: Vec<ProjectView>,
    pub more: usize,
    pub sectors: Vec<(String, usize)>,
    pub stages: Vec<(String, usize)>,
}

/// What the notes under the key figures say, once for every metric they
/// are true of (eight metrics over two periods would repeat one sentence
/// eight times).
#[derive(Debug, PartialEq, Serialize)]
pub struct ComparabilityView {
    /// The metrics' labels, in row order.
    pub labels: Vec<String>,
    pub notes: Vec<String>,
}

/// The rows' notes, rows with the same notes together, in the order of
/// the first row of each.
fn comparability(rows: &[RowView]) -> Vec<ComparabilityView> {
    let mut out: Vec<ComparabilityView> = Vec::new();
    for row in rows.iter().filter(|r| !r.notes.is_empty()) {
        match out.iter_mut().find(|c| c.notes == row.notes) {
            Some(same) => same.labels.push(row.label.clone()),
            None => out.push(ComparabilityView {
                labels: vec![row.label.clone()],
                notes: row.notes.clone(),
            }),
        }
    }
    out
}

#[derive(Debug, Serialize)]
pub struct NoteView {
    pub region: String,
    pub markdown: String,
}

#[derive(Debug, Serialize)]
pub struct ReferenceView {
    pub n: usize,
    pub title: String,
    pub publisher: Option<String>,
    pub published: Option<String>,
    pub url: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct ChartView {
    pub file: String,
    pub title: String,
}

#[derive(Debug, Serialize)]
pub struct BriefView {
    pub lang: &'static str,
    pub other_lang: &'static str,
    pub id: String,
    pub title: String,
    pub dataset_title: String,
    pub period: String,
    pub period_label: String,
    pub regions: Vec<RegionView>,
    pub summary: Vec<String>,
    /// Metrics with figures for two or more compared regions.
    pub rows: Vec<RowView>,
    /// The rows' notes, each said once for the metrics it is true of.
    pub comparability: Vec<ComparabilityView>,
    /// Metrics with a figure for one compared region only.
    pub single: Vec<LineView>,
    pub charts: Vec<ChartView>,
    pub inner: Vec<LineView>,
    pub events: Vec<EventView>,
    pub projects: Vec<RegionProjectsView>,
    pub undated: Vec<ProjectView>,
    pub notes: Vec<String>,
    pub analyst_notes: Vec<NoteView>,
    pub references: Vec<ReferenceView>,
    pub t: BTreeMap<&'static str, &'static str>,
}

/// Whether a row has figures for two or more compared regions.
fn compared(row: &crate::aggregate::Row) -> bool {
    row.cells.iter().filter(|c| c.lead().is_some()).count() >= 2
}

pub struct Builder<'a> {
    pub data: &'a Dataset,
    pub brief: &'a Brief,
    pub lang: Lang,
}

impl Builder<'_> {
    pub fn title(&self) -> String {
        let names: Vec<&str> = self
            .brief
            .regions
            .iter()
            .map(|r| self.data.regions.get(*r).name(self.lang))
            .collect();
        let period = self.period_label();
        match self.lang {
            Lang::Zh => format!("{} 招商引资对比简报（{}）", names.join("、"), period),
            Lang::En => format!("Investment attraction: {} ({})", names.join(", "), period),
        }
    }

    pub fn period_label(&self) -> String {
        match self.brief.scope {
            Scope::Period(p) => words::period(&p, self.lang),
            Scope::Latest => words::strings(self.lang)["latest"].to_string(),
        }
    }

    pub fn view(&self, charts: Vec<ChartView>) -> BriefView {
        let (lang, data, brief) = (self.lang, self.data, self.brief);
        let rows: Vec<RowView> = brief
            .rows
            .iter()
            .filter(|row| compared(row))
            .map(|row| self.row(row))
            .collect();
        BriefView {
            lang: lang.code(),
            other_lang: if lang == Lang::Zh { "en" } else { "zh" },
            id: brief.id(),
            title: self.title(),
            dataset_title: data.config.title.clone().unwrap_or_default(),
            period: match brief.scope {
                Scope::Period(p) => p.to_string(),
                Scope::Latest => "latest".to_string(),
            },
            period_label: self.period_label(),
            regions: brief
                .regions
                .iter()
                .map(|r| {
                    let region = data.regions.get(*r);
                    RegionView {
                        id: region.id.clone(),
                        name: region.name(lang).to_string(),
                        level: words::level(region.level, lang),
                        within: brief
                            .regions
                            .iter()
                            .find(|o| *o != r && data.regions.within(*r, **o))
                            .map(|o| self.region(*o)),
                    }
                })
                .collect(),
            summary: super::summary::sentences(self),
            comparability: comparability(&rows),
            rows,
            single: self.single(),
            charts,
            inner: brief
                .inner
                .iter()
                .map(|f| self.line(f.region, f.metric, &f.figure))
                .collect(),
            events: brief.events.iter().map(|e| self.event(e)).collect(),
            projects: brief.projects.iter().map(|s| self.projects(s)).collect(),
            undated: brief
                .undated
                .iter()
                .map(|i| self.project(&data.projects[*i]))
                .collect(),
            notes: brief
                .notes
                .iter()
                .map(|n| words::note(data, n, lang))
                .collect(),
            analyst_notes: brief
                .analyst_notes
                .iter()
                .map(|i| {
                    let note = &data.notes[*i];
                    NoteView {
                        region: self.region(note.region),
                        markdown: super::markdown::neutralise(&note.markdown),
                    }
                })
                .collect(),
            references: brief
                .citations
                .iter()
                .enumerate()
                .map(|(i, s)| {
                    let source = data.source(*s);
                    ReferenceView {
                        n: i + 1,
                        title: source.title.clone(),
                        publisher: source.publisher.clone(),
                        published: source.published.map(|d| d.format("%Y-%m-%d").to_string()),
                        url: source.url.clone(),
                    }
                })
                .collect(),
            t: words::strings(lang),
        }
    }

    pub fn region(&self, idx: RegionIdx) -> String {
        self.data.regions.get(idx).name(self.lang).to_string()
    }

    pub fn metric_label(&self, idx: MetricIdx) -> String {
        self.data.metrics.get(idx).label(self.lang).to_string()
    }

    pub fn figure(&self, metric: MetricIdx, value: &Value) -> FigureView {
        FigureView::new(
            *value,
            self.data.metrics.get(metric).unit.clone(),
            self.lang,
        )
    }

    fn other_period(&self, period: Period) -> Option<String> {
        (self.brief.scope != Scope::Period(period)).then(|| words::period(&period, self.lang))
    }

    fn row(&self, row: &crate::aggregate::Row) -> RowView {
        RowView {
            id: self.data.metrics.get(row.metric).id.clone(),
            label: self.metric_label(row.metric),
            cells: row.cells.iter().map(|c| self.cell(row.metric, c)).collect(),
            notes: row
                .notes
                .iter()
                .map(|n| words::note(self.data, n, self.lang))
                .collect(),
        }
    }

    fn cell(&self, metric: MetricIdx, cell: &Cell) -> CellView {
        let reported = cell.reported.as_ref();
        CellView {
            figure: cell.lead().map(|(v, _)| self.figure(metric, v)),
            cite: reported.and_then(|r| self.brief.cite(r.source)),
            period: cell.lead().and_then(|(_, p)| self.other_period(p)),
            lead_period: cell.lead().map(|(_, p)| words::period(&p, self.lang)),
            computed: cell
                .computed
                .as_ref()
                .map(|c| self.computed(metric, c, reported.is_none())),
            growth: cell.growth.clone(),
            rank: cell.rank,
            share: cell.share,
            gap: cell.gap.map(|g| self.figure(metric, &g)),
            note: reported.and_then(|r| r.note.clone()),
        }
    }

    fn computed(&self, metric: MetricIdx, c: &Computed, leads: bool) -> ComputedView {
        ComputedView {
            figure: self.figure(metric, &c.value),
            projects: c.projects,
            cites: c
                .sources
                .iter()
                .filter_map(|s| self.brief.cite(*s))
                .collect(),
            apart: c
                .apart
                .iter()
                .map(|a| FigureView::new(Value::Amount(*a), None, self.lang))
                .collect(),
            leads,
            unknown: c.unknown,
            period: words::period(&c.period, self.lang),
        }
    }

    /// Figures of metrics that only one compared region has, region by region.
    fn single(&self) -> Vec<LineView> {
        let mut out = Vec::new();
        for (i, region) in self.brief.regions.iter().enumerate() {
            for row in self.brief.rows.iter().filter(|r| !compared(r)) {
                let cell = &row.cells[i];
                if let Some(r) = &cell.reported {
                    out.push(self.line(*region, row.metric, r));
                } else if let Some(c) = &cell.computed {
                    let mut line =
                        self.line_of(*region, row.metric, &c.value, c.period, None, None);
                    line.computed = Some(self.computed(row.metric, c, true));
                    out.push(line);
                }
            }
        }
        out
    }

    fn line(&self, region: RegionIdx, metric: MetricIdx, r: &Reported) -> LineView {
        let cite = self.brief.cite(r.source);
        self.line_of(region, metric, &r.value, r.period, cite, r.note.clone())
    }

    fn line_of(
        &self,
        region: RegionIdx,
        metric: MetricIdx,
        value: &Value,
        period: Period,
        cite: Option<usize>,
        note: Option<String>,
    ) -> LineView {
        LineView {
            region: self.region(region),
            label: self.metric_label(metric),
            figure: self.figure(metric, value),
            period: words::period(&period, self.lang),
            cite,
            note,
            computed: None,
        }
    }

    fn event(&self, e: &crate::aggregate::Event) -> EventView {
        EventView {
            date: words::period(&e.period, self.lang),
            region: self.region(e.region),
            name: e.name.clone().unwrap_or_default(),
            figures: e
                .figures
                .iter()
                .map(|(m, r)| self.line(e.region, *m, r))
                .collect(),
        }
    }

    fn project(&self, p: &Project) -> ProjectView {
        ProjectView {
            name: p.name().to_string(),
            region: self.region(p.region),
            date: p
                .date
                .map(|d| words::period(&d, self.lang))
                .unwrap_or_else(|| format::MISSING.to_string()),
            sector: p.sector.as_deref().unwrap_or(format::MISSING).to_string(),
            investment: p
                .investment
                .map(|a| FigureView::new(Value::Amount(a), None, self.lang)),
            stage: words::stage(p.stage, self.lang),
            foreign: p.foreign,
            fortune500: p.fortune500,
            cite: self.brief.cite(p.source),
            note: p.note().map(str::to_string),
        }
    }

    fn projects(&self, s: &crate::aggregate::ProjectStats) -> RegionProjectsView {
        let unknown = words::strings(self.lang)["unknown"];
        RegionProjectsView {
            region: self.region(s.region),
            period: s.period.map(|p| words::period(&p, self.lang)),
            count: s.count,
            listed: s
                .projects(self.data)
                .take(crate::aggregate::LISTED)
                .map(|p| self.project(p))
                .collect(),
            more: s.count.saturating_sub(crate::aggregate::LISTED),
            sectors: s
                .sectors
                .iter()
                .map(|(k, n)| (k.clone().unwrap_or_else(|| unknown.to_string()), *n))
                .collect(),
            stages: s
                .stages
                .iter()
                .map(|(k, n)| match k {
                    Some(_) => (words::stage(*k, self.lang), *n),
                    None => (unknown.to_string(), *n),
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_note_is_said_once_for_every_metric_it_is_true_of() {
        let row = |label: &str, notes: &[&str]| RowView {
            id: label.to_lowercase(),
            label: label.to_string(),
            cells: Vec::new(),
            notes: notes.iter().map(|n| n.to_string()).collect(),
        };
        let rows = [
            row("A", &["periods differ"]),
            row("B", &["periods differ", "definitions differ"]),
            row("C", &[]),
            row("D", &["periods differ"]),
            row("E", &["periods differ", "definitions differ"]),
            // The same sentences in another order say something else first.
            row("F", &["definitions differ", "periods differ"]),
        ];
        let said: Vec<(Vec<String>, Vec<String>)> = comparability(&rows)
            .into_iter()
            .map(|c| (c.labels, c.notes))
            .collect();
        let strings = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            said,
            [
                (strings(&["A", "D"]), strings(&["periods differ"])),
                (
                    strings(&["B", "E"]),
                    strings(&["periods differ", "definitions differ"])
                ),
                (
                    strings(&["F"]),
                    strings(&["definitions differ", "periods differ"])
                ),
            ]
        );
        assert!(comparability(&[row("C", &[])]).is_empty());
    }
}
