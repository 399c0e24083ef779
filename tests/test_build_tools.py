"""Tests of the build tooling (tools/build.py): student-edition stripping and TOC handling."""

import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import build  # noqa: E402


def _nb(cells, path):
    nb = nbformat.v4.new_notebook()
    nb.cells = cells
    nbformat.write(nb, path)
    return path


def test_strip_solutions_removes_gated_and_plain_solutions(tmp_path):
    md, code = nbformat.v4.new_markdown_cell, nbformat.v4.new_code_cell
    path = _nb([
        md("# Title\n\n```{exercise}\n:label: ex-1\nFirst.\n```\n\n```{solution-start} ex-1\n:class: dropdown\n```\nWhy."),
        code("print('solution one')"),
        md("```{solution-end}\n```\n\n```{exercise}\n:label: ex-2\nSecond.\n```\n\n"
           "```{solution-start} ex-2\n:class: dropdown\n```\nBecause."),
        code("print('solution two')"),
        md("```{solution-end}\n```\n\n```{exercise}\n:label: ex-3\nThird.\n```\n\n"
           "```{solution} ex-3\n:class: dropdown\nPlain solution.\n```\n\nClosing words."),
        code("print('not a solution')"),
    ], tmp_path / "nb.ipynb")
    assert build.strip_solutions(path) == 3
    text = "\n".join(c.source for c in nbformat.read(path, as_version=4).cells)
    for gone in ("solution one", "solution two", "Why.", "Because.", "Plain solution", "solution-start"):
        assert gone not in text
    for kept in ("First.", "Second.", "Third.", "Closing words.", "not a solution", "# Title"):
        assert kept in text


def test_strip_solutions_rejects_unterminated_solution(tmp_path):
    md = nbformat.v4.new_markdown_cell
    path = _nb([md("```{solution-start} ex-1\n```\nno end")], tmp_path / "bad.ipynb")
    with pytest.raises(ValueError, match="no {solution-end}"):
        build.strip_solutions(path)


def test_toc_files_and_restriction():
    toc = {"root": "book/intro", "parts": [
        {"caption": "A", "chapters": [{"file": "book/a"}, {"file": "notebooks/a/01"}]},
        {"caption": "B", "chapters": [{"file": "book/b"}, {"file": "notebooks/b/01"}]},
    ]}
    assert build.toc_files(toc) == ["book/intro", "book/a", "notebooks/a/01", "book/b", "notebooks/b/01"]
    small = build.restrict_toc(toc, {"book/a", "book/b", "notebooks/b/01"})
    assert build.toc_files(small) == ["book/intro", "book/a", "book/b", "notebooks/b/01"]


def test_progress_outputs_are_recognised_and_stripped(tmp_path):
    nbf = nbformat.v4
    bar = nbf.new_output("stream", name="stderr", text="  0%|          | 0/3 [00:00<?, ?it/s]\r100%|##| 3/3 [00:00<00:00, 5.1it/s]\n")
    warn = nbf.new_output("stream", name="stderr", text="TqdmWarning: IProgress not found. Please update jupyter\n")
    widget = nbf.new_output("display_data", data={"application/vnd.jupyter.widget-view+json": {"model_id": "x"},
                                                  "text/plain": "  0%|          | 0/3 [00:00<?, ?it/s]"})
    real_err = nbf.new_output("stream", name="stderr", text="RuntimeWarning: divide by zero\n")
    result = nbf.new_output("execute_result", data={"text/plain": "0.25"}, execution_count=1)
    cell = nbf.new_code_cell("x")
    cell.outputs = [bar, warn, widget, real_err, result]
    path = _nb([cell], tmp_path / "p.ipynb")
    nb = nbformat.read(path, as_version=4)
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}}}
    nbformat.write(nb, path)
    assert build.strip_progress(path) == 4  # three outputs and the saved widget state
    assert "widgets" not in nbformat.read(path, as_version=4).metadata
    kept = nbformat.read(path, as_version=4).cells[0].outputs
    assert [o.get("text", o.get("data", {}).get("text/plain")) for o in kept] == \
        ["RuntimeWarning: divide by zero\n", "0.25"]


NOTEBOOKS = sorted((ROOT / "notebooks").rglob("*.md"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_student_edition_removes_every_solution(path, tmp_path):
    """Every notebook has exercises, each with a solution, and the student edition removes them all."""
    import re

    import jupytext
    nb = jupytext.read(path)
    n_exercises = sum(len(re.findall(r"^(`{3,}|:{3,})\{exercise\}", c.source, re.M))
                      for c in nb.cells if c.cell_type == "markdown")
    assert n_exercises >= 1, "every notebook ends with exercises"
    out = tmp_path / "nb.ipynb"
    nbformat.write(nb, out)
    assert build.strip_solutions(out) == n_exercises, "each exercise needs exactly one solution"
    left = "\n".join(c.source for c in nbformat.read(out, as_version=4).cells)
    assert not re.search(r"\{solution", left)
