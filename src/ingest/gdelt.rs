//! GDELT event files: rows of GDELT 1.0 and 2.0 event exports, GDELT 2.0 lines back out, and a
//! generator of realistic GDELT 2.0 files.
//!
//! Pure: callers read and decompress the files and pass each line here.
//!
//! - [`parse_line`] reads one tab-separated line of a GDELT 2.0 export (61 columns) or of a
//!   GDELT 1.0 file (57 columns in the historical backfiles, 58 with `SOURCEURL` in the daily
//!   files) into a [`Row`] that borrows its text from the line: no allocation per field, about
//!   1.5 million rows a second on one core. A bad line is a [`RowError`] naming GDELT's column.
//! - [`write_v2`] writes a row back as a GDELT 2.0 line; [`write_event_v2`] writes a geokg
//!   [`Event`] as one, with the GDELT-only numbers of an imported row kept in [`Extras`].
//!   Parsing what they write gives back the same values.
//! - [`Profile`] learns the statistics of parsed rows and generates any number of GDELT 2.0
//!   lines with the same actors, codes and shape, deterministically for a seed;
//!   [`Profile::bundled`] works without any sample file.
//!
//! Actor codes become geokg actors in `extract::actor_of_code`, which needs the dictionary.

mod actor;
mod fips;
mod generate;

pub(crate) use actor::{
    is_known_group, is_region, is_religion, is_type, known_group_actor, segments,
    INTERNATIONAL_ROOTS,
};
pub use actor::{ActorBuf, RowActor};
pub use fips::{fips_rows, iso3_of_fips};
pub use generate::{Profile, ProfileBuilder, ProfileError};

use std::fmt::{self, Write as _};
use std::sync::OnceLock;

use crate::model::{Actor, CameoCode, Date, Event, EventKind, Evidence};

/// The GDELT release a line comes from, told by its number of columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Version {
    /// GDELT 1.0: 57 columns (historical backfiles) or 58 (daily files, with `SOURCEURL`);
    /// no `*Geo_ADM2Code` columns, `DATEADDED` is `YYYYMMDD`.
    V1,
    /// GDELT 2.0: 61 columns, `DATEADDED` is `YYYYMMDDHHMMSS`.
    V2,
}

impl Version {
    /// The version of a line with this many tab-separated columns: 57 or 58 is 1.0, 61 is 2.0.
    pub fn of_columns(columns: usize) -> Result<Version, RowError> {
        match columns {
            57 | 58 => Ok(Version::V1),
            61 => Ok(Version::V2),
            other => Err(RowError::Columns(other)),
        }
    }
}

/// The 61 column names of a GDELT 2.0 event export, in order (GDELT's own spelling).
///
/// GDELT 1.0 has the same columns without the three `*Geo_ADM2Code` ones (and without
/// `SOURCEURL` in the historical backfiles). [`RowError`] names columns with these names.
pub const COLUMNS: [&str; 61] = [
    "GLOBALEVENTID",
    "SQLDATE",
    "MonthYear",
    "Year",
    "FractionDate",
    "Actor1Code",
    "Actor1Name",
    "Actor1CountryCode",
    "Actor1KnownGroupCode",
    "Actor1EthnicCode",
    "Actor1Religion1Code",
    "Actor1Religion2Code",
    "Actor1Type1Code",
    "Actor1Type2Code",
    "Actor1Type3Code",
    "Actor2Code",
    "Actor2Name",
    "Actor2CountryCode",
    "Actor2KnownGroupCode",
    "Actor2EthnicCode",
    "Actor2Religion1Code",
    "Actor2Religion2Code",
    "Actor2Type1Code",
    "Actor2Type2Code",
    "Actor2Type3Code",
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    "Actor1Geo_Type",
    "Actor1Geo_FullName",
    "Actor1Geo_CountryCode",
    "Actor1Geo_ADM1Code",
    "Actor1Geo_ADM2Code",
    "Actor1Geo_Lat",
    "Actor1Geo_Long",
    "Actor1Geo_FeatureID",
    "Actor2Geo_Type",
    "Actor2Geo_FullName",
    "Actor2Geo_CountryCode",
    "Actor2Geo_ADM1Code",
    "Actor2Geo_ADM2Code",
    "Actor2Geo_Lat",
    "Actor2Geo_Long",
    "Actor2Geo_FeatureID",
    "ActionGeo_Type",
    "ActionGeo_FullName",
    "ActionGeo_CountryCode",
    "ActionGeo_ADM1Code",
    "ActionGeo_ADM2Code",
    "ActionGeo_Lat",
    "ActionGeo_Long",
    "ActionGeo_FeatureID",
    "DATEADDED",
    "SOURCEURL",
];

/// Why a line is not a GDELT event row.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RowError {
    /// The line does not have 57, 58 or 61 tab-separated columns.
    #[error("expected 57 or 58 (GDELT 1.0) or 61 (GDELT 2.0) tab-separated columns, found {0}")]
    Columns(usize),
    /// A column with a missing or wrong value.
    #[error("field `{field}`: {problem}")]
    Field {
        /// GDELT's name of the column (`SQLDATE`, `EventCode`, `QuadClass`, ...).
        field: &'static str,
        /// What is wrong with it.
        problem: String,
    },
}

