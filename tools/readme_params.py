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


def block() -> str:
    return f"{START}\n{table()}\n{END}"


if __name__ == "__main__":
    if "--write" in sys.argv:
        readme = (ROOT / "README.md").read_text()
        i, j = readme.index(START), readme.index(END) + len(END)
        (ROOT / "README.md").write_text(readme[:i] + block() + readme[j:])
        print("README.md: parameter table updated")
    else:
        print(table())
