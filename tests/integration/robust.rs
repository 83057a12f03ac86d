//! Hostile and broken input: roll-ups of any region forest, hostile text in
//! every field that reaches a page, paths that try to leave the dataset or
//! output folders, builds killed halfway, builds on different days, huge
//! inputs, and panics. (Period containment and ordering properties live
//! beside `Period` in src/model/period.rs; they are not repeated here.)

use crate::common::*;
use citybrief::aggregate::{self, Scope};
use citybrief::ingest::{self, DataSource};
use citybrief::model::{Period, Value};
use proptest::prelude::*;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Duration;

fn build(data: &Path, out: &Path) -> assert_cmd::assert::Assert {
    citybrief()
        .arg("build")
        .arg("--data")
        .arg(data)
        .arg("--out")
        .arg(out)
        .timeout(Duration::from_secs(60))
        .assert()
}

fn check(data: &Path) -> assert_cmd::assert::Assert {
    citybrief()
        .arg("check")
        .arg("--data")
        .arg(data)
        .timeout(Duration::from_secs(60))
        .assert()
}

fn stderr(assert: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&assert.get_output().stderr).into_owned()
}

/// Every file below `dir` with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    files(dir)
        .into_iter()
        .map(|f| {
            let bytes = std::fs::read(dir.join(&f)).unwrap_or_default();
            (f, bytes)
        })
        .collect()
}

// ---------------------------------------------------------------------------
// Roll-ups never count a project twice, whatever the forest.

/// A forest: region i's parent is one of the regions before it, or none.
fn forest() -> impl Strategy<Value = Vec<Option<usize>>> {
    (1usize..24).prop_flat_map(|n| {
        (0..n)
            .map(|i| {
                if i == 0 {
                    Just(None).boxed()
                } else {
                    prop_oneof![1 => Just(None), 3 => (0..i).prop_map(Some)].boxed()
                }
            })
            .collect::<Vec<_>>()
    })
}

