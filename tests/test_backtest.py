"""Backtests of the forecasters (heavytail.backtest): held-out thinning, the paper's synthetic grid, and the
equal-budget sequential comparison."""

import numpy as np
import pandas as pd
import pytest

from heavytail import backtest, data


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



def test_synthetic_ratios_and_paper_grid():
    assert backtest.SYNTHETIC_GRID["N"] == (100, 215, 464, 1000, 2154, 4642, 10000)  # the authors' sweep
    grid = dict(family=("beta",), alpha=(0.4,), beta=(3.5,), scale=(0.8,), P=(64,), N=(1000,))
    res = backtest.synthetic(grid=grid, seeds=3, methods=backtest.PAPER_SYNTHETIC_METHODS)
    r = backtest.synthetic_ratios(res, "paper_discretized_beta")
    assert len(r) == 1 and np.isclose(r["ratio"].iloc[0], r["paper_least_squares error"].iloc[0]
                                      / r["paper_discretized_beta error"].iloc[0])
    with pytest.raises(ValueError, match="baseline"):
        backtest.synthetic_ratios(res, "paper_discretized_beta", baseline="least_squares")


def test_paired_win_rates():
    r = pd.DataFrame(dict(model=["a"] * 4 + ["b"] * 4, N=100, rep=[0, 0, 1, 1] * 2,
                          method=["ls", "x"] * 4, rel_error=[0.1, 0.05, 0.1, 0.2, 0.3, 0.3, 0.2, 0.1]))
    w = backtest.paired_win_rates(r, "ls")
    assert list(w.columns) == ["x"] and float(w.loc[100, "x"]) == 0.5  # a tie is not a win


def test_sequential_equal_budget():
    counts = data.simulated_benchmark(32, 1000, models=["Pythia 12B"], seed=0)
    res = backtest.sequential(counts, budgets=(50,), reps=2, k=1000)
    assert set(res["method"]) == {"tail_rounds", "uniform_least_squares"} and len(res) == 4
    assert (res["rel_error"] >= 0).all()
    assert backtest.paired_win_rates(res, "uniform_least_squares", by="budget").shape == (1, 1)
    with pytest.raises(ValueError, match="budgets must not exceed"):
        backtest.sequential(counts, budgets=(5000,), reps=1)
