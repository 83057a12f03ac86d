//! News article → candidate indicator rows.

mod hant;
mod scan;
mod text;
