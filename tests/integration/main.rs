//! The one integration-test binary: the CLI, the gold checker's
//! diagnostics, the scorer's scenario table and its properties, and
//! external strategies and prediction files.

mod cli;
mod extract;
mod extract_exec;
mod gold_check;
mod plugins;
mod properties;
mod scenarios;
mod util;
