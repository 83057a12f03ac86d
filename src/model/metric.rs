//! The metric catalogue: the built-in ids of the contract plus a dataset's
//! `metrics.csv`.

use super::value::MetricKind;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct MetricIdx(pub u32);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Better {
    Higher,
    Lower,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Metric {
    pub id: String,
    pub label_zh: String,
    pub label_en: String,
    pub kind: MetricKind,
    /// The unit of `area` and `energy` values (`平方公里`, `GWh`).
    pub unit: Option<String>,
    pub better: Option<Better>,
}

impl Metric {
    pub fn label(&self, lang: crate::format::Lang) -> &str {
        match lang {
            crate::format::Lang::Zh => &self.label_zh,
            crate::format::Lang::En => &self.label_en,
        }
    }
}

/// The ids computed from projects, in the order a brief lists them.
pub const COMPUTED: [&str; 8] = [
    "signed_projects",
    "signed_investment",
    "projects_ge_100m_cny",
    "projects_ge_1b_cny",
    "projects_ge_5b_cny",
    "projects_ge_100m_usd",
    "fortune500_projects",
    "foreign_projects",
];

const BUILTIN: [(&str, &str, &str, MetricKind); 12] = [
    (
        "signed_projects",
        "签约项目数",
        "Signed projects",
        MetricKind::Count,
    ),
    (
        "signed_investment",
        "签约项目总投资",
        "Investment of signed projects",
        MetricKind::Money,
    ),
    (
        "projects_ge_100m_cny",
        "亿元以上项目数",
        "Projects of CNY 100 mn or more",
        MetricKind::Count,
    ),
    (
        "projects_ge_1b_cny",
        "10亿元以上项目数",
        "Projects of CNY 1 bn or more",
        MetricKind::Count,
    ),
    (
        "projects_ge_5b_cny",
        "50亿元以上项目数",
        "Projects of CNY 5 bn or more",
        MetricKind::Count,
    ),
    (
        "projects_ge_100m_usd",
        "超亿美元项目数",
        "Projects of over US$ 100 mn",
        MetricKind::Count,
    ),
    (
        "fortune500_projects",
        "世界500强投资项目数",
        "Fortune Global 500 projects",
        MetricKind::Count,
    ),
    (
        "foreign_projects",
        "外资项目数",
        "Foreign-invested projects",
        MetricKind::Count,
    ),
    (
        "fdi_actual",
        "实际利用外资",
        "Foreign direct investment, actual use",
        MetricKind::Money,
    ),
    (
        "fdi_actual_yoy",
        "实际利用外资同比增长",
        "FDI actual use, year-on-year growth",
        MetricKind::Percent,
    ),
    (
        "fdi_rank_province",
        "实际利用外资全省排名",
        "FDI rank in the province",
        MetricKind::Rank,
    ),
    (
        "industrial_output",
        "规上工业产值",
        "Output of industry above designated size",
        MetricKind::Money,
    ),
];

#[derive(Debug, Clone)]
pub struct Catalogue {
    metrics: Vec<Metric>,
}

impl Default for Catalogue {
    fn default() -> Self {
        Self::builtin()
    }
}

impl Catalogue {
    pub fn builtin() -> Catalogue {
        let metrics = BUILTIN
            .iter()
            .map(|(id, zh, en, kind)| Metric {
                id: (*id).to_string(),
                label_zh: (*zh).to_string(),
                label_en: (*en).to_string(),
                kind: *kind,
                unit: None,
                better: Some(if *id == "fdi_rank_province" {
                    Better::Lower
                } else {
                    Better::Higher
                }),
            })
            .collect();
        Catalogue { metrics }
    }

    pub fn is_builtin(id: &str) -> bool {
        BUILTIN.iter().any(|(b, ..)| *b == id)
    }

    pub fn add(&mut self, metric: Metric) -> MetricIdx {
        self.metrics.push(metric);
        MetricIdx(self.metrics.len() as u32 - 1)
    }

    pub fn find(&self, id: &str) -> Option<MetricIdx> {
        self.metrics
            .iter()
            .position(|m| m.id == id)
            .map(|i| MetricIdx(i as u32))
    }

    pub fn get(&self, idx: MetricIdx) -> &Metric {
        &self.metrics[idx.0 as usize]
    }

    pub fn iter(&self) -> impl Iterator<Item = (MetricIdx, &Metric)> {
        self.metrics
            .iter()
            .enumerate()
            .map(|(i, m)| (MetricIdx(i as u32), m))
    }
}
