//! Names shared across documents (issue: alias uniqueness per document).
//! Two articles by different writers may each have a person surnamed
//! Vance; an answer `Vance` is judged among the entities of the quote's own
//! document, and `gold check` reports `alias-collision` only when two
//! entities sharing a name are both entities of one document. Every value
//! below is computed by hand in the comments.

use quotebench::error::Error;
use quotebench::gold::corpora::load_parts;
use quotebench::gold::edit::{render_quotes, render_speakers, QuoteRow, SpeakerRow};
use quotebench::report::Report;
use quotebench::score::{score_predictions, DocPredictions, Settings, Task};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Article `a`: Harriet Vance speaks twice, the second time as `Vance`.
const A: &str = "“We will rebuild,” Harriet Vance said. “Not this year,” Vance added.\n";
/// Article `b`: Miriam Vance, another writer's invented person.
const B: &str = "“The pier stays shut,” Miriam Vance said. “We wait,” Vance said.\n";

/// Writes one gold set: `docs` as (id, text), `speakers` as (id, name,
/// aliases), `rows` as (doc, quoted words, speaker); returns (seeds, gold).
fn part(
    dir: &Path,
    docs: &[(&str, &str)],
    speakers: &[(&str, &str, &str)],
    rows: &[(&str, &str, &str)],
) -> (PathBuf, PathBuf) {
    let (seeds, gold) = (dir.join("seeds"), dir.join("gold"));
    std::fs::create_dir_all(&seeds).unwrap();
    std::fs::create_dir_all(&gold).unwrap();
    for (id, text) in docs {
        std::fs::write(seeds.join(format!("{id}.txt")), text).unwrap();
    }
    let mut quotes: Vec<QuoteRow> = rows
        .iter()
        .map(|(doc, words, speaker)| {
            let text = docs.iter().find(|(d, _)| d == doc).unwrap().1;
            let start = text.find(words).unwrap();
            QuoteRow {
                doc: doc.to_string(),
                start,
                end: start + words.len(),
                kind: "direct".into(),
                speaker: speaker.to_string(),
                cue: "said".into(),
                mention: String::new(),
                text: words.to_string(),
            }
        })
        .collect();
    quotes.sort_by(|x, y| (&x.doc, x.start).cmp(&(&y.doc, y.start)));
    let speakers: Vec<SpeakerRow> = speakers
        .iter()
        .map(|(id, name, aliases)| SpeakerRow {
            id: id.to_string(),
            name: name.to_string(),
            aliases: aliases.to_string(),
        })
        .collect();
    std::fs::write(gold.join("quotes.csv"), render_quotes(&quotes)).unwrap();
    std::fs::write(gold.join("speakers.csv"), render_speakers(&speakers)).unwrap();
    (seeds, gold)
}

const ROWS: &[(&str, &str, &str)] = &[
    ("a", "We will rebuild,", "ta_harriet_vance"),
    ("a", "Not this year,", "ta_harriet_vance"),
    ("b", "The pier stays shut,", "tb_miriam_vance"),
    ("b", "We wait,", "tb_miriam_vance"),
];

/// Attribution accuracy and the rules of the correct answers when each of
/// documents `a` and `b` has `quotes` quotes, every one answered `answer`.
fn all_answered(
    seeds: &Path,
    gold: &Path,
    answer: &str,
    quotes: usize,
) -> (Option<f64>, BTreeMap<String, u64>) {
    let corpus = quotebench::gold::load(seeds, gold).unwrap();
    let preds: BTreeMap<String, DocPredictions> = ["a", "b"]
        .iter()
        .map(|d| {
            (
                d.to_string(),
                DocPredictions::Answers(vec![Some(answer.into()); quotes]),
            )
        })
        .collect();
    let s = Settings {
        bootstrap: 0,
        ..Settings::default()
    };
    let scored = score_predictions(&corpus, Task::Attribution, &s, "t@1", &preds).unwrap();
    let r = Report::new(&scored, &s);
    (r.metrics["accuracy"].value, r.by_rule)
}

/// Attribution accuracy and the rules of the correct answers when every
/// quote is answered `Vance`.
fn all_vance(seeds: &Path, gold: &Path) -> (Option<f64>, BTreeMap<String, u64>) {
    all_answered(seeds, gold, "Vance", 2)
}

