//! The SVG drawing backend plotters draws the charts through.
//!
//! It writes what plotters' own SVG backend writes, element for element and
//! in the same order, less what the chart's root says once: no root (see
//! [`super::canvas::finish`]), no `font-family` on each text (the root's is
//! inherited), no `opacity="1"` (the default); font sizes rounded to two
//! decimals (ours are divided by 1.24 on the way, which leaves float noise);
//! a line chart's marker as one circle with its rim. plotters' backend
//! formatted every attribute into a string of its own and escaped it a
//! character at a time, and the result then had to be cleaned: a third of
//! drawing a chart.

use super::text::{push_escaped, FONT_FAMILY};
use plotters::prelude::DrawingBackend;
use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingErrorKind, FontStyle,
    FontTransform,
};
use std::fmt::Write;

/// The stroke width that marks a line chart's marker: plotters draws a
/// circle either filled or stroked, so a marker is drawn filled with this
/// width (`canvas::marker`), and written filled with a white rim. No other
/// filled circle uses it.
pub const MARKER_WIDTH: u32 = 7;

/// Draws into `out`, one element to a line.
pub struct Svg<'a> {
    out: &'a mut String,
    size: (u32, u32),
}

impl<'a> Svg<'a> {
    pub fn new(out: &'a mut String, size: (u32, u32)) -> Svg<'a> {
        Svg { out, size }
    }

    /// ` opacity="…"`, unless the colour is opaque (the default).
    fn opacity(&mut self, color: BackendColor) {
        if color.alpha != 1.0 {
            // Writing into a String cannot fail (here and below).
            let _ = write!(self.out, " opacity=\"{}\"", color.alpha);
        }
    }

    /// ` name="#RRGGBB"`.
    fn colour(&mut self, name: &str, color: BackendColor) {
        const HEX: &[u8; 16] = b"0123456789ABCDEF";
        self.name(name);
        self.out.push('#');
        let (r, g, b) = color.rgb;
        for byte in [r, g, b] {
            self.out.push(char::from(HEX[usize::from(byte >> 4)]));
            self.out.push(char::from(HEX[usize::from(byte & 15)]));
        }
        self.out.push('"');
    }

    /// ` name="`, the value to follow.
    fn name(&mut self, name: &str) {
        self.out.push(' ');
        self.out.push_str(name);
        self.out.push_str("=\"");
    }

    /// ` name="value"` for a whole number (itoa: this is most of what a
    /// chart writes, and `fmt` was a tenth of drawing one).
    fn int(&mut self, name: &str, value: impl itoa::Integer) {
        self.name(name);
        self.out.push_str(itoa::Buffer::new().format(value));
        self.out.push('"');
    }

    /// ` name="none"`, or the colour.
    fn paint(&mut self, name: &str, color: Option<BackendColor>) {
        match color {
            Some(color) => self.colour(name, color),
            None => {
                self.name(name);
                self.out.push_str("none\"");
            }
        }
    }

    fn points(&mut self, path: impl IntoIterator<Item = BackendCoord>) {
        self.out.push_str(" points=\"");
        let mut digits = itoa::Buffer::new();
        for (x, y) in path {
            self.out.push_str(digits.format(x));
            self.out.push(',');
            self.out.push_str(digits.format(y));
            self.out.push(' ');
        }
        self.out.push('"');
    }

    /// An empty element `<tag …/>` on a line of its own, its attributes
    /// written by `attributes`; nothing for a transparent colour, which
    /// paints nothing (as plotters' own backend does).
    fn element(
        &mut self,
        tag: &str,
        color: BackendColor,
        attributes: impl FnOnce(&mut Self),
    ) -> Drawn {
        if color.alpha != 0.0 {
            self.out.push('<');
            self.out.push_str(tag);
            attributes(self);
            self.out.push_str("/>\n");
        }
        Ok(())
    }
}

type Drawn = Result<(), DrawingErrorKind<std::io::Error>>;

impl DrawingBackend for Svg<'_> {
    type ErrorType = std::io::Error;

    fn get_size(&self) -> (u32, u32) {
        self.size
    }

    fn ensure_prepared(&mut self) -> Drawn {
        Ok(())
    }

    fn present(&mut self) -> Drawn {
        Ok(())
    }

