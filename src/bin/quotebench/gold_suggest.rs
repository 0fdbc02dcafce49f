//! `quotebench gold suggest`: unlabelled quotes a strategy finds in one
//! document, printed as `quotebench gold add` lines to edit and run.

use crate::cli::SuggestArgs;
use anyhow::Result;
use quotebench::gold::suggest::{guess_accuracy, suggest, suggest_from, SpeakerGuess};
use quotebench::score::DocPredictions;

/// The strategy `gold suggest` prefers when none is named.
const PREFERRED: &str = "sieve";

pub fn run(args: SuggestArgs) -> Result<u8> {
    let corpus = crate::corpus(&args.corpus)?;
    let Some(doc) = args.doc.as_deref() else {
        return accuracy(&args, &corpus);
    };
    if !corpus.docs.contains_key(doc) {
        let hint = quotebench::strategy::suggest(doc, corpus.docs.keys().map(String::as_str))
            .map(|s| format!(" (did you mean `{s}`?)"))
            .unwrap_or_default();
        anyhow::bail!(
            "unknown document `{doc}`{hint}; a document id is the stem of a file in {}",
            args.corpus.seeds.display()
        );
    }
    let (label, candidates) = match &args.strategy {
        Some(name) if quotebench::plugin::is_exec(name) => {
            // One document, end to end, through the plugin protocol.
            let command = quotebench::plugin::Command::parse(name)?;
            let options = crate::runner::options(&args.plugin)?;
            let doc = &corpus.docs[doc];
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
            let c = suggest_from(&corpus, &doc.id, &label, found)?;
            (label, c)
        }
        _ => {
            let strategy = match &args.strategy {
                Some(name) => quotebench::strategy::by_name(name)?,
                None => preferred()?,
            };
            let c = suggest(&corpus, doc, strategy.as_ref())?;
            (format!("{}@{}", strategy.name(), strategy.version()), c)
        }
    };
    let flags = args.corpus.flags();
    let mut out = format!(
        "# {} unlabelled candidate(s) in `{doc}` found by {label}.\n# Check each line's guesses (kind, speaker, cue, mention, span), replace any CUE, MENTION or SPEAKER_ID left, run it, then `quotebench gold check{flags}`.\n",
        candidates.len(),
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

/// `gold suggest --accuracy`: how often the guesses are right.
fn accuracy(args: &SuggestArgs, corpus: &quotebench::gold::Corpus) -> Result<u8> {
    let strategy = match &args.strategy {
        Some(name) if quotebench::plugin::is_exec(name) => {
            anyhow::bail!("--accuracy runs a built-in strategy; `{name}` is a plugin")
        }
        Some(name) => quotebench::strategy::by_name(name)?,
        None => preferred()?,
    };
    let t = guess_accuracy(corpus, strategy.as_ref())?;
    let pct = |n: usize| {
        if t.labelled == 0 {
            "-".to_owned()
        } else {
            format!("{:.1}%", 100.0 * n as f64 / t.labelled as f64)
        }
    };
    crate::emit(
        &format!(
            "guesses of {}@{} on {} labelled quote(s): {} covered by a candidate; cue right {}/{} ({}), mention right {}/{} ({})\n",
            strategy.name(),
            strategy.version(),
            t.labelled,
            t.found,
            t.cue_right,
            t.labelled,
            pct(t.cue_right),
            t.mention_right,
            t.labelled,
            pct(t.mention_right),
        ),
        None,
    )?;
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
