//! Which charts a brief gets, and their data: a bar chart per compared
//! metric, the size distribution and sector split of listed projects, and a
//! time series wherever a region has a metric in two or more periods.

use super::charts::{Bar, BarChart, Chart, GroupedBarChart, LineChart, Series};
use super::context::Builder;
use crate::aggregate::{Bracket, Comparability, Rates, Row, BRACKETS};
use crate::format::{self, Lang};
use crate::model::{Currency, MetricIdx, MetricKind, Period, Qualifier, Value};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use std::collections::{BTreeMap, BTreeSet};

/// A chart with the file name it is written to (ASCII, unique in a brief).
pub struct Planned {
    pub file: String,
    pub title: String,
    pub chart: Chart,
}

pub fn plan(b: &Builder) -> Vec<Planned> {
    let mut out: Vec<Planned> = b
        .brief
        .rows
        .iter()
        .filter_map(|row| metric_bars(b, row))
        .collect();
    out.extend(size_distribution(b));
    out.extend(sector_split(b));
    out.extend(trends_unnamed(b));
    name(out)
}

/// Only the time series of a brief's metrics.
pub fn trends(b: &Builder) -> Vec<Planned> {
    name(trends_unnamed(b))
}

fn trends_unnamed(b: &Builder) -> Vec<Planned> {
    b.brief
        .rows
        .iter()
        .filter_map(|row| trend(b, row.metric))
        .collect()
}

/// Numbers the charts and gives each its file name and SVG id.
fn name(mut out: Vec<Planned>) -> Vec<Planned> {
    for (i, planned) in out.iter_mut().enumerate() {
        planned.file = format!("c{:02}-{}.svg", i + 1, planned.file);
        let id = planned.file.trim_end_matches(".svg").to_string();
        match &mut planned.chart {
            Chart::Bar(c) => c.id = id,
            Chart::Grouped(c) => c.id = id,
            Chart::Line(c) => c.id = id,
        }
    }
    out
}

/// A file-name-safe form of a metric id.
fn slug(id: &str) -> String {
    id.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .take(40)
        .collect()
}

/// How values of a row are put on one axis: money in one currency's 亿 (zh)
/// or bn (en), anything else as is.
struct Axis {
    currency: Option<Currency>,
    unit: String,
}

impl Axis {
    fn for_values(b: &Builder, metric: MetricIdx, values: &[&Value]) -> Option<Axis> {
        let kind = b.data.metrics.get(metric).kind;
        let currencies: BTreeSet<Currency> = values
            .iter()
            .filter_map(|v| match v {
                Value::Amount(a) => Some(a.currency),
                _ => None,
            })
            .collect();
        let currency = match currencies.len() {
            0 => None,
            1 => currencies.into_iter().next(),
            _ => Some(Currency::Cny),
        };
        if let Some(c) = currency {
            // Mixed currencies need a rate for every one of them.
            let rates = Rates::new(b.data);
            if values
                .iter()
                .any(|v| matches!(v, Value::Amount(a) if rates.convert(a, c).is_none()))
            {
                return None;
            }
        }
        let unit = match (kind, currency, b.lang) {
            (MetricKind::Money, Some(c), Lang::Zh) => format!("亿{}", money_word(c)),
            (MetricKind::Money, Some(c), Lang::En) => format!("{} bn", c.code()),
            (MetricKind::Count, _, Lang::Zh) => "个".to_string(),
            (MetricKind::Count, _, Lang::En) => "number".to_string(),
            (MetricKind::Percent, _, _) => "%".to_string(),
            (MetricKind::Points, _, Lang::Zh) => "个百分点".to_string(),
            (MetricKind::Points, _, Lang::En) => "percentage points".to_string(),
            _ => b.data.metrics.get(metric).unit.clone().unwrap_or_default(),
        };
        Some(Axis { currency, unit })
    }

    fn number(&self, b: &Builder, value: &Value) -> Option<f64> {
        let d = match (value, self.currency) {
            (Value::Amount(a), Some(c)) => {
                let scale = if b.lang == Lang::Zh {
                    100_000_000
                } else {
                    1_000_000_000
                };
                Rates::new(b.data).convert(a, c)? / Decimal::from(scale)
            }
            (Value::Count(c), _) => Decimal::from(c.number),
            (Value::Percent(p), _) => p.number,
            (Value::Points(p), _) => p.number,
            (Value::Quantity(q), _) => q.number,
            _ => return None,
        };
        d.to_f64()
    }
}

