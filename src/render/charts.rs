//! Plotters charts as SVG. (Temporary stub; the real implementation lands
//! from the charts branch with the same API.)

pub const PALETTE: [&str; 8] = [
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000",
];

pub struct Bar {
    pub label: String,
    pub value: f64,
    pub text: String,
    pub colour: usize,
}
pub struct BarChart {
    pub id: String,
    pub title: String,
    pub description: String,
    pub unit: String,
    pub bars: Vec<Bar>,
}
pub struct Series {
    pub name: String,
    pub colour: usize,
    pub values: Vec<Option<f64>>,
    pub texts: Vec<String>,
}
pub struct GroupedBarChart {
    pub id: String,
    pub title: String,
    pub description: String,
    pub unit: String,
    pub categories: Vec<String>,
    pub series: Vec<Series>,
}
pub struct LineChart {
    pub id: String,
    pub title: String,
    pub description: String,
    pub unit: String,
    pub x_labels: Vec<String>,
    pub series: Vec<Series>,
}
pub enum Chart {
    Bar(BarChart),
    Grouped(GroupedBarChart),
    Line(LineChart),
}
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct ChartError(pub String);

pub fn render_svg(chart: &Chart) -> Result<String, ChartError> {
    let title = match chart {
        Chart::Bar(c) => &c.title,
        Chart::Grouped(c) => &c.title,
        Chart::Line(c) => &c.title,
    };
    Ok(format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\"><title>{title}</title></svg>"
    ))
}
