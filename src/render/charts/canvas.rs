//! The drawing surface shared by every chart: title, free text, legend,
//! palette colours, markers and the SVG root.

use super::svg::{Svg, MARKER_WIDTH};
use super::text::{escape_xml, fit, text_width, tick_label, FONT_FAMILY};
use super::PALETTE;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use std::fmt::Write as _;

/// Every chart is this wide (px); heights follow from the content.
pub const WIDTH: u32 = 800;
/// Outer margin on all sides.
pub const MARGIN: i32 = 16;
/// Height of the title band at the top.
pub const TITLE_H: i32 = 48;
pub const TEXT: RGBColor = RGBColor(0x33, 0x33, 0x33);
pub const AXIS: RGBColor = RGBColor(0x55, 0x55, 0x55);

pub type Root<'a> = DrawingArea<Svg<'a>, plotters::coord::Shift>;

/// Why drawing failed; `render_svg` adds the chart id.
#[derive(Debug)]
pub struct Failure(pub String);

impl<E: std::error::Error + Send + Sync> From<DrawingAreaErrorKind<E>> for Failure {
    fn from(err: DrawingAreaErrorKind<E>) -> Self {
        Failure(format!("drawing failed: {err}"))
    }
}

/// A chart's elements as drawn, before [`finish`] gives them their root.
pub struct Drawing {
    pub height: u32,
    /// One element to a line.
    pub elements: String,
}

/// Draws a chart of `height` with `draw`.
pub fn svg(
    height: u32,
    draw: impl FnOnce(&Root) -> Result<(), Failure>,
) -> Result<Drawing, Failure> {
    let mut elements = String::new();
    {
        let root = Svg::new(&mut elements, (WIDTH, height)).into_drawing_area();
        root.fill(&WHITE)?;
        draw(&root)?;
        root.present()?;
    }
    Ok(Drawing { height, elements })
}

/// Palette colour `index` (wrapping), parsed from [`PALETTE`].
pub fn colour(index: usize) -> RGBColor {
    let hex = PALETTE[index % PALETTE.len()].trim_start_matches('#');
    // ok: PALETTE holds "#rrggbb" literals (tested); grey only if one is mistyped.
    let byte = |i: usize| u8::from_str_radix(hex.get(i..i + 2).unwrap_or("80"), 16).unwrap_or(0x80);
    RGBColor(byte(0), byte(2), byte(4))
}

/// Horizontal anchor of free text.
#[derive(Clone, Copy)]
pub enum Align {
    Left,
    Centre,
    Right,
}

/// Draws `text` at pixel `(x, y)` (vertically centred) in size `px`; the
/// font-size written into the SVG is `px` (plotters divides by 1.24).
pub fn label(
    root: &Root,
    text: &str,
    (x, y): (i32, i32),
    px: f64,
    align: Align,
) -> Result<(), Failure> {
    let h = match align {
        Align::Left => HPos::Left,
        Align::Centre => HPos::Center,
        Align::Right => HPos::Right,
    };
    // Made whole: each of `color` and `pos` would copy the font again.
    let style = TextStyle {
        color: TEXT.to_backend_color(),
        pos: Pos::new(h, VPos::Center),
        ..font(px)
    };
    root.draw(&Text::new(text, (x, y), style))?;
    Ok(())
}

/// The chart font at SVG font-size `px` (plotters passes its size ÷ 1.24;
/// the backend rounds away the float noise that leaves). Named as it is:
/// `FontFamily::from` lower-cases the whole list of names (an allocation
/// per label) to compare it with the three generic families.
pub fn font(px: f64) -> TextStyle<'static> {
    let family = FontFamily::Name(FONT_FAMILY);
    TextStyle::from(FontDesc::new(family, px * 1.24, FontStyle::Normal))
}

/// The title, centred in the title band, shrunk or cut to fit the width.
pub fn title(root: &Root, title: &str) -> Result<(), Failure> {
    let max = f64::from(WIDTH) - 2.0 * f64::from(MARGIN);
    let (text, px) = fit(title, 18.0, 12.0, max);
    label(
        root,
        &text,
        (WIDTH as i32 / 2, TITLE_H / 2),
        px,
        Align::Centre,
    )
}

/// A chart with a continuous value axis and px or index coordinates.
pub type Plot<'a, 'b> = ChartContext<'a, Svg<'b>, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// Which chart axis carries values (the other is drawn by the chart itself).
#[derive(Clone, Copy, PartialEq)]
pub enum ValueAxis {
    X,
    Y,
}

