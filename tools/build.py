"""Build the book: convert (jupytext), execute (papermill; cached, in parallel), stage, render (jupyter-book).

    python tools/build.py                 # full run, the published book, into _build/html
    python tools/build.py --quick         # every notebook with -p quick True (what `make test` does)
    python tools/build.py --quick --only notebooks/part2_sampling   # one part or one notebook
    python tools/build.py --student       # the same book with exercise solutions removed
    python tools/build.py --quick --both  # both editions from one execution, rendered at the same time
    python tools/build.py --no-cache      # re-execute every notebook even if its cached run is current
    python tools/build.py -j 4            # execute four notebooks at a time (default: the number of cores)

The committed MyST-markdown notebooks are the only source. Each is converted to .ipynb and executed by
papermill (a failing cell prints its whole traceback and fails the build); the executed tree is staged
under _build/ and rendered by Jupyter Book with execution off and ``-W -n --keep-going``.

**Execution cache.** An executed notebook is kept in ``_build/cache/<key>/`` together with the figures it
exported. The key is a SHA-256 hash of everything the run can depend on: the notebook's source, its
parameters, every file of the package (``src/heavytail``), every data file (``data/``, except the
regenerable ``data/part4_cache`` and ``data/part3_cache``), the lock file and the installed versions of all
packages, the Python
version and the thread settings. A notebook
whose key is in the cache is not executed again; the student edition uses the same executed notebooks and
only removes the solutions. Staged files are rewritten only when their content changes, so Jupyter Book
re-renders only what changed. ``--no-cache`` (``make book NOCACHE=1``, the weekly CI job) executes every
notebook afresh and refreshes the cache.

Wall times of every notebook (executed or taken from the cache) and of the whole build are printed at the
end and recorded in the staging folder's ``timings.json`` and ``build-record.json``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
import traceback
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def notebook_sources(only: list[str] | None) -> list[Path]:
    """All text notebooks under notebooks/, in reading order, optionally filtered by path prefix."""
    files = sorted(p for p in (ROOT / "notebooks").rglob("*.md") if ".ipynb_checkpoints" not in p.parts)
    if only:
        prefixes = [str((ROOT / o).resolve()) for o in only]
        files = [f for f in files if any(str(f.with_suffix("")).startswith(p.removesuffix(".md"))
                                         for p in prefixes)]
        if not files:
            sys.exit(f"--only {only}: no notebook matches")
    return files


def toc_files(toc: dict) -> list[str]:
    """Every file named in a jb-book _toc.yml."""
    out = [toc["root"]]

    def walk(entries):
        for e in entries or []:
            if "file" in e:
                out.append(e["file"])
            walk(e.get("sections"))
            walk(e.get("chapters"))

    walk(toc.get("parts"))
    walk(toc.get("chapters"))
    return out


def restrict_toc(toc: dict, keep: set[str]) -> dict:
    """The _toc.yml reduced to the root, the pages in ``keep`` and the references page."""
    parts = []
    for part in toc.get("parts", []):
        chapters = [c for c in part.get("chapters", []) if c["file"] in keep]
        if chapters:
            parts.append({**part, "chapters": chapters})
    return {**toc, "parts": parts}


def build_stamp() -> str:
    """A footer line naming the commit and the versions this build ran with (so a page says what made it)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                                text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT,
                               capture_output=True, text=True).stdout.strip()
        commit += " (with uncommitted changes)" if dirty else ""
    except (OSError, subprocess.CalledProcessError):
        commit = "unknown"
    parts = []
    for pkg in ("heavytail", "numpy", "scipy", "matplotlib", "torch", "jupyter-book"):
        try:
            parts.append(f"{pkg} {version(pkg)}")
        except PackageNotFoundError:
            pass
    return (f"<p>Built from commit <code>{commit}</code> with Python {sys.version.split()[0]}, "
            + ", ".join(parts) + ".</p>")


_SOL_START = re.compile(r"^(`{3,}|:{3,})\{solution-start\}", re.M)
_SOL_END = re.compile(r"^(`{3,}|:{3,})\{solution-end\}\s*\n\1\s*$", re.M)
_SOL_BLOCK = re.compile(r"^(?P<fence>`{3,}|:{3,})\{solution\}.*?^(?P=fence)\s*$", re.M | re.S)


