//! News article → candidate indicator rows.
