//! Time expressions of a sentence, resolved against the report date.
//!
//! `scan` reads a sentence once and finds what it says about time: weekdays ("on Tuesday"),
//! days relative to the report ("yesterday", "two days ago"), weeks, months and years relative
//! to it ("last week", "earlier this month", "next year"), named months with or without a day
//! and a year in either order ("in May", "last May", "on 3 March", "March 3, 2024"), years
//! ("in 2019"), decades ("the 1990s"), a few named days that fix a date ("Christmas Day",
//! "9/11"), seasons, weekends and ranges ("from 7 to 10 May", "between 2019 and 2021"). It
//! also cuts the sentence into clauses, so that each event takes the expression of its own
//! clause ("X said on Tuesday that Y attacked Z": the Tuesday is the saying's).
//!
//! `Times::event_time` gives one event its time: the nearest expression in the clause of its
//! trigger, resolved towards the past, or towards the future for plans (CAMEO 03). An event
//! told by a noun after "since", "after", "following" and the like, or a noun that a past
//! time modifies ("the 2008 war", "the strikes last May"), is background: it gets the time it
//! names, flagged, or no event at all when it names none. Pure code: no I/O, and linear in
//! the length of the sentence.

use crate::model::{civil_from_days, days_from_civil, EventTime, Precision};

/// A period of days (since 1970-01-01) at a precision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Resolved {
    /// First day.
    pub start: i32,
    /// Last day.
    pub end: i32,
    /// Unit of the ends.
    pub precision: Precision,
}

impl Resolved {
    fn of(start: i32, precision: Precision) -> Resolved {
        Resolved {
            start,
            end: precision.last_day(start),
            precision,
        }
    }

    fn day(year: i64, month: u32, day: u32) -> Option<Resolved> {
        valid_day(year, month, day).then(|| {
            Resolved::of(
                days_from_civil(year, i64::from(month), i64::from(day)),
                Precision::Day,
            )
        })
    }

    fn month(year: i64, month: u32) -> Resolved {
        Resolved::of(days_from_civil(year, i64::from(month), 1), Precision::Month)
    }

    fn year(year: i64) -> Resolved {
        Resolved::of(days_from_civil(year, 1, 1), Precision::Year)
    }

    /// The time of an event with this period: the end is kept only when it is not the one the
    /// precision implies.
    pub fn event_time(&self, background: bool) -> EventTime {
        EventTime {
            precision: self.precision,
            end: (self.end != self.precision.last_day(self.start)).then_some(self.end),
            background,
        }
    }
}

fn valid_day(year: i64, month: u32, day: u32) -> bool {
    (1..=12).contains(&month)
        && day >= 1
        && civil_from_days(days_from_civil(year, i64::from(month), i64::from(day))).2 == day
}

/// Which way a relative expression reaches from the report date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rel {
    /// "last May", "last Tuesday": strictly before.
    Last,
    /// "this May", or nothing ("in May", "on Tuesday"): the nearest, past or future by the event.
    Near,
    /// "next May": strictly after.
    Next,
}

/// A calendar unit of a relative expression.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unit {
    Day,
    Week,
    Month,
    Year,
}

/// What an expression says, before it meets a report date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expr {
    /// Fixed in the calendar: "3 March 2024", "in 2019", "the 1990s", "9/11".
    Fixed(Resolved),
    /// A day of a month, the year left to the report date: "3 March", "May 7-10" (last day).
    MonthDay { month: u32, day: u32, last: u32 },
    /// A month, or months, of an unsaid year: "in May", "last May", "from March to May".
    Month { month: u32, last: u32, rel: Rel },
    /// A weekday, Monday = 0: "on Tuesday", "last Tuesday".
    Weekday { weekday: u32, rel: Rel },
    /// The unit that holds the report date, shifted: "yesterday" (day -1), "last week" (week
    /// -1), "earlier this month" (month 0), "two years ago" (year -2).
    Shift { unit: Unit, by: i32 },
    /// A weekend, Saturday and Sunday: "at the weekend", "last weekend".
    Weekend { rel: Rel },
    /// A season of the northern hemisphere by its first month: "last summer".
    Season { first: u32, rel: Rel },
}

