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
    for sub in ["build", "check", "init", "extract", "completions", "man"] {
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

/// The sample of `init` as a workbook: one sheet per table with the sample's
/// rows, and an `x_readme` sheet (ignored by the reader) on the columns.
/// Writes `src/init/sample/dataset-template.xlsx`, which `init` embeds; run
/// it again after changing the sample's CSV files:
/// `cargo test --test integration -- --ignored write_the_workbook_template`.
#[test]
#[ignore = "regenerates a file of the repository"]
fn write_the_workbook_template() -> TestResult {
    let sample = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/init/sample");
    let mut book = rust_xlsxwriter::Workbook::new();
    let bold = rust_xlsxwriter::Format::new().set_bold();
    for table in ["regions", "sources", "indicators", "projects", "metrics"] {
        let sheet = book.add_worksheet().set_name(table)?;
        let text = match table {
            "metrics" => "id,label_zh,label_en,kind,unit,better\n\
                          site_visits,实地考察,Site visits,count,,higher\n"
                .to_string(),
            _ => std::fs::read_to_string(sample.join(format!("{table}.csv")))?,
        };
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(text.as_bytes());
        for (r, record) in reader.records().enumerate() {
            for (c, cell) in record?.iter().enumerate() {
                if r == 0 {
                    sheet.write_string_with_format(r as u32, c as u16, cell, &bold)?;
                } else if !cell.is_empty() {
                    sheet.write_string(r as u32, c as u16, cell)?;
                }
            }
        }
        sheet.set_freeze_panes(1, 0)?;
        sheet.autofit();
    }
    let readme = book.add_worksheet().set_name("x_readme")?;
    let lines = [
        ["sheet", "column", "说明 / what goes in it"],
        ["", "", "x_ 开头的工作表不被读取。To use this workbook: rename it dataset.xlsx and delete the CSV files (a table given both as CSV and as a sheet is an error)."],
        ["regions", "id", "地区编号，小写字母、数字、连字符 / a short id: hexi, hexi-etdz"],
        ["regions", "name_zh / name_en", "中文名、英文名 / names"],
        ["regions", "level", "province, city, county, district, zone"],
        ["regions", "parent", "上级地区编号 / the id of the place it lies in"],
        ["sources", "id, title", "来源编号、标题 / an id cited by the other sheets, the title"],
        ["sources", "published", "发布日期 / the day published: 2025-01-10"],
        ["sources", "url", "http:// or https:// address, optional"],
        ["indicators", "region, period, metric", "地区、期间（2024、2024-Q1、2024年1-9月）、指标编号"],
        ["indicators", "value", "数值，保留限定词 / as reported: 超30亿元, 近9亿美元, 7.8%, 第2"],
        ["indicators", "event", "签约活动名称（若为活动汇总数）/ the event, when the figure is its tally"],
        ["projects", "date", "签约日期 / 2024-05-18, 2024-08 or 2024"],
        ["projects", "investment", "投资额 / 52亿元, 1.2亿美元"],
        ["projects", "foreign, fortune500", "是/否, yes/no, true/false, 1/0, or empty (unknown)"],
        ["projects", "stage", "signed 签约, registered 备案, land 拿地, started 开工, producing 投产, or empty"],
        ["metrics", "id, label_zh, kind", "自定义指标 / your own metric: kind count, money, percent, points, rank, area, energy"],
        ["metrics", "better", "higher, lower or empty"],
    ];
    for (r, line) in lines.iter().enumerate() {
        for (c, cell) in line.iter().enumerate() {
            if r == 0 {
                readme.write_string_with_format(r as u32, c as u16, *cell, &bold)?;
            } else {
                readme.write_string(r as u32, c as u16, *cell)?;
            }
        }
    }
    readme.set_column_width(0, 12)?;
    readme.set_column_width(1, 24)?;
    readme.set_column_width(2, 100)?;
    book.save(sample.join("dataset-template.xlsx"))?;
    Ok(())
}

fn init_sample(tmp: &std::path::Path) -> std::path::PathBuf {
    let data = tmp.join("mydata");
    citybrief().arg("init").arg(&data).assert().success();
    data
}

#[test]
fn the_workbook_template_builds_once_renamed() -> TestResult {
    let tmp = tempfile::tempdir()?;
    let data = init_sample(tmp.path());
    // Beside the CSV files the template is ignored.
    citybrief()
        .args(["check", "--deny-warnings", "--data"])
        .arg(&data)
        .assert()
        .success()
        .stderr(predicate::str::contains("0 warning(s)"));
    std::fs::rename(
        data.join("dataset-template.xlsx"),
        data.join("dataset.xlsx"),
    )?;
    // Renamed, with the CSV files still there: each table is given twice.
    citybrief()
        .args(["check", "--data"])
        .arg(&data)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("regions.csv"));
    for table in ["regions", "sources", "indicators", "projects"] {
        std::fs::remove_file(data.join(format!("{table}.csv")))?;
    }
    citybrief()
        .args(["check", "--data"])
        .arg(&data)
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "3 region(s), 2 source(s), 10 figure(s), 7 project(s), 1 note(s); 0 warning(s)",
        ));
    let out = tmp.path().join("site");
    citybrief()
        .args(["build", "--data"])
        .arg(&data)
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    assert!(out.join("2024/zh/brief.html").exists());
    Ok(())
}

