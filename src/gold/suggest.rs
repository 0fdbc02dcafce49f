//! `gold suggest`: the quotes a strategy finds in one document that the
//! gold set does not label yet, as ready-to-edit `quotebench gold add`
//! command lines, so that an annotator starts from candidates instead of a
//! blank page.
//!
//! Suggestions are only candidates: the strategy's span, kind and speaker
//! can all be wrong. The cue and the mention are guessed from the shared
//! extractor's cues (the reporting word and the source phrase as written,
//! GUIDELINES.md §5), so a labeller accepts or corrects them; where there
//! is no guess they are left as placeholders (`CUE`, `MENTION`,
//! `SPEAKER_ID`) that `gold add` refuses until they are edited. How often
//! the guesses are right on a labelled corpus: [`guess_accuracy`]. Nothing
//! here writes; [`super::edit`] does.

use super::edit::{
    is_quoted, kind_misfit, line_of, occurrences, speaker_in_document, OPENING_MARKS,
};
use super::Corpus;
use crate::error::{Error, Result};
use crate::model::{Kind, Span};
use crate::score::align::ratio;
use crate::score::{trim_span, Settings};
use crate::strategy::Strategy;
use std::fmt::Write;
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// Placeholder for a cue the annotator must fill in.
pub const CUE_PLACEHOLDER: &str = "CUE";
/// Placeholder for a mention the annotator must fill in.
pub const MENTION_PLACEHOLDER: &str = "MENTION";
/// Placeholder for a speaker id the annotator must fill in.
pub const SPEAKER_PLACEHOLDER: &str = "SPEAKER_ID";

/// Who the strategy says the speaker is, mapped onto gold/speakers.csv.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SpeakerGuess {
    /// The predicted name is a name or alias of this entity.
    Known(String),
    /// A name no entity has: a proposed id for `gold add-speaker`.
    New {
        /// Proposed snake_case id.
        id: String,
        /// The name as the strategy gave it.
        name: String,
    },
    /// The strategy named no one.
    Unknown,
}

/// One unlabelled quote found by a strategy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// Document id.
    pub doc: String,
    /// The span, byte offsets.
    pub span: Span,
    /// The span's text.
    pub text: String,
    /// 1-based line of the span's start.
    pub line: usize,
    /// Which occurrence of `text` this is, when it occurs more than once.
    pub occurrence: Option<usize>,
    /// The strategy's kind if it fits the span, else a guess from the
    /// quotation marks (quoted: direct, unquoted: indirect).
    pub kind: Kind,
    /// The speaker.
    pub speaker: SpeakerGuess,
    /// The guessed cue as written (`said`, `according to`; empty for a
    /// floating quotation), or `None` when there is no guess (placeholder).
    pub cue: Option<String>,
    /// The guessed mention: the source phrase of the quote's cue, else the
    /// predicted name, when `gold add` would take it (it occurs near the
    /// span, outside it); else empty (placeholder).
    pub mention: String,
}

/// How often the guesses of [`suggest`] are right on a labelled corpus.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct GuessTally {
    /// Labelled quotes.
    pub labelled: usize,
    /// Labelled quotes a candidate covers (as `suggest` would list it were
    /// the quote not labelled yet).
    pub found: usize,
    /// Quotes whose guessed cue is the labelled one.
    pub cue_right: usize,
    /// Quotes whose guessed mention is the labelled one (an empty mention
    /// guess is a placeholder, never right).
    pub mention_right: usize,
}

/// Quotes a word for a POSIX shell: unchanged when it is plainly safe,
/// else in single quotes.
///
/// ```
/// use quotebench::gold::suggest::shell_quote;
/// assert_eq!(shell_quote("dmitry_peskov"), "dmitry_peskov");
/// assert_eq!(shell_quote("the Kremlin’s view"), "'the Kremlin’s view'");
/// assert_eq!(shell_quote("it's"), "'it'\\''s'");
/// assert_eq!(shell_quote(""), "''");
/// ```
pub fn shell_quote(word: &str) -> String {
    let safe = |b: u8| b.is_ascii_alphanumeric() || b"_-./:@%+=,".contains(&b);
    if !word.is_empty() && word.bytes().all(safe) {
        word.to_owned()
    } else {
        format!("'{}'", word.replace('\'', "'\\''"))
    }
}

