//! The averaged perceptron shared by the tagger (`tagger.rs`) and the dependency parser
//! (`parser.rs`): features are 64-bit hashes, each with a sparse row of class weights.
//!
//! `Learner` trains (updates with lazy averaging), `Learner::average` turns it into sorted rows,
//! quantised to 16 bits when written; `Weights` reads them back and scores. The byte format of
//! the rows is: number of rows (u32), then per row its key (u64), number of classes (u8) and
//! per class its index (u8) and weight (i16 × `scale`), little-endian; the models write the
//! scale (f32 bits) with their own magic and class names before it. This module does no I/O.

use std::borrow::Cow;
use std::hash::Hasher;

use super::lexicon::{FxHasher, FxMap};

/// Why weights could not be read.
#[derive(Debug, thiserror::Error)]
#[error("model weights: {0}")]
pub struct WeightsError(pub(crate) String);

/// Trained weights: feature hash → its row (start, length) in `classes`/`weights`.
#[derive(Debug, Clone, Default)]
pub(crate) struct Weights {
    rows: FxMap<u64, (u32, u8)>,
    classes: Vec<u8>,
    weights: Vec<f32>,
}

impl Weights {
    /// Adds the weights of the features `keys` to `scores` (one per class).
    #[inline]
    pub fn add_scores(&self, keys: &[u64], scores: &mut [f32]) {
        for key in keys {
            if let Some(&(start, len)) = self.rows.get(key) {
                let range = start as usize..start as usize + len as usize;
                for (class, weight) in self.classes[range.clone()].iter().zip(&self.weights[range])
                {
                    scores[*class as usize] += weight;
                }
            }
        }
    }

    /// Number of feature rows.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Reads the rows written by [`Averaged::write_rows`]; classes must be below `n_classes`.
    pub fn read_rows(
        reader: &mut Reader<'_>,
        scale: f32,
        n_classes: usize,
    ) -> Result<Weights, WeightsError> {
        let n_rows = reader.u32()? as usize;
        let mut out = Weights::default();
        out.rows.reserve(n_rows.min(reader.remaining() / 9));
        for _ in 0..n_rows {
            let key = reader.u64()?;
            let len = reader.u8()?;
            out.rows.insert(key, (out.classes.len() as u32, len));
            for _ in 0..len {
                out.classes.push(reader.class(n_classes)?);
                out.weights.push(f32::from(reader.u16()? as i16) * scale);
            }
        }
        Ok(out)
    }
}

/// A perceptron being trained: feature hash → class → (weight, running total, last step).
#[derive(Debug, Default)]
pub(crate) struct Learner {
    weights: FxMap<u64, Vec<(u8, f32, f32, u32)>>,
    step: u32,
}

impl Learner {
    /// Counts one decision (for averaging).
    pub fn tick(&mut self) {
        self.step += 1;
    }

    /// Adds the current weights of the features `keys` to `scores`.
    pub fn add_scores(&self, keys: &[u64], scores: &mut [f32]) {
        for key in keys {
            if let Some(row) = self.weights.get(key) {
                for (class, weight, _, _) in row {
                    scores[*class as usize] += weight;
                }
            }
        }
    }

    /// Rewards `truth` and punishes `guess` on the features `keys`.
    pub fn update(&mut self, keys: &[u64], truth: u8, guess: u8) {
        let step = self.step;
        for key in keys {
            let row = self.weights.entry(*key).or_default();
            for (class, delta) in [(truth, 1.0f32), (guess, -1.0)] {
                let at = match row.iter().position(|entry| entry.0 == class) {
                    Some(at) => at,
                    None => {
                        row.push((class, 0.0, 0.0, step));
                        row.len() - 1
                    }
                };
                let entry = &mut row[at];
                entry.2 += (step - entry.3) as f32 * entry.1;
                entry.3 = step;
                entry.1 += delta;
            }
        }
    }

    /// The averaged weights, without those smaller than `min_weight`, sorted by key.
    pub fn average(&self, min_weight: f32) -> Averaged {
        let step = self.step.max(1);
        let mut rows: Vec<(u64, Vec<(u8, f32)>)> = self
            .weights
            .iter()
            .map(|(key, row)| {
                let kept: Vec<(u8, f32)> = row
                    .iter()
                    .map(|&(class, weight, total, last)| {
                        let total = total + (step - last) as f32 * weight;
                        (class, total / step as f32)
                    })
                    .filter(|(_, weight)| weight.abs() >= min_weight)
                    .collect();
                (*key, kept)
            })
            .filter(|(_, row)| !row.is_empty())
            .collect();
        rows.sort_unstable_by_key(|(key, _)| *key);
        Averaged { rows }
    }
}

/// Averaged weights, ready to be written.
#[derive(Debug)]
pub(crate) struct Averaged {
    rows: Vec<(u64, Vec<(u8, f32)>)>,
}

impl Averaged {
    /// The scale of the quantised weights: the largest weight is `i16::MAX` × scale.
    pub fn scale(&self) -> f32 {
        let largest = self
            .rows
            .iter()
            .flat_map(|(_, row)| row.iter().map(|(_, weight)| weight.abs()))
            .fold(1e-6f32, f32::max);
        largest / f32::from(i16::MAX)
    }

