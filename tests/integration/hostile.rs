//! Hostile text in names and notes is shown as text, never as markup, in
//! HTML and in Markdown; paths cannot leave the dataset or output folders;
//! a failed build leaves the previous output untouched.

use crate::common::*;

const EVIL: &str = "<script>alert(1)</script>";

fn hostile_dataset() -> Dataset {
    let regions = format!(
        "id,name_zh,name_en,level,parent,province
alpha,甲市{EVIL},\"Alpha <img src=x onerror=alert(1)>\",city,,示例省
beta,乙市<iframe src=//evil.example>,Beta,city,,示例省
"
    );
    let sources = "id,title,publisher,published,url,language
s1,\"来源 <a href=javascript:alert(1)>x</a>\",\"<style>body{background:url(http://evil)}</style>\",2025-01-02,https://example.org/a,zh-Hans
";
    let projects = format!(
        "id,region,date,name,sector,investment,currency,foreign,fortune500,stage,source,note
p1,alpha,2024-02-01,项目{EVIL},\"x | y *bold*\",10亿元,,,,signed,s1,\"note <b onmouseover=alert(1)>\"
p2,beta,2024-03-01,Project [link](javascript:alert(1)),新能源,5亿元,,,,signed,s1,
"
    );
    let note = "评注 <script>alert(2)</script>\n\n![logo](https://evil.example/t.png)\n\n<iframe src=\"https://evil.example\"></iframe>\n\n[ok](https://example.org) [bad](javascript:alert(3))\n";
    Dataset::new(&[
        ("regions.csv", regions.as_str()),
        ("sources.csv", sources),
        ("projects.csv", projects.as_str()),
        ("notes/2024/alpha.md", note),
    ])
}

#[test]
fn hostile_names_and_notes_never_become_markup() -> TestResult {
    let data = hostile_dataset();
    let out = data.out();
    citybrief()
        .arg("build")
        .arg("--data")
        .arg(data.path())
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let mut checked = 0;
    for file in files(&out) {
        let name = file.to_string_lossy().to_string();
        let text = std::fs::read_to_string(out.join(&file))?;
        if name.ends_with(".html") || name.ends_with(".svg") || name.ends_with(".xml") {
            for bad in ["<script", "<iframe", "<img", "<style>body", "<b "] {
                assert!(!text.contains(bad), "{bad} in {name}");
            }
            for tag in tags(&text) {
                for bad in [
                    "onerror",
                    "onmouseover",
                    "javascript:",
                    "src=\"https://evil",
                    "src=\"//evil",
                ] {
                    assert!(!tag.contains(bad), "{bad} in the markup of {name}: <{tag}>");
                }
            }
            checked += 1;
        }
        if name.ends_with(".md") {
            assert_markdown_is_inert(&name, &text);
        }
    }
    assert!(checked > 4);
    let html = std::fs::read_to_string(out.join("2024/zh/brief.html"))?;
    assert!(
        html.contains("&lt;script&gt;"),
        "hostile text is shown as text"
    );
    assert!(
        html.contains("href=\"https://example.org\""),
        "safe links survive"
    );
    Ok(())
}

/// A Markdown reader sees no raw HTML, no script link and no remote image.
fn assert_markdown_is_inert(name: &str, text: &str) {
    use pulldown_cmark::{Event, Options, Parser, Tag};
    for event in Parser::new_ext(text, Options::ENABLE_TABLES) {
        match event {
            Event::Html(h) | Event::InlineHtml(h) => {
                // The only raw HTML citybrief writes is a line break in a table cell.
                assert_eq!(&*h, "<br>", "raw HTML {h:?} in {name}");
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                assert!(
                    !dest_url.to_ascii_lowercase().starts_with("javascript"),
                    "{dest_url} in {name}"
                );
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                assert!(
                    !dest_url.contains("://") && !dest_url.starts_with("//"),
                    "remote image {dest_url} in {name}"
                );
            }
            _ => {}
        }
    }
}

/// The insides of every tag of an HTML or XML text (text content excluded).
fn tags(text: &str) -> Vec<String> {
    text.split('<')
        .skip(1)
        .filter_map(|rest| {
            rest.split_once('>')
                .map(|(tag, _)| tag.to_ascii_lowercase())
        })
        .collect()
}

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() -> TestResult {
    let data = hostile_dataset();
    let out = data.out();
    citybrief()
        .arg("build")
        .arg("--data")
        .arg(data.path())
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let before: Vec<(std::path::PathBuf, Vec<u8>)> = files(&out)
        .into_iter()
        .map(|f| {
            let bytes = std::fs::read(out.join(&f)).unwrap();
            (f, bytes)
        })
        .collect();
    std::fs::write(
        data.path().join("indicators.csv"),
        "region,period,metric,value,source,event,note\nalpha,2024,signed_projects,abc,s1,,\n",
    )?;
    citybrief()
        .arg("build")
        .arg("--data")
        .arg(data.path())
        .arg("--out")
        .arg(&out)
        .assert()
        .code(1);
    let after: Vec<(std::path::PathBuf, Vec<u8>)> = files(&out)
        .into_iter()
        .map(|f| {
            let bytes = std::fs::read(out.join(&f)).unwrap();
            (f, bytes)
        })
        .collect();
    assert!(before == after, "the output changed after a failed build");
    Ok(())
}

#[test]
fn a_broken_template_override_is_an_error_naming_it() -> TestResult {
    let data = Dataset::new(&[
        ("regions.csv", REGIONS),
        ("sources.csv", SOURCES),
        (
            "indicators.csv",
            "region,period,metric,value,source,event,note\nalpha,2024,signed_projects,3,s1,,\n",
        ),
        ("citybrief.toml", "templates = \"tpl\"\n"),
        ("tpl/brief.md", "# {{ title }\n"),
    ]);
    citybrief()
        .arg("build")
        .arg("--data")
        .arg(data.path())
        .arg("--out")
        .arg(data.out())
        .assert()
        .code(1)
        .stderr(predicates::str::contains("brief.md"));
    assert!(!data.out().exists());
    // check validates exactly as build does, templates included.
    citybrief()
        .arg("check")
        .arg("--data")
        .arg(data.path())
        .assert()
        .code(1)
        .stderr(predicates::str::contains("brief.md"));
    Ok(())
}

#[test]
fn a_template_override_replaces_only_its_own_file() -> TestResult {
    let data = Dataset::new(&[
        ("regions.csv", REGIONS),
        ("sources.csv", SOURCES),
        ("indicators.csv", "region,period,metric,value,source,event,note\nalpha,2024,signed_projects,3,s1,,\nbeta,2024,signed_projects,超5,s1,,\n"),
        ("citybrief.toml", "templates = \"tpl\"\n"),
        ("tpl/style.css", "body { color: #123456; }\n"),
    ]);
    let out = data.out();
    citybrief()
        .arg("build")
        .arg("--data")
        .arg(data.path())
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let html = std::fs::read_to_string(out.join("2024/en/brief.html"))?;
    assert!(html.contains("#123456"));
    assert!(
        html.contains("over 5"),
        "the built-in brief.md still renders"
    );
    Ok(())
}
