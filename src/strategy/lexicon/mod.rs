//! General English lexicons used by the strategies, as data tables in one
//! place: reporting verbs and nouns, titles, pronouns, determiners,
//! organisation and group words. Nothing here names a person, place or
//! outlet of any article: these are words of the language of news
//! reporting, so the rules built on them carry over to unseen articles.
//!
//! The words themselves are data, one file a table under `data/lexicon/`
//! (one lower-case word a line, `#` comment lines saying what the list is
//! for), compiled into the binary with `include_str!` and read once, on
//! first use, into the index of [`index`](mod@index). Look-ups lower-case
//! the word first (see [`is`]). Membership in every table is computed once
//! per token (see [`flags`]), so a look-up in the hot loops is a bit test.

mod index;

use std::collections::BTreeMap;
use std::sync::OnceLock;

pub(crate) use index::{flags_alnum, flags_alnum16, flags_at, flags_in, Index};
use index::{short_key, short_packed};

/// Reporting verbs that take a finite clause with or without `that`
/// (`said Moscow is ready`, `explained Russia has begun`).
pub(crate) static SAY_VERBS: &Table = &Table::new(
    0,
    "say_verbs.txt",
    include_str!("../../../data/lexicon/say_verbs.txt"),
);

/// Reporting verbs that report a finite clause only with `that`
/// (`confirmed that …`, but `confirmed the talks` is a noun phrase).
pub(crate) static THAT_VERBS: &Table = &Table::new(
    1,
    "that_verbs.txt",
    include_str!("../../../data/lexicon/that_verbs.txt"),
);

/// Verbs that, after a quotation (`“…,” X said` / `“…,” said X`), link it
/// to its speaker.
pub(crate) static AFTER_QUOTE_VERBS: &Table = &Table::new(
    2,
    "after_quote_verbs.txt",
    include_str!("../../../data/lexicon/after_quote_verbs.txt"),
);

/// Verbs whose object may carry a quoted fragment of the subject's words
/// (`described as “…”`, `expressed “cautious optimism”`).
pub(crate) static FRAGMENT_VERBS: &Table = &Table::new(
    3,
    "fragment_verbs.txt",
    include_str!("../../../data/lexicon/fragment_verbs.txt"),
);

/// Reporting nouns (`Putin's recent statements that …`).
pub(crate) static REPORT_NOUNS: &Table = &Table::new(
    4,
    "report_nouns.txt",
    include_str!("../../../data/lexicon/report_nouns.txt"),
);

/// Nouns after `expressing`/`voiced` that make a reporting phrase
/// (`expressing optimism that …`).
pub(crate) static ATTITUDE_NOUNS: &Table = &Table::new(
    5,
    "attitude_nouns.txt",
    include_str!("../../../data/lexicon/attitude_nouns.txt"),
);

/// Verbs that take an addressee before the clause (`told Politico that`).
pub(crate) static ADDRESSEE_VERBS: &Table = &Table::new(
    6,
    "addressee_verbs.txt",
    include_str!("../../../data/lexicon/addressee_verbs.txt"),
);

/// Titles and roles written before a name (`Kremlin spokesman`, `President`).
pub(crate) static TITLES: &Table = &Table::new(
    7,
    "titles.txt",
    include_str!("../../../data/lexicon/titles.txt"),
);

/// Nouns that describe a person (`the blogger`, `the analyst`): a subject
/// made of a determiner and one of these is resolved to a named person.
pub(crate) static PERSON_NOUNS: &Table = &Table::new(
    8,
    "person_nouns.txt",
    include_str!("../../../data/lexicon/person_nouns.txt"),
);

/// Nouns that describe an outlet or a text (`the newspaper writes`,
/// `the article says`): resolved to the outlet last named as a source.
pub(crate) static OUTLET_NOUNS: &Table = &Table::new(
    9,
    "outlet_nouns.txt",
    include_str!("../../../data/lexicon/outlet_nouns.txt"),
);