impl RowError {
    /// The GDELT column at fault, when it is one column.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            RowError::Columns(_) => None,
            RowError::Field { field, .. } => Some(*field),
        }
    }
}

impl From<RowError> for super::Error {
    fn from(error: RowError) -> super::Error {
        match error {
            RowError::Columns(found) => super::Error::Field {
                field: "columns",
                problem: RowError::Columns(found).to_string(),
            },
            RowError::Field { field, problem } => super::Error::Field { field, problem },
        }
    }
}

fn bad(field: &'static str, problem: String) -> RowError {
    RowError::Field { field, problem }
}

/// A calendar day as GDELT writes it (`YYYYMMDD`): validated, 4 bytes, `Copy`, ordered by date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Day {
    year: u16,
    month: u8,
    day: u8,
}

impl Day {
    /// The day, when it exists (years 1 to 9999).
    pub fn new(year: u32, month: u32, day: u32) -> Option<Day> {
        let valid = (1..=9999).contains(&year)
            && (1..=12).contains(&month)
            && day >= 1
            && day <= days_in_month(year, month);
        valid.then_some(Day {
            year: year as u16,
            month: month as u8,
            day: day as u8,
        })
    }

    /// Reads exactly eight digits, `YYYYMMDD`.
    pub fn parse_yyyymmdd(raw: &str) -> Option<Day> {
        let bytes = raw.as_bytes();
        if bytes.len() != 8 {
            return None;
        }
        let value = digits(bytes)?;
        Day::from_yyyymmdd(value as u32)
    }

    /// The day of a number `YYYYMMDD`.
    pub fn from_yyyymmdd(value: u32) -> Option<Day> {
        Day::new(value / 10_000, value / 100 % 100, value % 100)
    }

    /// The day as the number `YYYYMMDD`.
    pub fn yyyymmdd(self) -> u32 {
        u32::from(self.year) * 10_000 + u32::from(self.month) * 100 + u32::from(self.day)
    }

    /// The year.
    pub fn year(self) -> u32 {
        u32::from(self.year)
    }

    /// The month, 1 to 12.
    pub fn month(self) -> u32 {
        u32::from(self.month)
    }

    /// The day of the month, 1 to 31.
    pub fn day(self) -> u32 {
        u32::from(self.day)
    }

    /// Days since 1970-01-01 (negative before), as [`Date::days`] counts them.
    pub fn days(self) -> i32 {
        crate::model::days_from_civil(
            i64::from(self.year),
            i64::from(self.month),
            i64::from(self.day),
        )
    }

    /// The day that is `days` after 1970-01-01, clamped to years 1 to 9999.
    pub fn from_days(days: i32) -> Day {
        let days = days.clamp(-719_162, 2_932_896);
        let (year, month, day) = crate::model::civil_from_days(days);
        Day {
            year: year as u16,
            month: month as u8,
            day: day as u8,
        }
    }

    /// The day as a geokg [`Date`] (`YYYY-MM-DD`).
    pub fn to_date(self) -> Date {
        Date::from_days(self.days())
    }

    /// The day of a geokg [`Date`].
    pub fn from_date(date: &Date) -> Day {
        Day::from_days(date.days())
    }

    /// GDELT's `FractionDate`: the year plus `((month - 1) * 30 + day) / 365`, as GDELT computes
    /// it (months count 30 days), written with four decimals.
    pub fn fraction_date(self) -> f64 {
        let part = (f64::from(self.month) - 1.0) * 30.0 + f64::from(self.day);
        f64::from(self.year) + part / 365.0
    }
}

impl fmt::Display for Day {
    /// `YYYY-MM-DD`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

fn days_in_month(year: u32, month: u32) -> u32 {
    let leap = (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400);
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => 0,
    }
}

/// `DATEADDED`: the day GDELT added the event, and in GDELT 2.0 the time of its 15-minute batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DateAdded {
    /// The report day.
    pub day: Day,
    /// `HHMMSS` as a number (`143000`), or `None` when GDELT wrote only `YYYYMMDD` (1.0).
    pub time: Option<u32>,
}

impl DateAdded {
    /// Reads `YYYYMMDDHHMMSS` or `YYYYMMDD`.
    pub fn parse(raw: &str) -> Option<DateAdded> {
        match raw.len() {
            8 | 14 => DateAdded::from_raw(digits(raw.as_bytes())?),
            _ => None,
        }
    }

    /// The value as GDELT wrote it: `YYYYMMDDHHMMSS`, or `YYYYMMDD` when there is no time.
    pub fn raw(self) -> u64 {
        let day = u64::from(self.day.yyyymmdd());
        match self.time {
            Some(time) => day * 1_000_000 + u64::from(time),
            None => day,
        }
    }

    /// The value as GDELT 2.0 writes it, `YYYYMMDDHHMMSS` (time 000000 when there is none).
    pub fn v2(self) -> u64 {
        u64::from(self.day.yyyymmdd()) * 1_000_000 + u64::from(self.time.unwrap_or(0))
    }