fn count_of(v: Option<&citybrief::aggregate::Computed>) -> u64 {
    match v.map(|c| c.value) {
        Some(Value::Count(c)) => c.number,
        None => 0,
        Some(other) => panic!("not a count: {other:?}"),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn a_roll_up_counts_each_project_once_in_any_forest(
        parents in forest(),
        placed in proptest::collection::vec((any::<proptest::sample::Index>(), 1u32..=12, 1u32..=28), 0..60),
    ) {
        let n = parents.len();
        let mut regions = String::from("id,name_zh,name_en,level,parent,province\n");
        for (i, parent) in parents.iter().enumerate() {
            let parent = parent.map(|p| format!("r{p}")).unwrap_or_default();
            let level = if parent.is_empty() { "city" } else { "zone" };
            let _ = writeln!(regions, "r{i},第{i}地,Place {i},{level},{parent},示例省");
        }
        let mut projects = String::from(
            "id,region,date,name,sector,investment,currency,foreign,fortune500,stage,source,note\n",
        );
        let mut owner = Vec::new();
        for (k, (at, month, day)) in placed.iter().enumerate() {
            let r = at.index(n);
            owner.push(r);
            let stage = if k % 3 == 0 { "started" } else { "signed" };
            let _ = writeln!(
                projects,
                "p{k},r{r},2024-{month:02}-{day:02},项目{k},新能源,{}亿元,,,,{stage},s1,",
                k + 1
            );
        }
        let data = Dataset::new(&[
            ("regions.csv", regions.as_str()),
            ("sources.csv", SOURCES),
            ("projects.csv", projects.as_str()),
        ]);
        let dataset = ingest::load(&DataSource::Dir(data.path().to_path_buf()))
            .map_err(|e| TestCaseError::fail(format!("{e:?}")))?
            .dataset;
        let idx = |i: usize| dataset.regions.resolve(&format!("r{i}"));
        let all: Vec<_> = (0..n).filter_map(|i| idx(i).ok()).collect();
        prop_assert_eq!(all.len(), n);
        let in_subtree = |root: usize, mut r: usize| loop {
            if r == root {
                return true;
            }
            match parents[r] {
                Some(p) => r = p,
                None => return false,
            }
        };
        let year = Scope::Period(Period::parse("2024").map_err(|e| TestCaseError::fail(e.to_string()))?);
        // Every region compared at once, roots and inner places alike.
        let brief = aggregate::brief(&dataset, year, &all);
        let mut roots_total = 0;
        for i in 0..n {
            let want = owner.iter().filter(|&&o| in_subtree(i, o)).count() as u64;
            let got = count_of(brief.projects[i].computed("signed_projects"));
            prop_assert_eq!(got, want, "region r{} of {:?}", i, parents);
            if parents[i].is_none() {
                roots_total += got;
            }
        }
        prop_assert_eq!(roots_total, owner.len() as u64);
        // The roots alone give the same counts.
        let roots: Vec<_> = (0..n).filter(|i| parents[*i].is_none()).collect();
        let root_idx: Vec<_> = roots.iter().map(|i| all[*i]).collect();
        let brief = aggregate::brief(&dataset, year, &root_idx);
        let sum: u64 = (0..roots.len())
            .map(|j| count_of(brief.projects[j].computed("signed_projects")))
            .sum();
        prop_assert_eq!(sum, owner.len() as u64);
    }
}

// ---------------------------------------------------------------------------
// Hostile text beyond tests/integration/hostile.rs: CSS, SVG, data: URLs,
// entity-encoded schemes, autolinks, metric labels, event names.

const CSS: &str = "<div style=\"x:expression(alert(1))\">css</div>";
const STYLE: &str = "<style>body{background:url(http://evil.example/x)}</style>";
const SVG: &str = "<svg onload=alert(1)><circle r=1 /></svg>";

fn hostile_dataset() -> Dataset {
    let metrics = format!(
        "id,label_zh,label_en,kind,unit,better
evil_count,\"指标{SVG}\",\"Count {CSS}\",count,,higher
evil_area,面积,Area,area,\"平方米<img src=//evil.example/u.png>\",higher
evil_money,\"金额{STYLE}\",\"[m](javascript:alert(1)) <javascript:alert(1)>\",money,,higher
"
    );
    let indicators = "region,period,metric,value,source,event,note
alpha,2024,evil_count,3,s1,,\"<a href=&#106;avascript:alert(1)>n</a>\"
beta,2024,evil_count,5,s1,,
alpha,2024,evil_money,5亿元,s1,,
beta,2024,evil_money,超2亿元,s1,,
alpha,2024,evil_area,12,s1,,
beta,2024,evil_area,13.5,s1,,
alpha,2024-03-05,evil_money,10亿元,s1,\"签约会<svg onload=alert(1)>\",
beta,2024-04-05,evil_count,7,s1,\"Fair <style>*{x:expression(1)}</style> [e](data:text/html;base64,PHNjcmlwdD4=)\",
";
    let note = format!(
        "评注 {CSS}\n\n{STYLE}\n\n{SVG}\n\n[d](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==) [e](&#106;avascript:alert(1)) [f](&#x6A;avascript:alert(1)) [g](java&#x09;script:alert(1))\n\n<javascript:alert(1)> <data:text/html,x> <https://example.org/ok>\n\n![d](data:image/svg+xml;base64,PHN2Zz4=) ![w](\\\\evil.example\\x.png)\n\n[r]: javascript:alert(1)\n\n[ref][r]\n"
    );
    Dataset::new(&[
        ("regions.csv", REGIONS),
        ("sources.csv", SOURCES),
        ("metrics.csv", metrics.as_str()),
        ("indicators.csv", indicators),
        ("notes/2024/alpha.md", note.as_str()),
    ])
}

/// The tags of an HTML or SVG text as (name, [(attribute, value)]), names
/// lower-cased. Good enough for serialised output, whose values are quoted.
fn tags(html: &str) -> Vec<(String, Vec<(String, String)>)> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        rest = &rest[at + 1..];
        let end = rest
            .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
            .unwrap_or(rest.len());
        let name = rest[..end].to_ascii_lowercase();
        rest = &rest[end..];
        let mut attrs = Vec::new();
        loop {
            rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
            if rest.is_empty() || rest.starts_with('>') {
                break;
            }
            let end = rest
                .find(|c: char| c == '=' || c == '>' || c.is_whitespace())
                .unwrap_or(rest.len());
            let attr = rest[..end].to_ascii_lowercase();
            rest = &rest[end..];
            let mut value = String::new();
            for quote in ['"', '\''] {
                if let Some(after) = rest.strip_prefix('=').and_then(|r| r.strip_prefix(quote)) {
                    let close = after.find(quote).unwrap_or(after.len());
                    value = after[..close].to_string();
                    rest = after.get(close + 1..).unwrap_or("");
                }
            }
            attrs.push((attr, value));
        }
        out.push((name, attrs));
    }
    out
}

/// The scheme a browser would see (blanks and control characters dropped,
/// character references of letters decoded), if any.
fn scheme(url: &str) -> Option<String> {
    let decoded = url
        .replace("&#106;", "j")
        .replace("&#x6a;", "j")
        .replace("&#x6A;", "j")
        .replace("&#x09;", "")
        .replace("&amp;", "&");
    let squeezed: String = decoded
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    let (scheme, _) = squeezed.split_once(':')?;
    (!scheme.contains(['/', '?', '#'])).then(|| scheme.to_string())
}

