//! `gold add-doc`, `gold add-speaker`, `gold add` and `gold suggest`: every
//! refusal exits 2, says why, and leaves every file byte-identical; the
//! writer reproduces the shipped CSVs byte for byte; an end-to-end session
//! on a copy of the repository adds a document, a speaker and three
//! attributions.

use crate::scratch::{assert_same, copy_dir, copy_repo, snapshot};
use crate::util::{fixtures, root, run_in, shipped, stderr, stdout};
use quotebench::gold::edit::{read_quotes, read_speakers, render_quotes, render_speakers};
use quotebench::gold::edit::{sort_quotes, sort_speakers};
use quotebench::model::{Kind, Prediction, Span};
use quotebench::strategy::Strategy;
use std::path::Path;

#[test]
fn rewriting_the_shipped_gold_files_is_byte_identical() {
    let gold = root().join("gold");
    let quotes = std::fs::read(gold.join("quotes.csv")).unwrap();
    let mut rows = read_quotes(&gold.join("quotes.csv")).unwrap();
    assert_eq!(render_quotes(&rows), quotes);
    sort_quotes(&mut rows);
    assert_eq!(render_quotes(&rows), quotes, "the shipped rows are sorted");

    let speakers = std::fs::read(gold.join("speakers.csv")).unwrap();
    let mut rows = read_speakers(&gold.join("speakers.csv")).unwrap();
    assert_eq!(render_speakers(&rows), speakers);
    sort_speakers(&mut rows);
    assert_eq!(render_speakers(&rows), speakers);
}

#[test]
fn every_shipped_quoted_row_fits_its_kind() {
    let corpus = shipped();
    for q in &corpus.quotes {
        let text = &corpus.docs[&q.doc].text;
        assert_eq!(
            quotebench::gold::edit::kind_misfit(text, q.span, q.kind),
            None,
            "{}:{}",
            q.doc,
            q.line
        );
    }
}

/// An extra seed for the refusal table: a quote with its comma inside the
/// marks, a repeated sentence, and an unquoted clause.
const EXTRA: &str = "“We will hold the line,” General Ivan Petrenko said on Monday.\nHe added that supplies were late.\nSupplies were late. Supplies were late.\n";

fn run_ok(dir: &Path, args: &[&str]) -> String {
    let o = run_in(dir, args);
    assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
    stdout(&o)
}

