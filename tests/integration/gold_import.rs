//! `gold import` (brat, Label Studio), `gold export --format label-studio`,
//! and gold rows whose speaker is unknown: how they are checked and scored.

use crate::util::{fixtures, root, run, stderr, stdout, synthetic};
use quotebench::model::{MentionType, Prediction, Span};
use quotebench::score::{score_predictions, DocPredictions, Settings, Task};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

fn import_dir() -> std::path::PathBuf {
    fixtures().join("import")
}

fn s(p: &Path) -> String {
    p.display().to_string()
}

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

#[test]
fn a_polnear_brat_corpus_imports_passes_gold_check_and_scores() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("polnear");
    let o = run(&[
        "gold",
        "import",
        "--format",
        "brat",
        &s(&import_dir().join("brat-polnear")),
        "--out",
        &s(&out),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let said = stdout(&o);
    assert!(
        said.contains("9 row(s) (5 with an unknown speaker)"),
        "{said}"
    );
    assert!(
        said.contains("gold check: PASSED with 2 warning(s)"),
        "{said}"
    );
    assert!(said.contains("unlinked-no-mention"), "{said}");
    // Written by hand from the article: byte offsets, not the .ann's
    // character offsets. `visas were issued too slowly` is characters
    // 286..314; before it are ü (+1 byte), — (+2), three pairs of curly
    // quotes (+4 each) and Ø (+1): 16 more bytes, so 302..330.
    let doc = "nyt_2016-09-12_visa-program-sample";
    let expected = format!(
        "doc,start,end,kind,speaker,cue,mention,text
{doc},66,112,indirect,charles_e_grassley,said,\"Senator Charles E. Grassley, Republican of Iowa\",the program “has become plagued by fraud.”
{doc},81,109,partial,charles_e_grassley,said,\"Senator Charles E. Grassley, Republican of Iowa\",has become plagued by fraud.
{doc},116,162,direct,charles_e_grassley,told,Mr. Grassley,\"We will not let it expire without an overhaul,\"
{doc},195,206,indirect,,added,she,The program
{doc},219,270,indirect,,added,she,was “a lifeline for small towns” in rural areas
{doc},302,330,indirect,odegaard,said,Ms. Ødegaard,visas were issued too slowly
{doc},341,365,indirect,,say,They,other changes are needed
{doc},425,435,indirect,,was accused of,,Mr. Quiros
{doc},451,490,indirect,,was accused of,,using $50 million for personal expenses
"
    );
    assert_eq!(read(&out.join("gold/quotes.csv")), expected);
    // `Mr. Grassley` and `Senator Charles E. Grassley, …` are one entity.
    assert_eq!(
        read(&out.join("gold/speakers.csv")),
        "id,name,aliases\ncharles_e_grassley,Charles E. Grassley,Senator Charles E. Grassley|Mr. Grassley\nodegaard,Ødegaard,Ms. Ødegaard\n"
    );
    let log = read(&out.join("import-log.txt"));
    assert!(
        log.contains("E4 content T13 is discontinuous: 2 rows"),
        "{log}"
    );
    assert!(log.contains("E7 dropped: cue `allows`"), "{log}");
    assert!(log.contains("2 annotators' files; took"), "{log}");
    let seeds = out.join("seeds");
    let gold = out.join("gold");
    let c = run(&["gold", "check", "--seeds", &s(&seeds), "--gold", &s(&gold)]);
    assert_eq!(c.status.code(), Some(0), "{}", stdout(&c));
    let c = run(&[
        "compare",
        "--seeds",
        &s(&seeds),
        "--gold",
        &s(&gold),
        "--bootstrap",
        "0",
    ]);
    assert_eq!(c.status.code(), Some(0), "{}", stderr(&c));
    assert!(stdout(&c).contains(
        "5 gold quote(s) with an unknown speaker: counted for spans, left out of speaker scoring"
    ));
}

#[test]
fn brat_input_that_does_not_fit_is_refused_with_file_and_line() {
    for (dir, file_line) in [
        (
            "brat-missing",
            "memo.ann:5: E1 refers to T9, which this file does not define",
        ),
        ("brat-malformed", "memo.ann:3: malformed line"),
        ("brat-bytes", "cafe.ann:1: T1: the text at these offsets is"),
    ] {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        let o = run(&[
            "gold",
            "import",
            "--format",
            "brat",
            &s(&import_dir().join(dir)),
            "--out",
            &s(&out),
        ]);
        assert_eq!(o.status.code(), Some(2), "{dir}");
        assert!(stderr(&o).contains(file_line), "{dir}: {}", stderr(&o));
        assert!(!out.exists(), "{dir}: a refused import writes nothing");
        assert_eq!(
            std::fs::read_dir(tmp.path()).unwrap().count(),
            0,
            "{dir}: no staging left"
        );
    }
}

#[test]
fn a_brat_mapping_file_and_flags_choose_types_and_cues() {
    let tmp = tempfile::tempdir().unwrap();
    let mapping = tmp.path().join("mapping.txt");
    std::fs::write(
        &mapping,
        "# keep every cue, one row per discontinuous content\ncues = all\ndiscontinuous = hull\n",
    )
    .unwrap();
    let out = tmp.path().join("out");
    let o = run(&[
        "gold",
        "import",
        "--format",
        "brat",
        &s(&import_dir().join("brat-polnear")),
        "--mapping",
        &s(&mapping),
        "--out",
        &s(&out),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let q = read(&out.join("gold/quotes.csv"));
    // E7 (`allows`) is kept; E4 and E8 give one row each: 9 - 2 + 1 = 8.
    assert_eq!(q.lines().count() - 1, 8, "{q}");
    assert!(q.contains("foreign investors to gain citizenship"));
    let bad = tmp.path().join("bad.txt");
    std::fs::write(&bad, "source = Source\ncolour = blue\n").unwrap();
    let o = run(&[
        "gold",
        "import",
        "--format",
        "brat",
        &s(&import_dir().join("brat-polnear")),
        "--mapping",
        &s(&bad),
        "--out",
        &s(&tmp.path().join("x")),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("bad.txt:2: unknown key `colour`"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_label_studio_export_imports_with_unknown_speakers_and_byte_offsets() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("ls");
    let o = run(&[
        "gold",
        "import",
        "--format",
        "label-studio",
        &s(&import_dir().join("label-studio/export.json")),
        "--out",
        &s(&out),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // `Talks resume Monday,` is characters 17..37; ß, — and “ before it
    // add 1 + 2 + 2 bytes: 22..42. The cancelled annotation is ignored; the
    // two fragments of the pronoun's content are two rows; the partial
    // inside the third row overlaps it.
    assert_eq!(
        read(&out.join("gold/quotes.csv")),
        "doc,start,end,kind,speaker,cue,mention,text
ls_talks,22,42,direct,olena_kovalenko,said,Olena Kovalenko,\"Talks resume Monday,\"
ls_talks,68,77,indirect,,said,she,The venue
ls_talks,89,128,indirect,,said,she,was “neutral ground” for both sides
ls_talks,96,110,partial,,,she,neutral ground
ls_talks,151,178,indirect,olena_kovalenko,said,Kovalenko,the delegations had arrived
"
    );
    assert_eq!(
        read(&out.join("seeds/ls_empty.txt")),
        "Nothing was said here.\n"
    );
    for (file, message) in [
        (
            "missing-region.json",
            "task 7: a relation from q5 to m9 refers to region m9",
        ),
        (
            "wrong-offsets.json",
            "task 7: region q1: characters 18..37 are",
        ),
        ("malformed.json", "malformed.json:22: not JSON"),
    ] {
        let out = tmp.path().join(file);
        let o = run(&[
            "gold",
            "import",
            "--format",
            "label-studio",
            &s(&import_dir().join("label-studio").join(file)),
            "--out",
            &s(&out),
        ]);
        assert_eq!(o.status.code(), Some(2), "{file}");
        assert!(stderr(&o).contains(message), "{file}: {}", stderr(&o));
        assert!(!out.exists());
    }
}

#[test]
fn label_studio_round_trip_of_labelled_corpora_is_byte_identical() {
    let tmp = tempfile::tempdir().unwrap();
    for (name, seeds, gold) in [
        ("seeds", "seeds", "gold"),
        ("train", "dev/train/seeds", "dev/train/gold"),
    ] {
        let json = tmp.path().join(format!("{name}.json"));
        let o = run(&[
            "gold",
            "export",
            "--format",
            "label-studio",
            "--seeds",
            seeds,
            "--gold",
            gold,
            "-o",
            &s(&json),
        ]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let out = tmp.path().join(name);
        let o = run(&[
            "gold",
            "import",
            "--format",
            "label-studio",
            &s(&json),
            "--out",
            &s(&out),
        ]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        for f in ["quotes.csv", "speakers.csv"] {
            assert!(
                std::fs::read(out.join("gold").join(f)).unwrap()
                    == std::fs::read(root().join(gold).join(f)).unwrap(),
                "{name}: {f} differs after the round trip"
            );
        }
        for entry in std::fs::read_dir(root().join(seeds)).unwrap() {
            let p = entry.unwrap().path();
            if p.extension().is_some_and(|x| x == "txt") {
                assert_eq!(
                    std::fs::read(&p).unwrap(),
                    std::fs::read(out.join("seeds").join(p.file_name().unwrap())).unwrap()
                );
            }
        }
    }
}

/// The names and label values the shipped config defines.
fn config() -> (BTreeSet<String>, BTreeSet<String>) {
    let xml = read(&root().join("examples/label-studio/config.xml"));
    let attr = |tag: &str, key: &str| -> BTreeSet<String> {
        xml.split(&format!("<{tag} "))
            .skip(1)
            .filter_map(|rest| {
                let at = rest.find(&format!("{key}=\""))? + key.len() + 2;
                Some(rest[at..at + rest[at..].find('"')?].to_owned())
            })
            .collect()
    };
    let mut names = BTreeSet::new();
    for tag in ["Labels", "Text", "Choices", "TextArea"] {
        names.extend(attr(tag, "name"));
    }
    (names, attr("Label", "value"))
}

/// Checks one `result` list against Label Studio's documented shape (task
/// format: `id`, `from_name`, `to_name`, `type`, `value`; relations with
/// `from_id`, `to_id`, `type: relation`, `direction`) and the config.
fn check_result(result: &Value, text: &str) -> usize {
    let (names, labels) = config();
    let chars: Vec<char> = text.chars().collect();
    let result = result.as_array().expect("result is an array");
    let ids: BTreeSet<&str> = result.iter().filter_map(|r| r["id"].as_str()).collect();
    let mut regions = 0;
    for r in result {
        match r["type"].as_str().expect("type") {
            "relation" => {
                assert!(ids.contains(r["from_id"].as_str().unwrap()));
                assert!(ids.contains(r["to_id"].as_str().unwrap()));
                assert!(["right", "left", "bi"].contains(&r["direction"].as_str().unwrap()));
            }
            t => {
                assert!(["labels", "choices", "textarea"].contains(&t), "{t}");
                assert!(r["id"].is_string());
                assert!(names.contains(r["from_name"].as_str().unwrap()), "{r}");
                assert!(names.contains(r["to_name"].as_str().unwrap()), "{r}");
                let v = &r["value"];
                let (a, b) = (
                    v["start"].as_u64().unwrap() as usize,
                    v["end"].as_u64().unwrap() as usize,
                );
                assert!(a < b && b <= chars.len());
                if t == "labels" {
                    regions += 1;
                    let l = v["labels"].as_array().unwrap();
                    assert_eq!(l.len(), 1);
                    assert!(labels.contains(l[0].as_str().unwrap()), "{r}");
                    let shown: String = chars[a..b].iter().collect();
                    assert_eq!(v["text"].as_str().unwrap(), shown);
                }
            }
        }
    }
    regions
}

#[test]
fn a_pre_annotated_export_has_label_studios_task_shape() {
    for strategy in ["sieve", "exec:python3 examples/plugins/nearest_name.py"] {
        let o = run(&[
            "gold",
            "export",
            "--format",
            "label-studio",
            "--no-gold",
            "--strategy",
            strategy,
        ]);
        assert_eq!(o.status.code(), Some(0), "{strategy}: {}", stderr(&o));
        let tasks: Value = serde_json::from_slice(&o.stdout).unwrap();
        let tasks = tasks.as_array().expect("an array of tasks");
        assert_eq!(tasks.len(), 5);
        let mut regions = 0;
        for t in tasks {
            let text = t["data"]["text"].as_str().expect("data.text");
            assert!(t["data"]["doc"].is_string());
            assert!(t.get("annotations").is_none(), "--no-gold");
            let p = t["predictions"].as_array().expect("predictions");
            assert_eq!(p.len(), 1);
            assert!(p[0]["model_version"]
                .as_str()
                .is_some_and(|m| !m.is_empty()));
            regions += check_result(&p[0]["result"], text);
        }
        assert!(regions > 20, "{strategy}: {regions} pre-annotated quotes");
    }
    // Plain text files, no corpus: tasks with predictions only.
    let o = run(&[
        "gold",
        "export",
        "--strategy",
        "sieve",
        "tests/fixtures/tiny/seeds/a.txt",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let tasks: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(tasks[0]["data"]["doc"], "a");
    // The gold annotations of the labelled export have the same shape.
    let o = run(&["gold", "export"]);
    let tasks: Value = serde_json::from_slice(&o.stdout).unwrap();
    let n: usize = tasks
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            check_result(
                &t["annotations"][0]["result"],
                t["data"]["text"].as_str().unwrap(),
            )
        })
        .sum();
    assert!(n >= 85, "{n}");
}

#[test]
fn gold_check_accepts_unknown_speakers_and_warns_when_the_mention_is_empty() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    std::fs::create_dir_all(d.join("seeds")).unwrap();
    std::fs::create_dir_all(d.join("gold")).unwrap();
    std::fs::write(
        d.join("seeds/a.txt"),
        "She said the plan failed. It was over, officials said.\n",
    )
    .unwrap();
    std::fs::write(d.join("gold/speakers.csv"), "id,name,aliases\n").unwrap();
    std::fs::write(
        d.join("gold/quotes.csv"),
        "doc,start,end,kind,speaker,cue,mention,text\na,9,24,indirect,,said,She,the plan failed\na,26,37,indirect,,said,,It was over\n",
    )
    .unwrap();
    let r = quotebench::gold::check(&d.join("seeds"), &d.join("gold")).unwrap();
    let ids: Vec<(Option<u64>, &str)> = r.diagnostics.iter().map(|x| (x.line, x.id)).collect();
    assert_eq!(ids, vec![(Some(3), "unlinked-no-mention")]);
    assert!(r.passed());
    assert_eq!(r.corpus.quotes.len(), 2);
    assert_eq!(r.corpus.quotes[0].mention_type, MentionType::Pronoun);
    assert_eq!(r.corpus.quotes[1].mention_type, MentionType::None);
    assert!(!r.corpus.quotes[0].speaker_known());
}

#[test]
fn unknown_speakers_count_for_spans_and_are_left_out_of_speaker_scores() {
    // Three gold quotes in one document; the third has an unknown speaker.
    let mut corpus = synthetic(
        &[("d", 100)],
        &[
            ("d", 0, 10, "ann"),
            ("d", 20, 30, "bob"),
            ("d", 40, 50, "ann"),
        ],
        &[("ann", "Ann"), ("bob", "Bob")],
    );
    corpus.quotes[2].speaker = String::new();
    corpus.quotes[2].mention = "she".into();
    corpus.quotes[2].mention_type = MentionType::Pronoun;
    let settings = Settings {
        bootstrap: 0,
        ..Settings::default()
    };
    // Attribution: Ann right, Bob wrong, and an answer on the unknown one.
    let answers = BTreeMap::from([(
        "d".to_string(),
        DocPredictions::Answers(vec![
            Some("Ann".into()),
            Some("Ann".into()),
            Some("Bob".into()),
        ]),
    )]);
    let scored = score_predictions(&corpus, Task::Attribution, &settings, "t@1", &answers).unwrap();
    let c: quotebench::score::Counts = scored.outcomes.iter().map(|o| o.counts()).sum();
    assert_eq!((c.gold, c.unlinked, c.correct, c.answered), (3, 1, 1, 2));
    assert_eq!(c.metric("accuracy"), Some(1.0 / 2.0));
    assert_eq!(c.metric("precision"), Some(1.0 / 2.0));
    assert_eq!(c.metric("coverage"), Some(2.0 / 2.0));
    assert_eq!(scored.outcomes[2].outcome.as_str(), "unlinked");
    // End-to-end: all three spans found with the right names where known,
    // plus one spurious prediction.
    let p = |a, b, s: &str| Prediction {
        span: Span::new(a, b),
        kind: None,
        speaker: Some(s.into()),
    };
    let preds = BTreeMap::from([(
        "d".to_string(),
        DocPredictions::Quotes(vec![
            p(0, 10, "Ann"),
            p(20, 30, "Bob"),
            p(40, 50, "Ann"),
            p(70, 80, "Bob"),
        ]),
    )]);
    let scored = score_predictions(&corpus, Task::EndToEnd, &settings, "t@1", &preds).unwrap();
    let c: quotebench::score::Counts = scored.outcomes.iter().map(|o| o.counts()).sum();
    assert_eq!(
        (c.gold, c.predicted, c.unlinked, c.unlinked_matched),
        (3, 4, 1, 1)
    );
    // Spans: 3 of 3 gold found, 3 of 4 predictions right.
    assert_eq!(c.metric("span_recall_strict"), Some(3.0 / 3.0));
    assert_eq!(c.metric("span_precision_strict"), Some(3.0 / 4.0));
    // Joint: 2 of the 2 known-speaker quotes, 2 of the 3 predictions not on
    // the unknown one.
    assert_eq!(c.metric("joint_recall_strict"), Some(2.0 / 2.0));
    assert_eq!(c.metric("joint_precision_strict"), Some(2.0 / 3.0));
    assert_eq!(c.metric("joint_f1_strict"), Some(4.0 / 5.0));
}
