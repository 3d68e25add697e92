//! Statistics of GDELT rows, and realistic GDELT 2.0 files generated from them.
//!
//! [`Profile::learn`] counts what parsed rows hold: event codes (with GDELT's QuadClass and
//! Goldstein for each), actor codes on each side, action places, URL domains and how many events
//! share a URL, how late events are reported, and the mean numbers of mentions, sources and
//! articles and the tone. [`Profile::generate`] draws rows from those counts with a small
//! deterministic PRNG (splitmix64), so the heavy tail of the sample (a few actors in many
//! events) carries over. [`Profile::bundled`] is a profile learned from the two GDELT samples of
//! `shared/data/gdelt`, compiled in from `gdelt_profile.tsv`.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::io;

use crate::model::{CameoCode, SplitMix64};

use super::{write_v2, ActorBuf, DateAdded, Day, GeoBuf, Row, Version};

const BUNDLED: &str = include_str!("../gdelt_profile.tsv");

/// The first line of a profile file.
const HEADER: &str = "# geokg GDELT profile 1";

/// Statistics of GDELT rows that [`Profile::generate`] draws new rows from.
///
/// Its text form ([`Profile::to_tsv`], [`Profile::from_tsv`]) is a TSV file of counts; the public
/// fields say where and how generated rows are dated and numbered.
#[derive(Debug, Clone, PartialEq)]
pub struct Profile {
    /// First report day (`DATEADDED`) of generated rows.
    pub first_day: Day,
    /// Number of days the report dates spread over, at least 1; rows come in date order, in
    /// GDELT's 15-minute batches.
    pub days: u32,
    /// `GLOBALEVENTID` of the first generated row; the next rows count up from it.
    pub first_id: u64,
    codes: Vec<CodeStat>,
    actors1: Vec<(ActorBuf, u64)>,
    actors2: Vec<(ActorBuf, u64)>,
    geos: Vec<(GeoBuf, u64)>,
    domains: Vec<(String, u64)>,
    /// Days from the event to its report, with counts.
    lags: Vec<(u32, u64)>,
    rows: u64,
    rows_with_url: u64,
    urls: u64,
    roots: u64,
    mentions: f64,
    sources: f64,
    articles: f64,
    tone_mean: f64,
    tone_sd: f64,
}

/// An event code, how often it came, and GDELT's QuadClass and Goldstein for it.
#[derive(Debug, Clone, PartialEq)]
struct CodeStat {
    code: u16,
    count: u64,
    quad_class: u8,
    goldstein: f32,
}

