//! Charts, templates and Markdown → HTML.
pub mod charts;