#[test]
fn every_refusal_exits_2_and_leaves_the_files_byte_identical() {
    let dir = copy_repo();
    let d = dir.path();
    std::fs::write(d.join("seeds/900_extra.txt"), EXTRA).unwrap();
    std::fs::write(d.join("bad.txt"), b"fine\nnot \xff fine\n").unwrap();
    std::fs::write(d.join("empty.txt"), b"").unwrap();
    std::fs::write(d.join("900_extra.txt"), "another article").unwrap();
    // A speaker sharing an alias with vladimir_putin is accepted while no
    // document has both (entities of different articles may share names).
    run_ok(
        d,
        &[
            "gold",
            "add-speaker",
            "--id",
            "petro_putin",
            "--name",
            "Petro Putin",
            "--alias",
            "Putin",
        ],
    );
    let add = |extra: &[&'static str]| {
        let mut a = vec!["gold", "add", "--doc", "900_extra"];
        a.extend_from_slice(extra);
        a
    };
    let cases: Vec<(Vec<&str>, &str)> = vec![
        // text not found (with the curly-apostrophe hint)
        (
            add(&[
                "--kind",
                "indirect",
                "--speaker",
                "vladimir_putin",
                "--text",
                "supplies are late",
            ]),
            "does not occur in seeds/900_extra.txt",
        ),
        (
            vec![
                "gold",
                "add",
                "--doc",
                "001_9c4c0bff040564e8",
                "--kind",
                "direct",
                "--speaker",
                "vladimir_putin",
                "--text",
                "We are sympathetic to President Trump's call,",
            ],
            "it does with curly apostrophes",
        ),
        // text found more than once without --occurrence, and out of range
        (
            add(&[
                "--kind",
                "indirect",
                "--speaker",
                "vladimir_putin",
                "--text",
                "Supplies were late",
            ]),
            "occurs 2 times in seeds/900_extra.txt (lines 3, 3); choose one with --occurrence 1..2",
        ),
        (
            add(&[
                "--kind",
                "indirect",
                "--speaker",
                "vladimir_putin",
                "--text",
                "Supplies were late",
                "--occurrence",
                "3",
            ]),
            "--occurrence 3 is out of range",
        ),
        // unknown speaker, with did-you-mean by id and by name
        (
            add(&[
                "--kind",
                "indirect",
                "--speaker",
                "vladimir_puttin",
                "--text",
                "supplies were late",
            ]),
            "unknown speaker `vladimir_puttin` (did you mean `vladimir_putin`?)",
        ),
        (
            add(&[
                "--kind",
                "indirect",
                "--speaker",
                "Peskov",
                "--text",
                "supplies were late",
            ]),
            "(did you mean `dmitry_peskov`? `Peskov` is one of its names)",
        ),
        // unknown document and kind
        (
            vec![
                "gold",
                "add",
                "--doc",
                "900_extr",
                "--kind",
                "direct",
                "--speaker",
                "vladimir_putin",
                "--text",
                "x",
            ],
            "unknown document `900_extr` (did you mean `900_extra`?)",
        ),
        (
            add(&[
                "--kind",
                "quoted",
                "--speaker",
                "vladimir_putin",
                "--text",
                "supplies were late",
            ]),
            "unknown kind `quoted`",
        ),
        // duplicate row
        (
            vec![
                "gold",
                "add",
                "--doc",
                "001_9c4c0bff040564e8",
                "--kind",
                "direct",
                "--speaker",
                "vladimir_putin",
                "--text",
                "We are sympathetic to President Trump’s call,",
            ],
            "are already labelled at gold/quotes.csv:",
        ),
        // kinds that do not fit
        (
            add(&[
                "--kind",
                "direct",
                "--speaker",
                "vladimir_putin",
                "--text",
                "supplies were late",
            ]),
            "a direct span must sit inside quotation marks",
        ),
        (
            add(&[
                "--kind",
                "direct",
                "--speaker",
                "vladimir_putin",
                "--text",
                "We will hold the line",
            ]),
            "keeps the punctuation inside the closing mark: use --text \"We will hold the line,\"",
        ),
        (
            add(&[
                "--kind",
                "partial",
                "--speaker",
                "vladimir_putin",
                "--text",
                "“We will hold the line,”",
            ]),
            "leave the marks out of --text",
        ),
        (
            add(&[
                "--kind",
                "indirect",
                "--speaker",
                "vladimir_putin",
                "--text",
                "We will hold the line,",
            ]),
            "the span is exactly a quotation",
        ),
        // cue and mention must be written as in the text
        (
            add(&[
                "--kind",
                "indirect",
                "--speaker",
                "vladimir_putin",
                "--text",
                "supplies were late",
                "--cue",
                "says",
            ]),
            "--cue \"says\" does not occur",
        ),
        (
            add(&[
                "--kind",
                "indirect",
                "--speaker",
                "vladimir_putin",
                "--text",
                "supplies were late",
                "--mention",
                "Putin",
            ]),
            "--mention \"Putin\" does not occur",
        ),
        // speakers
        (
            vec![
                "gold",
                "add-speaker",
                "--id",
                "vladimir_putin",
                "--name",
                "V. Putin",
            ],
            "speaker `vladimir_putin` already exists at gold/speakers.csv:",
        ),
        (
            vec![
                "gold",
                "add-speaker",
                "--id",
                "Ivan-Petrenko",
                "--name",
                "Ivan Petrenko",
            ],
            "bad-speaker-id",
        ),
        // A name two entities share is refused once both are entities of
        // one document (petro_putin, added above, shares `Putin`).
        (
            vec![
                "gold",
                "add",
                "--doc",
                "001_9c4c0bff040564e8",
                "--kind",
                "indirect",
                "--speaker",
                "petro_putin",
                "--text",
                "Russia has launched a rapid counteroffensive",
            ],
            "alias-collision: name `Putin` of `vladimir_putin` is also a name of `petro_putin`, and both are entities of document `001_9c4c0bff040564e8`",
        ),
        (
            vec![
                "gold",
                "add-speaker",
                "--id",
                "ivan_petrenko",
                "--name",
                "Ivan Petrenko",
                "--alias",
                "Petrenko|General Petrenko",
            ],
            "contains `|`",
        ),
        (
            vec![
                "gold",
                "add-speaker",
                "--id",
                "ivan_petrenko",
                "--name",
                " ",
            ],
            "empty-name",
        ),
        // documents
        (
            vec!["gold", "add-doc", "900_extra.txt"],
            "document `900_extra` already exists",
        ),
        (
            vec!["gold", "add-doc", "bad.txt"],
            "bad.txt:2: not valid UTF-8 (byte 9)",
        ),
        (vec!["gold", "add-doc", "empty.txt"], "empty.txt is empty"),
        (
            vec!["gold", "add-doc", "bad.txt", "--id", "../escape"],
            "`../escape` is not a usable document id",
        ),
        (
            vec!["gold", "add-doc", "bad.txt", "--id", "my article"],
            "is not a usable document id",
        ),
    ];
    for (args, needle) in &cases {
        let before = snapshot(d);
        let o = run_in(d, args);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
        assert!(
            err.contains(needle),
            "{args:?}: expected `{needle}` in {err}"
        );
        assert!(err.trim_end().ends_with("unchanged)"), "{args:?}: {err}");
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert_same(&before, &snapshot(d), &format!("{args:?}"));
    }
}

