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
    rows.append("| **all notebooks** | " + " | ".join(f"**{sum(per[m].values()) / 60:.1f} min**" for m in per) + " |")
    return "\n".join(rows)


def block() -> str:
    return f"{START}\n{table()}\n{END}"


if __name__ == "__main__":
    if "--write" in sys.argv:
        readme = (ROOT / "README.md").read_text()
        i, j = readme.index(START), readme.index(END) + len(END)
        readme = readme[:i] + block() + readme[j:]
        t = timing_table()
        if t and T_START in readme:
            i, j = readme.index(T_START), readme.index(T_END) + len(T_END)
            readme = readme[:i] + f"{T_START}\n{t}\n{T_END}" + readme[j:]
        (ROOT / "README.md").write_text(readme)
        print("README.md: parameter table updated" + (" and timing table" if t else ""))
    else:
        print(table())
