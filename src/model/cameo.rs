//! The CAMEO event code table, compiled into the binary from `cameo.tsv`.

use std::collections::HashMap;
use std::fmt;
use std::sync::OnceLock;

use super::{Error, Result};

/// What the code table says about one CAMEO code.
#[derive(Debug, Clone, PartialEq)]
pub struct CodeInfo {
    /// The code itself (`"042"`).
    pub code: &'static str,
    /// Goldstein conflict-cooperation weight, -10 to +10.
    pub goldstein: f64,
    /// QuadClass: 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict.
    pub quad_class: u8,
    /// PLOVER category (`CONSULT`), when the code has one.
    pub plover: Option<&'static str>,
    /// PLOVER mode (`visit`, `phone`), when there is one.
    pub plover_mode: Option<&'static str>,
    /// Short English name of the code.
    pub name: &'static str,
    /// Position in the table.
    pub index: u16,
}

/// A CAMEO event code known to the code table, kept as a string (`"010"` is not `"10"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CameoCode(&'static str);

impl CameoCode {
    /// Looks a code up in the table.
    pub fn parse(raw: &str) -> Result<CameoCode> {
        table()
            .get(raw)
            .map(|info| CameoCode(info.code))
            .ok_or_else(|| Error::CameoCode(raw.to_string()))
    }

    /// The code as text.
    pub fn as_str(&self) -> &'static str {
        self.0
    }

    /// The code's position in the table, for compact storage.
    pub fn index(&self) -> u16 {
        self.info().index
    }

    /// The table row at a position, as given by `index`: no hashing, for hot loops.
    pub fn info_at(index: u16) -> Option<&'static CodeInfo> {
        rows().get(usize::from(index))
    }

    /// Every row of the table, in `index` order: for loops over millions of records.
    pub fn table() -> &'static [CodeInfo] {
        rows()
    }

    /// The code at a table position, as given by `index`.
    pub fn from_index(index: u16) -> Option<CameoCode> {
        rows()
            .get(usize::from(index))
            .map(|info| CameoCode(info.code))
    }

    /// The two-digit root (`"04"` for `"042"`).
    pub fn root(&self) -> &'static str {
        &self.0[..2]
    }

    /// The table row of the code.
    pub fn info(&self) -> &'static CodeInfo {
        table()
            .get(self.0)
            .expect("a CameoCode is only made from a code in the table")
    }

    /// Every code of the table, in table order.
    pub fn all() -> impl Iterator<Item = &'static CodeInfo> {
        rows().iter()
    }
}

impl fmt::Display for CameoCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.0)
    }
}

const TABLE: &str = include_str!("cameo.tsv");

fn rows() -> &'static [CodeInfo] {
    static ROWS: OnceLock<Vec<CodeInfo>> = OnceLock::new();
    ROWS.get_or_init(|| {
        TABLE
            .lines()
            .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
            .enumerate()
            .map(|(index, line)| {
                let fields: Vec<&'static str> = line.split('\t').collect();
                let optional = |field: &'static str| (field != "-").then_some(field);
                CodeInfo {
                    code: fields[0],
                    goldstein: fields[1]
                        .parse()
                        .expect("bundled table has numeric weights"),
                    quad_class: fields[2]
                        .parse()
                        .expect("bundled table has numeric quad classes"),
                    plover: optional(fields[3]),
                    plover_mode: optional(fields[4]),
                    name: fields[5],
                    index: index as u16,
                }
            })
            .collect()
    })
}

fn table() -> &'static HashMap<&'static str, CodeInfo> {
    static TABLE_BY_CODE: OnceLock<HashMap<&'static str, CodeInfo>> = OnceLock::new();
    TABLE_BY_CODE.get_or_init(|| {
        rows()
            .iter()
            .map(|info| (info.code, info.clone()))
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_holds_every_root_and_the_mission_codes() {
        assert_eq!(CameoCode::all().count(), 312);
        for root in 1..=20 {
            assert!(
                CameoCode::parse(&format!("{root:02}")).is_ok(),
                "root {root}"
            );
        }
        let visit = CameoCode::parse("042").unwrap();
        assert_eq!(visit.root(), "04");
        assert_eq!(visit.info().goldstein, 1.9);
        assert_eq!(visit.info().quad_class, 1);
        assert_eq!(visit.info().plover, Some("CONSULT"));
        assert_eq!(CameoCode::parse("125").unwrap().info().goldstein, -5.0);
    }

    #[test]
    fn codes_round_trip_through_their_index() {
        for info in CameoCode::all() {
            let code = CameoCode::parse(info.code).unwrap();
            assert_eq!(CameoCode::from_index(code.index()), Some(code));
        }
        assert_eq!(CameoCode::from_index(9999), None);
    }

    #[test]
    fn codes_are_strings_not_numbers() {
        assert!(CameoCode::parse("10").is_ok());
        assert!(CameoCode::parse("010").is_ok());
        assert_ne!(CameoCode::parse("10"), CameoCode::parse("010"));
        assert_eq!(CameoCode::parse("999"), Err(Error::CameoCode("999".into())));
    }
}
