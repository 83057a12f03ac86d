//! `serve`'s reading of an edited `projects.csv`: only the records between
//! the part of the file that did not change at its start and the part that
//! did not change at its end are validated again; the projects of the rest
//! are taken from the last good load, their rows renumbered.
//!
//! The text before a record and the record itself decide how it is read
//! (the CSV reader starts each record afresh; the line count is taken from
//! the start of the file), so a record wholly inside the unchanged start is
//! read as before, and so is every record after the first one read again
//! that starts at the same distance from the end of the file as an old
//! one, inside the unchanged end.

use super::csv;
use super::encoding::Utf8Bytes;
use super::figures::{self, ProjectColumns, Refs};
use super::files::{self, Files};
use super::headers::TableKind;
use super::validate::{Mapped, RowRef};
use super::{tables, DataSource, Loaded};
use crate::error::{Error, Problem};
use crate::model::{Dataset, Project, Set};
use std::collections::BTreeMap;

const PROJECTS: &str = "projects.csv";

/// What is kept of a good load besides its dataset, for `reload`: every
/// file of the dataset but `projects.csv` and the notes (an edit to any of
/// them means reading all again), and that file's text and record starts.
#[derive(Debug, PartialEq)]
pub struct Memo {
    others: BTreeMap<String, Vec<u8>>,
    /// `None` when the projects come from the workbook, or there are none.
    projects: Option<(Utf8Bytes, Vec<usize>)>,
}

/// What `reload` read.
#[derive(Debug)]
pub struct Reloaded {
    pub dataset: Dataset,
    pub memo: Memo,
    /// How many records of `projects.csv` were validated; `None` when the
    /// dataset was read whole.
    pub read_again: Option<usize>,
    /// A whole load's warnings (rows of `projects.csv` have none, so the
    /// rows copied from the last load lose none).
    pub warnings: Vec<Problem>,
}

/// `load`, keeping what `reload` needs.
pub fn load_kept(source: &DataSource) -> Result<(Loaded, Memo), Error> {
    let files = files::gather(source)?;
    let others = others(&files);
    let (loaded, tables) = super::load_files(files, figures::read_projects)?;
    Ok((loaded, Memo::of(others, tables, None)))
}

/// The dataset as it is now, given the last good load (`previous`, with
/// its `memo`). When no file but `projects.csv` and the notes changed, the
/// records of `projects.csv` around the edit are validated again and the
/// other projects copied (a project row has no warning to gather again);
/// otherwise, or when those records have a problem, everything is read as
/// `load` reads it.
pub fn reload(source: &DataSource, previous: &Dataset, memo: &Memo) -> Result<Reloaded, Error> {
    let files = files::gather(source)?;
    let others = others(&files);
    let unchanged = others == memo.others && files.problems.is_empty();
    let last = memo.projects.as_ref().filter(|_| unchanged);
    let (mut starts, mut read_again) = (None, None);
    let (loaded, tables) = super::load_files(files, |mapped, refs, out| {
        let again = last.and_then(|(text, old)| reread(mapped, refs, previous, text, old));
        match again {
            Some((projects, now, validated)) => {
                (starts, read_again) = (Some(now), Some(validated));
                projects
            }
            None => figures::read_projects(mapped, refs, out),
        }
    })?;
    Ok(Reloaded {
        dataset: loaded.dataset,
        memo: Memo::of(others, tables, starts),
        read_again,
        warnings: loaded.warnings,
    })
}

impl Memo {
    /// The memo of a good load: the other files, and the text of
    /// `projects.csv` with its record starts (found now if not given).
    fn of(
        others: BTreeMap<String, Vec<u8>>,
        mut tables: tables::Tables,
        starts: Option<Vec<usize>>,
    ) -> Memo {
        let projects = projects_text(&mut tables).map(|text| {
            let starts = starts.unwrap_or_else(|| csv::record_starts(&text));
            (text, starts)
        });
        Memo { others, projects }
    }
}

fn others(files: &Files) -> BTreeMap<String, Vec<u8>> {
    let other = |name: &String| name != PROJECTS && !name.starts_with("notes/");
    files
        .entries
        .iter()
        .filter(|(name, _)| other(name))
        .map(|(name, bytes)| (name.clone(), bytes.clone()))
        .collect()
}

