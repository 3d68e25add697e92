//! ICEWS event files: rows of the Integrated Crisis Early Warning System's coded event data
//! in the published tab-separated format (20 columns, a header row, `NA` for a missing value).
//!
//! Pure: callers read and decompress the files and pass each line here. [`parse_line`] borrows
//! its text from the line; a bad line is a [`RowError`] naming ICEWS's column and its number.
//! Names become geokg actors in `extract::icews_actor`, which needs the dictionary.

use crate::model::CameoCode;

use super::gdelt::Day;

/// The 20 column names of an ICEWS event file, in order (ICEWS's own spelling).
pub const COLUMNS: [&str; 20] = [
    "Event ID",
    "Event Date",
    "Source Name",
    "Source Sectors",
    "Source Country",
    "Event Text",
    "CAMEO Code",
    "Intensity",
    "Target Name",
    "Target Sectors",
    "Target Country",
    "Story ID",
    "Sentence Number",
    "Publisher",
    "City",
    "District",
    "Province",
    "Country",
    "Latitude",
    "Longitude",
];

/// Why a line is not an ICEWS event row.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RowError {
    /// The line does not have 20 tab-separated columns.
    #[error("expected 20 tab-separated columns (ICEWS), found {0}")]
    Columns(usize),
    /// A column with a missing or wrong value.
    #[error("column {} `{}`: {problem}", .column + 1, COLUMNS[*.column])]
    Field {
        /// Position of the column, from 0.
        column: usize,
        /// What is wrong with it.
        problem: String,
    },
}

/// One side of an event: `Source *` or `Target *`; each text is empty where ICEWS wrote `NA`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Side<'a> {
    /// A person ("Shinzo Abe"), a sector actor with its country in brackets ("Police (India)"),
    /// an organisation ("European Union") or a country ("India").
    pub name: &'a str,
    /// Comma-separated sectors ("Executive,Foreign Ministry,Government").
    pub sectors: &'a str,
    /// The actor's country, by name ("Russian Federation").
    pub country: &'a str,
}

impl<'a> Side<'a> {
    /// Whether ICEWS names no actor on this side.
    pub fn is_empty(&self) -> bool {
        self.name.is_empty()
    }

    /// The sectors, one by one.
    pub fn sectors(&self) -> impl Iterator<Item = &'a str> {
        self.sectors
            .split(',')
            .map(str::trim)
            .filter(|sector| !sector.is_empty())
    }

    /// The three columns, as ICEWS has them (empty for `NA`).
    pub fn fields(&self) -> [&'a str; 3] {
        [self.name, self.sectors, self.country]
    }
}

/// One ICEWS event row, borrowing its text from the line.
#[derive(Debug, Clone, PartialEq)]
pub struct Row<'a> {
    /// `Event ID`.
    pub event_id: u64,
    /// `Event Date`.
    pub day: Day,
    /// `Source Name`, `Source Sectors`, `Source Country`.
    pub source: Side<'a>,
    /// `Event Text`: the name of the code.
    pub event_text: &'a str,
    /// `CAMEO Code`, checked against the CAMEO table.
    pub code: CameoCode,
    /// `Intensity`, -10 to +10, like a Goldstein weight.
    pub intensity: f32,
    /// `Target Name`, `Target Sectors`, `Target Country`.
    pub target: Side<'a>,
    /// `Story ID`.
    pub story_id: Option<u64>,
    /// `Sentence Number`.
    pub sentence: Option<u32>,
    /// `Publisher`.
    pub publisher: &'a str,
    /// `City`.
    pub city: &'a str,
    /// `District`.
    pub district: &'a str,
    /// `Province`.
    pub province: &'a str,
    /// `Country`: where it happened, by name.
    pub country: &'a str,
    /// `Latitude`.
    pub lat: Option<f64>,
    /// `Longitude`.
    pub long: Option<f64>,
}