#[test]
fn a_surname_alias_of_two_people_of_different_articles_scores_right_in_each() {
    let dir = tempfile::tempdir().unwrap();
    let (seeds, gold) = part(
        dir.path(),
        &[("a", A), ("b", B)],
        &[
            ("ta_harriet_vance", "Harriet Vance", "Vance"),
            ("tb_miriam_vance", "Miriam Vance", "Vance"),
        ],
        ROWS,
    );
    // gold check accepts the shared alias: no document has both people.
    let report = quotebench::gold::check(&seeds, &gold).unwrap();
    assert!(report.passed(), "{:?}", report.diagnostics);
    // The old corpus-wide map gave `vance` to its first owner by id,
    // ta_harriet_vance: a's two answers right, b's two wrong, accuracy
    // 2/4 = 0.5. Per document, `Vance` in b is only Miriam's: 4/4, every
    // one by the exact rule.
    let (accuracy, by_rule) = all_vance(&seeds, &gold);
    assert_eq!(accuracy, Some(1.0));
    assert_eq!(by_rule.get("exact"), Some(&4));
}

#[test]
fn a_surname_only_one_of_them_lists_is_no_longer_taken_by_the_other() {
    // writer-b's workaround: Miriam's bare `Vance` alias dropped.
    let dir = tempfile::tempdir().unwrap();
    let (seeds, gold) = part(
        dir.path(),
        &[("a", A), ("b", B)],
        &[
            ("ta_harriet_vance", "Harriet Vance", "Vance"),
            ("tb_miriam_vance", "Miriam Vance", ""),
        ],
        ROWS,
    );
    // Old: `vance` was exactly Harriet's alias, so b's two answers were
    // incorrect (accuracy 2/4). Now Harriet is no entity of b (her name
    // `Harriet Vance` is not in b's text; the alias alone does not place
    // her there): {vance} is a part of Miriam's {miriam, vance} and of no
    // other entity of b, correct by the tokens rule. a: exact twice.
    let (accuracy, by_rule) = all_vance(&seeds, &gold);
    assert_eq!(accuracy, Some(1.0));
    assert_eq!(by_rule.get("exact"), Some(&2));
    assert_eq!(by_rule.get("tokens"), Some(&2));
}

#[test]
fn two_people_sharing_a_name_in_one_article_are_still_a_collision() {
    let dir = tempfile::tempdir().unwrap();
    // Both speak in b: Harriet takes b's second quote.
    let rows = [
        ROWS[0],
        ROWS[1],
        ROWS[2],
        ("b", "We wait,", "ta_harriet_vance"),
    ];
    let (seeds, gold) = part(
        dir.path(),
        &[("a", A), ("b", B)],
        &[
            ("ta_harriet_vance", "Harriet Vance", "Vance"),
            ("tb_miriam_vance", "Miriam Vance", "Vance"),
        ],
        &rows,
    );
    let report = quotebench::gold::check(&seeds, &gold).unwrap();
    let errors: Vec<String> = report.diagnostics.iter().map(|d| d.to_string()).collect();
    assert_eq!(
        errors,
        [format!(
            "{}:3: alias-collision: name `Vance` of `tb_miriam_vance` is also a name of `ta_harriet_vance`, and both are entities of document `b` (a row's speaker, or named in its text): an answer `Vance` there would fit both; drop one of the two names or make it longer",
            gold.join("speakers.csv").display()
        )]
    );
    // Named in the text by her full name is enough to be an entity of b.
    let named = B.replace("said.", "said of Harriet Vance.");
    let dir = tempfile::tempdir().unwrap();
    let (seeds, gold) = part(
        dir.path(),
        &[("a", A), ("b", &named)],
        &[
            ("ta_harriet_vance", "Harriet Vance", "Vance"),
            ("tb_miriam_vance", "Miriam Vance", "Vance"),
        ],
        ROWS,
    );
    let report = quotebench::gold::check(&seeds, &gold).unwrap();
    assert_eq!(report.count(quotebench::gold::Severity::Error), 1);
    assert_eq!(report.diagnostics[0].id, "alias-collision");
}

