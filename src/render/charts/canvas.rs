//! The drawing surface shared by every chart: SVG backend, title, free text,
//! legend, palette colours and the post-processing of the SVG root.

use super::text::{escape_xml, fit, text_width, tick_label, FONT_FAMILY};
use super::PALETTE;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Every chart is this wide (px); heights follow from the content.
pub const WIDTH: u32 = 800;
/// Outer margin on all sides.
pub const MARGIN: i32 = 16;
/// Height of the title band at the top.
pub const TITLE_H: i32 = 48;
pub const TEXT: RGBColor = RGBColor(0x33, 0x33, 0x33);
pub const AXIS: RGBColor = RGBColor(0x55, 0x55, 0x55);

pub type Root<'a> = DrawingArea<SVGBackend<'a>, plotters::coord::Shift>;

/// Why drawing failed; `render_svg` adds the chart id.
#[derive(Debug)]
pub struct Failure(pub String);

impl<E: std::error::Error + Send + Sync> From<DrawingAreaErrorKind<E>> for Failure {
    fn from(err: DrawingAreaErrorKind<E>) -> Self {
        Failure(format!("drawing failed: {err}"))
    }
}

/// Draws a chart of `height` with `draw` and returns the SVG document.
pub fn svg(
    height: u32,
    draw: impl FnOnce(&Root) -> Result<(), Failure>,
) -> Result<String, Failure> {
    let mut buf = String::new();
    {
        let root = SVGBackend::with_string(&mut buf, (WIDTH, height)).into_drawing_area();
        root.fill(&WHITE)?;
        draw(&root)?;
        root.present()?;
    }
    Ok(buf)
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
    let style = font(px).color(&TEXT).pos(Pos::new(h, VPos::Center));
    root.draw(&Text::new(text.to_string(), (x, y), style))?;
    Ok(())
}

/// The chart font at SVG font-size `px` (plotters writes its size ÷ 1.24;
/// [`finish`] rounds away the float noise that leaves).
pub fn font(px: f64) -> TextStyle<'static> {
    TextStyle::from((FONT_FAMILY, px * 1.24).into_font())
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
pub type Plot<'a, 'b> =
    ChartContext<'a, SVGBackend<'b>, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

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

/// Turns plotters' document into an inlinable, accessible, responsive SVG:
/// drops any XML declaration, replaces the fixed-size root with a viewBox
/// one carrying `role="img"` and the font, and puts `<title>` and `<desc>`
/// first. What plotters repeats on every element and the root can say once
/// goes: the font family of each text (inherited from the root) and
/// `opacity="1"` (the default): a fifth of a trend chart, a quarter of a
/// 100k build's files.
pub fn finish(doc: &str, id: &str, title: &str, description: &str) -> Result<String, Failure> {
    let doc = match doc.find("<svg") {
        Some(start) => &doc[start..],
        None => return Err(Failure("plotters wrote no <svg> root".into())),
    };
    let Some(end) = doc.find('>') else {
        return Err(Failure("plotters wrote an unterminated <svg> root".into()));
    };
    let view_box = attribute(&doc[..end], "viewBox")
        .ok_or_else(|| Failure("the <svg> root has no viewBox".into()))?;
    let (title, description) = (escape_xml(title), escape_xml(description));
    let font = format!(" font-family=\"{}\"", escape_xml(FONT_FAMILY));
    let body = tidy(&doc[end + 1..], &font);
    Ok(format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"{view_box}\" width=\"100%\" \
         preserveAspectRatio=\"xMidYMid meet\" style=\"max-width:{WIDTH}px;height:auto\" \
         class=\"citybrief-chart\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\"{font}>\n\
         <title id=\"{id}-title\">{title}</title>\n<desc id=\"{id}-desc\">{description}</desc>{body}"
    ))
}

/// plotters' elements, one to a line, in one pass (four passes over each
/// document were a twentieth of rendering a brief page): each line
/// cleaned (`clean_line`), and each marker given its rim.
fn tidy(doc: &str, font: &str) -> String {
    let mut out = String::with_capacity(doc.len() + doc.len() / 8);
    for line in doc.split_inclusive('\n') {
        clean_line(line, font, &mut out);
    }
    out
}

/// The stroke width that marks a line chart's marker (see [`marker`]); no
/// other filled element uses it.
const MARKER_WIDTH: u32 = 7;

/// A line chart's marker at `at`: a filled circle with a white rim, which
/// keeps markers apart where lines cross. plotters draws a circle either
/// filled or stroked, so it draws the filled one, its stroke width marking
/// it, and [`finish`] gives it the rim (`marker_rim`): one element, where
/// two circles cost a sixth of drawing a trend chart.
pub fn marker(plot: &Plot, at: (f64, f64), colour: RGBColor) -> Result<(), Failure> {
    let style = colour.filled().stroke_width(MARKER_WIDTH);
    plot.plotting_area().draw(&Circle::new(at, 4, style))?;
    Ok(())
}

/// A marker's circle as [`marker`] draws it, its rim given: the same
/// circle, white stroke of width 1 painted over the fill.
fn marker_rim(line: &str) -> Option<String> {
    let marked = format!("\" stroke=\"none\" stroke-width=\"{MARKER_WIDTH}\"/>");
    let circle = line.trim_end().strip_suffix(&marked)?;
    circle
        .starts_with("<circle ")
        .then(|| format!("{circle}\" stroke=\"#FFFFFF\" stroke-width=\"1\"/>\n"))
}

