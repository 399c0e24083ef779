r"""Forecast a benchmark's −log pass@k at large k from per-problem counts (n_i samples, c_i successes).

Three families of estimators, one result type (:class:`PassAtKFit`):

* :func:`fit_least_squares` — the baseline of Schaeffer et al. (2025): the unbiased pass@k estimates for
  k ≤ n, averaged over problems, and a straight line through log(−log pass_D@k) against log k.
* :func:`fit_distributional` — fit a distribution of the per-problem success probability p (Beta or
  Kumaraswamy, scaled to (0, s)) to the counts, then forecast by integrating (1 − p)^k exactly. Options:

  - ``likelihood="exact"``: the marginal likelihood of each count, :math:`\int \mathrm{Bin}(c_i; n_i, p)
  f(p)\,dp`
    (closed form beta-binomial when ``family="beta"`` and the scale is 1; otherwise quadrature);
    ``likelihood="discretized"``: the paper's histogram of :math:`\hat p_i = c_i/n_i` on logarithmic bins
    (``bins_per_decade``) with a separate bin for the zero-success problems, fitted as a multinomial.
  - ``scale="fixed"`` (the largest observed rate, as in the paper), ``"fitted"``, ``"one"``, or a number.
  - ``forecast="prior"``: the benchmark law :math:`1-\mathbb E_f[(1-p)^k]` of a *fresh* draw of problems (the
    paper's forecast); ``forecast="posterior"``: the same benchmark's problems, each with its posterior
    given its own counts, :math:`\frac1P\sum_i \mathbb E[(1-p)^k \mid c_i, n_i]` (an empirical-Bayes forecast,
    the problem-level analogue of unseen-species extrapolation, Good and Toulmin 1956, Efron and Thisted
    1976).
* :func:`fit_paper` — the paper's own estimators as its authors' public code defines them (discretized Beta
and
  Kumaraswamy, and the binomial-likelihood fits with the curve-fit forecast).

* :func:`fit` — the forecaster the book recommends; ``method=None`` selects it (see :data:`RECOMMENDED`,
  chosen by the held-out Pythia backtest of the forecasting notebook and ``bench/backtest_heldout.py``).

Every result has ``.exponent``, ``.prefactor``, ``.neg_log_pass_at_k(k)`` for any k ≥ 1 (including k ≫ n) and
``.interval(k, level)``, a percentile bootstrap over problems.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from collections.abc import Callable

import numpy as np
from scipy import optimize, special, stats

from . import passk
from ._validate import as_int_array, check_counts, check_in_range, check_int, check_positive
from ._validate import check_k
from .distributions import kumaraswamy
from .scaling import loglog_slope

__all__ = [
    "PassAtKFit",
    "fit_least_squares",
    "fit_distributional",
    "fit",
    "fit_paper",
    "PAPER_VARIANTS",
    "PAPER_K_GRID",
    "target_neg_log_pass",
    "measured_curve",
    "default_ks",
    "RECOMMENDED",
    "METHODS",
]

FAMILIES = ("beta", "kumaraswamy")
LIKELIHOODS = ("exact", "discretized")
FORECASTS = ("prior", "posterior")

# ----------------------------------------------------------------------------------------------------------
# Result type
# ----------------------------------------------------------------------------------------------------------


@dataclass(kw_only=True)
class PassAtKFit:
    r"""A fitted law :math:`-\log \mathrm{pass}_{\mathcal D}@k \approx a\,k^{-b}` and its exact forecast.

    ``exponent`` is b, ``prefactor`` is a (for the distributional fits, of the
    asymptote :math:`C\Gamma(b)k^{-b}`), ``neg_log_pass_at_k(k)`` is the forecast itself (for distributional
    fits the
    exact integral, not the asymptote), ``interval(k, level)`` a bootstrap band over problems, ``params`` the
    fitted parameters, and ``dist`` the fitted frozen distribution of p (None for least squares).
    """

    method: str
    exponent: float
    prefactor: float
    params: dict
    n: np.ndarray
    c: np.ndarray
    dist: object = None
    _forecast: Callable = field(default=None, repr=False)
    _refit: Callable = field(default=None, repr=False)
    n_boot: int = 200
    seed: int = 0
    _boot: list | None = field(default=None, repr=False)
    _boot_stats: tuple = field(default=(0, 0, ""), repr=False)

    def neg_log_pass_at_k(self, k):
        """Forecast of −log pass_D@k, vectorised over ``k``.

        Parameters
        ----------
        k : float or array_like
            Attempts per problem, any real k ≥ 1 (including k far beyond the samples).

        Returns
        -------
        float or numpy.ndarray
            The forecast, with the shape of ``k``.

        Raises
        ------
        ValueError
            If some k is below 1 or not finite.

        Examples
        --------
        >>> from heavytail import estimators
        >>> f = estimators.fit_least_squares([100] * 4, [0, 1, 5, 40], n_boot=0)
        >>> f.neg_log_pass_at_k([10, 1000]).shape
        (2,)
        """
        k_arr = _k(k)
        out = np.asarray(self._forecast(k_arr.ravel()), dtype=float).reshape(k_arr.shape)
        return out[()] if out.ndim == 0 else out

    def pass_at_k(self, k):
        """Forecast of pass_D@k = exp(−(−log pass_D@k)).

        Parameters
        ----------
        k : float or array_like
            Attempts per problem (k ≥ 1).

        Returns
        -------
        float or numpy.ndarray
            The forecast pass rate, in [0, 1].

        Raises
        ------
        ValueError
            If some k is below 1 or not finite.

        Examples
        --------
        >>> from heavytail import estimators
        >>> f = estimators.fit_least_squares([100] * 4, [0, 1, 5, 40], n_boot=0)
        >>> 0 < float(f.pass_at_k(1000)) <= 1
        True
        """
        return np.exp(-np.asarray(self.neg_log_pass_at_k(k)))

    def bootstrap(self, *, progress: bool = False) -> list:
        """The ``n_boot`` refits on problems resampled with replacement (computed once, then cached).

        Each resample draws the P problems with replacement (seeded by ``seed``). A resample in which no
        problem is solved has no law to fit: its forecast is pass_D@k = 0 (−log pass_D@k = +inf) at every k.
        It
        is kept as such (``boot_unsolved`` counts them), not redrawn, so that :meth:`interval` shows how often
        the
        data allow no success at all. A refit that fails for another reason (e.g. every resampled problem
        solved) is counted in ``boot_failed`` and dropped. Only the forecast of each refit is kept, not its
        per-problem arrays, so memory does not grow with problems x resamples.

        Parameters
        ----------
        progress : bool
            Show a progress bar on stderr (the CLI turns it on when stderr is a terminal).

        Returns
        -------
        list
            The successful refits (without the unsolved and failed resamples).

        Examples
        --------
        >>> f = fit_least_squares([100] * 20, list(range(20)), n_boot=20)
        >>> len(f.bootstrap()) + f.boot_unsolved + f.boot_failed
        20
        """
        if not isinstance(progress, (bool, np.bool_)):
            raise TypeError(f"progress must be True or False, got {progress!r}")
        if self._boot is None:
            rng = np.random.default_rng(self.seed)
            P = self.n.size
            boots, unsolved, failed, reason = [], 0, 0, ""
            steps = range(self.n_boot)
            if progress:
                import sys

                from tqdm import tqdm
                steps = tqdm(steps, desc="bootstrap", file=sys.stderr, leave=False)
            for _ in steps:
                idx = rng.integers(0, P, size=P)
                if not (self.c[idx] > 0).any():
                    unsolved += 1
                    continue
                try:
                    b = self._refit(idx)
                except ValueError as exc:
                    failed, reason = failed + 1, reason or str(exc)
                    continue
                boots.append(replace(b, n=_EMPTY, c=_EMPTY, _refit=None))
            self._boot, self._boot_stats = boots, (unsolved, failed, reason)
        return self._boot

    @property
    def boot_unsolved(self) -> int:
        """How many bootstrap resamples had no solved problem (their forecast is pass_D@k = 0)."""
        self.bootstrap()
        return self._boot_stats[0]

    @property
    def boot_failed(self) -> int:
        """How many bootstrap refits failed for another reason (dropped)."""
        self.bootstrap()
        return self._boot_stats[1]

    def _interval_check(self, level: float, what: str) -> int:
        """Refuse an interval the resamples cannot support (ValueError saying why); return the tail size."""
        P, B = self.n.size, self.n_boot
        if P < 2:
            raise ValueError(
                f"no {what} interval from {P} problem: a bootstrap over problems needs at least "
                f"2 (with one, every resample is the same problem and the interval has zero width)"
            )
        tail = int(np.floor(B * (1 - level) / 2 + 1e-9))
        if tail < 1:
            need = int(np.ceil(2 / (1 - level) - 1e-9))
            raise ValueError(f"n_boot={B} resamples are too few for a level={level:g} {what} interval: at "
                             f"least {need} are needed")
        unsolved, failed, reason = self._boot_stats
        if (1 - (self.c > 0).sum() / P) ** P > (1 - level) / 4:  # resamples without a success, by chance
            self._too_few_solved(level, what)
        if failed > tail:
            raise ValueError(f"no {level:.0%} {what} interval: {failed} of {B} bootstrap refits failed "
                             f"({reason})")
        return tail

    def _too_few_solved(self, level: float, what: str):
        solved, P = int((self.c > 0).sum()), self.n.size
        p_none = (1 - solved / P) ** P
        raise ValueError(
            f"too few solved problems ({solved} of {P}) for a {level:.0%} {what} interval: a "
            f"resample has no solved problem with probability {p_none:.2g} ({self._boot_stats[0]} "
            f"of {self.n_boot} here), so the upper end of -log pass@k is unbounded (pass@k may be 0)"
        )

    def interval(self, k, level: float = 0.9):
        """Percentile bootstrap interval (over problems) of the forecast at ``k``: arrays ``(low, high)``.

        Resamples without any solved problem count as −log pass_D@k = +inf (see :meth:`bootstrap`). When they
        reach into the upper tail (1 − level)/2 in this bootstrap, or could by chance (a resample of P
        problems with s solved has none with probability (1 − s/P)^P; more than half the tail, (1 − level)/4,
        is refused whatever the seed), the upper end is unbounded and no interval is given: the error says how
        many problems were solved. One problem, or fewer than 2/(1 − level) resamples, gives no interval
        either.

        Parameters
        ----------
        k : float or array_like
            Attempts (any real >= 1).
        level : float
            Coverage in (0, 1).

        Returns
        -------
        tuple
            ``(low, high)``, floats or arrays shaped like ``k``.

        Raises
        ------
        ValueError
            For bad ``k`` or ``level``, or when the resamples cannot support an interval (the message says
            why).

        Examples
        --------
        >>> lo, hi = fit_least_squares([100] * 20, list(range(20)), n_boot=20).interval(1000)
        >>> bool(lo <= hi)
        True
        """
        level = check_in_range(level, "level", 0.0, 1.0, lo_open=True, hi_open=True)
        k_arr = _k(k)
        boots = self.bootstrap()
        self._interval_check(level, "forecast")
        unsolved = self._boot_stats[0]
        B = len(boots) + unsolved
        q_hi = (1 + level) / 2
        if unsolved and int(np.ceil((B - 1) * q_hi - 1e-9)) >= B - unsolved:
            self._too_few_solved(level, "forecast")
        if len(boots) < 2:
            raise ValueError(f"too few successful bootstrap refits ({len(boots)}) for an interval; "
                             f"n_boot={self.n_boot}")
        vals = np.array([b.neg_log_pass_at_k(k_arr) for b in boots])
        if unsolved:  # +inf at the top of every column, never reached by the quantiles (checked above)
            vals = np.concatenate([vals, np.repeat(vals.max(axis=0, keepdims=True), unsolved, axis=0)])
        lo, hi = np.quantile(vals, [(1 - level) / 2, q_hi], axis=0)
        return (lo[()] if lo.ndim == 0 else lo), (hi[()] if hi.ndim == 0 else hi)

    def exponent_interval(self, level: float = 0.9) -> tuple[float, float]:
        """Percentile bootstrap interval of the exponent.

        Resamples without a solved problem have no exponent; when there are more of them (with the failed
        refits) than the interval's tail, no interval is given (``ValueError``), else they are left out.

        Parameters
        ----------
        level : float
            Coverage in (0, 1).

        Returns
        -------
        tuple of float
            ``(low, high)``.

        Examples
        --------
        >>> lo, hi = fit_least_squares([100] * 20, list(range(20)), n_boot=20).exponent_interval()
        >>> bool(lo <= hi)
        True
        """
        level = check_in_range(level, "level", 0.0, 1.0, lo_open=True, hi_open=True)
        boots = self.bootstrap()
        tail = self._interval_check(level, "exponent")
        unsolved, failed, _ = self._boot_stats
        if unsolved + failed > tail or len(boots) < 2:
            self._too_few_solved(level, "exponent")
        vals = np.array([b.exponent for b in boots])
        lo, hi = np.quantile(vals, [(1 - level) / 2, (1 + level) / 2])
        return float(lo), float(hi)


_EMPTY = np.zeros(0, dtype=np.int64)


_k = check_k  # one check of sample budgets for the whole package (heavytail._validate)


def _check_nc(n, c):
    n_arr, c_arr = check_counts(n, c)
    n_arr, c_arr = np.broadcast_arrays(n_arr, c_arr)
    if n_arr.ndim != 1:
        n_arr, c_arr = n_arr.ravel(), c_arr.ravel()
    if not (c_arr > 0).any():
        raise ValueError("c must contain at least one success: with c = 0 for every problem there is no "
                         "information on how pass@k grows (got all zeros)")
    return n_arr.astype(np.int64), c_arr.astype(np.int64)


def _boot_args(n_boot, seed):
    return check_int(n_boot, "n_boot", minimum=0), check_int(seed, "seed", minimum=0)


# ----------------------------------------------------------------------------------------------------------
# Least squares (the paper's baseline)
# ----------------------------------------------------------------------------------------------------------


def default_ks(n_max: int, num: int = 40) -> np.ndarray:
    """Log-spaced distinct integers from 1 to ``n_max`` (the k at which pass@k is estimated for the line fit).

    Parameters
    ----------
    n_max : int
        Largest k (≥ 1).
    num : int
        Number of log-spaced values before rounding and removing duplicates.

    Returns
    -------
    numpy.ndarray
        Sorted distinct int64 values, from 1 to ``n_max``.

    Raises
    ------
    ValueError
        If ``n_max`` or ``num`` is not an integer ≥ 1.

    Examples
    --------
    >>> from heavytail import estimators
    >>> estimators.default_ks(10, 4).tolist()
    [1, 2, 5, 10]
    """
    n_max = check_int(n_max, "n_max", minimum=1)
    num = check_int(num, "num", minimum=1)
    return np.unique(np.round(np.logspace(0, np.log10(n_max), num)).astype(np.int64))


def fit_least_squares(n, c, ks=None, *, n_boot: int = 200, seed: int = 0) -> PassAtKFit:
    r"""The paper's baseline: a line through :math:`\log(-\log \widehat{\mathrm{pass}}_{\mathcal D}@k)` vs log
    k.

    ``pass_D@k`` is the mean over problems of the unbiased estimator :func:`heavytail.passk.pass_at_k`, at the
    integers ``ks`` (default: 40 log-spaced values from 1 to the largest n). With unequal n, a problem with
    fewer than k samples enters at that k through the plug-in :math:`1-(1-c_i/n_i)^k` (so that extra samples
    spent on some problems only, as in :mod:`heavytail.planning`, still extend the fitted range); with equal n
    this never happens. Points where the estimate is exactly 1 (nothing left to fail) are dropped.
    ``.neg_log_pass_at_k(k)`` is the fitted line :math:`a k^{-b}`.

    Parameters
    ----------
    n, c : array_like of int
        Samples and successes per problem.
    ks : array_like of int or None
        The k of the fit (default: :func:`default_ks` up to the largest n); at most the largest n.
    n_boot : int
        Bootstrap resamples over problems for ``.interval``.
    seed : int
        Seed of the bootstrap.

    Returns
    -------
    PassAtKFit
        ``exponent`` b and ``prefactor`` a of the line.

    Raises
    ------
    ValueError
        For invalid counts, no success at all, fewer than two usable k, or ``ks`` beyond the largest n.

    Examples
    --------
    >>> from heavytail import estimators
    >>> f = estimators.fit_least_squares([100] * 4, [0, 1, 5, 40], n_boot=0)
    >>> f.method
    'least_squares'
    """
    n_arr, c_arr = _check_nc(n, c)
    n_boot, seed = _boot_args(n_boot, seed)
    if ks is None:
        ks_arr = default_ks(int(n_arr.max()))
    else:
        ks_arr = np.unique(as_int_array(ks, "ks", minimum=1).ravel())
        if ks_arr.max() > n_arr.max():
            raise ValueError(
                f"ks must not exceed the largest n ({int(n_arr.max())}), got {int(ks_arr.max())}"
            )
    if ks_arr.size < 2:
        raise ValueError(f"ks must hold at least two distinct values for a line fit, got {ks_arr.tolist()}")
    return _ls(n_arr, c_arr, ks_arr, n_boot, seed)


def _per_problem_pass(n, c, ks):
    """(K, P) matrix of pass_i@k: unbiased where k <= n_i, plug-in 1 - (1 - c_i/n_i)^k elsewhere."""
    kk = ks[:, None]
    unb = passk.pass_at_k(n[None, :], c[None, :], np.minimum(kk, n[None, :]))
    with np.errstate(divide="ignore"):
        plug = -np.expm1(kk * np.log1p(-c / n)[None, :])
    return np.where(kk <= n[None, :], unb, plug)


def _distinct_pairs(n, c):
    """The distinct (n_i, c_i) as a (2, U) array, the inverse index of every problem, and the counts."""
    if n.size and int(n.max()) < 2 ** 31:  # one int64 key per problem: a 1-D unique, much faster than axis=1
        key = n.astype(np.int64) * (2 ** 31) + c
        u, inv, cnt = np.unique(key, return_inverse=True, return_counts=True)
        return np.stack([u // 2 ** 31, u % 2 ** 31]), inv.ravel(), cnt
    pairs, inv, cnt = np.unique(np.stack([n, c]), axis=1, return_inverse=True, return_counts=True)
    return pairs, inv.ravel(), cnt


def _ls(n, c, ks, n_boot, seed, pk=None) -> PassAtKFit:
    if pk is None:
        # pass_i@k depends on (n_i, c_i) only: compute the (K, U) matrix once for the U distinct pairs; the
        # bootstrap reweights its columns, so a refit costs O(P + K U), never a K x P copy
        pairs, inv, cnt = _distinct_pairs(n, c)
        mat = _per_problem_pass(pairs[0], pairs[1], ks)
        pk = mat @ (cnt / n.size)
    keep = pk < 1.0
    if keep.sum() < 2:
        raise ValueError(
            "fewer than two k with pass_D@k < 1: every problem is solved, there is no tail to fit"
        )
    slope, intercept = loglog_slope(ks[keep], -np.log(pk[keep]), base=np.e)
    b, a = float(-slope), float(np.exp(intercept))

    def forecast(k):
        return a * k ** (-b)

    def refit(idx):  # a resample only reweights the distinct (n, c) pairs
        return _ls(_EMPTY, _EMPTY, ks, 0, 0, mat @ (np.bincount(inv[idx], minlength=mat.shape[1]) / idx.size))

    return PassAtKFit(
        method="least_squares",
        exponent=b,
        prefactor=a,
        params={"a": a, "b": b, "ks": ks},
        n=n,
        c=c,
        dist=None,
        _forecast=forecast,
        _refit=None if n_boot == 0 else refit,
        n_boot=n_boot,
        seed=seed,
    )


# ----------------------------------------------------------------------------------------------------------
# Distributional fits
# ----------------------------------------------------------------------------------------------------------

_Z0 = np.log(1e12)  # the quadrature covers u in [1e-12, 1 - 1e-12] of each problem's Beta(c+1, n-c+1)
_GL_Z, _GL_W = np.polynomial.legendre.leggauss(96)


@dataclass
class _Nodes:
    """Per-problem quadrature nodes for ∫ Bin(c; n, p) f(p) dp = (1/(n+1)) ∫_0^1 f(G^{-1}(u)) du."""

    p: np.ndarray       # (P, M) nodes in p
    w: np.ndarray       # (P, M) weights (du)
    p_lo: np.ndarray    # (P,) node below which (1-p)^n ~ 1 and the integral is (n+1) F(p_lo) (c = 0 only)
    zero: np.ndarray    # (P,) c == 0
    n: np.ndarray


def _make_nodes(n, c) -> _Nodes:
    z = _Z0 * _GL_Z
    u = special.expit(z)
    du = _Z0 * _GL_W * u * (1 - u)
    p = special.betaincinv((c + 1.0)[:, None], (n - c + 1.0)[:, None], u[None, :])
    p_lo = special.betaincinv(c + 1.0, n - c + 1.0, special.expit(-_Z0))
    return _Nodes(p, np.broadcast_to(du, p.shape), p_lo, c == 0, n)


def _logpdf(family, a, b, s, p):
    x = p / s
    inside = (x > 0) & (x < 1)
    xs = np.where(inside, x, 0.5)
    if family == "beta":
        lf = (a - 1) * np.log(xs) + (b - 1) * np.log1p(-xs) - special.betaln(a, b)
    else:
        lf = np.log(a) + np.log(b) + (a - 1) * np.log(xs) + (b - 1) * np.log1p(-xs ** a)
    return np.where(inside, lf - np.log(s), -np.inf)


def _cdf(family, a, b, s, p):
    x = np.clip(p / s, 0.0, 1.0)
    if family == "beta":
        return special.betainc(a, b, x)
    with np.errstate(divide="ignore"):
        return -np.expm1(b * np.log1p(-x ** a))


def _frozen(family, a, b, s):
    if family == "beta":
        return stats.beta(a, b, scale=s)
    return kumaraswamy(a, b, scale=s)


def _marginals(family, a, b, s, nodes: _Nodes, k=0.0):
    """(n+1) ∫ Bin(c;n,p) (1-p)^k f(p) dp for every problem (k = 0: the marginal likelihood up to a
    constant)."""
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        f = np.exp(_logpdf(family, a, b, s, nodes.p))
        if k:
            f = f * np.exp(k * np.log1p(-nodes.p))
    out = (f * nodes.w).sum(axis=1)
    out = out + np.where(nodes.zero, (nodes.n + 1.0) * _cdf(family, a, b, s, nodes.p_lo), 0.0)
    return out


def _unpack(theta, scale_mode, s_fixed, a_fixed):
    """(α, β, s) from the free parameters: log α (unless fixed), log β, logit s (if fitted)."""
    i = 0
    if a_fixed is None:
        a, i = np.exp(theta[0]), 1
    else:
        a = a_fixed
    b = np.exp(theta[i])
    s = special.expit(theta[i + 1]) if scale_mode == "fitted" else s_fixed
    return float(a), float(b), float(s)


def _exact_nll(theta, family, scale_mode, s_fixed, a_fixed, n, c, nodes):
    a, b, s = _unpack(theta, scale_mode, s_fixed, a_fixed)
    if not (1e-3 < a < 50 and 1e-3 < b < 1e5):
        return 1e12
    if family == "beta" and s == 1.0:
        ll = special.betaln(c + a, n - c + b) - special.betaln(a, b)
    else:
        with np.errstate(divide="ignore"):
            ll = np.log(_marginals(family, a, b, s, nodes))
    total = float(ll.sum())
    return -total if np.isfinite(total) else 1e12


def _bins(n, bins_per_decade):
    lo = 1.0 / n.max()
    decades = -np.log10(lo)
    m = max(1, int(np.ceil(decades * bins_per_decade)))
    edges = np.logspace(np.log10(lo), 0.0, m + 1)
    edges[-1] = 1.0 + 1e-12
    return edges


def _discretized_nll(theta, family, scale_mode, s_fixed, a_fixed, counts, edges):
    a, b, s = _unpack(theta, scale_mode, s_fixed, a_fixed)
    if not (1e-3 < a < 50 and 1e-3 < b < 1e5):
        return 1e12
    cdf = _cdf(family, a, b, s, np.concatenate([[0.0], edges]))
    probs = np.diff(cdf)
    used = counts > 0
    with np.errstate(divide="ignore"):
        total = float((counts[used] * np.log(probs[used])).sum())
    return -total if np.isfinite(total) else 1e12


def _posterior_forecast(family, a, b, s, nodes, n, c):
    base = None
    if family == "beta" and s == 1.0:
        denom = special.betaln(c + a, n - c + b)

        def fail(k):
            return np.exp(special.betaln(c[None, :] + a, (n - c + b)[None, :] + k[:, None]) - denom).mean(
                axis=1
            )
    else:
        base = _marginals(family, a, b, s, nodes)

        def fail(k):
            return np.array([(_marginals(family, a, b, s, nodes, kk) / base).mean() for kk in k])

    def forecast(k):
        fl = np.clip(fail(np.asarray(k, dtype=float)), 0.0, 1.0)
        with np.errstate(divide="ignore"):
            return -np.log1p(-fl)

    return forecast


def fit_distributional(n, c, *, family: str = "beta", likelihood: str = "exact", scale="fixed",
                       forecast: str = "prior", bins_per_decade: float = 2.0, alpha=None, n_boot: int = 200,
                       seed: int = 0, _start=None) -> PassAtKFit:
    r"""Fit a distribution of p to the counts and forecast −log pass_D@k by integrating (1 − p)^k exactly.

    The exponent is the fitted α (the density's left tail p^(α−1) makes −log pass_D@k fall like k^(−α)) and
    the prefactor that of the asymptote (:func:`heavytail.passk.tail_law`, rescaled for ``"posterior"``). For
    the paper's estimators exactly as its authors' code defines them, see :func:`fit_paper`.

    Parameters
    ----------
    n, c : array_like of int
        Samples and successes per problem (n may differ between problems).
    family : str
        ``"beta"`` or ``"kumaraswamy"``, each scaled to (0, s).
    likelihood : str
        ``"exact"`` (binomial-mixture marginal likelihood) or ``"discretized"`` (a log-binned histogram of c/n
        with a zero-success bin, ``bins_per_decade`` bins per decade from 1/max(n) to 1: the book's variant of
        the paper's idea).
    scale : str or float
        ``"fixed"`` (s = the largest c/n, the paper's choice), ``"fitted"``, ``"one"`` (s = 1) or a number in
        (0, 1].
    forecast : str
        ``"prior"`` (a fresh benchmark drawn from the fitted distribution; the paper's forecast) or
        ``"posterior"`` (these problems, each conditioned on its counts).
    bins_per_decade : float
        Bins per decade of the discretized likelihood (> 0).
    alpha : None, float or str
        None (fitted), a number (the tail exponent held fixed), or ``"least_squares"`` (held at the
        least-squares exponent of the same counts: a prior on the tail taken from the line fit).
    n_boot : int
        Bootstrap resamples over problems for ``.interval``.
    seed : int
        Seed of the bootstrap.

    Returns
    -------
    PassAtKFit
        ``dist`` is the fitted frozen distribution of p; ``params`` its parameters and the NLL.

    Raises
    ------
    ValueError
        For invalid counts, no success at all, an unknown option, or a fit whose likelihood is zero
        everywhere.

    Examples
    --------
    >>> from heavytail import estimators
    >>> f = estimators.fit_distributional([100] * 5, [0, 1, 3, 10, 40], family="beta", scale="one", n_boot=0)
    >>> f.method
    'distributional[beta,exact,scale=one,prior]'
    """
    n_arr, c_arr = _check_nc(n, c)
    n_boot, seed = _boot_args(n_boot, seed)
    if family not in FAMILIES:
        raise ValueError(f"family must be one of {FAMILIES}, got {family!r}")
    if likelihood not in LIKELIHOODS:
        raise ValueError(f"likelihood must be one of {LIKELIHOODS}, got {likelihood!r}")
    if forecast not in FORECASTS:
        raise ValueError(f"forecast must be one of {FORECASTS}, got {forecast!r}")
    if isinstance(scale, str):
        if scale not in ("fixed", "fitted", "one"):
            raise ValueError(f"scale must be 'fixed', 'fitted', 'one' or a number in (0, 1], got {scale!r}")
    else:
        scale = check_in_range(scale, "scale", 0.0, 1.0, lo_open=True)
    bins_per_decade = check_positive(bins_per_decade, "bins_per_decade")
    if alpha is not None and not (isinstance(alpha, str) and alpha == "least_squares"):
        alpha = check_in_range(alpha, "alpha", 1e-3, 50.0)
    opts = dict(family=family, likelihood=likelihood, scale=scale, forecast=forecast,
                bins_per_decade=bins_per_decade, alpha=alpha)
    return _fit_dist(n_arr, c_arr, opts, n_boot, seed, _start)


def _fit_dist(n, c, opts, n_boot, seed, start=None) -> PassAtKFit:
    family, likelihood, scale, fc = opts["family"], opts["likelihood"], opts["scale"], opts["forecast"]
    a_fixed = opts["alpha"]
    if a_fixed == "least_squares":  # the prior/least-squares combination: the tail exponent from the line fit
        a_fixed = _ls(n, c, default_ks(int(n.min())), 0, 0).exponent
        if not 1e-3 < a_fixed < 50:
            raise ValueError(f"the least-squares exponent {a_fixed:.4g} is not a valid tail exponent")
    phat = c / n
    if scale == "fixed":
        s_fixed = float(phat.max())
    elif scale == "one":
        s_fixed = 1.0
    elif scale == "fitted":
        s_fixed = None
    else:
        s_fixed = float(scale)
        if phat.max() > s_fixed and likelihood == "discretized":
            raise ValueError(f"scale={s_fixed} is below the largest observed rate c/n={phat.max():.4g}; the "
                             f"discretized likelihood would be zero")
    mode = "fitted" if scale == "fitted" else "fixed"
    needs_nodes = likelihood == "exact" and not (family == "beta" and s_fixed == 1.0)
    nodes = _make_nodes(n, c) if (needs_nodes or fc == "posterior") else None
    if likelihood == "exact":
        obj = lambda th: _exact_nll(th, family, mode, s_fixed, a_fixed, n, c, nodes)  # noqa: E731
    else:
        edges = _bins(n, opts["bins_per_decade"])
        counts = np.concatenate([[np.sum(c == 0)],
                                 np.histogram(phat[c > 0], bins=edges)[0]]).astype(float)
        obj = lambda th: _discretized_nll(th, family, mode, s_fixed, a_fixed, counts, edges)  # noqa: E731
    if start is not None:
        starts = [np.asarray(start, dtype=float)]
    else:
        s0 = [special.logit(min(0.999, max(2 * phat.max(), 1e-3)))] if mode == "fitted" else []
        starts = [np.array(([np.log(a0)] if a_fixed is None else []) + [np.log(b0)] + s0)
                  for a0, b0 in ((0.3, 3.0), (0.15, 1.0), (0.8, 10.0))]
    best = None
    for th0 in starts:
        res = optimize.minimize(obj, th0, method="Nelder-Mead",
                                options={"xatol": 1e-5, "fatol": 1e-8, "maxiter": 4000, "maxfev": 8000})
        if best is None or res.fun < best.fun:
            best = res
    if best.fun >= 1e12:
        raise ValueError("the distributional fit failed: the likelihood is zero for every parameter tried "
                         "(check that c/n does not exceed the scale)")
    th = best.x
    a, b, s = _unpack(th, mode, s_fixed, a_fixed)
    dist = _frozen(family, a, b, s)
    law = passk.tail_law(dist)
    if fc == "prior":
        def forecast(k):
            return np.asarray(passk.neg_log_pass_at_k(dist, k), dtype=float)
        prefactor = law.prefactor
    else:
        forecast = _posterior_forecast(family, a, b, s, nodes, n, c)
        # asymptote: only problems never solved keep failing at order k^-a; each weighs 1 / E[(1-p)^n_i]
        if family == "beta" and s == 1.0:
            base0 = np.exp(special.betaln(a, n + b) - special.betaln(a, b))
        else:
            base0 = _marginals(family, a, b, s, nodes) / (n + 1.0)
        prefactor = float(law.prefactor * np.where(c == 0, 1.0 / base0, 0.0).mean())
    method = f"distributional[{family},{likelihood},scale={scale},{fc}]"
    params = {**{f"{k}_option": v for k, v in opts.items()}, "alpha": a, "beta": b, "scale": s,
              "nll": float(best.fun)}
    return PassAtKFit(method=method, exponent=a, prefactor=prefactor, params=params, n=n, c=c, dist=dist,
                      _forecast=forecast, _refit=lambda idx: _fit_dist(n[idx], c[idx], opts, 0, 0, th),
                      n_boot=n_boot, seed=seed)


# ----------------------------------------------------------------------------------------------------------
# The paper's estimators, as the authors' public code defines them
# ----------------------------------------------------------------------------------------------------------

#: The k at which the paper evaluates a fitted distribution's −log pass_D@k before fitting a line through it:
#: the distinct integers of 20 log-spaced values from 1 to 10^4 (the same grid whatever k is forecast).
PAPER_K_GRID = np.unique(np.logspace(0, 4, 20).astype(np.int64))

PAPER_VARIANTS = ("discretized_beta", "discretized_kumaraswamy", "beta_binomial", "kumaraswamy_binomial")

_PAPER_BOUNDS = ((0.01, 100.0), (0.01, 100.0))
_PAPER_EPS = 1e-16      # added to every bin's mass before the log, as in the authors' code
_PAPER_CLIP = 1e-6      # c/n clipped to [1e-6, 1 - 1e-6] for the scipy.stats.beta.fit start


def _paper_start(phat, s):
    """The authors' start: ``scipy.stats.beta.fit`` of the clipped rates with loc 0 and scale s fixed."""
    import warnings

    x = np.clip(phat, _PAPER_CLIP, 1.0 - _PAPER_CLIP)
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            a0, b0, _, _ = stats.beta.fit(x, floc=0.0, fscale=s)
        if not (np.isfinite(a0) and np.isfinite(b0)):
            raise stats._continuous_distns.FitSolverError("non-finite start")  # noqa: SLF001
    except (stats._continuous_distns.FitSolverError, ValueError, RuntimeError):  # noqa: SLF001
        a0, b0 = 0.35, 3.5  # the authors' fallback
    lo, hi = _PAPER_BOUNDS[0]
    return np.clip([a0, b0], lo, hi)  # L-BFGS-B needs a start inside the bounds


def _paper_minimize(obj, x0, maxls=400):
    return optimize.minimize(obj, x0, method="L-BFGS-B", bounds=_PAPER_BOUNDS,
                             options=dict(maxiter=5000, maxls=maxls, gtol=1e-6, ftol=1e-6))


def _paper_beta_edges(N):
    """Discretized Beta bins: 0, then int(N/10) log-spaced edges from 1/N to 1 (at least 2)."""
    return np.concatenate([[0.0], np.logspace(-np.log10(N), 0.0, max(2, int(N / 10)))])


def _paper_kumaraswamy_edges(N):
    """Discretized Kumaraswamy bins: 0, 1/(2N), then 5·int(log10 N) + 1 log-spaced edges from 1/N to 1."""
    num = max(2, 5 * int(np.log10(N)) + 1)
    return np.concatenate([[0.0, 0.5 / N], np.logspace(-np.log10(N), 0.0, num)])


def _paper_binned_nll(cdf_at_edges, counts):
    mass = np.diff(cdf_at_edges) + _PAPER_EPS
    return float(-np.mean(counts * np.log(mass)))


_GL16_Z, _GL16_W = np.polynomial.legendre.leggauss(16)


def _panel_nodes(lo, hi, width=0.5):
    """Gauss–Legendre nodes and weights on [lo, hi] cut into panels of about ``width``."""
    m = max(1, int(np.ceil((hi - lo) / width)))
    edges = np.linspace(lo, hi, m + 1)
    mid, half = (edges[1:] + edges[:-1]) / 2, (edges[1:] - edges[:-1]) / 2
    return (mid[:, None] + half[:, None] * _GL16_Z[None, :]).ravel(), (
        half[:, None] * _GL16_W[None, :]
    ).ravel()


_LOG_LO = np.log(1e-300)
_T_NODES = _panel_nodes(np.log(1e-14), np.log(0.5))      # t = log x on the lower half
_W_NODES = _panel_nodes(np.log(1e-14), np.log(0.5))      # w = log(1 - x) on the upper half


def _expected_failure_fast(family, a, b, s, k):
    r""":math:`\mathbb E[(1-p)^k]` for p = s·X, X ~ Beta/Kumaraswamy(a, b), by panel Gauss–Legendre
    quadrature.

    The lower half of X is integrated in log x (the left tail x^(a-1) and the drop of (1 - s x)^k near
    x = 1/(s k) are smooth there), the upper half in log(1 - x) (the right end (1 - x)^(b-1)); the mass below
    x = 1e-14 enters through the CDF. Vectorised over k.
    """
    k = np.asarray(k, dtype=float)
    t, wt = _T_NODES
    x_lo = np.exp(t)
    w, ww = _W_NODES
    x_hi = -np.expm1(w)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        d_lo = np.exp(_logpdf(family, a, b, 1.0, x_lo) + t) * wt        # f(x) dx with dx = x dt
        d_hi = np.exp(_logpdf(family, a, b, 1.0, x_hi) + w) * ww        # dx = (1 - x) dw
        g_lo = np.exp(k[:, None] * np.log1p(-s * x_lo)[None, :])
        g_hi = np.exp(k[:, None] * np.log1p(-s * x_hi)[None, :])
    d_lo, d_hi = np.nan_to_num(d_lo), np.nan_to_num(d_hi)
    g_hi = np.nan_to_num(g_hi)
    below = float(_cdf(family, a, b, 1.0, np.array(1e-14)))
    return below + g_lo @ d_lo + g_hi @ d_hi


def _curve_fit(family, a, b, s, k_grid=PAPER_K_GRID):
    """(prefactor, exponent) of a least-squares line through log(−log pass_D@k) of the fitted law at
    ``k_grid``."""
    fail = _expected_failure_fast(family, a, b, s, k_grid)
    with np.errstate(divide="ignore"):
        y = -np.log1p(-np.clip(fail, 0.0, 1.0))
    ok = np.isfinite(y) & (y > 0)
    if ok.sum() < 2:
        raise ValueError("the fitted distribution gives no finite −log pass_D@k to fit a line through")
    slope, intercept = loglog_slope(k_grid[ok], y[ok], base=np.e)
    return float(np.exp(intercept)), float(-slope)


def fit_paper(n, c, variant: str = "discretized_beta", *, n_boot: int = 200, seed: int = 0) -> PassAtKFit:
    r"""The distributional estimators of Schaeffer et al. (2025) as the authors' public code defines them.

    Every variant fits a scaled distribution of the per-problem success probability to the counts with
    L-BFGS-B (bounds (0.01, 100) on both shapes; start from ``scipy.stats.beta.fit`` of the rates c/n clipped
    to [1e-6, 1 − 1e-6], with loc 0 and scale (P + 1)/P · max c/n fixed; fallback start (0.35, 3.5)), then
    evaluates the fitted law's :math:`-\log(1-\mathbb E[(1-p)^k])` at :data:`PAPER_K_GRID` and fits a
    straight line through it in log-log. The forecast is :math:`a\,k^{-b}`.

    Parameters
    ----------
    n, c : array_like of int
        Samples and successes per problem (n may differ between problems; the discretized variants then
        place their bins by the largest n).
    variant : str
        ``"discretized_beta"`` — the paper's headline method. Bins ``[0, logspace(log10(1/N), 0,
        int(N/10))]`` (the first bin, [0, 1/N), holds the problems never solved); the Beta's CDF with scale
        fixed at max c/n; negative log-likelihood ``-mean over bins of count·log(mass + 1e-16)``. The exponent
        b is the fitted α and the prefactor a is the intercept of the line through the fitted law's curve.
        ``"discretized_kumaraswamy"`` — bins ``[0, 1/(2N), logspace(log10(1/N), 0, 5·int(log10 N) + 1)]``;
        as in the authors' code, the rates are divided by max c/n but the bins are not (see Notes); b = α,
        and the forecast uses a Kumaraswamy scaled to max c/n.
        ``"beta_binomial"``, ``"kumaraswamy_binomial"`` — the exact marginal likelihood of every count
        (mean over problems), scale fixed at min(1, (P + 1)/P · max c/n); both a and b are read off the line
        through the fitted law's curve (the "curve-fit forecast").
    n_boot : int
        Bootstrap resamples over problems for ``.interval`` (computed on first use).
    seed : int
        Seed of the bootstrap.

    Returns
    -------
    PassAtKFit
        ``method`` is ``"paper_<variant>"``; ``params`` holds α, β, the scale, the NLL, the start and the
        line (a, b_line) through the fitted curve.

    Raises
    ------
    ValueError
        For invalid counts, no success at all, or an unknown ``variant``.

    Notes
    -----
    Deviations from the authors' code, all numerical: the exact marginal likelihoods use Gauss–Legendre
    quadrature in the posterior's quantile coordinates instead of mpmath/QUADPACK, the fitted
    law's :math:`\mathbb E[(1-p)^k]` uses panel Gauss–Legendre quadrature in log p instead of mpmath
    quadrature,
    the line is the closed-form least-squares fit (the authors polish the same fit with Nelder–Mead), and
    bin counts below 2 (N < 20) are raised to 2. The discretized Kumaraswamy's normalisation quirk is
    reproduced, not fixed: its zero bin covers :math:`p < \max\hat p/(2N)` in the original units and its first
    log bin starts at :math:`\max\hat p/N`, so the resolution of the histogram depends on the largest rate.

    Examples
    --------
    >>> import numpy as np
    >>> from heavytail import estimators
    >>> rng = np.random.default_rng(0)
    >>> c = rng.binomial(1000, 0.3 * rng.beta(0.3, 3.0, 128))
    >>> f = estimators.fit_paper(np.full(128, 1000), c, "discretized_beta", n_boot=0)
    >>> 0.0 < f.exponent < 1.0
    True
    """
    n_arr, c_arr = _check_nc(n, c)
    n_boot, seed = _boot_args(n_boot, seed)
    if variant not in PAPER_VARIANTS:
        raise ValueError(f"variant must be one of {PAPER_VARIANTS}, got {variant!r}")
    return _fit_paper(n_arr, c_arr, variant, n_boot, seed)


def _fit_paper(n, c, variant, n_boot, seed) -> PassAtKFit:
    P = n.size
    phat = c / n
    pmax = float(phat.max())
    N = float(n.max())
    s_start = (P + 1.0) * pmax / P
    if variant == "discretized_beta":
        s = pmax
        edges = _paper_beta_edges(N)
        counts = np.histogram(phat, edges)[0].astype(float)
        def obj(th):  # noqa: E306
            return _paper_binned_nll(special.betainc(th[0], th[1], np.clip(edges / s, 0.0, 1.0)), counts)
        family = "beta"
    elif variant == "discretized_kumaraswamy":
        s = pmax
        edges = _paper_kumaraswamy_edges(N)
        # the quirk: data scaled, bins not
        counts = np.histogram(phat / (pmax + _PAPER_EPS), edges)[0].astype(float)
        def obj(th):  # noqa: E306
            with np.errstate(divide="ignore"):
                return _paper_binned_nll(-np.expm1(th[1] * np.log1p(-edges ** th[0])), counts)
        family = "kumaraswamy"
    else:
        s = min(1.0, s_start)
        family = "beta" if variant == "beta_binomial" else "kumaraswamy"
        nodes = _make_nodes(n, c)
        def obj(th):  # noqa: E306
            with np.errstate(divide="ignore", invalid="ignore"):
                marg = _marginals(family, th[0], th[1], s, nodes) / (n + 1.0)
                ll = np.log(marg)
            v = float(-np.mean(ll))
            return v if np.isfinite(v) else 1e12
    x0 = _paper_start(phat, min(s_start, 1.0) if variant.endswith("binomial") else s_start)
    res = _paper_minimize(obj, x0, maxls=200 if variant == "kumaraswamy_binomial" else 400)
    a, b = (float(v) for v in res.x)
    dist = _frozen(family, a, b, s)
    pref, b_line = _curve_fit(family, a, b, s)
    exponent = a if variant.startswith("discretized") else b_line

    def forecast(k):
        return pref * np.asarray(k, dtype=float) ** (-exponent)

    params = {"alpha": a, "beta": b, "scale": s, "nll": float(res.fun), "start": tuple(float(v) for v in x0),
              "a": pref, "b_line": b_line, "k_grid": PAPER_K_GRID}
    return PassAtKFit(method=f"paper_{variant}", exponent=exponent, prefactor=pref, params=params, n=n, c=c,
                      dist=dist, _forecast=forecast,
                      _refit=lambda idx: _fit_paper(n[idx], c[idx], variant, 0, 0), n_boot=n_boot, seed=seed)


# ----------------------------------------------------------------------------------------------------------
# The recommended forecaster
# ----------------------------------------------------------------------------------------------------------

#: Named configurations that :func:`fit` accepts as ``method``.
METHODS = {
    "least_squares": dict(kind="least_squares"),
    # the paper's baseline as its authors' code runs it: the line through 100 log-spaced k from 1 to n
    "paper_least_squares": dict(kind="least_squares", ks="paper"),
    "distributional": dict(kind="distributional", family="kumaraswamy", likelihood="discretized",
                           scale="fixed", forecast="prior"),
    "beta_binomial": dict(kind="distributional", family="beta", likelihood="exact", scale="one",
                          forecast="prior"),
    "beta_binomial_scaled": dict(kind="distributional", family="beta", likelihood="exact", scale="fitted",
                                 forecast="prior"),
    "beta_binomial_posterior": dict(kind="distributional", family="beta", likelihood="exact", scale="one",
                                    forecast="posterior"),
    "ls_tail_posterior": dict(kind="distributional", family="beta", likelihood="exact", scale="one",
                              forecast="posterior", alpha="least_squares"),
    "kumaraswamy_posterior": dict(kind="distributional", family="kumaraswamy", likelihood="exact",
                                  scale="fitted", forecast="posterior"),
    # the paper's estimators exactly as its authors' code defines them (see fit_paper)
    "paper_discretized_beta": dict(kind="paper", variant="discretized_beta"),
    "paper_discretized_kumaraswamy": dict(kind="paper", variant="discretized_kumaraswamy"),
    "paper_beta_binomial": dict(kind="paper", variant="beta_binomial"),
    "paper_kumaraswamy_binomial": dict(kind="paper", variant="kumaraswamy_binomial"),
}

#: The configuration that ``fit(method=None)`` uses; chosen by the held-out backtest (see the notebook).
RECOMMENDED = "least_squares"


def fit(n, c, method: str | None = None, *, n_boot: int = 200, seed: int = 0, **kwargs) -> PassAtKFit:
    """The book's forecaster: ``method=None`` uses :data:`RECOMMENDED`; otherwise a key of :data:`METHODS`.

    Parameters
    ----------
    n, c : array_like of int
        Samples and successes per problem.
    method : str or None
        A key of :data:`METHODS`; ``None`` is :data:`RECOMMENDED`, the forecaster chosen by the selection rule
        of the forecasting notebook (lowest error on the N = 300 and 1000 rows of the held-out backtest).
    n_boot : int
        Bootstrap resamples over problems for ``.interval``.
    seed : int
        Seed of the bootstrap.
    **kwargs
        Options for :func:`fit_least_squares` or :func:`fit_distributional`, overriding the named
        configuration's (the ``paper_*`` methods take none).

    Returns
    -------
    PassAtKFit
        The fit.

    Raises
    ------
    ValueError
        For an unknown method, options given to a ``paper_*`` method, or any error of the underlying fit.

    Examples
    --------
    >>> from heavytail import estimators
    >>> estimators.fit([100] * 4, [0, 1, 5, 40], n_boot=0).method == estimators.RECOMMENDED
    True
    """
    name = RECOMMENDED if method is None else method
    if name not in METHODS:
        raise ValueError(f"method must be None or one of {list(METHODS)}, got {method!r}")
    cfg = {k: v for k, v in METHODS[name].items() if k != "kind"}
    if METHODS[name]["kind"] == "least_squares":
        if cfg.get("ks") == "paper":
            n_max = int(np.max(as_int_array(n, "n", minimum=1)))
            cfg = {"ks": np.unique(np.logspace(0, np.log10(n_max), 100).astype(np.int64))}
        return fit_least_squares(n, c, n_boot=n_boot, seed=seed, **{**cfg, **kwargs})
    if METHODS[name]["kind"] == "paper":
        if kwargs:
            raise ValueError(f"method {name!r} takes no options (it is the authors' configuration), got "
                             f"{sorted(kwargs)}")
        return fit_paper(n, c, cfg["variant"], n_boot=n_boot, seed=seed)
    return fit_distributional(n, c, n_boot=n_boot, seed=seed, **{**cfg, **kwargs})


def measured_curve(n, c, ks=None) -> tuple[np.ndarray, np.ndarray]:
    """The measured −log pass_D@k at ``ks`` (default: 40 log-spaced k up to the smallest n).

    The unbiased estimator averaged over problems; points where pass_D@k = 1 (y = 0) are dropped.

    Parameters
    ----------
    n, c : array_like of int
        Samples and successes per problem.
    ks : array_like of int or None
        The k, at most the smallest n.

    Returns
    -------
    tuple of numpy.ndarray
        ``(ks, y)``.

    Raises
    ------
    ValueError
        For invalid counts, no success at all, or ``ks`` beyond the smallest n.

    Examples
    --------
    >>> from heavytail import estimators
    >>> ks, y = estimators.measured_curve([10, 10], [0, 5])
    >>> int(ks[0])
    1
    """
    n_arr, c_arr = _check_nc(n, c)
    ks_arr = (
        default_ks(int(n_arr.min())) if ks is None else np.unique(as_int_array(ks, "ks", minimum=1).ravel())
    )
    if ks_arr.max() > n_arr.min():
        raise ValueError(f"ks must not exceed the smallest n ({int(n_arr.min())}), got {int(ks_arr.max())}")
    pk = passk.pass_at_k(n_arr[None, :], c_arr[None, :], ks_arr[:, None]).mean(axis=1)
    keep = pk < 1
    return ks_arr[keep], -np.log(pk[keep])


def target_neg_log_pass(n, c, k):
    """The measured −log pass_D@k (unbiased estimator averaged over problems) — the backtest's truth.

    Parameters
    ----------
    n, c : array_like of int
        Samples and successes per problem.
    k : int
        Attempts, at most the smallest n.

    Returns
    -------
    float
        −log of the mean over problems of the unbiased pass@k.

    Raises
    ------
    ValueError
        For invalid counts, a bad k, or c = 0 everywhere (the value would be infinite).

    Examples
    --------
    >>> from heavytail import estimators
    >>> round(estimators.target_neg_log_pass([10, 10], [0, 5], 10), 4)
    0.6931
    """
    n_arr, c_arr = check_counts(n, c)
    k = check_int(k, "k", minimum=1)
    pk = float(np.mean(passk.pass_at_k(n_arr, c_arr, k)))
    if pk == 0.0:
        raise ValueError(f"c is 0 for every problem, so pass_D@{k} is 0 and -log pass_D@k is infinite")
    return float(-np.log(pk))