#[test]
fn a_collision_only_the_join_of_two_parts_makes_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    // Part 1 knows Harriet; part 2's article names her in full, and its
    // own speaker shares her alias. Each part passes on its own.
    let one = part(
        &dir.path().join("one"),
        &[("a", A)],
        &[("ta_harriet_vance", "Harriet Vance", "Vance")],
        &ROWS[..2],
    );
    let named = B.replace("said.", "said of Harriet Vance.");
    let two = part(
        &dir.path().join("two"),
        &[("b", &named)],
        &[("tb_miriam_vance", "Miriam Vance", "Vance")],
        &ROWS[2..],
    );
    for (seeds, gold) in [&one, &two] {
        assert!(quotebench::gold::check(seeds, gold).unwrap().passed());
    }
    let err = load_parts(&[one.clone(), two.clone()]).unwrap_err();
    assert!(matches!(err, Error::CorpusClash { .. }), "{err}");
    assert!(
        err.to_string().starts_with(&format!(
            "{}: joined with the other parts, name `Vance` of `tb_miriam_vance` is also a name of `ta_harriet_vance`, and both are entities of document `b`",
            two.1.display()
        )),
        "{err}"
    );
    // Without the full name in b, the two parts join.
    let plain = part(
        &dir.path().join("three"),
        &[("b", B)],
        &[("tb_miriam_vance", "Miriam Vance", "Vance")],
        &ROWS[2..],
    );
    let joined = load_parts(&[one, plain]).unwrap();
    assert_eq!(joined.speakers.len(), 2);
}

/// `gold add --speaker Vance` is refused (a name is not an id); the hint
/// names the Vance who speaks in the quote's article, not the first Vance
/// by id, and lists every Vance when neither speaks there yet.
#[test]
fn the_did_you_mean_for_a_shared_name_is_the_entity_of_that_article() {
    use quotebench::gold::edit::{add_quote, NewQuote};
    use quotebench::model::Kind;
    let dir = tempfile::tempdir().unwrap();
    const C: &str = "“Doors open at nine,” Vance said.\n";
    let speakers = &[
        ("ta_harriet_vance", "Harriet Vance", "Vance"),
        ("tb_miriam_vance", "Miriam Vance", "Vance"),
    ];
    let (seeds, gold) = part(dir.path(), &[("a", A), ("b", B), ("c", C)], speakers, ROWS);
    let ask = |doc: &str, words: &str| {
        let q = NewQuote {
            doc: doc.into(),
            kind: Kind::Direct,
            speaker: "Vance".into(),
            text: words.into(),
            occurrence: None,
            cue: "said".into(),
            mention: String::new(),
            replace: false,
        };
        add_quote(&seeds, &gold, &q).unwrap_err().to_string()
    };
    // In `b` only Miriam Vance speaks: she is the hint, though Harriet's id sorts first.
    let b = ask("b", "We wait,");
    assert!(
        b.contains("(did you mean `tb_miriam_vance`? `Vance` is one of its names)"),
        "{b}"
    );
    // In `c` neither speaks yet: both are listed.
    let c = ask("c", "Doors open at nine,");
    assert!(
        c.contains("(`Vance` is a name of `ta_harriet_vance`, `tb_miriam_vance`; give the id of the one in `c`)"),
        "{c}"
    );
}

/// One article's newspaper is an entity called `Ledger`; another article's
/// own speaker is a different paper called `The Ledger`. The word `Ledger`
/// in the second article is its own speaker, so the first paper is not an
/// entity there (matching rules names4): gold check passes and the answer
/// `the Ledger` is right in both, 2/2 by the exact rule. Under names3 the
/// first paper counted as named in the second text: an alias-collision, and
/// the second answer fit two entities (1/2).
#[test]
fn a_canonical_name_that_is_the_documents_own_speaker_names_no_one_else() {
    let dir = tempfile::tempdir().unwrap();
    let a = "“We print on Fridays,” the Ledger said.\n";
    let b = "“Rates will rise,” the Ledger said in an editorial.\n";
    let (seeds, gold) = part(
        dir.path(),
        &[("a", a), ("b", b)],
        &[("ta_ledger", "Ledger", ""), ("tb_ledger", "The Ledger", "")],
        &[
            ("a", "We print on Fridays,", "ta_ledger"),
            ("b", "Rates will rise,", "tb_ledger"),
        ],
    );
    let report = quotebench::gold::check(&seeds, &gold).unwrap();
    assert!(report.passed(), "{:?}", report.diagnostics);
    let (accuracy, by_rule) = all_answered(&seeds, &gold, "the Ledger", 1);
    assert_eq!(accuracy, Some(1.0));
    assert_eq!(by_rule["exact"], 2);
}
