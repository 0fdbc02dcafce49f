//! Q&A transcript lines (gold/GUIDELINES.md 2.1): in a printed exchange,
//! one turn a line after a speaker label (`Q.`/`A.`, `Q:`/`A:`, or a name
//! and a colon: `Brightwater: No. We designed …`), each line is a direct
//! quotation whose span is the whole line after the label.
//!
//! A line counts only inside a block of consecutive labelled lines (blank
//! lines between them allowed) that holds at least one `Q` label, or that
//! is an exchange of named turns: at least three lines, two names or more
//! (none a page label such as `Photo` or `Related`), one of them taking a
//! second turn (`Lantern: …` / `Marchbanks: …` / `Lantern: …`). So a lone
//! `Name: words` headline, or `Photo: …` and `Related: …` boilerplate side
//! by side, is not a transcript. A name label is the cue (`:`) and source
//! of its line; `Q`/`A` lines have no cue (the speaker is the interviewer
//! or the one introduced before the exchange). Fails on a named exchange of
//! two lines only, on a list of three or more labelled facts in which a
//! label repeats (taken as a transcript), and on labels of more than three
//! words.

use super::{page_labels, Cue, Cx, Role};
use crate::model::{Kind, Span};
use crate::strategy::lexicon::is_in;

/// True for a name-shaped transcript label: one to three words, each
/// capitalised and made of letters, `.`, `-` and apostrophes.
fn name_shaped(name: &str) -> bool {
    (1..=3).contains(&name.split(' ').count())
        && name.split(' ').all(|w| {
            w.chars().next().is_some_and(char::is_uppercase)
                && w.chars()
                    .all(|c| c.is_alphabetic() || matches!(c, '.' | '-' | '\'' | '’'))
        })
}

/// The label of a transcript line: its byte length up to and including the
/// separator, and whether it is a `Q`/`A` label.
fn label(line: &str) -> Option<(usize, bool)> {
    let b = line.as_bytes();
    if b.len() > 3 && matches!(b[0], b'Q' | b'A') && matches!(b[1], b'.' | b':') && b[2] == b' ' {
        return Some((2, true));
    }
    // a name: one to three capitalised words, then `: `
    let colon = line.find(": ")?;
    let ok = name_shaped(&line[..colon]);
    (ok && colon + 2 < line.len()).then_some((colon + 1, false))
}

/// The longest label looked for by [`named_lines`], in bytes.
const NAMED_LABEL_MAX: usize = 40;

/// True when at least three lines of `text` open with a name label
/// (`Name: words`, the name as [`label`] takes it): the cheap test before a
/// named exchange is looked for. Visits only the colons of the text and
/// the few bytes before each.
fn named_lines(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut count = 0;
    for h in memchr::memchr_iter(b':', bytes) {
        if bytes.get(h + 1) != Some(&b' ') {
            continue;
        }
        let lo = h.saturating_sub(NAMED_LABEL_MAX);
        let ls = match memchr::memrchr(b'\n', &bytes[lo..h]) {
            Some(i) => lo + i + 1,
            None if lo == 0 => 0,
            None => continue,
        };
        let Some(name) = text.get(ls..h) else {
            continue;
        };
        if name_shaped(name.trim_start()) {
            count += 1;
            if count >= 3 {
                return true;
            }
        }
    }
    false
}

impl<'d, 'a> Cx<'d, 'a> {
    /// True when a block of labelled lines without a `Q` label is an
    /// exchange of named turns: three lines or more, at least two names,
    /// one of them labelling two lines, and no name a page label
    /// (data/lexicon/page_labels.txt: `Photo`, `Related`, `Credit`).
    fn named_exchange(&self, block: &[(usize, usize, bool, usize)]) -> bool {
        if block.len() < 3 {
            return false;
        }
        let text = self.doc.text;
        let mut names: Vec<&str> = Vec::with_capacity(block.len());
        for &(ls, len, qa, _) in block {
            if qa {
                return false;
            }
            let name = text[ls..ls + len].trim_end_matches(':');
            let last = name.rsplit(' ').next().unwrap_or(name);
            if is_in(page_labels(), last) {
                return false;
            }
            names.push(name);
        }
        let mut distinct = names.clone();
        distinct.sort_unstable();
        distinct.dedup();
        distinct.len() >= 2 && distinct.len() < names.len()
    }

    /// Adds the lines of every Q&A transcript in the document.
    pub(super) fn transcripts(&mut self) {
        let doc = self.doc;
        let text = doc.text;
        // (cheap exit: no line opens with `Q`, and fewer than three lines
        // open with a name label)
        if !text.starts_with('Q')
            && memchr::memmem::find(text.as_bytes(), b"\nQ").is_none()
            && !named_lines(text)
        {
            return;
        }
        // labelled lines as (line start, label length, is Q/A, line end),
        // grouped into blocks
        let mut block: Vec<(usize, usize, bool, usize)> = Vec::new();
        let mut has_q = false;
        let mut pos = 0;
        for raw in text.split_inclusive('\n') {
            let start = pos;
            pos += raw.len();
            let line = raw.trim_end();
            let lead = line.len() - line.trim_start().len();
            let line_t = line.trim_start();
            if line_t.is_empty() {
                continue;
            }
            match label(line_t) {
                Some((len, qa)) => {
                    has_q |= qa && line_t.starts_with('Q');
                    block.push((start + lead, len, qa, start + line.len()));
                }
                None => {
                    self.flush_transcript(&block, has_q);
                    block.clear();
                    has_q = false;
                }
            }
        }
        self.flush_transcript(&block, has_q);
    }

    fn flush_transcript(&mut self, block: &[(usize, usize, bool, usize)], has_q: bool) {
        let doc = self.doc;
        if block.len() < 2 || !(has_q || self.named_exchange(block)) {
            return;
        }
        for &(ls, len, qa, le) in block {
            let rest = &doc.text[ls + len..le];
            let cs = ls + len + (rest.len() - rest.trim_start().len());
            if cs >= le {
                continue;
            }
            let first = doc.tok_at(ls);
            let content = doc.tok_at(cs);
            if content >= doc.toks.len() {
                continue;
            }
            let cue = (!qa && content > first + 1).then(|| Cue {
                verb: content - 1,
                src: (first, content - 1),
                role: Role::Colon,
            });
            let sent = doc.sent_of[content] as usize;
            self.push(Span::new(cs, le), Kind::Direct, cue, sent, None);
        }
    }
}
