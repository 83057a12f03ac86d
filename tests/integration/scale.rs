//! Nothing assumes three regions: generated datasets of 2 and 12 regions
//! build, with every region in every brief and every chart valid.

use crate::common::*;
use std::fmt::Write;

fn generated(n: usize) -> Dataset {
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
        for year in [2023, 2024] {
            let _ = writeln!(
                indicators,
                "r{i},{year},fdi_actual,{}.{}亿美元,s1,,",
                10 + i,
                year % 10
            );
            let _ = writeln!(
                indicators,
                "r{i},{year},signed_investment,超{}亿元,s1,,",
                100 * (i + 1)
            );
        }
        for k in 0..3 {
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

fn builds_with(n: usize) -> TestResult {
    let data = generated(n);
    let out = data.out();
    citybrief()
        .arg("build")
        .arg("--data")
        .arg(data.path())
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("manifest.json"))?)?;
    let briefs = manifest["briefs"].as_array().ok_or("briefs")?;
    assert!(!briefs.is_empty());
    for b in briefs {
        assert_eq!(b["regions"].as_array().map(Vec::len), Some(n), "{b}");
        let md = std::fs::read_to_string(out.join(b["markdown"].as_str().ok_or("md")?))?;
        let name = if b["lang"] == "zh" {
            format!("第{}示范市", n - 1)
        } else {
            format!("Region {}", n - 1)
        };
        assert!(md.contains(&name), "{name} missing from {}", b["markdown"]);
        for chart in b["charts"].as_array().ok_or("charts")? {
            let svg = std::fs::read_to_string(out.join(chart.as_str().ok_or("chart")?))?;
            assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"));
        }
    }
    Ok(())
}

/// A region page's trend charts draw its reported figures: made from the
/// reported figures alone, they are the charts of the region's whole
/// "latest" brief, for every region, in both languages.
#[test]
fn region_trends_from_reported_figures_alone_are_the_whole_briefs() -> TestResult {
    use citybrief::aggregate::{self, Scope};
    use citybrief::format::Lang;
    use citybrief::ingest::{self, DataSource};
    let generated = generated(12);
    let sources = [
        DataSource::Builtin,
        DataSource::Dir(generated.path().to_path_buf()),
    ];
    let mut drawn = 0;
    for source in sources {
        let data = ingest::load(&source)?.dataset;
        for (region, _) in data.regions.iter() {
            let whole = aggregate::brief(&data, Scope::Latest, &[region]);
            let trend = aggregate::trend_brief(&data, region);
            for lang in Lang::ALL {
                let charts = citybrief::render::trend_charts(&data, &trend, lang)?;
                assert_eq!(
                    charts,
                    citybrief::render::trend_charts(&data, &whole, lang)?
                );
                drawn += charts.len();
            }
        }
    }
    assert!(drawn > 0, "no trend chart was drawn");
    Ok(())
}

#[test]
fn two_regions_build() -> TestResult {
    builds_with(2)
}

#[test]
fn twelve_regions_build() -> TestResult {
    builds_with(12)
}

/// A place with more projects than a page can show: its page lists the
/// newest 100 and says how many there are, in both languages.
#[test]
fn a_region_page_lists_the_newest_hundred_projects_and_says_of_how_many() -> TestResult {
    let mut projects = String::from(
        "id,region,date,name,sector,investment,currency,foreign,fortune500,stage,source,note\n",
    );
    // Dates rise with k: the newest 100 are k = 12134..12233.
    for k in 0..12234 {
        let _ = writeln!(
            projects,
            "p{k},r0,{}-{:02}-{:02},项目{k:05},算力,1亿元,,,,signed,s1,",
            2000 + k / 336,
            1 + (k / 28) % 12,
            1 + k % 28
        );
    }
    let data = Dataset::new(&[
        (
            "regions.csv",
            "id,name_zh,name_en,level,parent,province\nr0,示范市,Model City,city,,示例省\n",
        ),
        ("sources.csv", SOURCES),
        ("projects.csv", projects.as_str()),
    ]);
    let out = data.out();
    citybrief()
        .args(["build", "--quiet", "--data"])
        .arg(data.path())
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    for (lang, says) in [
        ("zh", "共12,234个在列项目，此处列出最新的100个"),
        (
            "en",
            "Of 12,234 listed projects, the newest 100 are shown here",
        ),
    ] {
        let page = std::fs::read_to_string(out.join(format!("regions/r0/{lang}/index.html")))?;
        assert!(page.contains(says), "{lang}: {says:?} missing");
        let listed = page.matches("<th scope=\"row\">项目").count();
        assert_eq!(listed, 100, "{lang}");
        for (name, shown) in [
            ("项目12233", true),
            ("项目12134", true),
            ("项目12133", false),
        ] {
            assert_eq!(page.contains(name), shown, "{lang}: {name}");
        }
    }
    Ok(())
}
