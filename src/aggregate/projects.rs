//! Figures computed from listed projects, per region (with every place inside
//! it rolled up exactly once) and period: counts, total investment, size
//! brackets, foreign and Fortune 500 projects, the split by sector and stage.

use super::index::{Facts, ProjectIndex, Size};
use super::Scope;
use crate::model::{
    Amount, Count, Currency, Dataset, Magnitude, Period, Project, Qualifier, RegionIdx, SourceIdx,
    Stage, Value,
};
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::BTreeMap;

/// A figure computed from listed projects: "from N listed projects".
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Computed {
    pub value: Value,
    pub period: Period,
    /// N, the listed projects of that region and period.
    pub projects: usize,
    /// Shared by the figures computed from the same projects (a region's
    /// year can cite thousands of sources, and each brief has eight such
    /// figures per region).
    pub sources: std::sync::Arc<[SourceIdx]>,
    /// Sums in currencies that no rate converts, kept apart.
    pub apart: Vec<Amount>,
    /// Rates used (CNY per unit), so the brief can name them.
    pub rates: Vec<(Currency, Decimal)>,
    /// Projects this figure could not take into account: unknown flag, no
    /// amount, or an amount in a currency with no rate.
    pub unknown: usize,
}

/// Size brackets of the distribution chart, in CNY.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Bracket {
    Below100m,
    From100m,
    From1b,
    From5b,
    NoAmount,
    NotConverted,
}

pub const BRACKETS: [Bracket; 6] = [
    Bracket::Below100m,
    Bracket::From100m,
    Bracket::From1b,
    Bracket::From5b,
    Bracket::NoAmount,
    Bracket::NotConverted,
];

/// Everything a brief shows about one region's listed projects.
#[derive(Debug, Clone, Serialize)]
pub struct ProjectStats {
    pub region: RegionIdx,
    /// The period the figures cover; in "latest", the region's newest.
    pub period: Option<Period>,
    /// How many projects are listed.
    pub count: usize,
    /// Indexes into `Dataset::projects` of the `LISTED` largest
    /// investments, largest first (the others are counted, not held: the
    /// briefs of a million projects list several million).
    pub largest: Vec<u32>,
    /// The listed projects' sources, each once, in the order of its largest
    /// project (as the brief cites them).
    pub sources: Vec<SourceIdx>,
    /// The currencies of the listed projects' investments, each once.
    pub currencies: Vec<Currency>,
    pub computed: Vec<(String, Computed)>,
    /// Projects per sector (`None`: not stated), most first.
    pub sectors: Vec<(Option<String>, usize)>,
    pub stages: Vec<(Option<Stage>, usize)>,
    pub brackets: Vec<(Bracket, usize)>,
}

/// How many of a region's listed projects a brief shows, largest first.
pub const LISTED: usize = 10;

impl ProjectStats {
    /// A region's stats without its projects.
    pub(super) fn unlisted(region: RegionIdx) -> ProjectStats {
        ProjectStats {
            region,
            period: None,
            count: 0,
            largest: Vec::new(),
            sources: Vec::new(),
            currencies: Vec::new(),
            computed: Vec::new(),
            sectors: Vec::new(),
            stages: Vec::new(),
            brackets: Vec::new(),
        }
    }

    /// The `LISTED` largest listed projects, largest first.
    pub fn projects<'a>(&'a self, data: &'a Dataset) -> impl Iterator<Item = &'a Project> + 'a {
        self.largest
            .iter()
            .filter_map(|i| data.projects.get(*i as usize))
    }

    pub fn computed(&self, metric: &str) -> Option<&Computed> {
        self.computed
            .iter()
            .find(|(id, _)| id == metric)
            .map(|(_, c)| c)
    }
}

pub(super) const YI: i64 = 100_000_000;

/// The stats of a region in a scope.
pub fn stats(
    data: &Dataset,
    index: &ProjectIndex,
    region: RegionIdx,
    scope: Scope,
) -> ProjectStats {
    let period = match scope {
        Scope::Period(p) => Some(p),
        Scope::Latest => index.newest_period(data, region),
    };
    let mut listed: Vec<usize> = match period {
        Some(p) => index.projects_in(region, p).collect(),
        None => Vec::new(),
    };
    // The sums and tallies below do not depend on order: in file order they
    // are gathered walking through memory in order instead of jumping about
    // (order of size), which matters at a million projects.
    listed.sort_unstable();
    let rates = Rates::new(data);
    let facts = index.facts(&listed);
    let computed = match period {
        Some(p) if !facts.is_empty() => {
            let listed = Listed {
                at: &listed,
                facts: &facts,
            };
            compute(&listed, data, p, &rates)
        }
        _ => Vec::new(),
    };
    let sectors = index.sectors(&facts);
    let stages = stages(&facts);
    let brackets = brackets(&facts);
    let sources = ProjectIndex::sources_by_size(&facts, data.sources.len());
    let mut currencies = Vec::new();
    for c in facts.iter().filter_map(|f| f.investment.map(|(c, _)| c)) {
        if !currencies.contains(&c) {
            currencies.push(c);
        }
    }
    currencies.sort_unstable();
    ProjectStats {
        region,
        period,
        sectors,
        stages,
        brackets,
        count: listed.len(),
        largest: ProjectIndex::largest_first(&listed, &facts, LISTED),
        sources,
        currencies,
        computed,
    }
}

