r"""Repeated sampling at matched inference compute: is a bigger model or more samples the better buy?

A model with :math:`N` parameters spends about :math:`2N` floating-point operations per generated token,
so at equal generation lengths the inference compute of :math:`k` samples is proportional
to :math:`N k`. Given per-problem success counts of several models (``n`` samples, ``c`` correct), this
module puts every model's benchmark pass@k on one compute axis :math:`C = N k` and asks, at each
budget, which model is best, and where two models' curves cross.

Public functions
----------------
PYTHIA_PARAMS                 total and non-embedding parameter counts of the Pythia suite
compute_matched_curves        benchmark pass@k against compute N·k for every model
best_model_by_compute         the best model (and its pass@k) at each compute budget
crossover_budgets             budgets where one model's curve crosses another's
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._validate import as_float_array, as_int_array
from .passk import pass_at_k

__all__ = ["PYTHIA_PARAMS", "compute_matched_curves", "best_model_by_compute", "crossover_budgets"]

#: Parameter counts of the Pythia models (EleutherAI's model card, "Naming convention and parameter
#: count"; Biderman et al. 2023): ``(total, non-embedding)``. Pythia's input and output embeddings are
#: untied, and the output projection is a matrix product at every generated token, so the *total*
#: count is the better proxy for inference FLOPs; the non-embedding count is the one scaling laws use.
PYTHIA_PARAMS = {
    "Pythia 70M": (70_426_624, 18_915_328),
    "Pythia 160M": (162_322_944, 85_056_000),
    "Pythia 410M": (405_334_016, 302_311_424),
    "Pythia 1B": (1_011_781_632, 805_736_448),
    "Pythia 1.4B": (1_414_647_808, 1_208_602_624),
    "Pythia 2.8B": (2_775_208_960, 2_517_652_480),
    "Pythia 6.9B": (6_857_302_016, 6_444_163_072),
    "Pythia 12B": (11_846_072_320, 11_327_027_200),
}


def _check_frame(frame, name: str, columns: tuple[str, ...], kind: str) -> pd.DataFrame:
    """``frame`` if it is a non-empty DataFrame with ``columns``; ``kind`` (with its trailing punctuation)
    describes it in the TypeError."""
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"{name} must be {kind} got {type(frame).__name__}")
    missing = set(columns) - set(frame.columns)
    if missing:
        raise ValueError(f"{name} must have columns {', '.join(columns)}; missing {sorted(missing)}")
    if len(frame) == 0:
        raise ValueError(f"{name} must not be empty")
    return frame


def _check_counts_frame(counts) -> pd.DataFrame:
    return _check_frame(counts, "counts", ("model", "n", "c"), "a pandas DataFrame with columns model, n, c;")


def _check_params(n_params, models) -> dict:
    if not isinstance(n_params, dict):
        raise TypeError(f"n_params must be a dict mapping model name to parameter count, got {n_params!r}")
    out = {}
    for m in models:
        if m not in n_params:
            raise ValueError(f"n_params has no entry for model {m!r}")
        v = n_params[m]
        if isinstance(v, (bool, np.bool_)) or not isinstance(v, (int, float, np.integer, np.floating)) \
                or not np.isfinite(v) or v <= 0:
            raise ValueError(f"n_params[{m!r}] must be a positive number, got {v!r}")
        out[m] = float(v)
    return out


def compute_matched_curves(counts, n_params, ks=None) -> pd.DataFrame:
    """Benchmark pass@k of every model against inference compute ``C = N · k``.

    Parameters
    ----------
    counts : pandas.DataFrame
        Columns ``model``, ``n``, ``c`` (one row per model and problem), as
        from :func:`heavytail.data.load_counts`.
    n_params : dict
        Parameter count ``N`` of every model in ``counts`` (e.g. the totals of :data:`PYTHIA_PARAMS`).
    ks : array_like of int, optional
        Numbers of samples to evaluate, each ``1 <= k <= min(n)``; default about 60 log-spaced values
        from 1 to the smallest ``n``.

    Returns
    -------
    pandas.DataFrame
        Columns ``model``, ``params``, ``k``, ``compute`` (``N · k``, in parameter-samples) and
        ``pass_at_k`` (the mean over problems of the unbiased per-problem estimate), models in the
        order in which they first appear in ``counts``.

    Raises
    ------
    ValueError
        If columns are missing, a model has no parameter count, a count is not positive, or a ``k``
        exceeds the smallest ``n``.
    TypeError
        If ``counts`` is not a DataFrame or ``n_params`` not a dict.

    Examples
    --------
    >>> df = pd.DataFrame({"model": ["a", "a", "b", "b"], "n": 10, "c": [1, 0, 5, 2]})
    >>> curves = compute_matched_curves(df, {"a": 1.0, "b": 10.0}, ks=[1, 10])
    >>> curves[["model", "k", "compute"]].values.tolist()
    [['a', 1, 1.0], ['a', 10, 10.0], ['b', 1, 10.0], ['b', 10, 100.0]]
    """
    counts = _check_counts_frame(counts)
    models = list(dict.fromkeys(counts["model"]))
    params = _check_params(n_params, models)
    n_min = int(counts["n"].min())
    if ks is None:
        ks = np.unique(np.round(np.logspace(0, np.log10(max(n_min, 1)), 60)).astype(int))
    ks = as_int_array(ks, "ks", minimum=1)
    if ks.ndim != 1:
        raise ValueError(f"ks must be 1-dimensional, got shape {ks.shape}")
    ks = np.unique(ks)
    if ks.max() > n_min:
        raise ValueError(f"ks must not exceed the smallest n ({n_min}), got {int(ks.max())}")
    rows = []
    for m in models:
        sub = counts[counts["model"] == m]
        n = sub["n"].to_numpy()
        c = sub["c"].to_numpy()
        vals = pass_at_k(n[:, None], c[:, None], ks[None, :]).mean(axis=0)
        for k, v in zip(ks, vals):
            rows.append({"model": m, "params": params[m], "k": int(k), "compute": params[m] * int(k),
                         "pass_at_k": float(v)})
    return pd.DataFrame(rows)


def _interp(curve: pd.DataFrame, log_c: np.ndarray) -> np.ndarray:
    """pass@k of one model at log-compute ``log_c``, linear in log compute; NaN outside its range."""
    x = np.log(curve["compute"].to_numpy(float))
    y = curve["pass_at_k"].to_numpy(float)
    out = np.interp(log_c, x, y)
    return np.where((log_c < x[0] - 1e-12) | (log_c > x[-1] + 1e-12), np.nan, out)


def _check_curves(curves) -> pd.DataFrame:
    return _check_frame(curves, "curves", ("model", "compute", "pass_at_k"),
                        "the DataFrame of compute_matched_curves,")


def best_model_by_compute(curves, budgets) -> pd.DataFrame:
    """At each compute budget, the model whose pass@k is highest (interpolated in log compute).

    A model is a candidate at budget ``C`` only if ``C / N`` lies within the range of ``k`` it was
    evaluated at (at least one sample, at most its ``n``): a budget too small for one sample of a
    large model, or so large that a small model would need more samples than were drawn, excludes it.

    Parameters
    ----------
    curves : pandas.DataFrame
        The output of :func:`compute_matched_curves`.
    budgets : array_like
        Positive compute budgets, in the units of ``curves["compute"]``.

    Returns
    -------
    pandas.DataFrame
        Columns ``compute``, ``best_model`` (None where no model is a candidate), ``pass_at_k`` and
        ``n_candidates``.

    Raises
    ------
    ValueError
        If a budget is not positive or ``curves`` lacks columns.
    TypeError
        If ``curves`` is not a DataFrame.

    Examples
    --------
    >>> df = pd.DataFrame({"model": ["a", "a", "b", "b"], "n": 10, "c": [1, 0, 5, 2]})
    >>> curves = compute_matched_curves(df, {"a": 1.0, "b": 10.0}, ks=[1, 10])
    >>> best_model_by_compute(curves, [10.0])["best_model"].tolist()   # a: pass@10 = 0.5 > b: pass@1 = 0.35
    ['a']
    """
    curves = _check_curves(curves)
    b = as_float_array(budgets, "budgets", ndim=1)
    if np.any(b <= 0):
        raise ValueError(f"budgets must be positive, got min {float(b.min())!r}")
    log_b = np.log(b)
    models = list(dict.fromkeys(curves["model"]))
    table = np.vstack([_interp(curves[curves["model"] == m].sort_values("compute"), log_b) for m in models])
    n_cand = np.isfinite(table).sum(axis=0)
    best = np.where(n_cand > 0, np.nanargmax(np.where(np.isfinite(table), table, -np.inf), axis=0), -1)
    names = pd.Series([models[i] if i >= 0 else None for i in best], dtype=object)
    return pd.DataFrame({"compute": b, "best_model": names,
                         "pass_at_k": [table[i, j] if i >= 0 else np.nan for j, i in enumerate(best)],
                         "n_candidates": n_cand})


def crossover_budgets(curves, model_a, model_b, *, n_grid=2000) -> np.ndarray:
    """Compute budgets at which the pass@k curves of two models cross.

    Both curves are interpolated linearly in log compute on a common grid of ``n_grid`` points over the
    budgets where both are defined; a crossing is a sign change of their difference, located by linear
    interpolation between grid points.

    Parameters
    ----------
    curves : pandas.DataFrame
        The output of :func:`compute_matched_curves`.
    model_a, model_b : str
        Two different models of ``curves``.
    n_grid : int, optional
        Grid size, ``>= 10``.

    Returns
    -------
    numpy.ndarray
        The crossing budgets in increasing order (empty if the curves do not cross, or do not overlap).

    Raises
    ------
    ValueError
        If a model is not in ``curves``, the two models are the same, or ``n_grid < 10``.
    TypeError
        If ``curves`` is not a DataFrame.

    Examples
    --------
    >>> df = pd.DataFrame({"model": ["a"] * 2 + ["b"] * 2, "n": 100, "c": [100, 1, 100, 40]})
    >>> curves = compute_matched_curves(df, {"a": 1.0, "b": 10.0})
    >>> crossover_budgets(curves, "a", "b").size   # b leads with few samples, a with many
    1
    """
    from ._validate import check_int

    curves = _check_curves(curves)
    models = set(curves["model"])
    for name, m in (("model_a", model_a), ("model_b", model_b)):
        if not isinstance(m, str) or m not in models:
            raise ValueError(f"{name} must be one of the models in curves, got {m!r}")
    if model_a == model_b:
        raise ValueError(f"model_a and model_b must differ, got {model_a!r} twice")
    n_grid = check_int(n_grid, "n_grid", minimum=10)
    ca = curves[curves["model"] == model_a].sort_values("compute")
    cb = curves[curves["model"] == model_b].sort_values("compute")
    lo = np.log(max(ca["compute"].min(), cb["compute"].min()))
    hi = np.log(min(ca["compute"].max(), cb["compute"].max()))
    if not hi > lo:
        return np.array([])
    grid = np.linspace(lo, hi, n_grid)
    diff = _interp(ca, grid) - _interp(cb, grid)
    s = np.sign(diff)
    idx = np.flatnonzero((s[:-1] * s[1:]) < 0)
    out = [grid[i] + (grid[i + 1] - grid[i]) * diff[i] / (diff[i] - diff[i + 1]) for i in idx]
    return np.exp(np.asarray(out, dtype=float))
