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
    /// Where `build` writes when `--out` is not given, relative to the
    /// dataset folder (the contract's `output/` under the current folder
    /// when neither is given).
    pub output: Option<String>,
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
            let mut problem = Problem::error(file, e.message().trim().to_string());
            if e.message().contains("unknown field") {
                problem = problem.expected(
                    "the keys title, regions, languages, templates, output, exchange_rates, exchange_rate_source",
                );
            }
            let Some(span) = e.span() else {
                return problem;
            };
            let before = &text.as_bytes()[..span.start.min(text.len())];
            let line = before.iter().filter(|b| **b == b'\n').count() + 1;
            let written = text.lines().nth(line - 1).unwrap_or_default().trim();
            problem.at_line(line as u64).with_text(written)
        })
    }

    /// The checks that need the regions: every compared region resolves;
    /// rates are for USD and EUR and positive; `templates` stays inside
    /// the dataset folder. `text` is the file, to name lines.
    pub fn check(&self, regions: Option<&Regions>, text: &str, file: &str) -> Vec<Problem> {
        let at = |key: &str, line: Option<u64>, written: &str, message: String| {
            let problem = Problem::error(file, message)
                .in_column(key)
                .with_text(written);
            match line.or_else(|| line_of_key(text, key)) {
                Some(line) => problem.at_line(line),
                None => problem,
            }
        };
        let mut out = Vec::new();
        for reference in self.regions.iter().flatten() {
            if let Some(Err(why)) = regions.map(|r| r.resolve(reference)) {
                let fault = crate::ingest::unresolved(why);
                let line = line_of_string(text, reference);
                out.push(at("regions", line, reference, fault.message).expected(fault.expected));
            }
        }
        for (currency, rate) in &self.exchange_rates {
            let line = line_of_key(text, currency);
            let known = matches!(currency.as_str(), "USD" | "EUR")
                || (currency == "CNY" && *rate == Decimal::ONE);
            if !known {
                let message = format!("no exchange rate is used for {currency}");
                out.push(
                    at("exchange_rates", line, currency, message)
                        .expected("USD or EUR (CNY is always 1)"),
                );
            } else if *rate < Decimal::new(1, 3) || *rate > Decimal::ONE_THOUSAND {
                // Bounded so that no amount (at most 1e15) converted, summed
                // or divided by a rate can overflow.
                let message = format!("the rate {rate} is not between 0.001 and 1000");
                out.push(
                    at("exchange_rates", line, currency, message)
                        .expected("CNY per one unit of the currency, such as USD = 7.2"),
                );
            }
        }
        if let Some(templates) = self.templates.as_deref().filter(|t| !inside(t)) {
            let message = "the template folder is outside the dataset folder".to_string();
            out.push(
                at("templates", None, templates, message)
                    .expected("a relative path inside the dataset folder, such as templates"),
            );
        }
        if self.output.as_deref().is_some_and(|o| o.trim().is_empty()) {
            let message = "the output folder is empty".to_string();
            out.push(
                at("output", None, "", message)
                    .expected("a folder, relative to the dataset folder, such as ../site"),
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

/// The line (1-based) where `key = …` is set.
fn line_of_key(text: &str, key: &str) -> Option<u64> {
    line_where(text, |line| {
        let rest = line.trim_start().trim_start_matches(['"', '\'']);
        rest.strip_prefix(key).is_some_and(|r| {
            r.trim_start_matches(['"', '\''])
                .trim_start()
                .starts_with('=')
        })
    })
}

/// The line (1-based) that holds the quoted string `value`.
fn line_of_string(text: &str, value: &str) -> Option<u64> {
    let (double, single) = (format!("\"{value}\""), format!("'{value}'"));
    line_where(text, |line| {
        line.contains(&double) || line.contains(&single)
    })
}

fn line_where(text: &str, found: impl Fn(&str) -> bool) -> Option<u64> {
    text.lines().position(found).map(|i| i as u64 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_are_bounded_so_that_conversions_cannot_overflow() {
        for (rate, ok) in [
            ("7.2", true),
            ("0.001", true),
            ("1000", true),
            ("0", false),
            ("-7.2", false),
            ("0.0000000001", false),
            ("7922816251426433759354395033.5", false),
        ] {
            let text = format!("[exchange_rates]\nUSD = {rate}\n");
            let problems = match Config::from_toml(&text, "citybrief.toml") {
                Ok(config) => config.check(None, &text, "citybrief.toml"),
                Err(problem) => vec![problem],
            };
            assert_eq!(problems.is_empty(), ok, "{rate}: {problems:?}");
        }
    }
}
