r"""Where to spend the next samples: an allocation rule for a sampling budget, and a simulation to judge it.

Problems already solved many times carry almost no information about the tail of the difficulty
distribution, which is what the forecast of −log pass_D@k at large k depends on; problems never or rarely
solved carry all of it. :func:`allocate` spreads a budget of extra samples over problems by a rule
(``"uniform"``, or ``"fewest_successes"``: weight 1/(c_i + 1)^γ, favouring the hardest problems),
and :func:`simulate_plan` measures, on a benchmark with known per-problem probabilities, how much each rule
reduces the forecast error per sample spent.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from scipy import special

from . import estimators, passk
from ._validate import as_rng, check_counts, check_int, check_positive, check_probability
from .scaling import loglog_slope

__all__ = ["allocate", "simulate_plan", "RULES", "sequential_forecast", "pool_sampler", "plan_next",
           "SEQUENTIAL_METHODS", "SEQUENTIAL_RECOMMENDED"]

RULES = ("uniform", "fewest_successes", "unsolved_only")


def allocate(n, c, budget: int, rule: str = "fewest_successes", *, gamma: float = 2.0) -> np.ndarray:
    """Extra samples per problem (integers summing to ``budget``) under ``rule``.

    * ``"uniform"`` — the same number for every problem (the remainder to the first problems);
    * ``"fewest_successes"`` — proportional to ``1 / (c_i + 1)**gamma``;
    * ``"unsolved_only"`` — only problems with ``c_i = 0`` (uniform if every problem is solved).

    Parameters
    ----------
    n, c : array_like of int
        Samples and successes so far per problem.
    budget : int
        Extra samples to allocate (≥ 0).
    rule : str
        One of :data:`RULES`.
    gamma : float
        Exponent of the ``"fewest_successes"`` weights (≥ 0).

    Returns
    -------
    numpy.ndarray
        Extra samples per problem, with the shape of ``c``.

    Raises
    ------
    ValueError
        For invalid counts, a negative budget, a negative ``gamma`` or an unknown rule.

    Examples
    --------
    >>> from heavytail import planning
    >>> planning.allocate([10, 10, 10], [0, 1, 5], 30, "unsolved_only").tolist()
    [30, 0, 0]
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

    Parameters
    ----------
    p : array_like of float
        True per-problem success probabilities.
    n0 : int
        Initial samples per problem.
    budgets : sequence of int
        Extra budgets to compare.
    k : int
        Forecast horizon.
    rules : sequence of str
        Rules of :func:`allocate`.
    reps : int
        Repetitions.
    method : str or None
        Forecaster (a key of :data:`heavytail.estimators.METHODS`; None: the recommended one).
    seed : int
        Seed.

    Returns
    -------
    pandas.DataFrame
        One row per repetition, budget and rule.

    Raises
    ------
    ValueError
        For bad arguments.

    Examples
    --------
    >>> from heavytail import planning
    >>> r = planning.simulate_plan([0.01, 0.1, 0.3] * 10, 20, [0, 300], k=1000, rules=("uniform",), reps=1)
    >>> len(r)
    2
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


# ----------------------------------------------------------------------------------------------------------
# Dynamic sampling: spend a budget in rounds, forecast from the first-success times
# ----------------------------------------------------------------------------------------------------------

#: Forecasters that :func:`sequential_forecast` accepts as ``method``; ``None`` selects
#: :data:`SEQUENTIAL_RECOMMENDED`.
SEQUENTIAL_METHODS = ("tail_rounds", "rounds_posterior", "uniform_least_squares")

#: The sequential method that ``sequential_forecast(method=None)`` uses (rule stated in notebook 06).
SEQUENTIAL_RECOMMENDED = "tail_rounds"



def _log_surv_batch(b, s, u):
    """log P(first success of a batch of b draws with s successes comes after position u), u <= b."""
    return (special.gammaln(b - s + 1.0) - special.gammaln(b - s - u + 1.0)
            - special.gammaln(b + 1.0) + special.gammaln(b - u + 1.0))


