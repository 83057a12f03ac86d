//! One table as read from a CSV file or a workbook sheet, before its
//! headers are mapped or its cells validated.

use crate::error::Problem;
use crate::model::text;
use chrono::NaiveDate;
use std::borrow::Cow;

/// The longest field accepted, in characters.
pub const MAX_FIELD_CHARS: usize = 10_000;
/// The most columns a header may have.
pub const MAX_COLUMNS: usize = 200;

/// One cell. CSV gives only `Empty` and `Text`; a workbook gives all. A
/// CSV record's text is borrowed from the record while its row is
/// validated (copying each field into a cell of its own was a fifth of
/// reading a million projects); a table kept whole owns its texts
/// (`Row::owned`).
#[derive(Debug, Clone, PartialEq)]
pub enum Cell<'t> {
    Empty,
    Text(Cow<'t, str>),
    Number(f64),
    Date(NaiveDate),
    Bool(bool),
}

impl<'t> Cell<'t> {
    /// A text cell, trimmed; blank text is `Empty`.
    #[inline]
    pub fn text(raw: &'t str) -> Cell<'t> {
        match text::trim(raw) {
            "" => Cell::Empty,
            trimmed => Cell::Text(Cow::Borrowed(trimmed)),
        }
    }

    /// The cell with a text of its own.
    pub fn owned(&self) -> Cell<'static> {
        match self {
            Cell::Empty => Cell::Empty,
            Cell::Text(t) => Cell::Text(Cow::Owned(t.to_string())),
            Cell::Number(n) => Cell::Number(*n),
            Cell::Date(d) => Cell::Date(*d),
            Cell::Bool(b) => Cell::Bool(*b),
        }
    }

    pub fn is_empty(&self) -> bool {
        matches!(self, Cell::Empty)
    }

    /// The cell as text for the parsers (`51`, `2024-03-15`, `true`);
    /// `None` when empty. Borrowed from a text cell: a million projects'
    /// cells are read without a copy each.
    pub fn as_text(&self) -> Option<Cow<'_, str>> {
        match self {
            Cell::Empty => None,
            Cell::Text(t) => Some(Cow::Borrowed(t.as_ref())),
            Cell::Number(n) => Some(Cow::Owned(number_text(*n))),
            Cell::Date(d) => Some(Cow::Owned(d.format("%Y-%m-%d").to_string())),
            Cell::Bool(b) => Some(Cow::Owned(b.to_string())),
        }
    }
}

/// A whole number without a fraction (`12`, not `12.0`), else the shortest
/// form that reads back as the same number.
fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{n:.0}")
    } else {
        n.to_string()
    }
}

/// One record: `number` is the row with the header as row 1 (the sheet row
/// in a workbook); `line` the physical line where it starts, for CSV.
#[derive(Debug, Clone, PartialEq)]
pub struct Row<'t> {
    pub number: usize,
    pub line: Option<u64>,
    pub cells: Vec<Cell<'t>>,
    /// The row's shape is wrong (reported): it is not validated, but the
    /// ids it names are known, so that references to them fail only once.
    pub broken: bool,
}

impl<'t> Row<'t> {
    /// A row of a table; `None` for a blank one. A text longer than
    /// `MAX_FIELD_CHARS` is reported, emptied, and breaks the row.
    pub fn new(
        table: &Table,
        number: usize,
        line: Option<u64>,
        mut cells: Vec<Cell<'t>>,
    ) -> (Option<Row<'t>>, Option<Problem>) {
        if is_blank(&cells) {
            return (None, None);
        }
        let long = cells.iter().position(|c| match c {
            Cell::Text(t) => too_long(t),
            _ => false,
        });
        let problem = long.map(|c| {
            let text = std::mem::replace(&mut cells[c], Cell::Empty);
            let mut problem = Problem::error(&table.file, "the field is too long")
                .at_row(number)
                .in_column(table.headers.get(c).cloned().unwrap_or_default())
                .with_text(text.as_text().unwrap_or_default())
                .expected(format!("at most {MAX_FIELD_CHARS} characters"));
            problem.line = line;
            problem
        });
        let row = Row {
            number,
            line,
            cells,
            broken: problem.is_some(),
        };
        (Some(row), problem)
    }

