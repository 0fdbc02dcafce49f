//! quotebench: a benchmark for quote attribution, who said what in news text.
//!
//! A hand-labelled gold set ([`gold`]) of who-said-what in news articles
//! scores pluggable attribution strategies ([`strategy`]) with one scorer
//! ([`score`]) whose results ([`report`]) carry bootstrap intervals and a
//! signature that says when two numbers are comparable. Systems in other
//! languages run as external processes ([`plugin`], PLUGINS.md) or hand in
//! prediction files ([`predictions`]) and are scored the same way. A
//! committed [`baseline`] keeps scores from falling silently, and
//! [`gold::edit`] grows the gold set without hand-counted byte offsets.
//!
//! ```no_run
//! use std::path::Path;
//! let corpus = quotebench::gold::load(Path::new("seeds"), Path::new("gold")).unwrap();
//! let strategy = quotebench::strategy::by_name("null").unwrap();
//! let settings = quotebench::score::Settings::default();
//! let result = quotebench::score::evaluate(&corpus, strategy.as_ref(), quotebench::score::Task::Attribution, &settings).unwrap();
//! println!("{}", result.signature);
//! ```

#![deny(missing_docs)]

pub mod baseline;
pub mod error;
pub mod gold;
pub mod html;
mod jsonl;
pub mod limits;
pub mod model;
pub mod name;
pub mod plugin;
pub mod predictions;
pub mod report;
pub mod score;
pub mod strategy;
pub mod timing;

pub use error::{Error, Result};
