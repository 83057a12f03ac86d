//! CSV files (RFC 4180) into a `Table`: header = row 1, each record's row
//! number and the physical line where it starts; ragged rows and oversized
//! fields are errors naming the row, and the row is not validated further.
//!
//! A large table (indicators, projects) need not be held whole: `read`
//! with `defer` keeps only the header and the text, and `each_row` reads
//! the records one at a time while they are validated.

use super::encoding::Utf8Bytes;
use super::table::{recycle, too_long, Cell, Row, Table, MAX_COLUMNS, MAX_FIELD_CHARS};
use crate::error::Problem;
use crate::model::text;
use crate::order::InOrder;
use ::csv::{ByteRecord, StringRecord};
use std::borrow::Cow;
use std::convert::Infallible;
use std::sync::{mpsc, Arc, Mutex};

/// Reads a decoded CSV file. `None` when not even the header can be used.
/// With `defer`, the rows stay unread in `table.deferred` (unless a column
/// has no header: whether to drop it depends on every row, so that table
/// is read whole).
pub fn read(
    file: &str,
    content: impl Into<Utf8Bytes>,
    defer: bool,
) -> (Option<Table>, Vec<Problem>) {
    let content = content.into();
    let mut problems = Vec::new();
    let headers = match header(file, content.as_bytes()) {
        Ok(headers) => headers,
        Err(problem) => {
            problems.push(*problem);
            return (None, problems);
        }
    };
    let mut table = Table {
        file: file.to_string(),
        headers,
        rows: Vec::new(),
        deferred: None,
    };
    if defer && table.headers.iter().all(|h| !h.is_empty()) {
        table.deferred = Some(content);
        return (Some(table), problems);
    }
    let mut rows = Vec::new();
    each_row(&table, &content, |row, problem| {
        rows.extend(row.map(Row::owned));
        problems.extend(problem);
    });
    table.rows = rows;
    table.drop_blank_columns();
    (Some(table), problems)
}

/// The header row, trimmed, or why it cannot be used.
fn header(file: &str, content: &[u8]) -> Result<Vec<String>, Box<Problem>> {
    let mut record = StringRecord::new();
    match reader(content).read_record(&mut record) {
        Ok(true) => {}
        Ok(false) => {
            let problem = Problem::error(file, "the file is empty").expected("a header row");
            return Err(Box::new(problem));
        }
        Err(e) => return Err(Box::new(syntax_problem(file, &e))),
    }
    if let Some(problem) = header_problem(file, &record) {
        return Err(Box::new(problem));
    }
    Ok(record.iter().map(|h| text::trim(h).to_string()).collect())
}

fn reader(content: &[u8]) -> ::csv::Reader<&[u8]> {
    ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(content)
}

