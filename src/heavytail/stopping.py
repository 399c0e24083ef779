r"""Stop-at-first-success sampling: what it does to pass@k estimates, and a likelihood that is immune to it.

Best-of-N jailbreaking data are collected with a stopping rule: each prompt is attacked until the first
success or until a budget of ``N`` attempts. A prompt then contributes ``(attempts, successes)`` equal to
``(T, 1)`` with :math:`T \sim \mathrm{Geometric}(p)`, or ``(N, 0)`` if it was never broken. This module is a
*stand-in* for such data (no real jailbreak outcomes are used or shipped): it simulates the stopping rule and
compares three estimates of :math:`\mathrm{pass}_{\mathcal D}@k`.

* The unbiased estimator of Chen et al., applied to ``(attempts, successes)`` as if ``attempts`` had been
  fixed in advance (:func:`naive_pass_at_k`). It is biased: the stopping rule makes the last attempt a
  success, so ``successes / attempts`` overstates ``p``.
* The empirical distribution of the first-success time (:func:`first_success_pass_at_k`): the fraction of
  prompts broken within ``k`` attempts, unbiased for :math:`k \le N`.
* A censoring-aware likelihood (:func:`fit_beta_geometric`): :math:`p \sim \mathrm{Beta}(\alpha, \beta)`,
  the first-success time :math:`T \mid p` geometric and right-censored at ``N``, so
  that :math:`P(T = t) = B(\alpha+1, \beta+t-1)/B(\alpha, \beta)`
  and :math:`P(T > N) = B(\alpha, \beta+N)/B(\alpha,\beta)`.
  Its tail exponent is :math:`\alpha`; its forecast is :func:`beta_geometric_pass_at_k`. Because the stopping
  rule depends only on outcomes already seen, this likelihood is proportional to the beta-binomial one of
  the same counts (the likelihood principle): a likelihood-based fit needs no correction.

Public functions
----------------
simulate_stop_at_first_success(p, budget, seed)  attempts and successes per prompt under the stopping rule
naive_pass_at_k(attempts, successes, k)          Chen's estimator applied as if attempts were fixed
first_success_pass_at_k(attempts, successes, k)  fraction of prompts broken within k attempts
fit_beta_geometric(attempts, successes)          censoring-aware MLE of a Beta law of p
beta_geometric_pass_at_k(alpha, beta, k)         1 - B(alpha, beta + k) / B(alpha, beta)
"""

from __future__ import annotations

import numpy as np
from scipy import optimize, special

from ._validate import as_float_array, as_int_array, as_rng, check_int, check_positive, check_probability

__all__ = ["simulate_stop_at_first_success", "naive_pass_at_k", "first_success_pass_at_k",
           "fit_beta_geometric", "beta_geometric_pass_at_k"]


def _check_stopped(attempts, successes):
    a = as_int_array(attempts, "attempts", minimum=1).ravel()
    s = as_int_array(successes, "successes", minimum=0).ravel()
    if a.size != s.size:
        raise ValueError(f"attempts and successes must have the same length, got {a.size} and {s.size}")
    if (s > 1).any():
        raise ValueError(f"successes must be 0 or 1 under stop-at-first-success, got {int(s[s > 1][0])}")
    return a, s


def _ks(k):
    k_arr = as_int_array(k, "k", minimum=1)
    return k_arr


def simulate_stop_at_first_success(p, budget, seed=0):
    """Attack each prompt until its first success or ``budget`` attempts.

    Parameters
    ----------
    p : array_like of float
        Per-prompt single-attempt success probabilities in [0, 1].
    budget : int
        Largest number of attempts per prompt (>= 1).
    seed : int or numpy.random.Generator, default 0
        Seed (>= 0) or generator.

    Returns
    -------
    attempts : numpy.ndarray of int
        Attempts used per prompt: the first-success time, or ``budget`` if never broken.
    successes : numpy.ndarray of int
        1 if the prompt was broken within the budget, else 0.

    Raises
    ------
    ValueError
        If a probability is outside [0, 1] or ``budget`` / ``seed`` is invalid.

    Examples
    --------
    >>> a, s = simulate_stop_at_first_success([1.0, 0.0], 10, seed=0)
    >>> a.tolist(), s.tolist()
    ([1, 10], [1, 0])
    """
    p_arr = check_probability(p, "p").ravel()
    budget = check_int(budget, "budget", minimum=1)
    g = as_rng(seed, "seed")
    safe = np.clip(p_arr, 1e-300, 1.0)
    t = g.geometric(safe)
    t = np.where(p_arr == 0, budget + 1, t)
    successes = (t <= budget).astype(np.int64)
    attempts = np.minimum(t, budget).astype(np.int64)
    return attempts, successes


def naive_pass_at_k(attempts, successes, k):
    r"""Chen's unbiased pass@k estimator applied to stopped data as if ``attempts`` had been fixed.

    For a broken prompt, ``(n, c) = (T, 1)`` gives :math:`1 - \binom{T-1}{k}/\binom{T}{k} = k/T`
    for :math:`k \le T`, and 1 for :math:`k > T` (it was broken within ``k`` attempts); a never-broken prompt
    gives 0. Averaged over prompts. Biased under the stopping rule (it is unbiased only for a fixed ``n``).

    Parameters
    ----------
    attempts, successes : array_like of int
        As returned by :func:`simulate_stop_at_first_success`.
    k : array_like of int
        Attempts (>= 1), at most the smallest number of attempts of a never-broken prompt.

    Returns
    -------
    numpy.ndarray
        The naive estimate of pass_D@k at each ``k``.

    Raises
    ------
    ValueError
        If the counts are invalid or a ``k`` exceeds the attempts of a never-broken prompt.

    Examples
    --------
    >>> float(naive_pass_at_k([4, 10], [1, 0], 2))
    0.25
    """
    a, s = _check_stopped(attempts, successes)
    k_arr = _ks(k)
    if (s == 0).any() and k_arr.max() > a[s == 0].min():
        raise ValueError(f"k must not exceed the attempts of a never-broken prompt ({int(a[s == 0].min())}), "
                         f"got {int(k_arr.max())}")
    kk = k_arr.ravel().astype(float)[:, None]
    est = np.where(s[None, :] == 1, np.minimum(1.0, kk / a[None, :]), 0.0).mean(axis=1)
    out = est.reshape(k_arr.shape)
    return out[()] if out.ndim == 0 else out


