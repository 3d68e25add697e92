//! Plain data of the domain: documents, actors, events and relations, with validation.
//!
//! Everything here is values: no I/O, no SQL, no HTTP, no serialisation format.
//! Identifiers and validated text are newtypes, checked once in `parse` and trusted after.

mod cameo;
mod random;

pub use cameo::{CameoCode, CodeInfo};
pub use random::SplitMix64;

use std::collections::BTreeMap;
use std::fmt;

/// Errors from validating identifiers, codes and dates.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// An actor id that is empty, too long or holds characters outside the id alphabet.
    #[error("invalid actor id `{0}`: use 1-128 letters, digits, `-`, `_` or `.`")]
    ActorId(String),
    /// A date that is not a real `YYYY-MM-DD` day.
    #[error("invalid date `{0}`: expected YYYY-MM-DD")]
    Date(String),
    /// A CAMEO code that is not in the bundled code table.
    #[error("unknown CAMEO code `{0}`")]
    CameoCode(String),
    /// An event kind outside the documented vocabulary.
    #[error("unknown event kind `{0}`")]
    EventKind(String),
    /// An actor kind outside `state`, `person`, `organization`, `group`.
    #[error("unknown actor kind `{0}`")]
    ActorKind(String),
}

/// Result with this module's error.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// A stable actor identifier: `PAK` for a state, a slug such as `asim-munir` for a person.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ActorId(String);

impl ActorId {
    /// Validates an actor id: 1-128 ASCII letters, digits, `-`, `_` or `.`.
    pub fn parse(raw: &str) -> Result<ActorId> {
        let valid = !raw.is_empty()
            && raw.len() <= 128
            && raw
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'));
        if valid {
            Ok(ActorId(raw.to_string()))
        } else {
            Err(Error::ActorId(raw.to_string()))
        }
    }

    /// Makes a slug id from a display name: `Asim Munir` becomes `asim-munir`.
    pub fn slug(name: &str) -> ActorId {
        let mut slug = String::new();
        for c in name.chars().flat_map(fold_accent) {
            if c.is_ascii_alphanumeric() {
                slug.push(c.to_ascii_lowercase());
            } else if !slug.ends_with('-') && !slug.is_empty() {
                slug.push('-');
            }
        }
        while slug.ends_with('-') {
            slug.pop();
        }
        slug.truncate(128);
        if slug.is_empty() {
            slug.push_str("actor");
        }
        ActorId(slug)
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ActorId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(&self.0)
    }
}

/// Replaces common Latin accented letters by their base letter, for slugs and search.
pub fn fold_accent(c: char) -> impl Iterator<Item = char> {
    let folded: &str = match c {
        'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' | 'ā' => "a",
        'Á' | 'À' | 'Â' | 'Ä' | 'Ã' | 'Å' | 'Ā' => "A",
        'é' | 'è' | 'ê' | 'ë' | 'ē' => "e",
        'É' | 'È' | 'Ê' | 'Ë' | 'Ē' => "E",
        'í' | 'ì' | 'î' | 'ï' | 'ī' | 'ı' => "i",
        'Í' | 'Ì' | 'Î' | 'Ï' | 'Ī' | 'İ' => "I",
        'ó' | 'ò' | 'ô' | 'ö' | 'õ' | 'ø' | 'ō' => "o",
        'Ó' | 'Ò' | 'Ô' | 'Ö' | 'Õ' | 'Ø' | 'Ō' => "O",
        'ú' | 'ù' | 'û' | 'ü' | 'ū' => "u",
        'Ú' | 'Ù' | 'Û' | 'Ü' | 'Ū' => "U",
        'ç' | 'ć' | 'č' => "c",
        'Ç' | 'Ć' | 'Č' => "C",
        'ñ' | 'ń' => "n",
        'Ñ' | 'Ń' => "N",
        'ş' | 'ś' | 'š' => "s",
        'Ş' | 'Ś' | 'Š' => "S",
        'ğ' => "g",
        'Ğ' => "G",
        'ž' | 'ź' | 'ż' => "z",
        'Ž' | 'Ź' | 'Ż' => "Z",
        'ł' => "l",
        'Ł' => "L",
        'ß' => "ss",
        _ => "",
    };
    let single = if folded.is_empty() { Some(c) } else { None };
    folded.chars().chain(single)
}

/// A calendar day, `YYYY-MM-DD`; ordering is chronological.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Date(String);

