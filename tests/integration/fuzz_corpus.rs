//! Replays the committed fuzz corpus (`fuzz/corpus/<target>/`) through the
//! very checks of the fuzz targets (`fuzz/checks/<target>.rs`, included here
//! as modules), so that `cargo test` guards every input libFuzzer kept,
//! including minimised crashes, without an instrumented build. See
//! fuzz/README.md.

use std::path::{Path, PathBuf};

#[path = "../../fuzz/checks/ingest.rs"]
mod ingest;
#[path = "../../fuzz/checks/markdown.rs"]
mod markdown;
#[path = "../../fuzz/checks/periods.rs"]
mod periods;
#[path = "../../fuzz/checks/values.rs"]
mod values;

/// The files of `fuzz/corpus/<target>/`, sorted by name (hidden files, such
/// as cargo-fuzz's `.tmp…` leftovers, skipped).
fn corpus(target: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/corpus")
        .join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|path| {
            path.is_file()
                && !path
                    .file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        })
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no corpus in {}", dir.display());
    files
}

/// Runs `check` on every file of the target's corpus and fails naming each
/// file whose check panicked (the panic message itself is printed by the
/// panic hook, just before).
fn replay(target: &str, check: fn(&[u8])) {
    let files = corpus(target);
    let mut failed = Vec::new();
    for path in &files {
        let data = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        if std::panic::catch_unwind(|| check(&data)).is_err() {
            eprintln!("fuzz corpus {target}: check failed on {}", path.display());
            failed.push(path.display().to_string());
        }
    }
    assert!(
        failed.is_empty(),
        "{} of {} {target} corpus files fail the fuzz target's checks \
         (reproduce with `cargo fuzz run {target} <file>` in fuzz/):\n{}",
        failed.len(),
        files.len(),
        failed.join("\n")
    );
}

#[test]
fn fuzz_corpus_values() {
    replay("values", values::check);
}

#[test]
fn fuzz_corpus_periods() {
    replay("periods", periods::check);
}

#[test]
fn fuzz_corpus_markdown() {
    replay("markdown", markdown::check);
}

/// Each input becomes a temporary dataset folder that is loaded, validated,
/// planned and aggregated. The whole corpus (1,790 files) is replayed: 3–7 s
/// in a debug build on the loaded 2-core machine (November 2026). Should it
/// grow past ~15 s, replay a deterministic subset (`step_by`) and say so here.
#[test]
fn fuzz_corpus_ingest() {
    replay("ingest", ingest::check);
}
