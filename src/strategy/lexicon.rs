//! General English lexicons used by the strategies, as data tables in one
//! place: reporting verbs and nouns, titles, pronouns, determiners,
//! organisation and group words. Nothing here names a person, place or
//! outlet of any article: these are words of the language of news
//! reporting, so the rules built on them carry over to unseen articles.
//!
//! All entries are lower case; look-ups lower-case the word first (see
//! [`is`]). Membership in every table is computed once per token (see
//! [`flags`]), so a look-up in the hot loops is a bit test.

use std::collections::BTreeMap;
use std::sync::OnceLock;

/// Reporting verbs that take a finite clause with or without `that`
/// (`said Moscow is ready`, `explained Russia has begun`).
pub(crate) static SAY_VERBS: &Table = &Table::new(
    0,
    &[
        "suggesting",
        "suggests",
        "suggested",
        "indicating",
        "indicates",
        "indicated",
        "said",
        "says",
        "say",
        "saying",
        "told",
        "tells",
        "tell",
        "telling",
        "explained",
        "explains",
        "explaining",
        "claimed",
        "claims",
        "claiming",
        "insisted",
        "insists",
        "insist",
        "insisting",
        "added",
        "adds",
        "adding",
        "stated",
        "states",
        "stating",
        "wrote",
        "writes",
        "writing",
        "argued",
        "argues",
        "arguing",
        "noted",
        "notes",
        "noting",
        "believes",
        "believed",
        "contended",
        "contends",
        "maintained",
        "maintains",
        "stressed",
        "stresses",
        "stressing",
    ],
);

/// Reporting verbs that report a finite clause only with `that`
/// (`confirmed that …`, but `confirmed the talks` is a noun phrase).
pub(crate) static THAT_VERBS: &Table = &Table::new(
    1,
    &[
        "announced",
        "announces",
        "announcing",
        "confirmed",
        "confirms",
        "confirming",
        "denied",
        "denies",
        "denying",
        "asserted",
        "asserts",
        "asserting",
        "indicated",
        "indicates",
        "indicating",
        "hinted",
        "hints",
        "hinting",
        "mentioned",
        "mentions",
        "mentioning",
        "remarked",
        "remarks",
        "remarking",
        "informed",
        "informs",
        "informing",
        "emphasized",
        "emphasizes",
        "emphasizing",
        "emphasised",
        "emphasises",
        "emphasising",
        "expects",
        "expected",
        "expect",
        "predicted",
        "predicts",
        "predicting",
        "suggested",
        "suggests",
        "suggesting",
        "reiterated",
        "reiterates",
        "reiterating",
        "acknowledged",
        "acknowledges",
        "acknowledging",
        "admitted",
        "admits",
        "admitting",
        "conceded",
        "concedes",
        "revealed",
        "reveals",
        "declared",
        "declares",
        "declaring",
        "alleged",
        "alleges",
        "alleging",
        "promised",
        "promises",
        "vowed",
        "vows",
        "warned",
        "warns",
        "warning",
        "reported",
        "reports",
        "report",
        "reporting",
        "underlined",
        "underscored",
        "underscores",
        "observed",
        "recalled",
        "cautioned",
        "complained",
        "disclosed",
        "assured",
        "assures",
        "replied",
        "responded",
        "agreed",
        "estimated",
        "estimates",
        "concluded",
        "signalled",
        "signaled",
        "posted",
        "tweeted",
        "pointed",
        "highlighted",
        "highlighting",
        "clarified",
        "answered",
        "countered",
        "conceding",
        "explains",
        "urged",
        "thinks",
        "feared",
        "fears",
    ],
);

/// Verbs that, after a quotation (`“…,” X said` / `“…,” said X`), link it
/// to its speaker.
pub(crate) static AFTER_QUOTE_VERBS: &Table = &Table::new(
    2,
    &[
        "said",
        "says",
        "told",
        "tells",
        "stated",
        "states",
        "added",
        "adds",
        "explained",
        "explains",
        "wrote",
        "writes",
        "reported",
        "reports",
        "posted",
        "admitted",
        "admits",
        "insisted",
        "insists",
        "claimed",
        "claims",
        "noted",
        "notes",
        "warned",
        "warns",
        "asked",
        "asks",
        "replied",
        "replies",
        "continued",
        "concluded",
        "declared",
        "announced",
        "argued",
        "argues",
        "recalled",
        "responded",
        "tweeted",
        "stressed",
        "observed",
        "remarked",
        "conceded",
        "quipped",
        "joked",
        "shouted",
        "cried",
        "answered",
        "countered",
        "acknowledged",
        "predicted",
        "cautioned",
        "urged",
        "emphasized",
        "emphasised",
        "suggested",
        "agreed",
    ],
);

/// Verbs whose object may carry a quoted fragment of the subject's words
/// (`described as “…”`, `expressed “cautious optimism”`).
pub(crate) static FRAGMENT_VERBS: &Table = &Table::new(
    3,
    &[
        "described",
        "describes",
        "describing",
        "called",
        "calls",
        "calling",
        "characterized",
        "characterizes",
        "characterised",
        "expressed",
        "expresses",
        "expressing",
        "promised",
        "promises",
        "promising",
        "urged",
        "urging",
        "urges",
        "termed",
        "labelled",
        "labeled",
        "branded",
        "dismissed",
        "vowed",
        "pledged",
        "hailed",
        "praised",
        "criticized",
        "criticised",
        "condemned",
        "welcomed",
        "demanded",
        "sought",
        "offered",
        "proposed",
        "proposing",
    ],
);

