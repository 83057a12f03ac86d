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
    tera.set_escape_fn(escape_html);
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

/// Tera's own escaping (`&`, `<`, `>`, `"`, `'`), byte for byte, written a
/// run of plain text at a time: Tera writes every byte through its own
/// `write_all`, a fortieth of a build's instructions.
fn escape_html(input: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let bytes = input.as_bytes();
    let mut plain = 0;
    for (i, byte) in bytes.iter().enumerate() {
        let entity: &[u8] = match byte {
            b'&' => b"&amp;",
            b'<' => b"&lt;",
            b'>' => b"&gt;",
            b'"' => b"&quot;",
            b'\'' => b"&#39;",
            _ => continue,
        };
        out.write_all(&bytes[plain..i])?;
        out.write_all(entity)?;
        plain = i + 1;
    }
    out.write_all(&bytes[plain..])
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

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    fn escaped(f: fn(&str, &mut dyn std::io::Write) -> std::io::Result<()>, text: &str) -> Vec<u8> {
        let mut out = Vec::new();
        // Writing into a vector cannot fail.
        let _ = f(text, &mut out);
        out
    }

    proptest! {
        /// The same bytes as Tera's own escaping, for any text.
        #[test]
        fn escaping_is_teras(text in "[a-z&<>\"' 嘉兴\u{a0}/=]{0,24}|\\PC{0,16}") {
            prop_assert_eq!(escaped(super::escape_html, &text), escaped(tera::escape_html, &text));
        }
    }

    #[test]
    fn escaping_names_every_special_character() {
        assert_eq!(
            escaped(super::escape_html, r#"Huai'an <b>&"x"</b>"#),
            b"Huai&#39;an &lt;b&gt;&amp;&quot;x&quot;&lt;/b&gt;".to_vec()
        );
    }
}
