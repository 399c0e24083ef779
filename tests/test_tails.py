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
    with pytest.warns(T.IntegerDataWarning):
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

@pytest.mark.parametrize("bad,msg", [([], "x must not be empty"),
                                     ([1.0, np.nan, 2.0], "x must not contain NaN"),
                                     ([1.0, -2.0, 3.0], "x must contain only positive"),
                                     ([1.0, 0.0, 3.0], "x must contain only positive")])
def test_bad_input_fit_and_hill(bad, msg):
    with pytest.raises(ValueError, match=msg):
        T.fit_power_law(bad)
    with pytest.raises(ValueError, match=msg):
        T.hill_estimator(bad, 1)


@pytest.mark.filterwarnings("ignore::heavytail.tails.IntegerDataWarning")
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


# ---------------------------------------------------------------- discrete likelihood

def test_discrete_mle_is_the_likelihood_maximum():
    from scipy import optimize, special
    x = T.power_law_rvs(2.3, 3, 4000, discrete=True, seed=20)
    fit = T.fit_power_law(x, xmin=3, discrete=True)
    tail = x[x >= 3]
    res = optimize.minimize_scalar(lambda a: a * np.log(tail).sum() + tail.size * np.log(special.zeta(a, 3)),
                                   bounds=(1.2, 4.0), method="bounded", options=dict(xatol=1e-12))
    assert fit.alpha == pytest.approx(res.x, abs=1e-7)
    assert fit.discrete and fit.n_tail == tail.size
    assert fit.loglik().sum() == pytest.approx(-res.fun, rel=1e-10)


@pytest.mark.parametrize("alpha,xmin", [(1.7, 1), (2.5, 1), (3.0, 5)])
def test_discrete_fit_recovers_alpha_where_continuous_is_biased(alpha, xmin):
    x = T.power_law_rvs(alpha, xmin, 20_000, discrete=True, seed=int(10 * alpha) + xmin)
    fit = T.fit_power_law(x, xmin=xmin, discrete=True)
    assert abs(fit.alpha - alpha) < 4 * fit.sigma
    with pytest.warns(T.IntegerDataWarning, match="discrete=True"):
        cont = T.fit_power_law(x, xmin=xmin)
    # the continuous MLE is far off on integers at small x_min
    assert abs(cont.alpha - alpha) > 10 * fit.sigma


def test_integer_warning_only_for_continuous_fits_of_integers():
    x = T.power_law_rvs(2.5, 1, 500, discrete=True, seed=21)
    with warnings.catch_warnings():
        warnings.simplefilter("error", T.IntegerDataWarning)
        T.fit_power_law(x, discrete=True)
        T.fit_power_law(x + 0.5)
        # above 2**52 every double is a whole number, so integrality says nothing about the data: the
        # eigenvalues of a mu = 0.5 heavy-tailed matrix are continuous but can all lie up there (Part I 04)
        T.fit_power_law(T.power_law_rvs(1.5, 2.0 ** 60, 500, seed=22))
    assert issubclass(T.IntegerDataWarning, UserWarning)
    with pytest.raises(ValueError, match="x must hold integers when discrete=True"):
        T.fit_power_law(x + 0.5, discrete=True)
    with pytest.raises(ValueError, match="xmin must be an integer"):
        T.fit_power_law(x, xmin=2.5, discrete=True)
    with pytest.raises(ValueError, match="ks must be 'exact' for discrete"):
        T.fit_power_law(x, discrete=True, ks="powerlaw")


def test_discrete_sampler_is_exact():
    from scipy import special
    x = T._DiscreteSampler(2.5, 3, table=40)(200_000, np.random.default_rng(22))
    z = special.zeta(2.5, 3)
    for v in [3, 4, 7, 20]:
        assert (x == v).mean() == pytest.approx(v ** -2.5 / z, rel=0.05)
    for v in [30, 43, 100]:  # beyond the table: the zeta-corrected path
        assert (x >= v).mean() == pytest.approx(special.zeta(2.5, v) / z, rel=0.1)
    assert (x == np.round(x)).all() and x.min() >= 3


@pytest.mark.parametrize("discrete", [False, True])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_branch_and_bound_finds_the_full_scan_minimum(discrete, seed):
    rng = np.random.default_rng(seed)
    if discrete:
        x = np.concatenate([rng.integers(1, 6, 600), T.power_law_rvs(2.2, 6, 1500, discrete=True, seed=rng)])
    else:
        x = np.concatenate([rng.uniform(0.1, 1, 800), T.pareto_rvs(1.3, 5000, seed=rng)])
    for ks in (["exact"] if discrete else ["exact", "powerlaw"]):
        xm, al, d = T.xmin_scan(x, discrete=discrete, ks=ks)
        fit = T.fit_power_law(x, discrete=discrete, ks=ks)
        j = int(np.argmin(d))
        assert fit.xmin == xm[j] and fit.ks == pytest.approx(d[j], rel=1e-12) and fit.alpha == al[j]


