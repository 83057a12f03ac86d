//! Which metric a figure reports, read from the words around it. Built-in
//! catalogue ids where they fit; otherwise a proposed snake_case id naming
//! the noun (`new_energy_projects`, `reinvested_profit_share`).

use super::scan::{Figure, Kind};
use super::span;

/// Project-count labels, checked in order: the size brackets before the
/// kinds, the bigger bracket before the smaller.
const COUNT_LABELS: [(&[&str], &str); 6] = [
    (&["世界500强"], "fortune500_projects"),
    (&["超亿美元", "亿美元以上"], "projects_ge_100m_usd"),
    (&["50亿元以上", "超50亿元"], "projects_ge_5b_cny"),
    (&["10亿元以上", "超10亿元"], "projects_ge_1b_cny"),
    (&["亿元以上", "超亿元"], "projects_ge_100m_cny"),
    (&["外资"], "foreign_projects"),
];
/// Sectors and kinds of project, for proposed `<noun>_projects` ids.
const SECTORS: [(&str, &str); 10] = [
    ("先进制造业", "advanced_manufacturing"),
    ("现代服务业", "modern_services"),
    ("新能源", "new_energy"),
    ("新材料", "new_materials"),
    ("内生性", "endogenous"),
    ("集成电路", "integrated_circuit"),
    ("生物医药", "biomedicine"),
    ("数字经济", "digital_economy"),
    ("高新技术", "high_tech"),
    ("服务业", "services"),
];
/// Later stages of a project, as written and as an id prefix.
const STAGES: [(&[&str], &str); 4] = [
    (&["开工"], "started_"),
    (&["竣工", "投产"], "producing_"),
    (&["在建"], "ongoing_"),
    (&["备案"], "registered_"),
];
/// Amount labels that name their metric outright, most specific first.
const AMOUNT_LABELS: [(&[&str], &str); 4] = [
    (&["再投资"], "reinvested_profit"),
    (&["实际利用外资", "实际使用外资"], "fdi_actual"),
    (
        &["协议引资", "签约额", "签约金额", "协议投资"],
        "signed_investment",
    ),
    (&["规上工业产值", "规模以上工业产值"], "industrial_output"),
];
/// Amount labels that need a count of projects to say whose total they are.
const TOTAL_LABELS: [&str; 6] = [
    "总投资",
    "投资达",
    "投资额",
    "投资总额",
    "注册资金",
    "注册资本",
];
/// Labels of a year-on-year change of the subject figure.
const YOY_LABELS: [&str; 6] = [
    "同比增",
    "同比下降",
    "同比减少",
    "比上年增",
    "较上年增",
    "比去年同期增",
];
/// Words that make a figure a target or a forecast, not a result.
const TARGET_WORDS: [&str; 9] = [
    "力争", "计划", "目标", "预计", "将", "确保", "争取", "拟", "有望",
];

/// What a figure reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Metric(String),
    Garbled(&'static str),
    Skip,
}

fn any_in(text: &str, words: &[&str]) -> bool {
    words.iter().any(|w| text.contains(w))
}

/// Whether the sentence announces a target or forecast before the figure.
pub fn is_target(t: &[char], f: &Figure) -> bool {
    let (start, _) = span::sentence(t, f.start);
    let before = span::text(t, (start, f.start)).replace("将近", "近");
    any_in(&before, &TARGET_WORDS)
}

/// A count of projects: its metric, and the label span it read (so that an
/// amount inside the label, `10亿元以上项目101个`, is not read again).
pub fn count(t: &[char], f: &Figure) -> (Outcome, Option<(usize, usize)>) {
    let (cs, ce) = span::clause(t, f.start);
    let before = span::text(t, (cs, f.start));
    let after = span::text(t, (f.end, ce));
    let listed = before.ends_with('等') || before.contains('等');
    if let Some(at) = after
        .find("项目")
        .filter(|&a| after.get(..a).is_some_and(|s| s.chars().count() <= 14))
    {
        let label = after.get(..at + "项目".len()).unwrap_or("");
        let end = f.end + label.chars().count();
        let context = format!("{before}{after}");
        return (
            count_metric(label, &context, before.ends_with('等')),
            Some((f.end, end)),
        );
    }
    if before.contains("项目") {
        return (
            count_metric(&before, &format!("{before}{after}"), listed),
            Some((cs, f.start)),
        );
    }
    (Outcome::Skip, None)
}

/// The metric of a project count with this label; `listed` when the count
/// closes a list (`…等3个50亿元以上项目`), which makes a size bracket a subset.
/// Projects counted at a later stage (`新开工亿元以上项目`) get the stage as a
/// prefix (`started_projects_ge_100m_cny`): they are not the signed ones.
fn count_metric(label: &str, context: &str, listed: bool) -> Outcome {
    match base_count_metric(label, context, listed) {
        Outcome::Metric(id) => Outcome::Metric(format!("{}{id}", stage_prefix(label))),
        other => other,
    }
}

