//! Periods from a day to a year: `2024`, `2024-H1`, `2024-Q1`, `2024-03`,
//! `2024-01..2024-09`, `2022-06-08` and their Chinese forms (2023年一季度,
//! 2020年1-9月, 2022年6月8日). A period is the span of days from its first to
//! its last; two forms with the same span are the same period.

use chrono::{Datelike, NaiveDate};

use crate::model::text::{halfwidth, trim};
use std::borrow::Cow;

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

// The API the rest of the pipeline uses; the signatures are the contract.
impl Period {
    /// Reads any form of the dataset contract (`2024-Q1`, `2023年一季度`, …).
    pub fn parse(text: &str) -> Result<Period, PeriodError> {
        read(text, EXPECTED, period_form)
    }
    /// The period of a project's `date` cell: `YYYY-MM-DD`, `YYYY/M/D`,
    /// `YYYY-M-D`, `YYYY-MM` or `YYYY`.
    /// Also the Chinese `2024年3月15日`, `2024年3月` and `2024年`.
    pub fn parse_date(text: &str) -> Result<Period, PeriodError> {
        read(text, EXPECTED_DATE, date_form)
    }
    pub fn first_day(&self) -> NaiveDate {
        match self {
            Period::Day(day) => *day,
            _ => self.month_span().0.first_day(),
        }
    }
    pub fn last_day(&self) -> NaiveDate {
        match self {
            Period::Day(day) => *day,
            _ => self.month_span().1.last_day(),
        }
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
    /// `None` when there is none: February 29 of a leap year, or a year
    /// before 1900.
    pub fn previous_year(&self) -> Option<Period> {
        let earlier = |ym: YearMonth| YearMonth {
            year: ym.year.saturating_sub(1),
            month: ym.month,
        };
        match self {
            Period::Day(day) => {
                let day = day.with_year(day.year() - 1)?;
                Period::day(day.year(), day.month(), day.day()).ok()
            }
            // Shifting both ends keeps the shape, so this is the same variant.
            _ => {
                let (from, to) = self.month_span();
                Period::months(earlier(from), earlier(to)).ok()
            }
        }
    }
    /// The year and the quarter that a dated project counts in: for a day or
    /// a month, its year and quarter; for a year, the year alone.
    ///
    /// In general: the year and the quarter of the first day, each only if it
    /// contains the whole span, since a project counts in every brief period
    /// that contains its date. So a half or a run of months gets its year,
    /// and its quarter only when it lies within one (Jan–Feb → Q1); a run
    /// across two years gets nothing.
    pub fn brief_periods_of_date(&self) -> Vec<Period> {
        let first = self.first_day();
        let candidates = [
            Period::Year(first.year()),
            Period::Quarter {
                year: first.year(),
                quarter: first.month0() / 3 + 1,
            },
        ];
        candidates
            .into_iter()
            .filter(|candidate| candidate.contains(self))
            .collect()
    }
    /// 2023年一季度, 2020年1-9月, 2022年6月8日, 2024年上半年, 2024年
    /// and 2023年11月-2024年2月 across years.
    pub fn label_zh(&self) -> String {
        let text = Label::default();
        match *self {
            Period::Year(year) => text.n(year).s("年"),
            Period::Half { year, half } => {
                let word = if half == 1 { "上" } else { "下" };
                text.n(year).s("年").s(word).s("半年")
            }
            Period::Quarter { year, quarter } => {
                let word = QUARTERS_ZH
                    .get((quarter as usize).wrapping_sub(1))
                    .unwrap_or(&"?"); // ok: the constructors keep quarter in 1..=4
                text.n(year).s("年").s(word).s("季度")
            }
            Period::Month(YearMonth { year, month }) => text.n(year).s("年").n(month).s("月"),
            Period::Months { from, to } if from.year == to.year => {
                let text = text.n(from.year).s("年").n(from.month);
                text.s("-").n(to.month).s("月")
            }
            Period::Months { from, to } => {
                let text = text.n(from.year).s("年").n(from.month).s("月-");
                text.n(to.year).s("年").n(to.month).s("月")
            }
            Period::Day(day) => {
                let text = text.n(day.year()).s("年").n(day.month()).s("月");
                text.n(day.day()).s("日")
            }
        }
        .0
    }
    /// Q1 2023, Jan–Sep 2020, 8 Jun 2022, H1 2024, 2024
    /// and Nov 2023–Feb 2024 across years.
    pub fn label_en(&self) -> String {
        let text = Label::default();
        match *self {
            Period::Year(year) => text.n(year),
            Period::Half { year, half } => text.s("H").n(half).s(" ").n(year),
            Period::Quarter { year, quarter } => text.s("Q").n(quarter).s(" ").n(year),
            Period::Month(ym) => text.s(month_en(ym.month)).s(" ").n(ym.year),
            Period::Months { from, to } if from.year == to.year => {
                let text = text.s(month_en(from.month)).s("\u{2013}");
                text.s(month_en(to.month)).s(" ").n(to.year)
            }
            Period::Months { from, to } => {
                let text = text.s(month_en(from.month)).s(" ").n(from.year);
                text.s("\u{2013}").s(month_en(to.month)).s(" ").n(to.year)
            }
            Period::Day(day) => {
                let text = text.n(day.day()).s(" ").s(month_en(day.month()));
                text.s(" ").n(day.year())
            }
        }
        .0
    }
    /// A folder-safe name: the canonical form with `..` as `-to-`.
    pub fn slug(&self) -> String {
        self.to_string().replace("..", "-to-")
    }
}

/// The canonical contract form: `2024`, `2024-H1`, `2024-Q1`, `2024-03`,
/// `2024-01..2024-09`, `2022-06-08`.
impl std::fmt::Display for Period {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match *self {
            Period::Year(year) => write!(f, "{year:04}"),
            Period::Half { year, half } => write!(f, "{year:04}-H{half}"),
            Period::Quarter { year, quarter } => write!(f, "{year:04}-Q{quarter}"),
            Period::Month(ym) => write!(f, "{:04}-{:02}", ym.year, ym.month),
            Period::Months { from, to } => write!(
                f,
                "{:04}-{:02}..{:04}-{:02}",
                from.year, from.month, to.year, to.month
            ),
            Period::Day(day) => write!(f, "{}", day.format("%Y-%m-%d")),
        }
    }
}

