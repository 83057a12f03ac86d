//! The showcase build of the built-in dataset lives in `output/`; a fresh
//! build must reproduce it byte for byte. After an intended change, refresh
//! it with `cargo run --release -- build` and review the diff.

use crate::common::*;
use std::path::Path;

#[test]
fn a_fresh_build_reproduces_the_committed_showcase() -> TestResult {
    let tmp = tempfile::tempdir()?;
    let out = tmp.path().join("output");
    citybrief()
        .arg("build")
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let committed = Path::new(env!("CARGO_MANIFEST_DIR")).join("output");
    assert_eq!(
        files(&committed),
        files(&out),
        "the set of files differs from output/"
    );
    for file in files(&out) {
        let want = std::fs::read(committed.join(&file))?;
        let got = std::fs::read(out.join(&file))?;
        assert!(
            want == got,
            "{} differs from the committed showcase; run `cargo run --release -- build` and review the diff",
            file.display()
        );
    }
    Ok(())
}

#[test]
fn builds_are_identical_across_folders_time_zones_and_locales() -> TestResult {
    let a = tempfile::tempdir()?;
    let b = tempfile::tempdir()?;
    citybrief()
        .current_dir(a.path())
        .env("TZ", "UTC")
        .env("LC_ALL", "C")
        .arg("build")
        .assert()
        .success();
    citybrief()
        .current_dir(b.path())
        .env("TZ", "Asia/Shanghai")
        .env("LC_ALL", "zh_CN.UTF-8")
        .args(["build", "--out", "elsewhere"])
        .assert()
        .success();
    let (oa, ob) = (a.path().join("output"), b.path().join("elsewhere"));
    assert_eq!(files(&oa), files(&ob));
    for file in files(&oa) {
        assert!(
            std::fs::read(oa.join(&file))? == std::fs::read(ob.join(&file))?,
            "{}",
            file.display()
        );
    }
    Ok(())
}

#[test]
fn the_showcase_cites_every_figure_and_keeps_qualifiers() -> TestResult {
    let committed = Path::new(env!("CARGO_MANIFEST_DIR")).join("output");
    let latest = std::fs::read_to_string(committed.join("latest/zh/brief.md"))?;
    for needle in [
        "超1100亿元",
        "23.74亿美元",
        "1,249.45亿元",
        "近900亿元",
        "\\[1\\]",
        "## 资料来源",
    ] {
        assert!(
            latest.contains(needle),
            "{needle} missing from latest/zh/brief.md"
        );
    }
    let en = std::fs::read_to_string(committed.join("latest/en/brief.md"))?;
    for needle in [
        "over CNY 110 bn",
        "US$ 2.374 bn",
        "nearly CNY 90 bn",
        "## Sources",
    ] {
        assert!(
            en.contains(needle),
            "{needle} missing from latest/en/brief.md"
        );
    }
    Ok(())
}

#[test]
fn pages_load_nothing_from_another_host() -> TestResult {
    let committed = Path::new(env!("CARGO_MANIFEST_DIR")).join("output");
    for file in files(&committed) {
        let name = file.to_string_lossy();
        if !(name.ends_with(".html") || name.ends_with(".svg")) {
            continue;
        }
        let text = std::fs::read_to_string(committed.join(&file))?;
        for pattern in [
            "<script src",
            "<link rel=\"stylesheet\"",
            "<img src=\"http",
            "@import",
            "url(http",
            "src=\"//",
        ] {
            assert!(!text.contains(pattern), "{name} has {pattern}");
        }
    }
    Ok(())
}
