//! Period markers in a normalised paragraph (`2024年`, `1-9月`, `前三季度`,
//! `上半年`, `一季度`, `6月8日`, `6月底`, `今年`) and their contract syntax.

use super::scan::starts_with;

/// A part of a year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sub {
    /// Months `from..=to` of the year.
    Months(u32, u32),
    /// One day: month, day.
    Day(u32, u32),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MarkerKind {
    Year(i32),
    /// A part of a year; `true` when read from a garbled form (`头部季度`).
    Sub(Sub, bool),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Marker {
    pub start: usize,
    pub end: usize,
    pub kind: MarkerKind,
    /// Written relative to the article's date: `今年`, `去年`.
    pub relative: bool,
}

/// Worded markers: text, months, garbled.
const WORDS: [(&str, u32, u32, bool); 16] = [
    ("前三季度", 1, 9, false),
    ("前两季度", 1, 6, false),
    ("上半年", 1, 6, false),
    ("下半年", 7, 12, false),
    ("第一季度", 1, 3, false),
    ("第二季度", 4, 6, false),
    ("第三季度", 7, 9, false),
    ("第四季度", 10, 12, false),
    ("头部季度", 1, 3, true),
    ("首季度", 1, 3, false),
    ("一季度", 1, 3, false),
    ("二季度", 4, 6, false),
    ("三季度", 7, 9, false),
    ("四季度", 10, 12, false),
    ("1季度", 1, 3, false),
    ("2季度", 4, 6, false),
];

fn digits(t: &[char], i: usize) -> (u32, usize) {
    let mut j = i;
    let mut n: u32 = 0;
    while let Some(d) = t.get(j).and_then(|c| c.to_digit(10)) {
        n = n.saturating_mul(10).saturating_add(d);
        j += 1;
    }
    (n, j)
}

fn month(n: u32) -> bool {
    (1..=12).contains(&n)
}

/// The marker written with digits at `i`.
fn numeric(t: &[char], i: usize) -> Option<(MarkerKind, usize)> {
    let (n, j) = digits(t, i);
    let sub = |s, end| Some((MarkerKind::Sub(s, false), end));
    if j - i == 4 && t.get(j) == Some(&'年') && (1900..2100).contains(&n) {
        return Some((MarkerKind::Year(i32::try_from(n).ok()?), j + 1));
    }
    if matches!(t.get(j), Some('-' | '—' | '~' | '～' | '至' | '到')) {
        let (m, k) = digits(t, j + 1);
        if k > j + 1 && t.get(k) == Some(&'月') && month(n) && month(m) && n <= m {
            return sub(Sub::Months(n, m), k + 1);
        }
        return None;
    }
    if t.get(j) != Some(&'月') || !month(n) {
        return None;
    }
    let (d, k) = digits(t, j + 1);
    if k > j + 1 && matches!(t.get(k), Some('日' | '号')) && (1..=31).contains(&d) {
        return sub(Sub::Day(n, d), k + 1);
    }
    if matches!(t.get(j + 1), Some('底' | '末')) {
        return sub(Sub::Months(1, n), j + 2);
    }
    sub(Sub::Months(n, n), j + 1)
}

/// Every period marker in the paragraph; `今年`/`去年` need the article's year.
pub fn markers(t: &[char], year: Option<i32>) -> Vec<Marker> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < t.len() {
        let after_digit = i > 0 && t.get(i - 1).is_some_and(char::is_ascii_digit);
        let found = if t.get(i).is_some_and(char::is_ascii_digit) && !after_digit {
            numeric(t, i)
        } else {
            worded(t, i, year)
        };
        match found {
            Some((kind, end)) => {
                let relative = t.get(i + 1) == Some(&'年') && matches!(t.get(i), Some('今' | '去'));
                out.push(Marker {
                    start: i,
                    end,
                    kind,
                    relative,
                });
                i = end;
            }
            None => i += 1,
        }
    }
    out
}

fn worded(t: &[char], i: usize, year: Option<i32>) -> Option<(MarkerKind, usize)> {
    for (word, delta) in [("今年", 0), ("去年", -1)] {
        if starts_with(t, i, word) {
            return year.map(|y| (MarkerKind::Year(y + delta), i + 2));
        }
    }
    let (word, from, to, garbled) = WORDS.iter().find(|w| starts_with(t, i, w.0))?;
    Some((
        MarkerKind::Sub(Sub::Months(*from, *to), *garbled),
        i + word.chars().count(),
    ))
}

/// Contract syntax: `2024`, `2024-Q1`, `2024-H1`, `2024-03`,
/// `2020-01..2020-09`, `2022-06-08`.
pub fn render(year: i32, sub: Option<Sub>) -> String {
    match sub {
        None | Some(Sub::Months(1, 12)) => year.to_string(),
        Some(Sub::Day(m, d)) => format!("{year}-{m:02}-{d:02}"),
        Some(Sub::Months(1, 6)) => format!("{year}-H1"),
        Some(Sub::Months(7, 12)) => format!("{year}-H2"),
        Some(Sub::Months(a, b)) if a == b => format!("{year}-{a:02}"),
        Some(Sub::Months(a, b)) if a % 3 == 1 && b == a + 2 => format!("{year}-Q{}", a / 3 + 1),
        Some(Sub::Months(a, b)) => format!("{year}-{a:02}..{year}-{b:02}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> String {
        let t: Vec<char> = text.chars().collect();
        let found = markers(&t, Some(2020));
        let mut year = 2020;
        let mut sub = None;
        for m in found {
            match m.kind {
                MarkerKind::Year(y) => year = y,
                MarkerKind::Sub(s, _) => sub = Some(s),
            }
        }
        render(year, sub)
    }

    #[test]
    fn renders_markers_in_contract_syntax() {
        for (text, want) in [
            ("2024年,嘉兴全年引进", "2024"),
            ("1-9月,全市引进", "2020-01..2020-09"),
            ("1—9月份", "2020-01..2020-09"),
            ("今年前三季度", "2020-01..2020-09"),
            ("2023年,在刚刚过去的头部季度", "2023-Q1"),
            ("2023年一季度", "2023-Q1"),
            ("上半年", "2020-H1"),
            ("6月8日下午", "2020-06-08"),
            ("2022年6月8日", "2022-06-08"),
            ("从6月底的32个", "2020-H1"),
            ("2019年3月", "2019-03"),
            ("去年", "2019"),
            ("3个月里", "2020"),
            ("16个月", "2020"),
        ] {
            assert_eq!(one(text), want, "{text}");
            assert!(crate::model::period::Period::parse(want).is_ok(), "{want}");
        }
    }
}
