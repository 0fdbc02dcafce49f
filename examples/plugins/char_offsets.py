#!/usr/bin/env python3
"""char-offsets: a plugin that works in Python `str` indices, on the
Python kit (python/quotebench_plugin; see PLUGINS.md).

Python indexes a `str` by character; quotebench counts UTF-8 bytes. In
“Hi,” he said. the word Hi is characters 1..3 but bytes 3..5. The kit
converts both ways (its default, `offsets="chars"`): this plugin sees and
returns character offsets and never thinks about bytes.

Attribution: the speaker is the name in a `said NAME` or `NAME said`
pattern right after the quote, else None. End-to-end: text between curly
quotes “…”, with the same rule. Standard library only.

    quotebench eval --task end-to-end --strategy 'exec:python3 examples/plugins/char_offsets.py'
"""

import os
import re
import sys

try:
    from quotebench_plugin import serve
except ImportError:  # a checkout without `pip install ./python`
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "python"))
    from quotebench_plugin import serve

NAME = r"([A-Z]\w+(?:\s[A-Z]\w+)*)"
VERB = r"(?:said|says|stated|added)"
# Right after the quote: `,” said Jane Doe` or `,” Jane Doe said`.
SAID = re.compile(r"\W{0,3}\s*(?:" + VERB + r"\s+" + NAME + r"|" + NAME + r"\s+" + VERB + r")")
CURLY = re.compile(r"“([^”\n]+)”")


def speaker(text, end):
    """`text` is a str and `end` a character index."""
    m = SAID.match(text, end)
    return (m.group(1) or m.group(2)) if m else None


def attribute(text, quotes):
    return [speaker(text, q.end) for q in quotes]  # q.end: a character index


def extract(text):
    return [
        {"start": m.start(1), "end": m.end(1), "speaker": speaker(text, m.end(1)), "kind": "direct"}
        for m in CURLY.finditer(text)
    ]


if __name__ == "__main__":
    serve(extract=extract, attribute=attribute, name="char-offsets", version="1")
