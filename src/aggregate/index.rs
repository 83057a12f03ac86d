//! The listed projects of every region, bucketed once per build: each
//! region's bucket holds its own dated projects and those of every place
//! inside it (so a roll-up never walks the region tree per project), sorted
//! by first day, so a period's projects are one binary search and a scan of
//! exactly the projects that start inside it. Without it, every brief ×
//! region scanned every project (O(briefs × regions × projects)).

use super::projects::{reaches, Bracket, Rates, YI};
use crate::model::{Amount, Currency};
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

/// Projects by region (rolled up) and date, and each project's investment
/// in CNY, which orders the listed projects.
#[derive(Debug, Clone)]
pub struct ProjectIndex {
    dated: Vec<Vec<Entry>>,
    /// Each project's place when all are ordered largest investment in CNY
    /// first (no amount, or no rate: last), then in file order: sorting a
    /// region's projects by it is sorting by amount, without comparing
    /// decimals again for every brief.
    rank: Vec<u32>,
    /// Each project's sector as its place among the distinct sectors in
    /// text order, so tallies compare numbers, not strings.
    sector: Vec<Option<u32>>,
    sectors: Vec<String>,
    /// The projects without a date, in file order ("latest" lists them).
    undated: Vec<u32>,
    /// Each project's investment in CNY through the dataset's rates
    /// (`None`: no amount, no rate, or too large), and its size: converted
    /// once per build, not once per brief and region that counts it.
    cny: Vec<Option<Decimal>>,
    size: Vec<Size>,
}

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
        // Project order within a day keeps the scan in file order. (The
        // sorts and conversions here run on every core: at a million
        // projects they are a tenth of a build.)
        dated
            .par_iter_mut()
            .for_each(|bucket| bucket.sort_by_key(|e| (e.first, e.project)));
        let rates = Rates::new(data);
        let cny: Vec<Option<Decimal>> = data
            .projects
            .par_iter()
            .map(|p| p.investment.and_then(|a| rates.in_cny(&a)))
            .collect();
        let size = data
            .projects
            .par_iter()
            .zip(&cny)
            .map(|(p, cny)| size(p.investment, *cny, &rates))
            .collect();
        let mut order: Vec<u32> = (0..data.projects.len() as u32).collect();
        order.par_sort_unstable_by_key(|i| (std::cmp::Reverse(cny[*i as usize]), *i));
        let mut rank = vec![0u32; order.len()];
        for (place, i) in order.iter().enumerate() {
            rank[*i as usize] = place as u32;
        }
        let distinct: std::collections::BTreeSet<&str> = data
            .projects
            .iter()
            .filter_map(|p| p.sector.as_deref())
            .collect();
        let sectors: Vec<String> = distinct.iter().map(|s| s.to_string()).collect();
        let sector = data
            .projects
            .par_iter()
            .map(|p| {
                let s = p.sector.as_deref()?;
                sectors
                    .binary_search_by(|x| x.as_str().cmp(s))
                    .ok()
                    .map(|i| i as u32)
            })
            .collect();
        ProjectIndex {
            dated,
            rank,
            sector,
            sectors,
            undated,
            cny,
            size,
        }
    }

    /// A project's investment in CNY (`None`: no amount, or no rate).
    pub fn cny(&self, project: usize) -> Option<Decimal> {
        self.cny.get(project).copied().flatten()
    }

    pub fn size(&self, project: usize) -> Size {
        self.size.get(project).copied().unwrap_or(Size {
            bracket: Bracket::NoAmount,
            usd_100m: None,
        })
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
        }
        best
    }

    /// Sorts projects largest investment in CNY first (no amount, or no
    /// rate: last), then in file order.
    pub fn sort_by_size(&self, projects: &mut [usize]) {
        projects.sort_unstable_by_key(|i| (self.rank.get(*i).copied(), *i));
    }

    /// Projects per sector (`None`: not stated), most first, then in the
    /// order of the sectors' text.
    pub fn sectors(&self, projects: &[usize]) -> Vec<(Option<String>, usize)> {
        let mut counts = vec![0usize; self.sectors.len() + 1];
        for i in projects {
            let slot = match self.sector.get(*i).copied().flatten() {
                None => 0,
                Some(s) => s as usize + 1,
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

/// A project's bracket in CNY and whether it reaches US$100 million.
fn size(investment: Option<Amount>, cny: Option<Decimal>, rates: &Rates) -> Size {
    let Some(amount) = investment else {
        return Size {
            bracket: Bracket::NoAmount,
            usd_100m: None,
        };
    };
    let at = |v: Decimal, n: i64| reaches(amount.qualifier, v, Decimal::from(n));
    let bracket = match cny {
        None => Bracket::NotConverted,
        Some(v) if at(v, 50 * YI) => Bracket::From5b,
        Some(v) if at(v, 10 * YI) => Bracket::From1b,
        Some(v) if at(v, YI) => Bracket::From100m,
        Some(_) => Bracket::Below100m,
    };
    let usd = rates.convert(&amount, Currency::Usd);
    Size {
        bracket,
        usd_100m: usd.map(|v| at(v, YI)),
    }
}
