"""Lint the project's Python: `ruff check` over src, tests and tools, and over the notebooks' code cells.

    python tools/lint.py            # what `make test` runs; exit 1 on any finding
    python tools/lint.py --fix      # let ruff fix what it can (in src, tests and tools only)

Rules and line length (110) are in pyproject.toml ([tool.ruff]). Notebook code is held to at most
``NOTEBOOK_LINE_LENGTH`` characters a line, so that it reads on a page without scrolling. Each MyST notebook's
code cells are written to a scratch ``.py`` file line for line (markdown, cell options and IPython magics
become blank lines), so every finding names the notebook's own ``.md`` file and line.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PATHS = ("src", "tests", "tools")
NOTEBOOK_LINE_LENGTH = 100
# In a notebook, imports follow prose (E402), a cell's last expression is displayed on purpose (B018), and
# the setup cell's import order is the page's, not isort's (I001).
NOTEBOOK_IGNORE = ("E402", "B018", "I001")
_FENCE = re.compile(r"^(?P<ticks>`{3,})\{code-cell\}")


def notebook_code(text: str) -> str:
    """The code cells of a MyST notebook as Python, keeping every line where it is in the ``.md`` file."""
    out, lines, i = [], text.splitlines(), 0
    while i < len(lines):
        m = _FENCE.match(lines[i])
        if not m:
            out.append("")
            i += 1
            continue
        out.append("")  # the fence
        i += 1
        if i < len(lines) and lines[i].strip() == "---":  # cell metadata in YAML front matter
            out.append("")
            i += 1
            while i < len(lines) and lines[i].strip() != "---":
                out.append("")
                i += 1
            out.append("")
            i += 1
        while i < len(lines) and lines[i].startswith(":") and not lines[i].startswith("::"):  # :tags: options
            out.append("")
            i += 1
        while i < len(lines) and lines[i].rstrip() != m["ticks"]:
            line = lines[i]
            out.append("" if line.lstrip().startswith(("%", "!")) else line)
            i += 1
        out.append("")  # the closing fence
        i += 1
    return "\n".join(out) + "\n"


def ruff() -> str:
    exe = Path(sys.executable).parent / "ruff"
    if exe.exists():
        return str(exe)
    found = shutil.which("ruff")
    if not found:
        sys.exit("lint: ruff is not installed (it is a dev dependency: make install)")
    return found


def main(argv: list[str]) -> int:
    fix = "--fix" in argv
    status = subprocess.run([ruff(), "check", *(["--fix"] if fix else []), *PATHS], cwd=ROOT).returncode
    notebooks = sorted(p for p in (ROOT / "notebooks").rglob("*.md") if ".ipynb_checkpoints" not in p.parts)
    with tempfile.TemporaryDirectory() as tmp:
        for nb in notebooks:
            out = Path(tmp) / nb.relative_to(ROOT).with_suffix(".py")
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(notebook_code(nb.read_text()))
        proc = subprocess.run(
            [
                ruff(),
                "check",
                "--no-cache",
                "--config",
                str(ROOT / "pyproject.toml"),
                "--output-format",
                "concise",
                "--line-length",
                str(NOTEBOOK_LINE_LENGTH),
                "--extend-ignore",
                ",".join(NOTEBOOK_IGNORE),
                "notebooks",
            ],
            cwd=tmp,
            capture_output=True,
            text=True,
        )
    report = re.sub(r"(notebooks/\S+?)\.py:", r"\1.md:", proc.stdout)
    if proc.returncode:
        print(report.rstrip())
        print(f"lint: the notebooks' code cells (at most {NOTEBOOK_LINE_LENGTH} characters a line)",
              file=sys.stderr)
    if proc.returncode > 1:
        print(proc.stderr, file=sys.stderr)
    n = len(notebooks)
    if status == 0 and proc.returncode == 0:
        print(f"lint: ruff finds nothing in {', '.join(PATHS)} and the code of {n} notebooks")
    return 1 if (status or proc.returncode) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
