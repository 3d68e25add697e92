//! The actor columns of a GDELT row, and what the three-letter parts of a CAMEO actor code mean.
//!
//! A CAMEO actor code is a string of three-character parts: a root (a country `USA`, a region
//! `EUR`, an international root `IGO`, a religion `MOS`, an ethnic group `kur`, or a type `GOV`)
//! followed by known groups (`EEC`), types (`GOV`, `MIL`) and religions. The tables here are
//! GDELT's lookup lists (`CAMEO.type.txt`, `CAMEO.knowngroup.txt`, `CAMEO.religion.txt`) and the
//! CAMEO region codes.

use crate::model::Actor;

/// The ten `Actor1*` or `Actor2*` columns of a row; any of them may be empty.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct RowActor<'a> {
    /// `Actor1Code`: the full CAMEO actor code (`USAGOV`, `IGOEUREEC`).
    pub code: &'a str,
    /// `Actor1Name`: GDELT's name, in capitals (`UNITED STATES`).
    pub name: &'a str,
    /// `Actor1CountryCode`: the country (ISO 3166-1 alpha-3) or region (`EUR`).
    pub country_code: &'a str,
    /// `Actor1KnownGroupCode` (`EEC`, `TAL`).
    pub known_group: &'a str,
    /// `Actor1EthnicCode` (`kur`).
    pub ethnic: &'a str,
    /// `Actor1Religion1Code` (`MOS`).
    pub religion1: &'a str,
    /// `Actor1Religion2Code` (`SHI`).
    pub religion2: &'a str,
    /// `Actor1Type1Code` (`GOV`).
    pub type1: &'a str,
    /// `Actor1Type2Code`.
    pub type2: &'a str,
    /// `Actor1Type3Code`.
    pub type3: &'a str,
}

impl<'a> RowActor<'a> {
    /// An actor with only a code and a name, the other columns empty.
    pub fn new(code: &'a str, name: &'a str) -> RowActor<'a> {
        RowActor {
            code,
            name,
            ..RowActor::default()
        }
    }

    /// Whether GDELT found no actor (the code is empty).
    pub fn is_empty(&self) -> bool {
        self.code.is_empty()
    }

    /// The ten columns in GDELT's order.
    pub fn fields(&self) -> [&'a str; 10] {
        [
            self.code,
            self.name,
            self.country_code,
            self.known_group,
            self.ethnic,
            self.religion1,
            self.religion2,
            self.type1,
            self.type2,
            self.type3,
        ]
    }

    /// The actor of ten columns in GDELT's order.
    pub(crate) fn from_fields(f: &[&'a str]) -> RowActor<'a> {
        RowActor {
            code: f[0],
            name: f[1],
            country_code: f[2],
            known_group: f[3],
            ethnic: f[4],
            religion1: f[5],
            religion2: f[6],
            type1: f[7],
            type2: f[8],
            type3: f[9],
        }
    }
}

/// The owned form of [`RowActor`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct ActorBuf {
    /// See [`RowActor::code`].
    pub code: String,
    /// See [`RowActor::name`].
    pub name: String,
    /// See [`RowActor::country_code`].
    pub country_code: String,
    /// See [`RowActor::known_group`].
    pub known_group: String,
    /// See [`RowActor::ethnic`].
    pub ethnic: String,
    /// See [`RowActor::religion1`].
    pub religion1: String,
    /// See [`RowActor::religion2`].
    pub religion2: String,
    /// See [`RowActor::type1`].
    pub type1: String,
    /// See [`RowActor::type2`].
    pub type2: String,
    /// See [`RowActor::type3`].
    pub type3: String,
}

