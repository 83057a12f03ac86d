//! The `markdown` target: its checks live in `checks/markdown.rs`, which the main
//! crate's `cargo test` also runs on every file of `corpus/markdown/`.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../checks/markdown.rs"]
mod checks;

fuzz_target!(|data: &[u8]| checks::check(data));
