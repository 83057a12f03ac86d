//! News article → candidate indicator rows.

mod hant;
mod period;
mod scan;
mod text;