def test_discrete_ks_compares_cdfs_at_every_integer():
    from scipy import special
    x = np.array([1, 1, 2, 4, 4, 4, 9, 30] * 5, float)
    fit = T.fit_power_law(x, xmin=1, discrete=True)
    grid = np.arange(1, 200)
    emp = np.array([(x <= g).mean() for g in grid])
    model = 1 - special.zeta(fit.alpha, grid + 1) / special.zeta(fit.alpha, 1)
    assert fit.ks == pytest.approx(np.abs(emp - model).max(), rel=1e-9)


# ---------------------------------------------------------------- goodness of fit, uncertainty

def test_goodness_of_fit_accepts_power_law_and_rejects_exponential():
    # p is uniform under the null; this seed is a typical one
    pl = T.fit_power_law(T.pareto_rvs(1.5, 1500, seed=34))
    assert T.goodness_of_fit(pl, n_boot=40, seed=1)["p"] > 0.1
    rng = np.random.default_rng(31)
    ex = T.fit_power_law(1.0 + rng.exponential(1.0, 3000), xmin=1.0)
    res = T.goodness_of_fit(ex, n_boot=40, seed=2)
    assert res["p"] == 0.0 and res["ks_boot"].shape == (40,)


def test_goodness_of_fit_discrete_and_reproducible():
    fit = T.fit_power_law(T.power_law_rvs(2.2, 2, 1500, discrete=True, seed=32), discrete=True)
    a = T.goodness_of_fit(fit, n_boot=30, seed=3)
    b = T.goodness_of_fit(fit, n_boot=30, seed=3)
    assert a["p"] == b["p"] > 0.1


def test_bootstrap_uncertainty_matches_asymptotic_error_at_fixed_xmin():
    fit = T.fit_power_law(T.pareto_rvs(1.5, 2000, seed=33), xmin=1.0)
    u = T.bootstrap_uncertainty(fit, n_boot=200, seed=4)
    assert u["alpha_se"] == pytest.approx(fit.sigma, rel=0.25)
    assert u["xmin_se"] == 0.0 and u["n_tail_se"] == 0.0


# ---------------------------------------------------------------- alternatives and verdicts

@pytest.mark.parametrize("alt", ["lognormal", "stretched_exponential", "truncated_power_law", "exponential"])
def test_discrete_alternatives_are_normalized(alt):
    from scipy import special
    x = T.power_law_rvs(2.0, 3, 800, discrete=True, seed=40)
    fit = T.fit_power_law(x, xmin=3, discrete=True)
    ll, params = T._fit_alternative(fit.tail, fit.xmin, True, alt, fit.alpha)
    # rebuild the pmf on a long integer grid from the pointwise log-likelihood's constant
    grid = np.arange(3, 3_000_000, dtype=float)
    if alt == "lognormal":
        mu, s = params["mu"], params["sigma"]
        logf = -np.log(grid) - 0.5 * ((np.log(grid) - mu) / s) ** 2
        c = ll[0] - (-np.log(fit.tail[0]) - 0.5 * ((np.log(fit.tail[0]) - mu) / s) ** 2)
    elif alt == "stretched_exponential":
        b, lam = params["beta"], params["rate"]
        logf = (b - 1) * np.log(grid) - lam * grid ** b
        c = ll[0] - ((b - 1) * np.log(fit.tail[0]) - lam * fit.tail[0] ** b)
    elif alt == "truncated_power_law":
        a, lam = params["alpha"], params["rate"]
        logf = -a * np.log(grid) - lam * grid
        c = ll[0] - (-a * np.log(fit.tail[0]) - lam * fit.tail[0])
    else:
        lam = params["rate"]
        logf = -lam * grid
        c = ll[0] + lam * fit.tail[0]
    total = np.exp(logf + c).sum()
    if alt == "truncated_power_law" and params["rate"] < 1e-5:  # nearly a pure power law: add the zeta tail
        total += np.exp(c) * special.zeta(params["alpha"], grid[-1] + 1)
    assert total == pytest.approx(1.0, abs=2e-3)


def test_cutoff_is_detected_and_nested_p_value_is_wilks():
    rng = np.random.default_rng(41)
    x = T.pareto_rvs(0.5, 200_000, seed=rng)
    x = x[rng.random(x.size) < np.exp(-x / 50.0)]  # thin a power law with an exponential cut-off at 50
    fit = T.fit_power_law(x, xmin=1.0)
    res = fit.compare("truncated_power_law")
    assert res["nested"] and res["llr"] < 0 and res["p"] < 1e-6
    assert res["params"]["rate"] == pytest.approx(1 / 50.0, rel=0.2)
    half = T.compare_tail_models(fit, "truncated_power_law", boundary=True)
    assert half["p"] == pytest.approx(res["p"] / 2)
    pure = T.fit_power_law(T.pareto_rvs(1.5, 3000, seed=42), xmin=1.0).compare("truncated_power_law")
    assert pure["llr"] <= 0 and pure["p"] == pytest.approx(stats.chi2.sf(-2 * pure["llr"], 1))


