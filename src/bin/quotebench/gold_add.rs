//! `quotebench gold add-doc`, `gold add-speaker` and `gold add`: safe edits
//! of the seeds and the gold files. A refusal is an error (exit 2) whose
//! message ends with `(… unchanged)`; success prints what was written and
//! the `gold check` verdict of the result.

use crate::cli::{AddArgs, AddDocArgs, AddSpeakerArgs};
use anyhow::Result;
use quotebench::gold::edit::{self, NewQuote, Written};
use quotebench::gold::Severity;
use quotebench::model::Kind;

/// Prints what was written, the errors and the warnings about `touched`
/// (the speaker or document just added) of `gold check` on the result, a
/// count of the other warnings, and the verdict.
fn done(what: String, written: &Written, touched: Option<&str>) -> Result<u8> {
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
        if d.severity == Severity::Error || touched.is_some_and(about) {
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
    let w = edit::add_doc(&c.seeds, &c.gold, &args.file, args.id.as_deref())?;
    let id = w
        .path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    done(
        format!(
            "added document `{id}` as {}\nnext: `quotebench gold suggest --doc {id}` for candidates, `quotebench gold add --doc {id} …` to label",
            w.path.display()
        ),
        &w,
        Some(&id),
    )
}

pub fn add_speaker(args: AddSpeakerArgs) -> Result<u8> {
    let c = &args.corpus;
    let w = edit::add_speaker(&c.seeds, &c.gold, &args.id, &args.name, &args.aliases)?;
    done(
        format!(
            "added speaker `{}` at {}:{}",
            args.id,
            w.path.display(),
            w.line
        ),
        &w,
        Some(&args.id),
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
    };
    let w = edit::add_quote(&c.seeds, &c.gold, &q)?;
    let Some(row) = &w.quote else {
        anyhow::bail!("gold add wrote no row");
    };
    done(
        format!(
            "{} {}:{}: {} {}..{} {} {} {:?}",
            if w.unchanged {
                "already labelled identically (nothing changed):"
            } else {
                "added"
            },
            w.path.display(),
            w.line,
            row.doc,
            row.start,
            row.end,
            row.kind,
            row.speaker,
            row.text
        ),
        &w,
        None,
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