    /// The value of a number `YYYYMMDDHHMMSS` or `YYYYMMDD` (as [`DateAdded::raw`] gives),
    /// when it is a real day and time.
    pub fn from_raw(raw: u64) -> Option<DateAdded> {
        if (10_000_000..100_000_000).contains(&raw) {
            return Some(DateAdded {
                day: Day::from_yyyymmdd(raw as u32)?,
                time: None,
            });
        }
        if !(10_000_000_000_000..100_000_000_000_000).contains(&raw) {
            return None;
        }
        let time = (raw % 1_000_000) as u32;
        let valid = time / 10_000 < 24 && time / 100 % 100 < 60 && time % 100 < 60;
        valid.then_some(())?;
        Some(DateAdded {
            day: Day::from_yyyymmdd((raw / 1_000_000) as u32)?,
            time: Some(time),
        })
    }
}

/// A place of a row (`Actor1Geo_*`, `Actor2Geo_*` or `ActionGeo_*`); every text may be empty.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Geo<'a> {
    /// 0 none, 1 country, 2 US state, 3 US city, 4 world city, 5 world state. Empty reads as 0.
    pub kind: u8,
    /// `Vancouver, British Columbia, Canada`.
    pub full_name: &'a str,
    /// FIPS 10-4 country code (`CA`), not ISO.
    pub country_code: &'a str,
    /// FIPS country code plus ADM1 code (`CA02`).
    pub adm1: &'a str,
    /// ADM2 code; always empty in GDELT 1.0.
    pub adm2: &'a str,
    /// Latitude, when given.
    pub lat: Option<f64>,
    /// Longitude, when given.
    pub long: Option<f64>,
    /// GNS or GNIS feature id, or an ADM1 code; kept as text.
    pub feature_id: &'a str,
}

impl Geo<'_> {
    /// Whether the place says nothing.
    pub fn is_empty(&self) -> bool {
        *self == Geo::default()
    }
}

/// One GDELT event row, borrowing its text from the line.
///
/// `MonthYear`, `Year` and `FractionDate` are not kept: they follow from [`Row::day`];
/// `EventBaseCode` and `EventRootCode` follow from [`Row::event_code`].
#[derive(Debug, Clone, PartialEq)]
pub struct Row<'a> {
    /// Which release the line came from.
    pub version: Version,
    /// `GLOBALEVENTID`.
    pub global_id: u64,
    /// `SQLDATE`: the day the event took place (may lie well before [`Row::date_added`]).
    pub day: Day,
    /// `Actor1*`: who acted; its code is empty when GDELT found no actor.
    pub actor1: RowActor<'a>,
    /// `Actor2*`: who was acted upon; its code is often empty.
    pub actor2: RowActor<'a>,
    /// `IsRootEvent`: the event is in the lead paragraph.
    pub is_root: bool,
    /// `EventCode`, checked against the CAMEO table (and its base and root columns against it).
    pub event_code: CameoCode,
    /// `QuadClass`, 1 to 4, as GDELT wrote it (it may differ from geokg's table for a few codes).
    pub quad_class: u8,
    /// `GoldsteinScale`, -10 to +10, as GDELT wrote it.
    pub goldstein: f32,
    /// `NumMentions`.
    pub num_mentions: u32,
    /// `NumSources`.
    pub num_sources: u32,
    /// `NumArticles`.
    pub num_articles: u32,
    /// `AvgTone`.
    pub avg_tone: f32,
    /// `Actor1Geo_*`.
    pub actor1_geo: Geo<'a>,
    /// `Actor2Geo_*`.
    pub actor2_geo: Geo<'a>,
    /// `ActionGeo_*`: where the event took place.
    pub action_geo: Geo<'a>,
    /// `DATEADDED`: the report date (and 2.0's batch time).
    pub date_added: DateAdded,
    /// `SOURCEURL`; `None` when empty or absent (57-column 1.0 rows).
    pub source_url: Option<&'a str>,
}

impl Row<'_> {
    /// The event day as a geokg date.
    pub fn date(&self) -> Date {
        self.day.to_date()
    }

    /// The report day (`DATEADDED`) as a geokg date.
    pub fn report_date(&self) -> Date {
        self.date_added.day.to_date()
    }

    /// Whether both actor codes are given.
    pub fn has_two_actors(&self) -> bool {
        !self.actor1.code.is_empty() && !self.actor2.code.is_empty()
    }

    /// The geokg event of an imported row, between the actors that `extract::actor_of_code`
    /// gave for its two sides (the target `None` for an event of one actor).
    ///
    /// Its id is `gdelt-GLOBALEVENTID`, its document the source URL (else the same id), its
    /// dates the event and report days, its kind the usual one of the code, its rule `gdelt`;
    /// it has no sentence.
    pub fn to_event(&self, source: Actor, target: Option<Actor>) -> Event {
        let id = format!("gdelt-{}", self.global_id);
        let kind = EventKind::of_code(&self.event_code);
        Event {
            document: self.source_url.map_or_else(|| id.clone(), str::to_string),
            id,
            source,
            target,
            code: CameoCode::from_index(self.event_code.index()).expect("a code of the table"),
            kind,
            date: Some(self.date()),
            time: crate::model::EventTime {
                precision: crate::model::Precision::Day,
                ..Default::default()
            },
            report_date: Some(self.report_date()),
            evidence: Evidence::default(),
            rule: "gdelt".to_string(),
            participants: Vec::new(),
        }
    }
}

