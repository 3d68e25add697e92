//! Text preparation: finds the article's sentences and the parts that are not article.
//!
//! Bylines, datelines, teasers ("READ MORE:"), share and subscribe lines, reader comments and
//! passages not in English are returned as skipped spans with a lowercase reason; everything
//! else is split into sentences that survive abbreviations, initials and dotted acronyms.
//! Offsets here are bytes; the caller converts them to characters. No dictionary knowledge.

/// A sentence: a byte span of the document text, trimmed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Sentence {
    pub start: usize,
    pub end: usize,
    /// The headline of another article behind a "READ MORE:" teaser: it reports plans at most,
    /// so only statements of intent are coded from it.
    pub teaser: bool,
    /// The sentence ran on past [`MAX_SENTENCE_BYTES`] and was cut after this, its first piece.
    pub cut: bool,
}

/// The longest sentence coded whole. Real sentences stay far below it (a long one has about
/// 60 words, 400 bytes); a longer run of text without a full stop (a table, a list, text
/// run together) is coded in pieces of at most this size, cut after a comma or a space, so
/// that no sentence costs more than a bounded amount of work.
pub const MAX_SENTENCE_BYTES: usize = 2_000;

/// A span that is not article text, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Skipped {
    pub start: usize,
    pub end: usize,
    pub reason: &'static str,
}

/// Splits a text into sentences, leaving out the parts that are not article.
pub(crate) fn prepare(text: &str) -> (Vec<Sentence>, Vec<Skipped>) {
    let mut sentences = Vec::new();
    let mut skipped = Vec::new();
    let mut line_start = 0;
    while line_start < text.len() {
        let line_end = text[line_start..]
            .find('\n')
            .map_or(text.len(), |idx| line_start + idx);
        let (start, end) = trim_span(text, line_start, line_end);
        let next = line_end + 1;
        if start == end {
            line_start = next;
            continue;
        }
        let line = &text[start..end];
        if is_comments_header(line) {
            let (_, text_end) = trim_span(text, start, text.len());
            skipped.push(Skipped {
                start,
                end: text_end,
                reason: "skipped reader comments",
            });
            break;
        }
        if let Some(reason) = boilerplate(line) {
            match teaser_headline(line).filter(|_| reason == "skipped teaser") {
                Some(offset) => {
                    skipped.push(Skipped {
                        start,
                        end: start + offset,
                        reason,
                    });
                    let (headline_start, headline_end) = trim_span(text, start + offset, end);
                    if headline_start < headline_end {
                        sentences.push(Sentence {
                            start: headline_start,
                            end: headline_end,
                            teaser: true,
                            cut: false,
                        });
                    }
                }
                None => skipped.push(Skipped { start, end, reason }),
            }
        } else if !is_english(line) {
            skipped.push(Skipped {
                start,
                end,
                reason: "skipped text not in english",
            });
        } else {
            // "Reuters - ", "Canadian Press - ": the wire that sent the story, before its first
            // line, then perhaps its dateline.
            let first = sentences.is_empty() && skipped.iter().all(|skip| skip.reason != CREDIT);
            let credit = if first {
                credit_end(line).unwrap_or(0)
            } else {
                0
            };
            if credit > 0 {
                skipped.push(Skipped {
                    start,
                    end: start + credit,
                    reason: CREDIT,
                });
            }
            let start = start + credit;
            let line = &line[credit..];
            let body_start = match dateline_end(line) {
                Some(len) => {
                    skipped.push(Skipped {
                        start,
                        end: start + len,
                        reason: DATELINE,
                    });
                    let (body_start, _) = trim_span(text, start + len, end);
                    body_start
                }
                None => start,
            };
            split_sentences(text, body_start, end, &mut sentences);
        }
        line_start = next;
    }
    (sentences, skipped)
}

