//! The end-to-end quote extractor shared by the strategies: direct and
//! partial quotations from the quotation marks, indirect reports from
//! reporting cues, each with its kind, its content span (as
//! gold/GUIDELINES.md draws it) and, when a cue links it to one, the token
//! range of the source phrase (`Kremlin spokesman Dmitry Peskov`, `he`,
//! `the newspaper`). Turning a source phrase into a name is
//! [`super::resolve`]'s job.
//!
//! Every scan is bounded (a window of tokens back for a subject, a cap on
//! a clause's length), so the whole pass is linear in the text.
//!
//! This module holds the types, the pass over a document ([`extract`]:
//! sentence by sentence, then partial quotes tied to the report around
//! them) and the answers built from it; the rules live in submodules:
//! [`direct`] (quotations and their cues), [`indirect`] (reports whose cue
//! comes first), [`trailing`] (reports whose cue follows the content),
//! [`spans`] (where a reported clause ends), [`subjects`] (the source
//! phrase of a cue) and [`transcript`] (Q&A lines).

mod direct;
mod indirect;
mod spans;
mod subjects;
mod trailing;
mod transcript;

use super::lexicon::{self as lx, is, is_in};
use super::text::{Doc, Tk, CUE_BITS};
use crate::model::{Kind, Prediction, Span};

/// Longest indirect clause scanned, in tokens.
const MAX_CLAUSE: usize = 400;
/// Farthest a subject is looked for before its verb, in tokens.
const MAX_BACK: usize = 40;

/// How a cue links a quote to its source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    /// `“…,” X said` / `“…,” said X`.
    After,
    /// `X said: “…”`, `X said (that) …`.
    Before,
    /// `according to X`.
    According,
    /// `It is reported by X.` (content: the sentence before).
    ReportedBy,
    /// `X's statements that …`.
    Noun,
    /// A colon lead-in without a reporting verb.
    Colon,
    /// A participle or coordinated verb without its own subject
    /// (`…, adding that …`): the source is the clause's subject.
    Participle,
    /// A headline quote followed by `Name verb` (`“…” Putin tells Ukraine`).
    Headline,
    /// A quoted fragment in a sentence with a reporting or fragment verb.
    Fragment,
}

/// The cue of a quote.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Cue {
    /// Token of the reporting word.
    pub verb: usize,
    /// Token range of the source phrase; empty when none was found.
    pub src: (usize, usize),
    /// The pattern.
    pub role: Role,
}

/// One quote found in the text.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Found {
    /// Content span.
    pub span: Span,
    /// Kind.
    pub kind: Kind,
    /// The cue, if one links the quote to a source.
    pub cue: Option<Cue>,
    /// Sentence index.
    pub sent: usize,
    /// Index (in the output) of the indirect report containing this
    /// partial quote, if any.
    pub parent: Option<usize>,
    /// The quotation, for direct and partial quotes.
    pub quote: Option<usize>,
}