/// Every non-blank line of a GDELT file, numbered from 1, as a row or the reason it is not one.
///
/// A leading byte-order mark is skipped. A bad line does not stop the others.
pub fn lines(text: &str) -> impl Iterator<Item = (usize, Result<Row<'_>, RowError>)> + '_ {
    text.strip_prefix('\u{feff}')
        .unwrap_or(text)
        .split('\n')
        .enumerate()
        .filter(|(_, line)| !line.trim_end_matches('\r').is_empty())
        .map(|(index, line)| (index + 1, parse_line(line)))
}

/// Reads one line of a GDELT 1.0 or 2.0 event file.
///
/// A trailing `\n` or `\r\n` is ignored. Errors name GDELT's column:
///
/// ```
/// use geokg::ingest::gdelt::{parse_line, RowError};
/// let error = parse_line("1\t2").unwrap_err();
/// assert_eq!(error, RowError::Columns(2));
/// ```
pub fn parse_line(line: &str) -> Result<Row<'_>, RowError> {
    let line = line.strip_suffix('\n').unwrap_or(line);
    let line = line.strip_suffix('\r').unwrap_or(line);
    let mut f: [&str; 61] = [""; 61];
    let columns = split_tabs(line, &mut f);
    let version = Version::of_columns(columns)?;
    // Where the three places, DATEADDED and SOURCEURL stand in this version.
    let (geos, adm2, added_at, url_at) = match columns {
        61 => ([35, 43, 51], true, 59, Some(60)),
        58 => ([35, 42, 49], false, 56, Some(57)),
        _ => ([35, 42, 49], false, 56, None),
    };

    let global_id = digits(f[0].as_bytes())
        .ok_or_else(|| bad(COLUMNS[0], format!("`{}` is not a positive integer", f[0])))?;
    let day = Day::parse_yyyymmdd(f[1])
        .ok_or_else(|| bad(COLUMNS[1], format!("`{}` is not a YYYYMMDD day", f[1])))?;
    if f[2] != &f[1][..6] {
        return Err(bad(
            COLUMNS[2],
            format!("`{}` is not the month of SQLDATE {}", f[2], f[1]),
        ));
    }
    if f[3] != &f[1][..4] {
        return Err(bad(
            COLUMNS[3],
            format!("`{}` is not the year of SQLDATE {}", f[3], f[1]),
        ));
    }
    if decimal(f[4]).is_none() {
        return Err(bad(COLUMNS[4], format!("`{}` is not a number", f[4])));
    }
    let actor1 = RowActor::from_fields(&f[5..15]);
    let actor2 = RowActor::from_fields(&f[15..25]);
    let is_root = match f[25] {
        "1" => true,
        "0" => false,
        other => return Err(bad(COLUMNS[25], format!("`{other}` is not 0 or 1"))),
    };
    let event_code = code_of(f[26]).ok_or_else(|| {
        bad(
            COLUMNS[26],
            format!("`{}` is not a CAMEO event code", f[26]),
        )
    })?;
    let code = event_code.as_str();
    if f[27] != &code[..code.len().min(3)] {
        return Err(bad(
            COLUMNS[27],
            format!("`{}` is not the base of event code {code}", f[27]),
        ));
    }
    if f[28] != &code[..2] {
        return Err(bad(
            COLUMNS[28],
            format!("`{}` is not the root of event code {code}", f[28]),
        ));
    }
    let quad_class = match f[29] {
        "1" => 1,
        "2" => 2,
        "3" => 3,
        "4" => 4,
        other => return Err(bad(COLUMNS[29], format!("`{other}` is not 1, 2, 3 or 4"))),
    };
    let goldstein = float32(f[30], COLUMNS[30])?;
    if !(-10.0..=10.0).contains(&goldstein) {
        return Err(bad(
            COLUMNS[30],
            format!("`{}` is outside -10 to 10", f[30]),
        ));
    }
    let num_mentions = count(f[31], COLUMNS[31])?;
    let num_sources = count(f[32], COLUMNS[32])?;
    let num_articles = count(f[33], COLUMNS[33])?;
    let avg_tone = float32(f[34], COLUMNS[34])?;
    let actor1_geo = geo(&f, geos[0], adm2, 35)?;
    let actor2_geo = geo(&f, geos[1], adm2, 43)?;
    let action_geo = geo(&f, geos[2], adm2, 51)?;
    let date_added = DateAdded::parse(f[added_at]).ok_or_else(|| {
        bad(
            COLUMNS[59],
            format!("`{}` is not a YYYYMMDDHHMMSS or YYYYMMDD date", f[added_at]),
        )
    })?;
    let source_url = url_at.map(|at| f[at]).filter(|url| !url.is_empty());
    Ok(Row {
        version,
        global_id,
        day,
        actor1,
        actor2,
        is_root,
        event_code,
        quad_class,
        goldstein,
        num_mentions,
        num_sources,
        num_articles,
        avg_tone,
        actor1_geo,
        actor2_geo,
        action_geo,
        date_added,
        source_url,
    })
}

