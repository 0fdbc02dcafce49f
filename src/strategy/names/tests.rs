//! Unit tests of the name finder and the surname index.

use super::find::acronym;
use super::words::{count_words, has_hyphen, has_numeric, last_word};
use super::*;

#[test]
fn titles_are_stripped_and_surnames_resolved() {
    let d = Doc::new("Kremlin spokesman Dmitry Peskov spoke. Later, Peskov said no. Russian President Vladimir Putin agreed with Chief of the General Staff Valery Gerasimov.");
    let n = Names::new(&d);
    let texts: Vec<&str> = n.list.iter().filter(|x| x.person).map(|x| x.text).collect();
    assert_eq!(
        texts,
        [
            "Dmitry Peskov",
            "Peskov",
            "Vladimir Putin",
            "Valery Gerasimov"
        ]
    );
    assert_eq!(n.fullest("Peskov"), "Dmitry Peskov");
    assert_eq!(n.fullest("Gerasimov’s"), "Valery Gerasimov");
}

#[test]
fn a_surname_two_people_share() {
    let d = Doc::new("Ruth Calloway spoke first. Her brother, Henry Calloway, left. Calloway said no. Ruth Calloway agreed. Calloway smiled.");
    let n = Names::new(&d);
    // a full name is never swapped for the other person's
    assert_eq!(n.fullest("Ruth Calloway"), "Ruth Calloway");
    assert_eq!(n.fullest("Henry Calloway"), "Henry Calloway");
    let bare: Vec<&str> = n
        .list
        .iter()
        .filter(|x| x.text == "Calloway")
        .map(|x| n.fullest_at(x.text, x.na, x.titled))
        .collect();
    assert_eq!(bare, ["Ruth Calloway", "Ruth Calloway"]);
    let d = Doc::new(
        "Ruth Calloway spoke first. Her brother, Henry Calloway, left. Mr. Calloway said no.",
    );
    let n = Names::new(&d);
    let x = n
        .list
        .iter()
        .find(|x| x.text == "Calloway")
        .expect("a bare surname");
    assert!(x.titled);
    assert_eq!(n.fullest_at(x.text, x.na, x.titled), "Henry Calloway");
    // one person: the bare surname is that person wherever it stands
    let d = Doc::new("Lind spoke. Later, Analyst Tom Lind said no.");
    let n = Names::new(&d);
    assert_eq!(n.fullest_at("Lind", 0, false), "Tom Lind");
}

#[test]
fn a_title_inside_an_organisation_name_is_kept() {
    let d = Doc::new("The Office for National Statistics said so.");
    let n = Names::new(&d);
    let texts: Vec<&str> = n.list.iter().map(|x| x.text).collect();
    assert_eq!(texts, ["Office for National Statistics"]);
    assert!(!n.list[0].person);
}

#[test]
fn an_occupation_before_a_name_is_a_title() {
    let d = Doc::new("Meteorologist Sarah Lopez spoke. Activist Tom Reyes agreed.");
    let n = Names::new(&d);
    let persons: Vec<&str> = n.list.iter().filter(|x| x.person).map(|x| x.text).collect();
    assert_eq!(persons, ["Sarah Lopez", "Tom Reyes"]);
    // a two-word name is left alone, whatever its first word
    let d = Doc::new("Tom Baptist spoke.");
    let n = Names::new(&d);
    assert_eq!(n.list[0].text, "Tom Baptist");
}

#[test]
fn the_sorted_surname_index_agrees_with_hash_maps() {
    use std::collections::HashMap;
    // invented names: shared surnames, prefixes of eight bytes and
    // more in common, possessives, three-word names
    let pool = [
        "Ann Lee",
        "Bo Lee",
        "Ann Marie Lee",
        "Tom Lee’s",
        "Ann Leeward",
        "Karl Vandenberghe",
        "Ella Vandenberg",
        "Ella Vandenberghe",
        "Mia Ruiz-Ferrer",
        "Ola Øberg",
        "Per Øberg",
        "Lee",
        "Vandenberghe",
    ];
    for start in 0..pool.len() {
        for step in 1..5 {
            let text: String = (0..9)
                .map(|i| {
                    format!(
                        "{} spoke on Monday. ",
                        pool[(start + i * step) % pool.len()]
                    )
                })
                .collect();
            let d = Doc::new(&text);
            let n = Names::new(&d);
            // the maps as they were built before the sorted index
            let mut full: HashMap<&str, (&str, usize)> = HashMap::new();
            let mut people: HashMap<&str, Vec<(usize, &str)>> = HashMap::new();
            for x in n.list.iter().filter(|x| x.person && x.words >= 2) {
                people.entry(x.last).or_default().push((x.na, x.text));
                let e = full
                    .entry(x.last)
                    .or_insert_with(|| (x.text, x.text.split_whitespace().count()));
                if x.words > e.1 || (x.words == e.1 && x.text.len() > e.0.len()) {
                    *e = (x.text, x.text.split_whitespace().count());
                }
            }
            people.retain(|_, v| {
                let first = |t: &str| t.split_whitespace().next().unwrap_or("").to_owned();
                v.iter().any(|&(_, t)| first(t) != first(v[0].1))
            });
            assert_eq!(n.shared, !people.is_empty(), "{text}");
            let probes = pool
                .iter()
                .flat_map(|p| p.split(' '))
                .chain(["", "Le", "Z"]);
            for w in n.list.iter().map(|x| x.last).chain(probes) {
                let e = n.surname(w);
                assert_eq!(e.map(|e| e.best), full.get(w).copied(), "{w} in {text}");
                let got = e
                    .filter(|e| e.shared)
                    .map(|e| &n.mentions[e.from as usize..e.to as usize]);
                assert_eq!(got, people.get(w).map(Vec::as_slice), "{w} in {text}");
            }
        }
    }
}

