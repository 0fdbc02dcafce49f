//! Mention resolution: from a source phrase found by a cue (`Kremlin
//! spokesman Dmitry Peskov`, `he`, `the blogger`, `officials`) to the
//! fullest name the document gives for the entity (`Dmitry Peskov`), or an
//! organisation or group as written (`Ukraine's General Staff`).
//!
//! Two levels: the plain level (used by `cue-pattern`) takes a name as it
//! comes, a pronoun as the nearest person name before it and a
//! description as written; the coreference level (used by `sieve`) skips
//! names inside quotations, prefers clause subjects, resolves descriptions
//! to the person introduced with them (or named in the next sentence),
//! `the newspaper` to the outlet last quoted and `officials` to the
//! organisation in charge. Look-backs are bounded in sentences and names.

use super::gender::{self, Gender, Genders};
use super::lexicon::{self as lx, is, is_in};
use super::names::{Name, Names};
use super::text::Doc;

/// How far back (in sentences) an antecedent is looked for.
const BACK_SENTS: usize = 6;
/// How many names back an antecedent is looked for.
const BACK_NAMES: usize = 60;
/// How many earlier speakers are considered.
const BACK_SAID: usize = 32;
/// How many tokens back, within a sentence, an antecedent is looked for.
const BACK_TOKS: usize = 300;

/// A speaker already resolved, for later pronouns and descriptions.
#[derive(Debug, Clone)]
pub(super) struct Said {
    pub(super) tok: usize,
    pub(super) sent: usize,
    pub(super) name: String,
    pub(super) org: bool,
}

impl Said {
    /// An outlet (`Reuters`, `the Daily Courier`): an organisation whose
    /// name holds an outlet word. Worked out when asked, which is rare,
    /// not for every speaker recorded.
    fn outlet(&self) -> bool {
        self.org && has_outlet_word(&self.name)
    }
}

/// Resolves source phrases of one document, remembering earlier speakers.
pub(crate) struct Resolver<'d, 'a> {
    pub(super) doc: &'d Doc<'a>,
    pub(super) names: &'d Names<'a>,
    coref: bool,
    pub(super) said: Vec<Said>,
    genders: Genders<'d, 'a>,
}

/// True when the name starting at byte `at` is page furniture rather
/// than a party to the story: on a byline (`By Ann Lee | Health &
/// Science`), a photo caption or credit line, or in a dateline's or
/// credit's parentheses (`MILLBROOK (Coastline Wire) —`, `/ Valley
/// Ledger)`). Checked only for the few candidates a description is
/// resolved against, never per token.
pub(super) fn furniture(text: &str, at: usize) -> bool {
    // a byline or dateline is short: a name far into its line is not on one
    let lo = at.saturating_sub(120);
    let start = match text.as_bytes()[lo..at].iter().rposition(|&b| b == b'\n') {
        Some(i) => lo + i + 1,
        None if lo == 0 => 0,
        None => return false,
    };
    let line = &text[start..at];
    let head = line.trim_start();
    let before = line.trim_end();
    head.starts_with("By ") || head.starts_with("Photo") || before.ends_with(['(', '/', '|'])
}

/// Organisation kinds that name the same sort of body: `the agency`
/// may be a department, `the league` an association
/// (`data/lexicon/org_synonyms.txt`, one group a line).
fn same_kind(a: &str, b: &str) -> bool {
    static GROUPS: std::sync::OnceLock<Vec<Vec<String>>> = std::sync::OnceLock::new();
    let groups = GROUPS.get_or_init(|| {
        include_str!("../../data/lexicon/org_synonyms.txt")
            .lines()
            .map(|l| l.split('#').next().unwrap_or(""))
            .filter(|l| !l.trim().is_empty())
            .map(|l| l.split_whitespace().map(str::to_lowercase).collect())
            .collect()
    });
    let (a, b) = (a.to_lowercase(), b.to_lowercase());
    a == b || groups.iter().any(|g| g.contains(&a) && g.contains(&b))
}

