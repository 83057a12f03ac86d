//! The output folder. A build writes each file as soon as it is made into
//! a staging folder beside OUT (a `Site`), and swaps that folder into place
//! in one step, so OUT always holds either the previous complete build or
//! the new one, and memory holds a few pages at a time, not the whole site.

mod assemble;
pub mod views;

pub use assemble::{
    assemble, brief_nav, brief_page, folders, Build, Extras, OnPage, Totals, Written,
};

use crate::error::Error;
use std::path::{Component, Path, PathBuf};
use std::sync::{Mutex, PoisonError};

/// The files of a build, by path relative to OUT (always `/`-separated).
/// Pages are added from several threads at once.
#[derive(Debug)]
pub struct Site {
    sink: Sink,
}

#[derive(Debug)]
enum Sink {
    /// Written at once into the staging folder; removed if the build fails
    /// (the site is dropped without `publish`). A file the previous build
    /// (OUT, if any) holds byte for byte is linked from it, not written.
    Staging {
        dir: tempfile::TempDir,
        previous: Option<PathBuf>,
        known: Mutex<Known>,
    },
    /// `citybrief check`: made and checked, written nowhere.
    Discard,
    /// Into a finished build, each file replaced on its own (`serve`
    /// showing the page in view before the whole site is rebuilt).
    InPlace(PathBuf),
}

/// What a staging folder holds already (paths relative to it): a file's
/// folder is then made only if it is not there, and a name is removed
/// before a file is written only if it was added before. Asked of the
/// system for every file, that was ~2,600 failing calls per build.
#[derive(Debug, Default)]
struct Known {
    folders: std::collections::HashSet<PathBuf>,
    files: std::collections::HashSet<PathBuf>,
}

impl Site {
    /// A site written into a new staging folder beside `out`; `publish`
    /// puts it in place of `out`.
    pub fn staging(out: &Path) -> Result<Site, Error> {
        let parent = match out.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&parent).map_err(write_err(&parent))?;
        let name = out
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "output".to_string());
        let prefix = format!(".{name}.citybrief-");
        remove_dead_folders(&parent, &prefix);
        let dir = tempfile::Builder::new()
            .prefix(&format!("{prefix}{}-", std::process::id()))
            .tempdir_in(&parent)
            .map_err(write_err(&parent))?;
        Ok(Site {
            sink: Sink::Staging {
                dir,
                previous: out.is_dir().then(|| out.to_path_buf()),
                known: Default::default(),
            },
        })
    }

    /// Files written into the finished build in `out`, each replaced in
    /// one step (written beside it, then renamed over it), so that a
    /// reader never sees half a file.
    pub fn in_place(out: &Path) -> Site {
        Site {
            sink: Sink::InPlace(out.to_path_buf()),
        }
    }

    /// A site that checks what it is given and keeps none of it.
    pub fn discard() -> Site {
        Site {
            sink: Sink::Discard,
        }
    }

    /// Makes the site's folders (`folders`) ahead of its files, best
    /// effort: a folder not made here is made with its first file, which
    /// reports what went wrong. A new folder is costly on ext4 without a
    /// journal (as on the benchmark machine), which looks past every inode
    /// freed in the last half minute (such as the previous build's folders)
    /// for each new one: 40-45 ms of a 100k build's page threads, now spent
    /// while the briefs are aggregated.
    pub fn make_dirs(&self, dirs: &[String]) {
        if let Sink::Staging { dir, known, .. } = &self.sink {
            let mut known = known.lock().unwrap_or_else(PoisonError::into_inner);
            for relative in dirs {
                if std::fs::create_dir_all(dir.path().join(relative)).is_ok() {
                    known.folders.insert(PathBuf::from(relative));
                }
            }
        }
    }

    /// Adds a file. Paths are made by citybrief from slugs, but are checked
    /// anyway: nothing may point outside OUT.
    pub fn add(&self, path: &str, bytes: impl AsRef<[u8]>) -> Result<(), Error> {
        let relative = Path::new(path);
        let safe = !path.is_empty()
            && relative
                .components()
                .all(|c| matches!(c, Component::Normal(_)));
        if !safe {
            return Err(Error::Other(format!(
                "refusing to write {path:?}: output paths must stay inside the output folder"
            )));
        }
        match &self.sink {
            Sink::Staging {
                dir,
                previous,
                known,
            } => {
                let again = known_file(known, dir.path(), relative)?;
                let previous = previous.as_ref().map(|p| p.join(relative));
                stage_file(
                    &dir.path().join(relative),
                    previous.as_deref(),
                    bytes.as_ref(),
                    again,
                )
            }
            Sink::Discard => Ok(()),
            Sink::InPlace(out) => replace_file(&out.join(relative), bytes.as_ref()),
        }
    }
}

