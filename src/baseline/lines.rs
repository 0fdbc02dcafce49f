//! The baseline's file layout, made for line-based diffs and merges: the
//! JSON of a [`Comparison`] laid out pretty down to its small objects,
//! each of which takes one line. So each per-quote outcome, each
//! document's counts and each pair's difference on a metric is one line,
//! and a change of one outcome changes one line of the file.
//!
//! Reports are written sorted by task and strategy name (not by score), so
//! that two strategies changing places on the leaderboard move no lines;
//! [`super::load`] puts them back in leaderboard order. The file is plain
//! JSON of the `compare --format json` shape, so a baseline written pretty
//! (by older versions, or by hand from `compare --format json`) still reads.

use crate::report::Comparison;

/// The text of `baseline` as the baseline file holds it.
pub(crate) fn render(baseline: &Comparison) -> String {
    let mut sorted = baseline.clone();
    sorted
        .results
        .sort_by(|x, y| (x.task, &x.strategy).cmp(&(y.task, &y.strategy)));
    let pretty = serde_json::to_string_pretty(&sorted).unwrap_or_default();
    collapse(&pretty)
}

/// True for a line of pretty JSON that opens an object or array whose
/// members follow on their own lines. A string value never ends a line
/// with `{` or `[`: it ends with `"` (or `",`).
fn opens(line: &str) -> bool {
    line.ends_with('{') || line.ends_with('[')
}

/// True for a line of pretty JSON that closes an object or array.
fn closes(line: &str) -> bool {
    matches!(line.trim(), "}" | "}," | "]" | "],")
}

/// Lays `pretty` (output of `serde_json::to_string_pretty`, whose strings
/// hold no raw newline) out on fewer lines: every object or array holding
/// only scalars takes one line (`{"a": 1, "b": "x"}`), and so does every
/// object holding only scalars and such one-line containers (a document's
/// counts and metrics). Arrays of containers keep one element a line, and
/// deeper containers stay pretty. Ends with a newline.
pub(crate) fn collapse(pretty: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    // For each open container: its first line in `out`, whether it is an
    // object, and the height of its tallest member so far (0: scalars only).
    let mut open: Vec<(usize, bool, usize)> = Vec::new();
    for line in pretty.lines() {
        if closes(line) {
            let Some((first, object, tallest)) = open.pop() else {
                out.push(line.to_owned());
                continue;
            };
            if let Some(parent) = open.last_mut() {
                parent.2 = parent.2.max(tallest + 1);
            }
            if tallest == 0 || (tallest == 1 && object) {
                let members: Vec<&str> = out[first + 1..].iter().map(|m| m.trim()).collect();
                let joined = format!("{}{}{}", out[first], members.join(" "), line.trim());
                out.truncate(first);
                out.push(joined);
            } else {
                out.push(line.to_owned());
            }
        } else {
            if opens(line) {
                open.push((out.len(), line.ends_with('{'), 0));
            }
            out.push(line.to_owned());
        }
    }
    let mut text = out.join("\n");
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    fn committed() -> Comparison {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scores/baseline.json");
        super::super::load(&path).expect("the committed seeds baseline reads")
    }

    #[test]
    fn small_containers_take_one_line_and_strings_are_untouched() {
        let v: Value = serde_json::json!({
            "a": [{"x": 1, "s": "} ], {["}, {"x": 2, "s": "y"}],
            "b": {"c": [1, 2], "d": {}},
            "e": []
        });
        let text = collapse(&serde_json::to_string_pretty(&v).unwrap());
        assert_eq!(serde_json::from_str::<Value>(&text).unwrap(), v);
        assert!(
            text.contains("\n    {\"s\": \"} ], {[\", \"x\": 1},\n"),
            "{text}"
        );
        assert!(
            text.contains("\n  \"b\": {\"c\": [1, 2], \"d\": {}},\n"),
            "{text}"
        );
        assert_eq!(text.lines().count(), 8, "{text}");
    }

    #[test]
    fn one_changed_outcome_changes_exactly_one_line() {
        let before = committed();
        let mut after = before.clone();
        let o = &mut after.results[3].outcomes[7];
        o.predicted = Some(format!(
            "{} (changed)",
            o.predicted.clone().unwrap_or_default()
        ));
        let (a, b) = (render(&before), render(&after));
        let (a, b): (Vec<&str>, Vec<&str>) = (a.lines().collect(), b.lines().collect());
        assert_eq!(a.len(), b.len());
        let changed = a.iter().zip(&b).filter(|(x, y)| x != y).count();
        assert_eq!(changed, 1);
    }

    #[test]
    fn each_outcome_is_one_line_and_the_file_reads_back_in_leaderboard_order() {
        let before = committed();
        let text = render(&before);
        let outcomes: usize = before.results.iter().map(|r| r.outcomes.len()).sum();
        let one_line = text
            .lines()
            .filter(|l| l.trim_start().starts_with("{\"doc\":"))
            .count();
        assert_eq!(one_line, outcomes);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("b.json");
        super::super::save(&path, &before).unwrap();
        assert_eq!(super::super::load(&path).unwrap(), before);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
    }

    #[test]
    fn a_pretty_baseline_of_older_versions_still_reads() {
        let before = committed();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.json");
        std::fs::write(&path, serde_json::to_string_pretty(&before).unwrap()).unwrap();
        assert_eq!(super::super::load(&path).unwrap(), before);
    }
}
