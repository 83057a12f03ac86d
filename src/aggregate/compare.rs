//! Comparing regions fairly: ranks and shares only where figures share a
//! period, a currency and a kind, and no compared region contains another;
//! year-on-year growth; and the notes that tell a reader what differs.

use super::projects::Rates;
use super::{Cell, ProjectStats, Reports, Row, Scope};
use crate::model::{
    Better, Currency, Dataset, MetricIdx, MetricKind, Percent, Period, Points, Qualifier,
    RegionIdx, Value,
};
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::BTreeSet;

/// Something a reader must know to compare the figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Comparability {
    /// `inner` lies inside `outer`: the outer figures include the inner ones,
    /// and the two are never added together or ranked against each other.
    Nested { inner: RegionIdx, outer: RegionIdx },
    /// The figures of a row are for different periods.
    Periods { periods: Vec<Period> },
    /// Amounts in currencies that no rate converts: not compared.
    Currencies { currencies: Vec<Currency> },
    /// Amounts in `currency` were converted to CNY at `rate`.
    Rate {
        currency: Currency,
        rate: Decimal,
        source: Option<String>,
    },
    /// No rate for `currency`: its amounts are kept apart, and size brackets
    /// hold only amounts in their own currency.
    NoRate { currency: Currency },
    /// Some figures of the row are not exact (超/近/约/以上).
    Qualified,
    /// A computed figure differs from the reported one: the listed projects
    /// may be only some of those the source counted.
    ReportedDiffers { region: RegionIdx },
    /// Event tallies are listed apart and never counted as period figures.
    Events,
    /// The latest brief sets figures of different periods side by side.
    Latest,
    /// Some figures of a row are reported by sources, others computed from
    /// listed projects: not ranked against each other.
    Definitions,
}

impl Comparability {
    /// Whether the figures of a row may not be set against each other
    /// (ranked, shared out, drawn on one axis).
    pub fn blocks_comparison(&self) -> bool {
        matches!(
            self,
            Comparability::Periods { .. }
                | Comparability::Currencies { .. }
                | Comparability::Definitions
        )
    }
}

/// Change against the same period one year earlier.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct Growth {
    pub previous: Period,
    /// For amounts and counts.
    pub percent: Option<Percent>,
    /// For percentages: the difference in percentage points.
    pub points: Option<Points>,
}

/// Regions that do not lie inside another compared region: the ones that
/// can be ranked and shared out without double counting.
fn independent(data: &Dataset, compared: &[RegionIdx]) -> Vec<bool> {
    compared
        .iter()
        .map(|r| {
            !compared
                .iter()
                .any(|o| o != r && data.regions.within(*r, *o))
        })
        .collect()
}

/// The currency figures are compared in: their own when they share one,
/// else CNY through the rates.
fn common_currency<'a>(values: impl Iterator<Item = &'a Value>) -> Currency {
    let mut found: Option<Currency> = None;
    for v in values {
        if let Value::Amount(a) = v {
            match found {
                None => found = Some(a.currency),
                Some(c) if c != a.currency => return Currency::Cny,
                Some(_) => {}
            }
        }
    }
    found.unwrap_or(Currency::Cny)
}

/// A lead figure as a number comparable across regions, in `currency`.
fn comparable(value: &Value, rates: &Rates, currency: Currency) -> Option<Decimal> {
    match value {
        Value::Amount(a) => rates.convert(a, currency),
        Value::Count(c) => Some(Decimal::from(c.number)),
        Value::Percent(p) => Some(p.number),
        Value::Points(p) => Some(p.number),
        Value::Quantity(q) => Some(q.number),
        Value::Rank(_) => None,
    }
}

