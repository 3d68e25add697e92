//! Converts the PETRARCH / Phoenix dictionaries (openeventdata/petrarch2 @ 676801cd, MIT) into
//! geokg's own dictionary formats, the bundled data under `src/extract/data/phoenix/`:
//!
//! ```text
//! cargo run --release --example phoenix -- ../shared/data/facts/phoenix_petrarch2 src/extract/data/phoenix
//! ```
//!
//! Reads `CAMEO.2.0.txt`, the three `Phoenix.*.actors.txt` and `Phoenix.agents.txt`; writes
//! `verbs.tsv`, `actors.tsv`, `roles.tsv`, a copy of the MIT `LICENSE` and a `README.md`; prints
//! what was converted and skipped, every error of the source files (`file:line: message`) and the
//! distinct (verb, code) pairs per CAMEO root. `--expand` writes each verb pattern for every verb
//! of its block instead of only the verb its comment names.
//!
//! The converter is `geokg::extract::petrarch`, which `--dict` also uses for such files.

use std::collections::{BTreeMap, BTreeSet};
use std::error::Error;
use std::fs;
use std::path::Path;

use geokg::extract::petrarch::{self, Conversion, PetrarchKind};

const VERBS: &str = "CAMEO.2.0.txt";
const ACTORS: [&str; 3] = [
    "Phoenix.Countries.actors.txt",
    "Phoenix.International.actors.txt",
    "Phoenix.MilNonState.actors.txt",
];
const AGENTS: &str = "Phoenix.agents.txt";

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let expand = args.iter().any(|arg| arg == "--expand");
    let paths: Vec<&String> = args.iter().filter(|arg| !arg.starts_with("--")).collect();
    let [source, output] = paths.as_slice() else {
        return Err("usage: phoenix SOURCE_DIR OUTPUT_DIR [--expand]".into());
    };
    let (source, output) = (Path::new(source.as_str()), Path::new(output.as_str()));
    let read = |name: &str| -> Result<String, Box<dyn Error>> {
        let path = source.join(name);
        let text = fs::read_to_string(&path).map_err(|err| format!("{}: {err}", path.display()))?;
        Ok(text)
    };
    let check = |name: &str, text: &str, want: PetrarchKind| -> Result<(), Box<dyn Error>> {
        match petrarch::detect(text) {
            Some(kind) if kind == want => Ok(()),
            other => Err(format!("{name}: expected a {want:?} dictionary, found {other:?}").into()),
        }
    };

    let verb_text = read(VERBS)?;
    check(VERBS, &verb_text, PetrarchKind::Verbs)?;
    let verbs = petrarch::verbs(VERBS, &verb_text, expand);

    let actor_texts = ACTORS
        .iter()
        .map(|name| read(name))
        .collect::<Result<Vec<_>, _>>()?;
    for (name, text) in ACTORS.iter().zip(&actor_texts) {
        check(name, text, PetrarchKind::Actors)?;
    }
    let actor_files: Vec<(&str, &str)> = ACTORS
        .iter()
        .copied()
        .zip(actor_texts.iter().map(String::as_str))
        .collect();
    let actors = petrarch::actors(&actor_files);

    let agent_text = read(AGENTS)?;
    check(AGENTS, &agent_text, PetrarchKind::Agents)?;
    let roles = petrarch::agents(AGENTS, &agent_text);

    fs::create_dir_all(output)?;
    fs::write(output.join("verbs.tsv"), &verbs.text)?;
    fs::write(output.join("actors.tsv"), &actors.text)?;
    fs::write(output.join("roles.tsv"), &roles.text)?;
    // Written rather than copied, so that a read-only source does not make a read-only copy.
    fs::write(output.join("LICENSE"), read("LICENSE")?)?;
    let pairs = pairs_per_root(&verbs.text);
    fs::write(
        output.join("README.md"),
        readme(&verbs, &actors, &roles, &pairs, expand),
    )?;

    for (title, conversion) in [
        (format!("{VERBS} -> verbs.tsv"), &verbs),
        (format!("{} -> actors.tsv", ACTORS.join(", ")), &actors),
        (format!("{AGENTS} -> roles.tsv"), &roles),
    ] {
        println!("{title}");
        print!("{}", conversion.stats);
        println!("  {} errors", conversion.errors.len());
        for err in &conversion.errors {
            println!("    {err}");
        }
    }
    println!("distinct (verb, code) pairs in verbs.tsv, by CAMEO root:");
    for (root, n) in &pairs {
        println!("  {root}  {n:>5}");
    }
    println!("  all {:>5}", pairs.values().sum::<usize>());
    println!("wrote {}", output.display());
    Ok(())
}

