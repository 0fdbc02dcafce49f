//! `quotebench check`: re-runs the strategies of the score baseline
//! (scores/baseline.json) and compares every metric; exit 1 when a metric
//! fell by more than the tolerance, a strategy is gone, or the signature
//! changed. `--update` rewrites the baseline with every built-in strategy.

use crate::cli::CheckArgs;
use anyhow::{Context, Result};
use quotebench::baseline::{self, Movement, QuoteMovement};
use quotebench::report::Format;

pub fn run(args: CheckArgs) -> Result<u8> {
    let format: Format = match args.format.as_str() {
        "text" => Format::Text,
        "md" => Format::Md,
        "json" => Format::Json,
        f => anyhow::bail!("unknown format `{f}` (expected text, md or json)"),
    };
    let corpus = crate::corpus(&args.corpus)?;
    let old = if args.baseline.exists() {
        Some(baseline::load(&args.baseline))
    } else {
        None
    };
    if args.update {
        return update(&args, &corpus, old.and_then(Result::ok));
    }
    let old = match old {
        Some(b) => b?,
        None => anyhow::bail!(
            "{}: no such baseline; create it with `quotebench check --update` and commit it",
            args.baseline.display()
        ),
    };
    let check = baseline::check(&old, &corpus, args.tolerance)?;
    crate::emit(&check.render(format, &args.baseline), None)?;
    Ok(if check.passed { 0 } else { 1 })
}

fn update(
    args: &CheckArgs,
    corpus: &quotebench::gold::Corpus,
    old: Option<quotebench::report::Comparison>,
) -> Result<u8> {
    // Keep the settings the baseline was made with; a new one gets the defaults.
    let settings = old
        .as_ref()
        .and_then(baseline::settings_of)
        .unwrap_or_default();
    let mut out = String::new();
    if let Some(old) = &old {
        if let Ok(c) = baseline::check(old, corpus, args.tolerance) {
            let metrics = |m: Movement| c.metrics.iter().filter(|x| x.movement == m).count();
            let quotes = |m: QuoteMovement| c.quotes.iter().filter(|x| x.movement == m).count();
            out.push_str(&format!(
                "previous baseline: {} metric(s) improved, {} fell; {} quote(s) fixed, {} broke; {} signature change(s); {} gone\n",
                metrics(Movement::Improved),
                metrics(Movement::Fell) + metrics(Movement::FellWithinTolerance),
                quotes(QuoteMovement::Fixed),
                quotes(QuoteMovement::Broke),
                c.signatures.len(),
                c.gone.len()
            ));
        }
    }
    let strategies = quotebench::strategy::builtins();
    let new = baseline::make(corpus, &strategies, &settings)
        .context("scoring the built-in strategies")?;
    baseline::save(&args.baseline, &new)?;
    let names: Vec<String> = strategies
        .iter()
        .map(|s| format!("{}@{}", s.name(), s.version()))
        .collect();
    out.push_str(&format!(
        "wrote {}: {} on attribution and end-to-end (bootstrap {}, seed {}, unit {}); commit it\n",
        args.baseline.display(),
        names.join(", "),
        settings.bootstrap,
        settings.seed,
        settings.unit.as_str()
    ));
    crate::emit(&out, None)?;
    Ok(0)
}