/// Reporting nouns (`Putin's recent statements that …`).
pub(crate) static REPORT_NOUNS: &Table = &Table::new(
    4,
    &[
        "statement",
        "statements",
        "remarks",
        "comments",
        "claim",
        "claims",
        "words",
        "assertion",
        "assertions",
        "announcement",
        "insistence",
        "assurances",
        "estimates",
        "estimate",
        "assessment",
        "view",
        "belief",
        "warning",
        "warnings",
    ],
);

/// Nouns after `expressing`/`voiced` that make a reporting phrase
/// (`expressing optimism that …`).
pub(crate) static ATTITUDE_NOUNS: &Table = &Table::new(
    5,
    &[
        "optimism",
        "hope",
        "confidence",
        "concern",
        "concerns",
        "fear",
        "fears",
        "doubt",
        "doubts",
        "belief",
        "skepticism",
        "scepticism",
        "frustration",
        "regret",
        "satisfaction",
    ],
);

/// Verbs that take an addressee before the clause (`told Politico that`).
pub(crate) static ADDRESSEE_VERBS: &Table = &Table::new(
    6,
    &[
        "told",
        "tells",
        "tell",
        "telling",
        "informed",
        "informs",
        "informing",
        "assured",
        "assures",
        "warned",
        "warns",
        "reminded",
        "briefed",
        "promised",
    ],
);

/// Titles and roles written before a name (`Kremlin spokesman`, `President`).
pub(crate) static TITLES: &Table = &Table::new(
    7,
    &[
        "president",
        "vice",
        "prime",
        "minister",
        "secretary",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "chief",
        "general",
        "advisor",
        "adviser",
        "envoy",
        "aide",
        "ambassador",
        "senator",
        "sen",
        "governor",
        "gov",
        "mayor",
        "chancellor",
        "director",
        "commander",
        "king",
        "queen",
        "pope",
        "premier",
        "ceo",
        "chairman",
        "chairwoman",
        "chair",
        "editor",
        "founder",
        "correspondent",
        "officer",
        "representative",
        "rep",
        "leader",
        "head",
        "deputy",
        "commissioner",
        "mr",
        "mrs",
        "ms",
        "dr",
        "sir",
        "lord",
        "lady",
        "gen",
        "col",
        "lt",
        "capt",
        "sgt",
        "adm",
        "judge",
        "justice",
        "attorney",
        "speaker",
        "special",
        "national",
        "security",
        "foreign",
        "defense",
        "defence",
        "state",
        "former",
        "acting",
        "senior",
        "top",
        "blogger",
        "analyst",
        "expert",
        "journalist",
        "reporter",
        "professor",
        "economist",
        "diplomat",
        "lawmaker",
        "official",
        "presidential",
        "military",
        "press",
        "policy",
        "interior",
        "finance",
        "economy",
        "affairs",
        "staff",
        "of",
        "the",
        "and",
        "general-secretary",
        "secretary-general",
        "colonel",
        "major",
        "lieutenant",
        "captain",
        "sergeant",
        "admiral",
        "marshal",
        "field",
        "emperor",
        "prince",
        "princess",
        "crown",
        "sheikh",
        "ayatollah",
        "rabbi",
        "reverend",
        "rev",
        "father",
        "bishop",
        "cardinal",
        "commentator",
        "researcher",
        "scholar",
        "author",
        "writer",
        "founder",
        "owner",
        "executive",
        "manager",
        "coach",
        "captain",
        "inspector",
        "prosecutor",
        "lawyer",
    ],
);

/// Nouns that describe a person (`the blogger`, `the analyst`): a subject
/// made of a determiner and one of these is resolved to a named person.
pub(crate) static PERSON_NOUNS: &Table = &Table::new(
    8,
    &[
        "blogger",
        "analyst",
        "source",
        "official",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "president",
        "minister",
        "general",
        "commander",
        "envoy",
        "aide",
        "expert",
        "editor",
        "founder",
        "leader",
        "chief",
        "lawyer",
        "diplomat",
        "journalist",
        "reporter",
        "commentator",
        "researcher",
        "professor",
        "economist",
        "secretary",
        "chancellor",
        "premier",
        "senator",
        "governor",
        "mayor",
        "ambassador",
        "advisor",
        "adviser",
        "director",
        "commissioner",
        "officer",
        "representative",
        "deputy",
        "head",
        "author",
        "writer",
        "scholar",
        "executive",
        "prosecutor",
        "judge",
        "king",
        "queen",
        "pope",
        "man",
        "woman",
        "colonel",
        "lieutenant",
        "captain",
        "admiral",
        "marshal",
        "insider",
        "witness",
        "politician",
        "lawmaker",
        "negotiator",
        "mediator",
        "strategist",
        "correspondent",
    ],
);