impl Expr {
    /// The period this expression names in a report of day `report`; `future` for plans.
    fn resolve(&self, report: i32, future: bool) -> Option<Resolved> {
        let (year, month, _) = civil_from_days(report);
        let weekday_of = |day: i32| (day + 3).rem_euclid(7) as u32; // 1970-01-01 was a Thursday
        Some(match *self {
            Expr::Fixed(resolved) => resolved,
            Expr::MonthDay {
                month: m,
                day,
                last,
            } => {
                let at = |y: i64| days_from_civil(y, i64::from(m), i64::from(day));
                let mut y = year;
                if !future && at(y) > report {
                    y -= 1;
                } else if future && at(y) < report {
                    y += 1;
                }
                let start = Resolved::day(y, m, day)?;
                let end = Resolved::day(y, m, last)?;
                Resolved {
                    end: end.start.max(start.start),
                    ..start
                }
            }
            Expr::Month {
                month: m,
                last,
                rel,
            } => {
                let y = match rel {
                    Rel::Last if m >= month => year - 1,
                    Rel::Last => year,
                    Rel::Next if m <= month => year + 1,
                    Rel::Next => year,
                    Rel::Near if !future && m > month => year - 1,
                    Rel::Near if future && m < month => year + 1,
                    Rel::Near => year,
                };
                let start = Resolved::month(y, m);
                let last_year = if last < m { y + 1 } else { y };
                Resolved {
                    end: Resolved::month(last_year, last).end,
                    ..start
                }
            }
            Expr::Weekday { weekday, rel } => {
                let today = weekday_of(report) as i32;
                let back = (today - weekday as i32).rem_euclid(7);
                let ahead = (weekday as i32 - today).rem_euclid(7);
                let day = match rel {
                    Rel::Last => report - if back == 0 { 7 } else { back },
                    Rel::Next => report + if ahead == 0 { 7 } else { ahead },
                    Rel::Near if future => report + ahead,
                    Rel::Near => report - back,
                };
                Resolved::of(day, Precision::Day)
            }
            Expr::Shift { unit, by } => match unit {
                Unit::Day => Resolved::of(report + by, Precision::Day),
                Unit::Week => {
                    let monday = report - weekday_of(report) as i32;
                    Resolved::of(monday + 7 * by, Precision::Week)
                }
                Unit::Month => {
                    let index = year * 12 + i64::from(month) - 1 + i64::from(by);
                    Resolved::month(index.div_euclid(12), index.rem_euclid(12) as u32 + 1)
                }
                Unit::Year => Resolved::year(year + i64::from(by)),
            },
            Expr::Weekend { rel } => {
                let today = weekday_of(report) as i32;
                let saturday = match rel {
                    Rel::Next => report + (5 - today).rem_euclid(7).max(1),
                    Rel::Near if future => report + (5 - today).rem_euclid(7),
                    Rel::Last if today >= 5 => report - (today - 5) - 7,
                    _ => report - (today - 5).rem_euclid(7),
                };
                Resolved {
                    start: saturday,
                    end: saturday + 1,
                    precision: Precision::Day,
                }
            }
            Expr::Season { first, rel } => {
                // The season holding the report, then one back or on.
                let index = year * 12 + i64::from(month) - 1;
                let first_index = |y: i64| y * 12 + i64::from(first) - 1;
                let mut start = first_index(year);
                while start > index {
                    start -= 12;
                }
                while start + 12 <= index {
                    start += 12;
                }
                let ongoing = index < start + 3;
                match rel {
                    Rel::Last => start -= if ongoing { 12 } else { 0 },
                    Rel::Next => start += 12,
                    Rel::Near if future && !ongoing => start += 12,
                    Rel::Near => {}
                }
                let month_of = |index: i64| {
                    Resolved::month(index.div_euclid(12), index.rem_euclid(12) as u32 + 1)
                };
                Resolved {
                    end: month_of(start + 2).end,
                    ..month_of(start)
                }
            }
        })
    }
}

/// A word or mark of the sentence: its byte span and its text in lower case.
#[derive(Debug, Clone)]
struct Token {
    start: usize,
    end: usize,
    lower: String,
    capital: bool,
}

/// Splits text into words (letters and digits, with an apostrophe inside a word kept apart as
/// `'s`) and single marks.
fn tokens(text: &str, base: usize) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        if c.is_whitespace() {
            continue;
        }
        let mut end = at + c.len_utf8();
        if c.is_alphanumeric() {
            while let Some(&(next_at, next)) = chars.peek() {
                if next.is_alphanumeric() {
                    end = next_at + next.len_utf8();
                    chars.next();
                } else {
                    break;
                }
            }
        } else if matches!(c, '\'' | '’') {
            // "year's": the possessive as one token.
            if let Some(&(next_at, 's')) = chars.peek() {
                end = next_at + 1;
                chars.next();
            }
        }
        let word = &text[at..end];
        tokens.push(Token {
            start: base + at,
            end: base + end,
            lower: word.to_lowercase().replace('’', "'"),
            capital: c.is_uppercase(),
        });
    }
    tokens
}

pub(crate) const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];
const MONTHS_SHORT: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];
pub(crate) const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// Words before a month name or a year that make it a time ("in May", not "Theresa May").
const TIME_WORDS: &[&str] = &[
    "in",
    "on",
    "of",
    "since",
    "until",
    "till",
    "by",
    "from",
    "to",
    "through",
    "during",
    "early",
    "mid",
    "late",
    "last",
    "next",
    "this",
    "between",
    "and",
    "end",
    "beginning",
    "start",
    "before",
    "after",
    "the",
    "around",
    "-",
    "–",
    "throughout",
    "for",
    "as",
    "into",
    "at",
    "year",
    "middle",
    "earlier",
    "later",
    "spring",
    "summer",
    "autumn",
    "winter",
    "fall",
];

/// Words that open a new clause; the clause before keeps its own time.
const CLAUSE_WORDS: &[&str] = &[
    "that", "which", "who", "whom", "while", "whereas", "but", "because", "although", "though",
];

/// Prepositions before a noun that tell of an earlier event as background.
const BACKGROUND_WORDS: &[&str] = &[
    "since",
    "after",
    "following",
    "amid",
    "before",
    "like",
    "until",
    "anniversary",
    "during",
    "in",
    "of",
    "over",
    "from",
    "for",
];

/// How many days before the report a period must be over for a time after a noun to make it
/// background without a preposition before it.
const RECENT_DAYS: i32 = 7;

/// Of those, the ones that make a mention background even when it names no time: the rest
/// ("during talks", "in the attack") as often tell the news itself.
const BACKGROUND_WITHOUT_TIME: &[&str] = &[
    "since",
    "after",
    "following",
    "amid",
    "before",
    "like",
    "until",
    "anniversary",
];