impl Date {
    /// Validates a `YYYY-MM-DD` day, including the length of the month.
    pub fn parse(raw: &str) -> Result<Date> {
        let bad = || Error::Date(raw.to_string());
        let bytes = raw.as_bytes();
        if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
            return Err(bad());
        }
        let number = |range: std::ops::Range<usize>| -> Result<u32> {
            let part = &raw[range];
            if part.bytes().all(|b| b.is_ascii_digit()) {
                part.parse().map_err(|_| bad())
            } else {
                Err(bad())
            }
        };
        let (year, month, day) = (number(0..4)?, number(5..7)?, number(8..10)?);
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        let days_in_month = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return Err(bad()),
        };
        if year == 0 || day == 0 || day > days_in_month {
            return Err(bad());
        }
        Ok(Date(raw.to_string()))
    }

    /// The day as `YYYY-MM-DD`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The month as `YYYY-MM`, the bucket of relation timelines.
    pub fn month(&self) -> &str {
        &self.0[..7]
    }

    /// Days since 1970-01-01 (negative before), for compact storage and date arithmetic.
    pub fn days(&self) -> i32 {
        let number = |range: std::ops::Range<usize>| -> i64 {
            self.0[range]
                .parse()
                .expect("a Date holds digits where numbers stand")
        };
        days_from_civil(number(0..4), number(5..7), number(8..10))
    }

    /// The day number of a `YYYY-MM-DD` text without making a `Date`: what loading millions of
    /// stored dates needs. None when the text is not of that shape or not a real day.
    pub fn days_of(raw: &str) -> Option<i32> {
        let bytes = raw.as_bytes();
        if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
            return None;
        }
        let number = |range: std::ops::Range<usize>| -> Option<i64> {
            bytes[range].iter().try_fold(0i64, |n, b| {
                b.is_ascii_digit().then(|| n * 10 + i64::from(b - b'0'))
            })
        };
        let (year, month, day) = (number(0..4)?, number(5..7)?, number(8..10)?);
        let days = days_from_civil(year, month, day);
        ((1..=12).contains(&month) && day >= 1 && civil_from_days(days).2 == day as u32)
            .then_some(days)
    }

    /// The day that is `days` after 1970-01-01.
    pub fn from_days(days: i32) -> Date {
        let (year, month, day) = civil_from_days(days);
        Date(format!("{year:04}-{month:02}-{day:02}"))
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm); the
/// inverse of `civil_from_days`.
pub fn days_from_civil(year: i64, month: i64, day: i64) -> i32 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let day_of_year = (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    (era * 146_097 + day_of_era - 719_468) as i32
}

/// The (year, month, day) of a day number; the inverse of `days_from_civil`.
pub fn civil_from_days(days: i32) -> (i64, u32, u32) {
    let z = i64::from(days) + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * shifted_month + 2) / 5 + 1) as u32;
    let month = if shifted_month < 10 {
        shifted_month + 3
    } else {
        shifted_month - 9
    } as u32;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(&self.0)
    }
}

/// How precisely an event's date is known.
///
/// An event whose sentence has no time expression keeps the report date, marked `Report`; one
/// whose sentence says when it happened has the first day of the period it names and the unit
/// of that period. A range ("from 7 to 10 May") has the unit of its ends and an end day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum Precision {
    /// No time expression: the report date, taken as the day of the event.
    #[default]
    Report,
    /// A day ("on Tuesday", "yesterday", "3 March").
    Day,
    /// A week, Monday to Sunday ("last week", "three weeks ago").
    Week,
    /// A month ("in May", "earlier this month").
    Month,
    /// A year ("in 2019", "last year").
    Year,
    /// A decade ("in the 1990s").
    Decade,
}

impl Precision {
    /// Every precision, finest first.
    pub const ALL: [Precision; 6] = [
        Precision::Report,
        Precision::Day,
        Precision::Week,
        Precision::Month,
        Precision::Year,
        Precision::Decade,
    ];