/// A line in capitals as names are written: "LAGOS (Reuters)" is "Lagos (Reuters)". Only ASCII
/// words change, so every byte keeps its offset.
pub(crate) fn title_case(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    for (idx, word) in line.split(' ').enumerate() {
        if idx > 0 {
            out.push(' ');
        }
        let capitals = word.bytes().any(|b| b.is_ascii_uppercase())
            && !word.bytes().any(|b| b.is_ascii_lowercase())
            && word.is_ascii();
        if capitals && word.len() > 1 {
            out.push_str(&word[..1]);
            out.push_str(&word[1..].to_ascii_lowercase());
        } else {
            out.push_str(word);
        }
    }
    out
}

/// The reason given for a skipped dateline.
pub(crate) const DATELINE: &str = "skipped dateline";

fn trim_span(text: &str, start: usize, end: usize) -> (usize, usize) {
    let slice = &text[start..end];
    let lead = slice.len() - slice.trim_start().len();
    let trail = slice.len() - slice.trim_end().len();
    if lead == slice.len() {
        return (start, start);
    }
    (start + lead, end - trail)
}

/// "5 Comments", "Comments", "Leave a Reply": reader comments follow.
fn is_comments_header(line: &str) -> bool {
    if line.len() > 24 {
        return false;
    }
    let lower = line.trim_end_matches(':').to_ascii_lowercase();
    let rest = lower
        .trim_start_matches(|c: char| c.is_ascii_digit())
        .trim();
    let counted = lower.starts_with(|c: char| c.is_ascii_digit());
    let names = [
        "comments",
        "comment",
        "responses",
        "response",
        "replies",
        "reader comments",
        "thoughts on",
    ];
    (counted && names.contains(&rest))
        || matches!(
            lower.as_str(),
            "comments"
                | "reader comments"
                | "leave a reply"
                | "leave a comment"
                | "add a comment"
                | "post a comment"
        )
        || (lower.starts_with("comments (") && lower.len() < 20)
}

/// Where the headline of a teaser starts: after its "READ MORE:" label; `None` when it has no colon label.
fn teaser_headline(line: &str) -> Option<usize> {
    let colon = line.find(':')?;
    (colon < 24).then_some(colon + 1)
}

/// Lines that are not article text: bylines, teasers, share lines, bare dates.
fn boilerplate(line: &str) -> Option<&'static str> {
    // Only the head of a line decides, and a long line is no byline or share line.
    let mut head_end = line.len().min(120);
    while !line.is_char_boundary(head_end) {
        head_end -= 1;
    }
    let lower = line[..head_end].to_ascii_lowercase();
    let teasers = [
        "read more",
        "read also",
        "also read",
        "related:",
        "related stories",
        "related articles",
        "related news",
        "see also",
        "recommended:",
        "more from",
        "you may also like",
        "don't miss",
        "watch:",
        "watch video",
        "click here",
    ];
    if teasers.iter().any(|teaser| lower.starts_with(teaser)) {
        return Some("skipped teaser");
    }
    let n_words = line.split_whitespace().take(13).count();
    let first = lower
        .split(|c: char| !c.is_alphanumeric() && c != '©')
        .next()
        .unwrap_or("");
    let share_words = [
        "share",
        "subscribe",
        "tweet",
        "email",
        "print",
        "advertisement",
        "copyright",
        "©",
    ];
    if n_words <= 12
        && (share_words.contains(&first)
            || lower.starts_with("follow us")
            || lower.starts_with("sign up")
            || lower.contains("all rights reserved"))
    {
        return Some("skipped share line");
    }
    let bylines = [
        "by ",
        "written by ",
        "reporting by ",
        "editing by ",
        "story by ",
    ];
    if n_words <= 10 && bylines.iter().any(|by| lower.starts_with(by)) && !line.ends_with('.') {
        return Some("skipped byline");
    }
    if n_words <= 8 && is_date_line(&lower) {
        return Some("skipped dateline");
    }
    None
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// "August 10, 2025", "Published: 10 Aug 2025 09:12", "Updated 2025-08-10".
fn is_date_line(lower: &str) -> bool {
    let rest = ["published", "updated", "posted", "last updated"]
        .iter()
        .find_map(|prefix| lower.strip_prefix(prefix))
        .unwrap_or(lower);
    let has_year = rest
        .split(|c: char| !c.is_ascii_digit())
        .any(|digits| digits.len() == 4 && (digits.starts_with("19") || digits.starts_with("20")));
    let words_ok = rest
        .split(|c: char| !c.is_alphabetic())
        .filter(|word| !word.is_empty())
        .all(|word| {
            MONTHS.iter().any(|month| word.starts_with(month))
                || matches!(
                    word,
                    "am" | "pm" | "on" | "at" | "pkt" | "gmt" | "utc" | "est" | "ist"
                )
                || super::time::WEEKDAYS.contains(&word)
        });
    has_year && words_ok
}