/// `span` cut at its blank lines, one piece a paragraph: each piece trimmed
/// of spaces, and a piece after the first of the opening mark that starts
/// its paragraph. A span within one paragraph (or out of range) is returned
/// as it is.
fn paragraph_pieces(text: &str, span: Span) -> Vec<Span> {
    let Some(body) = span.text(text) else {
        return vec![span];
    };
    if !body.contains('\n') {
        return vec![span];
    }
    let cuts = super::near::paragraphs(body);
    if cuts.len() <= 1 {
        return vec![span];
    }
    let mut pieces = Vec::new();
    for (n, Span { start: a, end: b }) in cuts.into_iter().enumerate() {
        let piece = &body[a..b];
        let lead = piece.len() - piece.trim_start().len();
        let mut from = a + lead;
        if n > 0 {
            if let Some(mark) = body[from..b]
                .chars()
                .next()
                .filter(|c| OPENING_MARKS.contains(c))
            {
                from += mark.len_utf8();
            }
        }
        let to = a + piece.trim_end().len();
        if from < to {
            pieces.push(Span::new(span.start + from, span.start + to));
        }
    }
    pieces
}

/// A snake_case id for a name: ASCII letters and digits of its NFKD form,
/// lower-cased, runs of anything else as one `_`.
///
/// ```
/// use quotebench::gold::suggest::speaker_id;
/// assert_eq!(speaker_id("Mikhail Zvinchuk"), "mikhail_zvinchuk");
/// assert_eq!(speaker_id("Đorđe O’Neill-Smith"), "dorde_o_neill_smith");
/// assert_eq!(speaker_id("42nd Brigade"), "s_42nd_brigade");
/// ```
pub fn speaker_id(name: &str) -> String {
    let mut id = String::new();
    for c in name.nfkd().flat_map(char::to_lowercase) {
        let c = match c {
            'đ' => 'd',
            'ł' => 'l',
            'ø' => 'o',
            c => c,
        };
        if c.is_ascii_alphanumeric() {
            id.push(c);
        } else if is_combining_mark(c) {
            // an accent split off by NFKD: `é` → `e`
        } else if !id.is_empty() && !id.ends_with('_') {
            id.push('_');
        }
    }
    let id = id.trim_end_matches('_').to_owned();
    match id.as_bytes().first() {
        None => "new_speaker".to_owned(),
        Some(b) if !b.is_ascii_lowercase() => format!("s_{id}"),
        Some(_) => id,
    }
}

/// The quotes `strategy` finds in document `doc` that no gold quote
/// already covers (a gold span matching it as the end-to-end scorer would:
/// overlap ratio at least the default `--overlap`), in text order.
pub fn suggest(corpus: &Corpus, doc: &str, strategy: &dyn Strategy) -> Result<Vec<Candidate>> {
    let Some(document) = corpus.docs.get(doc) else {
        return Err(Error::BadResult {
            path: doc.into(),
            message: "no such document".into(),
        });
    };
    let found = strategy.extract(&document.text);
    suggest_from(corpus, doc, strategy.name(), found)
}

/// Runs `strategy` on every document of `corpus` and counts how often the
/// cue and mention `suggest` would guess for each labelled quote (were it
/// not labelled yet) are the labelled ones: quotes matched to candidates
/// as the end-to-end scorer matches spans (best overlap ratio, at least
/// the default `--overlap`).
pub fn guess_accuracy(corpus: &Corpus, strategy: &dyn Strategy) -> Result<GuessTally> {
    let overlap = Settings::default().overlap;
    let mut tally = GuessTally::default();
    for (id, document) in &corpus.docs {
        let text = &document.text;
        let found = strategy.extract(text);
        let candidates = candidates(corpus, id, strategy.name(), found, false)?;
        let spans: Vec<Span> = candidates.iter().map(|c| trim_span(text, c.span)).collect();
        for q in corpus.quotes_of(id) {
            tally.labelled += 1;
            let g = trim_span(text, q.span);
            let best = spans
                .iter()
                .enumerate()
                .map(|(i, s)| (ratio(g, *s), i))
                .filter(|(r, _)| *r >= overlap)
                .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)));
            let Some((_, i)) = best else { continue };
            let c = &candidates[i];
            tally.found += 1;
            tally.cue_right += usize::from(c.cue.as_deref() == Some(q.cue.as_str()));
            tally.mention_right += usize::from(!c.mention.is_empty() && c.mention == q.mention);
        }
    }
    Ok(tally)
}

