//! Names as the scorer reads them: normalisation, and the parts of a
//! written name (title and role words, appositive tails, the name tokens
//! that remain). Depends on nothing else in the crate, so that both
//! [`crate::model`] and [`crate::score::matching`] can use it. The word
//! lists are data files in `data/`, compiled in.

use std::collections::HashSet;
use std::sync::OnceLock;
use unicode_normalization::UnicodeNormalization;

/// Normalises a name for comparison: Unicode NFKC, case folding, curly
/// apostrophes made straight, white space collapsed, a leading `the` and a
/// trailing possessive `'s` dropped.
///
/// ```
/// use quotebench::name::normalize;
/// assert_eq!(normalize("  The Kremlin’s "), "kremlin");
/// assert_eq!(normalize("Dmitry\u{a0}PESKOV"), "dmitry peskov");
/// assert_eq!(normalize("the"), "the");
/// ```
pub fn normalize(name: &str) -> String {
    let folded = fold(&name.nfkc().collect::<String>());
    let mut s = folded.split_whitespace().collect::<Vec<_>>().join(" ");
    if let Some(rest) = s.strip_prefix("the ") {
        s = rest.to_owned();
    }
    if let Some(rest) = s.strip_suffix("'s") {
        if !rest.is_empty() {
            s = rest.trim_end().to_owned();
        }
    }
    s
}

/// Case folding with curly apostrophes made straight.
fn fold(s: &str) -> String {
    caseless::default_case_fold_str(s)
        .chars()
        .map(|c| match c {
            '\u{2019}' | '\u{2018}' | '\u{02bc}' | '\u{2032}' | '`' | '\u{00b4}' => '\'',
            c => c,
        })
        .collect()
}

/// One word list of `data/`: a lower-case word a line, `#` comments.
fn list(text: &'static str) -> HashSet<&'static str> {
    text.lines()
        .map(|l| l.split('#').next().unwrap_or("").trim())
        .filter(|l| !l.is_empty())
        .collect()
}

fn titles() -> &'static HashSet<&'static str> {
    static T: OnceLock<HashSet<&'static str>> = OnceLock::new();
    T.get_or_init(|| list(include_str!("../data/titles.txt")))
}

fn descriptions() -> &'static HashSet<&'static str> {
    static T: OnceLock<HashSet<&'static str>> = OnceLock::new();
    T.get_or_init(|| list(include_str!("../data/descriptions.txt")))
}

fn determiners() -> &'static HashSet<&'static str> {
    static T: OnceLock<HashSet<&'static str>> = OnceLock::new();
    T.get_or_init(|| list(include_str!("../data/determiners.txt")))
}

fn pronouns() -> &'static HashSet<&'static str> {
    static T: OnceLock<HashSet<&'static str>> = OnceLock::new();
    T.get_or_init(|| list(include_str!("../data/pronouns.txt")))
}

/// True for a title or role word of `data/titles.txt` (`president`,
/// `spokesman`) or a generic noun of `data/descriptions.txt` (`company`,
/// `officials`), given normalised.
pub fn is_title(word: &str) -> bool {
    titles().contains(word) || descriptions().contains(word)
}

/// True when the normalised `s` is one pronoun of `data/pronouns.txt`
/// (`he`, `they`, `who`).
///
/// ```
/// assert!(quotebench::name::is_pronoun("she"));
/// assert!(!quotebench::name::is_pronoun("shell"));
/// ```
pub fn is_pronoun(s: &str) -> bool {
    pronouns().contains(s)
}

/// What a written name turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadingKind {
    /// Only a pronoun (`he`, `they`, `who`).
    Pronoun,
    /// Nothing but determiners, title and role words, generic nouns and
    /// modifiers before them (`a spokesman`, `the company`, `Kremlin
    /// officials`): it describes someone without naming them.
    Description,
    /// Name tokens remain after the titles are stripped.
    Name,
}

