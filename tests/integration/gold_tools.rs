//! The gold tools as the dev-corpus writers used them (issue 12): each test
//! is named after a problem they met (tool-friction.md) and asserts what the
//! user now sees. Every corpus here is a new one in a temporary directory,
//! started with `gold init` and `gold add-doc`.

use crate::util::{run_in, stderr, stdout};
use std::path::Path;

/// An article in every quotation-mark convention of the dev corpus: the
/// typewriter `''…''` and ``` ``…'' ```, curly and straight single marks, a
/// quotation over two paragraphs, and a Q&A transcript.
const ARTICLE: &str = "Mayor Ana Kell: ''We will rebuild''\n\n\
Kell told the council ''We will rebuild the pier,'' and then ``Not this year,'' she added.\n\n\
“My father said, ‘Good enough for the gulls,’ and meant it,” Ruth Dorn said. \
Her brother called it 'a disgrace' on Monday.\n\n\
“We lost the harbour in one night.\n\n\
“We will win it back,” Dorn said.\n\n\
Photo: The pier on Monday. (Staff)\n\n\
Ferrante questioned Leon Marsh. From the transcript:\n\n\
Q. Did you tell the board?\n\n\
A. No. Not before the letters went out.\n\n\
Kell said the pier would reopen in May.\n";

const S: [&str; 4] = ["--seeds", "part/seeds", "--gold", "part/gold"];

/// Runs `quotebench gold SUB --seeds part/seeds --gold part/gold ARGS`.
fn gold(dir: &Path, sub: &str, args: &[&str]) -> std::process::Output {
    let mut a = vec!["gold", sub];
    a.extend_from_slice(&S);
    a.extend_from_slice(args);
    run_in(dir, &a)
}

fn ok(dir: &Path, sub: &str, args: &[&str]) -> String {
    let o = gold(dir, sub, args);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{sub} {args:?}: {}{}",
        stdout(&o),
        stderr(&o)
    );
    stdout(&o)
}

fn refused(dir: &Path, sub: &str, args: &[&str]) -> String {
    let o = gold(dir, sub, args);
    assert_eq!(o.status.code(), Some(2), "{sub} {args:?}: {}", stdout(&o));
    stderr(&o)
}

/// A new part with ARTICLE as document `a1` and speakers `kell`, `dorn`,
/// `dorn_brother`, `ferrante`, `marsh`.
fn new_part() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("a1.txt"), ARTICLE).unwrap();
    ok(d, "init", &[]);
    ok(d, "add-doc", &["a1.txt", "--id", "a1"]);
    for (id, name, alias) in [
        ("kell", "Ana Kell", "Kell"),
        ("dorn", "Ruth Dorn", "Dorn"),
        ("dorn_brother", "Sam Dorn", "Sam Dorn"),
        ("board_counsel", "Nadia Ferrante", "Ferrante"),
        ("marsh", "Leon Marsh", "Marsh"),
    ] {
        ok(
            d,
            "add-speaker",
            &["--id", id, "--name", name, "--alias", alias],
        );
    }
    dir
}

fn add(dir: &Path, kind: &str, speaker: &str, text: &str, extra: &[&str]) -> std::process::Output {
    let mut a = vec![
        "--doc",
        "a1",
        "--kind",
        kind,
        "--speaker",
        speaker,
        "--text",
        text,
    ];
    a.extend_from_slice(extra);
    gold(dir, "add", &a)
}

#[test]
fn a_new_empty_corpus_could_not_be_started_with_the_tools() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // A missing gold dir: one message (the OS error was printed twice), and
    // the command that starts one.
    let o = gold(d, "check", &[]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert_eq!(
        err.matches("no such file").count(),
        1,
        "the reason is printed once: {err}"
    );
    assert!(
        err.contains("quotebench gold init --seeds part/seeds --gold part/gold"),
        "{err}"
    );
    let out = ok(d, "init", &[]);
    assert!(out.contains("wrote part/gold/quotes.csv"), "{out}");
    std::fs::write(d.join("first.txt"), ARTICLE).unwrap();
    // The first article of an empty part (whose only error is `no-seeds`).
    let out = ok(d, "add-doc", &["first.txt", "--id", "a1"]);
    assert!(
        out.contains("added document `a1` as part/seeds/a1.txt"),
        "{out}"
    );
    assert!(
        out.contains("quotebench gold suggest --seeds part/seeds --gold part/gold --doc a1"),
        "the next command names the same part: {out}"
    );
}