/// Newest last: ordered by last day, and on a tie the longer span is newer,
/// so `2024` sorts after `2024-Q4`.
/// By last day, then the longer first: the order of
/// `(last_day(), Reverse(first_day()))`, from the days as numbers that
/// order as the dates do. Building the dates (chrono's month arithmetic)
/// in every comparison was a twentieth of rendering a brief: periods are
/// sorted, kept in sets and compared throughout.
impl Ord for Period {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        // Two periods of one kind (a metric's reports mostly share theirs)
        // order as their fields do, as their days would; others by days.
        match (self, other) {
            (Period::Year(a), Period::Year(b)) => a.cmp(b),
            (Period::Half { year: a, half: x }, Period::Half { year: b, half: y })
            | (
                Period::Quarter {
                    year: a,
                    quarter: x,
                },
                Period::Quarter {
                    year: b,
                    quarter: y,
                },
            )
            | (
                Period::Month(YearMonth { year: a, month: x }),
                Period::Month(YearMonth { year: b, month: y }),
            ) => (a, x).cmp(&(b, y)),
            (Period::Day(a), Period::Day(b)) => a.cmp(b),
            _ => self.sort_key().cmp(&other.sort_key()),
        }
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

/// Years a period may fall in; beyond them a year is a typo (`20244`, `1024`).
const YEARS: std::ops::RangeInclusive<i32> = 1900..=2100;

/// Longest text `parse` looks at: every valid form is far shorter, and the
/// bound keeps the work and the error message small whatever the input.
const MAX_LEN: usize = 64;

const EXPECTED: &str = "a period such as 2024, 2024-H1, 2024-Q1, 2024-03, 2024-01..2024-09, \
                        2022-06-08 or 2023年一季度";
const EXPECTED_DATE: &str = "a date such as 2024-03-15, 2024/3/15, 2024-03, 2024 or 2024年3月15日";

const MONTHS_EN: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
const QUARTERS_ZH: [&str; 4] = ["一", "二", "三", "四"];

impl YearMonth {
    /// A checked year and month; the error names what is out of range.
    pub fn new(year: i32, month: u32) -> Result<YearMonth, PeriodError> {
        check_year(year)?;
        if !(1..=12).contains(&month) {
            return Err(PeriodError::new(format!("month {month} is not 1..=12")));
        }
        Ok(YearMonth { year, month })
    }
    fn first_day(self) -> NaiveDate {
        date_or_min(NaiveDate::from_ymd_opt(self.year, self.month, 1))
    }
    fn last_day(self) -> NaiveDate {
        date_or_min(NaiveDate::from_ymd_opt(self.year, self.month, self.days()))
    }
    /// How many days the month has (31 for an impossible month: its dates
    /// are the earliest date anyway).
    fn days(self) -> u32 {
        let leap = self.year % 4 == 0 && (self.year % 100 != 0 || self.year % 400 == 0);
        match self.month {
            2 if leap => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        }
    }
    /// Day `day` of this month as a number that orders as the dates do;
    /// an impossible month stands where its dates do, at the earliest date.
    fn day_key(self, day: u32) -> i64 {
        if (1..=12).contains(&self.month) && YEARS_CHRONO.contains(&self.year) {
            day_key(self.year, self.month, day)
        } else {
            let min = NaiveDate::MIN;
            day_key(min.year(), min.month(), min.day())
        }
    }
}

/// Years chrono can hold, a little inside its limits.
const YEARS_CHRONO: std::ops::RangeInclusive<i32> = -262_000..=262_000;

/// A day as a number that orders as the dates do.
fn day_key(year: i32, month: u32, day: u32) -> i64 {
    i64::from(year) * 512 + i64::from(month) * 32 + i64::from(day)
}

/// The values are validated when built, so a date always exists; a value
/// built by hand with impossible fields gets the earliest date rather than a
/// panic in the middle of a report.
fn date_or_min(date: Option<NaiveDate>) -> NaiveDate {
    date.unwrap_or(NaiveDate::MIN)
}

fn check_year(year: i32) -> Result<i32, PeriodError> {
    if YEARS.contains(&year) {
        Ok(year)
    } else {
        Err(PeriodError::new(format!(
            "year {year} is outside {}..={}",
            YEARS.start(),
            YEARS.end()
        )))
    }
}

impl PeriodError {
    /// An error about a period, with the usual list of accepted forms.
    fn new(reason: String) -> PeriodError {
        PeriodError {
            reason,
            expected: EXPECTED.to_string(),
        }
    }
}

// Checked constructors. Each validates its fields and normalises, so a value
// built through them is the one `parse` gives for the same span.
impl Period {
    pub fn year(year: i32) -> Result<Period, PeriodError> {
        check_year(year).map(Period::Year)
    }
    /// `half` is 1 (January–June) or 2 (July–December).
    pub fn half(year: i32, half: u32) -> Result<Period, PeriodError> {
        check_year(year)?;
        if !(1..=2).contains(&half) {
            return Err(PeriodError::new(format!("half {half} is not 1 or 2")));
        }
        Ok(Period::Half { year, half })
    }
    pub fn quarter(year: i32, quarter: u32) -> Result<Period, PeriodError> {
        check_year(year)?;
        if !(1..=4).contains(&quarter) {
            return Err(PeriodError::new(format!("quarter {quarter} is not 1..=4")));
        }
        Ok(Period::Quarter { year, quarter })
    }
    pub fn month(year: i32, month: u32) -> Result<Period, PeriodError> {
        YearMonth::new(year, month).map(Period::Month)
    }
    pub fn day(year: i32, month: u32, day: u32) -> Result<Period, PeriodError> {
        YearMonth::new(year, month)?;
        NaiveDate::from_ymd_opt(year, month, day)
            .map(Period::Day)
            .ok_or_else(|| {
                PeriodError::new(format!(
                    "{year:04}-{month:02}-{day:02} is not a calendar day"
                ))
            })
    }
    /// The months `from` to `to`, both included, as the simplest variant with
    /// that span: one month is a `Month`, January–March a `Quarter`,
    /// January–June a `Half`, January–December a `Year`.
    pub fn months(from: YearMonth, to: YearMonth) -> Result<Period, PeriodError> {
        let (from, to) = (
            YearMonth::new(from.year, from.month)?,
            YearMonth::new(to.year, to.month)?,
        );
        if to < from {
            return Err(PeriodError::new(format!(
                "the range {}..{} ends before it starts",
                Period::Month(from),
                Period::Month(to)
            )));
        }
        Ok(normalise(from, to))
    }
}

fn normalise(from: YearMonth, to: YearMonth) -> Period {
    let year = from.year;
    if from == to {
        return Period::Month(from);
    }
    if year != to.year {
        return Period::Months { from, to };
    }
    match (from.month, to.month) {
        (1, 12) => Period::Year(year),
        (1, 6) | (7, 12) => Period::Half {
            year,
            half: to.month / 6,
        },
        (f, t) if f % 3 == 1 && t == f + 2 => Period::Quarter {
            year,
            quarter: t / 3,
        },
        _ => Period::Months { from, to },
    }
}

impl Period {
    /// What periods are ordered by (`Ord`): the last day, then the longer
    /// span first. For sorting many periods, made once per period rather
    /// than in every comparison.
    pub fn sort_key(&self) -> (i64, std::cmp::Reverse<i64>) {
        let (first, last) = self.day_keys();
        (last, std::cmp::Reverse(first))
    }

