//! `notes/<period>/<region>.md`: an analyst's commentary. The period may be
//! written in any form, the region in any form of reference; file names are
//! only parsed, never used to build a path.

use super::encoding;
use super::files::Files;
use super::validate::{unresolved, Known};
use crate::error::Problem;
use crate::model::region::Unresolved;
use crate::model::{Note, Period, Regions};

/// The notes; `broken` holds the spellings of region rows that failed,
/// whose notes are not reported again.
pub fn read(
    files: &Files,
    regions: Option<&Regions>,
    broken: &Known,
    out: &mut Vec<Problem>,
) -> Vec<Note> {
    files
        .notes()
        .filter_map(|(name, bytes)| note(name, bytes, (regions?, broken), out))
        .collect()
}

fn note(
    name: &str,
    bytes: &[u8],
    (regions, broken): (&Regions, &Known),
    out: &mut Vec<Problem>,
) -> Option<Note> {
    let (period_text, region_text) = parts(name)?;
    let period = Period::parse(period_text).map_err(|e| {
        out.push(
            Problem::error(
                name,
                format!("the folder name is not a period: {}", e.reason),
            )
            .with_text(period_text)
            .expected(e.expected),
        );
    });
    let region = regions.resolve(region_text).map_err(|why| {
        if why == Unresolved::NoMatch && broken.contains(&region_text.to_lowercase()) {
            return;
        }
        let fault = unresolved(why);
        out.push(
            Problem::error(
                name,
                format!("the file name names no region: {}", fault.message),
            )
            .with_text(region_text)
            .expected(fault.expected),
        );
    });
    let (markdown, warning) = encoding::decode(bytes, name);
    out.extend(warning);
    Some(Note {
        period: period.ok()?,
        region: region.ok()?,
        markdown,
        file: name.to_string(),
    })
}

/// `notes/<period>/<region>.md` → (period, region).
fn parts(name: &str) -> Option<(&str, &str)> {
    let rest = name.strip_prefix("notes/")?;
    let (period, file) = rest.split_once('/')?;
    Some((period, file.strip_suffix(".md")?))
}
