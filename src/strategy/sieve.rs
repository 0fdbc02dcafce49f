//! `sieve`: ordered deterministic sieves in the spirit of Muzny et al.
//! (2017), CoreNLP's quote attribution.
//!
//! **What it does.** Runs the shared extractor (with the headline
//! pattern on), then answers each quote by the first sieve that fires, in
//! text order:
//! 1. a partial quote inside an indirect report takes that report's
//!    speaker, unless a cue of its own stands inside the report
//!    (`…, who promised to end the war “in a day,”`);
//! 2. an explicit cue (`“…,” X said`, `X said that`, `according to X`,
//!    `X reported`, headline `“…” Name tells …`) gives a source phrase,
//!    which is resolved: a name to the fullest name in the document
//!    (never the addressee of `told`, never the outlet that relays a
//!    named speaker, never a name inside the content); a pronoun to the
//!    subject of the nearest earlier sentence with a person outside
//!    quotations; a description to the person introduced with it
//!    (`blogger Mikhail Zvinchuk` … `the blogger`), or, when indefinite,
//!    to the person named in the next sentence; `the newspaper` to the
//!    outlet last quoted; bare `officials` to the organisation in charge;
//! 3. an evidential noun inside someone's report (`…, with estimates
//!    suggesting …`) stands for that report's source;
//! 4. a floating quote (a direct quote with no cue) continues the speaker
//!    of the direct quote just before it;
//! 5. the nearest person name before the quote, outside quotations, as a
//!    last resort.
//!
//! **When it fails.** On reports without a reporting word it knows, on
//! clauses whose subject is far from the verb, on pronouns whose
//! antecedent is not the subject of the nearest sentence with a person,
//! and on groups named only by place (`officials in Moscow` resolves to
//! the last organisation, which may be the wrong one).
//!
//! ```
//! use quotebench::strategy::{Sieve, Strategy};
//! let text = "Economist Tom Lind spoke on Monday. “Rates will rise,” the economist said. “Soon.”";
//! let got: Vec<_> = Sieve.extract(text).into_iter().map(|p| p.speaker).collect();
//! assert_eq!(got, [Some("Tom Lind".to_string()), Some("Tom Lind".to_string())]);
//! ```

use super::extract::{answers, extract, Found, Role};
use super::lexicon;
use super::names::Names;
use super::resolve::Resolver;
use super::text::Doc;
use super::Strategy;
use crate::model::{Kind, Prediction, Span};

/// The ordered-sieve strategy.
#[derive(Debug, Clone, Copy, Default)]
pub struct Sieve;

/// How many sentences back a floating quote looks for the quote it continues.
const FLOAT_SENTS: usize = 2;

fn run(doc: &Doc, names: &Names) -> (Vec<Found>, Vec<Option<String>>) {
    let mut r = Resolver::new(doc, names, true);
    let found = extract(doc, true);
    let mut speakers: Vec<Option<String>> = Vec::with_capacity(found.len());
    for (i, f) in found.iter().enumerate() {
        // 1. a partial quote inside a report, unless a cue of its own
        // stands inside that report (`…, who promised to end the war “in a day,”`)
        if f.kind == Kind::Partial {
            let own_cue_inside = |p: usize| {
                f.cue.is_some_and(|c| {
                    let t = &doc.toks[c.verb];
                    found[p].span.start <= t.start && t.end() <= f.span.start
                })
            };
            if let Some(p) = f.parent.filter(|&p| p < i && !own_cue_inside(p)) {
                if let Some(s) = speakers[p].clone() {
                    speakers.push(Some(s));
                    continue;
                }
            }
        }
        // 2. an evidential noun inside someone's report (`…, with estimates
        // suggesting …`) is that report's source
        if let (Some(c), Some(p)) = (f.cue, f.parent.filter(|&p| p < i)) {
            if c.src.1 == c.src.0 + 1 && doc.toks[c.src.0].is(lexicon::REPORT_NOUNS) {
                if let Some(s) = speakers[p].clone() {
                    speakers.push(Some(s));
                    continue;
                }
            }
        }
        // 3. an explicit cue
        if let Some(c) = f.cue.filter(|c| c.src.0 < c.src.1) {
            if let Some(s) = r.source(c.src.0, c.src.1) {
                if c.role != Role::Fragment || f.kind != Kind::Direct {
                    r.record(c.src.0, &s);
                }
                speakers.push(Some(s));
                continue;
            }
            // a cue whose source names nobody the text makes clear (`the
            // company` with no company named): no answer, rather than the
            // nearest name
            if c.role != Role::Fragment {
                speakers.push(None);
                continue;
            }
        }
        // 4. a floating quote continues the previous direct quote
        if f.kind == Kind::Direct && f.cue.is_none() {
            let prev = (0..i)
                .rev()
                .take(8)
                .find(|&j| found[j].kind == Kind::Direct && found[j].span.end <= f.span.start);
            if let Some(j) = prev {
                if f.sent.saturating_sub(found[j].sent) <= FLOAT_SENTS {
                    if let Some(s) = speakers[j].clone() {
                        speakers.push(Some(s));
                        continue;
                    }
                }
            }
        }
        // 5. the nearest name outside quotations
        let at = doc.tok_at(f.span.start);
        speakers.push(r.nearest_person(at, false, 1));
    }
    (found, speakers)
}

