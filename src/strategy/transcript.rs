//! Q&A transcripts: printed exchanges, one turn a line after a speaker
//! label (`Q.`/`A.`, `Q:`/`A:`, or a name and a colon), as
//! gold/GUIDELINES.md §2.1 describes them. A line counts as a turn only
//! when the line before or after it is labelled too (a lone `Name: …`
//! headline or a `Photo: …` caption is no transcript).
//!
//! The speakers of `Q` and `A` come from the sentence that introduces the
//! exchange: with a questioning verb (`Ferrante questioned … Leon Marsh`)
//! its first name asks and the next answers; otherwise (`Brightwater
//! spoke with the Ledger`) the first name answers and the next asks.
//! Everything here runs once per quote that reaches it, never per token.

use super::names::Names;
use super::text::Doc;

/// The label of a transcript line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Label<'a> {
    /// `Q.` or `Q:`: the interviewer's turn.
    Question,
    /// `A.` or `A:`: the interviewee's turn.
    Answer,
    /// `Name:`: the named speaker's turn.
    Named(&'a str),
}

/// Verbs after which the introducing sentence's first name is the one
/// asking the questions.
const ASKING: &[&str] = &[
    "questioned",
    "asked",
    "interviewed",
    "examined",
    "cross-examined",
    "pressed",
    "quizzed",
    "grilled",
];

/// The longest line looked at, in bytes: a longer one is no transcript
/// turn, and no scan runs further than this from a quote.
const MAX_LINE: usize = 4000;

/// The longest label and white space before a turn's words, in bytes.
const LABEL_MAX: usize = 64;

/// The start of the line holding byte `pos`, if it starts no more than
/// [`MAX_LINE`] bytes before it.
pub(crate) fn line_start(text: &str, pos: usize) -> Option<usize> {
    let lo = pos.saturating_sub(MAX_LINE);
    match memchr::memrchr(b'\n', &text.as_bytes()[lo..pos]) {
        Some(i) => Some(lo + i + 1),
        None if lo == 0 => Some(0),
        None => None,
    }
}

/// The end of the line holding byte `pos`, if it ends no more than
/// [`MAX_LINE`] bytes after it.
fn line_end(text: &str, pos: usize) -> Option<usize> {
    let hi = (pos + MAX_LINE).min(text.len());
    match memchr::memchr(b'\n', &text.as_bytes()[pos..hi]) {
        Some(i) => Some(pos + i),
        None if hi == text.len() => Some(hi),
        None => None,
    }
}

/// The label a line opens with, and the byte where its words start.
fn label_of(line: &str) -> Option<(Label<'_>, usize)> {
    let head = line.trim_start();
    let lead = line.len() - head.len();
    let marks = [
        (Label::Question, "Q."),
        (Label::Question, "Q:"),
        (Label::Answer, "A."),
        (Label::Answer, "A:"),
    ];
    // (every mark opens with `Q` or `A`: other lines skip the four tests)
    let qa = matches!(head.as_bytes().first(), Some(b'Q' | b'A'));
    for (l, mark) in marks.into_iter().filter(|_| qa) {
        if let Some(rest) = head.strip_prefix(mark) {
            if rest.starts_with([' ', '\t']) {
                let words = rest.len() - rest.trim_start().len();
                return Some((l, lead + mark.len() + words));
            }
        }
    }
    // `Name: words`: up to three capitalised words before the colon
    let colon = name_label(head)?;
    let name = &head[..colon];
    if name.eq_ignore_ascii_case("photo") || name.eq_ignore_ascii_case("related") {
        return None;
    }
    let rest = &head[colon + 1..];
    let words = rest.len() - rest.trim_start().len();
    Some((Label::Named(name), lead + colon + 1 + words))
}

/// The byte of the first `: ` in `head` when what stands before it could
/// be a label's name: at most three words split by single spaces, of
/// letters, `-` and `.` only. Stops at the first byte that rules a name
/// out, so a long line costs no scan to its end (the old
/// `head.find(": ")` then a test of the words before it gave the same
/// answer: any byte ruled out here would have stood inside the name).
/// Kept for the tests: [`label_of`] uses `name_label`.
#[cfg(test)]
fn name_colon(head: &str) -> Option<usize> {
    let mut spaces = 0;
    for (i, c) in head.char_indices() {
        match c {
            ':' => return head[i + 1..].starts_with(' ').then_some(i),
            ' ' => {
                spaces += 1;
                if spaces > 2 {
                    return None;
                }
            }
            '-' | '.' => {}
            c if c.is_alphabetic() => {}
            _ => return None,
        }
    }
    None
}

