"""Tests of the build tooling (tools/build.py): student-edition stripping and TOC handling."""

import os
import subprocess
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
    path = _nb(
        [
            md("# Title\n\n```{exercise}\n:label: ex-1\nFirst.\n```\n\n"
               "```{solution-start} ex-1\n:class: dropdown\n```\nWhy."),
            code("print('solution one')"),
            md(
                "```{solution-end}\n```\n\n```{exercise}\n:label: ex-2\nSecond.\n```\n\n"
                "```{solution-start} ex-2\n:class: dropdown\n```\nBecause."
            ),
            code("print('solution two')"),
            md(
                "```{solution-end}\n```\n\n```{exercise}\n:label: ex-3\nThird.\n```\n\n"
                "```{solution} ex-3\n:class: dropdown\nPlain solution.\n```\n\nClosing words."
            ),
            code("print('not a solution')"),
        ],
        tmp_path / "nb.ipynb",
    )
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
    bar = nbf.new_output(
        "stream",
        name="stderr",
        text="  0%|          | 0/3 [00:00<?, ?it/s]\r100%|##| 3/3 [00:00<00:00, 5.1it/s]\n",
    )
    warn = nbf.new_output(
        "stream", name="stderr", text="TqdmWarning: IProgress not found. Please update jupyter\n"
    )
    widget = nbf.new_output(
        "display_data",
        data={
            "application/vnd.jupyter.widget-view+json": {"model_id": "x"},
            "text/plain": "  0%|          | 0/3 [00:00<?, ?it/s]",
        },
    )
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


# --------------------------------------------------------------------------------------------------
# the execution cache
# --------------------------------------------------------------------------------------------------

def _mini_repo(tmp_path):
    root = tmp_path / "repo"
    for rel, text in {"src/heavytail/a.py": "x = 1\n", "data/counts.csv": "problem,n,c\n0,10,1\n",
                      "data/part4_cache/grid-abc.npz": "old", "requirements-lock.txt": "numpy==2.0\n",
                      "notebooks/p/01.md": "# One\n", "src/heavytail/__pycache__/a.pyc": "bytes"}.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    return root


def test_cache_key_changes_with_every_input_and_only_with_them(tmp_path):
    root = _mini_repo(tmp_path)
    nb = root / "notebooks/p/01.md"

    def key(params=None):
        return build.cache_key(nb, params or {"quick": True}, build.inputs_digest(root), root)

    base = key()
    assert key() == base, "the key is a pure function of the inputs"
    assert key({"quick": False}) != base, "parameters are part of the key"
    # outputs and byte-code are not inputs
    (root / "data/part4_cache/grid-abc.npz").write_text("new")
    (root / "src/heavytail/__pycache__/a.pyc").write_text("other bytes")
    assert key() == base
    for rel, text in [("notebooks/p/01.md", "# One\n\nA prose edit.\n"), ("src/heavytail/a.py", "x = 2\n"),
                      ("data/counts.csv", "problem,n,c\n0,10,2\n"), ("data/tails/new.csv", "x\n1\n"),
                      ("requirements-lock.txt", "numpy==2.1\n")]:
        path = root / rel
        old = path.read_text() if path.exists() else None
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        assert key() != base, f"changing {rel} must invalidate the cached run"
        path.write_text(old) if old is not None else path.unlink()
        assert key() == base


def test_sync_tree_rewrites_only_what_changed(tmp_path):
    import os
    stage = tmp_path / "stage"
    assert build.sync_tree(stage, {"a.txt": b"A", "d/b.txt": b"B", "c.txt": b"C"}) == 3
    (stage / "timings.json").write_text("{}")
    old = stage / "a.txt"
    os.utime(old, (1_000_000, 1_000_000))
    assert build.sync_tree(stage, {"a.txt": b"A", "d/b.txt": b"B2"}) == 2   # b rewritten, c removed
    assert old.stat().st_mtime == 1_000_000, "an unchanged file keeps its mtime (Sphinx skips it)"
    assert (stage / "d/b.txt").read_bytes() == b"B2"
    assert not (stage / "c.txt").exists()
    assert (stage / "timings.json").exists(), "the build records stay"