/// Nouns that describe an outlet or a text (`the newspaper writes`,
/// `the article says`): resolved to the outlet last named as a source.
pub(crate) static OUTLET_NOUNS: &Table = &Table::new(
    9,
    &[
        "newspaper",
        "paper",
        "article",
        "report",
        "outlet",
        "agency",
        "magazine",
        "publication",
        "broadcaster",
        "channel",
        "daily",
        "weekly",
        "website",
        "site",
        "network",
        "station",
        "newsletter",
        "tabloid",
        "journal",
        "story",
        "editorial",
    ],
);

/// Words in a capitalised name that make it an organisation, not a person
/// (`Ukraine's General Staff`, `the Associated Press`).
pub(crate) static ORG_WORDS: &Table = &Table::new(
    10,
    &[
        "agency",
        "ministry",
        "staff",
        "newspaper",
        "army",
        "military",
        "forces",
        "force",
        "government",
        "office",
        "council",
        "committee",
        "department",
        "institute",
        "group",
        "party",
        "union",
        "bank",
        "court",
        "parliament",
        "press",
        "news",
        "times",
        "post",
        "journal",
        "service",
        "services",
        "intelligence",
        "university",
        "company",
        "corporation",
        "inc",
        "ltd",
        "llc",
        "commission",
        "organization",
        "organisation",
        "association",
        "foundation",
        "center",
        "centre",
        "channel",
        "administration",
        "police",
        "navy",
        "coalition",
        "alliance",
        "fund",
        "board",
        "network",
        "media",
        "television",
        "radio",
        "tv",
        "house",
        "senate",
        "congress",
        "assembly",
        "cabinet",
        "guard",
        "guards",
        "command",
        "fleet",
        "corps",
        "brigade",
        "battalion",
        "regiment",
        "division",
        "unit",
        "troops",
        "federation",
        "republic",
        "kingdom",
        "states",
        "nations",
        "council",
        "summit",
        "war",
        "gazette",
        "herald",
        "tribune",
        "telegraph",
        "guardian",
        "express",
        "mail",
        "observer",
        "review",
        "daily",
        "weekly",
        "magazine",
        "broadcasting",
        "club",
        "team",
        "league",
        "project",
        "program",
        "programme",
        "platform",
        "oblast",
        "region",
        "province",
        "city",
        "county",
        "district",
        "river",
        "sea",
        "ocean",
        "island",
        "islands",
        "mountains",
        "street",
        "square",
        "airport",
        "station",
        "bridge",
        "east",
        "west",
        "north",
        "south",
        "middle",
        "central",
        "world",
        "international",
        "global",
        "day",
        "week",
        "month",
        "year",
        "crisis",
        "conference",
        "forum",
        "treaty",
        "accord",
        "act",
        "law",
        "plan",
        "ii",
        "iii",
        "iv",
    ],
);

/// Outlet words: an organisation whose name holds one of these is a
/// news outlet (`The Washington Post`, `Associated Press`).
pub(crate) static OUTLET_WORDS: &Table = &Table::new(
    11,
    &[
        "post",
        "times",
        "journal",
        "news",
        "press",
        "herald",
        "tribune",
        "telegraph",
        "guardian",
        "gazette",
        "express",
        "mail",
        "observer",
        "review",
        "daily",
        "weekly",
        "magazine",
        "agency",
        "broadcasting",
        "television",
        "radio",
        "tv",
        "media",
        "wire",
    ],
);

/// Plural nouns naming a group that speaks (`Diplomatic sources`,
/// `Russian commentators`, `officials`).
pub(crate) static GROUP_NOUNS: &Table = &Table::new(
    12,
    &[
        "sources",
        "officials",
        "commentators",
        "analysts",
        "experts",
        "observers",
        "diplomats",
        "leaders",
        "leadership",
        "lawmakers",
        "critics",
        "residents",
        "witnesses",
        "authorities",
        "officers",
        "spokespeople",
        "military",
        "intelligence",
        "government",
        "ministry",
        "staff",
        "bloggers",
        "activists",
        "researchers",
        "scientists",
        "investigators",
        "prosecutors",
        "police",
        "army",
        "forces",
        "media",
        "administration",
        "campaign",
        "spokesmen",
        "representatives",
        "negotiators",
        "ministers",
        "parliament",
        "council",
        "command",
        "agency",
        "office",
        "service",
        "navy",
        "embassy",
        "department",
        "team",
        "monitors",
        "journalists",
        "reporters",
        "correspondents",
        "people",
        "protesters",
        "economists",
        "strategists",
        "insiders",
        "aides",
        "advisers",
        "advisors",
        "generals",
    ],
);

/// Personal pronouns that can be the subject of a reporting verb.
pub(crate) static SUBJECT_PRONOUNS: &Table =
    &Table::new(13, &["he", "she", "i", "we", "they", "it"]);

/// Possessive determiners (`its leadership`, `his remarks`).
pub(crate) static POSSESSIVES: &Table =
    &Table::new(14, &["his", "her", "its", "their", "our", "my"]);

