//! Unit tests of the extractor's rules for less common cues and span
//! boundaries (issue 12, classes 1, 4, 5, 6): each rule with a sentence it
//! fires on and one it must leave alone.

use super::*;

fn spans(text: &str) -> Vec<String> {
    let d = Doc::new(text);
    extract(&d, true)
        .into_iter()
        .map(|f| text[f.span.start..f.span.end].to_string())
        .collect()
}

#[test]
fn a_plural_before_of_or_after_a_number_is_a_noun() {
    // `reports of units that …`: no report opens at the relative `that`
    let got = spans("The agency said it had received reports of units that \"became hot,\" including two fires.");
    assert!(got.iter().all(|s| !s.starts_with('"')), "{got:?}");
    assert!(
        got.iter().any(|s| s.starts_with("it had received")),
        "{got:?}"
    );
    // the verb still reports
    assert_eq!(
        spans("The agency reports that 40 units failed."),
        ["40 units failed"]
    );
}

#[test]
fn a_clause_after_an_inverted_verb_is_not_its_source() {
    let got =
        spans("Pharmacist Ann Lee, whose shop was hit twice, said the arrests brought relief.");
    assert_eq!(got, ["the arrests brought relief"]);
    // an inverted cue still names its source
    assert_eq!(
        spans("The bridge will close in May, said Ann Lee, the county engineer."),
        ["The bridge will close in May"]
    );
}

#[test]
fn auxiliaries_and_passives_after_a_comma_are_no_cue() {
    assert!(spans("Ann Lee, the firm's former treasurer, has not been charged.").is_empty());
    assert!(spans("The plan, Lee's second, was rejected.").is_empty());
    assert_eq!(
        spans("The plan will be revived, the mayor has said."),
        ["The plan will be revived"]
    );
}

#[test]
fn a_semicolon_ends_a_trailing_cue() {
    assert_eq!(
        spans("No tenured professor would lose a job, the statement said; faculty would move to other departments."),
        ["No tenured professor would lose a job"]
    );
    // without the semicolon the tail is too long for a cue
    assert!(spans("No professor would lose a job, the statement said and faculty would move to other departments in the fall.")
        .iter()
        .all(|s| s != "No professor would lose a job"));
}

#[test]
fn a_participle_after_the_cue_and_an_adverbial_goes_back_to_the_narrator() {
    let got = spans("Crews were working around the clock, the agency wrote on its Facebook page, adding that water was safe.");
    assert_eq!(got[0], "Crews were working around the clock");
    assert!(got.contains(&"water was safe".to_string()), "{got:?}");
    // a comma after an adverbial without a participle keeps the tail the cue's
    assert!(spans("Crews were working around the clock, the agency wrote on its page, a week after the storm.")
        .iter()
        .all(|s| s != "Crews were working around the clock"));
}

#[test]
fn words_of_time_then_a_longer_adverbial_after_a_trailing_cue() {
    assert_eq!(
        spans("Children recover just as well after five days, researchers reported Tuesday in the Northern Journal of Child Health."),
        ["Children recover just as well after five days"]
    );
    // a long tail without words of time is still too long
    assert!(spans("Children recover just as well after five days, researchers reported in the long and widely read Northern Journal of Child Health.").is_empty());
}

#[test]
fn a_withholding_verb_after_but_ends_the_report() {
    assert_eq!(
        spans("Haldane Foods confirmed that it was in talks but stopped short of saying how many farms it would sign."),
        ["it was in talks"]
    );
    assert_eq!(
        spans("Lee said the firm was in talks and declined to say when a deal would close."),
        ["the firm was in talks"]
    );
    // `but` before another verb stays in the report
    assert_eq!(
        spans("Lee said the firm was small but grew fast."),
        ["the firm was small but grew fast"]
    );
    // and withholding on its own reports nothing
    assert!(spans("Lee declined to say how much the plan would cost.").is_empty());
}

#[test]
fn an_as_clause_in_the_past_perfect_is_the_speakers() {
    assert_eq!(
        spans("Roscoe said no calls were lost, as dispatchers had practiced the fallback twice."),
        ["no calls were lost, as dispatchers had practiced the fallback twice"]
    );
    // a report in the `as` clause, or an elliptical comparison, is the narrator's
    assert_eq!(
        spans("Lee said prices would rise, as the agency reported in May."),
        ["prices would rise"]
    );
    assert_eq!(
        spans("Lee said the court will appoint a master, as it did for the districts in 1982."),
        ["the court will appoint a master"]
    );
    // the reason of a prediction stays
    assert_eq!(
        spans("Lee said the delay would cost $9 million, as buyers would switch."),
        ["the delay would cost $9 million, as buyers would switch"]
    );
    // a simple past after the subject tells what was happening: the narrator's
    assert_eq!(
        spans("Orr said the board would meet Monday, as residents lined up outside the hall."),
        ["the board would meet Monday"]
    );
    assert_eq!(
        spans("Orr said she would bring the plan back, as the crowd began filing out."),
        ["she would bring the plan back"]
    );
}

#[test]
fn that_before_to_is_a_demonstrative() {
    assert!(spans("I expect that to be days, not weeks.").is_empty());
    assert_eq!(
        spans("Orr said that tolls would rise."),
        ["tolls would rise"]
    );
}