impl Strategy for Sieve {
    fn name(&self) -> &str {
        "sieve"
    }
    fn version(&self) -> u32 {
        5
    }
    fn summary(&self) -> &str {
        "ordered sieves: cues, headlines, coreference, floating quotes, nearest name"
    }
    fn attribute(&self, text: &str, spans: &[Span]) -> Vec<Option<String>> {
        let doc = Doc::new(text);
        let names = Names::new(&doc);
        let (found, speakers) = run(&doc, &names);
        // the fallback uses no remembered speakers: a fresh resolver
        let r = Resolver::new(&doc, &names, true);
        answers(text, &found, &speakers, spans, |pos| {
            r.nearest_person(doc.tok_at(pos), false, 1)
        })
    }
    fn extract(&self, text: &str) -> Vec<Prediction> {
        let doc = Doc::new(text);
        let names = Names::new(&doc);
        let (found, speakers) = run(&doc, &names);
        super::extract::predictions(found, speakers)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn who(text: &str) -> Vec<Option<String>> {
        Sieve.extract(text).into_iter().map(|p| p.speaker).collect()
    }

    #[test]
    fn split_quote_with_she_said() {
        let got =
            who("Mayor Jane Doe spoke. “We are ready,” she said. “We have waited long enough.”");
        assert_eq!(got, [Some("Jane Doe".into()), Some("Jane Doe".into())]);
    }

    #[test]
    fn pronoun_skips_names_inside_quotes() {
        let got = who("Tom Lind spoke. “I met John Smith yesterday,” he said.");
        assert_eq!(got, [Some("Tom Lind".into())]);
    }

    #[test]
    fn addressee_is_not_the_speaker() {
        let got = who("Minister Ann Lee told The Daily Post that the budget would pass.");
        assert_eq!(got, [Some("Ann Lee".into())]);
    }

    #[test]
    fn relay_outlet_is_not_the_speaker() {
        let got =
            who("Ann Lee announced that the plan was final, according to the agency Interfax.");
        assert_eq!(got, [Some("Ann Lee".into())]);
    }

    #[test]
    fn according_to_x_not_the_name_in_the_content() {
        let got = who("Analyst Tom Lind spoke. According to Lind, Jane Doe does not want a deal.");
        assert_eq!(got, [Some("Tom Lind".into())]);
    }

    #[test]
    fn headline_quote() {
        let got = who("“Let’s talk.” Lind tells rivals\nMayor Tom Lind spoke.");
        assert_eq!(got, [Some("Tom Lind".into())]);
    }

    #[test]
    fn multi_paragraph_quote() {
        let got = who("“The first part of it.\n“And the end,” said Tom Lind.");
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].as_deref(), Some("Tom Lind"));
    }

    #[test]
    fn said_name_with_title_after() {
        let got = who("“It was terrifying,” said Linda Park, a teacher. “The windows shook.”");
        assert_eq!(got, [Some("Linda Park".into()), Some("Linda Park".into())]);
    }

    #[test]
    fn titles_before_a_name_are_stripped() {
        let got = who("Senate Majority Leader Chuck Schumer said the bill would pass. Sen. Ann Lee said she had doubts.");
        assert_eq!(got, [Some("Chuck Schumer".into()), Some("Ann Lee".into())]);
    }

    #[test]
    fn dateline_is_not_content() {
        let f = Sieve
            .extract("MIAMI — The storm knocked out power to 200,000 homes, the utility said.");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].span.start, "MIAMI — ".len());
    }

    #[test]
    fn coordinated_clause_with_a_named_spokesman() {
        let got = who("Acme Corp said crews would work all night, but a spokesman, Tom Reyes, cautioned that repairs could take a week.");
        assert_eq!(got, [Some("Acme Corp".into()), Some("Tom Reyes".into())]);
    }

    #[test]
    fn an_appositive_subject_is_not_a_quote() {
        let f = Sieve
            .extract("The opposition leader, Sarah Jones, said the figures masked deep problems.");
        let got: Vec<_> = f
            .iter()
            .map(|p| (p.span.start, p.speaker.as_deref()))
            .collect();
        assert_eq!(got, [(41, Some("Sarah Jones"))]);
        // an inverted cue after real content still counts
        let got = who("Growth was strong, said Tom Baker, an economist.");
        assert_eq!(got, [Some("Tom Baker".into())]);
    }

    #[test]
    fn declining_to_say_is_not_a_report() {
        let got = who("Ann Lee spoke. She declined to say whether other firms were involved.");
        assert!(got.is_empty(), "{got:?}");
        let got = who("Ann Lee spoke. She said that other firms were involved.");
        assert_eq!(got, [Some("Ann Lee".into())]);
    }

    #[test]
    fn an_organisation_named_with_a_title_word() {
        let got = who("Growth was strong, the Office for National Statistics said.");
        assert_eq!(got, [Some("the Office for National Statistics".into())]);
    }

    #[test]
    fn the_ministry_is_the_named_ministry() {
        let got = who("The Defence Ministry denied the report. According to a statement from the ministry, no troops had moved.");
        assert_eq!(got, [Some("Defence Ministry".into())]);
    }

    #[test]
    fn film_title_is_not_a_quote() {
        assert!(Sieve
            .extract("Tom Lind watched the film “Heat” again.")
            .is_empty());
    }

    #[test]
    fn two_people_with_one_surname() {
        let got = who("Ella Brandt runs the clinic. Ella Brandt said the money had run out. Her husband, Karl Brandt, said the roof leaked. “It is late,” Mr. Brandt said. “We need help,” Brandt said.");
        let want = ["Ella Brandt", "Karl Brandt", "Karl Brandt", "Ella Brandt"];
        assert_eq!(got, want.map(|w| Some(w.to_string())));
    }

    #[test]
    fn doubled_apostrophes_quote() {
        let got = who("Coach Mia Tark spoke after the game. ''We were lucky,'' Tark said.");
        assert_eq!(got, [Some("Mia Tark".into())]);
        let got = who("``It was close,'' said Ben Ols, the goalkeeper.");
        assert_eq!(got, [Some("Ben Ols".into())]);
    }

    #[test]
    fn the_company_is_the_company_named() {
        let got = who("Dunmore Mills cut 40 jobs on Monday. The company said demand had fallen.");
        assert_eq!(got, [Some("Dunmore Mills".into())]);
        let got = who("The Kettle Falls Police Department opened an inquiry. Police said the driver was unhurt.");
        assert_eq!(got, [Some("Kettle Falls Police Department".into())]);
        // nothing named: no answer rather than a description
        let got = who("The company said demand had fallen.");
        assert_eq!(got, [None]);
    }

    #[test]
    fn a_spokesman_for_an_organisation_and_an_appositive_name() {
        let got = who("A spokesman for the Orbis Water Authority said the pipes were safe.");
        assert_eq!(got, [Some("Orbis Water Authority".into())]);
        let got = who("A Velt spokeswoman, Ann Moro, said the plant would open.");
        assert_eq!(got, [Some("Ann Moro".into())]);
    }

    #[test]
    fn a_person_of_an_organisation() {
        let got = who("Lena Fisk of Parrow Capital said the cut was overdue.");
        assert_eq!(got, [Some("Lena Fisk".into())]);
    }

    #[test]
    fn an_aside_inside_the_cue() {
        let got = who("Ann Lee said, in an email on Sunday, that the vote would go ahead.");
        assert_eq!(got, [Some("Ann Lee".into())]);
    }

    #[test]
    fn a_trailing_cue_with_a_day_and_more_after_it() {
        let f = Sieve.extract(
            "The bridge will reopen in May, Mayor Ann Lee said Monday, a week after the flood.",
        );
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].speaker.as_deref(), Some("Ann Lee"));
        assert_eq!(f[0].span.end, "The bridge will reopen in May".len());
    }

    #[test]
    fn cue_verbs_outside_the_old_lexicon() {
        let got = who("Ann Lee joked that the team had slept on the bus. Tom Baker charged that the board had lied.");
        assert_eq!(got, [Some("Ann Lee".into()), Some("Tom Baker".into())]);
    }

    #[test]
    fn a_list_of_sources_is_answered_by_its_first_item() {
        let got = who("The Orbis Nurses Guild, the Teachers Federation and the Transit Workers Union said the cuts were unfair.");
        assert_eq!(got, [Some("Orbis Nurses Guild".into())]);
    }

    #[test]
    fn a_trailing_cue_with_a_described_name_in_apposition() {
        let got = who("Mark Hensley spoke first. The mayor will meet the unions on Friday, her spokeswoman, Ana Beltran, said Monday evening.");
        assert_eq!(got, [Some("Ana Beltran".into())]);
    }

    #[test]
    fn a_double_barrelled_surname() {
        let got = who("Dr. Carla Ruiz-Ferrer runs the shelter. “We are full,” she said. Ruiz-Ferrer added that more cots were coming.");
        assert_eq!(
            got,
            [
                Some("Carla Ruiz-Ferrer".into()),
                Some("Carla Ruiz-Ferrer".into())
            ]
        );
    }

    #[test]
    fn police_in_a_lede_is_the_department_named_later() {
        let got = who("A man was arrested after the fires, police said Friday. The Dunmore Police Department said he had a grudge.");
        assert_eq!(
            got,
            [
                Some("Dunmore Police Department".into()),
                Some("The Dunmore Police Department".into())
            ]
        );
    }

    #[test]
    fn an_unresolved_cue_is_no_answer_not_the_nearest_name() {
        let got = who("Ann Lee opened the plant. The company said sales had doubled.");
        assert_eq!(got, [None]);
    }
}