/// Determiners and quantifiers that may open a noun phrase.
pub(crate) static DETERMINERS: &Table = &Table::new(
    15,
    &[
        "the", "a", "an", "this", "that", "these", "those", "some", "several", "many", "multiple",
        "two", "three", "other", "both", "all", "most", "one", "his", "her", "its", "their", "our",
        "another", "various", "numerous", "few",
    ],
);

/// Capitalised words that open a sentence without starting a name.
pub(crate) static STOP_CAPS: &Table = &Table::new(
    16,
    &[
        "the",
        "a",
        "an",
        "this",
        "that",
        "these",
        "those",
        "it",
        "he",
        "she",
        "they",
        "we",
        "i",
        "you",
        "his",
        "her",
        "its",
        "their",
        "our",
        "my",
        "however",
        "meanwhile",
        "after",
        "before",
        "amid",
        "despite",
        "on",
        "in",
        "at",
        "by",
        "for",
        "from",
        "with",
        "without",
        "as",
        "but",
        "and",
        "or",
        "so",
        "yet",
        "while",
        "when",
        "if",
        "since",
        "during",
        "over",
        "under",
        "last",
        "next",
        "earlier",
        "later",
        "according",
        "there",
        "here",
        "what",
        "who",
        "why",
        "how",
        "where",
        "which",
        "then",
        "now",
        "also",
        "still",
        "even",
        "both",
        "all",
        "some",
        "many",
        "most",
        "several",
        "multiple",
        "although",
        "though",
        "because",
        "following",
        "once",
        "until",
        "to",
        "of",
        "is",
        "are",
        "was",
        "were",
        "be",
        "not",
        "no",
        "yes",
        "thank",
        "please",
        "do",
        "does",
        "did",
        "has",
        "have",
        "had",
        "will",
        "would",
        "can",
        "could",
        "should",
        "may",
        "might",
        "must",
        "let",
        "let’s",
        "let's",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "january",
        "february",
        "march",
        "april",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "subscribe",
        "join",
        "related",
        "posts",
        "popular",
        "articles",
        "read",
        "more",
        "become",
        "leave",
        "reply",
        "credit",
        "photo",
        "top",
        "discover",
        "shortly",
        "thereafter",
        "separately",
        "instead",
        "indeed",
        "moreover",
        "furthermore",
        "additionally",
        "nonetheless",
        "nevertheless",
        "previously",
        "today",
        "yesterday",
        "tomorrow",
        "multiple",
        "speaking",
        "asked",
        "thousands",
        "hundreds",
        "millions",
        "every",
        "each",
        "any",
        "no",
        "such",
        "like",
        "than",
        "just",
        "only",
        "first",
        "second",
        "third",
        "new",
        "other",
        "another",
        "further",
        "recent",
    ],
);

/// Narrator connectives left out of an indirect span (`Meanwhile, …`).
pub(crate) static CONNECTIVES: &Table = &Table::new(
    17,
    &[
        "meanwhile",
        "however",
        "moreover",
        "still",
        "yet",
        "separately",
        "instead",
        "indeed",
        "also",
        "furthermore",
        "additionally",
        "nonetheless",
        "nevertheless",
        "now",
        "earlier",
        "later",
        "previously",
        "thus",
        "therefore",
        "besides",
        "likewise",
        "similarly",
        "consequently",
        "overall",
        "notably",
        "importantly",
        "in",
        "but",
        "and",
        "so",
        "then",
    ],
);

/// Words that open a fronted adverbial phrase before the subject
/// (`On Wednesday, …`, `Amid efforts to end the war, …`).
pub(crate) static FRONTING: &Table = &Table::new(
    18,
    &[
        "however",
        "meanwhile",
        "on",
        "in",
        "at",
        "after",
        "before",
        "amid",
        "amidst",
        "despite",
        "last",
        "this",
        "earlier",
        "later",
        "since",
        "during",
        "while",
        "when",
        "following",
        "over",
        "under",
        "by",
        "for",
        "with",
        "without",
        "as",
        "yet",
        "still",
        "now",
        "then",
        "today",
        "yesterday",
        "separately",
        "instead",
        "indeed",
        "moreover",
        "furthermore",
        "additionally",
        "shortly",
        "thereafter",
        "once",
        "if",
        "although",
        "though",
        "because",
        "until",
        "within",
        "throughout",
        "across",
        "from",
        "nonetheless",
        "nevertheless",
        "previously",
        "also",
        "speaking",
        "asked",
        "meanwhile",
        "but",
        "and",
        "so",
        "turn",
        "alone",
        "overall",
    ],
);

/// Auxiliaries and adverbs that sit between a subject and its reporting
/// verb (`Putin has insisted`, `Syrskyi also reported`).
pub(crate) static AUX_ADVERBS: &Table = &Table::new(
    19,
    &[
        "has",
        "have",
        "had",
        "also",
        "further",
        "later",
        "then",
        "reportedly",
        "previously",
        "recently",
        "repeatedly",
        "again",
        "already",
        "once",
        "publicly",
        "privately",
        "separately",
        "earlier",
        "is",
        "was",
        "were",
        "are",
        "been",
        "had",
        "would",
        "will",
        "could",
        "may",
        "might",
        "did",
        "does",
        "do",
        "not",
        "never",
        "often",
        "frequently",
        "last",
        "week",
        "month",
        "year",
        "today",
        "yesterday",
        "on",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "in",
        "turn",
        "himself",
        "herself",
        "themselves",
        "itself",
        "just",
        "first",
        "even",
        "still",
        "now",
    ],
);

