//! Writing an [`Extraction`]: CSV (indicators.csv columns plus `x_` review
//! columns, candidates only, so the file stays a valid indicators.csv), JSON
//! (candidates and unreadable figures), and a plain list of the unreadable
//! figures for standard error.

use super::Extraction;
use std::io::{self, Write};

/// The columns of the CSV output, in order.
pub const COLUMNS: [&str; 11] = [
    "region",
    "period",
    "metric",
    "value",
    "source",
    "event",
    "note",
    "x_confidence",
    "x_flags",
    "x_text",
    "x_paragraph",
];

/// Candidates as `indicators.csv` rows with review columns (`x_confidence`,
/// `x_flags`, `x_text`: the clause, `x_paragraph`: the paragraph). The
/// unreadable figures are not rows (they have no value): see
/// [`write_unreadable`] and [`write_json`].
pub fn write_csv(ex: &Extraction, out: &mut impl Write) -> io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(COLUMNS)?;
    for c in &ex.candidates {
        let confidence = format!("{:.2}", c.confidence);
        let flags = c.flags.join(" ");
        w.write_record([
            &c.region,
            &c.period,
            &c.metric,
            &c.value,
            &c.source,
            &c.event,
            &c.note,
            &confidence,
            &flags,
            &c.text,
            &c.paragraph,
        ])?;
    }
    w.flush()
}

/// `{"candidates": [...], "unreadable": [...]}`, pretty-printed.
pub fn write_json(ex: &Extraction, out: &mut impl Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, ex)?;
    writeln!(out)
}

/// One line per unreadable figure, `unreadable: <clause> — <reason>`, for
/// standard error beside the CSV on standard output.
pub fn write_unreadable(ex: &Extraction, out: &mut impl Write) -> io::Result<()> {
    for u in &ex.unreadable {
        writeln!(out, "unreadable: {} — {}", u.text, u.reason)?;
    }
    Ok(())
}