fn replace_file(target: &Path, bytes: &[u8]) -> Result<(), Error> {
    let dir = target.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(write_err(dir))?;
    let mut temp = tempfile::Builder::new();
    temp.prefix(".citybrief-page-");
    // As readable as the files of a build (a temporary file is private).
    #[cfg(unix)]
    temp.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o644));
    let mut file = temp.tempfile_in(dir).map_err(write_err(dir))?;
    std::io::Write::write_all(&mut file, bytes).map_err(write_err(target))?;
    file.persist(target)
        .map_err(|e| e.error)
        .map_err(write_err(target))?;
    Ok(())
}

/// Writes a staged file, or links the previous build's copy when it holds
/// the same bytes: a month's build leaves most pages as they were, and an
/// unchanged file then keeps its time (a copy to the intranet server skips
/// it) and costs no new inode (creating ~1,300 files was up to a fifth of a
/// 100k build on ext4, which searches for free inodes among those the
/// previous build's removal just freed).
/// `again`: the file was added before.
fn stage_file(
    target: &Path,
    previous: Option<&Path>,
    bytes: &[u8],
    again: bool,
) -> Result<(), Error> {
    // A file added twice may be linked already: writing through the link
    // would change the previous build, so the name goes first.
    if again {
        let _ = std::fs::remove_file(target);
    }
    // Linked first and compared after, so that what is kept is what was
    // compared, whatever happens to the previous build's name meanwhile.
    if let Some(previous) = previous {
        if std::fs::hard_link(previous, target).is_ok() {
            if holds(target, bytes) {
                return Ok(());
            }
            let _ = std::fs::remove_file(target);
        }
    }
    std::fs::write(target, bytes).map_err(write_err(target))
}

/// Makes `relative`'s folder in `staging` unless it is known to be there
/// (made under the lock, so no file is written into a folder another
/// thread is still making), and says whether `relative` was added before.
/// (A thread that panicked holding the lock left the sets whole: a set
/// inserts or does not.)
fn known_file(known: &Mutex<Known>, staging: &Path, relative: &Path) -> Result<bool, Error> {
    let mut known = known.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(parent) = relative.parent() {
        if !known.folders.contains(parent) {
            let folder = staging.join(parent);
            std::fs::create_dir_all(&folder).map_err(write_err(&folder))?;
            known.folders.insert(parent.to_path_buf());
        }
    }
    Ok(!known.files.insert(relative.to_path_buf()))
}

/// Asks the system to read the previous build in `out` into memory, in the
/// background, while the dataset is read: each page is compared with the
/// previous one (to keep an unchanged file and its time), and a month-old
/// build is on disk, not in memory. Read only when compared, one file at a
/// time, its files kept both cores waiting on the disk (a 100k rebuild
/// with the page cache emptied: 739 → 600 ms). Best effort.
pub fn prefetch(out: &Path) {
    #[cfg(any(target_os = "linux", target_os = "android"))]
    if let Ok(entries) = std::fs::read_dir(out) {
        for entry in entries.filter_map(Result::ok) {
            match entry.file_type() {
                Ok(t) if t.is_dir() => prefetch(&entry.path()),
                Ok(t) if t.is_file() => {
                    if let Ok(file) = std::fs::File::open(entry.path()) {
                        let ahead = rustix::fs::Advice::WillNeed;
                        let _ = rustix::fs::fadvise(&file, 0, None, ahead);
                    }
                }
                _ => {}
            }
        }
    }
    #[cfg(not(any(target_os = "linux", target_os = "android")))]
    let _ = out;
}

/// Whether `path` is a plain file (not a link) holding exactly `bytes`.
fn holds(path: &Path, bytes: &[u8]) -> bool {
    let plain =
        std::fs::symlink_metadata(path).is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64);
    plain && std::fs::read(path).is_ok_and(|old| old == bytes)
}

fn write_err(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |source| Error::Write {
        path: path.to_path_buf(),
        source,
    }
}

