//! The listed projects of every region, bucketed once per build: each
//! region's bucket holds its own dated projects and those of every place
//! inside it (so a roll-up never walks the region tree per project), sorted
//! by first day, so a period's projects are one binary search and a scan of
//! exactly the projects that start inside it. Without it, every brief ×
//! region scanned every project (O(briefs × regions × projects)).

use super::projects::{reaches, Bracket, Rates, YI};
use crate::model::{Amount, Currency, Qualifier, SourceIdx, Stage};
use crate::model::{Dataset, Period, RegionIdx};
use chrono::{Datelike, NaiveDate};
use rayon::prelude::*;
use rust_decimal::Decimal;

#[derive(Debug, Clone, Copy)]
struct Entry {
    first: NaiveDate,
    last: NaiveDate,
    project: u32,
}

/// Projects by region (rolled up) and date, and what the briefs' figures
/// need of each project.
#[derive(Debug, Clone)]
pub struct ProjectIndex {
    dated: Vec<Vec<Entry>>,
    sectors: Vec<String>,
    /// The projects without a date, in file order ("latest" lists them).
    undated: Vec<u32>,
    /// Each project's facts, in the order of `Dataset::projects`.
    facts: Vec<Facts>,
}

/// What the figures of a brief need of a project, in one place and
/// worked out once per build: the figures of a region and period read
/// these, not the projects themselves and four columns beside them (at a
/// million projects, five cache misses for each project of each brief).
#[derive(Debug, Clone, Copy)]
pub struct Facts {
    /// The investment in CNY through the dataset's rates (`None`: no
    /// amount, no rate, or too large).
    pub cny: Option<Decimal>,
    /// A key ordering projects largest investment in CNY first (no amount,
    /// or no rate: last), equal only for equal amounts (then file order
    /// decides): sorting a region's projects by it is sorting by amount,
    /// without comparing decimals again for every brief.
    order: u64,
    /// The sector's place among the distinct sectors in text order (so
    /// tallies compare numbers, not strings); `NO_SECTOR` when not stated.
    sector: u32,
    pub source: SourceIdx,
    pub size: Size,
    /// The investment's currency and qualifier, if it has one.
    pub investment: Option<(Currency, Qualifier)>,
    pub foreign: Option<bool>,
    pub fortune500: Option<bool>,
    pub stage: Option<Stage>,
}

const NO_SECTOR: u32 = u32::MAX;

/// What the brackets and the size counts need of a project's investment.
#[derive(Debug, Clone, Copy)]
pub struct Size {
    pub bracket: Bracket,
    /// Whether it reaches US$100 million; `None` when it cannot be put in
    /// dollars (no amount, or no rate).
    pub usd_100m: Option<bool>,
}

impl ProjectIndex {
    pub fn new(data: &Dataset) -> ProjectIndex {
        let mut dated: Vec<Vec<Entry>> = vec![Vec::new(); data.regions.len()];
        let mut undated = Vec::new();
        for (i, p) in data.projects.iter().enumerate() {
            let Some(date) = p.date else {
                undated.push(i as u32);
                continue;
            };
            let entry = Entry {
                first: date.first_day(),
                last: date.last_day(),
                project: i as u32,
            };
            for region in data.regions.ancestors_or_self(p.region) {
                if let Some(bucket) = dated.get_mut(region.0 as usize) {
                    bucket.push(entry);
                }
            }
        }
        // Project order within a day keeps the scan in file order.
        dated.par_iter_mut().for_each(by_first_day);
        let rates = Rates::new(data);
        let bars = Bars::new(&rates);
        let (place, sectors) = sectors(data);
        // Made whole, then keyed (no columns held beside them at a million).
        let mut facts: Vec<Facts> = data
            .projects
            .par_iter()
            .map(|p| {
                let cny = p.investment.and_then(|a| rates.in_cny(&a));
                let sector = p.sector.as_deref().and_then(|s| place.get(s));
                Facts {
                    cny,
                    order: 0,
                    sector: sector.copied().unwrap_or(NO_SECTOR),
                    source: p.source,
                    size: bars.size(p.investment, cny),
                    investment: p.investment.map(|a| (a.currency, a.qualifier)),
                    foreign: p.foreign,
                    fortune500: p.fortune500,
                    stage: p.stage,
                }
            })
            .collect();
        let keys = size_keys(facts.len(), |i| facts.get(i).and_then(|f| f.cny));
        facts
            .par_iter_mut()
            .zip(keys)
            .for_each(|(f, key)| f.order = key);
        let sectors = sectors.into_iter().map(str::to_string).collect();
        ProjectIndex {
            dated,
            sectors,
            undated,
            facts,
        }
    }