/// Finds the quotes of `doc`, sorted by span. `headlines` turns on the
/// headline pattern.
pub(crate) fn extract(doc: &Doc, headlines: bool) -> Vec<Found> {
    // (room for a quote a quotation or cue word: no regrowth on the way)
    let mut out: Vec<Found> = Vec::with_capacity(doc.quotes.len() + doc.ev.cues.len() + 4);
    let mut cx = Cx {
        doc,
        out: &mut out,
        seek: [0; 3],
    };
    for s in 0..doc.sents.len() {
        cx.sentence(s, headlines);
    }
    cx.transcripts();
    // partial quotes inside an indirect report
    let n = out.len();
    let mut indirect: Vec<usize> = (0..n).filter(|&i| out[i].kind == Kind::Indirect).collect();
    indirect.sort_by_key(|&i| out[i].span.start);
    for i in 0..n {
        if out[i].kind == Kind::Direct {
            continue;
        }
        let sp = out[i].span;
        let hi = indirect.partition_point(|&j| out[j].span.start <= sp.start);
        let parent = indirect[hi.saturating_sub(16)..hi]
            .iter()
            .copied()
            .filter(|&j| {
                let p = out[j].span;
                j != i
                    && p.start <= sp.start
                    && sp.end <= p.end + 3
                    && p.len() > sp.len()
                    && out[j].sent == out[i].sent
            })
            .min_by_key(|&j| out[j].span.len());
        out[i].parent = parent;
    }
    // drop quoted strings that nobody says: no cue and no report around them
    let keep: Vec<bool> = out
        .iter()
        .map(|f| !(f.kind == Kind::Partial && f.cue.is_none() && f.parent.is_none()))
        .collect();
    let mut remap = vec![usize::MAX; n];
    let mut kept = Vec::with_capacity(n);
    for (i, f) in out.iter().enumerate() {
        if keep[i] {
            remap[i] = kept.len();
            kept.push(*f);
        }
    }
    for f in &mut kept {
        f.parent = f.parent.map(|p| remap[p]).filter(|&p| p != usize::MAX);
    }
    // sort by span, keeping parents valid
    let mut order: Vec<usize> = (0..kept.len()).collect();
    order.sort_by_key(|&i| (kept[i].span.start, kept[i].span.end));
    let mut pos = vec![0; kept.len()];
    for (new, &old) in order.iter().enumerate() {
        pos[old] = new;
    }
    let mut sorted: Vec<Found> = order.iter().map(|&i| kept[i]).collect();
    for f in &mut sorted {
        f.parent = f.parent.map(|p| pos[p]);
    }
    // one prediction per span
    sorted.dedup_by(|b, a| a.span == b.span);
    sorted
}

struct Cx<'d, 'a> {
    doc: &'d Doc<'a>,
    out: &'d mut Vec<Found>,
    /// Cursors into `doc.quotes`, `doc.ev.cues` and `doc.ev.commas` where
    /// the last sentence's search found its first item (see [`seek`]).
    seek: [usize; 3],
}

/// The index of the first item of the sorted `list` whose key is at
/// least `a` (`list.partition_point(|x| key(x) < a)`), found by walking
/// on from `*cur`, the answer for an earlier `a`, and left in `*cur`.
/// Sentences come in text order, so each list is walked once per
/// document instead of searched once per sentence; an `a` before the
/// cursor's falls back to the binary search.
fn seek<T>(list: &[T], cur: &mut usize, a: usize, key: impl Fn(&T) -> usize) -> usize {
    let mut i = (*cur).min(list.len());
    if i > 0 && key(&list[i - 1]) >= a {
        i = list.partition_point(|x| key(x) < a);
    } else {
        while i < list.len() && key(&list[i]) < a {
            i += 1;
        }
    }
    *cur = i;
    i
}

/// True when the word at `i` follows a determiner (`the claims`): a noun.
fn noun_use(doc: &Doc, i: usize) -> bool {
    i > 0 && {
        let p = &doc.toks[i - 1];
        p.word() && (p.is(lx::DETERMINERS) || p.is(lx::POSSESSIVES) || p.possessive())
    }
}

/// A reporting verb of any class.
fn cue_verb(doc: &Doc, i: usize) -> bool {
    if noun_use(doc, i) {
        return false;
    }
    let t = &doc.toks[i];
    t.word() && !t.cap() && (t.is(lx::SAY_VERBS) || t.is(lx::THAT_VERBS))
        || t.cap()
            && (t.is(lx::SAY_VERBS) || t.is(lx::THAT_VERBS))
            && i > 0
            && doc.toks[i - 1].kind == Tk::Break
}

/// Labels of page furniture (data/lexicon/page_labels.txt).
fn page_labels() -> &'static [&'static str] {
    static WORDS: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
    WORDS.get_or_init(|| {
        include_str!("../../../data/lexicon/page_labels.txt")
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect()
    })
}