pub(super) fn has_outlet_word(s: &str) -> bool {
    s.split(|c: char| !c.is_alphanumeric())
        .any(|w| is(lx::OUTLET_WORDS, w))
}

impl<'d, 'a> Resolver<'d, 'a> {
    /// A resolver; `coref` turns on the coreference level.
    pub fn new(doc: &'d Doc<'a>, names: &'d Names<'a>, coref: bool) -> Self {
        Resolver {
            doc,
            names,
            coref,
            said: Vec::new(),
            genders: Genders::new(doc, names),
        }
    }

    /// Records `name` as the speaker whose mention is at token `tok`.
    pub fn record(&mut self, tok: usize, name: &str) {
        let org = !self.names.is_surname(super::names::last_word(name));
        let sent = self.doc.sent_of.get(tok).copied().unwrap_or(0) as usize;
        self.said.push(Said {
            tok,
            sent,
            name: name.to_owned(),
            org,
        });
    }

    /// The name answered for the person mention `n`: the fullest name
    /// the document gives ([`Names::fullest_at`]). At the coreference
    /// level a surname after an honorific (`Mr. Lee`) is the bearer of
    /// that surname known to be of the honorific's gender, if one is;
    /// when every bearer named in full is of the other gender, it is a
    /// relative never named in full, answered as written (`Mr. Lee`);
    /// when two bearers or more are of unknown gender, the one of them
    /// not known to be of the other gender, else the only one named before
    /// the honorific's first use, else the honorific as written: nothing
    /// tells them apart.
    pub(super) fn person_name(&self, n: &Name<'a>) -> String {
        let full = self.names.fullest_at(n.text, n.na, n.titled);
        if !self.coref || n.words != 1 || !n.titled {
            return full.to_owned();
        }
        let Some((k, g)) = gender::title_of(self.doc, n) else {
            return full.to_owned();
        };
        if self.genders.of_person(full) == Some(g) {
            return full.to_owned();
        }
        let bearers = self.names.bearers(n.text);
        if let Some(b) = bearers
            .iter()
            .find(|b| self.genders.of_person(b) == Some(g))
        {
            return (*b).to_owned();
        }
        if !bearers.is_empty()
            && bearers
                .iter()
                .all(|b| self.genders.of_person(b).is_some_and(|h| h != g))
        {
            return format!("{} {}", self.doc.toks[k].s, n.text);
        }
        // two people or more it may mean, none known to be of its gender:
        // when one is not known to be of the other gender, that one; else
        // the one of them named before the first mention by this honorific
        // (`Ms. Mayhew` when only `Ruth Mayhew` is named yet: every later
        // `Ms. Mayhew` is Ruth too), else the honorific as written
        if bearers.len() >= 2 {
            let open: Vec<(usize, &str)> = self
                .names
                .bearers_at(n.text)
                .into_iter()
                .filter(|(_, b)| self.genders.of_person(b).is_none())
                .collect();
            if let [(_, b)] = open[..] {
                return b.to_owned();
            }
            let first = self
                .names
                .list
                .iter()
                .find(|m| {
                    m.words == 1
                        && m.titled
                        && m.last == n.last
                        && gender::title_of(self.doc, m).is_some_and(|(_, h)| h == g)
                })
                .map_or(n.na, |m| m.na);
            let mut before = open.iter().filter(|&&(t, _)| t < first);
            if let (Some(&(_, b)), None) = (before.next(), before.next()) {
                return b.to_owned();
            }
            return format!("{} {}", self.doc.toks[k].s, n.text);
        }
        full.to_owned()
    }

    /// The name for the source phrase `[s, e)`.
    pub fn source(&self, s: usize, e: usize) -> Option<String> {
        self.source_in(s, e, None)
    }