/// Projects per stage, most first, then in stage order; "not stated"
/// (`None`) always last. Counted in an array: this runs for every brief and
/// region, over every project they list.
fn stages(facts: &[Facts]) -> Vec<(Option<Stage>, usize)> {
    let mut counts = [0usize; Stage::ALL.len() + 1];
    for f in facts {
        let slot = f
            .stage
            .and_then(|s| Stage::ALL.iter().position(|x| *x == s))
            .unwrap_or(Stage::ALL.len());
        if let Some(c) = counts.get_mut(slot) {
            *c += 1;
        }
    }
    let keys = Stage::ALL.into_iter().map(Some).chain([None]);
    let mut out: Vec<(Option<Stage>, usize)> = keys.zip(counts).filter(|(_, n)| *n > 0).collect();
    out.sort_by(|a, b| (a.0.is_none(), b.1, &a.0).cmp(&(b.0.is_none(), a.1, &b.0)));
    out
}

/// Exchange rates of the dataset: CNY per unit.
pub struct Rates(BTreeMap<Currency, Decimal>);

impl Rates {
    pub fn new(data: &Dataset) -> Rates {
        let mut map = BTreeMap::new();
        map.insert(Currency::Cny, Decimal::ONE);
        for (code, rate) in &data.config.exchange_rates {
            if let Some(currency) = Currency::parse(code) {
                map.insert(currency, *rate);
            }
        }
        Rates(map)
    }

    /// Rates of the currencies given (CNY is 1).
    #[cfg(test)]
    pub(super) fn of(rates: &[(Currency, Decimal)]) -> Rates {
        let cny = std::iter::once((Currency::Cny, Decimal::ONE));
        Rates(cny.chain(rates.iter().copied()).collect())
    }

    pub fn rate(&self, currency: Currency) -> Option<Decimal> {
        self.0.get(&currency).copied()
    }

    pub fn in_cny(&self, amount: &Amount) -> Option<Decimal> {
        amount.value().checked_mul(self.rate(amount.currency)?)
    }

    pub fn convert(&self, amount: &Amount, to: Currency) -> Option<Decimal> {
        if amount.currency == to {
            return Some(amount.value());
        }
        let to_rate = self.rate(to)?;
        if to_rate.is_zero() {
            return None;
        }
        self.in_cny(amount)?.checked_div(to_rate)
    }
}

/// What a sum of parts may claim: exact parts give an exact sum; any
/// "nearly" or "about" part makes it about; otherwise any "over" or "at
/// least" part makes it at least the sum.
pub fn combine(parts: impl Iterator<Item = Qualifier>) -> Qualifier {
    parts.fold(Qualifier::Exact, |acc, q| match (acc, q) {
        (Qualifier::About, _) | (_, Qualifier::About | Qualifier::Nearly) => Qualifier::About,
        (Qualifier::AtLeast, _) | (_, Qualifier::Over | Qualifier::AtLeast) => Qualifier::AtLeast,
        _ => Qualifier::Exact,
    })
}

/// Whether an amount counts in a bracket "at or above" the threshold: an
/// amount nearly at a value is below it; about and over count at face value.
pub(super) fn reaches(qualifier: Qualifier, value: Decimal, threshold: Decimal) -> bool {
    match qualifier {
        Qualifier::Nearly => value > threshold,
        _ => value >= threshold,
    }
}

/// The projects of a region and period, in file order: each's place in
/// `Dataset::projects` and its facts.
struct Listed<'a> {
    at: &'a [usize],
    facts: &'a [Facts],
}

