//! Line charts: one line per series over periods, with markers, value
//! labels that avoid each other, and a legend below the plot.

use super::canvas::{
    self, colour, label, Align, Drawing, Failure, Plot, Root, Swatch, MARGIN, TITLE_H, WIDTH,
};
use super::text::{fit, text_width, tick_label};
use super::{LineChart, Series};
use plotters::prelude::*;

const PLOT_H: i32 = 300;
/// Line above the plot holding the unit (horizontal: rotated CJK reads badly).
const UNIT_H: i32 = 24;
const X_LABEL_H: i32 = 30;
const RIGHT_PAD: i32 = 16;
const LABEL_PX: f64 = 13.0;
const VALUE_PX: f64 = 12.0;
/// Vertical distance between stacked value labels.
const LABEL_STEP: i32 = 15;
/// Beyond this many series, only each line's newest point is labelled;
/// labelling every point would bury the lines.
const LABEL_ALL_MAX_SERIES: usize = 3;

pub fn line_chart(chart: &LineChart) -> Result<Drawing, Failure> {
    let names: Vec<&str> = chart.series.iter().map(|s| s.name.as_str()).collect();
    let plot_top = TITLE_H + UNIT_H;
    let legend_top = plot_top + PLOT_H + X_LABEL_H;
    let height = legend_top + canvas::legend_height(&names) + MARGIN;
    let (lo, hi) = value_range(&chart.series);
    let axis_w = (text_width(&tick_label(hi), 12.0).max(text_width(&tick_label(lo), 12.0)) + 24.0)
        .ceil() as i32;
    let n = chart.x_labels.len() as f64;
    canvas::svg(height as u32, |root| {
        canvas::title(root, &chart.title)?;
        label(
            root,
            &chart.unit,
            (MARGIN, TITLE_H + UNIT_H / 2),
            LABEL_PX,
            Align::Left,
        )?;
        let size = (
            WIDTH as i32 - 2 * MARGIN - right_pad(&chart.series),
            PLOT_H + X_LABEL_H,
        );
        let area = root.clone().shrink((MARGIN, plot_top), size);
        let mut plot = ChartBuilder::on(&area)
            .y_label_area_size(axis_w)
            .x_label_area_size(X_LABEL_H)
            .build_cartesian_2d(-0.5..n - 0.5, lo..hi)?;
        let values = chart.series.iter().flat_map(|s| s.values.iter().flatten());
        canvas::value_mesh(
            &mut plot,
            canvas::ValueAxis::Y,
            canvas::all_whole(values.copied()),
        )?;
        if lo < 0.0 {
            canvas::zero_line(&plot, canvas::ValueAxis::Y)?;
        }
        x_labels(
            root,
            &plot,
            &chart.x_labels,
            plot_top + PLOT_H + X_LABEL_H / 2,
        )?;
        for s in &chart.series {
            draw_line(&plot, s)?;
        }
        value_labels(root, &plot, &chart.series, plot_top + PLOT_H)?;
        let entries: Vec<(&str, usize)> = chart
            .series
            .iter()
            .map(|s| (s.name.as_str(), s.colour))
            .collect();
        canvas::legend(root, legend_top, &entries, Swatch::Line)
    })
}

/// From min(0, min) to max(0, max), with room above for the labels and,
/// when values go negative, a little below.
fn value_range(series: &[Series]) -> (f64, f64) {
    let values = || {
        series
            .iter()
            .flat_map(|s| s.values.iter().flatten().copied())
    };
    let lo = values().fold(0.0, f64::min);
    let hi = values().fold(0.0, f64::max);
    let hi = if hi > lo { hi } else { lo + 1.0 };
    let span = hi - lo;
    (
        if lo < 0.0 { lo - span * 0.08 } else { lo },
        hi + span * 0.15,
    )
}