    /// The name stored and shown (`report`, `day`, `week`, `month`, `year`, `decade`).
    pub fn as_str(self) -> &'static str {
        match self {
            Precision::Report => "report",
            Precision::Day => "day",
            Precision::Week => "week",
            Precision::Month => "month",
            Precision::Year => "year",
            Precision::Decade => "decade",
        }
    }

    /// Parses a precision name.
    pub fn parse(raw: &str) -> Option<Precision> {
        Precision::ALL
            .into_iter()
            .find(|precision| precision.as_str() == raw)
    }

    /// The last day of the period of this precision that begins on `start` (days since
    /// 1970-01-01): the same day for a day, six days on for a week, the month's or year's
    /// last day, the tenth year's last day for a decade.
    pub fn last_day(self, start: i32) -> i32 {
        let (year, month, _) = civil_from_days(start);
        match self {
            Precision::Report | Precision::Day => start,
            Precision::Week => start + 6,
            Precision::Month => {
                let (year, month) = if month == 12 {
                    (year + 1, 1)
                } else {
                    (year, month + 1)
                };
                days_from_civil(year, i64::from(month), 1) - 1
            }
            Precision::Year => days_from_civil(year + 1, 1, 1) - 1,
            Precision::Decade => days_from_civil(year + 10, 1, 1) - 1,
        }
    }
}

impl Precision {
    /// Whether a date at this precision is known more sharply than one at `other` that starts
    /// on the same day: a shorter period, and a day the text names before a report date.
    pub fn sharper_than(self, other: Precision) -> bool {
        fn rank(precision: Precision) -> u8 {
            match precision {
                Precision::Day => 0,
                Precision::Report => 1,
                Precision::Week => 2,
                Precision::Month => 3,
                Precision::Year => 4,
                Precision::Decade => 5,
            }
        }
        rank(self) < rank(other)
    }

    /// A date as precisely as it is known, with its unit when that is not a day:
    /// `2025-05-07`, `2025-05-07 (report date)`, `2025-05-05 (week)`, `2025-05 (month)`,
    /// `2025 (year)`, `2020s (decade)`.
    pub fn date_text(self, date: &Date) -> String {
        let text = date.as_str();
        match self {
            Precision::Day => text.to_string(),
            Precision::Report => format!("{text} (report date)"),
            Precision::Week => format!("{text} (week)"),
            Precision::Month => format!("{} (month)", &text[..7]),
            Precision::Year => format!("{} (year)", &text[..4]),
            Precision::Decade => format!("{}0s (decade)", &text[..3]),
        }
    }
}

impl fmt::Display for Precision {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// When an event happened, beside its date: how precisely, until when, and whether the
/// sentence tells it as news or as background.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct EventTime {
    /// How precisely the date is known.
    pub precision: Precision,
    /// The last day of a range ("from 7 to 10 May": the 10th), as days since 1970-01-01;
    /// `None` when the period is the one of the precision.
    pub end: Option<i32>,
    /// The sentence mentions the event as background ("since the 2008 war"), not as news.
    pub background: bool,
}

/// How many days before its report date an event without a time expression may have
/// happened, for the cross-document merge: news tells of the day before as often as of the day.
pub const REPORT_LOOKBACK_DAYS: i32 = 1;

impl EventTime {
    /// The days an event dated `start` with this time may have happened on, first and last
    /// (days since 1970-01-01). An event dated by its report may be a day older.
    pub fn period(&self, start: i32) -> (i32, i32) {
        match (self.precision, self.end) {
            (Precision::Report, _) => (start - REPORT_LOOKBACK_DAYS, start),
            (_, Some(end)) => (start, end.max(start)),
            (precision, None) => (start, precision.last_day(start)),
        }
    }

    /// The last day of a range as a date ("from 7 to 10 May": the 10th), when the period is
    /// not simply the one of its precision that begins on `start`.
    pub fn end_date(&self, start: &Date) -> Option<Date> {
        let end = self.end.filter(|end| {
            self.precision != Precision::Report && *end != self.precision.last_day(start.days())
        })?;
        Some(Date::from_days(end))
    }
}

/// One article.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// The caller's id, or a content hash when none was given.
    pub id: String,
    /// Headline, when known.
    pub title: Option<String>,
    /// Publication date; events without a date of their own take it.
    pub date: Option<Date>,
    /// Outlet or collection the article came from.
    pub source: Option<String>,
    /// Address of the article, when known.
    pub url: Option<String>,
    /// The article text, as given.
    pub text: String,
}

impl Document {
    /// A document with only text; its id is a hash of the text.
    pub fn from_text(text: &str) -> Document {
        Document {
            id: content_id(text),
            title: None,
            date: None,
            source: None,
            url: None,
            text: text.to_string(),
        }
    }
}

/// The content id of a text: 16 hex digits of a stable 64-bit FNV-1a hash of its bytes.
///
/// The same text always gets the same id, so ingesting it twice adds nothing.
pub fn content_id(text: &str) -> String {
    format!("doc-{:016x}", fnv1a(text.as_bytes()))
}