/// Verbs whose object is an earlier event ("the strike follows an attack", "the talks followed
/// the clashes"): they make a mention background as "following" does.
const FOLLOW_VERBS: &[&str] = &[
    "follow",
    "follows",
    "followed",
    "recalled",
    "recalls",
    "recalling",
];

/// Nouns and participles that, with the preposition after them, tell of an earlier event as
/// its cause ("in retaliation for", "in response to", "in the wake of", "prompted by",
/// "due to"): strong cues, like "after".
const CAUSE_WORDS: &[&str] = &[
    "retaliation",
    "reprisal",
    "response",
    "wake",
    "aftermath",
    "prompted",
    "sparked",
    "triggered",
    "caused",
    "due",
];

/// The background cue that token `idx` is, as the word of `BACKGROUND_WORDS` it counts as:
/// a preposition of that list, a verb of `FOLLOW_VERBS` (as "following"), or the preposition of
/// a phrase of `CAUSE_WORDS` (as "after").
fn background_cue(tokens: &[Token], idx: usize) -> Option<&'static str> {
    let word = tokens[idx].lower.as_str();
    if FOLLOW_VERBS.contains(&word) {
        return Some("following");
    }
    let cause = idx > 0 && CAUSE_WORDS.contains(&tokens[idx - 1].lower.as_str());
    // "due to" before a verb is a plan ("due to take part in talks"): only before a noun
    // phrase that opens with a determiner, a possessive or a name is it a cause.
    let noun_phrase = tokens.get(idx + 1).is_some_and(|next| {
        next.capital
            || matches!(
                next.lower.as_str(),
                "the" | "a" | "an" | "its" | "their" | "his" | "her" | "this" | "that" | "these"
            )
    });
    let cause = cause && (tokens[idx - 1].lower != "due" || noun_phrase);
    if cause && matches!(word, "to" | "for" | "of" | "by") {
        return Some("after");
    }
    BACKGROUND_WORDS.iter().find(|cue| **cue == word).copied()
}

fn month_of(word: &str) -> Option<u32> {
    let word = word.strip_suffix('.').unwrap_or(word);
    MONTHS
        .iter()
        .position(|month| *month == word)
        .or_else(|| {
            (word != "may" && word != "mar")
                .then(|| MONTHS_SHORT.iter().position(|month| *month == word))
                .flatten()
        })
        .or_else(|| (word == "sept").then_some(8))
        .map(|index| index as u32 + 1)
}

fn weekday_of(word: &str) -> Option<u32> {
    WEEKDAYS
        .iter()
        .position(|day| *day == word)
        .map(|index| index as u32)
}

fn number_word(word: &str) -> Option<i32> {
    const WORDS: [&str; 13] = [
        "a", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve",
    ];
    if let Some(index) = WORDS.iter().position(|w| *w == word) {
        return Some(index.max(1) as i32);
    }
    if word == "an" {
        return Some(1);
    }
    (word.len() <= 3 && word.bytes().all(|b| b.is_ascii_digit()))
        .then(|| word.parse().ok())
        .flatten()
}

/// A day of the month: "7", "7th", "21st".
fn day_number(word: &str) -> Option<u32> {
    let digits = word
        .strip_suffix("st")
        .or_else(|| word.strip_suffix("nd"))
        .or_else(|| word.strip_suffix("rd"))
        .or_else(|| word.strip_suffix("th"))
        .unwrap_or(word);
    (!digits.is_empty() && digits.len() <= 2 && digits.bytes().all(|b| b.is_ascii_digit()))
        .then(|| digits.parse().ok())
        .flatten()
        .filter(|day| (1..=31).contains(day))
}

fn year_number(word: &str) -> Option<i64> {
    (word.len() == 4 && word.bytes().all(|b| b.is_ascii_digit()))
        .then(|| word.parse().ok())
        .flatten()
        .filter(|year| (1800..=2199).contains(year))
}

/// One expression found: tokens `first..last` (inclusive) of the sentence.
#[derive(Debug, Clone, Copy)]
struct Found {
    first: usize,
    last: usize,
    expr: Expr,
}

/// The time expressions and clauses of one sentence.
#[derive(Debug, Clone, Default)]
pub struct Times {
    tokens: Vec<Token>,
    found: Vec<Found>,
    /// The clause of each token.
    clause: Vec<u32>,
}

impl Times {
    /// Reads the sentence `text[start..end]`; offsets stay those of `text`.
    pub fn scan(text: &str, start: usize, end: usize) -> Times {
        let tokens = tokens(&text[start..end], start);
        let found = find(&tokens);
        let clause = clauses(&tokens, &found);
        Times {
            tokens,
            found,
            clause,
        }
    }

    /// Whether the sentence says anything about time.
    pub fn is_empty(&self) -> bool {
        self.found.is_empty()
    }