impl ActorBuf {
    /// The borrowed form.
    pub fn as_row_actor(&self) -> RowActor<'_> {
        RowActor {
            code: &self.code,
            name: &self.name,
            country_code: &self.country_code,
            known_group: &self.known_group,
            ethnic: &self.ethnic,
            religion1: &self.religion1,
            religion2: &self.religion2,
            type1: &self.type1,
            type2: &self.type2,
            type3: &self.type3,
        }
    }

    /// The columns GDELT would write for a CAMEO actor code and a name: the code's parts go to
    /// the country, known group, ethnic, religion and type columns, the name in capitals.
    pub fn of_code(code: &str, name: &str) -> ActorBuf {
        let parts = parts(code);
        ActorBuf {
            code: code.to_string(),
            name: name.to_uppercase(),
            country_code: parts.country.to_string(),
            known_group: parts.known_group.to_string(),
            ethnic: parts.ethnic.to_string(),
            religion1: parts.religions[0].to_string(),
            religion2: parts.religions[1].to_string(),
            type1: parts.types[0].to_string(),
            type2: parts.types[1].to_string(),
            type3: parts.types[2].to_string(),
        }
    }

    /// The columns for a geokg actor, so that `extract::actor_of_code` gives the actor back.
    ///
    /// The code is the actor id when it is a CAMEO code (`PAK`, `USAGOV`, `IGOWBK`); for a group
    /// known to GDELT by a known-group code, its country plus that code (`taliban` is `AFGTAL`);
    /// else the actor's CAMEO code (a person becomes its sector: `asim-munir` is `PAKMIL`, and a
    /// group with no country such as `---REB` is `REB`).
    pub fn of_actor(actor: &Actor) -> ActorBuf {
        let id = actor.id.as_str();
        let code_like = id.len() >= 3
            && id
                .bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
        let code = if code_like {
            id.to_string()
        } else if let Some(group) = known_group_of_id(id) {
            format!("{}{group}", actor.country)
        } else {
            actor.cameo.trim_start_matches('-').to_string()
        };
        ActorBuf::of_code(&code, &actor.name)
    }
}

impl From<&RowActor<'_>> for ActorBuf {
    fn from(actor: &RowActor<'_>) -> ActorBuf {
        let f = actor.fields();
        ActorBuf {
            code: f[0].to_string(),
            name: f[1].to_string(),
            country_code: f[2].to_string(),
            known_group: f[3].to_string(),
            ethnic: f[4].to_string(),
            religion1: f[5].to_string(),
            religion2: f[6].to_string(),
            type1: f[7].to_string(),
            type2: f[8].to_string(),
            type3: f[9].to_string(),
        }
    }
}

/// What the parts of an actor code say, in GDELT's columns.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Parts<'c> {
    pub country: &'c str,
    pub known_group: &'c str,
    pub ethnic: &'c str,
    pub religions: [&'c str; 2],
    pub types: [&'c str; 3],
}

/// The three-character parts of a code; nothing for a code that is not ASCII.
pub(crate) fn segments(code: &str) -> impl Iterator<Item = &str> {
    let ascii = code.is_ascii();
    code.as_bytes()
        .chunks(3)
        .filter(move |_| ascii)
        // An ASCII string splits anywhere on character boundaries.
        .map(|chunk| std::str::from_utf8(chunk).unwrap_or(""))
}

/// Sorts the parts of a code into GDELT's columns.
pub(crate) fn parts(code: &str) -> Parts<'_> {
    let mut parts = Parts::default();
    let (mut n_types, mut n_religions) = (0, 0);
    for (at, seg) in segments(code).enumerate() {
        let lower = seg.bytes().all(|b| b.is_ascii_lowercase());
        if at == 0 && lower {
            parts.ethnic = seg;
        } else if at > 0 && is_known_group(seg) {
            if parts.known_group.is_empty() {
                parts.known_group = seg;
            }
        } else if is_type(seg) {
            if n_types < 3 {
                parts.types[n_types] = seg;
                n_types += 1;
            }
        } else if is_religion(seg) {
            if n_religions < 2 {
                parts.religions[n_religions] = seg;
                n_religions += 1;
            }
        } else if parts.country.is_empty()
            && seg.len() == 3
            && seg.bytes().all(|b| b.is_ascii_uppercase())
        {
            parts.country = seg;
        }
    }
    parts
}

/// GDELT's actor types (`CAMEO.type.txt`), the international roots among them.
const TYPES: [&str; 39] = [
    "AGR", "AMN", "BUS", "COP", "CRM", "CVL", "DEV", "EDU", "ELI", "ENV", "GOV", "GRP", "HLH",
    "HRI", "IGO", "IMG", "INS", "INT", "IRC", "JUD", "LAB", "LEG", "MED", "MIL", "MNC", "MOD",
    "NGM", "NGO", "OPP", "PKO", "RAD", "REB", "REF", "SEP", "SET", "SPY", "UAF", "UIS", "UNO",
];

