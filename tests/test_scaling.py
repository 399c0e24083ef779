"""The power-law helpers every part shares (heavytail.scaling)."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from heavytail import ciphers, composition, quanta, scaling


@given(st.floats(-3, 3), st.floats(0.1, 100))
def test_loglog_slope_recovers_an_exact_power_law(slope, prefactor):
    x = np.logspace(0, 4, 9)
    fit = scaling.loglog_slope(x, prefactor * x**slope)
    assert fit.slope == pytest.approx(slope, abs=1e-9)
    assert 10**fit.intercept == pytest.approx(prefactor, rel=1e-9)
    s, b = fit  # a tuple, as quanta.power_law_slope returned
    assert (s, b) == (fit.slope, fit.intercept)


def test_one_home_for_slopes_and_zipf_frequencies():
    assert quanta.power_law_slope is scaling.loglog_slope
    p = scaling.zipf_frequencies(50, 1.5)
    np.testing.assert_allclose(p, np.arange(1, 51) ** -1.5 / np.sum(np.arange(1, 51) ** -1.5))
    np.testing.assert_array_equal(composition.zipf_frequencies(50, 1.5), p)
    np.testing.assert_array_equal(quanta.zipf_frequencies(50, 1.5), p)
    # the ciphers' shifts: the same law over a seeded ranking of the shifts
    freqs = ciphers.shift_frequencies(1.5, seed=0)
    np.testing.assert_allclose(np.sort(freqs)[::-1], scaling.zipf_frequencies(ciphers.N_SHIFTS, 1.5))
    assert np.argmax(freqs) == ciphers.shift_ranking(0)[0] - 1
    np.testing.assert_allclose(scaling.zipf_frequencies(4, 0.0), 0.25)


def test_bad_input_names_the_argument():
    with pytest.raises(ValueError, match="x and y"):
        scaling.loglog_slope([1.0, 2.0], [1.0, -1.0])
    with pytest.raises(ValueError, match="n must be >= 1"):
        scaling.zipf_frequencies(0, 1.0)
    with pytest.raises(ValueError, match="exponent"):
        scaling.zipf_frequencies(3, -1.0)


def test_loglog_slope_in_natural_logs_is_the_inline_polyfit_to_the_last_bit():
    rng = np.random.default_rng(0)
    x = np.sort(rng.uniform(1, 1e4, 30))
    y = 3.0 * x ** -0.4 * rng.lognormal(0, 0.3, 30)
    slope, icept = np.polyfit(np.log(x), np.log(y), 1)
    assert scaling.loglog_slope(x, y, base=np.e) == (float(slope), float(icept))
    ten = scaling.loglog_slope(x, y)
    assert ten.slope == pytest.approx(slope, rel=1e-12)
    assert ten.intercept == pytest.approx(icept / np.log(10), rel=1e-12)
    three = scaling.loglog_slope(x, y, base=3.0)
    assert three.slope == pytest.approx(slope, rel=1e-12) and 3 ** three.intercept == pytest.approx(
        np.exp(icept), rel=1e-12)


@pytest.mark.parametrize("base", [0.0, -2.0, 1.0, np.inf, np.nan])
def test_loglog_slope_rejects_a_bad_base(base):
    with pytest.raises(ValueError, match="base"):
        scaling.loglog_slope([1.0, 2.0], [1.0, 2.0], base=base)