    /// [`Resolver::source`] for a phrase inside a quotation spoken by
    /// `outer`: a `he`/`she` there is never `outer` (who would say `I`).
    pub fn source_in(&self, s: usize, e: usize, outer: Option<&str>) -> Option<String> {
        let doc = self.doc;
        let e = e.min(doc.toks.len());
        if s >= e {
            return None;
        }
        // cut an appositive or a joint source: `X, an analyst`, `X and Y`
        let mut end = e;
        for k in s..e {
            let t = &doc.toks[k];
            if t.is_punct(',')
                || t.is_punct('(')
                || (k > s
                    && t.word()
                    // (a cheap length test first; no other length lower-cases to these)
                    && matches!(t.s.len(), 2 | 3 | 5)
                    && is_in(&["and", "or", "who", "which"], t.s))
            {
                end = k;
                break;
            }
        }
        let full_end = e;
        let (s, e) = (s, end.max(s + 1).min(e));
        // a person name in the phrase: the one an affiliation follows
        // (`Wendell Park of Stanhope Securities`), else the last
        let first = self.names.first_ending_after(s);
        let mut persons = self.names.list[first..]
            .iter()
            .take_while(|n| n.a < e)
            .filter(|n| n.person && n.na >= s && n.b <= e && (!n.poss || n.b == e));
        let affiliated = |n: &&super::names::Name| {
            n.b < e
                && doc.toks[n.b].word()
                && is_in(&["of", "at", "from", "for", "with"], doc.toks[n.b].s)
        };
        let mut person = None;
        for n in persons.by_ref() {
            let aff = affiliated(&n);
            person = Some(n);
            if aff {
                break;
            }
        }
        if let Some(n) = person {
            return Some(self.person_name(n));
        }
        // a description with the name in apposition: `A Corvane
        // spokeswoman, Ellie Brandt, said`
        if self.coref && e < doc.toks.len() && doc.toks[e].is_punct(',') {
            let head = &doc.toks[e - 1];
            let described = doc.toks[s].is(lx::DETERMINERS) || doc.toks[s].is(lx::POSSESSIVES);
            if described || head.is(lx::PERSON_NOUNS) || head.is(lx::TITLES) {
                let k = self.names.first_ending_after(e + 1);
                if let Some(n) = self.names.list.get(k) {
                    let closes = doc.toks.get(n.b).is_some_and(|t| t.is_punct(','))
                        || (e < full_end && n.b >= full_end);
                    if n.person && n.a == e + 1 && !n.poss && closes {
                        return Some(self.person_name(n));
                    }
                }
            }
        }
        let toks = &doc.toks[s..e];
        // a pronoun
        if toks.len() == 1 && toks[0].is(lx::SUBJECT_PRONOUNS) {
            // (no lower-cased copy: only ASCII lower-cases to these words)
            let p = |w: &str| toks[0].s.eq_ignore_ascii_case(w);
            if p("he") || p("she") {
                return self.antecedent_besides(s, outer, gender::of_pronoun(toks[0].s));
            }
            if (p("they") || p("it")) && self.coref {
                return self.last_org(s);
            }
            return None;
        }
        // reporting nouns: `recent statements from X`, `X estimates`
        let mut s2 = s;
        let mut e2 = e;
        if let Some(k) = (s..e).find(|&k| doc.toks[k].is(lx::REPORT_NOUNS)) {
            if k + 1 < e && is_in(&["from", "by", "of"], doc.toks[k + 1].s) {
                s2 = k + 2;
            } else if k > s && k + 1 == e {
                e2 = k;
            }
        }
        let toks = &doc.toks[s2..e2];
        if toks.is_empty() {
            return None;
        }
        let head = toks[toks.len() - 1];
        let has_cap = toks.iter().any(|t| t.cap() && !t.is(lx::STOP_CAPS));
        let definite = toks[0].s.eq_ignore_ascii_case("the");
        let possessive_det = toks[0].is(lx::POSSESSIVES);
        if self.coref {
            if head.is(lx::OUTLET_NOUNS) && !has_cap {
                if let Some(o) = self.last_outlet(s) {
                    return Some(o);
                }
            }
            // a description of an organisation's kind (`the airline`, `a
            // company spokeswoman`): describe.rs
            if let Some(got) = self.describe(s2, e2) {
                return got;
            }
            // `the ministry` → the last organisation named with that word;
            // `the company`, `police` → the organisation the text is about
            let name_word = toks.iter().any(|t| t.cap() && name_like(t));
            if (definite || toks.len() == 1) && !name_word && head.is(lx::ORG_WORDS) {
                return self.org_description(s, head.base());
            }
            // `a spokesman for the Sheriff's Office` → the office; a group
            // of its people (`Leaders of the Corbridge Federation of
            // Teachers`, `Lawyers for the Fair Districts Coalition`) → the
            // organisation, when the name is one (`Residents of Ashgrove`
            // are not Ashgrove)
            let plural = |k: usize| {
                let t = &doc.toks[k];
                t.word()
                    && (t.is(lx::GROUP_NOUNS)
                        || t.s.len() > 3
                            && t.s.ends_with('s')
                            && lx::is(lx::PERSON_NOUNS, &t.s[..t.s.len() - 1]))
            };
            if let Some(k) = (s2..e2).find(|&k| {
                (doc.toks[k].is(lx::PERSON_NOUNS) || doc.toks[k].is(lx::TITLES) || plural(k))
                    && is_word_in(doc, k + 1, &["for", "at", "of", "with"])
            }) {
                let group = plural(k);
                let f = self.names.first_ending_after(k + 2);
                if let Some(n) = self.names.list.get(f) {
                    let lead = if is_word_in(doc, k + 2, &["the"]) {
                        k + 3
                    } else {
                        k + 2
                    };
                    let org = || doc.toks[n.na..n.b].iter().any(|t| t.is(lx::ORG_WORDS));
                    if !n.person && n.a <= lead && n.b <= e2 && (!group || n.a > k && org()) {
                        // `the County Sheriff's Office`: the name runs on
                        // past a possessive to the end of the phrase
                        let run_on = (n.b..e2).all(|i| doc.toks[i].cap());
                        let end = if run_on { e2 } else { n.b };
                        let text = if run_on && end > n.b {
                            doc.slice(n.na, end)
                        } else {
                            n.text
                        };
                        return Some(text.to_owned());
                    }
                }
            }
            if head.is(lx::PERSON_NOUNS)
                && (!has_cap
                    || !toks.iter().any(|t| {
                        t.cap() && !t.possessive() && !is_modifier(t.s) && !t.is(lx::STOP_CAPS)
                    }))
            {
                if let Some(p) = self.description(s, e2, head.base(), definite) {
                    return Some(p);
                }
            }
            if head.base().eq_ignore_ascii_case("officials")
                && !toks[..toks.len() - 1].iter().any(|t| t.cap())
            {
                if let Some(o) = self.last_org(s) {
                    return Some(o);
                }
            }
            // `officials in Moscow`: a bare group noun with a place after it
            if toks[0].base().eq_ignore_ascii_case("officials") {
                if let Some(o) = self.last_org(s) {
                    return Some(o);
                }
            }
            if possessive_det && toks.len() >= 2 {
                if let Some(owner) = self.possessor(s) {
                    let rest = doc.slice(s + 1, e2);
                    return Some(format!("{owner}'s {rest}"));
                }
            }
        }
        // as written, cut after a trailing group noun (`officials in Moscow`)
        let mut cut = e2;
        if let Some(k) = (s2..e2).find(|&k| doc.toks[k].is(lx::GROUP_NOUNS) && !doc.toks[k].cap()) {
            if k + 1 < e2 && is_in(&["in", "at", "from", "of"], doc.toks[k + 1].s) {
                cut = k + 1;
            }
        }
        // a speaker is a name: a phrase without a name-like word (`the
        // company`, `an`, `Monday evening`) is no answer, and descriptive
        // words before a name go (`data firm ScripTrack`)
        if !doc.toks[s2..cut].iter().any(|t| t.cap() && name_like(t))
            || doc.toks[s2..cut].iter().any(|t| {
                t.kind == super::text::Tk::Open
                    || t.kind == super::text::Tk::Close
                    || (t.word() && !t.cap() && (t.is(lx::SAY_VERBS) || t.is(lx::THAT_VERBS)))
            })
        {
            return None;
        }
        let mut s3 = s2;
        while s3 + 1 < cut && {
            let t = &doc.toks[s3];
            t.word() && !t.cap() && !t.is(lx::DETERMINERS) && !t.is(lx::GROUP_NOUNS)
        } {
            s3 += 1;
        }
        if s3 > s2 && !doc.toks[s3].cap() {
            s3 = s2;
        }
        let text = doc.slice(s3, cut);
        if text.is_empty() {
            None
        } else {
            Some(text.to_owned())
        }
    }

