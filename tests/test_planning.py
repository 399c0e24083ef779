"""Tests of heavytail.planning, heavytail.backtest (small) and the command line."""

from pathlib import Path

import numpy as np
import pytest
from scipy import stats

from heavytail import data, estimators, planning

FIX = Path(__file__).parent / "fixtures"


@pytest.mark.parametrize("rule", planning.RULES)
def test_allocate_sums_to_budget(rule):
    c = np.array([0, 0, 1, 5, 50])
    extra = planning.allocate(np.full(5, 100), c, 1003, rule)
    assert extra.sum() == 1003 and (extra >= 0).all()
    if rule == "uniform":
        assert extra.max() - extra.min() <= 1
    if rule == "fewest_successes":
        assert np.all(np.diff(extra) <= 0)
    if rule == "unsolved_only":
        assert extra[2:].sum() == 0


def test_allocate_bad_input():
    with pytest.raises(ValueError, match="rule"):
        planning.allocate([10], [1], 5, "greedy")
    with pytest.raises(ValueError, match="budget"):
        planning.allocate([10], [1], -5)
    with pytest.raises(ValueError, match="must not exceed"):
        planning.allocate([10], [11], 5)


def test_simulate_plan_runs_and_is_seeded():
    p = stats.beta(0.3, 3.0, scale=0.3).rvs(size=64, random_state=np.random.default_rng(0))
    a = planning.simulate_plan(p, 50, [0, 3200], k=2000, reps=3, seed=1)
    b = planning.simulate_plan(p, 50, [0, 3200], k=2000, reps=3, seed=1)
    assert a.equals(b) and set(a["rule"]) == {"uniform", "fewest_successes"}
    assert (a.loc[a.budget == 3200, "samples"] == 64 * 50 + 3200).all()
    with pytest.raises(ValueError, match="rules"):
        planning.simulate_plan(p, 50, [10], rules=("x",))




def test_measured_curve():
    from heavytail import estimators
    ks, y = estimators.measured_curve([10, 10], [0, 5])
    assert ks[0] == 1 and np.isclose(y[-1], np.log(2))
    with pytest.raises(ValueError, match="ks must not exceed"):
        estimators.measured_curve([10, 10], [0, 5], ks=[20])


from hypothesis import given, settings, strategies as st  # noqa: E402


@settings(max_examples=50, deadline=None)
@given(c=st.lists(st.integers(0, 50), min_size=1, max_size=30), budget=st.integers(0, 5000),
       rule=st.sampled_from(planning.RULES))
def test_allocate_property(c, budget, rule):
    c = np.array(c)
    extra = planning.allocate(np.full(c.size, 50), c, budget, rule)
    assert extra.sum() == budget and (extra >= 0).all() and extra.shape == c.shape


@settings(max_examples=50, deadline=None)
@given(n=st.integers(1, 500), frac=st.floats(0, 1), keep=st.floats(0, 1), seed=st.integers(0, 2**31))
def test_thin_counts_property(n, frac, keep, seed):
    c = int(round(frac * n))
    m = max(1, int(round(keep * n)))
    sub = data.thin_counts([n], [c], m, seed)
    assert 0 <= sub[0] <= min(c, m) and sub[0] >= m - (n - c)


def _pool(P=64, n=10_000, seed=0):
    rng = np.random.default_rng(seed)
    p = 0.5 * rng.beta(0.3, 3.0, P)
    return np.full(P, n), rng.binomial(n, p)


def test_pool_sampler_draws_without_replacement():
    n, c = _pool(8, 500)
    draw = planning.pool_sampler(n, c, 1)
    got = np.array([sum(draw(i, m) for m in (100, 150, 250)) for i in range(8)])
    assert (got == c).all()  # the whole record drawn in pieces returns every success exactly once
    with pytest.raises(ValueError, match="samples left"):
        draw(0, 1)