fn stage_prefix(label: &str) -> &'static str {
    if any_in(label, &["签约", "引进", "招引"]) {
        return "";
    }
    STAGES
        .iter()
        .find(|(words, _)| any_in(label, words))
        .map_or("", |(_, prefix)| prefix)
}

fn base_count_metric(label: &str, context: &str, listed: bool) -> Outcome {
    if label.contains("世界强") {
        return Outcome::Garbled("label garbled: 世界强 (世界500强 with the number lost?)");
    }
    if let Some((_, id)) = COUNT_LABELS.iter().find(|(words, _)| any_in(label, words)) {
        let bracket = *id != "foreign_projects" && *id != "fortune500_projects";
        return if listed && bracket {
            Outcome::Skip
        } else {
            Outcome::Metric((*id).to_string())
        };
    }
    if let Some((_, noun)) = SECTORS.iter().find(|(word, _)| label.contains(word)) {
        return Outcome::Metric(format!("{noun}_projects"));
    }
    if context.contains("签约") {
        return Outcome::Metric("signed_projects".into());
    }
    Outcome::Skip
}

/// An amount: named outright by its label, or the total of the projects
/// counted just before it (`47个签约项目、总投资达521.87亿元`) or just after
/// it (`总投资118亿元的19个项目`).
pub fn amount(t: &[char], k: usize, figures: &[Figure], metrics: &[Option<String>]) -> Outcome {
    let Some(f) = figures.get(k) else {
        return Outcome::Skip;
    };
    let (cs, _) = span::clause(t, f.start);
    let label = span::text(t, (cs, f.start));
    if let Some((_, id)) = AMOUNT_LABELS
        .iter()
        .find(|(words, _)| any_in(&label, words))
    {
        return Outcome::Metric((*id).to_string());
    }
    if !any_in(&label, &TOTAL_LABELS) {
        return Outcome::Skip;
    }
    match counted(t, k, figures, metrics) {
        Some(projects) if label.contains("注册") => {
            Outcome::Metric(format!("{projects}_registered_capital"))
        }
        Some("signed_projects") => Outcome::Metric("signed_investment".into()),
        Some(projects) => Outcome::Metric(format!("{projects}_investment")),
        None => Outcome::Skip,
    }
}

/// The metric of the project count whose total figure `k` is.
fn counted<'m>(
    t: &[char],
    k: usize,
    figures: &[Figure],
    metrics: &'m [Option<String>],
) -> Option<&'m str> {
    let f = figures.get(k)?;
    let metric = |j: usize| metrics.get(j).and_then(|m| m.as_deref());
    let next = figures
        .get(k + 1)
        .filter(|n| n.kind == Kind::Count && n.start == f.end + 1);
    if t.get(f.end) == Some(&'的') && next.is_some() {
        return metric(k + 1);
    }
    let (ss, _) = span::sentence(t, f.start);
    (0..k)
        .rev()
        .take_while(|&j| figures.get(j).is_some_and(|g| g.start >= ss))
        .find_map(|j| {
            let g = figures.get(j)?;
            (g.kind == Kind::Count).then(|| metric(j)).flatten()
        })
}

/// A capacity or area: `capacity`/`energy_storage_capacity`, `area`, when the
/// label says what it measures. Whether a place (not a firm) holds it is
/// for the paragraph to decide.
pub fn quantity(t: &[char], f: &Figure) -> Outcome {
    let label = span::text(t, (span::clause(t, f.start).0, f.start));
    let id = match f.kind {
        Kind::Energy(_) if label.contains("储能") => "energy_storage_capacity",
        Kind::Energy(_) if any_in(&label, &["产能", "装机", "规模"]) => "capacity",
        Kind::Area(_) if label.contains("面积") => "area",
        _ => return Outcome::Skip,
    };
    Outcome::Metric(id.to_string())
}

/// A percentage, points or rank said of the sentence's subject figure:
/// `同比增长44.4%`, `占比76.4%`, `高出全省平均35.1个百分点`, `列全省第二位`.
/// A label naming its own subject (`实际使用外资同比下降3.2%`) wins.
pub fn relative(t: &[char], f: &Figure, subject: Option<&str>) -> Outcome {
    let label = span::text(t, (span::clause(t, f.start).0, f.start));
    let named = AMOUNT_LABELS
        .iter()
        .find(|(words, _)| any_in(&label, words))
        .map(|(_, id)| *id);
    let Some(subject) = named.or(subject) else {
        return Outcome::Skip;
    };
    let id = match f.kind {
        Kind::Percent if is_yoy(&label) => format!("{subject}_yoy"),
        Kind::Percent if label.contains("占比") => format!("{subject}_share"),
        Kind::Points if any_in(&label, &["高出全省", "高于全省"]) => {
            let growth = any_in(&label, &["增速", "增幅"]);
            format!(
                "{subject}{}_above_province",
                if growth { "_yoy" } else { "" }
            )
        }
        Kind::Rank if label.contains("全省") && any_in(&label, &["列", "居", "排"]) => {
            match subject {
                "fdi_actual" => "fdi_rank_province".to_string(),
                other => format!("{other}_rank_province"),
            }
        }
        _ => return Outcome::Skip,
    };
    Outcome::Metric(id)
}