/// [`suggest`] from predictions made elsewhere (an `exec:` plugin's
/// end-to-end answer for the document); `strategy` names it in errors.
pub fn suggest_from(
    corpus: &Corpus,
    doc: &str,
    strategy: &str,
    predictions: Vec<crate::model::Prediction>,
) -> Result<Vec<Candidate>> {
    candidates(corpus, doc, strategy, predictions, true)
}

/// The candidates of `predictions` in `doc`, leaving out those a gold quote
/// covers when `unlabelled_only`.
fn candidates(
    corpus: &Corpus,
    doc: &str,
    strategy: &str,
    predictions: Vec<crate::model::Prediction>,
    unlabelled_only: bool,
) -> Result<Vec<Candidate>> {
    let Some(document) = corpus.docs.get(doc) else {
        return Err(Error::BadResult {
            path: doc.into(),
            message: "no such document".into(),
        });
    };
    let text = &document.text;
    let gold: Vec<Span> = corpus
        .quotes_of(doc)
        .map(|q| trim_span(text, q.span))
        .collect();
    let overlap = Settings::default().overlap;
    // A quotation over several paragraphs is one row per paragraph
    // (GUIDELINES.md §2); a `--text` holding a blank line would also break
    // the one-command-a-line list.
    // Each piece keeps the whole prediction's span (to find its guess) and
    // whether it is a later paragraph (a floating continuation: no cue).
    let mut predictions: Vec<(crate::model::Prediction, Span, bool)> = predictions
        .into_iter()
        .flat_map(|p| {
            paragraph_pieces(text, p.span)
                .into_iter()
                .enumerate()
                .map(move |(n, span)| {
                    let whole = p.span;
                    (crate::model::Prediction { span, ..p.clone() }, whole, n > 0)
                })
        })
        .collect();
    predictions.sort_by(|a, b| a.0.cmp(&b.0));
    predictions.dedup_by(|a, b| a.0.span == b.0.span);
    let hints = crate::strategy::guess::hints(text);
    let hint_spans: Vec<Span> = hints.iter().map(|h| trim_span(text, h.span)).collect();
    let mut out = Vec::new();
    for (p, whole, later) in predictions {
        let Some(body) = p.span.text(text) else {
            return Err(Error::BadPrediction {
                strategy: strategy.to_owned(),
                doc: doc.to_owned(),
                message: format!(
                    "span {} is out of range (0..{}) or off a character boundary",
                    p.span,
                    text.len()
                ),
            });
        };
        if body.trim().is_empty() {
            continue;
        }
        let trimmed = trim_span(text, p.span);
        if unlabelled_only && gold.iter().any(|g| ratio(*g, trimmed) >= overlap) {
            continue;
        }
        let all = occurrences(text, body);
        let occurrence = (all.len() > 1)
            .then(|| all.iter().position(|s| *s == p.span).map(|i| i + 1))
            .flatten();
        let kind = match p.kind {
            Some(k) if kind_misfit(text, p.span, k).is_none() => k,
            _ if is_quoted(text, p.span) => Kind::Direct,
            _ => Kind::Indirect,
        };
        let speaker = match p.speaker.as_deref().map(str::trim) {
            None | Some("") => SpeakerGuess::Unknown,
            Some(name) => match speaker_in_document(corpus, doc, name) {
                Some(id) => SpeakerGuess::Known(id.to_owned()),
                None => SpeakerGuess::New {
                    id: speaker_id(name),
                    name: name.to_owned(),
                },
            },
        };
        // the extractor's guess for the whole prediction's span
        let w = trim_span(text, whole);
        let hint = hint_spans
            .iter()
            .enumerate()
            .map(|(i, s)| (ratio(w, *s), i))
            .filter(|(r, _)| *r >= overlap)
            .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)))
            .map(|(_, i)| &hints[i]);
        // only words `gold add` would take: near the span, outside it
        let fits =
            |flag: &str, v: &str| super::near::misfit(text, p.span, flag, v, "", |_| 0).is_none();
        let cue = match hint {
            _ if later => Some(String::new()),
            Some(h) if fits("--cue", &h.cue) => Some(h.cue.clone()),
            _ => None,
        };
        let mention = hint
            .map(|h| h.mention.as_str())
            .into_iter()
            .chain(p.speaker.as_deref().map(str::trim))
            .find(|n| !n.is_empty() && fits("--mention", n))
            .unwrap_or_default()
            .to_owned();
        out.push(Candidate {
            doc: doc.to_owned(),
            span: p.span,
            text: body.to_owned(),
            line: line_of(text.as_bytes(), p.span.start),
            occurrence,
            kind,
            speaker,
            cue,
            mention,
        });
    }
    Ok(out)
}