    /// The organisation a bare organisation noun at token `at` refers to
    /// (`the company`, `the union`, `police`): the last organisation
    /// named with that word, else the last organisation quoted in the
    /// last few sentences, else the organisation named most often before
    /// it; `None` when the text names none.
    fn org_description(&self, at: usize, word: &str) -> Option<String> {
        if let Some(o) = self.org_named_with_anywhere(at, word) {
            return Some(o);
        }
        let doc = self.doc;
        // candidates: organisation names before it that hold no other
        // organisation word (`the company` is not `the Loom Workers'
        // Council`), no place (`Hollis Bay`) and no dateline (`CARVER FALLS`)
        let end = self.names.first_ending_after(at);
        let mut counts: std::collections::BTreeMap<&str, (usize, usize)> = Default::default();
        for (i, n) in self.names.list[..end].iter().enumerate() {
            let toks = &doc.toks[n.na..n.b];
            let other_org = toks
                .iter()
                .any(|t| t.is(lx::ORG_KINDS) && !same_kind(t.base(), word));
            let place = toks.last().is_some_and(|t| t.is(lx::PLACE_WORDS));
            let shouting = !n.text.chars().any(char::is_lowercase);
            if !n.person
                && !n.quoted
                && !n.poss
                && n.words >= 2
                && !other_org
                && !place
                && !shouting
                && !has_outlet_word(n.text)
                && !furniture(doc.text, doc.toks[n.na].start)
            {
                let c = counts.entry(n.text).or_insert((0, 0));
                *c = (c.0 + 1, i);
            }
        }
        // a later mention by the first word alone counts too (`Drayton
        // Mills` … `Drayton’s lawyers`)
        for n in &self.names.list[..end] {
            if n.words == 1 {
                let w = n.last;
                for (t, c) in counts.iter_mut() {
                    if t.split(' ').next() == Some(w) {
                        c.0 += 1;
                    }
                }
            }
        }
        counts
            .into_iter()
            .max_by_key(|&(_, (c, i))| (c, i))
            .map(|(t, _)| t.to_owned())
    }

