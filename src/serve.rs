//! `citybrief serve`: builds the site into a folder, serves that folder on
//! 127.0.0.1, and rebuilds whenever a file of the dataset (CSV files,
//! workbook, notes, `citybrief.toml`) or of its templates folder changes.
//!
//! A rebuild is a normal build, so it replaces the folder in one step or not
//! at all: a failed rebuild prints its problems and the last good build
//! stays online. Before it, the brief page last asked for (the one in view)
//! is rendered alone and its files replaced, so that an edit shows there
//! without waiting for the whole site. Pages carry `Cache-Control:
//! no-store`, so reloading the browser shows the new build. No script is
//! injected into the pages.

use crate::error::{Error, Problem};
use crate::format::Lang;
use crate::ingest::{DataSource, Memo, Reloaded};
use crate::model::Dataset;
use crate::BuildOptions;
use notify::{RecursiveMode, Watcher};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc, Mutex};
use std::time::{Duration, Instant};

/// What `citybrief serve` was asked for.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub data: DataSource,
    /// Where builds go; a temporary folder (removed on a normal exit) if `None`.
    pub out: Option<PathBuf>,
    pub port: u16,
    /// Print only problems.
    pub quiet: bool,
}

/// Events arriving this close together make one rebuild (an editor's save
/// is often a write, a rename and a metadata change).
const SETTLE: Duration = Duration::from_millis(60);

/// Runs until the process is stopped. Returns early only when the server
/// cannot start (the port is taken) or the dataset folder cannot be watched.
pub fn serve(options: &ServeOptions) -> Result<(), Error> {
    if let DataSource::Dir(dir) = &options.data {
        if !dir.is_dir() {
            return Err(Error::NoDataset(dir.clone()));
        }
    }
    let temp;
    let out = match &options.out {
        Some(out) => out.clone(),
        None => {
            temp = temporary_site(&std::env::temp_dir())?;
            temp.path().join("site")
        }
    };
    let build = BuildOptions {
        data: options.data.clone(),
        out: out.clone(),
        periods: Vec::new(),
        langs: None,
    };
    let server = tiny_http::Server::http(("127.0.0.1", options.port)).map_err(|e| {
        Error::Other(format!(
            "cannot serve on 127.0.0.1:{}: {e}; choose another with --port",
            options.port
        ))
    })?;
    let port = server
        .server_addr()
        .to_ip()
        .map_or(options.port, |a| a.port());

    // Read once for the first build and kept, so that the first edit is
    // read against it as the next ones are.
    let started = Instant::now();
    let initial = match crate::ingest::load_kept(&build.data) {
        Ok((loaded, memo)) => {
            let ready = Ok((&loaded.dataset, loaded.warnings.clone()));
            rebuild(&build, ready, started, options.quiet, "built", None);
            Some((loaded.dataset, memo, loaded.warnings))
        }
        Err(e) => {
            rebuild(&build, Err(e), started, options.quiet, "built", None);
            None
        }
    };
    // Events name canonical paths (the roots are canonical), so compare
    // with the output folder's canonical path too.
    let ignore = out.canonicalize().unwrap_or_else(|_| out.clone());
    // A change stops a rebuild under way: the change's own rebuild follows.
    let stop = Arc::new(AtomicBool::new(false));
    let (tx, rx) = mpsc::channel();
    let handler = {
        let (stop, ignore) = (Arc::clone(&stop), ignore.clone());
        move |event: notify::Result<notify::Event>| {
            if is_relevant(&event, &ignore) {
                stop.store(true, Ordering::Relaxed);
            }
            // Fails only once the rebuilding thread is gone.
            let _ = tx.send(event);
        }
    };
    let mut watcher = notify::recommended_watcher(handler)
        .map_err(|e| Error::Other(format!("cannot watch for changes: {e}")))?;
    let watched = watch_roots(&options.data);
    for root in &watched {
        watcher
            .watch(root, RecursiveMode::Recursive)
            .map_err(|e| Error::Other(format!("cannot watch {}: {e}", root.display())))?;
    }
    if !options.quiet {
        eprintln!(
            "serving {} at http://127.0.0.1:{port}/ (Ctrl-C to stop)",
            out.display()
        );
        match &options.data {
            DataSource::Dir(dir) => eprintln!(
                "watching {} and its templates: every change rebuilds",
                dir.display()
            ),
            DataSource::Builtin => {
                eprintln!("the built-in dataset does not change; use --data DIR to edit one")
            }
        }
    }

    let rebuild_options = build.clone();
    let quiet = options.quiet;
    let viewed: Arc<Mutex<Option<Viewed>>> = Arc::default();
    let in_view = Arc::clone(&viewed);
    std::thread::spawn(move || {
        // The watcher lives as long as this thread.
        let _watcher = watcher;
        let mut kept = Kept::new(&watched);
        if let Some((dataset, memo, warnings)) = initial {
            kept.keep(dataset, memo, warnings);
        }
        while let Ok(first) = rx.recv() {
            let mut relevant = observe(&first, &ignore, &mut kept);
            let deadline = Instant::now() + SETTLE;
            while let Some(left) = deadline.checked_duration_since(Instant::now()) {
                match rx.recv_timeout(left) {
                    Ok(next) => relevant |= observe(&next, &ignore, &mut kept),
                    Err(mpsc::RecvTimeoutError::Timeout) => break,
                    Err(mpsc::RecvTimeoutError::Disconnected) => return,
                }
            }
            if relevant {
                stop.store(false, Ordering::Relaxed);
                // A poisoned lock only loses the page in view.
                let page = in_view.lock().ok().and_then(|v| v.clone());
                refresh(&rebuild_options, page.as_ref(), &mut kept, quiet, &stop);
            }
        }
    });

    for request in server.incoming_requests() {
        let page = Viewed::of(request.url()).filter(|v| v.exists_in(&out));
        if let Some(page) = page {
            if let Ok(mut v) = viewed.lock() {
                *v = Some(page);
            }
        }
        let response = respond(&out, request.method(), request.url());
        // A client that went away is not the server's problem.
        let _ = request.respond(response);
    }
    Ok(())
}