#[test]
fn the_sample_toml_documents_every_key() -> TestResult {
    let tmp = tempfile::tempdir()?;
    let toml = std::fs::read_to_string(init_sample(tmp.path()).join("citybrief.toml"))?;
    for key in [
        "title",
        "regions",
        "languages",
        "templates",
        "output",
        "exchange_rate_source",
        "[exchange_rates]",
    ] {
        assert!(toml.contains(key), "{key} is not explained");
    }
    Ok(())
}

#[test]
fn the_output_key_is_used_without_out_and_out_wins() -> TestResult {
    let tmp = tempfile::tempdir()?;
    let data = init_sample(tmp.path());
    let toml = std::fs::read_to_string(data.join("citybrief.toml"))?;
    std::fs::write(
        data.join("citybrief.toml"),
        format!("output = \"../from-toml\"\n{toml}"),
    )?;
    citybrief()
        .args(["build", "-q", "--lang", "en", "--data"])
        .arg(&data)
        .assert()
        .success();
    assert!(tmp.path().join("from-toml/manifest.json").exists());
    let out = tmp.path().join("from-flag");
    citybrief()
        .args(["build", "-q", "--lang", "en", "--data"])
        .arg(&data)
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    assert!(out.join("manifest.json").exists());
    Ok(())
}

#[test]
fn toml_mistakes_are_errors_with_their_line() -> TestResult {
    let tmp = tempfile::tempdir()?;
    let data = init_sample(tmp.path());
    let toml = std::fs::read_to_string(data.join("citybrief.toml"))?;
    let cases = [
        // (a line added at the top, what the message must say)
        ("titel = \"x\"", "unknown field"),
        ("languages = [\"fr\"]", "fr"),
        ("output = \"\"", "output"),
        ("templates = \"../elsewhere\"", "outside"),
    ];
    for (line, needle) in cases {
        let key = line.split(' ').next().ok_or("key")?;
        let rest: String = toml
            .lines()
            .filter(|l| !l.starts_with(key))
            .map(|l| format!("{l}\n"))
            .collect();
        std::fs::write(data.join("citybrief.toml"), format!("{line}\n{rest}"))?;
        let assert = citybrief()
            .args(["check", "--data"])
            .arg(&data)
            .assert()
            .code(1);
        let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
        assert!(stderr.contains("citybrief.toml"), "{line}: {stderr}");
        assert!(stderr.contains("line 1"), "{line}: {stderr}");
        assert!(stderr.contains(needle), "{line}: {stderr}");
    }
    // A bad value further down names its own line.
    let broken = toml.replace("USD = 7.1", "USD = \"seven\"");
    std::fs::write(data.join("citybrief.toml"), &broken)?;
    let line = broken
        .lines()
        .position(|l| l.contains("seven"))
        .ok_or("line")?
        + 1;
    citybrief()
        .args(["check", "--data"])
        .arg(&data)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(format!("line {line}")));
    Ok(())
}

