//! The `periods` target: its checks live in `checks/periods.rs`, which the main
//! crate's `cargo test` also runs on every file of `corpus/periods/`.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../checks/periods.rs"]
mod checks;

fuzz_target!(|data: &[u8]| checks::check(data));
