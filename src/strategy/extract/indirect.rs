//! Indirect reports whose cue comes first: `X said (that) …` (with an
//! addressee or an aside between the verb and the clause), `X's statements
//! that …`, `according to X, …` / `…, according to X`, and `It is reported
//! by X.` (the content is the sentence before).
//!
//! Rules after `X said …` and when they fail:
//! * negated or withheld speech reports nothing (`would not say whether`,
//!   `has not said`, `stopped short of saying how much`, `declined to say`);
//!   a reported negation (`did not say that …` meant as a claim) is lost;
//! * a verb that usually takes `that` (`estimated`, `announced`) reports
//!   a clause without it only when a short subject and a finite verb or
//!   modal follow it at once (`estimated the grounding would cost`);
//! * without `that`, the clause must show a finite verb (`is`, `will`, a
//!   past in `-ed` or a listed irregular past) before its first comma, a
//!   present tense right after its subject (`said it now expects`, `said
//!   most patients recover`: see `present_verb`), or open with a short
//!   subject followed by a quotation that starts on a verb (`said the
//!   ruling “gives them hope.”`); a verb right after `and`/`or` shares
//!   the cue's subject and shows no clause; `her` opens a subject after a
//!   verb without an addressee (`said her guards had`), `about` before a
//!   number an approximation (`said about 1,200 homes`);
//! * the verb that closes a quotation (`“…,” Lee told about 80 parents`,
//!   `she said when pressed`) reports no that-less clause after it;
//! * a preposition's noun after the verb is not a subject (`said in a
//!   notice posted Friday`);
//! * `that` before `to` is a demonstrative (`I expect that to be days`,
//!   `she said that to the board`): nothing is reported;
//! * `wrote that A and that B` gives a row for each that-clause, both with
//!   the one cue;
//! * a report inside a non-restrictive relative clause (`Reed, who said
//!   that …, stopped`) ends at the comma before the main predicate (a
//!   comma followed by a finite, `-ed` or cue verb); a comma-set
//!   participle inside the report ends it early.