/// No element or attribute of `text` runs script, styles the page from
/// data, or loads anything from another host.
fn assert_inert_markup(name: &str, text: &str, svg: bool) {
    for (tag, attrs) in tags(text) {
        let tag = tag.trim_start_matches('/');
        let banned = [
            "script", "iframe", "object", "embed", "form", "base", "frame",
        ];
        assert!(!banned.contains(&tag), "<{tag}> in {name}");
        assert!(
            !attrs.iter().any(|(a, _)| a == "http-equiv"),
            "<{tag}> with http-equiv in {name}"
        );
        // The page's own <style> (from style.css) sits in <head>; charts are
        // citybrief's own SVG. Neither carries data.
        for (attr, value) in &attrs {
            assert!(!attr.starts_with("on"), "{attr} on <{tag}> in {name}");
            if matches!(
                attr.as_str(),
                "href" | "src" | "xlink:href" | "action" | "srcset"
            ) {
                if let Some(s) = scheme(value) {
                    assert!(
                        matches!(s.as_str(), "http" | "https" | "mailto"),
                        "{attr}={value:?} on <{tag}> in {name}"
                    );
                }
            }
            if attr == "src" {
                let v = value.trim().replace('\\', "/").to_ascii_lowercase();
                assert!(
                    !v.starts_with("http") && !v.starts_with("//"),
                    "remote {attr}={value:?} on <{tag}> in {name}"
                );
            }
            if attr == "style" {
                let v = value.to_ascii_lowercase();
                assert!(
                    !v.contains("expression") && !v.contains("url("),
                    "style {value:?} on <{tag}> in {name}"
                );
            }
        }
    }
    // The one <style> of a page is the template's own, in <head>.
    let styles = text.matches("<style").count();
    assert!(styles <= usize::from(!svg), "{styles} <style> in {name}");
    // Hostile CSS may be shown as text, never inside a style sheet.
    let lower = text.to_ascii_lowercase();
    for sheet in lower.split("<style").skip(1) {
        let sheet = sheet.split("</style").next().unwrap_or_default();
        for bad in ["expression", "url(", "@import", "evil", "javascript"] {
            assert!(!sheet.contains(bad), "{bad} in a style sheet of {name}");
        }
    }
}

#[test]
fn hostile_css_svg_data_urls_labels_and_events_stay_text() -> TestResult {
    let data = hostile_dataset();
    let out = data.out();
    build(data.path(), &out).success();
    let mut pages = 0;
    for file in files(&out) {
        let name = file.to_string_lossy().to_string();
        let text = std::fs::read_to_string(out.join(&file))?;
        if name.ends_with(".html") || name.ends_with(".xml") || name.ends_with(".svg") {
            assert_inert_markup(&name, &text, name.ends_with(".svg"));
            pages += 1;
        }
        if name.ends_with(".md") {
            assert_markdown_inert(&name, &text);
        }
    }
    assert!(pages > 4, "{pages} pages");
    // The hostile labels and event names are shown, as text.
    let en = std::fs::read_to_string(out.join("2024/en/brief.html"))?;
    assert!(en.contains("Count &lt;div"), "the label is shown as text");
    let zh = std::fs::read_to_string(out.join("2024/zh/brief.html"))?;
    assert!(
        zh.contains("签约会&lt;svg"),
        "the event name is shown as text"
    );
    Ok(())
}

/// A Markdown reader of brief.md sees no raw HTML (but citybrief's own
/// `<br>`), no link but http(s), mailto and relative, and no remote image.
fn assert_markdown_inert(name: &str, text: &str) {
    use pulldown_cmark::{Event, Options, Parser, Tag};
    for event in Parser::new_ext(text, Options::ENABLE_TABLES) {
        match event {
            Event::Html(h) | Event::InlineHtml(h) => {
                assert_eq!(&*h, "<br>", "raw HTML {h:?} in {name}");
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                if let Some(s) = scheme(&dest_url) {
                    assert!(
                        matches!(s.as_str(), "http" | "https" | "mailto"),
                        "link {dest_url} in {name}"
                    );
                }
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                assert!(
                    !dest_url.contains(':')
                        && !dest_url.starts_with("//")
                        && !dest_url.starts_with('\\'),
                    "image {dest_url} in {name}"
                );
            }
            _ => {}
        }
    }
}