/// The reason given for a skipped credit line.
pub(crate) const CREDIT: &str = "skipped credit";

/// Length of a credit before the story: one to three capitalised words and a spaced dash
/// ("Reuters - ", "AFP - ", "Canadian Press - "), followed by a capitalised word. Names
/// that begin a sentence are followed by a verb, not a dash.
fn credit_end(line: &str) -> Option<usize> {
    let dash = line.find(" - ")?;
    let credit = &line[..dash];
    let words: Vec<&str> = credit.split(' ').collect();
    let capitalised = |word: &&str| {
        word.chars().next().is_some_and(char::is_uppercase)
            && word
                .chars()
                .all(|c| c.is_alphanumeric() || c == '.' || c == '&')
    };
    let rest = &line[dash + 3..];
    // A headline in capitals ("US - CHINA TALKS END") has no credit.
    (words.len() <= 3
        && words.iter().all(capitalised)
        && rest.starts_with(|c: char| c.is_uppercase())
        && rest.contains(|c: char| c.is_lowercase()))
    .then_some(dash + 3)
}

/// Length of a dateline prefix: "ISLAMABAD: ", "WASHINGTON, Aug 10 (Reuters) - ".
fn dateline_end(line: &str) -> Option<usize> {
    let mut caps_len = line
        .char_indices()
        .find(|(_, c)| !(c.is_uppercase() || *c == ' ' || *c == '.' || *c == '-'))
        .map_or(line.len(), |(idx, _)| idx);
    // Stopped inside a capitalised word ("WASHINGTON -- Iran"): the word is not part of it.
    if line[caps_len..].starts_with(char::is_lowercase) {
        caps_len = line[..caps_len].rfind(' ').map_or(0, |idx| idx + 1);
    }
    let caps = line[..caps_len].trim_end();
    if caps.chars().filter(|c| c.is_alphabetic()).count() < 3 {
        return None;
    }
    // "WASHINGTON -- Iran pledged": the dash was read with the capitals.
    let place = caps.trim_end_matches(['-', ' ']);
    if place.len() < caps.len() && place.chars().filter(|c| c.is_alphabetic()).count() >= 3 {
        return Some(caps.len());
    }
    let rest = &line[caps.len()..];
    if let Some(after) = rest.strip_prefix(':') {
        return Some(line.len() - after.len());
    }
    // "TRIPOLI, Libya: …", "LAGOS, Nigeria - …", "MADRID (Reuters) - …".
    let agency = rest.trim_start().starts_with('(');
    if rest.starts_with(',') || agency {
        let window: String = rest.chars().take(60).collect();
        let close = if agency { window.find(')') } else { Some(0) };
        for dash in [" - ", " – ", " — ", " -- ", ": "] {
            if let Some(idx) = window
                .find(dash)
                .filter(|idx| close.is_some_and(|c| c < *idx))
            {
                return Some(caps.len() + idx + dash.len());
            }
        }
    }
    None
}

const STOP_WORDS: [&str; 48] = [
    "the", "a", "an", "and", "or", "of", "to", "in", "on", "for", "with", "by", "at", "from", "is",
    "are", "was", "were", "be", "been", "has", "have", "had", "it", "its", "this", "that", "as",
    "but", "not", "he", "she", "they", "his", "her", "their", "will", "would", "said", "says",
    "after", "over", "about", "into", "who", "which", "than", "i",
];

