//! What every table's validation shares: a row seen through its mapped
//! columns, problems that carry their location, and the common cell rules
//! (required, ids, unique ids, references to regions and sources).

use super::headers::Columns;
use super::table::{Cell, Row, Table};
use crate::error::Problem;
use crate::model::period::PeriodError;
use crate::model::region::Unresolved;
use crate::model::value::ValueError;
use crate::model::{Origin, RegionIdx, Regions};
use std::borrow::Cow;
use std::sync::Arc;

/// Why a cell is not what its column needs.
#[derive(Debug, Clone, PartialEq)]
pub struct Fault {
    pub message: String,
    pub expected: String,
}

impl Fault {
    pub fn new(message: impl Into<String>, expected: impl Into<String>) -> Fault {
        Fault {
            message: message.into(),
            expected: expected.into(),
        }
    }
}

impl From<ValueError> for Fault {
    fn from(e: ValueError) -> Fault {
        Fault::new(e.reason, e.expected)
    }
}

impl From<PeriodError> for Fault {
    fn from(e: PeriodError) -> Fault {
        Fault::new(e.reason, e.expected)
    }
}

/// A cell read as text by one of the model's parsers.
pub fn parsed<T, E: Into<Fault>>(
    cell: &Cell,
    parse: impl FnOnce(&str) -> Result<T, E>,
) -> Result<T, Fault> {
    match cell {
        // Most cells are text: read them in place, uncopied.
        Cell::Text(text) => parse(text),
        _ => parse(&cell.as_text().unwrap_or_default()),
    }
    .map_err(Into::into)
}

/// A table whose headers mapped.
#[derive(Debug, Clone)]
pub struct Mapped {
    pub table: Table,
    pub columns: Columns,
    /// `table.file`, shared by the origins of its rows.
    file: Arc<str>,
}

impl Mapped {
    pub fn new(table: Table, columns: Columns) -> Mapped {
        Mapped {
            file: Arc::from(table.file.as_str()),
            table,
            columns,
        }
    }

    /// The rows to validate (broken rows are left out) of a table read
    /// whole; see `each_row` for one that may be deferred.
    pub fn rows(&self) -> impl Iterator<Item = RowRef<'_>> {
        self.table
            .rows
            .iter()
            .filter(|row| !row.broken)
            .map(move |row| RowRef { mapped: self, row })
    }

    /// An upper bound of the number of rows, to size what they become.
    pub fn rows_at_most(&self) -> usize {
        match &self.table.deferred {
            Some(text) => super::csv::line_breaks(text.as_bytes()) + 1,
            None => self.table.rows.len(),
        }
    }

    /// Calls `f` with each row to validate, in file order, whether the table
    /// was read whole or is read now, record by record (the problems with
    /// a record's shape go to `out` as it is read).
    pub fn each_row(
        &self,
        out: &mut Vec<Problem>,
        mut f: impl FnMut(RowRef<'_>, &mut Vec<Problem>),
    ) {
        let Some(content) = &self.table.deferred else {
            self.rows().for_each(|row| f(row, out));
            return;
        };
        super::csv::each_row(&self.table, content, |row, problem| {
            out.extend(problem);
            if let Some(row) = row.filter(|r| !r.broken) {
                f(RowRef { mapped: self, row }, out);
            }
        });
    }

    /// `each_row` on every core, for a large table read record by record:
    /// `f` validates a batch of rows into a part of its own, with its own
    /// problems, and `merge` receives the parts in file order (on a thread
    /// of its own). A table read whole (a small one, or a sheet) is one
    /// part, validated here.
    pub fn par_each_row<P: Default + Send>(
        &self,
        out: &mut Vec<Problem>,
        f: impl Fn(&mut P, RowRef<'_>, &mut Vec<Problem>) + Sync,
        mut merge: impl FnMut(P, Vec<Problem>, &mut Vec<Problem>) + Send,
    ) {
        let Some(content) = &self.table.deferred else {
            let (mut part, mut problems) = (P::default(), Vec::new());
            self.rows().for_each(|row| f(&mut part, row, &mut problems));
            return merge(part, problems, out);
        };
        super::csv::par_each_row(
            &self.table,
            content,
            |(part, problems): &mut (P, Vec<Problem>), row, problem| {
                problems.extend(problem);
                if let Some(row) = row.filter(|r| !r.broken) {
                    f(part, RowRef { mapped: self, row }, problems);
                }
            },
            |(part, problems)| merge(part, problems, out),
        );
    }

    /// `name` resolved to its place in the header, once: for a table with
    /// a row per project, whose dozen cells would each look it up again.
    pub fn column<'c>(&self, name: &'c str) -> Column<'c> {
        Column {
            name,
            index: self.columns.get(name),
        }
    }

    /// A problem at a row, in a column named as the file writes it.
    pub fn problem_at<'c>(
        &self,
        column: impl IntoColumn<'c>,
        at: At,
        message: impl Into<String>,
    ) -> Problem {
        let column = column.resolve(self);
        let header = column
            .index
            .and_then(|i| self.table.headers.get(i))
            .map_or(column.name, String::as_str);
        let mut problem = Problem::error(&self.table.file, message)
            .at_row(at.row)
            .in_column(header);
        if let Some(line) = at.line {
            problem = problem.at_line(line);
        }
        problem
    }

    /// The texts (lower-cased) that broken rows hold in these columns:
    /// references to them are not reported again.
    pub fn broken_texts(&self, columns: &[&str]) -> Known {
        let rows = self.table.rows.iter().filter(|row| row.broken);
        rows.flat_map(|row| {
            let row = RowRef { mapped: self, row };
            columns.iter().filter_map(move |c| row.text(*c))
        })
        .map(|t| t.to_lowercase())
        .collect()
    }
}

