//! Reported figures and listed projects, as validated rows.

use super::metric::MetricIdx;
use super::period::Period;
use super::region::RegionIdx;
use super::source::SourceIdx;
use super::value::{Amount, Value};
use serde::Serialize;
use std::sync::Arc;

/// Where a record came from, for messages and for citing back. The file
/// name is shared by every row of its table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Origin {
    pub file: Arc<str>,
    pub row: usize,
}

/// A figure as a source reported it: "1-9月实际利用外资23.74亿美元".
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Indicator {
    pub region: RegionIdx,
    pub period: Period,
    pub metric: MetricIdx,
    pub value: Value,
    pub source: SourceIdx,
    /// The occasion when the figure is an event's tally (善洽会).
    pub event: Option<String>,
    pub note: Option<String>,
    pub origin: Origin,
}

impl Indicator {
    /// An event's tally is never a period's figure: it has an event, or
    /// its period is a single day.
    pub fn is_event_tally(&self) -> bool {
        self.event.is_some() || self.period.is_day()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    Signed,
    Registered,
    Land,
    Started,
    Producing,
}

impl Stage {
    pub const ALL: [Stage; 5] = [
        Stage::Signed,
        Stage::Registered,
        Stage::Land,
        Stage::Started,
        Stage::Producing,
    ];

    pub fn parse(text: &str) -> Option<Stage> {
        Stage::ALL
            .into_iter()
            .find(|s| s.as_str().eq_ignore_ascii_case(text) || s.label_zh() == text)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Signed => "signed",
            Stage::Registered => "registered",
            Stage::Land => "land",
            Stage::Started => "started",
            Stage::Producing => "producing",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Stage::Signed => "签约",
            Stage::Registered => "备案",
            Stage::Land => "拿地",
            Stage::Started => "开工",
            Stage::Producing => "投产",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Stage::Signed => "signed",
            Stage::Registered => "registered",
            Stage::Land => "land acquired",
            Stage::Started => "construction started",
            Stage::Producing => "in production",
        }
    }
}

/// One signed investment project.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Project {
    /// Boxed, as the name: a million projects are held at once.
    pub id: Option<Box<str>>,
    pub region: RegionIdx,
    /// The day, month or year it was signed; `None` when unknown.
    pub date: Option<Period>,
    /// Boxed, not a `String`: a million projects are held at once.
    pub name: Box<str>,
    /// Shared by the projects of the same sector (a few dozen names).
    pub sector: Option<Arc<str>>,
    pub investment: Option<Amount>,
    pub foreign: Option<bool>,
    pub fortune500: Option<bool>,
    pub stage: Option<Stage>,
    pub source: SourceIdx,
    pub note: Option<Box<str>>,
    /// Its row in the projects table, whose file is
    /// `Dataset::projects_file` (not kept with each of a million projects).
    pub row: u32,
}

/// An analyst's commentary for one region in one period's brief.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Note {
    pub period: Period,
    pub region: RegionIdx,
    pub markdown: String,
    /// Path relative to the dataset folder, for messages.
    pub file: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stages_read_in_english_any_case_or_in_chinese() {
        for (text, want) in [
            ("signed", Some(Stage::Signed)),
            ("Signed", Some(Stage::Signed)),
            ("PRODUCING", Some(Stage::Producing)),
            ("签约", Some(Stage::Signed)),
            ("拿地", Some(Stage::Land)),
            ("sign", None),
            ("signed ", None),
            ("", None),
        ] {
            assert_eq!(Stage::parse(text), want, "{text:?}");
        }
    }
}