/// Period names centred under their points, shrunk to their slot. When
/// even the smallest size does not fit, every `step`-th period is named
/// (the newest always), with the room of `step` slots: a cut name such as
/// "Q1 …" would not say which year.
fn x_labels(root: &Root, plot: &Plot, names: &[String], y: i32) -> Result<(), Failure> {
    let slot = f64::from(plot.plotting_area().dim_in_pixel().0) / names.len() as f64;
    let step = label_step(names, slot);
    let newest = names.len().saturating_sub(1);
    for (i, name) in names.iter().enumerate() {
        if (newest - i) % step != 0 {
            continue;
        }
        let (x, _) = plot.backend_coord(&(i as f64, 0.0));
        let (text, px) = fit(name, LABEL_PX, X_LABEL_MIN_PX, slot * step as f64 - 6.0);
        label(root, &text, (x, y), px, Align::Centre)?;
    }
    Ok(())
}

/// The smallest size period names are shrunk to before some are left out.
const X_LABEL_MIN_PX: f64 = 10.0;

/// Every how many slots a period is named so that the widest name fits at
/// the smallest size.
fn label_step(names: &[String], slot: f64) -> usize {
    let widest = names
        .iter()
        .map(|n| text_width(n, X_LABEL_MIN_PX))
        .fold(0.0, f64::max);
    let step = ((widest + 6.0) / slot.max(1.0)).ceil();
    (step as usize).clamp(1, names.len().max(1))
}

/// The line, broken at missing values, and a marker on every point.
fn draw_line(plot: &Plot, series: &Series) -> Result<(), Failure> {
    let c = colour(series.colour);
    let area = plot.plotting_area();
    // A lone point between gaps is only a marker.
    for run in runs(&series.values).into_iter().filter(|run| run.len() > 1) {
        area.draw(&PathElement::new(run, c.stroke_width(2)))?;
    }
    for (i, v) in series.values.iter().enumerate() {
        if let Some(v) = v {
            canvas::marker(plot, (i as f64, *v), c)?;
        }
    }
    Ok(())
}

/// Consecutive present values as (index, value) points; `None` ends a run.
fn runs(values: &[Option<f64>]) -> Vec<Vec<(f64, f64)>> {
    let mut out = vec![Vec::new()];
    for (i, v) in values.iter().enumerate() {
        match (v, out.last_mut()) {
            (Some(v), Some(run)) => run.push((i as f64, *v)),
            (None, Some(run)) if !run.is_empty() => out.push(Vec::new()),
            _ => {}
        }
    }
    out.retain(|run| !run.is_empty());
    out
}

/// Whether every point is labelled or only each line's newest one, which
/// then sits right of the plot, out of the lines' way.
fn label_all(series: &[Series]) -> bool {
    series.len() <= LABEL_ALL_MAX_SERIES
}

/// Space right of the plot: the newest-point labels, or a small pad.
fn right_pad(series: &[Series]) -> i32 {
    if label_all(series) {
        return RIGHT_PAD;
    }
    let widest = series
        .iter()
        .filter_map(|s| newest(s).map(|(_, _, t)| text_width(t, VALUE_PX)))
        .fold(0.0, f64::max);
    RIGHT_PAD.max(widest.ceil() as i32 + 12)
}

/// A series' newest present value: (index, value, text).
fn newest(series: &Series) -> Option<(usize, f64, &str)> {
    let i = series.values.iter().rposition(Option::is_some)?;
    let text = series.texts.get(i).map_or("", String::as_str);
    series.values[i].map(|v| (i, v, text))
}

