r"""The "dark matter" of scaling laws: two ways a sum of components makes a power law.

**The source's form: a mixture of power laws.** Schaeffer et al. close with a speculation: a pretraining
loss that is a sum of components, each itself a power law in compute :math:`C` with its own
exponent :math:`\alpha`, weighted by :math:`w(\alpha)`,

.. math:: L(C) = \sum_\alpha w(\alpha)\,C^{-\alpha},

is dominated at large :math:`C` by the smallest exponent :math:`\alpha_{\min}` (the hard-to-learn "dark
matter"), so that it looks like :math:`A\,C^{-\alpha_{\min}}`. With the exponents spread
above :math:`\alpha_{\min}` as :math:`\alpha = \alpha_{\min} + \mathrm{Gamma}(\nu, \theta)` this is exact,

.. math:: L(C) = C^{-\alpha_{\min}}\,(1 + \theta\ln C)^{-\nu},

whose local exponent :math:`\alpha_{\min} + \nu\theta/(1+\theta\ln C)` reaches :math:`\alpha_{\min}` only
logarithmically slowly. ``nu`` is the shape of the weights near :math:`\alpha_{\min}`
(density :math:`\propto (\alpha-\alpha_{\min})^{\nu-1}`), ``theta`` their spread.

**A second mechanism (the book's own): a sum of exponentials.** Components that decay
exponentially, :math:`e^{-\lambda t}`, with a density of rates :math:`\propto\lambda^{b-1}` near 0, add up to
the power
law :math:`\mathbb E[e^{-\lambda t}] \approx C\,\Gamma(b)\,t^{-b}`: the mathematics of repeated sampling
with :math:`e^{-\lambda t}` in place of :math:`(1-p)^k`. The source does not propose this for pretraining; the
book uses it as the analogue of its repeated-sampling theorem.

Public functions
----------------
sample_exponents(alpha_min, nu, theta, size, seed)  exponents of a power-law mixture
power_law_mixture(alphas, C, weights)               the weighted mean of C^(-alpha_j), vectorised over C
mixture_loss(alpha_min, nu, theta, C)               the closed form C^(-alpha_min) (1 + theta ln C)^(-nu)
mixture_local_exponent(alpha_min, nu, theta, C)     its local exponent -d log L / d log C
log10_compute_to_reach(nu, theta, tol)              log10 of the C where the local exponent is alpha_min + tol
RATE_LAWS                                           the rate laws of the exponential mechanism
sample_rates(kind, size, seed)                      draws of the rates
aggregate_loss(rates, t)                            the mean of exp(-lambda_j t) over components
expected_loss(kind, t)                              the closed-form (or quadrature) E[exp(-lambda t)]
local_exponent(t, L)                                -d log L / d log t, by finite differences
"""

from __future__ import annotations

import numpy as np
from scipy import integrate, stats

from ._validate import as_float_array, as_rng, check_int, check_positive, check_positive_pair

__all__ = ["sample_exponents", "power_law_mixture", "mixture_loss", "mixture_local_exponent",
           "log10_compute_to_reach", "RATE_LAWS", "sample_rates", "aggregate_loss", "expected_loss",
           "local_exponent"]


# ----------------------------------------------------------------------------------------------------------
# The source's form: a mixture of power laws
# ----------------------------------------------------------------------------------------------------------

def _check_mixture(alpha_min, nu, theta):
    return (check_positive(alpha_min, "alpha_min", strict=False), check_positive(nu, "nu"),
            check_positive(theta, "theta"))


def _compute(C):
    C_arr = as_float_array(C, "C")
    if (C_arr < 1).any():
        raise ValueError(f"C must be >= 1 (compute in units of the smallest budget), got "
                         f"{float(C_arr[C_arr < 1].ravel()[0])!r}")
    return C_arr