#[test]
fn gold_add_refused_quotation_marks_other_than_double_quotes() {
    let dir = new_part();
    let d = dir.path();
    for (kind, speaker, text, extra) in [
        (
            "direct",
            "kell",
            "We will rebuild",
            &["--cue", ":", "--occurrence", "1"][..],
        ),
        (
            "partial",
            "kell",
            "We will rebuild the pier,",
            &["--cue", "told"][..],
        ),
        (
            "direct",
            "kell",
            "Not this year,",
            &["--cue", "added", "--mention", "she"][..],
        ),
        ("direct", "dorn", "Good enough for the gulls,", &[][..]),
        (
            "partial",
            "dorn_brother",
            "a disgrace",
            &["--cue", "called"][..],
        ),
        // the open first paragraph of a two-paragraph quotation
        (
            "direct",
            "dorn",
            "We lost the harbour in one night.",
            &["--mention", "Dorn"][..],
        ),
    ] {
        let o = add(d, kind, speaker, text, extra);
        assert_eq!(o.status.code(), Some(0), "{text}: {}", stderr(&o));
        assert!(
            stdout(&o).starts_with("added part/gold/quotes.csv:"),
            "{}",
            stdout(&o)
        );
    }
    // Marks of two families do not pair, and the message lists the marks.
    let err = stderr(&add(
        d,
        "direct",
        "dorn",
        "My father said, ‘Good enough",
        &[],
    ));
    assert!(err.contains("`''…''` or ``` ``…'' ```"), "{err}");
}

