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
#[derive(Debug, Clone, PartialEq)]
pub struct Project {
    pub texts: Texts,
    pub region: RegionIdx,
    /// The day, month or year it was signed; `None` when unknown.
    pub date: Option<Period>,
    /// Shared by the projects of the same sector (a few dozen names).
    pub sector: Option<Arc<str>>,
    pub investment: Option<Amount>,
    pub foreign: Option<bool>,
    pub fortune500: Option<bool>,
    pub stage: Option<Stage>,
    pub source: SourceIdx,
    /// Its row in the projects table, whose file is
    /// `Dataset::projects_file` (not kept with each of a million projects).
    pub row: u32,
}

impl Project {
    pub fn id(&self) -> Option<&str> {
        self.texts.id()
    }
    pub fn name(&self) -> &str {
        self.texts.name()
    }
    pub fn note(&self) -> Option<&str> {
        self.texts.note()
    }
}

#[cfg(test)]
impl Project {
    /// A project with these texts and nothing else stated, in region 0,
    /// cited to source 0: for tests to set what they need with `..`.
    pub(crate) fn bare(texts: Texts) -> Project {
        Project {
            texts,
            region: super::RegionIdx(0),
            date: None,
            sector: None,
            investment: None,
            foreign: None,
            fortune500: None,
            stage: None,
            source: super::SourceIdx(0),
            row: 0,
        }
    }
}

/// A project's id, name and note, one after another in one allocation: a
/// million projects are held at once, and two or three allocations each
/// (and their pointers) were a tenth of the memory a build at a million
/// needs. An empty id or note is none.
#[derive(Debug, Clone, PartialEq)]
pub struct Texts {
    all: Box<str>,
    /// Where the name starts in `all`, and where the note starts.
    name_at: u32,
    note_at: u32,
}

impl Texts {
    pub fn new(id: Option<&str>, name: &str, note: Option<&str>) -> Texts {
        let (id, note) = (id.unwrap_or_default(), note.unwrap_or_default());
        let mut all = String::with_capacity(id.len() + name.len() + note.len());
        all.push_str(id);
        all.push_str(name);
        all.push_str(note);
        // A field holds at most 10,000 characters (40,000 bytes), so the
        // starts fit; past u32 they would cut the note short, not panic.
        let at = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        Texts {
            all: all.into_boxed_str(),
            name_at: at(id.len()),
            note_at: at(id.len() + name.len()),
        }
    }

    pub fn id(&self) -> Option<&str> {
        self.part(0, self.name_at)
    }

    pub fn name(&self) -> &str {
        self.part(self.name_at, self.note_at).unwrap_or_default()
    }

    pub fn note(&self) -> Option<&str> {
        self.part(self.note_at, u32::MAX)
    }

    /// The text between two starts, `None` when empty.
    fn part(&self, from: u32, to: u32) -> Option<&str> {
        let end = (to as usize).min(self.all.len());
        self.all.get(from as usize..end).filter(|t| !t.is_empty())
    }
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

    /// A project's texts read back as they were given, an empty id or
    /// note as none, whatever their characters.
    #[test]
    fn texts_read_back_apart() {
        for (id, name, note) in [
            (Some("p1"), "嘉善新能源项目", Some("签约")),
            (None, "𠀀项目", None),
            (Some("P_2"), "", Some("备注")),
            (None, "Chip plant, phase 2", Some("n")),
            (Some("x"), "y", None),
        ] {
            let texts = Texts::new(id, name, note);
            assert_eq!((texts.id(), texts.name(), texts.note()), (id, name, note));
        }
        let empty = Texts::new(Some(""), "名", Some(""));
        assert_eq!((empty.id(), empty.name(), empty.note()), (None, "名", None));
    }

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