fn money_word(c: Currency) -> &'static str {
    match c {
        Currency::Cny => "元",
        Currency::Usd => "美元",
        Currency::Eur => "欧元",
    }
}

/// The label of a value on a chart: its mark (>, ≥, ~) and the figure.
fn value_text(b: &Builder, metric: MetricIdx, v: &Value) -> String {
    let unit = b.data.metrics.get(metric).unit.as_deref();
    // The chart shows the qualifier as a mark (≥, >, ≈), not in words.
    let mark = format::qualifier_mark(v.qualifier());
    let plain = v.with_qualifier(Qualifier::Exact);
    let mut text = format::value(&plain, unit, b.lang);
    text.insert_str(0, mark);
    text
}

fn describe(b: &Builder, parts: &[String]) -> String {
    let sep = if b.lang == Lang::Zh { "；" } else { "; " };
    parts.join(sep)
}

fn metric_bars(b: &Builder, row: &Row) -> Option<Planned> {
    let metric = b.data.metrics.get(row.metric);
    let comparable = !row.notes.iter().any(Comparability::blocks_comparison);
    let leads: Vec<(usize, &Value)> = row
        .cells
        .iter()
        .enumerate()
        .filter_map(|(i, c)| c.lead().map(|(v, _)| (i, v)))
        .collect();
    // One chart, one definition: reported and computed figures never share an axis.
    let reported = row.cells.iter().filter(|c| c.reported.is_some()).count();
    let one_definition = reported == 0 || reported == leads.len();
    if !comparable || !one_definition || leads.len() < 2 || metric.kind == MetricKind::Rank {
        return None;
    }
    let values: Vec<&Value> = leads.iter().map(|(_, v)| *v).collect();
    let axis = Axis::for_values(b, row.metric, &values)?;
    let bars: Vec<Bar> = leads
        .iter()
        .filter_map(|(i, v)| {
            Some(Bar {
                label: b.region(b.brief.regions[*i]),
                value: axis.number(b, v)?,
                text: value_text(b, row.metric, v),
                colour: *i,
            })
        })
        .collect();
    let computed = reported == 0;
    let basis = match (computed, b.lang) {
        (false, _) => "",
        (true, Lang::Zh) => "，据在列项目计算",
        (true, Lang::En) => ", from listed projects",
    };
    let title = format!("{}（{}{basis}）", metric.label(b.lang), b.period_label());
    let title = if b.lang == Lang::En {
        title.replace('（', " (").replace('）', ")")
    } else {
        title
    };
    let description = describe(
        b,
        &bars
            .iter()
            .map(|x| format!("{} {}", x.label, x.text))
            .collect::<Vec<_>>(),
    );
    Some(Planned {
        file: slug(&metric.id),
        title: title.clone(),
        chart: Chart::Bar(BarChart {
            id: String::new(),
            title,
            description,
            unit: axis.unit,
            bars,
        }),
    })
}

fn bracket_label(b: Bracket, lang: Lang) -> &'static str {
    match (b, lang) {
        (Bracket::Below100m, Lang::Zh) => "1亿元以下",
        (Bracket::From100m, Lang::Zh) => "1亿–10亿元",
        (Bracket::From1b, Lang::Zh) => "10亿–50亿元",
        (Bracket::From5b, Lang::Zh) => "50亿元及以上",
        (Bracket::NoAmount, Lang::Zh) => "未注明金额",
        (Bracket::NotConverted, Lang::Zh) => "外币（未折算）",
        (Bracket::Below100m, Lang::En) => "< CNY 0.1 bn",
        (Bracket::From100m, Lang::En) => "CNY 0.1–1 bn",
        (Bracket::From1b, Lang::En) => "CNY 1–5 bn",
        (Bracket::From5b, Lang::En) => "≥ CNY 5 bn",
        (Bracket::NoAmount, Lang::En) => "no amount",
        (Bracket::NotConverted, Lang::En) => "other currency",
    }
}

