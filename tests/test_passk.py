"""Tests of heavytail.passk: estimator, exact aggregates, tail law, and bad input."""

import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import integrate, special, stats

from heavytail import passk
from heavytail.distributions import continuous_bernoulli, kumaraswamy
from heavytail.passk import (expected_failure, expected_pass_at_k, half_life, neg_log_pass_at_k, pass_at_k,
                             tail_law)

# ---------------------------------------------------------------- pass_at_k


def brute_force_pass_at_k(n, c, k):
    """Fraction of all k-subsets of n samples (c of them correct) that contain a correct one."""
    samples = [1] * c + [0] * (n - c)
    subsets = list(itertools.combinations(range(n), k))
    return sum(any(samples[i] for i in s) for s in subsets) / len(subsets)


@pytest.mark.parametrize("n", [1, 2, 5, 8])
def test_pass_at_k_matches_enumeration(n):
    for c in range(n + 1):
        for k in range(1, n + 1):
            assert pass_at_k(n, c, k) == pytest.approx(brute_force_pass_at_k(n, c, k), abs=1e-12)


def test_pass_at_k_exact_edges():
    assert pass_at_k(10, 0, 3) == 0.0
    assert pass_at_k(10, 8, 3) == 1.0  # n - c = 2 < k = 3: every 3-subset holds a success
    assert pass_at_k(10, 10, 10) == 1.0
    assert pass_at_k(10, 3, 1) == pytest.approx(0.3)