/// Where `path` really is: absolute, with links resolved as far as the path
/// exists and `.`/`..` resolved as the system would, so that `data/x/..`,
/// `..` or a link to the dataset are seen for what they are.
fn real_path(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut real = PathBuf::new();
    for component in absolute.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                // `real` has no links where it exists, so `..` is its parent.
                real.pop();
            }
            other => {
                real.push(other);
                if let Ok(resolved) = real.canonicalize() {
                    real = resolved;
                }
            }
        }
    }
    real
}

/// Refuses output folders whose replacement would destroy what is not
/// citybrief's: the current folder or one above it, or the dataset.
pub fn check_out(out: &Path, protect: &[&Path]) -> Result<(), Error> {
    let out_real = real_path(out);
    let cwd = std::env::current_dir()
        .map(|c| real_path(&c))
        .unwrap_or_default();
    let mut guarded: Vec<PathBuf> = vec![cwd];
    guarded.extend(protect.iter().map(|p| real_path(p)));
    if out.file_name().is_none() {
        return Err(Error::Other(format!(
            "refusing to use {} as the output folder: it must end in a folder name, not in . or ..",
            out.display()
        )));
    }
    if out_real.parent().is_none() || guarded.iter().any(|g| g.starts_with(&out_real)) {
        return Err(Error::Other(format!(
            "refusing to use {} as the output folder: a build replaces its whole content, and it holds the current folder or the dataset",
            out.display()
        )));
    }
    if out.exists() && !out.is_dir() {
        return Err(Error::Other(format!(
            "the output {} exists and is not a folder",
            out.display()
        )));
    }
    Ok(())
}

/// Puts the site in place of OUT, replacing its whole content atomically;
/// a discarded site changes nothing, nor does one written in place (its
/// files are there already).
pub fn publish(site: Site, out: &Path) -> Result<(), Error> {
    let staging = match site.sink {
        Sink::Staging { dir, .. } => dir,
        Sink::Discard | Sink::InPlace(_) => return Ok(()),
    };
    swap(staging.path(), out)?;
    // `staging` now holds the previous build (or nothing): its folders two
    // deep, then one deep, are removed on many threads at once, then
    // dropping `staging` removes the rest.
    let top = children(staging.path());
    let folders = top.iter().filter(|(_, folder)| *folder);
    let below: Vec<(PathBuf, bool)> = folders.flat_map(|(p, _)| children(p)).collect();
    remove_all(&below);
    remove_all(&top);
    Ok(())
}

/// What `dir` holds, by path, each said to be a folder or not (a link is
/// not: it is removed, not followed). Nothing if it cannot be read.
fn children(dir: &Path) -> Vec<(PathBuf, bool)> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let entries = entries.filter_map(Result::ok);
    entries
        .map(|e| (e.path(), e.file_type().is_ok_and(|t| t.is_dir())))
        .collect()
}

/// Threads removing a previous build at once. Freeing a folder's block
/// waits for the disk where freed blocks are discarded at once (ext4
/// mounted with `discard`, as here): removing a build's 290 folders from
/// two threads took 23 ms of a 100k build, most of it waiting.
const REMOVERS: usize = 8;

/// Removes each of `paths` (a folder with everything in it, or a file) on
/// up to `REMOVERS` threads, best effort.
fn remove_all(paths: &[(PathBuf, bool)]) {
    let next = std::sync::atomic::AtomicUsize::new(0);
    let remove = || {
        let taken = || paths.get(next.fetch_add(1, std::sync::atomic::Ordering::Relaxed));
        while let Some((path, folder)) = taken() {
            let _ = match folder {
                true => std::fs::remove_dir_all(path),
                false => std::fs::remove_file(path),
            };
        }
    };
    std::thread::scope(|scope| {
        for _ in 0..REMOVERS.min(paths.len()) {
            scope.spawn(remove);
        }
    });
}