/// Why a profile file does not read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("GDELT profile line {line}: {message}")]
pub struct ProfileError {
    /// Line number, from 1.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

/// Reports more than a year after the event (historical backfiles) are left out of the lags.
const MAX_LAG: i32 = 366;

/// Counts rows one at a time, for [`Profile`]s of files too big to keep in memory: rows may be
/// dropped after [`ProfileBuilder::add`].
#[derive(Debug, Default)]
pub struct ProfileBuilder {
    codes: HashMap<u16, CodeStat>,
    actors: [HashMap<String, (ActorBuf, u64)>; 2],
    geos: HashMap<String, (GeoBuf, u64)>,
    domains: HashMap<String, u64>,
    lags: HashMap<u32, u64>,
    urls: HashSet<String>,
    rows: u64,
    rows_with_url: u64,
    roots: u64,
    mentions: f64,
    sources: f64,
    articles: f64,
    tone: f64,
    tone_squares: f64,
    first: Option<Day>,
    last: Option<Day>,
    key: String,
}

impl ProfileBuilder {
    /// Counts one row.
    pub fn add(&mut self, row: &Row<'_>) {
        self.rows += 1;
        let index = row.event_code.index();
        self.codes
            .entry(index)
            .or_insert(CodeStat {
                code: index,
                count: 0,
                quad_class: row.quad_class,
                goldstein: row.goldstein,
            })
            .count += 1;
        for (side, actor) in [&row.actor1, &row.actor2].into_iter().enumerate() {
            match self.actors[side].get_mut(actor.code) {
                Some(entry) => entry.1 += 1,
                None => {
                    self.actors[side].insert(actor.code.to_string(), (ActorBuf::from(actor), 1));
                }
            }
        }
        self.key.clear();
        let geo = &row.action_geo;
        let _ = write!(
            self.key,
            "{}\t{}\t{}\t{}\t{}\t{:?}\t{:?}\t{}",
            geo.kind,
            geo.full_name,
            geo.country_code,
            geo.adm1,
            geo.adm2,
            geo.lat,
            geo.long,
            geo.feature_id
        );
        match self.geos.get_mut(self.key.as_str()) {
            Some(entry) => entry.1 += 1,
            None => {
                self.geos.insert(self.key.clone(), (GeoBuf::from(geo), 1));
            }
        }
        if let Some(url) = row.source_url {
            self.rows_with_url += 1;
            if !self.urls.contains(url) {
                self.urls.insert(url.to_string());
                *self.domains.entry(domain_of(url).to_string()).or_default() += 1;
            }
        }
        let lag = row.date_added.day.days() - row.day.days();
        if (0..=MAX_LAG).contains(&lag) {
            *self.lags.entry(lag as u32).or_default() += 1;
        }
        self.roots += u64::from(row.is_root);
        self.mentions += f64::from(row.num_mentions);
        self.sources += f64::from(row.num_sources);
        self.articles += f64::from(row.num_articles);
        self.tone += f64::from(row.avg_tone);
        self.tone_squares += f64::from(row.avg_tone) * f64::from(row.avg_tone);
        let added = row.date_added.day;
        self.first = Some(self.first.map_or(added, |day| day.min(added)));
        self.last = Some(self.last.map_or(added, |day| day.max(added)));
    }

    /// The profile of the rows counted.
    pub fn finish(self) -> Profile {
        let n = self.rows.max(1) as f64;
        let tone_mean = self.tone / n;
        let first_day = self
            .first
            .unwrap_or(Day::new(2019, 1, 1).expect("a real day"));
        let days = self
            .last
            .map_or(1, |last| (last.days() - first_day.days() + 1) as u32);
        let mut codes: Vec<CodeStat> = self.codes.into_values().collect();
        codes.sort_by(|x, y| y.count.cmp(&x.count).then(x.code.cmp(&y.code)));
        let [actors1, actors2] = self.actors.map(|side| ranked(side.into_iter()));
        let mut lags: Vec<(u32, u64)> = self.lags.into_iter().collect();
        lags.sort_unstable();
        Profile {
            first_day,
            days,
            first_id: 1_000_000_000,
            codes,
            actors1,
            actors2,
            geos: ranked(self.geos.into_iter()),
            domains: ranked(
                self.domains
                    .into_iter()
                    .map(|(host, count)| (host.clone(), (host, count))),
            ),
            lags,
            rows: self.rows,
            rows_with_url: self.rows_with_url,
            urls: self.urls.len() as u64,
            roots: self.roots,
            mentions: self.mentions / n,
            sources: self.sources / n,
            articles: self.articles / n,
            tone_mean,
            tone_sd: (self.tone_squares / n - tone_mean * tone_mean)
                .max(0.0)
                .sqrt(),
        }
    }
}

impl Profile {
    /// The statistics of some rows (see [`ProfileBuilder`] to count rows one at a time). Their
    /// report days give the span of generated rows ([`Profile::first_day`], [`Profile::days`]);
    /// set those to spread rows over other days.
    ///
    /// With no rows, the profile generates rows of code `010` between empty actors.
    pub fn learn<'r, 'a: 'r>(rows: impl IntoIterator<Item = &'r Row<'a>>) -> Profile {
        let mut builder = ProfileBuilder::default();
        for row in rows {
            builder.add(row);
        }
        builder.finish()
    }

