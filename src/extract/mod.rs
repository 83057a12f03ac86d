//! News article → candidate indicator rows, for a person to review.
//!
//! [`extract`] reads an article (plain text or saved HTML, Simplified or
//! Traditional Chinese), finds the figures it reports and proposes
//! `indicators.csv` rows: region, period, metric, value, event, each with the
//! paragraph it came from. Figures whose number the page lost (`引进外资项目个`,
//! `同比增长.5%`) or whose label is garbled (`世界强`) are never given a
//! number: they are listed in [`Extraction::unreadable`].
//!
//! Stages: `text` (paragraphs, clutter) → `hant` (Traditional → Simplified for
//! matching, character for character) → `scan` (figures), `period`, `place`
//! (context) → `doc` (article date, main place, event) → `classify` (metric
//! ids) → `para` (one paragraph's rows) → `output` (CSV, JSON).
//!
//! Output: [`write_csv`] writes the candidates only, as `indicators.csv`
//! columns plus `x_confidence`, `x_flags`, `x_text` (the clause) and
//! `x_paragraph`, so the file stays valid under the contract once reviewed;
//! unreadable figures have no value to put in a row, so they go to
//! [`write_unreadable`] (one line each, meant for standard error) and to
//! [`write_json`] (`{"candidates": [...], "unreadable": [...]}`).
//!
//! Region: the nearest place named before the figure in its sentence (a
//! gazetteer id, or a name the text marks as a place: `秀洲区`), skipping
//! places that begin a project's name; else the article's main place.
//! Period: the nearest period marker before the figure in its paragraph (a
//! month range takes its year from the paragraph or the article's date); a
//! signing paragraph with none takes the article's event and its day.

mod classify;
mod doc;
#[cfg(test)]
mod eval;
mod hant;
mod output;
mod para;
mod period;
mod place;
mod scan;
mod span;
mod text;

use crate::model::value::MetricKind;
use serde::Serialize;

pub use output::{write_csv, write_json, write_unreadable};

/// A gazetteer entry: an id and the names (Chinese, English) it goes by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub id: String,
    pub names: Vec<String>,
}

/// What [`extract`] needs besides the article.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The source id written in every row.
    pub source: String,
    /// Known places; a candidate's region is one of their ids when it can be.
    pub places: Vec<Place>,
}

/// A proposed `indicators.csv` row.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Candidate {
    /// A gazetteer id, or the place's name as the article writes it.
    pub region: String,
    /// Contract syntax: `2024`, `2020-01..2020-09`, `2023-Q1`, `2022-06-08`;
    /// empty when the article gives no year at all.
    pub period: String,
    /// A built-in metric id, or a proposed snake_case one (see `builtin`).
    pub metric: String,
    /// Contract syntax: `23.74亿美元`, `超1亿美元`, `51`, `44.4%`, `第2`.
    pub value: String,
    /// The kind of the value (for a proposed metric's `metrics.csv` row).
    pub kind: MetricKind,
    pub source: String,
    /// The occasion when the figure is an event's tally (`善洽会`).
    pub event: String,
    /// What the reviewer should check (the flags, in words); may be empty.
    pub note: String,
    /// Whether `metric` is in the built-in catalogue.
    pub builtin: bool,
    /// 0–1: lower when the region, period or metric was guessed.
    pub confidence: f32,
    /// Machine-readable reasons for doubt: `region_default`,
    /// `period_assumed`, `proposed_metric`, `garble_repaired`, `conflict`.
    pub flags: Vec<String>,
    /// The clause the figure was read from, as the article writes it.
    pub text: String,
    /// The whole paragraph, untouched (Traditional stays Traditional).
    pub paragraph: String,
}

/// A figure that cannot be read: reported, never given a number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unreadable {
    /// The clause holding it, as the article writes it.
    pub text: String,
    pub reason: String,
    pub paragraph: String,
}

/// Everything found in one article.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Extraction {
    pub candidates: Vec<Candidate>,
    pub unreadable: Vec<Unreadable>,
}

/// Proposes indicator rows for one article (plain text or saved HTML).
pub fn extract(input: &str, options: &Options) -> Extraction {
    let lines = text::lines(input);
    let paragraphs: Vec<&str> = lines
        .iter()
        .map(String::as_str)
        .filter(|l| !text::is_clutter(l))
        .collect();
    let doc = doc::Doc::read(&lines, &paragraphs, options);
    let mut state = para::State::default();
    let mut out = Extraction::default();
    for paragraph in paragraphs {
        para::extract(paragraph, &doc, &mut state, &mut out);
    }
    keep_readable(&mut out);
    dedupe(&mut out.candidates);
    out
}

/// A proposed row must pass `check`: a value or period the contract cannot
/// read (a garble such as "近0多元") is reported as unreadable instead.
fn keep_readable(out: &mut Extraction) {
    let (good, bad): (Vec<Candidate>, Vec<Candidate>) = out.candidates.drain(..).partition(|c| {
        crate::model::Value::parse(&c.value, c.kind).is_ok()
            && crate::model::Period::parse(&c.period).is_ok()
    });
    out.candidates = good;
    out.unreadable.extend(bad.into_iter().map(|c| Unreadable {
        reason: format!(
            "the value {:?} or period {:?} does not read as the contract writes them",
            c.value, c.period
        ),
        text: c.text,
        paragraph: c.paragraph,
    }));
}

/// Drops repeats of the same region, period, metric, value and event, and
/// flags rows that give one region, period, metric and event two values
/// (the contract makes that an error, so a reviewer must pick one).
fn dedupe(candidates: &mut Vec<Candidate>) {
    let mut seen = std::collections::HashSet::new();
    candidates.retain(|c| seen.insert((key(c), c.value.clone())));
    let keys: Vec<_> = candidates.iter().map(key).collect();
    for c in candidates.iter_mut() {
        if keys.iter().filter(|k| **k == key(c)).count() > 1 {
            c.flags.push("conflict".into());
            let sep = if c.note.is_empty() { "" } else { "; " };
            c.note = format!(
                "{}{sep}another row gives this figure a different value",
                c.note
            );
            c.confidence = (c.confidence - 0.15).max(0.3);
        }
    }
}

fn key(c: &Candidate) -> (String, String, String, String) {
    (
        c.region.clone(),
        c.period.clone(),
        c.metric.clone(),
        c.event.clone(),
    )
}