    /// The first and last day as numbers that order as the dates do.
    fn day_keys(&self) -> (i64, i64) {
        if let Period::Day(day) = self {
            let key = day_key(day.year(), day.month(), day.day());
            return (key, key);
        }
        let (from, to) = self.month_span();
        (from.day_key(1), to.day_key(to.days()))
    }

    /// The first and last month the span touches. Saturating arithmetic so
    /// that a hand-built `Half { half: 0, .. }` gives an impossible month
    /// (and so `NaiveDate::MIN`) rather than an overflow.
    fn month_span(&self) -> (YearMonth, YearMonth) {
        // The `n`th run of `size` months in `year`.
        let part = |year, size: u32, n: u32| {
            let last = n.saturating_mul(size);
            let first = last.saturating_sub(size - 1);
            (
                YearMonth { year, month: first },
                YearMonth { year, month: last },
            )
        };
        match *self {
            Period::Year(year) => part(year, 12, 1),
            Period::Half { year, half } => part(year, 6, half),
            Period::Quarter { year, quarter } => part(year, 3, quarter),
            Period::Month(month) => (month, month),
            Period::Months { from, to } => (from, to),
            Period::Day(day) => {
                let month = YearMonth {
                    year: day.year(),
                    month: day.month(),
                };
                (month, month)
            }
        }
    }
}

impl std::str::FromStr for Period {
    type Err = PeriodError;
    fn from_str(text: &str) -> Result<Period, PeriodError> {
        Period::parse(text)
    }
}

/// `Jan`..`Dec`; `?` for a month out of range, which the constructors rule out.
/// A label put together from words and numbers, without the formatting
/// machinery (which grew the text as it went): a page labels the date of
/// every project it lists.
struct Label(String);

impl Default for Label {
    fn default() -> Label {
        Label(String::with_capacity(24))
    }
}

impl Label {
    fn n(mut self, number: impl itoa::Integer) -> Label {
        self.0.push_str(itoa::Buffer::new().format(number));
        self
    }

    fn s(mut self, words: &str) -> Label {
        self.0.push_str(words);
        self
    }
}

fn month_en(month: u32) -> &'static str {
    MONTHS_EN
        .get((month as usize).wrapping_sub(1))
        .copied()
        .unwrap_or("?")
}

// ---- Parsing -------------------------------------------------------------
//
// The text is first cleaned (full-width forms, case, the many dashes people
// type in ranges), then read left to right by a small cursor. A form that
// does not fit the grammar is `Fail::Syntax`; a form that fits but names an
// impossible period (2024-Q5, 2023-02-29) carries the checked constructor's
// own reason, which says more than "not a period".

enum Fail {
    Syntax,
    Invalid(PeriodError),
}

impl From<PeriodError> for Fail {
    fn from(error: PeriodError) -> Fail {
        Fail::Invalid(error)
    }
}

type Parsed<T> = Result<T, Fail>;

/// A position in cleaned text. `Copy`, so a caller can look ahead by trying
/// a form on a copy.
#[derive(Clone, Copy)]
struct Cursor<'a> {
    rest: &'a str,
}

impl<'a> Cursor<'a> {
    fn is_empty(&self) -> bool {
        self.rest.is_empty()
    }
    fn eat(&mut self, prefix: &str) -> bool {
        match self.rest.strip_prefix(prefix) {
            Some(rest) => {
                self.rest = rest;
                true
            }
            None => false,
        }
    }
    fn require(&mut self, prefix: &str) -> Parsed<()> {
        if self.eat(prefix) {
            Ok(())
        } else {
            Err(Fail::Syntax)
        }
    }
    /// Takes the first of `options` that is next, and returns it.
    fn eat_any(&mut self, options: &[&'static str]) -> Option<&'static str> {
        options.iter().copied().find(|option| self.eat(option))
    }
    /// A run of `min..=max` ASCII digits; a longer run is not a number of
    /// this field at all (`20245` is no year).
    fn number(&mut self, min: usize, max: usize) -> Parsed<u32> {
        let len = self.rest.bytes().take_while(u8::is_ascii_digit).count();
        if len < min || len > max {
            return Err(Fail::Syntax);
        }
        let (digits, rest) = self.rest.split_at(len);
        self.rest = rest;
        digits
            .bytes()
            .try_fold(0u32, |n, b| {
                n.checked_mul(10)?.checked_add(u32::from(b - b'0'))
            })
            .ok_or(Fail::Syntax)
    }
    /// Four digits, in range.
    fn year(&mut self) -> Parsed<i32> {
        let year = self.number(4, 4)?;
        Ok(check_year(i32::try_from(year).map_err(|_| Fail::Syntax)?)?)
    }
    fn month_number(&mut self) -> Parsed<u32> {
        self.number(1, 2)
    }
    /// A quarter's number: `1`..`4` or `一`..`四` (`两` for two, as in 前两季度).
    fn quarter_number(&mut self) -> Parsed<u32> {
        const WORDS: [(&str, u32); 5] = [("一", 1), ("二", 2), ("两", 2), ("三", 3), ("四", 4)];
        if let Some((_, n)) = WORDS.iter().find(|(word, _)| self.eat(word)) {
            return Ok(*n);
        }
        self.number(1, 1)
    }
    /// The `-` or `/` between year, month and day.
    fn separator(&mut self) -> Parsed<&'static str> {
        self.eat_any(&["-", "/"]).ok_or(Fail::Syntax)
    }
    fn done<T>(&self, value: T) -> Parsed<T> {
        if self.is_empty() {
            Ok(value)
        } else {
            Err(Fail::Syntax)
        }
    }
}

/// Full-width forms to ASCII, letters to lower case, blanks out, and every
/// range dash (`—`, `–`, `~`, `至`, `到`) to `-`, so the grammar sees one of each.
fn clean(text: &str) -> Cow<'_, str> {
    // Most dates (`2024-03-15`) are already clean: no copy for them, a
    // million of which are read with the projects.
    let unchanged = |b: &u8| b.is_ascii_graphic() && !b.is_ascii_uppercase() && *b != b'~';
    if text.bytes().all(|b| unchanged(&b)) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(cleaned(text))
}

