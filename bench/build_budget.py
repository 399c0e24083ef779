"""Build time against the budgets in the issues, from the timings the last builds recorded.

    python bench/build_budget.py        (make bench runs every script in bench/)

tools/build.py writes _build/stage-book-quick/timings.json (make test) and _build/stage-book/timings.json
(make book). This prints, per part, the measured wall time of its notebooks, the budget, and their ratio
(< 1 is within budget). Timings depend on the machine and its load: this is a benchmark, not a test.
"""

import json
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# seconds; from the issues that specified each part (quick = CI, full = the published book)
BUDGETS = {
    "quick": {"part1_primer": 90, "part2_sampling": 90 + 60, "part3_composition": 90, "part4_tail": 90},
    "full": {"part1_primer": 600, "part2_sampling": 300, "part3_composition": 900, "part4_tail": 720},
}


def report(mode: str, path: Path) -> None:
    if not path.exists():
        print(f"{mode:>5}: no timings yet ({path.relative_to(ROOT)}); run "
              f"{'make test' if mode == 'quick' else 'make book'} first\n")
        return
    per_part = defaultdict(float)
    for rel, seconds in json.loads(path.read_text()).items():
        per_part[Path(rel).parent.name] += seconds
    print(f"{mode} mode ({path.relative_to(ROOT)})")
    print(f"  {'part':<20}{'measured s':>12}{'budget s':>10}{'ratio':>8}")
    for part, seconds in sorted(per_part.items()):
        budget = BUDGETS[mode].get(part)
        ratio = f"{seconds / budget:8.2f}" if budget else "       -"
        print(f"  {part:<20}{seconds:12.1f}{budget or '-':>10}{ratio}")
    print(f"  {'all notebooks':<20}{sum(per_part.values()):12.1f}\n")


if __name__ == "__main__":
    report("quick", ROOT / "_build" / "stage-book-quick" / "timings.json")
    report("full", ROOT / "_build" / "stage-book" / "timings.json")
