//! Direct and partial quotations: a quotation found by the tokenizer gets
//! its kind (direct when set off from the narration, partial when built
//! into the narrator's sentence) and its cue (`“…,” X said`, `X said: “…”`,
//! a colon lead-in, a headline `“…” Name verb`, or the nearest reporting
//! verb before a partial quote). A quotation over several paragraphs is
//! a row per paragraph; quotations in single marks nested in one are rows
//! of their own; a clause ending in a quotation whose cue follows it
//! (`Sales are “the whole story,” said Lee`) is also an indirect row.
//! `called` is a naming word (`a play called “Tides”`) unless a personal
//! subject says it (`which she called “a scandal”`).

use super::{cue_verb, finite_aux, is_word, Cue, Cx, Role, MAX_BACK};
use crate::model::{Kind, Span};
use crate::strategy::lexicon::{self as lx, is_in};
use crate::strategy::text::Tk;

/// How many tokens before a quotation a colon or semicolon lead-in is
/// looked for (a bound: without it a sentence with no end made every
/// quotation in it scan back to its start, quadratic on a 1 MB line).
const LEAD_IN_WINDOW: usize = 64;

impl<'d, 'a> Cx<'d, 'a> {
    pub(super) fn quotation(&mut self, s: usize, qi: usize, headlines: bool) {
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
            // (`which she called “a slow emergency”`, `a claim her
            // campaign called “false”`: a naming verb with a personal
            // subject before it reports that subject's words)
            let said_by = p.is(lx::FRAGMENT_VERBS) && q.open >= a + 2 && {
                let s1 = &doc.toks[q.open - 2];
                let personal = s1.word()
                    && !s1.cap()
                    && s1.is(lx::SUBJECT_PRONOUNS)
                    && !s1.s.eq_ignore_ascii_case("it");
                let owned = q.open >= a + 3
                    && s1.word()
                    && !s1.cap()
                    && doc.toks[q.open - 3].is_in(&["her", "his", "their", "our", "my"]);
                personal || owned
            };
            if (p.is(lx::NAMING_WORDS) && !said_by) || known_as {
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
                    // (`“…,” though he acknowledged that`: a subordinate
                    // clause of the narrator's, not the quotation's cue)
                    let ok = (j..v).all(|k| {
                        let t = &doc.toks[k];
                        (t.word()
                            && (t.cap() || !finite_aux(t))
                            && !cue_verb(doc, k)
                            && (!t.is(lx::NARRATOR_BREAKS) || t.s.ends_with("ing"))
                            && !t.is_in(&["because", "since", "if", "unless", "until"]))
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
        // `Sales are “the whole story,” said Ann Lee.`: a clause of the
        // narrator's sentence ending in the quotation, with the cue after
        // it, is the speaker's report (an indirect row through the
        // closing mark; the quotation is its partial row)
        // (the source must stand after the quotation: `“…,” argued on
        // Monday that` is the sentence's own verb)
        let source_after = |c: &Cue| c.src.0 > close && c.src.0 < c.src.1;
        if let Some(cu) =
            cue.filter(|c| c.role == Role::After && kind == Kind::Partial && source_after(c))
        {
            // (after a colon or semicolon lead-in: `Lee: the plan “…,” she said`;
            // looked for among the 64 tokens before the quotation, so a
            // sentence with no end costs no scan to its start per quotation)
            let lead = (a.max(q.open.saturating_sub(LEAD_IN_WINDOW))..q.open)
                .rev()
                .find(|&i| doc.toks[i].is_punct(':') || doc.toks[i].is_punct(';'))
                .map_or(a, |i| i + 1);
            let c = self.clause_start(lead, q.open);
            if c < q.open && doc.toks[c].kind != Tk::Open && self.clause_like(c, q.open) {
                let end = doc.toks[close].end();
                self.push(
                    Span::new(doc.toks[c].start, end),
                    Kind::Indirect,
                    Some(cu),
                    s,
                    None,
                );
            }
        }
        self.paragraphs(span, kind, cue, s, qi);
        self.nested(qi);
    }

    /// Quotations in single marks nested in quotation `qi` (`“He told
    /// me, ‘Not now,’ and left,” she said.`, `"…and said, 'You made my
    /// week,'" Lind said.`): each is a direct row without a cue (its
    /// speaker is found next to it, see `sieve.rs`). An opening mark
    /// follows a space, a comma or the outer mark and touches the next
    /// word; a closing mark touches the word or punctuation before it and
    /// not the next word (so `don't`, `Pilots'` and `’90s` open or close
    /// nothing). Only a quotation holding a single mark is scanned.
    fn nested(&mut self, qi: usize) {
        let doc = self.doc;
        let q = doc.quotes[qi];
        let content = &doc.text[q.start..q.end];
        if !content.contains('\'') && !content.contains('‘') {
            return;
        }
        let stop = q.close.unwrap_or(q.last);
        let single = |k: usize, open: bool| {
            let t = &doc.toks[k];
            t.kind == Tk::Punct && (t.s == "'" || t.s == if open { "‘" } else { "’" })
        };
        let mut k = q.open + 1;
        while k + 2 < stop {
            let t = &doc.toks[k];
            let before_ok = k == q.open + 1
                || doc.text[..t.start]
                    .chars()
                    .next_back()
                    .is_some_and(char::is_whitespace);
            let touches_next = doc.toks[k + 1].start == t.end() && doc.toks[k + 1].word();
            if !(single(k, true) && before_ok && touches_next) {
                k += 1;
                continue;
            }
            let close = (k + 2..stop).find(|&j| {
                single(j, false)
                    && doc.toks[j].start == doc.toks[j - 1].end()
                    && doc
                        .toks
                        .get(j + 1)
                        .is_none_or(|n| n.start > doc.toks[j].end() || !n.word())
            });
            let Some(j) = close else {
                return;
            };
            let sent = doc.sent_of[k + 1] as usize;
            self.push(
                Span::new(doc.toks[k].end(), doc.toks[j].start),
                Kind::Direct,
                None,
                sent,
                None,
            );
            k = j + 1;
        }
    }

    /// Pushes quotation `qi` (content `span`) as one row per paragraph:
    /// a quotation over several paragraphs (each reopening with a mark,
    /// gold/GUIDELINES.md 2.1) is a direct row per paragraph, the span of
    /// an open paragraph running to its end. Every row keeps the
    /// quotation's cue and index, so a later paragraph takes the first
    /// one's speaker. Only the quotation's marks and breaks are visited.
    fn paragraphs(&mut self, span: Span, kind: Kind, cue: Option<Cue>, s: usize, qi: usize) {
        let doc = self.doc;
        let q = doc.quotes[qi];
        let stop = q.close.unwrap_or(q.last);
        let marks = &doc.ev.marks;
        let lo = marks.partition_point(|&m| (m as usize) <= q.open);
        let mut from = span.start;
        let mut sent = s;
        for &m in &marks[lo..] {
            let m = m as usize;
            if m >= stop {
                break;
            }
            let reopens = doc.toks[m].kind == Tk::Break
                && m > q.open + 1
                && doc.toks.get(m + 1).is_some_and(|t| t.kind == Tk::Open);
            if reopens {
                let end = doc.toks[m - 1].end();
                if end > from {
                    let k = if from == span.start {
                        kind
                    } else {
                        Kind::Direct
                    };
                    self.push(Span::new(from, end), k, cue, sent, Some(qi));
                }
                from = doc.toks[m + 1].end();
                sent = doc.sent_of.get(m + 2).map_or(sent, |&x| x as usize);
            }
        }
        let k = if from == span.start {
            kind
        } else {
            Kind::Direct
        };
        self.push(Span::new(from, span.end.max(from)), k, cue, sent, Some(qi));
    }

    /// `Name verb` right after a headline quotation.
    pub(super) fn headline_subject(&self, nx: usize) -> Option<(usize, usize)> {
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
}