impl Candidate {
    /// The shell lines that would label this candidate: a `#` comment
    /// saying where it is, a `gold add-speaker` line when the speaker is
    /// new and `new_speaker` is true (the first candidate of that speaker),
    /// and the `gold add` line, placeholders included. `flags` is put after
    /// each subcommand (` --seeds S --gold G` for a gold set that is not
    /// the default one, see [`super::edit::corpus_flags`]).
    pub fn commands(&self, flags: &str, new_speaker: bool) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "# {}:{} (bytes {}), {}",
            self.doc,
            self.line,
            self.span,
            match &self.speaker {
                SpeakerGuess::Known(id) => format!("speaker `{id}`"),
                SpeakerGuess::New { name, .. } =>
                    format!("new speaker {name:?}: check the id and add aliases"),
                SpeakerGuess::Unknown => "no speaker found: replace SPEAKER_ID".into(),
            }
        );
        let speaker = match &self.speaker {
            SpeakerGuess::Known(id) => id.clone(),
            SpeakerGuess::New { id, name } => {
                if new_speaker {
                    let _ = writeln!(
                        out,
                        "quotebench gold add-speaker{flags} --id {} --name {}",
                        shell_quote(id),
                        shell_quote(name)
                    );
                }
                id.clone()
            }
            SpeakerGuess::Unknown => SPEAKER_PLACEHOLDER.to_owned(),
        };
        let _ = write!(
            out,
            "quotebench gold add{flags} --doc {} --kind {} --speaker {} --text {}",
            shell_quote(&self.doc),
            self.kind,
            shell_quote(&speaker),
            shell_quote(&self.text)
        );
        if let Some(k) = self.occurrence {
            let _ = write!(out, " --occurrence {k}");
        }
        let mention = if self.mention.is_empty() {
            MENTION_PLACEHOLDER
        } else {
            &self.mention
        };
        let cue = self.cue.as_deref().unwrap_or(CUE_PLACEHOLDER);
        let _ = writeln!(
            out,
            " --cue {} --mention {}",
            shell_quote(cue),
            shell_quote(mention)
        );
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggest_printed_a_two_paragraph_quotation_as_one_text_with_a_newline() {
        let t = "Ames said: “We lost the pier.\n\n“We will build it again.”\n";
        let whole = Span::new(t.find("We lost").unwrap(), t.find("again.").unwrap() + 6);
        let pieces: Vec<&str> = paragraph_pieces(t, whole)
            .iter()
            .map(|s| &t[s.start..s.end])
            .collect();
        assert_eq!(pieces, vec!["We lost the pier.", "We will build it again."]);
        let one = Span::new(0, 4);
        assert_eq!(paragraph_pieces(t, one), vec![one]);
        // a line break without a blank line is one paragraph
        let t = "He said “one\ntwo” then.";
        let s = Span::new(t.find("one").unwrap(), t.find("two").unwrap() + 3);
        assert_eq!(paragraph_pieces(t, s), vec![s]);
    }
}