def first_success_pass_at_k(attempts, successes, k):
    """Fraction of prompts broken within ``k`` attempts: unbiased for pass_D@k under the stopping rule.

    Parameters
    ----------
    attempts, successes : array_like of int
        As returned by :func:`simulate_stop_at_first_success`.
    k : array_like of int
        Attempts (>= 1), at most the smallest number of attempts of a never-broken prompt (the budget).

    Returns
    -------
    numpy.ndarray
        The estimate at each ``k``.

    Raises
    ------
    ValueError
        If the counts are invalid or a ``k`` exceeds the budget.

    Examples
    --------
    >>> float(first_success_pass_at_k([4, 10], [1, 0], 5))
    0.5
    """
    a, s = _check_stopped(attempts, successes)
    k_arr = _ks(k)
    if (s == 0).any() and k_arr.max() > a[s == 0].min():
        raise ValueError(f"k must not exceed the attempts of a never-broken prompt ({int(a[s == 0].min())}), "
                         f"got {int(k_arr.max())}")
    kk = k_arr.ravel()[:, None]
    out = ((s[None, :] == 1) & (a[None, :] <= kk)).mean(axis=1).reshape(k_arr.shape)
    return out[()] if out.ndim == 0 else out


def _bg_negloglik(theta, a, s):
    al, be = np.exp(theta)
    ll_hit = special.betaln(al + 1.0, be + a - 1.0) - special.betaln(al, be)
    ll_cens = special.betaln(al, be + a) - special.betaln(al, be)
    return -float(np.where(s == 1, ll_hit, ll_cens).sum())


def fit_beta_geometric(attempts, successes) -> dict:
    r"""Censoring-aware maximum likelihood fit of :math:`p \sim \mathrm{Beta}(\alpha, \beta)`.

    Each broken prompt contributes :math:`B(\alpha+1, \beta+T-1)/B(\alpha, \beta)` and each never-broken
    one :math:`B(\alpha, \beta+N)/B(\alpha, \beta)`. The density of :math:`p` behaves
    like :math:`p^{\alpha-1}`
    near
    0, so :math:`-\log\mathrm{pass}_{\mathcal D}@k` falls like :math:`k^{-\alpha}`.

    Parameters
    ----------
    attempts, successes : array_like of int
        As returned by :func:`simulate_stop_at_first_success`; at least one prompt must be broken and at
        least two prompts given.

    Returns
    -------
    dict
        ``alpha``, ``beta`` (the MLE) and ``loglik`` (the maximised log-likelihood).

    Raises
    ------
    ValueError
        If the counts are invalid, fewer than two prompts are given or none was broken.

    Examples
    --------
    >>> p = np.random.default_rng(0).beta(0.5, 3.0, 300)
    >>> a, s = simulate_stop_at_first_success(p, 1000, seed=0)
    >>> 0.3 < fit_beta_geometric(a, s)["alpha"] < 1.0
    True
    """
    a, s = _check_stopped(attempts, successes)
    if a.size < 2:
        raise ValueError(f"attempts must hold at least two prompts, got {a.size}")
    if s.sum() == 0:
        raise ValueError("successes must contain at least one broken prompt (all are 0)")
    best = None
    for start in ([np.log(0.5), np.log(5.0)], [np.log(0.2), np.log(1.0)], [np.log(2.0), np.log(50.0)]):
        res = optimize.minimize(_bg_negloglik, start, args=(a, s), method="Nelder-Mead",
                                options=dict(xatol=1e-8, fatol=1e-10, maxiter=4000))
        if best is None or res.fun < best.fun:
            best = res
    al, be = np.exp(best.x)
    return dict(alpha=float(al), beta=float(be), loglik=float(-best.fun))


def beta_geometric_pass_at_k(alpha, beta, k):
    r"""Forecast :math:`\mathrm{pass}_{\mathcal D}@k = 1 - B(\alpha, \beta + k)/B(\alpha, \beta)` of a Beta
    law of p.

    Parameters
    ----------
    alpha, beta : float
        Beta parameters (> 0).
    k : array_like of float
        Attempts (>= 1).

    Returns
    -------
    numpy.ndarray
        pass_D@k at each ``k``.

    Raises
    ------
    ValueError
        If a parameter is not > 0 or a ``k`` is below 1.

    Examples
    --------
    >>> float(beta_geometric_pass_at_k(1.0, 1.0, 1.0))
    0.5
    """
    alpha, beta = check_positive(alpha, "alpha"), check_positive(beta, "beta")
    k_arr = as_float_array(k, "k")
    if (k_arr < 1).any():
        raise ValueError(f"k must be >= 1, got {float(k_arr[k_arr < 1].ravel()[0])!r}")
    out = -np.expm1(special.betaln(alpha, beta + k_arr) - special.betaln(alpha, beta))
    return out[()] if out.ndim == 0 else out