fn compute(
    listed: &Listed<'_>,
    data: &Dataset,
    period: Period,
    rates: &Rates,
) -> Vec<(String, Computed)> {
    let facts = listed.facts;
    let sources = distinct_sources(facts).into();
    let base = Computed {
        value: count(facts.len()),
        period,
        projects: facts.len(),
        sources,
        apart: Vec::new(),
        rates: Vec::new(),
        unknown: 0,
    };
    let mut out = vec![("signed_projects".to_string(), base.clone())];
    let used = used_rates(facts, rates);
    if let Some(total) = investment(listed, data, rates, &base, &used) {
        out.push(("signed_investment".to_string(), total));
    }
    // Sizes were put in brackets once per build (`ProjectIndex`); a
    // bracket's lower bound is the threshold, and the brackets nest.
    let sizes = || facts.iter().map(|f| f.size);
    let converted = |s: &Size| s.bracket <= Bracket::From5b;
    let cny_known = sizes().filter(converted).count();
    let from = |b: Bracket| sizes().filter(|s| converted(s) && s.bracket >= b).count();
    let usd_known = sizes().filter(|s| s.usd_100m.is_some()).count();
    let usd_hits = sizes().filter(|s| s.usd_100m == Some(true)).count();
    for (id, hits, known) in [
        ("projects_ge_100m_cny", from(Bracket::From100m), cny_known),
        ("projects_ge_1b_cny", from(Bracket::From1b), cny_known),
        ("projects_ge_5b_cny", from(Bracket::From5b), cny_known),
        ("projects_ge_100m_usd", usd_hits, usd_known),
    ] {
        out.push((
            id.to_string(),
            Computed {
                value: count(hits),
                unknown: facts.len() - known,
                rates: used.clone(),
                ..base.clone()
            },
        ));
    }
    for (id, flag) in [
        (
            "fortune500_projects",
            (|f: &Facts| f.fortune500) as fn(&Facts) -> Option<bool>,
        ),
        ("foreign_projects", |f: &Facts| f.foreign),
    ] {
        let hits = facts.iter().filter(|f| flag(f) == Some(true)).count();
        let unknown = facts.iter().filter(|f| flag(f).is_none()).count();
        out.push((
            id.to_string(),
            Computed {
                value: count(hits),
                unknown,
                ..base.clone()
            },
        ));
    }
    out
}

fn count(n: usize) -> Value {
    Value::Count(Count {
        number: n as u64,
        qualifier: Qualifier::Exact,
    })
}

/// The sources of the projects, each once, in order. Marked in a table
/// rather than sorted: a region's year can list 100,000 projects.
fn distinct_sources(facts: &[Facts]) -> Vec<SourceIdx> {
    let mut seen: Vec<bool> = Vec::new();
    for f in facts {
        let i = f.source.0 as usize;
        if i >= seen.len() {
            seen.resize(i + 1, false);
        }
        seen[i] = true; // ok: resized above
    }
    let marked = seen.iter().enumerate().filter(|(_, s)| **s);
    marked.map(|(i, _)| SourceIdx(i as u32)).collect()
}

/// The rates the projects' amounts were converted with, in currency order.
fn used_rates(facts: &[Facts], rates: &Rates) -> Vec<(Currency, Decimal)> {
    // A handful of currencies among many amounts: look each up once.
    let mut currencies: Vec<Currency> = Vec::new();
    for (currency, _) in facts.iter().filter_map(|f| f.investment) {
        if currency != Currency::Cny && !currencies.contains(&currency) {
            currencies.push(currency);
        }
    }
    currencies.sort();
    let used = currencies.into_iter();
    used.filter_map(|c| Some((c, rates.rate(c)?))).collect()
}

/// Total investment in CNY through the rates; amounts in a currency with no
/// rate are summed apart, per currency, and never mixed in.
fn investment(
    listed: &Listed<'_>,
    data: &Dataset,
    rates: &Rates,
    base: &Computed,
    used: &[(Currency, Decimal)],
) -> Option<Computed> {
    // Each with its place in `Dataset::projects`.
    let amounts: Vec<(usize, &Facts)> = listed
        .at
        .iter()
        .zip(listed.facts)
        .filter(|(_, f)| f.investment.is_some())
        .map(|(i, f)| (*i, f))
        .collect();
    if amounts.is_empty() {
        return None;
    }
    let has_rate = |f: &Facts| f.investment.is_some_and(|(c, _)| rates.rate(c).is_some());
    let (convertible, apart): (Vec<&(usize, &Facts)>, Vec<_>) =
        amounts.iter().partition(|(_, f)| has_rate(f));
    // Amounts apart are read from their projects (no rate, so no CNY).
    let mut by_currency: BTreeMap<Currency, Vec<&Amount>> = BTreeMap::new();
    for a in apart
        .iter()
        .filter_map(|(i, _)| data.projects.get(*i)?.investment.as_ref())
    {
        by_currency.entry(a.currency).or_default().push(a);
    }
    let mut sums: Vec<Amount> = by_currency
        .values()
        .map(|parts| {
            sum(
                parts.iter().map(|a| (a.qualifier, a.value())),
                parts[0].currency,
            )
        }) // ok: groups are never empty
        .collect();
    let value = if convertible.is_empty() {
        sums.remove(0) // ok: amounts is non-empty and none is convertible, so sums has one entry at least
    } else {
        // In CNY as converted once per build (`ProjectIndex`).
        let cny = |f: &Facts| Some((f.investment?.1, f.cny?));
        sum(
            convertible.iter().filter_map(|(_, f)| cny(f)),
            Currency::Cny,
        )
    };
    Some(Computed {
        value: Value::Amount(value),
        apart: sums,
        rates: used.to_vec(),
        unknown: listed.facts.len() - amounts.len(),
        ..base.clone()
    })
}

