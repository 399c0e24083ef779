"""Tests of heavytail.tails: closed forms, recovery of known exponents, bad input."""

import math
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from heavytail import tails as T


# ---------------------------------------------------------------- stable laws and the GCLT

def test_stable_tail_constant_cauchy_and_continuity():
    assert T.stable_tail_constant(1.0) == pytest.approx(2 / math.pi)
    # C_a is continuous at a = 1
    assert T.stable_tail_constant(1.0 + 1e-6) == pytest.approx(2 / math.pi, rel=1e-4)


def test_gclt_scale_student_t_one_is_standard_cauchy():
    assert T.gclt_scale(1.0, "t") == pytest.approx(1.0, rel=1e-12)


def test_stable_tail_constant_matches_scipy_tail():
    # P(|X| > x) ~ C_a x^-a for the unit-scale symmetric stable law
    a, x = 1.5, 200.0
    tail = 2 * stats.levy_stable.sf(x, a, 0.0)
    assert tail / (T.stable_tail_constant(a) * x ** -a) == pytest.approx(1.0, rel=0.02)


@pytest.mark.parametrize("a,dist", [(1.0, "pareto"), (1.5, "t"), (0.8, "pareto")])
def test_normalized_sums_converge_to_stable(a, dist):
    s = T.normalized_sums(a, 500, 3000, dist, seed=1)
    gx, gf = T.stable_cdf_grid(a)
    d_stable = T.ks_distance_to_cdf(s, gx, gf)
    d_normal = stats.kstest(s / s.std(), "norm").statistic
    assert d_stable < 0.03
    assert d_normal > 2 * d_stable


def test_normalized_sums_light_tail_is_gaussian():
    s = T.normalized_sums(4.0, 500, 3000, "t", seed=2)
    assert stats.kstest(s, "norm").statistic < 0.03


def test_normalized_sums_rejects_boundary():
    with pytest.raises(ValueError, match="a must differ from 2"):
        T.normalized_sums(2.0, 10, 10)


def test_ks_distance_exact_uniform():
    gx = np.linspace(0, 1, 11)
    assert T.ks_distance_to_cdf([0.5], gx, gx) == pytest.approx(0.5)


# ---------------------------------------------------------------- Pareto and 80:20

def test_pareto_8020_alpha():
    assert T.pareto_alpha_for_share(0.8, 0.2) == pytest.approx(math.log(5) / math.log(4))
    assert T.pareto_top_share(math.log(5) / math.log(4), 0.2) == pytest.approx(0.8)


@settings(max_examples=40, deadline=None)
@given(a=st.floats(1.01, 20), q=st.floats(0.01, 0.99))
def test_pareto_share_roundtrip(a, q):
    share = T.pareto_top_share(a, q)
    assert q <= share <= 1
    assert T.pareto_alpha_for_share(share, q) == pytest.approx(a, rel=1e-6)


def test_sample_top_share_converges_for_light_tail():
    x = T.pareto_rvs(3.0, 200_000, seed=3)
    assert T.sample_top_share(x, 0.2) == pytest.approx(T.pareto_top_share(3.0, 0.2), abs=0.01)


# ---------------------------------------------------------------- walks

def test_walk_shapes_and_step_tail():
    b = T.brownian_walk(100, seed=0)
    lf = T.levy_flight(20_000, 1.5, seed=0)
    assert b.shape == (101, 2) and lf.shape == (20_001, 2)
    steps = T.step_lengths(lf)
    assert steps.min() >= 1 - 1e-12
    assert T.fit_power_law(steps, xmin=1.0).alpha == pytest.approx(2.5, abs=0.05)


# ---------------------------------------------------------------- estimators

@pytest.mark.parametrize("alpha", [1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0])
def test_fit_power_law_recovers_alpha(alpha):
    x = T.pareto_rvs(alpha - 1, 4000, seed=int(alpha * 10))
    fit = T.fit_power_law(x)
    assert abs(fit.alpha - alpha) < 4 * (alpha - 1) / math.sqrt(fit.n_tail) + 0.02
    assert fit.xmin >= 1.0 and fit.n_tail <= 4000 and fit.ks < 0.05


def test_fit_power_law_finds_xmin_above_a_body():
    rng = np.random.default_rng(4)
    body = rng.uniform(0.1, 1.0, 3000)  # no power law below 1
    tail = T.pareto_rvs(2.0, 3000, seed=rng)  # density exponent 3 above 1
    fit = T.fit_power_law(np.concatenate([body, tail]))
    assert fit.xmin == pytest.approx(1.0, abs=0.3)
    assert fit.alpha == pytest.approx(3.0, abs=0.15)


def test_fit_power_law_fixed_xmin_is_closed_form():
    x = np.array([1.0, 2.0, 4.0, 8.0])
    fit = T.fit_power_law(x, xmin=1.0)
    assert fit.alpha == pytest.approx(1 + 4 / np.log(x).sum())
    assert fit.xmin_fixed and fit.n_tail == 4


