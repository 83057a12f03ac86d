//! One paragraph's candidate rows and unreadable figures.

use super::classify::{self, Outcome};
use super::doc::{normalise, Doc, EVENT_WORDS};
use super::period::{markers, render, Marker, MarkerKind, Sub};
use super::place::{mentions, names_a_project};
use super::scan::{self, Figure, Kind};
use super::span;
use super::{Candidate, Extraction, Unreadable};

/// What carries over from one paragraph to the next.
#[derive(Debug, Default)]
pub struct State {
    /// The period of the last figure, in an earlier paragraph, whose
    /// paragraph stated one.
    carry: Option<String>,
    /// The same in this paragraph, carried over when it ends.
    latest: Option<String>,
}

/// A paragraph being read: original and normalised text, its figures.
struct Para<'a> {
    original: &'a str,
    orig: Vec<char>,
    t: Vec<char>,
    figures: Vec<Figure>,
    markers: Vec<Marker>,
}

/// When a figure holds: period, event, and the doubts about them.
struct When {
    period: String,
    event: String,
    flags: Vec<&'static str>,
}

pub fn extract(paragraph: &str, doc: &Doc, state: &mut State, out: &mut Extraction) {
    let t = normalise(paragraph);
    let p = Para {
        original: paragraph,
        orig: paragraph.chars().collect(),
        figures: scan::figures(&t),
        markers: markers(&t, doc.year),
        t,
    };
    for g in scan::garbles(&p.t) {
        out.unreadable.push(p.unreadable(g.start, g.reason));
    }
    for (k, outcome) in resolve(&p.t, &p.figures).into_iter().enumerate() {
        let Some(f) = p.figures.get(k) else { continue };
        match outcome {
            Outcome::Garbled(reason) => out.unreadable.push(p.unreadable(f.start, reason)),
            Outcome::Metric(metric) if !classify::is_target(&p.t, f) => {
                out.candidates.extend(p.candidate(k, metric, doc, state));
            }
            _ => {}
        }
    }
    if let Some(latest) = state.latest.take() {
        state.carry = Some(latest);
    }
}

/// The outcome of every figure: counts first (their labels are consumed),
/// then amounts (which may total a count), then figures said of a subject.
pub(super) fn resolve(t: &[char], figures: &[Figure]) -> Vec<Outcome> {
    let mut outcomes = vec![Outcome::Skip; figures.len()];
    let mut consumed: Vec<(usize, usize)> = Vec::new();
    for (k, f) in figures
        .iter()
        .enumerate()
        .filter(|(_, f)| f.kind == Kind::Count)
    {
        let (outcome, label) = classify::count(t, f);
        outcomes[k] = outcome; // ok: k < figures.len() == outcomes.len()
        consumed.extend(label);
    }
    let metrics = |outcomes: &[Outcome]| -> Vec<Option<String>> {
        outcomes
            .iter()
            .map(|o| {
                if let Outcome::Metric(m) = o {
                    Some(m.clone())
                } else {
                    None
                }
            })
            .collect()
    };
    for (k, f) in figures
        .iter()
        .enumerate()
        .filter(|(_, f)| f.kind == Kind::Amount)
    {
        if !consumed.iter().any(|&(s, e)| f.start >= s && f.end <= e) {
            outcomes[k] = classify::amount(t, k, figures, &metrics(&outcomes)); // ok: k in range
        }
    }
    let known = metrics(&outcomes);
    let mut subject: Option<(usize, String)> = None;
    for (k, f) in figures.iter().enumerate() {
        let sentence = span::sentence(t, f.start).0;
        let here = subject
            .as_ref()
            .filter(|(s, _)| *s == sentence)
            .map(|(_, m)| m.as_str());
        if matches!(f.kind, Kind::Count | Kind::Amount) {
            if let Some(Some(m)) = known.get(k) {
                subject = Some((sentence, m.clone()));
            }
        } else if matches!(f.kind, Kind::Energy(_) | Kind::Area(_)) {
            outcomes[k] = classify::quantity(t, f); // ok: k in range
        } else {
            outcomes[k] = classify::relative(t, f, here); // ok: k in range
        }
    }
    outcomes
}