#[test]
fn the_fullest_cache_gives_the_answers_worked_out() {
    let copy = String::from("Peskov");
    let text = "Dmitry Peskov spoke. Peskov said no. Ann Lee and Tom Lee met. Lee left. Mrs. Lee stayed. Peskov’s aide, Lee, smiled.";
    let d = Doc::new(text);
    let n = Names::new(&d);
    // every mention, asked three times in an order that collides in
    // the cache, and words that are no name
    let mut asks: Vec<&str> = n.list.iter().map(|x| x.text).collect();
    asks.extend(["Peskov", "Lee", "Nobody", "Tom Lee"]);
    for round in 0..3 {
        for (i, &w) in asks.iter().enumerate() {
            let w = if (i + round) % 2 == 0 {
                w
            } else {
                asks[asks.len() - 1 - i]
            };
            assert_eq!(n.fullest(w), n.fullest_uncached(w), "{w}");
        }
    }
    // equal text at another address is its own key, with the same answer
    assert_eq!(n.fullest(&copy), "Dmitry Peskov");
}

#[test]
fn scratch_reuses_the_allocations() {
    let text = "Ann Lee met Tom Lee and Bo Moss. Lee spoke.";
    let (list, full) = {
        let d = Doc::new(text);
        let n = Names::new(&d);
        (n.list.as_ptr() as usize, n.full.as_ptr() as usize)
    };
    let d = Doc::new(text);
    let n = Names::new(&d);
    assert_eq!(n.list.as_ptr() as usize, list);
    assert_eq!(n.full.as_ptr() as usize, full);
    // a second set alive at the same time gets vectors of its own
    let m = Names::new(&d);
    assert_ne!(m.list.as_ptr() as usize, list);
    fn texts<'a>(n: &Names<'a>) -> Vec<&'a str> {
        n.list.iter().map(|x| x.text).collect()
    }
    assert_eq!(texts(&n), texts(&m));
    assert_eq!(n.fullest("Lee"), m.fullest("Lee"));
}

#[test]
fn word_helpers_agree_with_the_std_splits() {
    for s in [
        "",
        " ",
        "Ann",
        "Ann Lee",
        " Ann  Lee ",
        "Ann\tLee\r\n",
        "Ann\u{0b}Lee\u{0c}x",
        "Ann\u{a0}Lee",
        "Ann\u{2009}Lee Moss",
        "É Ö",
        "a-b c.d",
        "Ann Lee’s",
    ] {
        assert_eq!(count_words(s), s.split_whitespace().count(), "{s:?}");
        assert_eq!(last_word(s), s.rsplit(' ').next().unwrap_or(s), "{s:?}");
        assert_eq!(has_hyphen(s), s.contains('-') || s.contains('‐'), "{s:?}");
    }
    for w in [
        "NATO",
        "Nato",
        "US",
        "U.S.",
        "A",
        "ÉU",
        "Éu",
        "ÖSTERREICH",
        "X1",
        "A-B",
    ] {
        let want = {
            let letters: Vec<char> = w.chars().filter(|c| c.is_alphabetic()).collect();
            letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase())
        };
        assert_eq!(acronym(w), want, "{w}");
    }
    for w in ["12", "a1", "x", "٣", "Ⅻ", "Ann"] {
        assert_eq!(has_numeric(w), w.chars().any(char::is_numeric), "{w}");
    }
    assert!(has_hyphen("Ruiz‐Ferrer"));
    assert!(has_hyphen("Ruiz-Ferrer"));
}

#[test]
fn organisations_are_not_persons() {
    let d = Doc::new("The Associated Press reported it. Black Bird Group agreed.");
    let n = Names::new(&d);
    assert!(n.list.iter().all(|x| !x.person));
}