@pytest.mark.parametrize("method", planning.SEQUENTIAL_METHODS)
def test_sequential_forecast_spends_the_budget(method):
    n, c = _pool()
    f = planning.sequential_forecast(
        planning.pool_sampler(n, c, 0), 64, 6400, 10_000, method=method, n_boot=20
    )
    assert int(f.n.sum()) == 6400 and (f.c <= f.n).all()
    y = float(f.neg_log_pass_at_k(10_000))
    lo, hi = f.interval(10_000, 0.9)
    assert np.isfinite(y) and y > 0 and lo <= hi
    if method == "uniform_least_squares":
        assert f.n.max() - f.n.min() <= 1
    else:  # rounds: solved problems stop early, so the unsolved ones go deeper than budget / P
        assert f.n[f.c == 0].min() > 100 and f.n[f.c > 0].min() < 100


def test_sequential_forecast_default_follows_recommendation():
    n, c = _pool()
    a = planning.sequential_forecast(planning.pool_sampler(n, c, 3), 64, 3200, 1e4, n_boot=0, seed=1)
    b = planning.sequential_forecast(planning.pool_sampler(n, c, 3), 64, 3200, 1e4, n_boot=0, seed=1,
                                     method=planning.SEQUENTIAL_RECOMMENDED)
    assert a.method == b.method and np.isclose(a.neg_log_pass_at_k(1e4), b.neg_log_pass_at_k(1e4))


def test_tail_rounds_is_exact_where_observed():
    # every problem drawn to its full record in one round: the forecast at k <= n is the measured curve
    n, c = _pool(32, 400)
    f = planning.sequential_forecast(planning.pool_sampler(n, c, 0), 32, 32 * 400, 400, method="tail_rounds",
                                     n0=400, n_boot=0)
    assert np.isclose(float(f.neg_log_pass_at_k(50)), estimators.target_neg_log_pass(n, c, 50))


def test_sequential_forecast_bad_draw():
    with pytest.raises(ValueError, match="draw"):
        planning.sequential_forecast(lambda i, m: m + 1, 4, 40, 100, method="tail_rounds")
    with pytest.raises(ValueError, match="budget"):
        planning.sequential_forecast(lambda i, m: 0, 4, 3, 100)
    with pytest.raises(ValueError, match="no success"):
        planning.sequential_forecast(lambda i, m: 0, 4, 40, 100, method="tail_rounds")


def test_plan_next():
    plan = planning.plan_next([10, 10, 10, 40], [0, 3, 0, 0], 50, method="tail_rounds")
    assert plan["extra"].tolist() == [25, 0, 25, 0] and plan["extra"].sum() == 50
    uni = planning.plan_next([10, 10, 10, 40], [0, 3, 0, 0], 50, method="uniform_least_squares")
    assert uni["extra"].sum() == 50 and uni["n_after"].iloc[:3].max() - uni["n_after"].iloc[:3].min() <= 1
    solved = planning.plan_next([10, 10], [1, 2], 3, method="tail_rounds")  # nothing unsolved: uniform
    assert solved["extra"].tolist() == [2, 1]


@settings(max_examples=40, deadline=None)
@given(n=st.lists(st.integers(1, 200), min_size=1, max_size=20), budget=st.integers(0, 3000),
       method=st.sampled_from(planning.SEQUENTIAL_METHODS))
def test_plan_next_property(n, budget, method):
    n = np.array(n)
    c = n // 3
    plan = planning.plan_next(n, c, budget, method=method)
    assert plan["extra"].sum() == budget and (plan["extra"] >= 0).all()


def test_tail_rounds_line_is_unchanged_by_the_move_to_loglog_slope():
    """Regression: the tail line of the rounds forecast, from the code before it called
    scaling.loglog_slope (an inline ``np.polyfit`` on natural logs)."""
    d = data.simulated_benchmark(200, 1000, seed=5)
    s = planning.sequential_forecast(planning.pool_sampler(d.n, d.c, 3), 200, 8000, 1e4, n_boot=0, seed=1,
                                     method="tail_rounds")
    assert (s.exponent, s.prefactor) == pytest.approx((0.6574151849547465, 28.75601333108616), rel=1e-12)