#[test]
fn completions_and_man_page_come_from_the_definitions() {
    for (shell, needle) in [
        ("bash", "complete"),
        ("zsh", "#compdef citybrief"),
        ("fish", "complete -c citybrief"),
        ("powershell", "citybrief"),
        ("elvish", "citybrief"),
    ] {
        citybrief()
            .args(["completions", shell])
            .assert()
            .success()
            .stdout(predicate::str::contains(needle))
            .stdout(predicate::str::contains("deny-warnings"));
    }
    citybrief().args(["completions", "tcsh"]).assert().code(2);
    citybrief()
        .arg("man")
        .assert()
        .success()
        .stdout(predicate::str::contains(".TH citybrief"))
        .stdout(predicate::str::contains("build"));
    let dir = tempfile::tempdir().expect("temp dir");
    citybrief()
        .args(["man", "--dir"])
        .arg(dir.path())
        .assert()
        .success();
    for page in ["citybrief.1", "citybrief-build.1", "citybrief-init.1"] {
        assert!(dir.path().join(page).exists(), "{page}");
    }
    // Hidden from the command list, but documented in the examples.
    citybrief()
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("citybrief completions bash"))
        .stdout(predicate::str::contains("citybrief man"));
}

#[test]
fn every_option_of_build_is_in_its_help() {
    let assert = citybrief().args(["build", "--help"]).assert().success();
    let help = String::from_utf8_lossy(&assert.get_output().stdout).to_string();
    for option in [
        "--data",
        "--out",
        "--period",
        "--lang",
        "--deny-warnings",
        "--png",
        "--quiet",
        "--verbose",
        "--color",
        "Examples:",
    ] {
        assert!(help.contains(option), "{option} missing from:\n{help}");
    }
}

/// A dataset with one warning: a source with no date.
fn with_a_warning() -> Dataset {
    Dataset::new(&[
        ("regions.csv", REGIONS),
        (
            "sources.csv",
            "id,title,publisher,published,url,language\ns1,A report,,,,\n",
        ),
        (
            "indicators.csv",
            "region,period,metric,value,source,event,note
alpha,2024,signed_projects,12,s1,,
beta,2024,signed_projects,3,s1,,
",
        ),
    ])
}

#[test]
fn deny_warnings_fails_check_and_build_and_writes_nothing() {
    let data = with_a_warning();
    citybrief()
        .args(["check", "--data"])
        .arg(data.path())
        .assert()
        .success()
        .stderr(predicate::str::contains("warning: sources.csv"))
        .stderr(predicate::str::contains("no publication date"));
    citybrief()
        .args(["check", "--deny-warnings", "--data"])
        .arg(data.path())
        .assert()
        .code(1);
    let out = data.out();
    citybrief()
        .args(["build", "--deny-warnings", "--data"])
        .arg(data.path())
        .arg("--out")
        .arg(&out)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("--deny-warnings"));
    assert!(!out.exists());
    // Without it the build succeeds and lists the warning once, at the end.
    let assert = citybrief()
        .args(["build", "--data"])
        .arg(data.path())
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert_eq!(stderr.matches("no publication date").count(), 1, "{stderr}");
    assert!(stderr.contains("1 warning(s)"), "{stderr}");
}

