//! Reading a dataset folder (or the built-in dataset) into a validated
//! `model::Dataset`: encoding detection, CSV and xlsx readers, header
//! aliases, and validation that reports every problem with its location.

use crate::error::{Error, Problem};
use crate::model::Dataset;
use std::path::PathBuf;

/// Where a dataset comes from.
#[derive(Debug, Clone)]
pub enum DataSource {
    /// A folder written to the dataset contract.
    Dir(PathBuf),
    /// The dataset of the seed articles, embedded in the binary.
    Builtin,
}

/// A dataset that validated, with the warnings found on the way.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub dataset: Dataset,
    pub warnings: Vec<Problem>,
}

/// Reads and validates a whole dataset. On any error, returns
/// `Error::Invalid` with every problem found (errors and warnings).
pub fn load(source: &DataSource) -> Result<Loaded, Error> {
    let _ = source;
    todo!()
}
