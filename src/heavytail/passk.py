r"""pass@k: one problem, a benchmark, and the power law in between.

For one problem with single-attempt success probability :math:`p`, ``pass@k = 1 - (1-p)^k``. For a benchmark
whose per-problem probabilities follow a distribution :math:`\mathcal D`,

.. math:: \mathrm{pass}_{\mathcal D}@k = 1 - \mathbb E_{p\sim\mathcal D}[(1-p)^k],

and if the density of :math:`p` behaves like :math:`C p^{b-1}` near 0
then :math:`-\log \mathrm{pass}_{\mathcal D}@k \approx C\,\Gamma(b)\,k^{-b}` (Schaeffer et al. 2025).

Public functions
----------------
pass_at_k(n, c, k)              unbiased estimator from n samples with c successes (Chen et al. 2021)
expected_failure(dist, k)       E[(1-p)^k] (the aggregate failure probability), accurate for k up to 1e8
expected_pass_at_k(dist, k)     1 - E[(1-p)^k]
neg_log_pass_at_k(dist, k)      -log pass_D@k, computed without cancellation
tail_law(dist)                  the (C, b) of the power-law left tail, or ValueError if there is none
half_life(p)                    k at which one problem reaches pass@k = 1/2
loguniform_failure_asymptote    the faster-than-power decay of the reciprocal (log-uniform) case
exponential_residual(n, c, k)   how far one problem's estimated -log pass@k is from the exponential law
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import integrate, special

from ._validate import as_int_array, check_counts, check_k, check_probability

__all__ = [
    "pass_at_k",
    "expected_failure",
    "expected_pass_at_k",
    "neg_log_pass_at_k",
    "tail_law",
    "TailLaw",
    "half_life",
    "describe",
    "loguniform_failure_asymptote",
    "exponential_residual",
]


# ----------------------------------------------------------------------------------------------------------
# The unbiased estimator
# ----------------------------------------------------------------------------------------------------------

def pass_at_k(n, c, k):
    """Unbiased estimate of pass@k from ``n`` samples with ``c`` successes, 1 - C(n-c, k) / C(n, k).

    Vectorised: ``n``, ``c`` and ``k`` broadcast against each other. Computed in log space with ``gammaln``
    (no overflow for n = 10^6) and ``expm1`` (no cancellation when pass@k is tiny). Exactly 1.0 when
    ``n - c < k``. The estimator is undefined for ``k > n`` (returning 1.0 there, as some widely copied
    implementations do, silently overstates performance), so that is an error.

    Parameters
    ----------
    n, c : array_like of int
        Samples and successes per problem, ``0 <= c <= n``, ``n >= 1``.
    k : array_like of int
        Attempts, ``1 <= k <= n``.

    Returns
    -------
    float or numpy.ndarray
        The estimates, with the broadcast shape of ``n``, ``c`` and ``k`` (a float for scalars).

    Raises
    ------
    ValueError
        If the counts are invalid (``c > n``, negative, ...), ``k < 1``, ``k > n``, or the shapes do not
        broadcast.
    TypeError
        If an argument is not numeric.

    Examples
    --------
    >>> from heavytail.passk import pass_at_k
    >>> round(float(pass_at_k(10, 1, 5)), 6)
    0.5
    >>> pass_at_k([10, 10], [0, 10], 3).tolist()
    [0.0, 1.0]
    """
    n_arr, c_arr = check_counts(n, c)
    k_arr = as_int_array(k, "k", minimum=1)
    try:
        n_b, c_b, k_b = np.broadcast_arrays(n_arr, c_arr, k_arr)
    except ValueError as exc:
        raise ValueError(f"n, c and k must broadcast together, got shapes {n_arr.shape}, {c_arr.shape}, "
                         f"{k_arr.shape}") from exc
    if (k_b > n_b).any():
        i = int(np.flatnonzero((k_b > n_b).ravel())[0])
        raise ValueError(f"k must not exceed n (pass@k is undefined for k > n): k={k_b.ravel()[i]} > "
                         f"n={n_b.ravel()[i]}")
    fails = n_b - c_b
    certain = fails < k_b
    log_ratio = _log_binom_ratio(n_b, c_b, np.where(certain, 0, k_b))
    out = np.where(certain, 1.0, -np.expm1(np.minimum(log_ratio, 0.0)))
    out = np.where(c_b == 0, 0.0, out)  # exactly 0, not gammaln round-off
    return out[()] if out.ndim == 0 else out


_DIRECT_TERMS = 4096


def _log_binom_ratio(n, c, k):
    r"""log[C(n-c, k) / C(n, k)] = sum_{j < min(c,k)} log1p(-max(c,k) / (n - j)), for n - c >= k.

    The direct sum is accurate to round-off. It is needed only where pass@k is small, i.e. c*k << n, which
    implies min(c, k) < sqrt(n); so it is used when min(c, k) <= sqrt(n) + 1 (and at most _DIRECT_TERMS
    terms). Otherwise c*k > n, pass@k > 1 - 1/e, and gammaln differences (absolute error ~1e-9) are exact
    enough.
    """
    m, big = np.minimum(c, k), np.maximum(c, k)
    nf = n.astype(float)
    out = np.zeros(n.shape, dtype=float)
    direct = m <= np.minimum(_DIRECT_TERMS, np.sqrt(nf) + 1)
    if direct.any():
        md, bd, nd = m[direct], big[direct].astype(float), nf[direct]
        acc = np.zeros(md.shape)
        for j in range(int(md.max(initial=0))):
            live = j < md
            acc[live] += np.log1p(-bd[live] / (nd[live] - j))
        out[direct] = acc
    rest = ~direct
    if rest.any():
        f, kf, nn = (n - c)[rest].astype(float), k[rest].astype(float), nf[rest]
        out[rest] = (special.gammaln(f + 1) - special.gammaln(f - kf + 1)
                     - special.gammaln(nn + 1) + special.gammaln(nn - kf + 1))
    return out


def half_life(p):
    """Attempts needed for one problem to reach pass@k = 1/2: ln 2 / -ln(1 - p), about ln 2 / p for small p.

    Parameters
    ----------
    p : float or array_like of float
        Single-attempt success probabilities in (0, 1].

    Returns
    -------
    float or numpy.ndarray
        The (real-valued) number of attempts, with the shape of ``p``.

    Raises
    ------
    ValueError
        If a probability is outside [0, 1] or is 0 (no finite half-life).

    Examples
    --------
    >>> from heavytail.passk import half_life
    >>> float(half_life(0.5))
    1.0
    >>> round(float(half_life(0.01)), 2)
    68.97
    """
    p_arr = check_probability(p, "p")
    if (p_arr == 0).any():
        raise ValueError("p must be > 0 for a finite half-life, got 0")
    with np.errstate(divide="ignore"):
        out = np.log(2.0) / -np.log1p(-p_arr)
    return out[()] if out.ndim == 0 else out


# ----------------------------------------------------------------------------------------------------------
# Describing a distribution of success probabilities
# ----------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Desc:
    family: str          # "beta", "uniform", "loguniform", "kumaraswamy", "continuous_bernoulli", "other"
    shapes: tuple
    loc: float
    scale: float
    frozen: object


def describe(dist) -> _Desc:
    """Family, shape parameters, loc and scale of a frozen scipy.stats distribution of p on [0, 1].

    Parameters
    ----------
    dist : scipy.stats frozen distribution
        A continuous distribution supported inside [0, 1].

    Returns
    -------
    tuple
        A named tuple with ``family`` (``"beta"``, ``"uniform"``, ``"loguniform"``, ``"kumaraswamy"``,
        ``"continuous_bernoulli"`` or ``"other"``), ``shapes``, ``loc`` and ``scale``.

    Raises
    ------
    TypeError
        If ``dist`` is not a frozen scipy.stats continuous distribution.
    ValueError
        If its support is not inside [0, 1].

    Examples
    --------
    >>> from scipy import stats
    >>> from heavytail.passk import describe
    >>> d = describe(stats.beta(0.3, 5.0, scale=0.5))
    >>> d.family, d.scale
    ('beta', 0.5)
    """
    if not hasattr(dist, "dist") or not hasattr(dist, "pdf") or not hasattr(dist, "support"):
        raise TypeError(
            f"dist must be a frozen scipy.stats continuous distribution, got {type(dist).__name__}"
        )
    shapes, loc, scale = dist.dist._parse_args(*dist.args, **dist.kwds)
    lo, hi = (float(v) for v in dist.support())
    if not (np.isfinite(lo) and np.isfinite(hi)) or lo < 0 or hi > 1:
        raise ValueError(f"dist must be supported inside [0, 1] (it describes probabilities), "
                         f"got support [{lo}, {hi}]")
    name = dist.dist.name
    family = {"beta": "beta", "uniform": "uniform", "loguniform": "loguniform", "reciprocal": "loguniform",
              "kumaraswamy": "kumaraswamy", "continuous_bernoulli": "continuous_bernoulli"}.get(name, "other")
    return _Desc(family, tuple(float(s) for s in shapes), float(loc), float(scale), dist)


# ----------------------------------------------------------------------------------------------------------
# Exact aggregates
# ----------------------------------------------------------------------------------------------------------

def _log_fail_one(p, k):
    """log (1-p)^k, safe at p = 1."""
    with np.errstate(divide="ignore"):
        return k * np.log1p(-p)


def _fast_logpdf(d: _Desc):
    """log-density of the frozen distribution without scipy's per-call argument checking (~30x faster).

    Used only inside the support, where the checks are moot; falls back to the public method if the
    generator's private ``_logpdf`` does not accept the call.
    """
    gen, shapes, loc, scale = d.frozen.dist, d.shapes, d.loc, d.scale
    log_scale = np.log(scale)

    def fast(p):
        return gen._logpdf((p - loc) / scale, *shapes) - log_scale

    try:
        probe = float(np.squeeze(fast(0.5 * (d.frozen.support()[0] + d.frozen.support()[1]))))
        ref = float(d.frozen.logpdf(0.5 * (d.frozen.support()[0] + d.frozen.support()[1])))
        if np.isclose(probe, ref, rtol=1e-12, atol=1e-12):
            return lambda p: float(np.squeeze(fast(p)))
    except Exception:  # noqa: BLE001 - any failure means: use the public, checked method
        pass
    return lambda p: float(d.frozen.logpdf(p))


def _quad_failure(d: _Desc, k: float) -> float:
    """E[(1-p)^k] by adaptive quadrature in log p, split around p ~ 1/k where the integrand lives.

    Below eps = 1e-12/k the factor (1-p)^k equals 1 to 1e-12, so that piece is the cdf F(eps) exactly.
    """
    dist = d.frozen
    lo, hi = (float(v) for v in dist.support())
    eps = 1e-12 / k
    total = 0.0
    start = lo
    if lo < eps:
        total += float(dist.cdf(eps)) - float(dist.cdf(lo))
        start = eps

    logpdf = _fast_logpdf(d)

    def g(t):  # integrand in t = log p
        p = np.exp(t)
        return float(np.exp(t + logpdf(p) + _log_fail_one(p, k)))

    t0, t1 = np.log(start), np.log(hi)
    centre = -np.log(k)
    breaks = [centre + j * np.log(10.0) for j in range(-12, 5)]
    grid = [t0] + [b for b in breaks if t0 < b < t1] + [t1]
    for a, b in zip(grid[:-1], grid[1:]):
        val, _ = integrate.quad(g, a, b, limit=200, epsabs=0.0, epsrel=1e-11)
        total += val
    return total


def _failure_closed_form(d: _Desc, k: np.ndarray) -> np.ndarray | None:
    """E[(1-p)^k] in closed form where one exists, else None."""
    if d.family == "beta" and d.loc == 0.0 and d.scale == 1.0:
        a, b = d.shapes
        return np.exp(special.betaln(a, b + k) - special.betaln(a, b))
    if d.family == "uniform" and d.loc == 0.0:
        c = d.scale
        # (1 - (1-c)^(k+1)) / (c (k+1))
        return -np.expm1((k + 1) * np.log1p(-c)) / (c * (k + 1)) if c < 1 else 1.0 / (k + 1)
    return None


def expected_failure(dist, k):
    """Aggregate failure probability E[(1-p)^k] over the distribution of p, vectorised over ``k``.

    Closed form for Beta(α, β) (``B(α, β+k)/B(α, β)``) and Uniform(0, c); otherwise adaptive quadrature in log
    p, accurate to about 1e-9 relative for k from 1 to 1e8 (tested against the closed forms). ``k`` may be any
    real >= 1 (the expectation is defined for real k).

    Parameters
    ----------
    dist : scipy.stats frozen distribution or array_like of float
        A distribution on [0, 1] (beta, uniform, loguniform/reciprocal, or one of
        ``heavytail.distributions``), or per-problem probabilities (a finite benchmark, averaged exactly).
    k : float or array_like of float
        Attempts per problem, each a finite real >= 1.

    Returns
    -------
    float or numpy.ndarray
        E[(1-p)^k] for each ``k``, with the shape of ``k``.

    Raises
    ------
    ValueError
        If some k is below 1 or not finite, a probability is outside [0, 1], or the distribution's support is
        not inside [0, 1].
    TypeError
        If ``dist`` is neither a frozen distribution nor numeric.

    Examples
    --------
    >>> from scipy import stats
    >>> from heavytail.passk import expected_failure
    >>> round(float(expected_failure(stats.uniform(0, 1), 9)), 6)
    0.1
    >>> expected_failure([0.5, 1.0], [1, 2]).tolist()
    [0.25, 0.125]
    """
    k_arr = check_k(k)
    if not hasattr(dist, "dist"):
        p = check_probability(dist, "dist")
        out = (
            np.exp(_log_fail_one(p.ravel()[None, :], k_arr.ravel()[:, None]))
            .mean(axis=1)
            .reshape(k_arr.shape)
        )
        return out[()] if out.ndim == 0 else out
    d = describe(dist)
    closed = _failure_closed_form(d, k_arr)
    if closed is not None:
        out = np.asarray(closed, dtype=float)
    else:
        out = np.array([_quad_failure(d, float(kk)) for kk in k_arr.ravel()]).reshape(k_arr.shape)
    out = np.clip(out, 0.0, 1.0)
    return out[()] if out.ndim == 0 else out


def expected_pass_at_k(dist, k):
    """Exact aggregate pass@k, 1 - E[(1-p)^k], for a distribution (or an array) of p.

    Parameters
    ----------
    dist : scipy.stats frozen distribution or array_like of float
        As in :func:`expected_failure`.
    k : float or array_like of float
        Attempts per problem, each a finite real >= 1.

    Returns
    -------
    float or numpy.ndarray
        pass_D@k for each ``k``, with the shape of ``k``.

    Raises
    ------
    ValueError
        As :func:`expected_failure`.

    Examples
    --------
    >>> from heavytail.passk import expected_pass_at_k
    >>> expected_pass_at_k([0.5, 1.0], [1, 2]).tolist()
    [0.75, 0.875]
    """
    return 1.0 - expected_failure(dist, k)


def neg_log_pass_at_k(dist, k):
    """The quantity -log pass_D@k = -log(1 - E[(1-p)^k]), computed without cancellation.

    Parameters
    ----------
    dist : scipy.stats frozen distribution or array_like of float
        As in :func:`expected_failure`.
    k : float or array_like of float
        Attempts per problem, each a finite real >= 1.

    Returns
    -------
    float or numpy.ndarray
        -log pass_D@k for each ``k`` (``inf`` where pass_D@k is 0), with the shape of ``k``.

    Raises
    ------
    ValueError
        As :func:`expected_failure`.

    Examples
    --------
    >>> from scipy import stats
    >>> from heavytail.passk import neg_log_pass_at_k
    >>> round(float(neg_log_pass_at_k(stats.uniform(0, 1), 1)), 6)
    0.693147
    """
    fail = np.asarray(expected_failure(dist, k))
    with np.errstate(divide="ignore"):
        out = -np.log1p(-fail)
    return out[()] if out.ndim == 0 else out


# ----------------------------------------------------------------------------------------------------------
# The power-law left tail
# ----------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class TailLaw:
    r"""A power-law left tail :math:`f(p) \approx C p^{b-1}` and the law it implies for the benchmark."""

    C: float
    b: float

    @property
    def prefactor(self) -> float:
        r"""The prefactor :math:`C\,\Gamma(b)` of the
        law :math:`-\log \mathrm{pass}_{\mathcal D}@k \approx C\,\Gamma(b)\,k^{-b}`."""
        return float(self.C * special.gamma(self.b))

    def neg_log_pass_at_k(self, k):
        r"""The asymptote :math:`C\,\Gamma(b)\,k^{-b}`."""
        k_arr = check_k(k)
        out = self.prefactor * k_arr ** (-self.b)
        return out[()] if out.ndim == 0 else out


def tail_law(dist) -> TailLaw:
    """The (C, b) of the density's power-law left tail, f(p) ≈ C p^(b-1) as p → 0.

    Exact for Beta (b = α), Uniform(0, c) (b = 1), Kumaraswamy (b = α), continuous Bernoulli (b = 1), with
    their loc = 0 scalings. A distribution without a power-law left tail, such as loguniform (reciprocal) on
    [a, c] with a > 0, is an error: its support stops short of 0, so -log pass@k falls like (1-a)^k / k,
    faster than any power. Other distributions supported from 0 are probed numerically (the log-log slope of
    the density at p ≈ 1e-10·c and 1e-8·c must agree).

    Parameters
    ----------
    dist : scipy.stats frozen distribution
        A continuous distribution supported inside [0, 1].

    Returns
    -------
    TailLaw
        ``C`` and ``b``; ``TailLaw.neg_log_pass_at_k(k)`` is the asymptote C Γ(b) k^(-b).

    Raises
    ------
    ValueError
        If the distribution has no power-law left tail (support starting above 0, or a density whose local
        slopes disagree near 0).
    TypeError
        If ``dist`` is not a frozen scipy.stats distribution.

    Examples
    --------
    >>> from scipy import stats
    >>> from heavytail.passk import tail_law
    >>> law = tail_law(stats.beta(0.3, 5.0))
    >>> round(law.b, 6)
    0.3
    """
    d = describe(dist)
    lo, hi = (float(v) for v in dist.support())
    if d.loc != 0.0 or lo > 0.0:
        raise ValueError(f"dist has no power-law left tail: its support starts at {lo:g} > 0, so "
                         f"-log pass@k decays like (1 - {lo:g})^k / k, faster than any power of k")
    s = d.scale
    if d.family == "beta":
        a, b = d.shapes
        return TailLaw(C=float(s ** (-a) / special.beta(a, b)), b=a)
    if d.family == "uniform":
        return TailLaw(C=1.0 / s, b=1.0)
    if d.family == "kumaraswamy":
        a, b = d.shapes
        return TailLaw(C=float(a * b * s ** (-a)), b=a)
    if d.family == "continuous_bernoulli":
        (lam,) = d.shapes
        return TailLaw(C=float(np.exp(dist.logpdf(0.0))), b=1.0)
    # numerical probe
    p = hi * np.array([1e-12, 1e-10, 1e-8])
    with np.errstate(divide="ignore"):
        lf = dist.logpdf(p)
    if not np.all(np.isfinite(lf)):
        raise ValueError("dist has no power-law left tail: its density vanishes or diverges faster than a "
                         "power of p near 0")
    slopes = np.diff(lf) / np.diff(np.log(p))
    if abs(slopes[0] - slopes[1]) > 1e-3 or slopes[0] <= -1:
        raise ValueError(f"dist has no power-law left tail: the log-log slope of its density near 0 is not "
                         f"constant ({slopes[0]:.4f} vs {slopes[1]:.4f}) or not > -1")
    b = float(slopes[0] + 1)
    return TailLaw(C=float(np.exp(lf[0] - (b - 1) * np.log(p[0]))), b=b)


def loguniform_failure_asymptote(a, c, k):
    r"""Large-k asymptote of E[(1-p)^k] for p log-uniform (reciprocal) on [a, c], 0 < a < c <= 1.

    Near its lower edge the density is :math:`1/(a\ln(c/a))`
    and :math:`(1-p)^k \approx (1-a)^k e^{-k(p-a)/(1-a)}`, so

    .. math:: \mathbb E[(1-p)^k] \approx \frac{(1-a)^{k+1}}{a\,k\,\ln(c/a)},

    which falls faster than any power of k: no power law, because the support stops short of p = 0.

    Parameters
    ----------
    a, c : float
        The support's ends, ``0 < a < c <= 1``.
    k : float or array_like of float
        Attempts per problem, each a finite real >= 1.

    Returns
    -------
    float or numpy.ndarray
        The asymptote for each ``k``, with the shape of ``k``.

    Raises
    ------
    ValueError
        If ``a`` or ``c`` is out of range, or some k is below 1 or not finite.

    Examples
    --------
    >>> from scipy import stats
    >>> from heavytail.passk import expected_failure, loguniform_failure_asymptote
    >>> exact = float(expected_failure(stats.loguniform(1e-3, 0.5), 1e5))
    >>> approx = float(loguniform_failure_asymptote(1e-3, 0.5, 1e5))
    >>> abs(approx / exact - 1) < 0.01
    True
    """
    from ._validate import check_in_range
    a = check_in_range(a, "a", 0.0, 1.0, lo_open=True, hi_open=True)
    c = check_in_range(c, "c", a, 1.0, lo_open=True)
    k_arr = check_k(k)
    out = np.exp((k_arr + 1) * np.log1p(-a) - np.log(a * k_arr * np.log(c / a)))
    return out[()] if out.ndim == 0 else out


def exponential_residual(n, c, k, *, floor=1e-3):
    r"""Log-ratio of a problem's estimated :math:`-\log\mathrm{pass}_i@k` to the exponential law at its rate.

    For one problem with ``n`` samples and ``c`` successes, compares the unbiased
    estimate :math:`\widehat{\mathrm{pass}}_i@k` (:func:`pass_at_k`) with the plug-in exponential
    law :math:`1 - (1 - c/n)^k`
    through :math:`\log(-\log\widehat{\mathrm{pass}}_i@k) - \log(-\log(1-(1-c/n)^k))`.
    Zero means the problem follows the exponential exactly.

    Parameters
    ----------
    n, c : array_like of int
        Samples and successes per problem (``n >= 1``, ``0 <= c <= n``), broadcast together.
    k : array_like of int
        Attempts, ``1 <= k <= min(n)``; broadcast against ``n`` and ``c`` (use ``k[:, None]`` for a grid).
    floor : float, optional
        Entries where either :math:`-\log\mathrm{pass}` is below ``floor`` are masked: there both are within
        ``floor`` of zero and their ratio is dominated by sampling noise in the last few failures.

    Returns
    -------
    numpy.ndarray
        The log-ratios, NaN where the comparison is undefined: problems never solved (``c = 0``: both curves
        are infinite), always solved (``c = n``: both are zero), or masked by ``floor``.

    Raises
    ------
    ValueError
        If the counts are invalid, ``k > n`` or ``floor`` is not in (0, 1).

    Examples
    --------
    >>> r = exponential_residual(10_000, 50, [1, 10, 100])
    >>> bool(abs(r).max() < 0.01)
    True
    """
    from ._validate import check_in_range
    floor = check_in_range(floor, "floor", 0.0, 1.0, lo_open=True, hi_open=True)
    est = pass_at_k(n, c, k)
    n_arr, c_arr = check_counts(n, c)
    k_arr = as_int_array(k, "k", minimum=1)
    n_b, c_b, k_b = np.broadcast_arrays(n_arr, c_arr, k_arr)
    with np.errstate(divide="ignore", invalid="ignore"):
        plug = -np.expm1(k_b * np.log1p(-c_b / n_b))
        y_est, y_plug = -np.log(est), -np.log(plug)
        out = np.log(y_est) - np.log(y_plug)
    bad = (c_b == 0) | (c_b == n_b) | (y_est < floor) | (y_plug < floor)
    out = np.where(bad, np.nan, out)
    return out[()] if out.ndim == 0 else out