/// `同比增长`, `比上年增长`, or a bare `增长`/`下降` right after the subject.
fn is_yoy(label: &str) -> bool {
    any_in(label, &YOY_LABELS) || ["增长", "增长了", "下降", "增幅"].contains(&label.trim())
}

#[cfg(test)]
mod tests {
    use super::super::scan::figures;
    use super::*;

    /// The metric of every figure of `text`, as a paragraph resolves them.
    fn metrics_of(text: &str) -> Vec<(String, String)> {
        let t: Vec<char> = text.chars().collect();
        let figs = figures(&t);
        let outcomes = super::super::para::resolve(&t, &figs);
        figs.iter()
            .zip(outcomes)
            .filter_map(|(f, o)| match o {
                Outcome::Metric(m) => Some((m, f.value.clone())),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn names_metrics() {
        let cases: &[(&str, &[(&str, &str)])] = &[
            (
                "2024年,嘉兴全年引进总投资超亿美元项目51个、10亿元以上项目101个、世界500强投资项目26个,其中总投资50亿元以上项目21个。",
                &[("projects_ge_100m_usd", "51"), ("projects_ge_1b_cny", "101"), ("fortune500_projects", "26"), ("projects_ge_5b_cny", "21")],
            ),
            ("淮安新签约亿元以上项目265个,协议引资额1249.45亿元。", &[("projects_ge_100m_cny", "265"), ("signed_investment", "1249.45亿元")]),
            ("“斩获”47个签约项目、总投资达521.87亿元。", &[("signed_projects", "47"), ("signed_investment", "521.87亿元")]),
            ("总投资118亿元的19个项目成功签约。", &[("signed_investment", "118亿元"), ("signed_projects", "19")]),
            ("有5个外资项目,总投资达4.36亿美元,注册资金总计为1.75亿美元。", &[
                ("foreign_projects", "5"),
                ("foreign_projects_investment", "4.36亿美元"),
                ("foreign_projects_registered_capital", "1.75亿美元"),
            ]),
            ("我市实际利用外资23.74亿美元,同比增长44.4%,规模列全省第二位,增速高出全省平均35.1个百分点。", &[
                ("fdi_actual", "23.74亿美元"),
                ("fdi_actual_yoy", "44.4%"),
                ("fdi_rank_province", "第2"),
                ("fdi_actual_yoy_above_province", "35.1个百分点"),
            ]),
            ("引进“135N”先进制造业项目136个,占比76.4%。", &[("advanced_manufacturing_projects", "136"), ("advanced_manufacturing_projects_share", "76.4%")]),
            ("嘉兴引进了智算中心等3个50亿元以上项目", &[]),
            ("总投资15亿元福莱特薄膜电池二期项目等11个新能源项目", &[("new_energy_projects", "11")]),
            ("其中新凤鸣、格科微、恒逸、正泰等龙头企业投资50亿元以上项目10个", &[]),
            ("主城区占19个;比去年全年多了9个", &[]),
            ("全市新开工亿元以上项目30个", &[("started_projects_ge_100m_cny", "30")]),
            ("新签约开工项目12个", &[("signed_projects", "12")]),
            ("嘉善规上工业产值首破2000亿元大关", &[("industrial_output", "超2000亿元")]),
            ("实际利用外资3.1亿美元,下降3.2%。", &[("fdi_actual", "3.1亿美元"), ("fdi_actual_yoy", "-3.2%")]),
            ("数字经济、新能源产值分别增长56%、55%", &[]),
        ];
        for (text, want) in cases {
            let want: Vec<(String, String)> = want
                .iter()
                .map(|(m, v)| (m.to_string(), v.to_string()))
                .collect();
            assert_eq!(metrics_of(text), want, "{text}");
        }
    }

    #[test]
    fn garbled_labels_are_not_mapped() {
        let t: Vec<char> = "引进世界强投资项目19个".chars().collect();
        let f = figures(&t).remove(0);
        assert!(matches!(count(&t, &f).0, Outcome::Garbled(_)));
    }

    #[test]
    fn targets_are_recognised() {
        let t: Vec<char> = "今年力争新招引11个百亿产值项目".chars().collect();
        let f = figures(&t).remove(0);
        assert!(is_target(&t, &f));
    }
}
