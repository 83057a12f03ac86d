//! Every value parser: a text either reads as a value of the kind or is an
//! error; a value formats in both languages and its canonical form reads
//! back to the same value.
//!
//! Shared by `fuzz_targets/values.rs` and the corpus replay in the main
//! crate's `cargo test` (`tests/integration/fuzz_corpus.rs`).

use citybrief::format::{self, Lang};
use citybrief::model::{MetricKind, Value};

const KINDS: [MetricKind; 7] = [
    MetricKind::Count,
    MetricKind::Money,
    MetricKind::Percent,
    MetricKind::Points,
    MetricKind::Rank,
    MetricKind::Area,
    MetricKind::Energy,
];

/// The input as text, as `arbitrary` makes a `&str` of the fuzzer's bytes:
/// their longest valid UTF-8 prefix.
fn text(data: &[u8]) -> &str {
    match std::str::from_utf8(data) {
        Ok(text) => text,
        Err(e) => std::str::from_utf8(&data[..e.valid_up_to()]).unwrap_or_default(),
    }
}

pub fn check(data: &[u8]) {
    let text = text(data);
    for kind in KINDS {
        let Ok(value) = Value::parse(text, kind) else {
            continue;
        };
        for lang in [Lang::Zh, Lang::En] {
            let shown = format::value(&value, Some("万平方米"), lang);
            assert!(!shown.is_empty());
            if let Value::Amount(a) = &value {
                let _ = format::chart_label(a, lang);
            }
        }
        let canonical = value.to_string();
        match Value::parse(&canonical, kind) {
            Ok(again) => assert_eq!(again, value, "{text:?} → {canonical:?}"),
            Err(e) => panic!("{text:?} → {canonical:?} does not read back: {e}"),
        }
    }
}