/// A folder for the site when no `--out` is given, in `parent`. Ctrl-C
/// ends `serve` without removing it, so the folders of earlier `serve`s
/// that are gone are removed first (a site of 100k projects is ~50 MB).
fn temporary_site(parent: &Path) -> Result<tempfile::TempDir, Error> {
    const PREFIX: &str = "citybrief-serve-";
    crate::publish::remove_dead_folders(parent, PREFIX);
    tempfile::Builder::new()
        .prefix(&format!("{PREFIX}{}-", std::process::id()))
        .tempdir_in(parent)
        .map_err(|e| Error::Other(format!("cannot make a temporary folder: {e}")))
}

/// A brief page asked for: its folder (`2024-Q3`) and language.
#[derive(Debug, Clone, PartialEq)]
struct Viewed {
    brief: String,
    lang: Lang,
}

impl Viewed {
    /// The brief page a URL asks for (`/2024-Q3/zh/brief.html`, its
    /// Markdown or its folder), if it is one.
    fn of(url: &str) -> Option<Viewed> {
        let path = local_path(url)?;
        let parts: Vec<&str> = path.iter().filter_map(|p| p.to_str()).collect();
        let (brief, lang) = match parts.as_slice() {
            [brief, lang] | [brief, lang, "brief.html" | "brief.md" | "index.html"] => {
                (brief, lang)
            }
            _ => return None,
        };
        Some(Viewed {
            brief: brief.to_string(),
            lang: Lang::parse(lang)?,
        })
    }

    /// Whether the build in `out` has this page (a region page's URL has
    /// the same shape).
    fn exists_in(&self, out: &Path) -> bool {
        let dir = out.join(&self.brief).join(self.lang.code());
        dir.join("brief.html").is_file()
    }
}

/// Whether an event calls for a rebuild; if so, `kept` learns what it
/// touched. Only the dataset's own changes count: the output folder (which
/// may lie inside the dataset) changes with every build.
fn observe(event: &notify::Result<notify::Event>, out: &Path, kept: &mut Kept) -> bool {
    let relevant = is_relevant(event, out);
    if relevant {
        kept.see(event);
    }
    relevant
}

/// The dataset last read without an error (whatever became of its build),
/// kept for the next edit: while only notes and templates change, the
/// tables are not read again; and when `projects.csv` changes, only its
/// edited records are.
struct Kept {
    /// With its memo and the warnings a whole load of it gives.
    dataset: Option<(Dataset, Memo, Vec<Problem>)>,
    /// Every change so far was below one of these folders.
    notes_or_templates: bool,
    /// The dataset's `notes/` and its templates folder (canonical, as
    /// the events' paths are); refreshed with each dataset kept.
    roots: Vec<PathBuf>,
    dir: Option<PathBuf>,
}

impl Kept {
    fn new(watched: &[PathBuf]) -> Kept {
        Kept {
            dataset: None,
            notes_or_templates: true,
            roots: Vec::new(),
            dir: watched.first().cloned(),
        }
    }

