"""Held-out Pythia backtest of every forecaster (prints tables; run by `make bench`, not by tests).

    python bench/backtest_heldout.py [--reps 20] [--counts PATH]

Thins the real counts to N in {100, 300, 1000} samples per problem, forecasts -log pass_D@10000, compares
with the value measured from all 10,000 samples, and prints the median relative error per model, N and
method, and the ratio of each method's error to least squares'. Without the counts file it runs on the
simulated stand-in (and says so).
"""

import argparse
import time

import pandas as pd

from heavytail import backtest, data

ap = argparse.ArgumentParser()
ap.add_argument("--reps", type=int, default=20)
ap.add_argument("--counts", default=data.DEFAULT_COUNTS_PATH)
args = ap.parse_args()
src = data.load_or_simulate(args.counts)
print(f"counts: {'SIMULATED stand-in (file absent)' if src.simulated else src.path}")
t0 = time.perf_counter()
res = backtest.heldout(src.counts, reps=args.reps, progress=True)
wins = backtest.paired_win_rates(res, "least_squares")
tab = backtest.summarize_heldout(res)
pd.set_option("display.width", 250)
pd.set_option("display.max_columns", 50)
for N in sorted(res["N"].unique()):
    t = tab[N]
    print(f"\n== median relative error of -log pass@10000, N = {N} samples per problem ({args.reps} thinnings)")
    print(t.round(3).to_string())
    print("-- ratio to least squares (< 1: better)")
    print(t.div(t["least_squares"], axis=0).round(2).to_string())
sel = res[res.N.isin([300, 1000])].groupby(["method", "model"])["rel_error"].median().groupby("method").mean()
print("\n== selection rule (lowest mean over models of the median error at N = 300 and 1000)")
print(sel.sort_values().round(4).to_string())
print(f"chosen: {sel.idxmin()}")
print("\n== paired win rate against least squares (share of thinnings with a smaller error)")
print(wins.round(2).to_string())
print(f"\n{time.perf_counter() - t0:.0f} s")
