"""Tests of heavytail.stopping: stop-at-first-success sampling (a stand-in for best-of-N jailbreaking)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from heavytail import estimators, stopping


def test_simulation_respects_the_budget_and_the_geometric_law():
    rng = np.random.default_rng(0)
    p = np.full(20_000, 0.01)
    a, s = stopping.simulate_stop_at_first_success(p, 50, rng)
    assert a.max() == 50 and set(np.unique(s)) <= {0, 1}
    # P(broken within 50) = 1 - 0.99^50
    assert abs(s.mean() - (1 - 0.99 ** 50)) < 0.01
    # impossible prompts are never broken
    a0, s0 = stopping.simulate_stop_at_first_success([0.0, 0.0], 7, rng)
    assert a0.tolist() == [7, 7] and s0.tolist() == [0, 0]


def test_fraction_broken_is_unbiased_and_the_naive_estimator_is_not():
    rng = np.random.default_rng(1)
    dist = stats.beta(0.5, 5.0)
    ks = np.array([1, 10, 100])
    truth = stopping.beta_geometric_pass_at_k(0.5, 5.0, ks)
    naive, first = [], []
    for _ in range(40):
        a, s = stopping.simulate_stop_at_first_success(dist.rvs(500, random_state=rng), 1000, rng)
        naive.append(stopping.naive_pass_at_k(a, s, ks))
        first.append(stopping.first_success_pass_at_k(a, s, ks))
    np.testing.assert_allclose(np.mean(first, axis=0), truth, rtol=0.03)
    assert np.mean(naive, axis=0)[0] > 1.5 * truth[0]


def test_beta_geometric_forecast_matches_the_expectation():
    k = np.array([1.0, 10.0, 1000.0])
    d = stats.beta(0.3, 3.0)
    expect = np.array([1 - d.expect(lambda p: (1 - p) ** kk) for kk in k])
    np.testing.assert_allclose(stopping.beta_geometric_pass_at_k(0.3, 3.0, k), expect, rtol=1e-6)


def test_censoring_aware_fit_recovers_alpha_and_equals_the_beta_binomial_fit():
    rng = np.random.default_rng(2)
    p = stats.beta(0.4, 3.0).rvs(2000, random_state=rng)
    a, s = stopping.simulate_stop_at_first_success(p, 5000, rng)
    fit = stopping.fit_beta_geometric(a, s)
    assert abs(fit["alpha"] - 0.4) < 0.05
    # likelihood principle: the beta-binomial likelihood of the same counts has the same maximiser
    bb = estimators.fit_distributional(a, s, family="beta", likelihood="exact", scale="one", n_boot=0)
    assert abs(bb.exponent - fit["alpha"]) < 1e-3


@settings(max_examples=20, deadline=None)
@given(st.lists(st.integers(1, 30), min_size=2, max_size=20), st.integers(0, 2**31 - 1))
def test_naive_estimate_is_at_least_the_fraction_broken(att, seed):
    rng = np.random.default_rng(seed)
    s = rng.integers(0, 2, len(att))
    a = np.array(att)
    a = np.where(s == 0, 30, a)  # never-broken prompts used the whole budget
    ks = np.arange(1, 31)
    assert np.all(stopping.naive_pass_at_k(a, s, ks) >= stopping.first_success_pass_at_k(a, s, ks) - 1e-12)


def test_bad_input():
    with pytest.raises(ValueError, match="successes"):
        stopping.naive_pass_at_k([3, 4], [2, 0], 1)
    with pytest.raises(ValueError, match="k must not exceed"):
        stopping.first_success_pass_at_k([3, 4], [1, 0], 5)
    with pytest.raises(ValueError, match="successes"):
        stopping.fit_beta_geometric([5, 5], [0, 0])
