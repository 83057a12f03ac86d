//! Places that can be compared, and the tree they form (city → county or
//! district → zone). References to a region by id, Chinese name (with or
//! without 省/市/县/区) or English name are resolved here.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    Province,
    City,
    County,
    District,
    Zone,
}

impl Level {
    pub const ALL: [Level; 5] = [
        Level::Province,
        Level::City,
        Level::County,
        Level::District,
        Level::Zone,
    ];

    pub fn parse(text: &str) -> Option<Level> {
        let lower = text.to_ascii_lowercase();
        Level::ALL.into_iter().find(|l| l.as_str() == lower)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Level::Province => "province",
            Level::City => "city",
            Level::County => "county",
            Level::District => "district",
            Level::Zone => "zone",
        }
    }
}

/// Index of a region in its `Regions` table: cheap to copy and compare.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct RegionIdx(pub u32);

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Region {
    pub id: String,
    pub name_zh: String,
    pub name_en: Option<String>,
    pub level: Level,
    pub parent: Option<RegionIdx>,
    pub province: Option<String>,
}

impl Region {
    /// The name to show in a language: English falls back to the Chinese name.
    pub fn name(&self, lang: crate::format::Lang) -> &str {
        match lang {
            crate::format::Lang::Zh => &self.name_zh,
            crate::format::Lang::En => self.name_en.as_deref().unwrap_or(&self.name_zh),
        }
    }
}

/// Why a reference to a region did not resolve.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unresolved {
    NoMatch,
    Ambiguous(Vec<String>),
}

/// All regions of a dataset, in file order, with the lookup index.
#[derive(Debug, Clone, Default)]
pub struct Regions {
    list: Vec<Region>,
    /// Every accepted spelling (lower-cased) → the regions it names.
    names: super::Map<String, Vec<RegionIdx>>,
}

/// The Chinese administrative suffixes a reference may leave out.
const SUFFIXES: [char; 4] = ['省', '市', '县', '区'];

impl Regions {
    /// Builds the table; parents must already be resolved indexes into `list`.
    pub fn new(list: Vec<Region>) -> Regions {
        let mut regions = Regions {
            list: Vec::new(),
            names: super::Map::default(),
        };
        for region in list {
            regions.push(region);
        }
        regions
    }

    pub fn push(&mut self, region: Region) -> RegionIdx {
        let idx = RegionIdx(self.list.len() as u32);
        for name in Self::spellings(&region) {
            let entry = self.names.entry(name).or_default();
            if !entry.contains(&idx) {
                entry.push(idx);
            }
        }
        self.list.push(region);
        idx
    }

    fn spellings(region: &Region) -> Vec<String> {
        let mut out = vec![region.id.to_lowercase(), region.name_zh.clone()];
        if let Some(stripped) = region.name_zh.strip_suffix(SUFFIXES) {
            if !stripped.is_empty() {
                out.push(stripped.to_string());
            }
        }
        if let Some(en) = &region.name_en {
            out.push(en.to_lowercase());
        }
        out
    }

    /// Resolves a reference. An exact id or full name wins over a name
    /// without its suffix, so `嘉兴` finds 嘉兴市 even if a 嘉兴县 existed
    /// only when that is unambiguous.
    pub fn resolve(&self, reference: &str) -> Result<RegionIdx, Unresolved> {
        let trimmed = reference.trim();
        // Most references are lower case already: no copy for them.
        let lowered;
        // Only a non-ASCII text needs decoding to find an upper-case letter.
        let upper = |t: &str| match t.is_ascii() {
            true => t.bytes().any(|b| b.is_ascii_uppercase()),
            false => t.chars().any(char::is_uppercase),
        };
        let key = if upper(trimmed) {
            lowered = trimmed.to_lowercase();
            lowered.as_str()
        } else {
            trimmed
        };
        let found = self.names.get(key).map(Vec::as_slice).unwrap_or(&[]);
        match found {
            [] => Err(Unresolved::NoMatch),
            [one] => Ok(*one),
            many => {
                // An id or full Chinese name equal to the reference decides.
                let exact: Vec<RegionIdx> = many
                    .iter()
                    .copied()
                    .filter(|i| {
                        let r = self.get(*i);
                        r.id == key || r.name_zh == key
                    })
                    .collect();
                match exact.as_slice() {
                    [one] => Ok(*one),
                    _ => Err(Unresolved::Ambiguous(
                        many.iter().map(|i| self.get(*i).id.clone()).collect(),
                    )),
                }
            }
        }
    }

    pub fn get(&self, idx: RegionIdx) -> &Region {
        &self.list[idx.0 as usize]
    }

    pub fn len(&self) -> usize {
        self.list.len()
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = (RegionIdx, &Region)> {
        self.list
            .iter()
            .enumerate()
            .map(|(i, r)| (RegionIdx(i as u32), r))
    }

    /// The region itself, then its parent, grandparent, … (cycles are
    /// rejected at ingestion, and the walk is bounded anyway).
    pub fn ancestors_or_self(&self, idx: RegionIdx) -> impl Iterator<Item = RegionIdx> + '_ {
        let mut next = Some(idx);
        let mut steps = 0usize;
        std::iter::from_fn(move || {
            let current = next?;
            steps += 1;
            next = if steps > self.list.len() {
                None
            } else {
                self.get(current).parent
            };
            Some(current)
        })
    }

    /// Whether `inner` lies inside `outer` (or is it).
    pub fn within(&self, inner: RegionIdx, outer: RegionIdx) -> bool {
        self.ancestors_or_self(inner).any(|a| a == outer)
    }
}
