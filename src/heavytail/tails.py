"""Heavy tails: stable laws and the generalized CLT, Pareto shares, Lévy flights, tail-exponent estimation.

Conventions
-----------
Two exponents describe a power-law tail and the literature uses both under the name α:

* the **tail index** ``a`` of the survival function, ``P(X > x) ~ x^(-a)`` (Pareto, Hill, stable laws);
* the **density exponent** ``α = a + 1`` of ``p(x) ~ x^(-α)`` (Clauset–Shalizi–Newman, ``powerlaw``,
  WeightWatcher).

Functions say which one they use. :func:`fit_power_law` returns the density exponent, as the field's
reference package ``powerlaw`` and WeightWatcher do; :func:`hill_estimator` returns the tail index.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
from scipy import optimize, special, stats

from ._validate import as_float_array, as_int_array, as_rng, check_bool, check_in_range, check_int, check_positive

__all__ = [
    "stable_tail_constant", "gclt_scale", "heavy_tailed_draws", "normalized_sums", "stable_cdf_grid",
    "ks_distance_to_cdf", "pareto_rvs", "pareto_top_share", "pareto_alpha_for_share", "sample_top_share",
    "brownian_walk", "levy_flight", "step_lengths", "hill_estimator", "PowerLawFit", "fit_power_law", "xmin_scan",
    "compare_tail_models", "best_k_error", "best_k_rate", "best_k_error_power_sequence",
]


def _rng(seed):
    """The package's convention (:func:`as_rng`: an integer >= 0 or a Generator); ``None`` draws fresh entropy."""
    return np.random.default_rng() if seed is None else as_rng(seed)


def _check_size(size):
    """A numpy ``size``: None, an int >= 0 or a tuple/list of them."""
    if size is not None:
        for s in (size if isinstance(size, (tuple, list)) else (size,)):
            check_int(s, "size", minimum=0)
    return size


# --------------------------------------------------------------------------------------------------
# Stable laws and the generalized central limit theorem
# --------------------------------------------------------------------------------------------------

def stable_tail_constant(a: float) -> float:
    """The constant ``C_a`` of a symmetric stable law: ``P(|X| > x) ~ C_a σ^a x^(-a)``.

    ``C_a = (1 - a) / (Γ(2 - a) cos(π a / 2))`` for ``a ≠ 1`` and ``C_1 = 2/π``
    (Samorodnitsky and Taqqu, Property 1.2.15). ``a`` must lie in (0, 2).
    """
    a = check_in_range(a, "a", 0.0, 2.0, lo_open=True, hi_open=True)
    if abs(a - 1.0) < 1e-12:
        return 2.0 / math.pi
    return (1.0 - a) / (math.gamma(2.0 - a) * math.cos(math.pi * a / 2.0))


def _two_sided_tail_constant(dist: str, a: float) -> float:
    """``c`` in ``P(|X| > x) ~ c x^(-a)`` for the symmetric draws of :func:`heavy_tailed_draws`."""
    if dist == "pareto":
        return 1.0
    # Student-t with ν = a degrees of freedom: density ~ K ν^((ν+1)/2) |t|^(-(ν+1))
    nu = a
    k = math.exp(special.gammaln((nu + 1) / 2) - special.gammaln(nu / 2)) / math.sqrt(nu * math.pi)
    return 2.0 * k * nu ** ((nu - 1) / 2)


def gclt_scale(a: float, dist: str = "pareto") -> float:
    """Scale σ of the symmetric a-stable limit of ``S_n / n^(1/a)`` for draws from ``dist`` (a < 2).

    If ``P(|X| > x) ~ c x^(-a)`` then ``S_n / n^(1/a)`` converges to ``S_a(σ, β=0)`` with
    ``σ^a = c / C_a`` (:func:`stable_tail_constant`). For ``dist='t'`` with a = 1 this is the
    standard Cauchy (σ = 1).
    """
    a = check_in_range(a, "a", 0.0, 2.0, lo_open=True, hi_open=True)
    _check_dist(dist)
    return (_two_sided_tail_constant(dist, a) / stable_tail_constant(a)) ** (1.0 / a)