    /// The profile compiled into geokg: learned from the two GDELT samples (2,821 rows of 2019
    /// and 1982–2016), keeping the 250 most frequent actor codes of each side, the 150 most frequent
    /// places and URL domains, with report days spread over 2019.
    pub fn bundled() -> Profile {
        Profile::from_tsv(BUNDLED).expect("the bundled GDELT profile is checked by tests")
    }

    /// Keeps the `actors` most frequent actor codes of each side and the `places` most frequent
    /// action places and URL domains, for a smaller profile file.
    pub fn trimmed(mut self, actors: usize, places: usize) -> Profile {
        self.actors1.truncate(actors);
        self.actors2.truncate(actors);
        self.geos.truncate(places);
        self.domains.truncate(places);
        self
    }

    /// Number of rows the profile was learned from.
    pub fn rows(&self) -> u64 {
        self.rows
    }

    /// Writes `n` GDELT 2.0 lines (each ending in `\n`) drawn from the profile.
    ///
    /// The same profile and seed give the same bytes. `GLOBALEVENTID`s count up from
    /// [`Profile::first_id`]; report times run through [`Profile::days`] days from
    /// [`Profile::first_day`] in 15-minute batches; each event day lies before its report day
    /// as in the sample; event codes and each side's actor codes are drawn with the sample's
    /// frequencies; every row has a URL, shared by as many events as in the sample on average
    /// (a few recent URLs are reused, as stories yield several events). Every line
    /// parses with [`super::parse_line`]. Writes in blocks of 64 KiB, so `out` need not be
    /// buffered.
    pub fn generate(&self, n: u64, seed: u64, out: &mut impl io::Write) -> io::Result<()> {
        let mut rng = SplitMix64::new(seed ^ 0x6a09_e667_f3bc_c909);
        let codes = Picker::new(self.codes.iter().map(|stat| stat.count));
        let actors1 = Picker::new(self.actors1.iter().map(|(_, count)| *count));
        let actors2 = Picker::new(self.actors2.iter().map(|(_, count)| *count));
        let geos = Picker::new(self.geos.iter().map(|(_, count)| *count));
        let domains = Picker::new(self.domains.iter().map(|(_, count)| *count));
        let lags = Picker::new(self.lags.iter().map(|(_, count)| *count));
        let fallback_code = CodeStat {
            code: CameoCode::parse("010").expect("in the table").index(),
            count: 1,
            quad_class: 1,
            goldstein: 0.0,
        };
        let empty_actor = ActorBuf::default();
        let empty_geo = GeoBuf::default();
        let events_per_url = if self.urls == 0 {
            1.0
        } else {
            (self.rows_with_url as f64 / self.urls as f64).max(1.0)
        };
        let root_share = self.roots as f64 / self.rows.max(1) as f64;
        let days = u128::from(self.days.max(1));
        let first = self.first_day.days();

        let mut recent: Vec<String> = Vec::with_capacity(RECENT_URLS);
        let mut next_recent = 0;
        let mut n_urls: u64 = 0;
        let mut buf = String::with_capacity(BLOCK + 1024);
        for i in 0..n {
            // The 15-minute batch of the row: rows run through the span in order.
            let batch = (u128::from(i) * days * 96 / u128::from(n)) as u64;
            let added = Day::from_days(first + (batch / 96) as i32);
            let slot = (batch % 96) as u32;
            let date_added = DateAdded {
                day: added,
                time: Some(slot / 4 * 10_000 + slot % 4 * 1_500),
            };
            let lag = lags.pick(&mut rng).map_or(0, |at| self.lags[at].0);
            let day = Day::from_days(added.days() - lag as i32);
            let code = codes
                .pick(&mut rng)
                .map_or(&fallback_code, |at| &self.codes[at]);
            let actor1 = actors1
                .pick(&mut rng)
                .map_or(&empty_actor, |at| &self.actors1[at].0);
            let actor2 = actors2
                .pick(&mut rng)
                .map_or(&empty_actor, |at| &self.actors2[at].0);
            let geo = geos
                .pick(&mut rng)
                .map_or(&empty_geo, |at| &self.geos[at].0)
                .as_geo();
            // Every 2.0 row has a URL; a new one about once per `events_per_url` rows.
            let url_at = if recent.is_empty() || rng.unit() * events_per_url < 1.0 {
                n_urls += 1;
                let host = domains
                    .pick(&mut rng)
                    .map_or("news.example.com", |at| self.domains[at].0.as_str());
                let url = story_url(host, added, n_urls, &mut rng);
                if recent.len() < RECENT_URLS {
                    recent.push(url);
                    recent.len() - 1
                } else {
                    let at = next_recent;
                    recent[at] = url;
                    next_recent = (next_recent + 1) % RECENT_URLS;
                    at
                }
            } else {
                rng.below(recent.len() as u64) as usize
            };
            let mentions = 1 + geometric(&mut rng, self.mentions - 1.0);
            let sources = (1 + geometric(&mut rng, self.sources - 1.0)).min(mentions);
            let articles =
                (sources + geometric(&mut rng, self.articles - self.sources)).min(mentions);
            let tone = self.tone_mean + self.tone_sd * rng.normal();
            let row = Row {
                version: Version::V2,
                global_id: self.first_id + i,
                day,
                actor1: actor1.as_row_actor(),
                actor2: actor2.as_row_actor(),
                is_root: rng.unit() < root_share,
                event_code: CameoCode::from_index(code.code).expect("a code of the table"),
                quad_class: code.quad_class,
                goldstein: code.goldstein,
                num_mentions: mentions,
                num_sources: sources,
                num_articles: articles,
                avg_tone: (tone.clamp(-100.0, 100.0) * 1000.0).round() as f32 / 1000.0,
                actor1_geo: if actor1.code.is_empty() {
                    Default::default()
                } else {
                    geo
                },
                actor2_geo: if actor2.code.is_empty() {
                    Default::default()
                } else {
                    geo
                },
                action_geo: geo,
                date_added,
                source_url: Some(recent[url_at].as_str()),
            };
            write_v2(&row, &mut buf);
            if buf.len() >= BLOCK {
                out.write_all(buf.as_bytes())?;
                buf.clear();
            }
        }
        out.write_all(buf.as_bytes())
    }

