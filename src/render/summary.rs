//! The headline summary: a few sentences generated from the figures, each
//! citing its sources.

use super::context::Builder;
use crate::aggregate::{Cell, Row};
use crate::format::{self, Lang};

const MAX_SENTENCES: usize = 5;

/// Sentences for ranked rows first (who leads), then, for regions with no
/// ranked figure, their first figures.
pub fn sentences(b: &Builder) -> Vec<String> {
    let mut out: Vec<String> = b
        .brief
        .rows
        .iter()
        .filter(|row| row.cells.iter().filter(|c| c.rank.is_some()).count() >= 2)
        .map(|row| ranked(b, row))
        .take(MAX_SENTENCES)
        .collect();
    if out.len() < MAX_SENTENCES {
        for (i, region) in b.brief.regions.iter().enumerate() {
            let ranked_here = b.brief.rows.iter().any(|r| r.cells[i].rank.is_some());
            if ranked_here {
                continue;
            }
            // Reported figures first: they are what the sources said.
            let mut rows: Vec<&Row> = b.brief.rows.iter().collect();
            rows.sort_by_key(|row| row.cells[i].reported.is_none());
            let figures: Vec<String> = rows
                .into_iter()
                .filter_map(|row| figure(b, row, &row.cells[i]).map(|f| (row, f)))
                .take(3)
                .map(|(row, f)| format!("{}{}{}", b.metric_label(row.metric), sep(b.lang), f))
                .collect();
            if !figures.is_empty() {
                let name = b.region(*region);
                out.push(match b.lang {
                    Lang::Zh => format!("{name}：{}。", figures.join("；")),
                    Lang::En => format!("{name}: {}.", figures.join("; ")),
                });
            }
            if out.len() >= MAX_SENTENCES {
                break;
            }
        }
    }
    out
}

fn sep(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "",
        Lang::En => " ",
    }
}

/// A cell's lead figure with its period (where it differs) and citation.
fn figure(b: &Builder, row: &Row, cell: &Cell) -> Option<String> {
    let (value, period) = cell.lead()?;
    let unit = b.data.metrics.get(row.metric).unit.as_deref();
    let mut text = format::value(value, unit, b.lang);
    if b.brief.scope.period() != Some(period) {
        text = match b.lang {
            Lang::Zh => format!("{text}（{}）", super::words::period(&period, b.lang)),
            Lang::En => format!("{text} ({})", super::words::period(&period, b.lang)),
        };
    }
    let cite = match (&cell.reported, &cell.computed) {
        (Some(r), _) => b.brief.cite(r.source).map(|n| format!("[{n}]")),
        (None, Some(c)) => Some(match (b.lang, c.projects) {
            (Lang::Zh, n) => format!("（据{n}个在列项目计算）"),
            (Lang::En, 1) => " (from 1 listed project)".to_string(),
            (Lang::En, n) => format!(" (from {n} listed projects)"),
        }),
        _ => None,
    };
    Some(text + &cite.unwrap_or_default())
}

fn ranked(b: &Builder, row: &Row) -> String {
    let mut order: Vec<(u32, usize)> = row
        .cells
        .iter()
        .enumerate()
        .filter_map(|(i, c)| c.rank.map(|r| (r, i)))
        .collect();
    order.sort();
    let parts: Vec<String> = order
        .iter()
        .filter_map(|(_, i)| {
            let f = figure(b, row, &row.cells[*i])?;
            Some(format!(
                "{}{}{}",
                b.region(b.brief.regions[*i]),
                sep(b.lang),
                f
            ))
        })
        .collect();
    let label = b.metric_label(row.metric);
    let (first, rest) = parts
        .split_first()
        .map_or(("", &[][..]), |(f, r)| (f.as_str(), r));
    match b.lang {
        Lang::Zh => format!("{label}：{first}，居首；{}。", rest.join("；")),
        Lang::En => format!("{label}: {first} leads; {}.", rest.join("; ")),
    }
}