use super::{cue_verb, finite_aux, is_word, withholds, Cue, Cx, Role};
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
        if v >= a + 2 && withholds(doc, v - 2) {
            return;
        }
        if self.withheld(v, a) || self.in_question(v, a, b) {
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
            // (`said it had received reports of units that …`: a finite
            // verb before `that` has begun the clause, and its `that` is
            // a relative pronoun)
            if t.kind != Tk::Word || cue_verb(doc, k) || (k > v + 1 && !t.cap() && finite_aux(t)) {
                break;
            }
            k += 1;
        }
        let c = match that {
            // (`I expect that to be days`: a demonstrative `that` before
            // `to` opens no clause)
            Some(t) if is_word(doc, t + 1, "to") => return,
            Some(t) => t + 1,
            None => {
                if !say && !self.thatless(v, limit) {
                    return;
                }
                // the verb that closes a quotation (`“…,” Lee told about
                // 200 residents`, `“…,” she said when pressed`) has its
                // content in the quotation: what follows it without
                // `that` is an addressee or the narrator's adverbial
                let closes_quote = self.out.iter().rev().take(8).any(|f| {
                    f.cue
                        .is_some_and(|cu| cu.verb == v && matches!(cu.role, Role::After))
                });
                if closes_quote {
                    return;
                }
                let mut c = v + 1;
                // `For now, Roscoe said, the cards stay …`: a cue set off by
                // commas after a fronted adverbial reports the clause after it
                if doc.toks.get(c).is_some_and(|t| t.is_punct(',')) && self.interrupting(v, a) {
                    c += 1;
                }
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
                    // (`told her the plan`: `her` was the whole addressee)
                    let pronoun = c > v + 1
                        && doc.toks[c - 1].is_in(&["her", "his", "their"])
                        && doc.toks[c].is(lx::DETERMINERS);
                    if c == c0 && c < limit && doc.toks[c].word() && !pronoun {
                        c += 1;
                    }
                }
                // adverbials: `on Tuesday`, `last week`
                while c < limit && doc.toks[c].is(lx::ADVERBIAL_PREPS) {
                    c += 1;
                    // `at the meeting`, `in a notice`: the preposition's
                    // noun is not the clause's subject
                    if c + 1 < limit
                        && doc.toks[c].is(lx::DETERMINERS)
                        && doc.toks[c].word()
                        && !doc.toks[c].cap()
                    {
                        let n = &doc.toks[c + 1];
                        if n.word() && !n.cap() && !finite_aux(n) {
                            c += 2;
                            continue;
                        }
                    }
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
                // `said her guards had`: after a verb that takes no
                // addressee, `her` is a possessive opening the subject;
                // `said about 1,200 homes`: `about` before a number is an
                // approximation, not a preposition
                let next = doc.toks.get(c + 1);
                let subject_her = t.s.eq_ignore_ascii_case("her")
                    && !doc.toks[v].is(lx::ADDRESSEE_VERBS)
                    && next.is_some_and(|n| n.word() && !n.cap());
                let approximation =
                    t.s.eq_ignore_ascii_case("about") && next.is_some_and(|n| n.kind == Tk::Num);
                // (`a plan he said would save`: a finite verb straight
                // after the cue has its subject outside, in a relative
                // clause; nothing is reported)
                if (t.is(lx::NON_CLAUSE_STARTS) && !subject_her && !approximation)
                    || cue_verb(doc, c)
                    || (t.word() && !t.cap() && finite_aux(t))
                {
                    return;
                }
                // a finite verb soon after, before any comma or quotation
                // (a dash aside is passed over: `said the payments -- about
                // $900 a month, according to the filings -- would keep`)
                let mut lim = (c + 12).min(limit);
                let mut stop = lim;
                let mut i = c;
                while i < lim {
                    let t = &doc.toks[i];
                    if t.kind == Tk::Open || t.is_punct(',') || t.is_punct(';') || t.is_punct(':') {
                        stop = i;
                        break;
                    }
                    if let Some(close) = (t.kind == Tk::Punct)
                        .then(|| self.dash_aside(i, limit))
                        .flatten()
                    {
                        lim = (close + 5).min(limit);
                        stop = lim;
                        i = close + 1;
                        continue;
                    }
                    i += 1;
                }
                // (a verb right after `and`/`or` shares the cue's subject,
                // `which added 300 engineers and opened an office`: no
                // sign of a clause)
                let finite = |i: usize| {
                    let t = &doc.toks[i];
                    t.word()
                        && !(i > c && doc.toks[i - 1].is_in(&["and", "or"]))
                        && (finite_aux(t)
                            || (i > c
                                && !t.cap()
                                && (t.s.ends_with("ed") || t.is(lx::PAST_TENSES))))
                };
                // (`said the bridges, on Mill Street, would close`: a
                // short subject, an appositive, then the verb)
                // (not after a quotation: `“…,” said Lee, 44, who has`
                // names the speaker)
                let after_quote = v > a
                    && (doc.toks[v - 1].kind == Tk::Close
                        || doc.toks[v - 1].is_punct(',')
                            && v > a + 1
                            && doc.toks[v - 2].kind == Tk::Close);
                let past_appositive = || {
                    !after_quote
                        && stop < limit
                        && stop - c <= 4
                        && doc.toks[stop].is_punct(',')
                        && (stop + 2..(stop + 14).min(limit))
                            .find(|&i| doc.toks[i].is_punct(','))
                            .is_some_and(|c2| {
                                !doc.toks
                                    .get(c2 + 1)
                                    .is_some_and(|t| t.is_in(&["who", "which", "whose", "where"]))
                                    && (c2 + 1..(c2 + 4).min(limit)).any(finite)
                            })
                };
                if !(c..stop).any(|i| finite(i) || self.present_verb(c, i))
                    && !self.quoted_predicate(c, stop)
                    && !past_appositive()
                {
                    return;
                }
                c
            }
        };
        if c >= limit {
            return;
        }
        // (`I’m not going to tell a widow that`: the first person,
        // contracted, is no named subject)
        let first_person =
            |t: &crate::strategy::text::Token| t.s.starts_with("I'") || t.s.starts_with("I’");
        let src = if in_q {
            match self.subject_before(v, a) {
                Some((ss, se))
                    if doc.toks[ss..se]
                        .iter()
                        .any(|t| t.cap() && !t.is(lx::SUBJECT_PRONOUNS) && !first_person(t)) =>
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
        let mut end = self.clause_end(c, limit);
        if end <= c {
            return;
        }
        if self.in_relative(v, a) {
            end = self.relative_end(c, end);
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
        // `wrote that A and that B`: the second that-clause is its own row
        // with the same cue
        let mut k = end;
        if doc.toks.get(k).is_some_and(|t| t.is_punct(',')) {
            k += 1;
        }
        if k + 2 < limit && self.and_that(k) {
            let c2 = k + 2;
            let mut end2 = self.clause_end(c2, limit);
            if self.in_relative(v, a) {
                end2 = self.relative_end(c2, end2);
            }
            if end2 > c2 {
                let span = self.span_of(c2, end2);
                self.push(
                    span,
                    Kind::Indirect,
                    Some(Cue { verb: v, src, role }),
                    s,
                    None,
                );
            }
        }
    }

    /// True when a reporting verb that usually takes `that` (`estimated`,
    /// `announced`, `confirmed`) reports a clause without it: right after
    /// the verb, a short subject (one to four words or numbers, no `that`,
    /// `which`, `who`, `and`, `of`) and a lower-case finite verb or modal
    /// (`estimated the grounding would cost`, `announced it would close`).
    /// Not for a present in `-s` (`Judge rules X must …`, a headline's).
    /// Fails on a longer subject (`announced the three new campus rules
    /// would apply` is missed).
    pub(super) fn thatless(&self, v: usize, limit: usize) -> bool {
        let doc = self.doc;
        let c = v + 1;
        // (a present in `-s` is a headline's, `Judge rules Drayton Mills
        // must restore …`: headline.rs has its own verbs)
        if c >= limit || doc.toks[v].s.ends_with('s') {
            return false;
        }
        let t0 = &doc.toks[c];
        if !(t0.word() || t0.kind == Tk::Num)
            || t0.is(lx::NON_CLAUSE_STARTS)
            || (!t0.cap() && finite_aux(t0))
        {
            return false;
        }
        let lim = (c + 5).min(limit);
        let Some(k) = (c + 1..lim).find(|&k| {
            let t = &doc.toks[k];
            !(t.word() || t.kind == Tk::Num) || (t.word() && !t.cap() && finite_aux(t))
        }) else {
            return false;
        };
        let t = &doc.toks[k];
        t.word()
            && (c..k).all(|i| {
                let w = &doc.toks[i];
                !w.is_in(&["that", "which", "who", "and", "or", "of", "to"]) && !cue_verb(doc, i)
            })
    }

    /// True when the cue verb at `v` and its short subject interrupt the
    /// sentence after a fronted adverbial, set off by commas (`At that
    /// pace, she said, the system …`, `If lawmakers miss the deadline, the
    /// court said, it will …`): the part before the subject shows no verb
    /// (`-ed`, finite or a cue), is at most 15 tokens long and does not
    /// end in a quotation (`“…,” she said, adding`). Fails on a fronted clause whose verb is a bare
    /// present (`If lawmakers miss …` passes; so would `The cards stay,
    /// she said, until …`).
    pub(super) fn interrupting(&self, v: usize, a: usize) -> bool {
        let doc = self.doc;
        if !doc.toks.get(v + 1).is_some_and(|t| t.is_punct(',')) {
            return false;
        }
        let Some((ss, se)) = self.subject_before(v, a) else {
            return false;
        };
        // (the fronted part is short: a bound, so a sentence with no end
        // costs no scan to its start per cue)
        se == v
            && se - ss <= 5
            && ss >= a + 2
            && ss - a <= 16
            && doc.toks[ss - 1].is_punct(',')
            && doc.toks[ss - 2].kind != Tk::Close
            && !doc.toks[ss].is_in(&["who", "which", "and", "but"])
            && !self.has_verb(a, ss - 1)
    }

    /// True when the cue verb at `v` reports nothing: negated (`would not
    /// say whether`, `hasn't said`, `never said`) or withheld (`stopped
    /// short of saying how much`). Fails on a negation that is itself
    /// reported (`did not say that he would stay` is also skipped).
    pub(super) fn withheld(&self, v: usize, a: usize) -> bool {
        let doc = self.doc;
        if v == a {
            return false;
        }
        let p = &doc.toks[v - 1];
        let negated = p.word()
            && (p.is_in(&["not", "never"]) || p.s.ends_with("n't") || p.s.ends_with("n’t"));
        let short_of = v >= a + 2 && is_word(doc, v - 1, "of") && is_word(doc, v - 2, "short");
        negated || short_of
    }

    /// True when the cue verb at `v` sits in a direct question opening on
    /// an inverted auxiliary (`Did you tell the board the plan could be
    /// cut?`): a question reports nothing.
    pub(super) fn in_question(&self, v: usize, a: usize, b: usize) -> bool {
        let doc = self.doc;
        let mut e = b;
        while e > v + 1 && doc.toks[e - 1].kind == Tk::Close {
            e -= 1;
        }
        if e == 0 || !doc.toks[e - 1].is_punct('?') {
            return false;
        }
        (a..v).any(|k| {
            let t = &doc.toks[k];
            t.cap()
                && !doc.quoted(k)
                && t.is_in(&[
                    "did", "do", "does", "will", "would", "can", "could", "have", "has",
                ])
        })
    }

    /// True when the word at `i` of a clause opening at `c` is a verb in
    /// the present tense, told by its place after the subject: an `-s`
    /// form right after a name or `he`/`she`/`it` (adverbs such as `now`
    /// between: `said Calloway intends`, `said it now expects`), or a
    /// bare form right after a determiner, at most one more word and a
    /// plural noun (`said most patients recover`, `said the drugs work`,
    /// `said the paper cards stay`, `said the new rules apply`). Fails on
    /// irregular plurals (`most children recover`), on longer subjects
    /// (`said the three new rules apply`) and on a plural noun after a
    /// name (`said Acme shares`, taken as a verb).
    pub(super) fn present_verb(&self, c: usize, i: usize) -> bool {
        let doc = self.doc;
        let t = &doc.toks[i];
        if i <= c || !t.word() || t.cap() || !t.s.bytes().all(|b| b.is_ascii_lowercase()) {
            return false;
        }
        let mut p = i - 1;
        while p > c && doc.toks[p].is(lx::AUX_ADVERBS) && !doc.toks[p].cap() {
            p -= 1;
        }
        let prev = &doc.toks[p];
        let s_form = t.s.len() > 3
            && t.s.ends_with('s')
            && !["ss", "us", "is"].iter().any(|e| t.s.ends_with(e));
        if s_form {
            // the subject is the whole stretch from the clause start: a
            // pronoun, or a name (`Ms. Calloway`, `Acme Corp`)
            let pronoun = p == c && prev.is_in(&["he", "she", "it"]);
            let name = (c..=p).all(|k| {
                let w = &doc.toks[k];
                w.is_punct('.')
                    || w.word()
                        && w.cap()
                        && !w.possessive()
                        && !w.is(lx::SUBJECT_PRONOUNS)
                        && !w.is(lx::TIME_WORDS)
            }) && doc.toks[p].word();
            return pronoun || name;
        }
        let closed = t.is(lx::NON_CLAUSE_STARTS)
            || t.is(lx::ADVERBIAL_PREPS)
            || t.is(lx::DETERMINERS)
            || t.is(lx::CONNECTORS)
            || t.is(lx::AUX_ADVERBS)
            || t.is_in(&["and", "or", "but", "than", "that", "which", "who", "were"])
            || t.s.ends_with("ly")
            || t.s.ends_with("ing")
            || t.s.ends_with('s');
        // (a noun before the plural: `said the paper cards stay`)
        let compound = p == c + 2 && {
            let m = &doc.toks[c + 1];
            m.word()
                && !m.cap()
                && !m.s.ends_with("ly")
                && !m.s.ends_with('s')
                && !m.is(lx::NON_CLAUSE_STARTS)
                && !m.is(lx::ADVERBIAL_PREPS)
                && !m.is(lx::AUX_ADVERBS)
                && !finite_aux(m)
        };
        p == i - 1
            && (p == c + 1 || compound)
            && doc.toks[c].is(lx::DETERMINERS)
            && !doc.toks[c].is_in(&["a", "an", "this", "that", "one", "another"])
            && prev.word()
            && !prev.cap()
            && prev.s.len() > 3
            && prev.s.ends_with('s')
            && !prev.s.ends_with("ss")
            && !closed
    }

    /// True when tokens `[c, stop)` are a short subject (`the ruling`,
    /// `her son`, `Ms. Ames`) and a quotation opening at `stop` continues
    /// the clause with its verb (`said the ruling “gives them hope.”`).
    pub(super) fn quoted_predicate(&self, c: usize, stop: usize) -> bool {
        let doc = self.doc;
        if stop <= c || stop - c > 4 || stop + 1 >= doc.toks.len() {
            return false;
        }
        if doc.toks[stop].kind != Tk::Open {
            return false;
        }
        let t0 = &doc.toks[c];
        let subject_start = t0.cap()
            || t0.is(lx::DETERMINERS)
            || t0.is(lx::POSSESSIVES)
            || t0.is(lx::SUBJECT_PRONOUNS);
        let words = (c..stop).all(|i| {
            let t = &doc.toks[i];
            t.word() && !t.is(lx::ADVERBIAL_PREPS) && !t.is_in(&["of", "for", "with"])
        });
        // the quotation opens on a verb: finite, `-ed` or `-s`
        let inner = &doc.toks[stop + 1];
        let verb = finite_aux(inner)
            || inner.s.ends_with("ed")
            || (inner.s.len() > 3 && inner.s.ends_with('s') && !inner.s.ends_with("ss"));
        subject_start && words && inner.word() && !inner.cap() && verb
    }

    /// True when the cue verb at `v` is the verb of a non-restrictive
    /// relative clause (`Reed, who said last week that …, stopped`).
    pub(super) fn in_relative(&self, v: usize, a: usize) -> bool {
        let doc = self.doc;
        let mut k = v;
        while k > a && doc.toks[k - 1].is(lx::AUX_ADVERBS) && !doc.toks[k - 1].cap() {
            k -= 1;
        }
        k >= a + 2 && doc.toks[k - 1].is_in(&["who", "which"]) && doc.toks[k - 2].is_punct(',')
    }

    /// The end of a report made inside a relative clause: at the comma
    /// that closes the relative clause before the sentence's main
    /// predicate (`…, stopped short of`, `…, has said`), else `end`.
    /// Fails when a comma inside the report is followed by a verb
    /// (`who said the plan, funded in May, was late` stops at `funded`).
    pub(super) fn relative_end(&self, c: usize, end: usize) -> usize {
        let doc = self.doc;
        (c + 1..end.min(doc.toks.len().saturating_sub(1)))
            .find(|&i| {
                let n = &doc.toks[i + 1];
                doc.toks[i].is_punct(',')
                    && !doc.quoted(i)
                    && n.word()
                    && !n.cap()
                    && (finite_aux(n) || n.s.ends_with("ed") || cue_verb(doc, i + 1))
            })
            .unwrap_or(end)
    }

    /// True when tokens `k..` read `and that` / `but that` opening a
    /// second that-clause (not the demonstrative `and that was …`).
    pub(super) fn and_that(&self, k: usize) -> bool {
        let doc = self.doc;
        doc.toks[k].is_in(&["and", "but"])
            && is_word(doc, k + 1, "that")
            && doc
                .toks
                .get(k + 2)
                .is_some_and(|t| t.word() && !finite_aux(t))
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
            t.word() && !t.cap() && finite_aux(t)
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
        if src_s >= k {
            return;
        }
        // (`the payments -- about $9,000 a year, according to figures
        // filed with the commission -- would let him`: a source inside a
        // dash aside backs a figure, not a clause of its own)
        if (src_s..k).any(|i| {
            let t = &doc.toks[i];
            t.is_punct('—') || t.is_punct('–') || t.is_punct('-')
        }) {
            return;
        }
        let rest_trivial =
            |from: usize| (from..b).all(|i| matches!(doc.toks[i].kind, Tk::Punct | Tk::Close));
        // `…, according to the county auditor, Wes Tindall.`: a name set
        // off by a comma and closing the sentence is the source's
        // appositive, not content
        let mut name_end = k + 1;
        while name_end < b && doc.toks[name_end].cap() && doc.toks[name_end].word() {
            name_end += 1;
        }
        let appositive_name = k < b
            && doc.toks[k].is_punct(',')
            && name_end > k + 1
            && name_end - (k + 1) <= 4
            && rest_trivial(name_end);
        let src = if appositive_name {
            (src_s, name_end)
        } else {
            (src_s, k)
        };
        let trailing =
            k >= b || doc.toks[k].is_punct('.') || rest_trivial(k + 1) || appositive_name;
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
