//! Throughput of the pipeline: the part-of-speech tagger (words per second), extraction (bytes per second) and ingest into SQLite (documents per second),
//! on the bundled sample corpus and, when `../shared` is beside the checkout, on Reuters-21578;
//! and extraction of adversarial shapes of text at 1 KB, 100 KB and 5 MB (cost must be linear).
//!
//! Run with `cargo bench --bench pipeline`.

use std::path::Path;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use geokg::ingest::{self, Defaults};
use geokg::model::Document;
use geokg::store::Store;

fn sample_documents() -> Vec<Document> {
    geokg::samples::documents()
}

/// The first `max_bytes` of Reuters-21578 text, when `../shared` is there.
fn reuters_documents(max_bytes: usize) -> Option<Vec<Document>> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/news/reuters21578.jsonl");
    let Ok(bytes) = std::fs::read(&path) else {
        eprintln!(
            "skipped Reuters benchmarks: {} is not there",
            path.display()
        );
        return None;
    };
    let mut total = 0;
    let documents: Vec<Document> = ingest::json_lines(&bytes, &Defaults::default())
        .filter_map(|(_, document)| document.ok())
        .take_while(|document| {
            total += document.text.len();
            total <= max_bytes
        })
        .collect();
    Some(documents)
}

/// One measured routine in a group of its own, ten samples.
fn measure(
    c: &mut Criterion,
    group: &str,
    name: &str,
    throughput: Throughput,
    mut routine: impl FnMut() -> usize,
) {
    let mut group = c.benchmark_group(group);
    group.throughput(throughput);
    group.sample_size(10);
    group.bench_function(name, |b| b.iter(&mut routine));
    group.finish();
}

fn bench_extract(c: &mut Criterion, name: &str, documents: &[Document]) {
    let n_bytes: usize = documents.iter().map(|d| d.text.len()).sum();
    measure(
        c,
        "extract",
        name,
        Throughput::Bytes(n_bytes as u64),
        || {
            documents
                .iter()
                .map(|d| geokg::extract::extract(d).events.len())
                .sum::<usize>()
        },
    );
}

fn bench_ingest(c: &mut Criterion, name: &str, documents: &[Document]) {
    let mut group = c.benchmark_group("ingest");
    group.throughput(Throughput::Elements(documents.len() as u64));
    group.sample_size(10);
    group.bench_function(name, |b| {
        b.iter_batched(
            || {
                let dir = tempfile::tempdir().expect("temp dir");
                let store = Store::open(&dir.path().join("bench.sqlite")).expect("store opens");
                (dir, store)
            },
            |(dir, mut store)| {
                for document in documents {
                    geokg::pipeline::add_document(
                        &mut store,
                        geokg::extract::Dictionary::bundled(),
                        document,
                    )
                    .expect("document is stored");
                }
                drop(store);
                dir
            },
            BatchSize::PerIteration,
        )
    });
    group.finish();
}

/// The words of `documents` cut into sentence-sized runs of at most 40 words.
fn sentences_of(documents: &[Document]) -> Vec<Vec<&str>> {
    use geokg::extract::tagger;
    let mut sentences: Vec<Vec<&str>> = Vec::new();
    for document in documents {
        let words: Vec<&str> = tagger::words(&document.text)
            .into_iter()
            .map(|(start, end)| &document.text[start..end])
            .collect();
        for piece in words.split_inclusive(|word| *word == ".") {
            sentences.extend(piece.chunks(40).map(<[&str]>::to_vec));
        }
    }
    sentences
}

/// The part-of-speech tagger alone, in words per second.
fn bench_tagger(c: &mut Criterion, name: &str, documents: &[Document]) {
    use geokg::extract::tagger;
    let sentences = sentences_of(documents);
    let n_words: usize = sentences.iter().map(Vec::len).sum();
    let tagger = tagger::bundled();
    measure(
        c,
        "tagger",
        name,
        Throughput::Elements(n_words as u64),
        || {
            sentences
                .iter()
                .map(|words| tagger.tag(words).len())
                .sum::<usize>()
        },
    );
}

