//! Horizontal bar charts. A plain bar chart is a grouped chart whose groups
//! hold one bar each, so both go through [`draw_bars`].

use super::canvas::{
    self, colour, label, Align, Drawing, Failure, Plot, Root, Swatch, MARGIN, TITLE_H, WIDTH,
};
use super::text::{fit, text_width};
use super::{BarChart, GroupedBarChart};
use plotters::prelude::*;

const LABEL_PX: f64 = 13.0;
const VALUE_PX: f64 = 12.0;
/// Height of the tick-label strip under the plot and of the unit line below it.
const TICK_H: i32 = 26;
const UNIT_H: i32 = 24;
/// Space kept free right of the plot so the last tick label is not cut.
const RIGHT_PAD: i32 = 24;
/// Gap between a bar's end and its value label.
const TEXT_GAP: f64 = 6.0;

/// One bar inside a group.
struct Row<'a> {
    value: Option<f64>,
    text: &'a str,
    colour: usize,
}

/// A labelled band of bars on the category axis.
struct Group<'a> {
    label: &'a str,
    rows: Vec<Row<'a>>,
}

/// Bar thickness and the gaps within and between groups, in px.
struct Spacing {
    bar: i32,
    inner: i32,
    between: i32,
}

impl Spacing {
    fn group_height(&self, rows: usize) -> i32 {
        let rows = rows as i32;
        rows * self.bar + (rows - 1) * self.inner + self.between
    }
}

pub fn bar_chart(chart: &BarChart) -> Result<Drawing, Failure> {
    let groups: Vec<Group> = chart
        .bars
        .iter()
        .map(|b| Group {
            label: &b.label,
            rows: vec![Row {
                value: Some(b.value),
                text: &b.text,
                colour: b.colour,
            }],
        })
        .collect();
    let spacing = Spacing {
        bar: 24,
        inner: 0,
        between: 12,
    };
    // Each bar is labelled on the axis, so its colour needs no legend.
    draw_bars(&chart.title, &chart.unit, &groups, &spacing, &[])
}

pub fn grouped_chart(chart: &GroupedBarChart) -> Result<Drawing, Failure> {
    let groups: Vec<Group> = chart
        .categories
        .iter()
        .enumerate()
        .map(|(i, category)| Group {
            label: category,
            rows: chart
                .series
                .iter()
                .map(|s| Row {
                    value: s.values[i],
                    text: s.texts.get(i).map_or("", String::as_str),
                    colour: s.colour,
                })
                .collect(),
        })
        .collect();
    // Thinner bars when many regions share a group, so 12 × 8 stays readable.
    let bar = if chart.series.len() > 4 { 15 } else { 18 };
    let spacing = Spacing {
        bar,
        inner: 2,
        between: 16,
    };
    let legend: Vec<(&str, usize)> = chart
        .series
        .iter()
        .map(|s| (s.name.as_str(), s.colour))
        .collect();
    draw_bars(&chart.title, &chart.unit, &groups, &spacing, &legend)
}

/// Pixel geometry of a bar chart.
struct Layout {
    label_area: i32,
    plot_left: i32,
    plot_width: i32,
    plot_height: i32,
    height: u32,
}

fn layout(groups: &[Group], spacing: &Spacing, legend: &[(&str, usize)]) -> Layout {
    let longest = groups
        .iter()
        .map(|g| text_width(g.label, LABEL_PX))
        .fold(0.0, f64::max);
    // Cap the label column at 35% of the width; longer names are cut with "…".
    let cap = f64::from(WIDTH) * 0.35;
    let label_area = (longest + 14.0).clamp(40.0, cap).ceil() as i32;
    let plot_left = MARGIN + label_area;
    let plot_height: i32 = groups
        .iter()
        .map(|g| spacing.group_height(g.rows.len()))
        .sum();
    let names: Vec<&str> = legend.iter().map(|(n, _)| *n).collect();
    let height = TITLE_H + plot_height + TICK_H + UNIT_H + canvas::legend_height(&names) + MARGIN;
    Layout {
        label_area,
        plot_left,
        plot_width: WIDTH as i32 - MARGIN - RIGHT_PAD - plot_left,
        plot_height,
        height: height as u32,
    }
}