/// A stable 64-bit FNV-1a hash, for ids that must not change between builds.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in bytes {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

/// What sort of thing an actor is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ActorKind {
    /// A state or territory (`PAK`).
    State,
    /// A named person (`asim-munir`).
    Person,
    /// An institution or international organisation (`IGONAT`, `pakistan-army`).
    Organization,
    /// An armed or political non-state group.
    Group,
}

impl ActorKind {
    /// All kinds, in display order.
    pub const ALL: [ActorKind; 4] = [
        ActorKind::State,
        ActorKind::Person,
        ActorKind::Organization,
        ActorKind::Group,
    ];

    /// The kind's name as in the SPEC (`state`, `person`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            ActorKind::State => "state",
            ActorKind::Person => "person",
            ActorKind::Organization => "organization",
            ActorKind::Group => "group",
        }
    }

    /// Parses a kind name.
    pub fn parse(raw: &str) -> Result<ActorKind> {
        ActorKind::ALL
            .into_iter()
            .find(|kind| kind.as_str() == raw)
            .ok_or_else(|| Error::ActorKind(raw.to_string()))
    }
}

/// A node of the graph: a state, person, organisation or group.
#[derive(Debug, Clone, PartialEq)]
pub struct Actor {
    /// Stable id, persisted; never a graph index.
    pub id: ActorId,
    /// Display name.
    pub name: String,
    /// State, person, organisation or group.
    pub kind: ActorKind,
    /// CAMEO-style actor code: a three-letter root plus role codes (`PAKMIL`).
    pub cameo: String,
    /// ISO 3166-1 alpha-3 code of the actor's country, or `IGO` and the like.
    pub country: String,
}

impl Actor {
    /// The sector code: the country root plus the first role code (`PAKMIL`), or the root alone.
    pub fn sector(&self) -> &str {
        let end = self.cameo.len().min(6);
        &self.cameo[..end]
    }
}

/// The family an event belongs to, named for people who do not speak CAMEO.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EventKind {
    /// 01: public statements.
    Statement,
    /// 02: appeals and requests.
    Appeal,
    /// 03: intent to cooperate, including planned visits and meetings (036).
    Intent,
    /// 040, 041, 044, 045, 046: consultations, calls, talks, mediation, negotiation.
    Meeting,
    /// 042 (the visitor) and 043 (the host).
    Visit,
    /// 05: diplomatic cooperation.
    Cooperation,
    /// 06: material cooperation.
    MaterialCooperation,
    /// 07: aid.
    Aid,
    /// 08: yielding.
    Yield,
    /// 09: investigation.
    Investigate,
    /// 10: demands.
    Demand,
    /// 11: disapproval and accusation.
    Disapprove,
    /// 12 except refused meetings: rejection.
    Reject,
    /// A refused, declined or cancelled visit or meeting: 125, and 161 when a visit is called off.
    DeclinedVisit,
    /// 13: threats.
    Threat,
    /// 14: protest.
    Protest,
    /// 16: reduced relations and sanctions.
    Sanction,
    /// Material conflict: roots 15, 17, 18, 19 and 20.
    Conflict,
}

impl EventKind {
    /// Every kind, in the order of the CAMEO roots.
    pub const ALL: [EventKind; 18] = [
        EventKind::Statement,
        EventKind::Appeal,
        EventKind::Intent,
        EventKind::Meeting,
        EventKind::Visit,
        EventKind::Cooperation,
        EventKind::MaterialCooperation,
        EventKind::Aid,
        EventKind::Yield,
        EventKind::Investigate,
        EventKind::Demand,
        EventKind::Disapprove,
        EventKind::Reject,
        EventKind::DeclinedVisit,
        EventKind::Threat,
        EventKind::Protest,
        EventKind::Sanction,
        EventKind::Conflict,
    ];