    /// The facts of the projects at `projects` (places in
    /// `Dataset::projects`), in that order.
    pub fn facts(&self, projects: &[usize]) -> Vec<Facts> {
        let facts = projects.iter().filter_map(|i| self.facts.get(*i));
        facts.copied().collect()
    }

    /// Indexes of the projects without a date, in file order.
    pub fn undated(&self) -> impl Iterator<Item = usize> + '_ {
        self.undated.iter().map(|i| *i as usize)
    }

    fn bucket(&self, region: RegionIdx) -> &[Entry] {
        self.dated
            .get(region.0 as usize)
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// Indexes of the projects of a region (itself and every place inside
    /// it) whose date lies within `period`, in order of first day.
    pub fn projects_in(
        &self,
        region: RegionIdx,
        period: Period,
    ) -> impl Iterator<Item = usize> + '_ {
        let (from, to) = (period.first_day(), period.last_day());
        let bucket = self.bucket(region);
        let start = bucket.partition_point(|e| e.first < from);
        bucket[start..]
            .iter()
            .take_while(move |e| e.first <= to)
            .filter(move |e| e.last <= to)
            .map(|e| e.project as usize)
    }

    /// The newest year or quarter holding a dated project of the region
    /// (or a place inside it).
    pub fn newest_period(&self, data: &Dataset, region: RegionIdx) -> Option<Period> {
        let mut best: Option<Period> = None;
        // Newest first day first: a project whose first day falls in an
        // earlier year than the best period's can only give periods that
        // end before it starts (each of its periods contains its first day).
        for e in self.bucket(region).iter().rev() {
            if let Some(b) = best {
                if e.first.year() < b.first_day().year() {
                    break;
                }
            }
            let Some(date) = data.projects[e.project as usize].date else {
                continue;
            };
            for p in date.brief_periods_of_date() {
                if best.is_none_or(|b| p > b) {
                    best = Some(p);
                }
            }
            // The year of the newest first day is newer than any period of
            // a date that starts no later (each lies within its first year).
            if best == Some(Period::Year(e.first.year())) {
                break;
            }
        }
        best
    }

    /// The `shown` projects (in file order; `facts` are theirs, in the same
    /// order) with the largest investments in CNY, largest first (no amount,
    /// or no rate: last; equal amounts in file order): a page shows only
    /// these, and sorting every project of a region's year by size was a
    /// fifth of aggregating a million.
    pub fn largest_first(projects: &[usize], facts: &[Facts], shown: usize) -> Vec<u32> {
        // Plain numbers compared (key, then file order), not amounts.
        let mut keyed: Vec<(u64, u32)> = facts
            .iter()
            .zip(projects)
            .map(|(f, i)| (f.order, *i as u32))
            .collect();
        let shown = shown.min(keyed.len());
        if shown < keyed.len() {
            // The first `shown` are then the smallest keys.
            keyed.select_nth_unstable(shown);
        }
        let largest = &mut keyed[..shown];
        largest.sort_unstable();
        largest.iter().map(|(_, i)| *i).collect()
    }

    /// The sources of projects (`facts`), each once, ordered by the largest
    /// project citing it: the order a brief listing them largest first cites
    /// them in, without sorting every project by size.
    pub fn sources_by_size(facts: &[Facts], sources: usize) -> Vec<SourceIdx> {
        // Each source's largest project: its key, then its place in file
        // order (the first of equal amounts).
        let mut largest = vec![None; sources];
        for (place, f) in facts.iter().enumerate() {
            if let Some(best) = largest.get_mut(f.source.0 as usize) {
                if best.is_none_or(|(key, _)| f.order < key) {
                    *best = Some((f.order, place));
                }
            }
        }
        let mut cited: Vec<((u64, usize), SourceIdx)> = largest
            .into_iter()
            .enumerate()
            .filter_map(|(s, best)| Some((best?, SourceIdx(s as u32))))
            .collect();
        cited.sort_unstable();
        cited.into_iter().map(|(_, s)| s).collect()
    }

    /// Projects per sector (`None`: not stated), most first, then in the
    /// order of the sectors' text.
    pub fn sectors(&self, facts: &[Facts]) -> Vec<(Option<String>, usize)> {
        let mut counts = vec![0usize; self.sectors.len() + 1];
        for f in facts {
            let slot = match f.sector {
                NO_SECTOR => 0,
                s => s as usize + 1,
            };
            if let Some(c) = counts.get_mut(slot) {
                *c += 1;
            }
        }
        let mut out: Vec<(Option<String>, usize)> = counts
            .into_iter()
            .enumerate()
            .filter(|(_, n)| *n > 0)
            .map(|(slot, n)| {
                let name = slot
                    .checked_sub(1)
                    .and_then(|s| self.sectors.get(s))
                    .cloned();
                (name, n)
            })
            .collect();
        // Slots are in key order (None first, then the sectors' text
        // order), and the sort is stable: ties keep that order. "Not
        // stated" goes last, as `projects::tally` puts it.
        out.sort_by_key(|b| (b.0.is_none(), std::cmp::Reverse(b.1)));
        out
    }
}

