//! `quotebench gold check` and `quotebench gold stats`; the editing
//! subcommands are in `gold_add` and `gold_suggest`.

use crate::cli::GoldCommand;
use anyhow::Result;

/// Points the one-gold-set subcommands at the part `--corpus` names.
pub fn resolve(mut cmd: GoldCommand) -> Result<GoldCommand> {
    match &mut cmd {
        GoldCommand::Check(c) | GoldCommand::Init(c) | GoldCommand::Fmt(c) => c.resolve_one()?,
        GoldCommand::AddDoc(a) => a.corpus.resolve_one()?,
        GoldCommand::AddSpeaker(a) => a.corpus.resolve_one()?,
        GoldCommand::AddAlias(a) => a.corpus.resolve_one()?,
        GoldCommand::RemoveSpeaker(a) => a.corpus.resolve_one()?,
        GoldCommand::Add(a) => a.corpus.resolve_one()?,
        GoldCommand::Remove(a) => a.corpus.resolve_one()?,
        GoldCommand::Suggest(a) => a.corpus.resolve_one()?,
        GoldCommand::Export(a) => {
            if a.files.is_empty() {
                a.corpus.resolve_one()?
            }
        }
        GoldCommand::Stats { .. } | GoldCommand::Import(_) => {}
    }
    Ok(cmd)
}

pub fn run(cmd: GoldCommand) -> Result<u8> {
    match cmd {
        GoldCommand::Check(c) => {
            let report = quotebench::gold::check(&c.seeds, &c.gold)?;
            let mut out = String::new();
            for d in &report.diagnostics {
                out.push_str(&d.to_string());
                out.push('\n');
            }
            out.push_str(&report.verdict());
            out.push('\n');
            crate::emit(&out, None)?;
            Ok(if report.passed() { 0 } else { 1 })
        }
        GoldCommand::Stats { corpus, format } => {
            let corpus = crate::corpus(&corpus)?;
            let stats = quotebench::gold::stats::stats(&corpus);
            let out = match format.as_str() {
                "text" => stats.render_text(),
                "json" => serde_json::to_string_pretty(&stats)? + "\n",
                f => anyhow::bail!("unknown format `{f}` (expected text or json)"),
            };
            crate::emit(&out, None)?;
            Ok(0)
        }
        GoldCommand::Init(c) => {
            let written = quotebench::gold::edit::init(&c.seeds, &c.gold)?;
            let mut out = String::new();
            for p in written {
                out.push_str(&format!("wrote {}\n", p.display()));
            }
            out.push_str(&format!(
                "next: `quotebench gold add-doc{} ARTICLE.txt --id ID`\n",
                c.flags()
            ));
            crate::emit(&out, None)?;
            Ok(0)
        }
        GoldCommand::Fmt(c) => crate::gold_add::fmt(&c),
        GoldCommand::AddDoc(args) => crate::gold_add::add_doc(args),
        GoldCommand::AddSpeaker(args) => crate::gold_add::add_speaker(args),
        GoldCommand::AddAlias(args) => crate::gold_add::add_alias(args),
        GoldCommand::RemoveSpeaker(args) => crate::gold_add::remove_speaker(args),
        GoldCommand::Add(args) => crate::gold_add::add(args),
        GoldCommand::Remove(args) => crate::gold_add::remove(args),
        GoldCommand::Suggest(args) => crate::gold_suggest::run(args),
        GoldCommand::Import(args) => crate::gold_import::import(args),
        GoldCommand::Export(args) => crate::gold_import::export(args),
    }
}
