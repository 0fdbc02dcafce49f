#!/usr/bin/env bash
# The Spark example's test (issue 15), called by .ci/run: installs what it
# needs (Java 17 and python3-venv with apt when missing, PySpark pinned in a
# virtual environment cached under target/), builds the release binary and
# the corpus generator, and runs examples/spark/test_spark.py.
# QUOTEBENCH_SKIP_SPARK=1 skips it (say so when you do).
set -euo pipefail
cd "$(dirname "$0")/.."

PYSPARK_VERSION=3.5.9 # runs on Java 8, 11 and 17
VENV=target/spark-venv

if [ "${QUOTEBENCH_SKIP_SPARK:-}" = 1 ]; then
    echo "spark: skipped (QUOTEBENCH_SKIP_SPARK=1)"
    exit 0
fi

apt_install() {
    if [ ! -e target/.apt-updated ]; then
        apt-get update -qq && mkdir -p target && touch target/.apt-updated
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@"
}

if ! command -v java >/dev/null 2>&1; then
    echo "spark: java is missing; installing openjdk-17-jre-headless"
    apt_install openjdk-17-jre-headless
fi
java -version 2>&1 | head -1

if [ ! -e "$VENV/.pyspark-$PYSPARK_VERSION" ]; then
    rm -rf "$VENV"
    if ! python3 -m venv "$VENV" >/dev/null 2>&1; then
        echo "spark: python3 -m venv failed; installing python3-venv"
        rm -rf "$VENV"
        apt_install python3-venv
        python3 -m venv "$VENV"
    fi
    "$VENV/bin/pip" install -q --disable-pip-version-check "pyspark==$PYSPARK_VERSION"
    touch "$VENV/.pyspark-$PYSPARK_VERSION"
fi

cargo build --release --bin quotebench --example make_corpus
"$VENV/bin/python" examples/spark/test_spark.py
