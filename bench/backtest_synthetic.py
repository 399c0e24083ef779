"""The paper's synthetic backtest protocol, in full (prints tables; run by `make bench`, not by tests).

    python bench/backtest_synthetic.py [--seeds 30] [--methods ...]

The authors' sweep: p ~ Beta or scaled Kumaraswamy with alpha in {0.15, 0.4}, beta in {3.5, 5}, scale in
{0.1, 0.8}; P in {64, 128} problems; N in {100, 215, 464, 1000, 2154, 4642, 10000} samples per problem; 30
seeds; metric |b_hat - alpha| / alpha. Methods: the authors' least squares (100 log-spaced k) and their
discretized Beta and Kumaraswamy (heavytail.estimators.fit_paper). Prints the median error per N and method,
the ratio least squares / method per cell of the grid, and where the paper's ~10x claim holds.
"""

import argparse
import time

import pandas as pd

from heavytail import backtest

ap = argparse.ArgumentParser()
ap.add_argument("--seeds", type=int, default=30)
ap.add_argument("--methods", nargs="+", default=list(backtest.PAPER_SYNTHETIC_METHODS))
ap.add_argument("--out", default=None, help="also write the raw results to this CSV")
args = ap.parse_args()
t0 = time.perf_counter()
res = backtest.synthetic(seeds=args.seeds, methods=args.methods, progress=True)
if args.out:
    res.to_csv(args.out, index=False)
pd.set_option("display.width", 250)
pd.set_option("display.max_rows", 500)
print("== median relative error of the exponent (over the grid and seeds)")
print(backtest.summarize_synthetic(res).round(3).to_string())
for m in args.methods:
    if m == "paper_least_squares":
        continue
    r = backtest.synthetic_ratios(res, m)
    print(f"\n== {m}: ratio least-squares error / {m} error per cell (> 1: {m} better; paper: ~10)")
    print(r.pivot_table(index=["family", "alpha", "beta", "scale", "P"], columns="N", values="ratio")
          .round(2).to_string())
    print(f"cells with ratio >= 10: {(r.ratio >= 10).sum()} of {len(r)}; >= 3: {(r.ratio >= 3).sum()}; "
          f"< 1: {(r.ratio < 1).sum()}; median ratio {r.ratio.median():.2f}")
    print("median ratio by N:", r.groupby("N")["ratio"].median().round(2).to_dict())
print(f"\n{time.perf_counter() - t0:.0f} s")
