//! `sources.csv` and `metrics.csv`: the documents figures come from, and
//! the metric ids a dataset adds to the built-in catalogue.

use super::table::Cell;
use super::validate::{plain, word, Fault, Known, Mapped, RowRef, Unique};
use crate::error::Problem;
use crate::model::{Better, Catalogue, Language, Metric, MetricKind, Source, SourceIdx};
use chrono::NaiveDate;

/// The sources, and their ids → index.
#[derive(Debug, Default)]
pub struct Sources {
    pub list: Vec<Source>,
    pub ids: crate::model::Map<String, SourceIdx>,
    /// Ids (lower-cased) of rows too broken to read (reported).
    pub broken: Known,
}

/// A row with a usable, unique id becomes a source even when another cell
/// is wrong (reported), so that rows citing it do not fail a second time.
pub fn read_sources(mapped: &Mapped, out: &mut Vec<Problem>) -> Sources {
    let mut unique = Unique::default();
    let mut sources = Sources {
        broken: mapped.broken_texts(&["id"]),
        ..Sources::default()
    };
    for row in mapped.rows() {
        if let Some(source) = source(&row, out) {
            if unique.check(&source.id, &row, "id", out) {
                let idx = SourceIdx(sources.list.len() as u32);
                sources.ids.insert(source.id.clone(), idx);
                sources.list.push(source);
            }
        }
    }
    sources
}

fn source(row: &RowRef<'_>, out: &mut Vec<Problem>) -> Option<Source> {
    let id = row.required("id", out, plain);
    let title = row.required("title", out, plain);
    let publisher = row.optional("publisher", out, plain).ok().flatten();
    let published = row.optional("published", out, published).ok().flatten();
    let url = row.optional("url", out, url).ok().flatten();
    let language = row
        .optional("language", out, |c| {
            let text = c.as_text().unwrap_or_default();
            Language::parse(&text)
                .ok_or_else(|| Fault::new("not a language", "zh-Hans, zh-Hant or en"))
        })
        .ok()
        .flatten();
    Some(Source {
        id: id?,
        title: title.unwrap_or_default(),
        publisher,
        published,
        url,
        language,
    })
}

/// `YYYY-MM-DD`, or a date cell of a workbook.
fn published(cell: &Cell) -> Result<NaiveDate, Fault> {
    if let Cell::Date(date) = cell {
        return Ok(*date);
    }
    let text = cell.as_text().unwrap_or_default();
    let shaped = text.len() == 10 && text.as_bytes()[4] == b'-' && text.as_bytes()[7] == b'-';
    NaiveDate::parse_from_str(&text, "%Y-%m-%d")
        .ok()
        .filter(|_| shaped)
        .ok_or_else(|| {
            Fault::new(
                "not a date",
                "a date written YYYY-MM-DD, such as 2024-10-08",
            )
        })
}

/// An `http://` or `https://` address without blanks.
fn url(cell: &Cell) -> Result<String, Fault> {
    let text = cell.as_text().unwrap_or_default();
    let lower = text.to_ascii_lowercase();
    let rest = ["http://", "https://"]
        .iter()
        .find_map(|scheme| lower.strip_prefix(scheme));
    match rest {
        Some(rest) if !rest.is_empty() && !text.contains(char::is_whitespace) => {
            Ok(text.into_owned())
        }
        _ => Err(Fault::new(
            "not a web address",
            "an http:// or https:// address, or an empty cell",
        )),
    }
}

/// The catalogue with the dataset's metrics added, and the ids of metric
/// rows whose kind could not be read (their values are not checked).
#[derive(Debug, Default)]
pub struct Metrics {
    pub catalogue: Catalogue,
    pub broken: crate::model::Set<String>,
}

pub const KINDS: [(&str, MetricKind); 7] = [
    ("count", MetricKind::Count),
    ("money", MetricKind::Money),
    ("percent", MetricKind::Percent),
    ("points", MetricKind::Points),
    ("rank", MetricKind::Rank),
    ("area", MetricKind::Area),
    ("energy", MetricKind::Energy),
];

const BETTER: [(&str, Better); 2] = [("higher", Better::Higher), ("lower", Better::Lower)];

pub fn read_metrics(mapped: Option<&Mapped>, out: &mut Vec<Problem>) -> Metrics {
    let mut metrics = Metrics {
        broken: mapped.map(|m| m.broken_texts(&["id"])).unwrap_or_default(),
        ..Metrics::default()
    };
    let mut unique = Unique::default();
    for row in mapped.iter().flat_map(|m| m.rows()) {
        let Some(id) = row.required("id", out, plain) else {
            continue;
        };
        if !unique.check(&id, &row, "id", out) {
            continue;
        }
        if Catalogue::is_builtin(&id) {
            out.push(
                row.problem("id", "the id is a built-in metric")
                    .expected("an id that is not in the built-in catalogue"),
            );
            continue;
        }
        match metric(&row, id.clone(), out) {
            Some(metric) => {
                metrics.catalogue.add(metric);
            }
            None => {
                metrics.broken.insert(id);
            }
        }
    }
    metrics
}

fn metric(row: &RowRef<'_>, id: String, out: &mut Vec<Problem>) -> Option<Metric> {
    let label_zh = row.required("label_zh", out, plain);
    let label_en = row.optional("label_en", out, plain).ok().flatten();
    let kind = row.required("kind", out, |c| {
        word(
            c,
            &KINDS,
            "count, money, percent, points, rank, area or energy",
        )
    });
    let better = row
        .optional("better", out, |c| {
            word(c, &BETTER, "higher, lower or an empty cell")
        })
        .ok()
        .flatten();
    let measured = matches!(kind, Some(MetricKind::Area | MetricKind::Energy));
    let unit = row
        .optional("unit", out, |c| match (measured, kind) {
            (false, Some(_)) => Err(Fault::new(
                "only area and energy metrics have a unit",
                "an empty cell",
            )),
            _ => plain(c),
        })
        .ok()
        .flatten();
    let label_zh = label_zh?;
    Some(Metric {
        id,
        label_en: label_en.unwrap_or_else(|| label_zh.clone()),
        label_zh,
        kind: kind?,
        unit,
        better,
    })
}
