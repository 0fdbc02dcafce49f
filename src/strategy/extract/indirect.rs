//! Indirect reports whose cue comes first: `X said (that) …` (with an
//! addressee or an aside between the verb and the clause), `X's statements
//! that …`, `according to X, …` / `…, according to X`, and `It is reported
//! by X.` (the content is the sentence before).

use super::{cue_verb, finite_aux, is_word, Cue, Cx, Role};
use crate::model::Kind;
use crate::strategy::lexicon::{self as lx, is_in};
use crate::strategy::text::Tk;

impl<'d, 'a> Cx<'d, 'a> {
    /// A clause after the reporting verb at `v` (`said (that) …`).
    pub(super) fn left_cue(&mut self, s: usize, v: usize) {
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

    /// `X's (recent) statements that …`.
    pub(super) fn noun_cue(&mut self, s: usize, n: usize) {
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
    pub(super) fn noun_clause_end(&self, c: usize, b: usize) -> usize {
        let doc = self.doc;
        let end = self.clause_end(c, b);
        let mut finite = (c..end).filter(|&i| {
            let t = &doc.toks[i];
            t.word() && !t.cap() && finite_aux(t.s)
        });
        finite.nth(1).unwrap_or(end)
    }

    /// `according to X, …` and `…, according to X.`
    pub(super) fn according(&mut self, s: usize, at: usize) {
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

    /// `It is reported by X.`: the content is the sentence before.
    pub(super) fn reported_by(&mut self, s: usize, v: usize) {
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