/// Sorts entries (in file order) by first day, keeping file order within
/// a day: counted into days when the days are few beside the entries (a
/// city's million projects start on a few thousand days), else compared.
fn by_first_day(bucket: &mut Vec<Entry>) {
    let days = bucket.iter().map(|e| e.first.num_days_from_ce());
    let (Some(lo), Some(hi)) = (days.clone().min(), days.max()) else {
        return;
    };
    let span = usize::try_from(hi - lo).unwrap_or(usize::MAX);
    if span >= bucket.len() {
        bucket.sort_by_key(|e| e.first);
        return;
    }
    let day = |e: &Entry| (e.first.num_days_from_ce() - lo) as usize;
    // Where each day's entries start, then each entry put at its day's next
    // place (every day lies in 0..=span, every place below the length).
    let mut next = vec![0usize; span + 2];
    for e in bucket.iter() {
        next[day(e) + 1] += 1;
    }
    for d in 1..next.len() {
        next[d] += next[d - 1];
    }
    let mut sorted = bucket.clone();
    for e in bucket.iter() {
        let at = &mut next[day(e)];
        sorted[*at] = *e;
        *at += 1;
    }
    *bucket = sorted;
}

/// Keys ordering projects largest amount first (none: last), equal only
/// for equal amounts; `cny(i)` is project `i`'s amount, of `len`.
fn size_keys(len: usize, cny: impl Fn(usize) -> Option<Decimal> + Sync) -> Vec<u64> {
    // Decimals compare slowly (scales apart); most amounts are whole
    // multiples of a millionth of a yuan below 2^63 of them, and then are
    // one integer each (larger first, none last), with nothing to sort.
    let key = |i: usize| match cny(i) {
        None => Some(u64::MAX),
        Some(d) => {
            let micro = u64::try_from(micro_units(d)?).ok()?;
            (i64::MAX as u64).checked_sub(micro)
        }
    };
    let exact: Option<Vec<u64>> = (0..len).into_par_iter().map(key).collect();
    if let Some(keys) = exact {
        return keys;
    }
    // Otherwise each project's place with all sorted by their decimals.
    let mut order: Vec<u32> = (0..len as u32).collect();
    order.par_sort_unstable_by_key(|i| (std::cmp::Reverse(cny(*i as usize)), *i));
    let mut place = vec![0u64; len];
    for (n, i) in order.iter().enumerate() {
        place[*i as usize] = n as u64;
    }
    place
}

