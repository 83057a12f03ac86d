//! The files of a dataset, as (name relative to the dataset folder → bytes):
//! read from a folder without following any link out of it, or the built-in
//! dataset embedded in the binary.

use super::builtin;
use super::DataSource;
use crate::error::{Error, Problem};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The files of the folder's top level that a dataset may hold.
pub const TOP: [&str; 7] = [
    "regions.csv",
    "sources.csv",
    "indicators.csv",
    "projects.csv",
    "metrics.csv",
    "dataset.xlsx",
    "citybrief.toml",
];

pub const NOTES: &str = "notes";

#[derive(Debug, Default)]
pub struct Files {
    /// Relative name (`regions.csv`, `notes/2024/jiaxing.md`) → content.
    pub entries: BTreeMap<String, Vec<u8>>,
    /// Files that exist but cannot be read, or lead outside the folder.
    pub problems: Vec<Problem>,
}

impl Files {
    pub fn get(&self, name: &str) -> Option<&[u8]> {
        self.entries.get(name).map(Vec::as_slice)
    }

    /// A file's bytes, taken out.
    pub fn take(&mut self, name: &str) -> Option<Vec<u8>> {
        self.entries.remove(name)
    }

    /// The notes, in name order.
    pub fn notes(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.entries
            .iter()
            .filter(|(name, _)| name.starts_with("notes/"))
            .map(|(name, bytes)| (name.as_str(), bytes.as_slice()))
    }
}

pub fn gather(source: &DataSource) -> Result<Files, Error> {
    match source {
        DataSource::Builtin => Ok(builtin::files()),
        DataSource::Dir(dir) => gather_dir(dir, true),
    }
}

/// The notes alone, as `gather` reads them.
pub fn gather_notes(source: &DataSource) -> Result<Files, Error> {
    let mut files = match source {
        DataSource::Builtin => builtin::files(),
        DataSource::Dir(dir) => return gather_dir(dir, false),
    };
    files.entries.retain(|name, _| name.starts_with("notes/"));
    Ok(files)
}

fn gather_dir(dir: &Path, tables: bool) -> Result<Files, Error> {
    let root = match dir.canonicalize() {
        Ok(root) if root.is_dir() => root,
        _ => return Err(Error::NoDataset(dir.to_path_buf())),
    };
    let mut files = Files::default();
    if tables {
        for name in TOP {
            files.add(&root, &root.join(name), name.to_string());
        }
    }
    for (path, name) in note_paths(&root, &mut files.problems) {
        files.add(&root, &path, name);
    }
    Ok(files)
}

impl Files {
    fn add(&mut self, root: &Path, path: &Path, name: String) {
        match read_inside(root, path, &name) {
            Ok(Some(bytes)) => {
                self.entries.insert(name, bytes);
            }
            Ok(None) => {}
            Err(problem) => self.problems.push(*problem),
        }
    }
}

/// `notes/<period>/<region>.md`, sorted; other files are not notes.
fn note_paths(root: &Path, problems: &mut Vec<Problem>) -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    let Some(notes) = dir_inside(root, &root.join(NOTES), NOTES, problems) else {
        return out;
    };
    for (period_path, period) in sorted_entries(&notes) {
        let rel = format!("{NOTES}/{period}");
        let Some(period_dir) = dir_inside(root, &period_path, &rel, problems) else {
            continue;
        };
        for (path, file) in sorted_entries(&period_dir) {
            if file.ends_with(".md") {
                out.push((path, format!("{rel}/{file}")));
            }
        }
    }
    out
}

fn sorted_entries(dir: &Path) -> Vec<(PathBuf, String)> {
    let mut entries: Vec<(PathBuf, String)> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .map(|e| (e.path(), e.file_name().to_string_lossy().into_owned()))
                .collect()
        })
        .unwrap_or_default();
    entries.sort_by(|a, b| a.1.cmp(&b.1));
    entries
}

/// A folder inside the dataset folder (after resolving links), if there is one.
fn dir_inside(
    root: &Path,
    path: &Path,
    name: &str,
    problems: &mut Vec<Problem>,
) -> Option<PathBuf> {
    match resolve_inside(root, path, name) {
        Ok(Some(real)) if real.is_dir() => Some(real),
        Ok(_) => None,
        Err(problem) => {
            problems.push(*problem);
            None
        }
    }
}

/// The real path of `path` when it exists and stays inside `root`.
fn resolve_inside(root: &Path, path: &Path, name: &str) -> Result<Option<PathBuf>, Box<Problem>> {
    if std::fs::symlink_metadata(path).is_err() {
        return Ok(None);
    }
    let real = path.canonicalize().map_err(|e| {
        Box::new(Problem::error(
            name,
            format!("cannot resolve the path: {e}"),
        ))
    })?;
    if !real.starts_with(root) {
        return Err(Box::new(
            Problem::error(
                name,
                "a link that leads outside the dataset folder is not followed",
            )
            .expected("a file inside the dataset folder"),
        ));
    }
    Ok(Some(real))
}

