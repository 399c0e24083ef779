r"""Benchmarks that break the power law, and the diagnostic that shows it.

A power law in −log pass_D@k needs a density of p behaving like :math:`p^{b-1}` near 0
(Schaeffer et al. 2025). :func:`scenario` draws per-problem probabilities for the ways this
fails; :func:`local_slope` is the diagnostic a reader can run on their own counts: the local
exponent :math:`-d\log(-\log \mathrm{pass}_D@k)/d\log k`, flat for a power law.

=================  ==========================================================  ===========================
scenario           per-problem p                                               signature in the local slope
=================  ==========================================================  ===========================
``power_law``      scaled Beta(0.3, 3) on (0, 0.3)                              flat at 0.3
``no_left_tail``   log-uniform on [1e-3, 0.3]: every problem solvable             rises (the curve bends down)
``floor``          the power law, with a fraction of problems at p = 0           falls to 0 (a plateau)
``bimodal``        easy power-law problems plus a cluster of hard ones at ~1e-4  dips then rises (a kink)
=================  ==========================================================  ===========================
"""

from __future__ import annotations

import numpy as np
from scipy import stats

from . import passk
from ._validate import as_float_array, as_rng, check_in_range, check_int, check_probability

__all__ = ["SCENARIOS", "scenario", "local_slope", "exact_curve"]

SCENARIOS = ("power_law", "no_left_tail", "floor", "bimodal")


def scenario(kind: str, n_problems: int = 128, *, seed=0, floor_fraction: float = 0.1,
             hard_fraction: float = 0.3) -> np.ndarray:
    """Per-problem success probabilities for one of :data:`SCENARIOS`.

    Parameters
    ----------
    kind : str
        One of :data:`SCENARIOS`.
    n_problems : int, optional
        Number of problems (>= 1).
    seed : int or numpy.random.Generator, default 0
        Seed (>= 0) or generator.
    floor_fraction : float, optional
        Fraction of impossible problems (p = 0) in the ``floor`` scenario, in [0, 1).
    hard_fraction : float, optional
        Fraction of hard problems (p near 1e-4) in the ``bimodal`` scenario, in [0, 1].

    Returns
    -------
    numpy.ndarray
        ``n_problems`` probabilities in [0, 1].

    Raises
    ------
    ValueError
        If ``kind`` is unknown or an argument is out of range.

    Examples
    --------
    >>> p = scenario("floor", 10, seed=0, floor_fraction=0.2)
    >>> int((p == 0).sum())
    2
    """
    if kind not in SCENARIOS:
        raise ValueError(f"kind must be one of {SCENARIOS}, got {kind!r}")
    P = check_int(n_problems, "n_problems", minimum=1)
    floor_fraction = check_in_range(floor_fraction, "floor_fraction", 0.0, 1.0, hi_open=True)
    hard_fraction = check_in_range(hard_fraction, "hard_fraction", 0.0, 1.0)
    g = as_rng(seed, "seed")
    base = stats.beta(0.3, 3.0, scale=0.3)
    if kind == "power_law":
        return base.rvs(size=P, random_state=g)
    if kind == "no_left_tail":
        return stats.loguniform(1e-3, 0.3).rvs(size=P, random_state=g)
    if kind == "floor":
        p = base.rvs(size=P, random_state=g)
        p[: int(round(floor_fraction * P))] = 0.0
        return p
    n_hard = int(round(hard_fraction * P))
    easy = stats.beta(0.8, 3.0, scale=0.3).rvs(size=P - n_hard, random_state=g)
    hard = np.exp(g.normal(np.log(1e-4), 0.3, size=n_hard))
    return np.concatenate([easy, hard])


def exact_curve(p, ks) -> np.ndarray:
    """Exact −log pass_D@k of the finite benchmark ``p`` (the average of (1 − p_i)^k over its problems).

    Parameters
    ----------
    p : array_like of float
        Per-problem success probabilities in [0, 1].
    ks : array_like of float
        Attempts (>= 1).

    Returns
    -------
    numpy.ndarray
        −log pass_D@k at each ``ks``.

    Raises
    ------
    ValueError
        If a probability is outside [0, 1] or a ``ks`` is below 1.

    Examples
    --------
    >>> round(float(exact_curve([0.5], [1])[0]), 4)
    0.6931
    """
    p = check_probability(p, "p")
    k_arr = as_float_array(ks, "ks")
    if (k_arr < 1).any():
        raise ValueError(f"ks must be >= 1, got {float(k_arr[k_arr < 1].ravel()[0])!r}")
    return np.asarray(passk.neg_log_pass_at_k(p, k_arr), dtype=float)


def local_slope(ks, neg_log_pass) -> tuple[np.ndarray, np.ndarray]:
    """Local exponent −d log y / d log k of ``y = −log pass_D@k`` at the geometric midpoints of ``ks``.

    A power law gives a flat slope (its exponent); a slope that rises means the curve bends down (no left
    tail), one that falls towards 0 means a plateau (unsolvable problems), a dip and rise means a kink (two
    populations). Points with y ≤ 0 or non-finite are dropped.

    Parameters
    ----------
    ks : array_like of float
        Attempts (> 0), 1-D.
    neg_log_pass : array_like of float
        −log pass_D@k at each ``ks``, same length.

    Returns
    -------
    k_mid : numpy.ndarray
        Geometric midpoints of consecutive kept ``ks``.
    slope : numpy.ndarray
        The local exponent on each interval.

    Raises
    ------
    ValueError
        If the arrays are not 1-D of the same length >= 2, a ``ks`` is not > 0, or fewer than two points
        remain.

    Examples
    --------
    >>> km, sl = local_slope([1, 10, 100], [1.0, 0.5, 0.25])
    >>> [round(float(v), 3) for v in sl]
    [0.301, 0.301]
    """
    k = as_float_array(ks, "ks", ndim=1)
    y = as_float_array(neg_log_pass, "neg_log_pass", ndim=1, finite=False)
    if k.shape != y.shape or k.size < 2:
        raise ValueError(
            f"ks and neg_log_pass must be 1-D of the same length >= 2, got {k.shape} and {y.shape}"
        )
    if (k <= 0).any():
        raise ValueError("ks must be > 0")
    ok = np.isfinite(y) & (y > 0)
    k, y = k[ok], y[ok]
    if k.size < 2:
        raise ValueError("fewer than two points with 0 < -log pass@k < inf")
    return np.sqrt(k[1:] * k[:-1]), -np.diff(np.log(y)) / np.diff(np.log(k))