/// The byte of the first `: ` in `head` when what stands before it could
/// be a label's name: at most three words split by single spaces, of
/// letters, `-` and `.` only, each opening with a capital (`Ann Lee:
/// …`). Stops at the first byte that rules a name out, so an ordinary
/// line costs a few bytes (`The mayor …` ends at `m`). The test
/// `name_colon_agrees_with_the_first_colon_and_space` checks it against
/// the earlier two steps (the colon, then the capitals).
fn name_label(head: &str) -> Option<usize> {
    let mut spaces = 0;
    let mut word_start = true;
    for (i, c) in head.char_indices() {
        if word_start {
            if !c.is_uppercase() {
                return None;
            }
            word_start = false;
        }
        match c {
            ':' => return head[i + 1..].starts_with(' ').then_some(i),
            ' ' => {
                spaces += 1;
                if spaces > 2 {
                    return None;
                }
                word_start = true;
            }
            '-' | '.' => {}
            c if c.is_alphabetic() => {}
            _ => return None,
        }
    }
    None
}

/// The non-empty line before (`back`) or after the line starting at
/// `at` (a few blank lines apart at most).
fn neighbour(text: &str, at: usize, back: bool) -> Option<(usize, &str)> {
    let mut s = at;
    for _ in 0..4 {
        let (a, b) = if back {
            let end = s.checked_sub(1)?;
            (line_start(text, end)?, end)
        } else {
            let a = line_end(text, s)? + 1;
            if a > text.len() {
                return None;
            }
            (a, line_end(text, a)?)
        };
        let line = &text[a..b];
        if !line.trim().is_empty() {
            return Some((a, line));
        }
        s = a;
    }
    None
}

/// The transcript label of the line holding byte `pos`, the byte where
/// its words start, and the start of the line: `None` unless the line is
/// a turn of a transcript (a labelled neighbour line).
pub(crate) fn turn_at(text: &str, pos: usize) -> Option<(Label<'_>, usize, usize)> {
    let pos = pos.min(text.len());
    if !text.is_char_boundary(pos) {
        return None;
    }
    // a turn's words start right after its short label: a position far
    // from its line's start is no turn's start, and costs no line scan
    let lo = pos.saturating_sub(LABEL_MAX);
    if lo > 0 && memchr::memchr(b'\n', &text.as_bytes()[lo..pos]).is_none() {
        return None;
    }
    let s = line_start(text, pos)?;
    let e = line_end(text, pos)?;
    let (label, words) = label_of(&text[s..e])?;
    let labelled = |back| neighbour(text, s, back).is_some_and(|(_, l)| label_of(l).is_some());
    if !labelled(true) && !labelled(false) {
        return None;
    }
    Some((label, s + words, s))
}

/// The name answered for the person mention `n`: a titled surname two
/// people share is the one the title first meant
/// ([`Names::title_bearer`]), else the fullest name
/// ([`Names::fullest_at`]).
fn person(doc: &Doc, names: &Names, n: &super::names::Name) -> String {
    names
        .title_bearer(doc, n)
        .unwrap_or_else(|| names.fullest_at(n.text, n.na, n.titled))
        .to_owned()
}

