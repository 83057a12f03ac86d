//! The built-in dataset of the seed articles, embedded at compile time.

use super::files::Files;

const FILES: [(&str, &str); 6] = [
    ("regions.csv", include_str!("../../data/regions.csv")),
    ("sources.csv", include_str!("../../data/sources.csv")),
    ("indicators.csv", include_str!("../../data/indicators.csv")),
    ("projects.csv", include_str!("../../data/projects.csv")),
    ("metrics.csv", include_str!("../../data/metrics.csv")),
    ("citybrief.toml", include_str!("../../data/citybrief.toml")),
];

pub fn files() -> Files {
    Files {
        entries: FILES
            .iter()
            .map(|(name, text)| ((*name).to_string(), text.as_bytes().to_vec()))
            .collect(),
        problems: Vec::new(),
    }
}
