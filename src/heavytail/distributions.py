"""Distributions of per-problem success probability that scipy.stats does not ship.

Both are ordinary ``scipy.stats`` continuous distributions (``pdf``, ``cdf``, ``ppf``, ``sf``, ``rvs`` with
``random_state``, ``mean``, ...), so they plug into :func:`heavytail.passk.expected_pass_at_k`
and :func:`heavytail.passk.tail_law` like ``scipy.stats.beta``.

* :func:`kumaraswamy` — Kumaraswamy(α, β) on (0, 1), optionally scaled to (0, c): the three-parameter
  family Schaeffer et al. fit to per-problem pass@1 (Kumaraswamy 1980).
* :func:`continuous_bernoulli` — the continuous Bernoulli(λ) on [0, 1] (Loaiza-Ganem and Cunningham 2019).
"""

from __future__ import annotations

import numpy as np
from scipy import stats

from ._validate import check_in_range, check_positive

__all__ = ["kumaraswamy", "continuous_bernoulli", "kumaraswamy_gen", "continuous_bernoulli_gen"]


class kumaraswamy_gen(stats.rv_continuous):
    r"""Kumaraswamy distribution: :math:`f(x) = \alpha\beta x^{\alpha-1}(1-x^\alpha)^{\beta-1}` on (0, 1)."""

    def _shape_info(self):
        return [stats._distn_infrastructure._ShapeInfo("alpha", False, (0, np.inf), (False, False)),
                stats._distn_infrastructure._ShapeInfo("beta", False, (0, np.inf), (False, False))]

    def _argcheck(self, alpha, beta):
        return (alpha > 0) & (beta > 0)

    def _logpdf(self, x, alpha, beta):
        xa = x ** alpha
        with np.errstate(divide="ignore"):  # log 0 = -inf at the edges of the support is the right answer
            return (np.log(alpha) + np.log(beta) + (alpha - 1) * np.log(x)
                    + (beta - 1) * np.log1p(-xa))

    def _pdf(self, x, alpha, beta):
        return np.exp(self._logpdf(x, alpha, beta))

    def _cdf(self, x, alpha, beta):
        return -np.expm1(beta * np.log1p(-x ** alpha))

    def _sf(self, x, alpha, beta):
        return np.exp(beta * np.log1p(-x ** alpha))

    def _ppf(self, q, alpha, beta):
        return (-np.expm1(np.log1p(-q) / beta)) ** (1.0 / alpha)

    def _isf(self, q, alpha, beta):
        return (-np.expm1(np.log(q) / beta)) ** (1.0 / alpha)

    def _munp(self, n, alpha, beta):
        # E[X^n] = beta * B(1 + n/alpha, beta)
        from scipy.special import beta as B
        return beta * B(1.0 + n / alpha, beta)


_kumaraswamy = kumaraswamy_gen(a=0.0, b=1.0, name="kumaraswamy", shapes="alpha, beta")


def kumaraswamy(a: float, b: float, scale: float = 1.0):
    """A frozen Kumaraswamy(a, b) distribution, scaled to the interval (0, ``scale``).

    Near 0 the density behaves like ``a*b*scale**(-a) * p**(a-1)``: a power-law left tail with exponent ``a``,
    which is why the aggregate -log pass@k of a benchmark with this difficulty falls like k^(-a).

    Parameters
    ----------
    a, b : float
        Shape parameters, each > 0.
    scale : float, default 1
        Upper end of the support, in (0, 1].

    Returns
    -------
    scipy.stats frozen distribution
        With ``pdf``, ``cdf``, ``ppf``, ``rvs``, ``mean``, ... (usable by ``heavytail.passk``).

    Raises
    ------
    ValueError
        If ``a`` or ``b`` is not > 0 or ``scale`` is outside (0, 1].

    Examples
    --------
    >>> from heavytail.distributions import kumaraswamy
    >>> dist = kumaraswamy(0.5, 2.0, scale=0.5)
    >>> round(float(dist.cdf(0.5)), 6), [float(v) for v in dist.support()]
    (1.0, [0.0, 0.5])
    """
    a = check_positive(a, "a")
    b = check_positive(b, "b")
    scale = check_in_range(scale, "scale", 0.0, 1.0, lo_open=True)
    return _kumaraswamy(a, b, loc=0.0, scale=scale)


class continuous_bernoulli_gen(stats.rv_continuous):
    r"""Continuous Bernoulli: :math:`f(x) = C(\lambda)\,\lambda^x (1-\lambda)^{1-x}` on [0, 1]."""

    def _shape_info(self):
        return [stats._distn_infrastructure._ShapeInfo("lam", False, (0, 1), (False, False))]

    def _argcheck(self, lam):
        return (lam > 0) & (lam < 1)

    @staticmethod
    def _log_norm(lam):
        # log C(lam), C = 2 artanh(1 - 2 lam) / (1 - 2 lam), with the limit 2 at lam = 1/2
        lam = np.asarray(lam, dtype=float)
        t = 1.0 - 2.0 * lam
        near = np.abs(t) < 1e-4
        safe_t = np.where(near, 0.5, t)
        exact = np.log(2.0 * np.arctanh(safe_t) / safe_t)
        series = np.log(2.0) + np.log1p(t ** 2 / 3.0 + t ** 4 / 5.0)
        return np.where(near, series, exact)

    def _logpdf(self, x, lam):
        return self._log_norm(lam) + x * np.log(lam) + (1 - x) * np.log1p(-lam)

    def _pdf(self, x, lam):
        return np.exp(self._logpdf(x, lam))

    def _cdf(self, x, lam):
        lam = np.asarray(lam, dtype=float)
        r = np.log(lam) - np.log1p(-lam)  # log(lam / (1 - lam))
        near = np.abs(r) < 1e-8
        safe_r = np.where(near, 1.0, r)
        # F(x) = (exp(r x) - 1) / (exp(r) - 1)
        return np.where(near, x, np.expm1(safe_r * x) / np.expm1(safe_r))

    def _ppf(self, q, lam):
        lam = np.asarray(lam, dtype=float)
        r = np.log(lam) - np.log1p(-lam)
        near = np.abs(r) < 1e-8
        safe_r = np.where(near, 1.0, r)
        return np.where(near, q, np.log1p(q * np.expm1(safe_r)) / safe_r)


_continuous_bernoulli = continuous_bernoulli_gen(a=0.0, b=1.0, name="continuous_bernoulli", shapes="lam")


def continuous_bernoulli(lam: float):
    """A frozen continuous Bernoulli(λ) distribution on [0, 1]; its density at 0 is finite, so b = 1.

    Parameters
    ----------
    lam : float
        The parameter λ, in (0, 1).

    Returns
    -------
    scipy.stats frozen distribution
        With ``pdf``, ``cdf``, ``ppf``, ``rvs``, ``mean``, ... (usable by ``heavytail.passk``).

    Raises
    ------
    ValueError
        If ``lam`` is outside (0, 1).

    Examples
    --------
    >>> from heavytail.distributions import continuous_bernoulli
    >>> round(float(continuous_bernoulli(0.5).mean()), 6)
    0.5
    """
    lam = check_in_range(lam, "lam", 0.0, 1.0, lo_open=True, hi_open=True)
    return _continuous_bernoulli(lam)