/// The speaker of the transcript turn holding byte `pos`: the named
/// label, or the interviewer (`Q`) or interviewee (`A`) of the sentence
/// introducing the exchange.
pub(crate) fn speaker(doc: &Doc, names: &Names, pos: usize) -> Option<String> {
    let (label, _, line) = turn_at(doc.text, pos)?;
    if let Label::Named(name) = label {
        let k = names.first_ending_after(doc.tok_at(line));
        return match names.list.get(k) {
            Some(n) if n.person && doc.toks[n.a].start == line => Some(person(doc, names, n)),
            _ => Some(name.to_owned()),
        };
    }
    // the first line of the exchange
    let mut first = line;
    while let Some((s, l)) = neighbour(doc.text, first, true) {
        if label_of(l).is_none() {
            break;
        }
        first = s;
    }
    let tok = doc.tok_at(first);
    let sent = *doc
        .sent_of
        .get(tok.min(doc.sent_of.len().checked_sub(1)?))? as usize;
    let sent = if doc.sents.get(sent).is_some_and(|&(a, _)| a >= tok) {
        sent.checked_sub(1)?
    } else {
        sent
    };
    // the nearest of the three sentences before it that names someone
    for sn in (sent.saturating_sub(2)..=sent).rev() {
        let (a, b) = doc.sents[sn];
        let k = names.first_ending_after(a);
        let mut who: Vec<(usize, String)> = Vec::new();
        for n in names.list[k..].iter().take_while(|n| n.a < b) {
            let the_org = !n.person && n.a > 0 && doc.toks[n.a - 1].s.eq_ignore_ascii_case("the");
            if !n.quoted && !n.poss && (n.person || the_org) {
                let text = if n.person {
                    person(doc, names, n)
                } else {
                    n.text.to_owned()
                };
                who.push((n.b, text));
            }
        }
        let Some((subject_end, _)) = who.first().cloned() else {
            continue;
        };
        let asking = who.get(1).is_some_and(|(_, _)| {
            (subject_end..b).any(|i| doc.toks[i].word() && doc.toks[i].is_in(ASKING))
        });
        let mut it = who.into_iter().map(|(_, t)| t);
        let (s, o) = (it.next(), it.next());
        let (asker, answerer) = if asking { (s, o) } else { (o, s) };
        return match label {
            Label::Question => asker,
            _ => answerer,
        };
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn who(text: &str, at: &str) -> Option<String> {
        let doc = Doc::new(text);
        let names = Names::new(&doc);
        speaker(&doc, &names, text.find(at).expect("in the text"))
    }

    #[test]
    fn questions_and_answers_after_a_questioning_verb() {
        let t = "At the hearing, Tom Lind questioned the plant manager, Ada Moss, about the leak. From the record:\n\nQ. Did you see the valve?\n\nA. I saw it on Monday.\n";
        assert_eq!(who(t, "Did you").as_deref(), Some("Tom Lind"));
        assert_eq!(who(t, "I saw").as_deref(), Some("Ada Moss"));
    }

    #[test]
    fn an_interview_with_an_outlet_and_named_labels() {
        let t = "Dr. Ada Moss runs the lab. Moss spoke with the Courier on Friday:\n\nQ: Was it a surprise?\n\nMoss: Not at all.\n";
        assert_eq!(who(t, "Was it").as_deref(), Some("Courier"));
        assert_eq!(who(t, "Not at").as_deref(), Some("Ada Moss"));
    }

    /// `label_of`'s name test as it was before `name_colon`: the first
    /// `: `, then the words before it.
    fn old_name_label(head: &str) -> Option<usize> {
        let colon = head.find(": ")?;
        let name = &head[..colon];
        let words: Vec<&str> = name.split(' ').collect();
        let name_shaped = words.len() <= 3
            && words.iter().all(|w| {
                w.chars().next().is_some_and(char::is_uppercase)
                    && w.chars().all(|c| c.is_alphabetic() || c == '-' || c == '.')
            });
        name_shaped.then_some(colon)
    }

    #[test]
    fn name_colon_agrees_with_the_first_colon_and_space() {
        let alphabet = [
            "A", "b", "Q", "é", "É", " ", ":", ": ", "-", ".", "1", "x", "Ann", "’", "\t",
        ];
        // every string of up to four pieces of the alphabet
        let mut cases = vec![String::new()];
        let mut frontier = vec![String::new()];
        for _ in 0..4 {
            let mut next = Vec::new();
            for s in &frontier {
                for p in alphabet {
                    next.push(format!("{s}{p}"));
                }
            }
            cases.extend(next.iter().cloned());
            frontier = next;
        }
        for head in &cases {
            let new = name_colon(head).filter(|&c| {
                head[..c]
                    .split(' ')
                    .all(|w| w.chars().next().is_some_and(char::is_uppercase))
            });
            assert_eq!(new, old_name_label(head), "{head:?}");
            assert_eq!(name_label(head), new, "{head:?}");
        }
        assert_eq!(name_colon("Ann Lee: yes"), Some(7));
        assert_eq!(name_colon("One two three four: no"), None);
    }

    #[test]
    fn a_lone_label_is_no_transcript() {
        let t = "Tom Lind spoke.\n\nMayor Lind: We will rebuild\n\nThe storm hit on Monday.\n";
        assert_eq!(who(t, "We will"), None);
        let t = "Tom Lind spoke.\n\nPhoto: A flooded road.\n\nA: none\n";
        assert_eq!(turn_at(t, t.find("A flooded").unwrap()), None);
    }
}