/// The dependency parser alone on tagged sentences, in words per second (extraction parses
/// only the sentences where the words around a trigger leave an actor unattached).
fn bench_parser(c: &mut Criterion, name: &str, documents: &[Document]) {
    use geokg::extract::{parser, tagger};
    let tagger = tagger::bundled();
    let sentences: Vec<(Vec<&str>, Vec<u8>)> = sentences_of(documents)
        .into_iter()
        .map(|words| {
            let tags = tagger.tag(&words);
            (words, tags)
        })
        .collect();
    let n_words: usize = sentences.iter().map(|(words, _)| words.len()).sum();
    let parser = parser::bundled();
    measure(
        c,
        "parser",
        name,
        Throughput::Elements(n_words as u64),
        || {
            sentences
                .iter()
                .map(|(words, tags)| parser.parse(words, tags).len())
                .sum::<usize>()
        },
    );
}

/// Text of about `n_bytes` in one of the shapes that once made extraction slower than linear:
/// coordinated clauses without a full stop, a run of words without any sentence end, one
/// sentence said again and again, ordinary varied sentences, one endless word, a bare list of
/// names.
fn shaped_text(shape: &str, n_bytes: usize) -> String {
    const WORDS: [&str; 16] = [
        "Pakistan",
        "India",
        "visited",
        "met",
        "and",
        "the",
        "attacked",
        "Iran",
        "said",
        "who",
        "which",
        ",",
        "talks",
        "with",
        "in",
        "Prime Minister Shehbaz Sharif",
    ];
    let mut state = 0x2026_u64;
    let mut next = move |n: usize| {
        // SplitMix64: the same text on every run.
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) % n as u64) as usize
    };
    let mut text = String::with_capacity(n_bytes + 64);
    while text.len() < n_bytes {
        match shape {
            "coordinated" => text.push_str("Pakistan visited India and "),
            "run-on" => {
                text.push_str(WORDS[next(WORDS.len())]);
                text.push(' ');
            }
            "repeated" => text.push_str("Pakistan accused India of shelling its posts. "),
            "varied" => {
                for _ in 0..8 + next(20) {
                    text.push_str(WORDS[next(WORDS.len())]);
                    text.push(' ');
                }
                text.push_str("Kabul. ");
            }
            "one-word" => text.push_str("PakistanvisitedIndia"),
            _ => text.push_str("Pakistan, India, Iran, Afghanistan, China, "),
        }
    }
    text
}

/// Extraction time per byte must not grow with the input, whatever its shape: each shape at
/// 1 KB, 100 KB and 5 MB; flat throughput across the sizes of a shape means linear cost.
fn bench_shapes(c: &mut Criterion) {
    let mut group = c.benchmark_group("extract-shapes");
    group.sample_size(10);
    for shape in [
        "coordinated",
        "run-on",
        "repeated",
        "varied",
        "one-word",
        "names",
    ] {
        for (label, n_bytes) in [("1KB", 1_000), ("100KB", 100_000), ("5MB", 5_000_000)] {
            let document = Document::from_text(&shaped_text(shape, n_bytes));
            group.throughput(Throughput::Bytes(document.text.len() as u64));
            group.bench_function(format!("{shape}/{label}"), |b| {
                b.iter(|| geokg::extract::extract(&document).events.len())
            });
        }
    }
    group.finish();
}

fn pipeline(c: &mut Criterion) {
    ensure_dictionaries_loaded();
    bench_shapes(c);
    let samples = sample_documents();
    bench_tagger(c, "samples", &samples);
    bench_parser(c, "samples", &samples);
    bench_extract(c, "samples", &samples);
    bench_ingest(c, "samples", &samples);
    if let Some(reuters) = reuters_documents(4 * 1024 * 1024) {
        bench_tagger(c, "reuters-1MiB", &reuters[..reuters.len() / 4]);
        bench_parser(c, "reuters-256KiB", &reuters[..reuters.len() / 16]);
        bench_extract(c, "reuters-4MiB", &reuters);
        bench_ingest(c, "reuters-4MiB", &reuters[..reuters.len().min(2000)]);
    }
}

/// Builds the bundled dictionaries once, outside the measurements.
fn ensure_dictionaries_loaded() {
    geokg::extract::extract(&Document::from_text("Pakistan met India."));
}

criterion_group!(benches, pipeline);
criterion_main!(benches);
