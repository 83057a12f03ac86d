//! The limit ingestion is measured against: the csv crate reading every
//! record of a file, and nothing else.
//!
//! ```sh
//! cargo run --release --example csvparse -- /tmp/ds100k/projects.csv
//! ```

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: csvparse FILE.csv");
        std::process::exit(2);
    };
    let start = std::time::Instant::now();
    let mut reader = match csv::ReaderBuilder::new().flexible(true).from_path(&path) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("csvparse: {path}: {e}");
            std::process::exit(1);
        }
    };
    let mut record = csv::StringRecord::new();
    let (mut records, mut fields) = (0usize, 0usize);
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {
                records += 1;
                fields += record.len();
            }
            Ok(false) => break,
            Err(e) => {
                eprintln!("csvparse: {path}: {e}");
                std::process::exit(1);
            }
        }
    }
    println!(
        "{records} records, {fields} fields in {:.1} ms",
        start.elapsed().as_secs_f64() * 1e3
    );
}
