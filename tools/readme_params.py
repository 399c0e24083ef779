"""Generate the README's table of notebook parameters from the notebooks' `parameters` cells.

    python tools/readme_params.py          # print the table
    python tools/readme_params.py --write  # replace the block between the markers in README.md

tests/test_repo.py checks that README.md holds exactly this table, so it cannot go stale.
"""

import ast
import sys
from pathlib import Path

import jupytext

ROOT = Path(__file__).resolve().parents[1]
START, END = "<!-- parameters:start -->", "<!-- parameters:end -->"
T_START, T_END = "<!-- timings:start -->", "<!-- timings:end -->"
S_START, S_END = "<!-- make-test-times:start -->", "<!-- make-test-times:end -->"
STEPS = {  # step name (tools/timed.py, Makefile) -> what it is
    "install": "create `.venv` and install the locked environment",
    "chromium": "wait for Chromium (installed with apt while `.venv` is created, if it was missing)",
    "pytest": "unit, property and repository tests (`pytest`)",
    "lint": "`ruff check` of src, tests, tools and the notebooks' code",
    "book-quick": "execute every notebook in quick mode; render the book and the student edition",
    "check-html": "HTML checks, static and in headless Chromium",
    "determinism": "re-execute one notebook per part, compare outputs",
    "student-quick": "student edition (reuses the executed notebooks)",
    "check-html-student": "HTML checks of the student edition",
}


def parameters(path: Path) -> list[tuple[str, str]]:
    nb = jupytext.read(path)
    cell = next(c for c in nb.cells if c.cell_type == "code" and "parameters" in c.metadata.get("tags", []))
    out = []
    for node in ast.parse(cell.source).body:
        if isinstance(node, ast.Assign):
            value = ast.get_source_segment(cell.source, node.value)
            for target in node.targets:
                if isinstance(target, ast.Name):
                    out.append((target.id, value))
                elif isinstance(target, ast.Tuple) and isinstance(node.value, ast.Tuple):
                    for t, v in zip(target.elts, node.value.elts):
                        out.append((t.id, ast.get_source_segment(cell.source, v)))
    return out


def table() -> str:
    rows = ["| notebook | parameters (defaults) |", "|---|---|"]
    for path in sorted((ROOT / "notebooks").rglob("*.md")):
        params = ", ".join(f"`{k} = {v}`" for k, v in parameters(path))
        rows.append(f"| `{path.relative_to(ROOT)}` | {params} |")
    return "\n".join(rows)


def timing_table() -> str | None:
    """Per-part wall times from the last quick (make test) and full (make book) builds, if both exist."""
    import json
    from collections import defaultdict

    files = {"quick (`make test`)": ROOT / "_build" / "stage-book-quick" / "timings.json",
             "full (`make book`)": ROOT / "_build" / "stage-book" / "timings.json"}
    if not all(f.exists() for f in files.values()):
        return None
    per = {}
    for mode, f in files.items():
        d = defaultdict(float)
        for rel, sec in json.loads(f.read_text()).items():
            d[Path(rel).parent.name] += sec
        per[mode] = d
    parts = sorted(set().union(*per.values()))
    rows = ["| part | " + " | ".join(per) + " |", "|---|" + "---:|" * len(per)]
    for part in parts:
        rows.append(f"| `{part}` | " + " | ".join(f"{per[m].get(part, 0):.0f} s" for m in per) + " |")
    rows.append(
        "| **all notebooks** | " + " | ".join(f"**{sum(per[m].values()) / 60:.1f} min**" for m in per) + " |"
    )
    return "\n".join(rows)


def make_test_table() -> str | None:
    """The wall time of every step of the last `make test`, from _build/timings/steps.json (tools/timed.py).

    Creating .venv counts only if it happened right before the tests (the same `make test` on a fresh clone).
    """
    import json

    path = ROOT / "_build" / "timings" / "steps.json"
    if not path.exists():
        return None
    steps = json.loads(path.read_text())
    if "pytest" not in steps or "book-quick" not in steps:
        return None
    start = steps["pytest"]["started"]
    if "chromium" in steps and 0 <= start - steps["chromium"]["finished"] < 5:   # the step just before pytest
        start = steps["chromium"]["started"]
    chosen = [n for n in STEPS if n in steps and n != "install" and steps[n]["started"] >= start - 1]
    if "install" in steps and 0 <= start - steps["install"]["finished"] < 120:
        chosen.insert(0, "install")
    record = ROOT / "_build" / "stage-book-quick" / "build-record.json"
    extra = ""
    if record.exists():
        r = json.loads(record.read_text())
        extra = f" ({r['executed']} notebooks executed, {r['jobs']} at a time; {r['cached']} from the cache)"
    rows = ["| step of `make test` | wall time |", "|---|---:|"]
    for n in chosen:
        failed = " **(failed; the steps after it did not run)**" if steps[n].get("status") else ""
        what = STEPS[n] + (extra if n == "book-quick" else "") + failed
        rows.append(f"| {what} | {steps[n]['seconds']:.0f} s |")
    total = sum(steps[n]["seconds"] for n in chosen)
    rows.append(f"| **total{' on a fresh clone, .venv included' if 'install' in chosen else ''}** | "
                f"**{total / 60:.1f} min** |")
    first = steps[chosen[0]]
    loads = [x for n in chosen
             for x in steps[n].get("load_before", [])[:1] + steps[n].get("load_after", [])[:1]]
    rows.append("")
    rows.append(f"Measured on {first.get('cores', '?')} cores, with a 1-minute load average between "
                f"{min(loads, default=0):.1f} and {max(loads, default=0):.1f} during the run "
                "(the run's own processes count in it).")
    return "\n".join(rows)


def replace_block(readme: str, start: str, end: str, body: str) -> str:
    i, j = readme.index(start), readme.index(end) + len(end)
    return readme[:i] + f"{start}\n{body}\n{end}" + readme[j:]


def block() -> str:
    return f"{START}\n{table()}\n{END}"


if __name__ == "__main__":
    if "--write" in sys.argv:
        readme = (ROOT / "README.md").read_text()
        i, j = readme.index(START), readme.index(END) + len(END)
        readme = readme[:i] + block() + readme[j:]
        t = timing_table()
        if t and T_START in readme:
            readme = replace_block(readme, T_START, T_END, t)
        m = make_test_table()
        if m and S_START in readme:
            readme = replace_block(readme, S_START, S_END, m)
        (ROOT / "README.md").write_text(readme)
        print("README.md: parameter table updated" + (", per-part timings" if t else "")
              + (", make test steps" if m else ""))
    else:
        print(table())
