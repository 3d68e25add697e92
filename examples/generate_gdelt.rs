//! Writes a GDELT 2.0 event file of any size, drawn from the code, actor and place frequencies
//! of real GDELT files: the bundled profile, or one learned from the files given with `--like`.
//!
//! ```text
//! cargo run --release --example generate_gdelt -- 1000000 > events.CSV
//! cargo run --release --example generate_gdelt -- 1000000 --seed 7 --like ../shared/data/gdelt/*.CSV > events.CSV
//! ```

use std::io::{self, BufWriter, Write};

use geokg::ingest::gdelt::{lines, Profile};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let mut n_rows: Option<u64> = None;
    let mut seed = 42;
    let mut like = Vec::new();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--seed" => seed = args.next().ok_or("--seed needs a number")?.parse()?,
            "--like" => like.extend(args.by_ref()),
            number => {
                n_rows = Some(
                    number
                        .parse()
                        .map_err(|_| format!("not a row count: {number}"))?,
                )
            }
        }
    }
    let n_rows = n_rows.ok_or("usage: generate_gdelt ROWS [--seed N] [--like FILE...]")?;
    let profile = if like.is_empty() {
        Profile::bundled()
    } else {
        let texts: Vec<String> = like
            .iter()
            .map(std::fs::read_to_string)
            .collect::<Result<_, _>>()?;
        let rows: Vec<_> = texts
            .iter()
            .flat_map(|text| lines(text).filter_map(|(_, row)| row.ok()))
            .collect();
        Profile::learn(&rows)
    };
    let mut out = BufWriter::with_capacity(1 << 20, io::stdout().lock());
    profile.generate(n_rows, seed, &mut out)?;
    out.flush()?;
    Ok(())
}