/// Words in a capitalised name that make it an organisation, not a person
/// (`Ukraine's General Staff`, `the Associated Press`).
pub(crate) static ORG_WORDS: &Table = &Table::new(
    10,
    "org_words.txt",
    include_str!("../../../data/lexicon/org_words.txt"),
);

/// Outlet words: an organisation whose name holds one of these is a
/// news outlet (`The Washington Post`, `Associated Press`).
pub(crate) static OUTLET_WORDS: &Table = &Table::new(
    11,
    "outlet_words.txt",
    include_str!("../../../data/lexicon/outlet_words.txt"),
);

/// Plural nouns naming a group that speaks (`Diplomatic sources`,
/// `Russian commentators`, `officials`).
pub(crate) static GROUP_NOUNS: &Table = &Table::new(
    12,
    "group_nouns.txt",
    include_str!("../../../data/lexicon/group_nouns.txt"),
);

/// Personal pronouns that can be the subject of a reporting verb.
pub(crate) static SUBJECT_PRONOUNS: &Table = &Table::new(
    13,
    "subject_pronouns.txt",
    include_str!("../../../data/lexicon/subject_pronouns.txt"),
);

/// Possessive determiners (`its leadership`, `his remarks`).
pub(crate) static POSSESSIVES: &Table = &Table::new(
    14,
    "possessives.txt",
    include_str!("../../../data/lexicon/possessives.txt"),
);

/// Determiners and quantifiers that may open a noun phrase.
pub(crate) static DETERMINERS: &Table = &Table::new(
    15,
    "determiners.txt",
    include_str!("../../../data/lexicon/determiners.txt"),
);

/// Capitalised words that open a sentence without starting a name.
pub(crate) static STOP_CAPS: &Table = &Table::new(
    16,
    "stop_caps.txt",
    include_str!("../../../data/lexicon/stop_caps.txt"),
);

/// Narrator connectives left out of an indirect span (`Meanwhile, …`).
pub(crate) static CONNECTIVES: &Table = &Table::new(
    17,
    "connectives.txt",
    include_str!("../../../data/lexicon/connectives.txt"),
);

/// Words that open a fronted adverbial phrase before the subject
/// (`On Wednesday, …`, `Amid efforts to end the war, …`).
pub(crate) static FRONTING: &Table = &Table::new(
    18,
    "fronting.txt",
    include_str!("../../../data/lexicon/fronting.txt"),
);

/// Auxiliaries and adverbs that sit between a subject and its reporting
/// verb (`Putin has insisted`, `Syrskyi also reported`).
pub(crate) static AUX_ADVERBS: &Table = &Table::new(
    19,
    "aux_adverbs.txt",
    include_str!("../../../data/lexicon/aux_adverbs.txt"),
);

/// Words after a verb that open an adverbial, skipped before the clause
/// (`informed reporters on Wednesday that …`).
pub(crate) static ADVERBIAL_PREPS: &Table = &Table::new(
    20,
    "adverbial_preps.txt",
    include_str!("../../../data/lexicon/adverbial_preps.txt"),
);

/// Words that end an indirect clause when they follow a comma: the
/// narrator's own circumstances (`…, as US representatives are en route`).
pub(crate) static NARRATOR_BREAKS: &Table = &Table::new(
    21,
    "narrator_breaks.txt",
    include_str!("../../../data/lexicon/narrator_breaks.txt"),
);

/// Words before a quoted string that make it a title or a nickname, not
/// someone's words (`the film “Casablanca”`, `nicknamed “the Butcher”`).
pub(crate) static NAMING_WORDS: &Table = &Table::new(
    22,
    "naming_words.txt",
    include_str!("../../../data/lexicon/naming_words.txt"),
);

/// Abbreviations after which a full stop does not end the sentence.
pub(crate) static ABBREVIATIONS: &Table = &Table::new(
    23,
    "abbreviations.txt",
    include_str!("../../../data/lexicon/abbreviations.txt"),
);

