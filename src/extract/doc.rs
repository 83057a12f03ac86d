//! What holds for the whole article: its date (or year), its main place and
//! the event it reports, if any.

use super::hant::to_simplified;
use super::period::{markers, render, MarkerKind, Sub};
use super::place::{mentions, Gazetteer};
use super::span;
use super::Options;
use crate::model::text::halfwidth;

/// How many lines from the top may hold the article's dated header.
const HEADER_LINES: usize = 40;

/// Occasions whose tally a figure may be, most specific first.
pub const EVENT_WORDS: [&str; 8] = [
    "善洽会",
    "集中签约仪式",
    "签约仪式",
    "投资环境说明会",
    "推介会",
    "洽谈会",
    "博览会",
    "签约大会",
];

/// The paragraph in the form every recogniser reads: simplified, half-width,
/// with exactly as many characters as the original.
///
/// The full-width comma `，` is kept: it separates clauses, and read as `,`
/// it would glue figures together (`51，100亿元` is not 51,100亿元).
pub fn normalise(paragraph: &str) -> Vec<char> {
    const KEPT: char = '\u{E000}'; // private use: never in an article
    let shielded = paragraph.replace('，', &KEPT.to_string());
    let simple = to_simplified(&halfwidth(&shielded));
    simple
        .chars()
        .map(|c| if c == KEPT { '，' } else { c })
        .collect()
}

/// An event the article reports: its name and its day in contract syntax.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub name: String,
    pub period: String,
}

pub struct Doc {
    pub source: String,
    pub year: Option<i32>,
    pub main: String,
    pub event: Option<Event>,
    pub gazetteer: Gazetteer,
}

impl Doc {
    /// Reads the article's date from its header lines (`lines`, clutter
    /// included), its main place and event from its `paragraphs`.
    pub fn read(lines: &[String], paragraphs: &[&str], options: &Options) -> Doc {
        let mut gazetteer = Gazetteer::new(&options.places);
        let texts: Vec<Vec<char>> = paragraphs.iter().map(|p| normalise(p)).collect();
        let marked: Vec<String> = texts
            .iter()
            .flat_map(|t| mentions(t, &gazetteer))
            .filter(|m| !m.known)
            .map(|m| m.region)
            .collect();
        let repeated = marked
            .iter()
            .filter(|m| marked.iter().filter(|n| n == m).count() >= 2);
        let learned: std::collections::BTreeSet<String> = repeated.cloned().collect();
        gazetteer.learn(learned);
        let year = lines
            .iter()
            .take(HEADER_LINES)
            .find_map(|l| header_year(&normalise(l)))
            .or_else(|| latest_year(&texts));
        let main = main_place(&texts, &gazetteer);
        let event = texts.iter().find_map(|t| event_in(t, year));
        Doc {
            source: options.source.clone(),
            year,
            main,
            event,
            gazetteer,
        }
    }
}

/// The year of a header date: `时间:2025-01-06 10:28`, `2020/12/8 14:21:00`,
/// `发布时间:2022年06月14日`: a full date after a label or before a time.
fn header_year(t: &[char]) -> Option<i32> {
    (0..t.len()).find_map(|i| {
        let (year, end) = date_at(t, i)?;
        let before: String = t.iter().take(i).skip(i.saturating_sub(8)).collect();
        let labelled = ["时间", "日期", "发布"].iter().any(|w| before.contains(w));
        let rest: String = t.iter().skip(end).take(7).collect::<String>();
        let timed = rest
            .trim_start()
            .chars()
            .take(3)
            .collect::<String>()
            .ends_with(':');
        (labelled || timed).then_some(year)
    })
}

/// A date `YYYY-M-D`, `YYYY/M/D` or `YYYY年M月D日` at `i`: (year, end).
fn date_at(t: &[char], i: usize) -> Option<(i32, usize)> {
    if i > 0 && t.get(i - 1).is_some_and(char::is_ascii_digit) {
        return None;
    }
    let number = |from: usize| {
        let len = t
            .iter()
            .skip(from)
            .take_while(|c| c.is_ascii_digit())
            .count();
        let text: String = t.iter().skip(from).take(len).collect();
        text.parse::<i32>().ok().map(|n| (n, from + len))
    };
    let (year, a) = number(i).filter(|(y, a)| *a == i + 4 && (1990..2100).contains(y))?;
    let (seps, last) = match t.get(a) {
        Some('年') => (('年', '月'), Some('日')),
        Some(&c @ ('-' | '/')) => ((c, c), None),
        _ => return None,
    };
    let (_, b) = number(a + 1).filter(|(_, b)| *b > a + 1 && t.get(*b) == Some(&seps.1))?;
    let (_, c) = number(b + 1).filter(|(_, c)| *c > b + 1)?;
    let end = if last.is_some() && t.get(c) == last.as_ref() {
        c + 1
    } else {
        c
    };
    Some((year, end))
}

/// Without a dated header: the latest year the article names, leaving out
/// years that end a range (`2023年到2025年`).
fn latest_year(texts: &[Vec<char>]) -> Option<i32> {
    texts
        .iter()
        .flat_map(|t| {
            markers(t, None)
                .into_iter()
                .filter_map(move |m| match m.kind {
                    MarkerKind::Year(y) if !ends_range(t, m.start) => Some(y),
                    _ => None,
                })
        })
        .max()
}

fn ends_range(t: &[char], at: usize) -> bool {
    at.checked_sub(1)
        .and_then(|p| t.get(p))
        .is_some_and(|c| "到至-—~".contains(*c))
}

/// The gazetteer place named most often (the first paragraph, the title,
/// counts three times); else the place name the text repeats most.
fn main_place(texts: &[Vec<char>], gazetteer: &Gazetteer) -> String {
    let mut counts: Vec<(String, bool, usize)> = Vec::new();
    for (k, t) in texts.iter().enumerate() {
        let weight = if k == 0 { 3 } else { 1 };
        for m in mentions(t, gazetteer) {
            match counts.iter_mut().find(|(r, _, _)| *r == m.region) {
                Some(entry) => entry.2 += weight,
                None => counts.push((m.region, m.known, weight)),
            }
        }
    }
    let best = |known: bool| {
        counts.iter().filter(|c| c.1 == known).fold(
            None,
            |best: Option<&(String, bool, usize)>, c| {
                if best.is_some_and(|b| b.2 >= c.2) {
                    best
                } else {
                    Some(c)
                }
            },
        )
    };
    best(true)
        .or_else(|| best(false))
        .map(|c| c.0.clone())
        .unwrap_or_default()
}

/// The first event with a day in this paragraph: a sentence naming both.
fn event_in(t: &[char], year: Option<i32>) -> Option<Event> {
    let found = markers(t, year);
    found.iter().find_map(|m| {
        let MarkerKind::Sub(day @ Sub::Day(..), _) = m.kind else {
            return None;
        };
        let sentence = span::text(t, span::sentence(t, m.start));
        let name = EVENT_WORDS.iter().find(|w| sentence.contains(*w))?;
        let stated = found.iter().rev().find_map(|y| match y.kind {
            MarkerKind::Year(y2) if y.end <= m.start => Some(y2),
            _ => None,
        });
        let period = render(stated.or(year)?, Some(day));
        Some(Event {
            name: (*name).to_string(),
            period,
        })
    })
}
