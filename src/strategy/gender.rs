//! Grammatical gender of the people a document names, from the text
//! alone: an honorific before a name (`Mr.`, `Mrs.`, `Ms.`), a gendered
//! noun in apposition to it (`her husband, Tom Lee`, `Ann Lee, his
//! widow,`), and a pronoun opening the sentence after one about that
//! person and no other (`… Ann Lee. She said …`). It knows
//! no first names. The resolver asks it only about the few candidates of
//! a pronoun or a titled surname, never per token, and caches answers.

use super::lexicon::{flags_in, Index};
use super::names::{Name, Names};
use super::text::Doc;
use std::cell::RefCell;
use std::collections::BTreeMap;

/// A person's grammatical gender.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Gender {
    /// `he`, `Mr.`, `husband`.
    Male,
    /// `she`, `Mrs.`, `wife`.
    Female,
}

/// The gendered words of `data/lexicon/gender_words.txt`, each lower
/// case with its gender (a word listed twice keeps its last line).
fn words() -> BTreeMap<String, Gender> {
    include_str!("../../data/lexicon/gender_words.txt")
        .lines()
        .map(|l| l.split('#').next().unwrap_or(""))
        .filter_map(|l| {
            let mut it = l.split_whitespace();
            let w = it.next()?;
            let g = match it.next()? {
                "m" => Gender::Male,
                "f" => Gender::Female,
                _ => return None,
            };
            Some((w.to_lowercase(), g))
        })
        .collect()
}

/// Bit of a male word in [`table`].
const MALE_BIT: u32 = 1;
/// Bit of a female word in [`table`].
const FEMALE_BIT: u32 = 2;

/// [`words`] in the lexicon's word index (the packed-word look-up of
/// `lexicon/index.rs`, which lower-cases as it reads): a look-up is a
/// few loads and compares, not a string search in a tree.
fn table() -> &'static Index {
    static T: std::sync::OnceLock<Index> = std::sync::OnceLock::new();
    T.get_or_init(|| {
        let words = words();
        let bits: BTreeMap<&str, u32> = words
            .iter()
            .map(|(w, g)| {
                let bit = match g {
                    Gender::Male => MALE_BIT,
                    Gender::Female => FEMALE_BIT,
                };
                (w.as_str(), bit)
            })
            .collect();
        Index::build(&bits)
    })
}

/// The gender a word tells (`Mrs.`, `husband`, `widow`), if any.
pub(crate) fn of_word(w: &str) -> Option<Gender> {
    let w = w.trim_end_matches('.');
    if w.len() < 2 || w.len() > 16 {
        return None;
    }
    match flags_in(table(), w) {
        MALE_BIT => Some(Gender::Male),
        FEMALE_BIT => Some(Gender::Female),
        _ => None,
    }
}

/// The gender of a third-person pronoun (`he`, `her`, `himself`).
pub(crate) fn of_pronoun(w: &str) -> Option<Gender> {
    const MALE: &[&str] = &["he", "him", "his", "himself"];
    const FEMALE: &[&str] = &["she", "her", "hers", "herself"];
    if MALE.iter().any(|p| p.eq_ignore_ascii_case(w)) {
        Some(Gender::Male)
    } else if FEMALE.iter().any(|p| p.eq_ignore_ascii_case(w)) {
        Some(Gender::Female)
    } else {
        None
    }
}

/// The honorific token before the name proper of `n` that tells a
/// gender (`Mr.` of `Mr. Lee`), with that gender.
pub(crate) fn title_of(doc: &Doc, n: &Name) -> Option<(usize, Gender)> {
    (n.a..n.na).find_map(|k| of_word(doc.toks[k].s).map(|g| (k, g)))
}

/// Genders of a document's people, found on demand and remembered.
pub(crate) struct Genders<'d, 'a> {
    doc: &'d Doc<'a>,
    names: &'d Names<'a>,
    cache: RefCell<BTreeMap<String, Option<Gender>>>,
}

