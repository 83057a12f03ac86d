//! The validated model of a dataset. Every type here carries its meaning
//! (an `Amount` knows its currency and qualifier, a `Period` its bounds);
//! ingestion builds it, aggregation reads it.

pub mod metric;
pub mod period;
pub mod record;
pub mod region;
pub mod source;
pub mod text;
pub mod value;

pub use metric::{Better, Catalogue, Metric, MetricIdx};
pub use period::{Period, YearMonth};
pub use record::{Indicator, Note, Origin, Project, Stage, Texts};
pub use region::{Level, Region, RegionIdx, Regions};
pub use source::{Language, Source, SourceIdx};
pub use value::{
    Amount, Count, Currency, Magnitude, MetricKind, Percent, Points, Qualifier, Quantity, Rank,
    Value,
};

use crate::config::Config;

/// Maps and sets of the lookups done per row (ids, names): foldhash, much
/// faster than the standard SipHash on short keys, and seeded per process.
pub type Map<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;
pub type Set<K> = std::collections::HashSet<K, foldhash::fast::RandomState>;

/// A whole validated dataset.
#[derive(Debug, Clone)]
pub struct Dataset {
    pub config: Config,
    pub regions: Regions,
    pub sources: Vec<Source>,
    pub metrics: Catalogue,
    pub indicators: Vec<Indicator>,
    pub projects: Vec<Project>,
    /// The projects' table as problems name it (`projects.csv`, or the
    /// workbook's sheet).
    pub projects_file: std::sync::Arc<str>,
    pub notes: Vec<Note>,
}

impl Dataset {
    /// Where a project was read: its file and row.
    pub fn project_origin(&self, project: &Project) -> Origin {
        Origin {
            file: std::sync::Arc::clone(&self.projects_file),
            row: project.row as usize,
        }
    }

    pub fn source(&self, idx: SourceIdx) -> &Source {
        &self.sources[idx.0 as usize]
    }
}

/// Periods travel as their canonical text (`2024-Q1`), in templates too.
impl<'de> serde::Deserialize<'de> for Period {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Period, D::Error> {
        let text = String::deserialize(d)?;
        Period::parse(&text).map_err(serde::de::Error::custom)
    }
}
