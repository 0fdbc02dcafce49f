"""quotebench_plugin: write a quotebench plugin (PLUGINS.md, protocol 2) in
a few lines. Standard library only.

    from quotebench_plugin import serve

    def extract(text):
        return [{"quote": "We are ready,", "speaker": "Jane Doe"}]

    serve(extract=extract, name="my-plugin", version="1")

What the kit does for you:

- speaks the protocol: hellos, one answer per document, in order, flushed;
  protocol 2 with a quotebench that offers it (one process serves both
  tasks), protocol 1 otherwise;
- converts offsets: your functions see and return *character* offsets
  into a Python `str` (``offsets="bytes"`` turns this off);
- protects stdout: from the moment the kit is imported, anything printed
  to stdout (by you, a library, or C code) goes to stderr instead, so that
  only protocol messages reach quotebench;
- runs ``setup()`` (model loading) before the hello, so that it never
  counts against the first document's timeout;
- turns an exception into a protocol error naming the document (and its
  traceback on stderr), and ``raise Skip("reason")`` into a skipped
  document;
- passes quotes given by their words (``{"quote": ...}``) through for
  quotebench to ground in the text.
"""

import json
import os
import sys
import traceback

__all__ = ["serve", "Skip", "Quote", "byte_offsets", "PROTOCOL"]
__version__ = "2.0.0"

#: The protocol this kit speaks by preference (it also speaks 1).
PROTOCOL = 2

_TASKS = ("attribution", "end-to-end")


class Skip(Exception):
    """Raise in `extract` or `attribute` to give up on one document with a
    reason: the document is reported as skipped (and counted), not as
    "found nothing"."""


class Quote:
    """A quote to attribute: `id`, `start` and `end` (character offsets, or
    bytes with ``offsets="bytes"``) and its `text`."""

    __slots__ = ("id", "start", "end", "text")

    def __init__(self, id, start, end, text):
        self.id, self.start, self.end, self.text = id, start, end, text

    def __repr__(self):
        return f"Quote({self.id!r}, {self.start}, {self.end}, {self.text!r})"


def byte_offsets(text):
    """table[i] = UTF-8 byte offset of character i of `text`;
    table[len(text)] = the text's length in bytes."""
    table = [0] * (len(text) + 1)
    n = 0
    for i, ch in enumerate(text):
        o = ord(ch)
        n += 1 if o < 0x80 else 2 if o < 0x800 else 3 if o < 0x10000 else 4
        table[i + 1] = n
    return table


def _protect_stdout():
    """Keeps file descriptor 1 for the protocol: a private duplicate of it
    is returned, and descriptor 1 (and sys.stdout) now point at stderr."""
    global _OUT
    if _OUT is not None:
        return _OUT
    try:
        sys.stdout.flush()
    except Exception:
        pass
    fd = os.dup(1)
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    _OUT = open(fd, "w", encoding="utf-8", newline="\n", closefd=True)
    return _OUT


_OUT = None
_protect_stdout()


def _send(obj):
    _OUT.write(json.dumps(obj, ensure_ascii=False) + "\n")
    _OUT.flush()


def _fail(message):
    """Gives up with a protocol error and exits 1."""
    try:
        _send({"type": "error", "message": message})
    except (BrokenPipeError, OSError):
        pass
    sys.exit(1)


def _describe(exc):
    text = str(exc)
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _check_speaker(where, speaker):
    if speaker is not None and not isinstance(speaker, str):
        raise TypeError(f"{where}: the speaker must be a str or None, not {type(speaker).__name__}")
    return speaker or None


def _extracted(items, text, offsets, protocol):
    table = byte_offsets(text) if offsets == "chars" else None
    out = []
    for n, item in enumerate(items or [], start=1):
        if not isinstance(item, dict):
            raise TypeError(f"extract: quote {n} must be a dict, not {type(item).__name__}")
        p = {"speaker": _check_speaker(f"extract: quote {n}", item.get("speaker"))}
        if item.get("kind") is not None:
            p["kind"] = item["kind"]
        if "start" in item or "end" in item:
            start, end = item["start"], item["end"]
            if table is not None:
                if not (0 <= start <= end <= len(text)):
                    raise ValueError(f"extract: quote {n}: span {start}..{end} is outside the text ({len(text)} characters)")
                start, end = table[start], table[end]
            p["start"], p["end"] = start, end
        elif "quote" in item:
            if protocol < 2:
                raise ValueError("extract: quotes given by their words need protocol 2 (a newer quotebench)")
            p["quote"] = item["quote"]
            for key in ("occurrence", "context"):
                if item.get(key) is not None:
                    p[key] = item[key]
        else:
            raise ValueError(f"extract: quote {n} needs start and end, or quote")
        out.append(p)
    return out