    /// The person a `he`/`she` at token `at` refers to, never the
    /// person `not`, nor (at the coreference level) a person whose
    /// gender is known to differ from the pronoun's `g`. Within the
    /// nearest sentence with a candidate, the source of a reporting
    /// clause (the sentence's most salient person) comes before a person
    /// merely named, then the earliest.
    fn antecedent_besides(
        &self,
        at: usize,
        not: Option<&str>,
        g: Option<Gender>,
    ) -> Option<String> {
        let doc = self.doc;
        let other = |name: &str| not != Some(name);
        if !self.coref {
            return self.nearest_person(at, true, usize::MAX);
        }
        // none for a person known to be of the other gender (asked only
        // of the candidates in order of preference, until one agrees)
        let agrees = |name: &str| {
            other(name) && g.is_none_or(|g| self.genders.of_answer(name).is_none_or(|h| h == g))
        };
        let sent = doc.sent_of.get(at).copied().unwrap_or(0) as usize;
        // the same sentence: a speaker already resolved before the pronoun
        if let Some(s) = self
            .said
            .iter()
            .rev()
            .take(BACK_SAID)
            .find(|s| s.sent == sent && s.tok < at && !s.org && agrees(&s.name))
        {
            return Some(s.name.clone());
        }
        let lo = sent.saturating_sub(BACK_SENTS);
        // (rank, position, a speaker's index in `said` or a name's in the list)
        let mut cands: Vec<(u8, usize, usize)> = Vec::new();
        for sn in (lo..=sent).rev() {
            // candidates: speakers of the sentence, then person names
            // outside quotations, each by position
            cands.clear();
            let (a, _) = doc.sents[sn];
            let first = self
                .names
                .first_ending_after(a.max(at.saturating_sub(BACK_TOKS)));
            for (i, n) in self.names.list[first..]
                .iter()
                .enumerate()
                .take_while(|(_, n)| n.sent <= sn && n.a < at)
            {
                // (a name joined by `&` is a firm: `Feed & Supply`)
                if n.sent == sn
                    && n.person
                    && !n.quoted
                    && !n.poss
                    && n.b <= at
                    && !n.text.contains('&')
                {
                    cands.push((1, n.na, first + i));
                }
            }
            let back = self.said.len().saturating_sub(BACK_SAID);
            for (i, s) in self.said.iter().enumerate().skip(back) {
                if s.sent == sn && !s.org && s.tok < at {
                    cands.push((0, s.tok, i));
                }
            }
            cands.sort_unstable();
            for &(r, _, i) in &cands {
                let name = if r == 0 {
                    self.said[i].name.clone()
                } else {
                    self.person_name(&self.names.list[i])
                };
                if agrees(&name) {
                    return Some(name);
                }
            }
        }
        None
    }