def strip_solutions(notebook: Path) -> int:
    """Remove every exercise solution from an executed notebook (the student edition).

    Handles gated solutions (``{solution-start}`` ... ``{solution-end}``, which may span code cells) and
    plain ``{solution}`` directives. Runs after execution, so everything else matches the full book.
    (sphinx-exercise's own ``hide_solutions`` crashes on gated solutions in sphinx-exercise 1.2.1.)
    Returns the number of solutions removed.
    """
    import nbformat

    nb = nbformat.read(notebook, as_version=4)
    removed = strip_solutions_nb(nb, name=str(notebook))
    nbformat.write(nb, notebook)
    return removed


def strip_solutions_nb(nb, name: str = "notebook") -> int:
    """:func:`strip_solutions` on a notebook object (modified in place); returns the number removed."""
    cells, removed, inside = [], 0, False
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            if not inside:
                cells.append(cell)
            continue
        src, n = _SOL_BLOCK.subn("", cell.source)
        removed += n
        kept, pos = [], 0
        while True:  # walk the start/end markers of gated solutions through this cell
            if not inside:
                m = _SOL_START.search(src, pos)
                if not m:
                    kept.append(src[pos:])
                    break
                kept.append(src[pos:m.start()])
                inside, removed, pos = True, removed + 1, m.end()
            else:
                m = _SOL_END.search(src, pos)
                if not m:
                    break
                inside, pos = False, m.end()
        text = "".join(kept)
        if text.strip():
            cell.source = text
            cells.append(cell)
    if inside:
        raise ValueError(f"{name}: a {{solution-start}} has no {{solution-end}}")
    nb.cells = cells
    return removed


_TQDM_TEXT = re.compile(r"(\d+%\|.*\||\d+it \[|it/s\]|s/it\]|IProgress not found|TqdmWarning)")


def is_progress_output(output) -> bool:
    """True for the outputs of a progress bar: tqdm's notebook widget, its text bar, or its warnings."""
    if output.get("output_type") in ("display_data", "execute_result"):
        data = output.get("data", {})
        if "application/vnd.jupyter.widget-view+json" in data:
            return True
        text = data.get("text/plain", "")
        text = "".join(text) if isinstance(text, list) else text
        return bool(text) and bool(_TQDM_TEXT.search(text)) and len(text) < 400
    if output.get("output_type") == "stream" and output.get("name") == "stderr":
        text = output.get("text", "")
        text = "".join(text) if isinstance(text, list) else text
        return all(
            _TQDM_TEXT.search(line) or not line.strip() for line in text.replace("\r", "\n").split("\n")
        )
    return False


def strip_progress(notebook: Path) -> int:
    """Drop progress-bar outputs from an executed notebook: they help a person running it, not a reader.

    (tqdm honours TQDM_DISABLE only where ``disable`` is not passed explicitly, so the build cleans up after.)
    """
    import nbformat

    nb = nbformat.read(notebook, as_version=4)
    removed = 0
    for cell in nb.cells:
        if cell.cell_type == "code" and cell.get("outputs"):
            kept = [o for o in cell.outputs if not is_progress_output(o)]
            removed += len(cell.outputs) - len(kept)
            cell.outputs = kept
    if "widgets" in nb.metadata:  # saved widget state would make every reader's browser fetch widget JS
        del nb.metadata["widgets"]
        removed += 1
    if removed:
        nbformat.write(nb, notebook)
    return removed


def placeholder_figures(wanted: dict[str, bytes]) -> dict[str, bytes]:
    """In a partial (--only) build, stand in for headline figures that the skipped notebooks would export.

    The book's own pages (the landing page) show figures exported by notebooks. A partial build does not run
    every notebook, so those images would be missing and -W would fail the build on them; a labelled
    placeholder keeps the partial build useful while the full build always uses the real figures.
    ``wanted`` maps staged paths to their contents; the placeholders for missing figures are returned.
    """
    import io

    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    out = {}
    for page, text in wanted.items():
        if not (page.startswith("book/") and page.endswith(".md")):
            continue
        for rel in re.findall(r"figures/[\w.-]+\.png", text.decode()):
            target = (Path(page).parent / rel).as_posix()
            if target not in wanted and target not in out:
                fig, ax = plt.subplots(figsize=(4, 2.5))
                ax.text(0.5, 0.5, f"{Path(rel).name}\nnot built in this partial build", ha="center",
                        va="center")
                ax.set_axis_off()
                buf = io.BytesIO()
                fig.savefig(buf, format="png", metadata={"Software": None})
                plt.close(fig)
                out[target] = buf.getvalue()
    return out