/// The amount in millionths, when that is a whole number: ordered exactly
/// as the decimals are.
pub(super) fn micro_units(d: Decimal) -> Option<i128> {
    let d = if d.scale() > 6 { d.normalize() } else { d };
    let shift = 6u32.checked_sub(d.scale())?;
    d.mantissa().checked_mul(10i128.checked_pow(shift)?)
}

/// The distinct sectors, in text order, and each one's place among them.
fn sectors(data: &Dataset) -> (crate::model::Map<&str, u32>, Vec<&str>) {
    let distinct: crate::model::Set<&str> = data
        .projects
        .iter()
        .filter_map(|p| p.sector.as_deref())
        .collect();
    let mut sectors: Vec<&str> = distinct.into_iter().collect();
    sectors.sort_unstable();
    let place: crate::model::Map<&str, u32> = sectors
        .iter()
        .enumerate()
        .map(|(i, s)| (*s, i as u32))
        .collect();
    (place, sectors)
}

/// The brackets' thresholds in CNY, made once for all projects.
struct Bars<'r> {
    yi: [Decimal; 3],
    /// US$100 million in CNY (with a positive dollar rate): an amount is
    /// compared with it rather than divided by the rate, which cost more
    /// than the rest of a project's facts.
    usd_100m: Option<Decimal>,
    rates: &'r Rates,
}

