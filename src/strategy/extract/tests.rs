//! Unit tests of the quote extractor: spans, kinds and cues on invented sentences.

use super::*;

fn found(text: &str) -> Vec<(String, Kind)> {
    let d = Doc::new(text);
    extract(&d, true)
        .into_iter()
        .map(|f| (text[f.span.start..f.span.end].to_string(), f.kind))
        .collect()
}

#[test]
fn seek_agrees_with_the_binary_search() {
    let list: Vec<u32> = vec![1, 3, 3, 4, 9, 9, 9, 12, 20];
    // any order of targets: forward walks and backward jumps
    let targets = [0, 2, 3, 3, 5, 4, 12, 13, 30, 1, 9, 0, 21, 20, 3];
    let mut cur = 0;
    for &a in &targets {
        let want = list.partition_point(|&x| (x as usize) < a);
        assert_eq!(seek(&list, &mut cur, a, |&x| x as usize), want, "{a}");
        assert_eq!(cur, want);
    }
    let empty: Vec<u32> = Vec::new();
    let mut cur = 5;
    assert_eq!(seek(&empty, &mut cur, 3, |&x| x as usize), 0);
}

#[test]
fn direct_and_indirect() {
    let got = found("“We are ready,” Putin said. He said that talks would start soon, adding that nothing was agreed.");
    assert_eq!(
        got,
        [
            ("We are ready,".to_string(), Kind::Direct),
            ("talks would start soon".to_string(), Kind::Indirect),
            ("nothing was agreed".to_string(), Kind::Indirect),
        ]
    );
}

#[test]
fn according_to_and_trailing_cue() {
    let got = found("Meanwhile, the talks will resume on Monday, according to the agency. The war will end soon, Reuters reported.");
    assert_eq!(got[0].0, "the talks will resume on Monday");
    assert_eq!(got[1].0, "The war will end soon");
}

#[test]
fn titles_are_not_quotes() {
    assert!(found("They watched the film “Casablanca” last night.").is_empty());
    assert!(found("The “buffer zone” is large.").is_empty());
}

fn spans(text: &str) -> Vec<String> {
    found(text).into_iter().map(|(s, _)| s).collect()
}

#[test]
fn withheld_speech_is_not_a_report() {
    assert!(spans("Lane stopped short of saying how much the repairs would cost.").is_empty());
    assert!(spans("The council has not said whether it will pay.").is_empty());
    assert!(spans("Ames would not say when the depot would reopen.").is_empty());
    assert_eq!(
        spans("Ames said the depot would reopen."),
        ["the depot would reopen"]
    );
}

#[test]
fn narrator_participle_is_not_content() {
    assert_eq!(
        spans("Ruiz said the shelter was full, posing another problem for families."),
        ["the shelter was full"]
    );
    assert_eq!(
        spans("The firm said it would post lower profits, leading the board to freeze hiring."),
        ["it would post lower profits"]
    );
    // a participle continuing the claim stays
    assert_eq!(
        spans("He claimed that the army had moved north, easing the pressure on the town."),
        ["the army had moved north, easing the pressure on the town"]
    );
}

#[test]
fn reported_as_clause_is_kept() {
    assert_eq!(
        spans(
            "Vos estimated that the merger would cost 300 jobs, as rival firms would cut prices."
        ),
        ["the merger would cost 300 jobs, as rival firms would cut prices"]
    );
    assert_eq!(
        spans("Ito said the clinic is open, as long as the roads are clear."),
        ["the clinic is open, as long as the roads are clear"]
    );
    // the narrator's circumstances are not
    assert_eq!(
        spans("Ito said the clinic had closed, as snow fell across the valley."),
        ["the clinic had closed"]
    );
}

#[test]
fn coordinated_that_clauses_are_rows() {
    assert_eq!(
        spans("In her ruling, she wrote that the lease was void and that the firm could not renew it."),
        ["the lease was void", "the firm could not renew it"]
    );
    assert_eq!(
        spans("A spokesman said, in an email Monday, that the road had been cleared and that the bridge was safe."),
        ["the road had been cleared", "the bridge was safe"]
    );
}

#[test]
fn report_in_a_relative_clause_ends_before_the_main_verb() {
    assert_eq!(
        spans(
            "Mayor Tom Reed, who said last month that he would veto the plan, signed it on Friday."
        ),
        ["he would veto the plan"]
    );
}

#[test]
fn quoted_predicate_after_said() {
    assert_eq!(
        spans("Ruth Ames said the ruling \"gives them hope.\""),
        ["the ruling \"gives them hope.\"", "gives them hope."]
    );
    // a noun phrase with a quoted noun is not a clause
    assert_eq!(
        spans("Reed said, suggesting the creation of a \"safe corridor\" near the port."),
        ["safe corridor"]
    );
}