# --------------------------------------------------------------------------------------------------
# the execution cache
# --------------------------------------------------------------------------------------------------

CACHE_DIR = ROOT / "_build" / "cache"
# Bump when the way a notebook is executed changes (the environment below, papermill's options).
CACHE_FORMAT = "2"
THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")
# Inputs of every notebook run besides its own source. data/part4_cache and data/part3_cache hold regenerable
# results that the
# notebooks themselves write (keyed by their own hash), so it is an output, not an input.
INPUT_TREES = (("src/heavytail", ()), ("data", ("part4_cache", "part3_cache")))
INPUT_FILES = ("requirements-lock.txt",)


def _tree_files(folder: Path, skip: tuple[str, ...] = ()) -> list[Path]:
    """Every file under ``folder`` (sorted), except caches, hidden files and the top-level ``skip`` dirs."""
    out = []
    for dirpath, dirnames, filenames in os.walk(folder):
        here = Path(dirpath)
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d not in ("__pycache__",)
                             and not (here == folder and d in skip))
        out += [
            here / f for f in sorted(filenames) if not f.startswith(".") and not f.endswith((".pyc", ".pyo"))
        ]
    return out


def execution_env() -> dict[str, str]:
    """Environment variables a notebook run sees, besides the figure folder."""
    env = {var: os.environ.get(var, "1") for var in THREAD_VARS}
    # One BLAS thread per kernel: on a small shared machine oversubscribed BLAS threads made one SVD 15x
    # slower, and threaded reductions can change the last bits of a result. A reader may override these.
    # Progress bars are for people running a notebook interactively; in the built book they would only be
    # stderr noise between the outputs, so the build switches tqdm off (tqdm honours TQDM_DISABLE).
    env["TQDM_DISABLE"] = "1"
    return env


def installed_versions() -> str:
    """``name==version`` of every package installed (so `make test CONSTRAINTS=` cannot reuse locked runs)."""
    from importlib.metadata import distributions

    names = {(d.metadata["Name"] or "").lower(): d.version for d in distributions()}
    return "\n".join(f"{n}=={v}" for n, v in sorted(names.items()) if n and n != "heavytail") + "\n"


def inputs_digest(root: Path = ROOT) -> str:
    """SHA-256 of what every notebook run shares: package source, data files, lock and installed versions,
    Python, environment."""
    h = hashlib.sha256(f"format {CACHE_FORMAT}\npython {sys.version}\n".encode())
    for var, value in sorted(execution_env().items()):
        h.update(f"{var}={value}\n".encode())
    h.update(installed_versions().encode())
    files = [f for tree, skip in INPUT_TREES for f in _tree_files(root / tree, skip)]
    files += [root / f for f in INPUT_FILES if (root / f).exists()]
    for f in files:
        h.update(f"{f.relative_to(root).as_posix()}\0{hashlib.sha256(f.read_bytes()).hexdigest()}\n".encode())
    return h.hexdigest()


def cache_key(source: Path, parameters: dict, inputs: str, root: Path = ROOT) -> str:
    """The cache key of one notebook run: its path and source, its parameters and :func:`inputs_digest`."""
    h = hashlib.sha256(inputs.encode())
    h.update(source.relative_to(root).as_posix().encode() + b"\0" + source.read_bytes() + b"\0")
    h.update(json.dumps(parameters, sort_keys=True).encode())
    return h.hexdigest()[:32]


@dataclass
class Run:
    """One notebook of a build: where its executed copy is, how long its execution took, whether it failed."""

    source: Path
    key: str
    notebook: Path | None = None      # the executed notebook (in the cache, or a failed run's folder)
    seconds: float = 0.0              # wall time of its execution (for a cached run: when it was executed)
    cached: bool = False
    error: str | None = None

    @property
    def rel(self) -> str:
        return str(self.source.relative_to(ROOT).with_suffix(".ipynb"))

    @property
    def figures(self) -> Path | None:
        return self.notebook.parent / "figures" if self.notebook else None


def lookup(source: Path, parameters: dict, inputs: str) -> Run:
    key = cache_key(source, parameters, inputs)
    entry = CACHE_DIR / key
    run = Run(source, key)
    meta = entry / "meta.json"
    if meta.exists():
        run.notebook, run.cached = entry / "notebook.ipynb", True
        run.seconds = float(json.loads(meta.read_text())["seconds"])
    return run


