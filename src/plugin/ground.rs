//! Text-grounded predictions (protocol 2): a plugin may name a quote by its
//! words (`"quote": "…"`) rather than by offsets, as LLM systems do.
//! [`ground`] finds those words in the document, folding the differences a
//! model introduces when it copies text (typographic quotation marks and
//! apostrophes, dashes, ellipses, runs of white space), and returns the
//! span, or why it cannot: the words are not in the text, or they occur
//! more than once and neither an `occurrence` number nor a `context` picks
//! one. It never guesses between equal occurrences.

use crate::model::Span;

/// How far (in folded bytes) from an occurrence a `context` may be.
const CONTEXT_WINDOW: usize = 200;

/// What a plugin said about where a quote is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Locator<'a> {
    /// The quote's words, as the plugin gave them.
    pub quote: &'a str,
    /// Which occurrence (1-based), when the words occur more than once.
    pub occurrence: Option<usize>,
    /// A few words from near the quote (e.g. `Jane Doe said`), to pick
    /// between occurrences.
    pub context: Option<&'a str>,
}

/// Why a quote could not be placed in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ungrounded {
    /// Nothing is left of the quote once quotation marks and white space
    /// are trimmed.
    Empty,
    /// The words are not in the text (not even after folding).
    NotFound,
    /// The words occur `count` times and nothing picks one.
    Ambiguous {
        /// How many times they occur.
        count: usize,
    },
    /// `occurrence` is past the number of occurrences.
    NoSuchOccurrence {
        /// The occurrence asked for.
        occurrence: usize,
        /// How many there are.
        count: usize,
    },
}

impl std::fmt::Display for Ungrounded {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Ungrounded::Empty => f.write_str("the quote is empty"),
            Ungrounded::NotFound => f.write_str("not in the text"),
            Ungrounded::Ambiguous { count } => write!(
                f,
                "occurs {count} times and neither \"occurrence\" nor \"context\" picks one"
            ),
            Ungrounded::NoSuchOccurrence { occurrence, count } => {
                write!(
                    f,
                    "occurrence {occurrence} asked for, but it occurs {count} time{}",
                    if *count == 1 { "" } else { "s" }
                )
            }
        }
    }
}

/// The folded form of a character: what [`ground`] compares.
fn fold_char(c: char) -> Option<&'static str> {
    Some(match c {
        '"' | '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{00AB}' | '\u{00BB}'
        | '\u{2033}' | '\u{301D}' | '\u{301E}' | '\u{FF02}' => "\"",
        '\'' | '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2039}' | '\u{203A}'
        | '\u{2032}' | '`' | '\u{00B4}' | '\u{FF07}' => "'",
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}'
        | '\u{2212}' | '\u{FE58}' | '\u{FE63}' | '\u{FF0D}' => "-",
        '\u{2026}' => "...",
        '\u{00AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' => "",
        _ => return None,
    })
}

/// `text` folded, and for each byte of the result the byte offset in
/// `text` of the character it came from (plus one entry for the end).
/// White space runs fold to one space.
fn fold(text: &str) -> (String, Vec<usize>) {
    let mut out = String::with_capacity(text.len());
    let mut map = Vec::with_capacity(text.len() + 1);
    let mut in_space = false;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            if !in_space {
                out.push(' ');
                map.push(i);
                in_space = true;
            }
            continue;
        }
        in_space = false;
        match fold_char(c) {
            Some(s) => {
                out.push_str(s);
                map.extend(std::iter::repeat_n(i, s.len()));
            }
            None => {
                out.push(c);
                map.extend(std::iter::repeat_n(i, c.len_utf8()));
            }
        }
    }
    map.push(text.len());
    (out, map)
}

/// A quote or context folded, with outer white space trimmed and, for a
/// quote, one pair of enclosing quotation marks taken off.
fn fold_needle(s: &str, strip_marks: bool) -> String {
    let (mut f, _) = fold(s);
    loop {
        let t = f.trim();
        let t = if strip_marks {
            t.strip_prefix('"')
                .and_then(|t| t.strip_suffix('"'))
                .unwrap_or(t)
        } else {
            t
        };
        if t.len() == f.len() {
            return f;
        }
        f = t.to_owned();
    }
}

/// A document's text folded once, to place any number of quotes in it.
pub struct Grounder<'t> {
    text: &'t str,
    folded: String,
    map: Vec<usize>,
}

impl<'t> Grounder<'t> {
    /// Folds `text`.
    pub fn new(text: &'t str) -> Self {
        let (folded, map) = fold(text);
        Grounder { text, folded, map }
    }