def test_fit_agrees_with_powerlaw_package_when_uncapped():
    powerlaw = pytest.importorskip("powerlaw")
    x = T.pareto_rvs(3.0, 2000, seed=5)  # α = 4, above powerlaw's default cap of 3
    ours = T.fit_power_law(x, xmin=1.0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        capped = powerlaw.Fit(x, xmin=1.0, verbose=False).power_law.alpha
        free = powerlaw.Fit(x, xmin=1.0, verbose=False,
                            parameter_ranges={"alpha": [1.0, 20.0]}).power_law.alpha
    assert capped == pytest.approx(3.0, abs=1e-6)
    assert ours.alpha == pytest.approx(free, rel=1e-4)


@pytest.mark.parametrize("alpha", [1.5, 3.0, 6.0])
def test_hill_recovers_tail_index(alpha):
    x = T.pareto_rvs(alpha - 1, 20_000, seed=6)
    assert T.hill_estimator(x, 5000) == pytest.approx(alpha - 1, rel=0.06)


def test_hill_vectorized_matches_scalar():
    x = T.pareto_rvs(1.0, 500, seed=7)
    ks = np.array([10, 50, 200])
    np.testing.assert_allclose(T.hill_estimator(x, ks), [T.hill_estimator(x, int(k)) for k in ks])


def test_likelihood_ratio_signs():
    pl = T.fit_power_law(T.pareto_rvs(1.5, 5000, seed=8), xmin=1.0)
    assert pl.compare("exponential")["R"] > 0
    rng = np.random.default_rng(9)
    ex = T.fit_power_law(1.0 + rng.exponential(1.0, 5000), xmin=1.0)
    res = ex.compare("exponential")
    assert res["R"] < 0 and res["p"] < 0.01
    with pytest.raises(ValueError, match="alternative"):
        pl.compare("weibull")


# ---------------------------------------------------------------- best-k

def test_best_k_error_small_example():
    x = np.array([3.0, -4.0, 0.0])
    assert T.best_k_error(x, 0, relative=False) == pytest.approx(5.0)
    assert T.best_k_error(x, 1, relative=False) == pytest.approx(3.0)
    assert T.best_k_error(x, 3) == 0.0


@pytest.mark.parametrize("a", [0.7, 1.0, 1.5])
def test_best_k_rate_for_power_sequence(a):
    ks = np.array([100, 1000])
    err = T.best_k_error_power_sequence(a, 10**6, ks)
    slope = np.diff(np.log(err)) / np.diff(np.log(ks))
    assert slope[0] == pytest.approx(T.best_k_rate(a), abs=0.02)


@settings(max_examples=30, deadline=None)
@given(st.lists(st.floats(-1e3, 1e3), min_size=1, max_size=50))
def test_best_k_error_is_monotone(xs):
    x = np.array(xs)
    if not np.any(x):
        return
    err = T.best_k_error(x, np.arange(x.size + 1))
    assert np.all(np.diff(err) <= 1e-12) and err[0] == pytest.approx(1.0)


# ---------------------------------------------------------------- bad input

@pytest.mark.parametrize("bad,msg", [([], "x must not be empty"), ([1.0, np.nan, 2.0], "x must not contain NaN"),
                                     ([1.0, -2.0, 3.0], "x must contain only positive"),
                                     ([1.0, 0.0, 3.0], "x must contain only positive")])
def test_bad_input_fit_and_hill(bad, msg):
    with pytest.raises(ValueError, match=msg):
        T.fit_power_law(bad)
    with pytest.raises(ValueError, match=msg):
        T.hill_estimator(bad, 1)


def test_bad_parameters():
    with pytest.raises(ValueError, match="xmin"):
        T.fit_power_law([1.0, 2.0, 3.0], xmin=-1.0)
    with pytest.raises(ValueError, match="xmin"):
        T.fit_power_law([1.0, 2.0, 3.0], xmin=10.0)
    with pytest.raises(ValueError, match="k must be"):
        T.hill_estimator([1.0, 2.0, 3.0], 3)
    with pytest.raises(ValueError, match="a must be > 1"):
        T.pareto_top_share(0.9)
    with pytest.raises(ValueError, match="a must lie"):
        T.stable_tail_constant(2.5)
    with pytest.raises(ValueError, match="dist"):
        T.heavy_tailed_draws(1.5, 10, "cauchy")
    with pytest.raises(ValueError, match="x must be positive"):
        T.sample_top_share([1.0, -1.0])
    with pytest.raises(ValueError, match="ks must be"):
        T.best_k_error([1.0, 2.0], 3)
    with pytest.raises(TypeError, match="seed"):
        T.pareto_rvs(1.0, 3, seed="zero")


@settings(max_examples=15, deadline=None)
@given(scale=st.floats(1e-3, 1e3), seed=st.integers(0, 1000))
def test_fit_power_law_is_scale_invariant(scale, seed):
    x = T.pareto_rvs(1.5, 300, seed=seed)
    a, b = T.fit_power_law(x), T.fit_power_law(scale * x)
    assert b.alpha == pytest.approx(a.alpha, rel=1e-9)
    assert b.xmin == pytest.approx(scale * a.xmin, rel=1e-9)


def test_xmin_scan_minimum_is_the_fit():
    x = T.pareto_rvs(2.0, 1000, seed=11)
    xm, al, ks = T.xmin_scan(x)
    fit = T.fit_power_law(x)
    j = int(np.argmin(ks))
    assert xm[j] == fit.xmin and al[j] == pytest.approx(fit.alpha) and ks[j] == pytest.approx(fit.ks)


def test_ks_variant_matches_powerlaw_package():
    powerlaw = pytest.importorskip("powerlaw")
    x = T.pareto_rvs(1.2, 400, seed=13)
    ours = T.fit_power_law(x, ks="powerlaw")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ref = powerlaw.Fit(x, verbose=False, parameter_ranges={"alpha": [1.0, 20.0]})
    assert ours.xmin == pytest.approx(ref.xmin, rel=1e-12)
    assert ours.alpha == pytest.approx(ref.power_law.alpha, rel=1e-6)
    with pytest.raises(ValueError, match="ks must be"):
        T.fit_power_law(x, ks="kuiper")