def execute_one(run: Run, parameters: dict) -> Run:
    """Execute one notebook in its own process and store it (with its figures) in the cache."""
    import jupytext
    import nbformat

    work = CACHE_DIR / f"tmp-{run.key}-{os.getpid()}-{threading.get_ident()}"
    shutil.rmtree(work, ignore_errors=True)
    (work / "figures").mkdir(parents=True)
    nb_path = work / "notebook.ipynb"
    nbformat.write(jupytext.read(run.source), nb_path)
    env = {**os.environ, **execution_env(), "HEAVYTAIL_FIGURE_DIR": str(work / "figures")}
    cmd = [sys.executable, str(Path(__file__).resolve()), "--execute-one", str(nb_path),
           "--cwd", str(run.source.parent), "--parameters", json.dumps(parameters)]
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True)
    run.seconds = time.perf_counter() - t0
    if proc.returncode != 0:
        run.error = (proc.stdout + proc.stderr).strip() or f"exit status {proc.returncode}"
        failed = CACHE_DIR / f"failed-{run.key}"
        shutil.rmtree(failed, ignore_errors=True)
        os.replace(work, failed)
        run.notebook = failed / "notebook.ipynb" if (failed / "notebook.ipynb").exists() else None
        return run
    strip_progress(nb_path)
    meta = {"source": str(run.source.relative_to(ROOT)), "parameters": parameters,
            "seconds": round(run.seconds, 2), "executed": time.strftime("%Y-%m-%dT%H:%M:%S%z")}
    (work / "meta.json").write_text(json.dumps(meta, indent=1))
    entry = CACHE_DIR / run.key
    shutil.rmtree(entry, ignore_errors=True)   # --no-cache: replace the old run
    os.replace(work, entry)
    run.notebook = entry / "notebook.ipynb"
    return run


def _execute_one_main(nb: str, cwd: str, parameters: str) -> int:
    """The worker process of :func:`execute_one`: papermill on one notebook, the traceback on failure."""
    import papermill as pm

    try:
        pm.execute_notebook(nb, nb, parameters=json.loads(parameters), cwd=cwd, kernel_name="python3",
                            progress_bar=False, log_output=False)
    except pm.PapermillExecutionError as exc:  # carries the failing cell's whole traceback
        print(exc, file=sys.stderr)
        return 1
    except Exception:
        traceback.print_exc()
        return 1
    return 0


def _history_file(parameters: dict) -> Path:
    digest = hashlib.sha1(json.dumps(parameters, sort_keys=True).encode()).hexdigest()[:8]
    return CACHE_DIR / f"history-{digest}.json"


def execute(sources: list[Path], parameters: dict, jobs: int, use_cache: bool) -> list[Run]:
    """Every notebook's executed copy: from the cache where current, else executed ``jobs`` at a time.

    Notebooks run longest first (by their last recorded time), which keeps the last worker from starting a
    long notebook when the others are done. Each finished notebook prints one line; a failed one prints its
    whole traceback at once, so the output of parallel runs does not interleave.
    """
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    inputs = inputs_digest()
    runs = [lookup(src, parameters, inputs) for src in sources]
    todo = [r for r in runs if not (use_cache and r.cached)]
    for r in todo:
        r.cached = False
    for r in runs:
        if r not in todo:
            print(f"[cached]  {r.rel}  (executed in {r.seconds:.1f} s, key {r.key[:10]})", flush=True)
    history_path = _history_file(parameters)
    history = json.loads(history_path.read_text()) if history_path.exists() else {}
    todo.sort(key=lambda r: -history.get(r.rel, 0.0))
    if todo:
        print(f"[execute] {len(todo)} notebook(s), {min(jobs, len(todo))} at a time, parameters {parameters}",
              flush=True)
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        futures = {pool.submit(execute_one, r, parameters): r for r in todo}
        for i, fut in enumerate(as_completed(futures), 1):
            r = fut.result()
            status = "FAILED" if r.error else "ok"
            print(f"[execute] ({i}/{len(todo)}) {r.rel}: {r.seconds:.1f} s {status}", flush=True)
            if r.error:
                bar = "=" * 30
                print(f"\n{bar} {r.rel} FAILED {bar}\n{r.error}\n{bar * 2}\n", file=sys.stderr, flush=True)
            else:
                history[r.rel] = round(r.seconds, 2)
    history_path.write_text(json.dumps(history, indent=1, sort_keys=True))
    return runs