impl<'d, 'a> Genders<'d, 'a> {
    /// No genders found yet.
    pub fn new(doc: &'d Doc<'a>, names: &'d Names<'a>) -> Self {
        Genders {
            doc,
            names,
            cache: RefCell::new(BTreeMap::new()),
        }
    }

    /// The gender of a speaker answer: an honorific it opens with
    /// (`Mr. Lee`), else the gender of the person of that full name.
    pub fn of_answer(&self, name: &str) -> Option<Gender> {
        match name.split_whitespace().next().and_then(of_word) {
            Some(g) if name.contains(' ') => Some(g),
            _ => self.of_person(name),
        }
    }

    /// The gender of the person whose fullest name is `full`: the side
    /// with the most evidence, when the other side has at most a third
    /// as much. Evidence comes from the person's mentions by full name
    /// or untitled surname (a titled surname may be a relative):
    /// honorifics and appositive gendered nouns (three votes each), and a
    /// `He`/`She` opening the sentence after one that names this person
    /// and no other outside quotations (one vote). (A pronoun inside the
    /// mention's own sentence is no evidence: `Ann Lee said he was ill`.)
    pub fn of_person(&self, full: &str) -> Option<Gender> {
        if let Some(g) = self.cache.borrow().get(full) {
            return *g;
        }
        let g = self.find(full);
        self.cache.borrow_mut().insert(full.to_owned(), g);
        g
    }