    /// The profile as text, in the format [`Profile::from_tsv`] reads.
    pub fn to_tsv(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "{HEADER}");
        out.push_str(
            "# Statistics of GDELT event rows for geokg's generator (ingest::gdelt::Profile).\n\
             # Lines: span FIRST_DAY DAYS | first_id ID | rows ROWS WITH_URL URLS ROOTS |\n\
             # numbers MENTIONS SOURCES ARTICLES TONE_MEAN TONE_SD (means) | code CODE COUNT QUAD GOLDSTEIN |\n\
             # actor1/actor2 COUNT and the ten actor columns | geo COUNT and the eight place columns |\n\
             # domain COUNT HOST | lag DAYS COUNT (days from event to report).\n",
        );
        let _ = writeln!(out, "span\t{}\t{}", self.first_day.yyyymmdd(), self.days);
        let _ = writeln!(out, "first_id\t{}", self.first_id);
        let _ = writeln!(
            out,
            "rows\t{}\t{}\t{}\t{}",
            self.rows, self.rows_with_url, self.urls, self.roots
        );
        let _ = writeln!(
            out,
            "numbers\t{:.4}\t{:.4}\t{:.4}\t{:.4}\t{:.4}",
            self.mentions, self.sources, self.articles, self.tone_mean, self.tone_sd
        );
        for stat in &self.codes {
            let code = CameoCode::from_index(stat.code).expect("a code of the table");
            let _ = writeln!(
                out,
                "code\t{code}\t{}\t{}\t{}",
                stat.count, stat.quad_class, stat.goldstein
            );
        }
        for (key, side) in [("actor1", &self.actors1), ("actor2", &self.actors2)] {
            for (actor, count) in side {
                let _ = write!(out, "{key}\t{count}");
                for field in actor.as_row_actor().fields() {
                    out.push('\t');
                    out.push_str(field);
                }
                out.push('\n');
            }
        }
        for (geo, count) in &self.geos {
            let coordinate = |value: Option<f64>| value.map_or(String::new(), |v| v.to_string());
            let _ = writeln!(
                out,
                "geo\t{count}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
                geo.kind,
                geo.full_name,
                geo.country_code,
                geo.adm1,
                geo.adm2,
                coordinate(geo.lat),
                coordinate(geo.long),
                geo.feature_id
            );
        }
        for (host, count) in &self.domains {
            let _ = writeln!(out, "domain\t{count}\t{host}");
        }
        for (lag, count) in &self.lags {
            let _ = writeln!(out, "lag\t{lag}\t{count}");
        }
        out
    }

    /// Reads a profile written by [`Profile::to_tsv`]; every bad line is an error naming it.
    pub fn from_tsv(text: &str) -> Result<Profile, ProfileError> {
        let mut profile = Profile::learn(std::iter::empty());
        if !text.starts_with(HEADER) {
            return Err(ProfileError {
                line: 1,
                message: format!("the first line must be `{HEADER}`"),
            });
        }
        for (index, line) in text.lines().enumerate() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let fields: Vec<&str> = line.split('\t').collect();
            profile.read_line(&fields).map_err(|message| ProfileError {
                line: index + 1,
                message,
            })?;
        }
        Ok(profile)
    }

    fn read_line(&mut self, f: &[&str]) -> Result<(), String> {
        let expect = |n: usize| {
            if f.len() == n {
                Ok(())
            } else {
                Err(format!("`{}` needs {} columns, found {}", f[0], n, f.len()))
            }
        };
        match f[0] {
            "span" => {
                expect(3)?;
                self.first_day = number::<u32>(f[1])
                    .ok()
                    .and_then(Day::from_yyyymmdd)
                    .ok_or_else(|| format!("`{}` is not a YYYYMMDD day", f[1]))?;
                self.days = number::<u32>(f[2])?.max(1);
            }
            "first_id" => {
                expect(2)?;
                self.first_id = number(f[1])?;
            }
            "rows" => {
                expect(5)?;
                self.rows = number(f[1])?;
                self.rows_with_url = number(f[2])?;
                self.urls = number(f[3])?;
                self.roots = number(f[4])?;
            }
            "numbers" => {
                expect(6)?;
                self.mentions = number(f[1])?;
                self.sources = number(f[2])?;
                self.articles = number(f[3])?;
                self.tone_mean = number(f[4])?;
                self.tone_sd = number(f[5])?;
            }
            "code" => {
                expect(5)?;
                let code = CameoCode::parse(f[1]).map_err(|error| error.to_string())?;
                let quad_class: u8 = number(f[3])?;
                if !(1..=4).contains(&quad_class) {
                    return Err(format!("QuadClass `{}` is not 1 to 4", f[3]));
                }
                self.codes.push(CodeStat {
                    code: code.index(),
                    count: number(f[2])?,
                    quad_class,
                    goldstein: number(f[4])?,
                });
            }
            "actor1" | "actor2" => {
                expect(12)?;
                let entry = (
                    ActorBuf::from(&super::RowActor::from_fields(&f[2..])),
                    number(f[1])?,
                );
                if f[0] == "actor1" {
                    self.actors1.push(entry);
                } else {
                    self.actors2.push(entry);
                }
            }
            "geo" => {
                expect(10)?;
                let coordinate = |raw: &str| -> Result<Option<f64>, String> {
                    if raw.is_empty() {
                        Ok(None)
                    } else {
                        number(raw).map(Some)
                    }
                };
                let kind: u8 = number(f[2])?;
                if kind > 5 {
                    return Err(format!("place type `{}` is not 0 to 5", f[2]));
                }
                let geo = GeoBuf {
                    kind,
                    full_name: f[3].to_string(),
                    country_code: f[4].to_string(),
                    adm1: f[5].to_string(),
                    adm2: f[6].to_string(),
                    lat: coordinate(f[7])?,
                    long: coordinate(f[8])?,
                    feature_id: f[9].to_string(),
                };
                self.geos.push((geo, number(f[1])?));
            }
            "domain" => {
                expect(3)?;
                if f[2].is_empty() || f[2].contains(['/', '\t', ' ']) {
                    return Err(format!("`{}` is not a host name", f[2]));
                }
                self.domains.push((f[2].to_string(), number(f[1])?));
            }
            "lag" => {
                expect(3)?;
                self.lags.push((number(f[1])?, number(f[2])?));
            }
            other => return Err(format!("unknown line kind `{other}`")),
        }
        Ok(())
    }
}