/// A written name taken apart; see [`read`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reading {
    /// Pronoun, description or name.
    pub kind: ReadingKind,
    /// The name tokens left after titles, modifiers and the appositive
    /// tail are stripped (empty unless `kind` is `Name`).
    pub name: Vec<String>,
    /// Every token before the appositive tail, leading determiners dropped.
    pub all: Vec<String>,
}

/// A token of a written name: normalised, and whether it was capitalised.
struct Tok {
    w: String,
    cap: bool,
    /// Written with a possessive `'s` (`Corp's`).
    poss: bool,
}

/// Characters trimmed from both ends of a token.
fn edge(c: char) -> bool {
    matches!(
        c,
        '.' | ','
            | ';'
            | ':'
            | '!'
            | '?'
            | '"'
            | '\''
            | '“'
            | '”'
            | '‘'
            | '’'
            | '('
            | ')'
            | '['
            | ']'
            | '«'
            | '»'
    )
}

/// The written name before its appositive tail: cut at the first comma,
/// semicolon, opening parenthesis or spaced dash (`Dmitry Peskov, the
/// Kremlin spokesman`; `Peskov (Kremlin)`; `Peskov – spokesman`).
fn head(s: &str) -> &str {
    let mut end = s.len();
    for pat in [",", ";", "(", " - ", " – ", " — "] {
        if let Some(i) = s.find(pat) {
            end = end.min(i);
        }
    }
    &s[..end]
}

fn tokens(s: &str) -> Vec<Tok> {
    let nfkc: String = s.nfkc().collect();
    let mut out = Vec::new();
    // A hyphen joins words as a space does: `Vice-President`, `Smith-Jones`.
    let spaced = head(&nfkc).replace(['-', '‐', '‑'], " ");
    for (i, raw) in spaced.split_whitespace().enumerate() {
        let raw = raw.trim_matches(edge);
        if raw.is_empty() {
            continue;
        }
        let mut w = fold(raw);
        // `Peskov, who …` is cut at the comma; `Peskov who …` here.
        if i > 0 && matches!(w.as_str(), "who" | "which" | "whose" | "whom") {
            break;
        }
        let mut poss = true;
        if let Some(rest) = w.strip_suffix("'s") {
            w = rest.to_owned();
        } else if let Some(rest) = w.strip_suffix('\'') {
            w = rest.to_owned();
        } else {
            poss = false;
        }
        // `U.S.` and `US`, `J.D.` and `JD` are one token.
        let w: String = w.chars().filter(|&c| c != '.').collect();
        if w.is_empty() {
            continue;
        }
        out.push(Tok {
            w,
            cap: raw.chars().next().is_some_and(char::is_uppercase),
            poss,
        });
    }
    out
}