def prune_cache(runs: list[Run], parameters: dict, keep: int = 2) -> None:
    """Drop old cache entries: per notebook and parameters, keep the current one and ``keep`` newer others."""
    current = {r.key for r in runs}
    groups: dict[str, list[Path]] = {}
    for meta in CACHE_DIR.glob("*/meta.json"):
        try:
            m = json.loads(meta.read_text())
        except (OSError, ValueError):
            continue
        if m.get("parameters") == parameters:
            groups.setdefault(m["source"], []).append(meta.parent)
    for entries in groups.values():
        old = sorted(
            (e for e in entries if e.name not in current), key=lambda e: e.stat().st_mtime, reverse=True
        )
        for e in old[keep:]:
            shutil.rmtree(e, ignore_errors=True)
    for failed in CACHE_DIR.glob("failed-*"):  # notebooks that failed before and run now
        if failed.name.removeprefix("failed-") in current:
            shutil.rmtree(failed, ignore_errors=True)


# --------------------------------------------------------------------------------------------------
# staging: the tree Jupyter Book renders, rewritten only where its content changed
# --------------------------------------------------------------------------------------------------

def staged_config(student: bool) -> bytes:
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    if student:
        config["title"] = config["title"] + " (student edition)"
    # in the staging tree the executed .ipynb ARE the pages; the pattern only guards the source tree
    config["exclude_patterns"] = [
        x for x in config.get("exclude_patterns", []) if x != "notebooks/**/*.ipynb"
    ]
    html = config.setdefault("html", {})
    html["extra_footer"] = (html.get("extra_footer") or "") + build_stamp()
    return yaml.safe_dump(config, sort_keys=False).encode()


def staged_files(runs: list[Run], only: bool, student: bool) -> tuple[dict[str, bytes], int]:
    """Path (relative to the staging folder) -> content of every staged file, and the solutions removed."""
    import nbformat

    wanted = {f.relative_to(ROOT).as_posix(): f.read_bytes() for f in _tree_files(ROOT / "book")}
    wanted["_config.yml"] = staged_config(student)
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    if only:
        keep = {str(r.source.relative_to(ROOT).with_suffix("")) for r in runs}
        keep |= {f for f in toc_files(toc) if f.startswith("book/")}
        toc = restrict_toc(toc, keep)
    wanted["_toc.yml"] = yaml.safe_dump(toc, sort_keys=False).encode()
    listed = set(toc_files(toc))
    removed = 0
    for r in runs:
        rel = r.source.relative_to(ROOT).with_suffix("")
        if str(rel) not in listed:
            print(f"warning: {rel} is not in _toc.yml and will not be in the book", file=sys.stderr)
        if r.notebook is None:
            continue
        if student:
            nb = nbformat.read(r.notebook, as_version=4)
            removed += strip_solutions_nb(nb, name=str(rel))
            wanted[rel.with_suffix(".ipynb").as_posix()] = nbformat.writes(nb).encode()
        else:
            wanted[rel.with_suffix(".ipynb").as_posix()] = r.notebook.read_bytes()
        if r.figures and r.figures.is_dir():
            for fig in sorted(r.figures.iterdir()):
                wanted[f"book/figures/{fig.name}"] = fig.read_bytes()
    if only:
        wanted.update(placeholder_figures(wanted))
    return wanted, removed


RECORDS = ("timings.json", "build-record.json")


def sync_tree(stage_dir: Path, wanted: dict[str, bytes]) -> int:
    """Make ``stage_dir`` hold exactly ``wanted`` (plus the build records); untouched files keep their mtime.

    Returns the number of files written or removed.
    """
    changed = 0
    stage_dir.mkdir(parents=True, exist_ok=True)
    for rel, content in wanted.items():
        path = stage_dir / rel
        if path.is_file() and path.read_bytes() == content:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        changed += 1
    for path in sorted(stage_dir.rglob("*"), reverse=True):
        rel = path.relative_to(stage_dir).as_posix()
        if path.is_file() and rel not in wanted and rel not in RECORDS:
            path.unlink()
            changed += 1
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    return changed