    /// The nearest person name ending before token `at`, no more than
    /// `max_sents` sentences back; `quoted` allows names inside quotations.
    pub fn nearest_person(&self, at: usize, quoted: bool, max_sents: usize) -> Option<String> {
        let sent = self.doc.sent_of.get(at).copied().unwrap_or(0) as usize;
        let end = self.names.first_ending_after(at + 1);
        self.names.list[..end]
            .iter()
            .rev()
            .take(BACK_NAMES)
            .filter(|n| n.b <= at)
            .take_while(|n| sent.saturating_sub(n.sent) <= max_sents)
            .find(|n| n.person && (quoted || !n.quoted))
            .map(|n| self.person_name(n))
    }

    /// The organisation last speaking or last named as a clause subject
    /// before token `at`.
    fn last_org(&self, at: usize) -> Option<String> {
        let doc = self.doc;
        let sent = doc.sent_of.get(at).copied().unwrap_or(0) as usize;
        let said = self
            .said
            .iter()
            .rev()
            .take(BACK_SAID)
            .find(|s| s.org && s.tok < at && sent - s.sent.min(sent) <= 2);
        // a non-person name opening a clause, in this or the last two sentences
        let end = self.names.first_ending_after(at);
        let named = self.names.list[..end]
            .iter()
            .rev()
            .take(BACK_NAMES)
            .take_while(|n| sent.saturating_sub(n.sent) <= 2)
            .find(|n| {
                !n.person
                    && !n.poss
                    && !n.quoted
                    && n.words <= 3
                    && !furniture(doc.text, doc.toks[n.na].start)
                    && doc.toks.get(n.b).is_some_and(|t| t.word() && !t.cap())
                    && (n.a > 0 && doc.toks[n.a - 1].s.eq_ignore_ascii_case("the")
                        || doc.toks[n.a].s.eq_ignore_ascii_case("the")
                        || doc.toks[n.na..n.b].iter().any(|t| t.is(lx::ORG_WORDS)))
                    && {
                        let before = if n.a > 0 {
                            Some(&doc.toks[n.a - 1])
                        } else {
                            None
                        };
                        let (sa, _) = doc.sents[n.sent];
                        n.a == sa
                            || before.is_some_and(|p| {
                                p.is_punct(',')
                                    || p.s.eq_ignore_ascii_case("the")
                                        && (n.a - 1 == sa || doc.toks[n.a - 2].is_punct(','))
                            })
                    }
            });
        match (said, named) {
            (Some(s), Some(n)) if n.a > s.tok => Some(doc.slice(n.na, n.b).to_owned()),
            (Some(s), _) => Some(s.name.clone()),
            (None, Some(n)) => Some(doc.slice(n.na, n.b).to_owned()),
            (None, None) => None,
        }
    }

