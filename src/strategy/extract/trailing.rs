//! Indirect reports whose cue follows the content: `…, X said.`,
//! `…, said X.`, `…, the newspaper writes.`, and where such a clause starts
//! (after a dateline and a narrator connective).

use super::{cue_verb, finite_aux, is_word, noun_use, Cue, Cx, Role};
use crate::model::Kind;
use crate::strategy::lexicon::{self as lx, is_in};
use crate::strategy::text::Tk;

impl<'d, 'a> Cx<'d, 'a> {
    /// `…, X said.` / `…, said X.` / `…, the newspaper writes.`
    // Kept out of line: it runs only at commas, and inlined into the
    // per-word sentence scan it slowed that loop (callgrind: 1.5% of
    // sieve's instructions).
    #[inline(never)]
    pub(super) fn right_cue(&mut self, s: usize, comma: usize) {
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
        // (a cheap exit: both patterns below need an after-quote verb in
        // the first ten words after the comma, and the narrower ends
        // worked out next can only shorten that window; tried first, so
        // most commas cost no semicolon scan)
        let verb_within = |end: usize| {
            (n..(n + 10).min(end))
                .any(|v| doc.toks[v].is(lx::AFTER_QUOTE_VERBS) && !doc.toks[v].cap())
        };
        if !verb_within(rest_end) {
            return;
        }
        // `…, the statement said; faculty …`: a semicolon after the cue
        // starts another clause of the narrator's
        // (looked for only as far as a cue may reach: a longer rest fails
        // the length test below anyway)
        let rest_end = match (n..(n + 27).min(rest_end))
            .find(|&k| doc.toks[k].is_punct(';') && !doc.quoted(k))
        {
            Some(k) => {
                let mut e = k;
                while e > n && matches!(doc.toks[e - 1].kind, Tk::Punct | Tk::Close) {
                    e -= 1;
                }
                if e <= n || !verb_within(e) {
                    return;
                }
                e
            }
            None => rest_end,
        };
        if rest_end <= n {
            return;
        }
        // `…, the mayor said Monday, a week after …`: a comma after the
        // verb and a word of time hands the rest back to the narrator, and
        // so does a comma before a participle after the verb and an
        // adverbial (`…, the agency wrote on its Facebook page, adding
        // that …`, `…, the paper reported, citing logs`)
        let participle = |k: usize| {
            doc.toks
                .get(k + 1)
                .is_some_and(|p| p.word() && !p.cap() && p.s.ends_with("ing"))
        };
        let rest_end = {
            let lim = (n + 9).min(rest_end);
            (n + 1..lim)
                .find(|&v| {
                    doc.toks[v].is(lx::AFTER_QUOTE_VERBS)
                        && !doc.toks[v].cap()
                        && ((v + 1..(v + 4).min(rest_end))
                            .find(|&k| !doc.toks[k].is(lx::TIME_WORDS))
                            .is_some_and(|k| {
                                doc.toks[k].is_punct(',') && (k > v + 1 || participle(k))
                            })
                            || (v + 1..(v + 10).min(rest_end))
                                .find(|&k| !doc.toks[k].word() || finite_aux(&doc.toks[k]))
                                .is_some_and(|k| {
                                    k > v + 1
                                        && doc.toks[k].is_punct(',')
                                        && doc.toks[v + 1].is(lx::ADVERBIAL_PREPS)
                                        && participle(k)
                                }))
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
                && (src.0..src.1).all(|i| {
                    let t = &doc.toks[i];
                    // (`…, whose shop was hit, said the arrests brought
                    // relief`: a clause after the verb, not its source)
                    !finite_aux(t) && !cue_verb(doc, i) && (!t.is(lx::PAST_TENSES) || t.cap())
                });
            if !np_ok {
                return;
            }
            (n, src)
        } else {
            let lim = (n + 10).min(rest_end);
            // (`…, a notice posted by the commission said`: a participle
            // before `by` belongs to the subject)
            let Some(v) = (n + 1..lim).find(|&v| {
                doc.toks[v].is(lx::AFTER_QUOTE_VERBS)
                    && !doc.toks[v].cap()
                    && !(doc.toks[v].s.ends_with("ed") && is_word(doc, v + 1, "by"))
            }) else {
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
            // (`…, has not been charged`: auxiliaries and a negation are no
            // subject, and a passive is no report)
            let mut se = v;
            while se > n && {
                let t = &doc.toks[se - 1];
                !t.cap() && (finite_aux(t) || t.is_in(&["not", "never", "been", "being", "be"]))
            } {
                se -= 1;
            }
            let passive =
                doc.toks[v - 1].is_in(&["is", "was", "are", "were", "been", "being", "be"]);
            if se == n || passive {
                return;
            }
            // nothing but a short adverbial (or an addressee) after the verb
            // and its words of time (`…, researchers reported Tuesday in the
            // Northern Journal of Child Health`)
            let opens = |k: usize| {
                doc.toks[k].is(lx::ADVERBIAL_PREPS)
                    || doc.toks[k].is_in(&["to", "via", "after", "before", "when", "while", "from"])
            };
            let mut t0 = v + 1;
            while t0 < rest_end && doc.toks[t0].is(lx::TIME_WORDS) {
                t0 += 1;
            }
            let tail = rest_end - (v + 1);
            let tail_ok = (v + 1..rest_end).all(|i| {
                let t = &doc.toks[i];
                !(is_word(doc, i, "that") || t.word() && finite_aux(t))
            });
            let opens_ok = tail == 0
                || opens(v + 1)
                || doc.toks[v + 1].is(lx::TIME_WORDS)
                || doc.toks[v].is(lx::ADDRESSEE_VERBS);
            let short = tail <= 7 || (t0 < rest_end && opens(t0) && rest_end - t0 <= 7);
            if !tail_ok || !short || !opens_ok {
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

    /// True when a report already made in sentence `s` (`X said that …`,
    /// `…, citing …`) ends at the comma at `comma`: what follows the comma
    /// relays that report and is not a cue of its own.
    pub(super) fn relayed(&self, s: usize, comma: usize) -> bool {
        let doc = self.doc;
        self.out.iter().rev().take(16).any(|f| {
            f.sent == s
                && f.kind == Kind::Indirect
                && f.cue.is_some_and(|c| {
                    matches!(c.role, Role::Before | Role::Participle)
                        // (`…, which implies that …, the Tribune said`: a
                        // relative clause's report is the narrator's source
                        // for nothing)
                        && !(c.verb > 0 && is_word(doc, c.verb - 1, "which"))
                })
                && doc.tok_at(f.span.end) >= comma.saturating_sub(1)
        })
    }

    /// The start of a clause reported after it (`Meanwhile, …, X said`):
    /// the sentence start without a narrator connective.
    pub(super) fn clause_start(&self, a: usize, comma: usize) -> usize {
        let doc = self.doc;
        let mut c = a;
        // a dateline: `WASHINGTON (AP) — …`
        let upper = |t: &crate::strategy::text::Token| {
            t.word()
                && t.s.chars().filter(|c| c.is_alphabetic()).count() >= 2
                && !t.s.chars().any(char::is_lowercase)
        };
        if c < comma && upper(&doc.toks[c]) {
            let lim = (c + 8).min(comma);
            if let Some(d) = (c..lim).find(|&i| {
                let t = &doc.toks[i];
                t.is_punct('—') || t.is_punct('–') || t.is_punct('-')
            }) {
                let head_ok = (c..d).all(|i| {
                    let t = &doc.toks[i];
                    upper(t) || t.cap() || t.is_punct('(') || t.is_punct(')') || t.is_punct(',')
                });
                if head_ok && d + 1 < comma {
                    c = d + 1;
                    // (`--`: a typewriter dash of two hyphens)
                    while c + 1 < comma && doc.toks[c].is_punct('-') {
                        c += 1;
                    }
                }
            }
        }
        if c + 1 < comma && doc.toks[c].is(lx::CONNECTIVES) && doc.toks[c + 1].is_punct(',') {
            c += 2;
        }
        c
    }
}