/// The text of `projects.csv` as read (decoded), when it is read record by
/// record.
fn projects_text(tables: &mut tables::Tables) -> Option<Utf8Bytes> {
    let mapped = tables.remove(&TableKind::Projects)?;
    (mapped.table.file == PROJECTS)
        .then_some(mapped.table.deferred)
        .flatten()
}

/// The projects of `mapped` (read from `projects.csv` record by record),
/// from those of `previous`, read from `old` with records starting at
/// `starts`, the new record starts and how many records were read again;
/// `None` when the header changed, or a record read again has a problem or
/// an id already used.
fn reread(
    mapped: &Mapped,
    refs: Refs<'_>,
    previous: &Dataset,
    old: &Utf8Bytes,
    starts: &[usize],
) -> Option<(Vec<Project>, Vec<usize>, usize)> {
    let new = mapped.table.deferred.as_ref()?;
    let (old_text, new_text) = (old.as_bytes(), new.as_bytes());
    let same = Span::of(old_text, new_text);
    // Records before the edit: the next one starts before it too (so even
    // a line break's lookahead saw the same byte). None: the header changed.
    let kept = starts
        .partition_point(|&s| s < same.prefix)
        .checked_sub(1)?;
    let from = *starts.get(kept)?;
    // The CSV reader drops a byte-order mark at the start of what it reads.
    if new_text.get(from..)?.starts_with("\u{feff}".as_bytes()) {
        return None;
    }
    let mut edited = Edited::default();
    let mut failed = false;
    let columns = ProjectColumns::new(mapped);
    csv::rows_from(&mapped.table, new, from, kept + 2, |start, row, problem| {
        if let Some(j) = same.old_start(start, new_text.len(), old_text.len(), starts) {
            edited.resume = Some((j, start));
            return false;
        }
        failed |= problem.is_some() || row.is_some_and(|r| r.broken);
        if let Some(row) = row.filter(|_| !failed) {
            failed |= !edited.add(RowRef::new(mapped, row), &columns, refs);
        }
        edited.starts.push(start);
        !failed
    });
    if failed {
        return None;
    }
    edited.around(previous, kept, starts, new_text.len(), old_text.len())
}

/// Texts are compared a page at a time first (`memcmp`), then by byte.
const CHUNK: usize = 4096;

/// How many items agree from the start: whole chunks, then single items.
fn agreeing<'a>(
    a: impl Iterator<Item = &'a [u8]>,
    b: impl Iterator<Item = &'a [u8]>,
    mut a_items: impl Iterator<Item = &'a u8>,
    mut b_items: impl Iterator<Item = &'a u8>,
) -> usize {
    let whole: usize = a
        .zip(b)
        .take_while(|(x, y)| x == y)
        .map(|(x, _)| x.len())
        .sum();
    let (a_items, b_items) = (a_items.by_ref().skip(whole), b_items.by_ref().skip(whole));
    whole + a_items.zip(b_items).take_while(|(x, y)| x == y).count()
}

/// Where two texts agree: their common start and (not overlapping it) end.
struct Span {
    prefix: usize,
    suffix: usize,
}

impl Span {
    fn of(old: &[u8], new: &[u8]) -> Span {
        let prefix = agreeing(old.chunks(CHUNK), new.chunks(CHUNK), old.iter(), new.iter());
        let (old, new) = (&old[prefix..], &new[prefix..]);
        let suffix = agreeing(
            old.rchunks(CHUNK),
            new.rchunks(CHUNK),
            old.iter().rev(),
            new.iter().rev(),
        );
        Span { prefix, suffix }
    }

    /// The index of the old record that a new record starting at `start`
    /// is, unchanged with all after it: it starts inside the common end,
    /// as far from the end as an old record did.
    fn old_start(
        &self,
        start: usize,
        new_len: usize,
        old_len: usize,
        starts: &[usize],
    ) -> Option<usize> {
        let from_end = new_len.checked_sub(start)?;
        if from_end > self.suffix {
            return None;
        }
        let old = old_len.checked_sub(from_end)?;
        starts.binary_search(&old).ok()
    }
}

/// The records read again: their projects (each with its row) and starts,
/// and where the unchanged end resumes (old record index, new start).
#[derive(Default)]
struct Edited {
    projects: Vec<Project>,
    starts: Vec<usize>,
    resume: Option<(usize, usize)>,
    sectors: figures::Sectors,
}