    /// The last organisation before token `at` whose name holds `word`
    /// (`the Defence Ministry` for `the ministry`).
    /// An organisation named in a person's title counts too: `Ferris
    /// Hill Police Chief Tobin Hale` names `Ferris Hill Police`.
    fn org_named_with(&self, at: usize, word: &str) -> Option<String> {
        let end = self.names.first_ending_after(at);
        self.names.list[..end]
            .iter()
            .rev()
            .take(BACK_NAMES)
            .find_map(|n| self.named_with(n, word))
    }

    /// The organisation `n` names with `word` or a word of the same kind
    /// (`the agency`: `the Department of Public Health`), or names in its
    /// title (`Ferris Hill Police Chief Tobin Hale`: `Ferris Hill Police`).
    fn named_with(&self, n: &super::names::Name<'a>, word: &str) -> Option<String> {
        let doc = self.doc;
        if furniture(doc.text, doc.toks[n.na].start) {
            return None;
        }
        if !n.person {
            let with = n.words >= 2
                && doc.toks[n.na..n.b].iter().any(|t| {
                    t.is(lx::ORG_KINDS) && same_kind(t.base(), word)
                        || t.base().eq_ignore_ascii_case(word)
                });
            return with.then(|| n.text.to_owned());
        }
        let k = (n.a..n.na).find(|&k| doc.toks[k].base().eq_ignore_ascii_case(word))?;
        let start = (n.a..k).find(|&j| !doc.toks[j].is(lx::STOP_CAPS))?;
        (k > start).then(|| doc.slice(start, k + 1).to_owned())
    }

    /// [`Resolver::org_named_with`], else the first such organisation
    /// named after token `at` (`police said …` in a lede, the police
    /// department named further down).
    fn org_named_with_anywhere(&self, at: usize, word: &str) -> Option<String> {
        self.org_named_with(at, word).or_else(|| {
            let start = self.names.first_ending_after(at);
            self.names.list[start..]
                .iter()
                .take(BACK_NAMES)
                .find_map(|n| self.named_with(n, word))
        })
    }

    /// The outlet last quoted or named before token `at`.
    fn last_outlet(&self, at: usize) -> Option<String> {
        if let Some(s) = self
            .said
            .iter()
            .rev()
            .take(BACK_SAID)
            .find(|s| s.tok < at && s.outlet())
        {
            return Some(s.name.clone());
        }
        let end = self.names.first_ending_after(at);
        self.names.list[..end]
            .iter()
            .rev()
            .take(BACK_NAMES)
            .find(|n| {
                !n.person
                    && has_outlet_word(n.text)
                    && !furniture(self.doc.text, self.doc.toks[n.na].start)
            })
            .map(|n| n.text.to_owned())
    }

    /// The owner of `its`/`their` at token `at`: the nearest capitalised
    /// possessive before it in the sentence.
    fn possessor(&self, at: usize) -> Option<String> {
        let doc = self.doc;
        let sent = doc.sent_of.get(at).copied()? as usize;
        let (a, _) = doc.sents[sent];
        let lo = a.max(at.saturating_sub(30));
        (lo..at)
            .rev()
            .find(|&k| doc.toks[k].cap() && doc.toks[k].possessive())
            .map(|k| doc.toks[k].base().to_owned())
    }

