"""Command line: ``python -m heavytail forecast their.csv --k 10000`` and ``python -m heavytail plan their.csv --budget N``.

Reads a counts CSV (``problem, n, c`` and optionally ``model``), fits the book's recommended forecaster
(:func:`heavytail.estimators.fit`, or ``--method``), prints one row per model (exponent, prefactor, forecast
of pass@k and −log pass@k at each ``--k`` with a bootstrap interval) and writes a PNG of the measured
−log pass@k for k ≤ n with the fitted law extended to the largest ``--k``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np


def _forecast_table(counts, ks, method, level, n_boot, seed):
    from . import estimators

    rows, fits = [], {}
    models = list(dict.fromkeys(counts["model"])) if "model" in counts.columns else ["(all)"]
    for m in models:
        g = counts[counts["model"] == m] if "model" in counts.columns else counts
        n, c = g["n"].to_numpy(), g["c"].to_numpy()
        f = estimators.fit(n, c, method=method, n_boot=n_boot, seed=seed)
        fits[m] = f
        for k in ks:
            lo, hi = f.interval(k, level) if n_boot >= 2 else (np.nan, np.nan)
            y = float(f.neg_log_pass_at_k(k))
            rows.append(dict(model=m, problems=len(n), n_min=int(n.min()), exponent=f.exponent,
                             prefactor=f.prefactor, k=k, neg_log_pass=y, pass_at_k=float(np.exp(-y)),
                             low=lo, high=hi))
    return rows, fits


def _plot(fits, ks, out: Path):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from . import plotting
    from .estimators import default_ks, measured_curve

    plotting.use_style()
    fig, ax = plt.subplots()
    cols = plotting.palette(max(len(fits), 1))
    kmax = max(ks)
    for col, (m, f) in zip(cols, fits.items()):
        kk, y = measured_curve(f.n, f.c)
        ax.plot(kk, y, "o", ms=3, color=col, label=f"{m} (measured)")
        grid = np.logspace(0, np.log10(max(kmax, kk.max())), 100)
        ax.plot(grid, f.neg_log_pass_at_k(grid), color=col, lw=1.2,
                label=f"{m} fit, b = {f.exponent:.3f}")
        if f.n_boot >= 2:
            lo, hi = f.interval(grid)
            ax.fill_between(grid, lo, hi, color=col, alpha=0.15, lw=0)
    for k in ks:
        ax.axvline(k, **plotting.THEORY)
    plotting.loglog(ax)
    ax.set_xlabel("attempts per problem k")
    ax.set_ylabel(r"$-\log\,\mathrm{pass}_D@k$ (dimensionless)")
    ax.set_xlim(right=max(kmax, 10) * 1.5)
    ax.legend(fontsize=7, ncol=2)
    fig.savefig(out)
    plt.close(fig)


def _add_plan_parser(sub):
    pp = sub.add_parser("plan", help="which problems to sample next, and how many times, for a budget",
                        description="Reads a counts CSV (problem, n, c; optional model) and writes a CSV with "
                        "one row per problem and the number of new samples to draw ('extra'), following the "
                        "allocation of heavytail.planning.plan_next (per model: each model gets the budget).")
    pp.add_argument("counts", help="CSV with columns problem, n, c (optional: model)")
    pp.add_argument("--budget", type=int, required=True, help="new samples to allocate (per model)")
    pp.add_argument("--method", default=None, help="allocation (default: the book's recommendation); one of "
                    "heavytail.planning.SEQUENTIAL_METHODS")
    pp.add_argument("--out", default=None, help="output CSV (default: <counts stem>_plan.csv)")


def _plan(args) -> int:
    import pandas as pd

    from . import planning
    from .data import load_counts

    try:
        counts = load_counts(args.counts)
        if args.budget < 0:
            raise ValueError(f"--budget must be >= 0, got {args.budget}")
        parts = []
        groups = counts.groupby("model", sort=False) if "model" in counts.columns else [(None, counts)]
        for m, g in groups:
            plan = planning.plan_next(g["n"].to_numpy(), g["c"].to_numpy(), args.budget, method=args.method)
            plan["problem"] = g["problem"].to_numpy() if "problem" in g.columns else plan["problem"]
            if m is not None:
                plan.insert(0, "model", m)
            parts.append(plan)
    except (ValueError, FileNotFoundError, TypeError) as exc:
        print(f"heavytail plan: error: {exc}", file=sys.stderr)
        return 2
    out = Path(args.out) if args.out else Path(Path(args.counts).stem + "_plan.csv")
    table = pd.concat(parts, ignore_index=True)
    table.to_csv(out, index=False)
    todo = table[table["extra"] > 0]
    print(f"plan: {int(table['extra'].sum())} new samples over {len(todo)} of {len(table)} problems -> {out}")
    return 0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="heavytail", description="Tools of the heavytail book.")
    sub = ap.add_subparsers(dest="command", required=True)
    fp = sub.add_parser("forecast", help="forecast pass@k at large k from a per-problem counts CSV",
                        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    fp.add_argument("counts", help="CSV with columns problem, n, c (optional: model)")
    fp.add_argument("--k", type=int, nargs="+", default=[10_000], help="attempts to forecast at (default 10000)")
    fp.add_argument("--method", default=None, help="estimator (default: the book's recommendation); one of "
                    "the keys of heavytail.estimators.METHODS")
    fp.add_argument("--level", type=float, default=0.9, help="bootstrap interval level (default 0.9)")
    fp.add_argument("--n-boot", type=int, default=200, help="bootstrap resamples over problems (default 200)")
    fp.add_argument("--seed", type=int, default=0)
    fp.add_argument("--png", default=None, help="figure path (default: <counts stem>_forecast.png)")
    _add_plan_parser(sub)
    args = ap.parse_args(argv)
    if args.command == "plan":
        return _plan(args)

    import pandas as pd

    from .data import load_counts

    try:
        counts = load_counts(args.counts)
        if any(k < 1 for k in args.k):
            raise ValueError(f"--k must be >= 1, got {args.k}")
        rows, fits = _forecast_table(counts, args.k, args.method, args.level, args.n_boot, args.seed)
    except (ValueError, FileNotFoundError, TypeError) as exc:
        print(f"heavytail forecast: error: {exc}", file=sys.stderr)
        return 2
    table = pd.DataFrame(rows)
    pct = int(round(100 * args.level))
    table = table.rename(columns={"low": f"low{pct}", "high": f"high{pct}", "neg_log_pass": "-log pass@k"})
    method = next(iter(fits.values())).method
    print(f"method: {method}   ({len(counts)} rows from {args.counts})")
    with pd.option_context("display.width", 200, "display.max_columns", 20, "display.float_format",
                           "{:.4g}".format):
        print(table.to_string(index=False))
    png = Path(args.png) if args.png else Path(Path(args.counts).stem + "_forecast.png")
    _plot(fits, args.k, png)
    print(f"figure: {png}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