/// Grid lines and tick labels along the value axis only; the category axis
/// gets its labels from the chart, placed and fitted by char count. When
/// every value is whole (counts), so are the ticks: "0.2 projects" on an
/// axis up to 1 would mean nothing.
pub fn value_mesh(chart: &mut Plot, axis: ValueAxis, whole: bool) -> Result<(), Failure> {
    let range = match axis {
        ValueAxis::X => chart.x_range(),
        ValueAxis::Y => chart.y_range(),
    };
    let ticks = tick_count(range.start, range.end, whole);
    let grid = RGBColor(0xDD, 0xDD, 0xDD);
    let mut mesh = chart.configure_mesh();
    mesh.max_light_lines(0)
        .bold_line_style(grid.stroke_width(1))
        .axis_style(AXIS.stroke_width(1))
        .label_style(font(12.0).color(&TEXT))
        .x_label_formatter(&|v| tick_label(*v))
        .y_label_formatter(&|v| tick_label(*v));
    match axis {
        ValueAxis::X => mesh
            .disable_y_mesh()
            .disable_y_axis()
            .y_labels(0)
            .x_labels(ticks),
        ValueAxis::Y => mesh.disable_x_mesh().x_labels(0).y_labels(ticks),
    };
    mesh.draw()?;
    Ok(())
}

/// At most how many ticks the value axis from `lo` to `hi` gets: six, or
/// for whole values no more than the whole numbers in it, which keeps
/// plotters' step (1, 2 or 5 times a power of ten) at 1 or more.
fn tick_count(lo: f64, hi: f64, whole: bool) -> usize {
    const TICKS: usize = 6;
    if !whole {
        return TICKS;
    }
    let wholes = (hi.floor() - lo.ceil() + 1.0).max(1.0);
    TICKS.min(wholes as usize)
}

/// Whether every value is a whole number.
pub fn all_whole(values: impl IntoIterator<Item = f64>) -> bool {
    values.into_iter().all(|v| v.fract() == 0.0)
}

/// The value axis' zero as a dark line across the plot, so negative values
/// read as negative.
pub fn zero_line(plot: &Plot, axis: ValueAxis) -> Result<(), Failure> {
    let (xs, ys) = (plot.x_range(), plot.y_range());
    let ends = match axis {
        ValueAxis::X => vec![(0.0, ys.start), (0.0, ys.end)],
        ValueAxis::Y => vec![(xs.start, 0.0), (xs.end, 0.0)],
    };
    plot.plotting_area()
        .draw(&PathElement::new(ends, AXIS.stroke_width(1)))?;
    Ok(())
}

/// How a legend entry shows its colour.
#[derive(Clone, Copy)]
pub enum Swatch {
    /// A filled square, for bars.
    Square,
    /// A short line with a dot, for line series.
    Line,
}

const LEGEND_PX: f64 = 13.0;
const LEGEND_ROW: i32 = 24;
const SWATCH: i32 = 14;
const ENTRY_GAP: i32 = 20;

/// A legend name as drawn: shrunk or cut so one entry fits on a row.
fn legend_text(name: &str) -> (String, f64) {
    fit(
        name,
        LEGEND_PX,
        11.0,
        f64::from(legend_width() - SWATCH - 6),
    )
}

/// Legend entries laid out in centred rows within `width`: each entry's
/// x offset and row, and the number of rows.
fn legend_layout(names: &[&str], width: i32) -> (Vec<(i32, usize)>, usize) {
    let widths: Vec<i32> = names
        .iter()
        .map(|n| {
            let (text, px) = legend_text(n);
            SWATCH + 6 + text_width(&text, px).ceil() as i32
        })
        .collect();
    let mut rows: Vec<Vec<usize>> = vec![Vec::new()];
    let mut used = 0;
    for (i, w) in widths.iter().enumerate() {
        let row_full = used > 0 && used + ENTRY_GAP + w > width;
        if row_full {
            rows.push(Vec::new());
            used = 0;
        }
        used += if used > 0 { ENTRY_GAP } else { 0 } + w;
        if let Some(row) = rows.last_mut() {
            row.push(i);
        }
    }
    let mut placed = vec![(0, 0); names.len()];
    for (r, row) in rows.iter().enumerate() {
        let total: i32 =
            row.iter().map(|&i| widths[i]).sum::<i32>() + ENTRY_GAP * (row.len() as i32 - 1);
        let mut x = (width - total).max(0) / 2;
        for &i in row {
            placed[i] = (x, r);
            x += widths[i] + ENTRY_GAP;
        }
    }
    (placed, rows.len())
}