fn sum(parts: impl Iterator<Item = (Qualifier, Decimal)> + Clone, currency: Currency) -> Amount {
    let values = parts.clone().map(|(_, v)| v);
    Amount {
        number: whole_millionths_sum(values.clone()).unwrap_or_else(|| values.sum()),
        magnitude: Magnitude::Unit,
        currency,
        qualifier: combine(parts.map(|(q, _)| q)),
    }
}

/// The sum of decimals, exactly as adding them gives it (scale included),
/// when each is a whole number of millionths: added as integers, several
/// times faster, for the totals over a million projects. `None` otherwise.
fn whole_millionths_sum(values: impl Iterator<Item = Decimal>) -> Option<Decimal> {
    let (mut total, mut scale) = (0i128, 0u32);
    for v in values {
        if v.scale() > 6 {
            return None;
        }
        total = total.checked_add(super::index::micro_units(v)?)?;
        scale = scale.max(v.scale());
    }
    let mut sum = Decimal::try_from_i128_with_scale(total, 6).ok()?;
    // Every part is a whole number at `scale`, so the sum is too.
    sum.rescale(scale);
    Some(sum)
}

fn brackets(facts: &[Facts]) -> Vec<(Bracket, usize)> {
    let mut counts: BTreeMap<Bracket, usize> = BRACKETS.iter().map(|b| (*b, 0)).collect();
    for f in facts {
        *counts.entry(f.size.bracket).or_default() += 1;
    }
    counts.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Summed as millionths, a total is the decimal sum, digit for
        /// digit (the scale shows in the text).
        #[test]
        fn millionths_sum_is_the_decimal_sum(
            parts in proptest::collection::vec((-(1i64 << 62)..(1i64 << 62), 0u32..=8), 0..50),
        ) {
            let values: Vec<Decimal> = parts.iter().map(|(m, s)| Decimal::new(*m, *s)).collect();
            if let Some(fast) = whole_millionths_sum(values.iter().copied()) {
                let slow: Decimal = values.iter().copied().sum();
                prop_assert_eq!(fast.to_string(), slow.to_string());
            }
        }
    }

    #[test]
    fn conversions_that_overflow_are_no_value_not_a_panic(
    ) -> Result<(), crate::model::value::ValueError> {
        let huge = Amount::parse("1000000000000000美元")?;
        let rates = Rates(BTreeMap::from([
            (Currency::Cny, Decimal::ONE),
            (Currency::Usd, Decimal::MAX),
            (Currency::Eur, Decimal::new(1, 28)),
        ]));
        assert_eq!(rates.in_cny(&huge), None);
        assert_eq!(
            rates.convert(&Amount::parse("1000000000000000元")?, Currency::Eur),
            None
        );
        Ok(())
    }

    #[test]
    fn sums_claim_only_what_their_parts_allow() {
        use Qualifier::*;
        for (parts, want) in [
            (vec![Exact, Exact], Exact),
            (vec![Exact, Over], AtLeast),
            (vec![AtLeast, Exact], AtLeast),
            (vec![Over, Nearly], About),
            (vec![Exact, About], About),
            (vec![Nearly], About),
            (vec![], Exact),
        ] {
            assert_eq!(combine(parts.clone().into_iter()), want, "{parts:?}");
        }
    }

    #[test]
    fn nearly_at_a_threshold_is_below_it() {
        let t = Decimal::from(YI);
        assert!(!reaches(Qualifier::Nearly, t, t));
        assert!(reaches(Qualifier::Exact, t, t));
        assert!(reaches(Qualifier::AtLeast, t, t));
        assert!(reaches(Qualifier::About, t, t));
        assert!(reaches(Qualifier::Over, t, t));
        assert!(reaches(Qualifier::Nearly, t * Decimal::TWO, t));
    }
}
