//! `dataset.xlsx`: one sheet per table (`regions`, `sources`, `indicators`,
//! `projects`, `metrics`), read into the same `Table` as a CSV file; sheets
//! whose name starts with `x_` are ignored, other sheets are an error.

use super::headers::TableKind;
use super::table::{Cell, Row, Table, MAX_COLUMNS};
use crate::error::Problem;
use calamine::{Data, Range, Reader, Xlsx};
use std::io::Cursor;

pub const WORKBOOK: &str = "dataset.xlsx";

/// The file name that messages give for one sheet.
pub fn sheet_file(sheet: &str) -> String {
    format!("{WORKBOOK} (sheet {sheet})")
}

/// Reads every table sheet of a workbook that holds anything.
pub fn read(bytes: &[u8]) -> (Vec<(TableKind, Table)>, Vec<Problem>) {
    let mut workbook = match Xlsx::new(Cursor::new(bytes)) {
        Ok(workbook) => workbook,
        Err(e) => {
            let problem = Problem::error(WORKBOOK, format!("cannot read the workbook: {e}"))
                .expected("an .xlsx workbook");
            return (Vec::new(), vec![problem]);
        }
    };
    let mut tables = Vec::new();
    let mut problems = Vec::new();
    for sheet in workbook.sheet_names() {
        let Some(kind) = sheet_kind(&sheet, &mut problems) else {
            continue;
        };
        match workbook.worksheet_range(&sheet) {
            Ok(range) => {
                if let Some(table) = table(&sheet, &range, &mut problems) {
                    tables.push((kind, table));
                }
            }
            Err(e) => problems.push(Problem::error(
                sheet_file(&sheet),
                format!("cannot read the sheet: {e}"),
            )),
        }
    }
    (tables, problems)
}

/// The table a sheet holds; `None` for `x_` sheets and unknown ones (an error).
fn sheet_kind(sheet: &str, problems: &mut Vec<Problem>) -> Option<TableKind> {
    let name = sheet.trim();
    if name.starts_with("x_") {
        return None;
    }
    let kind = TableKind::ALL
        .into_iter()
        .find(|k| k.name().eq_ignore_ascii_case(name));
    if kind.is_none() {
        problems.push(
            Problem::error(WORKBOOK, format!("unknown sheet {sheet:?}"))
                .with_text(sheet)
                .expected(
                "sheets regions, sources, indicators, projects, metrics, or a name starting with x_",
            ),
        );
    }
    kind
}

fn table(sheet: &str, range: &Range<Data>, problems: &mut Vec<Problem>) -> Option<Table> {
    let file = sheet_file(sheet);
    let first_row = range.start().map_or(0, |(r, _)| r as usize);
    let mut rows = range.rows();
    // An empty sheet is no table: spreadsheet templates keep them around.
    let header = rows.next()?;
    if header.len() > MAX_COLUMNS {
        problems.push(
            Problem::error(&file, format!("the header has {} columns", header.len()))
                .at_row(first_row + 1)
                .expected(format!("at most {MAX_COLUMNS} columns")),
        );
        return None;
    }
    let headers: Vec<String> = header
        .iter()
        .map(|d| cell(d).as_text().unwrap_or_default().into_owned())
        .collect();
    let mut table = Table {
        file,
        headers,
        rows: Vec::new(),
        deferred: None,
    };
    for (i, data) in rows.enumerate() {
        let cells = data.iter().map(cell).collect();
        let (row, problem) = Row::new(&table, first_row + i + 2, None, cells);
        table.rows.extend(row);
        problems.extend(problem);
    }
    table.drop_blank_columns();
    Some(table)
}

/// A workbook cell: numbers (integers come as floats), dates, booleans and
/// text; an error cell (`#DIV/0!`) is kept as its text, to be refused later.
fn cell(data: &Data) -> Cell<'static> {
    match data {
        Data::Empty => Cell::Empty,
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::text(s).owned(),
        Data::Float(f) => Cell::Number(*f),
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(dt) => dt
            .as_datetime()
            .map_or_else(|| Cell::Number(dt.as_f64()), |d| Cell::Date(d.date())),
        Data::Error(e) => Cell::Text(e.to_string().into()),
    }
}