/// Prepositions and particles that make the word after a verb a
/// non-clausal complement (`warned of`, `called for`).
pub(crate) static NON_CLAUSE_STARTS: &Table = &Table::new(
    24,
    "non_clause_starts.txt",
    include_str!("../../../data/lexicon/non_clause_starts.txt"),
);

/// Finite auxiliaries and modals: evidence that a clause is finite.
pub(crate) static FINITE: &Table = &Table::new(
    25,
    "finite.txt",
    include_str!("../../../data/lexicon/finite.txt"),
);

/// Lower-case words that may join the capitalised words of one name
/// (`Chief of the General Staff`, `Institute for the Study of War`).
/// Matched against the whole word (see [`super::text::Token::is_whole`]).
pub(crate) static CONNECTORS: &Table = &Table::new(
    26,
    "connectors.txt",
    include_str!("../../../data/lexicon/connectors.txt"),
);

/// Words of time after a reporting verb (`…, the mayor said Monday, …`).
pub(crate) static TIME_WORDS: &Table = &Table::new(
    27,
    "time_words.txt",
    include_str!("../../../data/lexicon/time_words.txt"),
);

/// Last words of place names (`Hollis Bay`, `Elm Street`).
pub(crate) static PLACE_WORDS: &Table = &Table::new(
    28,
    "place_words.txt",
    include_str!("../../../data/lexicon/place_words.txt"),
);

/// Words that say what kind of organisation a name is (`Council`, `Union`).
pub(crate) static ORG_KINDS: &Table = &Table::new(
    29,
    "org_kinds.txt",
    include_str!("../../../data/lexicon/org_kinds.txt"),
);

/// Irregular past tenses: evidence of a finite clause after a reporting
/// verb without `that` (`said the rain came too late`).
pub(crate) static PAST_TENSES: &Table = &Table::new(
    30,
    "past_tenses.txt",
    include_str!("../../../data/lexicon/past_tenses.txt"),
);

/// Present-tense reporting verbs of headlines and subheads (`CEO says …`,
/// `Researchers find …`): see `extract/headline.rs`.
pub(crate) static HEADLINE_VERBS: &Table = &Table::new(
    31,
    "headline_verbs.txt",
    include_str!("../../../data/lexicon/headline_verbs.txt"),
);

/// Every table, for building the word → bits map.
static INDEXED: &[&Table] = &[
    SAY_VERBS,
    THAT_VERBS,
    AFTER_QUOTE_VERBS,
    FRAGMENT_VERBS,
    REPORT_NOUNS,
    ATTITUDE_NOUNS,
    ADDRESSEE_VERBS,
    TITLES,
    PERSON_NOUNS,
    OUTLET_NOUNS,
    ORG_WORDS,
    OUTLET_WORDS,
    GROUP_NOUNS,
    SUBJECT_PRONOUNS,
    POSSESSIVES,
    DETERMINERS,
    STOP_CAPS,
    CONNECTIVES,
    FRONTING,
    AUX_ADVERBS,
    ADVERBIAL_PREPS,
    NARRATOR_BREAKS,
    NAMING_WORDS,
    ABBREVIATIONS,
    NON_CLAUSE_STARTS,
    FINITE,
    CONNECTORS,
    TIME_WORDS,
    PLACE_WORDS,
    ORG_KINDS,
    PAST_TENSES,
    HEADLINE_VERBS,
];

/// A word table whose membership is precomputed per word (see
/// [`flags`]) as one bit.
#[derive(Debug)]
pub(crate) struct Table {
    bit: u32,
    /// The data file's name under `data/lexicon/`.
    file: &'static str,
    /// The data file's text.
    text: &'static str,
}

impl Table {
    const fn new(index: u32, file: &'static str, text: &'static str) -> Self {
        Table {
            bit: 1 << index,
            file,
            text,
        }
    }
    /// The table's words: the data file's lines without surrounding
    /// white space, skipping blank lines and `#` comments.
    fn words(&self) -> impl Iterator<Item = &'static str> {
        self.text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
    }
    /// The table's bit in [`flags`].
    pub const fn bit(&self) -> u32 {
        self.bit
    }
}