/// Splits on tabs into `out` (the first 61 fields) and returns the number of fields.
///
/// Looks at eight bytes at a time: a GDELT line is about 350 bytes with 60 tabs.
fn split_tabs<'a>(line: &'a str, out: &mut [&'a str; 61]) -> usize {
    const LOW: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    const TABS: u64 = 0x0909_0909_0909_0909;
    let bytes = line.as_bytes();
    let mut n = 0;
    let mut start = 0;
    // Tabs are ASCII, so both ends of every field are character boundaries.
    let mut field_ends_at = |at: usize| {
        if n < 61 {
            out[n] = &line[start..at];
        }
        n += 1;
        start = at + 1;
    };
    let chunks = bytes.chunks_exact(8);
    let tail = chunks.remainder();
    for (index, chunk) in chunks.enumerate() {
        let word = u64::from_le_bytes(chunk.try_into().expect("chunks of eight bytes"));
        let x = word ^ TABS;
        // The high bit of each byte of `mask` is set exactly where `x` has a zero byte.
        let mut mask = !(((x & LOW) + LOW) | x) & HIGH;
        while mask != 0 {
            field_ends_at(index * 8 + (mask.trailing_zeros() / 8) as usize);
            mask &= mask - 1;
        }
    }
    let tail_start = bytes.len() - tail.len();
    for (offset, byte) in tail.iter().enumerate() {
        if *byte == b'\t' {
            field_ends_at(tail_start + offset);
        }
    }
    if n < 61 {
        out[n] = &line[start..];
    }
    n + 1
}

/// The value of 1 to 19 ASCII digits.
fn digits(bytes: &[u8]) -> Option<u64> {
    if bytes.is_empty() || bytes.len() > 19 {
        return None;
    }
    let mut value: u64 = 0;
    for byte in bytes {
        let digit = byte.wrapping_sub(b'0');
        if digit > 9 {
            return None;
        }
        value = value * 10 + u64::from(digit);
    }
    Some(value)
}

fn count(raw: &str, field: &'static str) -> Result<u32, RowError> {
    digits(raw.as_bytes())
        .and_then(|value| u32::try_from(value).ok())
        .ok_or_else(|| bad(field, format!("`{raw}` is not a count")))
}

fn float32(raw: &str, field: &'static str) -> Result<f32, RowError> {
    let fast = decimal(raw).and_then(|(mantissa, scale)| {
        // Exact in f32 (below 2^24 and 10^7): one division rounds correctly, as `parse` does.
        (mantissa < 10_000_000 && scale <= 7).then(|| mantissa as f32 / POWERS_OF_TEN_F32[scale])
    });
    fast.map(|value| if raw.starts_with('-') { -value } else { value })
        .or_else(|| raw.parse::<f32>().ok())
        .filter(|value| value.is_finite())
        .ok_or_else(|| bad(field, format!("`{raw}` is not a number")))
}

fn coordinate(raw: &str, field: &'static str) -> Result<Option<f64>, RowError> {
    if raw.is_empty() {
        return Ok(None);
    }
    let fast = decimal(raw).and_then(|(mantissa, scale)| {
        // Exact in f64 (below 2^53 and 10^22): one division rounds correctly, as `parse` does.
        (mantissa < 1_000_000_000_000_000 && scale <= 15)
            .then(|| mantissa as f64 / POWERS_OF_TEN[scale])
    });
    fast.map(|value| if raw.starts_with('-') { -value } else { value })
        .or_else(|| raw.parse::<f64>().ok())
        .filter(|value| value.is_finite())
        .map(Some)
        .ok_or_else(|| bad(field, format!("`{raw}` is not a number")))
}

const POWERS_OF_TEN: [f64; 16] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
];

const POWERS_OF_TEN_F32: [f32; 8] = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7];

/// A plain decimal `[-]DIGITS[.DIGITS]` of at most 18 digits as its digits without the point
/// and the number of digits after the point; `None` for anything else (exponents, `inf`).
fn decimal(raw: &str) -> Option<(u64, usize)> {
    let bytes = raw.as_bytes();
    let bytes = bytes.strip_prefix(b"-").unwrap_or(bytes);
    if bytes.is_empty() || bytes.len() > 19 {
        return None;
    }
    let mut mantissa: u64 = 0;
    let mut point = None;
    for (at, byte) in bytes.iter().enumerate() {
        match byte {
            b'0'..=b'9' => mantissa = mantissa * 10 + u64::from(byte - b'0'),
            b'.' if point.is_none() && at > 0 && at + 1 < bytes.len() => point = Some(at),
            _ => return None,
        }
    }
    Some((mantissa, point.map_or(0, |at| bytes.len() - at - 1)))
}

/// The place whose first column is `at`; `names` is where its columns stand in [`COLUMNS`].
fn geo<'a>(f: &[&'a str; 61], at: usize, adm2: bool, names: usize) -> Result<Geo<'a>, RowError> {
    let kind = match f[at] {
        "" => 0,
        raw if raw.len() == 1 && (b'0'..=b'5').contains(&raw.as_bytes()[0]) => {
            raw.as_bytes()[0] - b'0'
        }
        raw => {
            return Err(bad(
                COLUMNS[names],
                format!("`{raw}` is not a place type from 0 to 5"),
            ))
        }
    };
    let (adm2_code, rest) = if adm2 {
        (f[at + 4], at + 5)
    } else {
        ("", at + 4)
    };
    Ok(Geo {
        kind,
        full_name: f[at + 1],
        country_code: f[at + 2],
        adm1: f[at + 3],
        adm2: adm2_code,
        lat: coordinate(f[rest], COLUMNS[names + 5])?,
        long: coordinate(f[rest + 1], COLUMNS[names + 6])?,
        feature_id: f[rest + 2],
    })
}

