//! Raw input to `Document`s: plain text, JSON Lines records and request bodies.
//!
//! Pure: callers read files and stdin and pass the bytes here. Each bad record is an `Error`
//! naming the field and what was wrong; the caller adds the file name and line.

pub mod gdelt;
pub mod icews;

use serde::Deserialize;

use crate::model::{content_id, Date, Document};

/// Why a record could not become a document.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// The bytes are not UTF-8.
    #[error("not valid UTF-8 (first bad byte at offset {offset})")]
    Utf8 {
        /// Byte offset of the first invalid byte.
        offset: usize,
    },
    /// The text is empty or only whitespace.
    #[error("empty document: no text")]
    Empty,
    /// A JSON line that does not parse.
    #[error("malformed JSON: {0}")]
    Json(String),
    /// A field with a missing or wrong value.
    #[error("field `{field}`: {problem}")]
    Field {
        /// The field's name.
        field: &'static str,
        /// What is wrong with it.
        problem: String,
    },
}

/// Result with the ingest error.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Values that documents without their own take.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Defaults {
    /// Publication date for documents that have none.
    pub date: Option<Date>,
    /// Source for documents that have none.
    pub source: Option<String>,
}

/// One document record as it arrives in JSON: from a JSON Lines file or a request body.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Record {
    /// The caller's id; a content hash when absent.
    #[serde(default)]
    pub id: Option<serde_json::Value>,
    /// Headline.
    #[serde(default)]
    pub title: Option<String>,
    /// Publication date, `YYYY-MM-DD`.
    #[serde(default)]
    pub date: Option<String>,
    /// Outlet.
    #[serde(default)]
    pub source: Option<String>,
    /// Address of the article.
    #[serde(default)]
    pub url: Option<String>,
    /// The article text.
    #[serde(default)]
    pub text: Option<String>,
}

/// A plain-text article: the whole input is one document with a content-hash id.
pub fn text(bytes: &[u8], defaults: &Defaults) -> Result<Document> {
    let text = std::str::from_utf8(bytes).map_err(|error| Error::Utf8 {
        offset: error.valid_up_to(),
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(Error::Empty);
    }
    Ok(Document {
        date: defaults.date.clone(),
        source: defaults.source.clone(),
        ..Document::from_text(text)
    })
}

/// Every line of a JSON Lines input, numbered from 1, as a document or the reason it is not one.
///
/// Lines are decoded one by one, so a line of invalid UTF-8 is reported alone. Blank lines are
/// skipped. A bad line does not stop the others.
pub fn json_lines<'a>(
    bytes: &'a [u8],
    defaults: &'a Defaults,
) -> impl Iterator<Item = (usize, Result<Document>)> + 'a {
    bytes
        .split(|byte| *byte == b'\n')
        .enumerate()
        .filter(|(_, line)| !line.trim_ascii().is_empty())
        .map(move |(index, line)| {
            let parsed = std::str::from_utf8(line)
                .map_err(|error| Error::Utf8 {
                    offset: error.valid_up_to(),
                })
                .and_then(|line| json_record(line.trim_start_matches('\u{feff}'), defaults));
            (index + 1, parsed)
        })
}

/// One JSON object as a document.
pub fn json_record(line: &str, defaults: &Defaults) -> Result<Document> {
    let record: Record =
        serde_json::from_str(line).map_err(|error| Error::Json(error.to_string()))?;
    record_to_document(record, defaults)
}

