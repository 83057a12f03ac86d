//! Which briefs a dataset gets: every year and quarter that holds a dated
//! project, every period of a reported figure that is not an event's, and
//! "latest", which sets each region's newest figures side by side.

use crate::model::{Dataset, Period};
use serde::Serialize;
use std::collections::BTreeSet;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    Period(Period),
    Latest,
}

impl Scope {
    /// The brief's id and folder name: `2024-Q1`, `2024-01-to-2024-09`, `latest`.
    pub fn slug(&self) -> String {
        match self {
            Scope::Period(p) => p.slug(),
            Scope::Latest => "latest".to_string(),
        }
    }

    pub fn period(&self) -> Option<Period> {
        match self {
            Scope::Period(p) => Some(*p),
            Scope::Latest => None,
        }
    }
}

/// Every brief of a dataset, "latest" first, then newest period first.
pub fn plan(data: &Dataset) -> Vec<Scope> {
    // Projects share few dates (a few thousand among a million projects):
    // expand each distinct one once; a set finds them without sorting all.
    let mut dates = crate::model::Set::default();
    dates.extend(data.projects.iter().filter_map(|p| p.date));
    let mut periods: BTreeSet<Period> = BTreeSet::new();
    for date in dates {
        periods.extend(date.brief_periods_of_date());
    }
    for ind in data.indicators.iter().filter(|i| !i.is_event_tally()) {
        periods.insert(ind.period);
    }
    std::iter::once(Scope::Latest)
        .chain(periods.into_iter().rev().map(Scope::Period))
        .collect()
}