impl Para<'_> {
    fn unreadable(&self, at: usize, reason: &str) -> Unreadable {
        Unreadable {
            text: span::text(&self.orig, span::clause(&self.t, at)),
            reason: reason.to_string(),
            paragraph: self.original.to_string(),
        }
    }

    /// The row for figure `k`; none for a capacity or area that no place in
    /// its sentence holds (a firm's or a project's).
    fn candidate(
        &self,
        k: usize,
        metric: String,
        doc: &Doc,
        state: &mut State,
    ) -> Option<Candidate> {
        let (f_start, value, kind) = match self.figures.get(k) {
            Some(f) => (f.start, f.value.clone(), f.kind),
            None => (0, String::new(), Kind::Count), // ok: k always indexes self.figures
        };
        let (region, region_flag) = self.region(f_start, doc);
        let unit = match kind {
            Kind::Energy(unit) | Kind::Area(unit) if region_flag.is_none() => Some(unit),
            Kind::Energy(_) | Kind::Area(_) => return None,
            _ => None,
        };
        let mut when = self.when(k, doc, state);
        when.flags.extend(region_flag);
        let builtin = crate::model::Catalogue::is_builtin(&metric);
        if !builtin {
            when.flags.push("proposed_metric");
        }
        let confidence = (0.95 - 0.15 * when.flags.len() as f32).max(0.3);
        let mut notes: Vec<String> = when.flags.iter().map(|f| explain(f).to_string()).collect();
        notes.extend(unit.map(|u| format!("unit: {u}")));
        Some(Candidate {
            region,
            period: when.period,
            metric,
            value,
            kind: kind.metric_kind(),
            source: doc.source.clone(),
            event: when.event,
            note: notes.join("; "),
            builtin,
            confidence,
            flags: when.flags.iter().map(|f| (*f).to_string()).collect(),
            text: span::text(&self.orig, span::clause(&self.t, f_start)),
            paragraph: self.original.to_string(),
        })
    }

    /// The nearest place named before the figure in its sentence, else the
    /// article's main place.
    fn region(&self, at: usize, doc: &Doc) -> (String, Option<&'static str>) {
        let (ss, _) = span::sentence(&self.t, at);
        let found = mentions(&self.t, &doc.gazetteer)
            .into_iter()
            .rfind(|m| m.start >= ss && m.end <= at && !names_a_project(&self.t, m));
        match found {
            Some(m) => (m.region, None),
            None => (doc.main.clone(), Some("region_default")),
        }
    }

    /// The marker a figure's period comes from: the last one before it that
    /// is not bound to another figure (`从6月底的32个增加到46个`: `6月底` is
    /// 32's); `今年` only within the figure's own sentence.
    fn marker_for(&self, k: usize) -> Option<&Marker> {
        let f = self.figures.get(k)?;
        let (ss, _) = span::sentence(&self.t, f.start);
        self.markers
            .iter()
            .filter(|m| m.end <= f.start && (!m.relative || m.start >= ss))
            .rfind(|m| self.bound(m).is_none_or(|b| b == k))
    }

    /// The figure a marker belongs to: the first after it in its clause.
    fn bound(&self, m: &Marker) -> Option<usize> {
        let (_, ce) = span::clause(&self.t, m.start);
        self.figures
            .iter()
            .position(|g| g.start >= m.end && g.start < ce)
    }

    fn when(&self, k: usize, doc: &Doc, state: &mut State) -> When {
        let Some(m) = self.marker_for(k) else {
            return self.unstated(doc, state);
        };
        let (year, sub, garbled) = match m.kind {
            MarkerKind::Year(y) => (Some(y), None, false),
            MarkerKind::Sub(s, g) => (self.year_before(m.start).or(doc.year), Some(s), g),
        };
        let mut flags = if garbled {
            vec!["garble_repaired"]
        } else {
            Vec::new()
        };
        let Some(year) = year else {
            flags.push("period_assumed");
            return When {
                period: String::new(),
                event: String::new(),
                flags,
            };
        };
        let period = render(year, sub);
        let event = match sub {
            Some(Sub::Day(..)) => self.event_near(m.start, k),
            _ => {
                state.latest = Some(period.clone());
                String::new()
            }
        };
        When {
            period,
            event,
            flags,
        }
    }

    fn year_before(&self, at: usize) -> Option<i32> {
        self.markers.iter().rev().find_map(|m| match m.kind {
            MarkerKind::Year(y) if m.end <= at => Some(y),
            _ => None,
        })
    }

    /// The event named in the sentence of the day or of the figure.
    fn event_near(&self, day: usize, k: usize) -> String {
        let f_start = self.figures.get(k).map_or(day, |f| f.start);
        [day, f_start]
            .iter()
            .map(|&at| span::text(&self.t, span::sentence(&self.t, at)))
            .find_map(|s| {
                EVENT_WORDS
                    .iter()
                    .find(|w| s.contains(*w))
                    .map(|w| (*w).to_string())
            })
            .unwrap_or_default()
    }

    /// A paragraph that states no period: the article's event when it is
    /// about a signing, else the period carried over, else the article's year.
    fn unstated(&self, doc: &Doc, state: &State) -> When {
        let text: String = self.t.iter().collect();
        let about_event = text.contains("签约") || EVENT_WORDS.iter().any(|w| text.contains(w));
        if let Some(event) = doc.event.as_ref().filter(|_| about_event) {
            return When {
                period: event.period.clone(),
                event: event.name.clone(),
                flags: Vec::new(),
            };
        }
        let period = state
            .carry
            .clone()
            .or_else(|| doc.year.map(|y| y.to_string()))
            .unwrap_or_default();
        When {
            period,
            event: String::new(),
            flags: vec!["period_assumed"],
        }
    }
}

/// A flag in words, for the `note` column.
fn explain(flag: &str) -> &'static str {
    match flag {
        "region_default" => "region: the article's main place",
        "period_assumed" => "period: not stated in the paragraph",
        "proposed_metric" => "metric: proposed id, not in the catalogue",
        "garble_repaired" => "period read from a garbled form (头部季度 as 第一季度)",
        _ => "check",
    }
}
