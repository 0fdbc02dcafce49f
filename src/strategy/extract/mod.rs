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
//! phrase of a cue), [`headline`] (`CEO says …` on a headline line) and
//! [`transcript`] (Q&A lines).

mod direct;
mod headline;
mod indirect;
mod spans;
mod subjects;
mod trailing;
mod transcript;

use super::lexicon::{self as lx, is, is_in};
use super::text::{Doc, Tk, Token, CUE_BITS};
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

/// True when the word at `i` is a noun, not a verb: it follows a
/// determiner (`the claims`), or it is a plural in `-s` after a number or
/// before `of` (`31 reports`, `reports of units that …`, `claims of`).
/// Fails on a verb in `-s` before `of` (`speaks of`; `says of` is kept a
/// verb).
fn noun_use(doc: &Doc, i: usize) -> bool {
    let t = &doc.toks[i];
    let plural = || {
        t.s.len() > 3
            && t.s.ends_with('s')
            && !t.s.eq_ignore_ascii_case("says")
            && (is_word(doc, i + 1, "of") || i > 0 && doc.toks[i - 1].kind == Tk::Num)
    };
    i > 0 && {
        let p = &doc.toks[i - 1];
        p.word() && (p.is(lx::DETERMINERS) || p.is(lx::POSSESSIVES) || p.possessive())
    } || plural()
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

/// The words of a small list file (one a line, `#` comments), read once
/// into `cell`.
fn word_list(
    cell: &'static std::sync::OnceLock<Vec<&'static str>>,
    text: &'static str,
) -> &'static [&'static str] {
    cell.get_or_init(|| {
        text.lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect()
    })
}

/// Labels of page furniture (data/lexicon/page_labels.txt).
fn page_labels() -> &'static [&'static str] {
    static WORDS: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
    word_list(
        &WORDS,
        include_str!("../../../data/lexicon/page_labels.txt"),
    )
}

/// Verbs of withholding speech (data/lexicon/withhold_verbs.txt).
fn withhold_verbs() -> &'static [&'static str] {
    static WORDS: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
    word_list(
        &WORDS,
        include_str!("../../../data/lexicon/withhold_verbs.txt"),
    )
}

/// True when the words at `i` withhold speech: `declined to`, `refused
/// to`, `stopped short of` (data/lexicon/withhold_verbs.txt).
fn withholds(doc: &Doc, i: usize) -> bool {
    doc.toks.get(i).is_some_and(|t| {
        // (the next word first: a cheap test before the list)
        t.word()
            && (is_word(doc, i + 1, "to") || is_word(doc, i + 1, "short"))
            && is_in(withhold_verbs(), t.s)
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

/// True when the token `t` is a finite auxiliary or modal
/// (data/lexicon/finite.txt, the whole word) or ends in `'ll`/`’ll`:
/// the token's lexicon bit, not a look-up.
#[inline]
fn finite_aux(t: &Token) -> bool {
    let ll =
        || t.s.as_bytes().last() == Some(&b'l') && (t.s.ends_with("’ll") || t.s.ends_with("'ll"));
    let r = t.is_whole(lx::FINITE) || ll();
    debug_assert_eq!(
        r,
        is(lx::FINITE, t.s) || t.s.ends_with("’ll") || t.s.ends_with("'ll")
    );
    r
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
        if headlines {
            self.headline_report(s);
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
mod tests;

#[cfg(test)]
mod cue_tests;
