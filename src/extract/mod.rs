//! News article → candidate indicator rows.

mod hant;
mod period;
mod place;
mod scan;
mod text;

/// A gazetteer entry: an id and the names (Chinese, English) it goes by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub id: String,
    pub names: Vec<String>,
}