#[test]
fn a_source_url_other_than_http_is_refused_with_its_row_and_column() -> TestResult {
    for url in [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        " javascript:alert(1)",
        "data:text/html;base64,PHNjcmlwdD4=",
        "//evil.example/x",
        "file:///etc/passwd",
        "http://exa mple.org",
    ] {
        let sources = format!(
            "id,title,publisher,published,url,language\ns1,示例来源一,某局,2025-01-02,\"{url}\",zh-Hans\n"
        );
        let data = Dataset::new(&[
            ("regions.csv", REGIONS),
            ("sources.csv", sources.as_str()),
            (
                "indicators.csv",
                "region,period,metric,value,source,event,note\nalpha,2024,signed_projects,3,s1,,\n",
            ),
        ]);
        let result = check(data.path()).code(1);
        let err = stderr(&result);
        assert!(
            err.contains("sources.csv, row 2") && err.contains("column url"),
            "{url}: {err}"
        );
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Paths: nothing makes citybrief read or write outside the dataset and
// output folders.

const ONE_FIGURE: &str =
    "region,period,metric,value,source,event,note\nalpha,2024,signed_projects,3,s1,,\nbeta,2024,signed_projects,4,s1,,\n";

fn small(extra: &[(&str, &str)]) -> Dataset {
    let mut files = vec![
        ("regions.csv", REGIONS),
        ("sources.csv", SOURCES),
        ("indicators.csv", ONE_FIGURE),
    ];
    files.extend_from_slice(extra);
    Dataset::new(&files)
}

#[test]
fn region_ids_that_are_paths_are_refused() -> TestResult {
    for id in ["../evil", "..", ".", "a/b", "a\\\\b", "/etc", "evil\u{0}"] {
        let regions = format!("{REGIONS}{id},恶意,Evil,city,,示例省\n");
        let data = Dataset::new(&[
            ("regions.csv", regions.as_str()),
            ("sources.csv", SOURCES),
            ("indicators.csv", ONE_FIGURE),
        ]);
        let err = stderr(&check(data.path()).code(1));
        assert!(
            err.contains("regions.csv, row 7, column id"),
            "{id:?}: {err}"
        );
    }
    Ok(())
}

#[test]
fn note_names_with_dots_are_errors_naming_the_file() -> TestResult {
    for (name, shown) in [
        ("notes/2024/..md", "notes/2024/..md"),
        ("notes/..2024/alpha.md", "notes/..2024/alpha.md"),
        ("notes/2024/alpha..md", "notes/2024/alpha..md"),
        (
            "notes/2024-01..2024-02..2024-03/alpha.md",
            "notes/2024-01..2024-02..2024-03",
        ),
    ] {
        let data = small(&[(name, "DOTDOT")]);
        let err = stderr(&check(data.path()).code(1));
        assert!(err.contains(shown), "{name}: {err}");
    }
    Ok(())
}

#[cfg(unix)]
#[test]
fn a_notes_folder_linked_outside_the_dataset_is_not_read() -> TestResult {
    let outside = tempfile::tempdir()?;
    std::fs::create_dir_all(outside.path().join("2024"))?;
    std::fs::write(outside.path().join("2024/alpha.md"), "SECRET-OUTSIDE")?;
    let data = small(&[]);
    std::os::unix::fs::symlink(outside.path(), data.path().join("notes"))?;
    let err = stderr(&check(data.path()).code(1));
    assert!(
        err.contains("notes") && err.contains("outside the dataset"),
        "{err}"
    );
    // A period folder or a note linked outside: the same.
    let data = small(&[("notes/2024/beta.md", "ok")]);
    std::os::unix::fs::symlink(
        outside.path().join("2024/alpha.md"),
        data.path().join("notes/2024/alpha.md"),
    )?;
    let err = stderr(&check(data.path()).code(1));
    assert!(err.contains("notes/2024/alpha.md"), "{err}");
    assert!(!data.out().exists());
    Ok(())
}

#[cfg(unix)]
#[test]
fn a_templates_folder_linked_outside_the_dataset_is_not_read() -> TestResult {
    let outside = tempfile::tempdir()?;
    std::fs::write(outside.path().join("brief.md"), "SECRET-OUTSIDE\n")?;
    // The folder itself a link, and a folder on the way a link.
    for (templates, link) in [("tpl", "tpl"), ("sub/tpl", "sub")] {
        let toml = format!("templates = \"{templates}\"\n");
        let data = small(&[("citybrief.toml", toml.as_str())]);
        if link == "sub" {
            std::fs::create_dir_all(outside.path().join("tpl"))?;
            std::fs::write(outside.path().join("tpl/brief.md"), "SECRET-OUTSIDE\n")?;
        }
        std::os::unix::fs::symlink(outside.path(), data.path().join(link))?;
        let out = data.out();
        let result = build(data.path(), &out).code(1);
        let err = stderr(&result);
        assert!(err.contains("outside the dataset"), "{templates}: {err}");
        assert!(!out.exists());
    }
    // A link to a file outside, inside a real templates folder, is skipped.
    let data = small(&[
        ("citybrief.toml", "templates = \"tpl\"\n"),
        ("tpl/style.css", "b{}"),
    ]);
    std::os::unix::fs::symlink(
        outside.path().join("brief.md"),
        data.path().join("tpl/brief.md"),
    )?;
    let out = data.out();
    build(data.path(), &out).success();
    for file in files(&out) {
        let text = std::fs::read_to_string(out.join(&file)).unwrap_or_default();
        assert!(!text.contains("SECRET-OUTSIDE"), "{}", file.display());
    }
    Ok(())
}

#[test]
fn a_templates_path_leaving_the_dataset_is_an_error_naming_it() -> TestResult {
    for templates in ["/etc", "../tpl", "tpl/../../x", ""] {
        let toml = format!("title = \"t\"\ntemplates = \"{templates}\"\n");
        let data = small(&[("citybrief.toml", toml.as_str())]);
        let err = stderr(&check(data.path()).code(1));
        assert!(
            err.contains("citybrief.toml, line 2, column templates"),
            "{templates:?}: {err}"
        );
        build(data.path(), &data.out()).code(1);
        assert!(!data.out().exists());
    }
    Ok(())
}

#[test]
fn an_output_that_would_replace_the_dataset_or_the_current_folder_is_refused() -> TestResult {
    // Everything lives in a folder of its own, so that even a failure of the
    // guard could only ever touch that folder.
    let top = tempfile::tempdir()?;
    let root = top.path().join("root");
    let data_dir = root.join("data");
    let inside = data_dir.join("inner");
    std::fs::create_dir_all(&inside)?;
    for (name, text) in [
        ("regions.csv", REGIONS),
        ("sources.csv", SOURCES),
        ("indicators.csv", ONE_FIGURE),
    ] {
        std::fs::write(data_dir.join(name), text)?;
    }
    let before = snapshot(&root);
    let outs: Vec<PathBuf> = vec![
        data_dir.clone(),
        data_dir.join("."),
        data_dir.join("inner/.."),
        data_dir.join("missing/.."),
        data_dir.join(".."),
        root.clone(),
        inside.clone(),
        PathBuf::from("/"),
    ];
    let refused = |out: &Path| {
        let result = citybrief()
            .current_dir(&inside)
            .arg("build")
            .arg("--data")
            .arg(&data_dir)
            .arg("--out")
            .arg(out)
            .timeout(Duration::from_secs(60))
            .assert()
            .code(1);
        let err = stderr(&result);
        assert!(err.contains("refusing"), "{}: {err}", out.display());
    };
    for out in &outs {
        refused(out);
    }
    // Relative spellings of the current folder and its ancestors.
    for out in [".", "..", "../..", "./", "x/..", "../inner", "x/../.."] {
        refused(Path::new(out));
    }
    #[cfg(unix)]
    {
        // A link to the dataset, or to a folder above it, as the output.
        std::os::unix::fs::symlink(&data_dir, top.path().join("to-data"))?;
        std::os::unix::fs::symlink(&root, top.path().join("to-root"))?;
        refused(&top.path().join("to-data"));
        refused(&top.path().join("to-root"));
        refused(&top.path().join("to-root/data"));
    }
    assert!(snapshot(&root) == before, "the dataset changed");
    let left: Vec<_> = std::fs::read_dir(top.path())?
        .filter_map(Result::ok)
        .map(|e| e.file_name())
        .collect();
    assert!(
        left.len() <= 3,
        "something was written beside the dataset: {left:?}"
    );
    Ok(())
}

// ---------------------------------------------------------------------------
// Limits: huge fields, headers and numbers, deep trees — a clear error or a
// correct result in bounded time, never a hang or an abort.

/// Runs `citybrief ARGS` with a time limit; the exit code (1 for a clear
/// error, 0 for success), never a signal or a panic's 101.
fn bounded(args: &[&std::ffi::OsStr], limit: Duration) -> (i32, String, Duration) {
    let started = std::time::Instant::now();
    let output = citybrief()
        .args(args)
        .timeout(limit)
        .output()
        .unwrap_or_else(|e| panic!("cannot run citybrief: {e}"));
    let took = started.elapsed();
    let err = String::from_utf8_lossy(&output.stderr).into_owned();
    let code = output
        .status
        .code()
        .unwrap_or_else(|| panic!("killed by a signal or the time limit after {took:?}: {err}"));
    assert!(code == 0 || code == 1, "exit {code}: {err}");
    assert!(!err.contains("panicked"), "{err}");
    (code, err, took)
}

fn check_bounded(data: &Path, limit: Duration) -> (i32, String) {
    let (code, err, _) = bounded(
        &["check".as_ref(), "--data".as_ref(), data.as_os_str()],
        limit,
    );
    (code, err)
}

fn build_bounded(data: &Path, out: &Path, limit: Duration) -> (i32, String) {
    let args = [
        "build".as_ref(),
        "--data".as_ref(),
        data.as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
    ];
    let (code, err, _) = bounded(&args, limit);
    (code, err)
}

#[test]
fn a_fifty_megabyte_field_is_read_or_refused_quickly() -> TestResult {
    let huge = "9".repeat(50 << 20);
    for (column, row) in [
        ("value", format!("alpha,2024,signed_projects,{huge},s1,,\n")),
        ("note", format!("alpha,2024,signed_projects,3,s1,,{huge}\n")),
    ] {
        let indicators = format!("region,period,metric,value,source,event,note\n{row}");
        let data = small(&[("indicators.csv", indicators.as_str())]);
        let (code, err) = check_bounded(data.path(), Duration::from_secs(30));
        if column == "value" {
            assert_eq!(code, 1, "{column}");
            assert!(err.contains("column value"), "{err:.300}");
            assert!(
                err.len() < 4000,
                "the message quotes the whole field: {} bytes",
                err.len()
            );
        }
    }
    Ok(())
}

#[test]
fn a_million_column_header_is_read_or_refused_quickly() -> TestResult {
    let mut header = String::from("region,period,metric,value,source");
    for i in 0..1_000_000 {
        let _ = write!(header, ",x_{i}");
    }
    let indicators = format!("{header}\nalpha,2024,signed_projects,3,s1\n");
    let data = small(&[("indicators.csv", indicators.as_str())]);
    let (_, err) = check_bounded(data.path(), Duration::from_secs(30));
    assert!(err.len() < 100_000, "{} bytes of messages", err.len());
    // A million unknown columns: reported, not a million times over.
    let mut header = String::from("region,period,metric,value,source");
    for i in 0..1_000_000 {
        let _ = write!(header, ",c{i}");
    }
    let indicators = format!("{header}\nalpha,2024,signed_projects,3,s1\n");
    let data = small(&[("indicators.csv", indicators.as_str())]);
    let (_, err) = check_bounded(data.path(), Duration::from_secs(30));
    assert!(err.len() < 100_000, "{} bytes of messages", err.len());
    Ok(())
}

#[test]
fn enormous_numbers_are_refused_or_summed_without_overflow() -> TestResult {
    for value in [
        "1e400",
        "1e400亿元",
        &format!("1{}亿元", "0".repeat(400)),
        "79228162514264337593543950335亿元",
    ] {
        let indicators = format!(
            "region,period,metric,value,source,event,note\nalpha,2024,signed_investment,{value},s1,,\n"
        );
        let data = small(&[("indicators.csv", indicators.as_str())]);
        let (code, err) = check_bounded(data.path(), Duration::from_secs(20));
        assert_eq!(code, 1, "{value}: {err}");
        assert!(err.contains("column value"), "{value}: {err}");
    }
    // The largest amounts that read, summed over projects and compared: the
    // build succeeds or says why, and never overflows.
    let max = "1000000000000000";
    let mut projects = String::from(
        "id,region,date,name,sector,investment,currency,foreign,fortune500,stage,source,note\n",
    );
    for (k, region) in ["alpha", "alpha-zone", "alpha", "beta", "beta"]
        .iter()
        .enumerate()
    {
        let _ = writeln!(
            projects,
            "p{k},{region},2024-0{}-01,P{k},新能源,{max}元,,,,signed,s1,",
            k + 1
        );
        let _ = writeln!(
            projects,
            "q{k},{region},2023-0{}-01,Q{k},新能源,0.0000000001元,,,,signed,s1,",
            k + 1
        );
        let _ = writeln!(
            projects,
            "u{k},{region},2024-0{}-02,U{k},新能源,{max}美元,USD,,,signed,s1,",
            k + 1
        );
    }
    let indicators = format!(
        "region,period,metric,value,source,event,note
alpha,2024,signed_investment,{max}元,s1,,
beta,2024,signed_investment,0.000000001元,s1,,
alpha,2023,signed_investment,0.000000000000000000001元,s1,,
beta,2023,signed_investment,{max}元,s1,,
alpha,2024,fdi_actual,{max}美元,s1,,
alpha,2023,fdi_actual,1美元,s1,,
"
    );
    let data = small(&[
        ("indicators.csv", indicators.as_str()),
        ("projects.csv", projects.as_str()),
        (
            "citybrief.toml",
            "[exchange_rates]\nUSD = 1000\nEUR = 0.001\n",
        ),
    ]);
    let (code, err) = build_bounded(data.path(), &data.out(), Duration::from_secs(60));
    assert_eq!(code, 0, "{err}");
    // A rate that would overflow a conversion is refused where it is written.
    std::fs::write(
        data.path().join("citybrief.toml"),
        "[exchange_rates]\nUSD = 7922816251426433759354395033.5\n",
    )?;
    let (code, err) = check_bounded(data.path(), Duration::from_secs(20));
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("citybrief.toml, line 2, column exchange_rates"),
        "{err}"
    );
    Ok(())
}

#[test]
fn a_chain_of_ten_thousand_regions_checks_and_builds() -> TestResult {
    const N: usize = 10_000;
    let mut regions = String::from("id,name_zh,name_en,level,parent,province\n");
    let _ = writeln!(regions, "r0,第0地,Place 0,city,,示例省");
    for i in 1..N {
        let _ = writeln!(regions, "r{i},第{i}地,Place {i},zone,r{},示例省", i - 1);
    }
    let _ = writeln!(regions, "other,他市,Other,city,,示例省");
    let mut projects = String::from(
        "id,region,date,name,sector,investment,currency,foreign,fortune500,stage,source,note\n",
    );
    for (k, r) in [N - 1, N / 2, 1, 0].iter().enumerate() {
        let _ = writeln!(
            projects,
            "p{k},r{r},2024-03-01,P{k},新能源,{}亿元,,,,signed,s1,",
            k + 1
        );
    }
    let _ = writeln!(projects, "q,other,2024-03-01,Q,新能源,1亿元,,,,signed,s1,");
    let data = Dataset::new(&[
        ("regions.csv", regions.as_str()),
        ("sources.csv", SOURCES),
        ("projects.csv", projects.as_str()),
    ]);
    let (code, err) = check_bounded(data.path(), Duration::from_secs(30));
    assert_eq!(code, 0, "{err:.2000}");
    let out = data.out();
    let (code, err) = build_bounded(data.path(), &out, Duration::from_secs(120));
    assert_eq!(code, 0, "{err:.2000}");
    let md = std::fs::read_to_string(out.join("2024/en/brief.md"))?;
    assert!(md.contains("Place 0") && md.contains("Other"), "{md:.2000}");
    Ok(())
}

// ---------------------------------------------------------------------------
// No panic reaches the user as Rust's message or a backtrace.

#[test]
fn a_panic_prints_a_short_message_without_backtrace() -> TestResult {
    let output = citybrief()
        .env("CITYBRIEF_TEST_PANIC", "1")
        .env("RUST_BACKTRACE", "full")
        .arg("check")
        .timeout(Duration::from_secs(30))
        .output()?;
    let err = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(101), "{err}");
    assert!(
        err.contains("internal error") && err.contains("bug"),
        "{err}"
    );
    for bad in [
        "panicked",
        "backtrace",
        "RUST_BACKTRACE",
        "thread 'main'",
        "CITYBRIEF_TEST_PANIC",
    ] {
        assert!(!err.contains(bad), "{bad} in {err}");
    }
    assert!(err.lines().count() <= 2, "{err}");
    Ok(())
}