    fn draw_pixel(&mut self, (x, y): BackendCoord, color: BackendColor) -> Drawn {
        self.element("rect", color, |svg| {
            svg.int("x", x);
            svg.int("y", y);
            svg.out
                .push_str(" width=\"1\" height=\"1\" stroke=\"none\"");
            svg.opacity(color);
            svg.colour("fill", color);
        })
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        (x1, y1): BackendCoord,
        (x2, y2): BackendCoord,
        style: &S,
    ) -> Drawn {
        let color = style.color();
        self.element("line", color, |svg| {
            svg.opacity(color);
            svg.colour("stroke", color);
            svg.int("stroke-width", style.stroke_width());
            svg.int("x1", x1);
            svg.int("y1", y1);
            svg.int("x2", x2);
            svg.int("y2", y2);
        })
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        (x0, y0): BackendCoord,
        (x1, y1): BackendCoord,
        style: &S,
        fill: bool,
    ) -> Drawn {
        let color = style.color();
        self.element("rect", color, |svg| {
            svg.int("x", x0);
            svg.int("y", y0);
            svg.int("width", x1 - x0);
            svg.int("height", y1 - y0);
            svg.opacity(color);
            svg.paint("fill", fill.then_some(color));
            svg.paint("stroke", (!fill).then_some(color));
        })
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Drawn {
        let color = style.color();
        self.element("polyline", color, |svg| {
            svg.out.push_str(" fill=\"none\"");
            svg.opacity(color);
            svg.colour("stroke", color);
            svg.int("stroke-width", style.stroke_width());
            svg.points(path);
        })
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Drawn {
        let color = style.color();
        self.element("polygon", color, |svg| {
            svg.opacity(color);
            svg.colour("fill", color);
            svg.points(path);
        })
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        (cx, cy): BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Drawn {
        let color = style.color();
        self.element("circle", color, |svg| {
            svg.int("cx", cx);
            svg.int("cy", cy);
            svg.int("r", radius);
            svg.opacity(color);
            svg.paint("fill", fill.then_some(color));
            let width = style.stroke_width();
            if fill && width == MARKER_WIDTH {
                svg.out.push_str(" stroke=\"#FFFFFF\" stroke-width=\"1\"");
            } else {
                svg.paint("stroke", (!fill).then_some(color));
                svg.int("stroke-width", width);
            }
        })
    }

    fn draw_text<S: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &S,
        (x, y): BackendCoord,
    ) -> Drawn {
        let color = style.color();
        if color.alpha == 0.0 {
            return Ok(());
        }
        let anchor = match style.anchor().h_pos {
            HPos::Left => "start",
            HPos::Right => "end",
            HPos::Center => "middle",
        };
        let dy = match style.anchor().v_pos {
            VPos::Top => "0.76em",
            VPos::Center => "0.5ex",
            VPos::Bottom => "-0.5ex",
        };
        self.out.push_str("<text");
        self.int("x", x);
        self.int("y", y);
        self.out.push_str(" dy=\"");
        self.out.push_str(dy);
        self.out.push_str("\" text-anchor=\"");
        self.out.push_str(anchor);
        self.out.push('"');
        let family = style.family();
        if family.as_str() != FONT_FAMILY {
            self.out.push_str(" font-family=\"");
            push_escaped(self.out, family.as_str());
            self.out.push('"');
        }
        let size = (style.size() / 1.24 * 100.0).round() / 100.0;
        // Sizes are whole but for a shrunk title: written as `Display`
        // would (`12`), without formatting a float for every label.
        match size.fract() == 0.0 && size.abs() < 1e6 {
            true => self.int("font-size", size as i64),
            false => {
                let _ = write!(self.out, " font-size=\"{size}\"");
            }
        }
        self.opacity(color);
        self.colour("fill", color);
        match style.style() {
            FontStyle::Normal => {}
            FontStyle::Bold => self.out.push_str(" font-weight=\"bold\""),
            other => {
                let _ = write!(self.out, " font-style=\"{}\"", other.as_str());
            }
        }
        let turn = match style.transform() {
            FontTransform::Rotate90 => Some(90),
            FontTransform::Rotate180 => Some(180),
            FontTransform::Rotate270 => Some(270),
            _ => None,
        };
        if let Some(degrees) = turn {
            let _ = write!(self.out, " transform=\"rotate({degrees}, {x}, {y})\"");
        }
        self.out.push_str(">\n");
        push_escaped(self.out, text);
        self.out.push_str("\n</text>\n");
        Ok(())
    }
}

#[cfg(test)]
// A failing unwrap is a failing test: the lints guard production code only.
#[allow(clippy::unwrap_used)]
mod tests {
    use super::super::canvas::{font, marker, svg, Plot};
    use plotters::prelude::*;

    /// The elements `draw` writes on an 800 × 100 plot, one per line.
    fn drawn(draw: impl FnOnce(&Plot) -> Result<(), super::super::canvas::Failure>) -> Vec<String> {
        let drawing = svg(100, |root| {
            let plot = ChartBuilder::on(root).build_cartesian_2d(0.0..1.0, 0.0..1.0)?;
            draw(&plot)
        })
        .map_err(|f| f.0)
        .unwrap();
        // The first element is the white background.
        drawing
            .elements
            .lines()
            .skip(1)
            .map(str::to_string)
            .collect()
    }

    #[test]
    fn elements_are_written_as_plotters_writes_them_less_the_defaults() {
        let red = RGBColor(0xE6, 0x9F, 0x00);
        let lines = drawn(|plot| {
            let area = plot.plotting_area();
            area.draw(&Rectangle::new([(0.0, 0.0), (0.5, 0.5)], red.filled()))?;
            area.draw(&Rectangle::new(
                [(0.0, 0.0), (0.5, 0.5)],
                red.mix(0.5).stroke_width(1),
            ))?;
            area.draw(&PathElement::new(
                vec![(0.0, 0.0), (1.0, 1.0)],
                red.stroke_width(2),
            ))?;
            area.draw(&Circle::new((0.5, 0.5), 3, red.filled()))?;
            area.draw(&Circle::new((0.5, 0.5), 3, WHITE.stroke_width(1)))?;
            Ok(())
        });
        assert_eq!(
            lines,
            [
                "<rect x=\"0\" y=\"50\" width=\"399\" height=\"49\" fill=\"#E69F00\" stroke=\"none\"/>",
                "<rect x=\"0\" y=\"50\" width=\"399\" height=\"49\" opacity=\"0.5\" fill=\"none\" stroke=\"#E69F00\"/>",
                "<polyline fill=\"none\" stroke=\"#E69F00\" stroke-width=\"2\" points=\"0,99 799,0 \"/>",
                "<circle cx=\"399\" cy=\"50\" r=\"3\" fill=\"#E69F00\" stroke=\"none\" stroke-width=\"1\"/>",
                "<circle cx=\"399\" cy=\"50\" r=\"3\" fill=\"none\" stroke=\"#FFFFFF\" stroke-width=\"1\"/>",
            ]
        );
    }

    #[test]
    fn a_transparent_colour_draws_nothing() {
        let lines = drawn(|plot| {
            let area = plot.plotting_area();
            area.draw(&Rectangle::new(
                [(0.0, 0.0), (0.5, 0.5)],
                TRANSPARENT.filled(),
            ))?;
            area.draw(&Circle::new((0.5, 0.5), 3, TRANSPARENT.stroke_width(1)))?;
            area.draw(&PathElement::new(vec![(0.0, 0.0), (1.0, 1.0)], TRANSPARENT))?;
            Ok(())
        });
        assert!(lines.is_empty(), "{lines:?}");
    }

    #[test]
    fn a_marker_is_one_circle_filled_with_a_white_rim() {
        let lines = drawn(|plot| marker(plot, (0.5, 0.5), RGBColor(0xE6, 0x9F, 0x00)));
        assert_eq!(
            lines,
            ["<circle cx=\"399\" cy=\"50\" r=\"4\" fill=\"#E69F00\" stroke=\"#FFFFFF\" stroke-width=\"1\"/>"]
        );
    }

    #[test]
    fn texts_are_escaped_their_size_rounded_the_chart_font_inherited() {
        let lines = drawn(|plot| {
            let area = plot.plotting_area();
            let ours = font(13.0).color(&BLACK);
            area.draw(&Text::new("Huai'an <&> \"x\"", (0.0, 1.0), ours))?;
            let other = TextStyle::from(("serif", 12.0 * 1.24).into_font()).color(&BLACK);
            area.draw(&Text::new("b", (0.0, 1.0), other))?;
            Ok(())
        });
        assert_eq!(
            lines,
            [
                // 13 × 1.24 ÷ 1.24 is 13.000000000000002 in floats.
                "<text x=\"0\" y=\"0\" dy=\"0.76em\" text-anchor=\"start\" font-size=\"13\" fill=\"#000000\">",
                "Huai&apos;an &lt;&amp;&gt; &quot;x&quot;",
                "</text>",
                "<text x=\"0\" y=\"0\" dy=\"0.76em\" text-anchor=\"start\" font-family=\"serif\" font-size=\"12\" fill=\"#000000\">",
                "b",
                "</text>",
            ]
        );
    }
}