def test_execute_reuses_the_cache_and_no_cache_re_executes(tmp_path, monkeypatch):
    monkeypatch.setattr(build, "CACHE_DIR", tmp_path / "cache")
    src = ROOT / "notebooks/part2_sampling/05_dark_matter.md"
    params = {"quick": True}
    run = build.lookup(src, params, build.inputs_digest())
    entry = tmp_path / "cache" / run.key
    entry.mkdir(parents=True)
    nbformat.write(nbformat.v4.new_notebook(), entry / "notebook.ipynb")
    (entry / "meta.json").write_text('{"seconds": 12.5}')
    calls = []

    def fake_execute_one(r, parameters):
        calls.append(r.rel)
        r.seconds, r.notebook = 1.0, entry / "notebook.ipynb"
        return r

    monkeypatch.setattr(build, "execute_one", fake_execute_one)
    (runs,) = [build.execute([src], params, jobs=2, use_cache=True)]
    assert calls == [] and runs[0].cached and runs[0].seconds == 12.5
    runs = build.execute([src], params, jobs=2, use_cache=False)
    assert calls == [runs[0].rel] and not runs[0].cached
    assert build.execute([src], {"quick": False}, jobs=1, use_cache=True)[0].rel in calls[1:]


def test_student_edition_strips_the_cached_notebook_without_executing(tmp_path):
    md, code = nbformat.v4.new_markdown_cell, nbformat.v4.new_code_cell
    path = _nb([md("# T\n\n```{exercise}\n:label: ex-1\nQ.\n```\n\n```{solution} ex-1\nAnswer.\n```"),
                code("1 + 1")], tmp_path / "notebook.ipynb")
    src = ROOT / "notebooks/part2_sampling/05_dark_matter.md"
    run = build.Run(src, "k", notebook=path, seconds=1.0, cached=True)
    book, _ = build.staged_files([run], only=True, student=False)
    student, removed = build.staged_files([run], only=True, student=True)
    rel = "notebooks/part2_sampling/05_dark_matter.ipynb"
    assert removed == 1
    assert b"Answer." in book[rel] and b"Answer." not in student[rel]
    assert b"(student edition)" in student["_config.yml"]
    assert nbformat.read(path, as_version=4).cells[0].source.endswith("Answer.\n```"), (
        "the cache is untouched"
    )


# ---- tools/ensure_chromium.sh: Chromium installed in the background while .venv is created ----------------
ENSURE = ROOT / "tools" / "ensure_chromium.sh"


def _stub_machine(tmp_path: Path, apt_status: int) -> dict[str, str]:
    """A PATH whose apt-get (and sudo) are stubs.

    `apt-get install` takes a moment, then puts a fake browser on PATH (or fails with ``apt_status``); the
    state folder is under tmp_path.
    """
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "apt-get").write_text(
        "#!/usr/bin/env bash\n"
        f"if [ \"$1\" = install ]; then sleep 0.5; [ {apt_status} = 0 ] || {{ echo 'E: no such package' >&2;"
        f" exit {apt_status}; }}\n"
        f"  printf '#!/bin/sh\\n' > {bin_dir}/fake-chromium; chmod +x {bin_dir}/fake-chromium; fi\n")
    (bin_dir / "sudo").write_text(
        '#!/usr/bin/env bash\nwhile [[ "${1:-}" == -* ]]; do shift; done\nexec "$@"\n')
    for f in bin_dir.iterdir():
        f.chmod(0o755)
    return {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}", "ENSURE_CHROMIUM_NAMES": "fake-chromium",
            "ENSURE_CHROMIUM_STATE": str(tmp_path / "state")}


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", str(ENSURE), *args], env=env, capture_output=True, text=True, timeout=60)


def test_ensure_chromium_installs_in_the_background_and_wait_reports_it(tmp_path):
    env = _stub_machine(tmp_path, apt_status=0)
    start = _run(["--start"], env)
    assert start.returncode == 0, start.stderr
    assert not (tmp_path / "bin" / "fake-chromium").exists()   # --start returned before the install finished
    wait = _run(["--wait"], env)
    assert wait.returncode == 0, wait.stdout + wait.stderr
    assert "chromium is installed" in wait.stdout
    assert (tmp_path / "bin" / "fake-chromium").exists()
    # once it is there, --start does nothing and --wait returns at once
    assert _run(["--start"], env).returncode == 0 and not (tmp_path / "state" / "log").exists()
    assert _run(["--wait"], env).returncode == 0


def test_ensure_chromium_wait_fails_with_the_install_log(tmp_path):
    env = _stub_machine(tmp_path, apt_status=100)
    assert _run(["--start"], env).returncode == 0
    wait = _run(["--wait"], env)
    assert wait.returncode == 100
    assert "E: no such package" in wait.stdout


def test_ensure_chromium_without_start_installs_in_the_foreground(tmp_path):
    env = _stub_machine(tmp_path, apt_status=0)
    for args in ([], ["--wait"]):   # --wait with nothing started installs now
        (tmp_path / "bin" / "fake-chromium").unlink(missing_ok=True)
        done = _run(args, env)
        assert done.returncode == 0 and "chromium is installed" in done.stdout, done.stderr
    bad = _run(["--later"], env)
    assert bad.returncode == 2 and "unknown argument '--later'" in bad.stderr
