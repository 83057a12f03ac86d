//! Precision and recall on the five seed articles against hand labels in
//! `tests/extract/<seed>.csv` (region, period, metric, value), and the rule
//! that a garbled figure is never a candidate.

use super::{extract, Extraction, Options, Place};
use std::collections::BTreeSet;

const SEEDS: [&str; 5] = [
    "000_aa809658476baa4e",
    "001_bb01d5f3ada94127",
    "002_18911edffe920a6e",
    "003_10e2a14702d7d071",
    "004_bb809f8fe1450b06",
];
/// The floors this extractor is held to (set at what it achieves).
const MIN_PRECISION: f64 = 0.9;
const MIN_RECALL: f64 = 0.9;

type Row = (String, String, String, String);

fn gazetteer() -> Vec<Place> {
    let place = |id: &str, names: &[&str]| Place {
        id: id.into(),
        names: names.iter().map(|n| n.to_string()).collect(),
    };
    vec![
        place("jiaxing", &["嘉兴市", "嘉興市", "Jiaxing"]),
        place("jiashan", &["嘉善县", "嘉善縣", "Jiashan"]),
        place("huaian", &["淮安市", "Huai'an"]),
        place("jiaxing-etdz", &["嘉兴经济技术开发区", "嘉兴经开区"]),
        place("jiashan-etdz", &["嘉善经济技术开发区"]),
        place("huaian-etdz", &["淮安经济技术开发区"]),
    ]
}

fn run(seed: &str) -> Extraction {
    let path = format!("{}/../shared/seeds/{seed}.txt", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    extract(
        &text,
        &Options {
            source: seed.into(),
            places: gazetteer(),
        },
    )
}

fn gold(seed: &str) -> BTreeSet<Row> {
    let path = format!("{}/tests/extract/{seed}.csv", env!("CARGO_MANIFEST_DIR"));
    let mut reader = csv::Reader::from_path(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    reader
        .records()
        .map(|r| {
            let r = r.unwrap_or_else(|e| panic!("{path}: {e}"));
            let field = |i: usize| r.get(i).unwrap_or("").to_string();
            (field(0), field(1), field(2), field(3))
        })
        .collect()
}

fn found(ex: &Extraction) -> BTreeSet<Row> {
    ex.candidates
        .iter()
        .map(|c| {
            (
                c.region.clone(),
                c.period.clone(),
                c.metric.clone(),
                c.value.clone(),
            )
        })
        .collect()
}

#[test]
fn precision_and_recall_on_the_seeds() {
    let (mut hits, mut proposed, mut labelled) = (0usize, 0usize, 0usize);
    for seed in SEEDS {
        let (want, got) = (gold(seed), found(&run(seed)));
        for row in got.difference(&want) {
            println!("{seed} extra:  {row:?}");
        }
        for row in want.difference(&got) {
            println!("{seed} missed: {row:?}");
        }
        hits += want.intersection(&got).count();
        proposed += got.len();
        labelled += want.len();
    }
    let precision = hits as f64 / proposed.max(1) as f64;
    let recall = hits as f64 / labelled.max(1) as f64;
    println!("extract: precision {precision:.3} ({hits}/{proposed}), recall {recall:.3} ({hits}/{labelled})");
    assert!(
        precision >= MIN_PRECISION,
        "precision {precision:.3} below {MIN_PRECISION}"
    );
    assert!(
        recall >= MIN_RECALL,
        "recall {recall:.3} below {MIN_RECALL}"
    );
}

#[test]
fn garbled_figures_are_reported_never_emitted() {
    let ex = run("001_bb01d5f3ada94127");
    let reasons: Vec<&str> = ex.unreadable.iter().map(|u| u.text.as_str()).collect();
    for garbled in [
        "引进外资项目个",
        "引进世界强投资项目19个",
        "同比增长.5%",
        "总投资亿元的云顶新耀生物医药项目顺利落户嘉善",
    ] {
        assert!(
            reasons.iter().any(|t| t.contains(garbled)),
            "{garbled} not reported: {reasons:?}"
        );
    }
    for c in &ex.candidates {
        assert_ne!(c.metric, "fortune500_projects", "{c:?}");
        assert!(
            !c.value.starts_with('.') && c.value != "5%" && c.value != "19" && c.value != "9",
            "{c:?}"
        );
        assert!(
            !c.text.contains("世界强") && !c.text.contains("亿元的云顶"),
            "{c:?}"
        );
    }
}

#[test]
fn traditional_paragraphs_stay_traditional() {
    let ex = run("003_10e2a14702d7d071");
    let c = ex
        .candidates
        .iter()
        .find(|c| c.metric == "signed_projects")
        .unwrap_or_else(|| panic!("{ex:?}"));
    assert!(c.paragraph.contains("67個項目集中簽約"), "{}", c.paragraph);
    assert!(c.text.contains("簽約"), "{}", c.text);
}

#[test]
fn output_formats() {
    let ex = run("004_bb809f8fe1450b06");
    let mut csv_out = Vec::new();
    super::write_csv(&ex, &mut csv_out).unwrap_or_else(|e| panic!("{e}"));
    let csv_text = String::from_utf8(csv_out).unwrap_or_else(|e| panic!("{e}"));
    assert!(csv_text.starts_with(
        "region,period,metric,value,source,event,note,x_confidence,x_flags,x_text,x_paragraph\n"
    ));
    assert_eq!(csv_text.lines().count() > ex.candidates.len(), true);
    let mut json_out = Vec::new();
    super::write_json(&ex, &mut json_out).unwrap_or_else(|e| panic!("{e}"));
    let value: serde_json::Value =
        serde_json::from_slice(&json_out).unwrap_or_else(|e| panic!("{e}"));
    assert!(value["candidates"].is_array() && value["unreadable"].is_array());
}
