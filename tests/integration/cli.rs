//! The command-line contract: exit codes, messages, init → check → build.

use crate::common::*;
use predicates::prelude::*;

#[test]
fn check_of_the_builtin_dataset_passes() {
    citybrief().arg("check").assert().success();
}

#[test]
fn help_teaches_with_examples() {
    citybrief()
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("Examples:"))
        .stdout(predicate::str::contains("citybrief build"));
    for sub in ["build", "check", "init", "extract"] {
        citybrief()
            .args([sub, "--help"])
            .assert()
            .success()
            .stdout(predicate::str::contains("Example"));
    }
}

#[test]
fn a_wrong_command_line_exits_2() {
    citybrief().args(["build", "--nope"]).assert().code(2);
    citybrief().args(["build", "--lang", "fr"]).assert().code(2);
    citybrief()
        .args(["build", "--period", "2024-Q5"])
        .assert()
        .code(2);
    citybrief()
        .args(["build", "--period", "sometime"])
        .assert()
        .code(2);
}

#[test]
fn a_missing_dataset_or_period_exits_1_and_writes_nothing() -> TestResult {
    let tmp = tempfile::tempdir()?;
    let out = tmp.path().join("out");
    citybrief()
        .args(["build", "--data"])
        .arg(tmp.path().join("no-such"))
        .arg("--out")
        .arg(&out)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no-such"));
    citybrief()
        .args(["build", "--period", "1999", "--out"])
        .arg(&out)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("1999"));
    assert!(!out.exists());
    Ok(())
}

#[test]
fn init_check_build_makes_a_two_region_site() -> TestResult {
    let tmp = tempfile::tempdir()?;
    let data = tmp.path().join("mydata");
    let out = tmp.path().join("site");
    citybrief().arg("init").arg(&data).assert().success();
    assert!(data.join("citybrief.toml").exists());
    citybrief()
        .arg("check")
        .arg("--data")
        .arg(&data)
        .assert()
        .success();
    citybrief()
        .arg("build")
        .arg("--data")
        .arg(&data)
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("manifest.json"))?)?;
    let briefs = manifest["briefs"].as_array().ok_or("briefs")?;
    assert!(briefs
        .iter()
        .any(|b| b["period"] == "2024" && b["lang"] == "zh"));
    assert!(briefs
        .iter()
        .any(|b| b["period"] == "latest" && b["lang"] == "en"));
    for b in briefs {
        assert_eq!(b["regions"], serde_json::json!(["hexi", "shanbei"]));
        for key in ["markdown", "html"] {
            assert!(out.join(b[key].as_str().ok_or(key)?).exists(), "{b}");
        }
        for chart in b["charts"].as_array().ok_or("charts")? {
            assert!(out.join(chart.as_str().ok_or("chart")?).exists());
        }
    }
    // init refuses to overwrite a folder with content.
    citybrief().arg("init").arg(&data).assert().code(1);
    Ok(())
}

#[test]
fn check_reports_every_problem_with_its_location() {
    let data = Dataset::new(&[
        ("regions.csv", REGIONS),
        ("sources.csv", SOURCES),
        (
            "indicators.csv",
            // An unknown column is reported, and the rows are still checked.
            "region,period,metric,value,source,event,note,colour
alpha,2024,signed_projects,12,s1,,,
nowhere,2024,signed_projects,3,s1,,,
beta,2024-Q5,signed_projects,3,s1,,,
beta,2024,no_such_metric,3,s1,,,
beta,2024,fdi_actual,五十一亿元,s1,,,
beta,2024,signed_projects,4,s9,,,
",
        ),
    ]);
    let assert = citybrief()
        .arg("check")
        .arg("--data")
        .arg(data.path())
        .assert()
        .code(1);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    for needle in [
        "colour",
        "nowhere",
        "2024-Q5",
        "no_such_metric",
        "五十一亿元",
        "s9",
        "row 3",
        "row 7",
    ] {
        assert!(stderr.contains(needle), "{needle} missing from:\n{stderr}");
    }
    assert!(stderr.contains("indicators.csv"), "{stderr}");
}