#[test]
fn a_gold_set_that_already_fails_refuses_every_edit() {
    let dir = copy_repo();
    let d = dir.path();
    copy_dir(&fixtures().join("tiny/seeds"), &d.join("seeds"));
    copy_dir(&fixtures().join("broken/unknown-speaker"), &d.join("gold"));
    std::fs::write(d.join("new.txt"), "An article.").unwrap();
    let before = snapshot(d);
    for args in [
        vec![
            "gold",
            "add",
            "--doc",
            "a",
            "--kind",
            "direct",
            "--speaker",
            "jane_doe",
            "--text",
            "x",
        ],
        vec!["gold", "add-speaker", "--id", "x_y", "--name", "X Y"],
        vec!["gold", "add-doc", "new.txt"],
    ] {
        let o = run_in(d, &args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(
            stderr(&o).contains("already fails `quotebench gold check`"),
            "{}",
            stderr(&o)
        );
        assert_same(&before, &snapshot(d), &format!("{args:?}"));
    }
}

#[test]
fn end_to_end_a_new_article_with_a_speaker_and_three_attributions() {
    let dir = copy_repo();
    let d = dir.path();
    let article = d.join("kyiv.txt");
    std::fs::write(&article, EXTRA).unwrap();
    let shipped_quotes = shipped().quotes.len() as u64;

    let out = run_ok(d, &["gold", "add-doc", "kyiv.txt", "--id", "005_kyiv"]);
    assert!(out.contains("added document `005_kyiv`"), "{out}");
    assert_eq!(
        std::fs::read(d.join("seeds/005_kyiv.txt")).unwrap(),
        EXTRA.as_bytes()
    );

    let out = run_ok(
        d,
        &[
            "gold",
            "add-speaker",
            "--id",
            "ivan_petrenko",
            "--name",
            "Ivan Petrenko",
            "--alias",
            "General Ivan Petrenko",
            "--alias",
            "Petrenko",
        ],
    );
    // A new speaker is unused until labelled: expected, so no warning, and
    // the next step instead.
    assert!(!out.contains("unused-speaker"), "{out}");
    assert!(
        out.contains("next: `quotebench gold add --doc DOC --kind KIND --speaker ivan_petrenko"),
        "{out}"
    );
    // Re-running the same add-speaker (a label script run again after
    // `gold remove --doc D --all`) writes nothing; other names are refused.
    let speakers = std::fs::read(d.join("gold/speakers.csv")).unwrap();
    let same = [
        "gold",
        "add-speaker",
        "--id",
        "ivan_petrenko",
        "--name",
        "Ivan Petrenko",
        "--alias",
        "General Ivan Petrenko",
        "--alias",
        "Petrenko",
    ];
    let out = run_ok(d, &same);
    assert!(out.contains("nothing changed"), "{out}");
    assert_eq!(
        std::fs::read(d.join("gold/speakers.csv")).unwrap(),
        speakers
    );
    let o = run_in(d, &same[..8]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("already exists")
            && stderr(&o).contains("aliases General Ivan Petrenko|Petrenko"),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        std::fs::read(d.join("gold/speakers.csv")).unwrap(),
        speakers
    );
    run_ok(
        d,
        &[
            "gold",
            "add",
            "--doc",
            "005_kyiv",
            "--kind",
            "direct",
            "--speaker",
            "ivan_petrenko",
            "--text",
            "We will hold the line,",
            "--cue",
            "said",
            "--mention",
            "General Ivan Petrenko",
        ],
    );
    run_ok(
        d,
        &[
            "gold",
            "add",
            "--doc",
            "005_kyiv",
            "--kind",
            "indirect",
            "--speaker",
            "ivan_petrenko",
            "--text",
            "supplies were late",
            "--cue",
            "added",
            "--mention",
            "He",
        ],
    );
    let out = run_ok(
        d,
        &[
            "gold",
            "add",
            "--doc",
            "005_kyiv",
            "--kind",
            "indirect",
            "--speaker",
            "ivan_petrenko",
            "--text",
            "Supplies were late",
            "--occurrence",
            "2",
        ],
    );
    // The offsets are bytes: `“` on line 1 is three of them.
    let line3 = EXTRA.find("Supplies").unwrap();
    let second = line3 + "Supplies were late. ".len();
    assert!(
        out.contains(&format!("005_kyiv {second}..{} indirect", second + 18)),
        "{out}"
    );

    let o = run_in(d, &["gold", "check"]);
    assert_eq!(stdout(&o).trim_end(), "PASSED", "{}", stdout(&o));

    let o = run_in(
        d,
        &[
            "eval",
            "--strategy",
            "null",
            "--format",
            "json",
            "--bootstrap",
            "0",
        ],
    );
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["counts"]["gold"].as_u64(), Some(shipped_quotes + 3));
    assert_eq!(v["by_doc"]["005_kyiv"]["counts"]["gold"].as_u64(), Some(3));

    // The gold set changed, so the score check asks for a refreshed baseline.
    let o = run_in(d, &["check"]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(stdout(&o).contains("gold: "), "{}", stdout(&o));
    assert!(
        stdout(&o).contains("(the seeds or gold files changed)"),
        "{}",
        stdout(&o)
    );
    assert!(
        stdout(&o).contains("quotebench check --update"),
        "{}",
        stdout(&o)
    );
    run_ok(d, &["check", "--update"]);
    run_ok(d, &["check"]);

    // The rows are sorted and written as the shipped ones are.
    let quotes = d.join("gold/quotes.csv");
    let rows = read_quotes(&quotes).unwrap();
    assert_eq!(render_quotes(&rows), std::fs::read(&quotes).unwrap());
    let ours: Vec<(usize, usize)> = rows
        .iter()
        .filter(|r| r.doc == "005_kyiv")
        .map(|r| (r.start, r.end))
        .collect();
    let mut sorted = ours.clone();
    sorted.sort();
    assert_eq!(ours, sorted);
    // No staging files are left behind.
    for sub in ["gold", "seeds", "scores"] {
        for e in std::fs::read_dir(d.join(sub)).unwrap() {
            let name = e.unwrap().file_name().to_string_lossy().into_owned();
            assert!(!name.ends_with(".tmp"), "{sub}/{name} left behind");
        }
    }
}

/// A stand-in strategy with known output, so that `suggest` can be tested
/// whatever the built-ins are.
struct Fixed(Vec<Prediction>);

impl Strategy for Fixed {
    fn name(&self) -> &str {
        "fixed"
    }
    fn version(&self) -> u32 {
        1
    }
    fn summary(&self) -> &str {
        "test double"
    }
    fn attribute(&self, _: &str, spans: &[Span]) -> Vec<Option<String>> {
        vec![None; spans.len()]
    }
    fn extract(&self, _: &str) -> Vec<Prediction> {
        self.0.clone()
    }
}

fn span_of(text: &str, needle: &str) -> Span {
    let s = text.find(needle).unwrap();
    Span::new(s, s + needle.len())
}

#[test]
#[cfg(unix)] // runs the suggested lines with sh
fn suggest_lists_unlabelled_candidates_as_runnable_gold_add_lines() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    copy_dir(&fixtures().join("tiny/seeds"), &d.join("seeds"));
    copy_dir(&fixtures().join("tiny/gold"), &d.join("gold"));
    let corpus = quotebench::gold::load(&d.join("seeds"), &d.join("gold")).unwrap();
    let text = corpus.docs["a"].text.clone();
    let p = |needle: &str, kind: Option<Kind>, speaker: Option<&str>| Prediction {
        span: span_of(&text, needle),
        kind,
        speaker: speaker.map(str::to_owned),
    };
    let strategy = Fixed(vec![
        // labelled already (exactly, and nearly): not listed
        p("We are ready,", Some(Kind::Direct), Some("Jane Doe")),
        p("talks would resume.", None, Some("Jane Doe")),
        // new: a quoted title with a new speaker, an alias of a known one
        p("Ready", None, Some("Film Critic")),
        p("Jane Doe said", Some(Kind::Direct), Some("Doe")),
    ]);
    let candidates = quotebench::gold::suggest::suggest(&corpus, "a", &strategy).unwrap();
    let texts: Vec<&str> = candidates.iter().map(|c| c.text.as_str()).collect();
    assert_eq!(texts, vec!["Jane Doe said", "Ready"]);
    assert_eq!(
        candidates[0].kind,
        Kind::Indirect,
        "a direct kind that does not fit is replaced"
    );
    assert_eq!(candidates[1].kind, Kind::Direct);

    let script: String = candidates.iter().map(|c| c.commands("", true)).collect();
    assert!(script.contains("--speaker jane_doe"), "{script}");
    assert!(
        script.contains("quotebench gold add-speaker --id film_critic --name 'Film Critic'"),
        "{script}"
    );
    for line in script.lines() {
        assert!(
            line.starts_with('#') || line.starts_with("quotebench gold add"),
            "{line}"
        );
    }
    // Unedited, the placeholders are refused; filled in, every line runs.
    let bin = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(
        env!("CARGO_BIN_EXE_quotebench"),
        bin.path().join("quotebench"),
    )
    .unwrap();
    let path = format!(
        "{}:{}",
        bin.path().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let sh = |script: &str| {
        std::process::Command::new("sh")
            .arg("-ec")
            .arg(script)
            .current_dir(d)
            .env("PATH", &path)
            .output()
            .unwrap()
    };
    let before = snapshot(d);
    let o = sh(&script);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("--cue \"CUE\" does not occur"),
        "{}",
        stderr(&o)
    );
    assert_same(&before, &snapshot(d), "unedited suggestions");
    let edited = script
        // (the candidate `Jane Doe said` holds the text's only `said`, and a
        // span's own words are never its cue: leave the cues empty)
        .replace("--cue CUE", "--cue ''")
        .replace("--mention MENTION", "--mention ''");
    let o = sh(&edited);
    assert!(o.status.success(), "{}\n{}", stdout(&o), stderr(&o));
    let o = run_in(d, &["gold", "check"]);
    assert_eq!(stdout(&o).trim_end(), "PASSED", "{}", stdout(&o));
    let again = quotebench::gold::load(&d.join("seeds"), &d.join("gold")).unwrap();
    assert_eq!(again.quotes.len(), corpus.quotes.len() + 2);
    assert!(quotebench::gold::suggest::suggest(&again, "a", &strategy)
        .unwrap()
        .is_empty());
}

