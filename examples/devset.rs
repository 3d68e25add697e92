//! Draws geokg's own development set from the shared news corpora, and writes the texts of its
//! items for the people who label them.
//!
//! ```text
//! cargo run --release --example devset -- sample ../shared/data/news > devset/items.jsonl
//! cargo run --release --example devset -- sample ../shared/data/news --seed 2027 --exclude devset/items.jsonl --per-source 24 --split tune2 > devset/items-tune2.jsonl
//! cargo run --release --example devset -- texts ../shared/data/news devset/items.jsonl > target/devset/texts.jsonl
//! cargo run --release --example devset -- merge devset/items.jsonl LABELS.jsonl... > devset/all.jsonl
//! ```
//!
//! `merge` joins the items with their labels (`{"id", "events", "note"}` lines) into gold records
//! in the format of `../shared/eval/README.md`, with `text_ref` in place of `text` and the
//! item's `split`; an item without a label, or a label without an item, is an error.
//!
//! `sample` is deterministic (seed 2026 unless `--seed` says otherwise): the same corpora give
//! the same items. `--exclude ITEMS` (repeatable) leaves out every corpus record an items file
//! already refers to, so a further sample shares no record with it; `--per-source N` draws N
//! items per source (64 by default); `--split NAME` puts every item in split NAME with ids
//! `NAME-<corpus>-NN` (by default ids are `dev-<corpus>-NN` and items alternate between the
//! `tune` and `test` halves). Each item is a
//! reference into a corpus record (file, record id, byte span of its text) with a fingerprint of
//! that span, so the repository keeps no third-party text; `geokg eval --corpus DIR` reads the
//! texts back. See `devset/README.md` for the population of each source and the split.

use std::collections::{BTreeMap, BTreeSet};
use std::error::Error;
use std::fs;
use std::path::Path;

use geokg::eval::fnv1a;
use geokg::model::SplitMix64;
use serde_json::{json, Value};

/// Items drawn from each source, and the seed, unless the command line says otherwise.
const PER_SOURCE: usize = 64;
const SEED: u64 = 2026;

/// The sources, and whether an item is the whole record (short items) or one paragraph.
const SOURCES: [(&str, bool); 5] = [
    ("reuters21578.jsonl", false),
    ("wikinews_en_2019_2020.jsonl", false),
    ("bbc_fulltext_2004_2005.jsonl", false),
    ("wikipedia_current_events_2015_09.jsonl", true),
    ("ag_news_test.jsonl", true),
];

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.as_slice() {
        [cmd, dir, options @ ..] if cmd == "sample" => {
            let options = SampleOptions::parse(options)?;
            let dir = Path::new(dir);
            let mut corpora = Vec::new();
            for (file, _) in SOURCES {
                corpora.push(read_records(&dir.join(file))?);
            }
            for item in sample(&corpora, &options) {
                println!("{item}");
            }
            Ok(())
        }
        [cmd, dir, items] if cmd == "texts" => texts(Path::new(dir), Path::new(items)),
        [cmd, items, labels @ ..] if cmd == "merge" && !labels.is_empty() => merge(items, labels),
        _ => Err(USAGE.into()),
    }
}

const USAGE: &str = "usage: devset sample NEWS_DIR [--seed N] [--exclude ITEMS]... \
                     [--per-source N] [--split NAME] | texts NEWS_DIR ITEMS | merge ITEMS LABELS...";

/// How `sample` draws: the defaults give the original development set.
#[derive(Debug)]
struct SampleOptions {
    seed: u64,
    per_source: usize,
    /// Corpus records (file, record id) that are never drawn.
    exclude: BTreeSet<(String, String)>,
    /// One split for every item, which also names the ids; `None` alternates tune and test.
    split: Option<String>,
}

impl Default for SampleOptions {
    fn default() -> Self {
        SampleOptions {
            seed: SEED,
            per_source: PER_SOURCE,
            exclude: BTreeSet::new(),
            split: None,
        }
    }
}

