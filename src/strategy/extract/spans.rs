//! Where a reported clause ends: at a comma that opens a cue, a narrator's
//! break or a coordinated clause with its own reporting verb or its own
//! `that`; and the byte span of a token range without its trailing
//! punctuation. Also the cheap clause tests (`clause_like`, `has_verb`)
//! the cue rules share.
//!
//! The narrator's breaks are data (data/lexicon/narrator_breaks.txt):
//! `as`, `while`, `although` and participles of consequence (`, posing
//! another problem`, `, leading the firm to`). A participle not listed
//! stays in the span (`, easing the burden on …`), so an unlisted
//! narrator participle is taken in. `, as …` is kept when it is the
//! speaker's (`as long as`, `as soon as`, or the reason for a prediction:
//! the clause holds `would`/`will`/`could`/`might`/`may`, and the `as`
//! clause's first verb is no simple past: `, as the audience began filing
//! out` is the narrator's); a narrator explaining a prediction in another
//! tense is then taken in.

use super::{cue_verb, finite_aux, is_word, withholds, Cx, MAX_CLAUSE};
use crate::model::Span;
use crate::strategy::lexicon::{self as lx, is_in};
use crate::strategy::text::Tk;

impl<'d, 'a> Cx<'d, 'a> {
    /// The end (exclusive token) of a reported clause starting at `c`.
    pub(super) fn clause_end(&self, c: usize, b: usize) -> usize {
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
                if self.breaks_after_comma(c, n, b) {
                    return if t.kind == Tk::Close { i + 1 } else { i };
                }
            }
            // `it could be — that was my reading`: a dash opening a new
            // clause (a pronoun and a finite verb) ends the report
            if (t.is_punct('—') || t.is_punct('–')) && self.dash_clause(i, lim) {
                return i;
            }
            // `the payments -- about $9,000 a year, according to the
            // filings -- would let him`: an aside between two dashes is
            // passed over whole, its commas breaking nothing
            if t.kind == Tk::Punct {
                if let Some(close) = self.dash_aside(i, lim) {
                    i = close + 1;
                    continue;
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
                // (`… but stopped short of saying how many`: a withholding
                // verb shares the narrator's subject, not the report's)
                // (`said it was “deeply disappointed” and accused the union
                // of …`: a past verb of comment or blame after `and` is the
                // speaker's next act, told by the narrator)
                let comment = n < b && {
                    let w = &doc.toks[n];
                    w.word() && !w.cap() && w.is(lx::FRAGMENT_VERBS) && w.s.ends_with("ed")
                };
                if n < b && (cue_verb(doc, n) || withholds(doc, n)) || comment || self.and_that(i) {
                    return i;
                }
            }
            i += 1;
        }
        lim
    }

    /// True when the words at `n` after a comma start something that is
    /// not part of the reported clause starting at `c`: a narrator's
    /// break (`as`, `while`, a participle of consequence such as
    /// `posing` or `leading`: data/lexicon/narrator_breaks.txt), a cue,
    /// or a coordinated clause with its own subject and cue.
    pub(super) fn breaks_after_comma(&self, c: usize, n: usize, b: usize) -> bool {
        let doc = self.doc;
        if n >= b {
            return false;
        }
        let t = &doc.toks[n];
        if !t.word() {
            return false;
        }
        if t.is(lx::NARRATOR_BREAKS) && !t.cap() {
            return !self.reported_as(c, n);
        }
        if is_in(&["and", "but"], t.s) && self.and_that(n) {
            return true;
        }
        if self.narrator_appositive(n, b) {
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
            // (`…, and declined to say whether …`: a past tense right
            // after `, and` has no subject of its own and continues the
            // narrator's sentence, not the report)
            let past = m < b && {
                let w = &doc.toks[m];
                w.word() && !w.cap() && (w.s.ends_with("ed") || w.is(lx::PAST_TENSES))
            };
            if m < b && cue_verb(doc, m) || past {
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
            if finite_aux(w) {
                return false;
            }
        }
        false
    }

    /// True when the dash at `d` opens a new independent clause (`— that
    /// was`, `— it is`, `— they will`) and closes no aside (no second
    /// dash before `lim`). Fails on an unclosed aside that is a clause.
    pub(super) fn dash_clause(&self, d: usize, lim: usize) -> bool {
        let doc = self.doc;
        let (Some(p), Some(f)) = (doc.toks.get(d + 1), doc.toks.get(d + 2)) else {
            return false;
        };
        p.word()
            && (p.is(lx::SUBJECT_PRONOUNS) || p.is_in(&["that", "this", "there"]))
            && f.word()
            && finite_aux(f)
            && !(d + 1..lim).any(|i| doc.toks[i].is_punct('—') || doc.toks[i].is_punct('–'))
    }

    /// The closing dash of an aside opening with the dash at `d` (`—`,
    /// `–`, or the typewriter `--`), if one closes it within 30 tokens and
    /// before `lim`, with a word before each dash and a comma inside.
    /// Fails on an aside without a comma (passed over by the ordinary
    /// scan, which comes to the same end).
    pub(super) fn dash_aside(&self, d: usize, lim: usize) -> Option<usize> {
        let doc = self.doc;
        let dash = |i: usize| {
            let t = &doc.toks[i];
            t.is_punct('—')
                || t.is_punct('–')
                || (t.is_punct('-')
                    && doc.toks.get(i + 1).is_some_and(|n| n.is_punct('-'))
                    && doc.toks[i + 1].start == t.end())
        };
        if !dash(d) || d == 0 || !doc.toks[d - 1].word() {
            return None;
        }
        let open_end = if doc.toks[d].is_punct('-') { d + 1 } else { d };
        let mut comma = false;
        for i in open_end + 1..lim.min(open_end + 30) {
            let t = &doc.toks[i];
            if t.kind == Tk::Break {
                return None;
            }
            comma |= t.is_punct(',');
            if dash(i) {
                let end = if t.is_punct('-') { i + 1 } else { i };
                return (comma && doc.toks[i - 1].word()).then_some(end);
            }
        }
        None
    }

    /// True when a noun phrase after the comma at `n - 1` runs to the end
    /// of the sentence (`…, a figure the rival campaign called fantasy`,
    /// `…, the second delay in a year`) and holds no personal pronoun: the
    /// narrator's comment on the report. With a pronoun it states the
    /// speaker's own words and stays (`…, a process he described as …`,
    /// `…, a number she expected to rise`). Fails when the narrator's
    /// comment names the speaker by pronoun.
    pub(super) fn narrator_appositive(&self, n: usize, b: usize) -> bool {
        let doc = self.doc;
        if !doc.toks[n].is_in(&["a", "an", "the"]) || doc.toks[n].cap() {
            return false;
        }
        let lim = b.min(n + 40);
        if lim < b {
            return false;
        }
        (n + 1..lim).all(|i| {
            let t = &doc.toks[i];
            doc.quoted(i) || !(t.is_punct(',') || t.is_punct(';') || t.is(lx::SUBJECT_PRONOUNS))
        })
    }

    /// True when the `as` at `n` continues what the speaker said rather
    /// than the narrator's circumstances: a condition or comparison (`as
    /// long as`, `as soon as`, `as well as`), or the reason for a
    /// prediction (the clause `[c, n)` holds `would`, `will`, `could`,
    /// `might` or `may`: `the delay would cost $9 million, as buyers would
    /// switch`), or a reason in the past perfect (`no calls were lost, as
    /// dispatchers had practiced the fallback`); never when the `as`
    /// clause holds a reporting verb of its own (`prices will rise, as
    /// the agency reported in May`) or is an elliptical comparison (`as it
    /// did in 1982`) or tells in a simple past what was happening (`he
    /// would bring it back, as the audience began filing out`). Fails when
    /// the speaker's reason is a simple past (`prices will fall, as demand
    /// slowed` loses its `as` clause) and when the narrator's clause has
    /// another verb form (`as the audience is filing out` is taken in).
    pub(super) fn reported_as(&self, c: usize, n: usize) -> bool {
        let doc = self.doc;
        if !is_word(doc, n, "as") {
            return false;
        }
        if doc
            .toks
            .get(n + 1)
            .is_some_and(|t| t.is_in(&["long", "soon", "well", "much", "far"]))
        {
            return true;
        }
        // the `as` clause itself, to its comma: a report in it is the
        // narrator's (`as the agency reported in May`), a past perfect the
        // speaker's reason (`no calls were lost, as dispatchers had
        // practiced the fallback`)
        let lim = (n + 16).min(doc.toks.len());
        let own_end = (n + 1..lim)
            .find(|&i| doc.toks[i].is_punct(',') || doc.toks[i].kind == Tk::Break)
            .unwrap_or(lim);
        let mut reported = false;
        let mut perfect = false;
        for i in n + 1..own_end {
            let t = &doc.toks[i];
            if t.word() && !t.cap() {
                reported |= cue_verb(doc, i);
                perfect |= t.s.eq_ignore_ascii_case("had");
            }
        }
        // (`…, as it did in 1982`: an elliptical comparison, the
        // narrator's; `do`/`did`/`does` then the clause's end or a
        // preposition)
        let elliptical = (n + 2..(n + 5).min(own_end)).any(|i| {
            doc.toks[i].is_in(&["did", "do", "does"])
                && (i + 1 == own_end
                    || doc.toks[i + 1].is(lx::ADVERBIAL_PREPS)
                    || doc.toks[i + 1].is_in(&["for", "with", "during", "before", "after", "last"])
                    || doc.toks[i + 1].kind == Tk::Punct)
        });
        // (`he would bring it back, as the audience began filing out`: an
        // `as` clause whose first verb, after a subject, is a simple past
        // tells what was happening while the speaker spoke)
        let narrated = (n + 1..own_end)
            .find(|&i| {
                let t = &doc.toks[i];
                t.word()
                    && !t.cap()
                    && (finite_aux(t) || t.s.ends_with("ed") || t.is(lx::PAST_TENSES))
            })
            .is_some_and(|i| i >= n + 2 && !finite_aux(&doc.toks[i]));
        if reported || elliptical || narrated {
            return false;
        }
        perfect
            || (c..n).any(|i| {
                let t = &doc.toks[i];
                t.word()
                    && !doc.quoted(i)
                    && (t.is_in(&["would", "will", "could", "might", "may"])
                        || t.s.ends_with("'ll")
                        || t.s.ends_with("’ll"))
            })
    }

    /// The byte span of tokens `[c, end)` without trailing commas and
    /// sentence punctuation (kept when a closing mark follows it).
    pub(super) fn span_of(&self, c: usize, end: usize) -> Span {
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

    /// True when tokens `[c, e)` look like a finite clause, not a fronted
    /// adverbial (`Despite his remarks`): no opening preposition or
    /// connective, and a finite or past-tense verb or at least four words.
    pub(super) fn clause_like(&self, c: usize, e: usize) -> bool {
        let doc = self.doc;
        let t0 = &doc.toks[c];
        if t0.is(lx::FRONTING) && !t0.is(lx::DETERMINERS) {
            return false;
        }
        e - c >= 4 || self.has_verb(c, e)
    }

    /// True when tokens `[c, e)` hold a lower-case word that looks like a
    /// verb: finite (`is`, `will`), past tense in `-ed`, or a cue verb.
    pub(super) fn has_verb(&self, c: usize, e: usize) -> bool {
        let doc = self.doc;
        (c..e).any(|i| {
            let t = &doc.toks[i];
            t.word() && !t.cap() && (finite_aux(t) || t.s.ends_with("ed") || cue_verb(doc, i))
        })
    }
}