/// A column of the contract and where the table has it, if anywhere.
#[derive(Debug, Clone, Copy)]
pub struct Column<'c> {
    pub name: &'c str,
    index: Option<usize>,
}

/// A column named (looked up in the header) or resolved already.
pub trait IntoColumn<'c>: Copy {
    fn resolve(self, mapped: &Mapped) -> Column<'c>;
}

impl<'c> IntoColumn<'c> for &'c str {
    fn resolve(self, mapped: &Mapped) -> Column<'c> {
        mapped.column(self)
    }
}

impl<'c> IntoColumn<'c> for Column<'c> {
    fn resolve(self, _: &Mapped) -> Column<'c> {
        self
    }
}

/// Where a row is: its number (the header is row 1) and, in a CSV file,
/// the line where it starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct At {
    pub row: usize,
    pub line: Option<u64>,
}

/// Lower-cased ids and names of rows that exist but failed (reported).
pub type Known = crate::model::Set<String>;

/// One row of a mapped table.
#[derive(Clone, Copy)]
pub struct RowRef<'a> {
    mapped: &'a Mapped,
    row: &'a Row<'a>,
}

static EMPTY: Cell<'static> = Cell::Empty;

impl<'a> RowRef<'a> {
    pub fn new(mapped: &'a Mapped, row: &'a Row<'a>) -> RowRef<'a> {
        RowRef { mapped, row }
    }

    pub fn number(&self) -> usize {
        self.row.number
    }

    pub fn at(&self) -> At {
        At {
            row: self.row.number,
            line: self.row.line,
        }
    }

    pub fn cell<'c>(&self, column: impl IntoColumn<'c>) -> &'a Cell<'a> {
        column
            .resolve(self.mapped)
            .index
            .and_then(|i| self.row.cells.get(i))
            .unwrap_or(&EMPTY)
    }