/// Distinct (first word of the phrase, code) pairs of a triggers file, by two-digit root.
fn pairs_per_root(text: &str) -> BTreeMap<String, usize> {
    let mut pairs: BTreeSet<(String, String)> = BTreeSet::new();
    for line in text.lines().filter(|line| !line.starts_with('#')) {
        let mut fields = line.split('\t');
        let (Some(phrase), Some(code)) = (fields.next(), fields.next()) else {
            continue;
        };
        let verb = phrase.split(' ').next().unwrap_or(phrase);
        pairs.insert((verb.to_string(), code.to_string()));
    }
    let mut per_root: BTreeMap<String, usize> =
        (1..=20).map(|root| (format!("{root:02}"), 0)).collect();
    for (_, code) in &pairs {
        *per_root.entry(code.chars().take(2).collect()).or_default() += 1;
    }
    per_root
}

/// The README written beside the data: what the files are, where they come from, how to
/// regenerate them, and the counts of this run.
fn readme(
    verbs: &Conversion,
    actors: &Conversion,
    roles: &Conversion,
    pairs: &BTreeMap<String, usize>,
    expand: bool,
) -> String {
    let note =
        |conversion: &Conversion, key: &str| conversion.stats.notes.get(key).copied().unwrap_or(0);
    let roots: Vec<String> = pairs
        .iter()
        .map(|(root, n)| format!("{root}: {n}"))
        .collect();
    format!(
        "# PETRARCH / Phoenix dictionaries in geokg's formats\n\
         \n\
         Generated: do not edit by hand. Regenerate with\n\
         \n\
         ```text\n\
         {command}{expand_flag}\n\
         ```\n\
         \n\
         | file | holds | converted from |\n\
         |---|---|---|\n\
         | `verbs.tsv` | triggers (`phrase, code, family, shape, flags`, see `../FORMAT.md`): {verb_lines} lines from the verb patterns | `{VERBS}` |\n\
         | `actors.tsv` | actors (`id, kind, cameo, country, name, aliases, roles`): {states} states and territories with their PETRARCH synonyms, {persons} persons with {role_count} roles, {organizations} organizations, {groups} armed groups; {aliases} aliases | `{actor_files}` |\n\
         | `roles.tsv` | role nouns (`phrase, code, flags`): {role_lines} lines | `{AGENTS}` |\n\
         \n\
         Source: the CAMEO dictionaries of PETRARCH 2, <https://github.com/openeventdata/petrarch2>\n\
         at commit 676801cd (2019-03-18), `petrarch2/data/dictionaries/`, by the Open Event Data\n\
         Alliance, under the MIT licence (`LICENSE` beside this file). They build on the TABARI/CAMEO\n\
         dictionaries and Phil Schrodt's CountryInfo (NSF funded) and were last updated in 2014-2015:\n\
         later office-holders are missing.\n\
         \n\
         The conversion is `src/extract/petrarch.rs` (geokg's own code): verb patterns become\n\
         trigger phrases with `..` for gaps and `a|b` for synonym sets; actor blocks become rows with\n\
         slug ids (states keep their code as id, so their aliases merge into geokg's own rows);\n\
         agent nouns become role nouns, with plurals of collective sectors flagged `group`. Lines\n\
         the files get wrong are reported by the command, and left out or read as far as they can\n\
         be.\n\
         \n\
         Distinct (verb, code) pairs by CAMEO root: {roots}.\n",
        command = petrarch::COMMAND,
        expand_flag = if expand { " --expand" } else { "" },
        verb_lines = verbs.stats.written,
        states = note(actors, "rows: states"),
        persons = note(actors, "rows: persons"),
        role_count = note(actors, "roles written"),
        organizations = note(actors, "rows: organizations"),
        groups = note(actors, "rows: groups"),
        aliases = note(actors, "aliases written"),
        actor_files = ACTORS.join("`, `"),
        role_lines = roles.stats.written,
        roots = roots.join(", "),
    )
}