/// The CAMEO code of 2 to 4 digits, looked up without hashing.
fn code_of(raw: &str) -> Option<CameoCode> {
    let index = *code_table().get(code_slot(raw.as_bytes())?)?;
    index.checked_sub(1).and_then(CameoCode::from_index)
}

/// A slot per string of 2, 3 or 4 digits: `"04"`, `"040"` and `"0400"` are different slots.
fn code_slot(bytes: &[u8]) -> Option<usize> {
    let value = digits(bytes)? as usize;
    match bytes.len() {
        2 => Some(value),
        3 => Some(100 + value),
        4 => Some(1_100 + value),
        _ => None,
    }
}

/// Table position plus one of each code, by slot; 0 where there is no code.
fn code_table() -> &'static [u16] {
    static TABLE: OnceLock<Vec<u16>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table = vec![0u16; 11_100];
        for info in CameoCode::all() {
            if let Some(slot) = code_slot(info.code.as_bytes()) {
                table[slot] = info.index + 1;
            }
        }
        table
    })
}

/// Appends a row as one GDELT 2.0 line (61 tab-separated columns) and a `\n`.
///
/// Columns that GDELT 1.0 lacks are left empty (the ADM2 codes), `MonthYear`, `Year` and
/// `FractionDate` are computed from the day as GDELT does, and a 1.0 `DATEADDED` gets the time
/// `000000`. Parsing the line gives back the row, but for its version (and that time).
pub fn write_v2(row: &Row<'_>, out: &mut String) {
    let day = row.day;
    let code = row.event_code.as_str();
    push_u64(out, row.global_id);
    out.push('\t');
    push_u64(out, u64::from(day.yyyymmdd()));
    out.push('\t');
    push_u64(out, u64::from(day.yyyymmdd() / 100));
    out.push('\t');
    push_u64(out, u64::from(day.year()));
    out.push('\t');
    push_fraction_date(out, day);
    out.push('\t');
    push_actor(out, &row.actor1);
    push_actor(out, &row.actor2);
    out.push(if row.is_root { '1' } else { '0' });
    for part in [code, &code[..code.len().min(3)], &code[..2]] {
        out.push('\t');
        out.push_str(part);
    }
    out.push('\t');
    out.push(char::from(b'0' + row.quad_class % 10));
    out.push('\t');
    push_float(out, row.goldstein);
    for number in [row.num_mentions, row.num_sources, row.num_articles] {
        out.push('\t');
        push_u64(out, u64::from(number));
    }
    out.push('\t');
    push_float(out, row.avg_tone);
    out.push('\t');
    for geo in [&row.actor1_geo, &row.actor2_geo, &row.action_geo] {
        push_geo(out, geo);
    }
    push_u64(out, row.date_added.v2());
    out.push('\t');
    out.push_str(row.source_url.unwrap_or(""));
    out.push('\n');
}

fn push_u64(out: &mut String, mut value: u64) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (value % 10) as u8;
        value /= 10;
        if value == 0 {
            break;
        }
    }
    out.extend(digits[at..].iter().map(|digit| char::from(*digit)));
}

/// `FractionDate` with four decimals, in integers: the same digits as `{:.4}` of
/// [`Day::fraction_date`] (no value of it lies on a rounding tie).
fn push_fraction_date(out: &mut String, day: Day) {
    let part = u64::from(day.month() - 1) * 30 + u64::from(day.day());
    let fraction = (part * 20_000 + 365) / 730;
    push_u64(out, u64::from(day.year()));
    out.push('.');
    let digits = [
        fraction / 1000,
        fraction / 100 % 10,
        fraction / 10 % 10,
        fraction % 10,
    ];
    for digit in digits {
        out.push(char::from(b'0' + digit as u8));
    }
}

fn push_actor(out: &mut String, actor: &RowActor<'_>) {
    for field in actor.fields() {
        out.push_str(field);
        out.push('\t');
    }
}

fn push_geo(out: &mut String, geo: &Geo<'_>) {
    out.push(char::from(b'0' + geo.kind % 10));
    out.push('\t');
    for text in [geo.full_name, geo.country_code, geo.adm1, geo.adm2] {
        out.push_str(text);
        out.push('\t');
    }
    for value in [geo.lat, geo.long] {
        if let Some(value) = value {
            let _ = write!(out, "{value}");
        }
        out.push('\t');
    }
    out.push_str(geo.feature_id);
    out.push('\t');
}

/// A float the way GDELT 2.0 writes it: `1.0`, `-7.5`, `2.0277481`; never in exponent form.
fn push_float(out: &mut String, value: f32) {
    let start = out.len();
    let _ = write!(out, "{value}");
    if !out[start..].contains('.') {
        out.push_str(".0");
    }
}

/// An owned place, for [`Extras`] and [`RowBuf`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GeoBuf {
    /// See [`Geo::kind`].
    pub kind: u8,
    /// See [`Geo::full_name`].
    pub full_name: String,
    /// See [`Geo::country_code`].
    pub country_code: String,
    /// See [`Geo::adm1`].
    pub adm1: String,
    /// See [`Geo::adm2`].
    pub adm2: String,
    /// See [`Geo::lat`].
    pub lat: Option<f64>,
    /// See [`Geo::long`].
    pub long: Option<f64>,
    /// See [`Geo::feature_id`].
    pub feature_id: String,
}