def sample_exponents(alpha_min, nu, theta, size, seed=0) -> np.ndarray:
    r"""Exponents of a power-law mixture: :math:`\alpha_j = \alpha_{\min} + \mathrm{Gamma}(\nu, \theta)`.

    Parameters
    ----------
    alpha_min : float
        The smallest exponent (>= 0), approached but never reached by the draws.
    nu : float
        Shape (> 0) of the weights near ``alpha_min``: their density behaves like the power
        ``(alpha - alpha_min)**(nu - 1)``, piling up at ``alpha_min`` for ``nu < 1``, flat for
        ``nu = 1``, thinning out for ``nu > 1``.
    theta : float
        Scale (> 0) of the spread of exponents above ``alpha_min`` (mean excess ``nu * theta``).
    size : int
        Number of components (>= 1).
    seed : int or numpy.random.Generator, default 0
        Seed (>= 0) or generator.

    Returns
    -------
    numpy.ndarray
        ``size`` exponents, each > ``alpha_min``.

    Raises
    ------
    ValueError
        If an argument is out of range.

    Examples
    --------
    >>> a = sample_exponents(0.3, 1.0, 0.5, 1000, seed=0)
    >>> bool(a.min() > 0.3)
    True
    """
    alpha_min, nu, theta = _check_mixture(alpha_min, nu, theta)
    size = check_int(size, "size", minimum=1)
    g = as_rng(seed, "seed")
    return alpha_min + g.gamma(nu, theta, size=size)


def power_law_mixture(alphas, C, weights=None) -> np.ndarray:
    r"""The loss :math:`L(C) = \sum_j w_j C^{-\alpha_j} / \sum_j w_j` of a mixture of power laws.

    Parameters
    ----------
    alphas : array_like of float
        Exponents of the components (>= 0).
    C : array_like of float
        Compute values (>= 1); the result has their shape.
    weights : array_like of float, optional
        Non-negative weights, one per component, not all zero (default: equal weights).

    Returns
    -------
    numpy.ndarray
        The loss :math:`L(C)`, normalised so that :math:`L(1) = 1`.

    Raises
    ------
    ValueError
        If an exponent or weight is negative, the weights do not match the exponents or are all zero, or a
        compute value is below 1.

    Examples
    --------
    >>> float(power_law_mixture([0.5, 1.0], 4.0))
    0.375
    """
    a = as_float_array(alphas, "alphas").ravel()
    if (a < 0).any():
        raise ValueError(f"alphas must be >= 0, got {float(a[a < 0][0])!r}")
    if weights is None:
        w = np.full(a.size, 1.0 / a.size)
    else:
        w = as_float_array(weights, "weights").ravel()
        if w.size != a.size:
            raise ValueError(f"weights must have one entry per exponent ({a.size}), got {w.size}")
        if (w < 0).any() or w.sum() <= 0:
            raise ValueError("weights must be >= 0 and not all zero")
        w = w / w.sum()
    C_arr = _compute(C)
    logC = np.log(C_arr.ravel())
    # log-sum-exp over components, in chunks of C so that memory stays small
    out = np.empty(logC.size)
    logw = np.log(np.where(w > 0, w, 1.0)) + np.where(w > 0, 0.0, -np.inf)
    for i in range(0, logC.size, 64):
        e = logw[None, :] - a[None, :] * logC[i:i + 64, None]
        m = e.max(axis=1, keepdims=True)
        out[i:i + 64] = np.exp(m[:, 0] + np.log(np.exp(e - m).sum(axis=1)))
    out = out.reshape(C_arr.shape)
    return out[()] if out.ndim == 0 else out


def mixture_loss(alpha_min, nu, theta, C) -> np.ndarray:
    r"""Closed form of the mixture with Gamma-spread exponents: :math:`C^{-\alpha_{\min}}(1+\theta\ln
    C)^{-\nu}`.

    This is :math:`\mathbb E[C^{-\alpha}]` for :math:`\alpha = \alpha_{\min} + \mathrm{Gamma}(\nu, \theta)`,
    the Laplace transform of the Gamma law at :math:`\ln C`. For large :math:`C` it behaves
    like :math:`\theta^{-\nu} C^{-\alpha_{\min}} (\ln C)^{-\nu}`: a power law with
    exponent :math:`\alpha_{\min}` times a slowly varying logarithmic factor.

    Parameters
    ----------
    alpha_min, nu, theta : float
        As in :func:`sample_exponents`.
    C : array_like of float
        Compute values (>= 1).

    Returns
    -------
    numpy.ndarray
        The loss :math:`L(C)`, with :math:`L(1) = 1`.

    Raises
    ------
    ValueError
        If an argument is out of range.

    Examples
    --------
    >>> float(mixture_loss(0.5, 1.0, 1.0, 1.0))
    1.0
    """
    alpha_min, nu, theta = _check_mixture(alpha_min, nu, theta)
    C_arr = _compute(C)
    logC = np.log(C_arr)
    out = np.exp(-alpha_min * logC - nu * np.log1p(theta * logC))
    return out[()] if out.ndim == 0 else out