    /// The time of an event whose trigger is at bytes `trigger` of the text, in a report of
    /// day `report` (days since 1970-01-01): its period and whether it is background, or
    /// `None` when the event is background that names no time and must not be made.
    /// `nominal` says the trigger is a noun ("the war"), `plan` that the event is a plan or an
    /// intention (CAMEO 03), which looks forward.
    pub fn event_time(
        &self,
        trigger: (usize, usize),
        nominal: bool,
        plan: bool,
        report: Option<i32>,
    ) -> Option<(Option<Resolved>, bool)> {
        let at = self
            .tokens
            .partition_point(|token| token.end <= trigger.0)
            .min(self.tokens.len().saturating_sub(1));
        let end_at = self
            .tokens
            .partition_point(|token| token.start < trigger.1)
            .saturating_sub(1)
            .max(at);
        let clause = self.clause.get(at).copied();
        // The nearest expression of the trigger's clause.
        let chosen = self
            .found
            .iter()
            .filter(|found| {
                Some(self.clause[found.first]) == clause || Some(self.clause[found.last]) == clause
            })
            .min_by_key(|found| {
                if found.last < at {
                    at - found.last
                } else {
                    found.first.saturating_sub(end_at)
                }
            });
        let resolved = match (chosen, report) {
            (Some(found), Some(report)) => found.expr.resolve(report, plan),
            (
                Some(Found {
                    expr: Expr::Fixed(resolved),
                    ..
                }),
                None,
            ) => Some(*resolved),
            _ => None,
        };
        if !nominal || self.tokens.is_empty() {
            return Some((resolved, false));
        }
        // Back over the noun phrase of the trigger to the word before it.
        let mut before = None;
        let mut modified = false;
        let mut idx = at;
        for _ in 0..7 {
            if idx == 0 {
                break;
            }
            idx -= 1;
            let word = self.tokens[idx].lower.as_str();
            if let Some(cue) = background_cue(&self.tokens, idx) {
                before = Some(cue);
                break;
            }
            if chosen.is_some_and(|found| (found.first..=found.last).contains(&idx)) {
                modified = true;
                continue;
            }
            let in_phrase = matches!(
                word,
                "the"
                    | "a"
                    | "an"
                    | "its"
                    | "their"
                    | "his"
                    | "her"
                    | "our"
                    | "this"
                    | "that"
                    | "these"
                    | "those"
                    | "'s"
                    | "'"
                    | "-"
                    | "–"
                    | "deadly"
                    | "bloody"
                    | "brief"
                    | "recent"
                    | "previous"
                    | "earlier"
                    | "last"
                    | "first"
                    | "second"
                    | "four-day"
            ) || self.tokens[idx].capital
                || word.bytes().all(|b| b.is_ascii_digit());
            if !in_phrase {
                break;
            }
        }
        // A past time soon after the noun: "the strikes last May", "the invasion of Kursk in 2024";
        // after a word that always tells of an earlier event, a little further on ("follows the
        // killing of the general in an airstrike last week").
        let strong = before.is_some_and(|word| BACKGROUND_WITHOUT_TIME.contains(&word));
        let past =
            resolved.is_some_and(|resolved| report.is_none_or(|report| resolved.start < report));
        // A time after a noun with nothing before it ("the ceasefire of October 2025") makes
        // background only when it is over well before the report: "the strike on Tuesday" is
        // news. A whole month or year before the report's own is over too, however near its end
        // ("the election last year" in a report of 1 January).
        let long_over = resolved.is_some_and(|resolved| {
            report.is_none_or(|report| {
                resolved.end < report - RECENT_DAYS
                    || resolved.end < report
                        && matches!(
                            resolved.precision,
                            Precision::Month | Precision::Year | Precision::Decade
                        )
            })
        });
        // A noun after a preposition ("arrested in the killing of X near Y in June") keeps its
        // phrase to the end of the clause when the time is long over: the time of the phrase
        // is the noun's, not that of the verb before it.
        let reach = match before {
            Some(_) if strong => 8,
            Some(_) if long_over => 14,
            _ => 5,
        };
        let after =
            chosen.is_some_and(|found| found.first > end_at && found.first <= end_at + reach);
        let background = match before {
            Some(word) if BACKGROUND_WITHOUT_TIME.contains(&word) => true,
            Some(_) => past && (modified || after),
            None => past && (modified || after && long_over),
        };
        if background && !(past && (modified || after)) {
            // Background without a time of its own: no event rather than one on the report date.
            return None;
        }
        Some((resolved, background))
    }
}

/// Finds the expressions of a sentence, left to right, each token in at most one.
fn find(tokens: &[Token]) -> Vec<Found> {
    let mut found: Vec<Found> = Vec::new();
    let word = |idx: usize| tokens.get(idx).map_or("", |token| token.lower.as_str());
    let mut idx = 0;
    while idx < tokens.len() {
        if let Some((last, expr)) = expression_at(tokens, idx) {
            // A range: "from March to May", "between 2019 and 2021", "7 May - 10 May".
            let joined = found.last().copied().filter(|previous| {
                previous.last + 2 == idx
                    && matches!(
                        word(previous.last + 1),
                        "to" | "until" | "till" | "through" | "-" | "–" | "and"
                    )
                    && (word(previous.last + 1) != "and"
                        || previous.first > 0 && word(previous.first - 1) == "between")
            });
            match joined.and_then(|previous| range(previous.expr, expr)) {
                Some(expr) => {
                    let previous = found.last_mut().expect("joined to it");
                    previous.last = last;
                    previous.expr = expr;
                }
                None => found.push(Found {
                    first: idx,
                    last,
                    expr,
                }),
            }
            idx = last + 1;
        } else {
            idx += 1;
        }
    }
    found
}

/// Two expressions joined into a range, when they are of one kind.
fn range(from: Expr, to: Expr) -> Option<Expr> {
    Some(match (from, to) {
        (Expr::Fixed(a), Expr::Fixed(b)) if a.precision == b.precision && a.start <= b.end => {
            Expr::Fixed(Resolved { end: b.end, ..a })
        }
        (Expr::Month { month, rel, .. }, Expr::Month { last, .. }) => {
            Expr::Month { month, last, rel }
        }
        (
            Expr::MonthDay { month, day, .. },
            Expr::MonthDay {
                month: m2, last, ..
            },
        ) if month == m2 => Expr::MonthDay { month, day, last },
        _ => return None,
    })
}

