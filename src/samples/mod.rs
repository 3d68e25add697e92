//! The bundled sample corpus: short articles written by the geokg team about real events of 2024-2026.
//!
//! Compiled into the binary so that `geokg demo` and the tests need nothing from outside.

use crate::ingest::{self, Defaults};
use crate::model::Document;

/// The corpus as JSON Lines, one article a line.
pub const CORPUS: &str = include_str!("corpus.jsonl");

/// The sample articles, in file order.
pub fn documents() -> Vec<Document> {
    ingest::json_lines(CORPUS.as_bytes(), &Defaults::default())
        .map(|(line, document)| {
            document
                .unwrap_or_else(|error| panic!("bundled corpus line {line} is invalid: {error}"))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_sample_article_is_valid_dated_and_unique() {
        let documents = documents();
        assert!(
            documents.len() >= 20,
            "only {} sample articles",
            documents.len()
        );
        let mut ids: Vec<&str> = documents.iter().map(|d| d.id.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), documents.len(), "sample ids must be unique");
        assert!(
            documents.iter().all(|d| d.date.is_some()),
            "every sample article has a date"
        );
    }
}