/// `clean` letter by letter.
fn cleaned(text: &str) -> String {
    halfwidth(trim(text))
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '\u{2010}'..='\u{2015}' | '~' | '\u{301C}' | '至' | '到' => '-',
            other => other.to_ascii_lowercase(),
        })
        .collect()
}

/// Runs `grammar` over the cleaned text and turns a failure into an error
/// that quotes the text.
fn read(
    text: &str,
    expected: &str,
    grammar: fn(&mut Cursor) -> Parsed<Period>,
) -> Result<Period, PeriodError> {
    let with_expected = |reason: String| PeriodError {
        reason,
        expected: expected.to_string(),
    };
    let text = trim(text);
    // Byte length first: O(1), at least one byte and at most 4 per char.
    if text.len() > MAX_LEN * 4 || (text.len() > MAX_LEN && text.chars().count() > MAX_LEN) {
        return Err(with_expected(format!(
            "the text is too long for a period ({} characters)",
            text.chars().count()
        )));
    }
    let cleaned = clean(text);
    if cleaned.is_empty() {
        return Err(with_expected("the period is empty".to_string()));
    }
    match grammar(&mut Cursor { rest: &cleaned }) {
        Ok(period) => Ok(period),
        Err(Fail::Invalid(error)) => Err(with_expected(error.reason)),
        Err(Fail::Syntax) => Err(with_expected(format!("`{text}` is not a period"))),
    }
}

/// Everything `parse` accepts.
fn period_form(c: &mut Cursor) -> Parsed<Period> {
    let year = c.year()?;
    let period = if c.eat("年") {
        chinese_after_year(c, year)?
    } else {
        contract_after_year(c, year)?
    };
    c.done(period)
}

/// What `parse_date` accepts: a day, a month or a year.
fn date_form(c: &mut Cursor) -> Parsed<Period> {
    let year = c.year()?;
    let period = if c.eat("年") {
        if c.is_empty() {
            Period::year(year)?
        } else {
            let month = c.month_number()?;
            c.require("月")?;
            chinese_day_or_month(c, year, month)?
        }
    } else {
        numeric_after_year(c, year)?
    };
    c.done(period)
}

/// `2024`, `2024-03`, `2024/3/15`: the month and the day after the year,
/// both with the same separator.
fn numeric_after_year(c: &mut Cursor, year: i32) -> Parsed<Period> {
    if c.is_empty() {
        return Ok(Period::year(year)?);
    }
    let separator = c.separator()?;
    let month = c.month_number()?;
    numeric_day_or_month(c, year, month, separator)
}

fn numeric_day_or_month(c: &mut Cursor, year: i32, month: u32, separator: &str) -> Parsed<Period> {
    if c.eat(separator) {
        let day = c.number(1, 2)?;
        Ok(Period::day(year, month, day)?)
    } else {
        Ok(Period::month(year, month)?)
    }
}

/// After the year of a contract form: `-H1`, `-Q1`, `-03`, `-03-15`,
/// `-01..2024-09`. The dash before H and Q may be left out (`2024Q1`).
fn contract_after_year(c: &mut Cursor, year: i32) -> Parsed<Period> {
    if c.is_empty() {
        return Ok(Period::year(year)?);
    }
    let separator = c.eat_any(&["-", "/"]);
    if c.eat("h") {
        return Ok(Period::half(year, c.number(1, 1)?)?);
    }
    if c.eat("q") {
        return Ok(Period::quarter(year, c.number(1, 1)?)?);
    }
    let separator = separator.ok_or(Fail::Syntax)?;
    let month = c.month_number()?;
    if c.eat("..") {
        let to_year = c.year()?;
        c.require(separator)?;
        let to_month = c.month_number()?;
        return month_range(year, month, to_year, to_month);
    }
    numeric_day_or_month(c, year, month, separator)
}

fn month_range(year: i32, month: u32, to_year: i32, to_month: u32) -> Parsed<Period> {
    let from = YearMonth::new(year, month)?;
    let to = YearMonth::new(to_year, to_month)?;
    Ok(Period::months(from, to)?)
}

/// After `2024年`: nothing or 全年/年度, 上半年, 下半年, (第)一季度, 前三季度,
/// 3月(份), 1-9月(份), 6月8日, 11月-2024年2月.
fn chinese_after_year(c: &mut Cursor, year: i32) -> Parsed<Period> {
    if c.is_empty() || c.eat("全年") || c.eat("度") {
        return Ok(Period::year(year)?);
    }
    if let Some(which) = c.eat_any(&["上半年", "下半年"]) {
        return Ok(Period::half(year, if which == "上半年" { 1 } else { 2 })?);
    }
    if c.eat("前") {
        let quarters = c.quarter_number()?;
        quarter_word(c)?;
        if !(1..=4).contains(&quarters) {
            let reason = format!("前{quarters}季度 is not 1 to 4 quarters of a year");
            return Err(Fail::Invalid(PeriodError::new(reason)));
        }
        return month_range(year, 1, year, quarters * 3);
    }
    let mut ahead = *c;
    if let Ok(quarter) = chinese_quarter(&mut ahead) {
        *c = ahead;
        return Ok(Period::quarter(year, quarter)?);
    }
    chinese_months(c, year)
}

/// `一季度`, `第一季度`, `1季度`, `第4季度`, `Q1`, `一季`.
fn chinese_quarter(c: &mut Cursor) -> Parsed<u32> {
    if c.eat("q") {
        return c.number(1, 1);
    }
    c.eat("第");
    let quarter = c.quarter_number()?;
    quarter_word(c)?;
    Ok(quarter)
}

fn quarter_word(c: &mut Cursor) -> Parsed<()> {
    c.eat_any(&["季度", "季"]).map(|_| ()).ok_or(Fail::Syntax)
}

/// `3月`, `3月份`, `1-9月`, `1月-9月`, `6月8日`, `11月-2024年2月` after `2024年`.
fn chinese_months(c: &mut Cursor, year: i32) -> Parsed<Period> {
    let month = c.month_number()?;
    if !c.eat("-") {
        c.require("月")?;
        if !c.eat("-") {
            return chinese_day_or_month(c, year, month);
        }
    }
    let to_year = repeated_year(c)?.unwrap_or(year);
    let to_month = c.month_number()?;
    c.require("月")?;
    c.eat("份");
    month_range(year, month, to_year, to_month)
}

