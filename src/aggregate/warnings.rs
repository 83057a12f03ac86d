//! Things worth knowing that do not stop a build: a figure no other
//! compared region reports, a source with no date, a compared region with
//! nothing in a period's brief. `check` lists them; `--deny-warnings` makes
//! them failures.

use super::Scope;
use crate::error::Problem;
use crate::model::{Dataset, MetricIdx, RegionIdx};
use std::collections::BTreeMap;

pub fn warnings(data: &Dataset, plan: &[Scope], compared: &[RegionIdx]) -> Vec<Problem> {
    let mut out = Vec::new();
    out.extend(lone_figures(data, compared));
    out.extend(undated_sources(data));
    out.extend(empty_columns(data, plan, compared));
    out
}

/// Metrics only one compared region reports: their figures are listed on
/// their own, with nothing to compare them with. One warning per region,
/// at the first such row.
fn lone_figures(data: &Dataset, compared: &[RegionIdx]) -> Vec<Problem> {
    if compared.len() < 2 {
        return Vec::new();
    }
    // metric → (regions reporting it, first row)
    let mut by_metric: BTreeMap<MetricIdx, (Vec<RegionIdx>, usize)> = BTreeMap::new();
    for (i, ind) in data.indicators.iter().enumerate() {
        if ind.is_event_tally() || !compared.contains(&ind.region) {
            continue;
        }
        let entry = by_metric.entry(ind.metric).or_insert((Vec::new(), i));
        if !entry.0.contains(&ind.region) {
            entry.0.push(ind.region);
        }
    }
    let mut out = Vec::new();
    for region in compared {
        let mut alone: Vec<(usize, &str)> = by_metric
            .iter()
            .filter(|(_, (regions, _))| regions.as_slice() == [*region])
            .map(|(metric, (_, first))| (*first, data.metrics.get(*metric).id.as_str()))
            .collect();
        alone.sort();
        let Some((first, _)) = alone.first() else {
            continue;
        };
        let origin = &data.indicators[*first].origin;
        let ids: Vec<&str> = alone.iter().map(|(_, id)| *id).collect();
        let mut listed = ids.iter().take(8).copied().collect::<Vec<_>>().join(", ");
        if ids.len() > 8 {
            listed.push_str(&format!(" and {} more", ids.len() - 8));
        }
        let id = &data.regions.get(*region).id;
        out.push(
            Problem::warning(
                &*origin.file,
                format!(
                    "only {id} reports {} metric(s), shown on their own with no figure of another compared region to compare with: {}",
                    ids.len(),
                    listed
                ),
            )
            .at_row(origin.row)
            .in_column("metric")
            .with_text(ids[0])
            .expected("the same metrics for another compared region, where a source gives them"),
        );
    }
    out
}

/// A source with no `published` date: readers cannot tell how old its
/// figures are.
fn undated_sources(data: &Dataset) -> Vec<Problem> {
    // A dataset that reaches these warnings has no faulty row, so the
    // sources stand in file order: row n + 2, the header being row 1.
    data.sources
        .iter()
        .enumerate()
        .filter(|(_, s)| s.published.is_none())
        .map(|(i, s)| {
            Problem::warning(
                table_file(data, "sources"),
                format!(
                    "source {} has no publication date: its citations show none",
                    s.id
                ),
            )
            .at_row(i + 2)
            .in_column("published")
            .with_text("")
            .expected("the date it was published, such as 2024-03-15")
        })
        .collect()
}

/// A compared region with no figure and no dated project (its own or of a
/// place inside it) in a period that has a brief: its column there is empty. One warning per region.
fn empty_columns(data: &Dataset, plan: &[Scope], compared: &[RegionIdx]) -> Vec<Problem> {
    let mut out = Vec::new();
    for region in compared {
        let empty: Vec<String> = plan
            .iter()
            .filter_map(|scope| match scope {
                Scope::Period(p) => Some(p),
                Scope::Latest => None,
            })
            .filter(|p| {
                let figure = data
                    .indicators
                    .iter()
                    .any(|i| i.region == *region && i.period == **p && !i.is_event_tally());
                let project = data
                    .projects
                    .iter()
                    .filter(|j| j.date.is_some_and(|d| p.contains(&d)))
                    .any(|j| {
                        data.regions
                            .ancestors_or_self(j.region)
                            .any(|r| r == *region)
                    });
                !figure && !project
            })
            .map(|p| p.to_string())
            .collect();
        if empty.is_empty() {
            continue;
        }
        let id = &data.regions.get(*region).id;
        out.push(
            Problem::warning(
                table_file(data, "regions"),
                format!(
                    "{id} has no figure and no dated project in {} brief(s), so its column is empty there: {}",
                    empty.len(),
                    empty.join(", ")
                ),
            )
            .with_text(id.as_str())
            .expected("its figures for those periods, or leave it: the brief says it has none"),
        );
    }
    out
}

/// The file a table was read from, as problems name it: the workbook's
/// sheet when the records came from `dataset.xlsx`, else the CSV file.
fn table_file(data: &Dataset, table: &str) -> String {
    let file = match data.indicators.first() {
        Some(i) => &i.origin.file,
        None => &data.projects_file,
    };
    match file.split_once(" (sheet ") {
        Some((workbook, _)) => format!("{workbook} (sheet {table})"),
        None => format!("{table}.csv"),
    }
}
