"""Run one step of `make test` / `make book` and record its wall time (standard library only).

    python tools/timed.py NAME -- COMMAND ...     # run COMMAND, record NAME's wall time, exit with its status
    python tools/timed.py --start NAME            # record the start of a step the Makefile runs itself
    python tools/timed.py --stop NAME             # ... and its end

Records go to _build/timings/steps.json: per step, its wall time, its exit status, when it started and
finished, and the load average before and after (the machine may be shared). `make readme` turns them
into the README's table of `make test` times. Runs with the system python3 too (before .venv exists).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RECORD = ROOT / "_build" / "timings" / "steps.json"


def _load() -> dict:
    try:
        return json.loads(RECORD.read_text())
    except (OSError, ValueError):
        return {}


def _save(steps: dict) -> None:
    RECORD.parent.mkdir(parents=True, exist_ok=True)
    tmp = RECORD.with_suffix(f".tmp{os.getpid()}")
    tmp.write_text(json.dumps(steps, indent=1, sort_keys=True))
    os.replace(tmp, RECORD)


def _load_avg() -> list[float]:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return []


def record(name: str, started: float, finished: float, status: int, load_before: list[float]) -> None:
    steps = _load()
    steps[name] = {"seconds": round(finished - started, 1), "status": status, "started": round(started, 1),
                   "finished": round(finished, 1), "load_before": load_before, "load_after": _load_avg(),
                   "cores": os.cpu_count()}
    _save(steps)


def main(argv: list[str]) -> int:
    if len(argv) == 2 and argv[0] in ("--start", "--stop"):
        name = argv[1]
        pending = RECORD.with_name(f".{name}.start")
        if argv[0] == "--start":
            RECORD.parent.mkdir(parents=True, exist_ok=True)
            pending.write_text(json.dumps({"started": time.time(), "load": _load_avg()}))
        else:
            try:
                start = json.loads(pending.read_text())
            except (OSError, ValueError):
                return 0  # nothing started (the step was up to date)
            record(name, start["started"], time.time(), 0, start["load"])
            pending.unlink()
        return 0
    if len(argv) < 3 or argv[1] != "--":
        print(__doc__, file=sys.stderr)
        return 2
    name, cmd = argv[0], argv[2:]
    load, t0 = _load_avg(), time.time()
    status = subprocess.run(cmd).returncode
    record(name, t0, time.time(), status, load)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
