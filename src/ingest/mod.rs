//! Reading a dataset folder (or the built-in dataset) into a validated
//! `model::Dataset`: encoding detection, CSV and xlsx readers, header
//! aliases, and validation that reports every problem with its location.
//!
//! Stages: `files` (the folder's files, safely) → `tables` (`encoding`,
//! `csv`, `xlsx` into one `table::Table` shape; `headers` maps columns) →
//! `regions`, `sources`, `figures`, `notes` (validation, via `validate`).

mod builtin;
mod csv;
pub mod encoding;
mod figures;
mod files;
mod headers;
mod notes;
mod regions;
mod reread;
mod sources;
mod table;
mod tables;
mod validate;
mod xlsx;

#[cfg(test)]
mod tests;

pub use reread::{load_kept, reload, Memo, Reloaded};
pub(crate) use validate::unresolved;

use crate::config::Config;
use crate::error::{Error, Problem};
use crate::model::{Dataset, Note, Project, Regions};
use figures::Refs;
use headers::TableKind;
use std::path::PathBuf;
use validate::Mapped;

/// Where a dataset comes from.
#[derive(Debug, Clone)]
pub enum DataSource {
    /// A folder written to the dataset contract.
    Dir(PathBuf),
    /// The dataset of the seed articles, embedded in the binary.
    Builtin,
}

/// A dataset that validated, with the warnings found on the way.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub dataset: Dataset,
    pub warnings: Vec<Problem>,
}

const CONFIG: &str = "citybrief.toml";

/// Reads and validates a whole dataset. On any error, returns
/// `Error::Invalid` with every problem found (errors and warnings).
pub fn load(source: &DataSource) -> Result<Loaded, Error> {
    let files = files::gather(source)?;
    load_files(files, figures::read_projects).map(|(loaded, _)| loaded)
}

/// `load` of the files gathered, its projects read by `projects`; the
/// tables are handed back too (`serve` keeps the text of `projects.csv`).
fn load_files(
    mut files: files::Files,
    projects: impl FnOnce(&Mapped, Refs<'_>, &mut Vec<Problem>) -> Vec<Project>,
) -> Result<(Loaded, tables::Tables), Error> {
    let mut out = std::mem::take(&mut files.problems);
    let tables = tables::gather(&mut files, &mut out);
    let dataset = read(&files, &tables, &mut out, projects);
    if out.iter().any(Problem::is_error) {
        return Err(Error::Invalid(out));
    }
    let loaded = Loaded {
        dataset,
        warnings: out,
    };
    Ok((loaded, tables))
}

/// The notes of a dataset whose tables `load` read before, read again
/// (`serve`, after an edit to a note), with the problems a whole load would
/// give now: that load's `warnings` with the notes' own read again. Notes
/// name their region, so they are read against the regions of that load; a
/// region row that failed then would have failed the load, so none is
/// known as broken.
pub fn reload_notes(
    source: &DataSource,
    regions: &Regions,
    warnings: &[Problem],
) -> Result<(Vec<Note>, Vec<Problem>), Error> {
    let mut files = files::gather_notes(source)?;
    let mut out = std::mem::take(&mut files.problems);
    let notes = notes::read(&files, Some(regions), &Default::default(), &mut out);
    let failed = out.iter().any(Problem::is_error);
    let problems = with_notes_warnings(warnings, out);
    match failed {
        true => Err(Error::Invalid(problems)),
        false => Ok((notes, problems)),
    }
}

/// A load's warnings with those of its notes replaced by `notes`, where a
/// whole load puts them: after the tables', before the settings'.
fn with_notes_warnings(warnings: &[Problem], notes: Vec<Problem>) -> Vec<Problem> {
    let of_note = |p: &Problem| p.file == files::NOTES || p.file.starts_with("notes/");
    let mut out: Vec<Problem> = warnings.iter().filter(|p| !of_note(p)).cloned().collect();
    let at = out
        .iter()
        .position(|p| p.file == CONFIG)
        .unwrap_or(out.len());
    out.splice(at..at, notes);
    out
}

/// The two halves of `load`, apart, for the benchmarks (`benches/`):
/// reading the files (decoding, CSV and workbook parsing, header mapping;
/// the records of indicators and projects are only read while validated),
/// then validating the rows into a dataset.
#[doc(hidden)]
pub mod stages {
    use super::*;

    /// A dataset's files and tables, read but not validated.
    pub struct Parsed {
        files: files::Files,
        tables: tables::Tables,
    }

    pub fn parse(source: &DataSource) -> Result<Parsed, Error> {
        let mut files = files::gather(source)?;
        let mut out = std::mem::take(&mut files.problems);
        let tables = tables::gather(&mut files, &mut out);
        Ok(Parsed { files, tables })
    }

    pub fn validate(parsed: &Parsed) -> Dataset {
        let mut out = Vec::new();
        read(
            &parsed.files,
            &parsed.tables,
            &mut out,
            figures::read_projects,
        )
    }
}

/// Validates the tables in order of reference: regions, sources and
/// metrics first, then the rows that refer to them (the projects by
/// `projects`), notes and settings.
fn read(
    files: &files::Files,
    tables: &tables::Tables,
    out: &mut Vec<Problem>,
    projects: impl FnOnce(&Mapped, Refs<'_>, &mut Vec<Problem>) -> Vec<Project>,
) -> Dataset {
    let (regions, broken_regions) = match tables.get(&TableKind::Regions) {
        Some(t) => {
            let (regions, broken) = regions::read(t, out);
            (Some(regions), broken)
        }
        None => (None, Default::default()),
    };
    let sources = tables
        .get(&TableKind::Sources)
        .map(|t| sources::read_sources(t, out));
    let metrics = sources::read_metrics(tables.get(&TableKind::Metrics), out);
    let refs = Refs {
        regions: regions.as_ref(),
        broken_regions: &broken_regions,
        sources: sources.as_ref(),
        metrics: &metrics,
    };
    let indicators = tables.get(&TableKind::Indicators);
    let project_table = tables.get(&TableKind::Projects);
    Dataset {
        indicators: indicators.map_or_else(Vec::new, |t| figures::read_indicators(t, refs, out)),
        projects: project_table.map_or_else(Vec::new, |t| projects(t, refs, out)),
        projects_file: project_table
            .map_or("projects.csv", |t| t.table.file.as_str())
            .into(),
        notes: notes::read(files, regions.as_ref(), &broken_regions, out),
        config: config(files, regions.as_ref(), out),
        regions: regions.unwrap_or_default(),
        sources: sources.map(|s| s.list).unwrap_or_default(),
        metrics: metrics.catalogue,
    }
}

/// `citybrief.toml`, or the defaults when there is none.
fn config(files: &files::Files, regions: Option<&Regions>, out: &mut Vec<Problem>) -> Config {
    let Some(bytes) = files.get(CONFIG) else {
        return Config::default();
    };
    let (text, warning) = encoding::decode(bytes, CONFIG);
    out.extend(warning);
    match Config::from_toml(&text, CONFIG) {
        Ok(config) => {
            out.extend(config.check(regions, &text, CONFIG));
            config
        }
        Err(problem) => {
            out.push(problem);
            Config::default()
        }
    }
}