#[test]
fn suggest_on_the_cli_prefers_sieve_and_prints_only_commands() {
    let o = run_in(
        &root(),
        &["gold", "suggest", "--doc", "001_9c4c0bff040564e8"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let has_sieve = quotebench::strategy::names().iter().any(|n| n == "sieve");
    assert_eq!(
        stderr(&o).contains("`sieve` is not registered"),
        !has_sieve,
        "{}",
        stderr(&o)
    );
    let out = stdout(&o);
    assert!(out.starts_with("# "), "{out}");
    for line in out.lines().filter(|l| !l.is_empty()) {
        assert!(
            line.starts_with('#') || line.starts_with("quotebench gold add"),
            "{line}"
        );
    }
    let o = run_in(
        &root(),
        &["gold", "suggest", "--doc", "001_9c4c0bff040564e"],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("did you mean `001_9c4c0bff040564e8`?"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn suggest_guesses_the_cue_and_the_mention_as_written() {
    let text = "Mayor Lena Ames said the pier would reopen in May.\n\n\
                “We will rebuild,” she told reporters on Monday.\n\n\
                The storm killed four people, according to the county coroner.\n";
    let corpus = quotebench::gold::Corpus {
        docs: [(
            "d".to_owned(),
            quotebench::model::Document {
                id: "d".into(),
                text: text.into(),
            },
        )]
        .into_iter()
        .collect(),
        quotes: Vec::new(),
        speakers: Default::default(),
        hash: "test".into(),
        name: "test".into(),
    };
    let sieve = quotebench::strategy::by_name("sieve").unwrap();
    let candidates = quotebench::gold::suggest::suggest(&corpus, "d", sieve.as_ref()).unwrap();
    let guess = |words: &str| {
        let c = candidates
            .iter()
            .find(|c| c.text.contains(words))
            .unwrap_or_else(|| panic!("no candidate for {words:?}: {candidates:?}"));
        (c.cue.clone().unwrap_or_default(), c.mention.clone())
    };
    assert_eq!(guess("the pier"), ("said".into(), "Mayor Lena Ames".into()));
    assert_eq!(guess("We will rebuild"), ("told".into(), "she".into()));
    assert_eq!(
        guess("The storm"),
        ("according to".into(), "the county coroner".into())
    );
    let script: String = candidates.iter().map(|c| c.commands("", true)).collect();
    assert!(
        script.contains("--cue said --mention 'Mayor Lena Ames'"),
        "{script}"
    );
    assert!(script.contains("--cue 'according to'"), "{script}");
}

#[test]
fn suggest_accuracy_counts_the_guesses_on_the_labelled_quotes() {
    let corpus = shipped();
    let sieve = quotebench::strategy::by_name("sieve").unwrap();
    let t = quotebench::gold::suggest::guess_accuracy(&corpus, sieve.as_ref()).unwrap();
    assert_eq!(t.labelled, corpus.quotes.len());
    assert!(t.found <= t.labelled && t.cue_right <= t.found && t.mention_right <= t.found);
    // the seeds' cues are the extractor's own patterns: most guesses hold
    assert!(t.cue_right * 10 >= t.labelled * 8, "{t:?}");
    assert!(t.mention_right * 10 >= t.labelled * 7, "{t:?}");
    let o = run_in(&root(), &["gold", "suggest", "--accuracy"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).contains(&format!("cue right {}/{}", t.cue_right, t.labelled)),
        "{}",
        stdout(&o)
    );
}