#[test]
fn a_subordinate_clause_after_a_quotation_is_not_its_cue() {
    let got = spans("He insisted the county would not pay “to anyone, for anything,” though he acknowledged that the decision was hard.");
    assert!(got.iter().all(|s| !s.starts_with("He insisted")), "{got:?}");
    assert!(
        got.contains(&"the decision was hard".to_string()),
        "{got:?}"
    );
    // a plain trailing cue with a name before the verb still is one
    let got = spans("Sales are “the whole story,” analyst Ann Lee said.");
    assert!(
        got.contains(&"Sales are “the whole story,”".to_string()),
        "{got:?}"
    );
}

#[test]
fn a_first_person_contraction_inside_a_quotation_reports_nothing() {
    let got = spans("“I’m not going to tell a widow that she has to pay,” Oduya said.");
    assert_eq!(got, ["I’m not going to tell a widow that she has to pay,"]);
    // a named subject inside a quotation still reports
    let got = spans("“Putin reiterated that the talks would go on,” Lee said.");
    assert!(
        got.contains(&"the talks would go on".to_string()),
        "{got:?}"
    );
}

#[test]
fn a_cue_set_off_after_a_fronted_adverbial_reports_the_clause_after_it() {
    assert_eq!(
        spans("For now, Roscoe said, the paper cards stay in the drawer."),
        ["the paper cards stay in the drawer"]
    );
    assert_eq!(
        spans("If lawmakers miss the deadline, the court said, it will appoint a special master."),
        ["it will appoint a special master"]
    );
    // a subject before the cue makes the clause discontinuous: no row
    assert!(spans("The plan, Lee said, will cost $5 million.").is_empty());
    // the cue of a quotation reports nothing after its comma
    let got = spans("“We are ready,” she said, the crowd cheering.");
    assert_eq!(got, ["We are ready,"]);
}

#[test]
fn a_named_exchange_without_q_lines_is_a_transcript() {
    let text = "The editor spoke with her. An excerpt:\n\nGazette: Why close the mill now?\n\nOrvell: The orders stopped in May.\n\nGazette: Will anyone stay on?\n\nOrvell: A crew of six, through the winter.\n\nThe mill closes Friday.";
    assert_eq!(
        spans(text),
        [
            "Why close the mill now?",
            "The orders stopped in May.",
            "Will anyone stay on?",
            "A crew of six, through the winter."
        ]
    );
    // two named lines only, or names that never take a second turn: no
    // transcript
    assert!(spans("Photo: Ann Lee\nCredit: Dana Orr\nPhoto: Bo Tamm\n").is_empty());
    assert!(spans("Mayor Kell: We will rebuild\nTown Clerk: Vote set\n").is_empty());
    assert!(spans("Wins: Lee\nLosses: Orr\nDraws: Tamm\n").is_empty());
}

#[test]
fn a_headline_line_reports_after_its_verb() {
    let text = "Ferry line: skipper says owner told crews to skip the checks\n\nMORLAND — The ferry sailed.";
    assert_eq!(spans(text), ["owner told crews to skip the checks"]);
    let text = "Orvell Mill Workers Say Owners Will ''Gut'' the Town\n\nMORLAND — The mill shut.";
    assert_eq!(spans(text), ["Owners Will ''Gut'' the Town", "Gut"]);
    let text = "Mill profit falls; CEO says worst \"is behind us\"\n\nMORLAND — The mill shut.";
    assert_eq!(spans(text), ["worst \"is behind us\"", "is behind us"]);
    // no verb in what follows, a trailing cue, or a sentence with a full
    // stop: no headline report
    assert!(spans("Mill to close; unions vow a fight\n\nThe mill shut.").is_empty());
    assert!(spans("Did the crew tell owners the boat could sink?\n").is_empty());
    assert!(spans("The skipper says owner told crews to wait.\n")
        .iter()
        .all(|s| s != "owner told crews to wait"));
}

#[test]
fn a_that_verb_reports_a_clause_without_that_after_a_short_subject() {
    assert_eq!(
        spans("Orr estimated the closure would cost the port $2 million."),
        ["the closure would cost the port $2 million"]
    );
    assert_eq!(
        spans("The college announced it would close two programs."),
        ["it would close two programs"]
    );
    // no finite verb or modal right after a short subject: nothing
    assert!(spans("Orr estimated the cost at $2 million.").is_empty());
    assert!(spans("The college announced the closure of two programs.").is_empty());
    assert!(spans("Judge rules Orvell Mills must pay").is_empty());
}

#[test]
fn a_past_verb_of_comment_after_and_ends_the_report() {
    assert_eq!(
        spans("The ferry company said it was “let down” and accused the union of stalling."),
        ["it was “let down”", "let down"]
    );
    // `accused X of “…”` gives the fragment its cue
    assert_eq!(
        spans("The union accused the council of “hiding the numbers.”"),
        ["hiding the numbers."]
    );
}

#[test]
fn a_dash_aside_is_passed_over_whole() {
    assert_eq!(
        spans("Orr said the payments -- about $900 a month, according to the filings -- would keep the farm going."),
        ["the payments -- about $900 a month, according to the filings -- would keep the farm going"]
    );
}

#[test]
fn a_report_in_a_which_clause_relays_nothing() {
    let got = spans("Sales fell in three of five years, which implies that the board must cut costs, the Courier said in an editorial.");
    assert!(
        got.iter().any(|s| s
            == "Sales fell in three of five years, which implies that the board must cut costs"),
        "{got:?}"
    );
}

#[test]
fn a_participle_before_by_belongs_to_a_trailing_subject() {
    assert_eq!(
        spans("The board will take comments until May 1, a notice posted by the board said."),
        ["The board will take comments until May 1"]
    );
}
