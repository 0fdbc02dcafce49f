//! The HTML report: one self-contained page (`quotebench report`,
//! `check --format html`) with every style, script and chart inline and a
//! Content-Security-Policy that lets it fetch nothing. Leaderboards with
//! their intervals drawn by plotters ([`charts`]), accuracy against
//! throughput, slice tables, an error browser over the documents' text and
//! a diff of two runs; the browser's data is one embedded JSON object
//! ([`data`]) that a small script renders with DOM calls only (never
//! `innerHTML`). Every untrusted string (document text, speaker and
//! strategy names, plugin failures) is escaped here or set as text there.
//!
//! The text, JSON, CSV and Markdown renderers are in [`crate::report`].

pub mod charts;
mod check;
pub mod data;
mod page;

pub use check::{check, CheckPart};

use crate::gold::Corpus;
use crate::report::Comparison;
use base64::Engine as _;
use sha2::{Digest, Sha256};
use std::borrow::Cow;

const CSS: &str = include_str!("report.css");
const JS: &str = include_str!("report.js");

/// What a report page shows.
#[derive(Debug, Clone, Copy)]
pub struct ReportPage<'a> {
    /// The runs, both tasks, as `compare` makes them.
    pub comparison: &'a Comparison,
    /// The corpus they were scored on (its texts go into the page).
    pub corpus: &'a Corpus,
    /// How the corpus is named in the page (e.g. `seeds`).
    pub corpus_label: &'a str,
    /// A saved baseline whose runs the diff can compare against.
    pub baseline: Option<&'a Comparison>,
    /// The corpus includes a held-out part (dev-test): the page says not to
    /// tune on what it shows.
    pub held_out: bool,
}

/// Escapes text for HTML content and quoted attribute values alike.
pub fn esc(s: &str) -> Cow<'_, str> {
    html_escape::encode_safe(s)
}

/// A whole page: `body` (already escaped HTML) with the style sheet and,
/// when given, one script whose hash is the only one the page's
/// Content-Security-Policy lets run.
fn document(title: &str, body: &str, script: Option<&str>) -> String {
    let script_src = match script {
        Some(js) => {
            let hash = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(js));
            format!("'sha256-{hash}'")
        }
        None => "'none'".to_owned(),
    };
    let mut out = String::with_capacity(body.len() + CSS.len() + JS.len() + 1024);
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    out.push_str(&format!(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src {script_src}\">\n"
    ));
    out.push_str(&format!("<title>{}</title>\n", esc(title)));
    out.push_str("<style>\n");
    out.push_str(CSS);
    out.push_str("</style>\n</head>\n<body>\n");
    out.push_str(body);
    if let Some(js) = script {
        out.push_str("<script>");
        out.push_str(js);
        out.push_str("</script>\n");
    }
    out.push_str("</body>\n</html>\n");
    out
}

/// The report page.
pub fn report(page: &ReportPage<'_>) -> String {
    let mut body = String::new();
    page::header(&mut body, page);
    page::leaderboards(&mut body, page.comparison);
    page::speed(&mut body, page.comparison);
    page::slices(&mut body, page.comparison);
    page::browser(&mut body);
    body.push_str("<script type=\"application/json\" id=\"qb-data\">");
    body.push_str(&data::json(page.corpus, page.comparison, page.baseline));
    body.push_str("</script>\n");
    document("quotebench report", &body, Some(JS))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn esc_leaves_no_markup() {
        let s = esc(r#"<script>x</script>"><img onerror=alert(1)></textarea>'"#);
        assert!(!s.contains('<') && !s.contains('>') && !s.contains('"') && !s.contains('\''));
        assert!(s.contains("&lt;script&gt;"));
    }

    #[test]
    fn the_policy_allows_exactly_the_page_script() {
        let page = document("t", "<p>x</p>", Some("console.log(1)"));
        let hash =
            base64::engine::general_purpose::STANDARD.encode(Sha256::digest("console.log(1)"));
        assert!(page.contains(&format!("script-src 'sha256-{hash}'")));
        assert!(page.contains("default-src 'none'"));
        let none = document("t", "<p>x</p>", None);
        assert!(none.contains("script-src 'none'"));
        assert!(!none.contains("<script"));
    }
}
