//! Reports in headlines and subheads: a line with no full stop or
//! question mark at its end whose
//! words read `Subject verb clause` with a present-tense reporting verb
//! (data/lexicon/headline_verbs.txt) reports the clause, to the end of the
//! line or a `;`, `:` or dash: `CEO says worst "is behind us"`, `Halloran
//! trial: bookkeeper says owner told her to hide double billing`, `Ridge
//! Residents Say Turbines Will ''Ruin'' Tallow Crest` (title case: the
//! verb may be capitalised). Runs only on a line for which the sentence
//! rules found no report, and only when the clause shows a verb (`unions
//! vow a fight` reports nothing). Fails on a headline clause whose only
//! verb is a bare present (`Nurses say births move` is missed) and on a
//! trailing cue (`…, study finds` is left to the sentence rules).

use super::{Cue, Cx, Role};
use crate::model::Kind;
use crate::strategy::lexicon as lx;
use crate::strategy::text::Tk;

/// Longest headline line looked at, in tokens.
const MAX_HEADLINE: usize = 40;

impl<'d, 'a> Cx<'d, 'a> {
    /// The report of sentence `s` when it is a whole headline line (see
    /// the module doc; a question, `Q. Did you tell the board …?`, is no
    /// headline).
    pub(super) fn headline_report(&mut self, s: usize) {
        let doc = self.doc;
        let (a, b) = doc.sents[s];
        // (cheap tests first: a whole, short line with no full stop)
        if b <= a + 2 || b - a > MAX_HEADLINE {
            return;
        }
        let whole_line = (a == 0 || doc.toks[a - 1].kind == Tk::Break)
            && doc.toks.get(b).is_none_or(|t| t.kind == Tk::Break);
        if !whole_line || doc.toks[b - 1].is_punct('.') || doc.toks[b - 1].is_punct('?') {
            return;
        }
        if self
            .out
            .iter()
            .rev()
            .take_while(|f| f.sent == s)
            .any(|f| f.kind == Kind::Indirect)
        {
            return;
        }
        let Some(v) = (a + 1..b - 1).find(|&v| {
            let t = &doc.toks[v];
            t.word() && t.is(lx::HEADLINE_VERBS) && !doc.quoted(v)
        }) else {
            return;
        };
        let Some(src) = self.subject_before(v, a) else {
            return;
        };
        if src.1 != v || src.0 >= src.1 {
            return;
        }
        let mut c = v + 1;
        if doc.toks[c].is_in(&["that"]) {
            c += 1;
        }
        let end = (c..b)
            .find(|&i| {
                let t = &doc.toks[i];
                !doc.quoted(i)
                    && (t.is_punct(';') || t.is_punct(':') || t.is_punct('—') || t.is_punct('–'))
            })
            .unwrap_or(b);
        if end < c + 2 || doc.toks[c].is(lx::NON_CLAUSE_STARTS) || doc.toks[c].kind == Tk::Punct {
            return;
        }
        // the clause shows a verb: finite, past or a reporting verb, in any
        // case (a title-case headline capitalises it)
        let verb = (c + 1..end).any(|i| {
            let t = &doc.toks[i];
            t.word()
                && (t.is(lx::FINITE)
                    || (t.s.len() > 3 && t.s.ends_with("ed"))
                    || t.is(lx::PAST_TENSES)
                    || t.is(lx::SAY_VERBS))
        });
        if !verb {
            return;
        }
        let span = self.span_of(c, end);
        self.push(
            span,
            Kind::Indirect,
            Some(Cue {
                verb: v,
                src,
                role: Role::Before,
            }),
            s,
            None,
        );
    }
}
