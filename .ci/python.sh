#!/usr/bin/env bash
# The Python side of CI (issue 14), after the release build:
#  0. the plugin kit's unit tests;
#  1. the spaCy + textacy example plugin, its pinned requirements installed
#     into a virtual environment cached under target/py (reinstalled only
#     when requirements.txt or the Python version changes), run in one
#     `compare` on the seeds; its scores must land in a plausible range;
#  2. the `quotebench` wheel (maturin, bindings = "bin"), built from the
#     release build and installed into a fresh virtual environment with
#     the plugin kit (`pip install ./python`); `quotebench compare` runs
#     from there with a kit plugin.
# Needs python3 with venv (python3-venv is installed with apt when missing)
# and the package registry for the first install.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=target/py
mkdir -p "$PY"
QB=target/release/quotebench
[ -x "$QB" ] || cargo build --release

command -v python3 >/dev/null || { echo "python3 is required for the plugin checks"; exit 1; }

# A virtual environment at $1; installs python3-venv when venv is missing.
venv() {
    rm -rf "$1"
    if ! python3 -m venv "$1" >/dev/null 2>&1; then
        rm -rf "$1"
        if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
            echo "python3 -m venv failed: installing python3-venv with apt-get"
            apt-get update -qq >/dev/null
            DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
            python3 -m venv "$1"
        else
            echo "python3 -m venv does not work here: install python3-venv"
            exit 1
        fi
    fi
}

# A cached virtual environment at $1 with pip arguments $3...; $2 names
# what the cache depends on (a stamp).
cached_venv() {
    local dir=$1 stamp=$2
    shift 2
    if [ -x "$dir/bin/python" ] && [ "$(cat "$dir/.stamp" 2>/dev/null)" = "$stamp" ]; then
        return
    fi
    echo "installing $dir ($*)"
    venv "$dir"
    "$dir/bin/pip" install -q --disable-pip-version-check "$@"
    echo "$stamp" > "$dir/.stamp"
}

# 0. The kit's own tests (standard library only).
python3 -m unittest discover -s python/tests

pyver=$(python3 -c 'import sys; print("%d.%d" % sys.version_info[:2])')

# 1. The spaCy + textacy plugin on the seeds.
REQ=examples/plugins/spacy_textacy/requirements.txt
SPACY=$PY/spacy
cached_venv "$SPACY" "$pyver-$(sha256sum "$REQ" | cut -c1-16)" -r "$REQ"
start=$(date +%s.%N)
"$QB" compare --builtins --bootstrap 200 --format json -o "$PY/spacy-compare.json" \
    --strategy "exec:$SPACY/bin/python examples/plugins/spacy_textacy/plugin.py"
echo "spaCy compare: $(python3 -c "print(round($(date +%s.%N) - $start, 1))") s"
python3 - "$PY/spacy-compare.json" <<'PYEOF'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
rows = [r for r in results if r["strategy"].startswith("exec:spacy-textacy@")]
assert len(rows) == 2, [r["strategy"] for r in results]
# Plausible ranges, not exact values: textacy finds direct quotations only.
ranges = {
    ("attribution", "accuracy"): (0.05, 0.6),
    ("end-to-end", "joint_f1_lenient"): (0.05, 0.6),
    ("end-to-end", "span_f1_lenient"): (0.2, 0.8),
}
for r in rows:
    assert not r.get("failed"), r.get("failed")
    for (task, metric), (lo, hi) in ranges.items():
        if r["task"] == task:
            v = r["metrics"][metric]["value"]
            assert lo <= v <= hi, f"{r['strategy']} {task} {metric} = {v}, outside [{lo}, {hi}]"
            print(f"spacy-textacy {task} {metric} = {v:.3f} (plausible: [{lo}, {hi}])")
PYEOF

# 2. The wheel, in a fresh virtual environment.
MATURIN=$PY/maturin
cached_venv "$MATURIN" "$pyver-maturin-1.16.0" "maturin==1.16.0"
rm -rf "$PY/wheels"
"$MATURIN/bin/maturin" build --release --quiet --compatibility linux --out "$PY/wheels"
FRESH=$PY/wheel-test
venv "$FRESH"
"$FRESH/bin/pip" install -q --disable-pip-version-check --no-index "$PY"/wheels/quotebench-*.whl
"$FRESH/bin/pip" install -q --disable-pip-version-check ./python
(
    export PATH="$PWD/$FRESH/bin:$PATH"
    test "$(command -v quotebench)" = "$PWD/$FRESH/bin/quotebench"
    quotebench --version
    quotebench compare --builtins --bootstrap 200 \
        --strategy "exec:$FRESH/bin/python examples/plugins/nearest_name.py" > "$PY/wheel-compare.txt"
    grep -q "exec:nearest-name@1;cmd=" "$PY/wheel-compare.txt"
    "$FRESH/bin/python" -c 'import quotebench_plugin, sys; assert "/wheel-test/" in quotebench_plugin.__file__, quotebench_plugin.__file__'
)
echo "wheel: quotebench installed and ran from a fresh virtual environment"