#[test]
fn gold_add_refused_q_and_a_transcript_lines_as_direct() {
    let dir = new_part();
    let d = dir.path();
    let out = stdout(&add(
        d,
        "direct",
        "board_counsel",
        "Did you tell the board?",
        &["--mention", "Ferrante"][..],
    ));
    assert!(out.starts_with("added "), "{out}");
    let o = add(
        d,
        "direct",
        "marsh",
        "No. Not before the letters went out.",
        &[],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // Part of a line is not the line.
    let err = stderr(&add(d, "direct", "marsh", "No.", &["--occurrence", "1"]));
    assert!(
        err.contains("a direct span must sit inside quotation marks"),
        "{err}"
    );
    // A transcript line is direct, never indirect or partial.
    let err = refused(
        d,
        "add",
        &[
            "--doc",
            "a1",
            "--kind",
            "partial",
            "--speaker",
            "marsh",
            "--text",
            "No. Not before the letters went out.",
            "--replace",
        ],
    );
    assert!(
        err.contains("the span is a whole Q&A transcript line (the text after its speaker label); label it --kind direct, not partial"),
        "{err}"
    );
    // A lone `Photo: …` line is a caption, not a transcript.
    let err = stderr(&add(
        d,
        "direct",
        "kell",
        "The pier on Monday. (Staff)",
        &[],
    ));
    assert!(err.contains("must sit inside quotation marks"), "{err}");
}

#[test]
fn gold_check_passed_a_row_whose_kind_was_edited_by_hand() {
    let dir = new_part();
    let d = dir.path();
    let o = add(
        d,
        "indirect",
        "kell",
        "the pier would reopen in May",
        &["--cue", "said", "--mention", "Kell"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // The writers' workaround: add as indirect, then flip the kind column.
    let path = d.join("part/gold/quotes.csv");
    let csv = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, csv.replace(",indirect,kell,", ",direct,kell,")).unwrap();
    let o = gold(d, "check", &[]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(
        out.contains("part/gold/quotes.csv:2: kind-marks: direct row, bytes "),
        "{out}"
    );
    assert!(
        out.contains("a direct span must sit inside quotation marks"),
        "{out}"
    );
}

#[test]
fn every_edit_reprinted_every_unused_speaker_warning() {
    let dir = new_part();
    let d = dir.path();
    let o = add(
        d,
        "direct",
        "kell",
        "We will rebuild",
        &[
            "--cue",
            ":",
            "--mention",
            "Mayor Ana Kell",
            "--occurrence",
            "1",
        ],
    );
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(0), "{out}");
    assert!(!out.contains("unused-speaker"), "{out}");
    assert!(
        out.contains("(4 other warning(s) in the gold set; `quotebench gold check` lists them)"),
        "{out}"
    );
}

#[test]
fn gold_suggest_printed_commands_for_the_default_gold_set() {
    let dir = new_part();
    let d = dir.path();
    let out = ok(d, "suggest", &["--doc", "a1"]);
    for line in out.lines().filter(|l| l.starts_with("quotebench ")) {
        assert!(
            line.starts_with("quotebench gold add --seeds part/seeds --gold part/gold ")
                || line.starts_with(
                    "quotebench gold add-speaker --seeds part/seeds --gold part/gold "
                ),
            "{line}"
        );
    }
}

#[test]
fn no_command_removed_or_replaced_a_row() {
    let dir = new_part();
    let d = dir.path();
    let args = ["--cue", "said", "--mention", "Kell"];
    let o = add(d, "indirect", "kell", "the pier would reopen in May", &args);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let before = std::fs::read(d.join("part/gold/quotes.csv")).unwrap();
    // A second row for the span is refused, and the message names both ways out.
    let err = refused(
        d,
        "add",
        &[
            "--doc",
            "a1",
            "--kind",
            "indirect",
            "--speaker",
            "dorn",
            "--text",
            "the pier would reopen in May",
            "--cue",
            "said",
            "--mention",
            "Kell",
        ],
    );
    assert!(err.contains("add --replace to replace it, or take it out with `quotebench gold remove --seeds part/seeds --gold part/gold --doc a1 --start "), "{err}");
    // --replace swaps it, through the same checked path (the mention goes
    // too: `Kell` names kell, and a mention names its row's speaker).
    let out = ok(
        d,
        "add",
        &[
            "--doc",
            "a1",
            "--kind",
            "indirect",
            "--speaker",
            "dorn",
            "--text",
            "the pier would reopen in May",
            "--cue",
            "said",
            "--mention",
            "",
            "--replace",
        ],
    );
    assert!(out.starts_with("replaced a1 "), "{out}");
    // It says what changed (the old line alone read as if nothing had).
    assert!(
        out.lines()
            .next()
            .unwrap()
            .ends_with(": speaker \"kell\" -> \"dorn\", mention \"Kell\" -> \"\""),
        "{out}"
    );
    assert!(out.contains("\nadded part/gold/quotes.csv:2: a1 "), "{out}");
    assert!(
        out.contains(" indirect dorn cue \"said\" mention \"\""),
        "{out}"
    );
    // The speaker it left without rows is the one warning shown.
    assert!(
        out.contains("unused-speaker: warning: speaker `kell`"),
        "{out}"
    );
    // --replace that would break the set writes nothing.
    let err = refused(
        d,
        "add",
        &[
            "--doc",
            "a1",
            "--kind",
            "direct",
            "--speaker",
            "dorn",
            "--text",
            "the pier would reopen in May",
            "--replace",
        ],
    );
    assert!(
        err.contains("a direct span must sit inside quotation marks"),
        "{err}"
    );
    // gold remove by text, then nothing left to remove.
    let out = ok(
        d,
        "remove",
        &["--doc", "a1", "--text", "the pier would reopen in May"],
    );
    assert!(out.starts_with("removed a1 "), "{out}");
    assert_eq!(
        std::fs::read_to_string(d.join("part/gold/quotes.csv")).unwrap(),
        "doc,start,end,kind,speaker,cue,mention,text\n"
    );
    let err = refused(d, "remove", &["--doc", "a1", "--all"]);
    assert!(
        err.contains("no row of `a1` in part/gold/quotes.csv"),
        "{err}"
    );
    assert_ne!(before.len(), 0);
}

#[test]
fn gold_remove_by_span_and_every_row_of_a_document() {
    let dir = new_part();
    let d = dir.path();
    let args = ["--cue", "said", "--mention", "Kell"];
    let out = stdout(&add(
        d,
        "indirect",
        "kell",
        "the pier would reopen in May",
        &args,
    ));
    // `added part/gold/quotes.csv:2: a1 START..END …`
    let range = out.split_whitespace().nth(3).unwrap().to_owned();
    let (start, end) = range.split_once("..").unwrap();
    let err = refused(
        d,
        "remove",
        &["--doc", "a1", "--start", start, "--end", "1"],
    );
    assert!(
        err.contains(&format!("no row has bytes {start}..1 of `a1`")),
        "{err}"
    );
    let out = ok(
        d,
        "remove",
        &["--doc", "a1", "--start", start, "--end", end],
    );
    assert!(out.contains("removed a1 "), "{out}");
    add(
        d,
        "direct",
        "kell",
        "We will rebuild",
        &["--cue", ":", "--occurrence", "1"],
    );
    add(d, "direct", "dorn", "Good enough for the gulls,", &[]);
    let out = ok(d, "remove", &["--doc", "a1", "--all"]);
    assert_eq!(out.matches("removed a1 ").count(), 2, "{out}");
}

#[test]
fn gold_add_accepted_a_mention_far_from_the_quote() {
    let dir = new_part();
    let d = dir.path();
    let err = refused(
        d,
        "add",
        &[
            "--doc",
            "a1",
            "--kind",
            "indirect",
            "--speaker",
            "kell",
            "--text",
            "the pier would reopen in May",
            "--cue",
            "said",
            "--mention",
            "Dorn",
        ],
    );
    assert!(
        err.contains("--mention \"Dorn\" does not occur near the span (part/seeds/a1.txt:"),
        "{err}"
    );
    let err = refused(
        d,
        "add",
        &[
            "--doc",
            "a1",
            "--kind",
            "indirect",
            "--speaker",
            "kell",
            "--text",
            "the pier would reopen in May",
            "--cue",
            "said",
            "--mention",
            "he",
        ],
    );
    assert!(
        err.contains("--mention \"he\" does not occur in part/seeds/a1.txt as a word"),
        "{err}"
    );
}

#[test]
fn gold_add_accepted_a_mention_that_names_another_speaker() {
    let dir = new_part();
    let d = dir.path();
    let o = add(
        d,
        "direct",
        "dorn",
        "We will win it back,",
        &["--cue", "said", "--mention", "Dorn"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // A copied line whose --speaker was not changed: `Dorn` is Ruth Dorn's.
    let args = [
        "--doc",
        "a1",
        "--kind",
        "direct",
        "--speaker",
        "kell",
        "--text",
        "We lost the harbour in one night.",
        "--mention",
        "Dorn",
    ];
    let err = refused(d, "add", &args);
    assert!(
        err.contains(
            "--mention \"Dorn\" is a name of `dorn`, another speaker of `a1`, not of `kell`"
        ),
        "{err}"
    );
    // The speaker's own name passes.
    let mut a = args;
    a[5] = "dorn";
    ok(d, "add", &a);
    // And --replace cannot give the row a speaker its mention does not name.
    a[5] = "dorn_brother";
    let err = refused(d, "add", &[&a[..], &["--replace"][..]].concat());
    assert!(err.contains("is a name of `dorn`"), "{err}");
}

#[test]
fn every_shipped_cue_and_mention_is_near_its_span() {
    for part in quotebench::gold::corpora::PARTS {
        let corpus =
            quotebench::gold::corpora::load_named(&crate::util::root(), part.name).unwrap();
        for q in &corpus.quotes {
            let text = &corpus.docs[&q.doc].text;
            for (flag, value) in [("--cue", &q.cue), ("--mention", &q.mention)] {
                let why = quotebench::gold::near::misfit(text, q.span, flag, value, &q.doc, |_| 0);
                // Only the place is printed: dev-test's text stays out of logs.
                assert!(why.is_none(), "{}: {}:{} {flag}", part.name, q.doc, q.line);
            }
        }
    }
}

#[test]
fn an_alias_found_after_the_speaker_was_added_needed_a_hand_edit() {
    let dir = new_part();
    let d = dir.path();
    let out = ok(
        d,
        "add-alias",
        &["--id", "kell", "--alias", "Mayor Ana Kell"],
    );
    assert!(
        out.contains("added 1 alias(es) to speaker `kell` at part/gold/speakers.csv:"),
        "{out}"
    );
    let csv = std::fs::read_to_string(d.join("part/gold/speakers.csv")).unwrap();
    assert!(csv.contains("kell,Ana Kell,Kell|Mayor Ana Kell"), "{csv}");
    // the alias is usable at once as a mention
    let o = add(
        d,
        "indirect",
        "kell",
        "the pier would reopen in May",
        &["--cue", "said", "--mention", "Kell"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let before = std::fs::read(d.join("part/gold/speakers.csv")).unwrap();
    let e = refused(d, "add-alias", &["--id", "kell", "--alias", "Kell"]);
    assert!(
        e.contains("speakers.csv:") && e.contains("\"Kell\" is already a name of `kell`"),
        "{e}"
    );
    let e = refused(d, "add-alias", &["--id", "kel", "--alias", "Ana"]);
    assert!(e.contains("no speaker `kel` (did you mean `kell`?)"), "{e}");
    let e = refused(d, "add-alias", &["--id", "kell", "--alias", "she"]);
    assert!(e.contains("speakers.csv:") && e.contains("pronoun"), "{e}");
    assert_eq!(
        std::fs::read(d.join("part/gold/speakers.csv")).unwrap(),
        before
    );
}

#[test]
fn a_speaker_added_by_mistake_could_only_be_removed_by_hand() {
    let dir = new_part();
    let d = dir.path();
    let o = add(
        d,
        "indirect",
        "kell",
        "the pier would reopen in May",
        &["--cue", "said", "--mention", "Kell"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let before = std::fs::read(d.join("part/gold/speakers.csv")).unwrap();
    let e = refused(d, "remove-speaker", &["--id", "kell"]);
    assert!(
        e.contains("speaker `kell` is still the speaker of 1 row(s) of part/gold/quotes.csv, the first at line 2"),
        "{e}"
    );
    assert_eq!(
        std::fs::read(d.join("part/gold/speakers.csv")).unwrap(),
        before
    );
    let out = ok(d, "remove-speaker", &["--id", "marsh"]);
    assert!(
        out.contains("removed speaker `marsh` from part/gold/speakers.csv"),
        "{out}"
    );
    let csv = std::fs::read_to_string(d.join("part/gold/speakers.csv")).unwrap();
    assert!(!csv.contains("marsh"), "{csv}");
    let e = refused(d, "remove-speaker", &["--id", "marsh"]);
    assert!(e.contains("no speaker `marsh`"), "{e}");
}
