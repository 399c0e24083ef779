"""Tests of heavytail.estimators: every option recovers a known exponent, closed forms agree, bad input
fails."""

import numpy as np
import pytest
from scipy import special, stats

from heavytail import estimators as E
from heavytail import passk
from heavytail.distributions import kumaraswamy


def _bench(dist, P=800, N=2000, seed=0):
    rng = np.random.default_rng(seed)
    p = dist.rvs(size=P, random_state=rng)
    return np.full(P, N), rng.binomial(N, p)


@pytest.fixture(scope="module")
def beta_bench():
    return _bench(stats.beta(0.3, 3.0, scale=0.5))


@pytest.fixture(scope="module")
def kum_bench():
    return _bench(kumaraswamy(0.3, 3.0, scale=0.5), seed=1)


def test_quadrature_matches_beta_binomial_closed_form():
    rng = np.random.default_rng(0)
    n = rng.integers(10, 5000, 50)
    c = rng.binomial(n, rng.beta(0.3, 3, 50))
    nodes = E._make_nodes(n, c)
    a, b = 0.3, 3.0
    quad = E._marginals("beta", a, b, 1.0, nodes) / (n + 1)
    logbinom = special.gammaln(n + 1) - special.gammaln(c + 1) - special.gammaln(n - c + 1)
    exact = np.exp(special.betaln(c + a, n - c + b) - special.betaln(a, b) + logbinom)
    np.testing.assert_allclose(quad, exact, rtol=1e-6)
    # the posterior failure probability averaged over problems (what the forecast uses): quadrature vs closed
    # form
    for k in (100.0, 5000.0, 1e6):
        num = E._marginals("beta", a, b, 1.0, nodes, k) / (n + 1)
        exact_num = np.exp(special.betaln(c + a, n - c + b + k) - special.betaln(a, b) + logbinom)
        np.testing.assert_allclose((num / quad).mean(), (exact_num / exact).mean(), rtol=1e-4)


@pytest.mark.parametrize(
    "likelihood, scale",
    [
        ("exact", "fixed"),
        ("exact", "fitted"),
        ("discretized", "fixed"),
        ("discretized", "fitted"),
        ("exact", 0.5),
    ],
)
@pytest.mark.parametrize("family", ["beta", "kumaraswamy"])
def test_distributional_recovers_exponent(beta_bench, kum_bench, family, likelihood, scale):
    n, c = beta_bench if family == "beta" else kum_bench
    f = E.fit_distributional(n, c, family=family, likelihood=likelihood, scale=scale, n_boot=0)
    tol = 0.08 if likelihood == "exact" else 0.12
    assert abs(f.exponent - 0.3) < tol, (f.method, f.exponent)
    assert f.dist is not None and f.prefactor > 0


def test_beta_binomial_scale_one_and_posterior():
    n, c = _bench(stats.beta(0.4, 5.0), P=1500, N=500, seed=3)
    f = E.fit_distributional(n, c, family="beta", scale="one", n_boot=0)
    assert abs(f.exponent - 0.4) < 0.06
    # the prior forecast is the exact aggregate of the fitted law
    assert np.isclose(f.neg_log_pass_at_k(1e4), passk.neg_log_pass_at_k(f.dist, 1e4))
    g = E.fit_distributional(n, c, family="beta", scale="one", forecast="posterior", n_boot=0)
    # for k <= n the posterior forecast is close to the measured curve
    measured = -np.log(passk.pass_at_k(n, c, 100).mean())
    assert abs(g.neg_log_pass_at_k(100) / measured - 1) < 0.05
    # k >> n: finite, positive, decreasing
    y = g.neg_log_pass_at_k([1e4, 1e6, 1e8])
    assert np.all(y > 0) and np.all(np.diff(y) < 0)


def test_posterior_quadrature_matches_closed_form_path():
    n, c = _bench(stats.beta(0.3, 3.0), P=300, N=200, seed=5)
    closed = E.fit_distributional(n, c, family="beta", scale="one", forecast="posterior", n_boot=0)
    a, b = closed.params["alpha"], closed.params["beta"]
    nodes = E._make_nodes(n, c)
    fc = E._posterior_forecast("beta", a, b, 0.999999999, nodes, n, c)
    np.testing.assert_allclose(fc(np.array([1e3, 1e5])), closed.neg_log_pass_at_k([1e3, 1e5]), rtol=1e-3)