    /// The row with texts of its own, to keep in a `Table`.
    pub fn owned(&self) -> Row<'static> {
        Row {
            number: self.number,
            line: self.line,
            cells: self.cells.iter().map(Cell::owned).collect(),
            broken: self.broken,
        }
    }
}

/// An emptied vector of cells, its buffer kept for cells that borrow from
/// another record (collecting an emptied vector's iterator into a vector of
/// the same layout reuses its buffer).
pub fn recycle<'b>(mut cells: Vec<Cell<'_>>) -> Vec<Cell<'b>> {
    cells.clear();
    cells.into_iter().map(|_| Cell::Empty).collect()
}

/// A table: `file` names it in messages (`regions.csv`,
/// `dataset.xlsx (sheet regions)`); headers are as written, trimmed.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub file: String,
    pub headers: Vec<String>,
    pub rows: Vec<Row<'static>>,
    /// A CSV file's text whose records are read as they are validated
    /// (`csv::each_row`) instead of held in `rows`, which is then empty.
    pub deferred: Option<super::encoding::Utf8Bytes>,
}

impl Table {
    /// Drops columns with an empty header and no value in any row: what
    /// spreadsheet programs leave behind after a deleted column.
    pub fn drop_blank_columns(&mut self) {
        let keep: Vec<bool> = (0..self.headers.len())
            .map(|c| {
                !self.headers[c].is_empty()
                    || self
                        .rows
                        .iter()
                        .any(|r| r.cells.get(c).is_some_and(|x| !x.is_empty()))
            })
            .collect();
        if keep.iter().all(|k| *k) {
            return;
        }
        self.headers = retain(std::mem::take(&mut self.headers), &keep);
        for row in &mut self.rows {
            row.cells = retain(std::mem::take(&mut row.cells), &keep);
        }
    }
}

fn retain<T>(items: Vec<T>, keep: &[bool]) -> Vec<T> {
    items
        .into_iter()
        .enumerate()
        .filter(|(i, _)| keep.get(*i).copied().unwrap_or(true))
        .map(|(_, x)| x)
        .collect()
}

/// Whether a text is longer than `MAX_FIELD_CHARS` characters. Counting
/// bytes first keeps a 50 MB field cheap to refuse.
pub fn too_long(text: &str) -> bool {
    text.len() > MAX_FIELD_CHARS && text.chars().count() > MAX_FIELD_CHARS
}

/// Whether every cell of a row is empty (such rows are skipped).
fn is_blank(cells: &[Cell<'_>]) -> bool {
    cells.iter().all(Cell::is_empty)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_read_as_text() {
        let day = NaiveDate::from_ymd_opt(2024, 3, 15);
        let cases = [
            (Cell::text(" \u{3000}嘉兴\t"), Some("嘉兴".to_string())),
            (Cell::text("  "), None),
            (Cell::Number(12.0), Some("12".into())),
            (Cell::Number(1249.45), Some("1249.45".into())),
            (Cell::Number(5.1e9), Some("5100000000".into())),
            (Cell::Bool(true), Some("true".into())),
            (
                day.map_or(Cell::Empty, Cell::Date),
                Some("2024-03-15".into()),
            ),
        ];
        for (cell, want) in cases {
            assert_eq!(cell.as_text().map(Cow::into_owned), want, "{cell:?}");
        }
    }

    #[test]
    fn recycled_cells_keep_their_buffer() {
        // Each record's cells borrow from it; the vector is handed on
        // emptied, and must not be allocated again for every record.
        let record = String::from(" 嘉兴 ");
        let cells = vec![Cell::text(&record); 12];
        assert_eq!(cells[0], Cell::Text(Cow::Borrowed("嘉兴")));
        let recycled: Vec<Cell<'static>> = recycle(cells);
        assert!(recycled.is_empty());
        assert!(recycled.capacity() >= 12);
    }

    #[test]
    fn blank_columns_are_dropped() {
        let mut table = Table {
            file: "t.csv".into(),
            headers: vec!["a".into(), "".into(), "b".into()],
            rows: vec![Row {
                number: 2,
                line: Some(2),
                cells: vec![Cell::text("1"), Cell::Empty, Cell::text("2")],
                broken: false,
            }],
            deferred: None,
        };
        table.drop_blank_columns();
        assert_eq!(table.headers, ["a", "b"]);
        assert_eq!(table.rows[0].cells, [Cell::text("1"), Cell::text("2")]);
    }
}