/// Takes a written name apart: drops the appositive tail and leading
/// determiners; a lone pronoun is [`ReadingKind::Pronoun`]; then every
/// title phrase (a title or role word of `data/titles.txt` or generic noun
/// of `data/descriptions.txt`, with the modifiers before it, further title
/// words after it and `of`/`for` \[`the`\] *word* complements: `U.S.
/// Secretary of State`, `Chief of the General Staff`) that is followed by
/// more words is stripped, and so are one-letter middle initials. A title phrase that ends the name is stripped
/// too, leaving a description, unless it is capitalised after a
/// capitalised word that is not a possessive (`John Major`, `Stephen King`:
/// a surname, not a role; but `ACME Corp's CEO` is a role).
///
/// ```
/// use quotebench::name::{read, ReadingKind};
/// assert_eq!(read("Kremlin spokesman Dmitry Peskov").name, ["dmitry", "peskov"]);
/// assert_eq!(read("Dmitry Peskov, the Kremlin spokesman").name, ["dmitry", "peskov"]);
/// assert_eq!(read("U.S. Secretary of State Marco Rubio").name, ["marco", "rubio"]);
/// assert_eq!(read("a spokesman").kind, ReadingKind::Description);
/// assert_eq!(read("He").kind, ReadingKind::Pronoun);
/// assert_eq!(read("John Major").name, ["john", "major"]);
/// ```
pub fn read(written: &str) -> Reading {
    let mut toks = tokens(written);
    let lead = toks
        .iter()
        .take_while(|t| determiners().contains(t.w.as_str()))
        .count();
    // `that` and `his` are determiners and pronouns: keep a lone one.
    if lead < toks.len() {
        toks.drain(..lead);
    }
    let all: Vec<String> = toks.iter().map(|t| t.w.clone()).collect();
    if toks.len() == 1 && is_pronoun(&toks[0].w) {
        return Reading {
            kind: ReadingKind::Pronoun,
            name: Vec::new(),
            all,
        };
    }
    let mut rest: &[Tok] = &toks;
    while let Some(i) = rest.iter().position(|t| is_title(&t.w)) {
        let mut j = i + 1;
        while j < rest.len() {
            if is_title(&rest[j].w) {
                j += 1;
            } else if matches!(rest[j].w.as_str(), "of" | "for") && j + 1 < rest.len() {
                j += 1;
                if rest[j].w == "the" && j + 1 < rest.len() {
                    j += 1;
                }
                j += 1;
            } else {
                break;
            }
        }
        if j < rest.len() {
            rest = &rest[j..];
            continue;
        }
        // The title phrase ends the name: a surname (`John Major`) when
        // capitalised after a capitalised name word that is not a
        // possessive (`ACME Corp's CEO`), else a description.
        let p = i.checked_sub(1).map(|k| &rest[k]);
        let surname = p.is_some_and(|p| rest[i].cap && p.cap && !p.poss && !is_title(&p.w));
        if !surname {
            rest = &[];
        }
        break;
    }
    let mut name: Vec<String> = rest.iter().map(|t| t.w.clone()).collect();
    // A middle initial (`Donald J. Trump`) is not a name token.
    if name.iter().any(|w| w.chars().count() > 1) {
        name.retain(|w| w.chars().count() > 1);
    }
    let kind = if name.is_empty() {
        ReadingKind::Description
    } else {
        ReadingKind::Name
    };
    Reading { kind, name, all }
}

/// The words of a text for finding names in it: case-folded, split at
/// every character that is not a letter or digit.
pub fn words(text: &str) -> Vec<String> {
    fold(&text.nfkc().collect::<String>())
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_lists_are_lower_case_single_words() {
        for l in [titles(), descriptions(), determiners(), pronouns()] {
            assert!(l.len() > 5);
            for w in l {
                assert_eq!(*w, fold(w), "{w}");
                assert!(!w.contains(' '), "{w}");
            }
        }
        assert!(titles().contains("spokesman") && titles().contains("ceo"));
    }

    #[test]
    fn readings() {
        let r = read("Ukraine's chief general Oleksandr Syrskyi");
        assert_eq!(r.name, ["oleksandr", "syrskyi"]);
        assert_eq!(
            read("Ukraine's chief general").kind,
            ReadingKind::Description
        );
        assert_eq!(
            read("Chief of the General Staff Valery Gerasimov").name,
            ["valery", "gerasimov"]
        );
        assert_eq!(read("Peskov, who spoke").name, ["peskov"]);
        assert_eq!(read("Peskov who spoke").name, ["peskov"]);
        assert_eq!(read("the company").kind, ReadingKind::Description);
        assert_eq!(read("officials").kind, ReadingKind::Description);
        assert_eq!(read("who").kind, ReadingKind::Pronoun);
        assert_eq!(read("U.S.").name, ["us"]);
        assert_eq!(read("President J.D. Vance").name, ["jd", "vance"]);
        assert_eq!(read("Kremlin officials").all, ["kremlin", "officials"]);
        assert_eq!(
            words("Putin’s aide, U.S."),
            ["putin", "s", "aide", "u", "s"]
        );
    }
}
