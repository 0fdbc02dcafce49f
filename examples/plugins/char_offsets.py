#!/usr/bin/env python3
"""char-offsets: how to work in Python `str` indices and still speak
quotebench's UTF-8 *byte* offsets (protocol 1; see PLUGINS.md).

Python indexes a `str` by character (code point); quotebench counts UTF-8
bytes. In “Hi,” he said. the word Hi is characters 1..3 but bytes 3..5,
because the opening “ is one character and three bytes. This plugin:

  1. builds a table once per document: byte offset of every character;
  2. turns the byte offsets it receives into character offsets (attribution);
  3. works on the `str` with ordinary string methods and regular expressions;
  4. turns its character offsets back into byte offsets before answering.

Attribution: the speaker is the name in a `said NAME` or `NAME said`
pattern right after the quote, else null. End-to-end: text between
curly quotes “…”, with the same rule. Standard library only.

    quotebench eval --task end-to-end --strategy 'exec:python3 examples/plugins/char_offsets.py'
"""

import json
import re
import sys


def byte_offsets(text):
    """table[i] is the UTF-8 byte offset of character i; table[len(text)] is
    the length of the text in bytes. O(n), built once per document."""
    table = [0] * (len(text) + 1)
    for i, ch in enumerate(text):
        table[i + 1] = table[i] + len(ch.encode("utf-8"))
    return table


def char_offsets(table):
    """The inverse: byte offset -> character index, for offsets on character
    boundaries (quotebench only ever sends those)."""
    return {b: i for i, b in enumerate(table)}


NAME = r"([A-Z]\w+(?:\s[A-Z]\w+)*)"
VERB = r"(?:said|says|stated|added)"
# Right after the quote: `,” said Jane Doe` or `,” Jane Doe said`.
SAID = re.compile(r"\W{0,3}\s*(?:" + VERB + r"\s+" + NAME + r"|" + NAME + r"\s+" + VERB + r")")
CURLY = re.compile(r"“([^”\n]+)”")


def speaker(text, end):
    """Character-based: `text` is a str and `end` a character index."""
    m = SAID.match(text, end)
    return (m.group(1) or m.group(2)) if m else None


def main():
    stdin = open(sys.stdin.fileno(), encoding="utf-8", closefd=False)
    hello = json.loads(stdin.readline())
    task = hello["task"]
    print(json.dumps({"type": "hello", "name": "char-offsets", "version": "1"}), flush=True)
    for line in stdin:
        doc = json.loads(line)
        text = doc["text"]  # a str: indices are characters
        to_byte = byte_offsets(text)
        to_char = char_offsets(to_byte)
        predictions = []
        if task == "attribution":
            for q in doc["quotes"]:
                end = to_char[q["end"]]  # byte -> character
                predictions.append({"id": q["id"], "speaker": speaker(text, end)})
        else:
            for m in CURLY.finditer(text):
                start, end = m.span(1)  # character offsets
                predictions.append(
                    {
                        "start": to_byte[start],  # character -> byte
                        "end": to_byte[end],
                        "speaker": speaker(text, end),
                        "kind": "direct",
                    }
                )
        print(json.dumps({"type": "predictions", "doc": doc["doc"], "predictions": predictions}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