fn read_inside(root: &Path, path: &Path, name: &str) -> Result<Option<Vec<u8>>, Box<Problem>> {
    let Some(real) = resolve_inside(root, path, name)? else {
        return Ok(None);
    };
    if !real.is_file() {
        return Err(Box::new(
            Problem::error(name, "not a regular file").expected("a file"),
        ));
    }
    read_file(&real)
        .map(Some)
        .map_err(|e| Box::new(Problem::error(name, format!("cannot read the file: {e}"))))
}

/// Files from this size on are read in parts, one per core (a thread
/// costs tens of microseconds, reading a megabyte about one millisecond).
const READ_IN_PARTS: u64 = 1 << 20;

/// `std::fs::read`, but a large file is read in parts on every core: at a
/// million projects (120 MB), copying the file and faulting in the memory
/// it fills were a tenth of ingestion, before anything else could start.
fn read_file(path: &Path) -> std::io::Result<Vec<u8>> {
    read_in_parts(path, READ_IN_PARTS, rayon::current_num_threads())
}

/// `read_file` reading files from `from` bytes on in `parts` parts.
#[cfg(unix)]
fn read_in_parts(path: &Path, from: u64, parts: usize) -> std::io::Result<Vec<u8>> {
    use std::os::unix::fs::FileExt;
    let file = std::fs::File::open(path)?;
    let len = file.metadata()?.len();
    let Ok(size) = usize::try_from(len) else {
        return std::fs::read(path);
    };
    if len < from || parts < 2 {
        return std::fs::read(path);
    }
    let mut bytes = vec![0u8; size];
    let part = size.div_ceil(parts);
    let read = std::thread::scope(|scope| {
        let reads: Vec<_> = bytes
            .chunks_mut(part)
            .enumerate()
            .map(|(i, chunk)| {
                let file = &file;
                scope.spawn(move || file.read_exact_at(chunk, (i * part) as u64))
            })
            .collect();
        reads
            .into_iter()
            .all(|read| read.join().is_ok_and(|r| r.is_ok()))
    });
    // A file that changed size while it was read is read again, whole.
    let mut after = [0u8; 1];
    if !read || file.read_at(&mut after, len)? != 0 {
        return std::fs::read(path);
    }
    Ok(bytes)
}

#[cfg(not(unix))]
fn read_in_parts(path: &Path, _: u64, _: usize) -> std::io::Result<Vec<u8>> {
    std::fs::read(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Read in parts, a file is what a whole read gives, whatever its size
    /// against the parts.
    #[test]
    fn files_read_in_parts_are_whole() -> std::io::Result<()> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("projects.csv");
        for size in [0, 1, 2, 3, 1000, 1001, 4099] {
            let bytes: Vec<u8> = (0..size).map(|i| (i * 7 % 251) as u8).collect();
            std::fs::write(&path, &bytes)?;
            for parts in [1, 2, 3, 8] {
                assert_eq!(read_in_parts(&path, 2, parts)?, bytes, "{size} in {parts}");
            }
        }
        Ok(())
    }

    #[test]
    fn missing_folder_is_no_dataset() {
        let source = DataSource::Dir(PathBuf::from("/nonexistent/citybrief/dataset"));
        assert!(matches!(gather(&source), Err(Error::NoDataset(_))));
    }

    #[cfg(unix)]
    #[test]
    fn links_out_of_the_folder_are_not_followed() -> std::io::Result<()> {
        use std::os::unix::fs::symlink;
        let outside = tempfile::tempdir()?;
        let secret = outside.path().join("secret.csv");
        std::fs::write(&secret, "id,title\n")?;
        let dir = tempfile::tempdir()?;
        std::fs::write(dir.path().join("regions.csv"), "id,name_zh,level\n")?;
        symlink(&secret, dir.path().join("sources.csv"))?;
        std::fs::create_dir_all(dir.path().join("notes/2024"))?;
        symlink(outside.path(), dir.path().join("notes/2023"))?;
        std::fs::write(dir.path().join("notes/2024/jiaxing.md"), "# 嘉兴")?;
        std::fs::write(dir.path().join("notes/2024/readme.txt"), "not a note")?;
        let files = match gather(&DataSource::Dir(dir.path().to_path_buf())) {
            Ok(files) => files,
            Err(e) => unreachable!("{e}"),
        };
        let names: Vec<&str> = files.entries.keys().map(String::as_str).collect();
        assert_eq!(names, ["notes/2024/jiaxing.md", "regions.csv"]);
        let bad: Vec<&str> = files.problems.iter().map(|p| p.file.as_str()).collect();
        assert_eq!(bad, ["sources.csv", "notes/2023"]);
        Ok(())
    }
}