def test_fixed_alpha_and_ls_prior():
    n, c = _bench(stats.beta(0.3, 3.0), P=500, N=300, seed=2)
    f = E.fit_distributional(n, c, scale="one", alpha=0.25, n_boot=0)
    assert f.exponent == 0.25
    g = E.fit(n, c, method="ls_tail_posterior", n_boot=0)
    assert np.isclose(g.exponent, E.fit_least_squares(n, c, n_boot=0).exponent)


def test_least_squares_on_exact_power_law():
    # a huge benchmark from Beta(0.3, 3): the line fit at large k approaches alpha
    n, c = _bench(stats.beta(0.3, 3.0), P=4000, N=10000, seed=4)
    f = E.fit_least_squares(n, c, ks=E.default_ks(10000)[20:], n_boot=0)
    assert abs(f.exponent - 0.3) < 0.05
    y = f.neg_log_pass_at_k([10.0, 1e6])
    assert np.isclose(y[0], f.prefactor * 10 ** -f.exponent)


def test_unequal_n():
    rng = np.random.default_rng(6)
    p = stats.beta(0.3, 3.0).rvs(size=1000, random_state=rng)
    n = rng.choice([500, 1000, 2000], size=1000)
    c = rng.binomial(n, p)
    for f in (E.fit_least_squares(n, c, n_boot=0),
              E.fit_distributional(n, c, family="beta", scale="one", n_boot=0),
              E.fit_distributional(n, c, family="kumaraswamy", likelihood="discretized", n_boot=0)):
        assert abs(f.exponent - 0.3) < 0.12, f.method


def test_interval_contains_point_and_is_seeded(beta_bench):
    n, c = beta_bench
    n, c = n[:300], c[:300]
    f = E.fit(n, c, n_boot=50, seed=1)
    lo, hi = f.interval(1e4, level=0.9)
    assert lo < f.neg_log_pass_at_k(1e4) < hi
    lo2, hi2 = E.fit(n, c, n_boot=50, seed=1).interval(1e4, level=0.9)
    assert (lo, hi) == (lo2, hi2)
    lo_k, hi_k = f.interval([10, 1e4])
    assert lo_k.shape == (2,)
    e_lo, e_hi = f.exponent_interval()
    assert e_lo < f.exponent < e_hi
    g = E.fit_distributional(n, c, family="beta", scale="one", n_boot=20)
    glo, ghi = g.interval(1e4)
    assert glo <= ghi


def test_fit_methods_and_recommended():
    n, c = _bench(stats.beta(0.3, 3.0), P=200, N=200, seed=7)
    assert E.fit(n, c, n_boot=0).method == E.fit(n, c, method=E.RECOMMENDED, n_boot=0).method
    for m in E.METHODS:
        f = E.fit(n, c, method=m, n_boot=0)
        assert np.isfinite(f.exponent) and np.isfinite(f.neg_log_pass_at_k(1e5))


