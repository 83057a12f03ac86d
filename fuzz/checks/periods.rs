//! `Period::parse` and `Period::parse_date`: a text is a period or an error;
//! a period's first day is not after its last, and its canonical form reads
//! back to the same period.
//!
//! Shared by `fuzz_targets/periods.rs` and the corpus replay in the main
//! crate's `cargo test` (`tests/integration/fuzz_corpus.rs`).

use chrono::Datelike;
use citybrief::model::Period;

/// The input as text, as `arbitrary` makes a `&str` of the fuzzer's bytes:
/// their longest valid UTF-8 prefix.
fn text(data: &[u8]) -> &str {
    match std::str::from_utf8(data) {
        Ok(text) => text,
        Err(e) => std::str::from_utf8(&data[..e.valid_up_to()]).unwrap_or_default(),
    }
}

fn check_period(text: &str, period: Period) {
    assert!(period.first_day() <= period.last_day(), "{text:?}");
    assert!(period.contains(&period), "{text:?}");
    assert!(period.days() >= 1, "{text:?}");
    let _ = (period.label_zh(), period.label_en(), period.is_day());
    // The same span one year earlier (it overlaps a span of over a year).
    if let Some(before) = period.previous_year() {
        let (from, first) = (before.first_day(), period.first_day());
        assert_eq!(from.with_year(from.year() + 1), Some(first), "{text:?}");
        assert!(before.days().abs_diff(period.days()) <= 1, "{text:?}");
    }
    for brief in period.brief_periods_of_date() {
        assert!(brief.contains(&period), "{text:?} not in {brief}");
    }
    // The slug names a folder of the output: one plain path component.
    let slug = period.slug();
    assert!(
        !slug.is_empty() && slug != ".." && slug != "." && !slug.contains(['/', '\\', '\0']),
        "{text:?} → slug {slug:?}"
    );
    let canonical = period.to_string();
    match Period::parse(&canonical) {
        Ok(again) => assert_eq!(again, period, "{text:?} → {canonical:?}"),
        Err(e) => panic!("{text:?} → {canonical:?} does not read back: {e}"),
    }
}

pub fn check(data: &[u8]) {
    let text = text(data);
    if let Ok(p) = Period::parse(text) {
        check_period(text, p);
    }
    if let Ok(p) = Period::parse_date(text) {
        check_period(text, p);
    }
}