/// Words after a verb that open an adverbial, skipped before the clause
/// (`informed reporters on Wednesday that …`).
pub(crate) static ADVERBIAL_PREPS: &Table = &Table::new(
    20,
    &[
        "on", "in", "at", "during", "last", "this", "earlier", "late", "early",
    ],
);

/// Words that end an indirect clause when they follow a comma: the
/// narrator's own circumstances (`…, as US representatives are en route`).
pub(crate) static NARRATOR_BREAKS: &Table =
    &Table::new(21, &["as", "while", "whereas", "although", "though"]);

/// Words before a quoted string that make it a title or a nickname, not
/// someone's words (`the film “Casablanca”`, `nicknamed “the Butcher”`).
pub(crate) static NAMING_WORDS: &Table = &Table::new(
    22,
    &[
        "nicknamed",
        "dubbed",
        "titled",
        "entitled",
        "so-called",
        "called",
        "film",
        "movie",
        "book",
        "novel",
        "song",
        "album",
        "show",
        "series",
        "play",
        "poem",
        "opera",
        "painting",
        "operation",
        "codenamed",
        "code-named",
        "named",
        "slogan",
        "motto",
        "hashtag",
        "term",
        "word",
        "phrase",
        "programme",
        "program",
        "campaign",
        "documentary",
        "episode",
        "game",
        "magazine",
        "newspaper",
        "headline",
        "article",
        "exhibition",
    ],
);

/// Abbreviations after which a full stop does not end the sentence.
pub(crate) static ABBREVIATIONS: &Table = &Table::new(
    23,
    &[
        "mr", "mrs", "ms", "dr", "st", "gen", "sen", "rep", "gov", "lt", "col", "jr", "sr", "vs",
        "etc", "prof", "capt", "sgt", "adm", "maj", "rev", "inc", "ltd", "co", "corp", "jan",
        "feb", "mar", "apr", "aug", "sep", "sept", "oct", "nov", "dec", "approx", "fig",
    ],
);

/// Prepositions and particles that make the word after a verb a
/// non-clausal complement (`warned of`, `called for`).
pub(crate) static NON_CLAUSE_STARTS: &Table = &Table::new(
    24,
    &[
        "of",
        "for",
        "to",
        "about",
        "on",
        "against",
        "with",
        "at",
        "from",
        "into",
        "by",
        "in",
        "over",
        "upon",
        "up",
        "out",
        "off",
        "back",
        "down",
        "away",
        "as",
        "after",
        "before",
        "during",
        "that's",
        "himself",
        "herself",
        "themselves",
        "itself",
        "him",
        "her",
        "them",
        "me",
        "us",
    ],
);

/// Finite auxiliaries and modals: evidence that a clause is finite.
pub(crate) static FINITE: &Table = &Table::new(
    25,
    &[
        "is",
        "are",
        "was",
        "were",
        "has",
        "have",
        "had",
        "will",
        "would",
        "could",
        "can",
        "may",
        "might",
        "should",
        "must",
        "does",
        "did",
        "do",
        "remain",
        "remains",
        "won't",
        "can't",
        "isn't",
        "wasn't",
        "aren't",
        "we'll",
        "we’ll",
        "it'll",
        "it’ll",
        "they'll",
        "they’ll",
        "i'll",
        "i’ll",
        "he'll",
        "he’ll",
        "she'll",
        "she’ll",
        "you'll",
        "you’ll",
    ],
);

/// Lower-case words that may join the capitalised words of one name
/// (`Chief of the General Staff`, `Institute for the Study of War`).
/// Matched against the whole word (see [`super::text::Token::is_whole`]).
pub(crate) static CONNECTORS: &Table = &Table::new(
    26,
    &[
        "of", "the", "for", "de", "al", "bin", "von", "van", "der", "la", "le", "du", "da", "and",
    ],
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
];

/// A word table whose membership is precomputed per word (see
/// [`flags`]) as one bit.
#[derive(Debug)]
pub(crate) struct Table {
    bit: u32,
    words: &'static [&'static str],
}

impl Table {
    const fn new(index: u32, words: &'static [&'static str]) -> Self {
        Table {
            bit: 1 << index,
            words,
        }
    }
    /// The table's bit in [`flags`].
    pub const fn bit(&self) -> u32 {
        self.bit
    }
}

/// Longest word any table holds, in bytes (checked when the index is
/// built); a longer word is in no table.
const MAX_WORD: usize = 24;

/// The top bit of every byte of a word.
const TOP: u64 = 0x8080_8080_8080_8080;

/// A word of at most [`MAX_WORD`] bytes packed into three little-endian
/// `u64`s, zero-padded.
type Key = [u64; 3];

