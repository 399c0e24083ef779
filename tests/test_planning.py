"""Tests of heavytail.planning, heavytail.backtest (small) and the command line."""

from pathlib import Path

import numpy as np
import pytest
from scipy import stats

from heavytail import backtest, data, planning

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


def test_backtests_small():
    counts = data.simulated_benchmark(32, 1000, models=["Pythia 12B"], seed=0)
    res = backtest.heldout(counts, Ns=(100,), reps=2, methods=["least_squares", "beta_binomial"])
    assert set(res["method"]) == {"least_squares", "beta_binomial"} and (res["rel_error"] >= 0).all()
    assert backtest.summarize_heldout(res).shape == (1, 2)
    syn = backtest.synthetic(grid=dict(family=("beta",), alpha=(0.4,), beta=(3.5,), scale=(0.8,), P=(64,),
                                       N=(300,)), seeds=2, methods=("least_squares",))
    assert len(syn) == 2 and backtest.summarize_synthetic(syn).shape == (1, 1)
    with pytest.raises(ValueError, match="methods"):
        backtest.heldout(counts, methods=["x"])
    with pytest.raises(ValueError, match="Ns must not exceed"):
        backtest.heldout(counts, Ns=(5000,), reps=1, methods=["least_squares"])


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
