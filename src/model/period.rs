//! Periods from a day to a year: `2024`, `2024-H1`, `2024-Q1`, `2024-03`,
//! `2024-01..2024-09`, `2022-06-08` and their Chinese forms (2023年一季度,
//! 2020年1-9月, 2022年6月8日). A period is the span of days from its first to
//! its last; two forms with the same span are the same period.

use chrono::NaiveDate;

/// A year and month, `month` in 1..=12.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct YearMonth {
    pub year: i32,
    pub month: u32,
}

/// A span of days. Constructed only through `parse` or the constructors,
/// which normalise (`2024-01..2024-03` becomes `Quarter`), so equal spans are
/// equal values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Period {
    Year(i32),
    /// `half` is 1 or 2.
    Half {
        year: i32,
        half: u32,
    },
    /// `quarter` is 1..=4.
    Quarter {
        year: i32,
        quarter: u32,
    },
    Month(YearMonth),
    /// A run of whole months that is none of the above, `from` < `to`.
    Months {
        from: YearMonth,
        to: YearMonth,
    },
    Day(NaiveDate),
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{reason}; expected {expected}")]
pub struct PeriodError {
    pub reason: String,
    pub expected: String,
}

// The API the rest of the pipeline uses. Bodies are filled in by the
// period work; signatures are the contract.
impl Period {
    /// Reads any form of the dataset contract (`2024-Q1`, `2023年一季度`, …).
    pub fn parse(text: &str) -> Result<Period, PeriodError> {
        let _ = text;
        todo!()
    }
    /// The period of a project's `date` cell: `YYYY-MM-DD`, `YYYY/M/D`,
    /// `YYYY-M-D`, `YYYY-MM` or `YYYY`.
    pub fn parse_date(text: &str) -> Result<Period, PeriodError> {
        let _ = text;
        todo!()
    }
    pub fn first_day(&self) -> NaiveDate {
        todo!()
    }
    pub fn last_day(&self) -> NaiveDate {
        todo!()
    }
    pub fn is_day(&self) -> bool {
        matches!(self, Period::Day(_))
    }
    /// Whether every day of `other` lies within `self`.
    pub fn contains(&self, other: &Period) -> bool {
        self.first_day() <= other.first_day() && other.last_day() <= self.last_day()
    }
    pub fn overlaps(&self, other: &Period) -> bool {
        self.first_day() <= other.last_day() && other.first_day() <= self.last_day()
    }
    /// Number of days in the span.
    pub fn days(&self) -> i64 {
        (self.last_day() - self.first_day()).num_days() + 1
    }
    /// The same span one year earlier, for year-on-year comparison.
    pub fn previous_year(&self) -> Option<Period> {
        todo!()
    }
    /// The year and the quarter that a dated project counts in: for a day or
    /// a month, its year and quarter; for a year, the year alone.
    pub fn brief_periods_of_date(&self) -> Vec<Period> {
        todo!()
    }
    /// 2023年一季度, 2020年1-9月, 2022年6月8日, 2024年上半年, 2024年
    pub fn label_zh(&self) -> String {
        todo!()
    }
    /// Q1 2023, Jan–Sep 2020, 8 Jun 2022, H1 2024, 2024
    pub fn label_en(&self) -> String {
        todo!()
    }
    /// A folder-safe name: the canonical form with `..` as `-to-`.
    pub fn slug(&self) -> String {
        self.to_string().replace("..", "-to-")
    }
}

/// The canonical contract form: `2024`, `2024-H1`, `2024-Q1`, `2024-03`,
/// `2024-01..2024-09`, `2022-06-08`.
impl std::fmt::Display for Period {
    fn fmt(&self, _f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        todo!()
    }
}

/// Newest last: ordered by last day, and on a tie the longer span is newer,
/// so `2024` sorts after `2024-Q4`.
impl Ord for Period {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.last_day(), std::cmp::Reverse(self.first_day()))
            .cmp(&(other.last_day(), std::cmp::Reverse(other.first_day())))
    }
}

impl PartialOrd for Period {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl serde::Serialize for Period {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}