fn count_unit(lang: Lang) -> String {
    if lang == Lang::Zh {
        "项目数（个）"
    } else {
        "projects"
    }
    .to_string()
}

/// One series per region that has listed projects.
fn series_of(b: &Builder, values: impl Fn(usize) -> Vec<usize>) -> Vec<Series> {
    (0..b.brief.regions.len())
        .filter(|i| b.brief.projects[*i].count > 0)
        .map(|i| {
            let counts = values(i);
            // In "latest" each region's projects may cover another period.
            let period = match (b.brief.scope, b.brief.projects[i].period) {
                (crate::aggregate::Scope::Latest, Some(p)) => format!(
                    "{}{}{}",
                    super::words::strings(b.lang)["open"],
                    super::words::period(&p, b.lang),
                    super::words::strings(b.lang)["close"]
                ),
                _ => String::new(),
            };
            Series {
                name: b.region(b.brief.regions[i]) + &period,
                colour: i,
                texts: counts.iter().map(|n| n.to_string()).collect(),
                values: counts.iter().map(|n| Some(*n as f64)).collect(),
            }
        })
        .collect()
}

fn grouped(
    b: &Builder,
    file: &str,
    title: String,
    categories: Vec<String>,
    series: Vec<Series>,
) -> Planned {
    let description = describe(
        b,
        &series
            .iter()
            .map(|s| {
                let parts: Vec<String> = categories
                    .iter()
                    .zip(&s.texts)
                    .map(|(c, t)| [c.as_str(), " ", t].concat())
                    .collect();
                [s.name.as_str(), ": ", &parts.join(", ")].concat()
            })
            .collect::<Vec<_>>(),
    );
    Planned {
        file: file.to_string(),
        title: title.clone(),
        chart: Chart::Grouped(GroupedBarChart {
            id: String::new(),
            title,
            description,
            unit: count_unit(b.lang),
            categories,
            series,
        }),
    }
}

fn size_distribution(b: &Builder) -> Option<Planned> {
    let stats = &b.brief.projects;
    if stats.iter().all(|s| s.count == 0) {
        return None;
    }
    let shown: Vec<Bracket> = BRACKETS
        .iter()
        .copied()
        .filter(|br| {
            matches!(
                br,
                Bracket::Below100m | Bracket::From100m | Bracket::From1b | Bracket::From5b
            ) || stats
                .iter()
                .any(|s| s.brackets.iter().any(|(k, n)| k == br && *n > 0))
        })
        .collect();
    let categories = shown
        .iter()
        .map(|br| bracket_label(*br, b.lang).to_string())
        .collect();
    let series = series_of(b, |i| {
        shown
            .iter()
            .map(|br| {
                stats[i]
                    .brackets
                    .iter()
                    .find(|(k, _)| k == br)
                    .map_or(0, |(_, n)| *n)
            })
            .collect()
    });
    let title = match b.lang {
        Lang::Zh => format!("在列项目投资规模分布（{}）", b.period_label()),
        Lang::En => format!("Listed projects by size ({})", b.period_label()),
    };
    Some(grouped(b, "project-sizes", title, categories, series))
}

const SECTORS_SHOWN: usize = 8;

fn sector_split(b: &Builder) -> Option<Planned> {
    let mut totals: BTreeMap<String, usize> = BTreeMap::new();
    let unknown = super::words::strings(b.lang)["unknown"].to_string();
    for s in &b.brief.projects {
        for (k, n) in &s.sectors {
            *totals
                .entry(k.clone().unwrap_or_else(|| unknown.clone()))
                .or_default() += n;
        }
    }
    if totals.is_empty() {
        return None;
    }
    let mut sectors: Vec<(String, usize)> = totals.into_iter().collect();
    sectors.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    sectors.truncate(SECTORS_SHOWN);
    let categories: Vec<String> = sectors.into_iter().map(|(k, _)| k).collect();
    let series = series_of(b, |i| {
        categories
            .iter()
            .map(|c| {
                b.brief.projects[i]
                    .sectors
                    .iter()
                    .find(|(k, _)| k.clone().unwrap_or_else(|| unknown.clone()) == *c)
                    .map_or(0, |(_, n)| *n)
            })
            .collect()
    });
    let title = match b.lang {
        Lang::Zh => format!("在列项目行业分布（{}）", b.period_label()),
        Lang::En => format!("Listed projects by sector ({})", b.period_label()),
    };
    Some(grouped(b, "sectors", title, categories, series))
}

