//! `quotebench check`: re-runs the strategies of the score baseline
//! (scores/baseline.json) and compares every metric; exit 1 when a metric
//! fell by more than the tolerance, a strategy is gone, or the signature
//! changed. `--update` rewrites the baseline with every built-in strategy
//! (and the `exec:` plugins given with `--strategy`). `--brief` counts the
//! quotes still wrong per strategy instead of listing them (text and md;
//! json is always complete). `--format html` writes the same diff as a
//! self-contained page for CI artifacts.

use crate::cli::CheckArgs;
use anyhow::{Context, Result};
use quotebench::baseline::{self, Movement, QuoteMovement};
use quotebench::report::Format;

pub fn run(args: CheckArgs) -> Result<u8> {
    let html = args.format == "html";
    let format: Format = match args.format.as_str() {
        "text" | "html" => Format::Text,
        "md" => Format::Md,
        "json" => Format::Json,
        f => anyhow::bail!("unknown format `{f}` (expected text, md, json or html)"),
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
    if args.brief && format == Format::Json {
        eprintln!("quotebench: warning: --brief applies to --format text and md; the json output is complete");
    }
    let settings = baseline::settings_of(&old).unwrap_or_default();
    let external = plugins(&args, &corpus, &settings)?;
    let check = baseline::check_with(&old, &corpus, args.tolerance, &external)?;
    if html {
        let label = args.corpus.seeds.display().to_string();
        crate::emit(
            &quotebench::html::check(&check, &label, &args.baseline),
            None,
        )?;
    } else {
        crate::emit(&check.render_with(format, &args.baseline, args.brief), None)?;
    }
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
    let external = plugins(args, corpus, &settings)?;
    let new = baseline::make_with(corpus, &strategies, &external, &settings)
        .context("scoring the built-in strategies")?;
    baseline::save(&args.baseline, &new)?;
    let mut names: Vec<String> = strategies
        .iter()
        .map(|s| format!("{}@{}", s.name(), s.version()))
        .collect();
    for scored in external.values() {
        let label = scored.signature.strategy().to_owned();
        if !names.contains(&label) {
            names.push(label);
        }
    }
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

/// Runs the `exec:` plugins given with --strategy on both tasks, with the
/// baseline's settings; a plugin that fails stops the check (exit 2).
fn plugins(
    args: &CheckArgs,
    corpus: &quotebench::gold::Corpus,
    settings: &quotebench::score::Settings,
) -> Result<baseline::External> {
    let options = crate::runner::options(&args.plugin)?;
    let mut external = baseline::External::new();
    for name in &args.strategies {
        if !quotebench::plugin::is_exec(name) {
            anyhow::bail!(
                "--strategy `{name}`: check runs the built-ins of the baseline by itself; --strategy takes `exec:COMMAND` plugins"
            );
        }
        let command = quotebench::plugin::Command::parse(name)?;
        for task in quotebench::score::Task::ALL {
            let scored = quotebench::plugin::evaluate(corpus, &command, task, settings, &options)?;
            let label = scored.signature.strategy();
            let key = label.split('@').next().unwrap_or(label).to_owned();
            external.insert((key, task), scored);
        }
    }
    Ok(external)
}