/// Calls `f` with each record after the header of `content` (the text
/// `table` was read from), one at a time, as a row (`None` for a blank
/// one) and the problem with its shape, if any.
pub fn each_row(
    table: &Table,
    content: &Utf8Bytes,
    mut f: impl FnMut(Option<&Row<'_>>, Option<Problem>),
) {
    // One record and one row's cells, refilled: a million rows are read
    // without allocating a million times twelve cells.
    let mut records = Records::new(table, content.as_bytes());
    let mut record = ByteRecord::new();
    let mut spare = Vec::new();
    while let Some(read) = records.next(&mut record) {
        let mut cells = recycle(spare);
        as_row(table, read.map(|line| (&record, line)), &mut cells, &mut f);
        spare = recycle(cells);
    }
}

/// Records handed from the thread that reads them to one that validates them.
pub const BATCH: usize = 4096;

/// `each_row` on every core: this thread reads the records and hands them
/// out in batches; `f` validates a batch's rows into a part of its own
/// (`P::default()` to start), and `merge`, on a thread of its own, receives
/// the parts in file order, as soon as each is next, so that finished parts
/// do not pile up.
pub fn par_each_row<P: Default + Send>(
    table: &Table,
    content: &Utf8Bytes,
    f: impl Fn(&mut P, Option<&Row<'_>>, Option<Problem>) + Sync,
    mut merge: impl FnMut(P) + Send,
) {
    let workers = rayon::current_num_threads().max(1);
    let (full, work) = mpsc::sync_channel::<(usize, Batch)>(2 * workers);
    // Bounded, so that validated parts do not pile up when merging lags.
    let (parts, done) = mpsc::sync_channel::<(usize, P)>(2 * workers);
    let (spare, emptied) = mpsc::channel::<Batch>();
    // Shared by the workers alone: when the last one has stopped (even by
    // a panic, which the scope then raises here), handing out fails
    // instead of waiting for ever.
    let work = Arc::new(Mutex::new(work));
    std::thread::scope(|scope| {
        scope.spawn(move || {
            let mut merge = |part| {
                merge(part);
                Ok::<(), Infallible>(())
            };
            InOrder::new().take(done.iter(), &mut merge)
        });
        for _ in 0..workers {
            let (parts, spare, work) = (parts.clone(), spare.clone(), Arc::clone(&work));
            let f = &f;
            scope.spawn(move || {
                let mut cells = Vec::new();
                loop {
                    // The lock is held only to take a batch. A poisoned
                    // one means another worker panicked: the scope
                    // re-raises that panic; this one just stops.
                    let next = match work.lock() {
                        Ok(work) => work.recv(),
                        Err(_) => return,
                    };
                    let Ok((index, mut batch)) = next else {
                        return;
                    };
                    let mut part = P::default();
                    batch.rows(table, &mut cells, &mut |row, problem| {
                        f(&mut part, row, problem)
                    });
                    // `spare` fails only when the reading thread is gone,
                    // `parts` when the merging one is (by a panic).
                    let _ = spare.send(batch);
                    if parts.send((index, part)).is_err() {
                        return;
                    }
                }
            });
        }
        drop((parts, spare, work));
        let mut records = Records::new(table, content.as_bytes());
        let mut index = 0;
        loop {
            let mut batch = emptied.try_recv().unwrap_or_default();
            let more = batch.fill(&mut records);
            // Fails only when every worker has stopped (panicked).
            if full.send((index, batch)).is_err() || !more {
                break;
            }
            index += 1;
        }
        drop(full);
    });
}

/// Where each record after the header starts (a byte offset, as the csv
/// reader gives it, so that `rows_from` can start there), in order.
pub fn record_starts(content: &Utf8Bytes) -> Vec<usize> {
    let mut reader = reader(content.as_bytes());
    let mut record = ByteRecord::new();
    let mut starts = Vec::new();
    while let Ok(true) = reader.read_byte_record(&mut record) {
        starts.extend(record.position().map(|p| p.byte() as usize));
    }
    starts.split_off(1.min(starts.len()))
}

/// `each_row` from the record that starts at byte `from` of `content` (one
/// of `record_starts`), row `number`, on: `f` receives each row with the
/// byte where its record starts, and says whether to go on. Stops at the
/// first syntax error, which it passes on as the problem of a row `None`.
pub fn rows_from(
    table: &Table,
    content: &Utf8Bytes,
    from: usize,
    number: usize,
    mut f: impl FnMut(usize, Option<&Row<'_>>, Option<Problem>) -> bool,
) {
    let text = content.as_bytes();
    let mut reader = reader(text.get(from..).unwrap_or_default());
    // Lines are counted from the start of the file, where they are known.
    let mut lines = Lines::new(text);
    let (mut record, mut spare) = (ByteRecord::new(), Vec::new());
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => return,
            Err(e) => {
                f(text.len(), None, Some(syntax_problem(&table.file, &e)));
                return;
            }
        }
        let (byte, index) = record
            .position()
            .map_or((0, 0), |p| (p.byte() as usize, p.record() as usize));
        let start = from + byte;
        let mut cells = recycle(spare);
        fill(&mut cells, &record);
        let (row, problem) = row(table, &record, number + index, lines.at(start), cells);
        if !f(start, row.as_ref(), problem) {
            return;
        }
        spare = recycle(row.map(|r| r.cells).unwrap_or_default());
    }
}

/// Records read by one thread for another to validate; sent back emptied
/// and refilled, so that their buffers are reused.
#[derive(Default)]
struct Batch {
    /// Each a record (its line; the record is the next of `records`) or
    /// the syntax problem in its place (boxed: a problem is large, 160
    /// bytes, and a batch holds four thousand of these).
    read: Vec<Result<u64, Box<Problem>>>,
    records: Vec<ByteRecord>,
}

impl Batch {
    /// Reads up to `BATCH` records; whether there may be more.
    fn fill(&mut self, from: &mut Records<'_>) -> bool {
        let mut used = 0;
        while self.read.len() < BATCH {
            if used == self.records.len() {
                self.records.push(from.new_record());
            }
            let Some(record) = self.records.get_mut(used) else {
                return false;
            };
            match from.next(record) {
                None => return false,
                Some(read) => {
                    used += usize::from(read.is_ok());
                    self.read.push(read);
                }
            }
        }
        true
    }

    /// Passes each record on as a row, and empties the batch.
    fn rows(
        &mut self,
        table: &Table,
        spare: &mut Vec<Cell<'static>>,
        f: &mut impl FnMut(Option<&Row<'_>>, Option<Problem>),
    ) {
        let cells = &mut recycle(std::mem::take(spare));
        let mut records = self.records.iter();
        for read in self.read.drain(..) {
            match read {
                Ok(line) => {
                    if let Some(record) = records.next() {
                        as_row(table, Ok((record, line)), cells, f);
                    }
                }
                Err(problem) => as_row(table, Err(problem), cells, f),
            }
        }
        *spare = recycle(std::mem::take(cells));
    }
}

/// The records after the header, in order, each with the physical line
/// where it starts.
struct Records<'a> {
    file: &'a str,
    reader: ::csv::Reader<&'a [u8]>,
    lines: Lines<'a>,
    header: bool,
    /// The header's width.
    fields: usize,
}

/// Bytes a record is made room for at first (a generated project's row
/// is about 120).
const RECORD_BYTES: usize = 256;

impl<'a> Records<'a> {
    fn new(table: &'a Table, content: &'a [u8]) -> Records<'a> {
        Records {
            file: &table.file,
            reader: reader(content),
            lines: Lines::new(content),
            header: true,
            fields: table.headers.len(),
        }
    }

    /// A record to read into, sized for a usual row of the table: a batch's
    /// records are new until batches are recycled, and growing each as it
    /// is read cost a third as much as reading it (100k projects).
    fn new_record(&self) -> ByteRecord {
        ByteRecord::with_capacity(RECORD_BYTES, self.fields)
    }

    /// The next record, read into `record`, and its line; or the syntax
    /// problem in its place; `None` at the end.
    fn next(&mut self, record: &mut ByteRecord) -> Option<Result<u64, Box<Problem>>> {
        loop {
            return match self.reader.read_byte_record(record) {
                Ok(false) => None,
                Ok(true) if std::mem::take(&mut self.header) => continue,
                Ok(true) => {
                    let position = record.position();
                    Some(Ok(position.map_or(0, |p| self.lines.at(p.byte() as usize))))
                }
                Err(e) => {
                    self.header = false;
                    Some(Err(Box::new(syntax_problem(self.file, &e))))
                }
            };
        }
    }
}