impl Edited {
    /// Validates a row into a project; false if it has a problem.
    fn add(&mut self, row: RowRef<'_>, columns: &ProjectColumns, refs: Refs<'_>) -> bool {
        let mut out = Vec::new();
        let (project, _) =
            figures::project_and_id(&row, columns, refs, &mut self.sectors, &mut out);
        if out.iter().any(Problem::is_error) {
            return false;
        }
        self.projects.extend(project);
        true
    }

    /// The projects before the edit, those read again and those after it,
    /// and their records' starts; `None` if an id is now used twice.
    fn around(
        self,
        previous: &Dataset,
        kept: usize,
        starts: &[usize],
        new_len: usize,
        old_len: usize,
    ) -> Option<(Vec<Project>, Vec<usize>, usize)> {
        let validated = self.starts.len();
        let (resume, new_start) = self.resume.unwrap_or((starts.len(), new_len));
        // Row numbers: the header is row 1, the record at `starts[i]` row i + 2.
        let row_of = |index: usize| u32::try_from(index + 2).unwrap_or(u32::MAX);
        let before = previous.projects.partition_point(|p| p.row < row_of(kept));
        let after = previous
            .projects
            .partition_point(|p| p.row < row_of(resume));
        let shift = i64::from(row_of(kept + self.starts.len())) - i64::from(row_of(resume));
        let moved = previous.projects[after..].iter().map(|p| Project {
            row: u32::try_from(i64::from(p.row) + shift).unwrap_or(u32::MAX),
            ..p.clone()
        });
        let mut projects =
            Vec::with_capacity(before + self.projects.len() + previous.projects.len() - after);
        projects.extend_from_slice(&previous.projects[..before]);
        projects.extend(self.projects);
        projects.extend(moved);
        let mut ids: Set<&str> = Set::default();
        if !projects
            .iter()
            .filter_map(Project::id)
            .all(|id| ids.insert(id))
        {
            return None;
        }
        let old_start = starts.get(resume).copied().unwrap_or(old_len);
        let moved_starts = starts[resume..].iter().map(|s| s - old_start + new_start);
        let mut now = starts[..kept].to_vec();
        now.extend(self.starts);
        now.extend(moved_starts);
        Some((projects, now, validated))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::path::Path;

    const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/data");

    /// A copy of the built-in dataset's folder, its projects' lines apart.
    fn folder() -> (tempfile::TempDir, Vec<String>) {
        let dir = tempfile::tempdir().expect("temp dir"); // ok: a test's own folder
        for entry in std::fs::read_dir(DATA).expect("data/") {
            let path = entry.expect("entry").path();
            if path.is_file() {
                let name = path.file_name().expect("a file name");
                std::fs::copy(&path, dir.path().join(name)).expect("copied");
            }
        }
        let text = std::fs::read_to_string(dir.path().join(PROJECTS)).expect("projects.csv");
        (dir, text.lines().map(str::to_string).collect())
    }

    fn write(dir: &Path, text: &str) {
        std::fs::write(dir.join(PROJECTS), text).expect("written");
    }

    /// `reload` from the last good load against `load_kept` of the same
    /// files: the same dataset and memo, or both failing; the number of
    /// records read again when it read part.
    fn compare(source: &DataSource, kept: &mut Option<(Dataset, Memo)>) -> Option<usize> {
        let whole = load_kept(source);
        let Some((previous, memo)) = kept.as_ref() else {
            *kept = whole.ok().map(|(loaded, memo)| (loaded.dataset, memo));
            return None;
        };
        let again = reload(source, previous, memo);
        match (again, whole) {
            (
                Ok(Reloaded {
                    dataset,
                    memo,
                    read_again,
                    warnings,
                }),
                Ok((loaded, full)),
            ) => {
                assert_eq!(warnings, loaded.warnings);
                let (a, b) = (&dataset.projects, &loaded.dataset.projects);
                if let Some(i) = (0..a.len().max(b.len())).find(|&i| a.get(i) != b.get(i)) {
                    panic!("project {i}: {:?}\nwhole: {:?}", a.get(i), b.get(i));
                }
                // (Debug of the rest: the regions' lookup is a hash map.)
                let rest = |d: &Dataset| {
                    let regions: Vec<_> = d.regions.iter().collect();
                    format!(
                        "{:?}",
                        (regions, &d.sources, &d.indicators, &d.notes, &d.config)
                    )
                };
                assert_eq!(rest(&dataset), rest(&loaded.dataset));
                assert_eq!(dataset.projects_file, loaded.dataset.projects_file);
                assert_eq!(memo, full);
                *kept = Some((dataset, full));
                read_again
            }
            (Err(_), Err(_)) => None,
            (again, whole) => panic!(
                "reload: {:?}, load: {:?}",
                again.map(|_| ()),
                whole.map(|_| ())
            ),
        }
    }

    fn edited(lines: &[String], edit: impl FnOnce(&mut Vec<String>)) -> String {
        let mut lines = lines.to_vec();
        edit(&mut lines);
        lines.join("\n") + "\n"
    }

    /// The built-in dataset's folder, loaded once: its projects' lines,
    /// where it is, and the load kept.
    struct Start {
        dir: tempfile::TempDir,
        lines: Vec<String>,
        source: DataSource,
        kept: Option<(Dataset, Memo)>,
    }

    impl Start {
        fn new() -> Start {
            let (dir, lines) = folder();
            let source = DataSource::Dir(dir.path().to_path_buf());
            let mut start = Start {
                dir,
                lines,
                source,
                kept: None,
            };
            start.edit(|_| {});
            compare(&start.source, &mut start.kept);
            start
        }

        /// Writes `projects.csv` as it was at the start, edited.
        fn edit(&self, edit: impl FnOnce(&mut Vec<String>)) {
            write(self.dir.path(), &edited(&self.lines, edit));
        }
    }

    #[test]
    fn an_edit_reads_only_the_records_it_touched() {
        let name =
            |l: &mut Vec<String>, i: usize| l[i] = l[i].replacen("润泽智算", "润泽智算二期", 1);
        type Case = (&'static str, Box<dyn Fn(&mut Vec<String>)>, Option<usize>);
        let cases: Vec<Case> = vec![
            ("a name", Box::new(move |l| name(l, 1)), Some(1)),
            ("a row removed", Box::new(|l| drop(l.remove(5))), Some(1)),
            (
                "a row added",
                Box::new(|l| l.insert(3, l[3].replacen("jx24-", "jx24-new-", 1))),
                Some(2),
            ),
            (
                "a blank line",
                Box::new(|l| l.insert(7, String::new())),
                Some(2),
            ),
            (
                "the last row",
                Box::new(|l| l.last_mut().into_iter().for_each(|x| x.push('。'))),
                Some(1),
            ),
            // The header: everything is read again.
            (
                "the header",
                Box::new(|l| l[0] = l[0].replacen("name", "project", 1)),
                None,
            ),
        ];
        for (what, edit, expected) in cases {
            // Each edit from the file as it was at the start.
            let mut start = Start::new();
            start.edit(edit);
            assert_eq!(compare(&start.source, &mut start.kept), expected, "{what}");
        }
    }

    /// A problem in an edited row is reported as a whole load reports it:
    /// its file, row, column, text and what was expected.
    #[test]
    fn an_error_in_an_edited_row_names_its_place_as_a_whole_load_does() {
        type Case = (Box<dyn Fn(&mut Vec<String>)>, &'static str, &'static str);
        let cases: Vec<Case> = vec![
            (Box::new(|l| l.insert(9, l[2].clone())), "id", "a unique id"),
            (
                Box::new(|l| {
                    let mut fields: Vec<&str> = l[4].split(',').collect();
                    fields[5] = "很多亿元";
                    l[4] = fields.join(",");
                }),
                "investment",
                "an amount",
            ),
        ];
        for (edit, column, expected) in cases {
            let start = Start::new();
            start.edit(edit);
            let Some((previous, memo)) = &start.kept else {
                panic!("the built-in dataset loads");
            };
            let Err(Error::Invalid(problems)) = reload(&start.source, previous, memo) else {
                panic!("{column}: the edit is an error");
            };
            let Err(Error::Invalid(whole)) = load_kept(&start.source) else {
                panic!("{column}: the edit is an error when read whole too");
            };
            assert_eq!(format!("{problems:?}"), format!("{whole:?}"), "{column}");
            let p = problems.iter().find(|p| p.is_error()).expect("an error");
            assert_eq!(p.file, PROJECTS);
            assert_eq!(p.column.as_deref(), Some(column));
            assert!(p.row.is_some() && p.text.is_some(), "{p:?}");
            assert!(
                p.expected
                    .as_deref()
                    .is_some_and(|e| e.starts_with(expected)),
                "{p:?}"
            );
        }
    }

    /// An edit of the lines of `projects.csv`.
    #[derive(Debug, Clone)]
    enum Edit {
        Remove(usize),
        Repeat(usize),
        Rename(usize, String),
        NewId(usize),
        Blank(usize),
        Amount(usize, &'static str),
        Quoted(usize),
        Crlf,
        NoFinalBreak,
    }

    fn edit() -> impl Strategy<Value = Edit> {
        let at = 0usize..60;
        prop_oneof![
            at.clone().prop_map(Edit::Remove),
            at.clone().prop_map(Edit::Repeat),
            (at.clone(), "[a-z甲乙丙 ]{0,4}").prop_map(|(i, s)| Edit::Rename(i, s)),
            at.clone().prop_map(Edit::NewId),
            at.clone().prop_map(Edit::Blank),
            (
                at.clone(),
                prop::sample::select(vec!["12亿元", "超5亿元", "abc", "", "近3000万美元"])
            )
                .prop_map(|(i, a)| Edit::Amount(i, a)),
            at.prop_map(Edit::Quoted),
            Just(Edit::Crlf),
            Just(Edit::NoFinalBreak),
        ]
    }

    /// Applies an edit to the data lines (after the header), if it fits.
    fn apply(edit: &Edit, lines: &mut Vec<String>, text_end: &mut (&'static str, &'static str)) {
        let n = lines.len();
        let row = |i: usize| 1 + i % (n - 1).max(1);
        let fields = |l: &String| l.split(',').map(str::to_string).collect::<Vec<_>>();
        match edit {
            Edit::Remove(i) if n > 2 => drop(lines.remove(row(*i))),
            Edit::Repeat(i) => {
                let l = lines[row(*i)].clone();
                lines.insert(row(*i + 7), l);
            }
            Edit::Rename(i, s) if n > 1 => {
                let mut f = fields(&lines[row(*i)]);
                if let Some(name) = f.get_mut(3) {
                    name.push_str(s);
                }
                lines[row(*i)] = f.join(",");
            }
            Edit::NewId(i) if n > 1 => {
                let mut f = fields(&lines[row(*i)]);
                f[0] = format!("{}-x{i}", f[0]);
                lines[row(*i)] = f.join(",");
            }
            Edit::Blank(i) => lines.insert(row(*i), String::new()),
            Edit::Amount(i, a) if n > 1 => {
                let mut f = fields(&lines[row(*i)]);
                if f.len() > 6 {
                    f[5] = a.to_string();
                }
                lines[row(*i)] = f.join(",");
            }
            // Into the last field, quoted or not: a line break in quotes,
            // or (unquoted) a ragged record.
            Edit::Quoted(i) if n > 1 => lines[row(*i)].push_str("\"a, \"\"b\"\"\nc\""),
            Edit::Crlf => text_end.0 = if text_end.0 == "\n" { "\r\n" } else { "\n" },
            Edit::NoFinalBreak => text_end.1 = if text_end.1.is_empty() { "\n" } else { "" },
            _ => {}
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        /// Edit after edit, each read again from the last good load, is
        /// what reading the files whole gives.
        #[test]
        fn reload_is_load(edits in prop::collection::vec(edit(), 1..6)) {
            let (dir, mut lines) = folder();
            let source = DataSource::Dir(dir.path().to_path_buf());
            let mut ends = ("\n", "\n");
            let text = |lines: &[String], ends: (&str, &str)| lines.join(ends.0) + ends.1;
            write(dir.path(), &text(&lines, ends));
            let mut kept = None;
            compare(&source, &mut kept);
            for e in &edits {
                apply(e, &mut lines, &mut ends);
                write(dir.path(), &text(&lines, ends));
                compare(&source, &mut kept);
            }
        }
    }
}
