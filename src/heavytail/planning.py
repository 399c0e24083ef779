r"""Where to spend the next samples: an allocation rule for a sampling budget, and a simulation to judge it.

Problems already solved many times carry almost no information about the tail of the difficulty
distribution, which is what the forecast of −log pass_D@k at large k depends on; problems never or rarely
solved carry all of it. :func:`allocate` spreads a budget of extra samples over problems by a rule
(``"uniform"``, or ``"fewest_successes"``: weight 1/(c_i + 1)^γ, favouring the hardest problems), and
:func:`simulate_plan` measures, on a benchmark with known per-problem probabilities, how much each rule
reduces the forecast error per sample spent.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import estimators, passk
from ._validate import as_rng, check_counts, check_int, check_positive, check_probability

__all__ = ["allocate", "simulate_plan", "RULES"]

RULES = ("uniform", "fewest_successes", "unsolved_only")


def allocate(n, c, budget: int, rule: str = "fewest_successes", *, gamma: float = 2.0) -> np.ndarray:
    """Extra samples per problem (integers summing to ``budget``) under ``rule``.

    * ``"uniform"`` — the same number for every problem (the remainder to the first problems);
    * ``"fewest_successes"`` — proportional to ``1 / (c_i + 1)**gamma``;
    * ``"unsolved_only"`` — only problems with ``c_i = 0`` (uniform if every problem is solved).
    """
    n_arr, c_arr = check_counts(n, c)
    n_arr, c_arr = np.broadcast_arrays(n_arr, c_arr)
    budget = check_int(budget, "budget", minimum=0)
    gamma = check_positive(gamma, "gamma", strict=False)
    if rule not in RULES:
        raise ValueError(f"rule must be one of {RULES}, got {rule!r}")
    P = c_arr.size
    if rule == "uniform":
        w = np.ones(P)
    elif rule == "fewest_successes":
        w = 1.0 / (c_arr.ravel() + 1.0) ** gamma
    else:
        w = (c_arr.ravel() == 0).astype(float)
        if w.sum() == 0:
            w = np.ones(P)
    share = budget * w / w.sum()
    extra = np.floor(share).astype(np.int64)
    rest = budget - extra.sum()
    order = np.argsort(-(share - extra), kind="stable")
    extra[order[:rest]] += 1
    return extra.reshape(c_arr.shape)


def simulate_plan(p, n0: int, budgets, *, k: int = 10_000, rules=("uniform", "fewest_successes"),
                  reps: int = 20, method=None, seed=0) -> pd.DataFrame:
    """Forecast error after spending each budget under each rule, on a benchmark with true probabilities
    ``p``.

    Every repetition draws ``n0`` samples per problem, allocates each budget by each rule (the same initial
    counts for every rule), draws the extra samples, fits :func:`heavytail.estimators.fit` (``method``) and
    records the relative error of the forecast of −log pass_D@k against the exact value
    ``-log(1 - mean_i (1 - p_i)^k)``. Returns columns ``budget, rule, rep, forecast, truth, rel_error,
    samples`` (total samples spent, initial ones included).
    """
    p_arr = check_probability(p, "p").ravel()
    n0 = check_int(n0, "n0", minimum=1)
    k = check_int(k, "k", minimum=1)
    reps = check_int(reps, "reps", minimum=1)
    budgets = [check_int(b, "budgets", minimum=0) for b in np.atleast_1d(budgets)]
    if method is not None and method not in estimators.METHODS:
        raise ValueError(f"method must be None or one of {list(estimators.METHODS)}, got {method!r}")
    if isinstance(rules, (str, bytes)) or not hasattr(rules, "__iter__"):
        raise TypeError(f"rules must be a sequence of rule names, got {rules!r}")
    for r in rules:
        if r not in RULES:
            raise ValueError(f"rules must be among {RULES}, got {r!r}")
    truth = float(passk.neg_log_pass_at_k(p_arr, k))
    rng = as_rng(seed, "seed")
    rows = []
    P = p_arr.size
    for rep in range(reps):
        c0 = rng.binomial(n0, p_arr)
        n_init = np.full(P, n0)
        for budget in budgets:
            for rule in rules:
                extra = allocate(n_init, c0, budget, rule)
                c = c0 + rng.binomial(extra, p_arr)
                n = n_init + extra
                try:
                    fc = float(estimators.fit(n, c, method=method, n_boot=0).neg_log_pass_at_k(k))
                except ValueError:
                    fc = np.nan
                rows.append(dict(budget=budget, rule=rule, rep=rep, forecast=fc, truth=truth,
                                 rel_error=abs(fc - truth) / truth, samples=int(n.sum())))
    return pd.DataFrame(rows)