    fn see(&mut self, event: &notify::Result<notify::Event>) {
        let inside = |p: &PathBuf| self.roots.iter().any(|r| p.starts_with(r));
        let fine = match event {
            Ok(e) if e.kind.is_access() => true,
            Ok(e) => !e.paths.is_empty() && e.paths.iter().all(inside),
            Err(_) => false,
        };
        self.notes_or_templates &= fine;
    }

    /// The dataset as it is now: the kept one with its notes read again
    /// when only notes or templates changed, else read again from it (see
    /// `ingest::reload`), or whole when there is none. A failure keeps the
    /// last good one, which the next edit is then read against.
    fn dataset(&mut self, source: &DataSource) -> Result<Reloaded, Error> {
        let notes_only = std::mem::replace(&mut self.notes_or_templates, true);
        let Some((mut dataset, memo, warnings)) = self.dataset.take() else {
            return crate::ingest::load_kept(source).map(|(loaded, memo)| Reloaded {
                dataset: loaded.dataset,
                memo,
                read_again: None,
                warnings: loaded.warnings,
            });
        };
        if notes_only {
            return match crate::ingest::reload_notes(source, &dataset.regions, &warnings) {
                Ok((notes, warnings)) => {
                    dataset.notes = notes;
                    Ok(Reloaded {
                        dataset,
                        memo,
                        read_again: Some(0),
                        warnings,
                    })
                }
                // Still good for the tables once the note is mended.
                Err(e) => {
                    self.dataset = Some((dataset, memo, warnings));
                    Err(e)
                }
            };
        }
        let now = crate::ingest::reload(source, &dataset, &memo);
        if now.is_err() {
            // The next edit is read against the last good load.
            self.dataset = Some((dataset, memo, warnings));
            self.notes_or_templates = false;
        }
        now
    }

    fn keep(&mut self, dataset: Dataset, memo: Memo, warnings: Vec<Problem>) {
        self.roots.clear();
        if let Some(dir) = &self.dir {
            self.roots.push(dir.join("notes"));
            if let Some(t) = &dataset.config.templates {
                let templates = dir.join(t);
                self.roots
                    .push(templates.canonicalize().unwrap_or(templates));
            }
        }
        self.dataset = Some((dataset, memo, warnings));
    }
}

/// One round after an edit: the dataset read again (in part where it
/// can be), the page in view made first, then the whole site from the same
/// dataset, unless a newer change came meanwhile (it has its own round).
fn refresh(
    options: &BuildOptions,
    page: Option<&Viewed>,
    kept: &mut Kept,
    quiet: bool,
    stop: &AtomicBool,
) {
    let started = Instant::now();
    let Reloaded {
        dataset,
        memo,
        read_again,
        warnings,
    } = match kept.dataset(&options.data) {
        Ok(reloaded) => reloaded,
        Err(e) => return rebuild(options, Err(e), started, quiet, "rebuilt", None),
    };
    if let Some(page) = page {
        show_first(options, page, &dataset, read_again, started, quiet);
    }
    if !stop.load(Ordering::Relaxed) {
        let loaded = Ok((&dataset, warnings.clone()));
        rebuild(
            options,
            loaded,
            Instant::now(),
            quiet,
            "rebuilt",
            Some(stop),
        );
    }
    kept.keep(dataset, memo, warnings);
}

/// Renders the page in view alone, into the last good build, before the
/// whole site is rebuilt. Quietly does nothing when there is no build yet
/// or the page cannot be made: the rebuild that follows reports why.
fn show_first(
    options: &BuildOptions,
    page: &Viewed,
    dataset: &Dataset,
    read_again: Option<usize>,
    started: Instant,
    quiet: bool,
) {
    if !options.out.join("index.html").is_file() {
        return;
    }
    let shown = crate::build_page(options, dataset, &page.brief, page.lang);
    let read_again = match read_again {
        Some(0) | None => String::new(),
        Some(1) => " (1 record of projects.csv read again)".to_string(),
        Some(n) => format!(" ({n} records of projects.csv read again)"),
    };
    if let Ok(true) = shown {
        if !quiet {
            eprintln!(
                "updated {}/{}/brief.html in {:.2} s{read_again}; rebuilding the rest",
                page.brief,
                page.lang.code(),
                started.elapsed().as_secs_f64()
            );
        }
    }
}

