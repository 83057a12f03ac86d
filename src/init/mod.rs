//! `citybrief init DIR`: a new dataset folder with a small sample for two
//! made-up regions and a commented `citybrief.toml` that builds as it is.

use crate::error::Error;
use std::path::Path;

/// The sample files, by path relative to the new folder.
/// `dataset-template.xlsx` holds the same tables as sheets (plus an
/// `x_readme` sheet on the columns); the reader ignores it under that name.
/// It is made from the CSV files by the ignored integration test
/// `write_the_workbook_template`.
pub const SAMPLE: [(&str, &[u8]); 8] = [
    ("citybrief.toml", include_bytes!("sample/citybrief.toml")),
    ("regions.csv", include_bytes!("sample/regions.csv")),
    ("sources.csv", include_bytes!("sample/sources.csv")),
    ("indicators.csv", include_bytes!("sample/indicators.csv")),
    ("projects.csv", include_bytes!("sample/projects.csv")),
    (
        "notes/2024/hexi.md",
        include_bytes!("sample/notes/2024/hexi.md"),
    ),
    ("README.md", include_bytes!("sample/README.md")),
    (
        "dataset-template.xlsx",
        include_bytes!("sample/dataset-template.xlsx"),
    ),
];

/// Creates `dir` (which must not exist, or be empty) with the sample.
pub fn init(dir: &Path) -> Result<(), Error> {
    if dir.exists() {
        let empty = dir.is_dir()
            && std::fs::read_dir(dir)
                .map_err(|source| Error::Read {
                    path: dir.to_path_buf(),
                    source,
                })?
                .next()
                .is_none();
        if !empty {
            return Err(Error::Other(format!(
                "{} already exists and is not an empty folder; choose a new folder name",
                dir.display()
            )));
        }
    }
    for (name, text) in SAMPLE {
        let path = dir.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|source| Error::Write {
                path: parent.to_path_buf(),
                source,
            })?;
        }
        std::fs::write(&path, text).map_err(|source| Error::Write { path, source })?;
    }
    Ok(())
}