/// The word → bits index: open addressing over packed words, so a look-up
/// is a few loads and multiplications and one or two slot compares, with
/// no allocation.
pub(crate) struct Index {
    /// Words of at most eight bytes, by their one packed `u64` (a word
    /// holds no NUL byte, so the zero padding makes the key unique; 0 marks
    /// an empty slot). A cuckoo table: every key sits in one of its two
    /// slots ([`short_slots`]), so a look-up reads both and compares
    /// without a branch — whether a word of news text is in the lexicon
    /// (about half are) is a coin toss the branch predictor loses.
    short: Vec<u64>,
    /// The bits of the word in the same slot of `short`.
    short_bits: Vec<u32>,
    /// Words of nine to sixteen bytes, packed into two `u64`s: a cuckoo
    /// table like `short`.
    mid: Vec<[u64; 2]>,
    /// The bits of the word in the same slot of `mid`.
    mid_bits: Vec<u32>,
    /// `64 - log2(mid.len())`.
    mid_shift: u32,
    /// `64 - log2(short.len())`.
    short_shift: u32,
    /// Longer words: slot → 1 + entry number, 0 for an empty slot.
    slots: Vec<u16>,
    /// `(packed word, length, bits)`.
    entries: Vec<(Key, usize, u32)>,
    /// `64 - log2(slots.len())`.
    shift: u32,
}

/// Up to eight bytes as a little-endian word, zero-padded. Short slices
/// are read as two overlapping parts, each byte landing in its own
/// place, so there is no loop over the bytes.
#[inline]
fn load(b: &[u8]) -> u64 {
    let n = b.len();
    let u32_at = |k: usize| u32::from_le_bytes([b[k], b[k + 1], b[k + 2], b[k + 3]]) as u64;
    match n {
        0 => 0,
        1..=3 => {
            b[0] as u64 | (b[n / 2] as u64) << (8 * (n / 2)) | (b[n - 1] as u64) << (8 * (n - 1))
        }
        4..=7 => u32_at(0) | u32_at(n - 4) << (8 * (n - 4)),
        _ => u64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]]),
    }
}

/// `word` (at most [`MAX_WORD`] bytes) packed.
#[inline]
fn pack(word: &[u8]) -> Key {
    let n = word.len();
    if n <= 8 {
        return [load(word), 0, 0];
    }
    let k2 = if n > 16 { load(&word[16..]) } else { 0 };
    [load(&word[..8]), load(&word[8..n.min(16)]), k2]
}

/// ASCII capitals of `x` lower-cased, eight bytes at a time; every byte
/// must be ASCII. A byte is a capital when adding 0x3f sets its top bit
/// (it is at least `A`) and adding 0x25 does not (it is at most `Z`); no
/// sum carries into the next byte.
#[inline]
fn lower_ascii(x: u64) -> u64 {
    let at_least_a = x + 0x3f3f_3f3f_3f3f_3f3f;
    let above_z = x + 0x2525_2525_2525_2525;
    x | ((at_least_a & !above_z & TOP) >> 2)
}

impl Index {
    #[inline]
    fn slot(&self, key: &Key, len: usize) -> usize {
        let h = key[0].wrapping_mul(0x9E37_79B9_7F4A_7C15)
            ^ key[1].wrapping_mul(0xC2B2_AE3D_27D4_EB4F)
            ^ key[2].wrapping_mul(0x1656_67B1_9E37_79F9)
            ^ len as u64;
        (h.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> self.shift) as usize
    }

    fn build() -> Self {
        let mut merged: BTreeMap<&'static str, u32> = BTreeMap::new();
        for t in INDEXED {
            for w in t.words {
                assert!(
                    w.len() <= MAX_WORD,
                    "lexicon word longer than {MAX_WORD}: {w}"
                );
                *merged.entry(w).or_insert(0) |= t.bit;
            }
        }
        let size = (merged.len() * 4).next_power_of_two();
        let short: Vec<(u64, u32)> = merged
            .iter()
            .filter(|(w, _)| w.len() <= 8)
            .map(|(w, &bits)| (load(w.as_bytes()), bits))
            .collect();
        let (short, short_bits, short_shift) = cuckoo(&short, short_slots);
        let mid: Vec<([u64; 2], u32)> = merged
            .iter()
            .filter(|(w, _)| (9..=16).contains(&w.len()))
            .map(|(w, &bits)| {
                let k = pack(w.as_bytes());
                ([k[0], k[1]], bits)
            })
            .collect();
        let (mid, mid_bits, mid_shift) = cuckoo(&mid, mid_slots);
        let mut index = Index {
            short,
            short_bits,
            short_shift,
            mid,
            mid_bits,
            mid_shift,
            slots: vec![0; size],
            entries: Vec::with_capacity(merged.len()),
            shift: 64 - size.trailing_zeros(),
        };
        for (w, bits) in merged {
            if w.len() <= 16 {
                continue;
            }
            let key = pack(w.as_bytes());
            let mut i = index.slot(&key, w.len());
            while index.slots[i] != 0 {
                i = (i + 1) & (size - 1);
            }
            index.entries.push((key, w.len(), bits));
            index.slots[i] = u16::try_from(index.entries.len()).expect("fewer than 65536 words");
        }
        index
    }

    /// The bits of the word of at most eight bytes packed as `key`.
    #[inline]
    fn get_short(&self, key: u64) -> u32 {
        cuckoo_get(
            &self.short,
            &self.short_bits,
            short_slots(key, self.short_shift),
            key,
        )
    }