    /// A description (`the blogger`, `The US president`, `Ukraine's top
    /// official`) resolved to a person.
    fn description(&self, s: usize, e: usize, head: &str, definite: bool) -> Option<String> {
        let doc = self.doc;
        // (ASCII needs no lower-casing: the comparison ignores ASCII case)
        let lower;
        let head = if head.is_ascii() {
            head
        } else {
            lower = head.to_lowercase();
            lower.as_str()
        };
        let modifiers: Vec<&str> = doc.toks[s..e]
            .iter()
            .filter(|t| t.cap() && is_modifier(t.s))
            .map(|t| t.s)
            .collect();
        let end = self.names.first_ending_after(s);
        // the person introduced with this noun
        for n in self.names.list[..end].iter().rev().take(BACK_NAMES) {
            if !n.person || n.quoted {
                continue;
            }
            let lo = n.a.saturating_sub(4);
            let before = &doc.toks[lo..n.na];
            let after_lo = n.b;
            let after_hi = (n.b + 6).min(doc.toks.len());
            let appositive = after_lo < after_hi && doc.toks[after_lo].is_punct(',');
            let after = if appositive {
                &doc.toks[after_lo..after_hi]
            } else {
                &doc.toks[after_lo..after_lo]
            };
            let introduced = before
                .iter()
                .chain(after)
                .any(|t| t.word() && t.base().eq_ignore_ascii_case(head));
            if !introduced {
                continue;
            }
            if !modifiers.is_empty() {
                let theirs: Vec<&str> = before
                    .iter()
                    .filter(|t| t.cap() && is_modifier(t.s))
                    .map(|t| t.s)
                    .collect();
                if !theirs.is_empty() && !theirs.iter().any(|m| modifiers.contains(m)) {
                    continue;
                }
            }
            return Some(self.person_name(n));
        }
        if definite {
            // `the source said`: the last person quoted
            let sent = doc.sent_of.get(s).copied().unwrap_or(0) as usize;
            return self
                .said
                .iter()
                .rev()
                .take(BACK_SAID)
                .find(|x| !x.org && sent.saturating_sub(x.sent) <= BACK_SENTS)
                .map(|x| x.name.clone());
        }
        // `Ukraine's top official told …` followed by `Name, …, explained`
        let sent = doc.sent_of.get(s).copied()? as usize;
        let (na, _) = *doc.sents.get(sent + 1)?;
        let first = self.names.first_ending_after(na);
        let n = self.names.list.get(first)?;
        if n.sent == sent + 1 && n.person && n.a <= na + 4 {
            return Some(self.person_name(n));
        }
        None
    }
}

/// True when token `i` is a word of `words`.
fn is_word_in(doc: &Doc, i: usize, words: &[&str]) -> bool {
    doc.toks
        .get(i)
        .is_some_and(|t| t.word() && is_in(words, t.s))
}

/// True when the capitalised word `t` may be part of a name: not a
/// sentence-opening function word, a title, a description or a group noun
/// (`The`, `CEO`, `Police`, `Prosecutors`), and more than one letter.
fn name_like(t: &super::text::Token) -> bool {
    t.word()
        && t.base().chars().filter(|c| c.is_alphabetic()).count() >= 2
        && !t.is(lx::STOP_CAPS)
        && !t.is(lx::TITLES)
        && !t.is(lx::PERSON_NOUNS)
        && !t.is(lx::GROUP_NOUNS)
        && !t.is(lx::DETERMINERS)
        && !t.is(lx::SUBJECT_PRONOUNS)
}

/// A capitalised modifier of a description (`US`, `Russian`): an acronym
/// or a nationality adjective.
fn is_modifier(w: &str) -> bool {
    // two or three letters, all upper case (counted without collecting
    // them: out at the fourth)
    let (mut letters, mut upper) = (0, true);
    for c in w.chars().filter(|c| c.is_alphabetic()) {
        letters += 1;
        if letters > 3 {
            break;
        }
        upper &= c.is_uppercase();
    }
    ((2..=3).contains(&letters) && upper)
        || ["ian", "ean", "ese", "ish", "can"]
            .iter()
            .any(|s| w.len() > 5 && w.ends_with(s))
}