#[test]
fn preposition_noun_is_not_a_subject() {
    assert_eq!(
        spans("The tower will close in June, the parks office said in a notice posted Friday."),
        ["The tower will close in June"]
    );
}

#[test]
fn dateline_with_two_hyphens() {
    assert_eq!(
        spans("OSLAND, Vetra (Harbor Wire) -- The two towns will share a water plant, officials said Monday."),
        ["The two towns will share a water plant"]
    );
}

#[test]
fn cue_verbs_from_the_lexicon() {
    assert_eq!(
        spans("The panel voted 5-2, ruling that the fee had been charged unlawfully."),
        ["the fee had been charged unlawfully"]
    );
    assert_eq!(
        spans("She projected that sales would rise."),
        ["sales would rise"]
    );
    assert_eq!(
        spans("About 3,000 people live near the dam, the water office estimated in a report."),
        ["About 3,000 people live near the dam"]
    );
    assert_eq!(spans("“We will win,” Odell quipped."), ["We will win,"]);
}

#[test]
fn transcript_lines_are_direct() {
    let text = "The exchange, condensed:\n\nQ. Did you tell the board the plan could fail?\n\nA. I told them it could.\n\nQ: And then?\nOrlov: We waited a year.\n\nThe hearing resumes Monday.";
    let got = found(text);
    assert_eq!(
        got,
        [
            (
                "Did you tell the board the plan could fail?".to_string(),
                Kind::Direct
            ),
            ("I told them it could.".to_string(), Kind::Direct),
            ("it could".to_string(), Kind::Indirect),
            ("And then?".to_string(), Kind::Direct),
            ("We waited a year.".to_string(), Kind::Direct),
        ]
    );
    // no `Q` line: not a transcript
    assert!(spans("Photo: Ann Lee\nRelated: The week in pictures\n").is_empty());
}

#[test]
fn narrator_appositive_is_not_content() {
    assert_eq!(
        spans(
            "The campaign said its poll showed her ahead, a figure the rival camp called fantasy."
        ),
        ["its poll showed her ahead"]
    );
    // an appositive with the speaker's own words stays
    assert_eq!(
        spans("Ito said 300 homes were flooded, a number she expected to rise."),
        ["300 homes were flooded, a number she expected to rise"]
    );
    // an appositive inside the clause stays
    assert_eq!(
        spans("Ito said the plant, the largest in the state, would close."),
        ["the plant, the largest in the state, would close"]
    );
}

#[test]
fn dash_opening_a_clause_ends_the_report() {
    assert_eq!(
        spans("Marsh said the fund could shrink — that was the plan all along."),
        ["the fund could shrink"]
    );
    // an aside between dashes stays
    assert_eq!(
        spans("Marsh said the fund — it was small — could shrink."),
        ["the fund — it was small — could shrink"]
    );
}

#[test]
fn inverted_cue_with_appositive_is_no_report() {
    assert_eq!(
        spans("“We will be back,” said Lee, 44, who has coached here since 2019."),
        ["We will be back,"]
    );
}

#[test]
fn irregular_past_after_said() {
    assert_eq!(
        spans("Farmers in the valley said the rain came too late."),
        ["the rain came too late"]
    );
    // not in a subject's relative clause
    assert_eq!(
        spans("Nadia Orr, the surgeon who led the trial, said the effect was large."),
        ["the effect was large"]
    );
}

#[test]
fn trailing_cue_then_citing() {
    assert_eq!(
        spans(
            "Many residents never got the alert, the Daily Courier reported, citing county logs."
        ),
        ["Many residents never got the alert"]
    );
}

#[test]
fn a_quotation_over_paragraphs_is_a_row_per_paragraph() {
    let got = found("“The roof went first.\n\n“Then the walls came down,” said Ida Marsh.");
    assert_eq!(
        got,
        [
            ("The roof went first.".to_string(), Kind::Direct),
            ("Then the walls came down,".to_string(), Kind::Direct),
        ]
    );
}

#[test]
fn the_verb_closing_a_quotation_reports_nothing_after_it() {
    assert_eq!(
        spans("“We will close the pool,” Ruiz told about 80 parents gathered at the school."),
        ["We will close the pool,"]
    );
    assert_eq!(
        spans("“Not this year,” she said when pressed."),
        ["Not this year,"]
    );
}

