"""Same seed, same outputs: re-execute notebooks and compare with the build's executed copies.

    python tools/check_determinism.py _build/stage-book-quick            # the fastest notebook of every part
    python tools/check_determinism.py _build/stage-book-quick --all      # every notebook (slow)

Compared, cell by cell: every figure (PNG bytes), every displayed value and table (text/plain, text/html,
glued values) and everything printed. Wall-clock durations ("3.2 s", "41 ms") are masked, because
measured run times are the one thing allowed to differ; so are pandas Styler's random table ids. Exit 1 on any
difference.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import jupytext
import nbformat

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import build  # noqa: E402
from build import is_progress_output  # noqa: E402  (progress bars are not results)

_STYLER_ID = re.compile(r"T_[0-9a-f]{5}")  # pandas Styler's random table ids
_ADDRESS = re.compile(r" at 0x[0-9a-f]+")  # object reprs such as <Styler at 0x7f...>
_TIME = re.compile(r"\d+(?:\.\d+)?(?:e[+-]?\d+)?\s*(?:s|sec|secs|seconds|ms|min|minutes)\b")


def fingerprint(nb_path: Path) -> list[list[str]]:
    nb = nbformat.read(nb_path, as_version=4)
    out = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        items = []
        for o in cell.get("outputs", []):
            if is_progress_output(o):
                continue
            if o.output_type == "stream":
                items.append(f"{o.name}:{_TIME.sub('<time>', o.text)}")
            elif o.output_type in ("display_data", "execute_result"):
                data = o.get("data", {})
                for mime in sorted(data):
                    val = data[mime]
                    if mime.startswith("image/"):
                        items.append(f"{mime}:{hashlib.sha256(str(val).encode()).hexdigest()[:16]}")
                    elif mime in ("text/plain", "text/html", "text/markdown", "text/latex"):
                        text = "".join(val) if isinstance(val, list) else str(val)
                        text = _ADDRESS.sub(" at 0x", _STYLER_ID.sub("T_id", _TIME.sub("<time>", text)))
                        items.append(f"{mime}:{text}")
            elif o.output_type == "error":
                items.append(f"error:{o.ename}")
        out.append(items)
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("stage_dir", type=Path, help="a staging folder executed by tools/build.py")
    ap.add_argument("--all", action="store_true", help="check every notebook, not one per part")
    ap.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1,
                    help="notebooks re-executed at a time (default: the number of cores)")
    args = ap.parse_args(argv)
    timings_file = args.stage_dir / "timings.json"
    if not timings_file.exists():
        print(f"check_determinism: {timings_file} missing: run tools/build.py first", file=sys.stderr)
        return 1
    timings = json.loads(timings_file.read_text())
    quick = "quick" in args.stage_dir.name
    chosen: dict[str, str] = {}
    for rel, _seconds in sorted(timings.items(), key=lambda kv: kv[1]):
        part = str(Path(rel).parent)
        if args.all or part not in chosen:
            chosen[rel if args.all else part] = rel

    def rerun(rel: str):
        """Execute ``rel`` afresh (in its own process, like the build) and return its fingerprint."""
        src = ROOT / Path(rel).with_suffix(".md")
        with tempfile.TemporaryDirectory() as tmp:
            fresh = Path(tmp) / Path(rel).name
            nbformat.write(jupytext.read(src), fresh)
            env = {**os.environ, **build.execution_env(), "HEAVYTAIL_FIGURE_DIR": str(Path(tmp) / "figures")}
            cmd = [sys.executable, str(ROOT / "tools" / "build.py"), "--execute-one", str(fresh),
                   "--cwd", str(src.parent), "--parameters", json.dumps({"quick": quick})]
            proc = subprocess.run(cmd, env=env, capture_output=True, text=True)
            if proc.returncode:
                return None, proc.stdout + proc.stderr
            return fingerprint(fresh), None

    print(f"[determinism] re-executing {len(chosen)} notebook(s) (quick={quick}), {args.jobs} at a time: "
          + ", ".join(chosen.values()), flush=True)
    with ThreadPoolExecutor(max_workers=args.jobs) as pool:
        fresh_runs = dict(zip(chosen.values(), pool.map(rerun, chosen.values())))
    problems = []
    for rel, (b, error) in fresh_runs.items():
        if error:
            problems.append(f"{rel}: the re-execution failed:\n{error}")
            continue
        a = fingerprint(args.stage_dir / rel)
        if a != b:
            diffs = [i for i, (x, y) in enumerate(zip(a, b)) if x != y]
            problems.append(f"{rel}: outputs differ between two runs with the same seed "
                            f"(code cells {diffs[:8]}{' ...' if len(diffs) > 8 else ''})")
            for i in diffs[:3]:
                for x, y in zip(a[i], b[i]):
                    if x != y:
                        problems.append(f"    cell {i}: {x[:120]!r} != {y[:120]!r}")
                        break
        else:
            print(f"[determinism] {rel}: identical outputs ({sum(map(len, a))} outputs compared)")
    if problems:
        print("check_determinism: FAILED", *problems, sep="\n  ", file=sys.stderr)
        return 1
    print(f"check_determinism: {len(chosen)} notebook(s) reproduce their outputs exactly")
    return 0


if __name__ == "__main__":
    sys.exit(main())