/// The value axis range: from min(0, min) to max(0, max), widened so every
/// value label fits beside its bar (right of positive bars, left of negative).
fn value_range(groups: &[Group], plot_width: i32) -> (f64, f64) {
    let rows = groups.iter().flat_map(|g| &g.rows);
    let values: Vec<f64> = rows.clone().filter_map(|r| r.value).collect();
    let lo = values.iter().copied().fold(0.0, f64::min);
    let hi = values.iter().copied().fold(0.0, f64::max);
    let hi = if hi > lo { hi } else { lo + 1.0 };
    let pad = |negative: bool| {
        rows.clone()
            .filter(|r| r.value.is_some_and(|v| v < 0.0) == negative && !r.text.is_empty())
            .map(|r| text_width(r.text, VALUE_PX) + TEXT_GAP + 2.0)
            .fold(0.0, f64::max)
    };
    let (pad_left, pad_right) = (pad(true), pad(false));
    // Keep at least 40% of the width for the bars themselves.
    let width = f64::from(plot_width);
    let bars_px = (width - pad_left - pad_right).max(width * 0.4);
    let per_px = (hi - lo) / bars_px;
    // A little air on a side without labels, so bars do not touch the frame.
    let air = (hi - lo) * 0.03;
    let lo = if lo < 0.0 {
        lo - (pad_left * per_px).max(air)
    } else {
        lo
    };
    (lo, hi + (pad_right * per_px).max(air))
}

fn draw_bars(
    title: &str,
    unit: &str,
    groups: &[Group],
    spacing: &Spacing,
    legend: &[(&str, usize)],
) -> Result<Drawing, Failure> {
    let geo = layout(groups, spacing, legend);
    let (lo, hi) = value_range(groups, geo.plot_width);
    canvas::svg(geo.height, |root| {
        canvas::title(root, title)?;
        let area = root.clone().shrink(
            (geo.plot_left, TITLE_H),
            (geo.plot_width, geo.plot_height + TICK_H),
        );
        let plot_h = f64::from(geo.plot_height);
        let mut chart = ChartBuilder::on(&area)
            .x_label_area_size(TICK_H)
            .build_cartesian_2d(lo..hi, 0.0..plot_h)?;
        let values = groups.iter().flat_map(|g| &g.rows).filter_map(|r| r.value);
        canvas::value_mesh(&mut chart, canvas::ValueAxis::X, canvas::all_whole(values))?;
        canvas::zero_line(&chart, canvas::ValueAxis::X)?;
        let mut top = 0;
        for group in groups {
            draw_group(root, &chart, group, spacing, top, &geo)?;
            top += spacing.group_height(group.rows.len());
        }
        let unit_y = TITLE_H + geo.plot_height + TICK_H + UNIT_H / 2;
        label(
            root,
            unit,
            (geo.plot_left + geo.plot_width / 2, unit_y),
            LABEL_PX,
            Align::Centre,
        )?;
        canvas::legend(root, unit_y + UNIT_H / 2, legend, Swatch::Square)
    })
}

/// Draws one group's bars, value labels and category label; `top` is the
/// group's offset below the top of the plot in px.
fn draw_group(
    root: &Root,
    chart: &Plot,
    group: &Group,
    spacing: &Spacing,
    top: i32,
    geo: &Layout,
) -> Result<(), Failure> {
    let plot_h = f64::from(geo.plot_height);
    let first_top = top + spacing.between / 2;
    for (r, row) in group.rows.iter().enumerate() {
        let bar_top = first_top + r as i32 * (spacing.bar + spacing.inner);
        // Chart y runs upwards from the bottom of the plot.
        let (y_top, y_bottom) = (
            plot_h - f64::from(bar_top),
            plot_h - f64::from(bar_top + spacing.bar),
        );
        if let Some(v) = row.value {
            let fill = colour(row.colour).filled();
            chart.plotting_area().draw(&Rectangle::new(
                [(v.min(0.0), y_bottom), (v.max(0.0), y_top)],
                fill,
            ))?;
        }
        if !row.text.is_empty() {
            let v = row.value.unwrap_or(0.0);
            let (x, y) = chart.backend_coord(&(v, (y_top + y_bottom) / 2.0));
            let (x, align) = if v < 0.0 {
                (x - TEXT_GAP as i32, Align::Right)
            } else {
                (x + TEXT_GAP as i32, Align::Left)
            };
            label(root, row.text, (x, y), VALUE_PX, align)?;
        }
    }
    let centre = TITLE_H + top + spacing.group_height(group.rows.len()) / 2;
    let (text, px) = fit(group.label, LABEL_PX, 10.0, f64::from(geo.label_area - 12));
    label(root, &text, (geo.plot_left - 8, centre), px, Align::Right)
}