impl Row<'_> {
    /// Where it happened, from the most to the least precise part: `Hanoi, Thanh Pho Ha Noi,
    /// Vietnam`.
    pub fn place_name(&self) -> String {
        [self.city, self.district, self.province, self.country]
            .into_iter()
            .filter(|part| !part.is_empty())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Whether a line is the header row of an ICEWS file.
pub fn is_header(line: &str) -> bool {
    line.trim_start_matches('\u{feff}')
        .starts_with("Event ID\t")
}

/// Reads one line of an ICEWS event file (not the header: see [`is_header`]).
///
/// A trailing `\n` or `\r\n` is ignored; `NA` and the empty string are a missing value.
/// Errors name ICEWS's column:
///
/// ```
/// use geokg::ingest::icews::{parse_line, RowError};
/// assert_eq!(parse_line("1\t2").unwrap_err(), RowError::Columns(2));
/// ```
pub fn parse_line(line: &str) -> Result<Row<'_>, RowError> {
    let line = line.strip_suffix('\n').unwrap_or(line);
    let line = line.strip_suffix('\r').unwrap_or(line);
    let mut f: [&str; 20] = [""; 20];
    let mut n = 0;
    for field in line.split('\t') {
        if n < f.len() {
            f[n] = if field == "NA" { "" } else { field };
        }
        n += 1;
    }
    if n != f.len() {
        return Err(RowError::Columns(n));
    }
    let bad = |column: usize, problem: String| RowError::Field { column, problem };
    let event_id = f[0]
        .parse::<u64>()
        .map_err(|_| bad(0, format!("`{}` is not a positive integer", f[0])))?;
    let day =
        parse_day(f[1]).ok_or_else(|| bad(1, format!("`{}` is not a YYYY-MM-DD day", f[1])))?;
    let source = Side {
        name: f[2],
        sectors: f[3],
        country: f[4],
    };
    if source.is_empty() {
        return Err(bad(2, "missing: an event needs a source".to_string()));
    }
    let code = CameoCode::parse(f[6])
        .map_err(|_| bad(6, format!("`{}` is not a CAMEO event code", f[6])))?;
    let intensity = f[7]
        .parse::<f32>()
        .ok()
        .filter(|value| (-10.0..=10.0).contains(value))
        .ok_or_else(|| bad(7, format!("`{}` is not a number from -10 to 10", f[7])))?;
    let optional = |column: usize| -> Result<Option<u64>, RowError> {
        match f[column] {
            "" => Ok(None),
            raw => raw
                .parse()
                .map(Some)
                .map_err(|_| bad(column, format!("`{raw}` is not a positive integer"))),
        }
    };
    let coordinate = |column: usize, limit: f64| -> Result<Option<f64>, RowError> {
        match f[column] {
            "" => Ok(None),
            raw => raw
                .parse::<f64>()
                .ok()
                .filter(|value| value.abs() <= limit)
                .map(Some)
                .ok_or_else(|| {
                    bad(
                        column,
                        format!("`{raw}` is not a number from -{limit} to {limit}"),
                    )
                }),
        }
    };
    let sentence = optional(12)?
        .map(|value| u32::try_from(value).map_err(|_| bad(12, format!("`{value}` is too large"))))
        .transpose()?;
    Ok(Row {
        event_id,
        day,
        source,
        event_text: f[5],
        code,
        intensity,
        target: Side {
            name: f[8],
            sectors: f[9],
            country: f[10],
        },
        story_id: optional(11)?,
        sentence,
        publisher: f[13],
        city: f[14],
        district: f[15],
        province: f[16],
        country: f[17],
        lat: coordinate(18, 90.0)?,
        long: coordinate(19, 180.0)?,
    })
}

/// `YYYY-MM-DD`.
fn parse_day(raw: &str) -> Option<Day> {
    let bytes = raw.as_bytes();
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    let number = |range: std::ops::Range<usize>| raw.get(range)?.parse::<u32>().ok();
    Day::new(number(0..4)?, number(5..7)?, number(8..10)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ROW: &str = "32889836\t2018-06-01\tForeign Affairs (Bangladesh)\tExecutive,Foreign Ministry,Government\tBangladesh\tConsult\t040\t1\tHigh Ranking Military Personnel (Vietnam)\tMilitary,Government\tVietnam\t47400351\t2\tA News Agency\tHanoi\tNA\tThanh Pho Ha Noi\tVietnam\t21.0245\t105.841";

    #[test]
    fn a_row_reads_into_its_columns() {
        let row = parse_line(ROW).unwrap();
        assert_eq!(row.event_id, 32_889_836);
        assert_eq!(row.day.to_string(), "2018-06-01");
        assert_eq!(row.source.name, "Foreign Affairs (Bangladesh)");
        assert_eq!(
            row.source.sectors().collect::<Vec<_>>(),
            ["Executive", "Foreign Ministry", "Government"]
        );
        assert_eq!(row.code.as_str(), "040");
        assert_eq!(row.target.country, "Vietnam");
        assert_eq!((row.story_id, row.sentence), (Some(47_400_351), Some(2)));
        assert_eq!(row.district, "", "NA is missing");
        assert_eq!(row.place_name(), "Hanoi, Thanh Pho Ha Noi, Vietnam");
        assert_eq!((row.lat, row.long), (Some(21.0245), Some(105.841)));
        assert!(is_header("Event ID\tEvent Date\tSource Name"));
        assert!(!is_header(ROW));
    }

    #[test]
    fn bad_values_name_their_column() {
        let with = |column: usize, value: &str| {
            let mut fields: Vec<&str> = ROW.split('\t').collect();
            fields[column] = value;
            parse_line(&fields.join("\t")).unwrap_err().to_string()
        };
        assert_eq!(
            with(6, "999"),
            "column 7 `CAMEO Code`: `999` is not a CAMEO event code"
        );
        assert_eq!(
            with(1, "2018-02-30"),
            "column 2 `Event Date`: `2018-02-30` is not a YYYY-MM-DD day"
        );
        assert!(with(7, "11").starts_with("column 8 `Intensity`"));
        assert!(with(18, "95.1").starts_with("column 19 `Latitude`"));
        assert!(with(0, "x1").starts_with("column 1 `Event ID`"));
        assert!(with(2, "NA").starts_with("column 3 `Source Name`: missing"));
        assert_eq!(
            parse_line(&format!("{ROW}\textra")).unwrap_err(),
            RowError::Columns(21)
        );
    }

    #[test]
    fn a_row_without_a_target_is_a_one_actor_event() {
        let mut fields: Vec<&str> = ROW.split('\t').collect();
        fields[8] = "NA";
        fields[9] = "NA";
        fields[10] = "NA";
        let line = fields.join("\t");
        let row = parse_line(&line).unwrap();
        assert!(row.target.is_empty());
        assert!(!row.source.is_empty());
    }
}