impl GeoBuf {
    /// The borrowed form.
    pub fn as_geo(&self) -> Geo<'_> {
        Geo {
            kind: self.kind,
            full_name: &self.full_name,
            country_code: &self.country_code,
            adm1: &self.adm1,
            adm2: &self.adm2,
            lat: self.lat,
            long: self.long,
            feature_id: &self.feature_id,
        }
    }
}

impl From<&Geo<'_>> for GeoBuf {
    fn from(geo: &Geo<'_>) -> GeoBuf {
        GeoBuf {
            kind: geo.kind,
            full_name: geo.full_name.to_string(),
            country_code: geo.country_code.to_string(),
            adm1: geo.adm1.to_string(),
            adm2: geo.adm2.to_string(),
            lat: geo.lat,
            long: geo.long,
            feature_id: geo.feature_id.to_string(),
        }
    }
}

/// An owned row, for keeping rows beyond their line.
#[derive(Debug, Clone, PartialEq)]
pub struct RowBuf {
    /// See [`Row::version`].
    pub version: Version,
    /// See [`Row::global_id`].
    pub global_id: u64,
    /// See [`Row::day`].
    pub day: Day,
    /// See [`Row::actor1`].
    pub actor1: ActorBuf,
    /// See [`Row::actor2`].
    pub actor2: ActorBuf,
    /// See [`Row::is_root`].
    pub is_root: bool,
    /// Position of [`Row::event_code`] in the CAMEO table ([`CameoCode::index`]).
    pub event_code: u16,
    /// See [`Row::quad_class`].
    pub quad_class: u8,
    /// See [`Row::goldstein`].
    pub goldstein: f32,
    /// See [`Row::num_mentions`].
    pub num_mentions: u32,
    /// See [`Row::num_sources`].
    pub num_sources: u32,
    /// See [`Row::num_articles`].
    pub num_articles: u32,
    /// See [`Row::avg_tone`].
    pub avg_tone: f32,
    /// See [`Row::actor1_geo`].
    pub actor1_geo: GeoBuf,
    /// See [`Row::actor2_geo`].
    pub actor2_geo: GeoBuf,
    /// See [`Row::action_geo`].
    pub action_geo: GeoBuf,
    /// See [`Row::date_added`].
    pub date_added: DateAdded,
    /// See [`Row::source_url`].
    pub source_url: Option<String>,
}

impl RowBuf {
    /// The borrowed form, for [`write_v2`].
    pub fn as_row(&self) -> Row<'_> {
        Row {
            version: self.version,
            global_id: self.global_id,
            day: self.day,
            actor1: self.actor1.as_row_actor(),
            actor2: self.actor2.as_row_actor(),
            is_root: self.is_root,
            event_code: CameoCode::from_index(self.event_code).expect("a code of the table"),
            quad_class: self.quad_class,
            goldstein: self.goldstein,
            num_mentions: self.num_mentions,
            num_sources: self.num_sources,
            num_articles: self.num_articles,
            avg_tone: self.avg_tone,
            actor1_geo: self.actor1_geo.as_geo(),
            actor2_geo: self.actor2_geo.as_geo(),
            action_geo: self.action_geo.as_geo(),
            date_added: self.date_added,
            source_url: self.source_url.as_deref(),
        }
    }
}

impl From<&Row<'_>> for RowBuf {
    fn from(row: &Row<'_>) -> RowBuf {
        RowBuf {
            version: row.version,
            global_id: row.global_id,
            day: row.day,
            actor1: ActorBuf::from(&row.actor1),
            actor2: ActorBuf::from(&row.actor2),
            is_root: row.is_root,
            event_code: row.event_code.index(),
            quad_class: row.quad_class,
            goldstein: row.goldstein,
            num_mentions: row.num_mentions,
            num_sources: row.num_sources,
            num_articles: row.num_articles,
            avg_tone: row.avg_tone,
            actor1_geo: GeoBuf::from(&row.actor1_geo),
            actor2_geo: GeoBuf::from(&row.actor2_geo),
            action_geo: GeoBuf::from(&row.action_geo),
            date_added: row.date_added,
            source_url: row.source_url.map(str::to_string),
        }
    }
}

/// What a GDELT row says beyond a geokg [`Event`]: the numbers a store keeps for imported rows
/// so that [`write_event_v2`] can write them back.
///
/// QuadClass and Goldstein are kept because GDELT's differ from geokg's CAMEO table for a few
/// codes (016, 022, 09, 14, 164).
#[derive(Debug, Clone, PartialEq)]
pub struct Extras {
    /// `IsRootEvent`.
    pub is_root: bool,
    /// `QuadClass`.
    pub quad_class: u8,
    /// `GoldsteinScale`.
    pub goldstein: f32,
    /// `NumMentions`.
    pub num_mentions: u32,
    /// `NumSources`.
    pub num_sources: u32,
    /// `NumArticles`.
    pub num_articles: u32,
    /// `AvgTone`.
    pub avg_tone: f32,
    /// `ActionGeo_*`.
    pub action_geo: GeoBuf,
    /// `DATEADDED` as GDELT 2.0 writes it, `YYYYMMDDHHMMSS` (a 1.0 day gets `000000`).
    pub date_added: u64,
    /// `SOURCEURL`.
    pub source_url: Option<String>,
}

