//! Periods from a day to a year: `2024`, `2024-H1`, `2024-Q1`, `2024-03`,
//! `2024-01..2024-09`, `2022-06-08` and their Chinese forms (2023年一季度,
//! 2020年1-9月, 2022年6月8日). A period is the span of days from its first to
//! its last; two forms with the same span are the same period.

use chrono::{Datelike, NaiveDate};

use crate::model::text::{halfwidth, trim};

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
        read(text, EXPECTED, period_form)
    }
    /// The period of a project's `date` cell: `YYYY-MM-DD`, `YYYY/M/D`,
    /// `YYYY-M-D`, `YYYY-MM` or `YYYY`.
    /// Also the Chinese `2024年3月15日`, `2024年3月` and `2024年`.
    pub fn parse_date(text: &str) -> Result<Period, PeriodError> {
        read(text, EXPECTED_DATE, date_form)
    }
    pub fn first_day(&self) -> NaiveDate {
        match (self, self.month_span()) {
            (Period::Day(day), _) => *day,
            (_, Some((from, _))) => from.first_day(),
            (_, None) => NaiveDate::MIN, // only a Day has no month span
        }
    }
    pub fn last_day(&self) -> NaiveDate {
        match (self, self.month_span()) {
            (Period::Day(day), _) => *day,
            (_, Some((_, to))) => to.last_day(),
            (_, None) => NaiveDate::MIN, // only a Day has no month span
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
            year: ym.year - 1,
            month: ym.month,
        };
        match (self, self.month_span()) {
            (Period::Day(day), _) => {
                let day = day.with_year(day.year() - 1)?;
                Period::day(day.year(), day.month(), day.day()).ok()
            }
            // Shifting both ends keeps the shape, so this is the same variant.
            (_, Some((from, to))) => Period::months(earlier(from), earlier(to)).ok(),
            (_, None) => None,
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
        match *self {
            Period::Year(year) => format!("{year}年"),
            Period::Half { year, half } => {
                format!("{year}年{}半年", if half == 1 { "上" } else { "下" })
            }
            Period::Quarter { year, quarter } => {
                let word = QUARTERS_ZH
                    .get((quarter as usize).wrapping_sub(1))
                    .unwrap_or(&"?"); // ok: the constructors keep quarter in 1..=4
                format!("{year}年{word}季度")
            }
            Period::Month(YearMonth { year, month }) => format!("{year}年{month}月"),
            Period::Months { from, to } if from.year == to.year => {
                format!("{}年{}-{}月", from.year, from.month, to.month)
            }
            Period::Months { from, to } => format!(
                "{}年{}月-{}年{}月",
                from.year, from.month, to.year, to.month
            ),
            Period::Day(day) => format!("{}年{}月{}日", day.year(), day.month(), day.day()),
        }
    }
    /// Q1 2023, Jan–Sep 2020, 8 Jun 2022, H1 2024, 2024
    /// and Nov 2023–Feb 2024 across years.
    pub fn label_en(&self) -> String {
        match *self {
            Period::Year(year) => year.to_string(),
            Period::Half { year, half } => format!("H{half} {year}"),
            Period::Quarter { year, quarter } => format!("Q{quarter} {year}"),
            Period::Month(ym) => format!("{} {}", month_en(ym.month), ym.year),
            Period::Months { from, to } if from.year == to.year => {
                format!(
                    "{}\u{2013}{} {}",
                    month_en(from.month),
                    month_en(to.month),
                    to.year
                )
            }
            Period::Months { from, to } => format!(
                "{} {}\u{2013}{} {}",
                month_en(from.month),
                from.year,
                month_en(to.month),
                to.year
            ),
            Period::Day(day) => format!("{} {} {}", day.day(), month_en(day.month()), day.year()),
        }
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
        let next = self.first_day().checked_add_months(chrono::Months::new(1));
        date_or_min(next.and_then(|d| d.pred_opt()))
    }
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
    /// The first and last month of the span; `None` for a day.
    fn month_span(&self) -> Option<(YearMonth, YearMonth)> {
        let span = |year, first, last| {
            Some((
                YearMonth { year, month: first },
                YearMonth { year, month: last },
            ))
        };
        match *self {
            Period::Year(year) => span(year, 1, 12),
            Period::Half { year, half } => span(year, half * 6 - 5, half * 6),
            Period::Quarter { year, quarter } => span(year, quarter * 3 - 2, quarter * 3),
            Period::Month(month) => Some((month, month)),
            Period::Months { from, to } => Some((from, to)),
            Period::Day(_) => None,
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
    fn expect(&mut self, prefix: &str) -> Parsed<()> {
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
        digits.parse().map_err(|_| Fail::Syntax)
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
fn clean(text: &str) -> String {
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
    if text.len() > MAX_LEN * 4 || text.chars().count() > MAX_LEN {
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
        Err(Fail::Syntax) => Err(with_expected(format!("`{}` is not a period", trim(text)))),
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
            c.expect("月")?;
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
        c.expect(separator)?;
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

/// `3月`, `3月份`, `1-9月`, `6月8日`, `11月-2024年2月` after `2024年`.
fn chinese_months(c: &mut Cursor, year: i32) -> Parsed<Period> {
    let month = c.month_number()?;
    if c.eat("-") {
        let to_month = c.month_number()?;
        c.expect("月")?;
        c.eat("份");
        return month_range(year, month, year, to_month);
    }
    c.expect("月")?;
    if c.eat("-") {
        // A range across years repeats the year: 2023年11月-2024年2月; one
        // within a year may repeat only the month: 2024年1月-9月.
        let mut ahead = *c;
        let to_year = match ahead.year() {
            Ok(to_year) if ahead.eat("年") => {
                *c = ahead;
                to_year
            }
            _ => year,
        };
        let to_month = c.month_number()?;
        c.expect("月")?;
        c.eat("份");
        return month_range(year, month, to_year, to_month);
    }
    chinese_day_or_month(c, year, month)
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
