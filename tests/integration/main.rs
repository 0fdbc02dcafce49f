//! The one integration-test binary: the CLI, the gold checker's
//! diagnostics, the scorer's scenario table and its properties, external
//! strategies and prediction files, the gold editing commands and the score
//! check.

mod cli;
mod corpora;
mod extract;
mod extract_exec;
mod gold_check;
mod gold_edit;
mod gold_import;
mod gold_tools;
mod methodology;
mod names;
mod plugins;
mod plugins_v2;
mod probe;
mod properties;
mod reliability;
mod report_html;
mod scenarios;
mod score_check;
mod scratch;
mod shared_names;
mod snapshots;
mod util;
