"""Write the book's build-status page (book/status.md in the staging tree) from the build's own timings.

    python tools/status_page.py _build/stage-book-quick     # regenerate from a staging tree's timings.json

tools/build.py stages the page (:func:`page_bytes`) with the executed notebooks, before rendering, so the page
always shows the run times of the build that produced it. A notebook taken from the execution cache shows the
time of the execution that produced it, marked "cached". The notebooks link to this page instead of
stating run times in their prose (a hand-typed time goes stale and says nothing about the reader's machine).

The page lists, per notebook, the wall time of this build and, when the other mode's last record exists
(``_build/stage-book/timings.json`` for full mode, ``_build/stage-book-quick/timings.json`` for quick mode),
that one too, with the machine it ran on.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import platform
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGE = Path("book") / "status.md"
RECORDS = {"quick": ROOT / "_build" / "stage-book-quick" / "timings.json",
           "full": ROOT / "_build" / "stage-book" / "timings.json"}


def _fmt(seconds: float | None) -> str:
    if seconds is None:
        return "not run"
    return f"{seconds:.0f} s" if seconds < 600 else f"{seconds / 60:.1f} min"


def _machine() -> str:
    try:
        load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
        load = f"; load average at the end of execution {load} (1, 5, 15 min)"
    except (OSError, AttributeError):
        load = ""
    return (f"{os.cpu_count()} logical CPUs, {platform.system()} {platform.machine()}, "
            f"Python {platform.python_version()}{load}")


def render_page(results, quick: bool, other: dict[str, float] | None, other_when: str | None) -> str:
    """The page's MyST text. ``results``: (notebook .ipynb path relative to the root, seconds, error, ...)."""
    mode, other_mode = ("quick", "full") if quick else ("full", "quick")
    now = _dt.datetime.now(_dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    cols = {mode: f"{mode} mode (this build)"}
    if other:
        cols[other_mode] = f"{other_mode} mode (last {other_mode} build, {other_when})"
    order = ["quick", "full"]
    head = [cols[m] for m in order if m in cols]
    lines = [
        "# Build status",
        "",
        "This page is written by the build (`tools/build.py`, through `tools/status_page.py`) from the "
        "wall-clock",
        "times of the notebooks it executed. The notebooks link here instead of quoting their run times in "
        "the",
        "prose. Times depend on the machine and on what else it was running; `quick` is the small run that",
        "`make test` executes, `full` the published run of `make book`.",
        "",
        f"- built: {now}, in {mode} mode",
        f"- machine: {_machine()}",
        "",
        "| notebook | " + " | ".join(head) + " |",
        "|---|" + "---:|" * len(head),
    ]
    totals = {m: 0.0 for m in cols}
    failed = []
    cached_any = False
    for entry in results:
        if isinstance(entry, tuple):
            rel, seconds, error, cached = entry[0], entry[1], entry[2] if len(entry) > 2 else None, False
        else:  # tools/build.py's Run
            rel, seconds, error, cached = entry.rel, entry.seconds, entry.error, bool(entry.cached)
        cached_any |= cached
        doc = "/" + str(Path(rel).with_suffix("")).replace(os.sep, "/")
        times = {mode: float(seconds)}
        if other:
            times[other_mode] = other.get(str(rel))
        cells = []
        for m in order:
            if m in cols:
                t = times.get(m)
                totals[m] += t or 0.0
                cells.append(_fmt(t) + (" (failed)" if m == mode and error else "")
                             + (" (cached)" if m == mode and cached else ""))
        if error:
            failed.append(doc)
        lines.append(f"| {{doc}}`{doc}` | " + " | ".join(cells) + " |")
    lines.append(
        "| **all notebooks above** | "
        + " | ".join(f"**{_fmt(totals[m])}**" for m in order if m in cols)
        + " |"
    )
    lines.append("")
    if cached_any:
        lines += [
            '"cached": the notebook and its code had not changed since an earlier build, which this build',
            "reused; the time is that of the execution that produced it.",
            "",
        ]
    if failed:
        lines += [f"{len(failed)} notebook{'s' if len(failed) != 1 else ''} failed in this build.", ""]
    return "\n".join(lines)


def _other_record(quick: bool) -> tuple[dict[str, float] | None, str | None]:
    other_file = RECORDS["full" if quick else "quick"]
    if not other_file.exists():
        return None, None
    try:
        other = {str(k): float(v) for k, v in json.loads(other_file.read_text()).items()}
    except (ValueError, OSError, AttributeError):
        return None, None
    when = _dt.datetime.fromtimestamp(other_file.stat().st_mtime, _dt.UTC).strftime("%Y-%m-%d")
    return other, when


def page_bytes(runs, quick: bool) -> bytes:
    """The page for tools/build.py to stage as ``book/status.md`` (``runs``: its Run objects)."""
    other, when = _other_record(quick)
    return render_page(runs, quick, other, when).encode()


def write_status_page(stage_dir: Path, results, quick: bool, partial: bool = False) -> Path | None:
    """Write ``stage_dir/book/status.md`` from this build's ``results``; return its path (None if no results).

    ``partial``: an ``--only`` build. Its page lists only the notebooks it ran, still with the other mode's
    times where the last full-book record of that mode has them.
    """
    if not results:  # --no-execute: keep the page the last execution wrote
        return None
    other, when = _other_record(quick)
    page = Path(stage_dir) / PAGE
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(render_page(results, quick, other, when))
    return page


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python tools/status_page.py <staging dir with timings.json>")
    stage = Path(sys.argv[1])
    record = stage / "timings.json"
    if not record.exists():
        sys.exit(f"{record}: no such file (run tools/build.py first)")
    data = json.loads(record.read_text())
    print(write_status_page(stage, [(k, v, None) for k, v in data.items()], quick=stage.name.endswith("quick")
                            or "-quick" in stage.name))