impl Extras {
    /// The extras of an imported row.
    pub fn from_row(row: &Row<'_>) -> Extras {
        Extras {
            is_root: row.is_root,
            quad_class: row.quad_class,
            goldstein: row.goldstein,
            num_mentions: row.num_mentions,
            num_sources: row.num_sources,
            num_articles: row.num_articles,
            avg_tone: row.avg_tone,
            action_geo: GeoBuf::from(&row.action_geo),
            date_added: row.date_added.v2(),
            source_url: row.source_url.map(str::to_string),
        }
    }

    /// What [`write_event_v2`] writes for an event that has no extras (one extracted from
    /// text, or imported from ICEWS): QuadClass and Goldstein from the CAMEO table, one mention,
    /// source and article, tone 0, no place, `DATEADDED` the report date (else the event date)
    /// at 000000, and the URL of its [`Origin`].
    pub fn defaults_for(event: &Event) -> Extras {
        let info = event.code.info();
        let day = event
            .report_date
            .as_ref()
            .or(event.date.as_ref())
            .map(Day::from_date);
        Extras {
            is_root: false,
            quad_class: info.quad_class,
            goldstein: info.goldstein as f32,
            num_mentions: 1,
            num_sources: 1,
            num_articles: 1,
            avg_tone: 0.0,
            action_geo: GeoBuf::default(),
            date_added: day.map_or(0, |day| u64::from(day.yyyymmdd()) * 1_000_000),
            source_url: Some(Origin::of_event(event).url()),
        }
    }
}

/// Where a row of geokg's own GDELT export came from, when it was no GDELT row: its
/// `SOURCEURL` is `geokg:event:ID` for an event extracted from text and `geokg:icews:NUMBER` for
/// an imported ICEWS event, so that importing the export into the store it came from can tell
/// the events it holds already.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// An event geokg extracted, by its id.
    Extracted(String),
    /// An ICEWS event, by its Event ID.
    Icews(u64),
}

impl Origin {
    /// The origin a `SOURCEURL` names, when it is one of geokg's.
    pub fn of_url(url: &str) -> Option<Origin> {
        let rest = url.strip_prefix("geokg:")?;
        if let Some(id) = rest.strip_prefix("event:") {
            return (!id.is_empty()).then(|| Origin::Extracted(id.to_string()));
        }
        rest.strip_prefix("icews:")?.parse().ok().map(Origin::Icews)
    }

    /// The origin of an event that is no GDELT row: extracted, or imported from ICEWS
    /// (`rule` `icews`, id `icews-NUMBER`).
    pub fn of_event(event: &Event) -> Origin {
        let icews = event.rule == "icews";
        match event.id.strip_prefix("icews-").map(str::parse) {
            Some(Ok(number)) if icews => Origin::Icews(number),
            _ => Origin::Extracted(event.id.clone()),
        }
    }

    /// The `SOURCEURL` that names it.
    pub fn url(&self) -> String {
        match self {
            Origin::Extracted(id) => format!("geokg:event:{id}"),
            Origin::Icews(number) => format!("geokg:icews:{number}"),
        }
    }
}

/// Appends a geokg event as one GDELT 2.0 line and a `\n`, for `geokg export --format gdelt`.
///
/// The actors' columns come from the geokg actors (see [`ActorBuf::of_actor`]); `SQLDATE` is the
/// event date, else the report date. Without `extras`, [`Extras::defaults_for`] fills the GDELT
/// numbers. An imported event, written with its extras and parsed again, gives back the same
/// event and the same extras. Fails only when the event has neither date nor report date.
pub fn write_event_v2(
    event: &Event,
    global_id: u64,
    extras: Option<&Extras>,
    out: &mut String,
) -> Result<(), RowError> {
    let day = event
        .date
        .as_ref()
        .or(event.report_date.as_ref())
        .map(Day::from_date)
        .ok_or_else(|| {
            bad(
                COLUMNS[1],
                "the event has no date and no report date".into(),
            )
        })?;
    let defaults;
    let extras = match extras {
        Some(extras) => extras,
        None => {
            defaults = Extras::defaults_for(event);
            &defaults
        }
    };
    let date_added =
        DateAdded::from_raw(extras.date_added).unwrap_or(DateAdded { day, time: Some(0) });
    let actor1 = ActorBuf::of_actor(&event.source);
    let actor2 = event
        .target
        .as_ref()
        .map(ActorBuf::of_actor)
        .unwrap_or_default();
    let row = Row {
        version: Version::V2,
        global_id,
        day,
        actor1: actor1.as_row_actor(),
        actor2: actor2.as_row_actor(),
        is_root: extras.is_root,
        event_code: CameoCode::from_index(event.code.index()).expect("a code of the table"),
        quad_class: extras.quad_class,
        goldstein: extras.goldstein,
        num_mentions: extras.num_mentions,
        num_sources: extras.num_sources,
        num_articles: extras.num_articles,
        avg_tone: extras.avg_tone,
        actor1_geo: Geo::default(),
        actor2_geo: Geo::default(),
        action_geo: extras.action_geo.as_geo(),
        date_added,
        source_url: extras.source_url.as_deref(),
    };
    write_v2(&row, out);
    Ok(())
}

#[cfg(test)]
mod tests;