/// Ranks and shares for a row, or the notes that say why there are none.
pub fn rank_and_share(data: &Dataset, compared: &[RegionIdx], row: &mut Row) {
    let metric = data.metrics.get(row.metric);
    let rates = Rates::new(data);
    let free = independent(data, compared);
    let leads: Vec<(usize, Value, Period)> = row
        .cells
        .iter()
        .enumerate()
        .filter(|(i, _)| free[*i])
        .filter_map(|(i, c)| c.lead().map(|(v, p)| (i, *v, p)))
        .collect();
    row_notes(row, &leads, &rates);
    let reported = leads
        .iter()
        .filter(|(i, ..)| row.cells[*i].reported.is_some())
        .count();
    if reported > 0 && reported < leads.len() {
        row.notes.push(Comparability::Definitions);
    }
    if leads.len() < 2
        || metric.kind == MetricKind::Rank
        || row.notes.iter().any(Comparability::blocks_comparison)
    {
        return;
    }
    // Ranked at face value: say so when some figures are bounds.
    if leads
        .iter()
        .any(|(_, v, _)| v.qualifier() != Qualifier::Exact)
    {
        row.notes.push(Comparability::Qualified);
    }
    let currency = common_currency(leads.iter().map(|(_, v, _)| v));
    let values: Vec<(usize, Decimal)> = leads
        .iter()
        .filter_map(|(i, v, _)| Some((*i, comparable(v, &rates, currency)?)))
        .collect();
    let lower_better = metric.better == Some(Better::Lower);
    for (i, v) in &values {
        let ahead = values
            .iter()
            .filter(|(_, o)| if lower_better { o < v } else { o > v })
            .count();
        row.cells[*i].rank = Some(ahead as u32 + 1);
    }
    let best = if lower_better {
        values.iter().map(|(_, v)| *v).min()
    } else {
        values.iter().map(|(_, v)| *v).max()
    };
    if let Some(best) = best {
        for (i, v) in &values {
            let behind = best.checked_sub(*v).map(|d| d.abs()).unwrap_or_default();
            if !behind.is_zero() {
                row.cells[*i].gap = gap(metric.kind, behind, currency);
            }
        }
    }
    let total = values
        .iter()
        .try_fold(Decimal::ZERO, |sum, (_, v)| sum.checked_add(*v));
    if let Some(total) = total.filter(|t| super::additive(metric.kind) && !t.is_zero()) {
        for (i, v) in &values {
            row.cells[*i].share = v.checked_div(total);
        }
    }
}

/// A distance between two comparable figures, as a value of the row's kind.
fn gap(kind: MetricKind, behind: Decimal, currency: Currency) -> Option<Value> {
    let qualifier = Qualifier::Exact;
    match kind {
        MetricKind::Money => Some(Value::Amount(crate::model::Amount {
            number: behind,
            magnitude: crate::model::Magnitude::Unit,
            currency,
            qualifier,
        })),
        MetricKind::Count => Some(Value::Count(crate::model::Count {
            number: rust_decimal::prelude::ToPrimitive::to_u64(&behind.trunc())?,
            qualifier,
        })),
        MetricKind::Percent | MetricKind::Points => Some(Value::Points(Points {
            number: behind,
            qualifier,
        })),
        MetricKind::Area | MetricKind::Energy => Some(Value::Quantity(crate::model::Quantity {
            number: behind,
            qualifier,
        })),
        MetricKind::Rank => None,
    }
}

fn row_notes(row: &mut Row, leads: &[(usize, Value, Period)], rates: &Rates) {
    let periods: BTreeSet<Period> = leads.iter().map(|(_, _, p)| *p).collect();
    if periods.len() > 1 {
        row.notes.push(Comparability::Periods {
            periods: periods.into_iter().collect(),
        });
    }
    let unconverted: BTreeSet<Currency> = leads
        .iter()
        .filter_map(|(_, v, _)| match v {
            Value::Amount(a) if rates.rate(a.currency).is_none() => Some(a.currency),
            _ => None,
        })
        .collect();
    let currencies: BTreeSet<Currency> = leads
        .iter()
        .filter_map(|(_, v, _)| match v {
            Value::Amount(a) => Some(a.currency),
            _ => None,
        })
        .collect();
    if !unconverted.is_empty() && currencies.len() > 1 {
        row.notes.push(Comparability::Currencies {
            currencies: currencies.into_iter().collect(),
        });
    }
}

/// Year-on-year growth of each cell's lead figure, where the same region,
/// metric and definition (reported or computed) exist one year earlier.
pub fn growth(data: &Dataset, compared: &[RegionIdx], row: &mut Row, reports: &Reports<'_>) {
    let kind = data.metrics.get(row.metric).kind;
    let rates = Rates::new(data);
    for (cell, region) in row.cells.iter_mut().zip(compared) {
        cell.growth = cell_growth(reports, *region, row.metric, kind, cell, &rates);
    }
    for (i, cell) in row.cells.iter().enumerate() {
        if let (Some(r), Some(c)) = (&cell.reported, &cell.computed) {
            let currency = common_currency([&r.value, &c.value].into_iter());
            if comparable(&r.value, &rates, currency) != comparable(&c.value, &rates, currency) {
                row.notes.push(Comparability::ReportedDiffers {
                    region: compared[i],
                });
            }
        }
    }
}

