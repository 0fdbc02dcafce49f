//! The HTML report in a real browser: headless Chromium opens the seeds
//! report (and each dev corpus part that exists) with JavaScript running
//! and the test reads the rendered DOM (`--dump-dom`): the leaderboard
//! rows, one marked gold span per gold quote, a URL-fragment filter that
//! shows exactly the quotes it names, and injection probes that stay inert.
//! It also writes a PNG screenshot (target/report-screenshot.png, or the
//! path in QUOTEBENCH_SCREENSHOT: `QUOTEBENCH_SCREENSHOT=docs/report.png
//! cargo test --release --test browser` regenerates the README's).
//!
//! Without Chromium (none of `$QUOTEBENCH_CHROMIUM`, `chromium`,
//! `chromium-browser`, `google-chrome` runs) each test prints a loud
//! SKIPPED line to stderr and passes, so that `cargo test` works anywhere;
//! with `QUOTEBENCH_BROWSER_TESTS=require` (as .ci/run sets it, after
//! installing Chromium) a missing browser is a failure.

#[path = "integration/probe.rs"]
mod probe;

use quotebench::score::{Settings, Task, Verdict};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The browser to use, or `None` (after saying so, loudly) to skip.
fn chromium(test: &str) -> Option<String> {
    let mut candidates = vec![];
    if let Ok(c) = std::env::var("QUOTEBENCH_CHROMIUM") {
        candidates.push(c);
    }
    candidates.extend(["chromium", "chromium-browser", "google-chrome"].map(String::from));
    for c in candidates {
        let ok = Command::new(&c)
            .arg("--version")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if ok {
            return Some(c);
        }
    }
    let required = std::env::var("QUOTEBENCH_BROWSER_TESTS").is_ok_and(|v| v == "require");
    assert!(
        !required,
        "QUOTEBENCH_BROWSER_TESTS=require but no Chromium found (install it: apt-get install -y chromium)"
    );
    // Straight to the process's stderr: the test harness does not capture
    // it, so `cargo test` shows the skip.
    let _ = writeln!(
        std::io::stderr(),
        "\n*** SKIPPED browser test `{test}`: no Chromium found (set QUOTEBENCH_CHROMIUM or install chromium; .ci/run does). The HTML report's script is NOT tested in this run. ***\n"
    );
    None
}

/// Runs headless Chromium with `args` then `url`, killing it after a minute.
fn headless(browser: &str, args: &[&str], url: &str) -> String {
    let profile = tempfile::tempdir().unwrap();
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(args)
        .arg(url)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromium starts");
    let mut out = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut out, &mut s).map(|_| s)
    });
    let started = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if started.elapsed() > Duration::from_secs(90) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("chromium did not finish within 90 s on {url}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    reader.join().unwrap().unwrap()
}

fn dom(browser: &str, page: &Path, fragment: &str) -> String {
    let url = format!("file://{}#{fragment}", page.display());
    let dom = headless(browser, &["--dump-dom"], &url);
    assert!(
        dom.contains("data-rendered=\"yes\""),
        "the page's script did not finish rendering {url}"
    );
    dom
}

/// The opening tags `<NAME ...>` in a serialised DOM, as attribute maps.
fn tags<'a>(dom: &'a str, name: &str) -> Vec<&'a str> {
    let open = format!("<{name} ");
    let mut out = Vec::new();
    let mut rest = dom;
    while let Some(i) = rest.find(&open) {
        let tail = &rest[i..];
        let end = tail.find('>').unwrap();
        out.push(&tail[..end]);
        rest = &tail[end..];
    }
    out
}

fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let key = format!(" {name}=\"");
    let i = tag.find(&key)? + key.len();
    let j = tag[i..].find('"')?;
    Some(&tag[i..i + j])
}

fn classes(tag: &str) -> Vec<&str> {
    attr(tag, "class").unwrap_or("").split(' ').collect()
}

/// Gold marks (the first piece of each), by their `data-g` index.
fn gold_marks(dom: &str) -> Vec<&str> {
    tags(dom, "mark")
        .into_iter()
        .filter(|t| {
            let c = classes(t);
            c.contains(&"g") && !c.contains(&"cont")
        })
        .collect()
}

/// Writes the report of the shipped corpus `name` into `dir`.
fn report(dir: &Path, name: &str) -> PathBuf {
    let out = dir.join("report.html");
    let o = Command::new(env!("CARGO_BIN_EXE_quotebench"))
        .args(["report", "--timing", "3", "--corpus", name, "-o"])
        .arg(&out)
        .current_dir(root())
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    out
}

/// Each corpus the report must render: the seeds, and each dev part that
/// exists (read by counts here: nothing of the held-out text is printed).
fn corpora() -> Vec<&'static str> {
    quotebench::gold::corpora::PARTS
        .iter()
        .filter(|p| root().join(p.gold).join("quotes.csv").is_file())
        .map(|p| p.name)
        .collect()
}