const FOREIGN_WORDS: [&str; 32] = [
    "ve", "bir", "bu", "çok", "için", "ile", "und", "der", "die", "das", "ist", "nicht", "le",
    "les", "est", "et", "une", "el", "los", "las", "que", "del", "il", "che", "non", "hai", "nahi",
    "ka", "ki", "ke", "aur", "mein",
];

/// A stop-word ratio test: English prose has many short function words, other languages almost
/// none. Short lines need a second sign (foreign function words, or mostly non-ASCII words),
/// because English headlines have few stop words too. The first 40 words decide.
/// Whether a lower-case word is an English function word.
fn is_stop_word(lower: &[u8]) -> bool {
    static SORTED: std::sync::OnceLock<Vec<&'static [u8]>> = std::sync::OnceLock::new();
    SORTED
        .get_or_init(|| sorted_bytes(&STOP_WORDS))
        .binary_search(&lower)
        .is_ok()
}

/// Whether a lower-case word is a function word of another language.
fn is_foreign_word(lower: &[u8]) -> bool {
    static SORTED: std::sync::OnceLock<Vec<&'static [u8]>> = std::sync::OnceLock::new();
    SORTED
        .get_or_init(|| sorted_bytes(&FOREIGN_WORDS))
        .binary_search(&lower)
        .is_ok()
}