// ---------------------------------------------------------------------------
// Atomic builds: a build killed at any moment leaves OUT as the previous
// complete build or the new one, never a mixture.

/// A dataset of `n` cities with zones, figures over years and projects;
/// `variant` changes one figure, so two variants build different sites.
fn generated(n: usize, variant: u32) -> Dataset {
    let mut regions = String::from("id,name_zh,name_en,level,parent,province\n");
    let mut indicators = String::from("region,period,metric,value,source,event,note\n");
    let mut projects = String::from(
        "id,region,date,name,sector,investment,currency,foreign,fortune500,stage,source,note\n",
    );
    let sectors = ["新能源", "新材料", "算力", "生物医药"];
    for i in 0..n {
        let _ = writeln!(regions, "r{i},第{i}示范市,Region {i},city,,示例省");
        let _ = writeln!(
            regions,
            "r{i}-zone,第{i}示范市开发区,Region {i} Zone,zone,r{i},示例省"
        );
        for year in 2019..=2024 {
            let _ = writeln!(
                indicators,
                "r{i},{year},fdi_actual,{}.{}亿美元,s1,,",
                10 + i,
                year % 10
            );
            for q in 1..=4 {
                let _ = writeln!(
                    indicators,
                    "r{i},{year}-Q{q},signed_investment,超{}亿元,s1,,",
                    100 * (i + 1) + q + variant as usize
                );
            }
        }
        for k in 0..6 {
            let _ = writeln!(
                projects,
                "p{i}-{k},r{i}-zone,2024-0{}-15,项目{i}-{k},{},{}亿元,,,,signed,s1,",
                k + 1,
                sectors[(i + k) % 4],
                (i + 1) * (k + 2)
            );
        }
    }
    Dataset::new(&[
        ("regions.csv", regions.as_str()),
        ("sources.csv", SOURCES),
        ("indicators.csv", indicators.as_str()),
        ("projects.csv", projects.as_str()),
    ])
}

