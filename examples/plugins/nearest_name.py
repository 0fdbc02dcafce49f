#!/usr/bin/env python3
"""nearest-name: a tiny rule-based quotebench plugin, on the Python kit
(python/quotebench_plugin; see PLUGINS.md).

Attribution: a quote's speaker is the name in a `said NAME` / `NAME said`
pattern right after the quote, else the nearest capitalised name before it
in the same paragraph, else nobody (None: abstain).

End-to-end: every stretch of two or more words between double quotes
(curly “…” or straight "…") is a quote, attributed as above.

It works on the UTF-8 *bytes* of each text (`offsets="bytes"`: Python
`bytes` and `re` on bytes), so its offsets are quotebench's already.
Standard library only.

    quotebench eval --strategy 'exec:python3 examples/plugins/nearest_name.py'
"""

import os
import re
import sys

try:
    from quotebench_plugin import serve
except ImportError:  # a checkout without `pip install ./python`
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "python"))
    from quotebench_plugin import serve

# One or more capitalised words ("Putin", "Jane Doe", "ACME Corp").
NAME = rb"[A-Z][A-Za-z.'-]+(?: [A-Z][A-Za-z.'-]+)*"
VERB = rb"(?:said|says|stated|added|told|wrote|warned|noted|explained)"
AFTER = [
    re.compile(rb"^[\s,.\xe2\x80\x9d\"]*" + VERB + rb" (" + NAME + rb")"),  # ,” said Jane Doe
    re.compile(rb"^[\s,.\xe2\x80\x9d\"]*(" + NAME + rb") " + VERB),  # ,” Jane Doe said
]
NAMES = re.compile(NAME)
# Capitalised words that start sentences but name nobody.
STOP = {
    b"The", b"A", b"An", b"In", b"On", b"At", b"But", b"And", b"However", b"If",
    b"This", b"That", b"These", b"It", b"He", b"She", b"They", b"We", b"I",
    b"After", b"As", b"For", b"While", b"When", b"According", b"Over", b"Meanwhile",
}
QUOTES = re.compile(rb"\xe2\x80\x9c([^\xe2\n]+?)\xe2\x80\x9d|\"([^\"\n]+?)\"")


def clean(name):
    """Drops leading stop words: `The Kremlin` -> `Kremlin`."""
    words = name.split(b" ")
    while words and words[0] in STOP:
        words.pop(0)
    return b" ".join(words)


def speaker(text, start, end):
    """The speaker of text[start:end] (bytes offsets), or None."""
    after = text[end : end + 80]
    for pattern in AFTER:
        m = pattern.match(after)
        if m and clean(m.group(1)):
            return clean(m.group(1)).decode("utf-8")
    paragraph = text.rfind(b"\n", 0, start) + 1
    before = [clean(m.group(0)) for m in NAMES.finditer(text, paragraph, start)]
    before = [n for n in before if n]
    return before[-1].decode("utf-8") if before else None


def attribute(text, quotes):
    data = text.encode("utf-8")  # quote offsets are into these bytes
    return [speaker(data, q.start, q.end) for q in quotes]


def extract(text):
    data = text.encode("utf-8")
    found = []
    for m in QUOTES.finditer(data):
        group = 1 if m.group(1) is not None else 2
        start, end = m.span(group)
        if len(m.group(group).split()) < 2:
            continue  # a title or a scare-quoted word, not speech
        found.append({"start": start, "end": end, "speaker": speaker(data, start, end)})
    return found


if __name__ == "__main__":
    serve(extract=extract, attribute=attribute, name="nearest-name", version="1", offsets="bytes")
