//! The `ingest` target: its checks live in `checks/ingest.rs`, which the main
//! crate's `cargo test` also runs on every file of `corpus/ingest/`.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../checks/ingest.rs"]
mod checks;

fuzz_target!(|data: &[u8]| checks::check(data));
