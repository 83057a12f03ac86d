//! Plotters charts as SVG strings, ready to inline in an offline HTML page.
//!
//! The aggregation stage fills plain data ([`Chart`]); [`render_svg`] draws it.
//! Every chart is [`canvas::WIDTH`] px wide with a height that follows from its
//! content, scales with the page (`viewBox`, `width="100%"`), carries
//! `role="img"` plus `<title>`/`<desc>` for screen readers, and references
//! nothing outside itself (no fonts, images or links). The same input always
//! gives byte-identical output.
//!
//! Bars are horizontal: category names on the y axis never collide, whatever
//! their length. Legends sit below the plot so they never cover data.
//!
//! Empty input (no bars, no categories, no series, or only missing values) is
//! an error of kind [`ChartErrorKind::Empty`]: the caller leaves the chart out
//! rather than showing an empty frame.

mod bars;
mod canvas;
mod line;
mod svg;
mod text;

/// Region colours, colour-blind safe: Okabe–Ito (black moved last, as bars in
/// black dominate), then Paul Tol's muted scheme. Index with
/// `colour % PALETTE.len()`; give each region one index across all charts.
pub const PALETTE: [&str; 12] = [
    "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000",
    "#332288", "#882255", "#44AA99", "#999933",
];

/// One bar: a region (or category) and its value.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    pub value: f64,
    /// The value as shown at the end of the bar, e.g. "≥51亿" or "~900亿"; empty for none.
    pub text: String,
    /// Palette index of the region.
    pub colour: usize,
}

/// Horizontal bars, one per region, in the given order (top to bottom).
#[derive(Debug, Clone, PartialEq)]
pub struct BarChart {
    /// ASCII prefix of the ids inside the SVG; unique per page.
    pub id: String,
    pub title: String,
    /// Long description for screen readers.
    pub description: String,
    /// Value axis title, e.g. "亿元" or "CNY bn".
    pub unit: String,
    pub bars: Vec<Bar>,
}

/// One region's values, one per category or period.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub name: String,
    pub colour: usize,
    /// `None` is a missing value: no bar, and a break in a line.
    pub values: Vec<Option<f64>>,
    /// Value labels as shown, parallel to `values`; empty strings (or an
    /// empty vector) show none.
    pub texts: Vec<String>,
}

/// Horizontal bars grouped by category (size brackets, sectors), one bar per
/// series (region) in each group, with a legend below.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupedBarChart {
    pub id: String,
    pub title: String,
    pub description: String,
    pub unit: String,
    pub categories: Vec<String>,
    pub series: Vec<Series>,
}

/// One line per series over periods, with markers, point labels and a legend.
#[derive(Debug, Clone, PartialEq)]
pub struct LineChart {
    pub id: String,
    pub title: String,
    pub description: String,
    pub unit: String,
    /// Periods, oldest first.
    pub x_labels: Vec<String>,
    pub series: Vec<Series>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Chart {
    Bar(BarChart),
    Grouped(GroupedBarChart),
    Line(LineChart),
}

/// What kind of problem stopped a chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartErrorKind {
    /// Nothing to draw; leave the chart out.
    Empty,
    /// The input is inconsistent (bad id, lengths differ, non-finite value).
    Invalid,
    /// Plotters failed.
    Draw,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("chart `{id}`: {message}")]
pub struct ChartError {
    pub id: String,
    pub kind: ChartErrorKind,
    pub message: String,
}

impl Chart {
    /// The caller-supplied id prefix.
    pub fn id(&self) -> &str {
        match self {
            Chart::Bar(c) => &c.id,
            Chart::Grouped(c) => &c.id,
            Chart::Line(c) => &c.id,
        }
    }

    fn title_and_description(&self) -> (&str, &str) {
        match self {
            Chart::Bar(c) => (&c.title, &c.description),
            Chart::Grouped(c) => (&c.title, &c.description),
            Chart::Line(c) => (&c.title, &c.description),
        }
    }
}

/// Renders `chart` as a standalone `<svg>` element (no XML declaration).
pub fn render_svg(chart: &Chart) -> Result<String, ChartError> {
    let id = chart.id();
    let fail = |kind, message: String| ChartError {
        id: id.to_string(),
        kind,
        message,
    };
    check_id(id).map_err(|m| fail(ChartErrorKind::Invalid, m))?;
    validate(chart).map_err(|(kind, m)| fail(kind, m))?;
    let drawn = match chart {
        Chart::Bar(c) => bars::bar_chart(c),
        Chart::Grouped(c) => bars::grouped_chart(c),
        Chart::Line(c) => line::line_chart(c),
    };
    let drawing = drawn.map_err(|f| fail(ChartErrorKind::Draw, f.0))?;
    let (title, description) = chart.title_and_description();
    Ok(canvas::finish(&drawing, id, title, description))
}

/// Ids become XML ids and CSS-safe prefixes: an ASCII letter, then letters,
/// digits, `-` or `_`.
fn check_id(id: &str) -> Result<(), String> {
    let mut chars = id.chars();
    let starts_ok = chars.next().is_some_and(|c| c.is_ascii_alphabetic());
    if starts_ok && chars.all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
        Ok(())
    } else {
        Err(format!(
            "id {id:?} must be an ASCII letter followed by letters, digits, '-' or '_'"
        ))
    }
}

type Invalid = (ChartErrorKind, String);

fn empty(what: &str) -> Invalid {
    (ChartErrorKind::Empty, format!("nothing to draw: {what}"))
}

fn invalid(message: String) -> Invalid {
    (ChartErrorKind::Invalid, message)
}

fn validate(chart: &Chart) -> Result<(), Invalid> {
    match chart {
        Chart::Bar(c) => {
            if c.bars.is_empty() {
                return Err(empty("no bars"));
            }
            match c.bars.iter().find(|b| !b.value.is_finite()) {
                Some(b) => Err(invalid(format!(
                    "bar {:?} has the value {}",
                    b.label, b.value
                ))),
                None => Ok(()),
            }
        }
        Chart::Grouped(c) => validate_series(&c.series, c.categories.len(), "categories"),
        Chart::Line(c) => validate_series(&c.series, c.x_labels.len(), "periods"),
    }
}

/// Series need one value (and text, if any) per slot, finite values, and at
/// least one value somewhere.
fn validate_series(series: &[Series], slots: usize, what: &str) -> Result<(), Invalid> {
    if slots == 0 {
        return Err(empty(&format!("no {what}")));
    }
    if series.is_empty() {
        return Err(empty("no series"));
    }
    for s in series {
        if s.values.len() != slots {
            return Err(invalid(format!(
                "series {:?} has {} values for {slots} {what}",
                s.name,
                s.values.len()
            )));
        }
        if !s.texts.is_empty() && s.texts.len() != slots {
            return Err(invalid(format!(
                "series {:?} has {} texts for {slots} {what}",
                s.name,
                s.texts.len()
            )));
        }
        if s.values.iter().flatten().any(|v| !v.is_finite()) {
            return Err(invalid(format!(
                "series {:?} has a value that is not a finite number",
                s.name
            )));
        }
    }
    if series.iter().all(|s| s.values.iter().all(Option::is_none)) {
        return Err(empty("every value is missing"));
    }
    Ok(())
}

#[cfg(test)]
mod tests;
