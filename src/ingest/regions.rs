//! `regions.csv`: the region tree. Parents may refer forward, so they are
//! resolved after all rows are read; cycles in the parent chain are found
//! in linear time and reported once each.

use super::validate::{plain, region_id, unresolved, word, Fault, Known, Mapped, RowRef, Unique};
use crate::error::Problem;
use crate::model::region::Unresolved;
use crate::model::{Level, Region, RegionIdx, Regions};

/// A region read from its row, before its parent is resolved.
struct Draft<'a> {
    region: Region,
    row: RowRef<'a>,
}

/// The regions, and the spellings (lower-cased) of rows that could not
/// become regions, so that references to them are not reported again.
pub fn read(mapped: &Mapped, out: &mut Vec<Problem>) -> (Regions, Known) {
    let mut unique = Unique::default();
    let mut broken = mapped.broken_texts(&["id", "name_zh", "name_en"]);
    let mut drafts = Vec::new();
    for row in mapped.rows() {
        match draft(row, &mut unique, out) {
            Some(draft) => drafts.push(draft),
            None => broken.extend(row.text("id").map(|t| t.to_lowercase())),
        }
    }
    let lookup = Regions::new(drafts.iter().map(|d| d.region.clone()).collect());
    let mut parents: Vec<Option<usize>> = drafts
        .iter()
        .map(|d| parent(d, &lookup, &broken, out))
        .collect();
    break_cycles(&drafts, &mut parents, out);
    let list = drafts
        .iter()
        .zip(&parents)
        .map(|(d, p)| Region {
            parent: p.map(|i| RegionIdx(i as u32)),
            province: province(d, &lookup, out),
            ..d.region.clone()
        })
        .collect();
    (Regions::new(list), broken)
}

const LEVELS: [(&str, Level); 5] = [
    ("province", Level::Province),
    ("city", Level::City),
    ("county", Level::County),
    ("district", Level::District),
    ("zone", Level::Zone),
];

/// A row with a usable, unique id becomes a region even when other cells
/// are wrong (reported), so that references to it do not fail a second
/// time; a missing Chinese name stands in as the id.
fn draft<'a>(row: RowRef<'a>, unique: &mut Unique, out: &mut Vec<Problem>) -> Option<Draft<'a>> {
    let id = row.required("id", out, region_id);
    let name_zh = row.required("name_zh", out, plain);
    let level = row.required("level", out, |c| {
        word(c, &LEVELS, "province, city, county, district or zone")
    });
    let name_en = row.optional("name_en", out, plain).ok().flatten();
    let id = id.filter(|id| unique.check(id, &row, "id", out))?;
    Some(Draft {
        region: Region {
            name_zh: name_zh.unwrap_or_else(|| id.clone()),
            id,
            name_en,
            level: level.unwrap_or(Level::City),
            parent: None,
            province: None,
        },
        row,
    })
}

fn parent(
    draft: &Draft<'_>,
    lookup: &Regions,
    broken: &Known,
    out: &mut Vec<Problem>,
) -> Option<usize> {
    let reference = draft.row.text("parent")?;
    match lookup.resolve(&reference) {
        Ok(idx) => Some(idx.0 as usize),
        Err(Unresolved::NoMatch) if broken.contains(&reference.to_lowercase()) => None,
        Err(why) => {
            let fault = unresolved(why);
            out.push(
                draft
                    .row
                    .problem("parent", fault.message)
                    .expected(fault.expected),
            );
            None
        }
    }
}

/// Finds every cycle of the parent chain (each node is walked once, so a
/// chain of any length is linear), reports it on its first row in file
/// order and cuts it there.
fn break_cycles(drafts: &[Draft<'_>], parents: &mut [Option<usize>], out: &mut Vec<Problem>) {
    const UNSEEN: usize = usize::MAX;
    let mut walk_of = vec![UNSEEN; parents.len()];
    let mut done = vec![false; parents.len()];
    for start in 0..parents.len() {
        let mut path = Vec::new();
        let mut node = Some(start);
        while let Some(n) = node {
            if done[n] || walk_of[n] == start {
                break;
            }
            walk_of[n] = start;
            path.push(n);
            node = parents[n];
        }
        if let Some(n) = node.filter(|n| !done[*n]) {
            let cycle = path
                .iter()
                .position(|p| *p == n)
                .map_or(&path[..0], |i| &path[i..]);
            report_cycle(drafts, cycle, parents, out);
        }
        for n in path {
            done[n] = true;
        }
    }
}

fn report_cycle(
    drafts: &[Draft<'_>],
    cycle: &[usize],
    parents: &mut [Option<usize>],
    out: &mut Vec<Problem>,
) {
    let Some(first) = cycle.iter().copied().min() else {
        return;
    };
    let at = cycle.iter().position(|n| *n == first).unwrap_or(0);
    let mut chain: Vec<&str> = cycle[at..]
        .iter()
        .chain(&cycle[..at])
        .map(|n| drafts[*n].region.id.as_str())
        .collect();
    chain.push(&drafts[first].region.id);
    out.push(
        drafts[first]
            .row
            .problem(
                "parent",
                format!("the parent chain is a cycle: {}", chain.join(" → ")),
            )
            .expected("a parent chain that ends at a region without a parent"),
    );
    parents[first] = None;
}

/// The province a region lies in: the id of a region of level province
/// (kept as its Chinese name), or a province's name, kept as written (a
/// municipality may name itself: 上海市). Empty for a province, or its
/// own name.
fn province(draft: &Draft<'_>, lookup: &Regions, out: &mut Vec<Problem>) -> Option<String> {
    let text = draft.row.text("province")?;
    let found = lookup.resolve(&text).ok().map(|idx| lookup.get(idx));
    let own = found.is_some_and(|r| r.id == draft.region.id);
    let fault = match found {
        _ if draft.region.level == Level::Province && own => return None,
        _ if draft.region.level == Level::Province => {
            Fault::new("a province lies in no province", "an empty cell")
        }
        Some(r) if r.level == Level::Province => return Some(r.name_zh.clone()),
        Some(r) if r.id == text && !own => Fault::new(
            format!("{} is a region of level {}", r.id, r.level.as_str()),
            "a province's name (浙江省, Zhejiang) or the id of a region of level province",
        ),
        _ => return Some(text),
    };
    out.push(
        draft
            .row
            .problem("province", fault.message)
            .expected(fault.expected),
    );
    None
}