    /// The kind's name (`visit`, `declined_visit`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::Statement => "statement",
            EventKind::Appeal => "appeal",
            EventKind::Intent => "intent",
            EventKind::Meeting => "meeting",
            EventKind::Visit => "visit",
            EventKind::Cooperation => "cooperation",
            EventKind::MaterialCooperation => "material_cooperation",
            EventKind::Aid => "aid",
            EventKind::Yield => "yield",
            EventKind::Investigate => "investigate",
            EventKind::Demand => "demand",
            EventKind::Disapprove => "disapprove",
            EventKind::Reject => "reject",
            EventKind::DeclinedVisit => "declined_visit",
            EventKind::Threat => "threat",
            EventKind::Protest => "protest",
            EventKind::Sanction => "sanction",
            EventKind::Conflict => "conflict",
        }
    }

    /// Parses a kind name.
    pub fn parse(raw: &str) -> Result<EventKind> {
        EventKind::ALL
            .into_iter()
            .find(|kind| kind.as_str() == raw)
            .ok_or_else(|| Error::EventKind(raw.to_string()))
    }

    /// The usual kind of a CAMEO code; a rule may still say `declined_visit` for a 161.
    pub fn of_code(code: &CameoCode) -> EventKind {
        match code.root() {
            "01" => EventKind::Statement,
            "02" => EventKind::Appeal,
            "03" => EventKind::Intent,
            "04" if code.as_str().starts_with("042") || code.as_str().starts_with("043") => {
                EventKind::Visit
            }
            "04" => EventKind::Meeting,
            "05" => EventKind::Cooperation,
            "06" => EventKind::MaterialCooperation,
            "07" => EventKind::Aid,
            "08" => EventKind::Yield,
            "09" => EventKind::Investigate,
            "10" => EventKind::Demand,
            "11" => EventKind::Disapprove,
            "12" if code.as_str() == "125" => EventKind::DeclinedVisit,
            "12" => EventKind::Reject,
            "13" => EventKind::Threat,
            "14" => EventKind::Protest,
            "16" => EventKind::Sanction,
            _ => EventKind::Conflict,
        }
    }

    /// Whether the kind is one of cooperation (CAMEO roots 02 to 08).
    pub fn is_cooperative(self) -> bool {
        matches!(
            self,
            EventKind::Appeal
                | EventKind::Intent
                | EventKind::Meeting
                | EventKind::Visit
                | EventKind::Cooperation
                | EventKind::MaterialCooperation
                | EventKind::Aid
                | EventKind::Yield
        )
    }
}

impl fmt::Display for EventKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// Where an event is proven: the sentence and its character span in the document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Evidence {
    /// The sentence, as written.
    pub sentence: String,
    /// Offset of the sentence's first character in the document, counted in characters.
    pub start: usize,
    /// Offset one past the sentence's last character, counted in characters.
    pub end: usize,
    /// Where the source actor is named, when the rule knows.
    pub source: Option<Span>,
    /// Where the target actor is named, when the rule knows.
    pub target: Option<Span>,
    /// Where the trigger (the verb or noun of the event) stands, when the rule knows.
    pub trigger: Option<Span>,
}

/// A stretch of the document, in characters: `start` inclusive, `end` exclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Span {
    /// First character.
    pub start: usize,
    /// One past the last character.
    pub end: usize,
}

/// A directed, coded event between two actors, with the sentence that proves it.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// Stable id: a hash of the document, the span, the code and the actors.
    pub id: String,
    /// Who acted.
    pub source: Actor,
    /// Who was acted upon; `None` in an event of one actor (a protest, a strike, a crackdown
    /// that a dataset codes with no target), which is stored and listed but is no edge.
    pub target: Option<Actor>,
    /// CAMEO event code.
    pub code: CameoCode,
    /// The family of the event.
    pub kind: EventKind,
    /// When it happened: the first day of the period the sentence names; else the report date.
    pub date: Option<Date>,
    /// How precisely `date` is known, the end of a range, and whether it is background.
    pub time: EventTime,
    /// When it was reported: the document's date.
    pub report_date: Option<Date>,
    /// Id of the document it came from.
    pub document: String,
    /// The sentence that proves it.
    pub evidence: Evidence,
    /// The rule or pattern that produced it.
    pub rule: String,
    /// The actors of the one real event this dyad belongs to, when it has more than two: one
    /// sentence has several states meet, sign or fight ("the foreign ministers of six Gulf
    /// states met"), and every dyad it makes names them all. Empty for a bilateral event.
    pub participants: Vec<ActorId>,
}

impl Event {
    /// Whether the event has more than two participants.
    pub fn multilateral(&self) -> bool {
        self.participants.len() > 2
    }

    /// How many actors take part: 2 for a bilateral event.
    pub fn n_participants(&self) -> u16 {
        u16::try_from(self.participants.len())
            .unwrap_or(u16::MAX)
            .max(2)
    }

