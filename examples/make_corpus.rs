//! Writes a large JSON-lines corpus for `quotebench extract` to standard
//! output: the seed articles repeated, each copy with its own id, until the
//! output reaches the size asked for (in MiB, default 1024).
//!
//! ```sh
//! cargo run --release --example make_corpus -- 1024 > /tmp/corpus.jsonl
//! /usr/bin/time -v target/release/quotebench extract --strategy sieve --jsonl /tmp/corpus.jsonl > /dev/null
//! ```

use std::io::Write;
use std::path::Path;

fn main() -> std::io::Result<()> {
    let mib: u64 = std::env::args()
        .nth(1)
        .map(|a| a.parse().expect("size in MiB"))
        .unwrap_or(1024);
    let target = mib << 20;
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let mut docs: Vec<(String, String)> = std::fs::read_dir(&seeds)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .map(|p| {
            let id = p.file_stem().unwrap().to_string_lossy().into_owned();
            (id, std::fs::read_to_string(&p).expect("seed is UTF-8"))
        })
        .collect();
    docs.sort();
    let out = std::io::stdout();
    let mut out = std::io::BufWriter::new(out.lock());
    let mut written = 0u64;
    let mut copy = 0u64;
    while written < target {
        for (id, text) in &docs {
            let line =
                serde_json::json!({ "id": format!("{id}-{copy}"), "text": text }).to_string();
            out.write_all(line.as_bytes())?;
            out.write_all(b"\n")?;
            written += line.len() as u64 + 1;
        }
        copy += 1;
    }
    out.flush()
}