/// The shape of a period, so that only like periods share a time axis.
fn shape(p: &Period) -> u8 {
    match p {
        Period::Year(_) => 0,
        Period::Half { .. } => 1,
        Period::Quarter { .. } => 2,
        Period::Month(_) => 3,
        Period::Months { .. } => 4,
        Period::Day(_) => 5,
    }
}

fn trend(b: &Builder, metric: MetricIdx) -> Option<Planned> {
    let m = b.data.metrics.get(metric);
    if m.kind == MetricKind::Rank {
        return None;
    }
    let end = b.brief.scope.period().map(|p| p.last_day());
    // (region position, period) → value, for reported figures up to the brief's end.
    let mut points: BTreeMap<(usize, Period), Value> = BTreeMap::new();
    // The metric first: it rules out most indicators at once.
    for ind in b.data.indicators.iter().filter(|i| i.metric == metric) {
        let Some(pos) = b.brief.regions.iter().position(|r| *r == ind.region) else {
            continue;
        };
        if ind.is_event_tally() || end.is_some_and(|e| ind.period.last_day() > e) {
            continue;
        }
        points.insert((pos, ind.period), ind.value);
    }
    // The period shape with the most points, needing two periods in one region.
    let mut by_shape: BTreeMap<u8, BTreeSet<Period>> = BTreeMap::new();
    for (_, p) in points.keys() {
        by_shape.entry(shape(p)).or_default().insert(*p);
    }
    let (best, periods) = by_shape
        .into_iter()
        .max_by_key(|(s, ps)| (ps.len(), std::cmp::Reverse(*s)))?;
    let enough = (0..b.brief.regions.len()).any(|i| {
        points
            .keys()
            .filter(|(r, p)| *r == i && shape(p) == best)
            .count()
            >= 2
    });
    if !enough {
        return None;
    }
    let periods: Vec<Period> = periods.into_iter().collect();
    let values: Vec<&Value> = points
        .iter()
        .filter(|((_, p), _)| shape(p) == best)
        .map(|(_, v)| v)
        .collect();
    let axis = Axis::for_values(b, metric, &values)?;
    let series: Vec<Series> = (0..b.brief.regions.len())
        .filter(|i| points.keys().any(|(r, p)| r == i && shape(p) == best))
        .map(|i| {
            let vals: Vec<Option<&Value>> = periods.iter().map(|p| points.get(&(i, *p))).collect();
            Series {
                name: b.region(b.brief.regions[i]),
                colour: i,
                values: vals
                    .iter()
                    .map(|v| v.and_then(|v| axis.number(b, v)))
                    .collect(),
                texts: vals
                    .iter()
                    .map(|v| v.map(|v| value_text(b, metric, v)).unwrap_or_default())
                    .collect(),
            }
        })
        .collect();
    let x_labels: Vec<String> = periods
        .iter()
        .map(|p| super::words::period(p, b.lang))
        .collect();
    let title = match b.lang {
        Lang::Zh => format!("{}走势", m.label(b.lang)),
        Lang::En => format!("{}: trend", m.label(b.lang)),
    };
    let description = describe(
        b,
        &series
            .iter()
            .map(|s| {
                let parts: Vec<String> = x_labels
                    .iter()
                    .zip(&s.texts)
                    .filter(|(_, t)| !t.is_empty())
                    .map(|(x, t)| [x.as_str(), " ", t].concat())
                    .collect();
                [s.name.as_str(), ": ", &parts.join(", ")].concat()
            })
            .collect::<Vec<_>>(),
    );
    Some(Planned {
        file: format!("trend-{}", slug(&m.id)),
        title: title.clone(),
        chart: Chart::Line(LineChart {
            id: String::new(),
            title,
            description,
            unit: axis.unit,
            x_labels,
            series,
        }),
    })
}
