//! Header resolution and CSV ingestion as a whole: the input becomes a
//! dataset's `indicators.csv`, `projects.csv` and `metrics.csv` (split at
//! lines `====`, in that order), beside fixed regions and sources, and
//! `citybrief::ingest::load` either loads it or reports problems.
//! A dataset that loads is also planned and aggregated.
//!
//! Shared by `fuzz_targets/ingest.rs` and the corpus replay in the main
//! crate's `cargo test` (`tests/integration/fuzz_corpus.rs`).

use citybrief::aggregate;
use citybrief::ingest::{load, DataSource};

const REGIONS: &str = "id,name_zh,name_en,level,parent,province
alpha,甲市,Alpha,city,,示例省
alpha-zone,甲市开发区,Alpha Zone,zone,alpha,示例省
beta,乙市,Beta,city,,示例省
";

const SOURCES: &str = "id,title,publisher,published,url,language
s1,示例来源一,某局,2025-01-02,https://example.org/a,zh-Hans
s2,示例来源二,,,,zh-Hans
";

const NAMES: [&str; 3] = ["indicators.csv", "projects.csv", "metrics.csv"];

fn split(data: &[u8]) -> Vec<&[u8]> {
    let mut parts = Vec::new();
    let mut rest = data;
    while parts.len() + 1 < NAMES.len() {
        match rest.windows(6).position(|w| w == b"\n====\n") {
            Some(at) => {
                parts.push(&rest[..at + 1]);
                rest = &rest[at + 6..];
            }
            None => break,
        }
    }
    parts.push(rest);
    parts
}

pub fn check(data: &[u8]) {
    let Ok(dir) = tempfile::tempdir() else {
        return;
    };
    let write = |name: &str, bytes: &[u8]| std::fs::write(dir.path().join(name), bytes).is_ok();
    if !(write("regions.csv", REGIONS.as_bytes()) && write("sources.csv", SOURCES.as_bytes())) {
        return;
    }
    for (name, part) in NAMES.iter().zip(split(data)) {
        if !write(name, part) {
            return;
        }
    }
    let Ok(loaded) = load(&DataSource::Dir(dir.path().to_path_buf())) else {
        return;
    };
    let data = loaded.dataset;
    let compared = citybrief::compared_regions(&data);
    let plan = aggregate::plan(&data);
    let _ = aggregate::briefs(&data, &plan, &compared);
}