def mixture_local_exponent(alpha_min, nu, theta, C) -> np.ndarray:
    r"""Local exponent :math:`-d\log L/d\log C = \alpha_{\min} + \nu\theta/(1+\theta\ln C)`
    of :func:`mixture_loss`.

    At :math:`C = 1` it is the mean exponent :math:`\alpha_{\min} + \nu\theta`; it
    approaches :math:`\alpha_{\min}` like :math:`\nu/\ln C`.

    Parameters
    ----------
    alpha_min, nu, theta : float
        As in :func:`sample_exponents`.
    C : array_like of float
        Compute values (>= 1).

    Returns
    -------
    numpy.ndarray
        The local exponent at each ``C``.

    Raises
    ------
    ValueError
        If an argument is out of range.

    Examples
    --------
    >>> float(mixture_local_exponent(0.3, 1.0, 0.5, 1.0))
    0.8
    """
    alpha_min, nu, theta = _check_mixture(alpha_min, nu, theta)
    C_arr = _compute(C)
    out = alpha_min + nu * theta / (1.0 + theta * np.log(C_arr))
    return out[()] if out.ndim == 0 else out


def log10_compute_to_reach(nu, theta, tol) -> float:
    r"""Decades of compute before the local exponent is within ``tol`` of :math:`\alpha_{\min}`.

    Solves :math:`\nu\theta/(1+\theta\ln C) = \mathrm{tol}`: :math:`\ln C = \nu/\mathrm{tol} - 1/\theta`
    (0 when the mean excess :math:`\nu\theta` is already below ``tol``). Returned as :math:`\log_{10} C`,
    because :math:`C` itself overflows for small ``tol``. It does not depend on :math:`\alpha_{\min}`.

    Parameters
    ----------
    nu, theta : float
        As in :func:`sample_exponents`.
    tol : float
        Allowed excess of the local exponent over :math:`\alpha_{\min}` (> 0).

    Returns
    -------
    float
        The value of :math:`\log_{10} C` at which the excess equals ``tol``.

    Raises
    ------
    ValueError
        If an argument is not > 0.

    Examples
    --------
    >>> round(log10_compute_to_reach(1.0, 0.5, 0.05), 2)
    7.82
    """
    nu, theta, tol = check_positive(nu, "nu"), check_positive(theta, "theta"), check_positive(tol, "tol")
    return float(max(nu / tol - 1.0 / theta, 0.0) / np.log(10.0))


# ----------------------------------------------------------------------------------------------------------
# A second mechanism (the book's own): a sum of exponentials
# ----------------------------------------------------------------------------------------------------------

#: Rate laws: name → (description, frozen scipy distribution of λ, power-law exponent b or None).
RATE_LAWS = {
    "gamma(0.3)": ("Gamma(shape 0.3): density ~ λ^(-0.7) near 0", stats.gamma(0.3, scale=1.0), 0.3),
    "gamma(0.6)": ("Gamma(shape 0.6): density ~ λ^(-0.4) near 0", stats.gamma(0.6, scale=1.0), 0.6),
    "uniform(0,1)": ("Uniform(0, 1): density constant near 0", stats.uniform(0.0, 1.0), 1.0),
    "lognormal": ("log-normal(0, 2): density vanishes faster than any power at 0", stats.lognorm(2.0), None),
    "uniform(0.01,1)": ("Uniform(0.01, 1): no rates near 0 (a gap)", stats.uniform(0.01, 0.99), None),
}


def _law(kind):
    if kind not in RATE_LAWS:
        raise ValueError(f"kind must be one of {list(RATE_LAWS)}, got {kind!r}")
    return RATE_LAWS[kind][1]


def sample_rates(kind: str, size: int, seed=0) -> np.ndarray:
    """``size`` decay rates λ_j > 0 from the law ``kind`` (exponential mechanism).

    Parameters
    ----------
    kind : str
        A key of :data:`RATE_LAWS`.
    size : int
        Number of components (>= 1).
    seed : int or numpy.random.Generator, default 0
        Seed (>= 0) or generator.

    Returns
    -------
    numpy.ndarray
        ``size`` rates.

    Raises
    ------
    ValueError
        If ``kind`` is unknown or ``size`` / ``seed`` is invalid.

    Examples
    --------
    >>> sample_rates("gamma(0.3)", 3, seed=0).shape
    (3,)
    """
    dist = _law(kind)
    size = check_int(size, "size", minimum=1)
    return dist.rvs(size=size, random_state=as_rng(seed, "seed"))


