//! Every value parser: a text either reads as a value of the kind or is an
//! error; a value formats in both languages and its canonical form reads
//! back to the same value.
#![no_main]

use citybrief::format::{self, Lang};
use citybrief::model::{MetricKind, Value};
use libfuzzer_sys::fuzz_target;

const KINDS: [MetricKind; 7] = [
    MetricKind::Count,
    MetricKind::Money,
    MetricKind::Percent,
    MetricKind::Points,
    MetricKind::Rank,
    MetricKind::Area,
    MetricKind::Energy,
];

fuzz_target!(|text: &str| {
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
});