    /// Places a quote given by its words: see [`ground`].
    pub fn ground(&self, locator: &Locator<'_>) -> Result<Span, Ungrounded> {
        let needle = fold_needle(locator.quote, true);
        if needle.is_empty() {
            return Err(Ungrounded::Empty);
        }
        let hay = self.folded.as_bytes();
        let map = &self.map;
        let span = |s: usize| Span::new(map[s], map[s + needle.len()]);
        // An occurrence must cover at least one whole character of the text
        // (not two of the three dots an ellipsis folds to).
        let starts: Vec<usize> = memchr::memmem::find_iter(hay, needle.as_bytes())
            .filter(|&s| !span(s).is_empty() && self.text.is_char_boundary(span(s).end))
            .collect();
        let count = starts.len();
        if count == 0 {
            return Err(Ungrounded::NotFound);
        }
        if let Some(n) = locator.occurrence {
            return match n.checked_sub(1).and_then(|i| starts.get(i)) {
                Some(&s) => Ok(span(s)),
                None => Err(Ungrounded::NoSuchOccurrence {
                    occurrence: n,
                    count,
                }),
            };
        }
        if count == 1 {
            return Ok(span(starts[0]));
        }
        let context = locator
            .context
            .map(|c| fold_needle(c, false))
            .filter(|c| !c.is_empty());
        if let Some(context) = context {
            // The occurrence nearest to a mention of the context, if one is
            // strictly nearest and within the window.
            let mentions: Vec<usize> = memchr::memmem::find_iter(hay, context.as_bytes()).collect();
            let distance = |s: usize| {
                let e = s + needle.len();
                mentions
                    .iter()
                    .map(|&c| {
                        let ce = c + context.len();
                        if ce <= s {
                            s - ce
                        } else {
                            c.saturating_sub(e)
                        }
                    })
                    .min()
                    .unwrap_or(usize::MAX)
            };
            let mut by_distance: Vec<(usize, usize)> =
                starts.iter().map(|&s| (distance(s), s)).collect();
            by_distance.sort_unstable();
            let (best, s) = by_distance[0];
            if best <= CONTEXT_WINDOW && by_distance[1].0 > best {
                return Ok(span(s));
            }
        }
        Err(Ungrounded::Ambiguous { count })
    }
}

/// Places a quote given by its words in `text`: the one occurrence of its
/// folded words in the folded text; when they occur more than once, the
/// `occurrence`-th (1-based), else the one strictly nearest to `context`
/// (within 200 bytes); else none.
///
/// ```
/// use quotebench::plugin::ground::{ground, Locator, Ungrounded};
/// let text = "“We are ready,” Jane Doe said. “We are ready,” Bob said.";
/// // A space run folds to one space.
/// let one = Locator { quote: "Jane  Doe", ..Default::default() };
/// assert_eq!(&text[ground(text, &one).unwrap().start..][..8], "Jane Doe");
/// // Two equal occurrences: never a guess.
/// let two = Locator { quote: "\"We are ready,\"", ..Default::default() };
/// assert_eq!(ground(text, &two), Err(Ungrounded::Ambiguous { count: 2 }));
/// let bob = Locator { context: Some("Bob said"), ..two };
/// assert_eq!(ground(text, &bob).unwrap().start, 38);
/// ```
pub fn ground(text: &str, locator: &Locator<'_>) -> Result<Span, Ungrounded> {
    Grounder::new(text).ground(locator)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str, quote: &str) -> Result<String, Ungrounded> {
        let l = Locator {
            quote,
            ..Default::default()
        };
        ground(text, &l).map(|s| text[s.start..s.end].to_owned())
    }

    #[test]
    fn typographic_marks_dashes_and_space_fold() {
        let text = "He said: “It’s a long—very long—road,”\n  she replied …  later.";
        assert_eq!(
            at(text, "It's a long-very long-road,").unwrap(),
            "It’s a long—very long—road,"
        );
        assert_eq!(
            at(text, "\"It's a long\u{2013}very long").unwrap(),
            "“It’s a long—very long",
            "an unpaired mark is part of the words (the scorer trims it)"
        );
        assert_eq!(
            at(text, "road,\" she replied").unwrap(),
            "road,”\n  she replied"
        );
        assert_eq!(at(text, "replied ... later").unwrap(), "replied …  later");
        // Case is not folded: a quote must be the text's words.
        assert_eq!(at(text, "it's a long"), Err(Ungrounded::NotFound));
        assert_eq!(at(text, " \"\" "), Err(Ungrounded::Empty));
    }

    #[test]
    fn equal_occurrences_need_an_occurrence_or_a_context() {
        let text = "“No,” said Ann. Later: “No,” said Bob. Then “No,” said Ann again.";
        let l = |occurrence, context| Locator {
            quote: "No,",
            occurrence,
            context,
        };
        assert_eq!(
            ground(text, &l(None, None)),
            Err(Ungrounded::Ambiguous { count: 3 })
        );
        let second = ground(text, &l(Some(2), None)).unwrap();
        assert_eq!(second.start, text.find("No,” said Bob").unwrap());
        assert_eq!(
            ground(text, &l(Some(4), None)),
            Err(Ungrounded::NoSuchOccurrence {
                occurrence: 4,
                count: 3
            })
        );
        assert_eq!(ground(text, &l(None, Some("said Bob"))).unwrap(), second);
        // "said Ann" is near two occurrences: still ambiguous, no guess.
        assert_eq!(
            ground(text, &l(None, Some("said   Ann"))),
            Err(Ungrounded::Ambiguous { count: 3 })
        );
    }

    #[test]
    fn spans_fall_on_character_boundaries() {
        let text = "« Ça va », dit-elle — “très bien”.";
        let s = ground(
            text,
            &Locator {
                quote: "très bien",
                ..Default::default()
            },
        )
        .unwrap();
        assert_eq!(&text[s.start..s.end], "très bien");
    }
}
