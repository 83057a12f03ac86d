//! citybrief: investment-attraction records in, cited comparative briefs out.
//!
//! Data flows one way, one module per stage:
//! `ingest` (files → `model::Dataset`) → `aggregate` (figures per region and
//! period) → `render` (Tera templates, Plotters charts, Markdown → HTML, with
//! `format` for every number) → `publish` (the output folder, atomically).

pub mod aggregate;
pub mod config;
pub mod error;
pub mod extract;
pub mod format;
pub mod ingest;
pub mod model;
pub mod publish;
pub mod render;
