//! The generated data the GDELT-scale benchmarks share (`scale`, `engines`), kept under
//! `target/bench-data/` and made only when missing.

use std::fs;
use std::path::{Path, PathBuf};

use geokg::ingest::gdelt::Profile;

/// `target/bench-data/`, made when missing.
pub fn data_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-data");
    fs::create_dir_all(&dir).unwrap();
    dir
}

/// A generated GDELT 2.0 file of `rows` rows (seed 42), made once.
pub fn gdelt_file(rows: u64) -> PathBuf {
    let path = data_dir().join(format!("gdelt-{rows}.CSV"));
    if !path.exists() {
        let partial = path.with_extension("partial");
        let mut out = std::io::BufWriter::new(fs::File::create(&partial).unwrap());
        Profile::bundled().generate(rows, 42, &mut out).unwrap();
        drop(out);
        fs::rename(&partial, &path).unwrap();
    }
    path
}
