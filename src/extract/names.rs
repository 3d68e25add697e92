//! The name index: finds the dictionary's names (tens of thousands of them) in lower-case text.
//!
//! A name can only start where a word starts and end where a word ends, so the index looks
//! names up by their first two words: at each word start of the text, one hash lookup by the
//! word and the next one, one by the word alone, and a byte comparison with the few names
//! under that key, longest first. Building it is one hash insert per name (an automaton over
//! the same names took a fifth of the run time of a whole-corpus extraction to build), and the
//! search costs a few lookups per word, linear in the text.

use std::hash::{BuildHasher, BuildHasherDefault};

use super::lexicon::{FxHasher, FxMap};

/// Names by their first two words.
pub(crate) struct NameIndex {
    /// (first word, second word or 0) → pattern ids, longest first.
    by_words: FxMap<(u64, u64), Vec<u32>>,
    texts: Vec<Box<str>>,
}

/// One name found: its byte span in the text and its pattern id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct NameMatch {
    pub start: usize,
    pub end: usize,
    pub pattern: usize,
}

impl NameIndex {
    /// Indexes lower-case names; a name's id is its position. Names that do not start with a
    /// letter or digit can never start at a word and are not indexed.
    pub fn build(names: &[String]) -> NameIndex {
        let mut by_words: FxMap<(u64, u64), Vec<u32>> = FxMap::default();
        let texts: Vec<Box<str>> = names.iter().map(|name| name.as_str().into()).collect();
        for (id, name) in names.iter().enumerate() {
            let mut words = Words::new(name, 0);
            let Some((first_start, first_end)) = words.next() else {
                continue;
            };
            if first_start != 0 {
                continue;
            }
            let second = words
                .next()
                .map_or(0, |(start, end)| word_hash(&name[start..end]));
            let key = (word_hash(&name[first_start..first_end]), second);
            by_words.entry(key).or_default().push(id as u32);
        }
        for ids in by_words.values_mut() {
            ids.sort_by_key(|id| std::cmp::Reverse(texts[*id as usize].len()));
        }
        NameIndex { by_words, texts }
    }

    /// The names of `lower` (a lower-case text), left to right, the longest at each word start,
    /// not overlapping.
    pub fn find_iter<'a>(&'a self, lower: &'a str) -> impl Iterator<Item = NameMatch> + 'a {
        let mut words = Words::new(lower, 0).peekable();
        let mut resume = 0;
        std::iter::from_fn(move || {
            while let Some((start, end)) = words.next() {
                if start < resume {
                    continue;
                }
                let first = word_hash(&lower[start..end]);
                let second = words.peek().map_or(0, |(next_start, next_end)| {
                    word_hash(&lower[*next_start..*next_end])
                });
                // Names of two words and more first: they are the longer ones.
                let two_words = (second != 0)
                    .then(|| self.by_words.get(&(first, second)))
                    .flatten();
                let found = two_words
                    .into_iter()
                    .chain(self.by_words.get(&(first, 0)))
                    .flatten()
                    .find(|id| self.matches_at(lower, start, **id as usize));
                if let Some(&id) = found {
                    let end = start + self.texts[id as usize].len();
                    resume = end;
                    return Some(NameMatch {
                        start,
                        end,
                        pattern: id as usize,
                    });
                }
            }
            None
        })
    }

    /// Whether name `id` is written at `start` and ends where a word ends.
    fn matches_at(&self, lower: &str, start: usize, id: usize) -> bool {
        let name = &self.texts[id];
        let end = start + name.len();
        lower.as_bytes()[start..].starts_with(name.as_bytes())
            && lower.is_char_boundary(end)
            && !(name.ends_with(is_word_char)
                && lower[end..].chars().next().is_some_and(is_word_char))
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

fn word_hash(word: &str) -> u64 {
    // Never 0, which stands for "no second word".
    BuildHasherDefault::<FxHasher>::default().hash_one(word) | 1
}

/// The words of a text from a byte offset: maximal runs of letters and digits, as byte spans.
struct Words<'t> {
    text: &'t str,
    at: usize,
}

impl<'t> Words<'t> {
    fn new(text: &'t str, at: usize) -> Words<'t> {
        Words { text, at }
    }
}

impl Iterator for Words<'_> {
    type Item = (usize, usize);

    fn next(&mut self) -> Option<(usize, usize)> {
        let bytes = self.text.as_bytes();
        // Skip to the next letter or digit; ASCII bytes are judged without decoding.
        let mut idx = self.at;
        let start = loop {
            let byte = *bytes.get(idx)?;
            if byte < 0x80 {
                if byte.is_ascii_alphanumeric() {
                    break idx;
                }
                idx += 1;
            } else {
                let c = self.text[idx..].chars().next()?;
                if c.is_alphanumeric() {
                    break idx;
                }
                idx += c.len_utf8();
            }
        };
        let mut end = start;
        while let Some(&byte) = bytes.get(end) {
            if byte < 0x80 {
                if !byte.is_ascii_alphanumeric() {
                    break;
                }
                end += 1;
            } else {
                let c = self.text[end..].chars().next().expect("a char boundary");
                if !c.is_alphanumeric() {
                    break;
                }
                end += c.len_utf8();
            }
        }
        self.at = end;
        Some((start, end))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found<'a>(index: &NameIndex, names: &'a [String], text: &str) -> Vec<&'a str> {
        index
            .find_iter(text)
            .map(|found| names[found.pattern].as_str())
            .collect()
    }

    #[test]
    fn names_are_found_at_word_starts_longest_first_without_overlap() {
        let names: Vec<String> = [
            "india",
            "new york",
            "new york times",
            "u.s.",
            "u.s",
            "al-qaeda",
            "côte d'ivoire",
            "'s",
            "the hague",
        ]
        .iter()
        .map(|name| name.to_string())
        .collect();
        let index = NameIndex::build(&names);
        assert_eq!(
            found(
                &index,
                &names,
                "the new york times said india and the u.s. met"
            ),
            ["new york times", "india", "u.s."]
        );
        // Inside or at the start of a longer word there is no name.
        assert!(found(&index, &names, "indiana and sindh, new yorkers").is_empty());
        assert_eq!(
            found(
                &index,
                &names,
                "al-qaeda-linked men in côte d'ivoire; the hague."
            ),
            ["al-qaeda", "côte d'ivoire", "the hague"]
        );
        // "U.S" at the end of a text, and non-ASCII letters glued to a name.
        assert_eq!(found(&index, &names, "in the u.s"), ["u.s"]);
        assert!(found(&index, &names, "indiaé").is_empty());
    }
}