def _survival(B, S, t, rho=None):
    """(P,) estimates of P(no success in the first t draws) for each problem, from its rounds.

    ``B``, ``S``: (R, P) draws and successes per round. Problems observed to depth >= t use the exact
    exchangeable estimate (0 once a success precedes t's round; inside a round the hypergeometric ratio);
    problems never solved and observed to a depth n < t use the tail model ``rho(n, t)``, the probability of
    staying unsolved from n to t draws.
    """
    cum = np.cumsum(B, axis=0)
    prev = cum - B
    depth = cum[-1]
    solved_before = np.cumsum(S, axis=0) - S  # successes in earlier rounds
    out = np.ones(B.shape[1])
    for i in range(B.shape[1]):
        if depth[i] < t:
            if S[:, i].sum() > 0:
                out[i] = 0.0
            else:
                out[i] = 1.0 if rho is None else min(1.0, float(rho(depth[i], t)))
            continue
        r = int(np.searchsorted(cum[:, i], t))  # the round holding draw t
        if solved_before[r, i] > 0:
            out[i] = 0.0
        else:
            u = t - prev[r, i]
            b, s = B[r, i], S[r, i]
            out[i] = 0.0 if b - s < u else float(np.exp(_log_surv_batch(b, s, u)))
    return out


def _t_observed(B, S):
    """The largest t at which every problem's survival is observed (no unsolved problem is censored)."""
    depth = B.sum(axis=0)
    unsolved = S.sum(axis=0) == 0
    return int(depth[unsolved].min()) if unsolved.any() else int(depth.max())


def _tail_line(B, S):
    """(a, b) of the line through log(−log pass_D@t) against log t for t <= t_obs, from the rounds."""
    t_obs = _t_observed(B, S)
    ts = estimators.default_ks(max(t_obs, 2))
    with np.errstate(divide="ignore"):  # a survival of 1 (nothing solved yet at t) is y = inf, dropped below
        y = np.array([-np.log1p(-min(_survival(B, S, int(t)).mean(), 1.0)) for t in ts])
    ok = np.isfinite(y) & (y > 0)
    if ok.sum() < 2:
        return np.nan, np.nan
    slope, icept = loglog_slope(ts[ok], y[ok], base=np.e)
    return float(np.exp(icept)), float(-slope)


def _tail_forecast_fn(B, S):
    a, b = _tail_line(B, S)
    if not (np.isfinite(a) and np.isfinite(b)):
        raise ValueError("fewer than two depths with pass_D@t < 1: the survival curve has no slope to fit")

    def s_fit(t):  # the fitted benchmark survival 1 - pass_D@t
        return -np.expm1(-a * np.asarray(t, dtype=float) ** (-b))

    def rho(n, t):  # P(unsolved at t | unsolved at n) under the fitted curve
        with np.errstate(divide="ignore", invalid="ignore"):
            r = s_fit(t) / s_fit(n)
        return r if np.isfinite(r) else 1.0

    def forecast(k):
        k_arr = np.atleast_1d(np.asarray(k, dtype=float))
        out = np.empty(k_arr.shape)
        for j, kk in enumerate(k_arr.ravel()):
            fail = _survival(B, S, float(kk), rho).mean()
            with np.errstate(divide="ignore"):
                out.ravel()[j] = -np.log1p(-min(fail, 1.0))
        return out

    return a, b, forecast


def _make_tail_fit(B, S, n_boot, seed):
    pref, alpha, forecast = _tail_forecast_fn(B, S)
    n, c = B.sum(axis=0), S.sum(axis=0)
    t_obs = _t_observed(B, S)
    return estimators.PassAtKFit(
        method="sequential[tail_rounds]", exponent=alpha, prefactor=pref,
        params={"a": pref, "b": alpha, "t_observed": t_obs, "rounds": B.shape[0], "draws": B, "successes": S},
        n=n.astype(np.int64), c=c.astype(np.int64), dist=None, _forecast=forecast,
        _refit=lambda idx: _make_tail_fit(B[:, idx], S[:, idx], 0, 0), n_boot=n_boot, seed=seed)


