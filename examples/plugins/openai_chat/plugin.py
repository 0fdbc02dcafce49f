#!/usr/bin/env python3
"""llm-chat: any OpenAI-compatible chat-completions endpoint (llama.cpp's
server, vLLM, Ollama, hosted services) as a quotebench plugin, on the
Python kit. Standard library only.

The model is asked for the quotes of each article as JSON items
`{quote, speaker, kind}`; the quotes are sent back *by their words*
(protocol 2), and quotebench grounds them in the text: a quote the model
invented or paraphrased is counted as ungrounded (and spurious), never
silently dropped. Attribution reuses the same answer: a given quote takes
the speaker of the item whose words overlap it.

Settings (environment variables):

    QUOTEBENCH_LLM_BASE_URL  the API root, e.g. http://127.0.0.1:8080/v1 (the default)
    QUOTEBENCH_LLM_MODEL     the model name sent in each request (default "default")
    QUOTEBENCH_LLM_API_KEY   sent as "Authorization: Bearer KEY" when set
    QUOTEBENCH_LLM_TIMEOUT   seconds per request (default 120)
    QUOTEBENCH_LLM_RETRIES   attempts per document (default 4)
    QUOTEBENCH_LLM_BACKOFF   seconds before the first retry, doubled each time (default 1)
    QUOTEBENCH_LLM_JSON_MODE 1 to send response_format json_object (if the server supports it)

A request that fails (connection refused, timeout, HTTP 429 or 5xx) or a
reply that is not the JSON asked for is retried with back-off; a document
with no usable reply after the last attempt is skipped, with the reason,
and counted by quotebench. HTTP 401/403/404 stop the run (wrong key, model
or URL). The model, the base URL and the prompt's hash go into the hello's
config, so they are part of the result's signature (the key is not).

    QUOTEBENCH_LLM_MODEL=llama3.1 quotebench eval --task end-to-end --timeout 600 \\
        --strategy 'exec:python3 examples/plugins/openai_chat/plugin.py'
"""

import hashlib
import json
import os
import re
import sys
import time
import urllib.error
import urllib.request

try:
    from quotebench_plugin import Skip, serve
except ImportError:  # a checkout without `pip install ./python`
    here = os.path.dirname(os.path.abspath(__file__))
    sys.path.insert(0, os.path.join(here, "..", "..", "..", "python"))
    from quotebench_plugin import Skip, serve

BASE_URL = os.environ.get("QUOTEBENCH_LLM_BASE_URL", "http://127.0.0.1:8080/v1").rstrip("/")
MODEL = os.environ.get("QUOTEBENCH_LLM_MODEL", "default")
API_KEY = os.environ.get("QUOTEBENCH_LLM_API_KEY")
TIMEOUT = float(os.environ.get("QUOTEBENCH_LLM_TIMEOUT", "120"))
RETRIES = max(1, int(os.environ.get("QUOTEBENCH_LLM_RETRIES", "4")))
BACKOFF = float(os.environ.get("QUOTEBENCH_LLM_BACKOFF", "1"))
JSON_MODE = os.environ.get("QUOTEBENCH_LLM_JSON_MODE") == "1"

PROMPT = """You find the quotations in news articles and say who said them.

Return every quotation in the article as JSON, and nothing else:
{"quotes": [{"quote": "...", "speaker": "...", "kind": "direct"}]}

- "quote": the quoted words copied exactly from the article, character for
  character, without the quotation marks. Do not paraphrase, shorten or
  correct them. For reported speech without quotation marks, copy the
  reported clause exactly ("talks would resume").
- "speaker": the name of the person or organisation who said it, as the
  article names them (their full name if the article gives it anywhere),
  or null if the article does not say.
- "kind": "direct" for a full quoted utterance, "partial" for quoted words
  inside the narrator's sentence, "indirect" for reported speech without
  quotation marks.

If there are no quotations, return {"quotes": []}."""

KINDS = {"direct", "partial", "indirect"}


class Malformed(Exception):
    """A reply that is not the JSON asked for."""


def request(text):
    body = {
        "model": MODEL,
        "temperature": 0,
        "messages": [
            {"role": "system", "content": PROMPT},
            {"role": "user", "content": text},
        ],
    }
    if JSON_MODE:
        body["response_format"] = {"type": "json_object"}
    headers = {"Content-Type": "application/json"}
    if API_KEY:
        headers["Authorization"] = f"Bearer {API_KEY}"
    req = urllib.request.Request(
        BASE_URL + "/chat/completions", data=json.dumps(body).encode("utf-8"), headers=headers
    )
    with urllib.request.urlopen(req, timeout=TIMEOUT) as r:
        reply = json.loads(r.read().decode("utf-8"))
    try:
        return reply["choices"][0]["message"]["content"] or ""
    except (KeyError, IndexError, TypeError):
        raise Malformed("no choices[0].message.content in the reply")


def parse(content):
    """The items of a reply: a JSON object with "quotes", or a bare list,
    possibly inside a ```json fence."""
    m = re.search(r"```(?:json)?\s*(.*?)```", content, re.S)
    if m:
        content = m.group(1)
    try:
        data = json.loads(content)
    except ValueError as e:
        raise Malformed(f"not JSON ({e})")
    if isinstance(data, dict):
        data = data.get("quotes")
    if not isinstance(data, list):
        raise Malformed('expected {"quotes": [...]}')
    items = []
    for item in data:
        if not isinstance(item, dict) or not isinstance(item.get("quote"), str):
            raise Malformed("an item without a string \"quote\"")
        speaker = item.get("speaker")
        kind = item.get("kind")
        items.append(
            {
                "quote": item["quote"],
                "speaker": speaker if isinstance(speaker, str) and speaker.strip() else None,
                "kind": kind if kind in KINDS else None,
            }
        )
    return items


_cache = {}


def ask(text):
    """The model's items for one article, with retries and back-off."""
    key = hashlib.sha256(text.encode("utf-8")).hexdigest()
    if key in _cache:
        return _cache[key]
    last = None
    for attempt in range(RETRIES):
        if attempt:
            delay = min(BACKOFF * 2 ** (attempt - 1), 60)
            print(f"retrying in {delay:g} s after: {last}", file=sys.stderr, flush=True)
            time.sleep(delay)
        try:
            items = parse(request(text))
            _cache[key] = items
            return items
        except urllib.error.HTTPError as e:
            if e.code in (401, 403, 404):
                raise RuntimeError(f"HTTP {e.code} from {BASE_URL}: check the URL, model and key")
            last = f"HTTP {e.code}"
        except (urllib.error.URLError, TimeoutError, OSError) as e:
            last = f"request failed: {getattr(e, 'reason', e)}"
        except Malformed as e:
            last = f"malformed reply: {e}"
    raise Skip(f"no usable reply after {RETRIES} attempts (last: {last})")


def extract(text):
    return ask(text)


def words(s):
    return re.findall(r"\w+", s.lower())


def attribute(text, quotes):
    items = ask(text)
    answers = []
    for q in quotes:
        mine = " ".join(words(q.text))
        best = None
        for item in items:
            theirs = " ".join(words(item["quote"]))
            if mine and theirs and (mine in theirs or theirs in mine):
                best = item["speaker"]
                break
        answers.append(best)
    return answers


if __name__ == "__main__":
    serve(
        extract=extract,
        attribute=attribute,
        name="llm-chat",
        version="1",
        config={
            "base_url": BASE_URL,
            "model": MODEL,
            "prompt": hashlib.sha256(PROMPT.encode("utf-8")).hexdigest()[:8],
            "json_mode": JSON_MODE,
        },
    )