    /// The weight of this dyad in its relation: 1 for a bilateral event, 1/(n-1) for each of
    /// the dyads of an event of n participants, so that one sentence does not count as many
    /// bilateral relations.
    pub fn weight(&self) -> f64 {
        weight_of(self.n_participants())
    }
}

/// The weight of one dyad of an event with `participants` actors.
pub fn weight_of(participants: u16) -> f64 {
    1.0 / f64::from(participants.max(2) - 1)
}

impl Event {
    /// The stable id of an event made from these parts.
    pub fn make_id(
        document: &str,
        evidence_start: usize,
        code: &str,
        source: &ActorId,
        target: &ActorId,
    ) -> String {
        let key =
            format!("{document}\u{1f}{evidence_start}\u{1f}{code}\u{1f}{source}\u{1f}{target}");
        format!("ev-{:016x}", fnv1a(key.as_bytes()))
    }
}

impl Event {
    /// How the source actor is named in the evidence, when its span is known.
    pub fn source_text(&self) -> Option<&str> {
        self.evidence.text_of(self.evidence.source)
    }

    /// How the target actor is named in the evidence, when its span is known.
    pub fn target_text(&self) -> Option<&str> {
        self.evidence.text_of(self.evidence.target)
    }
}

impl Evidence {
    /// The text of a document span that lies inside the sentence.
    pub fn text_of(&self, span: Option<Span>) -> Option<&str> {
        let span = span?;
        let from = span.start.checked_sub(self.start)?;
        let length = span.end.checked_sub(span.start)?;
        let mut chars = self
            .sentence
            .char_indices()
            .map(|(offset, _)| offset)
            .chain([self.sentence.len()]);
        let begin = chars.nth(from)?;
        let end = if length == 0 {
            begin
        } else {
            chars.nth(length - 1)?
        };
        Some(&self.sentence[begin..end]).filter(|text| !text.trim().is_empty())
    }
}

impl Event {
    /// The address of the article when the event's document is one (imported events name their
    /// source URL as their document).
    pub fn source_url(&self) -> Option<&str> {
        let document = self.document.as_str();
        (document.starts_with("https://") || document.starts_with("http://")).then_some(document)
    }

    /// Where the event comes from: extracted from text, or imported from a dataset (told by
    /// the rule an importer gives its events).
    pub fn dataset(&self) -> Dataset {
        Dataset::parse(&self.rule).unwrap_or(Dataset::Extracted)
    }

    /// The target, for code that handles only events between two actors (extraction makes no
    /// other kind).
    pub fn dyad_target(&self) -> &Actor {
        self.target
            .as_ref()
            .expect("events of extraction and of the graph's edges have a target")
    }
}

/// Where events come from: text that geokg extracted, or a coded-event dataset it imported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
#[repr(u8)]
pub enum Dataset {
    /// Events geokg extracted from documents.
    #[default]
    Extracted = 0,
    /// Rows of GDELT 1.0 and 2.0 event files.
    Gdelt = 1,
    /// Rows of ICEWS event files.
    Icews = 2,
}

impl Dataset {
    /// Every dataset.
    pub const ALL: [Dataset; 3] = [Dataset::Extracted, Dataset::Gdelt, Dataset::Icews];

    /// Its name: `extracted`, `gdelt`, `icews`.
    pub fn as_str(self) -> &'static str {
        match self {
            Dataset::Extracted => "extracted",
            Dataset::Gdelt => "gdelt",
            Dataset::Icews => "icews",
        }
    }

    /// The dataset of a name, any case.
    pub fn parse(raw: &str) -> Option<Dataset> {
        Dataset::ALL
            .into_iter()
            .find(|dataset| dataset.as_str().eq_ignore_ascii_case(raw.trim()))
    }
}

impl fmt::Display for Dataset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Display for Event {
    /// `asim-munir -042-> USA`, the compact form used in tests and logs; `PAKCVL -141-> .`
    /// for an event of one actor.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.target {
            Some(target) => write!(f, "{} -{}-> {}", self.source.id, self.code, target.id),
            None => write!(f, "{} -{}-> .", self.source.id, self.code),
        }
    }
}