/// True when sentence `[a, b)` starts a line and is page furniture: it
/// opens, or a `|`-separated item of it opens, with a label of one or two
/// words and a colon (`Related: …`, `Box score | Related: …`,
/// `Read more: …`). Looks at the first dozen tokens only.
fn page_furniture(doc: &Doc, a: usize, b: usize) -> bool {
    if a > 0 && doc.toks[a - 1].kind != Tk::Break {
        return false;
    }
    let lim = b.min(a + 12);
    let mut item = a;
    for i in a..lim {
        let t = &doc.toks[i];
        if t.is_punct('|') {
            item = i + 1;
        } else if t.is_punct(':') {
            return i > item
                && i - item <= 2
                && doc.toks[item].cap()
                && doc.toks[item..i].iter().all(|w| w.word())
                && is_in(page_labels(), doc.toks[i - 1].s);
        }
    }
    false
}

fn is_word(doc: &Doc, i: usize, w: &str) -> bool {
    doc.toks
        .get(i)
        .is_some_and(|t| t.kind == Tk::Word && t.s.eq_ignore_ascii_case(w))
}

fn finite_aux(w: &str) -> bool {
    is(lx::FINITE, w) || w.ends_with("’ll") || w.ends_with("'ll")
}

impl<'d, 'a> Cx<'d, 'a> {
    fn push(
        &mut self,
        span: Span,
        kind: Kind,
        cue: Option<Cue>,
        sent: usize,
        quote: Option<usize>,
    ) {
        if span.start >= span.end || span.end > self.doc.text.len() {
            return;
        }
        let t = &self.doc.text[span.start..span.end];
        if !t.chars().any(char::is_alphanumeric) {
            return;
        }
        self.out.push(Found {
            span,
            kind,
            cue,
            sent,
            parent: None,
            quote,
        });
    }

    fn sentence(&mut self, s: usize, headlines: bool) {
        let doc = self.doc;
        let (a, b) = doc.sents[s];
        if page_furniture(doc, a, b) {
            return;
        }
        // quotations opening in this sentence
        let first_q = seek(&doc.quotes, &mut self.seek[0], a, |q| q.open);
        for qi in first_q..doc.quotes.len() {
            if doc.quotes[qi].open >= b {
                break;
            }
            self.quotation(s, qi, headlines);
        }
        // indirect reports: only cue words (in a cue table, or `according`)
        // and commas can start one, so the scan walks the tokenizer's lists
        // of them (`cues`, `commas`) merged in text order
        let ev = &doc.ev;
        let mut c = seek(&ev.cues, &mut self.seek[1], a, |&x| x as usize);
        let mut k = seek(&ev.commas, &mut self.seek[2], a, |&x| x as usize);
        loop {
            let cue = ev.cues.get(c).map_or(usize::MAX, |&x| x as usize);
            let comma = ev.commas.get(k).map_or(usize::MAX, |&x| x as usize);
            let i = cue.min(comma);
            if i >= b {
                break;
            }
            if cue < comma {
                c += 1;
            } else {
                k += 1;
            }
            let t = &doc.toks[i];
            if t.kind == Tk::Word {
                if is_word(doc, i, "according") && is_word(doc, i + 1, "to") {
                    self.according(s, i);
                } else if t.flags & CUE_BITS == 0 {
                    // none of the tests below can pass
                } else if cue_verb(doc, i) {
                    self.left_cue(s, i);
                } else if t.is(lx::REPORT_NOUNS) && is_word(doc, i + 1, "that") {
                    self.noun_cue(s, i);
                } else if t.is(lx::FRAGMENT_VERBS)
                    && doc
                        .toks
                        .get(i + 1)
                        .is_some_and(|n| n.is(lx::ATTITUDE_NOUNS))
                    && is_word(doc, i + 2, "that")
                {
                    self.left_cue(s, i);
                }
            } else if t.is_punct(',') && !doc.quoted(i) {
                self.right_cue(s, i);
            }
        }
    }
}