/// Height the legend for `names` needs (0 when there is nothing to show).
pub fn legend_height(names: &[&str]) -> i32 {
    if names.is_empty() {
        return 0;
    }
    let (_, rows) = legend_layout(names, legend_width());
    rows as i32 * LEGEND_ROW + 8
}

fn legend_width() -> i32 {
    WIDTH as i32 - 2 * MARGIN
}

/// Draws the legend with its top edge at `top`, outside the plot area so
/// it never covers data.
pub fn legend(
    root: &Root,
    top: i32,
    entries: &[(&str, usize)],
    swatch: Swatch,
) -> Result<(), Failure> {
    let names: Vec<&str> = entries.iter().map(|(n, _)| *n).collect();
    let (placed, _) = legend_layout(&names, legend_width());
    for (&(name, colour_index), &(x, row)) in entries.iter().zip(&placed) {
        let x = MARGIN + x;
        let y = top + 8 + row as i32 * LEGEND_ROW + LEGEND_ROW / 2;
        let c = colour(colour_index);
        match swatch {
            Swatch::Square => {
                let half = SWATCH / 2;
                root.draw(&Rectangle::new(
                    [(x, y - half), (x + SWATCH, y + half)],
                    c.filled(),
                ))?;
            }
            Swatch::Line => {
                root.draw(&PathElement::new(
                    vec![(x, y), (x + SWATCH, y)],
                    c.stroke_width(3),
                ))?;
                root.draw(&Circle::new((x + SWATCH / 2, y), 3, c.filled()))?;
            }
        }
        let (text, px) = legend_text(name);
        label(root, &text, (x + SWATCH + 6, y), px, Align::Left)?;
    }
    Ok(())
}

/// The chart as an inlinable, accessible, responsive SVG: a viewBox root
/// carrying `role="img"` and the font (which its texts inherit), then
/// `<title>` and `<desc>`, then the elements.
pub fn finish(drawing: &Drawing, id: &str, title: &str, description: &str) -> String {
    let (title, description) = (escape_xml(title), escape_xml(description));
    let font = escape_xml(FONT_FAMILY);
    let Drawing { height, elements } = drawing;
    // Made room for at once: the elements are most of a chart (~5-30 KB),
    // which `format!` would grow into several times.
    let mut svg = String::with_capacity(elements.len() + 1024);
    let _ = write!(
        svg,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH} {height}\" width=\"100%\" \
         preserveAspectRatio=\"xMidYMid meet\" style=\"max-width:{WIDTH}px;height:auto\" \
         class=\"citybrief-chart\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" font-family=\"{font}\">\n\
         <title id=\"{id}-title\">{title}</title>\n<desc id=\"{id}-desc\">{description}</desc>\n{elements}</svg>\n"
    );
    svg
}

/// A line chart's marker at `at`: a filled circle with a white rim, which
/// keeps markers apart where lines cross (drawn as one circle: see
/// [`MARKER_WIDTH`]).
pub fn marker(plot: &Plot, at: (f64, f64), colour: RGBColor) -> Result<(), Failure> {
    let style = colour.filled().stroke_width(MARKER_WIDTH);
    plot.plotting_area().draw(&Circle::new(at, 4, style))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn palette_parses() {
        for (i, hex) in PALETTE.iter().enumerate() {
            let c = colour(i);
            assert_eq!(
                format!("#{:02X}{:02X}{:02X}", c.0, c.1, c.2),
                hex.to_uppercase()
            );
        }
    }

    #[test]
    fn legend_wraps_rows() {
        let names = ["嘉兴市南湖区经济技术开发区"; 8];
        let (_, rows) = legend_layout(&names, 768);
        assert!(rows >= 3, "{rows}");
        let (placed, rows) = legend_layout(&["A", "B"], 768);
        assert_eq!(rows, 1);
        assert!(placed[0].0 > 300, "centred");
    }

    #[test]
    fn finish_gives_the_root_title_and_description() {
        let drawing = Drawing {
            height: 300,
            elements: "<rect/>\n".to_string(),
        };
        let out = finish(&drawing, "c1", "T<", "D&");
        assert!(out.starts_with(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 800 300\" width=\"100%\""
        ));
        assert!(out.contains(" font-family=\"&quot;Noto Sans CJK SC&quot;"));
        assert!(out.ends_with(
            "<title id=\"c1-title\">T&lt;</title>\n<desc id=\"c1-desc\">D&amp;</desc>\n<rect/>\n</svg>\n"
        ));
    }
}
