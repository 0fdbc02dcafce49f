"""Tests of the plugin kit on its own (the integration tests in
tests/integration/plugins_v2.rs run it against quotebench):
python3 -m unittest discover -s python/tests"""

import json
import os
import subprocess
import sys
import textwrap
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
KIT = os.path.dirname(HERE)
sys.path.insert(0, KIT)

# Importing the kit redirects stdout to stderr; keep unittest's output where it was.
import quotebench_plugin as kit  # noqa: E402
from quotebench_plugin import Quote, byte_offsets  # noqa: E402

HELLO2 = {"type": "hello", "protocol": 1, "protocols": [1, 2], "task": "attribution", "tasks": ["attribution", "end-to-end"]}
TEXT = "“We are ready,” Jane Doe said. Zoë agreed."


def converse(body, lines):
    """Runs a kit plugin whose body is `body` on `lines`; its stdout lines
    as JSON and its stderr."""
    src = "import sys\nsys.path.insert(0, %r)\nfrom quotebench_plugin import *\n" % KIT + textwrap.dedent(body)
    p = subprocess.run(
        [sys.executable, "-c", src],
        input="".join(json.dumps(l) + "\n" for l in lines),
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )
    return p.returncode, [json.loads(l) for l in p.stdout.splitlines()], p.stderr


class Offsets(unittest.TestCase):
    def test_byte_offsets_count_utf8(self):
        table = byte_offsets("“Hé😀")
        self.assertEqual(table, [0, 3, 4, 6, 10])
        self.assertEqual(table[-1], len("“Hé😀".encode("utf-8")))

    def test_extracted_converts_characters_to_bytes(self):
        out = kit._extracted([{"start": 1, "end": 14, "speaker": "Jane Doe"}], TEXT, "chars", 2)
        self.assertEqual(out, [{"speaker": "Jane Doe", "start": 3, "end": 16}])
        words = kit._extracted([{"quote": "We are ready,", "speaker": None, "context": "Jane"}], TEXT, "chars", 2)
        self.assertEqual(words, [{"speaker": None, "quote": "We are ready,", "context": "Jane"}])
        with self.assertRaises(ValueError):
            kit._extracted([{"quote": "x", "speaker": None}], TEXT, "chars", 1)

    def test_attributed_takes_a_list_or_a_dict(self):
        qs = [Quote("q1", 1, 14, "We are ready,"), Quote("q2", 31, 34, "Zoë")]
        self.assertEqual(kit._attributed(["A", None], qs), [{"id": "q1", "speaker": "A"}, {"id": "q2", "speaker": None}])
        self.assertEqual(kit._attributed({"q2": "B"}, qs)[1], {"id": "q2", "speaker": "B"})
        with self.assertRaises(ValueError):
            kit._attributed(["A"], qs)


class Protocol(unittest.TestCase):
    def test_protocol_2_serves_both_tasks_and_skips_visibly(self):
        code, out, err = converse(
            """
            print("stray print")
            def extract(text):
                raise Skip("not today")
            def attribute(text, quotes):
                return [q.text for q in quotes]
            serve(extract=extract, attribute=attribute, name="t", version=1, config={"k": 1})
            """,
            [
                HELLO2,
                {"type": "document", "task": "attribution", "doc": "a", "text": TEXT, "quotes": [{"id": "q1", "start": 3, "end": 16}]},
                {"type": "document", "task": "end-to-end", "doc": "a", "text": TEXT, "quotes": []},
            ],
        )
        self.assertEqual(code, 0, err)
        self.assertEqual(out[0], {"type": "hello", "name": "t", "version": "1", "protocol": 2, "tasks": ["attribution", "end-to-end"], "config": {"k": 1}})
        self.assertEqual(out[1]["predictions"], [{"id": "q1", "speaker": "We are ready,"}])
        self.assertEqual(out[2], {"type": "predictions", "doc": "a", "status": "skipped", "reason": "not today"})
        self.assertIn("stray print", err)

    def test_protocol_1_refuses_a_task_it_lacks(self):
        code, out, _ = converse(
            "serve(attribute=lambda t, q: [], name='t', version='1')",
            [{"type": "hello", "protocol": 1, "task": "end-to-end"}],
        )
        self.assertEqual(code, 1)
        self.assertEqual(out, [{"type": "error", "message": "end-to-end is not supported by t (it serves attribution)"}])

    def test_setup_runs_before_the_hello_and_its_failure_is_an_error(self):
        code, out, err = converse(
            "def setup():\n    raise OSError('model not found')\nserve(extract=lambda t: [], name='t', version='1', setup=setup)",
            [HELLO2],
        )
        self.assertEqual(code, 1)
        self.assertEqual(out, [{"type": "error", "message": "setup failed: OSError: model not found"}])
        self.assertIn("Traceback", err)


if __name__ == "__main__":
    unittest.main()
