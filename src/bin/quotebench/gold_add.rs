//! `quotebench gold add-doc`, `gold add-speaker` and `gold add`: safe edits
//! of the seeds and the gold files. A refusal is an error (exit 2) whose
//! message ends with `(… unchanged)`; success prints what was written and
//! the `gold check` verdict of the result.

use crate::cli::{
    AddAliasArgs, AddArgs, AddDocArgs, AddSpeakerArgs, RemoveArgs, RemoveSpeakerArgs,
};
use anyhow::Result;
use quotebench::gold::edit::{self, NewQuote, Written};
use quotebench::gold::Severity;
use quotebench::model::Kind;

/// Prints what was written, the errors and the warnings about `touched`
/// (the speaker or document just added) of `gold check` on the result, a
/// count of the other warnings, and the verdict.
fn done(what: String, written: &Written, touched: Option<&str>) -> Result<u8> {
    done_touching(what, written, touched.as_slice())
}

/// [`done`] for an edit that touched several speakers or documents.
fn done_touching(what: String, written: &Written, touched: &[&str]) -> Result<u8> {
    for p in &written.cleaned {
        eprintln!(
            "quotebench: note: removed {}, left by an edit that was interrupted",
            p.display()
        );
    }
    let mut out = what;
    out.push('\n');
    let mut others = 0;
    for d in &written.report.diagnostics {
        let about = |t: &str| d.message.contains(&format!("`{t}`"));
        if d.severity == Severity::Error || touched.iter().any(|t| about(t)) {
            out.push_str(&d.to_string());
            out.push('\n');
        } else {
            others += 1;
        }
    }
    if others > 0 {
        out.push_str(&format!(
            "({others} other warning(s) in the gold set; `quotebench gold check` lists them)\n"
        ));
    }
    out.push_str(&format!("gold check: {}\n", written.report.verdict()));
    crate::emit(&out, None)?;
    Ok(if written.report.passed() { 0 } else { 1 })
}

pub fn add_doc(args: AddDocArgs) -> Result<u8> {
    let c = &args.corpus;
    let w = edit::add_doc(
        &c.seeds,
        &c.gold,
        &args.file,
        args.id.as_deref(),
        args.replace,
    )?;
    let id = w
        .path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    done(
        format!(
            "{} document `{id}` as {}\nnext: `quotebench gold suggest{flags} --doc {id}` for candidates, `quotebench gold add{flags} --doc {id} …` to label",
            if args.replace { "replaced the text of" } else { "added" },
            w.path.display(),
            flags = c.flags()
        ),
        &w,
        Some(&id),
    )
}

pub fn add_speaker(args: AddSpeakerArgs) -> Result<u8> {
    let c = &args.corpus;
    let mut w = edit::add_speaker(&c.seeds, &c.gold, &args.id, &args.name, &args.aliases)?;
    // A speaker is added before its rows: that it has none yet is expected,
    // not news (it was 2-3 lines of noise per speaker while labelling).
    let fresh = format!("`{}`", args.id);
    w.report
        .diagnostics
        .retain(|d| !(d.id == "unused-speaker" && d.message.contains(&fresh)));
    if w.unchanged {
        return done(
            format!(
                "speaker `{}` is already at {}:{} with this name and these aliases (nothing changed)",
                args.id,
                w.path.display(),
                w.line
            ),
            &w,
            Some(&args.id),
        );
    }
    done(
        format!(
            "added speaker `{}` at {}:{}\nnext: `quotebench gold add{flags} --doc DOC --kind KIND --speaker {} --text \"…\"` for each of its quotes",
            args.id,
            w.path.display(),
            w.line,
            args.id,
            flags = c.flags()
        ),
        &w,
        Some(&args.id),
    )
}

pub fn add_alias(args: AddAliasArgs) -> Result<u8> {
    let c = &args.corpus;
    let w = quotebench::gold::speaker_edit::add_alias(&c.seeds, &c.gold, &args.id, &args.aliases)?;
    done(
        format!(
            "added {} alias(es) to speaker `{}` at {}:{}",
            args.aliases.len(),
            args.id,
            w.path.display(),
            w.line
        ),
        &w,
        Some(&args.id),
    )
}