/// Checks a record and makes it a document.
pub fn record_to_document(record: Record, defaults: &Defaults) -> Result<Document> {
    let text = record.text.ok_or(Error::Field {
        field: "text",
        problem: "missing".into(),
    })?;
    if text.trim().is_empty() {
        return Err(Error::Field {
            field: "text",
            problem: "empty".into(),
        });
    }
    let id = match record.id {
        None | Some(serde_json::Value::Null) => content_id(&text),
        Some(serde_json::Value::String(id)) if !id.trim().is_empty() && id.len() <= 256 => id,
        Some(serde_json::Value::Number(number)) => number.to_string(),
        Some(other) => {
            return Err(Error::Field {
                field: "id",
                problem: format!("expected a non-empty string of at most 256 bytes, found {other}"),
            })
        }
    };
    let date = match record.date.as_deref().map(str::trim) {
        None | Some("") => defaults.date.clone(),
        Some(raw) => Some(Date::parse(raw).map_err(|error| Error::Field {
            field: "date",
            problem: error.to_string(),
        })?),
    };
    Ok(Document {
        id,
        title: record.title.filter(|title| !title.trim().is_empty()),
        date,
        source: record.source.or_else(|| defaults.source.clone()),
        url: record.url.filter(|url| !url.trim().is_empty()),
        text,
    })
}

/// Whether an input looks like JSON Lines (its first non-blank character opens an object).
pub fn looks_like_json_lines(text: &str) -> bool {
    text.trim_start_matches('\u{feff}')
        .trim_start()
        .starts_with('{')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn defaults() -> Defaults {
        Defaults {
            date: Some(Date::parse("2025-01-02").unwrap()),
            source: Some("desk".into()),
        }
    }

    #[test]
    fn plain_text_gets_a_content_id_and_the_defaults() {
        let doc = text("Pakistan hosted talks.".as_bytes(), &defaults()).unwrap();
        assert_eq!(doc.id, content_id("Pakistan hosted talks."));
        assert_eq!(doc.date.unwrap().as_str(), "2025-01-02");
        assert_eq!(doc.source.as_deref(), Some("desk"));
    }

    #[test]
    fn invalid_utf8_and_empty_text_are_rejected() {
        assert_eq!(
            text(b"ok \xff\xfe", &Defaults::default()),
            Err(Error::Utf8 { offset: 3 })
        );
        assert_eq!(text(b"  \n ", &Defaults::default()), Err(Error::Empty));
    }

    #[test]
    fn a_bad_json_line_does_not_stop_the_others() {
        let input: &[u8] = b"{\"id\": \"a\", \"text\": \"One.\", \"date\": \"2025-03-04\"}\n{not json\n\n{\"id\": 7, \"text\": \"Two.\"}\n\xff{}\n";
        let results: Vec<(usize, Result<Document>)> = json_lines(input, &defaults()).collect();
        assert_eq!(results.len(), 4);
        assert_eq!(results[3], (5, Err(Error::Utf8 { offset: 0 })));
        let (line, first) = &results[0];
        assert_eq!((*line, first.as_ref().unwrap().id.as_str()), (1, "a"));
        assert_eq!(
            first.as_ref().unwrap().date.as_ref().unwrap().as_str(),
            "2025-03-04"
        );
        assert_eq!(results[1].0, 2);
        assert!(matches!(results[1].1, Err(Error::Json(_))));
        let (line, last) = &results[2];
        assert_eq!((*line, last.as_ref().unwrap().id.as_str()), (4, "7"));
        assert_eq!(
            last.as_ref().unwrap().date.as_ref().unwrap().as_str(),
            "2025-01-02"
        );
    }

    #[test]
    fn bad_fields_are_named() {
        let error = |line: &str| {
            json_record(line, &Defaults::default())
                .unwrap_err()
                .to_string()
        };
        assert_eq!(error("{\"id\": \"x\"}"), "field `text`: missing");
        assert_eq!(
            error("{\"text\": \"a\", \"date\": \"2025-02-30\"}"),
            "field `date`: invalid date `2025-02-30`: expected YYYY-MM-DD"
        );
        assert!(error("{\"text\": \"a\", \"id\": [1]}").starts_with("field `id`"));
    }

    #[test]
    fn json_lines_are_told_from_text() {
        assert!(looks_like_json_lines("\n  {\"text\": \"a\"}"));
        assert!(!looks_like_json_lines("Pakistan {and} India"));
    }
}
