//! Plotters charts as SVG.
