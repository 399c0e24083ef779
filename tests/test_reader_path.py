"""The render-time reader's path (book/_ext/reader_path.py): machinery hidden, code kept in the notebook."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "book" / "_ext"))
import reader_path  # noqa: E402


def test_strip_glue_drops_only_glue_statements():
    src = ('x = f(1)\nglue("a", x, display=False)\nglue("b",\n     2 * x, display=False)\n\n'
           'for k in range(3):\n    glue(f"k{k}", k, display=False)\nprint(x)')
    assert reader_path.strip_glue(src) == "x = f(1)\n\nprint(x)"


def test_strip_glue_keeps_loops_that_do_more_and_bad_syntax():
    src = "for k in range(3):\n    y = k\n    glue('k', y)\n%timeit f()"
    assert reader_path.strip_glue(src) == src                      # not Python: shown as it is
    src = "for k in range(3):\n    y = k\n    glue('k', y)\n    print(y)"
    assert reader_path.strip_glue(src) == "for k in range(3):\n    y = k\n    print(y)"   # the loop computes


def _cell(source, tags=(), outputs=()):
    return {"cell_type": "code", "source": source, "metadata": {"tags": list(tags)}, "outputs": list(outputs)}


def test_reader_notebook_tags():
    png = {"output_type": "display_data", "data": {"image/png": "iVBOR"}, "metadata": {}}
    text = {"output_type": "stream", "name": "stdout", "text": "hi"}
    nb = {"cells": [_cell("quick = False", ["parameters"]), _cell("quick = True", ["injected-parameters"]),
                    _cell("glue('a', 1, display=False)"), _cell("glue('a', 1)\n# note", outputs=[text]),
                    _cell("fig, ax = plt.subplots()", outputs=[png]),
                    _cell("fig, ax = plt.subplots()", ["remove-input"], outputs=[png]), _cell("x = 1")]}
    cells = reader_path.reader_notebook(nb)["cells"]
    tags = [c["metadata"]["tags"] for c in cells]
    assert tags == [["parameters", "remove-cell"], ["injected-parameters", "remove-cell"], ["remove-cell"],
                    ["remove-input"], ["hide-input"], ["remove-input"], []]