fn sorted_bytes(words: &[&'static str]) -> Vec<&'static [u8]> {
    let mut sorted: Vec<&'static [u8]> = words.iter().map(|word| word.as_bytes()).collect();
    sorted.sort_unstable();
    sorted
}

/// A word with an ending of English inflection or derivation: "targeting", "seized",
/// "Yemen's", "jobs", "formally", "elections". Other languages' words rarely end so in ASCII.
fn english_shaped(word: &str) -> bool {
    [
        "ing", "ed", "'s", "’s", "ly", "tion", "tions", "ment", "ers", "ies", "ts", "ks",
    ]
    .iter()
    .any(|ending| {
        word.len() > ending.len() + 2
            && word.is_char_boundary(word.len() - ending.len())
            && word[word.len() - ending.len()..].eq_ignore_ascii_case(ending)
    })
}

fn is_english(line: &str) -> bool {
    let mut n_words = 0;
    let mut n_stop = 0;
    let mut n_capitalised = 0;
    let mut n_foreign = 0;
    let mut n_non_ascii = 0;
    let words = || {
        line.split_whitespace()
            .take(40)
            .map(|word| word.trim_matches(|c: char| !c.is_alphanumeric()))
            .filter(|word| !word.is_empty())
    };
    for word in words() {
        n_words += 1;
        if word.len() <= 5 {
            let mut buffer = [0u8; 5];
            buffer[..word.len()].copy_from_slice(word.as_bytes());
            buffer.make_ascii_lowercase();
            let lower = &buffer[..word.len()];
            if is_stop_word(lower) {
                n_stop += 1;
                // Four function words settle it: none of the foreign tests below can hold.
                if n_stop >= 4 {
                    return true;
                }
            } else if is_foreign_word(lower) {
                n_foreign += 1;
            }
        }
        if !word.is_ascii() {
            n_non_ascii += 1;
        }
        if word.starts_with(|c: char| c.is_uppercase()) {
            n_capitalised += 1;
        }
    }
    let title_case = n_capitalised * 10 >= n_words * 6 && line.is_ascii();
    // Headlines have few function words but English endings and frequent English words
    // ("launch airstrikes … targeting", "kill at least five people across").
    // Counted only for the few lines that need it.
    let few_english_words = || {
        let tagger = super::tagger::bundled();
        let english = words()
            .filter(|word| english_shaped(word) || tagger.is_frequent_word(word))
            .count();
        english * 4 < n_words
    };
    let foreign = (n_words >= 8 && n_stop * 10 < n_words && !title_case && few_english_words())
        || (n_words >= 4 && n_stop == 0 && n_foreign >= 2)
        || (n_words >= 5 && n_stop == 0 && n_non_ascii * 2 >= n_words);
    !foreign
}

const ABBREVIATIONS: [&str; 45] = [
    "Gen", "Gens", "Dr", "Mr", "Mrs", "Ms", "Lt", "Col", "Maj", "Brig", "Capt", "Sgt", "Adm",
    "Gov", "Sen", "Rep", "Prof", "St", "Jr", "Sr", "No", "Nos", "Jan", "Feb", "Mar", "Apr", "Jun",
    "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "vs", "Inc", "Ltd", "Co", "Corp", "Mt", "Ft",
    "Rev", "Hon", "approx", "Messrs",
];

const SENTENCE_STARTERS: [&str; 24] = [
    "The",
    "He",
    "She",
    "It",
    "They",
    "We",
    "I",
    "This",
    "That",
    "These",
    "Those",
    "In",
    "On",
    "At",
    "But",
    "However",
    "Meanwhile",
    "A",
    "An",
    "His",
    "Her",
    "Its",
    "Their",
    "There",
];

/// Splits one line into sentences at `.`, `!` or `?` followed by space and a capital,
/// except after abbreviations, initials and dotted acronyms.
fn split_sentences(text: &str, start: usize, end: usize, out: &mut Vec<Sentence>) {
    let line = &text[start..end];
    let bytes = line.as_bytes();
    let mut sentence_start = 0;
    let mut idx = 0;
    while idx < bytes.len() {
        let byte = bytes[idx];
        if !matches!(byte, b'.' | b'!' | b'?') {
            idx += 1;
            continue;
        }
        // Closing quotes and brackets belong to the sentence they close.
        let mut close = idx + 1;
        while close < line.len() {
            let c = line[close..]
                .chars()
                .next()
                .expect("close is inside the line");
            if matches!(c, '"' | '\'' | '”' | '’' | ')' | ']') {
                close += c.len_utf8();
            } else {
                break;
            }
        }
        let rest = &line[close..];
        let after = rest.trim_start();
        if after.len() == rest.len() && !rest.is_empty() {
            idx += 1;
            continue;
        }
        let boundary = match after.chars().next() {
            None => true,
            Some(c) if c.is_lowercase() => false,
            Some(_) if byte != b'.' => true,
            Some(_) => period_ends_sentence(&line[sentence_start..idx], after, sentence_start == 0),
        };
        if boundary {
            push_sentence(text, start + sentence_start, start + close, out);
            sentence_start = close;
        }
        idx = close.max(idx + 1);
    }
    push_sentence(text, start + sentence_start, end, out);
}

fn period_ends_sentence(before: &str, after: &str, at_line_start: bool) -> bool {
    let word = before.rsplit(char::is_whitespace).next().unwrap_or("");
    let word = word.trim_start_matches(|c: char| !c.is_alphanumeric());
    if ABBREVIATIONS.contains(&word) {
        return false;
    }
    let mut chars = word.chars();
    if let (Some(first), None) = (chars.next(), chars.next()) {
        if first.is_uppercase() {
            return false; // An initial: "Charles Q. Brown".
        }
    }
    if at_line_start
        && !word.is_empty()
        && word.bytes().all(|b| b.is_ascii_digit())
        && before.trim() == word
    {
        return false; // A list number: "1. Pakistan ...".
    }
    if word.contains('.') {
        let next_word = after
            .split(|c: char| !c.is_alphanumeric())
            .next()
            .unwrap_or("");
        return SENTENCE_STARTERS.contains(&next_word);
    }
    true
}

fn push_sentence(text: &str, start: usize, end: usize, out: &mut Vec<Sentence>) {
    let (mut start, end) = trim_span(text, start, end);
    // List bullets are layout, not part of the sentence.
    let slice = &text[start..end];
    for bullet in ["- ", "• ", "* ", "– "] {
        if let Some(rest) = slice.strip_prefix(bullet) {
            start = end - rest.trim_start().len();
            break;
        }
    }
    let mut first = true;
    while end - start > MAX_SENTENCE_BYTES {
        let piece_end = cut_point(text, start);
        let (piece_start, trimmed_end) = trim_span(text, start, piece_end);
        push_piece(text, piece_start, trimmed_end, first, out);
        first = false;
        start = text[piece_end..end]
            .find(|c: char| !c.is_whitespace())
            .map_or(end, |offset| piece_end + offset);
    }
    push_piece(text, start, end, false, out);
}

fn push_piece(text: &str, start: usize, end: usize, cut: bool, out: &mut Vec<Sentence>) {
    if text[start..end].chars().any(char::is_alphabetic) {
        out.push(Sentence {
            start,
            end,
            teaser: false,
            cut,
        });
    }
}

/// Where to cut a run-on sentence that starts at `start`: after the last comma or semicolon
/// in its second half of [`MAX_SENTENCE_BYTES`], else at the last space, else at a character
/// boundary.
fn cut_point(text: &str, start: usize) -> usize {
    let mut limit = start + MAX_SENTENCE_BYTES;
    while !text.is_char_boundary(limit) {
        limit -= 1;
    }
    let window = &text[start..limit];
    let half = MAX_SENTENCE_BYTES / 2;
    let after = |found: Option<usize>, len: usize| {
        found
            .filter(|idx| *idx >= half)
            .map(|idx| start + idx + len)
    };
    after(window.rfind([',', ';']), 1)
        .or_else(|| after(window.rfind(' '), 0))
        .unwrap_or(limit)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(text: &str) -> Vec<&str> {
        prepare(text)
            .0
            .iter()
            .map(|sentence| &text[sentence.start..sentence.end])
            .collect()
    }

    #[test]
    fn run_on_text_is_cut_after_a_comma_into_bounded_pieces() {
        let clause = "Pakistan met India in Doha, ";
        let text = format!("{}and they left.", clause.repeat(200));
        let (found, _) = prepare(&text);
        assert!(found.len() > 2);
        assert!(found[0].cut && found[1..].iter().all(|sentence| !sentence.cut));
        for sentence in &found {
            let piece = &text[sentence.start..sentence.end];
            assert!(piece.len() <= MAX_SENTENCE_BYTES);
            assert!(piece.starts_with("Pakistan met"), "{piece}");
        }
        // Nothing is lost between the pieces: they cover the text but for the spaces.
        let covered: usize = found
            .iter()
            .map(|sentence| sentence.end - sentence.start)
            .sum();
        assert_eq!(covered + found.len() - 1, text.len());
        // A run of text with no comma and no space is cut at a character boundary.
        let word = "ü".repeat(3_000);
        let (found, _) = prepare(&word);
        assert_eq!(found.len(), 3);
        assert!(found
            .iter()
            .all(|sentence| sentence.end - sentence.start <= MAX_SENTENCE_BYTES));
    }

    #[test]
    fn abbreviations_and_initials_do_not_end_sentences() {
        let text = "Gen. Ali Raza met Dr. Sara Qureshi on Jan. 5 in the U.S. capital. Lt. Col. Omar Shah and Charles Q. Brown spoke. It rained.";
        assert_eq!(
            sentences(text),
            [
                "Gen. Ali Raza met Dr. Sara Qureshi on Jan. 5 in the U.S. capital.",
                "Lt. Col. Omar Shah and Charles Q. Brown spoke.",
                "It rained."
            ]
        );
    }

    #[test]
    fn acronyms_end_sentences_before_a_usual_starter() {
        let text = "Talks were held in the U.S. The next round is in Doha. No. 10 said nothing.";
        assert_eq!(
            sentences(text),
            [
                "Talks were held in the U.S.",
                "The next round is in Doha.",
                "No. 10 said nothing."
            ]
        );
    }

    #[test]
    fn quotes_headlines_and_lists() {
        let text = "Leaders Gather In Doha\n\"We agreed.\" The envoy left.\n- First item without period\n1. Second item here.";
        assert_eq!(
            sentences(text),
            [
                "Leaders Gather In Doha",
                "\"We agreed.\"",
                "The envoy left.",
                "First item without period",
                "1. Second item here."
            ]
        );
    }

    #[test]
    fn non_article_parts_are_skipped_with_a_reason() {
        let text = "By Sana Ahmed, Daily Wire\nISLAMABAD: The talks began today.\nREAD MORE: Ministers to meet next week\nShare this article\nAugust 10, 2025\nThe envoy arrived later.\n3 Comments\nGreat piece, thanks.";
        let (found, skipped) = prepare(text);
        let kept: Vec<&str> = found
            .iter()
            .map(|sentence| &text[sentence.start..sentence.end])
            .collect();
        assert_eq!(
            kept,
            [
                "The talks began today.",
                "Ministers to meet next week",
                "The envoy arrived later."
            ]
        );
        let teasers: Vec<bool> = found.iter().map(|sentence| sentence.teaser).collect();
        assert_eq!(
            teasers,
            [false, true, false],
            "a teaser's headline is kept, marked as one"
        );
        let reasons: Vec<(&str, &str)> = skipped
            .iter()
            .map(|skip| (skip.reason, &text[skip.start..skip.end]))
            .collect();
        assert_eq!(
            reasons,
            [
                ("skipped byline", "By Sana Ahmed, Daily Wire"),
                ("skipped dateline", "ISLAMABAD:"),
                ("skipped teaser", "READ MORE:"),
                ("skipped share line", "Share this article"),
                ("skipped dateline", "August 10, 2025"),
                (
                    "skipped reader comments",
                    "3 Comments\nGreat piece, thanks."
                ),
            ]
        );
    }

    #[test]
    fn datelines_of_the_wires_are_skipped() {
        let text = "KABUL (Reuters) - Talks began.\nQUITO -- The envoy left.\nSUVA, Fiji: Rain fell.\nUS - CHINA TALKS END\nNATO Leaders Meet";
        let datelines: Vec<&str> = prepare(text)
            .1
            .iter()
            .map(|skip| text[skip.start..skip.end].trim_end())
            .collect();
        assert_eq!(datelines, ["KABUL (Reuters) -", "QUITO --", "SUVA, Fiji:"]);
        // A wire's credit, alone or before a dateline, on the story's first line only.
        let skips = |text: &str| -> Vec<(&'static str, String)> {
            prepare(text)
                .1
                .iter()
                .map(|skip| {
                    (
                        skip.reason,
                        text[skip.start..skip.end].trim_end().to_string(),
                    )
                })
                .collect()
        };
        let credit = |text: &str| ("skipped credit", text.to_string());
        let dateline = |text: &str| ("skipped dateline", text.to_string());
        assert_eq!(
            skips("Reuters - The council imposed an embargo."),
            [credit("Reuters -")]
        );
        let text = "Wire Service - LIMA, Peru (AP) - Talks began.\nIran - The hard case - waits.";
        assert_eq!(
            skips(text),
            [credit("Wire Service -"), dateline("LIMA, Peru (AP) -")]
        );
        assert_eq!(
            sentences(text),
            ["Talks began.", "Iran - The hard case - waits."]
        );
        // Not a name before a lower-case word, nor a headline in capitals.
        assert!(skips("Iran - a hard case - waits.").is_empty());
        assert!(skips("US - CHINA TALKS END").is_empty());
    }

    #[test]
    fn a_headline_with_few_function_words_is_english() {
        // One function word in thirteen: English by its endings and frequent words.
        let text = "Syrian rebels seize Turkish border posts, killing three guards and wounding several more.";
        let (found, skipped) = prepare(text);
        assert_eq!(found.len(), 1, "{skipped:?}");
        assert!(skipped.is_empty());
    }

    #[test]
    fn text_in_another_language_is_skipped() {
        let text = "The minister spoke to reporters in the capital.\nBu konu gerçekten çok güzel anlatılmış teşekkürler hocam";
        let (found, skipped) = prepare(text);
        assert_eq!(found.len(), 1);
        assert_eq!(skipped[0].reason, "skipped text not in english");
    }
}
