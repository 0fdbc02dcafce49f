//! The gold CSV loader and checker on any files: `gold check`, `load` and
//! the edit tools' row readers never panic. The input is split on the
//! first two 0xFF bytes (never in UTF-8) into a seed article, quotes.csv
//! and speakers.csv.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let mut parts = data.splitn(3, |&b| b == 0xff);
    let (Some(seed), Some(quotes), Some(speakers)) = (parts.next(), parts.next(), parts.next())
    else {
        return;
    };
    let dir = tempfile::tempdir().expect("a temporary directory");
    let seeds = dir.path().join("seeds");
    let gold = dir.path().join("gold");
    std::fs::create_dir_all(&seeds).unwrap();
    std::fs::create_dir_all(&gold).unwrap();
    std::fs::write(seeds.join("a.txt"), seed).unwrap();
    std::fs::write(gold.join("quotes.csv"), quotes).unwrap();
    std::fs::write(gold.join("speakers.csv"), speakers).unwrap();
    let report = quotebench::gold::check(&seeds, &gold).expect("readable files");
    let _ = report.verdict();
    for d in &report.diagnostics {
        let _ = d.to_string();
    }
    let _ = quotebench::gold::load(&seeds, &gold);
    let _ = quotebench::gold::edit::quotes_of(Path::new("quotes.csv"), quotes);
    let _ = quotebench::gold::edit::speakers_of(Path::new("speakers.csv"), speakers);
});
