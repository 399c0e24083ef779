"""Build the book: stage → convert (jupytext) → execute (papermill) → render (jupyter-book).

    python tools/build.py                 # full run, the published book, into _build/html
    python tools/build.py --quick         # every notebook with -p quick True (what `make test` does)
    python tools/build.py --quick --only notebooks/part2_sampling   # one part or one notebook
    python tools/build.py --student       # the same book with exercise solutions removed

The committed MyST-markdown notebooks are the only source. Each is converted to .ipynb in a staging
tree under _build/, executed there by papermill (a failing cell prints its traceback and fails the
build), and the executed tree is rendered by Jupyter Book with execution off and ``-W -n --keep-going``.
Wall times of every notebook and of the whole build are printed at the end.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import time
import traceback
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


def stage(stage_dir: Path, sources: list[Path], only: bool, student: bool) -> None:
    if stage_dir.exists():
        shutil.rmtree(stage_dir)
    stage_dir.mkdir(parents=True)
    shutil.copytree(ROOT / "book", stage_dir / "book")
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    if student:
        config["title"] = config["title"] + " (student edition)"
    # in the staging tree the executed .ipynb ARE the pages; the pattern only guards the source tree
    config["exclude_patterns"] = [x for x in config.get("exclude_patterns", []) if x != "notebooks/**/*.ipynb"]
    html = config.setdefault("html", {})
    html["extra_footer"] = (html.get("extra_footer") or "") + build_stamp()
    (stage_dir / "_config.yml").write_text(yaml.safe_dump(config, sort_keys=False))
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    if only:
        keep = {str(s.relative_to(ROOT).with_suffix("")) for s in sources}
        keep |= {f for f in toc_files(toc) if f.startswith("book/")}
        toc = restrict_toc(toc, keep)
    (stage_dir / "_toc.yml").write_text(yaml.safe_dump(toc, sort_keys=False))
    listed = set(toc_files(toc))
    for src in sources:
        rel = src.relative_to(ROOT).with_suffix("")
        if str(rel) not in listed:
            print(f"warning: {rel} is not in _toc.yml and will not be in the book", file=sys.stderr)
        out = stage_dir / rel.with_suffix(".ipynb")
        out.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run([sys.executable, "-m", "jupytext", "--quiet", "--to", "ipynb", "--output",
                        str(out), str(src)], check=True)


def execute(stage_dir: Path, sources: list[Path], quick: bool, figure_dir: Path) -> list[tuple[str, float, str | None]]:
    import papermill as pm

    os.environ["HEAVYTAIL_FIGURE_DIR"] = str(figure_dir)
    # Progress bars are for people running a notebook interactively; in the built book they would only be
    # stderr noise between the outputs, so the build switches tqdm off (tqdm honours TQDM_DISABLE).
    os.environ["TQDM_DISABLE"] = "1"
    # One BLAS thread per kernel: on a small shared machine oversubscribed BLAS threads made one SVD 15x
    # slower, and threaded reductions can change the last bits of a result. A reader may override these.
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")
    results = []
    for src in sources:
        rel = src.relative_to(ROOT).with_suffix(".ipynb")
        nb = stage_dir / rel
        print(f"[execute] {rel} (quick={quick})", flush=True)
        t0 = time.perf_counter()
        error = None
        try:
            pm.execute_notebook(str(nb), str(nb), parameters={"quick": quick}, cwd=str(src.parent),
                                kernel_name="python3", progress_bar=False, log_output=False)
        except Exception as exc:  # papermill's error carries the cell traceback
            error = f"{type(exc).__name__}: {exc}"
            print(f"\n[execute] FAILED {rel}\n{exc}\n", file=sys.stderr, flush=True)
            if not isinstance(exc, pm.PapermillExecutionError):
                traceback.print_exc()
        dt = time.perf_counter() - t0
        print(f"[execute] {rel}: {dt:.1f} s{' FAILED' if error else ''}", flush=True)
        results.append((str(rel), dt, error))
    return results


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
        raise ValueError(f"{notebook}: a {{solution-start}} has no {{solution-end}}")
    nb.cells = cells
    nbformat.write(nb, notebook)
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
        return all(_TQDM_TEXT.search(line) or not line.strip() for line in text.replace("\r", "\n").split("\n"))
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


def placeholder_figures(stage_dir: Path) -> None:
    """In a partial (--only) build, stand in for headline figures that the skipped notebooks would export.

    The book's own pages (the landing page) show figures exported by notebooks. A partial build does not run
    every notebook, so those images would be missing and -W would fail the build on them; a labelled
    placeholder keeps the partial build useful while the full build always uses the real figures.
    """
    import re

    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    for page in (stage_dir / "book").rglob("*.md"):
        for rel in re.findall(r"figures/[\w.-]+\.png", page.read_text()):
            target = page.parent / rel
            if not target.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                fig, ax = plt.subplots(figsize=(4, 2.5))
                ax.text(0.5, 0.5, f"{target.name}\nnot built in this partial build", ha="center", va="center")
                ax.set_axis_off()
                fig.savefig(target)
                plt.close(fig)


def render(stage_dir: Path, out_dir: Path, selected: list[Path] | None = None) -> int:
    """Run jupyter-book on the staged tree; return its exit status (non-zero on any warning).

    A partial build (``selected`` given) cannot resolve links into the pages it left out, so it renders
    without -W and fails only on the selected notebooks' own warnings, other than unresolved cross-references
    (the full build, with -W, checks those).
    """
    html = out_dir / "_build" / "html"
    if html.exists():
        shutil.rmtree(html)
    cmd = ["jupyter-book", "build", str(stage_dir), "--path-output", str(out_dir),
           "--builder", "html", "-n", "--keep-going"] + ([] if selected else ["-W"])
    print("[render]", " ".join(cmd), flush=True)
    bindir = Path(sys.executable).parent
    env = {**os.environ, "PATH": f"{bindir}{os.pathsep}{os.environ.get('PATH', '')}"}
    if not selected:
        return subprocess.run(cmd, env=env).returncode
    proc = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    print(proc.stdout)
    mine = [str(stage_dir / s.relative_to(ROOT).with_suffix("")) for s in selected]
    # links into pages left out of a partial build cannot resolve; every other warning still counts
    unresolved = ("unknown document", "undefined label", "reference target not found", "Glue reference")
    own = [line for line in proc.stdout.splitlines() if "WARNING" in line and any(m in line for m in mine)
           and not any(u in line for u in unresolved)]
    if own:
        print(f"[render] {len(own)} warning(s) from the selected notebooks:", *own, sep="\n  ", file=sys.stderr)
    return proc.returncode if proc.returncode else (1 if own else 0)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="execute every notebook with -p quick True")
    ap.add_argument("--only", nargs="+", help="build only these notebooks or folders (paths or prefixes)")
    ap.add_argument("--student", action="store_true", help="hide exercise solutions (student edition)")
    ap.add_argument("--no-execute", action="store_true", help="render the last executed staging tree")
    args = ap.parse_args(argv)

    tag = ("student" if args.student else "book") + ("-quick" if args.quick else "")
    if args.only:  # partial builds get their own folders, so that two of them can run at once
        import hashlib
        slug = Path(args.only[0].rstrip("/")).name[:40]
        tag += f"-only-{slug}-{hashlib.sha1(' '.join(sorted(args.only)).encode()).hexdigest()[:6]}"
    stage_dir = ROOT / "_build" / f"stage-{tag}"
    # The published book lands in _build/html; quick, partial and student builds get their own folder.
    out_dir = ROOT if tag == "book" else ROOT / "_build" / tag
    figure_dir = stage_dir / "book" / "figures"
    sources = notebook_sources(args.only)

    t0 = time.perf_counter()
    if not args.no_execute:
        stage(stage_dir, sources, bool(args.only), args.student)
        results = execute(stage_dir, sources, args.quick, figure_dir)
        __import__("status_page").write_status_page(stage_dir, results, args.quick, bool(args.only))  # book/status
        for src in sources:
            strip_progress(stage_dir / src.relative_to(ROOT).with_suffix(".ipynb"))
        if args.only:
            placeholder_figures(stage_dir)
        if args.student:
            n = sum(strip_solutions(stage_dir / src.relative_to(ROOT).with_suffix(".ipynb")) for src in sources)
            print(f"[student] removed {n} exercise solutions")
    else:
        results = []
    t_exec = time.perf_counter() - t0
    rc = render(stage_dir, out_dir, sources if args.only else None)
    total = time.perf_counter() - t0

    print("\nTiming (wall clock)")
    for rel, dt, err in results:
        print(f"  {dt:7.1f} s  {rel}{'  FAILED' if err else ''}")
    print(f"  {t_exec:7.1f} s  staging + execution of {len(results)} notebooks")
    print(f"  {total - t_exec:7.1f} s  jupyter-book render")
    print(f"  {total:7.1f} s  total ({'quick' if args.quick else 'full'} mode)")

    if results:
        import json
        (stage_dir / "timings.json").write_text(json.dumps({r[0]: r[1] for r in results}, indent=1))
    failed = [r for r in results if r[2]]
    index = out_dir / "_build" / "html" / "index.html"
    if failed:
        print(f"\nFAILED: {len(failed)} notebook(s) raised: " + ", ".join(r[0] for r in failed), file=sys.stderr)
    if rc != 0:
        print(f"\nFAILED: jupyter-book exited with {rc} (warnings are errors)", file=sys.stderr)
    if not index.exists():
        print(f"\nFAILED: {index.relative_to(ROOT)} is missing", file=sys.stderr)
        return 1
    if args.only:
        (index.parent / ".partial").write_text("built with --only\n")
    print(f"\nHTML: {index.relative_to(ROOT)}")
    return 1 if (failed or rc) else 0


if __name__ == "__main__":
    sys.exit(main())
