"""Tests of heavytail.stable: one-sided stable limits of positive heavy-tailed sums."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import special, stats

from heavytail import stable


def test_levy_sums_converge_to_the_parameter_free_levy_law():
    s = stable.one_sided_sums(0.5, 300, 20_000, seed=0)
    d = stats.kstest(s, stable.one_sided_limit(0.5).cdf).statistic
    assert d < 0.02
    # and not to a Gaussian with the same median and IQR
    q25, q50, q75 = np.percentile(s, [25, 50, 75])
    g = stats.norm(q50, (q75 - q25) / (2 * stats.norm.ppf(0.75)))
    assert stats.kstest(s, g.cdf).statistic > 0.2


def test_levy_limit_has_the_right_laplace_transform():
    # E exp(-s S) = exp(-Gamma(1/2) sqrt(s)) for the limit of sums of Pareto(1/2)
    d = stable.one_sided_limit(0.5)
    for s in (0.1, 1.0, 3.0):
        val = d.expect(lambda x: np.exp(-s * x))
        assert np.isclose(val, np.exp(-special.gamma(0.5) * np.sqrt(s)), rtol=1e-4)


def test_general_index_matches_levy_at_one_half():
    # the levy_stable parametrisation used for a != 1/2 reduces to the Levy law at a = 1/2
    sigma = (special.gamma(0.5) * np.cos(np.pi / 4)) ** 2
    x = np.array([0.5, 2.0, 10.0])
    np.testing.assert_allclose(stats.levy_stable(0.5, 1.0, scale=sigma).cdf(x),
                               stable.one_sided_limit(0.5).cdf(x), rtol=1e-6)


@settings(max_examples=15, deadline=None)
@given(st.floats(0.2, 0.9), st.integers(1, 50), st.integers(0, 2**31 - 1))
def test_sums_are_positive_and_seeded(a, n, seed):
    s1 = stable.one_sided_sums(a, n, 50, seed=seed)
    s2 = stable.one_sided_sums(a, n, 50, seed=seed)
    assert np.all(s1 > 0) and np.array_equal(s1, s2)
    # each draw is >= 1, so the sum is >= n and the normalized sum >= n^(1 - 1/a)
    assert np.all(s1 >= n ** (1 - 1 / a) * (1 - 1e-12))


def test_bad_index_is_rejected():
    with pytest.raises(ValueError, match=r"\ba\b"):
        stable.one_sided_limit(1.0)
    with pytest.raises(ValueError, match=r"\ba\b"):
        stable.one_sided_sums(1.5, 10, 10)