/// The `2024年` that starts the end of a range across years
/// (2023年11月-2024年2月); a range within a year does not repeat it.
fn repeated_year(c: &mut Cursor) -> Parsed<Option<i32>> {
    let mut ahead = *c;
    match ahead.year() {
        Ok(year) if ahead.eat("年") => {
            *c = ahead;
            Ok(Some(year))
        }
        // Four digits are no month, so an out-of-range year is the error.
        Err(Fail::Invalid(error)) => Err(Fail::Invalid(error)),
        _ => Ok(None),
    }
}

/// After `2024年3月`: a day (`15日`, `15号`), `份`, or nothing.
fn chinese_day_or_month(c: &mut Cursor, year: i32, month: u32) -> Parsed<Period> {
    if c.eat("份") || c.is_empty() {
        return Ok(Period::month(year, month)?);
    }
    let day = c.number(1, 2)?;
    c.eat_any(&["日", "号"]).ok_or(Fail::Syntax)?;
    Ok(Period::day(year, month, day)?)
}

#[cfg(test)]
// A failing unwrap is a failing test: the lints guard production code only.
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Text left as it is cleans as it does letter by letter.
        #[test]
        fn clean_text_is_left_as_it_is(text in "[ -~]{0,12}|[0-9年月日至到〜 \u{3000}\u{2010}-\u{2015}A-Za-z/.~-]{0,12}") {
            prop_assert_eq!(clean(&text), cleaned(&text));
        }
    }

    #[test]
    fn months_end_on_their_last_day_leap_years_included() {
        for (year, month, last) in [
            (2024, 2, 29),
            (2023, 2, 28),
            (2000, 2, 29),
            (2100, 2, 28),
            (2023, 4, 30),
            (2023, 12, 31),
            (2023, 1, 31),
        ] {
            assert_eq!(ym(year, month).last_day(), date(year, month, last));
        }
        // A month built by hand with an impossible number has the earliest
        // date for both ends, and is ordered there.
        let wrong = Period::Month(ym(2023, 13));
        assert_eq!(
            (wrong.first_day(), wrong.last_day()),
            (NaiveDate::MIN, NaiveDate::MIN)
        );
        assert!(wrong < Period::Year(1900));
    }

    #[test]
    fn periods_order_by_last_day_then_shorter_first() {
        let mut periods = [
            Period::Quarter {
                year: 2024,
                quarter: 1,
            },
            Period::Year(2023),
            H2_2024,
            Period::Half {
                year: 2023,
                half: 2,
            },
            Period::Month(ym(2023, 12)),
            day(2023, 12, 31),
            Period::Quarter {
                year: 2023,
                quarter: 4,
            },
            day(2024, 2, 29),
        ];
        periods.sort();
        let labels: Vec<String> = periods.iter().map(Period::to_string).collect();
        assert_eq!(
            labels,
            [
                "2023-12-31",
                "2023-12",
                "2023-Q4",
                "2023-H2",
                "2023",
                "2024-02-29",
                "2024-Q1",
                "2024-H2"
            ]
        );
    }

    fn ym(year: i32, month: u32) -> YearMonth {
        YearMonth { year, month }
    }
    fn day(y: i32, m: u32, d: u32) -> Period {
        Period::day(y, m, d).unwrap()
    }
    fn p(text: &str) -> Period {
        Period::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"))
    }
    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    const Q1_2023: Period = Period::Quarter {
        year: 2023,
        quarter: 1,
    };
    const H1_2024: Period = Period::Half {
        year: 2024,
        half: 1,
    };
    const H2_2024: Period = Period::Half {
        year: 2024,
        half: 2,
    };
    const JAN_SEP_2020: Period = Period::Months {
        from: YearMonth {
            year: 2020,
            month: 1,
        },
        to: YearMonth {
            year: 2020,
            month: 9,
        },
    };
    const NOV23_FEB24: Period = Period::Months {
        from: YearMonth {
            year: 2023,
            month: 11,
        },
        to: YearMonth {
            year: 2024,
            month: 2,
        },
    };

    #[test]
    fn parses_contract_forms() {
        for (text, want) in [
            ("2024", Period::Year(2024)),
            ("2024-H1", H1_2024),
            ("2024-h2", H2_2024),
            ("2024H2", H2_2024),
            ("2023-Q1", Q1_2023),
            ("2023-q1", Q1_2023),
            ("2023Q1", Q1_2023),
            ("2019-03", Period::Month(ym(2019, 3))),
            ("2019-3", Period::Month(ym(2019, 3))),
            ("2020-01..2020-09", JAN_SEP_2020),
            ("2023-11..2024-02", NOV23_FEB24),
            ("2022-06-08", day(2022, 6, 8)),
            ("2024-02-29", day(2024, 2, 29)),
            ("２０２３－Ｑ１", Q1_2023),
            ("\u{3000} 2024-H1\t", H1_2024),
            (
                "2024 - Q1",
                Period::Quarter {
                    year: 2024,
                    quarter: 1,
                },
            ),
        ] {
            assert_eq!(Period::parse(text), Ok(want), "{text}");
            assert_eq!(text.parse::<Period>(), Ok(want), "FromStr {text}");
        }
    }

    #[test]
    fn parses_chinese_forms() {
        for (text, want) in [
            ("2024年", Period::Year(2024)),
            ("2024年全年", Period::Year(2024)),
            ("2024年度", Period::Year(2024)),
            ("2024年上半年", H1_2024),
            ("2024年下半年", H2_2024),
            ("2023年一季度", Q1_2023),
            ("2023年第一季度", Q1_2023),
            ("2023年1季度", Q1_2023),
            ("2023年Q1", Q1_2023),
            (
                "2023年四季度",
                Period::Quarter {
                    year: 2023,
                    quarter: 4,
                },
            ),
            (
                "2023年第4季度",
                Period::Quarter {
                    year: 2023,
                    quarter: 4,
                },
            ),
            ("2020年1-9月", JAN_SEP_2020),
            ("2020年1—9月", JAN_SEP_2020),
            ("2020年1–9月", JAN_SEP_2020),
            ("2020年1~9月", JAN_SEP_2020),
            ("2020年1～9月", JAN_SEP_2020),
            ("2020年1至9月", JAN_SEP_2020),
            ("2020年1-9月份", JAN_SEP_2020),
            ("2020年1月-9月", JAN_SEP_2020),
            ("2020年前三季度", JAN_SEP_2020),
            ("2024年前两季度", H1_2024),
            ("2024年前二季度", H1_2024),
            ("2024年前四季度", Period::Year(2024)),
            (
                "2024年前一季度",
                Period::Quarter {
                    year: 2024,
                    quarter: 1,
                },
            ),
            (
                "2024年1-3月",
                Period::Quarter {
                    year: 2024,
                    quarter: 1,
                },
            ),
            ("2024年7-12月", H2_2024),
            ("2024年1-12月", Period::Year(2024)),
            ("2024年5-5月", Period::Month(ym(2024, 5))),
            ("2019年3月", Period::Month(ym(2019, 3))),
            ("2019年3月份", Period::Month(ym(2019, 3))),
            ("2019年03月", Period::Month(ym(2019, 3))),
            ("2022年6月8日", day(2022, 6, 8)),
            ("2022年6月8号", day(2022, 6, 8)),
            ("2023年11月-2024年2月", NOV23_FEB24),
            ("2023年11月至2024年2月", NOV23_FEB24),
            (
                "２０２４年１—９月",
                Period::Months {
                    from: ym(2024, 1),
                    to: ym(2024, 9),
                },
            ),
        ] {
            assert_eq!(Period::parse(text), Ok(want), "{text}");
        }
    }

    #[test]
    fn normalises_month_ranges() {
        for (text, want) in [
            ("2024-01..2024-01", Period::Month(ym(2024, 1))),
            (
                "2024-01..2024-03",
                Period::Quarter {
                    year: 2024,
                    quarter: 1,
                },
            ),
            (
                "2024-04..2024-06",
                Period::Quarter {
                    year: 2024,
                    quarter: 2,
                },
            ),
            (
                "2024-07..2024-09",
                Period::Quarter {
                    year: 2024,
                    quarter: 3,
                },
            ),
            (
                "2024-10..2024-12",
                Period::Quarter {
                    year: 2024,
                    quarter: 4,
                },
            ),
            ("2024-01..2024-06", H1_2024),
            ("2024-07..2024-12", H2_2024),
            ("2024-01..2024-12", Period::Year(2024)),
            (
                "2024-02..2024-04",
                Period::Months {
                    from: ym(2024, 2),
                    to: ym(2024, 4),
                },
            ),
            (
                "2023-01..2024-12",
                Period::Months {
                    from: ym(2023, 1),
                    to: ym(2024, 12),
                },
            ),
        ] {
            assert_eq!(Period::parse(text), Ok(want), "{text}");
        }
    }

    #[test]
    fn rejects_impossible_and_malformed_periods() {
        for (text, reason_has) in [
            ("2023-02-29", "not a calendar day"),
            ("2023-04-31", "not a calendar day"),
            ("2023年2月29日", "not a calendar day"),
            ("2024-13", "month 13"),
            ("2024-00", "month 0"),
            ("2024年13月", "month 13"),
            ("2024-Q5", "quarter 5"),
            ("2024-Q0", "quarter 0"),
            ("2024年五季度", "not a period"),
            ("2024-H3", "half 3"),
            ("2024-09..2024-01", "ends before it starts"),
            ("2024年9-1月", "ends before it starts"),
            ("2024年前5季度", "前5季度"),
            ("1899", "outside 1900..=2100"),
            ("2101-Q1", "outside 1900..=2100"),
            ("2024-01..2101-01", "outside 1900..=2100"),
            ("2023年11月-2101年2月", "outside 1900..=2100"),
            ("2023年11月-2022年2月", "ends before it starts"),
            ("", "empty"),
            ("  \u{3000}", "empty"),
            ("hello", "not a period"),
            ("24", "not a period"),
            ("20245", "not a period"),
            ("2024-", "not a period"),
            ("2024-Q", "not a period"),
            ("2024-Q12", "not a period"),
            ("2024-03-", "not a period"),
            ("2024-03/15", "not a period"),
            ("2024-01..", "not a period"),
            ("2024-01..2024", "not a period"),
            ("2024年3", "not a period"),
            ("2024年3月8", "not a period"),
            ("2024年上半年x", "not a period"),
            ("2024 2025", "not a period"),
        ] {
            let error = Period::parse(text).expect_err(text);
            assert!(error.reason.contains(reason_has), "{text}: {error}");
            assert_eq!(error.expected, EXPECTED, "{text}");
        }
    }

    #[test]
    fn bounds_the_work_on_long_text() {
        let long = "2024".repeat(100_000);
        let error = Period::parse(&long).expect_err("long");
        assert!(error.reason.contains("too long"), "{error}");
        assert!(error.to_string().len() < 300);
        let long_spaces = format!("2024{}", " ".repeat(MAX_LEN * 2));
        assert!(
            Period::parse(&long_spaces).is_ok(),
            "trailing blanks are trimmed first"
        );
    }

    #[test]
    fn parses_project_dates() {
        for (text, want) in [
            ("2024-03-15", day(2024, 3, 15)),
            ("2024/3/15", day(2024, 3, 15)),
            ("2024-3-5", day(2024, 3, 5)),
            ("2024/03/05", day(2024, 3, 5)),
            ("2024-03", Period::Month(ym(2024, 3))),
            ("2024/3", Period::Month(ym(2024, 3))),
            ("2024", Period::Year(2024)),
            ("2024年3月15日", day(2024, 3, 15)),
            ("2024年3月", Period::Month(ym(2024, 3))),
            ("2024年", Period::Year(2024)),
            (" ２０２４/３/１５ ", day(2024, 3, 15)),
        ] {
            assert_eq!(Period::parse_date(text), Ok(want), "{text}");
        }
        for text in [
            "",
            "2024-Q1",
            "2024-H1",
            "2024-01..2024-03",
            "2024年一季度",
            "2024/3-15",
            "2023-02-29",
            "2024-13",
            "2024年全年",
            "15/3/2024",
            "x",
        ] {
            let error = Period::parse_date(text).expect_err(text);
            assert_eq!(error.expected, EXPECTED_DATE, "{text}");
        }
    }

    #[test]
    fn labels_each_variant() {
        for (period, zh, en, canonical) in [
            (Period::Year(2024), "2024年", "2024", "2024"),
            (H1_2024, "2024年上半年", "H1 2024", "2024-H1"),
            (H2_2024, "2024年下半年", "H2 2024", "2024-H2"),
            (Q1_2023, "2023年一季度", "Q1 2023", "2023-Q1"),
            (
                Period::Month(ym(2019, 3)),
                "2019年3月",
                "Mar 2019",
                "2019-03",
            ),
            (
                JAN_SEP_2020,
                "2020年1-9月",
                "Jan\u{2013}Sep 2020",
                "2020-01..2020-09",
            ),
            (
                NOV23_FEB24,
                "2023年11月-2024年2月",
                "Nov 2023\u{2013}Feb 2024",
                "2023-11..2024-02",
            ),
            (day(2022, 6, 8), "2022年6月8日", "8 Jun 2022", "2022-06-08"),
        ] {
            assert_eq!(period.label_zh(), zh);
            assert_eq!(period.label_en(), en);
            assert_eq!(period.to_string(), canonical);
            assert_eq!(
                serde_json::to_string(&period).unwrap(),
                format!("\"{canonical}\"")
            );
        }
        assert_eq!(JAN_SEP_2020.slug(), "2020-01-to-2020-09");
    }

    #[test]
    fn first_and_last_days() {
        for (text, first, last, days) in [
            ("2024", date(2024, 1, 1), date(2024, 12, 31), 366),
            ("2023", date(2023, 1, 1), date(2023, 12, 31), 365),
            ("2024-H1", date(2024, 1, 1), date(2024, 6, 30), 182),
            ("2024-H2", date(2024, 7, 1), date(2024, 12, 31), 184),
            ("2024-Q1", date(2024, 1, 1), date(2024, 3, 31), 91),
            ("2023-Q1", date(2023, 1, 1), date(2023, 3, 31), 90),
            ("2024-Q4", date(2024, 10, 1), date(2024, 12, 31), 92),
            ("2024-02", date(2024, 2, 1), date(2024, 2, 29), 29),
            ("2023-02", date(2023, 2, 1), date(2023, 2, 28), 28),
            ("1900-02", date(1900, 2, 1), date(1900, 2, 28), 28),
            ("2000-02", date(2000, 2, 1), date(2000, 2, 29), 29),
            ("2023-12", date(2023, 12, 1), date(2023, 12, 31), 31),
            (
                "2023-11..2024-02",
                date(2023, 11, 1),
                date(2024, 2, 29),
                121,
            ),
            ("2022-06-08", date(2022, 6, 8), date(2022, 6, 8), 1),
        ] {
            let period = p(text);
            assert_eq!(period.first_day(), first, "{text}");
            assert_eq!(period.last_day(), last, "{text}");
            assert_eq!(period.days(), days, "{text}");
        }
    }

    #[test]
    fn contains_and_overlaps() {
        for (outer, inner, contains, overlaps) in [
            ("2024", "2024-Q4", true, true),
            ("2024", "2024-02-29", true, true),
            ("2024-Q4", "2024", false, true),
            ("2024-H1", "2024-Q2", true, true),
            ("2024-H1", "2024-Q3", false, false),
            ("2024-01..2024-09", "2024-Q3", true, true),
            ("2024-01..2024-09", "2024-H2", false, true),
            ("2023-11..2024-02", "2024-01", true, true),
            ("2023-11..2024-02", "2023", false, true),
            ("2023", "2024", false, false),
            ("2024-03", "2024-03-31", true, true),
            ("2024-03", "2024-04-01", false, false),
            ("2024-Q1", "2024-Q1", true, true),
        ] {
            let (outer_p, inner_p) = (p(outer), p(inner));
            assert_eq!(outer_p.contains(&inner_p), contains, "{outer} ⊇ {inner}");
            assert_eq!(outer_p.overlaps(&inner_p), overlaps, "{outer} ∩ {inner}");
            assert_eq!(inner_p.overlaps(&outer_p), overlaps, "{inner} ∩ {outer}");
        }
    }

    #[test]
    fn orders_newest_last_longer_wins_ties() {
        assert!(p("2024") > p("2024-Q4"));
        assert!(p("2024-Q4") > p("2024-Q3"));
        assert!(
            p("2024-Q4") > p("2024-12"),
            "same last day: the longer is newer"
        );
        assert!(p("2024-12") > p("2024-12-31"));
        assert!(p("2024-H2") > p("2024-Q4"));
        assert!(p("2024-01..2024-09") > p("2024-Q3"));
        assert!(p("2024-01..2024-09") < p("2024-H2"));
        assert!(p("2023-11..2024-02") > p("2024-02"));
        let mut periods: Vec<Period> = ["2024-Q3", "2024", "2024-12", "2023", "2024-Q4"]
            .iter()
            .map(|text| p(text))
            .collect();
        periods.sort();
        let sorted: Vec<String> = periods.iter().map(Period::to_string).collect();
        assert_eq!(sorted, ["2023", "2024-Q3", "2024-12", "2024-Q4", "2024"]);
        assert_eq!(periods.iter().max(), Some(&Period::Year(2024)));
    }

    #[test]
    fn previous_year_keeps_the_span() {
        for (text, want) in [
            ("2024", Some("2023")),
            ("2024-H2", Some("2023-H2")),
            ("2024-Q1", Some("2023-Q1")),
            ("2024-02", Some("2023-02")),
            ("2024-01..2024-09", Some("2023-01..2023-09")),
            ("2023-11..2024-02", Some("2022-11..2023-02")),
            ("2024-02-28", Some("2023-02-28")),
            ("2024-02-29", None),
            ("2025-03-01", Some("2024-03-01")),
            ("1900", None),
            ("1900-06-01", None),
        ] {
            let got = p(text).previous_year();
            assert_eq!(got, want.map(p), "{text}");
        }
    }

    #[test]
    fn brief_periods_of_dates() {
        for (text, want) in [
            ("2024-05-20", vec!["2024", "2024-Q2"]),
            ("2024-12", vec!["2024", "2024-Q4"]),
            ("2024", vec!["2024"]),
            ("2024-Q3", vec!["2024", "2024-Q3"]),
            ("2024-H1", vec!["2024"]),
            ("2024-01..2024-02", vec!["2024", "2024-Q1"]),
            ("2024-01..2024-09", vec!["2024"]),
            ("2023-11..2024-02", vec![]),
        ] {
            let want: Vec<Period> = want.into_iter().map(p).collect();
            assert_eq!(p(text).brief_periods_of_date(), want, "{text}");
        }
    }

    #[test]
    fn hand_built_impossible_values_do_not_panic() {
        for period in [
            Period::Half {
                year: 2024,
                half: 0,
            },
            Period::Quarter {
                year: 2024,
                quarter: u32::MAX,
            },
            Period::Month(ym(i32::MAX, 13)),
            Period::Month(ym(i32::MIN, 1)),
            Period::Months {
                from: ym(2024, 0),
                to: ym(2024, 99),
            },
        ] {
            let _ = (period.first_day(), period.last_day(), period.days());
            let _ = (period.label_zh(), period.label_en(), period.to_string());
            let _ = (period.previous_year(), period.brief_periods_of_date());
        }
    }

    #[test]
    fn checked_constructors_validate() {
        assert!(Period::year(1900).is_ok() && Period::year(2100).is_ok());
        assert!(Period::year(1899).is_err() && Period::year(2101).is_err());
        assert!(Period::half(2024, 0).is_err());
        assert!(Period::quarter(2024, 5).is_err());
        assert!(Period::month(2024, 0).is_err());
        assert!(Period::day(2023, 2, 29).is_err());
        assert!(YearMonth::new(2024, 13).is_err());
        assert!(Period::months(ym(2024, 3), ym(2024, 2)).is_err());
        assert_eq!(Period::months(ym(2024, 4), ym(2024, 6)), Ok(p("2024-Q2")));
    }

    /// Any valid period, each variant reached through its constructor.
    fn any_period() -> impl Strategy<Value = Period> {
        let year = 1900..=2100i32;
        prop_oneof![
            year.clone().prop_map(Period::year),
            (year.clone(), 1..=2u32).prop_map(|(y, h)| Period::half(y, h)),
            (year.clone(), 1..=4u32).prop_map(|(y, q)| Period::quarter(y, q)),
            (year.clone(), 1..=12u32).prop_map(|(y, m)| Period::month(y, m)),
            // Runs of up to three years, from any month.
            (year.clone(), 1..=12u32, 0..36i32).prop_map(|(y, m, len)| {
                let to = (y * 12 + m as i32 - 1) + len;
                Period::months(ym(y, m), ym(to / 12, (to % 12) as u32 + 1))
            }),
            (year, 1..=366u32).prop_map(|(y, d)| NaiveDate::from_yo_opt(y, d)
                .map(Period::Day)
                .ok_or_else(|| PeriodError::new("day 366 of a common year".into()))),
        ]
        .prop_filter_map("in range", Result::ok)
    }

    proptest! {
        #[test]
        fn display_round_trips(period in any_period()) {
            prop_assert_eq!(Period::parse(&period.to_string()), Ok(period));
            // A project's date is a day, a month or a year, and nothing else.
            let as_date = Period::parse_date(&period.to_string());
            match period {
                Period::Day(_) | Period::Month(_) | Period::Year(_) => {
                    prop_assert_eq!(as_date, Ok(period));
                }
                _ => prop_assert!(as_date.is_err()),
            }
        }

        #[test]
        fn chinese_label_round_trips(period in any_period()) {
            prop_assert_eq!(Period::parse(&period.label_zh()), Ok(period));
        }

        #[test]
        fn bounds_are_consistent(a in any_period(), b in any_period()) {
            prop_assert!(a.first_day() <= a.last_day());
            prop_assert!(a.contains(&a));
            let by_days = a.first_day() <= b.first_day() && b.last_day() <= a.last_day();
            prop_assert_eq!(a.contains(&b), by_days);
            // Ordered as their days are, without building them.
            let by_dates = |p: &Period| (p.last_day(), std::cmp::Reverse(p.first_day()));
            prop_assert_eq!(a.cmp(&b), by_dates(&a).cmp(&by_dates(&b)));
            if a.contains(&b) {
                prop_assert!(a.overlaps(&b) && a.days() >= b.days());
            }
            // Normalisation: equal spans are equal values.
            prop_assert_eq!(a.contains(&b) && b.contains(&a), a == b);
            for brief in a.brief_periods_of_date() {
                prop_assert!(brief.contains(&a));
            }
        }

        #[test]
        fn equal_spans_are_equal_values(period in any_period()) {
            let (first, last) = (period.first_day(), period.last_day());
            let as_months = Period::months(
                ym(first.year(), first.month()),
                ym(last.year(), last.month()),
            );
            if period.is_day() {
                prop_assert_eq!(as_months, Ok(Period::Month(ym(first.year(), first.month()))));
            } else {
                prop_assert_eq!(as_months, Ok(period));
            }
        }

        #[test]
        fn periods_of_one_kind_order_as_their_days(
            (a, b) in (any_period(), any_period()).prop_map(|(a, b)| {
                // b given a's kind, from the year and month it ends in.
                let (year, month) = (b.last_day().year(), b.last_day().month());
                let b = match a {
                    Period::Year(_) => Period::year(year),
                    Period::Half { .. } => Period::half(year, month.div_ceil(6)),
                    Period::Quarter { .. } => Period::quarter(year, month.div_ceil(3)),
                    Period::Month(_) => Period::month(year, month),
                    Period::Day(_) => Ok(Period::Day(b.last_day())),
                    Period::Months { .. } => Ok(b),
                };
                (a, b)
            }).prop_filter_map("in range", |(a, b)| Some((a, b.ok()?)))
        ) {
            let by_dates = |p: &Period| (p.last_day(), std::cmp::Reverse(p.first_day()));
            prop_assert_eq!(a.cmp(&b), by_dates(&a).cmp(&by_dates(&b)));
        }

        #[test]
        fn ordering_is_total_and_agrees_with_eq(
            a in any_period(), b in any_period(), c in any_period()
        ) {
            prop_assert_eq!(a.cmp(&b), b.cmp(&a).reverse());
            prop_assert_eq!(a.cmp(&b) == std::cmp::Ordering::Equal, a == b);
            if a <= b && b <= c {
                prop_assert!(a <= c);
            }
        }

        #[test]
        fn previous_year_is_one_year_earlier(period in any_period()) {
            let first = period.first_day();
            match period.previous_year() {
                Some(earlier) => {
                    let (from, to) = (earlier.first_day(), earlier.last_day());
                    prop_assert_eq!(from.with_year(from.year() + 1), Some(first));
                    prop_assert_eq!(to.year() + 1, period.last_day().year());
                    prop_assert_eq!(to.month(), period.last_day().month());
                    prop_assert_eq!(
                        std::mem::discriminant(&earlier),
                        std::mem::discriminant(&period)
                    );
                }
                None => prop_assert!(
                    first.year() == 1900 || (period.is_day() && (first.month(), first.day()) == (2, 29))
                ),
            }
        }

        #[test]
        fn never_panics_on_any_text(text in "\\PC{0,80}") {
            let _ = Period::parse(&text);
            let _ = Period::parse_date(&text);
        }
    }
}
