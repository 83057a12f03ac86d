//! `citybrief.toml`: read strictly, so that a typo is an error naming its line.

use crate::format::Lang;
use rust_decimal::Decimal;
use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub title: Option<String>,
    /// Compared regions, in this order (any form of reference).
    pub regions: Option<Vec<String>>,
    pub languages: Option<Vec<Lang>>,
    /// A folder of template overrides, relative to the dataset folder.
    pub templates: Option<String>,
    /// CNY per one unit of the currency (`USD = 7.2`).
    #[serde(default)]
    pub exchange_rates: BTreeMap<String, Decimal>,
    /// Where the rates come from, shown beside every converted figure.
    pub exchange_rate_source: Option<String>,
}
