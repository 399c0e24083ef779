r"""One-sided stable laws: sums of positive heavy-tailed draws with tail index below 1.

For positive i.i.d. :math:`X_i` with :math:`P(X > x) = x^{-a}` (:math:`x \ge 1`) and :math:`0 < a < 1` the
mean is infinite, and the generalized central limit theorem gives

.. math:: \frac{X_1 + \dots + X_n}{n^{1/a}} \to S, \qquad \mathbb E\,e^{-sS} = e^{-\Gamma(1-a)\,s^a},

a *totally skewed* (one-sided) :math:`a`-stable law. For :math:`a = 1/2` it is the Lévy distribution with
scale :math:`\gamma = \pi/2` (its Laplace transform is :math:`e^{-\sqrt{2\gamma s}}`), whose
density :math:`\sqrt{\gamma/2\pi}\,x^{-3/2}e^{-\gamma/2x}` is known in closed form.

Public functions
----------------
one_sided_sums(a, n, m, seed)   m normalized sums of n positive Pareto(a) draws
one_sided_limit(a)              the frozen scipy.stats limit law (levy for a = 1/2, levy_stable otherwise)
"""

from __future__ import annotations

import numpy as np
from scipy import special, stats

from ._validate import as_rng, check_in_range, check_int

__all__ = ["one_sided_sums", "one_sided_limit"]


def one_sided_sums(a, n, m, seed=0) -> np.ndarray:
    r"""``m`` sums of ``n`` positive Pareto draws, :math:`P(X > x) = x^{-a}`, divided by :math:`n^{1/a}`.

    Parameters
    ----------
    a : float
        Tail index in (0, 1): the mean of the draws is infinite.
    n : int
        Draws per sum (>= 1).
    m : int
        Number of independent sums (>= 1).
    seed : int or numpy.random.Generator, optional
        Seed (>= 0) or generator.

    Returns
    -------
    numpy.ndarray
        ``m`` normalized sums; by the generalized CLT their law tends to :func:`one_sided_limit` ``(a)``.

    Raises
    ------
    ValueError
        If ``a`` is not in (0, 1) or ``n`` / ``m`` / ``seed`` is invalid.

    Examples
    --------
    >>> s = one_sided_sums(0.5, 100, 1000, seed=0)
    >>> s.shape, bool(s.min() > 0)
    ((1000,), True)
    """
    a = check_in_range(a, "a", 0.0, 1.0, lo_open=True, hi_open=True)
    n = check_int(n, "n", minimum=1)
    m = check_int(m, "m", minimum=1)
    g = as_rng(seed, "seed")
    out = np.zeros(m)
    chunk = max(1, 2_000_000 // n)
    for i in range(0, m, chunk):
        rows = min(chunk, m - i)
        u = 1.0 - g.random((rows, n))  # in (0, 1]: no division by zero
        out[i:i + rows] = np.exp(-np.log(u) / a).sum(axis=1)
    return out / n ** (1.0 / a)


def one_sided_limit(a):
    r"""The limit law of :func:`one_sided_sums`: Laplace transform :math:`e^{-\Gamma(1-a)s^a}`.

    Parameters
    ----------
    a : float
        Tail index in (0, 1).

    Returns
    -------
    scipy.stats frozen distribution
        ``scipy.stats.levy(scale=pi/2)`` for ``a = 1/2`` (closed form); otherwise
        ``scipy.stats.levy_stable(a, 1, scale=sigma)``
        with :math:`\sigma^a = \Gamma(1-a)\cos(\pi a/2)` (scipy's default S1 parametrisation), whose density
        is
        evaluated numerically and slowly.

    Raises
    ------
    ValueError
        If ``a`` is not in (0, 1).

    Examples
    --------
    >>> round(float(one_sided_limit(0.5).median()), 3)
    3.453
    """
    a = check_in_range(a, "a", 0.0, 1.0, lo_open=True, hi_open=True)
    if a == 0.5:
        return stats.levy(scale=np.pi / 2)
    sigma = (special.gamma(1.0 - a) * np.cos(np.pi * a / 2)) ** (1.0 / a)
    return stats.levy_stable(a, 1.0, scale=float(sigma))