/// Removes folders `<prefix><pid>-*` in `parent` whose process is gone:
/// staging folders beside OUT that a killed build left behind, or the
/// temporary site of a `serve` stopped with Ctrl-C. A process still running
/// keeps its own. Only where processes can be looked up (`/proc`); best
/// effort.
pub(crate) fn remove_dead_folders(parent: &Path, prefix: &str) {
    let proc = Path::new("/proc/self");
    if !cfg!(target_os = "linux") || !proc.exists() {
        return;
    }
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        let name = entry.file_name();
        let Some(pid) = name
            .to_str()
            .and_then(|n| n.strip_prefix(prefix))
            .and_then(|rest| rest.split_once('-'))
            .and_then(|(pid, _)| pid.parse::<u32>().ok())
        else {
            continue;
        };
        let alive = Path::new("/proc").join(pid.to_string()).exists();
        let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
        if !alive && is_dir {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// Puts `new` at `out` in one step. Where OUT exists, the two are exchanged
/// (Linux `renameat2(RENAME_EXCHANGE)`), so no moment exists without a
/// complete OUT; elsewhere the old folder is moved aside first.
fn swap(new: &Path, out: &Path) -> Result<(), Error> {
    if !out.exists() {
        return std::fs::rename(new, out).map_err(write_err(out));
    }
    #[cfg(any(target_os = "linux", target_os = "android"))]
    {
        use rustix::fs::{renameat_with, RenameFlags, CWD};
        if renameat_with(CWD, new, CWD, out, RenameFlags::EXCHANGE).is_ok() {
            return Ok(());
        }
    }
    let aside = new.with_extension("old");
    std::fs::rename(out, &aside).map_err(write_err(out))?;
    std::fs::rename(new, out).map_err(write_err(out))?;
    // The staging folder's guard removes `new`; move the old build there.
    std::fs::rename(&aside, new).map_err(write_err(new))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_outside_the_output_are_refused() {
        let site = Site::discard();
        for bad in ["../x", "/etc/passwd", "a/../../b", "", "./a"] {
            assert!(site.add(bad, "x").is_err(), "{bad}");
        }
        assert!(site.add("2024/zh/brief.md", "x").is_ok());
    }

    #[test]
    fn a_build_replaces_the_whole_folder() -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let out = dir.path().join("out");
        std::fs::create_dir_all(out.join("stale"))?;
        std::fs::write(out.join("stale/old.txt"), "old")?;
        let site = Site::staging(&out)?;
        site.add("index.html", "new")?;
        publish(site, &out)?;
        assert_eq!(std::fs::read_to_string(out.join("index.html"))?, "new");
        assert!(!out.join("stale").exists());
        let leftovers: Vec<_> = std::fs::read_dir(dir.path())?.collect();
        assert_eq!(leftovers.len(), 1, "staging folders must be cleaned up");
        Ok(())
    }

    /// Links the previous build holds (one or two folders deep) are
    /// removed with it, never followed: what they point to stays.
    #[cfg(unix)]
    #[test]
    fn removing_the_previous_build_does_not_follow_its_links(
    ) -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let outside = dir.path().join("outside");
        std::fs::create_dir_all(outside.join("deep"))?;
        std::fs::write(outside.join("keep.txt"), "keep")?;
        std::fs::write(outside.join("deep/keep.txt"), "keep")?;
        let out = dir.path().join("out");
        std::fs::create_dir_all(out.join("2024/zh"))?;
        std::os::unix::fs::symlink(&outside, out.join("top"))?;
        std::os::unix::fs::symlink(&outside, out.join("2024/below"))?;
        std::os::unix::fs::symlink(outside.join("keep.txt"), out.join("2024/zh/file"))?;
        let site = Site::staging(&out)?;
        site.add("index.html", "new")?;
        publish(site, &out)?;
        assert!(!out.join("top").exists() && !out.join("2024").exists());
        for kept in ["keep.txt", "deep/keep.txt"] {
            assert_eq!(std::fs::read_to_string(outside.join(kept))?, "keep");
        }
        Ok(())
    }

    #[cfg(unix)]
    #[test]
    fn unchanged_files_are_kept_from_the_previous_build_changed_ones_rewritten(
    ) -> Result<(), Box<dyn std::error::Error>> {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir()?;
        let out = dir.path().join("out");
        let first = Site::staging(&out)?;
        for (path, text) in [
            ("same.html", "same"),
            ("a/changed.html", "old"),
            ("gone.md", "x"),
        ] {
            first.add(path, text)?;
        }
        // Longer than the piece `holds` compares at a time.
        let big = vec![b'a'; 40_000];
        let mut big_changed_at_end = big.clone();
        big_changed_at_end[39_999] = b'b';
        first.add("big.html", &big)?;
        first.add("big-changed.html", &big)?;
        publish(first, &out)?;
        let inode = |p: &str| std::fs::metadata(out.join(p)).map(|m| m.ino());
        let (big_same, big_changed) = (inode("big.html")?, inode("big-changed.html")?);
        let (same, changed) = (inode("same.html")?, inode("a/changed.html")?);
        // A link in the old build is never followed into the new one.
        std::os::unix::fs::symlink("/etc/hostname", out.join("link.html"))?;
        let second = Site::staging(&out)?;
        second.add("same.html", "same")?;
        second.add("a/changed.html", "old")?;
        second.add("big.html", &big)?;
        second.add("big-changed.html", &big_changed_at_end)?;
        // Added again (linked the first time): the previous build's copy
        // is not written through.
        second.add("a/changed.html", "new, longer")?;
        second.add(
            "link.html",
            std::fs::read("/etc/hostname").unwrap_or_default(),
        )?;
        // Until it is published, the previous build is as it was.
        assert_eq!(std::fs::read_to_string(out.join("a/changed.html"))?, "old");
        publish(second, &out)?;
        assert_eq!(inode("same.html")?, same, "an unchanged file is linked");
        assert_ne!(inode("a/changed.html")?, changed);
        assert_eq!(inode("big.html")?, big_same);
        assert_ne!(inode("big-changed.html")?, big_changed);
        assert_eq!(
            std::fs::read(out.join("big-changed.html"))?,
            big_changed_at_end
        );
        assert_eq!(
            std::fs::read_to_string(out.join("a/changed.html"))?,
            "new, longer"
        );
        assert_eq!(std::fs::read_to_string(out.join("same.html"))?, "same");
        assert!(!std::fs::symlink_metadata(out.join("link.html"))?.is_symlink());
        assert!(!out.join("gone.md").exists());
        Ok(())
    }

    #[test]
    fn a_build_that_fails_leaves_the_output_as_it_was() -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let out = dir.path().join("out");
        std::fs::create_dir_all(&out)?;
        std::fs::write(out.join("index.html"), "old")?;
        let site = Site::staging(&out)?;
        site.add("index.html", "half")?;
        // A failure: the site is dropped, never published.
        drop(site);
        assert_eq!(std::fs::read_to_string(out.join("index.html"))?, "old");
        let leftovers: Vec<_> = std::fs::read_dir(dir.path())?.collect();
        assert_eq!(leftovers.len(), 1, "the staging folder must be removed");
        Ok(())
    }

    #[test]
    fn staging_folders_of_dead_builds_are_removed() -> std::io::Result<()> {
        let dir = tempfile::tempdir()?;
        let out = dir.path().join("out");
        // A pid that cannot be running (above Linux's pid_max), one that is
        // (ours), and a folder of another output.
        let dead = dir.path().join(".out.citybrief-4194305-abc");
        let running = dir
            .path()
            .join(format!(".out.citybrief-{}-abc", std::process::id()));
        let other = dir.path().join(".site.citybrief-4194305-abc");
        for d in [&dead, &running, &other] {
            std::fs::create_dir_all(d.join("2024"))?;
        }
        let published = Site::staging(&out).and_then(|site| {
            site.add("index.html", "new")?;
            publish(site, &out)
        });
        if let Err(e) = published {
            unreachable!("{e}");
        }
        assert_eq!(!dead.exists(), cfg!(target_os = "linux"));
        assert!(running.exists() && other.exists());
        Ok(())
    }

    #[test]
    fn the_current_folder_is_never_an_output() {
        assert!(check_out(Path::new("."), &[]).is_err());
        assert!(check_out(Path::new("/"), &[]).is_err());
    }

    #[test]
    fn dot_dot_and_links_do_not_hide_a_protected_folder() -> std::io::Result<()> {
        let top = tempfile::tempdir()?;
        let data = top.path().join("data");
        std::fs::create_dir_all(data.join("inner"))?;
        for out in [
            data.join("inner/.."),
            data.join("missing/.."),
            data.join(".."),
            data.join("inner/../.."),
        ] {
            assert!(check_out(&out, &[&data]).is_err(), "{}", out.display());
        }
        assert!(check_out(&data.join("inner/../site"), &[&data]).is_ok());
        assert!(check_out(&top.path().join("site/x/.."), &[&data]).is_err());
        #[cfg(unix)]
        {
            let link = top.path().join("link");
            std::os::unix::fs::symlink(&data, &link)?;
            assert!(check_out(&link, &[&data]).is_err());
        }
        Ok(())
    }
}