def render(stage_dir: Path, out_dir: Path, selected: list[Path] | None = None, fresh: bool = False,
           capture: bool = False) -> int:
    """Run jupyter-book on the staged tree; return its exit status (non-zero on any warning).

    Incremental: Jupyter Book (Sphinx) re-reads only the staged pages whose files changed. After a failed
    render, or with ``fresh``, every page is rendered from scratch (so that a warning cannot hide in a page
    an incremental run would skip).
    A partial build (``selected`` given) cannot resolve links into the pages it left out, so it renders
    without -W and fails only on the selected notebooks' own warnings, other than unresolved cross-references
    (the full build, with -W, checks those).
    With ``capture``, Sphinx's output is printed in one block when it is done (for a render that runs
    alongside another one), and only its warnings and errors if it succeeded.
    """
    build_dir = out_dir / "_build"
    ok_marker = build_dir / ".render-ok"
    fresh = fresh or not ok_marker.exists()
    if fresh:
        for sub in ("html", ".doctrees", "jupyter_execute"):
            shutil.rmtree(build_dir / sub, ignore_errors=True)
    ok_marker.unlink(missing_ok=True)
    cmd = ["jupyter-book", "build", str(stage_dir), "--path-output", str(out_dir), "--builder", "html",
           "-n", "--keep-going"]
    cmd += ([] if selected else ["-W"]) + (["--all"] if fresh else [])
    print("[render]", " ".join(cmd), flush=True)
    bindir = Path(sys.executable).parent
    env = {**os.environ, "PATH": f"{bindir}{os.pathsep}{os.environ.get('PATH', '')}"}
    if not selected and not capture:
        rc = subprocess.run(cmd, env=env).returncode
    elif not selected:
        proc = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        rc = proc.returncode
        shown = proc.stdout if rc else "\n".join(line for line in proc.stdout.splitlines()
                                                 if "WARNING" in line or "ERROR" in line)
        head = f"[render] {out_dir.relative_to(ROOT)}: jupyter-book exited with {rc}"
        print(head + (f"\n{shown}" if shown else ""), flush=True)
    else:
        proc = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        print(proc.stdout)
        mine = [str(stage_dir / s.relative_to(ROOT).with_suffix("")) for s in selected]
        # links into pages left out of a partial build cannot resolve; every other warning still counts
        unresolved = ("unknown document", "undefined label", "reference target not found", "Glue reference",
                      "label '")  # sphinx-proof: "label 'thm-...' not found."
        own = [line for line in proc.stdout.splitlines() if "WARNING" in line and any(m in line for m in mine)
               and not any(u in line for u in unresolved)]
        if own:
            print(f"[render] {len(own)} warning(s) from the selected notebooks:", *own, sep="\n  ",
                  file=sys.stderr)
        rc = proc.returncode if proc.returncode else (1 if own else 0)
    if rc == 0:
        ok_marker.write_text("the last render of this folder succeeded\n")
    return rc


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="execute every notebook with -p quick True")
    ap.add_argument("--only", nargs="+", help="build only these notebooks or folders (paths or prefixes)")
    ap.add_argument("--student", action="store_true", help="hide exercise solutions (student edition)")
    ap.add_argument("--both", action="store_true",
                    help="build the book and the student edition from the same executed notebooks")
    ap.add_argument("--no-execute", action="store_true", help="render the last staging tree as it is")
    ap.add_argument(
        "--no-cache",
        action="store_true",
        help="execute every notebook even if the cache holds a current run (and refresh the cache)",
    )
    ap.add_argument(
        "--fresh", action="store_true", help="render every page from scratch (implied by --no-cache)"
    )
    ap.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1,
                    help="notebooks executed at a time (default: the number of cores, %(default)s here)")
    ap.add_argument("--execute-one", metavar="IPYNB", help=argparse.SUPPRESS)
    ap.add_argument("--cwd", help=argparse.SUPPRESS)
    ap.add_argument("--parameters", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.execute_one:
        return _execute_one_main(args.execute_one, args.cwd, args.parameters)
    if args.jobs < 1:
        ap.error(f"--jobs must be >= 1, got {args.jobs}")

    sources = notebook_sources(args.only)
    parameters = {"quick": args.quick}
    editions = ([] if args.student else [Edition(False, args)]) + \
        ([Edition(True, args)] if args.student or args.both else [])

    t0 = time.perf_counter()
    runs: list[Run] = []
    if not args.no_execute:
        runs = execute(sources, parameters, args.jobs, use_cache=not args.no_cache)
        for ed in editions:
            wanted, removed = staged_files(runs, bool(args.only), ed.student)
            wanted["book/status.md"] = __import__("status_page").page_bytes(runs, args.quick)  # build status
            changed = sync_tree(ed.stage_dir, wanted)
            note = f"; {removed} exercise solutions removed (student edition)" if ed.student else ""
            print(f"[stage] {ed.stage_dir.relative_to(ROOT)}: {changed} file(s) changed{note}", flush=True)
        if not any(r.error for r in runs):
            prune_cache(runs, parameters)
    t_exec = time.perf_counter() - t0
    fresh = args.fresh or args.no_cache
    selected = sources if args.only else None
    # Rendering is one process per edition: with --both the two editions render at the same time, the
    # second one's output printed in one block when it is done.
    with ThreadPoolExecutor(max_workers=len(editions)) as pool:
        futures = [pool.submit(render, ed.stage_dir, ed.out_dir, selected, fresh, i > 0)
                   for i, ed in enumerate(editions)]
        rcs = [f.result() for f in futures]
    total = time.perf_counter() - t0

    executed = [r for r in runs if not r.cached]
    print("\nTiming (wall clock)")
    for r in sorted(runs, key=lambda r: r.rel):
        how = "  FAILED" if r.error else ("  (cached: its last execution)" if r.cached else "")
        print(f"  {r.seconds:7.1f} s  {r.rel}{how}")
    print(f"  {sum(r.seconds for r in executed):7.1f} s  execution of {len(executed)} notebook(s) "
          f"(summed; {len(runs) - len(executed)} from the cache)")
    print(f"  {t_exec:7.1f} s  execution wall time ({args.jobs} at a time) and staging")
    print(f"  {total - t_exec:7.1f} s  jupyter-book render ({' and '.join(ed.name for ed in editions)})")
    print(f"  {total:7.1f} s  total ({'quick' if args.quick else 'full'} mode)")

    failed = [r for r in runs if r.error]
    if failed:
        names = ", ".join(r.rel for r in failed)
        print(f"\nFAILED: {len(failed)} notebook(s) raised: {names}", file=sys.stderr)
        for r in failed:
            if r.notebook:
                print(f"  the failed run of {r.rel} is in {r.notebook.relative_to(ROOT)}", file=sys.stderr)
    status = 1 if failed else 0
    for ed, rc in zip(editions, rcs):
        if runs:
            (ed.stage_dir / "timings.json").write_text(json.dumps({r.rel: round(r.seconds, 2) for r in runs},
                                                                  indent=1))
            record = {"mode": "quick" if args.quick else "full", "student": ed.student, "jobs": args.jobs,
                      "cores": os.cpu_count(), "executed": len(executed), "cached": len(runs) - len(executed),
                      "execution_wall_s": round(t_exec, 1), "render_s": round(total - t_exec, 1),
                      "total_s": round(total, 1), "load_average": [round(x, 2) for x in os.getloadavg()],
                      "finished": time.strftime("%Y-%m-%dT%H:%M:%S%z")}
            (ed.stage_dir / "build-record.json").write_text(json.dumps(record, indent=1))
        index = ed.out_dir / "_build" / "html" / "index.html"
        if rc != 0:
            print(f"\nFAILED: jupyter-book exited with {rc} for the {ed.name} (warnings are errors)",
                  file=sys.stderr)
            status = 1
        if not index.exists():
            print(f"\nFAILED: {index.relative_to(ROOT)} is missing", file=sys.stderr)
            status = 1
            continue
        if args.only:
            (index.parent / ".partial").write_text("built with --only\n")
        else:
            (index.parent / ".partial").unlink(missing_ok=True)
        print(f"HTML ({ed.name}): {index.relative_to(ROOT)}")
    return status


class Edition:
    """The folders of one edition (the book, or the student edition) of a build."""

    def __init__(self, student: bool, args):
        self.student = student
        self.name = "student edition" if student else "book"
        tag = ("student" if student else "book") + ("-quick" if args.quick else "")
        if args.only:  # partial builds get their own folders, so that two of them can run at once
            slug = Path(args.only[0].rstrip("/")).name[:40]
            tag += f"-only-{slug}-{hashlib.sha1(' '.join(sorted(args.only)).encode()).hexdigest()[:6]}"
        self.stage_dir = ROOT / "_build" / f"stage-{tag}"
        # The published book lands in _build/html; quick, partial and student builds get their own folder.
        self.out_dir = ROOT if tag == "book" else ROOT / "_build" / tag


if __name__ == "__main__":
    sys.exit(main())