fn number<T: std::str::FromStr>(raw: &str) -> Result<T, String> {
    raw.parse()
        .map_err(|_| format!("`{raw}` is not a valid number"))
}

/// Entries by count, most frequent first, ties by key: the same order whatever the hashing.
fn ranked<K: Ord, V>(entries: impl Iterator<Item = (K, (V, u64))>) -> Vec<(V, u64)> {
    let mut entries: Vec<(K, (V, u64))> = entries.collect();
    entries.sort_by(|(kx, (_, cx)), (ky, (_, cy))| cy.cmp(cx).then_with(|| kx.cmp(ky)));
    entries.into_iter().map(|(_, entry)| entry).collect()
}

/// The host of a URL without `www.`: `https://www.example.com/a` is `example.com`.
fn domain_of(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let host = rest.split(['/', '?', '#']).next().unwrap_or(rest);
    host.strip_prefix("www.").unwrap_or(host)
}

/// How many URLs a generator keeps for reuse by later events.
const RECENT_URLS: usize = 16;

/// How many bytes the generator gathers before writing.
const BLOCK: usize = 1 << 16;

const WORDS: [&str; 32] = [
    "talks",
    "minister",
    "visit",
    "summit",
    "border",
    "election",
    "protest",
    "trade",
    "court",
    "army",
    "police",
    "deal",
    "sanctions",
    "aid",
    "president",
    "parliament",
    "attack",
    "peace",
    "leaders",
    "crisis",
    "meeting",
    "officials",
    "government",
    "rebels",
    "ceasefire",
    "vote",
    "economy",
    "refugees",
    "security",
    "treaty",
    "report",
    "strike",
];

