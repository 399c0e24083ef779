"""Speed of heavytail.tails against the `powerlaw` package on the same fits, measured side by side.

For each of Clauset–Shalizi–Newman's data sets (``heavytail.tails.CSN_PUBLISHED``; the US-federal ones
from data/tails/, the others from the copy the installed `powerlaw` ships) this times

1. the full fit (x_min scan + MLE): ``tails.fit_power_law`` against ``powerlaw.Fit`` with the same
   discrete/continuous choice and the same KS variant (powerlaw's for continuous data), so that both
   return the same x_min and α (printed, so that you can check);
2. CSN's semi-parametric bootstrap goodness-of-fit test with the same number of resamples:
   ``tails.goodness_of_fit`` against the same procedure built from `powerlaw`'s parts (`powerlaw` has no
   such function): draw each synthetic data set from ``powerlaw.Power_Law(...).generate_random`` above
   x_min and from the data below it, refit it with ``powerlaw.Fit`` and record its KS distance.

It prints one row per data set and the ratios (powerlaw time / our time). It is a benchmark, not a test:
run it by hand, e.g. ``PYTHONPATH=src python bench/tails_vs_powerlaw.py --n-boot 10``. With the defaults
it takes a few minutes, almost all of it in `powerlaw` (its fits of cities and fires take seconds each).
"""

from __future__ import annotations

import argparse
import math
import sys
import time
import warnings

import numpy as np


def _powerlaw_fit(powerlaw, x, discrete):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        f = powerlaw.Fit(x, discrete=discrete, verbose=False, parameter_ranges={"alpha": [1.0, 20.0]})
        f.power_law.alpha  # noqa: B018 - powerlaw fits lazily: touch the result inside the timer
    return f


def _powerlaw_gof(powerlaw, x, fit, n_boot, seed):
    """CSN's bootstrap with powerlaw's generator and fitter (the same steps as tails.goodness_of_fit)."""
    rng = np.random.default_rng(seed)
    np.random.seed(seed)  # powerlaw's generate_random draws from numpy's global generator
    xs = np.sort(x)
    xmin, alpha, d_obs = fit.xmin, fit.power_law.alpha, fit.power_law.D
    below = xs[xs < xmin]
    n_tail = int((xs >= xmin).sum())
    model = powerlaw.Power_Law(xmin=xmin, parameters=[alpha], discrete=fit.discrete)
    d = np.empty(n_boot)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for b in range(n_boot):
            k = int(rng.binomial(xs.size, n_tail / xs.size)) if below.size else xs.size
            top = np.asarray(model.generate_random(k), float)
            synth = np.concatenate([below[rng.integers(0, below.size, xs.size - k)], top])
            d[b] = _powerlaw_fit(powerlaw, synth, fit.discrete).power_law.D
    return float(np.mean(d >= d_obs))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n-boot", type=int, default=10, help="bootstrap resamples, the same for both (10)")
    parser.add_argument("--datasets", nargs="*", default=None, help="subset of the CSN data sets (all)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    if args.n_boot < 1:
        parser.error(f"--n-boot must be >= 1, got {args.n_boot}")

    import powerlaw

    from heavytail import tails

    names = args.datasets or list(tails.CSN_PUBLISHED)
    unknown = [n for n in names if n not in tails.CSN_PUBLISHED]
    if unknown:
        parser.error(f"unknown data sets {unknown}; choose from {list(tails.CSN_PUBLISHED)}")
    print(f"{'data set':10s} {'kind':>5s} {'n':>7s} | {'x_min ours/pl':>19s} {'alpha ours/pl':>15s} | "
          f"{'fit ours':>8s} {'fit pl':>7s} {'ratio':>6s} | {'gof ours':>8s} {'gof pl':>7s} {'ratio':>6s} "
          f"(n_boot={args.n_boot}, p ours/pl)")
    fit_ratios, gof_ratios = [], []
    for name in names:
        pub = tails.CSN_PUBLISHED[name]
        x = tails.csn_dataset(name) * pub["factor"]
        disc = pub["discrete"]
        ks = "exact" if disc else "powerlaw"
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", tails.IntegerDataWarning)
            t0 = time.perf_counter()
            ours = tails.fit_power_law(x, discrete=disc, ks=ks)
            t_fit = time.perf_counter() - t0
        t0 = time.perf_counter()
        ref = _powerlaw_fit(powerlaw, x, disc)
        t_fit_pl = time.perf_counter() - t0
        t0 = time.perf_counter()
        p_ours = tails.goodness_of_fit(ours, n_boot=args.n_boot, seed=args.seed)["p"]
        t_gof = time.perf_counter() - t0
        t0 = time.perf_counter()
        p_pl = _powerlaw_gof(powerlaw, x, ref, args.n_boot, args.seed)
        t_gof_pl = time.perf_counter() - t0
        fit_ratios.append(t_fit_pl / t_fit)
        gof_ratios.append(t_gof_pl / t_gof)
        print(f"{name:10s} {'disc' if disc else 'cont':>5s} {x.size:7d} | {ours.xmin:9.4g}/{ref.xmin:<9.4g} "
              f"{ours.alpha:7.4f}/{ref.power_law.alpha:<7.4f} | "
              f"{t_fit:7.3f}s {t_fit_pl:6.2f}s {fit_ratios[-1]:5.0f}x | "
              f"{t_gof:7.2f}s {t_gof_pl:6.1f}s {gof_ratios[-1]:5.0f}x ({p_ours:.2f}/{p_pl:.2f})", flush=True)
    gm = lambda r: math.exp(np.mean(np.log(r)))  # noqa: E731
    print(f"speed-up (powerlaw time / ours): fit min {min(fit_ratios):.0f}x, "
          f"geometric mean {gm(fit_ratios):.0f}x; "
          f"goodness of fit min {min(gof_ratios):.0f}x, geometric mean {gm(gof_ratios):.0f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
