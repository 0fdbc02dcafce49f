//! A corpus and comparison whose document text, speaker name, strategy
//! (plugin) name and failure reason are all injection probes: if the report
//! ever renders one as markup, the probe sets `data-pwned` on the body or
//! leaves an element with an id starting `pwned`. Shared by the escaping
//! test and the headless-browser test (tests/browser.rs).

use quotebench::gold::Corpus;
use quotebench::model::{Document, GoldQuote, Kind, MentionType, Span, Speaker};
use quotebench::report::{Comparison, Report};
use quotebench::score::{score_predictions, DocPredictions, Settings, Signature, Task};
use std::collections::BTreeMap;

pub const SCRIPT: &str = "<script>document.body.setAttribute('data-pwned','script')</script>";
pub const IMG: &str =
    "\"><img src=x id=pwned-img onerror=\"document.body.setAttribute('data-pwned','img')\">";
pub const TEXTAREA: &str = "</textarea><b id=\"pwned-b\">bold</b>";
pub const JS_URL: &str = "<a id=\"pwned-a\" href=\"javascript:document.body.setAttribute('data-pwned','url')\">javascript:alert(1)</a>";

/// Every probe in one string.
pub fn all() -> String {
    format!("{SCRIPT}{IMG}{TEXTAREA}{JS_URL}")
}

/// One document with two gold quotes whose content holds the probes, said by
/// a speaker whose name holds them too.
pub fn corpus() -> Corpus {
    let first = format!("We will rebuild {SCRIPT} and {IMG}");
    let second = format!("the link {JS_URL} was {TEXTAREA} safe");
    let text = format!(
        "Probe {TEXTAREA} headline\n\n\"{first},\" said Dana Ruiz.\n\nRuiz said {second}.\n"
    );
    let a = text.find(&first).unwrap();
    let b = text.find(&second).unwrap();
    let name = format!("Dana {} Ruiz", all());
    let speaker = Speaker {
        id: "dana_ruiz".into(),
        name: name.clone(),
        aliases: vec!["Ruiz".into()],
    };
    let quote = |span: Span, kind: Kind, mention: &str| GoldQuote {
        doc: "probe".into(),
        span,
        kind,
        speaker: "dana_ruiz".into(),
        cue: "said".into(),
        mention: mention.into(),
        mention_type: MentionType::Name,
        line: 2,
    };
    Corpus {
        docs: BTreeMap::from([(
            "probe".to_string(),
            Document {
                id: "probe".into(),
                text,
            },
        )]),
        speakers: BTreeMap::from([("dana_ruiz".to_string(), speaker)]),
        quotes: vec![
            quote(Span::new(a, a + first.len()), Kind::Direct, "Dana Ruiz"),
            quote(Span::new(b, b + second.len()), Kind::Indirect, "Ruiz"),
        ],
        hash: "probe".into(),
        name: "probe".into(),
    }
}

/// The strategy label of the probe plugin.
pub fn label() -> String {
    format!("exec:{}@1", all())
}

/// Attribution: the probe plugin names the probe speaker once and a probe
/// once; a second, failed plugin gives a probe as its reason (as plugin
/// stderr would be).
pub fn comparison(corpus: &Corpus) -> Comparison {
    let settings = Settings {
        bootstrap: 50,
        ..Settings::default()
    };
    let name = corpus.speakers["dana_ruiz"].name.clone();
    let answers = DocPredictions::Answers(vec![Some(name), Some(all())]);
    let predictions = BTreeMap::from([("probe".to_string(), answers)]);
    let scored =
        score_predictions(corpus, Task::Attribution, &settings, &label(), &predictions).unwrap();
    let ok = Report::new(&scored, &settings);
    let failed = Report::failed(
        Signature::new(
            &corpus.name,
            &corpus.hash,
            Task::Attribution,
            &settings,
            "exec:broken@1",
        ),
        Task::Attribution,
        format!("exited with status 1; stderr: {}", all()),
    );
    Comparison::new(vec![ok, failed], &settings).unwrap()
}