/// A record as a row, through `f`; `cells` are reused from record to record.
fn as_row<'r>(
    table: &Table,
    record: Result<(&'r ByteRecord, u64), Box<Problem>>,
    cells: &mut Vec<Cell<'r>>,
    f: &mut impl FnMut(Option<&Row<'_>>, Option<Problem>),
) {
    match record {
        Ok((record, line)) => {
            fill(cells, record);
            let number = record.position().map_or(0, |p| p.record() as usize + 1);
            let (row, problem) = row(table, record, number, line, std::mem::take(cells));
            f(row.as_ref(), problem);
            if let Some(row) = row {
                *cells = row.cells;
            }
        }
        Err(problem) => f(None, Some(*problem)),
    }
}

/// Too many columns, or a header longer than any field may be.
fn header_problem(file: &str, headers: &StringRecord) -> Option<Problem> {
    if headers.len() > MAX_COLUMNS {
        return Some(
            Problem::error(file, format!("the header has {} columns", headers.len()))
                .at_row(1)
                .expected(format!("at most {MAX_COLUMNS} columns")),
        );
    }
    let long = headers.iter().find(|h| too_long(h))?;
    Some(
        Problem::error(file, "a header is too long")
            .at_row(1)
            .with_text(long)
            .expected(format!("at most {MAX_FIELD_CHARS} characters")),
    )
}

/// The record's fields as `cells`, borrowed from it.
fn fill<'r>(cells: &mut Vec<Cell<'r>>, record: &'r ByteRecord) {
    cells.clear();
    let whole = simdutf8::basic::from_utf8(record.as_slice()).ok();
    cells.extend((0..record.len()).map(|i| {
        // The usual field, cut from the checked record, short enough to
        // need no counting of its characters.
        let range = record.range(i).unwrap_or(0..0);
        match whole.and_then(|w| w.get(range)) {
            Some(field) if field.len() <= MAX_FIELD_CHARS => Cell::text(field),
            _ => capped(field_text(record, whole, i)),
        }
    }));
}

