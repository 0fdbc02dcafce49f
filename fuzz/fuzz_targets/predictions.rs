//! The prediction-file parser on any file, against the tiny fixture
//! corpus, for both tasks: predictions or an error naming a line, never a
//! panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use quotebench::gold::Corpus;
use quotebench::score::Task;
use std::path::Path;
use std::sync::OnceLock;

fn corpus() -> &'static Corpus {
    static CORPUS: OnceLock<Corpus> = OnceLock::new();
    CORPUS.get_or_init(|| {
        let tiny = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/tiny");
        quotebench::gold::load(&tiny.join("seeds"), &tiny.join("gold"))
            .expect("the tiny fixture loads")
    })
}

fuzz_target!(|data: &[u8]| {
    for task in Task::ALL {
        let _ = quotebench::predictions::parse(data, Path::new("p.jsonl"), corpus(), task);
    }
});