pub fn remove_speaker(args: RemoveSpeakerArgs) -> Result<u8> {
    let c = &args.corpus;
    let w = quotebench::gold::speaker_edit::remove_speaker(&c.seeds, &c.gold, &args.id)?;
    done(
        format!(
            "removed speaker `{}` from {} (it was line {})",
            args.id,
            w.path.display(),
            w.line
        ),
        &w,
        None,
    )
}

pub fn add(args: AddArgs) -> Result<u8> {
    let c = &args.corpus;
    let kind: Kind = args.kind.parse().map_err(|e: String| {
        anyhow::anyhow!("{e} ({} unchanged)", c.gold.join("quotes.csv").display())
    })?;
    let q = NewQuote {
        doc: args.doc,
        kind,
        speaker: args.speaker,
        text: args.text,
        occurrence: args.occurrence,
        cue: args.cue,
        mention: args.mention,
        replace: args.replace,
    };
    let w = edit::add_quote(&c.seeds, &c.gold, &q)?;
    let Some(row) = &w.quote else {
        anyhow::bail!("gold add wrote no row");
    };
    let mut what = String::new();
    for r in &w.removed {
        what.push_str(&format!(
            "replaced {} {}..{}: {}\n",
            r.doc,
            r.start,
            r.end,
            changes(r, row)
        ));
    }
    done_touching(
        format!(
            "{what}{} {}:{}: {}",
            if w.unchanged {
                "already labelled identically (nothing changed):"
            } else {
                "added"
            },
            w.path.display(),
            w.line,
            row_line(row)
        ),
        &w,
        &w.removed
            .iter()
            .map(|r| r.speaker.as_str())
            .collect::<Vec<_>>(),
    )
}

pub fn fmt(c: &crate::cli::Corpus) -> Result<u8> {
    let f = quotebench::gold::fmt::fmt(&c.seeds, &c.gold)?;
    let mut out = String::new();
    if f.changed.is_empty() {
        out.push_str("already in canonical form: nothing changed\n");
    }
    for p in &f.changed {
        out.push_str(&format!("rewrote {}\n", p.display()));
    }
    out.push_str(&format!("gold check: {}\n", f.report.verdict()));
    crate::emit(&out, None)?;
    Ok(if f.report.passed() { 0 } else { 1 })
}

/// One row as `gold add` and `gold remove` print it.
/// What `gold add --replace` changed in a row, field by field (`speaker
/// "kell" -> "dorn"`), so a change of cue or mention alone is visible.
fn changes(old: &edit::QuoteRow, new: &edit::QuoteRow) -> String {
    let fields = [
        ("kind", &old.kind, &new.kind),
        ("speaker", &old.speaker, &new.speaker),
        ("cue", &old.cue, &new.cue),
        ("mention", &old.mention, &new.mention),
    ];
    let changed: Vec<String> = fields
        .iter()
        .filter(|(_, a, b)| a != b)
        .map(|(name, a, b)| format!("{name} {a:?} -> {b:?}"))
        .collect();
    if changed.is_empty() {
        "no field changed".to_string()
    } else {
        changed.join(", ")
    }
}

fn row_line(r: &edit::QuoteRow) -> String {
    format!(
        "{} {}..{} {} {} cue {:?} mention {:?} {:?}",
        r.doc, r.start, r.end, r.kind, r.speaker, r.cue, r.mention, r.text
    )
}

pub fn remove(args: RemoveArgs) -> Result<u8> {
    let c = &args.corpus;
    let which = match (args.start, args.end, args.text, args.all) {
        (Some(s), Some(e), _, _) => edit::Selector::Span(quotebench::model::Span::new(s, e)),
        (_, _, Some(t), _) => edit::Selector::Text(t, args.occurrence),
        (_, _, _, true) => edit::Selector::All,
        _ => anyhow::bail!(
            "gold remove needs --start and --end, --text, or --all ({} unchanged)",
            c.gold.join("quotes.csv").display()
        ),
    };
    let w = edit::remove_quotes(&c.seeds, &c.gold, &args.doc, &which)?;
    let mut what = String::new();
    for r in &w.removed {
        what.push_str(&format!("removed {}\n", row_line(r)));
    }
    what.push_str(&format!("from {}", w.path.display()));
    let speakers: Vec<&str> = w.removed.iter().map(|r| r.speaker.as_str()).collect();
    done_touching(what, &w, &speakers)
}