/// The end-to-end answer: each quote found with its speaker.
pub(crate) fn predictions(found: Vec<Found>, speakers: Vec<Option<String>>) -> Vec<Prediction> {
    found
        .into_iter()
        .zip(speakers)
        .map(|(f, speaker)| Prediction {
            span: f.span,
            kind: Some(f.kind),
            speaker,
        })
        .collect()
}

/// For each span, the answer of the found quote that best overlaps it
/// (overlap over the longer span, after trimming edges as the scorer
/// does), else `fallback(start byte)`. Exactly one answer per span, even
/// for spans out of range or off character boundaries.
pub(crate) fn answers(
    text: &str,
    found: &[Found],
    speakers: &[Option<String>],
    spans: &[Span],
    fallback: impl Fn(usize) -> Option<String>,
) -> Vec<Option<String>> {
    let trimmed: Vec<Span> = found
        .iter()
        .map(|f| crate::score::trim_span(text, f.span))
        .collect();
    spans
        .iter()
        .map(|&sp| {
            let g = crate::score::trim_span(text, sp);
            let hi = found.partition_point(|f| f.span.start < sp.end.max(g.end));
            let best = (hi.saturating_sub(64)..hi)
                .map(|i| (crate::score::align::ratio(g, trimmed[i]), i))
                .filter(|(r, _)| *r > 0.0)
                .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)));
            match best {
                Some((_, i)) => speakers
                    .get(i)
                    .cloned()
                    .flatten()
                    .or_else(|| fallback(sp.start.min(text.len()))),
                None => fallback(sp.start.min(text.len())),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<(String, Kind)> {
        let d = Doc::new(text);
        extract(&d, true)
            .into_iter()
            .map(|f| (text[f.span.start..f.span.end].to_string(), f.kind))
            .collect()
    }

    #[test]
    fn seek_agrees_with_the_binary_search() {
        let list: Vec<u32> = vec![1, 3, 3, 4, 9, 9, 9, 12, 20];
        // any order of targets: forward walks and backward jumps
        let targets = [0, 2, 3, 3, 5, 4, 12, 13, 30, 1, 9, 0, 21, 20, 3];
        let mut cur = 0;
        for &a in &targets {
            let want = list.partition_point(|&x| (x as usize) < a);
            assert_eq!(seek(&list, &mut cur, a, |&x| x as usize), want, "{a}");
            assert_eq!(cur, want);
        }
        let empty: Vec<u32> = Vec::new();
        let mut cur = 5;
        assert_eq!(seek(&empty, &mut cur, 3, |&x| x as usize), 0);
    }

    #[test]
    fn direct_and_indirect() {
        let got = found("“We are ready,” Putin said. He said that talks would start soon, adding that nothing was agreed.");
        assert_eq!(
            got,
            [
                ("We are ready,".to_string(), Kind::Direct),
                ("talks would start soon".to_string(), Kind::Indirect),
                ("nothing was agreed".to_string(), Kind::Indirect),
            ]
        );
    }

    #[test]
    fn according_to_and_trailing_cue() {
        let got = found("Meanwhile, the talks will resume on Monday, according to the agency. The war will end soon, Reuters reported.");
        assert_eq!(got[0].0, "the talks will resume on Monday");
        assert_eq!(got[1].0, "The war will end soon");
    }

    #[test]
    fn titles_are_not_quotes() {
        assert!(found("They watched the film “Casablanca” last night.").is_empty());
        assert!(found("The “buffer zone” is large.").is_empty());
    }

    fn spans(text: &str) -> Vec<String> {
        found(text).into_iter().map(|(s, _)| s).collect()
    }

    #[test]
    fn withheld_speech_is_not_a_report() {
        assert!(spans("Lane stopped short of saying how much the repairs would cost.").is_empty());
        assert!(spans("The council has not said whether it will pay.").is_empty());
        assert!(spans("Ames would not say when the depot would reopen.").is_empty());
        assert_eq!(
            spans("Ames said the depot would reopen."),
            ["the depot would reopen"]
        );
    }

    #[test]
    fn narrator_participle_is_not_content() {
        assert_eq!(
            spans("Ruiz said the shelter was full, posing another problem for families."),
            ["the shelter was full"]
        );
        assert_eq!(
            spans("The firm said it would post lower profits, leading the board to freeze hiring."),
            ["it would post lower profits"]
        );
        // a participle continuing the claim stays
        assert_eq!(
            spans("He claimed that the army had moved north, easing the pressure on the town."),
            ["the army had moved north, easing the pressure on the town"]
        );
    }

    #[test]
    fn reported_as_clause_is_kept() {
        assert_eq!(
            spans("Vos estimated that the merger would cost 300 jobs, as rival firms would cut prices."),
            ["the merger would cost 300 jobs, as rival firms would cut prices"]
        );
        assert_eq!(
            spans("Ito said the clinic is open, as long as the roads are clear."),
            ["the clinic is open, as long as the roads are clear"]
        );
        // the narrator's circumstances are not
        assert_eq!(
            spans("Ito said the clinic had closed, as snow fell across the valley."),
            ["the clinic had closed"]
        );
    }

    #[test]
    fn coordinated_that_clauses_are_rows() {
        assert_eq!(
            spans("In her ruling, she wrote that the lease was void and that the firm could not renew it."),
            ["the lease was void", "the firm could not renew it"]
        );
        assert_eq!(
            spans("A spokesman said, in an email Monday, that the road had been cleared and that the bridge was safe."),
            ["the road had been cleared", "the bridge was safe"]
        );
    }

    #[test]
    fn report_in_a_relative_clause_ends_before_the_main_verb() {
        assert_eq!(
            spans("Mayor Tom Reed, who said last month that he would veto the plan, signed it on Friday."),
            ["he would veto the plan"]
        );
    }

    #[test]
    fn quoted_predicate_after_said() {
        assert_eq!(
            spans("Ruth Ames said the ruling \"gives them hope.\""),
            ["the ruling \"gives them hope.\"", "gives them hope."]
        );
        // a noun phrase with a quoted noun is not a clause
        assert_eq!(
            spans("Reed said, suggesting the creation of a \"safe corridor\" near the port."),
            ["safe corridor"]
        );
    }

    #[test]
    fn preposition_noun_is_not_a_subject() {
        assert_eq!(
            spans("The tower will close in June, the parks office said in a notice posted Friday."),
            ["The tower will close in June"]
        );
    }

    #[test]
    fn dateline_with_two_hyphens() {
        assert_eq!(
            spans("OSLAND, Vetra (Harbor Wire) -- The two towns will share a water plant, officials said Monday."),
            ["The two towns will share a water plant"]
        );
    }

    #[test]
    fn cue_verbs_from_the_lexicon() {
        assert_eq!(
            spans("The panel voted 5-2, ruling that the fee had been charged unlawfully."),
            ["the fee had been charged unlawfully"]
        );
        assert_eq!(
            spans("She projected that sales would rise."),
            ["sales would rise"]
        );
        assert_eq!(
            spans("About 3,000 people live near the dam, the water office estimated in a report."),
            ["About 3,000 people live near the dam"]
        );
        assert_eq!(spans("“We will win,” Odell quipped."), ["We will win,"]);
    }

    #[test]
    fn transcript_lines_are_direct() {
        let text = "The exchange, condensed:\n\nQ. Did you tell the board the plan could fail?\n\nA. I told them it could.\n\nQ: And then?\nOrlov: We waited a year.\n\nThe hearing resumes Monday.";
        let got = found(text);
        assert_eq!(
            got,
            [
                (
                    "Did you tell the board the plan could fail?".to_string(),
                    Kind::Direct
                ),
                ("I told them it could.".to_string(), Kind::Direct),
                ("it could".to_string(), Kind::Indirect),
                ("And then?".to_string(), Kind::Direct),
                ("We waited a year.".to_string(), Kind::Direct),
            ]
        );
        // no `Q` line: not a transcript
        assert!(spans("Photo: Ann Lee\nRelated: The week in pictures\n").is_empty());
    }

    #[test]
    fn narrator_appositive_is_not_content() {
        assert_eq!(
            spans("The campaign said its poll showed her ahead, a figure the rival camp called fantasy."),
            ["its poll showed her ahead"]
        );
        // an appositive with the speaker's own words stays
        assert_eq!(
            spans("Ito said 300 homes were flooded, a number she expected to rise."),
            ["300 homes were flooded, a number she expected to rise"]
        );
        // an appositive inside the clause stays
        assert_eq!(
            spans("Ito said the plant, the largest in the state, would close."),
            ["the plant, the largest in the state, would close"]
        );
    }

    #[test]
    fn dash_opening_a_clause_ends_the_report() {
        assert_eq!(
            spans("Marsh said the fund could shrink — that was the plan all along."),
            ["the fund could shrink"]
        );
        // an aside between dashes stays
        assert_eq!(
            spans("Marsh said the fund — it was small — could shrink."),
            ["the fund — it was small — could shrink"]
        );
    }

    #[test]
    fn inverted_cue_with_appositive_is_no_report() {
        assert_eq!(
            spans("“We will be back,” said Lee, 44, who has coached here since 2019."),
            ["We will be back,"]
        );
    }

    #[test]
    fn irregular_past_after_said() {
        assert_eq!(
            spans("Farmers in the valley said the rain came too late."),
            ["the rain came too late"]
        );
        // not in a subject's relative clause
        assert_eq!(
            spans("Nadia Orr, the surgeon who led the trial, said the effect was large."),
            ["the effect was large"]
        );
    }

    #[test]
    fn trailing_cue_then_citing() {
        assert_eq!(
            spans("Many residents never got the alert, the Daily Courier reported, citing county logs."),
            ["Many residents never got the alert"]
        );
    }

    #[test]
    fn a_quotation_over_paragraphs_is_a_row_per_paragraph() {
        let got = found("“The roof went first.\n\n“Then the walls came down,” said Ida Marsh.");
        assert_eq!(
            got,
            [
                ("The roof went first.".to_string(), Kind::Direct),
                ("Then the walls came down,".to_string(), Kind::Direct),
            ]
        );
    }

    #[test]
    fn the_verb_closing_a_quotation_reports_nothing_after_it() {
        assert_eq!(
            spans("“We will close the pool,” Ruiz told about 80 parents gathered at the school."),
            ["We will close the pool,"]
        );
        assert_eq!(
            spans("“Not this year,” she said when pressed."),
            ["Not this year,"]
        );
    }

    #[test]
    fn her_and_about_can_open_a_reported_clause() {
        assert_eq!(
            spans("Ames said her team had trained all week."),
            ["her team had trained all week"]
        );
        assert_eq!(
            spans("The mayor said about 400 homes were damaged."),
            ["about 400 homes were damaged"]
        );
        // after a verb with an addressee, `her` is the addressee
        assert_eq!(
            spans("Lee told her the plan had failed."),
            ["the plan had failed"]
        );
    }

    #[test]
    fn a_present_tense_after_its_subject_shows_a_clause() {
        assert_eq!(
            spans("The bakery said it now expects fewer orders."),
            ["it now expects fewer orders"]
        );
        assert_eq!(
            spans("Dr. Ana Vos said most calves recover within a week."),
            ["most calves recover within a week"]
        );
        assert_eq!(
            spans("Paloma Reyes said Ms. Ortega plans to retire in May."),
            ["Ms. Ortega plans to retire in May"]
        );
        // a plural noun in an object is no verb
        assert!(spans("The mayor explained the rise of Northern bikes.").is_empty());
        assert!(spans("Ruiz said goodbye to the players.").is_empty());
    }

    #[test]
    fn a_verb_coordinated_with_the_cue_is_no_clause() {
        assert!(
            spans("The startup, which added 50 staff and opened a lab in Tarn, is hiring.")
                .is_empty()
        );
    }

    #[test]
    fn a_name_after_the_source_of_according_to_is_its_appositive() {
        assert_eq!(
            spans("The fund lost $2 million, according to the state treasurer, Ivo Brandt."),
            ["The fund lost $2 million"]
        );
    }

    #[test]
    fn page_furniture_quotes_nobody() {
        assert!(spans("Related: Harbor council promises “a fresh start”\nThe end.").is_empty());
        assert!(spans("Box score | Related: Ferris vows “the big one” next week\n").is_empty());
        assert!(spans("Read more: Mayor says “no new taxes”\n").is_empty());
        // a name label in the text is not furniture
        assert_eq!(
            spans("Lee: the plan “will work,” she said.\n"),
            ["will work,"]
        );
    }

    #[test]
    fn a_cue_with_its_subject_outside_reports_nothing() {
        assert!(spans("It is a plan he said would cut costs.").is_empty());
    }

    #[test]
    fn less_common_that_verbs() {
        assert_eq!(
            spans("Ruiz pledged that the clinic would stay open."),
            ["the clinic would stay open"]
        );
        assert_eq!(
            spans("Asked about rivals, Ruiz mused that one was enough."),
            ["one was enough"]
        );
    }

    #[test]
    fn called_with_a_personal_subject_reports_words() {
        assert_eq!(
            spans("The delay, which she called “a scandal,” angered parents."),
            ["a scandal,"]
        );
        assert_eq!(
            spans("Lee said the cut was small, a change his union called “an insult.”"),
            ["the cut was small", "an insult."]
        );
        assert!(spans("They saw a play called “Tides” in May.").is_empty());
    }

    #[test]
    fn a_past_tense_after_comma_and_ends_the_report() {
        assert_eq!(
            spans("Ann Lee said the school would close, and declined to say when."),
            ["the school would close"]
        );
    }

    #[test]
    fn nested_single_quotations_are_rows() {
        assert_eq!(
            found("“He looked up and said, ‘Not now,’ and left,” Mara Voss said."),
            [
                (
                    "He looked up and said, ‘Not now,’ and left,".to_string(),
                    Kind::Direct
                ),
                ("Not now,".to_string(), Kind::Direct),
            ]
        );
        assert_eq!(
            spans("\"She told me, 'Wait here,' and ran,\" Voss said."),
            ["She told me, 'Wait here,' and ran,", "Wait here,"]
        );
        // apostrophes open and close nothing
        assert_eq!(
            spans("“We don't know the Pilots' plan or the ’90s rules,” he said."),
            ["We don't know the Pilots' plan or the ’90s rules,"]
        );
    }

    #[test]
    fn a_clause_ending_in_a_quotation_before_its_cue_is_a_report() {
        assert_eq!(
            spans("Sales in the north are “the whole story,” said Ann Lee, an analyst."),
            [
                "Sales in the north are “the whole story,”",
                "the whole story,"
            ]
        );
        // the sentence's own verb after the quotation is no cue of it
        assert_eq!(
            spans("Lee, who called the deal “a gift to banks,” argued on Monday that it should be cut."),
            ["a gift to banks,", "it should be cut"]
        );
    }

    #[test]
    fn partial_inside_report() {
        let got = found("Gerasimov stated that the plans have “completely failed.”");
        assert_eq!(got.len(), 2);
        assert_eq!(got[1], ("completely failed.".to_string(), Kind::Partial));
    }
}