fn staging_beside(out: &Path) -> Vec<String> {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let prefix = format!(".{name}.citybrief-");
    std::fs::read_dir(out.parent().unwrap_or(Path::new(".")))
        .map(|rd| {
            rd.filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.starts_with(&prefix))
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(unix)]
#[test]
fn a_build_killed_at_any_moment_leaves_the_old_or_the_new_site() -> TestResult {
    let bin = assert_cmd::cargo::cargo_bin("citybrief");
    let datasets = [generated(6, 0), generated(6, 1)];
    let top = tempfile::tempdir()?;
    let run = |data: &Path, out: &Path| -> Result<Duration, Box<dyn std::error::Error>> {
        let started = std::time::Instant::now();
        let status = std::process::Command::new(&bin)
            .args(["-q", "build", "--data"])
            .arg(data)
            .arg("--out")
            .arg(out)
            .status()?;
        assert!(status.success());
        Ok(started.elapsed())
    };
    // The two complete sites, built on their own.
    let mut known = Vec::new();
    let mut took = Duration::ZERO;
    for (k, data) in datasets.iter().enumerate() {
        let out = top.path().join(format!("ref{k}"));
        took = took.max(run(data.path(), &out)?);
        known.push(snapshot(&out));
    }
    assert!(known[0] != known[1], "the two variants build the same site");
    let out = top.path().join("site").join("out");
    run(datasets[0].path(), &out)?;
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let started = std::time::Instant::now();
    let mut rounds = 0;
    let mut mixtures = Vec::new();
    // Rounds that ended with the previous site, and with the new one.
    let mut outcomes = [0; 2];
    while rounds < 20 && started.elapsed() < Duration::from_secs(25) {
        // xorshift: a delay anywhere from the start to a little past the
        // time a build takes.
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let delay = took.mul_f64((state % 1000) as f64 / 800.0);
        let data = datasets[rounds % 2].path();
        let mut child = std::process::Command::new(&bin)
            .args(["-q", "build", "--data"])
            .arg(data)
            .arg("--out")
            .arg(&out)
            .spawn()?;
        std::thread::sleep(delay);
        let _ = child.kill(); // SIGKILL
        child.wait()?;
        let now = snapshot(&out);
        outcomes[usize::from(now == known[rounds % 2])] += 1;
        if now != known[0] && now != known[1] {
            mixtures.push(format!(
                "round {rounds} after {delay:?}: {} files",
                now.len()
            ));
        }
        let staging = staging_beside(&out);
        assert!(
            staging.len() <= 1,
            "round {rounds}: staging folders left: {staging:?}"
        );
        rounds += 1;
    }
    eprintln!("{rounds} builds killed: {outcomes:?} (previous, new); a build takes {took:?}");
    assert!(mixtures.is_empty(), "OUT held a mixture: {mixtures:?}");
    assert!(rounds >= 5, "only {rounds} rounds");
    // A build that completes leaves no staging folder at all.
    run(datasets[1].path(), &out)?;
    assert!(snapshot(&out) == known[1]);
    assert_eq!(staging_beside(&out), Vec::<String>::new());
    Ok(())
}

// ---------------------------------------------------------------------------
// Deterministic builds: nothing reads the clock, so builds on different days
// are identical.

#[test]
fn nothing_but_the_progress_timer_reads_the_clock() -> TestResult {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut stack = vec![src.clone()];
    let mut offenders = Vec::new();
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir)? {
            let path = entry?.path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let text = std::fs::read_to_string(&path)?;
            let rel = path
                .strip_prefix(&src)?
                .to_string_lossy()
                .replace('\\', "/");
            for (n, line) in text.lines().enumerate() {
                let clock = [
                    "SystemTime::now",
                    "Local::now",
                    "Utc::now",
                    "Local::today",
                    "Utc::today",
                    "UNIX_EPOCH.elapsed",
                ]
                .iter()
                .any(|c| line.contains(c));
                // main.rs times the build for its closing message (Instant,
                // never written to the site).
                if clock
                    && rel != "main.rs"
                    && !rel.starts_with("serve")
                    && !rel.contains("progress")
                {
                    offenders.push(format!("src/{rel}:{}: {}", n + 1, line.trim()));
                }
            }
        }
    }
    assert!(offenders.is_empty(), "the clock is read: {offenders:#?}");
    Ok(())
}

#[test]
fn builds_on_different_days_are_identical() -> TestResult {
    let data = generated(3, 0);
    let top = tempfile::tempdir()?;
    let mut sites = Vec::new();
    for (k, epoch) in ["946684800", "4102444800"].iter().enumerate() {
        let out = top.path().join(format!("day{k}"));
        citybrief()
            .env("SOURCE_DATE_EPOCH", epoch)
            .env("TZ", if k == 0 { "UTC" } else { "Pacific/Kiritimati" })
            .arg("build")
            .arg("--data")
            .arg(data.path())
            .arg("--out")
            .arg(&out)
            .assert()
            .success();
        sites.push(snapshot(&out));
    }
    assert!(sites[0] == sites[1], "builds differ with the date");
    Ok(())
}
