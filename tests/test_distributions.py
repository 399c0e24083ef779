"""Tests of heavytail.distributions: normalisation, cdf/ppf round trips, moments, seeds, bad input."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import integrate, special

from heavytail.distributions import continuous_bernoulli, kumaraswamy


@settings(max_examples=40, deadline=None)
@given(a=st.floats(0.1, 5), b=st.floats(0.2, 8), scale=st.floats(0.05, 1.0))
def test_kumaraswamy_is_a_distribution(a, b, scale):
    d = kumaraswamy(a, b, scale)
    q = np.linspace(0.01, 0.99, 25)
    # cdf(ppf(q)) round-trips to ~1e-6 even where x**a is within 1e-10 of 1 (a large, b small)
    np.testing.assert_allclose(d.cdf(d.ppf(q)), q, rtol=1e-6, atol=1e-12)
    assert d.support() == (0.0, scale)
    assert d.mean() == pytest.approx(scale * b * special.beta(1 + 1 / a, b), rel=1e-8)


@pytest.mark.parametrize("a, b", [(0.3, 3.0), (2.0, 5.0), (1.0, 1.0)])
def test_kumaraswamy_pdf_integrates_to_one(a, b):
    d = kumaraswamy(a, b, 0.5)
    assert integrate.quad(d.pdf, 0, 0.5, limit=200)[0] == pytest.approx(1.0, rel=1e-6)


@settings(max_examples=40, deadline=None)
@given(lam=st.floats(0.01, 0.99))
def test_continuous_bernoulli_is_a_distribution(lam):
    d = continuous_bernoulli(lam)
    assert integrate.quad(d.pdf, 0, 1)[0] == pytest.approx(1.0, rel=1e-8)
    q = np.linspace(0.01, 0.99, 25)
    np.testing.assert_allclose(d.cdf(d.ppf(q)), q, rtol=1e-8, atol=1e-12)


def test_continuous_bernoulli_near_half_is_uniform():
    d = continuous_bernoulli(0.5)
    np.testing.assert_allclose(d.pdf([0.1, 0.5, 0.9]), 1.0, rtol=1e-12)
    assert continuous_bernoulli(0.5 + 1e-9).cdf(0.3) == pytest.approx(0.3, abs=1e-7)


def test_rvs_are_seeded():
    d = kumaraswamy(0.4, 3.0, 0.2)
    np.testing.assert_array_equal(d.rvs(10, random_state=1), d.rvs(10, random_state=1))
    x = d.rvs(50_000, random_state=np.random.default_rng(0))
    assert np.all((x > 0) & (x < 0.2))
    assert x.mean() == pytest.approx(d.mean(), rel=0.03)


@pytest.mark.parametrize("kwargs, match", [
    (dict(a=0, b=1), "a must be > 0"),
    (dict(a=1, b=-1), "b must be > 0"),
    (dict(a=1, b=1, scale=0), r"scale must lie in \(0.0, 1.0\]"),
    (dict(a=1, b=1, scale=1.5), r"scale must lie in \(0.0, 1.0\]"),
    (dict(a=np.nan, b=1), "a must be finite"),
])
def test_kumaraswamy_bad_input(kwargs, match):
    with pytest.raises(ValueError, match=match):
        kumaraswamy(**kwargs)


@pytest.mark.parametrize("lam", [0.0, 1.0, -0.1, np.inf])
def test_continuous_bernoulli_bad_input(lam):
    with pytest.raises(ValueError, match="lam must lie in"):
        continuous_bernoulli(lam)
