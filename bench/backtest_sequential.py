"""Equal-budget backtest of dynamic sampling against uniform least squares (prints tables).

    python bench/backtest_sequential.py [--reps 20] [--counts PATH] [--budgets 100 300 1000]

For every model, spend budget x P samples by drawing without replacement from each problem's recorded
10,000, once uniformly (least squares) and once by heavytail.planning.sequential_forecast's geometric rounds;
forecast -log pass_D@10000 and compare with the value measured from all records. Prints the median relative
error per model, the ratio to least squares (the goal is <= 0.5 on every model) and the paired win rate.
"""

import argparse
import time

import pandas as pd

from heavytail import backtest, data, planning

ap = argparse.ArgumentParser()
ap.add_argument("--reps", type=int, default=20)
ap.add_argument("--counts", default=data.DEFAULT_COUNTS_PATH)
ap.add_argument("--budgets", type=int, nargs="+", default=[100, 300, 1000])
args = ap.parse_args()
src = data.load_or_simulate(args.counts)
print(f"counts: {'SIMULATED stand-in (file absent)' if src.simulated else src.path}")
t0 = time.perf_counter()
res = backtest.sequential(src.counts, budgets=args.budgets, reps=args.reps, methods=planning.SEQUENTIAL_METHODS,
                          progress=True)
tab = res.pivot_table(index="model", columns=["budget", "method"], values="rel_error", aggfunc="median", sort=False)
pd.set_option("display.width", 250)
for b in args.budgets:
    t = tab[b]
    print(f"\n== budget {b} x P samples: median relative error of -log pass@10000 ({args.reps} repetitions)")
    ratios = {f"ratio {m}": t[m] / t["uniform_least_squares"] for m in t.columns if m != "uniform_least_squares"}
    print(t.assign(**ratios).round(3).to_string())
sel = res[res.budget.isin([300, 1000])].groupby(["method", "model"])["rel_error"].median().groupby("method").mean()
print("\n== selection rule (lowest mean over models of the median error at budgets 300 and 1000 per problem)")
print(sel.sort_values().round(4).to_string())
print(f"chosen: {sel.idxmin()}")
print("\n== paired win rate over uniform least squares")
print(backtest.paired_win_rates(res, "uniform_least_squares", by="budget").round(2).to_string())
print(f"\n{time.perf_counter() - t0:.0f} s")