/// CAMEO religion codes (`CAMEO.religion.txt`).
const RELIGIONS: [&str; 31] = [
    "ADR", "ALE", "ATH", "BAH", "BUD", "CHR", "CON", "CPT", "CTH", "DOX", "DRZ", "HIN", "HSD",
    "ITR", "JAN", "JEW", "JHW", "LDS", "MOS", "MZH", "NRM", "PAG", "PRO", "SFI", "SHI", "SHN",
    "SIK", "SUN", "TAO", "UDX", "ZRO",
];

/// CAMEO region codes, which stand where a country would: no country.
const REGIONS: [&str; 25] = [
    "AFR", "ASA", "BLK", "CAS", "CAU", "CEU", "CFR", "CRB", "EAF", "EEU", "EIN", "EUR", "LAM",
    "MDT", "MEA", "NAF", "NMR", "PGS", "SAF", "SAM", "SAS", "SCN", "SEA", "WAF", "WST",
];

/// GDELT's known groups (`CAMEO.knowngroup.txt`), with the id of the bundled geokg actor that
/// is the same group, when there is one.
const KNOWN_GROUPS: [(&str, Option<&str>); 115] = [
    ("AAM", None),
    ("ABD", None),
    ("ACC", None),
    ("ADB", None),
    ("AEU", None),
    ("AFB", None),
    ("ALQ", Some("al-qaeda")),
    ("AMF", None),
    ("AML", None),
    ("AMN", Some("NGOAMN")),
    ("AMU", None),
    ("ANO", None),
    ("APE", None),
    ("ARL", Some("IGOARL")),
    ("ASL", None),
    ("ASN", Some("IGOASN")),
    ("ATD", None),
    ("BCA", None),
    ("BIS", None),
    ("BTH", None),
    ("CEM", None),
    ("CFA", None),
    ("CIS", None),
    ("CMN", None),
    ("COE", None),
    ("CPA", None),
    ("CPC", None),
    ("CRC", Some("NGOICR")),
    ("CSS", None),
    ("CWN", None),
    ("DFL", None),
    ("EBR", None),
    ("ECA", None),
    ("EEC", Some("IGOEUR")),
    ("EFT", None),
    ("ENN", None),
    ("FAO", None),
    ("FID", None),
    ("FIS", None),
    ("FLN", None),
    ("FTA", Some("fatah")),
    ("GCC", Some("IGOGCC")),
    ("GIA", None),
    ("GOE", None),
    ("GOS", Some("IGOG07")),
    ("GSP", None),
    ("GSS", None),
    ("HCH", None),
    ("HCR", Some("IGOUNH")),
    ("HEZ", Some("hezbollah")),
    ("HIP", None),
    ("HMS", Some("hamas")),
    ("HRW", Some("NGOHRW")),
    ("IAC", None),
    ("IAD", None),
    ("IAE", Some("IGOIAE")),
    ("IAF", None),
    ("ICC", Some("IGOICC")),
    ("ICG", None),
    ("ICJ", Some("IGOICJ")),
    ("ICO", None),
    ("IDB", None),
    ("IGC", None),
    ("IHF", None),
    ("ILO", None),
    ("IMF", Some("IGOIMF")),
    ("IOM", None),
    ("IPU", None),
    ("IRC", Some("NGOICR")),
    ("ISJ", Some("palestinian-islamic-jihad")),
    ("ITP", Some("IGOINT")),
    ("JUR", None),
    ("KDP", None),
    ("KID", Some("IGOUNC")),
    ("LBA", None),
    ("LKD", None),
    ("MBR", Some("muslim-brotherhood")),
    ("MRZ", None),
    ("MSF", Some("NGOMSF")),
    ("MSP", None),
    ("NAT", Some("IGONAT")),
    ("NEP", None),
    ("NON", None),
    ("OAS", None),
    ("OAU", None),
    ("OIC", Some("IGOOIC")),
    ("OPC", Some("IGOOPC")),
    ("PAP", None),
    ("PFL", None),
    ("PLF", None),
    ("PLO", None),
    ("PLS", None),
    ("PMD", None),
    ("PRC", None),
    ("PSE", None),
    ("RCR", None),
    ("RND", None),
    ("SAA", Some("IGOSAR")),
    ("SAD", None),
    ("SCE", Some("IGOOSC")),
    ("SHA", None),
    ("SOT", None),
    ("TAL", Some("taliban")),
    ("UEM", None),
    ("UNO", Some("IGOUNO")),
    ("WAD", None),
    ("WAM", None),
    ("WAS", None),
    ("WBK", Some("IGOWBK")),
    ("WCT", None),
    ("WEF", None),
    ("WFP", Some("IGOWFP")),
    ("WHO", Some("IGOWHO")),
    ("WTO", Some("IGOWTO")),
    ("XFM", None),
];

