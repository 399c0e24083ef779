r"""Backtests of the pass@k forecasters of :mod:`heavytail.estimators`.

* :func:`heldout` — real data: keep N of the n samples per problem (hypergeometric thinning), forecast
  −log pass_D@k at a large k, compare with the value measured from all n samples.
* :func:`synthetic` — the paper's grid: p from a (scaled) Beta or Kumaraswamy, P problems, N samples each;
  relative error of the fitted exponent against the true α.

Both return tidy :class:`pandas.DataFrame` s (one row per fit) and have ``quick`` grids for the book's CI run.
The scripts ``bench/backtest_heldout.py`` and ``bench/backtest_synthetic.py`` print their tables.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from . import estimators, planning
from ._validate import check_bool, check_in_range, check_int, check_positive
from .data import thin_counts
from .distributions import kumaraswamy

__all__ = [
    "heldout",
    "synthetic",
    "sequential",
    "summarize_heldout",
    "summarize_synthetic",
    "synthetic_ratios",
    "paired_win_rates",
    "HELDOUT_METHODS",
    "SYNTHETIC_GRID",
    "PAPER_SYNTHETIC_METHODS",
]

#: The forecasters compared on held-out data (keys of :data:`heavytail.estimators.METHODS`).
HELDOUT_METHODS = list(estimators.METHODS)


def _method_list(methods) -> list:
    """``methods`` as a list of names (a single string or a non-iterable is a TypeError)."""
    if isinstance(methods, (str, bytes)) or not hasattr(methods, "__iter__"):
        raise TypeError(f"methods must be a sequence of method names, got {methods!r}")
    return list(methods)


def _check_results(results, columns) -> None:
    """``results`` must be the DataFrame returned by the matching backtest."""
    if not isinstance(results, pd.DataFrame):
        raise TypeError(f"results must be a pandas DataFrame, got {type(results).__name__}")
    missing = [c for c in columns if c not in results.columns]
    if missing:
        raise ValueError(f"results is missing column(s) {missing}; it has {list(results.columns)}")


def _check_grid(grid) -> dict:
    """The synthetic grid with defaults filled in; every entry a non-empty sequence of valid values."""
    if grid is not None and not isinstance(grid, dict):
        raise TypeError(f"grid must be a dict of parameter sequences, got {type(grid).__name__}")
    unknown = sorted(set(grid or {}) - set(SYNTHETIC_GRID))
    if unknown:
        raise ValueError(f"grid has unknown key(s) {unknown}; allowed: {list(SYNTHETIC_GRID)}")
    grid = {**SYNTHETIC_GRID, **(grid or {})}
    for key, values in grid.items():
        if isinstance(values, (str, bytes)) or not hasattr(values, "__iter__") or len(values) == 0:
            raise ValueError(f"grid[{key!r}] must be a non-empty sequence, got {values!r}")
        for v in values:
            if key == "family" and v not in ("beta", "kumaraswamy"):
                raise ValueError(f"grid['family'] must hold 'beta' or 'kumaraswamy', got {v!r}")
            if key in ("alpha", "beta"):
                check_positive(v, f"grid[{key!r}]")
            if key == "scale":
                check_in_range(v, "grid['scale']", 0.0, 1.0, lo_open=True)
            if key in ("P", "N"):
                check_int(v, f"grid[{key!r}]", minimum=1)
    return grid


def _progress(it, disable, desc):
    import warnings

    with warnings.catch_warnings():  # tqdm.auto warns when ipywidgets is absent; the text bar is fine
        warnings.simplefilter("ignore")
        from tqdm.auto import tqdm
    return tqdm(it, disable=disable, desc=desc, leave=False, mininterval=15)



def _check_backtest(counts, reps, seed, progress, sizes, name: str, what: str):
    """The checks the backtests share: a counts table, ``reps``, ``seed``, ``progress`` and a non-empty
    sequence of positive integers ``sizes`` (called ``name``, a sequence of ``what``)."""
    if not isinstance(counts, pd.DataFrame) or not {"n", "c"} <= set(counts.columns):
        raise ValueError(
            "counts must be a DataFrame with columns n and c (as returned by heavytail.data.load_counts)"
        )
    reps = check_int(reps, "reps", minimum=1)
    seed = check_int(seed, "seed", minimum=0)
    check_bool(progress, "progress")
    if isinstance(sizes, (str, bytes)) or not hasattr(sizes, "__iter__"):
        raise TypeError(f"{name} must be a sequence of {what}, got {sizes!r}")
    sizes = [check_int(v, name, minimum=1) for v in sizes]
    if not sizes:
        raise ValueError(f"{name} must hold at least one value, got an empty sequence")
    return reps, seed, sizes

def heldout(counts: pd.DataFrame, *, Ns=(100, 300, 1000), k: int | None = None, reps: int = 20,
            methods=None, seed: int = 0, progress: bool = False) -> pd.DataFrame:
    """Held-out backtest on a counts table with a ``model`` column (or a single model).

    For every model, N in ``Ns`` and repetition, thin the counts to N samples per problem, fit every method,
    forecast −log pass_D@k (k defaults to the smallest n of the table) and record the relative error against
    the value measured from all samples.

    Parameters
    ----------
    counts : pandas.DataFrame
        Columns ``n``, ``c`` and optionally ``model``.
    Ns : sequence of int
        Samples per problem to keep (each at most the smallest n).
    k : int or None
        Forecast horizon (default: the smallest n).
    reps : int
        Thinnings per model and N.
    methods : sequence of str or None
        Keys of :data:`heavytail.estimators.METHODS` (default: :data:`HELDOUT_METHODS`).
    seed : int
        Seed of the thinning.
    progress : bool
        Show a progress bar.

    Returns
    -------
    pandas.DataFrame
        Columns ``model, N, rep, method, forecast, target, rel_error`` (a failed fit has a NaN forecast).

    Raises
    ------
    ValueError
        For bad arguments or N beyond the smallest n.

    Examples
    --------
    >>> import pandas as pd
    >>> from heavytail import backtest
    >>> counts = pd.DataFrame(dict(n=1000, c=[0, 1, 3, 10, 40, 200] * 4))
    >>> r = backtest.heldout(counts, Ns=(100,), reps=1, methods=["least_squares"])
    >>> list(r.columns)
    ['model', 'N', 'rep', 'method', 'forecast', 'target', 'rel_error']
    """
    reps, seed, Ns = _check_backtest(counts, reps, seed, progress, Ns, "Ns", "sample sizes")
    methods = HELDOUT_METHODS if methods is None else _method_list(methods)
    for m in methods:
        if m not in estimators.METHODS:
            raise ValueError(f"methods must be keys of heavytail.estimators.METHODS, got {m!r}")
    df = counts if "model" in counts.columns else counts.assign(model="(all)")
    k = int(df["n"].min()) if k is None else check_int(k, "k", minimum=1)
    rng = np.random.default_rng(seed)
    rows = []
    groups = list(df.groupby("model", sort=False))
    jobs = [(mdl, g, N, r) for mdl, g in groups for N in Ns for r in range(reps)]
    for mdl, g, N, r in _progress(jobs, not progress, "held-out backtest"):
        n, c = g["n"].to_numpy(), g["c"].to_numpy()
        N = check_int(N, "N", minimum=1)
        if N > n.min():
            raise ValueError(f"Ns must not exceed the smallest n ({int(n.min())}), got {N}")
        target = estimators.target_neg_log_pass(n, c, k)
        c_sub = thin_counts(n, c, N, rng)
        if not (c_sub > 0).any():
            continue
        for m in methods:
            try:
                f = estimators.fit(np.full_like(n, N), c_sub, method=m, n_boot=0)
                fc = float(f.neg_log_pass_at_k(k))
            except ValueError:
                fc = np.nan
            rows.append(dict(model=mdl, N=N, rep=r, method=m, forecast=fc, target=target,
                             rel_error=abs(fc - target) / target))
    return pd.DataFrame(rows)


def summarize_heldout(results: pd.DataFrame) -> pd.DataFrame:
    """Median relative error per model (rows) and (N, method) (columns).

    Parameters
    ----------
    results : pandas.DataFrame
        The output of :func:`heldout`.

    Returns
    -------
    pandas.DataFrame
        Medians over repetitions.

    Raises
    ------
    ValueError
        If a column is missing.

    Examples
    --------
    >>> import pandas as pd
    >>> from heavytail import backtest
    >>> r = pd.DataFrame(dict(model="m", N=100, method="ls", rel_error=[0.1, 0.3]))
    >>> float(backtest.summarize_heldout(r).iloc[0, 0])
    0.2
    """
    _check_results(results, ["model", "N", "method", "rel_error"])
    return results.pivot_table(index="model", columns=["N", "method"], values="rel_error", aggfunc="median",
                               sort=False)


#: The paper's synthetic grid; the quick grid keeps one value of each parameter.
SYNTHETIC_GRID = dict(family=("beta", "kumaraswamy"), alpha=(0.15, 0.4), beta=(3.5, 5.0), scale=(0.1, 0.8),
                      P=(64, 128), N=(100, 215, 464, 1000, 2154, 4642, 10000))

#: The methods the paper's synthetic figure compares (its sweep also fits the two binomial-likelihood ones).
PAPER_SYNTHETIC_METHODS = ("paper_least_squares", "paper_discretized_beta", "paper_discretized_kumaraswamy")


def synthetic(*, grid=None, seeds: int = 20, methods=("least_squares", "distributional", "beta_binomial"),
              seed: int = 0, progress: bool = False) -> pd.DataFrame:
    """Relative error of the exponent on synthetic benchmarks (p from the grid's family; c ~ Binomial(N, p)).

    The default grid is the authors' sweep (:data:`SYNTHETIC_GRID`); the metric is theirs, the relative
    exponent error abs(b̂ − α) / α.

    Parameters
    ----------
    grid : dict or None
        Overrides of :data:`SYNTHETIC_GRID` (keys ``family, alpha, beta, scale, P, N``, each a sequence).
    seeds : int
        Benchmarks drawn per cell.
    methods : sequence of str
        Keys of :data:`heavytail.estimators.METHODS`.
    seed : int
        Seed of the draws.
    progress : bool
        Show a progress bar.

    Returns
    -------
    pandas.DataFrame
        Columns ``family, alpha, beta, scale, P, N, seed, method, exponent, rel_error``.

    Raises
    ------
    ValueError
        For a bad grid or method.

    Examples
    --------
    >>> from heavytail import backtest
    >>> grid = dict(family=("beta",), alpha=(0.4,), beta=(3.5,), scale=(0.8,), P=(64,), N=(100,))
    >>> len(backtest.synthetic(grid=grid, seeds=2, methods=("least_squares",)))
    2
    """
    grid = _check_grid(grid)
    methods = _method_list(methods)
    for m in methods:
        if m not in estimators.METHODS:
            raise ValueError(f"methods must be keys of heavytail.estimators.METHODS, got {m!r}")
    check_bool(progress, "progress")
    seeds = check_int(seeds, "seeds", minimum=1)
    rng = np.random.default_rng(check_int(seed, "seed", minimum=0))
    rows = []
    jobs = [(fam, a, b, s, P, N, r) for fam in grid["family"] for a in grid["alpha"] for b in grid["beta"]
            for s in grid["scale"] for P in grid["P"] for N in grid["N"] for r in range(seeds)]
    for fam, a, b, s, P, N, r in _progress(jobs, not progress, "synthetic backtest"):
        dist = stats.beta(a, b, scale=s) if fam == "beta" else kumaraswamy(a, b, scale=s)
        p = dist.rvs(size=P, random_state=rng)
        c = rng.binomial(N, p)
        if not (c > 0).any():
            continue
        for m in methods:
            try:
                f = estimators.fit(np.full(P, N), c, method=m, n_boot=0)
                e = f.exponent
            except ValueError:
                e = np.nan
            rows.append(dict(family=fam, alpha=a, beta=b, scale=s, P=P, N=N, seed=r, method=m, exponent=e,
                             rel_error=abs(e - a) / a))
    return pd.DataFrame(rows)


def summarize_synthetic(results: pd.DataFrame) -> pd.DataFrame:
    """Median relative error of the exponent per N (rows) and method (columns), over the rest of the grid.

    Parameters
    ----------
    results : pandas.DataFrame
        The output of :func:`synthetic`.

    Returns
    -------
    pandas.DataFrame
        Medians.

    Raises
    ------
    ValueError
        If a column is missing.

    Examples
    --------
    >>> import pandas as pd
    >>> from heavytail import backtest
    >>> r = pd.DataFrame(dict(N=100, method="ls", rel_error=[0.1, 0.3]))
    >>> float(backtest.summarize_synthetic(r).iloc[0, 0])
    0.2
    """
    _check_results(results, ["N", "method", "rel_error"])
    return results.pivot_table(index="N", columns="method", values="rel_error", aggfunc="median")


def synthetic_ratios(
    results: pd.DataFrame, method: str, baseline: str = "paper_least_squares"
) -> pd.DataFrame:
    """Per cell of the synthetic grid, the ratio of the baseline's median exponent error to ``method``'s.

    Parameters
    ----------
    results : pandas.DataFrame
        The output of :func:`synthetic`.
    method, baseline : str
        Method names present in ``results``.

    Returns
    -------
    pandas.DataFrame
        Columns ``family, alpha, beta, scale, P, N``, the two medians and ``ratio`` = baseline / method
        (above 1: ``method`` is better; the paper's claim is a ratio of about 10).

    Raises
    ------
    ValueError
        If a column or a method is missing.

    Examples
    --------
    >>> from heavytail import backtest
    >>> grid = dict(family=("beta",), alpha=(0.4,), beta=(3.5,), scale=(0.8,), P=(64,), N=(100,))
    >>> res = backtest.synthetic(grid=grid, seeds=2, methods=("least_squares", "paper_discretized_beta"))
    >>> list(backtest.synthetic_ratios(res, "paper_discretized_beta", "least_squares").columns)[-1]
    'ratio'
    """
    cells = ["family", "alpha", "beta", "scale", "P", "N"]
    _check_results(results, cells + ["method", "rel_error"])
    for arg, m in (("method", method), ("baseline", baseline)):
        if m not in set(results["method"]):
            raise ValueError(
                f"{arg} {m!r} is not a method in results (it has {sorted(set(results['method']))})"
            )
    med = results.groupby(cells + ["method"])["rel_error"].median().unstack("method")
    out = med[[baseline, method]].rename(columns={baseline: f"{baseline} error", method: f"{method} error"})
    out["ratio"] = med[baseline] / med[method]
    return out.reset_index()


def paired_win_rates(results: pd.DataFrame, baseline: str = "least_squares", by: str = "N") -> pd.DataFrame:
    """Share of paired fits (same model, ``by`` and repetition) where each method's error beats the
    baseline's.

    Parameters
    ----------
    results : pandas.DataFrame
        The output of :func:`heldout` (``by="N"``) or :func:`sequential` (``by="budget"``).
    baseline : str
        The method every other one is paired with.
    by : str
        The column that indexes the sample size.

    Returns
    -------
    pandas.DataFrame
        Rows: ``by`` values; columns: methods; values: the fraction of pairs with a strictly smaller relative
        error than the baseline (ties and failed fits count as losses).

    Raises
    ------
    ValueError
        If a column or the baseline is missing.

    Examples
    --------
    >>> import pandas as pd
    >>> from heavytail import backtest
    >>> r = pd.DataFrame(dict(model="m", N=100, rep=[0, 0, 1, 1], method=["ls", "x", "ls", "x"],
    ...                       rel_error=[0.1, 0.05, 0.1, 0.2]))
    >>> float(backtest.paired_win_rates(r, "ls").loc[100, "x"])
    0.5
    """
    if not isinstance(by, str) or (isinstance(results, pd.DataFrame) and by not in results.columns):
        raise ValueError(f"by must name a column of results, got {by!r}")
    _check_results(results, ["model", by, "rep", "method", "rel_error"])
    if baseline not in set(results["method"]):
        raise ValueError(f"baseline {baseline!r} is not in results (it has {sorted(set(results['method']))})")
    wide = results.pivot_table(
        index=["model", by, "rep"], columns="method", values="rel_error", aggfunc="first"
    )
    base = wide[baseline]
    wins = wide.drop(columns=baseline).lt(base, axis=0)
    return wins.groupby(level=by).mean()


def sequential(counts: pd.DataFrame, *, budgets=(100, 300, 1000), k: int | None = None, reps: int = 10,
               methods=None, seed: int = 0, progress: bool = False) -> pd.DataFrame:
    """Equal-budget backtest of :func:`heavytail.planning.sequential_forecast` on recorded counts.

    For every model, budget (samples per problem on average; the total is budget · P) and repetition, each
    method spends the same total budget by drawing without replacement from every problem's recorded
    outcomes (:func:`heavytail.planning.pool_sampler`), forecasts −log pass_D@k (default: the smallest n)
    and is scored against the value measured from all the records.

    Parameters
    ----------
    counts : pandas.DataFrame
        Columns ``n``, ``c`` and optionally ``model``.
    budgets : sequence of int
        Average samples per problem.
    k : int or None
        Forecast horizon.
    reps : int
        Repetitions (independent draws) per model and budget.
    methods : sequence of str or None
        Keys of :data:`heavytail.planning.SEQUENTIAL_METHODS` (default: the dynamic rounds and the uniform
        baseline; ``"rounds_posterior"`` takes about a second per fit).
    seed : int
        Seed of the draws.
    progress : bool
        Show a progress bar.

    Returns
    -------
    pandas.DataFrame
        Columns ``model, budget, rep, method, forecast, target, rel_error``.

    Raises
    ------
    ValueError
        For bad arguments or a budget beyond the smallest record.

    Examples
    --------
    >>> import pandas as pd
    >>> from heavytail import backtest
    >>> counts = pd.DataFrame(dict(n=1000, c=[0, 1, 3, 10, 40, 200] * 4))
    >>> r = backtest.sequential(counts, budgets=(50,), reps=1)
    >>> sorted(r["method"].unique())
    ['tail_rounds', 'uniform_least_squares']
    """
    reps, seed, budgets = _check_backtest(counts, reps, seed, progress, budgets, "budgets",
                                          "samples per problem")
    methods = ["tail_rounds", "uniform_least_squares"] if methods is None else _method_list(methods)
    for m in methods:
        if m not in planning.SEQUENTIAL_METHODS:
            raise ValueError(f"methods must be among {planning.SEQUENTIAL_METHODS}, got {m!r}")
    df = counts if "model" in counts.columns else counts.assign(model="(all)")
    k = int(df["n"].min()) if k is None else check_int(k, "k", minimum=1)
    if max(budgets) > df["n"].min():
        raise ValueError(f"budgets must not exceed the smallest n ({int(df['n'].min())}), got {max(budgets)}")
    rows = []
    jobs = [
        (mdl, g, b, r) for mdl, g in df.groupby("model", sort=False) for b in budgets for r in range(reps)
    ]
    for mdl, g, b, r in _progress(jobs, not progress, "sequential backtest"):
        n, c = g["n"].to_numpy(), g["c"].to_numpy()
        target = estimators.target_neg_log_pass(n, c, k)
        for j, m in enumerate(methods):
            draw = planning.pool_sampler(n, c, np.random.default_rng([seed, r, b, j]))
            try:
                f = planning.sequential_forecast(draw, n.size, b * n.size, k, method=m, seed=r, n_boot=0)
                fc = float(f.neg_log_pass_at_k(k))
            except ValueError:
                fc = np.nan
            rows.append(dict(model=mdl, budget=b, rep=r, method=m, forecast=fc, target=target,
                             rel_error=abs(fc - target) / target))
    return pd.DataFrame(rows)