def test_target_neg_log_pass():
    assert np.isclose(E.target_neg_log_pass([10, 10], [0, 5], 10), np.log(2))
    with pytest.raises(ValueError, match="infinite"):
        E.target_neg_log_pass([10, 10], [0, 0], 10)


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: E.fit_least_squares([10, 10], [0, 0]), "at least one success"),
        (lambda: E.fit_least_squares([10, 10], [11, 0]), "must not exceed"),
        (lambda: E.fit_least_squares([10, 10], [1, 2], ks=[1, 20]), "ks must not exceed"),
        (lambda: E.fit_least_squares([10, 10], [1, 2], ks=[3]), "at least two"),
        (lambda: E.fit_least_squares([10, 10], [10, 10]), "every problem is solved"),
        (lambda: E.fit_distributional([10, 10], [1, 2], family="gamma"), "family"),
        (lambda: E.fit_distributional([10, 10], [1, 2], likelihood="x"), "likelihood"),
        (lambda: E.fit_distributional([10, 10], [1, 2], scale="big"), "scale"),
        (lambda: E.fit_distributional([10, 10], [1, 2], scale=1.5), "scale"),
        (lambda: E.fit_distributional([10, 10], [1, 2], forecast="x"), "forecast"),
        (lambda: E.fit_distributional([10, 10], [1, 2], bins_per_decade=0), "bins_per_decade"),
        (lambda: E.fit_distributional([10, 10], [1, 2], alpha=-1), "alpha"),
        (
            lambda: E.fit_distributional([10, 10], [1, 5], likelihood="discretized", scale=0.1),
            "below the largest",
        ),
        (lambda: E.fit([10, 10], [1, 2], method="magic"), "method"),
        (lambda: E.fit([10, 10], [1, 2], n_boot=-1), "n_boot"),
        (lambda: E.fit([10.5, 10], [1, 2]), "integers"),
    ],
)
def test_bad_input(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_bad_k_and_level():
    f = E.fit([100] * 20, list(range(20)), n_boot=5)
    with pytest.raises(ValueError, match="k must be >= 1"):
        f.neg_log_pass_at_k(0.5)
    with pytest.raises(ValueError, match="level"):
        f.interval(100, level=1.5)
    with pytest.raises(TypeError):
        f.neg_log_pass_at_k("many")


def test_bins_per_decade_changes_binning_not_answer(beta_bench):
    n, c = beta_bench
    coarse = E.fit_distributional(n, c, likelihood="discretized", bins_per_decade=1, n_boot=0)
    fine = E.fit_distributional(n, c, likelihood="discretized", bins_per_decade=5, n_boot=0)
    assert coarse.params["nll"] != fine.params["nll"]
    assert abs(coarse.exponent - 0.3) < 0.15 and abs(fine.exponent - 0.3) < 0.12
    assert E._bins(np.array([1000]), 2).size == 7  # 3 decades x 2 bins + 1 edge


def test_pass_at_k_fit_takes_keywords_only():
    with pytest.raises(TypeError):
        E.PassAtKFit("x", 0.3, 1.0, {}, np.array([10]), np.array([1]))


def test_paper_bins_follow_the_authors_code():
    e = E._paper_beta_edges(100)
    assert e[0] == 0.0 and e.size == 1 + 10 and np.isclose(e[1], 0.01) and e[-1] == 1.0
    e = E._paper_beta_edges(1000)
    assert e.size == 1 + 100
    k = E._paper_kumaraswamy_edges(100)
    assert np.allclose(k[:3], [0.0, 0.005, 0.01]) and k.size == 2 + 11 and k[-1] == 1.0
    assert E._paper_kumaraswamy_edges(300).size == 2 + 11  # 5 * int(log10 300) + 1
    assert list(E.PAPER_K_GRID[:3]) == [1, 2, 4] and E.PAPER_K_GRID[-1] == 10_000


@pytest.mark.parametrize("variant", E.PAPER_VARIANTS)
def test_paper_estimators_recover_alpha_in_their_own_family(variant):
    fam = stats.beta(0.3, 3.0, scale=0.5) if "beta" in variant else kumaraswamy(0.3, 3.0, scale=0.5)
    n, c = _bench(fam, P=2000, N=10_000, seed=3)
    f = E.fit_paper(n, c, variant, n_boot=0)
    assert f.method == f"paper_{variant}" and 0.01 <= f.params["alpha"] <= 100
    assert abs(f.params["alpha"] - 0.3) < 0.1
    if variant.startswith("discretized"):
        assert f.exponent == f.params["alpha"]  # the paper's exponent is the fitted alpha
    else:
        assert f.exponent == f.params["b_line"]  # the curve-fit forecast
    assert np.isclose(f.neg_log_pass_at_k(100.0), f.prefactor * 100.0 ** (-f.exponent))


def test_paper_kumaraswamy_quirk_and_scale():
    n, c = _bench(kumaraswamy(0.3, 3.0, scale=0.2), P=300, N=1000, seed=5)
    f = E.fit_paper(n, c, "discretized_kumaraswamy", n_boot=0)
    assert f.params["scale"] == (c / n).max()
    g = E.fit_paper(n, c, "beta_binomial", n_boot=0)
    assert np.isclose(g.params["scale"], min(1.0, 301 / 300 * (c / n).max()))


def test_paper_methods_via_fit_and_no_options():
    n, c = _bench(stats.beta(0.3, 3.0), P=100, N=200, seed=1)
    f = E.fit(n, c, method="paper_discretized_beta", n_boot=0)
    assert f.method == "paper_discretized_beta"
    with pytest.raises(ValueError, match="takes no options"):
        E.fit(n, c, method="paper_discretized_beta", n_boot=0, scale="one")
    ls = E.fit(n, c, method="paper_least_squares", n_boot=0)
    assert ls.params["ks"].size == np.unique(np.logspace(0, np.log10(200), 100).astype(int)).size


@pytest.mark.parametrize("family, a, b, s", [("beta", 0.15, 3.5, 0.1), ("beta", 2.0, 0.3, 1.0),
                                             ("kumaraswamy", 0.3, 0.5, 0.8), ("kumaraswamy", 0.4, 5.0, 1.0)])
def test_fast_expected_failure_matches_passk(family, a, b, s):
    ks = E.PAPER_K_GRID.astype(float)
    ref = passk.expected_failure(E._frozen(family, a, b, s), ks)
    assert np.allclose(E._expected_failure_fast(family, a, b, s, ks), ref, rtol=1e-6, atol=0)
# ---- honest bootstrap intervals (issue 11)
# ------------------------------------------------------------------
def test_sparse_benchmark_refuses_interval_whatever_the_seed():
    """3 solved of 128: a resample has no solved problem with probability ~5 %; never a nan interval."""
    n = np.full(128, 10_000)
    c = np.array([0] * 125 + [5, 40, 300])
    for seed in range(20):
        f = E.fit(n, c, n_boot=200, seed=seed)
        with pytest.raises(ValueError, match=r"too few solved problems \(3 of 128\)"):
            f.interval(1e4)
        with pytest.raises(ValueError, match="too few solved problems"):
            f.exponent_interval()
        assert f.boot_unsolved + f.boot_failed + len(f.bootstrap()) == 200


def test_unsolved_resamples_are_kept_not_redrawn():
    n = np.full(60, 1000)
    c = np.array([0] * 54 + [1, 3, 10, 30, 100, 300])  # 6 solved: (54/60)^60 ~ 0.2 % of resamples unsolved
    f = E.fit(n, c, n_boot=2000, seed=0)
    assert 0 < f.boot_unsolved < 20
    lo, hi = f.interval(1e4)
    assert np.isfinite(lo) and np.isfinite(hi) and lo <= f.neg_log_pass_at_k(1e4) <= hi


def test_single_problem_and_too_few_resamples_refuse_an_interval():
    f = E.fit([100], [7], n_boot=200)
    with pytest.raises(ValueError, match="1 problem"):
        f.interval(1e4)
    g = E.fit([100] * 20, list(range(20)), n_boot=10)
    with pytest.raises(ValueError, match="n_boot=10 .* at least 20"):
        g.interval(1e4, level=0.9)
    assert np.isfinite(g.interval(1e4, level=0.5)[0])


def test_bootstrap_keeps_no_per_problem_arrays():
    rng = np.random.default_rng(0)
    n = np.full(5000, 10_000)
    c = rng.binomial(n, 0.3 * rng.beta(0.3, 3, size=n.size))
    f = E.fit(n, c, n_boot=30)
    assert all(b.n.size == 0 and b.c.size == 0 and b._refit is None for b in f.bootstrap())


def test_least_squares_on_distinct_pairs_matches_the_direct_average():
    rng = np.random.default_rng(3)
    n = rng.choice([100, 1000], size=300)
    c = rng.binomial(n, 0.2 * rng.beta(0.3, 2, size=n.size))
    f = E.fit_least_squares(n, c, n_boot=0)
    ks = f.params["ks"]
    pk = E._per_problem_pass(n, c, ks).mean(axis=1)
    keep = pk < 1
    slope = np.polyfit(np.log(ks[keep]), np.log(-np.log(pk[keep])), 1)[0]
    assert np.isclose(f.exponent, -slope, rtol=1e-10)


def test_log_log_lines_are_unchanged_by_the_move_to_loglog_slope():
    """Regression: least squares and the paper's curve fit give, to the last bit, what their inline
    ``np.polyfit`` on natural logs gave before they called scaling.loglog_slope (values from that code)."""
    from heavytail import data
    d = data.simulated_benchmark(200, 1000, seed=5)
    f = E.fit(d.n, d.c, method="least_squares", n_boot=0)
    assert (f.exponent, f.prefactor) == pytest.approx((0.3072340505768678, 4.268342286828373), rel=1e-13)
    fp = E.fit_paper(d.n, d.c, "discretized_beta", n_boot=0)
    assert (fp.exponent, fp.prefactor) == pytest.approx((0.19476419242709334, 3.8921023371447356), rel=1e-12)
    # the same line as an inline fit on the same points (pk here is summed in another order)
    ks = f.params["ks"]
    n, c = np.asarray(d.n), np.asarray(d.c)
    pk = passk.pass_at_k(n[None, :], c[None, :], ks[:, None]).mean(axis=1)
    keep = pk < 1
    slope, icept = np.polyfit(np.log(ks[keep]), np.log(-np.log(pk[keep])), 1)
    assert (f.exponent, f.prefactor) == pytest.approx((-slope, np.exp(icept)), rel=1e-12)