    fn find(&self, full: &str) -> Option<Gender> {
        let (doc, names) = (self.doc, self.names);
        let toks = &doc.toks;
        let (mut male, mut female) = (0u32, 0u32);
        let mut vote = |g: Gender, w: u32| match g {
            Gender::Male => male += w,
            Gender::Female => female += w,
        };
        let last = full.rsplit(' ').next().unwrap_or(full);
        let is_full = |m: &Name| {
            m.person
                && !m.quoted
                && m.last == last
                && names.fullest_at(m.text, m.na, m.titled) == full
        };
        let mut last_sent = usize::MAX;
        for m in &names.list {
            if !is_full(m) || (m.words == 1 && m.titled) {
                continue;
            }
            if let Some((_, g)) = title_of(doc, m) {
                vote(g, 3);
            }
            // `her husband, Tom Lee` / `his wife, the cellist Ann Lee`
            let mut k = m.a;
            while k > 0 && m.a - k < 3 && {
                let t = &toks[k - 1];
                t.word()
                    && !t.cap()
                    && !t.is_in(&["of", "for", "and", "or", "with", "to", "by", "from"])
                    && of_word(t.s).is_none()
            } {
                k -= 1;
            }
            if k >= 2 && toks[k - 1].is_punct(',') {
                k -= 1;
            }
            if let Some(g) = k
                .checked_sub(1)
                .filter(|&k| toks[k].word() && !toks[k].cap())
                .and_then(|k| of_word(toks[k].s))
            {
                vote(g, 3);
            }
            // `Tom Lee, her husband,` / `Tom Lee, the widow of`
            if toks.get(m.b).is_some_and(|t| t.is_punct(',')) {
                if let Some(g) = toks
                    .get(m.b + 2)
                    .filter(|t| t.word() && !t.cap())
                    .and_then(|t| of_word(t.s))
                {
                    vote(g, 3);
                }
            }
            // pronouns of a sentence about this person alone, once a sentence
            if m.sent == last_sent {
                continue;
            }
            last_sent = m.sent;
            let (sa, _) = doc.sents[m.sent];
            let first = names.first_ending_after(sa);
            let alone = names.list[first..]
                .iter()
                .take_while(|o| o.sent <= m.sent)
                .all(|o| {
                    // a name after a locative preposition is a place (`a
                    // Democrat from Oxley Falls`), no rival antecedent
                    let place = o.a > 0
                        && toks[o.a - 1].word()
                        && toks[o.a - 1].is_in(&["from", "in", "at", "of"]);
                    o.sent != m.sent || !o.person || o.quoted || place || o.last == m.last
                });
            if !alone {
                continue;
            }
            if let Some(&(na, _)) = doc.sents.get(m.sent + 1) {
                if let Some(g) = toks.get(na).filter(|t| t.cap()).and_then(|t| {
                    (t.s == "He" || t.s == "She")
                        .then(|| of_pronoun(t.s))
                        .flatten()
                }) {
                    vote(g, 1);
                }
            }
        }
        if male > 0 && female * 3 <= male {
            Some(Gender::Male)
        } else if female > 0 && male * 3 <= female {
            Some(Gender::Female)
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gender(text: &str, full: &str) -> Option<Gender> {
        let doc = Doc::new(text);
        let names = Names::new(&doc);
        Genders::new(&doc, &names).of_person(full)
    }

    #[test]
    fn honorifics_and_gendered_appositives() {
        let t = "Mrs. Ada Quill opened the fair. Her brother, Rolf Quill, ran the stall.";
        assert_eq!(gender(t, "Ada Quill"), Some(Gender::Female));
        assert_eq!(gender(t, "Rolf Quill"), Some(Gender::Male));
        let t = "Rolf Quill, her nephew, ran the stall.";
        assert_eq!(gender(t, "Rolf Quill"), Some(Gender::Male));
    }

    #[test]
    fn pronouns_of_a_sentence_about_one_person() {
        let t = "Dr. Ines Marwick said the test surprised her own staff. She had doubts.";
        assert_eq!(gender(t, "Ines Marwick"), Some(Gender::Female));
        // two people in the sentence: the next pronoun tells nothing
        let t = "Ines Marwick met Tom Baird on Monday. He was late.";
        assert_eq!(gender(t, "Ines Marwick"), None);
        // nor does a pronoun in the mention's own sentence
        let t = "His wife, the painter Ines Marwick, said he was ill.";
        assert_eq!(gender(t, "Ines Marwick"), Some(Gender::Female));
        // a pronoun inside a quotation tells nothing
        let t = "Ines Marwick spoke. “He is wrong,” Ines Marwick said.";
        assert_eq!(gender(t, "Ines Marwick"), None);
    }

    /// The look-up [`of_word`] replaced: the word, without trailing full
    /// stops and lower-cased, in the map of [`words`].
    fn of_word_reference(w: &str) -> Option<Gender> {
        let w = w.trim_end_matches('.');
        if w.len() < 2 || w.len() > 16 {
            return None;
        }
        words().get(&w.to_lowercase()).copied()
    }

    #[test]
    fn the_index_look_up_matches_the_map() {
        let mut probes: Vec<String> = Vec::new();
        for w in words().keys() {
            let title: String = w
                .chars()
                .enumerate()
                .map(|(i, c)| if i == 0 { c.to_ascii_uppercase() } else { c })
                .collect();
            for v in [w.clone(), w.to_uppercase(), title] {
                probes.push(format!("{v}."));
                probes.push(format!("{v}.."));
                probes.push(format!("{v}’s"));
                probes.push(format!("{v}x"));
                let mut short = v.clone();
                short.pop();
                probes.push(short);
                probes.push(v);
            }
        }
        for w in [
            "", ".", "m", "Mr", "MR.", "Señor", "SEÑOR", "ms.", "he", "xyzzy", "mrs’",
        ] {
            probes.push(w.to_string());
        }
        for w in &probes {
            assert_eq!(of_word(w), of_word_reference(w), "{w}");
        }
        assert!(words().len() > 40);
    }

    #[test]
    fn words_and_pronouns() {
        assert_eq!(of_word("Mr."), Some(Gender::Male));
        assert_eq!(of_word("widow"), Some(Gender::Female));
        assert_eq!(of_word("mayor"), None);
        assert_eq!(of_pronoun("Himself"), Some(Gender::Male));
        assert_eq!(of_pronoun("they"), None);
    }
}
