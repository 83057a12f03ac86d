//! The tables of a dataset, from CSV files and from `dataset.xlsx`: one
//! source per table, the required tables present, the headers mapped.

use super::files::Files;
use super::headers::{self, TableKind};
use super::table::Table;
use super::validate::Mapped;
use super::{csv, encoding, xlsx};
use crate::error::Problem;
use std::collections::BTreeMap;

/// Tables whose headers mapped; a table present but unreadable is absent
/// here, its problems reported.
pub type Tables = BTreeMap<TableKind, Mapped>;

/// Takes the CSV files' bytes out of `files` (they become the tables'
/// text, uncopied where they are UTF-8). The two large tables, indicators
/// and projects, are read record by record as they are validated.
pub fn gather(files: &mut Files, out: &mut Vec<Problem>) -> Tables {
    let mut found: BTreeMap<TableKind, Table> = BTreeMap::new();
    let mut present: Vec<TableKind> = Vec::new();
    for kind in TableKind::ALL {
        let name = kind.csv_file();
        let Some(bytes) = files.take(&name) else {
            continue;
        };
        present.push(kind);
        let (text, warning) = encoding::decode_owned(bytes, &name);
        out.extend(warning);
        let defer = matches!(kind, TableKind::Indicators | TableKind::Projects);
        let (table, problems) = csv::read(&name, text, defer);
        out.extend(problems);
        found.extend(table.map(|t| (kind, t)));
    }
    if let Some(bytes) = files.get(xlsx::WORKBOOK) {
        let (sheets, problems) = xlsx::read(bytes);
        out.extend(problems);
        for (kind, table) in sheets {
            if present.contains(&kind) {
                out.push(both(kind));
                continue;
            }
            present.push(kind);
            found.insert(kind, table);
        }
    }
    check_presence(&present, out);
    found
        .into_iter()
        .filter_map(|(kind, table)| {
            let (columns, problems) = headers::map(kind, &table);
            out.extend(problems);
            columns.map(|columns| (kind, Mapped::new(table, columns)))
        })
        .collect()
}

fn both(kind: TableKind) -> Problem {
    Problem::error(
        kind.csv_file(),
        format!(
            "the table {} is given twice: by {} and by the sheet {} of {}",
            kind.name(),
            kind.csv_file(),
            kind.name(),
            xlsx::WORKBOOK
        ),
    )
    .expected(format!(
        "either {} or a sheet {} in {}, not both",
        kind.csv_file(),
        kind.name(),
        xlsx::WORKBOOK
    ))
}

fn check_presence(present: &[TableKind], out: &mut Vec<Problem>) {
    for kind in [TableKind::Regions, TableKind::Sources] {
        if !present.contains(&kind) {
            out.push(
                Problem::error(
                    kind.csv_file(),
                    format!("the dataset has no {} table", kind.name()),
                )
                .expected(format!(
                    "{} or a sheet {} in {}",
                    kind.csv_file(),
                    kind.name(),
                    xlsx::WORKBOOK
                )),
            );
        }
    }
    if !present.contains(&TableKind::Indicators) && !present.contains(&TableKind::Projects) {
        out.push(
            Problem::error(
                "indicators.csv",
                "the dataset has neither indicators nor projects",
            )
            .expected("indicators.csv or projects.csv (or their sheets in dataset.xlsx)"),
        );
    }
}
