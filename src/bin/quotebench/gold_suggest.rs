//! `quotebench gold suggest`: unlabelled quotes a strategy finds in one
//! document, printed as `quotebench gold add` lines to edit and run.

use crate::cli::SuggestArgs;
use anyhow::Result;
use quotebench::gold::suggest::suggest;

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
    let strategy = match &args.strategy {
        Some(name) => quotebench::strategy::by_name(name)?,
        None => match quotebench::strategy::by_name(PREFERRED) {
            Ok(s) => s,
            Err(_) => {
                let s = quotebench::strategy::builtins()
                    .pop()
                    .ok_or_else(|| anyhow::anyhow!("no built-in strategy is registered"))?;
                eprintln!(
                    "quotebench: note: strategy `{PREFERRED}` is not registered; using `{}`, the last built-in",
                    s.name()
                );
                s
            }
        },
    };
    let candidates = suggest(&corpus, &args.doc, strategy.as_ref())?;
    let mut out = format!(
        "# {} unlabelled candidate(s) in `{}` found by {}@{}.\n# Edit each line (kind, speaker, CUE, MENTION, span), run it, then `quotebench gold check`.\n",
        candidates.len(),
        args.doc,
        strategy.name(),
        strategy.version()
    );
    for c in &candidates {
        out.push('\n');
        out.push_str(&c.commands());
    }
    crate::emit(&out, None)?;
    Ok(0)
}