def _attributed(answer, quotes):
    if isinstance(answer, dict):
        answer = [answer.get(q.id) for q in quotes]
    answer = list(answer or [])
    if len(answer) != len(quotes):
        raise ValueError(f"attribute: {len(answer)} speakers for {len(quotes)} quotes")
    out = []
    for q, a in zip(quotes, answer):
        if isinstance(a, dict):
            a = a.get("speaker")
        out.append({"id": q.id, "speaker": _check_speaker(f"attribute: quote {q.id}", a)})
    return out


def _quotes(doc, text, offsets):
    raw = doc.get("quotes") or []
    if not raw:
        return []
    data = text.encode("utf-8")
    if offsets == "chars":
        table = byte_offsets(text)
        to_char = {b: i for i, b in enumerate(table)}
    out = []
    for q in raw:
        words = data[q["start"] : q["end"]].decode("utf-8", "replace")
        if offsets == "chars":
            out.append(Quote(q["id"], to_char[q["start"]], to_char[q["end"]], words))
        else:
            out.append(Quote(q["id"], q["start"], q["end"], words))
    return out


def serve(extract=None, attribute=None, *, name, version, config=None, setup=None, offsets="chars"):
    """Runs the plugin until quotebench closes its input, then exits 0.

    `extract(text)` serves the end-to-end task, `attribute(text, quotes)`
    the attribution task (give one or both). `name` and `version` go into
    the signature (no spaces, `|`, `@` or `;`); so does a hash of
    `config`, a JSON-serialisable dict describing the settings (model,
    prompt, thresholds). `setup()` runs before the hello (load models
    there). `offsets` is ``"chars"`` (Python `str` indices; the default)
    or ``"bytes"`` (UTF-8 byte offsets, as on the wire).
    """
    if offsets not in ("chars", "bytes"):
        raise ValueError('offsets must be "chars" or "bytes"')
    handlers = {"attribution": attribute, "end-to-end": extract}
    served = [t for t in _TASKS if handlers[t] is not None]
    if not served:
        raise ValueError("serve() needs extract=, attribute= or both")
    stdin = open(sys.stdin.fileno(), encoding="utf-8", closefd=False)
    if setup is not None:
        try:
            setup()
        except Exception as e:
            traceback.print_exc()
            _fail(f"setup failed: {_describe(e)}")
    line = stdin.readline()
    if not line:
        return sys.exit(0)
    try:
        hello = json.loads(line)
    except ValueError:
        _fail("the first line from quotebench is not JSON")
    protocol = 2 if 2 in (hello.get("protocols") or []) else 1
    first = hello.get("task")
    if protocol == 1 and handlers.get(first) is None:
        _fail(f"{first} is not supported by {name} (it serves {' and '.join(served)})")
    mine = {"type": "hello", "name": name, "version": str(version)}
    if protocol == 2:
        mine.update(protocol=2, tasks=served)
        if config is not None:
            mine["config"] = config
    try:
        _send(mine)
        for line in stdin:
            if not line.strip():
                continue
            doc = json.loads(line)
            task = doc.get("task", first) if protocol == 2 else first
            out = {"type": "predictions", "doc": doc["doc"]}
            text = doc["text"]
            try:
                if task == "attribution":
                    quotes = _quotes(doc, text, offsets)
                    out["predictions"] = _attributed(attribute(text, quotes), quotes)
                else:
                    out["predictions"] = _extracted(extract(text), text, offsets, protocol)
            except Skip as s:
                if protocol < 2:
                    # Protocol 1 cannot say so: abstain on everything.
                    out["predictions"] = (
                        [{"id": q["id"], "speaker": None} for q in doc.get("quotes") or []]
                        if task == "attribution"
                        else []
                    )
                else:
                    out.pop("predictions", None)
                    out["status"] = "skipped"
                    out["reason"] = str(s) or "skipped"
                print(f"skipped document {doc['doc']}: {s}", file=sys.stderr, flush=True)
            except Exception as e:
                traceback.print_exc()
                _fail(f"{_describe(e)} (in {'attribute' if task == 'attribution' else 'extract'}, document {doc['doc']})")
            _send(out)
    except BrokenPipeError:
        sys.exit(1)
    sys.exit(0)