/// Roots that name no country but an international actor (`IGOUNO`, `NGOXFM`, `IMGALQ`).
pub(crate) const INTERNATIONAL_ROOTS: [&str; 5] = ["IGO", "NGO", "NGM", "INT", "IMG"];

/// Whether a part is one of GDELT's actor types (`GOV`, `MIL`, `IGO`, ...).
pub(crate) fn is_type(seg: &str) -> bool {
    TYPES.binary_search(&seg).is_ok()
}

/// Whether a part is a CAMEO religion code (`MOS`, `CHR`).
pub(crate) fn is_religion(seg: &str) -> bool {
    RELIGIONS.binary_search(&seg).is_ok()
}

/// Whether a part is a CAMEO region code (`EUR`, `AFR`, `WST`).
pub(crate) fn is_region(seg: &str) -> bool {
    REGIONS.binary_search(&seg).is_ok()
}

/// Whether a part is one of GDELT's known groups (`EEC`, `TAL`).
pub(crate) fn is_known_group(seg: &str) -> bool {
    KNOWN_GROUPS
        .binary_search_by(|(code, _)| code.cmp(&seg))
        .is_ok()
}

/// The id of the bundled geokg actor that is a known group (`TAL` is `taliban`).
pub(crate) fn known_group_actor(seg: &str) -> Option<&'static str> {
    KNOWN_GROUPS
        .binary_search_by(|(code, _)| code.cmp(&seg))
        .ok()
        .and_then(|at| KNOWN_GROUPS[at].1)
}

/// The known-group code of a bundled geokg actor whose id is not a CAMEO code.
fn known_group_of_id(id: &str) -> Option<&'static str> {
    KNOWN_GROUPS
        .iter()
        .find(|(_, actor)| *actor == Some(id))
        .map(|(code, _)| *code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_are_sorted_for_binary_search() {
        assert!(TYPES.windows(2).all(|pair| pair[0] < pair[1]));
        assert!(RELIGIONS.windows(2).all(|pair| pair[0] < pair[1]));
        assert!(REGIONS.windows(2).all(|pair| pair[0] < pair[1]));
        assert!(KNOWN_GROUPS.windows(2).all(|pair| pair[0].0 < pair[1].0));
    }

    #[test]
    fn every_mapped_known_group_is_in_the_bundled_dictionary() {
        let dictionary = crate::extract::Dictionary::bundled();
        for (code, id) in KNOWN_GROUPS {
            if let Some(id) = id {
                assert!(dictionary.entity(id).is_some(), "{code} {id}");
            }
        }
    }

    #[test]
    fn codes_split_into_gdelt_columns() {
        let eu = parts("IGOEUREEC");
        assert_eq!(
            (eu.country, eu.known_group, eu.types),
            ("EUR", "EEC", ["IGO", "", ""])
        );
        let bank = parts("IGOUNODEVWBK");
        assert_eq!(
            (bank.country, bank.known_group, bank.types),
            ("", "UNO", ["IGO", "DEV", ""])
        );
        let firm = parts("MNCUSAMED");
        assert_eq!((firm.country, firm.types), ("USA", ["MNC", "MED", ""]));
        let shia = parts("MOSSHICVL");
        assert_eq!(
            (shia.religions, shia.types),
            (["MOS", "SHI"], ["CVL", "", ""])
        );
        assert_eq!(parts("kurGOV").ethnic, "kur");
        assert_eq!(parts("USAGOVLEG").types, ["GOV", "LEG", ""]);
        assert_eq!(parts("AFGINSTAL").known_group, "TAL");
    }
}
