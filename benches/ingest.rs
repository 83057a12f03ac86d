//! citybrief's ingestion alone: read, decode, parse and validate a dataset
//! folder into the model, as `build` and `check` begin, and nothing else;
//! set against `csvparse` on the same `projects.csv` (benches/README.md).
//!
//! ```sh
//! cargo run --release --example ingest -- /tmp/ds100k
//! ```

use citybrief::ingest::{self, DataSource};

fn main() {
    let Some(dir) = std::env::args().nth(1) else {
        eprintln!("usage: ingest DATASET_DIR");
        std::process::exit(2);
    };
    let start = std::time::Instant::now();
    match ingest::load(&DataSource::Dir(dir.clone().into())) {
        Ok(loaded) => println!(
            "{} projects, {} indicators in {:.1} ms",
            loaded.dataset.projects.len(),
            loaded.dataset.indicators.len(),
            start.elapsed().as_secs_f64() * 1e3
        ),
        Err(e) => {
            eprintln!("ingest: {dir}: {e}");
            std::process::exit(1);
        }
    }
}