def test_verdict_reproduces_csn_tables_6_2_and_6_3():
    # Tables 6.2 (continuous data sets) and 6.3 (words, terrorism); values checked against the sources
    # listed in the CSN_PUBLISHED docstring
    for name, pub in T.CSN_PUBLISHED.items():
        assert T.csn_verdict(pub["p"], pub["lr"]) == pub["verdict"], name


def test_verdict_rules():
    ok = {"lognormal": (0.5, 0.6), "exponential": (5.0, 0.0)}
    assert T.csn_verdict(0.5, ok) == "good"
    assert T.csn_verdict(0.05, ok) == "none"
    assert T.csn_verdict(0.5, {**ok, "lognormal": (-0.5, 0.6)}) == "moderate"
    assert T.csn_verdict(0.5, {**ok, "lognormal": (-3.0, 0.01)}) == "none"
    assert T.csn_verdict(0.0, {**ok, "truncated_power_law": (-5.0, 0.001)}) == "with cut-off"
    fit = T.fit_power_law(T.pareto_rvs(1.5, 500, seed=43), xmin=1.0)
    results = [fit.compare(a) for a in T.ALTERNATIVES]
    assert T.csn_verdict(0.5, results) in ("good", "moderate")


# ------------------------------------------------------------ real data: CSN 2009 Tables 6.1, 6.2, 6.3

def _csn(name):
    pub = T.CSN_PUBLISHED[name]
    x = T.csn_dataset(name) * pub["factor"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", T.IntegerDataWarning)  # CSN fit cities and flares as continuous
        # CSN's own code (plfit) uses the left-limit KS variant for continuous data
        ks = "exact" if pub["discrete"] else "powerlaw"
        return pub, T.fit_power_law(x, discrete=pub["discrete"], ks=ks)


@pytest.mark.parametrize("name", list(T.CSN_PUBLISHED))
def test_fit_reproduces_csn_table_6_1(name):
    pub, fit = _csn(name)
    assert fit.n == pub["n"]
    assert fit.xmin == pytest.approx(pub["xmin"], rel=5e-3)
    assert fit.n_tail == pub["n_tail"]
    digits = len(str(pub["alpha"]).split(".")[1])  # as many decimals as the table prints
    assert round(fit.alpha, digits) == pytest.approx(pub["alpha"], abs=1e-9)


# Where our maximum-likelihood alternative reaches a higher likelihood than CSN's, or their discrete
# lognormal differs, we check the sign/significance only; everything else to the printed precision.
# Blackouts against the exponential: the published (1.21, 0.23) is confirmed as printed, but we, the
# powerlaw package (1.43, 0.15; its testing/test_reference_data.py) and poweRlaw/Shalizi's R code
# (powerlaw-devs/powerlaw PR 17) all get a different value, so only the conclusion (p > 0.1) is checked.
LR_LOOSE = {("words", "lognormal"), ("blackouts", "exponential"), ("words", "stretched_exponential"),
            ("terrorism", "stretched_exponential"), ("cities", "stretched_exponential"),
            ("flares", "stretched_exponential")}


@pytest.mark.parametrize("name", ["blackouts", "cities", "fires", "flares", "surnames", "terrorism", "words",
                                  "quakes"])
def test_likelihood_ratios_reproduce_csn_tables_6_2_and_6_3(name):
    pub, fit = _csn(name)
    for alt, (r_pub, p_pub) in pub["lr"].items():
        res = fit.compare(alt)
        r = res["llr"] if res["nested"] else res["R"]
        if (name, alt) in LR_LOOSE:
            if alt == "stretched_exponential":  # our fit of the alternative is at least as good as theirs
                assert r <= r_pub + 0.05, (name, alt, r, r_pub)
            else:  # same conclusion: significant or not at CSN's 0.1
                assert (res["p"] > 0.1) == (p_pub > 0.1), (name, alt, res["p"], p_pub)
            continue
        tol = max(0.02 * abs(r_pub), 0.01)
        if name == "quakes" or alt == "exponential":
            # exponential fits are closed form; the differences come from rounding
            tol = max(0.02 * abs(r_pub), 0.05)
        assert r == pytest.approx(r_pub, abs=tol), (name, alt, r, r_pub)
        assert res["p"] == pytest.approx(p_pub, abs=0.015), (name, alt, res["p"], p_pub)


def test_docstring_examples_run():
    import doctest

    res = doctest.testmod(T, optionflags=doctest.ELLIPSIS)
    assert res.failed == 0 and res.attempted > 30


@pytest.mark.parametrize("name", ["quakes", "surnames", "flares", "fires", "blackouts"])
def test_exact_ks_also_reproduces_csn_where_powerlaw_package_does_not_always(name):
    # quakes and surnames have many ties; powerlaw 2.0 finds another x_min there (its reference tests say so)
    pub = T.CSN_PUBLISHED[name]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", T.IntegerDataWarning)
        fit = T.fit_power_law(T.csn_dataset(name) * pub["factor"])
    assert fit.xmin == pytest.approx(pub["xmin"], rel=5e-3) and fit.n_tail == pub["n_tail"]