    pub fn text<'c>(&self, column: impl IntoColumn<'c>) -> Option<String> {
        self.cell(column).as_text().map(Cow::into_owned)
    }

    pub fn origin(&self) -> Origin {
        Origin {
            file: Arc::clone(&self.mapped.file),
            row: self.row.number,
        }
    }

    /// A problem at this row, in a column named as the file writes it,
    /// with the cell's text.
    pub fn problem<'c>(&self, column: impl IntoColumn<'c>, message: impl Into<String>) -> Problem {
        let column = column.resolve(self.mapped);
        let problem = self.mapped.problem_at(column, self.at(), message);
        match self.text(column) {
            Some(text) => problem.with_text(text),
            None => problem,
        }
    }

    fn fault(&self, column: Column<'_>, fault: Fault) -> Problem {
        self.problem(column, fault.message).expected(fault.expected)
    }

    /// A non-empty cell read by `parse`; an empty cell or a fault is an error.
    pub fn required<'c, T>(
        &self,
        column: impl IntoColumn<'c>,
        out: &mut Vec<Problem>,
        parse: impl FnOnce(&'a Cell<'a>) -> Result<T, Fault>,
    ) -> Option<T> {
        let column = column.resolve(self.mapped);
        match self.optional(column, out, parse) {
            Ok(Some(value)) => Some(value),
            Ok(None) => {
                let name = column.name;
                out.push(
                    self.problem(column, format!("{name} is required"))
                        .expected(format!("a non-empty {name}")),
                );
                None
            }
            Err(Bad) => None,
        }
    }

    /// An optional cell: `Ok(None)` when empty, `Err(Bad)` when its fault
    /// was reported.
    pub fn optional<'c, T>(
        &self,
        column: impl IntoColumn<'c>,
        out: &mut Vec<Problem>,
        parse: impl FnOnce(&'a Cell<'a>) -> Result<T, Fault>,
    ) -> Result<Option<T>, Bad> {
        let column = column.resolve(self.mapped);
        let cell = self.cell(column);
        if cell.is_empty() {
            return Ok(None);
        }
        parse(cell).map(Some).map_err(|fault| {
            out.push(self.fault(column, fault));
            Bad
        })
    }

    /// A region reference; `None` when it does not resolve (reported),
    /// the regions could not be read, or it names a broken row (both
    /// reported already).
    pub fn region<'c>(
        &self,
        column: impl IntoColumn<'c>,
        regions: Option<&Regions>,
        broken: &Known,
        out: &mut Vec<Problem>,
    ) -> Option<RegionIdx> {
        let column = column.resolve(self.mapped);
        let reference = self.required(column, out, borrowed)?;
        match regions?.resolve(&reference) {
            Ok(idx) => Some(idx),
            Err(Unresolved::NoMatch) if broken.contains(&reference.to_lowercase()) => None,
            Err(why) => {
                out.push(self.fault(column, unresolved(why)));
                None
            }
        }
    }
}

/// Marks a cell whose fault has been reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bad;

/// Any non-empty cell, as text.
pub fn plain(cell: &Cell) -> Result<String, Fault> {
    Ok(cell.as_text().unwrap_or_default().into_owned())
}

/// Any non-empty cell, as text, uncopied where it is text already: for a
/// reference that is only looked up.
pub fn borrowed<'a>(cell: &'a Cell<'_>) -> Result<Cow<'a, str>, Fault> {
    Ok(cell.as_text().unwrap_or_default())
}

/// A region id: `[a-z0-9-]+`. (The contract gives no form for the ids of
/// other tables: any non-empty text is accepted there.)
pub fn region_id(cell: &Cell) -> Result<String, Fault> {
    let text = cell.as_text().unwrap_or_default();
    let ok = text
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if ok && !text.is_empty() {
        Ok(text.into_owned())
    } else {
        Err(Fault::new(
            "not a valid id",
            "lower-case ASCII letters, digits and -, such as jiaxing-etdz",
        ))
    }
}

/// A reference that does not resolve, as a fault.
pub fn unresolved(why: Unresolved) -> Fault {
    match why {
        Unresolved::NoMatch => Fault::new(
            "no region has this id or name",
            "a region's id, Chinese name (with or without 省/市/县/区) or English name",
        ),
        Unresolved::Ambiguous(ids) => Fault::new(
            format!("the name fits more than one region: {}", ids.join(", ")),
            "a reference to exactly one region, such as its id",
        ),
    }
}

/// Ids seen so far in a table, with the row of their first use (for the
/// small tables; the projects' ids have their own set, `figures::Ids`).
#[derive(Debug, Default)]
pub struct Unique {
    seen: crate::model::Map<String, usize>,
}

impl Unique {
    /// Whether `id` is new; a repeat is reported at `row`.
    pub fn check(
        &mut self,
        id: &str,
        row: &RowRef<'_>,
        column: &str,
        out: &mut Vec<Problem>,
    ) -> bool {
        match self.seen.entry(id.to_string()) {
            std::collections::hash_map::Entry::Occupied(first) => {
                out.push(repeated(row.mapped, column, row.at(), id, *first.get()));
                false
            }
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert(row.number());
                true
            }
        }
    }
}

/// The problem of an id at `at` first used in row `first`.
pub fn repeated(mapped: &Mapped, column: &str, at: At, id: &str, first: usize) -> Problem {
    let message = format!("the id is already used in row {first}");
    let problem = mapped.problem_at(column, at, message).with_text(id);
    problem.expected("a unique id")
}

/// An English word of a closed list, in any letter case.
pub fn word<T: Copy>(cell: &Cell, words: &[(&str, T)], expected: &str) -> Result<T, Fault> {
    let text = cell.as_text().unwrap_or_default();
    words
        .iter()
        .find(|(w, _)| w.eq_ignore_ascii_case(&text))
        .map(|(_, v)| *v)
        .ok_or_else(|| Fault::new("not an accepted value", expected))
}