impl SampleOptions {
    fn parse(args: &[String]) -> Result<Self, Box<dyn Error>> {
        let mut options = SampleOptions::default();
        let mut args = args.iter();
        while let Some(flag) = args.next() {
            let value = args
                .next()
                .ok_or_else(|| format!("{flag} needs a value; {USAGE}"))?;
            match flag.as_str() {
                "--seed" => options.seed = value.parse().map_err(|e| format!("--seed: {e}"))?,
                "--per-source" => {
                    options.per_source = value.parse().map_err(|e| format!("--per-source: {e}"))?
                }
                "--exclude" => {
                    for item in read_records(Path::new(value))? {
                        let reference = &item["text_ref"];
                        let (Some(file), Some(id)) =
                            (reference["file"].as_str(), reference["id"].as_str())
                        else {
                            return Err(format!("{value}: an item without text_ref").into());
                        };
                        options.exclude.insert((file.to_string(), id.to_string()));
                    }
                }
                "--split" => options.split = Some(value.clone()),
                _ => return Err(format!("unknown option {flag}; {USAGE}").into()),
            }
        }
        Ok(options)
    }
}

/// Whether a record belongs to the population drawn from: international and political news.
fn in_population(file: &str, record: &Value) -> bool {
    let meta = &record["meta"];
    match file {
        // Stories the collection labels with two or more countries.
        "reuters21578.jsonl" => meta["places"].as_array().is_some_and(|p| p.len() >= 2),
        // Politics and business (trade, sanctions); the other classes are sport, tech, arts.
        "bbc_fulltext_2004_2005.jsonl" => {
            matches!(meta["category"].as_str(), Some("politics" | "business"))
        }
        "ag_news_test.jsonl" => meta["label"].as_str() == Some("World"),
        _ => true,
    }
}

/// Byte spans of the paragraphs of a text worth coding: at least 80 bytes, so datelines and
/// one-line headers are left out.
fn paragraphs(text: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut start = 0;
    for part in text.split("\n\n") {
        let end = start + part.len();
        let lead = part.len() - part.trim_start().len();
        let (s, e) = (start + lead, start + part.trim_end().len());
        if e > s + 80 {
            spans.push((s, e));
        }
        start = end + 2;
    }
    spans
}

fn read_records(path: &Path) -> Result<Vec<Value>, Box<dyn Error>> {
    let text = fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(idx, line)| {
            serde_json::from_str(line)
                .map_err(|e| format!("{}:{}: {e}", path.display(), idx + 1).into())
        })
        .collect()
}

/// Draws the items from the records of each of `SOURCES` (`corpora[i]` holds the records of
/// `SOURCES[i]`).
fn sample(corpora: &[Vec<Value>], options: &SampleOptions) -> Vec<Value> {
    let mut items = Vec::new();
    let mut rng = SplitMix64::new(options.seed);
    for ((file, whole), records) in SOURCES.into_iter().zip(corpora) {
        let mut population: Vec<&Value> = records
            .iter()
            .filter(|record| in_population(file, record))
            .filter(|record| {
                let id = record["id"].as_str().unwrap_or("").to_string();
                !options.exclude.contains(&(file.to_string(), id))
            })
            .collect();
        // A seeded Fisher-Yates shuffle; the first records that have a usable span are drawn.
        for idx in (1..population.len()).rev() {
            population.swap(idx, rng.index(idx + 1));
        }
        let mut drawn = 0;
        for record in population {
            if drawn == options.per_source {
                break;
            }
            let text = record["text"].as_str().unwrap_or("");
            let span = if whole {
                Some((0, text.len())).filter(|(s, e)| e > s)
            } else {
                let spans = paragraphs(text);
                (!spans.is_empty()).then(|| spans[rng.index(spans.len())])
            };
            let Some((start, end)) = span else { continue };
            let stem = file.trim_end_matches(".jsonl");
            let (id, split) = match &options.split {
                Some(split) => (format!("{split}-{stem}-{drawn:02}"), split.as_str()),
                // Alternate within each source, so both halves hold every source equally.
                None => (
                    format!("dev-{stem}-{drawn:02}"),
                    if drawn % 2 == 0 { "tune" } else { "test" },
                ),
            };
            items.push(json!({
                "id": id,
                "split": split,
                "date": record["date"],
                "text_ref": {
                    "file": file, "id": record["id"], "start": start, "end": end,
                    "fnv": fnv1a(&text.as_bytes()[start..end]),
                },
            }));
            drawn += 1;
        }
    }
    items
}

