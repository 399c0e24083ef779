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
import warnings
from dataclasses import dataclass, field

import numpy as np
from scipy import optimize, special, stats

from ._validate import (as_float_array, as_int_array, as_rng, check_bool, check_in_range, check_int,
                        check_positive)

__all__ = [
    "stable_tail_constant", "gclt_scale", "heavy_tailed_draws", "normalized_sums", "stable_cdf_grid",
    "ks_distance_to_cdf", "pareto_rvs", "pareto_top_share", "pareto_alpha_for_share", "sample_top_share",
    "brownian_walk", "levy_flight", "step_lengths", "hill_estimator", "IntegerDataWarning", "PowerLawFit",
    "fit_power_law", "xmin_scan", "power_law_rvs", "goodness_of_fit", "bootstrap_uncertainty", "ALTERNATIVES",
    "compare_tail_models", "csn_verdict", "CSN_PUBLISHED", "csn_dataset", "best_k_error", "best_k_rate",
    "best_k_error_power_sequence",
]


def _rng(seed):
    """The package's convention (:func:`as_rng`: an integer >= 0 or a Generator); ``None`` draws fresh
    entropy."""
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
    (Samorodnitsky and Taqqu, Property 1.2.15).

    Parameters
    ----------
    a : float
        Stability index, in (0, 2).

    Returns
    -------
    float
        ``C_a``.

    Raises
    ------
    ValueError
        If ``a`` is not in (0, 2).

    Examples
    --------
    >>> round(stable_tail_constant(1.0), 4)
    0.6366
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
    ``σ^a = c / C_a`` (:func:`stable_tail_constant`).

    Parameters
    ----------
    a : float
        Tail index, in (0, 2).
    dist : {'pareto', 't'}
        The law of the summands (see :func:`heavy_tailed_draws`).

    Returns
    -------
    float
        σ.

    Raises
    ------
    ValueError
        If ``a`` is not in (0, 2) or ``dist`` is unknown.

    Examples
    --------
    >>> round(gclt_scale(1.0, "t"), 6)  # Student-t with one degree of freedom is the Cauchy law
    1.0
    """
    a = check_in_range(a, "a", 0.0, 2.0, lo_open=True, hi_open=True)
    _check_dist(dist)
    return (_two_sided_tail_constant(dist, a) / stable_tail_constant(a)) ** (1.0 / a)


def _check_dist(dist):
    if dist not in ("pareto", "t"):
        raise ValueError(f"dist must be 'pareto' or 't', got {dist!r}")


def heavy_tailed_draws(a: float, size, dist: str = "pareto", seed=None) -> np.ndarray:
    """Symmetric draws with tail index ``a``: ``P(|X| > x) = x^(-a)`` (x ≥ 1) or Student-t with ν = a.

    Parameters
    ----------
    a : float
        Tail index, > 0.
    size : int or tuple of int
        Output shape.
    dist : {'pareto', 't'}
        Symmetrized Pareto (random sign times a Pareto magnitude ≥ 1) or Student-t.
    seed : int, Generator or None
        Random seed.

    Returns
    -------
    ndarray

    Raises
    ------
    ValueError
        If ``a <= 0``, ``dist`` is unknown or ``size`` is invalid.

    Examples
    --------
    >>> heavy_tailed_draws(1.5, 4, seed=0).shape
    (4,)
    """
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

    Parameters
    ----------
    a : float
        Tail index, > 0 and ≠ 2 (the boundary case needs a ``sqrt(n log n)`` norming).
    n : int
        Terms per sum.
    m : int
        Number of sums.
    dist : {'pareto', 't'}
        The law of the summands.
    seed : int, Generator or None
        Random seed.

    Returns
    -------
    ndarray
        Shape ``(m,)``.

    Raises
    ------
    ValueError
        If ``a <= 0``, ``a == 2``, ``n < 1``, ``m < 1`` or ``dist`` is unknown.

    Examples
    --------
    >>> normalized_sums(1.5, 100, 3, seed=0).shape
    (3,)
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

    Parameters
    ----------
    a : float
        Stability index, in (0, 2]; ``a = 2`` gives the unit-scale S_2, i.e. N(0, 2).
    xmax : float
        Half-width of the grid.
    num : int
        Number of grid points, >= 3.

    Returns
    -------
    x, F : ndarray
        The grid and the CDF on it.

    Raises
    ------
    ValueError
        If ``a`` is not in (0, 2], ``xmax <= 0`` or ``num < 3``.

    Examples
    --------
    >>> x, F = stable_cdf_grid(2.0, xmax=10.0, num=5)
    >>> float(F[2])
    0.5
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

    Parameters
    ----------
    sample : array_like
        1-D sample.
    grid_x : array_like
        Increasing grid.
    grid_cdf : array_like
        CDF values (in [0, 1]) on the grid, same shape as ``grid_x``.

    Returns
    -------
    float
        ``sup_x |S(x) - F(x)|`` over the sample's jumps.

    Raises
    ------
    ValueError
        For empty or non-finite input, an unsorted grid, mismatched shapes or values outside [0, 1].

    Examples
    --------
    >>> ks_distance_to_cdf([0.5], [0.0, 1.0], [0.0, 1.0])
    0.5
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
    """Pareto draws with tail index ``a``: ``P(X > x) = (x / xmin)^(-a)`` for ``x ≥ xmin``.

    Parameters
    ----------
    a : float
        Tail index (survival exponent), > 0; the density exponent is ``a + 1``.
    size : int or tuple of int
        Output shape.
    xmin : float
        Lower bound, > 0.
    seed : int, Generator or None
        Random seed.

    Returns
    -------
    ndarray

    Raises
    ------
    ValueError
        If ``a <= 0``, ``xmin <= 0`` or ``size`` is invalid.

    Examples
    --------
    >>> bool((pareto_rvs(1.5, 10, xmin=2.0, seed=0) >= 2.0).all())
    True
    """
    a = check_positive(a, "a")
    xmin = check_positive(xmin, "xmin")
    return xmin * (_rng(seed).pareto(a, _check_size(size)) + 1.0)


def pareto_top_share(a, q=0.2):
    """Share of the total held by the top fraction ``q`` of a Pareto population: ``q^(1 - 1/a)``.

    Parameters
    ----------
    a : float or array_like
        Tail index, > 1 (the mean must exist).
    q : float
        Top fraction, in (0, 1].

    Returns
    -------
    float or ndarray
        Same shape as ``a``.

    Raises
    ------
    ValueError
        If some ``a <= 1`` or ``q`` is not in (0, 1].

    Examples
    --------
    >>> round(pareto_top_share(1.161, 0.2), 2)
    0.8
    """
    a_arr = as_float_array(a, "a")
    if (a_arr <= 1).any():
        raise ValueError(f"a must be > 1 (the mean must exist), got {a_arr[a_arr <= 1].ravel()[0]}")
    q = check_in_range(q, "q", 0.0, 1.0, lo_open=True)
    out = q ** (1.0 - 1.0 / a_arr)
    return float(out) if np.ndim(a) == 0 else out


def pareto_alpha_for_share(share: float = 0.8, q: float = 0.2) -> float:
    """The tail index whose top ``q`` hold ``share`` of the mass: ``1 / (1 - ln share / ln q)``.

    Parameters
    ----------
    share : float
        Share of the total, in (q, 1).
    q : float
        Top fraction, in (0, 1).

    Returns
    -------
    float
        For the 80:20 rule ``ln 5 / ln 4 ≈ 1.161``.

    Raises
    ------
    ValueError
        If ``q`` is not in (0, 1) or ``share`` not in (q, 1).

    Examples
    --------
    >>> round(pareto_alpha_for_share(0.8, 0.2), 3)
    1.161
    """
    q = check_in_range(q, "q", 0.0, 1.0, lo_open=True, hi_open=True)
    share = check_in_range(share, "share", q, 1.0, lo_open=True, hi_open=True)
    return 1.0 / (1.0 - math.log(share) / math.log(q))


def sample_top_share(x, q: float = 0.2) -> float:
    """Share of the sample total held by its largest ``ceil(q n)`` values.

    Parameters
    ----------
    x : array_like
        Positive 1-D sample.
    q : float
        Top fraction, in (0, 1].

    Returns
    -------
    float

    Raises
    ------
    ValueError
        If ``x`` is empty, non-finite or not positive, or ``q`` is not in (0, 1].

    Examples
    --------
    >>> sample_top_share([1.0, 1.0, 1.0, 1.0, 6.0], 0.2)
    0.6
    """
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
    """Positions of a random walk with i.i.d. standard Gaussian steps, starting at the origin.

    Parameters
    ----------
    n_steps : int
        Number of steps, >= 1.
    seed : int, Generator or None
        Random seed.
    dim : int
        Dimension, >= 1.

    Returns
    -------
    ndarray
        Shape ``(n_steps + 1, dim)``.

    Raises
    ------
    ValueError
        If ``n_steps < 1`` or ``dim < 1``.

    Examples
    --------
    >>> brownian_walk(3, seed=0).shape
    (4, 2)
    """
    n_steps = check_int(n_steps, "n_steps", minimum=1)
    dim = check_int(dim, "dim", minimum=1)
    steps = _rng(seed).standard_normal((n_steps, dim))
    return np.vstack([np.zeros(dim), np.cumsum(steps, axis=0)])


def levy_flight(n_steps: int, a: float, seed=None, dim: int = 2) -> np.ndarray:
    """Positions of a Lévy flight: isotropic directions, Pareto(a) step lengths ≥ 1.

    Parameters
    ----------
    n_steps : int
        Number of steps, >= 1.
    a : float
        Tail index of the step lengths, > 0.
    seed : int, Generator or None
        Random seed.
    dim : int
        Dimension, >= 1.

    Returns
    -------
    ndarray
        Shape ``(n_steps + 1, dim)``.

    Raises
    ------
    ValueError
        If ``n_steps < 1``, ``a <= 0`` or ``dim < 1``.

    Examples
    --------
    >>> levy_flight(3, 1.5, seed=0).shape
    (4, 2)
    """
    n_steps = check_int(n_steps, "n_steps", minimum=1)
    dim = check_int(dim, "dim", minimum=1)
    rng = _rng(seed)
    lengths = pareto_rvs(a, n_steps, seed=rng)
    direc = rng.standard_normal((n_steps, dim))
    direc /= np.linalg.norm(direc, axis=1, keepdims=True)
    return np.vstack([np.zeros(dim), np.cumsum(lengths[:, None] * direc, axis=0)])


def step_lengths(path) -> np.ndarray:
    """Euclidean lengths of the steps of a path.

    Parameters
    ----------
    path : array_like
        Positions, shape ``(n + 1, dim)`` with n >= 1.

    Returns
    -------
    ndarray
        Shape ``(n,)``.

    Raises
    ------
    ValueError
        If ``path`` is not 2-D, has fewer than 2 points or holds non-finite values.

    Examples
    --------
    >>> step_lengths([[0.0, 0.0], [3.0, 4.0]])
    array([5.])
    """
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
    and ``X_(k)`` the (k+1)-th largest as threshold.

    Parameters
    ----------
    x : array_like
        Positive sample with at least 2 values.
    k : int or array_like of int
        Number(s) of upper order statistics, in [1, n - 1].

    Returns
    -------
    float or ndarray
        Same shape as ``k``.

    Raises
    ------
    ValueError
        For non-positive or non-finite ``x``, or ``k`` out of range.

    Examples
    --------
    >>> round(hill_estimator(pareto_rvs(1.5, 20000, seed=0), 5000), 1)
    1.5
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


class IntegerDataWarning(UserWarning):
    """Integer-valued data were fitted with the continuous power-law likelihood.

    Raised (as a warning) by :func:`fit_power_law` when every value of ``x`` is an integer and
    ``discrete=False``. The continuous MLE is biased on integer data at small x_min (Clauset, Shalizi
    and Newman 2009, section 3) and the KS scan then tends to a larger x_min; pass ``discrete=True``
    for counts, degrees or frequencies. Silence it with ``warnings.simplefilter("ignore",
    IntegerDataWarning)`` when the integers really are measurements of a continuous quantity.
    """


@dataclass
class PowerLawFit:
    """A power-law fit to the tail ``x >= x_min`` of a sample, continuous or discrete.

    Continuous: ``p(x) = (α - 1)/x_min (x/x_min)^(-α)``. Discrete (integers): ``p(x) = x^(-α) / ζ(α, x_min)``
    with ζ the Hurwitz zeta function.

    Attributes
    ----------
    alpha : float
        Density exponent α (maximum-likelihood estimate).
    xmin : float
        Lower bound of the power-law tail.
    ks : float
        KS distance between the tail and the fitted law.
    n_tail, n : int
        Number of points ``>= xmin`` and of all points the fit saw.
    sigma : float
        Asymptotic standard error of α (inverse square root of the Fisher information of the tail;
        ``(α - 1)/√n_tail`` in the continuous case). It ignores the uncertainty of x_min;
        see :func:`bootstrap_uncertainty`.
    xmin_fixed : bool
        Whether ``xmin`` was given rather than chosen by the KS scan.
    tail : ndarray
        The sorted tail.
    discrete : bool
        Whether the discrete likelihood was used.
    data : ndarray
        The sorted sample the fit saw (after dropping values above ``xmax``); used by the bootstraps.
    options : dict
        The scan settings (``min_tail``, ``max_candidates``, ``ks``), reused by the bootstraps.
    """

    alpha: float
    xmin: float
    ks: float
    n_tail: int
    n: int
    sigma: float
    xmin_fixed: bool
    tail: np.ndarray = field(repr=False)
    discrete: bool = False
    data: np.ndarray | None = field(default=None, repr=False)
    options: dict = field(default_factory=dict, repr=False)

    @property
    def tail_index(self) -> float:
        """The survival exponent ``α - 1`` (what Hill estimates).

        Returns
        -------
        float
        """
        return self.alpha - 1.0

    def ccdf(self, x):
        """The fitted complementary CDF ``P(X >= x)`` of the tail (1 below ``xmin``).

        Parameters
        ----------
        x : array_like
            Points at which to evaluate (infinite values allowed).

        Returns
        -------
        ndarray
            ``(x / xmin)^(1 - α)`` (continuous) or ``ζ(α, ⌈x⌉) / ζ(α, xmin)`` (discrete).

        Raises
        ------
        ValueError
            If ``x`` is not numeric or holds NaN.

        Examples
        --------
        >>> fit = fit_power_law(pareto_rvs(1.5, 500, seed=0), xmin=1.0)
        >>> float(fit.ccdf(1.0))
        1.0
        """
        x = as_float_array(x, "x", finite=False, allow_empty=True)
        xc = np.maximum(x, self.xmin)
        if self.discrete:
            with np.errstate(invalid="ignore"):
                s = special.zeta(self.alpha, np.ceil(np.where(np.isfinite(xc), xc, 1e300))) / special.zeta(
                    self.alpha, self.xmin)
            s = np.where(np.isfinite(xc), s, 0.0)
        else:
            s = (xc / self.xmin) ** (1.0 - self.alpha)
        return np.where(x >= self.xmin, s, 1.0)

    def loglik(self) -> np.ndarray:
        """Pointwise log-likelihood of the tail under the fit.

        Returns
        -------
        ndarray
            One value per tail point: ``ln p(x_i)`` (continuous density or discrete probability).

        Examples
        --------
        >>> fit = fit_power_law(pareto_rvs(1.5, 200, seed=0), xmin=1.0)
        >>> fit.loglik().shape == (fit.n_tail,)
        True
        """
        if self.discrete:
            return -self.alpha * np.log(self.tail) - math.log(special.zeta(self.alpha, self.xmin))
        return np.log((self.alpha - 1.0) / self.xmin) - self.alpha * np.log(self.tail / self.xmin)

    def compare(self, alternative: str = "lognormal") -> dict:
        """Likelihood-ratio test of this power law against an alternative (see :func:`compare_tail_models`).

        Parameters
        ----------
        alternative : str
            One of :data:`ALTERNATIVES`.

        Returns
        -------
        dict
            As :func:`compare_tail_models`.

        Raises
        ------
        ValueError
            If ``alternative`` is unknown.

        Examples
        --------
        >>> fit = fit_power_law(pareto_rvs(1.5, 500, seed=0), xmin=1.0)
        >>> fit.compare("exponential")["R"] > 0
        True
        """
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


# ---- discrete power law: Hurwitz zeta ----------------------------------------------------------------------

def _dlogzeta(alpha, q, h=1e-5):
    """d/dα ln ζ(α, q) by a central difference (vectorized)."""
    return (np.log(special.zeta(alpha + h, q)) - np.log(special.zeta(alpha - h, q))) / (2 * h)


def _discrete_alpha(mean_log, q, lo=1.0 + 1e-4, hi=30.0):
    """Discrete power-law MLE: the root in α of ``d/dα ln ζ(α, q) + mean_log = 0`` (vectorized).

    ``ln ζ(α, q)`` is convex in α, so the score is monotone: safeguarded Newton steps (derivatives by
    central differences) from CSN's approximation ``1 + n / Σ ln(x / (q - 1/2))``, falling back to
    bisection of the bracket whenever a step would leave it. Returns ``hi`` when the tail is so
    concentrated at ``q`` that the root lies beyond it.
    """
    mean_log = np.asarray(mean_log, float)
    q = np.asarray(q, float)
    shape = np.broadcast(mean_log, q).shape
    mean_log, q = np.broadcast_to(mean_log, shape).astype(float), np.broadcast_to(q, shape).astype(float)
    a_lo, a_hi = np.full(shape, lo), np.full(shape, hi)
    with np.errstate(divide="ignore", invalid="ignore"):
        a = 1.0 + 1.0 / (mean_log - np.log(np.maximum(q - 0.5, 1e-300)))
    a = np.where(np.isfinite(a), np.clip(a, lo + 1e-3, hi - 1e-3), 0.5 * (lo + hi))
    h = 2e-5
    act = np.flatnonzero(np.ones(shape, bool).ravel())
    a, a_lo, a_hi, mean_log, q = (v.ravel().copy() for v in (a, a_lo, a_hi, mean_log, q))
    for _ in range(60):
        aa, qq = a[act], q[act]
        fm, f0, fp = (np.log(special.zeta(aa + d, qq)) for d in (-h, 0.0, h))
        score = -(fp - fm) / (2 * h) - mean_log[act]  # d/dα of the mean log-likelihood; decreasing in α
        curv = (fp - 2 * f0 + fm) / h**2
        lo_, hi_ = np.where(score > 0, aa, a_lo[act]), np.where(score > 0, a_hi[act], aa)
        a_lo[act], a_hi[act] = lo_, hi_
        with np.errstate(divide="ignore", invalid="ignore"):
            new = aa + score / curv
        bad = ~np.isfinite(new) | (new <= lo_) | (new >= hi_)
        new = np.where(bad, 0.5 * (lo_ + hi_), new)
        a[act] = new
        act = act[np.abs(new - aa) >= 1e-10 * new]
        if act.size == 0:
            break
    a = a.reshape(shape)
    return a


def _discrete_sigma(alpha, q, m):
    """Asymptotic standard error of the discrete MLE: 1/sqrt(m d²/dα² ln ζ(α, q))."""
    h = 1e-3
    lz = [math.log(special.zeta(alpha + d, q)) for d in (-h, 0.0, h)]
    curv = (lz[0] - 2 * lz[1] + lz[2]) / h**2
    return 1.0 / math.sqrt(m * curv) if curv > 0 else float("inf")


# ---- the x_min scan: vectorized, with exact branch-and-bound on the KS distance ----------------------------

class _ContinuousScan:
    """Everything the KS scan needs for continuous data, from cumulative sums over the sorted sample."""

    def __init__(self, xs, min_tail, max_candidates, ks):
        n = xs.size
        if n < min_tail:
            raise ValueError(f"x must have at least min_tail={min_tail} values, got {n}")
        _, first = np.unique(xs, return_index=True)
        first = first[first <= n - min_tail]
        if first.size == 0:
            raise ValueError("x has too few distinct values to choose xmin")
        if max_candidates is not None and first.size > max_candidates:
            first = np.unique(first[np.linspace(0, first.size - 1, max_candidates).round().astype(int)])
        self.L = np.log(xs)
        self.L32 = self.L.astype(np.float32)
        self.ar = np.arange(n, dtype=float)
        suffix = np.concatenate([np.cumsum(self.L[::-1])[::-1], [0.0]])
        self.i = first
        self.m = n - first
        s = suffix[first] - self.m * self.L[first]
        with np.errstate(divide="ignore"):
            self.alpha = np.where(s > 0, 1.0 + self.m / np.where(s > 0, s, 1.0), np.inf)
        self.valid = np.isfinite(self.alpha)
        self.xmins = xs[first]
        self.ks_kind = ks

    def _dist(self, c, pos, precise=True):
        """KS distances of candidates ``c`` over the tail positions ``pos`` (offsets into each tail).

        With ``precise=False`` the arithmetic is in float32 and the result is lowered by a margin that
        covers its rounding, so that it stays a valid lower bound.
        """
        i = self.i[c][:, None]
        if precise:
            L, dt = self.L, np.float64
        else:
            L, dt = self.L32, np.float32
        inv_m = (1.0 / self.m[c]).astype(dt)[:, None]
        b = (self.alpha[c] - 1.0).astype(dt)[:, None]
        e = np.expm1(-b * (L[i + pos] - L[i]))  # = -F, F the fitted CDF at the tail points
        e += pos.astype(dt) * inv_m  # = j/m - F
        if self.ks_kind == "exact":
            d = np.maximum(e.max(axis=1) + inv_m[:, 0], -e.min(axis=1))
        else:
            d = np.abs(e).max(axis=1)
        return d.astype(np.float64) if precise else d.astype(np.float64) - 3e-5

    def exact(self, c):
        out = np.empty(c.size)
        for k, cc in enumerate(c):
            i, m = int(self.i[cc]), int(self.m[cc])
            e = np.expm1(-(self.alpha[cc] - 1.0) * (self.L[i:] - self.L[i]))
            e += self.ar[:m] * (1.0 / m)
            out[k] = max(e.max() + 1.0 / m, -e.min()) if self.ks_kind == "exact" else np.abs(e).max()
        return out

    def bound(self, c, q, precise=True):
        """KS distances from ``q`` evenly spaced tail points: exact when m <= q and ``precise``,
        otherwise lower bounds."""
        out = np.empty(c.size)
        step = max(1, 2_000_000 // q)
        t = np.linspace(0.0, 1.0, q)
        for s in range(0, c.size, step):
            cc = c[s:s + step]
            pos = np.rint(t[None, :] * (self.m[cc][:, None] - 1)).astype(np.int64)
            out[s:s + step] = self._dist(cc, pos, precise)
        return out


class _DiscreteScan:
    """The KS scan for integer data: distinct values, counts, and Hurwitz-zeta CDFs."""

    def __init__(self, xs, min_tail, max_candidates, ks):
        if ks != "exact":
            raise ValueError(f"ks must be 'exact' for discrete data, got {ks!r}")
        n = xs.size
        if n < min_tail:
            raise ValueError(f"x must have at least min_tail={min_tail} values, got {n}")
        u, counts = np.unique(xs, return_counts=True)
        self.u = u
        cum = np.concatenate([[0], np.cumsum(counts)])  # cum[j] = number of points below u[j]
        self.cum = cum
        m_all = n - cum[:-1]
        cand = np.flatnonzero(m_all >= min_tail)
        if cand.size == 0:
            raise ValueError("x has too few distinct values to choose xmin")
        if max_candidates is not None and cand.size > max_candidates:
            cand = np.unique(cand[np.linspace(0, cand.size - 1, max_candidates).round().astype(int)])
        logs = np.log(xs)
        suffix = np.concatenate([np.cumsum(logs[::-1])[::-1], [0.0]])
        self.k = cand
        self.m = m_all[cand]
        self.n = n
        mean_log = suffix[cum[cand]] / self.m
        self.valid = mean_log > np.log(u[cand]) + 1e-12
        alpha = np.full(cand.size, np.inf)
        if self.valid.any():
            alpha[self.valid] = _discrete_alpha(mean_log[self.valid], u[cand][self.valid])
        self.alpha = alpha
        self.xmins = u[cand].astype(float)
        self.i = cum[cand]  # index of x_min's first occurrence in the sorted sample

    def _dist(self, c, pos):
        """KS terms for candidates ``c`` at distinct-value offsets ``pos`` (>= 0) into their tails."""
        k, m, a = self.k[c][:, None], self.m[c][:, None], self.alpha[c][:, None]
        j = k + pos
        z0 = special.zeta(a, self.u[k])
        below = (self.cum[j] - self.cum[k]) / m  # empirical P(X < u_j) within the tail
        upto = (self.cum[j + 1] - self.cum[k]) / m  # empirical P(X <= u_j)
        uj = self.u[j]
        zj = special.zeta(a, uj)  # ζ(α, u_j + 1) = ζ(α, u_j) - u_j^(-α): one zeta per point
        p_below = 1.0 - zj / z0
        p_upto = 1.0 - (zj - uj ** (-a)) / z0
        return np.maximum(np.abs(upto - p_upto), np.abs(below - p_below)).max(axis=1)

    def _width(self, c):
        return self.u.size - self.k[c]

    def exact(self, c):
        out = np.empty(c.size)
        for t, cc in enumerate(c):
            out[t] = self._dist(np.array([cc]), np.arange(self._width(cc))[None, :])[0]
        return out

    def bound(self, c, q, precise=True):
        out = np.empty(c.size)
        step = max(1, 500_000 // q)
        t = np.linspace(0.0, 1.0, q)
        for s in range(0, c.size, step):
            cc = c[s:s + step]
            pos = np.rint(t[None, :] * (self._width(cc)[:, None] - 1)).astype(np.int64)
            out[s:s + step] = self._dist(cc, pos)
        return out


def _best_candidate(scan):
    """Index of the candidate with the smallest KS distance, and that distance (exact).

    Branch and bound: cheap lower bounds from q evenly spaced tail points (q = 64, 512, 4096) discard
    every candidate whose bound already exceeds an exact distance found so far; the survivors are
    evaluated exactly in order of their bounds until the next bound exceeds the best. The result is
    the exact argmin of the full scan (ties go to the smallest x_min, as ``np.argmin`` would).
    """
    alive = np.flatnonzero(scan.valid)
    if alive.size == 0:
        raise ValueError("no valid xmin found: the sample's tail is degenerate")
    best_d, best_c = np.inf, -1

    def consider(cs, ds):
        nonlocal best_d, best_c
        for cc, dd in zip(cs, ds):
            if dd < best_d or (dd == best_d and cc < best_c):
                best_d, best_c = float(dd), int(cc)

    for q in (64, 512, 4096):
        widths = scan.m[alive] if isinstance(scan, _ContinuousScan) else scan._width(alive)
        small = widths <= q
        if small.any():  # these tails are short enough to evaluate exactly at this level
            consider(alive[small], scan.bound(alive[small], q, precise=True))
            alive = alive[~small]
        if alive.size == 0:
            break
        lb = scan.bound(alive, q, precise=False)
        order = np.argsort(lb, kind="stable")[:4]
        consider(alive[order], scan.exact(alive[order]))
        keep = lb <= best_d
        alive, lb = alive[keep], lb[keep]
        if alive.size == 0:
            break
    if alive.size:
        order = np.argsort(lb, kind="stable")
        alive, lb = alive[order], lb[order]
        for s in range(0, alive.size, 16):
            if lb[s] > best_d:
                break
            consider(alive[s:s + 16], scan.exact(alive[s:s + 16]))
    return best_c, best_d


def _all_candidates(scan):
    """KS distance of every candidate (the full scan; what :func:`xmin_scan` shows)."""
    d = np.full(scan.alpha.size, np.inf)
    idx = np.flatnonzero(scan.valid)
    if idx.size == 0:
        raise ValueError("no valid xmin found: the sample's tail is degenerate")
    widths = scan.m[idx] if isinstance(scan, _ContinuousScan) else scan._width(idx)
    order = np.argsort(widths)
    # group candidates of similar width into blocks so that each block is one dense array operation
    for s in range(0, idx.size, 64):
        cc = idx[order[s:s + 64]]
        w = int(widths[order[s:s + 64]].max())
        d[cc] = scan.bound(cc, max(w, 2))
    return d


def _is_integer_valued(arr):
    return bool(np.all(arr == np.round(arr)))


_EVERY_DOUBLE_IS_WHOLE = 2.0 ** 52   # from here on the spacing of doubles is >= 1


def _looks_like_integers(arr):
    """Integer-valued where a double could have shown a fraction (below 2**52); above, integrality is moot."""
    small = arr[np.abs(arr) < _EVERY_DOUBLE_IS_WHOLE]
    return small.size > 0 and _is_integer_valued(small)


def _prepare(x, discrete, xmax):
    arr = _positive_sample(x)
    discrete = check_bool(discrete, "discrete")
    if xmax is not None:
        xmax = check_positive(xmax, "xmax")
        arr = arr[arr <= xmax]
        if arr.size == 0:
            raise ValueError(f"xmax={xmax} leaves no values of x")
    if discrete:
        if not _is_integer_valued(arr):
            bad = arr[arr != np.round(arr)][0]
            raise ValueError(f"x must hold integers when discrete=True, got {bad}")
    elif _looks_like_integers(arr):
        warnings.warn("x holds only integers but is fitted with the continuous likelihood; pass "
                      "discrete=True for counts (or silence heavytail.tails.IntegerDataWarning if the "
                      "values are continuous)",
                      IntegerDataWarning, stacklevel=3)
    return np.sort(arr), discrete


def _fit_sorted(xs, discrete, xmin, min_tail, max_candidates, ks):
    """The fit on an already sorted, validated sample (what the bootstraps call)."""
    n = xs.size
    options = dict(min_tail=min_tail, max_candidates=max_candidates, ks=ks)
    if xmin is not None:
        i = int(np.searchsorted(xs, xmin, side="left"))
        if n - i < 2:
            raise ValueError(f"xmin={xmin} leaves {n - i} points in the tail; need at least 2")
        tail = xs[i:]
        m = tail.size
        if discrete:
            mean_log = float(np.log(tail).mean())
            if mean_log <= math.log(xmin) + 1e-12:
                raise ValueError(f"xmin={xmin}: every tail value equals xmin, the exponent is not identified")
            alpha = float(_discrete_alpha(mean_log, float(xmin)))
            d = _discrete_ks_fixed(tail, alpha, float(xmin))
            sigma = _discrete_sigma(alpha, float(xmin), m)
            return PowerLawFit(alpha, float(xmin), d, m, n, sigma, True, tail,
                               True, xs, options)
        logs = np.log(tail / xmin)
        alpha = 1.0 + m / logs.sum() if logs.sum() > 0 else np.inf
        if not np.isfinite(alpha):
            raise ValueError(f"xmin={xmin}: every tail value equals xmin, the exponent is not identified")
        d = _ks(1.0 - (tail / xmin) ** (1.0 - alpha), ks)
        sigma = float((alpha - 1) / math.sqrt(m))
        return PowerLawFit(float(alpha), float(xmin), float(d), int(m), int(n), sigma,
                           True, tail, False, xs, options)
    scan = (_DiscreteScan if discrete else _ContinuousScan)(xs, min_tail, max_candidates, ks)
    c, d = _best_candidate(scan)
    i = int(scan.i[c])
    tail = xs[i:]
    alpha = float(scan.alpha[c])
    xm = float(xs[i])
    sigma = _discrete_sigma(alpha, xm, tail.size) if discrete else (alpha - 1) / math.sqrt(tail.size)
    return PowerLawFit(alpha, xm, float(d), int(tail.size), int(n), float(sigma), False, tail, discrete, xs,
                       options)


def _discrete_ks_fixed(tail, alpha, xmin):
    """Discrete KS distance when the given x_min is not itself a data value."""
    u, counts = np.unique(tail, return_counts=True)
    m = tail.size
    cum = np.concatenate([[0], np.cumsum(counts)]) / m
    z0 = special.zeta(alpha, xmin)
    p_below = 1.0 - special.zeta(alpha, u) / z0
    p_upto = 1.0 - special.zeta(alpha, u + 1.0) / z0
    return float(np.maximum(np.abs(cum[1:] - p_upto), np.abs(cum[:-1] - p_below)).max())


def fit_power_law(x, xmin=None, *, discrete: bool = False, min_tail: int = 10,
                  max_candidates: int | None = None,
                  xmax=None, ks: str = "exact") -> PowerLawFit:
    """Fit a power law to the tail of ``x`` by the Clauset–Shalizi–Newman method.

    With ``xmin=None`` every candidate x_min (the distinct sample values leaving at least ``min_tail``
    points at or above them, as in CSN and ``powerlaw``; optionally thinned to ``max_candidates``
    evenly spaced ones) is tried; for each, α is the maximum-likelihood estimate and the x_min with the
    smallest KS distance between the tail's empirical CDF and the fitted CDF wins. The scan is exact
    but vectorized: α for every candidate comes from cumulative sums over the sorted sample, and the
    KS distances are bounded from below on a few tail points first, so that only candidates that can
    still win are evaluated in full.

    Parameters
    ----------
    x : array_like
        Positive sample (any shape; flattened).
    xmin : float, optional
        Fixed lower bound of the tail; only α is then estimated.
    discrete : bool
        Use the exact discrete likelihood ``x^(-α)/ζ(α, x_min)`` (Hurwitz zeta) and the discrete KS
        distance (CDFs compared at every integer, as CSN do). ``x`` must then hold integers. With
        ``discrete=False`` and integer-valued ``x`` an :class:`IntegerDataWarning` is issued.
    min_tail : int
        Smallest tail a candidate x_min may leave.
    max_candidates : int, optional
        Thin the candidates to this many (for very large samples).
    xmax : float, optional
        Drop values above it first (WeightWatcher's option of the same name).
    ks : {'exact', 'powerlaw'}
        ``'exact'``: the Kolmogorov supremum. ``'powerlaw'``: the variant of the ``powerlaw`` package
        and WeightWatcher (only the left limits ``j/n_tail`` of the empirical CDF at the tail points),
        so that x_min and α match theirs. Continuous fits only.

    Returns
    -------
    PowerLawFit
        α is the density exponent and is not capped (``powerlaw`` 2.0 caps it at 3 by default).

    Raises
    ------
    ValueError
        For non-positive, NaN or empty ``x``, non-integer ``x`` with ``discrete=True``, or settings that
        leave too small a tail.

    Warns
    -----
    IntegerDataWarning
        When integer-valued data are fitted with the continuous likelihood.

    Examples
    --------
    >>> fit = fit_power_law(pareto_rvs(1.5, 2000, seed=0))
    >>> round(fit.alpha, 1)
    2.5
    >>> counts = power_law_rvs(2.0, 1, 3000, discrete=True, seed=1)
    >>> round(fit_power_law(counts, discrete=True).alpha, 1)
    2.0
    """
    min_tail = check_int(min_tail, "min_tail", minimum=2)
    if max_candidates is not None:
        max_candidates = check_int(max_candidates, "max_candidates", minimum=1)
    ks = _check_ks(ks)
    if xmin is not None:
        xmin = check_positive(xmin, "xmin")
    xs, discrete = _prepare(x, discrete, xmax)
    if discrete and ks != "exact":
        raise ValueError(f"ks must be 'exact' for discrete data, got {ks!r}")
    if discrete and xmin is not None and xmin != round(xmin):
        raise ValueError(f"xmin must be an integer when discrete=True, got {xmin}")
    return _fit_sorted(xs, discrete, xmin, min_tail, max_candidates, ks)


def xmin_scan(x, *, discrete: bool = False, min_tail: int = 10, max_candidates: int | None = None,
              ks: str = "exact"):
    """The KS scan behind :func:`fit_power_law`: candidate x_min values, the MLE α and KS distance of each.

    Parameters
    ----------
    x : array_like
        Positive sample.
    discrete : bool
        Discrete likelihood and KS distance (see :func:`fit_power_law`).
    min_tail, max_candidates, ks
        As in :func:`fit_power_law`.

    Returns
    -------
    xmins, alphas, ks : ndarray
        One entry per candidate; the fit picks the candidate with the smallest ``ks``.

    Raises
    ------
    ValueError
        As :func:`fit_power_law`.

    Examples
    --------
    >>> xm, al, d = xmin_scan(pareto_rvs(1.5, 300, seed=0))
    >>> xm.shape == al.shape == d.shape
    True
    """
    min_tail = check_int(min_tail, "min_tail", minimum=2)
    if max_candidates is not None:
        max_candidates = check_int(max_candidates, "max_candidates", minimum=1)
    ks = _check_ks(ks)
    xs, discrete = _prepare(x, discrete, None)
    scan = (_DiscreteScan if discrete else _ContinuousScan)(xs, min_tail, max_candidates, ks)
    return scan.xmins, scan.alpha, _all_candidates(scan)


# ---- sampling, goodness of fit, uncertainty ----------------------------------------------------------------

class _DiscreteSampler:
    """Exact draws from the discrete power law ``x^(-α)/ζ(α, xmin)`` on the integers ``>= xmin``.

    X is the largest x with ``S(x) >= v``, v uniform on (0, 1], for the survival function
    ``S(x) = ζ(α, x)/ζ(α, xmin)``. A table of S over the first ``table`` integers (cumulative sums of
    ``x^(-α)``, built once per (α, xmin) and reused by every bootstrap resample) answers most draws by
    binary search; the rare draws beyond it start from CSN's continuous approximation (their appendix D)
    and are corrected to the exact inverse with the Hurwitz zeta function.
    """

    def __init__(self, alpha, xmin, table=1 << 16):
        self.alpha, self.xmin = float(alpha), float(xmin)
        self.z0 = float(special.zeta(self.alpha, self.xmin))
        grid = self.xmin + np.arange(table, dtype=float)
        # s_next[t] = S(grid[t] + 1) = 1 - Σ_{x <= grid[t]} x^-α / ζ(α, xmin)
        self.s_next = 1.0 - np.cumsum(grid ** (-self.alpha)) / self.z0
        self.grid = grid

    def _far(self, v):
        a, xmin, z0 = self.alpha, self.xmin, self.z0
        x = np.floor((xmin - 0.5) * v ** (-1.0 / (a - 1.0)) + 0.5)
        x = np.clip(x, self.grid[-1], 2.0**52)
        idx = np.arange(x.size)
        for _ in range(400):  # S(x) < v: x too large
            low = special.zeta(a, x[idx]) / z0 < v[idx]
            if not low.any():
                break
            idx = idx[low]
            x[idx] = np.maximum(x[idx] - np.maximum(1.0, np.floor(0.01 * (x[idx] - xmin))), xmin)
        idx = np.arange(x.size)
        for _ in range(400):  # S(x + 1) >= v: x too small
            high = (special.zeta(a, x[idx] + 1.0) / z0 >= v[idx]) & (x[idx] < 2.0**52)
            if not high.any():
                break
            idx = idx[high]
            x[idx] += 1.0
        return x

    def __call__(self, size, rng):
        v = 1.0 - rng.random(size)  # in (0, 1]
        flat = v.ravel()
        # S(grid[t] + 1) < v  <=>  X <= grid[t]; the first such t gives X = grid[t]
        t = np.searchsorted(-self.s_next, -flat, side="right")
        out = np.empty(flat.size)
        inside = t < self.grid.size
        out[inside] = self.grid[t[inside]]
        if (~inside).any():
            out[~inside] = self._far(flat[~inside])
        return out.reshape(np.shape(v))


def power_law_rvs(alpha: float, xmin: float, size, *, discrete: bool = False, seed=None) -> np.ndarray:
    """Draws from a power law with density exponent ``alpha`` above ``xmin``.

    Parameters
    ----------
    alpha : float
        Density exponent, > 1.
    xmin : float
        Lower bound (a positive integer when ``discrete``).
    size : int or tuple of int
        Output shape.
    discrete : bool
        Exact draws from ``x^(-α)/ζ(α, xmin)`` on the integers ``>= xmin`` (inverse survival function,
        started from Clauset–Shalizi–Newman's approximation); otherwise continuous Pareto draws.
    seed : int, Generator or None
        Random seed.

    Returns
    -------
    ndarray
        Floats (integer-valued when ``discrete``).

    Raises
    ------
    ValueError
        If ``alpha <= 1``, ``xmin <= 0``, a non-integer ``xmin`` with ``discrete``, or a bad ``size``.

    Examples
    --------
    >>> x = power_law_rvs(2.5, 1, 5, discrete=True, seed=0)
    >>> bool((x >= 1).all() and (x == x.round()).all())
    True
    """
    alpha = check_positive(alpha, "alpha")
    if alpha <= 1:
        raise ValueError(f"alpha must be > 1, got {alpha}")
    xmin = check_positive(xmin, "xmin")
    discrete = check_bool(discrete, "discrete")
    _check_size(size)
    rng = _rng(seed)
    if discrete:
        if xmin != round(xmin):
            raise ValueError(f"xmin must be an integer when discrete=True, got {xmin}")
        return _DiscreteSampler(alpha, xmin)(size, rng)
    return xmin * (1.0 - rng.random(size)) ** (-1.0 / (alpha - 1.0))


def _check_fit(fit):
    if not isinstance(fit, PowerLawFit):
        raise TypeError(f"fit must be a PowerLawFit, got {type(fit).__name__}")
    if fit.data is None:
        raise ValueError("fit must come from fit_power_law (it carries no data to resample)")
    return fit


def _refit(fit, xs):
    """Refit a (sorted) resample with the settings of ``fit``: x_min re-estimated unless it was fixed."""
    o = fit.options
    return _fit_sorted(xs, fit.discrete, fit.xmin if fit.xmin_fixed else None, o["min_tail"],
                       o["max_candidates"], o["ks"])


def goodness_of_fit(fit: PowerLawFit, n_boot: int = 1000, seed=None) -> dict:
    """Clauset–Shalizi–Newman's semi-parametric bootstrap p-value of a power-law fit.

    Each synthetic data set has the size ``n`` of the fitted sample: with probability ``n_tail/n`` a
    point is drawn from the fitted power law above x_min, otherwise uniformly from the observed values
    below x_min. Each is refitted by the full method (x_min re-estimated by the KS scan, unless the fit
    had a fixed x_min) and its KS distance recorded. The p-value is the fraction of synthetic KS
    distances at least as large as the observed one; CSN rule the power law out when ``p <= 0.1``.
    A p-value accurate to about ±0.01 needs about 2500 resamples (CSN, section 4.1).

    Parameters
    ----------
    fit : PowerLawFit
        A fit returned by :func:`fit_power_law`.
    n_boot : int
        Number of synthetic data sets.
    seed : int, Generator or None
        Random seed.

    Returns
    -------
    dict
        ``p`` (the p-value), ``ks`` (the observed distance), ``ks_boot`` (array of synthetic distances),
        ``n_boot``.

    Raises
    ------
    TypeError
        If ``fit`` is not a :class:`PowerLawFit`.
    ValueError
        If ``n_boot < 1`` or the fit carries no data.

    Examples
    --------
    >>> fit = fit_power_law(pareto_rvs(1.5, 300, seed=0))
    >>> 0 <= goodness_of_fit(fit, n_boot=20, seed=1)["p"] <= 1
    True
    """
    fit = _check_fit(fit)
    n_boot = check_int(n_boot, "n_boot", minimum=1)
    rng = _rng(seed)
    xs = fit.data
    below = xs[xs < fit.xmin]
    n, p_tail = xs.size, fit.n_tail / xs.size
    d = np.empty(n_boot)
    sampler = _DiscreteSampler(fit.alpha, fit.xmin) if fit.discrete else None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", IntegerDataWarning)
        for b in range(n_boot):
            k = int(rng.binomial(n, p_tail)) if below.size else n
            k = max(k, 2)
            if fit.discrete:
                top = sampler(k, rng)
            else:
                top = fit.xmin * (1.0 - rng.random(k)) ** (-1.0 / (fit.alpha - 1.0))
            synth = np.concatenate([below[rng.integers(0, below.size, n - k)], top]) if n > k else top
            synth.sort()
            try:
                d[b] = _refit(fit, synth).ks
            except ValueError:  # a degenerate resample (e.g. too few distinct values): count as a misfit
                d[b] = np.inf
    return dict(p=float(np.mean(d >= fit.ks)), ks=fit.ks, ks_boot=d, n_boot=n_boot)


def bootstrap_uncertainty(fit: PowerLawFit, n_boot: int = 200, seed=None) -> dict:
    """Nonparametric-bootstrap standard errors of α, x_min and n_tail (as in CSN's Table 6.1).

    The fitted sample is resampled with replacement ``n_boot`` times and each resample is refitted by
    the full method (x_min re-estimated unless it was fixed), so the errors include the uncertainty of
    the choice of x_min, which the asymptotic ``fit.sigma`` ignores.

    Parameters
    ----------
    fit : PowerLawFit
        A fit returned by :func:`fit_power_law`.
    n_boot : int
        Number of resamples.
    seed : int, Generator or None
        Random seed.

    Returns
    -------
    dict
        ``alpha_se``, ``xmin_se``, ``n_tail_se`` (sample standard deviations over the resamples) and
        the arrays ``alpha``, ``xmin``, ``n_tail`` of the refits.

    Raises
    ------
    TypeError
        If ``fit`` is not a :class:`PowerLawFit`.
    ValueError
        If ``n_boot < 2`` or the fit carries no data.

    Examples
    --------
    >>> fit = fit_power_law(pareto_rvs(1.5, 300, seed=0))
    >>> bootstrap_uncertainty(fit, n_boot=20, seed=1)["alpha_se"] > 0
    True
    """
    fit = _check_fit(fit)
    n_boot = check_int(n_boot, "n_boot", minimum=2)
    rng = _rng(seed)
    xs = fit.data
    out = np.full((n_boot, 3), np.nan)
    for b in range(n_boot):
        res = np.sort(xs[rng.integers(0, xs.size, xs.size)])
        try:
            f = _refit(fit, res)
        except ValueError:
            continue
        out[b] = f.alpha, f.xmin, f.n_tail
    ok = np.isfinite(out).all(axis=1)
    if ok.sum() < 2:
        raise ValueError("fewer than 2 resamples could be refitted; the sample is too small to bootstrap")
    sd = out[ok].std(axis=0, ddof=1)
    return dict(alpha_se=float(sd[0]), xmin_se=float(sd[1]), n_tail_se=float(sd[2]),
                alpha=out[ok, 0], xmin=out[ok, 1], n_tail=out[ok, 2].astype(int), n_boot=n_boot)


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


# ---- alternative tail models -------------------------------------------------------------------------------

ALTERNATIVES = ("lognormal", "exponential", "stretched_exponential", "truncated_power_law")
"""The alternatives :func:`compare_tail_models` knows (CSN's Table 2.1); the last is nested."""


def _log_discrete_norm(logf, dlogf, log_int_tail, xmin, nterms=400):
    """ln Σ_{x >= xmin} f(x) for a smooth positive f: the first terms exactly, then Euler–Maclaurin.

    ``logf(x)`` is ln f on an integer grid, ``dlogf(x)`` is f'/f, ``log_int_tail(b)`` is ln ∫_b^∞ f.
    Σ_{x >= b} f(x) ≈ ∫_b^∞ f + f(b)/2 - f'(b)/12 with b = xmin + nterms, where f varies slowly.
    """
    grid = xmin + np.arange(nterms, dtype=float)
    lf = logf(grid)
    b = xmin + nterms
    lfb = float(logf(np.array([b]))[0])
    corr = 0.5 - float(dlogf(np.array([b]))[0]) / 12.0
    terms = np.concatenate([lf, [log_int_tail(b), lfb + math.log(max(corr, 1e-300))]])
    return float(special.logsumexp(terms))


def _trunc_pl_log_integral(alpha, mu):
    """ln ∫_1^∞ y^(-α) e^(-μ (y - 1)) dy (μ > 0), by quadrature in u = ln y."""
    from scipy import integrate

    def g(u):
        e = (alpha - 1.0) * u + mu * math.expm1(min(u, 700.0))
        return math.exp(-e) if e < 745.0 else 0.0

    val, _ = integrate.quad(g, 0.0, np.inf, limit=200, epsabs=0.0, epsrel=1e-10)
    return math.log(val) if val > 0 else -np.inf


def _fit_alternative(tail, xmin, discrete, alternative, pl_alpha):
    """Maximum-likelihood fit of an alternative to the tail; returns (pointwise loglik, params)."""
    y = tail / xmin
    ly = np.log(y)
    lt = np.log(tail)
    m = tail.size

    def best_of(nll, starts):
        best = None
        for s in starts:
            r = optimize.minimize(nll, x0=np.asarray(s, float), method="Nelder-Mead",
                                  options=dict(xatol=1e-8, fatol=1e-10, maxiter=4000))
            if np.isfinite(r.fun) and (best is None or r.fun < best.fun):
                best = r
        if best is None:
            raise ValueError(f"the {alternative} fit failed on this tail")
        return best.x

    if alternative == "exponential":
        if discrete:
            lam = math.log1p(1.0 / max(np.mean(tail - xmin), 1e-300))
            return math.log(-math.expm1(-lam)) - lam * (tail - xmin), dict(rate=float(lam))
        lam = 1.0 / max(np.mean(tail - xmin), 1e-300)
        return math.log(lam) - lam * (tail - xmin), dict(rate=float(lam))

    if alternative == "lognormal":
        if not discrete:
            return _lognormal_tail_loglik(tail, xmin)
        lxmin = math.log(xmin)

        def logC(mu, s):
            def logf(x):
                lx = np.log(x)
                return -lx - 0.5 * ((lx - mu) / s) ** 2

            def dlogf(x):
                lx = np.log(x)
                return (-1.0 - (lx - mu) / s**2) / x

            def lint(b):
                return math.log(s * math.sqrt(2 * math.pi)) + float(special.log_ndtr(-(math.log(b) - mu) / s))
            return -_log_discrete_norm(logf, dlogf, lint, xmin)

        def pointwise(p):
            mu, s = p[0], math.exp(p[1])
            return -lt - 0.5 * ((lt - mu) / s) ** 2 + logC(mu, s)

        def nll(p):
            if abs(p[1]) > 20 or abs(p[0]) > 1e3:
                return np.inf
            v = -pointwise(p).sum()
            return v if np.isfinite(v) else np.inf
        mu0, s0 = lt.mean(), max(lt.std(), 1e-2)
        p = best_of(nll, [(mu0, math.log(s0)), (mu0 - 2 * s0, math.log(2 * s0)),
                          (lxmin - 5.0, math.log(3 * s0))])
        return pointwise(p), dict(mu=float(p[0]), sigma=float(math.exp(p[1])))

    if alternative == "stretched_exponential":
        # f(x) = x^(β-1) exp(-λ x^β); in y = x/xmin with λ' = λ xmin^β
        if not discrete:
            def prof(lb):  # profile log-likelihood: λ' = m / Σ (y^β - 1)
                beta = math.exp(lb)
                s = float(np.sum(np.expm1(beta * ly)))
                if not np.isfinite(s) or s <= 0:
                    return np.inf, 0.0
                lam = m / s
                ll = m * math.log(beta * lam / xmin) + (beta - 1.0) * ly.sum() - m
                return -ll, lam
            r = optimize.minimize_scalar(lambda lb: prof(lb)[0], bounds=(-12.0, 3.0), method="bounded",
                                         options=dict(xatol=1e-10))
            beta = math.exp(r.x)
            lam = prof(r.x)[1]
            ll = math.log(beta * lam / xmin) + (beta - 1.0) * ly - lam * np.expm1(beta * ly)
            return ll, dict(beta=float(beta), rate=float(lam / xmin**beta))

        def logC(lam, beta):  # f(x) = x^(β-1) exp(-lam (x/xmin)^β)
            def logf(x):
                return (beta - 1.0) * np.log(x) - lam * (x / xmin) ** beta

            def dlogf(x):
                return (beta - 1.0) / x - lam * beta * (x / xmin) ** beta / x

            def lint(b):  # ∫_b^∞ x^(β-1) e^{-lam (x/xmin)^β} dx = xmin^β e^{-lam (b/xmin)^β} / (lam β)
                return beta * math.log(xmin) - lam * (b / xmin) ** beta - math.log(lam * beta)
            return -_log_discrete_norm(logf, dlogf, lint, xmin)

        def pointwise(p):
            lam, beta = math.exp(p[0]), math.exp(p[1])
            return (beta - 1.0) * lt - lam * y**beta + logC(lam, beta)

        def nll(p):
            if abs(p[0]) > 60 or p[1] > 3 or p[1] < -12:
                return np.inf
            with np.errstate(over="ignore", invalid="ignore"):
                v = -pointwise(p).sum()
            return v if np.isfinite(v) else np.inf
        starts = []
        for beta0 in (0.3, 0.7, 1.0):
            lam0 = m / max(float(np.sum(np.expm1(beta0 * ly))), 1e-12)
            starts.append((math.log(lam0), math.log(beta0)))
        p = best_of(nll, starts)
        lam, beta = math.exp(p[0]), math.exp(p[1])
        return pointwise(p), dict(beta=float(beta), rate=float(lam / xmin**beta))

    if alternative == "truncated_power_law":
        # f(x) = x^(-α) exp(-λ x); parameters (α, ln μ) with μ = λ xmin
        if not discrete:
            def pointwise(p):
                a, mu = p[0], math.exp(p[1])
                return -a * ly - mu * (y - 1.0) - _trunc_pl_log_integral(a, mu) - math.log(xmin)
        else:
            def pointwise(p):
                a, mu = p[0], math.exp(p[1])
                lam = mu / xmin

                def logf(x):
                    return -a * np.log(x) - lam * (x - xmin)

                def dlogf(x):
                    return -a / x - lam

                def lint(b):  # ∫_b^∞ x^-a e^{-λ(x - xmin)} dx = b^(1-a) e^{-λ(b - xmin)} I(a, λ b)
                    return (1.0 - a) * math.log(b) - lam * (b - xmin) + _trunc_pl_log_integral(a, lam * b)
                return -a * lt - lam * (tail - xmin) - _log_discrete_norm(logf, dlogf, lint, xmin)

        def nll(p):
            if p[0] < -5 or p[0] > 50 or p[1] < -40 or p[1] > 15:
                return np.inf
            with np.errstate(over="ignore", invalid="ignore"):
                v = -pointwise(p).sum()
            return v if np.isfinite(v) else np.inf
        lam_exp = 1.0 / max(np.mean(y - 1.0), 1e-12)
        p = best_of(nll, [(pl_alpha, math.log(1e-6)), (pl_alpha, math.log(1e-3)), (max(pl_alpha - 0.5, 0.5),
                                                                                  math.log(0.1 * lam_exp)),
                          (0.5, math.log(lam_exp))])
        return pointwise(p), dict(alpha=float(p[0]), rate=float(math.exp(p[1]) / xmin))
    raise ValueError(f"alternative must be one of {', '.join(ALTERNATIVES)}, got {alternative!r}")


def compare_tail_models(fit: PowerLawFit, alternative: str = "lognormal", *, boundary: bool = False) -> dict:
    """Likelihood-ratio test of the fitted power law against an alternative tail model.

    The alternative is fitted by maximum likelihood to the same tail (x >= x_min, truncated and
    normalized there; as a sum over the integers when ``fit.discrete``), as in Clauset, Shalizi and
    Newman (2009), section 5 and their Table 2.1: ``'lognormal'``, ``'exponential'``,
    ``'stretched_exponential'`` (Weibull, ``x^(β-1) e^(-λ x^β)``) and ``'truncated_power_law'``
    (power law with exponential cut-off, ``x^(-α) e^(-λ x)``).

    For the non-nested alternatives the p-value is Vuong's: two-sided, of the normalized ratio ``R``.
    The power law is nested in the cut-off model (λ = 0), so that comparison uses the likelihood-ratio
    test: ``p = P(χ²₁ > 2 |llr|)`` (Wilks, one degree of freedom), the test CSN report in Tables 6.2
    and 6.3.
    Because λ = 0 lies on the boundary of the parameter space, the exact asymptotic null law is the
    mixture ½χ²₀ + ½χ²₁, whose p-value is half of Wilks'; ``boundary=True`` reports that one.

    Parameters
    ----------
    fit : PowerLawFit
        A fit returned by :func:`fit_power_law`.
    alternative : str
        One of :data:`ALTERNATIVES`.
    boundary : bool
        For the nested comparison, use the ½χ²₀ + ½χ²₁ boundary law instead of Wilks' χ²₁.

    Returns
    -------
    dict
        ``alternative``; ``llr`` (sum of pointwise log-likelihood ratios, positive favours the power
        law); ``R`` (the normalized ratio ``llr / (σ √n_tail)``, Vuong's statistic); ``p``; ``nested``;
        ``params`` (the alternative's fitted parameters). CSN's Tables 6.2 and 6.3 report ``R`` for the
        non-nested alternatives and ``llr`` for the cut-off.

    Raises
    ------
    TypeError
        If ``fit`` is not a :class:`PowerLawFit`.
    ValueError
        If ``alternative`` is unknown.

    Examples
    --------
    >>> fit = fit_power_law(pareto_rvs(1.5, 1000, seed=0), xmin=1.0)
    >>> compare_tail_models(fit, "exponential")["R"] > 3
    True
    """
    if not isinstance(fit, PowerLawFit):
        raise TypeError(f"fit must be a PowerLawFit, got {type(fit).__name__}")
    if alternative not in ALTERNATIVES:
        raise ValueError(f"alternative must be one of {', '.join(ALTERNATIVES)}, got {alternative!r}")
    boundary = check_bool(boundary, "boundary")
    ll_pl = fit.loglik()
    ll_alt, params = _fit_alternative(fit.tail, fit.xmin, fit.discrete, alternative, fit.alpha)
    nested = alternative == "truncated_power_law"
    if nested and ll_alt.sum() < ll_pl.sum():  # the power law is the λ → 0 member of the cut-off family
        ll_alt, params = ll_pl, dict(alpha=fit.alpha, rate=0.0)
    diff = ll_pl - ll_alt
    llr = float(diff.sum())
    sd = float(diff.std())
    r = llr / (sd * math.sqrt(diff.size)) if sd > 0 else 0.0
    if nested:
        p = float(stats.chi2.sf(2.0 * abs(llr), 1)) * (0.5 if boundary else 1.0)
    else:
        p = float(math.erfc(abs(r) / math.sqrt(2.0)))
    return dict(alternative=alternative, llr=llr, R=float(r), p=p, nested=nested, params=params)


def csn_verdict(p_gof: float, comparisons, *, threshold: float = 0.1) -> str:
    """Clauset–Shalizi–Newman's statistical support for the power law: none, moderate, good or with cut-off.

    CSN (2009, section 6 and the last columns of Tables 6.2 and 6.3) judge each data set in words:
    "none" (the data are probably not power-law distributed), "moderate" (the power law is a good fit
    but other alternatives are plausible too), "good" (the power law is a good fit and none of the
    alternatives is plausible) and "with cut-off" (the power law with exponential cut-off is clearly
    favoured over the pure power law). We encode this, with their significance level 0.1 throughout, as:

    1. ``'with cut-off'`` if the nested test favours the cut-off: ``llr < 0`` (or ``R < 0``) with
       ``p <= threshold``, whatever the goodness of fit (CSN rate data sets with a bootstrap p-value of
       0 "with cut-off" when the cut-off wins);
    2. ``'none'`` if the bootstrap p-value is ``<= threshold`` (CSN section 4.1), or a non-nested
       alternative is significantly favoured (``R < 0`` with ``p <= threshold``);
    3. ``'moderate'`` if some non-nested alternative has a higher likelihood (``R < 0``) without
       being significantly better;
    4. ``'good'`` otherwise (the power law has the highest likelihood of all and fits).

    Parameters
    ----------
    p_gof : float
        The bootstrap p-value (:func:`goodness_of_fit`).
    comparisons : mapping or iterable
        Results of :func:`compare_tail_models`: a mapping from alternative name to its result dict or
        to an ``(R, p)`` pair (``llr`` for the cut-off, as CSN tabulate), or an iterable of result dicts.
    threshold : float
        Significance level (CSN use 0.1).

    Returns
    -------
    str
        ``'none'``, ``'moderate'``, ``'good'`` or ``'with cut-off'``.

    Raises
    ------
    ValueError
        If ``p_gof`` or ``threshold`` is not in [0, 1], an alternative is unknown, or no comparison is given.

    Examples
    --------
    >>> csn_verdict(0.5, {"lognormal": (0.4, 0.7), "exponential": (9.1, 0.0),
    ...                   "truncated_power_law": (-0.9, 0.18)})
    'good'
    >>> csn_verdict(0.3, {"lognormal": (-0.5, 0.6), "truncated_power_law": (-1.4, 0.1)})
    'with cut-off'
    """
    p_gof = check_in_range(p_gof, "p_gof", 0.0, 1.0)
    threshold = check_in_range(threshold, "threshold", 0.0, 1.0)
    items = {}
    if isinstance(comparisons, dict):
        pairs = comparisons.items()
    else:
        try:
            pairs = [(c["alternative"], c) for c in comparisons]
        except (TypeError, KeyError, IndexError):
            raise ValueError("comparisons must map alternatives to results or (R, p) pairs, or list results "
                             "of "
                             f"compare_tail_models; got {comparisons!r}") from None
    for name, res in pairs:
        if name not in ALTERNATIVES:
            raise ValueError(f"comparisons: alternative must be one of {', '.join(ALTERNATIVES)}, "
                             f"got {name!r}")
        if isinstance(res, dict):
            r = res["llr"] if name == "truncated_power_law" else res["R"]
            p = res["p"]
        else:
            try:
                r, p = (float(v) for v in res)
            except (TypeError, ValueError):
                raise ValueError(f"comparisons[{name!r}] must be a result dict or an (R, p) pair, "
                                 f"got {res!r}") from None
        check_in_range(p, f"comparisons[{name!r}] p", 0.0, 1.0)
        if not math.isfinite(r):
            raise ValueError(f"comparisons[{name!r}] R must be finite, got {r}")
        items[name] = (float(r), float(p))
    if not items:
        raise ValueError("comparisons must hold at least one alternative")
    cut = items.get("truncated_power_law")
    if cut is not None and cut[0] < 0 and cut[1] <= threshold:
        return "with cut-off"
    others = [v for k, v in items.items() if k != "truncated_power_law"]
    if p_gof <= threshold or any(r < 0 and p <= threshold for r, p in others):
        return "none"
    if any(r < 0 for r, _ in others):
        return "moderate"
    return "good"


# ---- Clauset–Shalizi–Newman's data sets and published values ----------------------------------------------

CSN_PUBLISHED = {
    # discrete, factor (multiply the raw file by it to get CSN's units), n, x_min, α, n_tail, bootstrap p
    # (Table 6.1); (R, p) for lognormal, exponential, stretched exponential, and (llr, p) for the
    # cut-off, and the verdict (Table 6.2 for the continuous data sets, Table 6.3 for words and
    # terrorism). Every value below was checked against transcriptions of the tables (see the
    # docstring); none is unconfirmed.
    "words": dict(discrete=True, factor=1.0, n=18855, xmin=7, alpha=1.95, n_tail=2958, p=0.49,
                  lr=dict(lognormal=(0.395, 0.69), exponential=(9.09, 0.0),
                          stretched_exponential=(4.13, 0.0),
                          truncated_power_law=(-0.899, 0.18)), verdict="good"),
    "terrorism": dict(discrete=True, factor=1.0, n=9101, xmin=12, alpha=2.4, n_tail=547, p=0.68,
                      lr=dict(lognormal=(-0.278, 0.78), exponential=(2.457, 0.01),
                              stretched_exponential=(0.772, 0.44), truncated_power_law=(-0.077, 0.70)),
                      verdict="moderate"),
    "blackouts": dict(discrete=False, factor=1e-3, n=211, xmin=230, alpha=2.3, n_tail=59, p=0.62,
                      lr=dict(lognormal=(-0.412, 0.68), exponential=(1.21, 0.23),
                              stretched_exponential=(-0.417, 0.68), truncated_power_law=(-0.382, 0.38)),
                      verdict="moderate"),
    "cities": dict(discrete=False, factor=1e-3, n=19447, xmin=52.46, alpha=2.37, n_tail=580, p=0.76,
                   lr=dict(lognormal=(-0.090, 0.93), exponential=(3.65, 0.0),
                           stretched_exponential=(0.204, 0.84),
                           truncated_power_law=(-0.123, 0.62)), verdict="moderate"),
    "fires": dict(discrete=False, factor=1.0, n=203785, xmin=6324, alpha=2.2, n_tail=521, p=0.05,
                  lr=dict(lognormal=(-1.78, 0.08), exponential=(4.00, 0.0),
                          stretched_exponential=(-1.82, 0.07),
                          truncated_power_law=(-5.02, 0.0)), verdict="with cut-off"),
    "flares": dict(discrete=False, factor=1.0, n=12773, xmin=323, alpha=1.79, n_tail=1711, p=1.00,
                   lr=dict(lognormal=(-0.803, 0.42), exponential=(13.7, 0.0),
                           stretched_exponential=(-0.546, 0.59),
                           truncated_power_law=(-4.52, 0.0)), verdict="with cut-off"),
    "quakes": dict(discrete=False, factor=1e-3, n=19302, xmin=0.794, alpha=1.64, n_tail=11697, p=0.00,
                   lr=dict(lognormal=(-7.14, 0.0), exponential=(11.6, 0.0),
                           stretched_exponential=(-7.09, 0.0),
                           truncated_power_law=(-24.4, 0.0)), verdict="with cut-off"),
    "surnames": dict(discrete=False, factor=1e-3, n=2753, xmin=111.92, alpha=2.5, n_tail=239, p=0.20,
                     lr=dict(lognormal=(-0.836, 0.40), exponential=(2.89, 0.0),
                             stretched_exponential=(-0.844, 0.40),
                             truncated_power_law=(-1.36, 0.10)), verdict="with cut-off"),
}
"""Published results of Clauset, Shalizi and Newman (2009) for eight of their data sets.

From their Table 6.1 (n, x_min, α, n_tail, bootstrap p) and the likelihood-ratio tables, Table 6.2
(continuous data sets) and Table 6.3 (discrete data sets: words, terrorism; it also has a Poisson
column, not kept here): the normalized ratio R and its p-value for the non-nested alternatives, the
log-likelihood ratio and its p-value for the power law with cut-off, and the verdict column "support
for power law". ``factor`` converts the raw data files to the units of the tables (thousands for
cities, blackouts, quakes and surnames).

Provenance. Every value was compared with two independent transcriptions of the published tables:
a text copy of the SIAM Review article's tables (pages 684–688: the parameter table, both
likelihood-ratio tables, and the prose of section 6, which names the word counts as the only "good"
case), and the verbatim paste of the three tables in the comments of ``plfit/tests/clauset2009_tests.py``
of github.com/keflavich/plfit (where the words verdict is cut to "goo"; the text copy lost the verdict
column of the discrete table, so the terrorism verdict "moderate" rests on that paste alone, consistent
with section 6, which lists terrorism among the plausible power laws that are also plausible
lognormals). x_min, α and the four (R, p) pairs also appear in the reference tests of the ``powerlaw``
package (github.com/jeffalstott/powerlaw, ``testing/test_reference_data.py``), which notes that its own
fits differ from the published blackouts-exponential value (1.21, 0.23) and from the quakes and
surnames fits; its maintainers suspect an error in the published blackouts value
(powerlaw-devs/powerlaw pull request 17). All values matched; none had to be corrected.
"""

SHIPPED_DATASETS = {"cities": "cities.txt", "fires": "fires.txt.gz", "flares": "flares.txt"}


def csn_dataset(name: str) -> np.ndarray:
    """One of the CSN data sets of :data:`CSN_PUBLISHED`, raw (multiply by its ``factor`` for CSN's units).

    ``'cities'``, ``'fires'`` and ``'flares'`` (US federal data, public domain) are read from the
    repository's ``data/tails/``; the others from the copy the installed ``powerlaw`` package ships
    (``powerlaw.load_test_dataset``), which this repository does not redistribute. See
    ``data/tails/README.md`` for sources and licenses.

    Parameters
    ----------
    name : str
        A key of :data:`CSN_PUBLISHED`.

    Returns
    -------
    ndarray
        The values, in the order of the file.

    Raises
    ------
    ValueError
        If ``name`` is unknown.
    FileNotFoundError
        If the repository's data folder (or the ``powerlaw`` package) is missing.

    Examples
    --------
    >>> csn_dataset("flares").size
    12773
    """
    if not isinstance(name, str) or name not in CSN_PUBLISHED:
        raise ValueError(f"name must be one of {', '.join(CSN_PUBLISHED)}, got {name!r}")
    if name in SHIPPED_DATASETS:
        from pathlib import Path

        path = Path(__file__).resolve().parents[2] / "data" / "tails" / SHIPPED_DATASETS[name]
        if not path.exists():
            raise FileNotFoundError(f"{path} not found: csn_dataset reads the repository's data/tails/ "
                                    "folder")
        return np.loadtxt(path)
    try:
        import powerlaw
    except ImportError:  # pragma: no cover - powerlaw is a dependency
        raise FileNotFoundError(f"the {name!r} data set is read from the powerlaw package, which is not "
                                "installed"
                                ) from None
    return np.asarray(powerlaw.load_test_dataset(name), float)


# --------------------------------------------------------------------------------------------------
# Best-k approximation
# --------------------------------------------------------------------------------------------------

def best_k_error(x, ks, p: float = 2.0, relative: bool = True) -> np.ndarray:
    """ℓ_p error of keeping the ``k`` largest-magnitude entries of ``x`` (and zeroing the rest).

    ``σ_k(x)_p = (Σ_{i > k} |x|_(i)^p)^(1/p)`` with ``|x|_(1) ≥ |x|_(2) ≥ ...``.

    Parameters
    ----------
    x : array_like
        Vector (flattened).
    ks : int or array_like of int
        Numbers of kept entries, in [0, n].
    p : float
        Norm exponent, > 0.
    relative : bool
        Divide by ``‖x‖_p`` (``x`` must then not be all zeros).

    Returns
    -------
    float or ndarray
        Same shape as ``ks``.

    Raises
    ------
    ValueError
        For non-finite ``x``, ``ks`` out of range, ``p <= 0`` or an all-zero ``x`` with ``relative``.

    Examples
    --------
    >>> best_k_error([3.0, -4.0, 0.0], 1, relative=False)
    3.0
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

    Parameters
    ----------
    a : float
        Tail index of the magnitudes, > 0.
    p : float
        Norm exponent, > 0.

    Returns
    -------
    float
        ``1/p - 1/a``.

    Raises
    ------
    ValueError
        If ``a <= 0`` or ``p <= 0``.

    Examples
    --------
    >>> best_k_rate(1.0, 2.0)
    -0.5
    """
    a = check_positive(a, "a")
    p = check_positive(p, "p")
    return 1.0 / p - 1.0 / a


def best_k_error_power_sequence(a: float, n: int, ks, p: float = 2.0) -> np.ndarray:
    """Relative best-k error for the deterministic sequence ``|x|_(i) = i^(-1/a)``, i = 1..n.

    Parameters
    ----------
    a : float
        Tail index, > 0.
    n : int
        Length of the sequence, >= 1.
    ks : int or array_like of int
        Numbers of kept entries, in [0, n].
    p : float
        Norm exponent, > 0.

    Returns
    -------
    float or ndarray
        Same shape as ``ks``.

    Raises
    ------
    ValueError
        If ``a <= 0``, ``n < 1``, ``p <= 0`` or ``ks`` is out of range.

    Examples
    --------
    >>> best_k_error_power_sequence(1.0, 10, 10)
    0.0
    """
    a = check_positive(a, "a")
    n = check_int(n, "n", minimum=1)
    return best_k_error(np.arange(1, n + 1, dtype=float) ** (-1.0 / a), ks, p=p, relative=True)
