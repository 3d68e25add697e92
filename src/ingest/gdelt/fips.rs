//! GDELT's places name their country by FIPS 10-4 code (`PK`, `UP`, `GM`); geokg's actors by
//! ISO 3166-1 alpha-3 (`PAK`, `UKR`, `DEU`). The table is data, `fips.tsv`, read once.

use std::sync::OnceLock;

/// The ISO alpha-3 code of a FIPS 10-4 country code (`PK` is `PAK`); `None` for a code of no
/// country (`OS`, the oceans) or an unknown one.
pub fn iso3_of_fips(code: &str) -> Option<&'static str> {
    let slot = slot(code.as_bytes())?;
    table()[slot]
}

/// Every row of the table: FIPS code, ISO code, name.
pub fn fips_rows() -> impl Iterator<Item = (&'static str, &'static str, &'static str)> {
    TEXT.lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .filter_map(|line| {
            let mut fields = line.split('\t');
            Some((fields.next()?, fields.next()?, fields.next()?))
        })
}

const TEXT: &str = include_str!("fips.tsv");

/// A slot per pair of capital letters.
fn slot(bytes: &[u8]) -> Option<usize> {
    match bytes {
        [first @ b'A'..=b'Z', second @ b'A'..=b'Z'] => {
            Some(usize::from(first - b'A') * 26 + usize::from(second - b'A'))
        }
        _ => None,
    }
}

fn table() -> &'static [Option<&'static str>; 676] {
    static TABLE: OnceLock<[Option<&'static str>; 676]> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table = [None; 676];
        for (fips, iso, _) in fips_rows() {
            if let Some(slot) = slot(fips.as_bytes()) {
                table[slot] = Some(iso);
            }
        }
        table
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_row_is_two_letters_then_three_sorted_and_once() {
        let rows: Vec<_> = fips_rows().collect();
        assert!(rows.len() > 240, "{} rows", rows.len());
        for (fips, iso, name) in &rows {
            assert!(slot(fips.as_bytes()).is_some(), "{fips}");
            assert!(
                iso.len() == 3 && iso.bytes().all(|b| b.is_ascii_uppercase()),
                "{iso}"
            );
            assert!(!name.is_empty());
        }
        assert!(rows.windows(2).all(|pair| pair[0].0 < pair[1].0));
    }

    #[test]
    fn fips_codes_that_differ_from_iso_map_to_the_right_country() {
        for (fips, iso) in [
            ("PK", "PAK"),
            ("UP", "UKR"),
            ("GM", "DEU"),
            ("AS", "AUS"),
            ("AU", "AUT"),
            ("CH", "CHN"),
            ("KS", "KOR"),
            ("KN", "PRK"),
            ("RS", "RUS"),
            ("UK", "GBR"),
            ("SF", "ZAF"),
            ("IZ", "IRQ"),
        ] {
            assert_eq!(iso3_of_fips(fips), Some(iso), "{fips}");
        }
        assert_eq!(iso3_of_fips("OS"), None, "the oceans are no country");
        assert_eq!(iso3_of_fips(""), None);
        assert_eq!(iso3_of_fips("pk"), None);
    }

    #[test]
    fn every_country_is_a_state_of_the_bundled_dictionary() {
        let dictionary = crate::extract::Dictionary::bundled();
        let missing: Vec<&str> = fips_rows()
            .map(|(_, iso, _)| iso)
            .filter(|iso| dictionary.entity(iso).is_none())
            .collect();
        // Territories without a state of their own in the dictionary place no actor; the
        // states of GDELT's busy places must all be there.
        for busy in [
            "USA", "GBR", "PAK", "IND", "CHN", "RUS", "UKR", "ISR", "PSE", "NGA",
        ] {
            assert!(!missing.contains(&busy), "{busy}");
        }
    }
}
