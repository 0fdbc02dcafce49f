//! `quotebench check`: re-runs the strategies of the score baseline
//! (scores/baseline.json) and compares every metric; exit 1 when a metric
//! fell by more than the tolerance, a strategy is gone, or the signature
//! changed. `--update` rewrites the baseline with every built-in strategy
//! (and the `exec:` plugins given with `--strategy`). `--brief` counts the
//! quotes still wrong per strategy instead of listing them (text and md;
//! json is always complete). `--format html` writes every part's check
//! as one self-contained page for CI artifacts (a held-out part by counts
//! only, as in text).

use crate::cli::CheckArgs;
use anyhow::{Context, Result};
use quotebench::baseline::{self, Movement, QuoteMovement};
use quotebench::gold::corpora::{self, Part};
use quotebench::report::Format;
use std::path::{Path, PathBuf};

/// One gold set to check, with its baseline.
struct Target {
    /// The shipped part, or none for directories given by hand.
    part: Option<Part>,
    baseline: PathBuf,
}

/// What to check: the parts `--corpus` names; the directories given by
/// hand; or, by default, every shipped part whose gold directory exists.
fn targets(args: &CheckArgs) -> Result<Vec<Target>> {
    let c = &args.corpus;
    let parts: Vec<Part> = match c.parts()? {
        Some(parts) => parts.to_vec(),
        None if c.seeds == Path::new(corpora::SEEDS.seeds)
            && c.gold == Path::new(corpora::SEEDS.gold)
            && args.baseline.is_none() =>
        {
            corpora::PARTS
                .iter()
                .filter(|p| *p == &corpora::SEEDS || Path::new(p.gold).is_dir())
                .copied()
                .collect()
        }
        None => {
            let baseline = args
                .baseline
                .clone()
                .unwrap_or_else(|| baseline::DEFAULT_PATH.into());
            return Ok(vec![Target {
                part: None,
                baseline,
            }]);
        }
    };
    if parts.len() > 1 && args.baseline.is_some() {
        anyhow::bail!(
            "--baseline names one file, but {} parts would be checked; add --corpus with one of {}",
            parts.len(),
            parts.iter().map(|p| p.name).collect::<Vec<_>>().join(", ")
        );
    }
    Ok(parts
        .into_iter()
        .map(|p| Target {
            baseline: args
                .baseline
                .clone()
                .unwrap_or_else(|| baseline::path_for(p.name)),
            part: Some(p),
        })
        .collect())
}

pub fn run(args: CheckArgs) -> Result<u8> {
    let html = args.format == "html";
    let format: Format = match args.format.as_str() {
        "text" | "html" => Format::Text,
        "md" => Format::Md,
        "json" => Format::Json,
        f => anyhow::bail!("unknown format `{f}` (expected text, md, json or html)"),
    };
    let targets = targets(&args)?;
    if args.brief && format == Format::Json {
        eprintln!("quotebench: warning: --brief applies to --format text and md; the json output is complete");
    }
    let many = targets.len() > 1;
    let mut code = 0;
    let mut json = Vec::new();
    let mut pages = Vec::new();
    for t in &targets {
        let name = t.part.map_or("custom", |p| p.name);
        if html && !args.update {
            let (c, check) = check_part(&args, t)?;
            code = code.max(c);
            pages.push((name, t, check));
            continue;
        }
        if many && format != Format::Json {
            let h = if format == Format::Md { "## " } else { "== " };
            crate::emit(
                &format!("{h}corpus {name} ({})\n\n", t.baseline.display()),
                None,
            )?;
        }
        let (c, text) = check_one(&args, t, format)?;
        code = code.max(c);
        if many && format == Format::Json {
            let check: serde_json::Value = serde_json::from_str(&text)
                .unwrap_or_else(|_| serde_json::Value::String(text.clone()));
            json.push(serde_json::json!({
                "corpus": name,
                "baseline": t.baseline.display().to_string(),
                "check": check,
            }));
        } else {
            crate::emit(&text, None)?;
        }
    }
    if !pages.is_empty() {
        let parts: Vec<quotebench::html::CheckPart> = pages
            .iter()
            .map(|(name, t, check)| quotebench::html::CheckPart {
                corpus: name,
                baseline: &t.baseline,
                check,
                held_out: t.part.is_some_and(|p| p.held_out),
            })
            .collect();
        crate::emit(&quotebench::html::check(&parts), None)?;
    }
    if many && format == Format::Json {
        let all = serde_json::json!({ "passed": code == 0, "corpora": json });
        crate::emit(&(serde_json::to_string_pretty(&all)? + "\n"), None)?;
    }
    Ok(code)
}

/// Checks one part's baseline: the exit code and the check.
fn check_part(args: &CheckArgs, t: &Target) -> Result<(u8, baseline::Check)> {
    let corpus = load(args, t)?;
    let path = &t.baseline;
    if !path.exists() {
        anyhow::bail!(
            "{}: no such baseline; create it with `quotebench check --update` and commit it",
            path.display()
        );
    }
    let old = baseline::load(path)?;
    let settings = baseline::settings_of(&old).unwrap_or_default();
    let external = plugins(args, &corpus, &settings)?;
    let check = baseline::check_with(&old, &corpus, args.tolerance, &external)?;
    Ok((if check.passed { 0 } else { 1 }, check))
}

fn load(args: &CheckArgs, t: &Target) -> Result<quotebench::gold::Corpus> {
    match t.part {
        Some(p) => Ok(corpora::load_named(Path::new("."), p.name)?),
        None => crate::scored_corpus(&args.corpus),
    }
}

/// Checks (or with `--update` rewrites) one part's baseline: the exit code
/// and what to print.
fn check_one(args: &CheckArgs, t: &Target, format: Format) -> Result<(u8, String)> {
    let corpus = load(args, t)?;
    let path = &t.baseline;
    let old = if path.exists() {
        Some(baseline::load(path))
    } else {
        None
    };
    if args.update {
        return update(args, path, &corpus, old.and_then(Result::ok));
    }
    let old = match old {
        Some(b) => b?,
        None => anyhow::bail!(
            "{}: no such baseline; create it with `quotebench check --update` and commit it",
            path.display()
        ),
    };
    let settings = baseline::settings_of(&old).unwrap_or_default();
    let external = plugins(args, &corpus, &settings)?;
    let check = baseline::check_with(&old, &corpus, args.tolerance, &external).map_err(|e| {
        // The library names the default baseline; say which file it was.
        match e {
            quotebench::Error::BadResult { message, .. } => quotebench::Error::BadResult {
                path: path.clone(),
                message,
            },
            e => e,
        }
    })?;
    let held_out = t.part.is_some_and(|p| p.held_out);
    let text = check.render_for(format, path, args.brief, held_out);
    Ok((if check.passed { 0 } else { 1 }, text))
}

fn update(
    args: &CheckArgs,
    path: &Path,
    corpus: &quotebench::gold::Corpus,
    old: Option<quotebench::report::Comparison>,
) -> Result<(u8, String)> {
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
    baseline::save(path, &new)?;
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
        path.display(),
        names.join(", "),
        settings.bootstrap,
        settings.seed,
        settings.unit.as_str()
    ));
    Ok((0, out))
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
        // Both tasks through one process when the plugin serves both.
        let tasks = quotebench::score::Task::ALL;
        for (task, scored) in
            quotebench::plugin::evaluate_tasks(corpus, &command, &tasks, settings, &options)
        {
            let scored = scored?;
            let label = scored.signature.strategy();
            let key = label.split('@').next().unwrap_or(label).to_owned();
            external.insert((key, task), scored);
        }
    }
    Ok(external)
}
