"""The Spark example's test (run by .ci/spark.sh, from .ci/run): the job in
local mode against single-process `quotebench extract` on a generated
corpus of at least 50 MB and 20,000 documents with two bad lines in it.

Checks that
1. spark-submit with --master local[2], as in the README, exits 1 (lines
   were skipped), using several partitions;
2. its records equal extract's, compared as maps keyed by (doc, start,
   end), with no key twice on either side (and, since partitions keep the
   input's order, the part files in order equal extract's output);
3. its errors output names the same input lines with the same problems as
   extract's warnings, and the driver prints them;
4. with --strict, a bad line fails the job with extract's message;
5. an extract that cannot run (an unknown strategy) fails the job with
   extract's message.

Ends with a line `spark: N passed, N failed`; exits 1 when one failed.
"""

import glob
import json
import os
import re
import shutil
import subprocess
import sys
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
WORK = os.path.join(ROOT, "target", "spark-test")
QB = os.path.join(ROOT, "target", "release", "quotebench")
MAKE_CORPUS = os.path.join(ROOT, "target", "release", "examples", "make_corpus")
JOB = os.path.join(ROOT, "examples", "spark", "quotebench_spark.py")
MIB = 82  # make_corpus size: over 50 MB and over 20,000 documents
PARTITIONS = 6
# 1-based line numbers in the final corpus, and what goes there
BAD = {
    7001: '{"id": "bad-json", "text": "a line cut short\n',
    15002: '{"id": true, "text": "an id that is a boolean"}\n',
}

passed, failed = 0, 0


def check(ok, what):
    global passed, failed
    if ok:
        passed += 1
        print("ok: " + what)
    else:
        failed += 1
        print("FAILED: " + what)


def env():
    e = dict(os.environ)
    venv_bin = os.path.dirname(sys.executable)
    e["PATH"] = venv_bin + os.pathsep + e.get("PATH", "")
    e["PYSPARK_PYTHON"] = sys.executable
    # the driver and its executors talk over the loopback interface only
    e["SPARK_LOCAL_IP"] = "127.0.0.1"
    return e


def keyed(lines, side):
    """(doc, start, end) -> the record line; a key twice is a failure."""
    out = {}
    for line in lines:
        r = json.loads(line)
        key = (r["doc"], r["start"], r["end"])
        if key in out:
            check(False, "%s: record %r twice" % (side, key))
        out[key] = line
    return out


def make_corpus(path):
    t0 = time.time()
    with open(path + ".tmp", "wb") as f:
        subprocess.run([MAKE_CORPUS, str(MIB)], stdout=f, check=True)
    with open(path + ".tmp", encoding="utf-8") as f:
        lines = f.readlines()
    os.remove(path + ".tmp")
    docs = len(lines)
    for at in sorted(BAD):
        lines.insert(at - 1, BAD[at])
    with open(path, "w", encoding="utf-8") as f:
        f.writelines(lines)
    size = os.path.getsize(path)
    print("corpus: %d bytes, %d documents, %d bad lines (%.1f s)" % (size, docs, len(BAD), time.time() - t0))
    check(size >= 50_000_000 and docs >= 20_000, "corpus of at least 50 MB and 20,000 documents")


def main():
    shutil.rmtree(WORK, ignore_errors=True)
    os.makedirs(WORK)
    os.chdir(WORK)
    corpus = "corpus.jsonl"  # relative: extract and the job name it alike
    make_corpus(corpus)

    t0 = time.time()
    with open("expected.jsonl", "wb") as f:
        single = subprocess.run(
            [QB, "extract", "--jsonl", "--strategy", "sieve", corpus],
            stdout=f, stderr=subprocess.PIPE, text=True,
        )
    print("single-process extract: exit %d (%.1f s)" % (single.returncode, time.time() - t0))
    check(single.returncode == 1, "extract exits 1 on the bad lines")
    warned = [m.group(1) for m in re.finditer(r"^quotebench: warning: (.*); skipped$", single.stderr, re.M)]
    check(
        [int(w.split(":")[1]) for w in warned] == sorted(BAD),
        "extract names the bad lines: %s" % warned,
    )

    t0 = time.time()
    cmd = [
        "spark-submit", "--master", "local[2]", "--conf", "spark.ui.enabled=false",
        JOB, "--binary", QB, "--strategy", "sieve", "--partitions", str(PARTITIONS),
        corpus, "out",
    ]
    spark = subprocess.run(cmd, env=env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    took = time.time() - t0
    print("spark-submit --master local[2]: exit %d (%.1f s)" % (spark.returncode, took))
    if spark.returncode not in (0, 1):
        print(spark.stdout[-5000:])
    check(spark.returncode == 1, "the job exits 1 on the bad lines")
    parts = glob.glob("out/records/part-*")
    check(len(parts) >= PARTITIONS, "records in %d part files (several partitions)" % len(parts))

    with open("expected.jsonl", encoding="utf-8") as f:
        want = keyed(f, "extract")
    got = {}
    for p in sorted(parts):
        with open(p, encoding="utf-8") as f:
            for k, v in keyed(f, "spark").items():
                if k in got:
                    check(False, "spark: record %r in two partitions" % (k,))
                got[k] = v
    print("records: %d from extract, %d from the job" % (len(want), len(got)))
    check(len(want) > 100_000, "extract found records")
    check(got == want, "the job's records equal extract's, keyed by (doc, start, end)")
    if got != want:
        for k in sorted(set(want) ^ set(got))[:5]:
            print("  only in %s: %r" % ("extract" if k in want else "spark", k))

    # partitions keep the input's order, and each keeps extract's: the
    # part files, in order, are extract's output byte for byte
    with open("expected.jsonl", "rb") as f:
        expected = f.read()
    joined = b""
    for p in sorted(parts):
        with open(p, "rb") as f:
            joined += f.read()
    check(joined == expected, "the part files in order are extract's output byte for byte")

    errors = []
    for p in sorted(glob.glob("out/errors/part-*")):
        with open(p, encoding="utf-8") as f:
            errors += [line.rstrip("\n") for line in f]
    check(errors == warned, "the job's errors output equals extract's warnings: %s" % errors)
    check(
        all("quotebench: warning: %s; skipped" % w in spark.stdout for w in warned),
        "the driver prints the warnings",
    )

    # 4 and 5 in one SparkContext: small inputs, no need for spark-submit
    os.environ.update(env())
    sys.path.insert(0, os.path.dirname(JOB))
    import quotebench_spark
    from pyspark import SparkContext

    with open("small.jsonl", "w", encoding="utf-8") as f:
        f.write('{"id": "a", "text": "\\u201cYes,\\u201d she said."}\n' + BAD[7001])
    sc = SparkContext("local[2]", "quotebench test", conf=None)
    sc.setLogLevel("ERROR")
    sc.addPyFile(JOB)  # the workers unpickle the job's functions by module
    try:
        for what, strategy, strict, needle in [
            ("--strict fails the job on a bad line", "sieve", True, "malformed JSON line"),
            ("an unknown strategy fails the job with extract's message", "no-such", False,
             "unknown strategy `no-such`"),
        ]:
            out = "out-" + strategy + ("-strict" if strict else "")
            try:
                quotebench_spark.run(sc, QB, strategy, "small.jsonl", out, 2, strict)
                check(False, what + " (it succeeded)")
            except Exception as e:  # noqa: BLE001 - py4j wraps the task's error
                check(needle in str(e), what)
                if needle not in str(e):
                    print(str(e)[-3000:])
    finally:
        sc.stop()

    print("spark: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