/// The expression that starts at token `idx`, with its last token.
fn expression_at(tokens: &[Token], idx: usize) -> Option<(usize, Expr)> {
    let word = |at: usize| tokens.get(at).map_or("", |token| token.lower.as_str());
    let prev = if idx > 0 { word(idx - 1) } else { "" };
    let here = word(idx);
    let rel_of = |w: &str| match w {
        "last" | "past" | "previous" => Some(Rel::Last),
        "this" | "the" | "that" => Some(Rel::Near),
        "next" | "coming" => Some(Rel::Next),
        _ => None,
    };
    // ISO dates: 2025-05-07.
    if let Some(year) = year_number(here) {
        if word(idx + 1) == "-" && word(idx + 3) == "-" {
            if let (Some(month), Some(day)) = (
                word(idx + 2)
                    .parse::<u32>()
                    .ok()
                    .filter(|_| word(idx + 2).len() == 2),
                day_number(word(idx + 4)).filter(|_| word(idx + 4).len() == 2),
            ) {
                if let Some(resolved) = Resolved::day(year, month, day) {
                    return Some((idx + 4, Expr::Fixed(resolved)));
                }
            }
        }
    }
    // 9/11.
    if here == "9" && word(idx + 1) == "/" && word(idx + 2) == "11" {
        return Resolved::day(2001, 9, 11).map(|resolved| (idx + 2, Expr::Fixed(resolved)));
    }
    // Decades: "the 1990s", "the 2010s".
    if here.len() == 5 && here.ends_with('s') {
        if let Some(year) = year_number(&here[..4]).filter(|year| year % 10 == 0) {
            let resolved = Resolved::of(days_from_civil(year, 1, 1), Precision::Decade);
            return Some((idx, Expr::Fixed(resolved)));
        }
    }
    // Relative words: yesterday, today, tomorrow, tonight.
    match here {
        "yesterday" => {
            return Some((
                idx,
                Expr::Shift {
                    unit: Unit::Day,
                    by: -1,
                },
            ))
        }
        "today" | "tonight" => {
            return Some((
                idx,
                Expr::Shift {
                    unit: Unit::Day,
                    by: 0,
                },
            ))
        }
        "tomorrow" => {
            return Some((
                idx,
                Expr::Shift {
                    unit: Unit::Day,
                    by: 1,
                },
            ))
        }
        _ => {}
    }
    // "last night", "this morning".
    if here == "last" && word(idx + 1) == "night" {
        return Some((
            idx + 1,
            Expr::Shift {
                unit: Unit::Day,
                by: -1,
            },
        ));
    }
    if here == "this" && matches!(word(idx + 1), "morning" | "afternoon" | "evening") {
        return Some((
            idx + 1,
            Expr::Shift {
                unit: Unit::Day,
                by: 0,
            },
        ));
    }
    // "two days ago", "a week ago", "three years ago".
    if let Some(n) = number_word(here) {
        let unit = match word(idx + 1).trim_end_matches('s') {
            "day" => Some(Unit::Day),
            "week" => Some(Unit::Week),
            "month" => Some(Unit::Month),
            "year" => Some(Unit::Year),
            _ => None,
        };
        if let Some(unit) = unit.filter(|_| matches!(word(idx + 2), "ago" | "earlier" | "before")) {
            return Some((idx + 2, Expr::Shift { unit, by: -n }));
        }
        if let Some(unit) = unit.filter(|_| prev == "in" && word(idx + 2) == "time") {
            return Some((idx + 2, Expr::Shift { unit, by: n }));
        }
    }
    // "earlier this month", "later this year", "last week", "next month", "this year".
    let (shift_at, modifier) = match here {
        "earlier" | "later" | "early" | "late"
            if matches!(word(idx + 1), "this" | "last" | "next") =>
        {
            (idx + 1, Some(here))
        }
        _ => (idx, None),
    };
    if let Some(rel) = rel_of(word(shift_at))
        .filter(|_| modifier.is_some() || word(shift_at) != "the" && word(shift_at) != "that")
    {
        let unit = match word(shift_at + 1) {
            "week" => Some(Unit::Week),
            "month" => Some(Unit::Month),
            "year" => Some(Unit::Year),
            _ => None,
        };
        if let Some(unit) = unit {
            let by = match rel {
                Rel::Last => -1,
                Rel::Near => 0,
                Rel::Next => 1,
            };
            return Some((shift_at + 1, Expr::Shift { unit, by }));
        }
        if matches!(word(shift_at + 1), "weekend") {
            return Some((shift_at + 1, Expr::Weekend { rel }));
        }
    }
    if matches!(here, "the" | "a")
        && word(idx + 1) == "weekend"
        && matches!(prev, "at" | "over" | "during" | "on")
    {
        return Some((idx + 1, Expr::Weekend { rel: Rel::Near }));
    }
    if matches!(here, "the" | "this") && word(idx + 1) == "past" && word(idx + 2) == "week" {
        return Some((
            idx + 2,
            Expr::Shift {
                unit: Unit::Week,
                by: 0,
            },
        ));
    }
    // Weekdays: "on Tuesday", "last Tuesday", "next Friday", "Tuesday night".
    let (weekday_at, weekday_rel) = match rel_of(here) {
        Some(rel) if here != "the" && here != "that" => (idx + 1, rel),
        _ => (idx, Rel::Near),
    };
    if let Some(weekday) = weekday_of(word(weekday_at)).filter(|_| tokens[weekday_at].capital) {
        let mut last = weekday_at;
        if matches!(
            word(last + 1),
            "night" | "morning" | "evening" | "afternoon"
        ) {
            last += 1;
        }
        // "Tuesday, 6 May" or "Tuesday, May 6": the date says it.
        let dated = word(last + 1) == ","
            && expression_at(tokens, last + 2)
                .is_some_and(|(_, expr)| matches!(expr, Expr::MonthDay { .. } | Expr::Fixed(_)));
        if dated {
            return expression_at(tokens, last + 2);
        }
        return Some((
            last,
            Expr::Weekday {
                weekday,
                rel: weekday_rel,
            },
        ));
    }
    // Named days.
    if here == "christmas" && tokens[idx].capital {
        let (last, day) = if word(idx + 1) == "eve" {
            (idx + 1, 24)
        } else if word(idx + 1) == "day" {
            (idx + 1, 25)
        } else {
            (idx, 25)
        };
        return Some((
            last,
            Expr::MonthDay {
                month: 12,
                day,
                last: day,
            },
        ));
    }
    if here == "new"
        && word(idx + 1) == "year"
        && word(idx + 2) == "'s"
        && matches!(word(idx + 3), "day" | "eve")
    {
        let (month, day) = if word(idx + 3) == "eve" {
            (12, 31)
        } else {
            (1, 1)
        };
        return Some((
            idx + 3,
            Expr::MonthDay {
                month,
                day,
                last: day,
            },
        ));
    }
    // Seasons: "last summer", "this winter", "in the spring".
    let (season_at, season_rel) = match rel_of(here) {
        Some(rel) => (idx + 1, rel),
        None => (idx, Rel::Near),
    };
    let season = match word(season_at) {
        "spring" => Some(3),
        "summer" => Some(6),
        "autumn" | "fall" => Some(9),
        "winter" => Some(12),
        _ => None,
    };
    if let Some(first) =
        season.filter(|_| season_at > idx || matches!(prev, "in" | "this" | "during"))
    {
        if let Some(year) = year_number(word(season_at + 1)).or_else(|| {
            (word(season_at + 1) == "of")
                .then(|| year_number(word(season_at + 2)))
                .flatten()
        }) {
            let last = if word(season_at + 1) == "of" {
                season_at + 2
            } else {
                season_at + 1
            };
            let start = Resolved::month(year, first);
            let end_index = year * 12 + i64::from(first) + 1;
            let end = Resolved::month(
                end_index.div_euclid(12),
                end_index.rem_euclid(12) as u32 + 1,
            )
            .end;
            return Some((last, Expr::Fixed(Resolved { end, ..start })));
        }
        return Some((
            season_at,
            Expr::Season {
                first,
                rel: season_rel,
            },
        ));
    }
    // Day numbers first: "3 March [2024]", "from 7 to 10 May [2025]", "7-10 May".
    if let Some(day) = day_number(here).filter(|_| !matches!(prev, "$" | "£" | "€")) {
        let mut at = idx + 1;
        if word(at) == "of" {
            at += 1;
        }
        let mut last_day = day;
        if matches!(word(at), "-" | "–" | "to" | "and" | "until" | "through") {
            if let Some(last) = day_number(word(at + 1)).filter(|last| *last > day) {
                if month_of(word(at + 2)).is_some() {
                    last_day = last;
                    at += 2;
                }
            }
        }
        if let Some(month) =
            month_of(word(at)).filter(|_| tokens.get(at).is_some_and(|token| token.capital))
        {
            return Some(with_year(tokens, at, month, day, last_day));
        }
    }
    // Months: "May 7[, 2024]", "May 7-10", "in May", "last May", "May 2025", "mid-May".
    let (month_at, month_rel) = match rel_of(here) {
        Some(rel) if here != "the" && here != "that" => (idx + 1, rel),
        _ => (idx, Rel::Near),
    };
    if let Some(month) = month_of(word(month_at)).filter(|_| tokens[month_at].capital) {
        if let Some(day) = day_number(word(month_at + 1)) {
            let mut last_day = day;
            let mut at = month_at + 1;
            if matches!(word(at + 1), "-" | "–" | "to" | "and" | "until" | "through") {
                if let Some(last) = day_number(word(at + 2)).filter(|last| *last > day) {
                    last_day = last;
                    at += 2;
                }
            }
            // "May 7, 2024": the comma belongs to the date.
            if word(at + 1) == "," && year_number(word(at + 2)).is_some() {
                let year = year_number(word(at + 2)).expect("just checked");
                let start = Resolved::day(year, month, day)?;
                let end = Resolved::day(year, month, last_day)?;
                return Some((
                    at + 2,
                    Expr::Fixed(Resolved {
                        end: end.start,
                        ..start
                    }),
                ));
            }
            return Some(with_year(tokens, at, month, day, last_day));
        }
        if let Some(year) = year_number(word(month_at + 1)).or_else(|| {
            (word(month_at + 1) == "of")
                .then(|| year_number(word(month_at + 2)))
                .flatten()
        }) {
            let last = if word(month_at + 1) == "of" {
                month_at + 2
            } else {
                month_at + 1
            };
            return Some((last, Expr::Fixed(Resolved::month(year, month))));
        }
        let timely = month_at > idx || TIME_WORDS.contains(&prev) || word(month_at + 1) == "'s";
        if timely && (month != 5 || prev != "theresa") {
            return Some((
                month_at,
                Expr::Month {
                    month,
                    last: month,
                    rel: month_rel,
                },
            ));
        }
    }
    // Years: "in 2019", "the 2008 war", "2019's election", "early 2024".
    if let Some(year) = year_number(here) {
        let timely = TIME_WORDS.contains(&prev) || word(idx + 1) == "'s" || prev == ",";
        if timely
            && !matches!(
                word(idx + 1),
                "%" | "people" | "troops" | "soldiers" | "km" | "miles"
            )
        {
            return Some((idx, Expr::Fixed(Resolved::year(year))));
        }
    }
    None
}

