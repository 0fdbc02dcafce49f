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

use super::lexicon::{self as lx, is, is_in};
use super::text::{Doc, Tk};
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
    let mut out: Vec<Found> = Vec::new();
    let mut cx = Cx { doc, out: &mut out };
    for s in 0..doc.sents.len() {
        cx.sentence(s, headlines);
    }
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

/// The tables a word must be in for the per-word tests of
/// [`Cx::sentence`] after `according to`: a cue verb, a report noun or a
/// fragment verb.
const CUE_BITS: u32 =
    lx::SAY_VERBS.bit() | lx::THAT_VERBS.bit() | lx::REPORT_NOUNS.bit() | lx::FRAGMENT_VERBS.bit();

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
        // quotations opening in this sentence
        let first_q = doc.quotes.partition_point(|q| q.open < a);
        for qi in first_q..doc.quotes.len() {
            if doc.quotes[qi].open >= b {
                break;
            }
            self.quotation(s, qi, headlines);
        }
        // indirect reports
        let mut i = a;
        while i < b {
            let t = &doc.toks[i];
            if t.kind == Tk::Word {
                if t.flags & CUE_BITS == 0 && t.s.len() != "according".len() {
                    // most words: neither `according` nor in a cue table
                } else if is_word(doc, i, "according") && is_word(doc, i + 1, "to") {
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
            i += 1;
        }
    }

    // ---------------------------------------------------------------
    // direct and partial quotations

    fn quotation(&mut self, s: usize, qi: usize, headlines: bool) {
        let doc = self.doc;
        let q = doc.quotes[qi];
        let (a, b) = doc.sents[s];
        let span = Span::new(q.start, q.end);
        let prev = if q.open > a {
            Some(&doc.toks[q.open - 1])
        } else {
            None
        };
        let after_colon = prev.is_some_and(|p| p.is_punct(':'));
        let at_start = prev.is_none_or(|p| matches!(p.kind, Tk::Break | Tk::Close));
        // titles and nicknames
        if let Some(p) = prev {
            let known_as = p.s.eq_ignore_ascii_case("as")
                && q.open >= 2
                && is_in(
                    &["known", "referred", "dubbed", "nicknamed"],
                    doc.toks[q.open - 2].s,
                );
            if p.is(lx::NAMING_WORDS) || known_as {
                return;
            }
        }
        let content_end_char = doc.text[q.start..q.end].chars().next_back();
        let close = q.close.unwrap_or(q.last);
        // a multi-paragraph quotation: its cue follows the last paragraph
        let b = doc.sents[doc.sent_of.get(close).map_or(s, |&x| x as usize)]
            .1
            .max(b);
        // after the quotation: `, X said` / `, said X`
        let mut cue = None;
        let mut j = close + 1;
        if doc.toks.get(j).is_some_and(|t| t.is_punct(',')) {
            j += 1;
        }
        let ends_clause = content_end_char
            .is_some_and(|c| matches!(c, ',' | '?' | '!' | '.' | '—'))
            || doc.toks.get(close + 1).is_some_and(|t| t.is_punct(','));
        if ends_clause && j < b && q.close.is_some() {
            if doc.toks[j].is(lx::AFTER_QUOTE_VERBS) && !doc.toks[j].cap() {
                let src = self.np_after(j + 1, b);
                cue = Some(Cue {
                    verb: j,
                    src,
                    role: Role::After,
                });
            } else {
                let lim = (j + 16).min(b);
                if let Some(v) = (j..lim).find(|&v| {
                    doc.toks[v].is(lx::AFTER_QUOTE_VERBS) && !doc.toks[v].cap() && !doc.quoted(v)
                }) {
                    let ok = (j..v).all(|k| {
                        let t = &doc.toks[k];
                        (t.word() && (t.cap() || !finite_aux(t.s)) && !cue_verb(doc, k))
                            || t.is_punct(',')
                            || t.is_punct('—')
                            || t.is_punct('–')
                            || t.is_punct('(')
                            || t.is_punct(')')
                    });
                    if ok {
                        let src = self.subject_before(v, j).unwrap_or((v, v));
                        cue = Some(Cue {
                            verb: v,
                            src,
                            role: Role::After,
                        });
                    }
                }
            }
        }
        // headline: “…” Putin tells Ukraine
        if cue.is_none() && headlines && at_start && q.close.is_some() {
            let nx = close + 1;
            if let Some(src) = self.headline_subject(nx) {
                cue = Some(Cue {
                    verb: src.1,
                    src,
                    role: Role::Headline,
                });
            }
        }
        // before the quotation: `X said: “…”`, `X said “…”`
        if cue.is_none() && after_colon {
            let c = q.open - 1;
            if c > a && cue_verb(doc, c - 1) {
                let v = c - 1;
                let src = self.subject_before(v, a).unwrap_or((v, v));
                cue = Some(Cue {
                    verb: v,
                    src,
                    role: Role::Before,
                });
            } else if let Some(src) = self.main_subject(a, c) {
                cue = Some(Cue {
                    verb: c,
                    src,
                    role: Role::Colon,
                });
            }
        }
        let after_verb = prev.is_some_and(|p| p.is(lx::AFTER_QUOTE_VERBS) && p.word());
        if cue.is_none() && after_verb {
            let v = q.open - 1;
            let src = self.subject_before(v, a).unwrap_or((v, v));
            cue = Some(Cue {
                verb: v,
                src,
                role: Role::Before,
            });
        }
        let starts_upper = doc.text[q.start..]
            .chars()
            .next()
            .is_some_and(char::is_uppercase);
        let direct = at_start || after_colon || (after_verb && starts_upper);
        let kind = if direct { Kind::Direct } else { Kind::Partial };
        if kind == Kind::Partial && cue.is_none() {
            // the nearest reporting or fragment verb before it in the sentence
            let lo = q.open.saturating_sub(MAX_BACK).max(a);
            let v = (lo..q.open).rev().find(|&v| {
                !doc.quoted(v)
                    && (cue_verb(doc, v) || doc.toks[v].is(lx::FRAGMENT_VERBS))
                    && !doc.toks[v].cap()
            });
            if let Some(v) = v {
                let src = self.subject_of(v, a);
                cue = Some(Cue {
                    verb: v,
                    src,
                    role: Role::Fragment,
                });
            }
        }
        self.push(span, kind, cue, s, Some(qi));
    }

    /// `Name verb` right after a headline quotation.
    fn headline_subject(&self, nx: usize) -> Option<(usize, usize)> {
        let doc = self.doc;
        let mut k = nx;
        while k < doc.toks.len() && k < nx + 6 && doc.toks[k].cap() {
            k += 1;
        }
        if k == nx || k >= doc.toks.len() {
            return None;
        }
        let v = &doc.toks[k];
        let verb = v.is(lx::SAY_VERBS) || v.is(lx::THAT_VERBS) || v.is(lx::AFTER_QUOTE_VERBS);
        if verb
            && !v.cap()
            && !is_word(doc, k + 1, "that")
            && !doc.toks[nx].is(lx::SUBJECT_PRONOUNS)
        {
            Some((nx, k))
        } else {
            None
        }
    }

    // ---------------------------------------------------------------
    // subjects

    /// The noun phrase after a verb (`said Pasi Paroinen, an analyst`):
    /// up to the next comma or the end of the sentence.
    fn np_after(&self, from: usize, b: usize) -> (usize, usize) {
        let doc = self.doc;
        let mut k = from;
        while k < b && k < from + 12 {
            let t = &doc.toks[k];
            if t.kind != Tk::Word
                || (t.is(lx::ADVERBIAL_PREPS) && !t.cap())
                || is_word(doc, k, "that")
            {
                break;
            }
            k += 1;
        }
        (from, k)
    }

    /// The subject of the verb at `v`, looking back no further than `floor`.
    fn subject_before(&self, v: usize, floor: usize) -> Option<(usize, usize)> {
        let doc = self.doc;
        let floor = floor.max(v.saturating_sub(MAX_BACK));
        let mut k = v;
        while k > floor {
            let t = &doc.toks[k - 1];
            let adverb = t.word() && !t.cap() && (t.is(lx::AUX_ADVERBS) || t.s.ends_with("ly"));
            if adverb {
                k -= 1;
            } else {
                break;
            }
        }
        if k <= floor {
            return None;
        }
        let seg_start = |end: usize| -> usize {
            let mut i = end;
            while i > floor {
                let t = &doc.toks[i - 1];
                if t.is_punct(',')
                    || t.is_punct(';')
                    || t.is_punct(':')
                    || t.is_punct('—')
                    || t.is_punct('–')
                    || t.kind == Tk::Close
                    || t.kind == Tk::Open
                    || t.kind == Tk::Break
                    || is_word(doc, i - 1, "that")
                {
                    break;
                }
                i -= 1;
            }
            i
        };
        let strip = |mut s: usize, e: usize| -> (usize, usize) {
            while s < e
                && doc.toks[s].word()
                && is_in(&["and", "but", "with", "then", "so", "or"], doc.toks[s].s)
            {
                s += 1;
            }
            (s, e)
        };
        if doc.toks[k - 1].is_punct(',') {
            // `X, an appositive, said`: the first segment that is not a
            // fronted adverbial
            // walk back over appositives; a segment with a verb of its own is
            // an earlier clause (`…, reported that` after a clause is a
            // coordinated verb, whose subject is that clause's), and one
            // opening with `but` starts this clause
            let mut bounds = Vec::new();
            let mut e = k - 1;
            loop {
                let st = seg_start(e);
                let verbal = (st..e).any(|i| {
                    let t = &doc.toks[i];
                    t.word() && !t.cap() && (finite_aux(t.s) || cue_verb(doc, i))
                });
                if verbal {
                    break;
                }
                bounds.push((st, e));
                // (`and` may end a list of appositives: not a stop)
                let conj = st < e && is_in(&["but", "yet"], doc.toks[st].s);
                if conj
                    || st <= floor
                    || !(doc.toks[st - 1].is_punct(',') || doc.toks[st - 1].is_punct('—'))
                {
                    break;
                }
                e = st - 1;
            }
            bounds.reverse();
            if bounds.is_empty()
                || (bounds.len() == 1
                    && bounds[0].0 > floor
                    && is_word(doc, bounds[0].0 - 1, "that"))
            {
                return None;
            }
            // prefer the segment holding a name (`Ukraine’s chief general,
            // Oleksandr Syrskyi, said`)
            let named = |st: usize, e: usize| {
                (st..e).any(|i| {
                    let t = &doc.toks[i];
                    t.cap() && !t.possessive() && !t.is(lx::STOP_CAPS) && !t.is(lx::TITLES)
                })
            };
            let has_named = bounds
                .iter()
                .any(|&(st, e)| named(st, e) && !doc.toks[st].is(lx::FRONTING));
            for &(st, e) in &bounds {
                if has_named && !named(st, e) {
                    continue;
                }
                let (st, e) = strip(st, e);
                if st >= e {
                    continue;
                }
                let t0 = &doc.toks[st];
                let fronted = t0.is(lx::FRONTING)
                    || (t0.word()
                        && (t0.s.ends_with("ing") || t0.s.ends_with("ed"))
                        && !doc.toks[st..e]
                            .iter()
                            .any(|t| t.cap() && !t.is(lx::FRONTING)))
                    || t0.kind == Tk::Num;
                if !fronted {
                    if is_in(&["who", "which"], t0.s) {
                        return None;
                    }
                    return Some((st, e));
                }
            }
            return None;
        }
        let st = seg_start(k);
        let (st, e) = strip(st, k);
        if st >= e {
            return None;
        }
        // a list of sources, `X, Y and Z said`: from its first item
        if (st..e).any(|i| is_word(doc, i, "and")) {
            let mut s0 = st;
            while s0 > floor + 1 && doc.toks[s0 - 1].is_punct(',') {
                let p = seg_start(s0 - 1);
                let item = p < s0 - 1
                    && (p..s0 - 1).any(|i| doc.toks[i].cap())
                    && (p..s0 - 1).all(|i| {
                        let t = &doc.toks[i];
                        t.word() && (t.cap() || t.is(lx::DETERMINERS) || t.is_whole(lx::CONNECTORS))
                    });
                if !item {
                    break;
                }
                s0 = p;
            }
            if s0 < st {
                return Some((s0, e));
            }
        }
        if is_in(&["who", "which"], doc.toks[st].s)
            && st > floor + 1
            && doc.toks[st - 1].is_punct(',')
        {
            // `X, who promised`: the name before the comma
            let e2 = st - 1;
            let mut s2 = e2;
            while s2 > floor
                && (doc.toks[s2 - 1].cap()
                    || doc.toks[s2 - 1].is(lx::TITLES)
                        && doc.toks[s2 - 1].word()
                        && !doc.toks[s2 - 1].is(lx::DETERMINERS))
            {
                s2 -= 1;
            }
            if s2 < e2 {
                return Some((s2, e2));
            }
            let s2 = seg_start(e2);
            return Some(strip(s2, e2));
        }
        if doc.toks[e - 1].is(lx::SUBJECT_PRONOUNS) && !doc.toks[e - 1].s.eq_ignore_ascii_case("it")
        {
            // `a process he described`: the pronoun is the subject
            return Some((e - 1, e));
        }
        if e - st > 8 {
            // a long segment: keep its trailing name or pronoun
            let last = (st..e)
                .rev()
                .find(|&i| doc.toks[i].cap() || doc.toks[i].is(lx::SUBJECT_PRONOUNS))?;
            let mut s2 = last;
            while s2 > st && (doc.toks[s2 - 1].cap() || doc.toks[s2 - 1].is(lx::TITLES)) {
                s2 -= 1;
            }
            return Some((s2, e));
        }
        Some((st, e))
    }

    /// The subject of a cue verb: its own (`X said`), else the subject of
    /// the clause it continues (`…, adding that`).
    fn subject_of(&self, v: usize, a: usize) -> (usize, usize) {
        let doc = self.doc;
        let participle = doc.toks[v].s.ends_with("ing");
        let own = self.subject_before(v, a);
        if let Some((s, e)) = own {
            let is_with = s > a && is_word(doc, s - 1, "with");
            let looks_np = doc.toks[s..e].iter().all(|t| t.word()) && e - s <= 6;
            let plain_np = looks_np && !doc.toks[s..e].iter().any(|t| t.s.ends_with("ed"));
            let own_subject = !participle || is_with || (plain_np && e - s <= 3);
            if own_subject {
                return (s, e);
            }
        }
        self.main_subject(a, v).unwrap_or((v, v))
    }

    /// The subject of the nearest clause before token `before` that opens
    /// with a noun phrase, skipping quotations and fronted adverbials.
    fn main_subject(&self, a: usize, before: usize) -> Option<(usize, usize)> {
        let doc = self.doc;
        let lo = a.max(before.saturating_sub(MAX_BACK * 2));
        let mut e = before;
        while e > lo {
            // segment [st, e): back to a comma outside quotes
            let mut st = e;
            while st > lo {
                let t = &doc.toks[st - 1];
                if (t.is_punct(',') || t.is_punct(';') || t.kind == Tk::Break)
                    && !doc.quoted(st - 1)
                {
                    break;
                }
                if t.kind == Tk::Close && !(st >= 2 && doc.toks[st - 2].is_punct(',')) {
                    // a closing mark not followed by our comma: keep scanning
                }
                st -= 1;
            }
            // the segment's first token outside quotations
            let mut s0 = st;
            while s0 < e
                && (doc.quoted(s0) || matches!(doc.toks[s0].kind, Tk::Open | Tk::Close | Tk::Punct))
            {
                s0 += 1;
            }
            while s0 < e
                && doc.toks[s0].word()
                && is_in(&["and", "but", "while", "so", "yet"], doc.toks[s0].s)
            {
                s0 += 1;
            }
            if s0 < e {
                if let Some(np) = self.np_at(s0, e) {
                    return Some(np);
                }
            }
            if st <= lo {
                break;
            }
            e = st - 1;
        }
        None
    }

    /// A noun phrase opening at `s` (before `e`), if the segment opens with one.
    fn np_at(&self, s: usize, e: usize) -> Option<(usize, usize)> {
        let doc = self.doc;
        let t0 = &doc.toks[s];
        if !t0.word() {
            return None;
        }
        if t0.is(lx::SUBJECT_PRONOUNS) {
            return Some((s, s + 1));
        }
        if t0.is(lx::FRONTING) && !t0.is(lx::DETERMINERS) {
            return None;
        }
        let lower_start = !t0.cap();
        if lower_start && !t0.is(lx::DETERMINERS) && !t0.is(lx::GROUP_NOUNS) {
            return None;
        }
        if t0.cap() && (t0.s.ends_with("ing") || t0.s.ends_with("ed")) && !t0.is(lx::DETERMINERS) {
            return None;
        }
        let mut k = s + 1;
        let mut nouns = 0;
        while k < e && k < s + 10 {
            let t = &doc.toks[k];
            if t.cap() && !t.is(lx::STOP_CAPS) {
                k += 1;
                continue;
            }
            if t.word()
                && !t.cap()
                && nouns < 3
                && (t.is(lx::TITLES)
                    || t.is(lx::PERSON_NOUNS)
                    || t.is(lx::GROUP_NOUNS)
                    || t.is(lx::ORG_WORDS))
                && !finite_aux(t.s)
            {
                nouns += 1;
                k += 1;
                continue;
            }
            break;
        }
        Some((s, k))
    }

    // ---------------------------------------------------------------
    // indirect reports

    /// A clause after the reporting verb at `v` (`said (that) …`).
    fn left_cue(&mut self, s: usize, v: usize) {
        let doc = self.doc;
        let (a, b) = doc.sents[s];
        // inside a quotation, only a named subject reports (`Putin reiterated that`)
        let in_q = doc.quoted(v);
        let limit = if in_q {
            let q = doc.quotes[doc.inside[v] as usize];
            q.last.min(b)
        } else {
            b
        };
        // passives are not reports, except `It is reported by X`
        if v > a
            && v + 1 < b
            && is_in(
                &["is", "was", "are", "were", "be", "been", "being"],
                doc.toks[v - 1].s,
            )
        {
            if is_word(doc, v + 1, "by")
                && doc.toks[v].is_in(&["reported", "said", "stated", "written", "claimed"])
            {
                self.reported_by(s, v);
            }
            return;
        }
        // `declined to say whether …`, `refused to say`: nothing was said
        if v >= a + 2
            && is_word(doc, v - 1, "to")
            && doc.toks[v - 2].is_in(&[
                "declined",
                "declines",
                "declining",
                "refused",
                "refuses",
                "refusing",
            ])
        {
            return;
        }
        let say = doc.toks[v].is(lx::SAY_VERBS);
        // find `that` within a short window, else the clause start
        let mut that = None;
        let mut k = v + 1;
        if doc.toks.get(k).is_some_and(|t| t.is(lx::ATTITUDE_NOUNS)) {
            k += 1;
        }
        while k < limit && k < v + 10 {
            let t = &doc.toks[k];
            if is_word(doc, k, "that") {
                that = Some(k);
                break;
            }
            // an aside: `said, in an email to subscribers, that …`
            if t.is_punct(',') && k == v + 1 {
                let lim = (k + 12).min(limit);
                let close =
                    (k + 1..lim).find(|&i| !doc.toks[i].word() && doc.toks[i].kind != Tk::Num);
                if let Some(c2) = close.filter(|&c2| c2 > k + 1 && doc.toks[c2].is_punct(',')) {
                    if is_word(doc, c2 + 1, "that") && !(k + 1..c2).any(|i| cue_verb(doc, i)) {
                        that = Some(c2 + 1);
                    }
                }
                break;
            }
            if t.kind != Tk::Word || cue_verb(doc, k) {
                break;
            }
            k += 1;
        }
        let c = match that {
            Some(t) => t + 1,
            None => {
                if !say {
                    return;
                }
                let mut c = v + 1;
                if doc.toks[v].is(lx::ADDRESSEE_VERBS) {
                    // one noun phrase: a name or a lower-case word
                    if doc
                        .toks
                        .get(c)
                        .is_some_and(|t| t.word() && t.is(lx::DETERMINERS))
                    {
                        c += 1;
                    }
                    let c0 = c;
                    while c < limit && doc.toks[c].cap() {
                        c += 1;
                    }
                    if c == c0 && c < limit && doc.toks[c].word() {
                        c += 1;
                    }
                }
                // adverbials: `on Tuesday`, `last week`
                while c < limit && doc.toks[c].is(lx::ADVERBIAL_PREPS) {
                    c += 1;
                    while c < limit
                        && (doc.toks[c].cap()
                            || doc.toks[c].is_in(&[
                                "week",
                                "month",
                                "year",
                                "night",
                                "morning",
                                "the",
                                "a",
                                "statement",
                                "interview",
                            ]))
                    {
                        c += 1;
                    }
                }
                if c >= limit {
                    return;
                }
                let t = &doc.toks[c];
                if t.kind != Tk::Word && t.kind != Tk::Num {
                    return;
                }
                if t.is(lx::NON_CLAUSE_STARTS) || cue_verb(doc, c) {
                    return;
                }
                // a finite verb soon after, before any comma or quotation
                let lim = (c + 12).min(limit);
                let stop = (c..lim)
                    .find(|&i| {
                        let t = &doc.toks[i];
                        t.kind == Tk::Open || t.is_punct(',') || t.is_punct(';') || t.is_punct(':')
                    })
                    .unwrap_or(lim);
                let finite = |i: usize| {
                    let t = &doc.toks[i];
                    t.word() && (finite_aux(t.s) || (i > c && !t.cap() && t.s.ends_with("ed")))
                };
                if !(c..stop).any(finite) {
                    return;
                }
                c
            }
        };
        if c >= limit {
            return;
        }
        let src = if in_q {
            match self.subject_before(v, a) {
                Some((ss, se))
                    if doc.toks[ss..se]
                        .iter()
                        .any(|t| t.cap() && !t.is(lx::SUBJECT_PRONOUNS)) =>
                {
                    (ss, se)
                }
                _ => return,
            }
        } else {
            self.subject_of(v, a)
        };
        let role =
            if src.0 < src.1 && src.1 <= v && src.1 + 6 >= v && !doc.toks[v].s.ends_with("ing") {
                Role::Before
            } else {
                Role::Participle
            };
        let end = self.clause_end(c, limit);
        if end <= c {
            return;
        }
        // a that-clause that is one quotation is a partial quote only
        if doc.toks[c].kind == Tk::Open {
            let qi = doc.inside.get(c + 1).copied().unwrap_or(u32::MAX);
            if qi != u32::MAX {
                let q = doc.quotes[qi as usize];
                if let Some(cl) = q.close {
                    if (cl + 1..end).all(|i| doc.toks[i].kind == Tk::Punct) {
                        // attach the cue to the partial quote instead
                        if let Some(f) = self
                            .out
                            .iter_mut()
                            .rev()
                            .take(64)
                            .find(|f| f.quote == Some(qi as usize))
                        {
                            f.cue = Some(Cue { verb: v, src, role });
                        }
                        return;
                    }
                }
            }
        }
        let span = self.span_of(c, end);
        self.push(
            span,
            Kind::Indirect,
            Some(Cue { verb: v, src, role }),
            s,
            None,
        );
    }

    /// The end (exclusive token) of a reported clause starting at `c`.
    fn clause_end(&self, c: usize, b: usize) -> usize {
        let doc = self.doc;
        let lim = b.min(c + MAX_CLAUSE);
        let mut i = c + 1;
        while i < lim {
            let t = &doc.toks[i];
            if doc.quoted(i) || t.kind == Tk::Open {
                i += 1;
                continue;
            }
            if t.is_punct(',') || (t.kind == Tk::Close && doc.toks[i - 1].is_punct(',')) {
                let n = i + 1;
                if self.breaks_after_comma(n, b) {
                    return if t.kind == Tk::Close { i + 1 } else { i };
                }
            }
            // (both words have three letters: a cheap test first)
            if t.word()
                && t.s.len() == 3
                && is_in(&["but", "and"], t.s)
                && !doc.toks[i - 1].is_punct(',')
            {
                let mut n = i + 1;
                if is_word(doc, n, "also") {
                    n += 1;
                }
                if n < b && cue_verb(doc, n) {
                    return i;
                }
            }
            i += 1;
        }
        lim
    }

    /// True when the words at `n` after a comma start something that is
    /// not part of the reported clause.
    fn breaks_after_comma(&self, n: usize, b: usize) -> bool {
        let doc = self.doc;
        if n >= b {
            return false;
        }
        let t = &doc.toks[n];
        if !t.word() {
            return false;
        }
        if t.is(lx::NARRATOR_BREAKS) && !t.cap() {
            return true;
        }
        if is_word(doc, n, "according") && is_word(doc, n + 1, "to") {
            return true;
        }
        if cue_verb(doc, n) {
            return true;
        }
        let mut m = n;
        if is_in(&["and", "but"], t.s) {
            m += 1;
            if is_word(doc, m, "also") {
                m += 1;
            }
            if m < b && cue_verb(doc, m) {
                return true;
            }
        }
        // `, X said.` / `, but Zvinchuk expects that` : a subject then a cue verb
        let lim = (m + 10).min(b);
        for k in m..lim {
            let w = &doc.toks[k];
            if w.is_punct(',') && k > m {
                continue;
            }
            if !w.word() {
                return false;
            }
            if cue_verb(doc, k) && k > m {
                let next = doc.toks.get(k + 1);
                let closes = next.is_none_or(|x| x.kind == Tk::Punct || x.kind == Tk::Break)
                    || is_word(doc, k + 1, "that")
                    || k + 1 >= b;
                let mut p = k - 1;
                while p > m && doc.toks[p].is_punct(',') {
                    p -= 1;
                }
                let subj = &doc.toks[p];
                let subj_ok = subj.cap()
                    || subj.is(lx::SUBJECT_PRONOUNS)
                    || subj.is(lx::PERSON_NOUNS)
                    || subj.is(lx::OUTLET_NOUNS)
                    || subj.is(lx::GROUP_NOUNS)
                    || subj.is(lx::AUX_ADVERBS);
                return subj_ok && (closes || is_in(&["and", "but"], t.s));
            }
            if finite_aux(w.s) {
                return false;
            }
        }
        false
    }

    /// The byte span of tokens `[c, end)` without trailing commas and
    /// sentence punctuation (kept when a closing mark follows it).
    fn span_of(&self, c: usize, end: usize) -> Span {
        let doc = self.doc;
        let mut e = end;
        while e > c + 1 {
            let t = &doc.toks[e - 1];
            if t.kind == Tk::Punct && matches!(t.s, "," | "." | ";" | ":" | "!" | "?" | "—" | "–")
            {
                e -= 1;
            } else {
                break;
            }
        }
        Span::new(doc.toks[c].start, doc.toks[e - 1].end())
    }

    /// `X's (recent) statements that …`.
    fn noun_cue(&mut self, s: usize, n: usize) {
        let doc = self.doc;
        let (a, b) = doc.sents[s];
        // find the possessor within three words before
        let lo = n.saturating_sub(4).max(a);
        let Some(p) = (lo..n)
            .rev()
            .find(|&i| doc.toks[i].possessive() && doc.toks[i].cap())
        else {
            return;
        };
        let mut ps = p;
        while ps > a && doc.toks[ps - 1].cap() {
            ps -= 1;
        }
        let c = n + 2;
        if c >= b {
            return;
        }
        let end = self.noun_clause_end(c, b);
        let span = self.span_of(c, end);
        self.push(
            span,
            Kind::Indirect,
            Some(Cue {
                verb: n,
                src: (ps, p + 1),
                role: Role::Noun,
            }),
            s,
            None,
        );
    }

    /// A that-clause after a noun ends before the verb of the outer
    /// sentence; without a parser, at the clause end or at a second
    /// finite auxiliary (the outer sentence's).
    fn noun_clause_end(&self, c: usize, b: usize) -> usize {
        let doc = self.doc;
        let end = self.clause_end(c, b);
        let mut finite = (c..end).filter(|&i| {
            let t = &doc.toks[i];
            t.word() && !t.cap() && finite_aux(t.s)
        });
        finite.nth(1).unwrap_or(end)
    }

    /// `according to X, …` and `…, according to X.`
    fn according(&mut self, s: usize, at: usize) {
        let doc = self.doc;
        let (a, b) = doc.sents[s];
        if doc.quoted(at) {
            return;
        }
        // the source: up to the next comma or the end of the sentence
        let src_s = at + 2;
        let mut k = src_s;
        while k < b
            && !doc.toks[k].is_punct(',')
            && !doc.toks[k].is_punct('.')
            && doc.toks[k].kind != Tk::Open
        {
            k += 1;
        }
        let src = (src_s, k);
        if src_s >= k {
            return;
        }
        let trailing = k >= b
            || doc.toks[k].is_punct('.')
            || (k + 1..b).all(|i| doc.toks[i].kind == Tk::Punct || doc.toks[i].kind == Tk::Close);
        let cue = Cue {
            verb: at,
            src,
            role: Role::According,
        };
        if trailing {
            // content before: from the clause start to the comma before `according`
            if at == a || !doc.toks[at - 1].is_punct(',') {
                return;
            }
            let comma = at - 1;
            if self.relayed(s, comma) {
                return;
            }
            let c = self.clause_start(a, comma);
            if c >= comma || doc.toks[c].kind == Tk::Open {
                return;
            }
            let span = self.span_of(c, comma);
            self.push(span, Kind::Indirect, Some(cue), s, None);
        } else {
            // content after the source (and an appositive)
            let mut c = k + 1;
            if c < b {
                let t = &doc.toks[c];
                let appositive = t.word()
                    && (is_in(&["a", "an"], t.s)
                        || (!t.cap() && !t.is(lx::DETERMINERS) && !t.is(lx::SUBJECT_PRONOUNS)));
                if appositive {
                    if let Some(nc) = (c..b.min(c + 25)).find(|&i| doc.toks[i].is_punct(',')) {
                        c = nc + 1;
                    }
                }
            }
            if c >= b {
                return;
            }
            let end = self.clause_end(c, b);
            if end <= c {
                return;
            }
            let span = self.span_of(c, end);
            self.push(span, Kind::Indirect, Some(cue), s, None);
        }
    }

    /// The start of a clause reported after it (`Meanwhile, …, X said`):
    /// the sentence start without a narrator connective.
    fn clause_start(&self, a: usize, comma: usize) -> usize {
        let doc = self.doc;
        let mut c = a;
        // a dateline: `WASHINGTON (AP) — …`
        let upper = |t: &super::text::Token| {
            t.word()
                && t.s.chars().filter(|c| c.is_alphabetic()).count() >= 2
                && !t.s.chars().any(char::is_lowercase)
        };
        if c < comma && upper(&doc.toks[c]) {
            let lim = (c + 8).min(comma);
            if let Some(d) =
                (c..lim).find(|&i| doc.toks[i].is_punct('—') || doc.toks[i].is_punct('–'))
            {
                let head_ok = (c..d).all(|i| {
                    let t = &doc.toks[i];
                    upper(t) || t.cap() || t.is_punct('(') || t.is_punct(')') || t.is_punct(',')
                });
                if head_ok && d + 1 < comma {
                    c = d + 1;
                }
            }
        }
        if c + 1 < comma && doc.toks[c].is(lx::CONNECTIVES) && doc.toks[c + 1].is_punct(',') {
            c += 2;
        }
        c
    }

    /// `…, X said.` / `…, said X.` / `…, the newspaper writes.`
    // Kept out of line: it runs only at commas, and inlined into the
    // per-word sentence scan it slowed that loop (callgrind: 1.5% of
    // sieve's instructions).
    #[inline(never)]
    fn right_cue(&mut self, s: usize, comma: usize) {
        let doc = self.doc;
        let (a, b) = doc.sents[s];
        let n = comma + 1;
        if n >= b || comma == a {
            return;
        }
        // a closing mark before the comma belongs to a direct quote
        if doc.toks[comma - 1].kind == Tk::Close {
            return;
        }
        // the cue must run to the end of the sentence
        let rest_end = {
            let mut e = b;
            while e > n && matches!(doc.toks[e - 1].kind, Tk::Punct | Tk::Close) {
                e -= 1;
            }
            e
        };
        if rest_end <= n {
            return;
        }
        // `…, the mayor said Monday, a week after …`: a comma after the
        // verb and a word of time hands the rest back to the narrator
        let rest_end = {
            let lim = (n + 9).min(rest_end);
            (n + 1..lim)
                .find(|&v| {
                    doc.toks[v].is(lx::AFTER_QUOTE_VERBS)
                        && !doc.toks[v].cap()
                        && (v + 1..(v + 4).min(rest_end))
                            .find(|&k| !doc.toks[k].is(lx::TIME_WORDS))
                            .is_some_and(|k| k > v + 1 && doc.toks[k].is_punct(','))
                })
                .map_or(rest_end, |v| {
                    (v + 1..rest_end)
                        .find(|&k| doc.toks[k].is_punct(','))
                        .unwrap_or(rest_end)
                })
        };
        if rest_end - n > 25 {
            return;
        }
        let (v, src) = if doc.toks[n].is(lx::AFTER_QUOTE_VERBS) && !doc.toks[n].cap() {
            // `…, said X(, appositive).`: a noun phrase to the end or a comma
            let src = self.np_after(n + 1, b);
            let np_ok = src.0 < src.1
                && !doc.toks[src.0].is(lx::TIME_WORDS)
                && (src.1 >= rest_end || doc.toks[src.1].is_punct(','))
                && (src.0..src.1).all(|i| !finite_aux(doc.toks[i].s) && !cue_verb(doc, i));
            if !np_ok {
                return;
            }
            (n, src)
        } else {
            let lim = (n + 10).min(rest_end);
            let Some(v) =
                (n + 1..lim).find(|&v| doc.toks[v].is(lx::AFTER_QUOTE_VERBS) && !doc.toks[v].cap())
            else {
                return;
            };
            // (`…, her spokeswoman, Ana Beltran, said`: a description and
            // its name in apposition)
            let commas = (n..v).filter(|&i| doc.toks[i].is_punct(',')).count();
            let appositive = commas == 2
                && doc.toks[v - 1].is_punct(',')
                && doc.toks[v - 2].cap()
                && !doc.toks[n].is_punct(',');
            if !(n..v).all(|i| doc.toks[i].word() || (appositive && doc.toks[i].is_punct(',')))
                || noun_use(doc, v)
            {
                return;
            }
            if is_in(&["and", "but", "or", "who", "which", "that"], doc.toks[n].s) {
                return;
            }
            // nothing but a short adverbial (or an addressee) after the verb
            let tail = rest_end - (v + 1);
            let tail_ok = (v + 1..rest_end).all(|i| {
                let t = &doc.toks[i];
                !(is_word(doc, i, "that") || t.word() && finite_aux(t.s))
            });
            let opens_ok = tail == 0
                || doc.toks[v + 1].is(lx::ADVERBIAL_PREPS)
                || doc.toks[v + 1].is(lx::TIME_WORDS)
                || doc.toks[v + 1]
                    .is_in(&["to", "via", "after", "before", "when", "while", "from"])
                || doc.toks[v].is(lx::ADDRESSEE_VERBS);
            if !tail_ok || tail > 7 || !opens_ok {
                return;
            }
            (v, (n, v))
        };
        if src.0 >= src.1 {
            return;
        }
        if self.relayed(s, comma) {
            return;
        }
        let c = self.clause_start(a, comma);
        if c >= comma || doc.toks[c].kind == Tk::Open || !self.clause_like(c, comma) {
            return;
        }
        // `The opposition leader, Sarah Jones, said …`: words without a
        // verb that end in a name are the subject's appositive, not what
        // was said
        if !self.has_verb(c, comma) && doc.toks[comma - 1].cap() {
            return;
        }
        let span = self.span_of(c, comma);
        self.push(
            span,
            Kind::Indirect,
            Some(Cue {
                verb: v,
                src,
                role: Role::After,
            }),
            s,
            None,
        );
    }

    /// True when tokens `[c, e)` look like a finite clause, not a fronted
    /// adverbial (`Despite his remarks`): no opening preposition or
    /// connective, and a finite or past-tense verb or at least four words.
    fn clause_like(&self, c: usize, e: usize) -> bool {
        let doc = self.doc;
        let t0 = &doc.toks[c];
        if t0.is(lx::FRONTING) && !t0.is(lx::DETERMINERS) {
            return false;
        }
        e - c >= 4 || self.has_verb(c, e)
    }

    /// True when tokens `[c, e)` hold a lower-case word that looks like a
    /// verb: finite (`is`, `will`), past tense in `-ed`, or a cue verb.
    fn has_verb(&self, c: usize, e: usize) -> bool {
        let doc = self.doc;
        (c..e).any(|i| {
            let t = &doc.toks[i];
            t.word() && !t.cap() && (finite_aux(t.s) || t.s.ends_with("ed") || cue_verb(doc, i))
        })
    }

    /// True when a report already made in sentence `s` (`X said that …`,
    /// `…, citing …`) ends at the comma at `comma`: what follows the comma
    /// relays that report and is not a cue of its own.
    fn relayed(&self, s: usize, comma: usize) -> bool {
        let doc = self.doc;
        self.out.iter().rev().take(16).any(|f| {
            f.sent == s
                && f.kind == Kind::Indirect
                && f.cue
                    .is_some_and(|c| matches!(c.role, Role::Before | Role::Participle))
                && doc.tok_at(f.span.end) >= comma.saturating_sub(1)
        })
    }

    /// `It is reported by X.`: the content is the sentence before.
    fn reported_by(&mut self, s: usize, v: usize) {
        let doc = self.doc;
        let (_, b) = doc.sents[s];
        if s == 0 {
            return;
        }
        let mut e = b;
        while e > v + 2 && matches!(doc.toks[e - 1].kind, Tk::Punct) {
            e -= 1;
        }
        let src = (v + 2, e);
        let (pa, pb) = doc.sents[s - 1];
        if pa >= pb || doc.toks[pa].kind == Tk::Open {
            return;
        }
        let c = self.clause_start(pa, pb);
        let span = self.span_of(c, pb);
        self.push(
            span,
            Kind::Indirect,
            Some(Cue {
                verb: v,
                src,
                role: Role::ReportedBy,
            }),
            s - 1,
            None,
        );
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

    #[test]
    fn partial_inside_report() {
        let got = found("Gerasimov stated that the plans have “completely failed.”");
        assert_eq!(got.len(), 2);
        assert_eq!(got[1], ("completely failed.".to_string(), Kind::Partial));
    }
}
