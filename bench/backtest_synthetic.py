"""Synthetic backtest on the paper's grid (prints tables; run by `make bench`, not by tests).

    python bench/backtest_synthetic.py [--seeds 20]

p ~ Beta or scaled Kumaraswamy(alpha in {0.15, 0.4}, beta in {3.5, 5}, scale in {0.1, 0.8}), P in {64, 128},
N in {100, ..., 10000}. Prints the median relative error of the exponent per N and method, and per method the
smallest N at which it matches least squares' error at N = 10,000 (the paper's compute-savings claim).
"""

import argparse
import time

import pandas as pd

from heavytail import backtest

ap = argparse.ArgumentParser()
ap.add_argument("--seeds", type=int, default=20)
args = ap.parse_args()
t0 = time.perf_counter()
res = backtest.synthetic(seeds=args.seeds, progress=True)
pd.set_option("display.width", 250)
tab = backtest.summarize_synthetic(res)
print("== median relative error of the exponent (over the grid and seeds)")
print(tab.round(3).to_string())
print("\n== by family and scale at N = 1000")
print(res[res.N == 1000].pivot_table(index=["family", "scale"], columns="method", values="rel_error",
                                     aggfunc="median").round(3).to_string())
ref = tab["least_squares"].iloc[-1]
print(f"\nleast squares' error at N = {tab.index[-1]}: {ref:.3f}")
for m in tab.columns:
    ok = tab.index[tab[m] <= ref]
    print(f"  {m}: first N with error <= that: {ok.min() if len(ok) else 'none'}")
print(f"\n{time.perf_counter() - t0:.0f} s")