/// Builds the whole site from a dataset read (with the warnings its
/// reading gave), printing the outcome; a failure, of the reading too,
/// leaves the folder as it was.
fn rebuild(
    options: &BuildOptions,
    loaded: Result<(&Dataset, Vec<Problem>), Error>,
    started: Instant,
    quiet: bool,
    verb: &str,
    stop: Option<&AtomicBool>,
) {
    let extras = crate::BuildExtras {
        cancel: stop,
        ..Default::default()
    };
    let built = loaded
        .and_then(|(dataset, warnings)| crate::build_loaded(options, dataset, warnings, &extras));
    match built {
        Ok(report) => {
            if !quiet {
                for w in &report.warnings {
                    eprintln!("warning: {w}");
                }
                eprintln!(
                    "{verb} {} page(s) in {:.2} s",
                    report.totals.pages,
                    started.elapsed().as_secs_f64()
                );
            }
        }
        Err(Error::Cancelled) => {
            if !quiet {
                eprintln!("stopped for a newer change");
            }
        }
        Err(Error::Invalid(problems)) => {
            for p in &problems {
                let label = if p.is_error() { "error" } else { "warning" };
                eprintln!("{label}: {p}");
            }
            eprintln!("build failed: still serving the last good build");
        }
        Err(e) => {
            eprintln!("error: {e}");
            eprintln!("build failed: still serving the last good build");
        }
    }
}

/// The dataset folder; the templates folder lives in it unless
/// `citybrief.toml` points elsewhere, in which case that is watched too.
fn watch_roots(data: &DataSource) -> Vec<PathBuf> {
    let DataSource::Dir(dir) = data else {
        return Vec::new();
    };
    let mut roots = vec![dir.canonicalize().unwrap_or_else(|_| dir.clone())];
    // Only the configuration is needed: read, not rendered.
    if let Ok(loaded) = crate::ingest::load(data) {
        if let Some(t) = &loaded.dataset.config.templates {
            let templates = dir.join(t);
            let inside = match (templates.canonicalize(), dir.canonicalize()) {
                (Ok(t), Ok(d)) => t.starts_with(d),
                _ => true,
            };
            if !inside && templates.is_dir() {
                roots.push(templates.canonicalize().unwrap_or(templates));
            }
        }
    }
    roots
}

/// Whether an event concerns the dataset: not the output folder (which may
/// sit inside the dataset folder), not a build's staging folder, not an
/// editor's hidden swap file.
fn is_relevant(event: &notify::Result<notify::Event>, out: &Path) -> bool {
    let Ok(event) = event else {
        return true;
    };
    if event.kind.is_access() {
        return false;
    }
    let out_abs = std::path::absolute(out).unwrap_or_else(|_| out.to_path_buf());
    event.paths.is_empty()
        || event.paths.iter().any(|p| {
            let hidden = p
                .file_name()
                .map(|n| n.to_string_lossy().starts_with('.'))
                .unwrap_or(false);
            let staging = p.components().any(|c| {
                matches!(c, Component::Normal(n) if n.to_string_lossy().contains(".citybrief-"))
            });
            !(p.starts_with(&out_abs) || p.starts_with(out) || hidden || staging)
        })
}

fn header(name: &str, value: &str) -> Option<tiny_http::Header> {
    tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes()).ok()
}

type Response = tiny_http::Response<std::io::Cursor<Vec<u8>>>;

fn text(status: u16, body: &str) -> Response {
    let mut r = tiny_http::Response::from_data(body.as_bytes().to_vec()).with_status_code(status);
    if let Some(h) = header("Content-Type", "text/plain; charset=utf-8") {
        r.add_header(h);
    }
    r
}

/// Answers GET and HEAD for files below `root`; nothing outside it.
fn respond(root: &Path, method: &tiny_http::Method, url: &str) -> Response {
    use tiny_http::Method;
    if !matches!(method, Method::Get | Method::Head) {
        return text(405, "only GET and HEAD\n");
    }
    let Some(relative) = local_path(url) else {
        return text(400, "bad path\n");
    };
    let mut path = root.join(&relative);
    if path.is_dir() {
        let raw = url.split(['?', '#']).next().unwrap_or("/");
        if !raw.ends_with('/') {
            let mut r = text(301, "moved\n");
            if let Some(h) = header("Location", &format!("{raw}/")) {
                r.add_header(h);
            }
            return r;
        }
        path = path.join("index.html");
    }
    match std::fs::read(&path) {
        Ok(bytes) => {
            let mut r = tiny_http::Response::from_data(bytes);
            for h in [
                header("Content-Type", content_type(&path)),
                header("Cache-Control", "no-store"),
                header("X-Content-Type-Options", "nosniff"),
            ]
            .into_iter()
            .flatten()
            {
                r.add_header(h);
            }
            r
        }
        Err(_) if !root.join("index.html").exists() => text(
            503,
            "no build yet: the dataset has errors (see the terminal); fix them and reload\n",
        ),
        Err(_) => text(404, "not found\n"),
    }
}