def _check_dist(dist):
    if dist not in ("pareto", "t"):
        raise ValueError(f"dist must be 'pareto' or 't', got {dist!r}")


def heavy_tailed_draws(a: float, size, dist: str = "pareto", seed=None) -> np.ndarray:
    """Symmetric draws with tail index ``a``: ``P(|X| > x) = x^(-a)`` (x ≥ 1) or Student-t with ν = a."""
    a = check_positive(a, "a")
    _check_dist(dist)
    _check_size(size)
    rng = _rng(seed)
    if dist == "pareto":
        mag = rng.pareto(a, size) + 1.0
        return mag * rng.choice(np.array([-1.0, 1.0]), size)
    return rng.standard_t(a, size)


def normalized_sums(a: float, n: int, m: int, dist: str = "pareto", seed=None) -> np.ndarray:
    """``m`` independent normalized sums of ``n`` symmetric draws with tail index ``a``.

    For ``a < 2`` returns ``S_n / (σ n^(1/a))`` with σ from :func:`gclt_scale`, whose limit is the
    *standard* symmetric a-stable law (characteristic function ``exp(-|t|^a)``).
    For ``a > 2`` returns ``S_n / (sd √n)``, whose limit is the standard normal.
    ``a = 2`` (the log-corrected boundary) is rejected.
    """
    a = check_positive(a, "a")
    if a == 2.0:
        raise ValueError("a must differ from 2 (the boundary case needs a sqrt(n log n) norming), got 2.0")
    n = check_int(n, "n", minimum=1)
    m = check_int(m, "m", minimum=1)
    _check_dist(dist)
    rng = _rng(seed)
    sums = np.zeros(m)
    chunk = max(1, 2_000_000 // m)  # bound memory: add the n draws in blocks
    done = 0
    while done < n:
        b = min(chunk, n - done)
        sums += heavy_tailed_draws(a, (m, b), dist, rng).sum(axis=1)
        done += b
    if a < 2:
        return sums / (gclt_scale(a, dist) * n ** (1.0 / a))
    var = a / (a - 2.0)  # E X^2 for the symmetric Pareto (x_min = 1) and for Student-t, both a/(a-2)
    return sums / math.sqrt(var * n)


def stable_cdf_grid(a: float, xmax: float = 1e4, num: int = 401):
    """The standard symmetric a-stable CDF on a modest grid, via ``scipy.stats.levy_stable``.

    scipy evaluates stable densities and CDFs point by point with Nolan's piecewise integral
    (about a millisecond a point): fine on a few hundred grid points, minutes on 10^5 sample points.
    We therefore evaluate on ``num`` points spaced evenly in ``asinh(x)`` over ``[-xmax, xmax]`` (dense
    near 0, reaching far into the tails) and interpolate (:func:`ks_distance_to_cdf`).
    Returns ``(x, F)``. ``a = 2`` gives the unit-scale S_2, i.e. N(0, 2).
    """
    a = check_in_range(a, "a", 0.0, 2.0, lo_open=True)
    xmax = check_positive(xmax, "xmax")
    num = check_int(num, "num", minimum=3)
    u = np.linspace(-np.arcsinh(xmax), np.arcsinh(xmax), num)
    x = np.sinh(u)
    if a == 2.0:
        return x, stats.norm.cdf(x, scale=math.sqrt(2.0))
    stats.levy_stable.cdf_default_method = "piecewise"
    return x, stats.levy_stable.cdf(x, a, 0.0)


def ks_distance_to_cdf(sample, grid_x, grid_cdf) -> float:
    """Kolmogorov–Smirnov distance between a sample and a CDF known on a grid (linear interpolation).

    Sample points outside the grid are compared with the grid's end values, so choose a grid wide
    enough that the CDF is within the tolerance you need of 0 and 1 at its ends.
    """
    s = np.sort(as_float_array(sample, "sample", ndim=1))
    gx = as_float_array(grid_x, "grid_x", ndim=1)
    gf = as_float_array(grid_cdf, "grid_cdf", ndim=1)
    if gx.shape != gf.shape:
        raise ValueError(f"grid_x and grid_cdf must have the same shape, got {gx.shape} and {gf.shape}")
    if (np.diff(gx) < 0).any():
        raise ValueError("grid_x must be sorted in increasing order")
    if gf.min() < -1e-9 or gf.max() > 1 + 1e-9:
        raise ValueError(f"grid_cdf must hold probabilities in [0, 1], got range [{gf.min()}, {gf.max()}]")
    f = np.interp(s, gx, gf)
    n = s.size
    upper = np.arange(1, n + 1) / n - f
    lower = f - np.arange(n) / n
    return float(max(upper.max(), lower.max()))


# --------------------------------------------------------------------------------------------------
# Pareto and the 80:20 rule
# --------------------------------------------------------------------------------------------------

def pareto_rvs(a: float, size, xmin: float = 1.0, seed=None) -> np.ndarray:
    """Pareto draws with tail index ``a``: ``P(X > x) = (x / xmin)^(-a)`` for ``x ≥ xmin``."""
    a = check_positive(a, "a")
    xmin = check_positive(xmin, "xmin")
    return xmin * (_rng(seed).pareto(a, _check_size(size)) + 1.0)


def pareto_top_share(a, q=0.2):
    """Share of the total held by the top fraction ``q`` of a Pareto population: ``q^(1 - 1/a)``, a > 1."""
    a_arr = as_float_array(a, "a")
    if (a_arr <= 1).any():
        raise ValueError(f"a must be > 1 (the mean must exist), got {a_arr[a_arr <= 1].ravel()[0]}")
    q = check_in_range(q, "q", 0.0, 1.0, lo_open=True)
    out = q ** (1.0 - 1.0 / a_arr)
    return float(out) if np.ndim(a) == 0 else out


def pareto_alpha_for_share(share: float = 0.8, q: float = 0.2) -> float:
    """The tail index whose top ``q`` hold ``share`` of the mass: ``1 / (1 - ln share / ln q)``.

    For the 80:20 rule this is ``ln 5 / ln 4 ≈ 1.161``.
    """
    q = check_in_range(q, "q", 0.0, 1.0, lo_open=True, hi_open=True)
    share = check_in_range(share, "share", q, 1.0, lo_open=True, hi_open=True)
    return 1.0 / (1.0 - math.log(share) / math.log(q))


def sample_top_share(x, q: float = 0.2) -> float:
    """Share of the sample total held by its largest ``ceil(q n)`` values (x must be positive)."""
    x = as_float_array(x, "x", ndim=1)
    if (x <= 0).any():
        raise ValueError(f"x must be positive, got {x[x <= 0][0]}")
    q = check_in_range(q, "q", 0.0, 1.0, lo_open=True)
    k = max(1, math.ceil(q * x.size))
    top = np.partition(x, x.size - k)[x.size - k:]
    return float(top.sum() / x.sum())


# --------------------------------------------------------------------------------------------------
# Brownian motion and Lévy flights
# --------------------------------------------------------------------------------------------------

def brownian_walk(n_steps: int, seed=None, dim: int = 2) -> np.ndarray:
    """Positions (n_steps + 1, dim) of a random walk with i.i.d. standard Gaussian steps."""
    n_steps = check_int(n_steps, "n_steps", minimum=1)
    dim = check_int(dim, "dim", minimum=1)
    steps = _rng(seed).standard_normal((n_steps, dim))
    return np.vstack([np.zeros(dim), np.cumsum(steps, axis=0)])


def levy_flight(n_steps: int, a: float, seed=None, dim: int = 2) -> np.ndarray:
    """Positions (n_steps + 1, dim) of a Lévy flight: isotropic directions, Pareto(a) step lengths ≥ 1."""
    n_steps = check_int(n_steps, "n_steps", minimum=1)
    dim = check_int(dim, "dim", minimum=1)
    rng = _rng(seed)
    lengths = pareto_rvs(a, n_steps, seed=rng)
    direc = rng.standard_normal((n_steps, dim))
    direc /= np.linalg.norm(direc, axis=1, keepdims=True)
    return np.vstack([np.zeros(dim), np.cumsum(lengths[:, None] * direc, axis=0)])


def step_lengths(path) -> np.ndarray:
    """Euclidean lengths of the steps of a path of shape (n + 1, dim)."""
    path = as_float_array(path, "path", ndim=2)
    if path.shape[0] < 2:
        raise ValueError(f"path must have at least 2 points, got shape {path.shape}")
    return np.linalg.norm(np.diff(path, axis=0), axis=1)


# --------------------------------------------------------------------------------------------------
# Tail-exponent estimation
# --------------------------------------------------------------------------------------------------

def _positive_sample(x, name="x") -> np.ndarray:
    arr = as_float_array(x, name, ndim=None).ravel()
    if (arr <= 0).any():
        raise ValueError(f"{name} must contain only positive values, got {arr[arr <= 0][0]}")
    return arr


def hill_estimator(x, k):
    """Hill's estimate of the tail index ``a`` (survival exponent) from the ``k`` largest values.

    ``a_hat(k) = k / sum_{i<k} ln(X_(i) / X_(k))`` with ``X_(0) ≥ X_(1) ≥ ...`` the order statistics
    and ``X_(k)`` the (k+1)-th largest as threshold. ``k`` may be an int or an array of ints in
    [1, n - 1]; the result has the same shape.
    """
    xs = np.sort(_positive_sample(x))[::-1]
    n = xs.size
    if n < 2:
        raise ValueError(f"x must have at least 2 values, got {n}")
    k_arr = as_int_array(k, "k", minimum=1)
    if k_arr.max() > n - 1:
        raise ValueError(f"k must be <= n - 1 = {n - 1}, got {int(k_arr.max())}")
    logs = np.log(xs)
    csum = np.cumsum(logs)
    mean_top = csum[k_arr - 1] / k_arr
    denom = mean_top - logs[k_arr]
    with np.errstate(divide="ignore"):
        out = np.where(denom > 0, 1.0 / np.where(denom > 0, denom, 1.0), np.inf)
    return float(out) if np.ndim(k) == 0 else out


@dataclass
class PowerLawFit:
    """A continuous power-law fit ``p(x) = (α - 1)/x_min (x/x_min)^(-α)`` for ``x ≥ x_min``.

    Attributes: ``alpha`` (density exponent, MLE), ``xmin``, ``ks`` (KS distance of the tail to the
    fit), ``n_tail`` (points ≥ xmin), ``n`` (all points), ``sigma`` (asymptotic standard error
    ``(α - 1)/√n_tail``), ``xmin_fixed`` (whether xmin was given). ``tail`` holds the sorted tail.
    """

    alpha: float
    xmin: float
    ks: float
    n_tail: int
    n: int
    sigma: float
    xmin_fixed: bool
    tail: np.ndarray = field(repr=False)

    @property
    def tail_index(self) -> float:
        """The survival exponent ``α - 1`` (what Hill estimates)."""
        return self.alpha - 1.0

    def ccdf(self, x):
        """The fitted complementary CDF ``(x / xmin)^(1 - α)`` for ``x ≥ xmin``."""
        x = as_float_array(x, "x", finite=False, allow_empty=True)
        return np.where(x >= self.xmin, (np.maximum(x, self.xmin) / self.xmin) ** (1.0 - self.alpha), 1.0)

    def loglik(self) -> np.ndarray:
        """Pointwise log-likelihood of the tail under the fit."""
        return np.log((self.alpha - 1.0) / self.xmin) - self.alpha * np.log(self.tail / self.xmin)

    def compare(self, alternative: str = "lognormal") -> dict:
        """Likelihood-ratio test against ``'lognormal'`` or ``'exponential'`` (see :func:`compare_tail_models`)."""
        return compare_tail_models(self, alternative)


def _ks(fit_cdf: np.ndarray, ks: str) -> float:
    """KS distance between a sorted tail's empirical CDF and the fitted CDF at its points."""
    m = fit_cdf.size
    if ks == "exact":  # the supremum over x of |S(x) - P(x)|, both one-sided limits at each jump
        return float(max(np.max(np.arange(1, m + 1) / m - fit_cdf), np.max(fit_cdf - np.arange(m) / m)))
    # the powerlaw package (and hence WeightWatcher): only the left limits j/m of the empirical CDF,
    # compared with the fit at the tail points
    return float(np.max(np.abs(fit_cdf - np.arange(m) / m)))


def _check_ks(ks):
    if ks not in ("exact", "powerlaw"):
        raise ValueError(f"ks must be 'exact' or 'powerlaw', got {ks!r}")
    return ks


def _mle_and_ks(xs: np.ndarray, i: int, ks: str = "exact"):
    """α and KS distance for the tail ``xs[i:]`` of a sorted (ascending) sample."""
    tail = xs[i:]
    m = tail.size
    logs = np.log(tail / tail[0])
    s = logs.sum()
    if s <= 0:
        return np.inf, np.inf
    alpha = 1.0 + m / s
    return alpha, _ks(1.0 - np.exp((1.0 - alpha) * logs), ks)


def fit_power_law(x, xmin=None, *, min_tail: int = 10, max_candidates: int | None = None,
                  xmax=None, ks: str = "exact") -> PowerLawFit:
    """Fit a continuous power law to the tail of ``x`` by the Clauset–Shalizi–Newman method.

    With ``xmin=None`` every candidate x_min (the distinct sample values leaving at least ``min_tail``
    points above, as in CSN and ``powerlaw``; optionally thinned to ``max_candidates`` evenly spaced
    ranks for very large samples)
    is tried; for each, α is the continuous MLE ``1 + n_tail / Σ ln(x_i / x_min)`` and the x_min with
    the smallest KS distance between the tail's empirical CDF and the fitted CDF wins. With a given
    ``xmin`` only α is estimated. ``xmax`` (optional) drops values above it first, as WeightWatcher's
    option of the same name does. α is not capped (``powerlaw`` 2.0 caps it at 3 by default).

    ``ks='exact'`` uses the Kolmogorov supremum distance; ``ks='powerlaw'`` uses the variant of the
    ``powerlaw`` package (only the left limits ``j/n_tail`` of the empirical CDF at the tail points,
    j = 0, 1, ...), which is what
    WeightWatcher minimizes, so that x_min and α then match theirs.
    """
    arr = _positive_sample(x)
    min_tail = check_int(min_tail, "min_tail", minimum=2)
    if max_candidates is not None:
        max_candidates = check_int(max_candidates, "max_candidates", minimum=1)
    ks = _check_ks(ks)
    if xmax is not None:
        xmax = check_positive(xmax, "xmax")
        arr = arr[arr <= xmax]
    xs = np.sort(arr)
    n = xs.size
    if xmin is not None:
        xmin = check_positive(xmin, "xmin")
        i = int(np.searchsorted(xs, xmin, side="left"))
        if n - i < 2:
            raise ValueError(f"xmin={xmin} leaves {n - i} points in the tail; need at least 2")
        tail = xs[i:]
        logs = np.log(tail / xmin)
        alpha = 1.0 + tail.size / logs.sum()
        m = tail.size
        d = _ks(1.0 - (tail / xmin) ** (1.0 - alpha), ks)
        return PowerLawFit(float(alpha), float(xmin), float(d), int(m), int(n),
                           float((alpha - 1) / math.sqrt(m)), True, tail)
    xmins, alphas, kss, idx = _scan(xs, min_tail, max_candidates, ks)
    j = int(np.argmin(kss))
    i = int(idx[j])
    tail = xs[i:]
    alpha = float(alphas[j])
    return PowerLawFit(alpha, float(xs[i]), float(kss[j]), int(tail.size), int(n),
                       float((alpha - 1) / math.sqrt(tail.size)), False, tail)


def _scan(xs, min_tail, max_candidates, ks="exact"):
    n = xs.size
    if n < min_tail:
        raise ValueError(f"x must have at least min_tail={min_tail} values, got {n}")
    # candidate indices: first occurrence of each distinct value with at least min_tail points above
    _, first = np.unique(xs, return_index=True)
    first = first[first <= n - min_tail]
    if first.size == 0:
        raise ValueError("x has too few distinct values to choose xmin")
    if max_candidates is not None and first.size > max_candidates:
        first = np.unique(first[np.linspace(0, first.size - 1, max_candidates).round().astype(int)])
    res = np.array([_mle_and_ks(xs, int(i), ks) for i in first])
    if not np.isfinite(res[:, 1]).any():
        raise ValueError("no valid xmin found: the sample's tail is degenerate")
    return xs[first], res[:, 0], res[:, 1], first


def xmin_scan(x, *, min_tail: int = 10, max_candidates: int | None = None, ks: str = "exact"):
    """The KS scan behind :func:`fit_power_law`: candidate x_min values, the MLE α and KS distance of each.

    Returns ``(xmins, alphas, ks)``; the fit picks the candidate with the smallest ``ks``.
    """
    xs = np.sort(_positive_sample(x))
    min_tail = check_int(min_tail, "min_tail", minimum=2)
    if max_candidates is not None:
        max_candidates = check_int(max_candidates, "max_candidates", minimum=1)
    xmins, alphas, kss, _ = _scan(xs, min_tail, max_candidates, _check_ks(ks))
    return xmins, alphas, kss


def _lognormal_tail_loglik(tail, xmin):
    """Pointwise log-likelihood of the lognormal truncated to x ≥ xmin, at its MLE."""
    lt = np.log(tail)
    lxmin = math.log(xmin)
    half_log_2pi = 0.5 * math.log(2 * math.pi)

    def pointwise(mu, s):
        z = (lt - mu) / s
        return -0.5 * z * z - half_log_2pi - math.log(s) - lt - special.log_ndtr(-(lxmin - mu) / s)

    def nll(p):
        return -pointwise(p[0], math.exp(p[1])).sum()

    mu0, s0 = lt.mean(), max(lt.std(), 1e-3)
    # the truncated-lognormal likelihood is often flat towards (μ → -∞, s → ∞), where the lognormal
    # mimics a power law: start from several points and keep the best optimum
    best = None
    for dmu, fs in [(0.0, 1.0), (-2.0, 2.0), (-10.0, 4.0), (2.0, 0.5)]:
        res = optimize.minimize(nll, x0=[mu0 + dmu * s0, math.log(s0 * fs)], method="Nelder-Mead",
                                options=dict(xatol=1e-7, fatol=1e-9, maxiter=4000))
        if np.isfinite(res.fun) and (best is None or res.fun < best.fun):
            best = res
    mu, s = best.x[0], math.exp(best.x[1])
    return pointwise(mu, s), dict(mu=float(mu), sigma=float(s))


def compare_tail_models(fit: PowerLawFit, alternative: str = "lognormal") -> dict:
    """Vuong's normalized log-likelihood-ratio test of the power law against an alternative tail.

    Both models are fitted by maximum likelihood to the same tail (x ≥ x_min, the alternative
    truncated there), as in Clauset, Shalizi and Newman (2009), §5. Returns ``R`` (sum of pointwise
    log-likelihood ratios, positive favours the power law), ``z`` (R normalized by its standard
    deviation), ``p`` (two-sided p-value of the sign of R) and the alternative's fitted parameters.
    """
    if not isinstance(fit, PowerLawFit):
        raise TypeError(f"fit must be a PowerLawFit, got {type(fit).__name__}")
    tail, xmin = fit.tail, fit.xmin
    if alternative == "lognormal":
        ll_alt, params = _lognormal_tail_loglik(tail, xmin)
    elif alternative == "exponential":
        lam = 1.0 / max(np.mean(tail - xmin), 1e-300)
        ll_alt, params = np.log(lam) - lam * (tail - xmin), dict(rate=float(lam))
    else:
        raise ValueError(f"alternative must be 'lognormal' or 'exponential', got {alternative!r}")
    diff = fit.loglik() - ll_alt
    r = float(diff.sum())
    sd = float(diff.std())
    z = r / (sd * math.sqrt(diff.size)) if sd > 0 else 0.0
    p = float(math.erfc(abs(z) / math.sqrt(2.0)))
    return dict(alternative=alternative, R=r, z=float(z), p=p, params=params)


# --------------------------------------------------------------------------------------------------
# Best-k approximation
# --------------------------------------------------------------------------------------------------

def best_k_error(x, ks, p: float = 2.0, relative: bool = True) -> np.ndarray:
    """ℓ_p error of keeping the ``k`` largest-magnitude entries of ``x`` (and zeroing the rest).

    ``σ_k(x)_p = (Σ_{i > k} |x|_(i)^p)^(1/p)`` with ``|x|_(1) ≥ |x|_(2) ≥ ...``; divided by
    ``‖x‖_p`` when ``relative``. ``ks`` is an int or array of ints in [0, n].
    """
    x = as_float_array(x, "x").ravel()
    p = check_positive(p, "p")
    relative = check_bool(relative, "relative")
    k_arr = as_int_array(ks, "ks", minimum=0)
    if k_arr.max() > x.size:
        raise ValueError(f"ks must be <= len(x) = {x.size}, got {int(k_arr.max())}")
    scale = float(np.abs(x).max())
    if scale == 0 and relative:
        raise ValueError("x must not be all zeros when relative=True")
    scale = scale if scale > 0 else 1.0
    mags = np.sort(np.abs(x) / scale)[::-1] ** p  # scaled by max|x| so that tiny values do not underflow
    # tail sums: rest[k] = sum over i >= k (0-based) = what is left after keeping k
    rest = np.concatenate([np.cumsum(mags[::-1])[::-1], [0.0]])
    err = rest[k_arr] ** (1.0 / p)
    err = err / rest[0] ** (1.0 / p) if relative else err * scale
    return float(err) if np.ndim(ks) == 0 else err


def best_k_rate(a: float, p: float = 2.0) -> float:
    """Exponent of ``σ_k ~ k^(1/p - 1/a)`` for magnitudes sorted as ``|x|_(i) ~ i^(-1/a)``.

    The decay in k is a power law only when ``a < p`` (the rate is then negative); for ``a ≥ p`` the
    error is dominated by the bulk of the n entries and does not decay with k at fixed n.
    """
    a = check_positive(a, "a")
    p = check_positive(p, "p")
    return 1.0 / p - 1.0 / a


def best_k_error_power_sequence(a: float, n: int, ks, p: float = 2.0) -> np.ndarray:
    """Relative best-k error for the deterministic sequence ``|x|_(i) = i^(-1/a)``, i = 1..n."""
    a = check_positive(a, "a")
    n = check_int(n, "n", minimum=1)
    return best_k_error(np.arange(1, n + 1, dtype=float) ** (-1.0 / a), ks, p=p, relative=True)