def _spread(total, P_idx, rng):
    """``total`` draws split as evenly as possible over the problems ``P_idx`` (random ones get the
    remainder)."""
    m = len(P_idx)
    base = np.full(m, total // m, dtype=np.int64)
    base[rng.permutation(m)[: total - base.sum()]] += 1
    return base


def _check_draw(draw, i, m, got):
    try:
        v = int(got)
    except (TypeError, ValueError):
        raise ValueError(f"draw({i}, {m}) must return a number of successes, got {got!r}") from None
    if v != got or not 0 <= v <= m:
        raise ValueError(f"draw({i}, {m}) must return an integer between 0 and {m}, got {got!r}")
    return v


def sequential_forecast(draw, n_problems: int, budget: int, k, *, method=None, seed=0, n0=None,
                        growth: float = 2.0, n_boot: int = 200):
    r"""Spend a sampling budget adaptively over problems and forecast −log pass_D@k.

    Parameters
    ----------
    draw : callable
        ``draw(i, m)`` returns the number of successes in ``m`` new samples of problem ``i`` (0-based): the
        caller's sampler, a live model or a pool of recorded samples (:func:`pool_sampler`).
    n_problems : int
        Number of problems P.
    budget : int
        Total number of samples to spend (at least one per problem).
    k : float or array_like
        Number of attempts at which the forecast is wanted. It does not change the allocation; it is
        checked (k >= 1) and stored as ``params["k"]``.
    method : str or None
        ``None`` uses :data:`SEQUENTIAL_RECOMMENDED`. ``"tail_rounds"``: geometric rounds on the problems not
        yet solved — every problem gets ``n0`` samples (default: budget / (8P), at least 1), then every
        problem still without a success is brought to ``growth`` times its depth, round after round; the last
        round spreads what is left evenly over the unsolved problems. The forecast treats solved problems
        as solved (they contribute nothing at k beyond their depth) and gives each unsolved problem observed
        to depth n the probability :math:`(n/k)^{\hat b}` of staying unsolved, where :math:`\hat b` is the
        log-log slope of the benchmark's first-success survival curve over its last decade of observed
        depths (the left-tail exponent of the distribution of p, read off the first-success times rather
        than assumed from a Beta). ``"rounds_posterior"``: the same rounds, then a scaled Kumaraswamy fitted
        by the exact binomial-mixture likelihood (scale fitted) and each problem's posterior forecast
        (:func:`heavytail.estimators.fit` with ``method="kumaraswamy_posterior"``; the likelihood of counts
        whose sample sizes depended on earlier outcomes is unchanged). ``"uniform_least_squares"``: budget / P
        samples per problem and the line
        fit of :func:`heavytail.estimators.fit_least_squares` (the equal-budget baseline).
    seed : int
        Seed for the random split of the last round (and the bootstrap).
    n0 : int or None
        First-round samples per problem for ``"tail_rounds"``.
    growth : float
        Depth multiplier per round (> 1).
    n_boot : int
        Bootstrap resamples over problems for ``.interval``.

    Returns
    -------
    PassAtKFit
        With ``.neg_log_pass_at_k(k)``, ``.interval(k, level)``, ``.n`` (samples spent per problem) and
        ``.c``.

    Raises
    ------
    ValueError
        For a bad argument, a budget below one sample per problem, a ``draw`` that returns something other
        than an integer in [0, m], or counts with no success at all.

    Examples
    --------
    >>> import numpy as np
    >>> from heavytail import planning
    >>> rng = np.random.default_rng(0)
    >>> p = 0.3 * rng.beta(0.3, 3.0, 64)
    >>> draw = lambda i, m: int(rng.binomial(m, p[i]))
    >>> f = planning.sequential_forecast(draw, 64, 6400, 10_000, n_boot=0)
    >>> int(f.n.sum())
    6400
    """
    if not callable(draw):
        raise TypeError(f"draw must be a callable draw(i, m) -> successes, got {type(draw).__name__}")
    P = check_int(n_problems, "n_problems", minimum=1)
    budget = check_int(budget, "budget", minimum=1)
    if budget < P:
        raise ValueError(f"budget must be at least one sample per problem (n_problems={P}), got {budget}")
    k_arr = estimators._k(k)  # noqa: SLF001 - the shared k check
    name = SEQUENTIAL_RECOMMENDED if method is None else method
    if name not in SEQUENTIAL_METHODS:
        raise ValueError(f"method must be None or one of {SEQUENTIAL_METHODS}, got {method!r}")
    growth = check_positive(growth, "growth")
    if growth <= 1.0:
        raise ValueError(f"growth must be > 1, got {growth!r}")
    n_boot = check_int(n_boot, "n_boot", minimum=0)
    n0 = max(1, budget // (8 * P)) if n0 is None else check_int(n0, "n0", minimum=1)
    rng = as_rng(seed, "seed")
    seed_int = check_int(seed, "seed", minimum=0) if not isinstance(seed, np.random.Generator) else 0
    if name == "uniform_least_squares":
        m = _spread(budget, np.arange(P), rng)
        c = np.array([_check_draw(draw, i, int(m[i]), draw(i, int(m[i]))) for i in range(P)])
        f = estimators.fit_least_squares(m, c, n_boot=n_boot, seed=seed_int)
        f.params["k"] = k_arr
        return f
    n0 = min(n0, budget // P)
    rounds_B, rounds_S = [], []
    depth = np.zeros(P, dtype=np.int64)
    solved = np.zeros(P, dtype=bool)
    left = budget
    target = n0
    while left > 0:
        if not rounds_B:
            todo, want = np.arange(P), np.full(P, n0, dtype=np.int64)
        elif solved.all():  # everything solved: the rest refines the survival curve uniformly
            todo = np.arange(P)
            want = _spread(left, todo, rng)
        else:
            target = int(np.ceil(target * growth))
            todo = np.flatnonzero(~solved)
            want = target - depth[todo]
        if want.sum() > left:
            want = _spread(left, todo, rng)
        Bm, Sm = np.zeros(P, dtype=np.int64), np.zeros(P, dtype=np.int64)
        for j, i in enumerate(todo):
            m = int(want[j])
            if m > 0:
                Sm[i] = _check_draw(draw, int(i), m, draw(int(i), m))
                Bm[i] = m
        rounds_B.append(Bm)
        rounds_S.append(Sm)
        depth += Bm
        solved |= Sm > 0
        left -= int(Bm.sum())
    B, S = np.array(rounds_B), np.array(rounds_S)
    if S.sum() == 0:
        raise ValueError("no success in the whole budget: there is no information on how pass@k grows")
    # the likelihood of adaptively stopped counts is still the binomial mixture's
    if name == "rounds_posterior":
        f = estimators.fit(B.sum(axis=0), S.sum(axis=0), method="kumaraswamy_posterior", n_boot=n_boot,
                           seed=seed_int)
        f.method = "sequential[rounds_posterior]"
    else:
        f = _make_tail_fit(B, S, n_boot, seed_int)
    f.params["k"] = k_arr
    return f


def pool_sampler(n, c, seed=0):
    """A ``draw(i, m)`` that samples without replacement from recorded outcomes (n_i samples, c_i successes).

    Parameters
    ----------
    n, c : array_like of int
        Recorded samples and successes per problem.
    seed : int or numpy.random.Generator
        Randomness of the draws.

    Returns
    -------
    callable
        ``draw(i, m)``: successes among ``m`` further samples of problem ``i`` drawn without replacement from
        what is left of its record; asking for more than is left is a ``ValueError``.

    Raises
    ------
    ValueError
        For invalid counts.

    Examples
    --------
    >>> from heavytail import planning
    >>> draw = planning.pool_sampler([10, 10], [10, 0])
    >>> draw(0, 3), draw(1, 3)
    (3, 0)
    """
    n_arr, c_arr = check_counts(n, c)
    n_arr, c_arr = np.broadcast_arrays(n_arr, c_arr)
    n_left, c_left = n_arr.ravel().astype(np.int64).copy(), c_arr.ravel().astype(np.int64).copy()
    rng = as_rng(seed, "seed")

    def draw(i, m):
        i, m = int(i), int(m)
        if not 0 <= i < n_left.size:
            raise ValueError(f"i must be a problem index in [0, {n_left.size}), got {i}")
        if not 0 <= m <= n_left[i]:
            raise ValueError(
                f"m must be between 0 and the {int(n_left[i])} samples left of problem {i}, got {m}"
            )
        s = int(rng.hypergeometric(c_left[i], n_left[i] - c_left[i], m)) if m else 0
        n_left[i] -= m
        c_left[i] -= s
        return s

    return draw


def _water_fill(depth, budget):
    """Integers summing to ``budget`` that raise the smallest depths first (ties: lower index first)."""
    extra = np.zeros(depth.size, dtype=np.int64)
    if budget == 0 or depth.size == 0:
        return extra
    order = np.argsort(depth, kind="stable")
    d = depth[order].astype(float)
    # the level L with sum(max(0, L - d)) = budget, found on the sorted depths
    csum = np.cumsum(d)
    for j in range(1, d.size + 1):
        level = (budget + csum[j - 1]) / j
        if j == d.size or level <= d[j]:
            break
    base = np.maximum(np.floor(level - d[:j]), 0).astype(np.int64)
    rest = budget - int(base.sum())
    base[:rest] += 1  # rest < j: one more sample to the shallowest problems
    extra[order[:j]] = base
    return extra


def plan_next(n, c, budget: int, *, method=None) -> pd.DataFrame:
    """Which problems to sample next, and how many times, under the sequential forecaster's allocation.

    Parameters
    ----------
    n, c : array_like of int
        Samples so far and successes so far per problem.
    budget : int
        Number of new samples to allocate.
    method : str or None
        ``None`` follows :data:`SEQUENTIAL_RECOMMENDED`. ``"uniform_least_squares"`` raises the shallowest
        problems first until depths are equal (uniform sampling); ``"tail_rounds"`` does the same over the
        problems never solved only (all problems if every one has a success), which is what the geometric
        rounds of :func:`sequential_forecast` do while none of them gets solved.

    Returns
    -------
    pandas.DataFrame
        One row per problem: ``problem`` (0-based position), ``n``, ``c``, ``extra`` (new samples, summing to
        ``budget``) and ``n_after``.

    Raises
    ------
    ValueError
        For invalid counts, a negative budget or an unknown method.

    Examples
    --------
    >>> from heavytail import planning
    >>> planning.plan_next([10, 10, 10], [0, 3, 0], 10, method="tail_rounds")["extra"].tolist()
    [5, 0, 5]
    """
    n_arr, c_arr = check_counts(n, c)
    n_arr, c_arr = np.broadcast_arrays(n_arr, c_arr)
    n_arr, c_arr = n_arr.ravel().astype(np.int64), c_arr.ravel().astype(np.int64)
    budget = check_int(budget, "budget", minimum=0)
    name = SEQUENTIAL_RECOMMENDED if method is None else method
    if name not in SEQUENTIAL_METHODS:
        raise ValueError(f"method must be None or one of {SEQUENTIAL_METHODS}, got {method!r}")
    pool = np.arange(n_arr.size)
    if name == "tail_rounds" and (c_arr == 0).any():
        pool = np.flatnonzero(c_arr == 0)
    extra = np.zeros(n_arr.size, dtype=np.int64)
    extra[pool] = _water_fill(n_arr[pool], budget)
    return pd.DataFrame({"problem": np.arange(n_arr.size), "n": n_arr, "c": c_arr, "extra": extra,
                         "n_after": n_arr + extra})