def aggregate_loss(rates, t) -> np.ndarray:
    r"""The mean :math:`\frac1J\sum_j e^{-\lambda_j t}` of exponentially decaying components.

    Parameters
    ----------
    rates : array_like of float
        Decay rates λ_j (>= 0).
    t : array_like of float
        Compute values (>= 0); the result has their shape.

    Returns
    -------
    numpy.ndarray
        The aggregate loss at each ``t``.

    Raises
    ------
    ValueError
        If a rate or a ``t`` is negative or not finite.

    Examples
    --------
    >>> float(aggregate_loss([0.0, 1.0], 0.0))
    1.0
    """
    lam = as_float_array(rates, "rates").ravel()
    if (lam < 0).any():
        raise ValueError(f"rates must be >= 0, got {float(lam[lam < 0][0])!r}")
    t_arr = as_float_array(t, "t")
    if (t_arr < 0).any():
        raise ValueError(f"t must be >= 0, got {float(t_arr[t_arr < 0].ravel()[0])!r}")
    out = np.array([np.exp(-lam * tt).mean() for tt in t_arr.ravel()]).reshape(t_arr.shape)
    return out[()] if out.ndim == 0 else out


def expected_loss(kind: str, t) -> np.ndarray:
    r"""The expectation :math:`\mathbb E[e^{-\lambda t}]` for the rate law ``kind``.

    Closed form for gamma (:math:`(1+t)^{-\mathrm{shape}}`) and uniform laws, a fine trapezoid rule
    in :math:`\log\lambda` otherwise.

    Parameters
    ----------
    kind : str
        A key of :data:`RATE_LAWS`.
    t : array_like of float
        Compute values (>= 0).

    Returns
    -------
    numpy.ndarray
        The expected loss :math:`\mathbb E[e^{-\lambda t}]` at each ``t``.

    Raises
    ------
    ValueError
        If ``kind`` is unknown or a ``t`` is negative.

    Examples
    --------
    >>> float(expected_loss("gamma(0.3)", 0.0))
    1.0
    """
    dist = _law(kind)
    t_arr = as_float_array(t, "t")
    if (t_arr < 0).any():
        raise ValueError(f"t must be >= 0, got {float(t_arr[t_arr < 0].ravel()[0])!r}")
    name = dist.dist.name
    if name == "gamma":
        out = (1.0 + t_arr) ** (-dist.args[0])
    elif name == "uniform":
        lo, w = dist.kwds.get("loc", dist.args[0] if dist.args else 0.0), dist.kwds.get(
            "scale", dist.args[1] if len(dist.args) > 1 else 1.0)
        lo, w = float(lo), float(w)
        with np.errstate(divide="ignore", invalid="ignore"):
            out = np.where(t_arr > 0, (np.exp(-lo * t_arr) * -np.expm1(-w * t_arr)) / (w * t_arr), 1.0)
    else:
        # trapezoid rule in u = log λ on a fine grid (the integrand is smooth in u), vectorised over t
        u = np.linspace(-60.0, 10.0, 14001)
        lam = np.exp(u)
        with np.errstate(divide="ignore"):
            logw = u + dist.logpdf(lam)
        expo = logw[None, :] - lam[None, :] * t_arr.ravel()[:, None]
        out = integrate.trapezoid(np.exp(expo), u, axis=1).reshape(t_arr.shape)
    return out[()] if np.ndim(out) == 0 else out


def local_exponent(t, L) -> np.ndarray:
    """The local power-law exponent −d log L / d log t between consecutive points.

    Parameters
    ----------
    t : array_like of float
        Increasing compute values (> 0).
    L : array_like of float
        Loss at each ``t`` (> 0), same length.

    Returns
    -------
    numpy.ndarray
        ``len(t) - 1`` finite-difference exponents, one per interval (at its geometric midpoint).

    Raises
    ------
    ValueError
        If the arrays differ in length or hold values that are not > 0.

    Examples
    --------
    >>> local_exponent([1.0, 10.0], [1.0, 0.1])
    array([1.])
    """
    t_arr, L_arr = check_positive_pair(t, L, "t", "L")
    return -np.diff(np.log(L_arr)) / np.diff(np.log(t_arr))

