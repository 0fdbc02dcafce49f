//! The source phrase of a cue: the noun phrase after an inverted verb
//! (`said Pasi Paroinen, an analyst`), the subject before a verb (over
//! appositives, lists of sources and relative pronouns), and the subject of
//! the clause a participle continues (`…, adding that`).

use super::{cue_verb, finite_aux, is_word, Cx, MAX_BACK};
use crate::strategy::lexicon::{self as lx, is_in};
use crate::strategy::text::Tk;

impl<'d, 'a> Cx<'d, 'a> {
    /// The noun phrase after a verb (`said Pasi Paroinen, an analyst`):
    /// up to the next comma or the end of the sentence.
    pub(super) fn np_after(&self, from: usize, b: usize) -> (usize, usize) {
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
    pub(super) fn subject_before(&self, v: usize, floor: usize) -> Option<(usize, usize)> {
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
                    t.word() && !t.cap() && (finite_aux(t) || cue_verb(doc, i))
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
    pub(super) fn subject_of(&self, v: usize, a: usize) -> (usize, usize) {
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
    pub(super) fn main_subject(&self, a: usize, before: usize) -> Option<(usize, usize)> {
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
    pub(super) fn np_at(&self, s: usize, e: usize) -> Option<(usize, usize)> {
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
                && !finite_aux(t)
            {
                nouns += 1;
                k += 1;
                continue;
            }
            break;
        }
        Some((s, k))
    }
}
