r"""The "dark matter" of scaling laws: many exponentially decaying components add up to a power law.

Schaeffer et al. close with a speculation {cite}`schaeffer2025monkeys`: a loss that is a sum of many
components, each falling exponentially in compute t at its own rate λ_j, follows a power law in aggregate
when the rates have a density behaving like :math:`\lambda^{b-1}` near 0 — the mathematics of repeated
sampling with :math:`e^{-\lambda t}` in place of :math:`(1-p)^k`. Here:

.. math:: L(t) = \frac1J\sum_j e^{-\lambda_j t} \;\to\; \mathbb E[e^{-\lambda t}] \approx C\,\Gamma(b)\,t^{-b}.

Public functions
----------------
RATE_LAWS                     the rate distributions compared on the page, with their closed-form L(t)
sample_rates(kind, size, rng) draws of the rates
aggregate_loss(rates, t)      the mean of exp(-λ_j t) over components, vectorised over t
expected_loss(kind, t)        the closed-form (or quadrature) E[exp(-λ t)] of a rate law
local_exponent(t, L)          −d log L / d log t, by finite differences on a log grid
"""

from __future__ import annotations

import numpy as np
from scipy import integrate, stats

from ._validate import as_float_array, check_int, check_positive_pair

__all__ = ["RATE_LAWS", "sample_rates", "aggregate_loss", "expected_loss", "local_exponent"]

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


def sample_rates(kind: str, size: int, rng=0) -> np.ndarray:
    """``size`` rates λ_j > 0 from the law ``kind`` (a key of :data:`RATE_LAWS`)."""
    dist = _law(kind)
    size = check_int(size, "size", minimum=1)
    rng = rng if isinstance(rng, np.random.Generator) else check_int(rng, "rng", minimum=0)
    return dist.rvs(size=size, random_state=np.random.default_rng(rng))


def aggregate_loss(rates, t) -> np.ndarray:
    """:math:`\\frac1J\\sum_j e^{-\\lambda_j t}`, vectorised over ``t`` (t ≥ 0, rates ≥ 0)."""
    lam = as_float_array(rates, "rates").ravel()
    if (lam < 0).any():
        raise ValueError(f"rates must be >= 0, got {float(lam[lam < 0][0])!r}")
    t_arr = as_float_array(t, "t")
    if (t_arr < 0).any():
        raise ValueError(f"t must be >= 0, got {float(t_arr[t_arr < 0].ravel()[0])!r}")
    out = np.array([np.exp(-lam * tt).mean() for tt in t_arr.ravel()]).reshape(t_arr.shape)
    return out[()] if out.ndim == 0 else out


def expected_loss(kind: str, t) -> np.ndarray:
    """:math:`\\mathbb E[e^{-\\lambda t}]` for the law ``kind``: closed form for gamma ((1+t)^(−shape)) and
    uniform, a fine trapezoid rule in log λ otherwise."""
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
    """The local power-law exponent −d log L / d log t at the midpoints of consecutive ``t`` (t > 0, L > 0)."""
    t_arr, L_arr = check_positive_pair(t, L, "t", "L")
    return -np.diff(np.log(L_arr)) / np.diff(np.log(t_arr))