/// A plausible story URL on a host, dated on the report day.
fn story_url(host: &str, day: Day, serial: u64, rng: &mut SplitMix64) -> String {
    let mut url = format!(
        "https://{host}/{:04}/{:02}/{:02}/",
        day.year(),
        day.month(),
        day.day()
    );
    for _ in 0..3 {
        url.push_str(WORDS[rng.below(WORDS.len() as u64) as usize]);
        url.push('-');
    }
    let _ = write!(url, "{serial}");
    url
}

/// A geometric count with the given mean (0 when the mean is not positive).
fn geometric(rng: &mut SplitMix64, mean: f64) -> u32 {
    if mean <= 0.0 || !mean.is_finite() {
        return 0;
    }
    // Failures before a success of probability p have mean (1 - p) / p.
    let p = 1.0 / (mean + 1.0);
    let draw = (1.0 - rng.unit()).ln() / (1.0 - p).ln();
    draw.floor().clamp(0.0, 1e6) as u32
}

/// Draws indexes with probability proportional to their weights.
struct Picker {
    cumulative: Vec<u64>,
}

impl Picker {
    fn new(weights: impl Iterator<Item = u64>) -> Picker {
        let mut total = 0;
        let cumulative = weights
            .map(|weight| {
                total += weight;
                total
            })
            .collect();
        Picker { cumulative }
    }

    fn pick(&self, rng: &mut SplitMix64) -> Option<usize> {
        let total = *self.cumulative.last()?;
        if total == 0 {
            return None;
        }
        let draw = rng.below(total);
        Some(self.cumulative.partition_point(|&sum| sum <= draw))
    }
}