/// A day of a month at token `at`, with the year that may follow it.
fn with_year(tokens: &[Token], at: usize, month: u32, day: u32, last_day: u32) -> (usize, Expr) {
    let word = |at: usize| tokens.get(at).map_or("", |token| token.lower.as_str());
    let (year_at, year) = if word(at + 1) == "," {
        (at + 2, year_number(word(at + 2)))
    } else {
        (at + 1, year_number(word(at + 1)))
    };
    if let Some(year) = year {
        if let (Some(start), Some(end)) = (
            Resolved::day(year, month, day),
            Resolved::day(year, month, last_day),
        ) {
            return (
                year_at,
                Expr::Fixed(Resolved {
                    end: end.start,
                    ..start
                }),
            );
        }
    }
    (
        at,
        Expr::MonthDay {
            month,
            day,
            last: last_day,
        },
    )
}

/// The clause of each token: a new one after `;`, `:`, a dash between spaces, a quotation
/// mark, a comma, or before "that", "which", "while", "but"... A clause that is only a time
/// expression ("On Tuesday,") belongs to the clause after it.
fn clauses(tokens: &[Token], found: &[Found]) -> Vec<u32> {
    let mut clause = vec![0u32; tokens.len()];
    let mut inside = vec![false; tokens.len()];
    for found in found {
        for flag in &mut inside[found.first..=found.last] {
            *flag = true;
        }
    }
    let mut current = 0u32;
    for (idx, token) in tokens.iter().enumerate() {
        let spaced = idx > 0 && tokens[idx - 1].end < token.start;
        let boundary = !inside[idx]
            && (matches!(
                token.lower.as_str(),
                ";" | ":" | "," | "\"" | "“" | "”" | "(" | ")"
            ) || matches!(token.lower.as_str(), "—" | "–" | "-") && spaced
                || CLAUSE_WORDS.contains(&token.lower.as_str()));
        if boundary {
            current += 1;
        }
        clause[idx] = current;
    }
    // A clause of a time expression and at most two other words joins the next one.
    let mut start = 0;
    while start < tokens.len() {
        let id = clause[start];
        let end = start + clause[start..].iter().take_while(|c| **c == id).count();
        let others = (start..end)
            .filter(|idx| !inside[*idx] && !matches!(tokens[*idx].lower.as_str(), "," | ";" | ":"))
            .count();
        let has_time = (start..end).any(|idx| inside[idx]);
        if has_time && others <= 2 && end < tokens.len() {
            let next = clause[end];
            for c in &mut clause[start..end] {
                *c = next;
            }
        }
        start = end;
    }
    clause
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Date;

    fn when(
        sentence: &str,
        trigger: &str,
        plan: bool,
        report: &str,
    ) -> Option<(String, Precision, Option<String>, bool)> {
        let times = Times::scan(sentence, 0, sentence.len());
        let at = sentence.find(trigger).expect("trigger in the sentence");
        let report = Date::parse(report).unwrap().days();
        let (resolved, background) =
            times.event_time((at, at + trigger.len()), false, plan, Some(report))?;
        let resolved = resolved?;
        let end = (resolved.end != resolved.precision.last_day(resolved.start))
            .then(|| Date::from_days(resolved.end).to_string());
        Some((
            Date::from_days(resolved.start).to_string(),
            resolved.precision,
            end,
            background,
        ))
    }

    #[test]
    fn weekdays_look_back_for_news_and_forward_for_plans() {
        // 2025-05-08 is a Thursday.
        let got = when(
            "India struck Pakistan on Tuesday.",
            "struck",
            false,
            "2025-05-08",
        )
        .unwrap();
        assert_eq!((got.0.as_str(), got.1), ("2025-05-06", Precision::Day));
        let got = when(
            "Modi will visit Paris on Tuesday.",
            "visit",
            true,
            "2025-05-08",
        )
        .unwrap();
        assert_eq!(got.0, "2025-05-13");
        let got = when("Modi met Macron last Thursday.", "met", false, "2025-05-08").unwrap();
        assert_eq!(got.0, "2025-05-01");
    }

    #[test]
    fn months_take_the_year_of_the_report_or_the_one_before() {
        let got = when(
            "India struck Pakistan in early May.",
            "struck",
            false,
            "2025-06-20",
        )
        .unwrap();
        assert_eq!((got.0.as_str(), got.1), ("2025-05-01", Precision::Month));
        let got = when(
            "India struck Pakistan in December.",
            "struck",
            false,
            "2025-06-20",
        )
        .unwrap();
        assert_eq!(got.0, "2024-12-01");
        let got = when("They met on 3 March 2024.", "met", false, "2025-06-20").unwrap();
        assert_eq!((got.0.as_str(), got.1), ("2024-03-03", Precision::Day));
        let got = when("They met on March 3, 2024.", "met", false, "2025-06-20").unwrap();
        assert_eq!(got.0, "2024-03-03");
        let got = when(
            "Talks were held from 7 to 10 May.",
            "held",
            false,
            "2025-06-20",
        )
        .unwrap();
        assert_eq!(
            (got.0.as_str(), got.2.as_deref()),
            ("2025-05-07", Some("2025-05-10"))
        );
    }

    #[test]
    fn each_clause_keeps_its_own_time() {
        let sentence = "Pakistan said on Friday that India attacked its posts.";
        assert_eq!(when(sentence, "attacked", false, "2025-05-10"), None);
        let got = when(sentence, "said", false, "2025-05-10").unwrap();
        assert_eq!(got.0, "2025-05-09");
        let got = when(
            "On Tuesday, India struck Pakistan.",
            "struck",
            false,
            "2025-05-08",
        )
        .unwrap();
        assert_eq!(got.0, "2025-05-06");
    }

    #[test]
    fn relative_units_shift_from_the_report() {
        let got = when(
            "Iran seized a tanker two days ago.",
            "seized",
            false,
            "2025-05-08",
        )
        .unwrap();
        assert_eq!(got.0, "2025-05-06");
        let got = when(
            "Iran seized a tanker last week.",
            "seized",
            false,
            "2025-05-08",
        )
        .unwrap();
        assert_eq!((got.0.as_str(), got.1), ("2025-04-28", Precision::Week));
        let got = when(
            "Iran seized a tanker earlier this month.",
            "seized",
            false,
            "2025-05-08",
        )
        .unwrap();
        assert_eq!((got.0.as_str(), got.1), ("2025-05-01", Precision::Month));
        let got = when(
            "Iran seized a tanker in the 1990s.",
            "seized",
            false,
            "2025-05-08",
        )
        .unwrap();
        assert_eq!((got.0.as_str(), got.1), ("1990-01-01", Precision::Decade));
    }

    /// The time of an event told by a noun: its first day, whether it is background.
    fn nominal(sentence: &str, trigger: &str, report: &str) -> Option<(Option<String>, bool)> {
        let times = Times::scan(sentence, 0, sentence.len());
        let at = sentence.find(trigger).expect("trigger in the sentence");
        let report = Date::parse(report).unwrap().days();
        let (resolved, background) =
            times.event_time((at, at + trigger.len()), true, false, Some(report))?;
        Some((
            resolved.map(|resolved| Date::from_days(resolved.start).to_string()),
            background,
        ))
    }

    #[test]
    fn a_noun_keeps_a_long_past_time_of_its_phrase() {
        let day = |date: &str, background| Some((Some(date.to_string()), background));
        // After a preposition, the noun's phrase runs on to a time at the end of the clause.
        assert_eq!(
            nominal(
                "Police in Lima detain two men in the shooting of a retired judge outside his home in the port of Callao in March.",
                "shooting",
                "2025-08-14"
            ),
            day("2025-03-01", true)
        );
        // Not when the time is recent: the verb before may own it.
        assert_eq!(
            nominal(
                "Police in Lima detain two men in the shooting of a retired judge outside his home in the port of Callao on Tuesday.",
                "shooting",
                "2025-08-14"
            ),
            day("2025-08-12", false)
        );
        // A past year is over on the first day of the next, a past month on the first of the next.
        assert_eq!(
            nominal(
                "Thousands march against the result of the referendum last year.",
                "referendum",
                "2026-01-01"
            ),
            day("2025-01-01", true)
        );
        assert_eq!(
            nominal(
                "The court annuls the vote last month in the capital.",
                "vote",
                "2025-07-02"
            ),
            day("2025-06-01", true)
        );
    }

    #[test]
    fn an_event_that_another_follows_or_answers_is_background() {
        let day = |date: &str, background| Some((Some(date.to_string()), background));
        // A verb of following: the event is earlier, at its own time, even a day before.
        assert_eq!(
            nominal(
                "The raid follows an Israeli strike on the same village yesterday.",
                "strike",
                "2025-03-25"
            ),
            day("2025-03-24", true)
        );
        // Its time may come a few words on.
        assert_eq!(
            nominal(
                "The move follows the killing of the commander in an airstrike last week.",
                "killing",
                "2020-01-06"
            ),
            day("2019-12-30", true)
        );
        // A cause: "in response to", "sparked by".
        assert_eq!(
            nominal(
                "The sanctions came in response to the bombing of the embassy in March.",
                "bombing",
                "2025-06-20"
            ),
            day("2025-03-01", true)
        );
        assert_eq!(
            nominal(
                "The protests were sparked by the arrest of an opposition leader.",
                "arrest",
                "2025-06-20"
            ),
            None,
            "background without a time makes no event"
        );
        // Nothing tells of an earlier event: the strike of yesterday is news.
        assert_eq!(
            nominal(
                "The Israeli strike on the village yesterday killed four.",
                "strike",
                "2025-03-25"
            ),
            day("2025-03-24", false)
        );
        // "Due to" before a verb is a plan, not a cause.
        assert_eq!(
            nominal(
                "The minister is due to visit Iran on Friday.",
                "visit",
                "2025-05-06"
            ),
            day("2025-05-02", false)
        );
        // "Response" alone is no cue: the talks are news.
        assert_eq!(
            nominal(
                "Iran sent its response at the talks in Oman on Tuesday.",
                "talks",
                "2025-05-08"
            ),
            day("2025-05-06", false)
        );
    }

    #[test]
    fn a_name_is_not_a_month() {
        assert_eq!(
            when("Theresa May met Macron.", "met", false, "2019-05-08"),
            None
        );
        assert_eq!(
            when("Troops may march on Paris.", "march", false, "2019-05-08"),
            None
        );
    }
}