impl Bars<'_> {
    fn new(rates: &Rates) -> Bars<'_> {
        let usd_100m = rates
            .rate(Currency::Usd)
            .filter(|r| r.is_sign_positive() && !r.is_zero())
            .and_then(|r| Decimal::from(YI).checked_mul(r));
        Bars {
            yi: [50 * YI, 10 * YI, YI].map(Decimal::from),
            usd_100m,
            rates,
        }
    }

    /// A project's bracket in CNY and whether it reaches US$100 million.
    fn size(&self, investment: Option<Amount>, cny: Option<Decimal>) -> Size {
        let Some(amount) = investment else {
            return Size {
                bracket: Bracket::NoAmount,
                usd_100m: None,
            };
        };
        let at = |v: Decimal, bar: Decimal| reaches(amount.qualifier, v, bar);
        let [from5b, from1b, from100m] = self.yi;
        let bracket = match cny {
            None => Bracket::NotConverted,
            Some(v) if at(v, from5b) => Bracket::From5b,
            Some(v) if at(v, from1b) => Bracket::From1b,
            Some(v) if at(v, from100m) => Bracket::From100m,
            Some(_) => Bracket::Below100m,
        };
        let usd_100m = match (amount.currency, cny, self.usd_100m) {
            (Currency::Usd, ..) => Some(at(amount.value(), from100m)),
            (_, Some(v), Some(bar)) => Some(at(v, bar)),
            _ => self
                .rates
                .convert(&amount, Currency::Usd)
                .map(|v| at(v, from100m)),
        };
        Size { bracket, usd_100m }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Magnitude, Project};
    use proptest::prelude::*;

    fn decimal() -> impl Strategy<Value = Decimal> {
        (any::<i64>(), 0u32..=12).prop_map(|(m, scale)| Decimal::new(m, scale))
    }

    proptest! {
        /// Where amounts compare as whole millionths, they compare as the
        /// decimals do (equal ones too, so ties keep file order).
        #[test]
        fn millionths_order_as_decimals(a in decimal(), b in decimal()) {
            if let (Some(x), Some(y)) = (micro_units(a), micro_units(b)) {
                prop_assert_eq!(x.cmp(&y), a.cmp(&b));
            }
        }

        /// As amounts are: some negative, finer than millionths or huge
        /// (placed in order of their decimals), or all whole millionths of
        /// up to 2^63 (keyed as integers).
        #[test]
        fn size_keys_order_by_amount_then_file_order(
            amounts in prop_oneof![
                proptest::collection::vec(proptest::option::of(decimal()), 0..40),
                proptest::collection::vec(
                    proptest::option::of((0i64..1_000_000_000_000, 0u32..=6).prop_map(|(m, s)| Decimal::new(m, s))),
                    0..40,
                ),
            ],
        ) {
            let keys = size_keys(amounts.len(), |i| amounts[i]);
            let mut expected: Vec<usize> = (0..amounts.len()).collect();
            expected.sort_by_key(|i| (std::cmp::Reverse(amounts[*i]), *i));
            let mut by_key: Vec<usize> = (0..amounts.len()).collect();
            by_key.sort_by_key(|i| (keys[*i], *i));
            prop_assert_eq!(by_key, expected);
        }
    }

    proptest! {
        /// Dollars compared in yuan say what the amount divided out into
        /// dollars says, whatever its currency and qualifier, with or
        /// without a dollar rate.
        #[test]
        fn usd_bracket_compared_in_cny_is_the_converted_one(
            (mantissa, scale) in (0i64..1_000_000_000_000_000, 0u32..=6),
            magnitude in 0usize..3,
            currency in 0usize..3,
            qualifier in 0usize..5,
            usd in proptest::option::of((1i64..1_000_000, 0u32..=4)),
            eur in (1i64..1_000_000, 0u32..=4),
        ) {
            let amount = Amount {
                number: Decimal::new(mantissa, scale),
                magnitude: [Magnitude::Unit, Magnitude::Wan, Magnitude::Yi][magnitude],
                currency: [Currency::Cny, Currency::Usd, Currency::Eur][currency],
                qualifier: [Qualifier::Exact, Qualifier::Over, Qualifier::Nearly, Qualifier::About, Qualifier::AtLeast][qualifier],
            };
            let mut given = vec![(Currency::Eur, Decimal::new(eur.0, eur.1))];
            given.extend(usd.map(|(m, s)| (Currency::Usd, Decimal::new(m, s))));
            let rates = Rates::of(&given);
            let cny = rates.in_cny(&amount);
            let converted = rates
                .convert(&amount, Currency::Usd)
                .map(|v| reaches(amount.qualifier, v, Decimal::from(YI)));
            prop_assert_eq!(Bars::new(&rates).size(Some(amount), cny).usd_100m, converted);
        }
    }

    proptest! {
        /// The largest, in order (equal amounts in file order), whatever the
        /// keys and however many are shown.
        #[test]
        fn the_largest_in_order_equal_ones_in_file_order(
            keys in proptest::collection::vec(0u64..12, 0..60),
            shown in 0usize..15,
        ) {
            let len = keys.len();
            let projects: Vec<usize> = (0..len).map(|i| i * 3 + 1).collect();
            let facts: Vec<Facts> = keys.iter().map(|k| fact_of_key(*k)).collect();
            let got = ProjectIndex::largest_first(&projects, &facts, shown);
            let mut by_key: Vec<(u64, u32)> =
                keys.iter().zip(&projects).map(|(k, p)| (*k, *p as u32)).collect();
            by_key.sort_by_key(|(k, _)| *k);
            let largest: Vec<u32> = by_key.iter().take(shown).map(|(_, p)| *p).collect();
            prop_assert_eq!(got, largest);
        }
    }

    /// A brief cites its sources as it lists their projects, largest first
    /// (equal amounts in file order).
    #[test]
    fn sources_are_cited_in_the_order_of_their_largest_project() {
        let fact = |order: u64, source: u32| Facts {
            order,
            source: SourceIdx(source),
            ..fact_of_key(0)
        };
        let facts = [fact(5, 2), fact(1, 3), fact(9, 0), fact(3, 2), fact(7, 3)];
        let order = ProjectIndex::sources_by_size(&facts, 5);
        assert_eq!(order, [3, 2, 0].map(SourceIdx));
        let tied = [fact(4, 1), fact(2, 4), fact(2, 0), fact(6, 1)];
        let order = ProjectIndex::sources_by_size(&tied, 5);
        assert_eq!(order, [4, 0, 1].map(SourceIdx));
        assert!(ProjectIndex::sources_by_size(&[], 5).is_empty());
    }

    fn fact_of_key(order: u64) -> Facts {
        Facts {
            cny: None,
            order,
            sector: NO_SECTOR,
            source: SourceIdx(0),
            size: Size {
                bracket: Bracket::NoAmount,
                usd_100m: None,
            },
            investment: None,
            foreign: None,
            fortune500: None,
            stage: None,
        }
    }

    proptest! {
        /// Counted or compared, entries end up by first day, then in file
        /// order, as sorting them by both would put them.
        #[test]
        fn entries_by_first_day_keep_file_order_within_a_day(
            days in proptest::collection::vec(0i32..40, 0..120),
            spread in prop_oneof![Just(1i32), Just(1000)],
        ) {
            let start = NaiveDate::from_ymd_opt(2020, 1, 1).unwrap_or_default();
            let mut bucket: Vec<Entry> = days
                .iter()
                .enumerate()
                .map(|(i, d)| {
                    let first = start + chrono::Days::new((d * spread) as u64);
                    Entry { first, last: first, project: i as u32 }
                })
                .collect();
            let mut expected = bucket.clone();
            expected.sort_by_key(|e| (e.first, e.project));
            by_first_day(&mut bucket);
            let key = |e: &Entry| (e.first, e.project);
            prop_assert_eq!(bucket.iter().map(key).collect::<Vec<_>>(), expected.iter().map(key).collect::<Vec<_>>());
        }
    }

    fn dates() -> impl Strategy<Value = Vec<Option<Period>>> {
        let date = (2019i32..2025, 1u32..13, 1u32..29, 0usize..7).prop_map(|(y, m, d, form)| {
            let text = match form {
                0 => format!("{y}-{m:02}-{d:02}"),
                1 => format!("{y}-{m:02}"),
                2 => format!("{y}"),
                3 => format!("{y}-Q{}", (m - 1) / 3 + 1),
                4 => format!("{y}-H{}", (m - 1) / 6 + 1),
                5 => format!("{y}-01..{y}-{m:02}"),
                _ => format!("{}-{m:02}..{y}-{m:02}", y - 1),
            };
            Period::parse_date(&text).ok()
        });
        proptest::collection::vec(date, 0..60)
    }

    proptest! {
        /// The newest year or quarter of a region is the newest of every
        /// period of every project in its bucket, whatever the dates.
        #[test]
        fn newest_period_is_the_newest_of_all(dates in dates()) {
            let mut data = crate::ingest::load(&crate::ingest::DataSource::Builtin)
                .map_err(|e| TestCaseError::fail(e.to_string()))?
                .dataset;
            // The built-in projects (in their regions), with these dates.
            let places = data.projects.clone();
            data.projects = dates
                .iter()
                .zip(places.iter().cycle())
                .map(|(date, p)| Project { date: *date, ..p.clone() })
                .collect();
            let index = ProjectIndex::new(&data);
            for (region, _) in data.regions.iter() {
                let all = index.bucket(region).iter().filter_map(|e| data.projects[e.project as usize].date);
                let newest = all.flat_map(|d| d.brief_periods_of_date()).max();
                prop_assert_eq!(index.newest_period(&data, region), newest);
            }
        }
    }

    #[test]
    fn amounts_finer_than_millionths_are_ranked_as_decimals() {
        let fine = Decimal::new(1, 9);
        assert_eq!(micro_units(fine), None);
        assert_eq!(micro_units(Decimal::new(1_000_000, 12)), Some(1));
        assert_eq!(micro_units(Decimal::new(1_500_000, 12)), None);
        let amounts = [Some(fine), None, Some(Decimal::new(2, 9)), Some(fine)];
        assert_eq!(size_keys(amounts.len(), |i| amounts[i]), vec![1, 3, 0, 2]);
    }
}