/// One record as a row, its fields already in `cells`; `None` for a blank
/// line of separators. A row whose field count differs from the header's
/// is reported and broken.
fn row<'r>(
    table: &Table,
    record: &ByteRecord,
    number: usize,
    line: u64,
    mut cells: Vec<Cell<'r>>,
) -> (Option<Row<'r>>, Option<Problem>) {
    let width = table.headers.len();
    let (row, long) = if record.len() == width {
        Row::new(table, number, Some(line), cells)
    } else {
        cells.resize(width, Cell::Empty);
        let (row, _) = Row::new(table, number, Some(line), cells);
        let problem = Problem::error(
            &table.file,
            format!(
                "the row has {} fields but the header has {width}",
                record.len()
            ),
        )
        .at_row(number)
        .at_line(line)
        .expected(format!("{width} comma-separated fields"));
        let row = row.map(|r| Row { broken: true, ..r });
        return (row, Some(problem));
    };
    (row, long)
}

/// Field `i` of a record as text, cut from `whole`, the record's fields
/// checked as UTF-8 at once. Records are read as bytes from text that is
/// UTF-8 already, cut only at ASCII commas, quotes and line breaks, so the
/// check cannot fail in practice (a lossy reading stands in); made on the
/// whole record by simdutf8 (which leaves inputs under 64 bytes, a field's
/// usual size, to the standard check), it is several times faster than
/// the csv crate's own (a tenth of reading a million projects).
fn field_text<'a>(record: &'a ByteRecord, whole: Option<&'a str>, i: usize) -> Cow<'a, str> {
    let range = record.range(i).unwrap_or(0..0);
    match whole.and_then(|w| w.get(range.clone())) {
        Some(text) => Cow::Borrowed(text),
        None => String::from_utf8_lossy(record.as_slice().get(range).unwrap_or_default()),
    }
}

/// A field as a cell; an oversized one keeps only enough of its text to be
/// refused and quoted (see `Row::new`).
fn capped(field: Cow<'_, str>) -> Cell<'_> {
    if too_long(&field) {
        return Cell::Text(field.chars().take(MAX_FIELD_CHARS + 1).collect());
    }
    match field {
        Cow::Borrowed(field) => Cell::text(field),
        Cow::Owned(field) => Cell::text(&field).owned(),
    }
}

/// The physical line where a record starts. The csv crate's own line
/// count points at blank lines skipped before the record, so records are
/// located by byte offset, counting line breaks once through the file.
struct Lines<'a> {
    content: &'a [u8],
    byte: usize,
    line: u64,
}

