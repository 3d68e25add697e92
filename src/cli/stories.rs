//! `stories`: the real events that several reports tell, each once with every report of it
//! (the cross-document merge of issue 13). Reads its options into `query::Stories`, the
//! question `GET /api/stories` asks too, and prints the answer: readable by default, JSON Lines
//! of the stories with `--json`.

use std::io::{self, BufWriter, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::Result;
use clap::Args;

use crate::query::{self, Page};

use super::query::{ask, at_precision, evidence_line, json_lines, offset, when, Window};
use super::{plain, Lazy};

/// Arguments of `stories`.
#[derive(Debug, Args)]
pub struct StoriesArgs {
    /// Only stories of this actor (an entity id).
    #[arg(long)]
    pub actor: Option<String>,
    /// With --actor: only stories between the two, either way.
    #[arg(long)]
    pub other: Option<String>,
    /// Only stories told by at least this many documents (1 lists every extracted event once).
    #[arg(long, default_value_t = query::Stories::MIN_REPORTS)]
    pub min_reports: u64,
    #[command(flatten)]
    /// Kinds, dates (--on report: the story's first report) and --no-background.
    pub window: Window,
    /// At most this many stories.
    #[arg(long, default_value_t = query::Stories::LIMIT)]
    pub limit: usize,
    /// Skip this many stories first.
    #[arg(long, default_value_t = 0, value_parser = offset)]
    pub offset: usize,
    /// Print JSON Lines: one story a line, with its `reports`.
    #[arg(long)]
    pub json: bool,
}

/// Lists the stories, newest first, each with its reports.
pub fn stories(db: &Path, dict: &Lazy<'_>, args: StoriesArgs) -> Result<ExitCode> {
    let question = query::Stories {
        actor: args.actor,
        other: args.other,
        min_reports: args.min_reports,
        filter: args.window.filter()?,
        page: Page {
            limit: args.limit,
            start: args.offset,
        },
    };
    let answer = ask(db, dict, |source| question.run(source))?;
    if args.json {
        json_lines(&answer.stories)?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut out = BufWriter::new(io::stdout().lock());
    for story in &answer.stories {
        let period = story
            .date_end
            .as_ref()
            .map(|end| format!(" to {end}"))
            .unwrap_or_default();
        writeln!(
            out,
            "{}{period}  {:<14} {} -{}-> {}: {} report{}, {} sentence{}{}",
            at_precision(&story.date, story.date_precision),
            story.kind,
            plain(&story.source.name),
            story.cameo,
            plain(&story.target.name),
            story.n_reports,
            if story.n_reports == 1 { "" } else { "s" },
            story.n_sentences,
            if story.n_sentences == 1 { "" } else { "s" },
            if story.background { ", background" } else { "" },
        )?;
        for report in &story.reports {
            let title = report
                .document_title
                .as_deref()
                .map(|title| format!(" \"{}\"", plain(title)))
                .unwrap_or_default();
            writeln!(
                out,
                "    reported {} in {}{title}, dated {}",
                report.report_date.as_deref().unwrap_or("????-??-??"),
                plain(&report.document),
                when(report),
            )?;
            writeln!(out, "      {}", evidence_line(report))?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