fn cell_growth(
    reports: &Reports<'_>,
    region: RegionIdx,
    metric: MetricIdx,
    kind: MetricKind,
    cell: &Cell,
    rates: &Rates,
) -> Option<Growth> {
    // Only reported figures: a figure computed from listed projects depends
    // on how completely each year's projects were listed.
    let r = cell.reported.as_ref()?;
    let previous = r.period.previous_year()?;
    let before = reports.get(Scope::Period(previous), region, metric)?;
    let (now, previous) = (r.value, before.value);
    let period = r.period.previous_year()?;
    change(kind, &now, &previous, rates).map(|(percent, points)| Growth {
        previous: period,
        percent,
        points,
    })
}

fn change(
    kind: MetricKind,
    now: &Value,
    before: &Value,
    rates: &Rates,
) -> Option<(Option<Percent>, Option<Points>)> {
    let qualifier = if now.qualifier() == Qualifier::Exact && before.qualifier() == Qualifier::Exact
    {
        Qualifier::Exact
    } else {
        Qualifier::About
    };
    let currency = common_currency([now, before].into_iter());
    let (a, b) = (
        comparable(now, rates, currency)?,
        comparable(before, rates, currency)?,
    );
    match kind {
        MetricKind::Percent | MetricKind::Points => Some((
            None,
            Some(Points {
                number: a.checked_sub(b)?.round_dp(1),
                qualifier,
            }),
        )),
        MetricKind::Rank => None,
        _ if b.is_zero() => None,
        // A change too large for a decimal (from a tiny figure to a huge
        // one) is no figure rather than an overflow.
        _ => Some((
            Some(Percent {
                number: a
                    .checked_sub(b)?
                    .checked_div(b)?
                    .checked_mul(Decimal::ONE_HUNDRED)?
                    .round_dp(1),
                qualifier,
            }),
            None,
        )),
    }
}

/// Notes for the whole brief: nesting, rates, events, latest.
pub fn brief_notes(
    data: &Dataset,
    scope: Scope,
    compared: &[RegionIdx],
    rows: &[Row],
    projects: &[ProjectStats],
) -> Vec<Comparability> {
    let mut notes = Vec::new();
    if scope == Scope::Latest {
        notes.push(Comparability::Latest);
    }
    for inner in compared {
        for outer in compared {
            if inner != outer && data.regions.within(*inner, *outer) {
                notes.push(Comparability::Nested {
                    inner: *inner,
                    outer: *outer,
                });
            }
        }
    }
    let rates = Rates::new(data);
    for currency in currencies(rows, projects) {
        notes.push(match rates.rate(currency) {
            Some(rate) => Comparability::Rate {
                currency,
                rate,
                source: data.config.exchange_rate_source.clone(),
            },
            None => Comparability::NoRate { currency },
        });
    }
    notes
}

/// Currencies other than CNY among a brief's amounts.
fn currencies(rows: &[Row], projects: &[ProjectStats]) -> BTreeSet<Currency> {
    let mut out = BTreeSet::new();
    let mut add = |v: &Value| {
        if let Value::Amount(a) = v {
            if a.currency != Currency::Cny {
                out.insert(a.currency);
            }
        }
    };
    for cell in rows.iter().flat_map(|r| &r.cells) {
        if let Some(r) = &cell.reported {
            add(&r.value);
        }
    }
    let listed = projects.iter().flat_map(|s| &s.currencies);
    out.extend(listed.filter(|c| **c != Currency::Cny));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_too_large_for_a_decimal_is_no_figure() -> Result<(), Box<dyn std::error::Error>> {
        let data = crate::ingest::load(&crate::ingest::DataSource::Builtin)?.dataset;
        let rates = Rates::new(&data);
        let huge = Value::parse("1000000000000000元", MetricKind::Money)?;
        let tiny = Value::parse("0.000000000000000000001元", MetricKind::Money)?;
        assert_eq!(change(MetricKind::Money, &huge, &tiny, &rates), None);
        assert!(change(MetricKind::Money, &tiny, &huge, &rates).is_some());
        let big = Value::parse("99999999999999999999999999%", MetricKind::Percent);
        let small = Value::parse("-99999999999999999999999999%", MetricKind::Percent);
        if let (Ok(big), Ok(small)) = (big, small) {
            let _ = change(MetricKind::Percent, &big, &small, &rates);
        }
        Ok(())
    }
}