    /// The bits of the word of nine to sixteen bytes packed as `key`.
    #[inline]
    fn get_mid(&self, key: [u64; 2]) -> u32 {
        cuckoo_get(
            &self.mid,
            &self.mid_bits,
            mid_slots(key, self.mid_shift),
            key,
        )
    }

    /// The bits of the packed word `key` of `len` bytes.
    #[inline]
    fn get(&self, key: &Key, len: usize) -> u32 {
        if len <= 8 {
            return if len == 0 { 0 } else { self.get_short(key[0]) };
        }
        if len <= 16 {
            return self.get_mid([key[0], key[1]]);
        }
        let mask = self.slots.len() - 1;
        let mut i = self.slot(key, len);
        loop {
            match self.slots[i] {
                0 => return 0,
                e => {
                    let (k, l, bits) = &self.entries[e as usize - 1];
                    if *l == len && k == key {
                        return *bits;
                    }
                }
            }
            i = (i + 1) & mask;
        }
    }
}

/// The two slots a short word's key may sit in.
#[inline]
fn short_slots(key: u64, shift: u32) -> (usize, usize) {
    (
        (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> shift) as usize,
        (key.wrapping_mul(0xC2B2_AE3D_27D4_EB4F) >> shift) as usize,
    )
}

/// The two slots a key of nine to sixteen bytes may sit in.
#[inline]
fn mid_slots(key: [u64; 2], shift: u32) -> (usize, usize) {
    let h = key[0].wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ key[1].wrapping_mul(0xC2B2_AE3D_27D4_EB4F);
    (
        (h.wrapping_mul(0x1656_67B1_9E37_79F9) >> shift) as usize,
        (h.wrapping_mul(0xFF51_AFD7_ED55_8CCD) >> shift) as usize,
    )
}

/// The bits of `key` in a cuckoo table, given its two slots: both are
/// read and combined without a branch (0 when the key is in neither).
#[inline]
fn cuckoo_get<K: PartialEq>(keys: &[K], bits: &[u32], (a, b): (usize, usize), key: K) -> u32 {
    let hit = |i: usize| (keys[i] == key) as u32;
    (hit(a).wrapping_neg() & bits[a]) | (hit(b).wrapping_neg() & bits[b])
}

/// A cuckoo table of `items` (keys distinct and not `K::default()`, which
/// marks an empty slot) with the slot pair `slots`: keys, bits and the
/// shift. Starts at load factor at most 1/2 and doubles until every key
/// has a place.
fn cuckoo<K: Copy + Default + PartialEq>(
    items: &[(K, u32)],
    slots: fn(K, u32) -> (usize, usize),
) -> (Vec<K>, Vec<u32>, u32) {
    let mut size = (items.len() * 2).next_power_of_two().max(2);
    'grow: loop {
        let shift = 64 - size.trailing_zeros();
        let mut keys = vec![K::default(); size];
        let mut bits = vec![0u32; size];
        for &item in items {
            let (mut key, mut b) = item;
            let mut slot = slots(key, shift).0;
            for _ in 0..size {
                std::mem::swap(&mut keys[slot], &mut key);
                std::mem::swap(&mut bits[slot], &mut b);
                if key == K::default() {
                    break;
                }
                // the evicted key moves to its other slot
                let (x, y) = slots(key, shift);
                slot = if x == slot { y } else { x };
            }
            if key != K::default() {
                size *= 2;
                continue 'grow;
            }
        }
        return (keys, bits, shift);
    }
}

/// The word → bits index, built on first use. A loop that looks up many
/// words takes it once and calls [`flags_in`].
pub(crate) fn index() -> &'static Index {
    static INDEX: OnceLock<Index> = OnceLock::new();
    INDEX.get_or_init(Index::build)
}

/// The indexed tables `word` (lower-cased) belongs to, as bits.
#[inline]
pub(crate) fn flags(word: &str) -> u32 {
    flags_in(index(), word)
}

/// [`flags`] with the index at hand.
#[inline]
pub(crate) fn flags_in(index: &Index, word: &str) -> u32 {
    let n = word.len();
    if n.wrapping_sub(1) < 8 {
        let key = load(word.as_bytes());
        if key & TOP == 0 {
            return index.get_short(lower_ascii(key));
        }
    }
    flags_long(index, word)
}

/// [`flags_in`] for the word `word` starting at byte `start` of `text`:
/// a word of up to sixteen bytes is read as one or two unaligned loads of
/// the bytes there (masked to its length) when the text has them, instead
/// of piecing it together by its length.
#[inline(always)]
pub(crate) fn flags_at(index: &Index, text: &[u8], start: usize, word: &str) -> u32 {
    let n = word.len();
    if n.wrapping_sub(1) < 8 {
        if let Some(chunk) = text.get(start..start + 8) {
            let x = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
            let key = x & (u64::MAX >> (64 - 8 * n));
            if key & TOP == 0 {
                return index.get_short(lower_ascii(key));
            }
        }
    }
    if n.wrapping_sub(9) < 8 {
        if let Some(chunk) = text.get(start..start + 16) {
            let lo = u64::from_le_bytes(chunk[..8].try_into().expect("eight bytes"));
            let hi = u64::from_le_bytes(chunk[8..].try_into().expect("eight bytes"));
            let hi = hi & (u64::MAX >> (128 - 8 * n));
            if (lo | hi) & TOP == 0 {
                return index.get_mid([lower_ascii(lo), lower_ascii(hi)]);
            }
        }
    }
    flags_in(index, word)
}