    /// Appends the rows, quantised with `scale`, in the format [`Weights::read_rows`] reads.
    pub fn write_rows(&self, scale: f32, out: &mut Vec<u8>) {
        out.extend_from_slice(&(self.rows.len() as u32).to_le_bytes());
        for (key, row) in &self.rows {
            out.extend_from_slice(&key.to_le_bytes());
            out.push(row.len() as u8);
            for (class, weight) in row {
                out.push(*class);
                let quantised = (weight / scale).round().clamp(-32767.0, 32767.0) as i16;
                out.extend_from_slice(&(quantised as u16).to_le_bytes());
            }
        }
    }
}

/// The bytes of weights, gunzipped when they are gzipped.
pub(crate) fn plain(bytes: &[u8]) -> Result<Cow<'_, [u8]>, WeightsError> {
    if bytes.starts_with(&[0x1f, 0x8b]) {
        let mut out = Vec::new();
        std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(bytes), &mut out)
            .map_err(|err| WeightsError(format!("not a gzip stream: {err}")))?;
        Ok(Cow::Owned(out))
    } else {
        Ok(Cow::Borrowed(bytes))
    }
}

/// Reads little-endian numbers from weights, naming the byte where they end too soon.
pub(crate) struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    pub fn new(bytes: &'a [u8]) -> Reader<'a> {
        Reader { bytes, at: 0 }
    }
    pub fn take(&mut self, n: usize) -> Result<&'a [u8], WeightsError> {
        let out = self
            .bytes
            .get(self.at..self.at + n)
            .ok_or_else(|| WeightsError(format!("truncated at byte {}", self.at)))?;
        self.at += n;
        Ok(out)
    }
    pub fn remaining(&self) -> usize {
        self.bytes.len() - self.at
    }
    /// Fails unless every byte was read.
    pub fn finish(&self) -> Result<(), WeightsError> {
        match self.remaining() {
            0 => Ok(()),
            n => Err(WeightsError(format!("{n} bytes after the last row"))),
        }
    }
    pub fn u8(&mut self) -> Result<u8, WeightsError> {
        Ok(self.take(1)?[0])
    }
    /// A class index below `n_classes`.
    pub fn class(&mut self, n_classes: usize) -> Result<u8, WeightsError> {
        let at = self.at;
        let class = self.u8()?;
        if class as usize >= n_classes {
            return Err(WeightsError(format!(
                "class index {class} out of range at byte {at}"
            )));
        }
        Ok(class)
    }
    pub fn u16(&mut self) -> Result<u16, WeightsError> {
        Ok(u16::from_le_bytes(
            self.take(2)?.try_into().expect("two bytes"),
        ))
    }
    pub fn u32(&mut self) -> Result<u32, WeightsError> {
        Ok(u32::from_le_bytes(
            self.take(4)?.try_into().expect("four bytes"),
        ))
    }
    pub fn u64(&mut self) -> Result<u64, WeightsError> {
        Ok(u64::from_le_bytes(
            self.take(8)?.try_into().expect("eight bytes"),
        ))
    }
    /// A list of names that must be `expected`, in order (the classes of a model).
    pub fn names(&mut self, expected: &[&str]) -> Result<(), WeightsError> {
        let n = self.u8()? as usize;
        if n != expected.len() {
            return Err(WeightsError(format!(
                "{n} classes, expected {}",
                expected.len()
            )));
        }
        for (idx, name) in expected.iter().enumerate() {
            let len = self.u8()? as usize;
            if self.take(len)? != name.as_bytes() {
                return Err(WeightsError(format!("class {idx} is not {name:?}")));
            }
        }
        Ok(())
    }
}

/// Writes a list of names as [`Reader::names`] reads it.
pub(crate) fn write_names(names: &[&str], out: &mut Vec<u8>) {
    out.push(names.len() as u8);
    for name in names {
        out.push(name.len() as u8);
        out.extend_from_slice(name.as_bytes());
    }
}

/// The hash of some bytes, for features.
pub(crate) fn hash_bytes(bytes: &[u8]) -> u64 {
    let mut hasher = FxHasher::default();
    hasher.write(bytes);
    hasher.write_u8(0xff);
    hasher.finish()
}

/// A feature: its template number and up to two part hashes.
#[inline]
pub(crate) fn feature(template: u8, first: u64, second: u64) -> u64 {
    let mut hasher = FxHasher::default();
    hasher.write_u8(template);
    hasher.write_u64(first);
    hasher.write_u64(second);
    hasher.finish()
}

/// The index of the highest score (the first on ties).
pub(crate) fn argmax(scores: &[f32]) -> usize {
    let mut best = 0;
    for (idx, score) in scores.iter().enumerate() {
        if *score > scores[best] {
            best = idx;
        }
    }
    best
}

/// A seeded Fisher-Yates shuffle (64-bit LCG), the same on every machine: the order the
/// trainers visit their examples in.
pub fn shuffle(order: &mut [usize], seed: &mut u64) {
    for idx in (1..order.len()).rev() {
        *seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        let pick = ((*seed >> 33) as usize) % (idx + 1);
        order.swap(idx, pick);
    }
}