/// The aggregate of all events from one actor to another.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Relation {
    /// Number of events; an event that several documents report counts once.
    pub n_events: u64,
    /// Number of reports behind the events: an event that three documents report counts three times.
    pub n_reports: u64,
    /// Events by kind.
    pub by_kind: BTreeMap<EventKind, u64>,
    /// Events by CAMEO code.
    pub by_code: BTreeMap<CameoCode, u64>,
    /// Earliest event date.
    pub first: Option<Date>,
    /// Latest event date.
    pub last: Option<Date>,
    /// How precisely `first` is known (the sharpest of the events of that day).
    pub first_precision: Precision,
    /// How precisely `last` is known.
    pub last_precision: Precision,
    /// Sum of Goldstein weights: positive is cooperation, negative is conflict.
    pub goldstein: f64,
    /// Events weighted by their participants: a bilateral event counts 1, each dyad of an
    /// event of n participants 1/(n-1).
    pub weight: f64,
    /// Events with more than two participants.
    pub n_multilateral: u64,
    /// Events and Goldstein sum by month (`YYYY-MM`).
    pub timeline: BTreeMap<String, MonthBucket>,
}

/// One month of a relation's timeline.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct MonthBucket {
    /// Events in the month.
    pub n_events: u64,
    /// Sum of their Goldstein weights.
    pub goldstein: f64,
}

impl Relation {
    /// Adds one event to the aggregate.
    pub fn add(&mut self, event: &Event) {
        self.add_parts(
            event.kind,
            &event.code,
            event.date.as_ref(),
            event.time.precision,
        );
        // add_parts counted a bilateral event.
        self.weight += event.weight() - 1.0;
        self.n_multilateral += u64::from(event.multilateral());
    }

    /// Adds one bilateral event given by its kind, code, date and its precision.
    pub fn add_parts(
        &mut self,
        kind: EventKind,
        code: &CameoCode,
        date: Option<&Date>,
        precision: Precision,
    ) {
        self.n_events += 1;
        self.n_reports += 1;
        self.weight += 1.0;
        *self.by_kind.entry(kind).or_default() += 1;
        *self.by_code.entry(*code).or_default() += 1;
        let weight = code.info().goldstein;
        self.goldstein += weight;
        if let Some(date) = date {
            if self.first.as_ref().is_none_or(|first| date < first) {
                self.first = Some(date.clone());
                self.first_precision = precision;
            } else if self.first.as_ref() == Some(date)
                && precision.sharper_than(self.first_precision)
            {
                self.first_precision = precision;
            }
            if self.last.as_ref().is_none_or(|last| date > last) {
                self.last = Some(date.clone());
                self.last_precision = precision;
            } else if self.last.as_ref() == Some(date)
                && precision.sharper_than(self.last_precision)
            {
                self.last_precision = precision;
            }
            let bucket = self.timeline.entry(date.month().to_string()).or_default();
            bucket.n_events += 1;
            bucket.goldstein += weight;
        }
    }

    /// How precisely the first and the last event dates are known; `None` without dated events.
    pub fn precisions(&self) -> Option<(Precision, Precision)> {
        self.first
            .as_ref()
            .map(|_| (self.first_precision, self.last_precision))
    }

    /// Adds another aggregate to this one (both directions of a pair, or a roll-up).
    pub fn merge(&mut self, other: &Relation) {
        self.n_events += other.n_events;
        self.n_reports += other.n_reports;
        for (kind, n) in &other.by_kind {
            *self.by_kind.entry(*kind).or_default() += n;
        }
        for (code, n) in &other.by_code {
            *self.by_code.entry(*code).or_default() += n;
        }
        self.goldstein += other.goldstein;
        self.weight += other.weight;
        self.n_multilateral += other.n_multilateral;
        if let Some(first) = &other.first {
            if self.first.as_ref().is_none_or(|mine| first < mine) {
                self.first = Some(first.clone());
                self.first_precision = other.first_precision;
            } else if self.first.as_ref() == Some(first)
                && other.first_precision.sharper_than(self.first_precision)
            {
                self.first_precision = other.first_precision;
            }
        }
        if let Some(last) = &other.last {
            if self.last.as_ref().is_none_or(|mine| last > mine) {
                self.last = Some(last.clone());
                self.last_precision = other.last_precision;
            } else if self.last.as_ref() == Some(last)
                && other.last_precision.sharper_than(self.last_precision)
            {
                self.last_precision = other.last_precision;
            }
        }
        for (month, bucket) in &other.timeline {
            let mine = self.timeline.entry(month.clone()).or_default();
            mine.n_events += bucket.n_events;
            mine.goldstein += bucket.goldstein;
        }
    }