/// The URL's path as a relative file path: percent-decoded, with no `..`,
/// no absolute part and no backslash.
fn local_path(url: &str) -> Option<PathBuf> {
    let raw = url.split(['?', '#']).next().unwrap_or("/");
    let decoded = percent_decode(raw)?;
    let mut out = PathBuf::new();
    for part in decoded.split('/') {
        match part {
            "" | "." => {}
            ".." => return None,
            p if p.contains('\\') || p.contains('\0') => return None,
            p => out.push(p),
        }
    }
    Some(out)
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "svg" => "image/svg+xml",
        "xml" => "application/atom+xml; charset=utf-8",
        "json" => "application/json",
        "md" => "text/markdown; charset=utf-8",
        "png" => "image/png",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_edits_to_notes_or_templates_keep_the_tables() {
        let dir = PathBuf::from("/data");
        let mut kept = Kept::new(std::slice::from_ref(&dir));
        kept.roots = vec![dir.join("notes"), dir.join("templates")];
        let event = |path: &str| {
            let kind = notify::EventKind::Modify(notify::event::ModifyKind::Any);
            Ok(notify::Event::new(kind).add_path(dir.join(path)))
        };
        let out = dir.join("site");
        // The output folder inside the dataset: not a change of it.
        assert!(!observe(&event("site/2024/zh/brief.html"), &out, &mut kept));
        assert!(observe(&event("notes/2024/jiaxing.md"), &out, &mut kept));
        assert!(observe(&event("templates/page.html"), &out, &mut kept));
        assert!(kept.notes_or_templates);
        assert!(observe(&event("projects.csv"), &out, &mut kept));
        assert!(!kept.notes_or_templates);
    }

    #[test]
    fn sites_of_serves_that_are_gone_are_removed() -> Result<(), Box<dyn std::error::Error>> {
        let parent = tempfile::tempdir()?;
        // A pid above Linux's pid_max, and ours.
        let gone = parent.path().join("citybrief-serve-4194305-abc");
        let ours = format!("citybrief-serve-{}-", std::process::id());
        let running = parent.path().join(format!("{ours}abc"));
        for d in [&gone, &running] {
            std::fs::create_dir_all(d.join("site"))?;
        }
        let site = temporary_site(parent.path())?;
        assert_eq!(!gone.exists(), cfg!(target_os = "linux"));
        assert!(running.exists());
        let name = site
            .path()
            .file_name()
            .map(|n| n.to_string_lossy().into_owned());
        assert!(name.is_some_and(|n| n.starts_with(&ours)));
        Ok(())
    }

    #[test]
    fn paths_stay_inside_the_site() {
        assert_eq!(local_path("/"), Some(PathBuf::new()));
        assert_eq!(
            local_path("/2024/zh/brief.html?x=1#top"),
            Some(PathBuf::from("2024/zh/brief.html"))
        );
        assert_eq!(local_path("/a%20b"), Some(PathBuf::from("a b")));
        for bad in ["/../etc/passwd", "/a/%2e%2e/%2e%2e/x", "/a%5c..", "/%zz"] {
            assert_eq!(local_path(bad), None, "{bad}");
        }
    }

    #[test]
    fn serves_files_and_refuses_others() -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        std::fs::create_dir_all(dir.path().join("2024/zh"))?;
        std::fs::write(dir.path().join("index.html"), "<p>hi</p>")?;
        std::fs::write(dir.path().join("2024/zh/index.html"), "zh")?;
        let get = tiny_http::Method::Get;
        assert_eq!(respond(dir.path(), &get, "/").status_code().0, 200);
        assert_eq!(respond(dir.path(), &get, "/2024/zh").status_code().0, 301);
        assert_eq!(respond(dir.path(), &get, "/2024/zh/").status_code().0, 200);
        assert_eq!(respond(dir.path(), &get, "/nope.html").status_code().0, 404);
        assert_eq!(respond(dir.path(), &get, "/../x").status_code().0, 400);
        let post = tiny_http::Method::Post;
        assert_eq!(respond(dir.path(), &post, "/").status_code().0, 405);
        Ok(())
    }
}