#[test]
fn quiet_prints_nothing_on_success_and_errors_still() {
    let data = with_a_warning();
    citybrief()
        .args(["build", "--quiet", "--data"])
        .arg(data.path())
        .arg("--out")
        .arg(data.out())
        .assert()
        .success()
        .stdout("")
        .stderr("");
    citybrief()
        .args(["check", "-q", "--data"])
        .arg(data.path().join("missing"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("missing"));
    citybrief()
        .args(["check", "--quiet", "--verbose"])
        .assert()
        .code(2);
}

#[test]
fn color_never_and_always() {
    let data = with_a_warning();
    let run = |when: &str| {
        let assert = citybrief()
            .args(["check", "--color", when, "--data"])
            .arg(data.path())
            .assert()
            .success();
        String::from_utf8_lossy(&assert.get_output().stderr).to_string()
    };
    let plain = run("never");
    assert!(plain.contains("warning: "), "{plain}");
    assert!(!plain.contains('\u{1b}'), "{plain}");
    let coloured = run("always");
    assert!(coloured.contains("\u{1b}["), "{coloured}");
    // Not a terminal here, so `auto` is plain.
    assert!(!run("auto").contains('\u{1b}'));
    citybrief()
        .args(["check", "--color", "sometimes"])
        .assert()
        .code(2);
}

#[test]
fn verbose_says_what_it_reads_and_renders() -> TestResult {
    let tmp = tempfile::tempdir()?;
    let data = init_sample(tmp.path());
    citybrief()
        .args(["build", "-v", "--lang", "zh", "--data"])
        .arg(&data)
        .arg("--out")
        .arg(tmp.path().join("site"))
        .assert()
        .success()
        .stderr(predicate::str::contains("reading the dataset in"))
        .stderr(predicate::str::contains("rendered 2024/zh/brief.html"));
    Ok(())
}

#[cfg(feature = "png")]
#[test]
fn png_charts_are_written_beside_the_svg_and_listed() -> TestResult {
    let tmp = tempfile::tempdir()?;
    let data = init_sample(tmp.path());
    let out = tmp.path().join("site");
    let assert = citybrief()
        .args([
            "build", "--png", "--lang", "zh", "--period", "2024", "--data",
        ])
        .arg(&data)
        .arg("--out")
        .arg(&out)
        .assert();
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    if stderr.contains("no Chinese font") {
        // A machine without a CJK font: the message names the packages.
        assert!(stderr.contains("fonts-noto-cjk"), "{stderr}");
        return Ok(());
    }
    assert.success();
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("manifest.json"))?)?;
    let brief = &manifest["briefs"][0];
    let svgs = brief["charts"].as_array().ok_or("charts")?;
    let pngs = brief["png"].as_array().ok_or("png")?;
    assert_eq!(svgs.len(), pngs.len());
    assert!(!pngs.is_empty());
    for png in pngs {
        let bytes = std::fs::read(out.join(png.as_str().ok_or("png")?))?;
        assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
        assert_eq!(&bytes[16..20], 2480u32.to_be_bytes());
        assert_eq!(&bytes[37..41], b"pHYs");
    }
    Ok(())
}

/// With no font visible (fontconfig pointed at an empty folder), `--png`
/// fails before writing anything and names the packages to install.
#[cfg(all(feature = "png", target_os = "linux"))]
#[test]
fn png_without_a_chinese_font_names_the_packages() -> TestResult {
    let tmp = tempfile::tempdir()?;
    let empty = tmp.path().join("no-fonts");
    std::fs::create_dir(&empty)?;
    let conf = tmp.path().join("fonts.conf");
    std::fs::write(
        &conf,
        format!(
            "<?xml version=\"1.0\"?>\n<fontconfig><dir>{}</dir></fontconfig>\n",
            empty.display()
        ),
    )?;
    let out = tmp.path().join("site");
    citybrief()
        .env("FONTCONFIG_FILE", &conf)
        .args([
            "build", "--png", "--lang", "en", "--period", "2024", "--out",
        ])
        .arg(&out)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no Chinese font"))
        .stderr(predicate::str::contains("fonts-noto-cjk"))
        .stderr(predicate::str::contains("fonts-wqy-microhei"));
    assert!(!out.exists());
    Ok(())
}

#[test]
fn lang_all_overrides_a_dataset_that_asks_for_one_language() -> TestResult {
    let tmp = tempfile::tempdir()?;
    let data = tmp.path().join("d");
    citybrief().arg("init").arg(&data).assert().success();
    let toml = std::fs::read_to_string(data.join("citybrief.toml"))?;
    std::fs::write(
        data.join("citybrief.toml"),
        toml.replace("languages = [\"zh\", \"en\"]", "languages = [\"zh\"]"),
    )?;
    let langs = |args: &[&str]| -> Result<Vec<String>, Box<dyn std::error::Error>> {
        let out = tmp.path().join("out");
        citybrief()
            .arg("build")
            .arg("--data")
            .arg(&data)
            .arg("--out")
            .arg(&out)
            .args(args)
            .assert()
            .success();
        let manifest: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(out.join("manifest.json"))?)?;
        let mut found: Vec<String> = manifest["briefs"]
            .as_array()
            .ok_or("briefs")?
            .iter()
            .filter_map(|b| b["lang"].as_str().map(String::from))
            .collect();
        found.sort();
        found.dedup();
        Ok(found)
    };
    assert_eq!(langs(&[])?, vec!["zh"]);
    assert_eq!(langs(&["--lang", "all"])?, vec!["en", "zh"]);
    assert_eq!(langs(&["--lang", "en"])?, vec!["en"]);
    Ok(())
}