#[test]
fn the_report_renders_every_gold_quote_and_its_filters_in_chromium() {
    let Some(browser) = chromium("the_report_renders_every_gold_quote_and_its_filters_in_chromium")
    else {
        return;
    };
    let n = quotebench::strategy::names().len();
    for name in corpora() {
        let corpus = quotebench::gold::corpora::load_named(&root(), name).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let page = report(dir.path(), name);
        // Default view: every leaderboard row, and one gold mark per quote.
        let d = dom(&browser, &page, "");
        assert_eq!(
            tags(&d, "tr")
                .iter()
                .filter(|t| classes(t).contains(&"lb-row"))
                .count(),
            2 * n,
            "{name}"
        );
        let marks = gold_marks(&d);
        assert_eq!(
            marks.len(),
            corpus.quotes.len(),
            "{name}: one mark per gold quote"
        );
        let mut ids: Vec<&str> = marks.iter().filter_map(|t| attr(t, "data-g")).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(
            ids.len(),
            corpus.quotes.len(),
            "{name}: distinct gold marks"
        );
        // A fragment filter: one strategy's incorrect answers in one
        // document show exactly those quotes, the rest of the marks dimmed.
        let strategy = quotebench::strategy::by_name("nearest-name").unwrap();
        let scored = quotebench::score::evaluate(
            &corpus,
            strategy.as_ref(),
            Task::Attribution,
            &Settings::default(),
        )
        .unwrap();
        let doc = corpus
            .docs
            .keys()
            .max_by_key(|d| {
                scored
                    .outcomes
                    .iter()
                    .filter(|o| &o.doc == *d && o.outcome == Verdict::Incorrect)
                    .count()
            })
            .unwrap();
        let expected = scored
            .outcomes
            .iter()
            .filter(|o| &o.doc == doc && o.outcome == Verdict::Incorrect)
            .count();
        assert!(
            expected > 0,
            "{name}: the filter test needs an incorrect quote"
        );
        let d = dom(
            &browser,
            &page,
            &format!("task=attribution&strategy=nearest-name&outcome=incorrect&doc={doc}"),
        );
        let rows: Vec<&str> = tags(&d, "tr")
            .into_iter()
            .filter(|t| classes(t).contains(&"qrow"))
            .collect();
        assert_eq!(rows.len(), expected, "{name}: rows shown by the filter");
        assert!(rows
            .iter()
            .all(|t| attr(t, "data-outcome") == Some("incorrect")));
        let lit: Vec<&str> = gold_marks(&d)
            .into_iter()
            .filter(|t| !classes(t).contains(&"dim"))
            .collect();
        assert_eq!(lit.len(), expected, "{name}: marks not dimmed");
        assert_eq!(tags(&d, "article").len(), 1, "{name}: one document shown");
        assert!(d.contains(&format!("data-doc=\"{doc}\"")));
        // End-to-end: the missed outcome exists and filters.
        let d = dom(
            &browser,
            &page,
            "task=end-to-end&strategy=null&outcome=missed",
        );
        let rows = tags(&d, "tr")
            .into_iter()
            .filter(|t| classes(t).contains(&"qrow"))
            .count();
        assert_eq!(rows, corpus.quotes.len(), "{name}: null misses every quote");
        if name == "seeds" {
            screenshots(&browser, &page);
        }
    }
}

/// The README's pictures: the top of the page (leaderboards) as PATH and
/// the error browser as PATH with `-browser` before the extension.
fn screenshots(browser: &str, page: &Path) {
    let shot = std::env::var("QUOTEBENCH_SCREENSHOT")
        .map(PathBuf::from)
        .unwrap_or_else(|_| root().join("target/report-screenshot.png"));
    let shot = if shot.is_absolute() {
        shot
    } else {
        root().join(shot)
    };
    let stem = shot.file_stem().unwrap().to_string_lossy().into_owned();
    let second = shot.with_file_name(format!("{stem}-browser.png"));
    for (path, fragment) in [
        (&shot, "task=attribution&strategy=nearest-name"),
        (
            &second,
            "task=attribution&strategy=nearest-name&only=browser",
        ),
    ] {
        let _ = std::fs::remove_file(path);
        let url = format!("file://{}#{fragment}", page.display());
        headless(
            browser,
            &[
                &format!("--screenshot={}", path.display()),
                "--window-size=1280,1500",
            ],
            &url,
        );
        let png = std::fs::read(path).expect("a screenshot was written");
        assert!(png.starts_with(b"\x89PNG"), "{} is a PNG", path.display());
    }
}

#[test]
fn injection_probes_stay_inert_in_chromium() {
    let Some(browser) = chromium("injection_probes_stay_inert_in_chromium") else {
        return;
    };
    let corpus = probe::corpus();
    let comparison = probe::comparison(&corpus);
    let html = quotebench::html::report(&quotebench::html::ReportPage {
        comparison: &comparison,
        corpus: &corpus,
        corpus_label: &probe::all(),
        baseline: None,
        held_out: false,
    });
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("probe.html");
    std::fs::write(&page, html).unwrap();
    let d = dom(&browser, &page, &format!("strategy={}", probe::label()));
    let body = tags(&d, "body");
    assert_eq!(body.len(), 1);
    assert!(
        attr(body[0], "data-pwned").is_none(),
        "a probe ran: {}",
        body[0]
    );
    assert!(tags(&d, "img").is_empty());
    for (tag, id) in [("b", "pwned-b"), ("a", "pwned-a")] {
        assert!(
            tags(&d, tag).iter().all(|t| attr(t, "id") != Some(id)),
            "probe element {id}"
        );
    }
    assert_eq!(tags(&d, "textarea").len(), 0);
    assert_eq!(d.matches("<script").count(), 2, "only the page's scripts");
    // Shown as text: in the document, the details and the quote list.
    assert!(d.contains("&lt;script&gt;document.body.setAttribute"));
    assert_eq!(gold_marks(&d).len(), corpus.quotes.len());
    let rows = tags(&d, "tr")
        .into_iter()
        .filter(|t| classes(t).contains(&"qrow"))
        .count();
    assert_eq!(rows, corpus.quotes.len());
}