impl<'a> Lines<'a> {
    fn new(content: &'a [u8]) -> Lines<'a> {
        Lines {
            content,
            byte: 0,
            line: 1,
        }
    }

    /// The line of the first character at or after `byte` that is not a
    /// line break; offsets must not decrease from call to call.
    fn at(&mut self, byte: usize) -> u64 {
        let mut end = byte.clamp(self.byte, self.content.len());
        while matches!(self.content.get(end), Some(b'\n' | b'\r')) {
            end += 1;
        }
        self.line += line_breaks(&self.content[self.byte..end]) as u64;
        self.byte = end;
        self.line
    }
}

/// The `\n` in `bytes`, counted 64 bytes at a time, which the compiler
/// vectorises: nine times as fast as filtering and counting byte by byte
/// (40 → 5 ms over the text of a million projects, counted to size what
/// its rows become, and again line by line as they are read).
pub fn line_breaks(bytes: &[u8]) -> usize {
    let one_by_one = |bytes: &[u8]| bytes.iter().filter(|b| **b == b'\n').count();
    let chunks = bytes.chunks_exact(64);
    let rest = one_by_one(chunks.remainder());
    // At most 64 in a chunk: the sum fits a byte.
    let each = |chunk: &[u8]| chunk.iter().map(|b| u8::from(*b == b'\n')).sum::<u8>();
    chunks.map(|c| usize::from(each(c))).sum::<usize>() + rest
}

fn syntax_problem(file: &str, error: &::csv::Error) -> Problem {
    let problem = Problem::error(file, format!("the file is not valid CSV: {error}"))
        .expected("RFC 4180 CSV: a field holding a comma, a quote or a line break is quoted");
    match error.position() {
        Some(p) => problem.at_row(p.record() as usize + 1).at_line(p.line()),
        None => problem,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_ok(content: &str) -> (Table, Vec<Problem>) {
        let (table, problems) = read("t.csv", content.to_string(), false);
        match table {
            Some(table) => (table, problems),
            None => unreachable!("no table: {problems:?}"),
        }
    }

    #[test]
    fn quoted_fields_keep_commas_quotes_and_line_breaks() {
        let content = "a,b,c\n\"1,249.45亿元\",\"say \"\"hi\"\"\",x\n\"two\nlines\",y,z\n\n 3 ,\u{3000}4\u{3000},\n";
        let (table, problems) = read_ok(content);
        assert!(problems.is_empty(), "{problems:?}");
        let got: Vec<(usize, Option<u64>, Vec<Option<String>>)> = table
            .rows
            .iter()
            .map(|r| {
                (
                    r.number,
                    r.line,
                    r.cells
                        .iter()
                        .map(|c| c.as_text().map(Cow::into_owned))
                        .collect(),
                )
            })
            .collect();
        let s = |x: &str| Some(x.to_string());
        assert_eq!(
            got,
            vec![
                (2, Some(2), vec![s("1,249.45亿元"), s("say \"hi\""), s("x")]),
                (3, Some(3), vec![s("two\nlines"), s("y"), s("z")]),
                (4, Some(6), vec![s("3"), s("4"), None]),
            ]
        );
    }

    #[test]
    fn ragged_rows_are_errors_naming_row_and_line() {
        let content = "a,b\n\"x\ny\",1\n1,2,3\n4\n5,6\n";
        let (table, problems) = read_ok(content);
        let at: Vec<(Option<usize>, Option<u64>)> =
            problems.iter().map(|p| (p.row, p.line)).collect();
        assert_eq!(at, [(Some(3), Some(4)), (Some(4), Some(5))]);
        let broken: Vec<bool> = table.rows.iter().map(|r| r.broken).collect();
        assert_eq!(broken, [false, true, true, false]);
        assert_eq!(table.rows[2].cells, [Cell::text("4"), Cell::Empty]);
    }

    #[test]
    fn oversized_field_and_header_are_errors_not_hangs() {
        let huge = "x".repeat(50 * 1024 * 1024);
        let content = format!("a,b\n1,{huge}\n2,3\n");
        let (table, problems) = read_ok(&content);
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].row, Some(2));
        assert_eq!(problems[0].column.as_deref(), Some("b"));
        assert_eq!(
            problems[0].text.as_ref().map(|t| t.len() < 1000),
            Some(true)
        );
        let broken: Vec<bool> = table.rows.iter().map(|r| r.broken).collect();
        assert_eq!(broken, [true, false]);

        let wide = vec!["h"; 1_000_000].join(",");
        let (table, problems) = read("t.csv", format!("{wide}\n"), false);
        assert!(table.is_none());
        assert_eq!(problems.len(), 1);
    }