/// [`flags_in`] for words longer than eight bytes or outside ASCII.
#[inline(never)]
fn flags_long(index: &Index, word: &str) -> u32 {
    let n = word.len();
    if n > MAX_WORD || n == 0 {
        return 0;
    }
    let key = pack(word.as_bytes());
    if (key[0] | key[1] | key[2]) & TOP == 0 {
        let lower = [
            lower_ascii(key[0]),
            lower_ascii(key[1]),
            lower_ascii(key[2]),
        ];
        return index.get(&lower, n);
    }
    // Not ASCII. The common case, ASCII with typographic apostrophes
    // (`we’ll`), lower-cases without allocating: `’` is its own lower case.
    let mut buf = [0u8; MAX_WORD];
    let mut rest = word.as_bytes();
    let mut k = 0;
    while let Some((&b, tail)) = rest.split_first() {
        if b < 0x80 {
            buf[k] = b.to_ascii_lowercase();
            k += 1;
            rest = tail;
        } else if let Some(tail) = rest.strip_prefix("’".as_bytes()) {
            buf[k..k + 3].copy_from_slice("’".as_bytes());
            k += 3;
            rest = tail;
        } else {
            break;
        }
    }
    if rest.is_empty() {
        return index.get(&pack(&buf[..k]), k);
    }
    let lower = word.to_lowercase();
    if lower.len() > MAX_WORD {
        return 0;
    }
    index.get(&pack(lower.as_bytes()), lower.len())
}

/// True when `word`, lower-cased, is in `table`.
pub(crate) fn is(table: &Table, word: &str) -> bool {
    flags(word) & table.bit != 0
}

/// True when `word`, lower-cased, is in the small literal list `words`
/// (whose entries are lower-case ASCII). A word without ASCII capitals is
/// compared as it is.
pub(crate) fn is_in(words: &[&str], word: &str) -> bool {
    debug_assert!(words.iter().all(|w| w
        .bytes()
        .all(|b| b.is_ascii_lowercase() || !b.is_ascii_alphabetic())));
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
    fn packing_matches_bytewise_lower_casing() {
        let words = [
            "",
            "a",
            "Of",
            "THE",
            "said",
            "Saidx",
            "General",
            "SPOKESMAN",
            "ab@[`{z",
            "0123456789",
            "Vice-President",
            "abcdefghijklmnopqrstuvwx",
            "@AZ[`az{",
        ];
        for w in words {
            let lower: Vec<u8> = w.bytes().map(|b| b.to_ascii_lowercase()).collect();
            let mut expect = [0u64; 3];
            for (k, &b) in lower.iter().enumerate() {
                expect[k / 8] |= (b as u64) << (8 * (k % 8));
            }
            let k = pack(w.as_bytes());
            let got = [lower_ascii(k[0]), lower_ascii(k[1]), lower_ascii(k[2])];
            assert_eq!(got, expect, "{w}");
        }
    }

    #[test]
    fn every_word_is_found_in_its_tables() {
        for t in INDEXED {
            for w in t.words {
                assert!(is(t, w), "{w}");
                assert!(is(t, &w.to_uppercase()), "{w}");
            }
        }
        assert_eq!(flags("xyzzy"), 0);
        // the one character outside ASCII that lower-cases into it
        assert!(is(SAY_VERBS, "\u{212A}indly") == is(SAY_VERBS, "kindly"));
        assert!(is(TITLES, "\u{212A}ing") == is(TITLES, "king"));
        assert_eq!(flags("Zelenskyy’s"), 0);
        assert!(is(FINITE, "We’ll"));
        assert_eq!(flags("Ümit"), 0);
    }

    /// The look-up the index replaces: a map from each word to its bits,
    /// queried with the Unicode lower case of the word.
    fn reference(m: &BTreeMap<&str, u32>, word: &str) -> u32 {
        if word.len() > MAX_WORD {
            return 0;
        }
        m.get(word.to_lowercase().as_str()).copied().unwrap_or(0)
    }

    #[test]
    fn flags_match_the_reference_lower_casing() {
        let mut words: Vec<String> = Vec::new();
        for t in INDEXED {
            for w in t.words {
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
        let mut m: BTreeMap<&str, u32> = BTreeMap::new();
        for t in INDEXED {
            for w in t.words {
                *m.entry(w).or_insert(0) |= t.bit;
            }
        }
        for w in &words {
            let want = reference(&m, w);
            assert_eq!(flags(w), want, "{w}");
            // read in place from a text, with bytes after it or none
            for after in ["", " said", "’", "Xyzzy12"] {
                let text = format!("a {w}{after}");
                assert_eq!(flags_at(index(), text.as_bytes(), 2, w), want, "{w}{after}");
            }
        }
    }
}