#[test]
fn her_and_about_can_open_a_reported_clause() {
    assert_eq!(
        spans("Ames said her team had trained all week."),
        ["her team had trained all week"]
    );
    assert_eq!(
        spans("The mayor said about 400 homes were damaged."),
        ["about 400 homes were damaged"]
    );
    // after a verb with an addressee, `her` is the addressee
    assert_eq!(
        spans("Lee told her the plan had failed."),
        ["the plan had failed"]
    );
}

#[test]
fn a_present_tense_after_its_subject_shows_a_clause() {
    assert_eq!(
        spans("The bakery said it now expects fewer orders."),
        ["it now expects fewer orders"]
    );
    assert_eq!(
        spans("Dr. Ana Vos said most calves recover within a week."),
        ["most calves recover within a week"]
    );
    assert_eq!(
        spans("Paloma Reyes said Ms. Ortega plans to retire in May."),
        ["Ms. Ortega plans to retire in May"]
    );
    // a plural noun in an object is no verb
    assert!(spans("The mayor explained the rise of Northern bikes.").is_empty());
    assert!(spans("Ruiz said goodbye to the players.").is_empty());
}

#[test]
fn a_verb_coordinated_with_the_cue_is_no_clause() {
    assert!(
        spans("The startup, which added 50 staff and opened a lab in Tarn, is hiring.").is_empty()
    );
}

#[test]
fn a_name_after_the_source_of_according_to_is_its_appositive() {
    assert_eq!(
        spans("The fund lost $2 million, according to the state treasurer, Ivo Brandt."),
        ["The fund lost $2 million"]
    );
}

#[test]
fn page_furniture_quotes_nobody() {
    assert!(spans("Related: Harbor council promises “a fresh start”\nThe end.").is_empty());
    assert!(spans("Box score | Related: Ferris vows “the big one” next week\n").is_empty());
    assert!(spans("Read more: Mayor says “no new taxes”\n").is_empty());
    // a name label in the text is not furniture
    assert_eq!(
        spans("Lee: the plan “will work,” she said.\n"),
        ["will work,"]
    );
}

#[test]
fn a_cue_with_its_subject_outside_reports_nothing() {
    assert!(spans("It is a plan he said would cut costs.").is_empty());
}

#[test]
fn less_common_that_verbs() {
    assert_eq!(
        spans("Ruiz pledged that the clinic would stay open."),
        ["the clinic would stay open"]
    );
    assert_eq!(
        spans("Asked about rivals, Ruiz mused that one was enough."),
        ["one was enough"]
    );
}

#[test]
fn called_with_a_personal_subject_reports_words() {
    assert_eq!(
        spans("The delay, which she called “a scandal,” angered parents."),
        ["a scandal,"]
    );
    assert_eq!(
        spans("Lee said the cut was small, a change his union called “an insult.”"),
        ["the cut was small", "an insult."]
    );
    assert!(spans("They saw a play called “Tides” in May.").is_empty());
}

#[test]
fn a_past_tense_after_comma_and_ends_the_report() {
    assert_eq!(
        spans("Ann Lee said the school would close, and declined to say when."),
        ["the school would close"]
    );
}

#[test]
fn nested_single_quotations_are_rows() {
    assert_eq!(
        found("“He looked up and said, ‘Not now,’ and left,” Mara Voss said."),
        [
            (
                "He looked up and said, ‘Not now,’ and left,".to_string(),
                Kind::Direct
            ),
            ("Not now,".to_string(), Kind::Direct),
        ]
    );
    assert_eq!(
        spans("\"She told me, 'Wait here,' and ran,\" Voss said."),
        ["She told me, 'Wait here,' and ran,", "Wait here,"]
    );
    // apostrophes open and close nothing
    assert_eq!(
        spans("“We don't know the Pilots' plan or the ’90s rules,” he said."),
        ["We don't know the Pilots' plan or the ’90s rules,"]
    );
}

#[test]
fn a_clause_ending_in_a_quotation_before_its_cue_is_a_report() {
    assert_eq!(
        spans("Sales in the north are “the whole story,” said Ann Lee, an analyst."),
        [
            "Sales in the north are “the whole story,”",
            "the whole story,"
        ]
    );
    // the sentence's own verb after the quotation is no cue of it
    assert_eq!(
        spans(
            "Lee, who called the deal “a gift to banks,” argued on Monday that it should be cut."
        ),
        ["a gift to banks,", "it should be cut"]
    );
}

#[test]
fn partial_inside_report() {
    let got = found("Gerasimov stated that the plans have “completely failed.”");
    assert_eq!(got.len(), 2);
    assert_eq!(got[1], ("completely failed.".to_string(), Kind::Partial));
}