    #[test]
    fn parallel_rows_come_back_in_file_order() {
        let mut content = String::from("a,b\n");
        for i in 0..3 * BATCH + 7 {
            content.push_str(&format!("{i},x\n"));
        }
        content.push_str("ragged\n");
        let (table, _) = read("t.csv", content, true);
        let Some((table, text)) = table.as_ref().and_then(|t| Some((t, t.deferred.as_ref()?)))
        else {
            unreachable!("no deferred table")
        };
        let mut sequential = Vec::new();
        each_row(table, text, |row, problem| {
            sequential.push((row.map(|r| r.number), problem.map(|p| p.row)))
        });
        let mut parallel = Vec::new();
        par_each_row(
            table,
            text,
            |part: &mut Vec<_>, row, problem| {
                part.push((row.map(|r| r.number), problem.map(|p| p.row)))
            },
            |part| parallel.extend(part),
        );
        assert_eq!(parallel.len(), 3 * BATCH + 8);
        assert!(parallel == sequential);
    }

    /// A bug that panics while validating must end the read with that
    /// panic, not leave the reading thread waiting for ever.
    #[test]
    fn a_panic_while_validating_is_raised_not_hung() {
        let mut content = String::from("a,b\n");
        for i in 0..20 * BATCH {
            content.push_str(&format!("{i},x\n"));
        }
        let (done, finished) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let outcome = std::panic::catch_unwind(|| {
                let (table, _) = read("t.csv", content, true);
                let Some((table, text)) =
                    table.as_ref().and_then(|t| Some((t, t.deferred.as_ref()?)))
                else {
                    return;
                };
                par_each_row(
                    table,
                    text,
                    |_: &mut (), row, _| {
                        // In every batch, so that every worker stops.
                        if row.is_some_and(|r| r.number % BATCH == 10) {
                            unreachable!("a bug in validation");
                        }
                    },
                    |_| {},
                );
            });
            let _ = done.send(outcome.is_err());
        });
        let panicked = finished.recv_timeout(std::time::Duration::from_secs(60));
        assert_eq!(panicked, Ok(true));
    }

    #[test]
    fn fields_are_read_as_text_whole_characters_kept() {
        let fields: [&[u8]; 4] = ["嘉兴市".as_bytes(), b"", "𠀀项目, \"q\"".as_bytes(), b"x"];
        let record = ByteRecord::from(fields.to_vec());
        let whole = simdutf8::basic::from_utf8(record.as_slice()).ok();
        let texts: Vec<Cow<str>> = (0..4).map(|i| field_text(&record, whole, i)).collect();
        assert_eq!(texts, ["嘉兴市", "", "𠀀项目, \"q\"", "x"]);
        // Bytes that are not UTF-8 are read as the replacement character.
        let bad = ByteRecord::from(vec![&b"ok"[..], &b"\xe5\x98"[..]]);
        let whole = simdutf8::basic::from_utf8(bad.as_slice()).ok();
        assert_eq!(whole, None);
        assert_eq!(field_text(&bad, whole, 0), "ok");
        assert_eq!(field_text(&bad, whole, 1), "\u{FFFD}");
    }

    #[test]
    fn line_breaks_are_counted_in_chunks_and_the_rest() {
        for text in [
            "",
            "\n",
            "a\r\nb\n",
            &"ab\ncd\n\n".repeat(40),
            &"x".repeat(130),
        ] {
            let one_by_one = text.bytes().filter(|b| *b == b'\n').count();
            assert_eq!(line_breaks(text.as_bytes()), one_by_one, "{text:?}");
        }
    }

    #[test]
    fn empty_file_is_an_error() {
        let (table, problems) = read("t.csv", String::new(), false);
        assert!(table.is_none());
        assert_eq!(problems.len(), 1);
    }
}
