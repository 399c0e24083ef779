"""Time and peak memory of ``python -m heavytail forecast`` for 10^3 ... 10^6 problems (n = 10,000 each).

    python bench/forecast_scale.py     # 1e3, 1e4, 1e5, 1e6 problems, default method and bootstrap
    python bench/forecast_scale.py --sizes 1000 100000 --method beta_binomial --n-boot 50

Each size runs in a fresh subprocess (so that one run's memory does not hide the next one's) that reads a
counts CSV written beforehand, fits, bootstraps (the default 200 resamples), prints the table to /dev/null
and writes the figure, exactly as a user's command would. The child reports its wall time and its peak
resident memory (``resource.getrusage(RUSAGE_SELF).ru_maxrss``), both in total and above its own baseline
after the imports, so that the memory per problem can be read off. A benchmark, not a test: the numbers
depend on the machine. The target of issue 11: 10^5 problems in at most 1 GiB and 30 s on 2 cores.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]

CHILD = r"""
import contextlib, json, os, resource, sys, time
import numpy, pandas, matplotlib, scipy.special  # the imports a forecast needs, before the baseline
matplotlib.use("Agg")
import matplotlib.pyplot
from heavytail.__main__ import main
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
t0 = time.perf_counter()
with open(os.devnull, "w") as null, contextlib.redirect_stdout(null):
    code = main(sys.argv[1:])
dt = time.perf_counter() - t0
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps(dict(code=code, seconds=dt, base_kib=base, peak_kib=peak)))
"""


def write_counts(path: Path, problems: int, n: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    p = 0.35 * rng.beta(0.3, 3.0, size=problems)  # like the Pythia fits: many unsolved, a heavy left tail
    pd.DataFrame({"problem": np.arange(problems), "n": n, "c": rng.binomial(n, p)}).to_csv(path, index=False)


def run(csv: Path, png: Path, method: str | None, n_boot: int) -> dict:
    argv = ["forecast", str(csv), "--png", str(png), "--n-boot", str(n_boot)]
    if method:
        argv += ["--method", method]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "MPLBACKEND": "Agg", "OMP_NUM_THREADS": "1",
           "OPENBLAS_NUM_THREADS": "1"}
    proc = subprocess.run([sys.executable, "-c", CHILD, *argv], capture_output=True, text=True, env=env)
    if proc.returncode != 0:
        raise SystemExit(f"forecast failed for {csv.name}:\n{proc.stderr}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000, 1_000_000])
    ap.add_argument("--n", type=int, default=10_000, help="samples per problem (default 10000)")
    ap.add_argument("--method", default=None, help="estimator (default: the CLI's default)")
    ap.add_argument("--n-boot", type=int, default=200,
                    help="bootstrap resamples (default 200, the CLI's default)")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()

    rows = []
    with tempfile.TemporaryDirectory(prefix="forecast-scale-") as tmp:
        for P in args.sizes:
            csv = Path(tmp) / f"counts_{P}.csv"
            write_counts(csv, P, args.n, args.seed)
            r = run(csv, Path(tmp) / f"fig_{P}.png", args.method, args.n_boot)
            extra = (r["peak_kib"] - r["base_kib"]) / 1024
            rows.append(dict(problems=P, csv_MB=round(csv.stat().st_size / 1e6, 1),
                             seconds=round(r["seconds"], 2), peak_MiB=round(r["peak_kib"] / 1024),
                             above_baseline_MiB=round(extra, 1),
                             bytes_per_problem=round(extra * 2 ** 20 / P), exit=r["code"]))
            print(f"{P:>9,} problems: {r['seconds']:6.2f} s, peak {r['peak_kib'] / 1024:7.0f} MiB "
                  f"({extra:7.1f} MiB above the {r['base_kib'] / 1024:.0f} MiB after imports)", flush=True)
    table = pd.DataFrame(rows)
    print(f"\nmethod: {args.method or 'default'}, n = {args.n:,} samples per problem, {args.n_boot} "
          f"bootstrap resamples, 1 BLAS thread")
    print(table.to_string(index=False))
    if len(table) > 1:
        t = table.set_index("problems")
        print(f"\nratios, largest / smallest size ({t.index[-1] // t.index[0]:,}x the problems): time "
              f"{t.seconds.iloc[-1] / t.seconds.iloc[0]:.1f}x, memory above baseline "
              f"{t.above_baseline_MiB.iloc[-1] / max(t.above_baseline_MiB.iloc[0], 0.1):.1f}x")


if __name__ == "__main__":
    main()
