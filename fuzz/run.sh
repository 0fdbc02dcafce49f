#!/usr/bin/env bash
# Runs every fuzz target for SECONDS (default 60) each, seeded with the
# repository's fixtures: `bash fuzz/run.sh [SECONDS] [TARGET...]`. Needs a
# nightly toolchain and cargo-fuzz (`cargo install cargo-fuzz`). A crash
# stops the run; its input is saved under fuzz/artifacts/TARGET/.
set -euo pipefail
cd "$(dirname "$0")"
secs="${1:-60}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(extract attribute gold_csv plugin_answer predictions)
root=..
corpus=corpus
mkdir -p "$corpus"
# Seeds from the fixtures (rebuilt each run; the corpora are git-ignored).
seed() { mkdir -p "$corpus/$1"; }
seed extract; seed attribute; seed gold_csv; seed plugin_answer; seed predictions
for f in "$root"/seeds/*.txt "$root"/tests/fixtures/tiny/seeds/*.txt; do
    cp "$f" "$corpus/extract/$(basename "$f")"
    # attribute: no spans, then the text
    { printf '\x00'; cat "$f"; } > "$corpus/attribute/$(basename "$f")"
done
for d in "$root"/tests/fixtures/broken/* "$root"/tests/fixtures/tiny/gold; do
    name=$(basename "$d")
    seedtext="$root/tests/fixtures/tiny/seeds/a.txt"
    { cat "$seedtext"; printf '\xff'; cat "$d/quotes.csv"; printf '\xff'; cat "$d/speakers.csv"; } \
        > "$corpus/gold_csv/$name"
done
cp seeds/plugin_answer/* "$corpus/plugin_answer/"
# predictions: the tiny gold spans as a prediction file
printf '{"doc":"a","start":3,"end":16,"speaker":"Jane Doe"}\n{"doc":"b","start":24,"end":36,"speaker":null,"kind":"indirect"}\n' \
    > "$corpus/predictions/tiny.jsonl"
mkdir -p logs
for t in "${targets[@]}"; do
    echo "fuzz: $t for ${secs}s"
    log="logs/$t.log"
    # The exit status is taken before any filtering: a crash must fail the run.
    set +e
    cargo +nightly fuzz run "$t" "$corpus/$t" -- -max_total_time="$secs" -rss_limit_mb=2048 -max_len=65536 >"$log" 2>&1
    status=$?
    set -e
    grep -E "^(#[0-9]+ +DONE|Done|==[0-9]+==|SUMMARY|thread '|.*panicked)" "$log" || true
    if [ "$status" -ne 0 ]; then
        tail -40 "$log"
        echo "fuzz: $t crashed (exit $status); see fuzz/artifacts/$t/ and fuzz/$log"
        exit 1
    fi
done
