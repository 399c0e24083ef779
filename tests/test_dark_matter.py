"""Tests of heavytail.dark_matter: the source's mixture of power laws and the book's sum of exponentials."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from heavytail import dark_matter


# ---- the source's form: a mixture of power laws
# -------------------------------------------------------------

def test_simulated_mixture_matches_its_closed_form():
    C = np.logspace(0, 12, 13)
    a = dark_matter.sample_exponents(0.3, 1.0, 0.5, 200_000, seed=0)
    np.testing.assert_allclose(
        dark_matter.power_law_mixture(a, C), dark_matter.mixture_loss(0.3, 1.0, 0.5, C), rtol=0.02
    )


def test_local_exponent_closed_form_matches_finite_differences():
    C = np.logspace(1, 10, 200)
    L = dark_matter.mixture_loss(0.2, 2.0, 0.3, C)
    fd = dark_matter.local_exponent(C, L)
    mid = np.sqrt(C[1:] * C[:-1])
    np.testing.assert_allclose(fd, dark_matter.mixture_local_exponent(0.2, 2.0, 0.3, mid), rtol=1e-3)


def test_local_exponent_starts_at_the_mean_and_creeps_to_alpha_min_like_nu_over_log_c():
    assert np.isclose(dark_matter.mixture_local_exponent(0.3, 2.0, 0.25, 1.0), 0.3 + 2.0 * 0.25)
    C = np.array([1e50, 1e100])
    excess = dark_matter.mixture_local_exponent(0.3, 2.0, 0.25, C) - 0.3
    np.testing.assert_allclose(excess * np.log(C), 2.0, rtol=0.05)


def test_compute_to_reach_is_where_the_local_exponent_hits_tol():
    for nu, theta, tol in [(1.0, 0.5, 0.05), (0.5, 2.0, 0.01), (2.0, 0.1, 0.1)]:
        lc = dark_matter.log10_compute_to_reach(nu, theta, tol)
        assert np.isclose(dark_matter.mixture_local_exponent(0.0, nu, theta, 10.0 ** lc), tol)
    # already within tol at C = 1
    assert dark_matter.log10_compute_to_reach(0.1, 0.1, 0.5) == 0.0


def test_power_law_mixture_weights_and_single_component():
    C = np.array([1.0, 10.0, 100.0])
    np.testing.assert_allclose(dark_matter.power_law_mixture([0.4], C), C ** -0.4)
    L = dark_matter.power_law_mixture([0.2, 1.0], C, weights=[1.0, 3.0])
    np.testing.assert_allclose(L, 0.25 * C ** -0.2 + 0.75 * C ** -1.0)
    with pytest.raises(ValueError, match="weights"):
        dark_matter.power_law_mixture([0.2, 1.0], C, weights=[1.0])
    with pytest.raises(ValueError, match="C must be >= 1"):
        dark_matter.power_law_mixture([0.2], [0.5])


@settings(max_examples=40, deadline=None)
@given(st.floats(0.0, 2.0), st.floats(0.1, 3.0), st.floats(0.05, 2.0), st.floats(0.0, 30.0))
def test_mixture_is_between_its_smallest_exponent_and_its_mean(alpha_min, nu, theta, logc):
    C = float(np.exp(logc))
    L = dark_matter.mixture_loss(alpha_min, nu, theta, C)
    # Jensen: E[C^-alpha] >= C^-E[alpha]; and alpha > alpha_min gives L <= C^-alpha_min
    assert L <= C ** -alpha_min * (1 + 1e-12)
    assert L >= C ** -(alpha_min + nu * theta) * (1 - 1e-12)
    le = dark_matter.mixture_local_exponent(alpha_min, nu, theta, C)
    assert alpha_min <= le <= alpha_min + nu * theta + 1e-12


# ---- the book's second mechanism: a sum of exponentials
# ------------------------------------------------------

def test_dark_matter_closed_forms():
    t = np.logspace(0, 4, 9)
    rates = dark_matter.sample_rates("gamma(0.3)", 200000, 0)
    np.testing.assert_allclose(
        dark_matter.aggregate_loss(rates, t), dark_matter.expected_loss("gamma(0.3)", t), rtol=0.05
    )
    # the gamma law has local exponent -> 0.3; the gap law's exponent grows without bound
    tt = np.logspace(3, 5, 5)
    assert np.allclose(
        dark_matter.local_exponent(tt, dark_matter.expected_loss("gamma(0.3)", tt)), 0.3, atol=0.01
    )
    tg = np.logspace(1, 3, 5)
    assert dark_matter.local_exponent(tg, dark_matter.expected_loss("uniform(0.01,1)", tg))[-1] > 3
    # the quadrature path agrees with sampling
    ln = dark_matter.sample_rates("lognormal", 200000, 1)
    np.testing.assert_allclose(dark_matter.aggregate_loss(ln, [1.0, 10.0]),
                               dark_matter.expected_loss("lognormal", [1.0, 10.0]), rtol=0.03)


def test_dark_matter_bad_input():
    with pytest.raises(ValueError, match="kind"):
        dark_matter.sample_rates("cauchy", 10)
    with pytest.raises(ValueError, match="rates"):
        dark_matter.aggregate_loss([-1.0], [1.0])
    with pytest.raises(ValueError, match="t must be"):
        dark_matter.expected_loss("gamma(0.3)", [-1.0])
    with pytest.raises(ValueError, match="same length"):
        dark_matter.local_exponent([1.0, 2.0], [1.0])