/// Every table's words, each with the bits of the tables it is in.
fn merged() -> BTreeMap<&'static str, u32> {
    let mut merged = BTreeMap::new();
    for t in INDEXED {
        for w in t.words() {
            assert!(
                w.len() <= index::MAX_WORD,
                "data/lexicon/{}: {w} is longer than {} bytes",
                t.file,
                index::MAX_WORD
            );
            *merged.entry(w).or_insert(0) |= t.bit;
        }
    }
    merged
}

/// The word → bits index, built on first use. A loop that looks up many
/// words takes it once and calls [`flags_in`].
pub(crate) fn index() -> &'static Index {
    static INDEX: OnceLock<Index> = OnceLock::new();
    INDEX.get_or_init(|| Index::build(&merged()))
}

/// The indexed tables `word` (lower-cased) belongs to, as bits.
#[inline]
pub(crate) fn flags(word: &str) -> u32 {
    flags_in(index(), word)
}

/// True when `word`, lower-cased, is in `table`.
pub(crate) fn is(table: &Table, word: &str) -> bool {
    flags(word) & table.bit != 0
}

/// True when `word`, lower-cased, is in the small literal list `words`
/// (whose entries are lower-case ASCII). A word without ASCII capitals is
/// compared as it is.
#[inline]
pub(crate) fn is_in(words: &[&str], word: &str) -> bool {
    debug_assert!(words.iter().all(|w| w
        .bytes()
        .all(|b| b.is_ascii_lowercase() || !b.is_ascii_alphabetic())));
    // a word of up to eight ASCII bytes (most): its lower case packed
    // into one integer, compared with each entry of its length packed
    if let Some(key) = short_key(word) {
        let n = word.len();
        return words.iter().any(|w| w.len() == n && short_packed(w) == key);
    }
    is_in_long(words, word)
}

