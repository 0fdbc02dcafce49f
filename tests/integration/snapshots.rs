//! Snapshot tests (insta) of the command line's text output, the crate
//! version filtered out. A change in a leaderboard number shows up here as
//! a diff to review; accept it with `INSTA_UPDATE=always cargo test` (or
//! `cargo insta review`) in the same commit as its cause.

use crate::util::{run, stdout};

fn snapshot(name: &str, args: &[&str]) {
    let o = run(args);
    let text = stdout(&o).replace(
        &format!("quotebench:{}|", env!("CARGO_PKG_VERSION")),
        "quotebench:[VERSION]|",
    );
    insta::with_settings!({ snapshot_path => "snapshots", prepend_module_to_snapshot => false }, {
        insta::assert_snapshot!(name, text);
    });
}

#[test]
fn strategies_list() {
    snapshot("strategies", &["strategies"]);
}

#[test]
fn leaderboard() {
    snapshot("compare", &["compare", "--bootstrap", "200"]);
}

#[test]
fn sieve_eval() {
    snapshot(
        "eval_sieve_attribution",
        &["eval", "--strategy", "sieve", "--bootstrap", "200"],
    );
}

#[test]
fn gold_stats() {
    snapshot("gold_stats", &["gold", "stats"]);
}
