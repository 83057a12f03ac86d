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

use crate::error::Problem;
use crate::model::Regions;
use std::path::{Component, Path};

impl Config {
    /// Reads `citybrief.toml`; an unknown key or a bad value is an error
    /// naming its line.
    #[allow(clippy::result_large_err)] // the signature the rest of the crate calls
    pub fn from_toml(text: &str, file: &str) -> Result<Config, Problem> {
        toml::from_str(text).map_err(|e| {
            let problem = Problem::error(file, e.message().trim().to_string())
                .expected("the keys title, regions, languages, templates, exchange_rates, exchange_rate_source");
            match e.span() {
                Some(span) => {
                    let line = text[..span.start.min(text.len())].matches('\n').count() + 1;
                    problem
                        .at_line(line as u64)
                        .with_text(text.lines().nth(line - 1).unwrap_or_default().trim())
                }
                None => problem,
            }
        })
    }

    /// The checks that need the regions: every compared region resolves;
    /// rates are for USD and EUR and positive; `templates` stays inside
    /// the dataset folder. `text` is the file, to name lines.
    pub fn check(&self, regions: Option<&Regions>, text: &str, file: &str) -> Vec<Problem> {
        let at = |key: &str, needle: &str, message: String| {
            let problem = Problem::error(file, message)
                .in_column(key)
                .with_text(needle);
            match line_of(text, needle).or_else(|| line_of(text, key)) {
                Some(line) => problem.at_line(line),
                None => problem,
            }
        };
        let mut out = Vec::new();
        for reference in self.regions.iter().flatten() {
            if let Some(Err(why)) = regions.map(|r| r.resolve(reference)) {
                let fault = crate::ingest::unresolved(why);
                out.push(at("regions", reference, fault.message).expected(fault.expected));
            }
        }
        for (currency, rate) in &self.exchange_rates {
            let known = matches!(currency.as_str(), "USD" | "EUR")
                || (currency == "CNY" && *rate == Decimal::ONE);
            if !known {
                out.push(
                    at(
                        "exchange_rates",
                        currency,
                        format!("no exchange rate for {currency}"),
                    )
                    .expected("USD or EUR (CNY is always 1)"),
                );
            } else if *rate <= Decimal::ZERO {
                out.push(
                    at(
                        "exchange_rates",
                        currency,
                        format!("the rate {rate} is not positive"),
                    )
                    .expected("CNY per one unit of the currency, such as USD = 7.2"),
                );
            }
        }
        if let Some(templates) = self.templates.as_deref().filter(|t| !inside(t)) {
            out.push(
                at(
                    "templates",
                    templates,
                    "the template folder is outside the dataset folder".into(),
                )
                .expected("a relative path inside the dataset folder, such as templates"),
            );
        }
        out
    }
}

/// A relative path that does not climb out of its folder.
fn inside(path: &str) -> bool {
    let components: Vec<Component<'_>> = Path::new(path).components().collect();
    !components.is_empty()
        && components
            .iter()
            .all(|c| matches!(c, Component::Normal(_) | Component::CurDir))
}

/// The first line (1-based) that holds `needle`.
fn line_of(text: &str, needle: &str) -> Option<u64> {
    text.lines()
        .position(|line| line.contains(needle))
        .map(|i| i as u64 + 1)
}
