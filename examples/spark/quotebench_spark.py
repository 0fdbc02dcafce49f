"""Run `quotebench extract --jsonl` on every partition of a JSON-lines corpus
with Spark's RDD.pipe, and write the records out.

    spark-submit --master local[2] examples/spark/quotebench_spark.py \
        --binary target/release/quotebench --strategy sieve \
        corpus.jsonl out/

Input: JSON lines, one document each (`{"id": ..., "text": ...}`), as for
`quotebench extract --jsonl`. Output, under OUTPUT:

* `records/`: the records `extract` writes, one JSON object a line
  (`doc`, `start`, `end`, `kind`, `speaker`, `quote`), as Spark text part
  files;
* `errors/`: one line per input line that `extract` reported and skipped
  (malformed JSON, an `id` that is neither a string nor a number), with
  the input's name and line number, as `extract` reports it on one machine.
  Written only when there is one.

Exit status: 0 when every line was read, 1 when some were skipped (as
`extract`; the first few messages are printed too), and the job fails with
`extract`'s message when it cannot run at all (an unknown strategy, a
binary that does not run on the executors). With --strict, the first bad
line fails the job with its message.

The binary ships with the job (SparkContext.addFile): it must run on the
executors' machines, e.g. a static build
(`cargo build --release --target x86_64-unknown-linux-musl`). See the
README's "Running on a cluster".
"""

import argparse
import os
import re
import shlex
import sys

from pyspark import AccumulatorParam, SparkContext, SparkFiles

# What the wrapper below puts before each line of extract's standard error,
# and before its exit status, after the records (records start with `{`).
STDERR = "!stderr "
EXIT = "!exit "

# Runs extract on the partition's lines (standard input), passes its records
# through, then appends its standard error and exit status as tagged lines.
# RDD.pipe reads only standard output, and extract's messages are what tell
# a skipped line from one with no quotes in it.
WRAPPER = (
    'err=$(mktemp) || exit 70; '
    '"$0" extract --jsonl --strategy "$1" --jobs 1 2>"$err"; rc=$?; '
    'sed "s/^/' + STDERR + '/" "$err"; rm -f "$err"; '
    'echo "' + EXIT + '$rc"'
)

# extract's message for a bad line of standard input.
BAD_LINE = re.compile(r"^quotebench: warning: <stdin>:(\d+): (.*); skipped$")


class DictParam(AccumulatorParam):
    """Merges dicts; a key seen twice (a task run again) keeps one value."""

    def zero(self, value):
        return {}

    def addInPlace(self, a, b):
        a.update(b)
        return a


def executor_binary(sc, name):
    """Where the executors find the binary that addFile shipped: in local
    mode, the driver's SparkFiles directory (tasks run in the driver's JVM);
    on a cluster, each executor's working directory, where it fetches the
    files of the job (YARN, Kubernetes and standalone alike)."""
    if sc.master == "local" or sc.master.startswith("local["):
        return SparkFiles.get(name)
    return os.path.join(".", name)


def counted(index, lines, counts):
    """The partition's lines, unchanged; records how many there were."""
    n = 0
    for line in lines:
        n += 1
        yield line
    counts.add({index: n})


def split_output(index, lines, bad, strict):
    """Records of one partition; bad-line messages go to `bad`, keyed by
    (partition, line); a fatal error of extract fails the task."""
    messages = []
    status = None
    for line in lines:
        if line.startswith("{"):
            yield line
        elif line.startswith(STDERR):
            message = line[len(STDERR):]
            m = BAD_LINE.match(message)
            if m:
                if strict:
                    raise RuntimeError(
                        "quotebench: partition %d, line %s: %s" % (index, m.group(1), m.group(2))
                    )
                bad.add({(index, int(m.group(1))): m.group(2)})
            elif "input(s) skipped" not in message:
                messages.append(message)
        elif line.startswith(EXIT):
            status = int(line[len(EXIT):])
        else:
            raise RuntimeError("quotebench: unexpected output line %r" % line[:80])
    # 0: every line read; 1: some skipped (reported above); else a failure
    if status not in (0, 1):
        raise RuntimeError(
            "quotebench extract failed on partition %d (exit status %s): %s"
            % (index, status, " | ".join(messages) or "no message")
        )


def single_file(sc, path):
    """True when `path` names one file (so a line number within the whole
    input is a line number of that file)."""
    if any(c in path for c in "*?[{,"):
        return False
    try:
        jpath = sc._jvm.org.apache.hadoop.fs.Path(path)
        return jpath.getFileSystem(sc._jsc.hadoopConfiguration()).isFile(jpath)
    except Exception:  # noqa: BLE001 - only changes how lines are named
        return False


def run(sc, binary, strategy, input_path, output, partitions=None, strict=False):
    """Runs the job; returns the messages of the skipped lines, in input
    order (each as `INPUT:LINE: problem`, or `INPUT partition P line N:
    problem` when INPUT is not one file)."""
    sc.addFile(os.path.abspath(binary))
    command = "sh -c %s %s %s" % (
        shlex.quote(WRAPPER),
        shlex.quote(executor_binary(sc, os.path.basename(binary))),
        shlex.quote(strategy),
    )
    counts = sc.accumulator({}, DictParam())
    bad = sc.accumulator({}, DictParam())
    lines = sc.textFile(input_path, minPartitions=partitions)
    records = (
        lines.mapPartitionsWithIndex(lambda i, it: counted(i, it, counts))
        # RDD.pipe starts the command with exactly this environment
        .pipe(command, env={"PATH": "/usr/bin:/bin", "LC_ALL": "C"})
        .mapPartitionsWithIndex(lambda i, it: split_output(i, it, bad, strict))
    )
    records.saveAsTextFile(output.rstrip("/") + "/records")
    # partitions before each one: a partition's line n is input line start+n
    start, before = {}, 0
    for p in sorted(counts.value):
        start[p] = before
        before += counts.value[p]
    one_file = single_file(sc, input_path)
    messages = []
    for (p, n), problem in sorted(bad.value.items()):
        if one_file:
            messages.append("%s:%d: %s" % (input_path, start[p] + n, problem))
        else:
            messages.append("%s partition %d line %d: %s" % (input_path, p, n, problem))
    if messages:
        sc.parallelize(messages, 1).saveAsTextFile(output.rstrip("/") + "/errors")
    return messages


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--binary", required=True, help="the quotebench binary to ship")
    ap.add_argument("--strategy", default="sieve", help="a built-in strategy (default sieve)")
    ap.add_argument("--partitions", type=int, help="at least this many partitions")
    ap.add_argument("--strict", action="store_true", help="fail on the first bad line")
    ap.add_argument("input", help="JSON lines: a file, a directory or a glob (any Hadoop path)")
    ap.add_argument("output", help="a directory that does not exist yet")
    args = ap.parse_args(argv)
    sc = SparkContext(appName="quotebench extract --strategy " + args.strategy)
    sc.setLogLevel("WARN")
    try:
        messages = run(
            sc, args.binary, args.strategy, args.input, args.output, args.partitions, args.strict
        )
    finally:
        sc.stop()
    # (spark-submit sends the driver's standard error to its standard output)
    for m in messages[:10]:
        print("quotebench: warning: %s; skipped" % m, file=sys.stderr)
    if messages:
        print(
            "quotebench: %d input line(s) skipped (all in %s/errors)"
            % (len(messages), args.output.rstrip("/")),
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
