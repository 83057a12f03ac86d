//! Templates: the defaults embedded in the binary, each overridable one by
//! one by a file of the same name in the dataset's templates folder (as Zola
//! themes do).

use crate::error::Error;
use std::path::Path;
use tera::Tera;

/// The built-in templates, by name.
pub const BUILTIN: [(&str, &str); 6] = [
    ("brief.md", include_str!("../../templates/brief.md")),
    ("page.html", include_str!("../../templates/page.html")),
    ("index.html", include_str!("../../templates/index.html")),
    ("region.html", include_str!("../../templates/region.html")),
    ("feed.xml", include_str!("../../templates/feed.xml")),
    ("style.css", include_str!("../../templates/style.css")),
];

/// Loads the built-ins, then the user's overrides (any file under `dir`,
/// named by its path relative to it).
pub fn load(dir: Option<&Path>) -> Result<Tera, Error> {
    let mut tera = Tera::default();
    tera.autoescape_on([".html", ".xml"]);
    super::filters::register(&mut tera);
    tera.add_raw_templates(BUILTIN).map_err(report)?;
    if let Some(dir) = dir {
        let mut files = Vec::new();
        collect(dir, dir, &mut files)?;
        files.sort();
        tera.add_raw_templates(files).map_err(report)?;
    }
    Ok(tera)
}

/// Tera 2's error already reads like rustc's: file, line, column, caret.
pub fn report(e: tera::Error) -> Error {
    let mut text = e.to_string();
    let mut source = std::error::Error::source(&e);
    while let Some(cause) = source {
        text.push_str(&format!("\n  caused by: {cause}"));
        source = cause.source();
    }
    Error::Template(text)
}

/// Regular files below `dir`; symbolic links are not followed, so a
/// templates folder cannot read outside itself.
fn collect(root: &Path, dir: &Path, out: &mut Vec<(String, String)>) -> Result<(), Error> {
    let read_err = |source| Error::Read {
        path: dir.to_path_buf(),
        source,
    };
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .map_err(read_err)?
        .collect::<Result<_, _>>()
        .map_err(read_err)?;
    entries.sort_by_key(|e| e.path());
    for entry in entries {
        let path = entry.path();
        let kind = entry.file_type().map_err(read_err)?;
        if kind.is_dir() {
            collect(root, &path, out)?;
        } else if kind.is_file() {
            let name = path
                .strip_prefix(root)
                .map(|p| p.to_string_lossy().replace('\\', "/"))
                .unwrap_or_default();
            let text = std::fs::read_to_string(&path).map_err(|source| Error::Read {
                path: path.clone(),
                source,
            })?;
            out.push((name, text));
        }
    }
    Ok(())
}