    /// The mean Goldstein weight of its events (0 without events): what figures colour by.
    pub fn goldstein_mean(&self) -> f64 {
        if self.n_events == 0 {
            return 0.0;
        }
        self.goldstein / self.n_events as f64
    }

    /// Events of material conflict, as a share of all events.
    pub fn conflict_share(&self) -> f64 {
        if self.n_events == 0 {
            return 0.0;
        }
        let n_conflict = self.by_kind.get(&EventKind::Conflict).copied().unwrap_or(0);
        n_conflict as f64 / self.n_events as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actor_ids_reject_spaces_and_empty() {
        assert!(ActorId::parse("PAK").is_ok());
        assert!(ActorId::parse("asim-munir").is_ok());
        assert_eq!(ActorId::parse(""), Err(Error::ActorId(String::new())));
        assert!(ActorId::parse("a b").is_err());
        assert!(ActorId::parse("ü").is_err());
    }

    #[test]
    fn slugs_fold_accents_and_punctuation() {
        assert_eq!(
            ActorId::slug("Recep Tayyip Erdoğan").as_str(),
            "recep-tayyip-erdogan"
        );
        assert_eq!(
            ActorId::slug("  Gen. Asim Munir ").as_str(),
            "gen-asim-munir"
        );
        assert_eq!(ActorId::slug("!!!").as_str(), "actor");
    }

    #[test]
    fn dates_check_month_lengths() {
        assert!(Date::parse("2024-02-29").is_ok());
        assert!(Date::parse("2025-02-29").is_err());
        assert!(Date::parse("2025-13-01").is_err());
        assert!(Date::parse("2025-1-01").is_err());
        assert!(Date::parse("2025-08-10").is_ok());
        assert_eq!(Date::parse("2025-08-10").unwrap().month(), "2025-08");
    }

    #[test]
    fn day_numbers_round_trip() {
        assert_eq!(Date::parse("1970-01-01").unwrap().days(), 0);
        assert_eq!(Date::parse("2000-03-01").unwrap().days(), 11_017);
        assert_eq!(Date::parse("1969-12-31").unwrap().days(), -1);
        for raw in [
            "2024-02-29",
            "2025-12-31",
            "1987-02-26",
            "2026-01-01",
            "1900-03-01",
        ] {
            let date = Date::parse(raw).unwrap();
            assert_eq!(Date::from_days(date.days()), date);
        }
        let (a, b) = (
            Date::parse("2025-05-07").unwrap(),
            Date::parse("2025-06-18").unwrap(),
        );
        assert_eq!(b.days() - a.days(), 42);
    }

    #[test]
    fn kinds_follow_codes() {
        let kind = |code: &str| EventKind::of_code(&CameoCode::parse(code).unwrap());
        assert_eq!(kind("042"), EventKind::Visit);
        assert_eq!(kind("043"), EventKind::Visit);
        assert_eq!(kind("046"), EventKind::Meeting);
        assert_eq!(kind("125"), EventKind::DeclinedVisit);
        assert_eq!(kind("190"), EventKind::Conflict);
        assert_eq!(kind("1823"), EventKind::Conflict);
        assert_eq!(kind("036"), EventKind::Intent);
        assert_eq!(kind("163"), EventKind::Sanction);
        for kind in EventKind::ALL {
            assert_eq!(EventKind::parse(kind.as_str()), Ok(kind));
        }
    }

    #[test]
    fn evidence_spans_give_the_words_of_the_actors() {
        let evidence = Evidence {
            sentence: "Türkiye's Erdoğan met Sisi.".into(),
            start: 100,
            end: 127,
            source: Some(Span {
                start: 110,
                end: 117,
            }),
            target: Some(Span {
                start: 122,
                end: 126,
            }),
            trigger: Some(Span { start: 90, end: 95 }),
        };
        assert_eq!(evidence.text_of(evidence.source), Some("Erdoğan"));
        assert_eq!(evidence.text_of(evidence.target), Some("Sisi"));
        assert_eq!(
            evidence.text_of(evidence.trigger),
            None,
            "outside the sentence"
        );
        assert_eq!(
            evidence.text_of(Some(Span {
                start: 120,
                end: 140
            })),
            None,
            "past its end"
        );
        assert_eq!(evidence.text_of(None), None);
    }

    #[test]
    fn content_ids_are_stable() {
        assert_eq!(content_id("abc"), content_id("abc"));
        assert_ne!(content_id("abc"), content_id("abd"));
        assert_eq!(content_id(""), "doc-cbf29ce484222325");
    }
}
