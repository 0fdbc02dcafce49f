//! `quotebench gold suggest`: unlabelled quotes a strategy finds in one
//! document, printed as `quotebench gold add` lines to edit and run.

use crate::cli::SuggestArgs;
use anyhow::Result;
use quotebench::gold::edit::corpus_flags;
use quotebench::gold::suggest::{suggest, suggest_from, SpeakerGuess};
use quotebench::score::DocPredictions;

/// The strategy `gold suggest` prefers when none is named.
const PREFERRED: &str = "sieve";

pub fn run(args: SuggestArgs) -> Result<u8> {
    let corpus = crate::corpus(&args.corpus)?;
    if !corpus.docs.contains_key(&args.doc) {
        let hint = quotebench::strategy::suggest(&args.doc, corpus.docs.keys().map(String::as_str))
            .map(|s| format!(" (did you mean `{s}`?)"))
            .unwrap_or_default();
        anyhow::bail!(
            "unknown document `{}`{hint}; a document id is the stem of a file in {}",
            args.doc,
            args.corpus.seeds.display()
        );
    }
    let (label, candidates) = match &args.strategy {
        Some(name) if quotebench::plugin::is_exec(name) => {
            // One document, end to end, through the plugin protocol.
            let command = quotebench::plugin::Command::parse(name)?;
            let options = crate::runner::options(&args.plugin)?;
            let doc = &corpus.docs[&args.doc];
            let input = quotebench::plugin::Input {
                doc: &doc.id,
                text: &doc.text,
                spans: Vec::new(),
            };
            let run = quotebench::plugin::run(
                &command,
                quotebench::score::Task::EndToEnd,
                std::slice::from_ref(&input),
                &options,
            )?;
            let label = run.label();
            let found = match run.predictions.into_values().next() {
                Some(DocPredictions::Quotes(q)) => q,
                _ => Vec::new(),
            };
            let c = suggest_from(&corpus, &args.doc, &label, found)?;
            (label, c)
        }
        _ => {
            let strategy = match &args.strategy {
                Some(name) => quotebench::strategy::by_name(name)?,
                None => preferred()?,
            };
            let c = suggest(&corpus, &args.doc, strategy.as_ref())?;
            (format!("{}@{}", strategy.name(), strategy.version()), c)
        }
    };
    let flags = corpus_flags(&args.corpus.seeds, &args.corpus.gold);
    let mut out = format!(
        "# {} unlabelled candidate(s) in `{}` found by {label}.\n# Edit each line (kind, speaker, CUE, MENTION, span), run it, then `quotebench gold check{flags}`.\n",
        candidates.len(),
        args.doc,
    );
    let mut announced = std::collections::BTreeSet::new();
    for c in &candidates {
        let first = match &c.speaker {
            SpeakerGuess::New { id, .. } => announced.insert(id.clone()),
            _ => false,
        };
        out.push('\n');
        out.push_str(&c.commands(&flags, first));
    }
    crate::emit(&out, None)?;
    Ok(0)
}

/// `sieve`, else the last built-in (with a note).
fn preferred() -> Result<Box<dyn quotebench::strategy::Strategy>> {
    if let Ok(s) = quotebench::strategy::by_name(PREFERRED) {
        return Ok(s);
    }
    let s = quotebench::strategy::builtins()
        .pop()
        .ok_or_else(|| anyhow::anyhow!("no built-in strategy is registered"))?;
    eprintln!(
        "quotebench: note: strategy `{PREFERRED}` is not registered; using `{}`, the last built-in",
        s.name()
    );
    Ok(s)
}
