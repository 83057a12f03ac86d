//! The `values` target: its checks live in `checks/values.rs`, which the main
//! crate's `cargo test` also runs on every file of `corpus/values/`.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../checks/values.rs"]
mod checks;

fuzz_target!(|data: &[u8]| checks::check(data));