/// [`is_in`] for a word longer than eight bytes or outside ASCII.
#[inline(never)]
fn is_in_long(words: &[&str], word: &str) -> bool {
    if word.is_ascii() {
        // lower-casing ASCII only changes ASCII capitals
        return words.iter().any(|w| w.eq_ignore_ascii_case(word));
    }
    if word.bytes().all(|b| !b.is_ascii_uppercase()) {
        return words.contains(&word);
    }
    let lower = word.to_lowercase();
    words.contains(&lower.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_files_are_lower_case_words_without_repeats() {
        let mut bits = 0;
        for t in INDEXED {
            assert_eq!(bits & t.bit, 0, "{}: bit shared", t.file);
            bits |= t.bit;
            assert!(t.text.starts_with("# "), "{}: no comment header", t.file);
            let mut seen = std::collections::BTreeSet::new();
            for w in t.words() {
                assert!(seen.insert(w), "{}: {w} twice", t.file);
                assert!(w.len() <= index::MAX_WORD, "{}: {w} too long", t.file);
                assert!(
                    !w.contains(char::is_whitespace) && w.to_lowercase() == w,
                    "{}: {w:?} is not one lower-case word",
                    t.file
                );
            }
            assert!(!seen.is_empty(), "{}: empty", t.file);
        }
    }

    #[test]
    fn a_table_reads_words_and_skips_comments_and_blank_lines() {
        let t = Table::new(
            0,
            "t.txt",
            "# what it is for\n#\n\n said \r\ntold\n\n# end\n",
        );
        assert_eq!(t.words().collect::<Vec<_>>(), ["said", "told"]);
    }

    #[test]
    fn every_word_is_found_in_its_tables() {
        for t in INDEXED {
            for w in t.words() {
                assert!(is(t, w), "{w}");
                assert!(is(t, &w.to_uppercase()), "{w}");
            }
        }
        assert_eq!(flags("xyzzy"), 0);
        assert!(is(SAY_VERBS, "said") && is(SAY_VERBS, "Said") && !is(THAT_VERBS, "said"));
        assert!(!is(SAY_VERBS, "# Reporting"));
        // the one character outside ASCII that lower-cases into it
        assert!(is(SAY_VERBS, "\u{212A}indly") == is(SAY_VERBS, "kindly"));
        assert!(is(TITLES, "\u{212A}ing") == is(TITLES, "king"));
        assert_eq!(flags("Zelenskyy’s"), 0);
        assert!(is(FINITE, "We’ll"));
        assert_eq!(flags("Ümit"), 0);
    }

    /// `is_in` as it was before its packed fast path.
    fn is_in_reference(words: &[&str], word: &str) -> bool {
        if word.is_ascii() {
            return words.iter().any(|w| w.eq_ignore_ascii_case(word));
        }
        if word.bytes().all(|b| !b.is_ascii_uppercase()) {
            return words.contains(&word);
        }
        words.contains(&word.to_lowercase().as_str())
    }

    #[test]
    fn is_in_agrees_with_lower_casing() {
        let lists: [&[&str]; 4] = [
            &["and", "or", "who", "which"],
            &["a", "an", "the", "eightchr", "ninechars", "we’ll", "k"],
            &[],
            &["reported", "said", "stated", "written", "claimed"],
        ];
        let words = [
            "",
            "a",
            "A",
            "an",
            "AN",
            "The",
            "the ",
            "thE",
            "who",
            "Which",
            "whic",
            "eightchr",
            "EIGHTCHR",
            "eightch",
            "ninechars",
            "NineChars",
            "ninechar",
            "we’ll",
            "We’ll",
            "WE’LL",
            "\u{212A}",
            "\u{212A}X",
            "K",
            "k",
            "said",
            "SAID",
            "saidx",
            "Reported",
            "é",
            "É",
            "@nd",
            "[r",
            "or`",
        ];
        for list in lists {
            for w in words {
                assert_eq!(
                    is_in(list, w),
                    is_in_reference(list, w),
                    "{w:?} in {list:?}"
                );
            }
        }
    }

    /// The look-up the index replaces: a map from each word to its bits,
    /// queried with the Unicode lower case of the word.
    fn reference(m: &BTreeMap<&str, u32>, word: &str) -> u32 {
        if word.len() > index::MAX_WORD {
            return 0;
        }
        m.get(word.to_lowercase().as_str()).copied().unwrap_or(0)
    }

    #[test]
    fn flags_match_the_reference_lower_casing() {
        let mut words: Vec<String> = Vec::new();
        for t in INDEXED {
            for w in t.words() {
                let title: String = w
                    .chars()
                    .enumerate()
                    .map(|(i, c)| if i == 0 { c.to_ascii_uppercase() } else { c })
                    .collect();
                for v in [w.to_string(), w.to_uppercase(), title] {
                    words.push(v.replace('k', "\u{212A}"));
                    words.push(format!("{v}’s"));
                    words.push(format!("{v}x"));
                    words.push(v.replace('’', "'"));
                    words.push(v);
                }
            }
        }
        for w in [
            "",
            "ΣΑΣ",
            "İt",
            "straße",
            "Ümit",
            "ǅ",
            "we’ll’",
            "’",
            "’’’’’’’’",
            "a’b’c’d’e’f’g’h’",
        ] {
            words.push(w.to_string());
        }
        let m = merged();
        for w in &words {
            let want = reference(&m, w);
            assert_eq!(flags(w), want, "{w}");
            // read in place from a text, with bytes after it or none
            for after in ["", " said", "’", "Xyzzy12"] {
                let text = format!("a {w}{after}");
                assert_eq!(flags_at(index(), text.as_bytes(), 2, w), want, "{w}{after}");
                if !w.is_empty() && w.bytes().all(|b| b.is_ascii_alphanumeric()) {
                    assert_eq!(flags_alnum(index(), &text, 2, w.len()), want, "{w}{after}");
                }
            }
        }
    }
}