/// One line of plotters' output, appended to `out` without what the root
/// says once (the font family, inherited; `opacity="1"`, the default), and
/// with every `font-size` rounded to two decimals: plotters divides our
/// sizes by 1.24 and writes noise like `13.000000000000002`. None of these
/// can occur in text, whose quotes are escaped.
fn clean_line(line: &str, font: &str, out: &mut String) {
    let start = out.len();
    clean_attributes(line, font, out);
    if let Some(rimmed) = marker_rim(&out[start..]) {
        out.truncate(start);
        out.push_str(&rimmed);
    }
}

/// `clean_line` but for markers.
fn clean_attributes(line: &str, font: &str, out: &mut String) {
    const OPAQUE: &str = " opacity=\"1\"";
    const SIZE: &str = " font-size=\"";
    // Each begins with a space: one scan for spaces, not a search per
    // pattern (setting up a substring search per line cost more than the
    // passes it replaced).
    let mut rest = line;
    while let Some(at) = rest.find(' ') {
        out.push_str(&rest[..at]);
        let attr = &rest[at..];
        rest = if let Some(after) = attr.strip_prefix(font) {
            after
        } else if let Some(after) = attr.strip_prefix(OPAQUE) {
            after
        } else if let Some(value) = attr.strip_prefix(SIZE) {
            let len = value.find('"').unwrap_or(0);
            out.push_str(SIZE);
            match value[..len].parse::<f64>() {
                Ok(size) => out.push_str(&format!("{}", (size * 100.0).round() / 100.0)),
                Err(_) => out.push_str(&value[..len]),
            }
            &value[len..]
        } else {
            out.push(' ');
            &attr[1..]
        };
    }
    out.push_str(rest);
}

/// The value of `name="…"` in a start tag.
fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    let len = tag[start..].find('"')?;
    Some(&tag[start..start + len])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_marker_gets_its_rim_other_circles_stay() {
        let doc = "<circle cx=\"9\" cy=\"2\" r=\"4\" opacity=\"1\" fill=\"#E69F00\" stroke=\"none\" stroke-width=\"7\"/>\n\
                   <circle cx=\"5\" cy=\"2\" r=\"3\" fill=\"#111111\" stroke=\"none\" stroke-width=\"1\"/>\n\
                   <circle cx=\"6\" cy=\"2\" r=\"3\" fill=\"none\" stroke=\"#FFFFFF\" stroke-width=\"7\"/>\n\
                   <rect x=\"1\" fill=\"#222222\" stroke=\"none\" stroke-width=\"7\"/>\n";
        let tidied = tidy(doc, " font-family=\"x\"");
        assert_eq!(
            tidied.lines().collect::<Vec<_>>(),
            [
                // Filled and marked: the rim painted over the fill.
                "<circle cx=\"9\" cy=\"2\" r=\"4\" fill=\"#E69F00\" stroke=\"#FFFFFF\" stroke-width=\"1\"/>",
                // Not marked, stroked, or not a circle: as they were.
                "<circle cx=\"5\" cy=\"2\" r=\"3\" fill=\"#111111\" stroke=\"none\" stroke-width=\"1\"/>",
                "<circle cx=\"6\" cy=\"2\" r=\"3\" fill=\"none\" stroke=\"#FFFFFF\" stroke-width=\"7\"/>",
                "<rect x=\"1\" fill=\"#222222\" stroke=\"none\" stroke-width=\"7\"/>",
            ]
        );
    }

    #[test]
    fn markers_drawn_by_plotters_come_out_rimmed() -> Result<(), Failure> {
        let mut doc = String::new();
        {
            let root = SVGBackend::with_string(&mut doc, (200, 100)).into_drawing_area();
            let plot = ChartBuilder::on(&root).build_cartesian_2d(0.0..1.0, 0.0..1.0)?;
            marker(&plot, (0.5, 0.5), colour(1))?;
            root.present()?;
        }
        let tidied = tidy(&doc, " font-family=\"x\"");
        let circles: Vec<&str> = tidied
            .lines()
            .filter(|l| l.starts_with("<circle"))
            .collect();
        assert_eq!(circles.len(), 1, "{tidied}");
        assert!(
            circles[0].ends_with(" stroke=\"#FFFFFF\" stroke-width=\"1\"/>")
                && !circles[0].contains("fill=\"none\""),
            "{}",
            circles[0]
        );
        Ok(())
    }

    #[test]
    fn font_sizes_are_rounded() {
        let doc = r#"<text font-size="13.000000000000002">a</text><text font-size="12">b</text>"#;
        assert_eq!(
            tidy(doc, " font-family=\"x\""),
            r#"<text font-size="13">a</text><text font-size="12">b</text>"#
        );
    }

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
    fn finish_rewrites_root() -> Result<(), String> {
        let doc = "<?xml version=\"1.0\"?>\n<svg width=\"800\" height=\"300\" viewBox=\"0 0 800 300\" xmlns=\"http://www.w3.org/2000/svg\">\n<rect/>\n</svg>\n";
        let out = finish(doc, "c1", "T<", "D&").map_err(|f| f.0)?;
        assert!(out.starts_with(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 800 300\" width=\"100%\""
        ));
        assert!(out.contains(
            "<title id=\"c1-title\">T&lt;</title>\n<desc id=\"c1-desc\">D&amp;</desc>\n<rect/>"
        ));
        assert!(!out.contains("<?xml"));
        Ok(())
    }
}