def test_pass_at_k_no_overflow_for_large_n():
    n = 10**6
    val = pass_at_k(n, 1, 1000)
    assert val == pytest.approx(1000 / n, rel=1e-9)
    assert np.isfinite(pass_at_k(n, n // 2, n // 3))


def test_pass_at_k_vectorised_and_broadcast():
    out = pass_at_k(100, np.array([0, 1, 50]), np.array([[1], [10]]))
    assert out.shape == (2, 3)
    assert out[0, 1] == pytest.approx(0.01)


@settings(max_examples=200, deadline=None)
@given(n=st.integers(1, 2000), data=st.data())
def test_pass_at_k_monotone_in_k_and_bounded(n, data):
    c = data.draw(st.integers(0, n))
    ks = np.arange(1, min(n, 60) + 1)
    vals = pass_at_k(n, c, ks)
    assert np.all((vals >= 0) & (vals <= 1))
    assert np.all(np.diff(vals) >= -1e-12)


@settings(max_examples=100, deadline=None)
@given(n=st.integers(1, 500), data=st.data())
def test_pass_at_k_monotone_in_c(n, data):
    k = data.draw(st.integers(1, n))
    vals = pass_at_k(n, np.arange(n + 1), k)
    assert np.all(np.diff(vals) >= -1e-12)


@pytest.mark.parametrize("n, c, k, match", [
    (5, 1, 6, "k must not exceed n"),
    (5, 6, 1, "c must not exceed n"),
    (5, -1, 1, "c must be >= 0"),
    (0, 0, 1, "n must be >= 1"),
    (5, 1, 0, "k must be >= 1"),
    (5, 1, 1.5, "k must contain integers"),
    (5, 1.5, 1, "c must contain integers"),
    (5, np.nan, 1, "c must not contain NaN"),
    ([], [], 1, "n must not be empty"),
    ([5, 5], [1, 2, 3], 1, "matching shapes"),
])
def test_pass_at_k_bad_input(n, c, k, match):
    with pytest.raises(ValueError, match=match):
        pass_at_k(n, c, k)


def test_pass_at_k_rejects_strings():
    with pytest.raises(TypeError, match="n must be numeric"):
        pass_at_k("10", 1, 1)


# ---------------------------------------------------------------- exact aggregates


KS = np.array([1.0, 3.0, 10.0, 100.0, 1e4, 1e6, 1e8])


def quad_reference(dist, k):
    """Plain quad reference on a few sub-intervals (independent of the module's log-p scheme)."""
    lo, hi = dist.support()
    f = lambda p: dist.pdf(p) * (1 - p) ** k  # noqa: E731
    pts = sorted({float(lo), *[min(float(hi), x / k) for x in (0.1, 1, 10)], float(hi)})
    return sum(integrate.quad(f, a, b, limit=500)[0] for a, b in zip(pts[:-1], pts[1:]) if b > a)


@pytest.mark.parametrize("a, b", [(0.15, 3.5), (0.4, 5.0), (1.0, 1.0), (2.0, 0.7)])
def test_beta_closed_form_matches_quadrature(a, b):
    dist = stats.beta(a, b)
    closed = expected_failure(dist, KS)
    quad = np.array([passk._quad_failure(passk.describe(dist), k) for k in KS])
    np.testing.assert_allclose(quad, closed, rtol=1e-8)
    np.testing.assert_allclose(closed, np.exp(special.betaln(a, b + KS) - special.betaln(a, b)), rtol=1e-12)


@pytest.mark.parametrize("c", [0.1, 0.8, 1.0])
def test_uniform_closed_form_matches_quadrature(c):
    dist = stats.uniform(0, c)
    closed = expected_failure(dist, KS)
    quad = np.array([passk._quad_failure(passk.describe(dist), k) for k in KS])
    np.testing.assert_allclose(quad, closed, rtol=1e-8)


@pytest.mark.parametrize("dist", [kumaraswamy(0.3, 3.0, 0.2), continuous_bernoulli(0.2),
                                  stats.loguniform(1e-3, 0.5), stats.beta(0.3, 5, scale=0.4)],
                         ids=["kumaraswamy", "cbernoulli", "loguniform", "scaled-beta"])
def test_quadrature_against_independent_reference(dist):
    ks = np.array([1.0, 5.0, 50.0, 500.0])
    np.testing.assert_allclose(expected_failure(dist, ks), [quad_reference(dist, k) for k in ks], rtol=1e-6)


def test_expected_failure_against_monte_carlo():
    rng = np.random.default_rng(0)
    dist = kumaraswamy(0.4, 3.0, 0.5)
    p = dist.rvs(200_000, random_state=rng)
    for k in (1, 10, 100):
        mc = np.mean((1 - p) ** k)
        se = np.std((1 - p) ** k) / np.sqrt(p.size)
        assert abs(expected_failure(dist, k) - mc) < 5 * se


def test_empirical_benchmark_is_exact_average():
    p = np.array([0.5, 0.1, 0.01, 0.001, 0.0001])
    ks = np.array([10, 1000, 10000])
    expected = np.array([np.mean((1 - p) ** k) for k in ks])
    np.testing.assert_allclose(expected_failure(p, ks), expected, rtol=1e-12)
    np.testing.assert_allclose(expected_pass_at_k(p, ks), 1 - expected, rtol=1e-12)


def test_neg_log_pass_is_accurate_when_failure_is_tiny():
    dist = stats.uniform(0, 1)
    k = 1e8
    assert neg_log_pass_at_k(dist, k) == pytest.approx(1 / (k + 1), rel=1e-9)


@settings(max_examples=40, deadline=None)
@given(a=st.floats(0.05, 3), b=st.floats(0.3, 8))
def test_aggregate_pass_monotone_in_k_and_bounded(a, b):
    vals = expected_pass_at_k(stats.beta(a, b), np.logspace(0, 6, 13))
    assert np.all((vals >= 0) & (vals <= 1))
    assert np.all(np.diff(vals) >= -1e-12)


# ---------------------------------------------------------------- tail law


@pytest.mark.parametrize("dist, C, b", [
    (stats.beta(0.3, 5), 1 / special.beta(0.3, 5), 0.3),
    (stats.beta(0.3, 5, scale=0.5), 0.5 ** -0.3 / special.beta(0.3, 5), 0.3),
    (stats.uniform(0, 0.2), 5.0, 1.0),
    (kumaraswamy(0.4, 3.5, 0.1), 0.4 * 3.5 * 0.1 ** -0.4, 0.4),
    (continuous_bernoulli(0.2), None, 1.0),
])
def test_tail_law_constants(dist, C, b):
    law = tail_law(dist)
    assert law.b == pytest.approx(b)
    # C is the limit of f(p) / p^(b-1) as p -> 0
    p = 1e-30 * dist.support()[1]
    assert law.C == pytest.approx(dist.pdf(p) / p ** (b - 1), rel=1e-6)
    if C is not None:
        assert law.C == pytest.approx(C, rel=1e-12)


@pytest.mark.parametrize("dist", [stats.beta(0.3, 5), kumaraswamy(0.4, 3.5, 0.1), stats.uniform(0, 0.3),
                                  continuous_bernoulli(0.3), stats.beta(0.7, 2, scale=0.5)],
                         ids=["beta", "kumaraswamy", "uniform", "cbernoulli", "scaled-beta"])
def test_asymptote_ratio_tends_to_one(dist):
    ks = np.array([1e2, 1e4, 1e6, 1e8])
    law = tail_law(dist)
    err = np.abs(law.neg_log_pass_at_k(ks) / neg_log_pass_at_k(dist, ks) - 1)
    assert err[-1] < 1e-2
    assert np.all(np.diff(err) <= 1e-12)  # the error shrinks as k grows


def test_tail_law_numeric_probe_for_other_families():
    dist = stats.truncexpon(b=1.0)  # support [0, 1], density finite and non-zero at 0: b = 1
    law = tail_law(dist)
    assert law.b == pytest.approx(1.0, abs=1e-6)
    assert law.C == pytest.approx(dist.pdf(0), rel=1e-6)


def test_reciprocal_has_no_power_law_tail():
    with pytest.raises(ValueError, match="no power-law left tail"):
        tail_law(stats.loguniform(1e-4, 0.5))


def test_gamma_prefactor():
    law = passk.TailLaw(C=2.0, b=0.5)
    assert law.prefactor == pytest.approx(2 * math.sqrt(math.pi))


# ---------------------------------------------------------------- half-life and bad input


def test_half_life():
    assert half_life(0.5) == pytest.approx(1.0)
    assert half_life(1e-4) == pytest.approx(math.log(2) / 1e-4, rel=1e-4)
    assert 1 - (1 - 0.01) ** half_life(0.01) == pytest.approx(0.5)
    with pytest.raises(ValueError, match="p must be > 0"):
        half_life(0.0)
    with pytest.raises(ValueError, match=r"p must lie in \[0, 1\]"):
        half_life(1.5)


@pytest.mark.parametrize("bad, exc, match", [
    ([0.1, 1.2], ValueError, r"dist must lie in \[0, 1\]"),
    ([0.1, -0.1], ValueError, r"dist must lie in \[0, 1\]"),
    ([0.1, np.nan], ValueError, "dist must not contain NaN"),
    ([], ValueError, "dist must not be empty"),
])
def test_expected_failure_rejects_bad_probabilities(bad, exc, match):
    with pytest.raises(exc, match=match):
        expected_failure(bad, 10)


def test_expected_failure_rejects_bad_k_and_dist():
    with pytest.raises(ValueError, match="k must be >= 1"):
        expected_failure(stats.beta(1, 1), 0.5)
    with pytest.raises(ValueError, match="k must not contain NaN"):
        expected_failure(stats.beta(1, 1), np.nan)
    with pytest.raises(ValueError, match="supported inside"):
        expected_failure(stats.norm(), 10)
    with pytest.raises(TypeError, match="frozen scipy.stats"):
        tail_law([0.1, 0.2])


def test_loguniform_asymptote_matches_quadrature_at_large_k():
    a, c = 1e-3, 0.5
    ks = np.array([1e4, 3e4, 1e5])
    ratio = passk.loguniform_failure_asymptote(a, c, ks) / expected_failure(stats.loguniform(a, c), ks)
    # the next-order correction is O(1 / (a k))
    assert np.all(np.abs(ratio - 1) < 2.0 / (a * ks))
    assert abs(ratio[-1] - 1) < abs(ratio[0] - 1)
    with pytest.raises(ValueError, match="c must lie in"):
        passk.loguniform_failure_asymptote(0.2, 0.1, 10)


@settings(max_examples=150, deadline=None)
@given(n=st.integers(1, 10**6), data=st.data())
def test_pass_at_k_against_50_digit_arithmetic(n, data):
    """Relative accuracy better than 5e-9 everywhere, including where pass@k is tiny (c*k << n)."""
    import mpmath
    c = data.draw(st.integers(0, min(n, 5000)))
    k = data.draw(st.integers(1, min(n, 5000)))
    with mpmath.workdps(50):
        exact = 1 - mpmath.binomial(n - c, k) / mpmath.binomial(n, k) if n - c >= k else mpmath.mpf(1)
    got = pass_at_k(n, c, k)
    if exact == 0:
        assert got == 0.0
    else:
        assert abs(got / float(exact) - 1) < 5e-9


# ---- exponential_residual ----------------------------------------------------------------------------------

def test_exponential_residual_is_small_where_the_estimator_matches_the_exponential():
    ks = np.array([1, 10, 100])
    r = passk.exponential_residual(10_000, 200, ks)
    assert np.all(np.abs(r) < 0.02)  # k = 100 is 1 % of n: the estimator's finite-n correction is ~1 %


def test_exponential_residual_masks_never_and_always_solved_problems():
    r = passk.exponential_residual(np.array([100, 100, 100]), np.array([0, 100, 10]), 5)
    assert np.isnan(r[0]) and np.isnan(r[1]) and np.isfinite(r[2])


@settings(max_examples=30, deadline=None)
@given(st.integers(1, 50), st.integers(500, 5000))
def test_exponential_residual_vanishes_at_k_equal_one(c, n):
    # at k = 1 the unbiased estimator is exactly c/n, the plug-in rate
    assert abs(passk.exponential_residual(n, c, 1)) < 1e-9