fn texts(dir: &Path, items: &Path) -> Result<(), Box<dyn Error>> {
    let mut corpora: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for item in read_records(items)? {
        let reference = &item["text_ref"];
        let file = reference["file"].as_str().ok_or("text_ref.file missing")?;
        if !corpora.contains_key(file) {
            let by_id = read_records(&dir.join(file))?
                .into_iter()
                .filter_map(|r| {
                    Some((
                        r["id"].as_str()?.to_string(),
                        r["text"].as_str()?.to_string(),
                    ))
                })
                .collect();
            corpora.insert(file.to_string(), by_id);
        }
        let id = reference["id"].as_str().ok_or("text_ref.id missing")?;
        let text = corpora[file]
            .get(id)
            .ok_or_else(|| format!("{file}: no record {id}"))?;
        let (start, end) = (
            reference["start"].as_u64().ok_or("text_ref.start")? as usize,
            reference["end"].as_u64().ok_or("text_ref.end")? as usize,
        );
        let span = text.get(start..end).ok_or("text_ref span out of range")?;
        println!(
            "{}",
            json!({ "id": item["id"], "split": item["split"], "date": item["date"], "text": span })
        );
    }
    Ok(())
}

fn merge(items: &str, labels: &[String]) -> Result<(), Box<dyn Error>> {
    let mut by_id: BTreeMap<String, Value> = BTreeMap::new();
    for file in labels {
        for label in read_records(Path::new(file))? {
            let id = label["id"]
                .as_str()
                .ok_or_else(|| format!("{file}: a label without id"))?;
            if by_id.insert(id.to_string(), label.clone()).is_some() {
                return Err(format!("{file}: {id} is labelled twice").into());
            }
        }
    }
    for item in read_records(Path::new(items))? {
        let id = item["id"].as_str().ok_or("an item without id")?;
        let label = by_id.remove(id).ok_or_else(|| format!("{id}: no label"))?;
        let events = label["events"]
            .as_array()
            .ok_or_else(|| format!("{id}: no events"))?;
        println!(
            "{}",
            json!({
                "id": id, "split": item["split"], "date": item["date"], "events": events,
                "note": label["note"], "text_ref": item["text_ref"],
            })
        );
    }
    if let Some(id) = by_id.keys().next() {
        return Err(format!("{id}: a label for no item").into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Ten records per source, each with two long paragraphs; every record is in the population.
    fn corpora() -> Vec<Vec<Value>> {
        let paragraph = "word ".repeat(20);
        SOURCES
            .iter()
            .map(|(file, _)| {
                let stem = file.trim_end_matches(".jsonl");
                (0..10)
                    .map(|n| {
                        json!({
                            "id": format!("{stem}-{n}"), "date": null,
                            "text": format!("{paragraph}\n\n{paragraph}"),
                            "meta": {"places": ["usa", "jpn"], "category": "politics", "label": "World"},
                        })
                    })
                    .collect()
            })
            .collect()
    }

    fn record_ids(items: &[Value]) -> BTreeSet<(String, String)> {
        items
            .iter()
            .map(|item| {
                let reference = &item["text_ref"];
                (
                    reference["file"].as_str().unwrap().to_string(),
                    reference["id"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    }

    #[test]
    fn excluded_records_are_never_drawn() {
        let corpora = corpora();
        let first = sample(
            &corpora,
            &SampleOptions {
                per_source: 6,
                ..SampleOptions::default()
            },
        );
        assert_eq!(first.len(), 30);
        let exclude = record_ids(&first);
        let second = sample(
            &corpora,
            &SampleOptions {
                seed: 2027,
                per_source: 6,
                exclude: exclude.clone(),
                split: Some("tune2".to_string()),
            },
        );
        // Only four records of each source are left to draw.
        assert_eq!(second.len(), 20);
        assert!(record_ids(&second).is_disjoint(&exclude));
        assert!(second.iter().all(|item| item["split"] == "tune2"));
        assert_eq!(second[0]["id"], "tune2-reuters21578-00");
    }

    #[test]
    fn the_default_sample_alternates_halves() {
        let items = sample(&corpora(), &SampleOptions::default());
        assert_eq!(items.len(), 50);
        assert_eq!(items[0]["id"], "dev-reuters21578-00");
        assert_eq!(items[0]["split"], "tune");
        assert_eq!(items[1]["split"], "test");
    }
}
