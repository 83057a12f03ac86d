#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

//! One integration crate (as ripgrep and mdBook do): each module drives the
//! real binary or the library on datasets written to the contract.

mod builtin_data;
mod cli;
mod common;
mod fuzz_corpus;
mod golden;
mod hostile;
mod robust;
mod rollup;
mod scale;
mod serve;