/// Value labels: above or below every point, stacked per period so they do
/// not overlap; with many series, a de-collided column right of the newest points.
fn value_labels(root: &Root, plot: &Plot, series: &[Series], floor: i32) -> Result<(), Failure> {
    if !label_all(series) {
        let points: Vec<_> = series
            .iter()
            .filter_map(newest)
            .filter(|(_, _, t)| !t.is_empty())
            .collect();
        let at: Vec<(i32, i32)> = points
            .iter()
            .map(|(i, v, _)| plot.backend_coord(&(*i as f64, *v)))
            .collect();
        let ys: Vec<i32> = at.iter().map(|(_, y)| *y).collect();
        for (((x, _), (_, _, text)), y) in at.iter().zip(&points).zip(spread(&ys, floor)) {
            label(root, text, (x + 8, y), VALUE_PX, Align::Left)?;
        }
        return Ok(());
    }
    for i in 0..series.iter().map(|s| s.values.len()).max().unwrap_or(0) {
        let mut points = Vec::new();
        for s in series {
            let text = s.texts.get(i).map_or("", String::as_str);
            if let (Some(Some(v)), false) = (s.values.get(i), text.is_empty()) {
                points.push((plot.backend_coord(&(i as f64, *v)), text));
            }
        }
        let ys: Vec<i32> = points.iter().map(|((_, y), _)| *y).collect();
        for (((x, _), text), y) in points.iter().zip(place_labels(&ys, floor)) {
            label(root, text, (*x, y), VALUE_PX, Align::Centre)?;
        }
    }
    Ok(())
}

/// Label centres for points at pixel heights `ys` in one column: above each
/// point, except the lowest of several goes below when it has room above
/// `floor`; labels above are pushed up so none overlap.
fn place_labels(ys: &[i32], floor: i32) -> Vec<i32> {
    let mut order: Vec<usize> = (0..ys.len()).collect();
    order.sort_by_key(|&k| (ys[k], k));
    let mut out = vec![0; ys.len()];
    let mut above = order.as_slice();
    if let Some((&lowest, rest)) = order.split_last() {
        if !rest.is_empty() && ys[lowest] + 2 * LABEL_STEP <= floor {
            out[lowest] = ys[lowest] + LABEL_STEP;
            above = rest;
        }
    }
    let mut limit = i32::MAX;
    for &k in above.iter().rev() {
        let y = (ys[k] - LABEL_STEP).min(limit);
        out[k] = y;
        limit = y - LABEL_STEP;
    }
    out
}

/// Label centres as close to `ys` as possible, at least [`LABEL_STEP`]
/// apart and not below `floor`: pushed down first, then up if they overflow.
fn spread(ys: &[i32], floor: i32) -> Vec<i32> {
    let mut order: Vec<usize> = (0..ys.len()).collect();
    order.sort_by_key(|&k| (ys[k], k));
    let mut out = ys.to_vec();
    let mut next = i32::MIN;
    for &k in &order {
        out[k] = ys[k].max(next);
        next = out[k] + LABEL_STEP;
    }
    let mut limit = floor;
    for &k in order.iter().rev() {
        out[k] = out[k].min(limit);
        limit = out[k] - LABEL_STEP;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{place_labels, runs, spread};

    #[test]
    fn spread_keeps_order_and_floor() {
        assert_eq!(spread(&[100, 300], 400), vec![100, 300]);
        assert_eq!(spread(&[100, 101, 102], 400), vec![100, 115, 130]);
        assert_eq!(spread(&[395, 398], 400), vec![385, 400]);
    }

    #[test]
    fn missing_values_break_the_line() {
        let r = runs(&[Some(1.0), Some(2.0), None, Some(4.0), None]);
        assert_eq!(r, vec![vec![(0.0, 1.0), (1.0, 2.0)], vec![(3.0, 4.0)]]);
    }

    #[test]
    fn labels_go_above_and_stack() {
        assert_eq!(place_labels(&[100], 300), vec![85]);
        // Two points close together: the lower label goes below its point.
        assert_eq!(place_labels(&[100, 104], 300), vec![85, 119]);
        // Three equal points: two stacked above, one below.
        assert_eq!(place_labels(&[100, 100, 100], 300), vec![70, 85, 115]);
        // No room below the floor: all above, stacked.
        assert_eq!(place_labels(&[290, 295], 300), vec![265, 280]);
    }
}
