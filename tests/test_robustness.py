"""Robustness of ``src/heavytail``: every public function rejects bad input with a clear error.

The test is table driven. ``CASES`` holds, for each public function of the package, one small VALID call
(fast: well under a second) and, for each of its numeric / array / flag arguments, a list of BAD values
(NaN, inf, negative, zero where zero is invalid, empty, wrong shape, probability > 1, c > n, a string...).
For every bad value the function must raise ``ValueError`` or ``TypeError`` whose message names the argument:
never return silently (a NaN or a wrong number), never raise some other exception (IndexError,
ZeroDivisionError, AttributeError, LinAlgError...) and never emit a ``RuntimeWarning`` (numpy's divide /
invalid warnings are turned into errors here).

``test_every_public_function_is_covered`` fails when a public function exists in ``src/heavytail`` that the
table does not cover, so a new function must be added here (or, with a reason, to ``NOT_VALIDATED``).
Malformed CSV rows and sample files are tried separately below, and a few properties use hypothesis.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
import signal
import warnings
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from collections.abc import Callable

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

import heavytail
from heavytail import (backtest, ciphers, composition, dark_matter, data, deviations, distributions, estimators,
                       inference_compute, neural_composition, passk, planning, plotting, quanta, spectra, stable,
                       stopping, tails, zoo)

FIXTURES = Path(__file__).parent / "fixtures"

# --------------------------------------------------------------------------------------------------------------
# Bad values, by the kind of argument they are aimed at
# --------------------------------------------------------------------------------------------------------------
NAN, INF = float("nan"), float("inf")
STR = "abc"


def ints(minimum=1, extra=()):
    """Bad values for a scalar integer argument that must be >= ``minimum``."""
    return [NAN, INF, 2.5, STR, None, minimum - 1, *extra]


def pos(strict=True, extra=()):
    """Bad values for a finite real scalar that must be > 0 (``>= 0`` when not strict)."""
    return [NAN, INF, -1.0, STR, None, *([0.0] if strict else []), *extra]


def unit(extra=()):
    """Bad values for a scalar in [0, 1] (or an open sub-interval: add 0 / 1 via ``extra``)."""
    return [NAN, INF, -0.1, 1.5, STR, None, *extra]


def arr(extra=()):
    """Bad values for a numeric array."""
    return [[1.0, NAN], [1.0, INF], [], STR, [STR, STR], *extra]


def arr1(extra=()):
    """Bad values for a 1-D numeric array (adds a 2-D one)."""
    return arr([[[1.0, 2.0], [3.0, 4.0]], *extra])


def probs(extra=()):
    """Bad values for an array of probabilities."""
    return arr([[0.1, -0.1], [0.1, 1.5], *extra])


def flags(extra=()):
    """Bad values for a True/False argument."""
    return ["yes", 2, *extra]


SEEDS = ["x", -1, 2.5]
REAL_K = [0.5, NAN, INF, STR, None, -1, []]  # k may be any real >= 1 where pass@k is an expectation over p
STABLE_A = [NAN, INF, 0.0, -1.0, 2.0, 2.5, STR, None]  # a stable index lies in (0, 2)  # bad seeds (an int >= 0, or a numpy Generator, is what the package accepts)


@dataclass
class Derived:
    """A bad value computed from the valid arguments (e.g. ``c = n + 1``)."""

    f: Callable
    label: str

    def __repr__(self):
        return self.label


@dataclass
class Case:
    """One public function, its valid call and the bad values to try on each argument.

    ``names`` maps an argument to other words the message may use instead of its name (e.g. a CSV column);
    ``valid=False`` skips the valid call (documented where used) but still tries the bad values.
    """

    func: Callable
    kwargs: Callable[[], dict]
    bad: dict
    names: dict = field(default_factory=dict)
    valid: bool = True

    @property
    def id(self):
        return f"{self.func.__module__.split('.')[-1]}.{self.func.__qualname__}"


# --------------------------------------------------------------------------------------------------------------
# Small valid objects shared by several cases (built once, lazily)
# --------------------------------------------------------------------------------------------------------------
BETA = stats.beta(0.5, 2.0)


def IC_COUNTS():
    """A two-model counts table for the inference-compute cases."""
    return pd.DataFrame({"model": ["a", "a", "b", "b"], "n": 5, "c": [1, 0, 3, 1]})

N20 = np.full(20, 100)
C20 = np.array([0, 1, 2, 3, 5, 8, 0, 1, 13, 21, 0, 2, 4, 0, 1, 34, 3, 0, 55, 6])
P5 = composition.zipf_frequencies(5, 1.0)
W_STAR5 = np.ones(5)
W5 = np.full(5, 0.1)


@cache
def pareto_sample():
    return tails.pareto_rvs(1.5, 200, seed=0)


@cache
def power_law_fit():
    return tails.fit_power_law(pareto_sample(), min_tail=10, max_candidates=30)


@cache
def counts_frame():
    return data.load_counts(FIXTURES / "counts_tiny.csv")


@cache
def ls_fit(n_boot=0):
    return estimators.fit_least_squares(N20, C20, n_boot=n_boot, seed=0)


@cache
def cipher_codes():
    return ciphers.encode("the quick brown fox jumps over the lazy dog " * 8)


@cache
def cipher_model():
    cfg = ciphers.CipherConfig(context=1, history=1, width=8, steps=3, batch=16)
    return ciphers.train_decoder(cfg, cipher_codes(), seed=0)


@cache
def parity_task():
    return quanta.make_task(n_tasks=4, n_bits=6, k=2, zeta=1.5, seed=0)


def tiny_grid_config(**kw):
    return quanta.GridConfig(**{**dict(n_tasks=4, n_bits=6, k=2, widths=(4, 8), seeds=(0, 1), steps=4, batch=16,
                                       eval_every=2, eval_per_task=4), **kw})


@cache
def tiny_grid():
    return quanta.train_grid(tiny_grid_config())


@cache
def accuracy_model():
    return quanta.fit_accuracy_model([-2.0, -1.0, 0.0, -0.5], [0.6, 0.8, 0.99, 0.9])


@cache
def axes():
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots()
    return fig, ax


@cache
def heldout_results():
    return backtest.heldout(counts_frame(), Ns=(50,), reps=1, methods=["least_squares"])


@cache
def synthetic_results():
    return backtest.synthetic(grid=SMALL_GRID, seeds=1, methods=("least_squares",))


SMALL_GRID = dict(family=("beta",), alpha=(0.3,), beta=(3.0,), scale=(0.5,), P=(32,), N=(100,))


@pytest.fixture(scope="session")
def _figures(tmp_path_factory):
    return tmp_path_factory.mktemp("figures")


@pytest.fixture(autouse=True)
def _figure_dir(_figures, monkeypatch):
    """plotting.export_figure writes here, never into the repository's _build/figures."""
    monkeypatch.setenv("HEAVYTAIL_FIGURE_DIR", str(_figures))


def c_above_n(kw):
    return np.asarray(kw["n"]) + 1


C_GT_N = Derived(c_above_n, "c = n + 1")
K_GT_N = Derived(lambda kw: int(np.max(kw["n"])) + 1, "k = max(n) + 1")
GEN = np.random.default_rng  # shorthand for fresh Generators in valid calls
STEPS = [[-1, 5], [NAN], STR]  # bad record_steps for the gradient descents

# --------------------------------------------------------------------------------------------------------------
# The table
# --------------------------------------------------------------------------------------------------------------
CASES = [
    # ---- passk ------------------------------------------------------------------------------------------------
    Case(passk.pass_at_k, lambda: dict(n=[10, 10], c=[3, 0], k=2),
         dict(n=arr([[0, 10], [-1, 10], [2.5, 10]]), c=arr([[-1, 0], C_GT_N, [0.5, 0], [0, 1, 2]]),
              k=ints(1, [K_GT_N, [1, NAN]]))),
    Case(passk.half_life, lambda: dict(p=[0.1, 0.5]), dict(p=probs([[0.0, 0.5]]))),
    Case(passk.describe, lambda: dict(dist=BETA), dict(dist=[STR, 0.5, [0.5], stats.norm()])),
    Case(passk.expected_failure, lambda: dict(dist=BETA, k=[1, 10]),
         dict(dist=[STR, stats.norm(), *probs()], k=REAL_K)),
    Case(passk.expected_pass_at_k, lambda: dict(dist=BETA, k=[1, 10]),
         dict(dist=[STR, stats.norm(), *probs()], k=REAL_K)),
    Case(passk.neg_log_pass_at_k, lambda: dict(dist=[0.01, 0.2], k=[1, 10]),
         dict(dist=[STR, stats.norm(), *probs()], k=REAL_K)),
    Case(passk.tail_law, lambda: dict(dist=BETA), dict(dist=[STR, [0.5], stats.norm(), stats.uniform(0.2, 0.5)])),
    Case(passk.loguniform_failure_asymptote, lambda: dict(a=0.01, c=0.5, k=10),
         dict(a=unit([0.0, 1.0]), c=unit([0.001]), k=REAL_K)),
    Case(passk.exponential_residual, lambda: dict(n=[100, 100], c=[3, 50], k=2, floor=1e-3),
         dict(n=arr([[0, 10], [-1, 10]]), c=arr([[-1, 0], [101, 0]]), k=ints(1, [200]),
              floor=unit([0.0, 1.0]))),
    # ---- distributions ----------------------------------------------------------------------------------------
    Case(distributions.kumaraswamy, lambda: dict(a=0.5, b=2.0, scale=0.5),
         dict(a=pos(), b=pos(), scale=unit([0.0]))),
    Case(distributions.continuous_bernoulli, lambda: dict(lam=0.3), dict(lam=unit([0.0, 1.0]))),
    # ---- plotting ---------------------------------------------------------------------------------------------
    Case(plotting.palette, lambda: dict(n=3), dict(n=ints(1))),
    Case(plotting.series_styles, lambda: dict(n=3), dict(n=ints(1))),
    Case(plotting.figure_png, lambda: dict(fig=axes()[0], dpi=96), dict(fig=[STR, None], dpi=pos())),
    Case(plotting.loglog, lambda: dict(ax=axes()[1], which="both"), dict(ax=[STR, None], which=["z", 3])),
    Case(plotting.export_figure, lambda: dict(fig=axes()[0], name="robustness-check"),
         dict(fig=[STR, None], name=["", "a/b", "a b", 3, None])),
    # ---- zoo --------------------------------------------------------------------------------------------------
    Case(zoo.zoo_configs, lambda: dict(n_models=3, quick=True, seed=0),
         dict(n_models=ints(2), quick=flags(), seed=SEEDS)),
    Case(zoo.train_zoo, lambda: dict(configs=[dict(width=64, lr=0.1, batch_size=256, epochs=1, label_noise=0.0,
                                                   seed=0)], cache_dir=None, progress=False),
         dict(configs=[[], STR, [dict(width=64)], None], cache_dir=[3], progress=flags()),
         valid=False),  # even one epoch imports torch and fits two spectra (seconds); tests/test_zoo.py trains
    Case(zoo.rank_correlation, lambda: dict(x=[1.0, 2.0, 3.0, 4.0], y=[1.0, 3.0, 2.0, 4.0], n_boot=20, seed=0,
                                            level=0.9),
         dict(x=arr([[1.0, 2.0]]), y=arr([[1.0, 2.0, 3.0]]), n_boot=ints(10), seed=SEEDS,
              level=unit([0.0, 1.0]))),
    # ---- stopping ---------------------------------------------------------------------------------------------
    Case(stopping.simulate_stop_at_first_success, lambda: dict(p=[0.1, 0.5], budget=10, seed=0),
         dict(p=probs(), budget=ints(1), seed=SEEDS)),
    Case(stopping.naive_pass_at_k, lambda: dict(attempts=[3, 10], successes=[1, 0], k=[1, 5]),
         dict(attempts=arr([[0, 10], [3]]), successes=arr([[2, 0], [-1, 0]]), k=ints(1, [11]))),
    Case(stopping.first_success_pass_at_k, lambda: dict(attempts=[3, 10], successes=[1, 0], k=[1, 5]),
         dict(attempts=arr([[0, 10], [3]]), successes=arr([[2, 0], [-1, 0]]), k=ints(1, [11]))),
    Case(stopping.fit_beta_geometric, lambda: dict(attempts=[3, 10, 1, 7], successes=[1, 0, 1, 1]),
         dict(attempts=arr([[0, 10, 1, 7], [3]]), successes=arr([[2, 0, 1, 1], [0, 0, 0, 0]]))),
    Case(stopping.beta_geometric_pass_at_k, lambda: dict(alpha=0.3, beta=3.0, k=[1, 10]),
         dict(alpha=pos(), beta=pos(), k=REAL_K)),
    # ---- stable -----------------------------------------------------------------------------------------------
    Case(stable.one_sided_sums, lambda: dict(a=0.5, n=5, m=10, seed=0),
         dict(a=unit([0.0, 1.0]), n=ints(1), m=ints(1), seed=SEEDS)),
    Case(stable.one_sided_limit, lambda: dict(a=0.5), dict(a=unit([0.0, 1.0]))),
    # ---- dark_matter ------------------------------------------------------------------------------------------
    Case(dark_matter.sample_exponents, lambda: dict(alpha_min=0.3, nu=1.0, theta=0.5, size=5, seed=0),
         dict(alpha_min=pos(strict=False), nu=pos(), theta=pos(), size=ints(1), seed=SEEDS)),
    Case(dark_matter.power_law_mixture, lambda: dict(alphas=[0.3, 1.0], C=[1.0, 10.0], weights=[1.0, 2.0]),
         dict(alphas=arr([[-0.5]]), C=arr([[0.5]]), weights=arr([[1.0], [-1.0, 2.0], [0.0, 0.0]]))),
    Case(dark_matter.mixture_loss, lambda: dict(alpha_min=0.3, nu=1.0, theta=0.5, C=[1.0, 10.0]),
         dict(alpha_min=pos(strict=False), nu=pos(), theta=pos(), C=arr([[0.5]]))),
    Case(dark_matter.mixture_local_exponent, lambda: dict(alpha_min=0.3, nu=1.0, theta=0.5, C=[1.0, 10.0]),
         dict(alpha_min=pos(strict=False), nu=pos(), theta=pos(), C=arr([[0.5]]))),
    Case(dark_matter.log10_compute_to_reach, lambda: dict(nu=1.0, theta=0.5, tol=0.05),
         dict(nu=pos(), theta=pos(), tol=pos())),
    Case(dark_matter.sample_rates, lambda: dict(kind="gamma(0.3)", size=5, seed=0),
         dict(kind=["nope", 3], size=ints(1), seed=SEEDS)),
    Case(dark_matter.aggregate_loss, lambda: dict(rates=[0.1, 1.0], t=[0.0, 1.0, 10.0]),
         dict(rates=arr([[-1.0]]), t=arr([[-1.0]]))),
    Case(dark_matter.expected_loss, lambda: dict(kind="gamma(0.3)", t=[0.0, 1.0, 10.0]),
         dict(kind=["nope", 3], t=arr([[-1.0]]))),
    Case(dark_matter.local_exponent, lambda: dict(t=[1.0, 2.0, 4.0], L=[1.0, 0.5, 0.25]),
         dict(t=arr1([[1.0], [0.0, 1.0, 2.0]]), L=arr1([[1.0], [1.0, 0.0, 0.5]]))),
    # ---- deviations -------------------------------------------------------------------------------------------
    Case(deviations.scenario, lambda: dict(kind="floor", n_problems=16, seed=0, floor_fraction=0.1, hard_fraction=0.3),
         dict(kind=["nope", 3], n_problems=ints(1), seed=SEEDS, floor_fraction=unit([1.0]), hard_fraction=unit())),
    Case(deviations.exact_curve, lambda: dict(p=[0.1, 0.2], ks=[1, 10]), dict(p=probs(), ks=REAL_K)),
    Case(deviations.local_slope, lambda: dict(ks=[1, 2, 4, 8], neg_log_pass=[1.0, 0.7, 0.5, 0.3]),
         dict(ks=arr1([[1.0], [0.0, 2, 4, 8], [1, 2, 4]]), neg_log_pass=[[1.0, NAN, 0.5, 0.3], [], STR, [1.0]])),
    # ---- data -------------------------------------------------------------------------------------------------
    Case(data.resolve_counts_path, lambda: dict(path=str(FIXTURES / "counts_tiny.csv")), dict(path=[3, None])),
    Case(data.validate_counts, lambda: dict(frame=counts_frame()),
         dict(frame=[STR, None, [[1, 2]], pd.DataFrame({"n": [10], "c": [11]}),
                     pd.DataFrame({"n": [10]}), pd.DataFrame({"n": [], "c": []})]),
         names=dict(frame=["frame", "counts table"])),
    Case(data.load_counts, lambda: dict(path=FIXTURES / "counts_tiny.csv"),
         dict(path=[3, None, FIXTURES / "counts_bad_c_gt_n.csv"]), names=dict(path=["path", "c must not exceed n"])),
    Case(data.counts_from_samples, lambda: dict(path=FIXTURES / "monkey_business_tiny.jsonl", model=None,
                                                field="is_corrects"),
         dict(path=[3, None, FIXTURES / "counts_tiny.csv"], field=["nope", 3]),
         names=dict(field=["field", "column"], path=["path", "is_corrects", "column"])),
    Case(data.thin_counts, lambda: dict(n=[10, 10], c=[3, 0], n_new=5, seed=0),
         dict(n=arr([[0, 10], [-1, 10]]), c=arr([[-1, 0], C_GT_N, [0, 1, 2]]), n_new=ints(1, [11]), seed=SEEDS)),
    Case(data.simulated_benchmark, lambda: dict(n_problems=4, n_samples=10, models=None, seed=0),
         dict(n_problems=ints(1), n_samples=ints(1), models=[["nope"], 3], seed=SEEDS)),
    Case(data.load_or_simulate, lambda: dict(path="simulated", seed=0, n_problems=4, n_samples=10),
         dict(path=[3, None, "", FIXTURES], seed=SEEDS, n_problems=ints(1), n_samples=ints(1))),
    Case(data.load_source, lambda: dict(source="simulated", seed=0, n_problems=4, n_samples=10),
         dict(source=[3, None, "", FIXTURES, FIXTURES / "counts_bad_c_gt_n.csv"], seed=SEEDS, n_problems=ints(1),
              n_samples=ints(1)), names=dict(source=["source", "path", "c must not exceed n"])),
    # ---- backtest ---------------------------------------------------------------------------------------------
    Case(backtest.heldout, lambda: dict(counts=counts_frame(), Ns=(50,), k=None, reps=1, methods=["least_squares"],
                                        seed=0, progress=False),
         dict(counts=[STR, None, pd.DataFrame({"x": [1]})], Ns=[(0,), (NAN,), (STR,), (1000,), 50, ()],
              k=ints(1, [10**6]), reps=ints(1), methods=[["nope"], 3], seed=SEEDS, progress=flags())),
    Case(backtest.summarize_heldout, lambda: dict(results=heldout_results()),
         dict(results=[STR, None, pd.DataFrame({"x": [1]})])),
    Case(backtest.synthetic, lambda: dict(grid=SMALL_GRID, seeds=1, methods=("least_squares",), seed=0,
                                          progress=False),
         dict(grid=[STR, {"nope": (1,)}, {"alpha": (NAN,)}, {"alpha": (-1.0,)}, {"beta": (0.0,)},
                    {"scale": (1.5,)}, {"P": (0,)}, {"N": (-1,)}, {"N": (2.5,)}, {"family": ("gauss",)}],
              seeds=ints(1), methods=[["nope"], 3], seed=SEEDS, progress=flags())),
    Case(backtest.summarize_synthetic, lambda: dict(results=synthetic_results()),
         dict(results=[STR, None, pd.DataFrame({"x": [1]})])),
    Case(backtest.synthetic_ratios, lambda: dict(results=synthetic_results(), method="least_squares",
                                                 baseline="least_squares"),
         dict(results=[STR, None, pd.DataFrame({"x": [1]})], method=["nope", 3], baseline=["nope", 3])),
    Case(backtest.paired_win_rates, lambda: dict(results=heldout_results(), baseline="least_squares", by="N"),
         dict(results=[STR, None, pd.DataFrame({"x": [1]})], baseline=["nope", 3], by=["nope", 3]),
         names=dict(by=["by", "column"])),
    Case(backtest.sequential, lambda: dict(counts=counts_frame(), budgets=(20,), k=None, reps=1,
                                           methods=["uniform_least_squares"], seed=0, progress=False),
         dict(counts=[STR, None, pd.DataFrame({"x": [1]})], budgets=[(0,), (NAN,), (STR,), (10**6,), 20, ()],
              k=ints(1, [10**6]), reps=ints(1), methods=[["nope"], 3], seed=SEEDS, progress=flags())),
    # ---- planning ---------------------------------------------------------------------------------------------
    Case(planning.allocate, lambda: dict(n=[10, 10, 10], c=[0, 1, 5], budget=30, rule="fewest_successes", gamma=2.0),
         dict(n=arr([[0, 10, 10]]), c=arr([[-1, 0, 0], C_GT_N, [0, 1]]), budget=ints(0), rule=["nope", 3],
              gamma=pos(strict=False))),
    Case(planning.simulate_plan, lambda: dict(p=[0.01, 0.1, 0.3], n0=10, budgets=[0, 30], k=100, rules=("uniform",),
                                              reps=1, method="least_squares", seed=0),
         dict(p=probs(), n0=ints(1), budgets=[[-1], [NAN], [STR], [2.5]], k=ints(1), rules=[("nope",), 3],
              reps=ints(1), method=["nope", 3], seed=SEEDS)),
    Case(planning.sequential_forecast, lambda: dict(draw=planning.pool_sampler(N20 * 10, C20 * 10, 0), n_problems=20,
                                                    budget=400, k=1000, method=None, seed=0, n0=None, growth=2.0,
                                                    n_boot=0),
         dict(draw=[STR, None, 3, lambda i, m: -1, lambda i, m: m + 1, lambda i, m: STR], n_problems=ints(1),
              budget=ints(1, [19]), k=REAL_K, method=["nope", 3], seed=SEEDS, n0=ints(1), growth=pos(extra=[1.0]),
              n_boot=ints(0))),
    Case(planning.pool_sampler, lambda: dict(n=N20, c=C20, seed=0),
         dict(n=arr([[0] * 20]), c=arr([[-1] * 20, C_GT_N]), seed=SEEDS)),
    Case(planning.plan_next, lambda: dict(n=N20, c=C20, budget=50, method=None),
         dict(n=arr([[0] * 20]), c=arr([[-1] * 20, C_GT_N]), budget=ints(0), method=["nope", 3])),
    # ---- ciphers ----------------------------------------------------------------------------------------------
    Case(ciphers.stdlib_docstring_text, lambda: dict(modules=("textwrap",)),
         dict(modules=[STR, (), [3], ["no_such_module_xyz"], 3])),
    Case(ciphers.encode, lambda: dict(text="ab c"), dict(text=[3, None, "ABC", "a1"])),
    Case(ciphers.decode, lambda: dict(codes=[1, 2, 0]), dict(codes=[[-1], [NAN], [99], STR, [1.5]])),
    Case(ciphers.encipher, lambda: dict(codes=[1, 2, 0], shift=3), dict(codes=arr([[-1], [99]]), shift=[NAN, STR, 2.5])),
    Case(ciphers.scramble, lambda: dict(codes=[1, 2, 0, 3], seed=GEN(0)),
         dict(codes=arr1([[-1], [99]]), seed=SEEDS)),
    Case(ciphers.shift_ranking, lambda: dict(seed=0), dict(seed=SEEDS)),
    Case(ciphers.shift_frequencies, lambda: dict(zeta=1.5, seed=0), dict(zeta=pos(), seed=SEEDS)),
    Case(ciphers.train_decoder, lambda: dict(config=ciphers.CipherConfig(context=1, history=1, width=8, steps=2,
                                                                         batch=8),
                                             train_codes=cipher_codes(), seed=0, progress=False, checkpoints=(),
                                             callback=None),
         dict(config=[STR, None], train_codes=arr1([[-1, 2, 3], [99] * 40, [1, 2]]), seed=SEEDS, progress=flags(),
              checkpoints=[[-1], [NAN], [STR], 3], callback=[3, STR])),
    Case(ciphers.greedy_decode, lambda: dict(model=cipher_model(), codes=cipher_codes(), starts=[5, 9], length=4,
                                             shifts=[1, 2]),
         dict(model=[STR, None], codes=arr1([[-1] * 40]), starts=arr1([[0, 9], [10**6, 9], [5]]),
              length=ints(1, [10**6]), shifts=arr1([[0, 1], [26, 1], [1]]))),
    Case(ciphers.decode_accuracy, lambda: dict(model=cipher_model(), codes=cipher_codes(), n_passages=2, length=8,
                                               seed=0),
         dict(model=[STR, None], codes=arr1([[1, 2, 3]]), n_passages=ints(1), length=ints(1, [10**6]), seed=SEEDS)),
    # ---- composition ------------------------------------------------------------------------------------------
    Case(composition.zipf_frequencies, lambda: dict(d=5, alpha=1.0), dict(d=ints(1), alpha=pos(strict=False))),
    Case(composition.sum_p_squared_limit, lambda: dict(alpha=2.0), dict(alpha=pos(extra=[1.0, 0.5]))),
    Case(composition.init_alignment_variance, lambda: dict(p=P5, r=0.1), dict(p=probs([[0.5, 0.2]]), r=pos())),
    Case(composition.alignment, lambda: dict(w=W5, w_star=W_STAR5, p=P5),
         dict(w=arr([np.ones(4), np.ones((2, 2, 5))]), w_star=arr1([np.full(5, 0.5), np.ones(4)]),
              p=probs([[0.5, 0.2]]))),
    Case(composition.weighted_norm, lambda: dict(w=W5, p=P5), dict(w=arr([np.ones(4)]), p=probs([[0.5, 0.2]]))),
    Case(composition.population_loss, lambda: dict(w=W5, w_star=W_STAR5, p=P5, k=2),
         dict(w=arr([np.ones(4)]), w_star=arr1([np.full(5, 0.5)]), p=probs([[0.5, 0.2]]), k=ints(1))),
    Case(composition.population_grad, lambda: dict(w=W5, w_star=W_STAR5, p=P5, k=2),
         dict(w=arr([np.ones(4)]), w_star=arr1([np.full(5, 0.5)]), p=probs([[0.5, 0.2]]), k=ints(1))),
    Case(composition.per_sample_loss, lambda: dict(w=W5, w_star=W_STAR5, idx=[[0, 1], [2, 3]]),
         dict(w=arr1([np.ones(4)]), w_star=arr1([np.full(5, 0.5)]), idx=[[[0, 9]], [[-1, 0]], [[0.5, 1]], STR, 3])),
    Case(composition.random_signs, lambda: dict(d=5, seed=0), dict(d=ints(1), seed=[*SEEDS, None])),
    Case(composition.init_weights, lambda: dict(d=5, r=0.1, n_seeds=2, seed=0),
         dict(d=ints(1), r=pos(), n_seeds=ints(1), seed=SEEDS)),
    Case(composition.sample_tasks, lambda: dict(p=P5, k=2, size=4, seed=0),
         dict(p=probs([[0.5, 0.2]]), k=ints(1), size=[0, -1, NAN, STR, (2, 0), 2.5], seed=SEEDS)),
    Case(composition.log_spaced_steps, lambda: dict(n_steps=100, n_points=10), dict(n_steps=ints(1), n_points=ints(2))),
    Case(composition.population_gd, lambda: dict(w0=np.full((2, 5), 0.1), w_star=W_STAR5, p=P5, k=2, n_steps=20,
                                                 groups=[[0, 1], [2, 3, 4]]),
         dict(w0=arr([np.ones(4)]), w_star=arr1([np.full(5, 0.5)]), p=probs([[0.5, 0.2]]), k=ints(1), eta=pos(),
              n_steps=ints(1), record_steps=STEPS, escape_level=unit([0.0]), loss_level=pos(),
              skill_level=unit([0.0]), check_every=ints(1), check_rel=unit(), record_w=flags(),
              groups=[[[0, 9]], [[]], [[0.5]], STR, 3], stop_early=flags(), stop_on=["nope", 3], progress=[STR, 3])),
    Case(composition.uniform_population_gd, lambda: dict(a0=0.01, b0=0.01, d=5, k=2, n_steps=20),
         dict(a0=arr([[0.5]]), b0=arr([[-1.0]]), d=arr([[0], [2.5]]), k=arr([[0], [2.5]]), eta=pos(),
              n_steps=ints(1), record_steps=STEPS, escape_level=unit([0.0]), loss_level=pos(), check_every=ints(1),
              check_rel=unit(), progress=[STR, 3])),
    Case(composition.gradient_flow_escape_uniform, lambda: dict(a0=0.05, b0=0.05, d=5, k=2),
         dict(a0=arr([[0.5]]), b0=arr([[-1.0]]), d=arr([[0], [-1], [2.5]]), k=arr([[0], [-1], [2.5]]), eta=pos(),
              escape_level=unit([0.0]), t_max=pos())),
    Case(composition.online_sgd, lambda: dict(w0=np.full((2, 5), 0.1), w_star=W_STAR5, p=P5, k=2, batch_size=4,
                                              n_steps=10, seed=0, eval_every=5),
         dict(w0=arr([np.ones(4)]), w_star=arr1([np.full(5, 0.5)]), p=probs([[0.5, 0.2]]), k=ints(1), eta=pos(),
              batch_size=ints(1), n_steps=ints(1), seed=SEEDS, eval_every=ints(1), escape_level=unit([0.0]),
              loss_level=pos(), stop_early=flags(), stop_fraction=unit([0.0]), progress=[STR, 3])),
    Case(composition.frequency_entropy, lambda: dict(p=P5), dict(p=probs([[0.5, 0.2]]))),
    Case(composition.composition_accuracy, lambda: dict(w=W5, w_star=W_STAR5, p=P5, k=2),
         dict(w=arr([np.ones(4)]), w_star=arr1([np.full(5, 0.5)]), p=probs([[0.5, 0.2]]), k=ints(1))),
    Case(composition.asymmetric_frequencies, lambda: dict(d=8, family="step", shape=1.0, head_fraction=0.25),
         dict(d=ints(2), family=["nope", 3, None], shape=pos(strict=False), head_fraction=unit([0.0, 1.0]))),
    Case(composition.entropy_matched_frequencies, lambda: dict(d=8, family="geometric", entropy=1.0),
         dict(d=ints(2), family=["nope", 3, None], entropy=pos(extra=[10.0]), head_fraction=unit([0.0, 1.0]))),
    Case(composition.median_slope_interval, lambda: dict(x=[16, 32, 64], times=np.ones((3, 4)), n_boot=10),
         dict(x=arr1([[1.0], [-1.0, 2.0, 3.0]]), times=arr([np.ones((2, 4)), -np.ones((3, 4))]),
              level=unit([0.0, 1.0]), n_boot=ints(10), seed=SEEDS)),
    # ---- inference_compute ------------------------------------------------------------------------------------
    Case(inference_compute.compute_matched_curves,
         lambda: dict(counts=IC_COUNTS(), n_params=dict(a=1.0, b=10.0), ks=[1, 5]),
         dict(counts=[STR, None, pd.DataFrame(), pd.DataFrame({"model": ["a"], "n": [5]})],
              n_params=[STR, {}, dict(a=1.0), dict(a=1.0, b=-1.0), dict(a=1.0, b=NAN)],
              ks=arr1([[0], [6], [1.5]]))),
    Case(inference_compute.best_model_by_compute,
         lambda: dict(curves=inference_compute.compute_matched_curves(IC_COUNTS(), dict(a=1.0, b=10.0)), budgets=[5.0]),
         dict(curves=[STR, None, pd.DataFrame()], budgets=arr1([[0.0], [-1.0]]))),
    Case(inference_compute.crossover_budgets,
         lambda: dict(curves=inference_compute.compute_matched_curves(IC_COUNTS(), dict(a=1.0, b=10.0)),
                      model_a="a", model_b="b"),
         dict(curves=[STR, None, pd.DataFrame()], model_a=["nope", 3, None, "b"], model_b=["nope", 3, None, "a"],
              n_grid=ints(10))),
    # ---- neural_composition -----------------------------------------------------------------------------------
    Case(neural_composition.rank_bins, lambda: dict(d=10, n_bins=3), dict(d=ints(1), n_bins=ints(1, [11]))),
    Case(neural_composition.CompositionMLP, lambda: dict(d=5, k=2, embed_dim=2, hidden=4, depth=1),
         dict(d=ints(1), k=ints(1), embed_dim=ints(1), hidden=ints(1), depth=ints(1))),
    Case(neural_composition.train_composition_mlp,
         lambda: dict(d=5, k=2, alpha=1.0, n_steps=4, batch_size=8, embed_dim=2, hidden=4, depth=1, n_test=16,
                      n_bins=2, eval_every=2, task_seed=0, seed=0),
         dict(d=ints(2), k=ints(1), alpha=pos(strict=False), n_steps=ints(1), batch_size=ints(1), lr=pos(),
              optimizer=["nope", 3], momentum=pos(strict=False), weight_decay=pos(strict=False), embed_dim=ints(1),
              hidden=ints(1), depth=ints(1), n_test=ints(1), n_bins=ints(1, [6]), eval_every=ints(1),
              task_seed=SEEDS, seed=SEEDS, progress=[STR, 3])),
    Case(neural_composition.permutation_table, lambda: dict(n_items=3), dict(n_items=ints(2, [7]))),
    Case(neural_composition.compose_labels, lambda: dict(skill_perm=[0, 1, 5], idx=[[0, 1], [2, 2]], n_items=3),
         dict(skill_perm=arr1([[6], [-1]]), idx=arr([[0, 3], [[0, 9]], [[-1, 0]], [[0.5, 1]]]), n_items=ints(2, [7]))),
    Case(neural_composition.StateTrackingTransformer, lambda: dict(d=5, k=2, n_classes=6, width=8, n_layers=1, n_heads=2),
         dict(d=ints(1), k=ints(1), n_classes=ints(2), width=ints(1, [7]), n_layers=ints(1), n_heads=ints(1))),
    Case(neural_composition.train_state_tracking,
         lambda: dict(d=6, k=2, alpha=1.0, n_items=2, n_steps=2, batch_size=8, width=8, n_layers=1, n_heads=2,
                      n_test=8, n_bins=2, eval_every=1),
         dict(d=ints(2), k=ints(1), alpha=pos(strict=False), n_items=ints(2, [7]), n_steps=ints(1), batch_size=ints(1),
              lr=pos(), weight_decay=pos(strict=False), width=ints(1, [7]), n_layers=ints(1), n_heads=ints(1),
              n_test=ints(4), n_bins=ints(1, [7]), eval_every=ints(1), task_seed=SEEDS, seed=SEEDS,
              progress=[STR, 3])),
    Case(neural_composition.cached_state_tracking,
         lambda: dict(cache_dir=None, d=6, k=2, alpha=1.0, n_items=2, n_steps=2, batch_size=8, width=8, n_layers=1,
                      n_heads=2, n_test=8, n_bins=2, eval_every=1),
         dict(cache_dir=[3, 2.5], d=ints(2), n_items=ints(2, [7]), n_steps=ints(1), seed=SEEDS)),
    # ---- quanta -----------------------------------------------------------------------------------------------
    Case(quanta.zipf_frequencies, lambda: dict(n_tasks=4, zeta=1.5), dict(n_tasks=ints(1), zeta=pos())),
    Case(quanta.tail_shares, lambda: dict(freqs=quanta.zipf_frequencies(4, 1.5), n_head=2),
         dict(freqs=probs([[0.2, 0.8], [0.5, 0.2]]), n_head=ints(0, [4]))),
    Case(quanta.make_task, lambda: dict(n_tasks=4, n_bits=6, k=2, zeta=1.5, seed=0),
         dict(n_tasks=ints(1), n_bits=ints(1), k=ints(1, [7]), zeta=pos(), seed=SEEDS)),
    Case(quanta.sample_batch, lambda: dict(task=parity_task(), size=4, seed=GEN(0)),
         dict(task=[STR, None], size=ints(1), seed=SEEDS)),
    Case(quanta.uniform_eval_set, lambda: dict(task=parity_task(), per_task=2, seed=GEN(0)),
         dict(task=[STR, None], per_task=ints(1), seed=SEEDS)),
    Case(quanta.n_parameters, lambda: dict(width=4, input_dim=3), dict(width=ints(1), input_dim=ints(1))),
    Case(quanta.train_grid, lambda: dict(config=tiny_grid_config(), cache_dir=None, progress=False),
         dict(config=[STR, None], cache_dir=[3], progress=flags())),
    # valid=False: even the quick grid trains for seconds; the bad values must be rejected before training
    Case(quanta.book_grid, lambda: dict(quick=True, zeta=1.5, seeds=(0,), progress=False),
         dict(quick=flags(), zeta=pos(), seeds=[(-1,), (), (NAN,), STR], progress=flags()), valid=False),
    Case(quanta.convergence_config, lambda: dict(quick=True, zeta=1.5, long_run=False, seeds=(0,)),
         dict(quick=flags(), zeta=pos(), long_run=flags(), seeds=[(-1,), (), (NAN,), STR, 5])),
    # valid=False: trains for seconds, like book_grid; the bad values must be rejected before training
    Case(quanta.convergence_grid, lambda: dict(quick=True, zeta=1.5, long_run=False, seeds=(0,), progress=False),
         dict(quick=flags(), zeta=pos(), long_run=flags(), seeds=[(-1,), (), (NAN,), STR, 5], progress=flags()),
         valid=False),
    Case(quanta.loss_convergence,
         lambda: dict(loss_curve=[0.4, 0.3, 0.25, 0.2], eval_steps=[100, 200, 300, 400], window=0.25, tol=0.05),
         dict(loss_curve=arr([[0.4, 0.0, 0.2, 0.1], [0.4, -0.3, 0.2, 0.1], [0.4, 0.3]]),
              eval_steps=arr([[100, 100, 300, 400], [800, 900, 950, 1000], [-100, 200, 300, 400]]),
              window=unit([0.0, 1.0]), tol=pos())),
    Case(quanta.benchmark_accuracy, lambda: dict(acc=[[0.5, 1.0, 0.2]], freqs=[0.5, 0.3, 0.2]),
         dict(acc=probs([[0.5, 1.0]]), freqs=arr1([[0.5, 0.5], [0.5, -0.3, 0.8], [0.0, 0.0, 0.0]])),
         names=dict(freqs=["freqs", "acc"])),
    Case(quanta.group_accuracy, lambda: dict(acc=[[0.5, 1.0, 0.2]], groups={"a": [0, 1], "b": [2]}),
         dict(acc=arr(), groups=[STR, None, {"a": [9]}, {"a": []}, {"a": [0.5]}])),
    Case(quanta.rank_groups, lambda: dict(n_tasks=6, n_groups=3, names=("a", "b", "c")),
         dict(n_tasks=ints(1), n_groups=ints(1, [7]), names=[("a",), 3])),
    Case(quanta.stratified_report, lambda: dict(acc=[0.9, 0.5, 0.2, 0.1], freqs=[0.4, 0.3, 0.2, 0.1], n_strata=2),
         dict(acc=probs([[0.5, 0.5]]), freqs=arr1([[0.4, 0.3, 0.2, -0.1], [0.0] * 4]), n_strata=ints(1, [5]))),
    Case(quanta.learning_steps, lambda: dict(acc_curve=[[0.1, 0.2], [0.95, 0.5]], eval_steps=[0, 10], threshold=0.9),
         dict(acc_curve=[[[0.1, NAN], [0.9, 0.5]], [], STR, [[0.1, 0.2]], [[0.1, 1.5], [0.9, 0.5]]], eval_steps=arr1([[0]]),
              threshold=unit()),
         names=dict(eval_steps=["eval_steps", "acc_curve"])),
    Case(quanta.learning_order_correlation, lambda: dict(t_learn=[[10.0, 20.0, INF], [5.0, 50.0, 40.0]]),
         dict(t_learn=[[1.0, NAN], [], STR, [[-1.0, 2.0]]])),
    Case(quanta.finite_mean, lambda: dict(x=[1.0, NAN, 3.0], axis=None), dict(x=[STR, [STR]], axis=[5, STR])),
    Case(quanta.fit_accuracy_model, lambda: dict(log10_freq=[-2.0, -1.0, 0.0], acc=[0.6, 0.8, 0.99],
                                                 log10_size=None, floor=0.5),
         dict(log10_freq=arr([[-1.0]]), acc=probs([[0.5]]), log10_size=arr([[1.0, 2.0]]), floor=unit([1.0]))),
    Case(quanta.predict_accuracy, lambda: dict(model=accuracy_model(), log10_freq=[-1.0, 0.0], log10_size=None),
         dict(model=[STR, None], log10_freq=arr(), log10_size=arr([[1.0, 2.0, 3.0]]))),
    Case(quanta.mean_absolute_error, lambda: dict(pred=[0.1, 0.2], truth=[0.1, 0.3]),
         dict(pred=arr([[0.1]]), truth=arr([[0.1]]))),
    Case(quanta.accuracy_rows, lambda: dict(grid=tiny_grid()), dict(grid=[STR, None])),
    Case(quanta.holdout_evaluation, lambda: dict(grid=tiny_grid(), other_grids=(), n_folds=2, learned=0.75),
         dict(grid=[STR, None], other_grids=[[STR], 3], n_folds=ints(2, [5]), learned=unit())),
    Case(quanta.power_law_slope, lambda: dict(x=[1.0, 10.0, 100.0], y=[1.0, 0.5, 0.25]),
         dict(x=arr1([[1.0], [0.0, 1.0, 2.0]]), y=arr1([[1.0], [-1.0, 1.0, 2.0]]))),
    Case(quanta.quantization_exponents, lambda: dict(zeta=2.0), dict(zeta=pos(extra=[1.0]))),
    # ---- spectra ----------------------------------------------------------------------------------------------
    Case(spectra.mp_edges, lambda: dict(gamma=0.5, sigma2=1.0), dict(gamma=unit([0.0]), sigma2=pos())),
    Case(spectra.mp_pdf, lambda: dict(x=[0.5, 1.0], gamma=0.5, sigma2=1.0),
         dict(x=arr(), gamma=unit([0.0]), sigma2=pos())),
    Case(spectra.mp_cdf, lambda: dict(x=[0.5, 1.0], gamma=0.5, sigma2=1.0, num=201),
         dict(x=arr(), gamma=unit([0.0]), sigma2=pos(), num=ints(101))),
    Case(spectra.mp_moment, lambda: dict(k=2, gamma=0.5, sigma2=1.0),
         dict(k=ints(0), gamma=unit([0.0]), sigma2=pos())),
    Case(spectra.esd, lambda: dict(W=np.arange(15.0).reshape(5, 3), normalize=True),
         dict(W=arr([[1.0, 2.0], np.ones((0, 3)), np.ones((2, 2, 2))]), normalize=flags())),
    Case(spectra.random_matrix, lambda: dict(n=4, m=3, mu=None, seed=0),
         dict(n=ints(1), m=ints(1), mu=pos(), seed=SEEDS)),
    Case(spectra.fit_esd_power_law, lambda: dict(W_or_evals=pareto_sample(), is_evals=True),
         dict(W_or_evals=arr([[-1.0, -2.0]]), is_evals=flags())),
    Case(spectra.mp_bulk_fit, lambda: dict(evals=[0.5, 1.0, 1.5, 9.0], gamma=0.5, max_iter=10),
         dict(evals=arr([[-1.0, -2.0]]), gamma=unit([0.0]), max_iter=ints(1))),
    Case(spectra.martin_mahoney_alpha, lambda: dict(mu=1.0), dict(mu=arr([0.0, 2.0, -1.0]))),
    Case(spectra.bbp_threshold, lambda: dict(gamma=0.5), dict(gamma=unit([0.0]))),
    Case(spectra.additive_spike_threshold, lambda: dict(gamma=0.5), dict(gamma=unit([0.0]))),
    Case(spectra.additive_spike_top_eigenvalue, lambda: dict(theta=[0.5, 2.0], gamma=0.5),
         dict(theta=arr([[-1.0]]), gamma=unit([0.0]))),
    Case(spectra.additive_spike_overlaps, lambda: dict(theta=[0.5, 2.0], gamma=0.5),
         dict(theta=arr([[-1.0]]), gamma=unit([0.0]))),
    Case(spectra.simulate_additive_spikes, lambda: dict(thetas=[2.0, 1.0], gamma=0.5, M=6, seed=0, n_trials=1),
         dict(thetas=arr([[-1.0], list(range(1, 9))]), gamma=unit([0.0]), M=ints(2), n_trials=ints(1))),
    Case(spectra.bbp_top_eigenvalue, lambda: dict(ell=[1.0, 3.0], gamma=0.5),
         dict(ell=arr([[0.5]]), gamma=unit([0.0]))),
    Case(spectra.bbp_overlap, lambda: dict(ell=[1.0, 3.0], gamma=0.5), dict(ell=arr([[0.5]]), gamma=unit([0.0]))),
    Case(spectra.simulate_spiked_covariance, lambda: dict(ell=3.0, gamma=0.5, p=4, seed=0, n_trials=1),
         dict(ell=pos(extra=[0.5]), gamma=unit([0.0]), p=ints(2), seed=SEEDS, n_trials=ints(1))),
    Case(spectra.load_digits_split, lambda: dict(test_size=0.3, seed=0), dict(test_size=unit([0.0, 1.0]), seed=SEEDS)),
    Case(spectra.train_mlp_track_alpha, lambda: dict(hidden=(50,), epochs=1, lr=0.1, batch_size=512, seed=0,
                                                     track_every=1, progress=False),
         dict(hidden=[(), (0,), (NAN,), STR, 3], epochs=ints(1), lr=pos(), batch_size=ints(1),
              momentum=unit([1.0]), label_noise=unit(), seed=SEEDS, track_every=ints(1), progress=flags())),
    # ---- tails ------------------------------------------------------------------------------------------------
    Case(tails.stable_tail_constant, lambda: dict(a=1.5), dict(a=STABLE_A)),
    Case(tails.gclt_scale, lambda: dict(a=1.5, dist="pareto"), dict(a=STABLE_A, dist=["nope", 3])),
    Case(tails.heavy_tailed_draws, lambda: dict(a=1.5, size=5, dist="pareto", seed=0),
         dict(a=pos(), size=[-1, NAN, STR, (2, -1), 2.5], dist=["nope", 3], seed=SEEDS)),
    Case(tails.normalized_sums, lambda: dict(a=1.5, n=10, m=5, dist="t", seed=0),
         dict(a=pos(extra=[2.0]), n=ints(1), m=ints(1), dist=["nope", 3], seed=SEEDS)),
    Case(tails.stable_cdf_grid, lambda: dict(a=1.5, xmax=10.0, num=5),
         dict(a=[x for x in STABLE_A if x != 2.0], xmax=pos(), num=ints(3))),
    Case(tails.ks_distance_to_cdf, lambda: dict(sample=[0.1, 0.5], grid_x=[0.0, 1.0], grid_cdf=[0.0, 1.0]),
         dict(sample=arr1(), grid_x=arr1([[0.0], [1.0, 0.0]]), grid_cdf=probs([[0.0]]))),
    Case(tails.pareto_rvs, lambda: dict(a=1.5, size=5, xmin=1.0, seed=0),
         dict(a=pos(), size=[-1, NAN, STR, (2, -1), 2.5], xmin=pos(), seed=SEEDS)),
    Case(tails.pareto_top_share, lambda: dict(a=[1.5, 2.0], q=0.2), dict(a=arr([[1.0], [0.5]]), q=unit([0.0]))),
    Case(tails.pareto_alpha_for_share, lambda: dict(share=0.8, q=0.2),
         dict(share=unit([0.1, 1.0]), q=unit([0.0, 1.0]))),
    Case(tails.sample_top_share, lambda: dict(x=[1.0, 2.0, 10.0], q=0.2), dict(x=arr1([[0.0, 1.0]]), q=unit([0.0]))),
    Case(tails.brownian_walk, lambda: dict(n_steps=5, seed=0, dim=2), dict(n_steps=ints(1), seed=SEEDS, dim=ints(1))),
    Case(tails.levy_flight, lambda: dict(n_steps=5, a=1.5, seed=0, dim=2),
         dict(n_steps=ints(1), a=pos(), seed=SEEDS, dim=ints(1))),
    Case(tails.step_lengths, lambda: dict(path=[[0.0, 0.0], [1.0, 1.0]]),
         dict(path=[[[0.0, NAN], [1.0, 1.0]], [[0.0, INF], [1.0, 1.0]], [], STR, [1.0, 2.0], [[0.0, 0.0]]])),
    Case(tails.hill_estimator, lambda: dict(x=pareto_sample(), k=[5, 10]),
         dict(x=arr([[-1.0, 2.0], [1.0]]), k=ints(1, [200, [0, 5]]))),
    Case(tails.fit_power_law, lambda: dict(x=pareto_sample(), xmin=None, discrete=False, min_tail=10,
                                           max_candidates=30, xmax=None, ks="exact"),
         dict(x=arr([[-1.0, 2.0], [1.0, 2.0]]), xmin=pos(extra=[1e9]), discrete=flags([True]),
              min_tail=ints(2, [10**6]), max_candidates=ints(1), xmax=pos(extra=[1e-9]), ks=["nope", 3]),
         names=dict(xmax=["xmax", "x"], discrete=["discrete", "x"])),
    Case(tails.xmin_scan, lambda: dict(x=pareto_sample(), discrete=False, min_tail=10, max_candidates=30,
                                       ks="exact"),
         dict(x=arr([[-1.0, 2.0], [1.0, 2.0]]), discrete=flags([True]), min_tail=ints(2, [10**6]),
              max_candidates=ints(1), ks=["nope", 3]),
         names=dict(discrete=["discrete", "x"])),
    Case(tails.compare_tail_models,
         lambda: dict(fit=power_law_fit(), alternative="lognormal", boundary=False),
         dict(fit=[STR, None], alternative=["nope", 3], boundary=flags())),
    Case(tails.power_law_rvs, lambda: dict(alpha=2.5, xmin=1.0, size=5, discrete=False, seed=0),
         dict(alpha=pos(extra=[1.0, 0.5]), xmin=pos(), size=[-1, NAN, STR, (2, -1), 2.5], discrete=flags(),
              seed=SEEDS)),
    Case(tails.goodness_of_fit, lambda: dict(fit=power_law_fit(), n_boot=3, seed=0),
         dict(fit=[STR, None], n_boot=ints(1), seed=SEEDS)),
    Case(tails.bootstrap_uncertainty, lambda: dict(fit=power_law_fit(), n_boot=3, seed=0),
         dict(fit=[STR, None], n_boot=ints(2), seed=SEEDS)),
    Case(tails.csn_verdict, lambda: dict(p_gof=0.5, comparisons={"lognormal": (0.4, 0.7)}, threshold=0.1),
         dict(p_gof=unit(), threshold=unit(),
              comparisons=[STR, None, 3, {}, {"nope": (1.0, 0.5)}, {"lognormal": (NAN, 0.5)},
                           {"lognormal": (0.1, 1.5)}, {"lognormal": STR}])),
    Case(tails.csn_dataset, lambda: dict(name="flares"), dict(name=["nope", 3, None])),
    Case(tails.best_k_error, lambda: dict(x=[3.0, -2.0, 1.0], ks=[0, 1, 3], p=2.0, relative=True),
         dict(x=arr([[0.0, 0.0]]), ks=ints(0, [4, [0, 9]]), p=pos(), relative=flags())),
    Case(tails.best_k_rate, lambda: dict(a=1.5, p=2.0), dict(a=pos(), p=pos())),
    Case(tails.best_k_error_power_sequence, lambda: dict(a=1.5, n=10, ks=[0, 5], p=2.0),
         dict(a=pos(), n=ints(1), ks=ints(0, [11]), p=pos())),
    # ---- estimators -------------------------------------------------------------------------------------------
    Case(estimators.default_ks, lambda: dict(n_max=100, num=10), dict(n_max=ints(1), num=ints(1))),
    Case(estimators.fit_least_squares, lambda: dict(n=N20, c=C20, ks=None, n_boot=0, seed=0),
         dict(n=arr([[0] * 20]), c=arr([[-1] * 20, np.zeros(20), C_GT_N]), ks=ints(1, [[1], [1, 10**6]]),
              n_boot=ints(0), seed=SEEDS)),
    Case(estimators.fit_distributional, lambda: dict(n=N20, c=C20, family="beta", likelihood="exact", n_boot=0,
                                                     seed=0),
         dict(n=arr([[0] * 20]), c=arr([[-1] * 20, np.zeros(20), C_GT_N]), family=["nope", 3],
              likelihood=["nope", 3], scale=["nope", *unit([0.0])], forecast=["nope", 3],
              bins_per_decade=pos(), alpha=pos(), n_boot=ints(0), seed=SEEDS)),
    Case(estimators.fit_paper, lambda: dict(n=N20, c=C20, variant="discretized_beta", n_boot=0, seed=0),
         dict(n=arr([[0] * 20]), c=arr([[-1] * 20, np.zeros(20), C_GT_N]), variant=["nope", 3, None],
              n_boot=ints(0), seed=SEEDS)),
    Case(estimators.fit, lambda: dict(n=N20, c=C20, method=None, n_boot=0, seed=0),
         dict(n=arr([[0] * 20]), c=arr([[-1] * 20, np.zeros(20), C_GT_N]), method=["nope", 3], n_boot=ints(0),
              seed=SEEDS)),
    Case(estimators.measured_curve, lambda: dict(n=N20, c=C20, ks=None),
         dict(n=arr([[0] * 20]), c=arr([[-1] * 20, C_GT_N]), ks=ints(1, [[1, 10**6]]))),
    Case(estimators.target_neg_log_pass, lambda: dict(n=N20, c=C20, k=10),
         dict(n=arr([[0] * 20]), c=arr([[-1] * 20, np.zeros(20), C_GT_N]), k=ints(1, [10**6]))),
]

# ---- public methods of public classes, and the constructors that validate (dataclasses with __post_init__) --
CASES += [
    Case(estimators.PassAtKFit.neg_log_pass_at_k, lambda: dict(self=ls_fit(), k=[1, 100]), dict(k=REAL_K)),
    Case(estimators.PassAtKFit.pass_at_k, lambda: dict(self=ls_fit(), k=[1, 100]), dict(k=REAL_K)),
    Case(estimators.PassAtKFit.interval, lambda: dict(self=ls_fit(n_boot=20), k=100, level=0.9),
         dict(k=REAL_K, level=unit([0.0, 1.0, 0.99]))),  # 0.99 needs 200 resamples: refused with n_boot=20
    Case(estimators.PassAtKFit.exponent_interval, lambda: dict(self=ls_fit(n_boot=20), level=0.9),
         dict(level=unit([0.0, 1.0, 0.99]))),
    Case(estimators.PassAtKFit.bootstrap, lambda: dict(self=ls_fit(n_boot=5), progress=False),
         dict(progress=flags())),
    Case(passk.TailLaw.neg_log_pass_at_k, lambda: dict(self=passk.tail_law(BETA), k=[1, 100]), dict(k=REAL_K)),
    Case(quanta.AccuracyModel.boundary_log10_freq, lambda: dict(self=accuracy_model(), n_params=[100, 1000]),
         dict(n_params=arr([[0.0], [-10.0]]))),
    # an element-wise evaluator: inf (ccdf 0) and an empty array (empty result) are valid
    Case(tails.PowerLawFit.ccdf, lambda: dict(self=power_law_fit(), x=[1.0, 10.0]), dict(x=[[1.0, NAN], STR, [STR]])),
    Case(tails.PowerLawFit.compare, lambda: dict(self=power_law_fit(), alternative="exponential"),
         dict(alternative=["nope", 3])),
    Case(data.CountsSource.model, lambda: dict(self=data.CountsSource(counts_frame(), False, Path("x")), name="A"),
         dict(name=["nope", 3, None], benchmark=["A", 3]), names=dict(name=["name", "model"])),
    Case(data.CountsSource.notice, lambda: dict(self=data.CountsSource(counts_frame(), True, None), simulated_note=""),
         dict(simulated_note=[3, None, ["x"]])),
    Case(ciphers.CipherConfig, lambda: dict(zeta=1.5, context=1, history=1, width=8, steps=2, batch=8, lr=1e-3,
                                            train_fraction=0.8),
         dict(zeta=pos(), context=ints(0), history=ints(0), width=ints(1), steps=ints(1), batch=ints(1), lr=pos(),
              train_fraction=unit([0.0, 1.0]))),
    Case(quanta.GridConfig, lambda: dict(n_tasks=4, n_bits=6, k=2, zeta=1.5, widths=(4,), seeds=(0,), steps=4, batch=16,
                                         lr=1e-3, eval_every=2, eval_per_task=4, task_seed=0),
         dict(n_tasks=ints(1), n_bits=ints(1), k=ints(1, [7]), zeta=pos(), widths=[(), (0,), (NAN,), STR, 3],
              seeds=[(), (-1,), (2.5,), STR, 3], steps=ints(1), batch=ints(1), lr=pos(), eval_every=ints(1),
              eval_per_task=ints(1), task_seed=ints(0))),
]

# ---- the per-page setup of the notebooks, and the power-law helpers every part shares
from heavytail import notebook as page_setup  # noqa: E402
from heavytail import scaling  # noqa: E402

CASES += [
    Case(scaling.loglog_slope, lambda: dict(x=[1.0, 10.0, 100.0], y=[1.0, 0.5, 0.25], base=10.0),
         dict(x=arr1([[1.0], [0.0, 1.0, 2.0]]), y=arr1([[1.0], [1.0, -1.0, 0.5]]), base=pos(extra=[1.0]))),
    Case(scaling.zipf_frequencies, lambda: dict(n=5, exponent=1.0), dict(n=ints(1), exponent=pos(strict=False))),
    Case(page_setup.setup, lambda: dict(quick=True, seed=0),
         dict(quick=flags([None]), seed=SEEDS + [None], threads=ints(1))),
]

# ---- heavytail.depth: depth against width at a fixed parameter count (Part IV 08)
from heavytail import depth  # noqa: E402


def tiny_depth_config(**kw):
    return depth.DepthConfig(**{**dict(n_tasks=3, n_bits=4, k=1, depths=(1, 2), budgets=(200,), seeds=(0, 1),
                                       steps=2, batch=8, eval_every=1, eval_per_task=4), **kw})


@cache
def tiny_sweep():
    return depth.train_sweep(tiny_depth_config())


CASES += [
    Case(depth.n_parameters, lambda: dict(width=4, depth=2, input_dim=3),
         dict(width=ints(1), depth=ints(1), input_dim=ints(1))),
    Case(depth.width_for_budget, lambda: dict(budget=500, depth=2, input_dim=10, rtol=0.05),
         dict(budget=ints(1, [3]), depth=ints(1), input_dim=ints(1), rtol=unit([0.0, 1.0])),
         names=dict(budget=["budget"], rtol=["rtol"])),
    Case(depth.DepthConfig, lambda: dict(n_tasks=3, n_bits=4, k=1, zeta=1.5, depths=(1, 2), budgets=(200,),
                                         seeds=(0,), steps=2, batch=8, lr=1e-3, eval_every=1, eval_per_task=4,
                                         task_seed=0, rtol=0.05),
         dict(n_tasks=ints(1), n_bits=ints(1), k=ints(1, [5]), zeta=pos(), depths=[(), (0,), (NAN,), (1, 1), STR, 3],
              budgets=[(), (0,), (2.5,), (5,), STR, 3], seeds=[(), (-1,), (2.5,), STR, 3], steps=ints(1),
              batch=ints(1), lr=pos(), eval_every=ints(1), eval_per_task=ints(1), task_seed=ints(0),
              rtol=unit([0.0, 1.0])),
         names=dict(budgets=["budgets", "budget"])),
    Case(depth.train_sweep, lambda: dict(config=tiny_depth_config(), cache_dir=None, progress=False),
         dict(config=[STR, None, 3], cache_dir=[3, 2.5], progress=flags())),
    Case(depth.book_sweep, lambda: dict(quick=True, progress=False),
         dict(quick=flags([None]), seed=ints(0), progress=flags())),
    Case(depth.mean_interval, lambda: dict(x=[1.0, 2.0, 4.0], axis=0, level=0.95),
         dict(x=arr([[1.0]]), axis=[5, STR, 1.5], level=unit([0.0, 1.0]))),
    Case(depth.paired_interval, lambda: dict(a=[1.0, 2.0, 4.0], b=[0.0, 1.0, 1.0], axis=0, level=0.95),
         dict(a=arr([[1.0, 2.0]]), b=arr([[1.0, 2.0]]), axis=[5, STR], level=unit([0.0, 1.0]))),
    Case(depth.group_summary, lambda: dict(result=tiny_sweep(), threshold=0.9),
         dict(result=[STR, None], threshold=unit([0.5]))),
    Case(depth.summary_table, lambda: dict(result=tiny_sweep(), threshold=0.9, level=0.95),
         dict(result=[STR, None], threshold=unit([0.5]), level=unit([0.0, 1.0]))),
]

# Public functions and methods that take nothing to validate. Keep this list short and say why.
NOT_VALIDATED = {
    "notebook.Page.seconds",           # no arguments
    "plotting.use_style",              # no arguments
    "plotting.figure_dir",             # no arguments (reads an environment variable)
    "quanta.default_cache_dir",        # no arguments
    "zoo.default_cache_dir",           # no arguments
    "neural_composition.default_cache_dir",  # no arguments
    "quanta.GridConfig.task",          # no arguments (the config validated itself when it was built)
    "depth.DepthConfig.task",          # no arguments (the config validated itself when it was built)
    "depth.DepthConfig.widths",        # no arguments (the config validated itself when it was built)
    "data.bundled_counts_path",        # no arguments
    "tails.PowerLawFit.loglik",        # no arguments
}


# --------------------------------------------------------------------------------------------------------------
# Machinery
# --------------------------------------------------------------------------------------------------------------
class _Timeout(Exception):
    pass


def _alarm(signum, frame):
    raise _Timeout("the call ran for more than 20 s: a bad value was not rejected up front")


def _call(func, kwargs):
    """Call with numpy's RuntimeWarnings as errors and a 20 s guard (a missed check may start a long run)."""
    old = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(20)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", RuntimeWarning)
            return func(**kwargs)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def _public_functions():
    out = {}
    for info in pkgutil.iter_modules(heavytail.__path__):
        if info.name.startswith("_"):
            continue
        mod = importlib.import_module(f"heavytail.{info.name}")
        names = set(getattr(mod, "__all__", [])) | {n for n in vars(mod) if not n.startswith("_")}
        for name in sorted(names):
            obj = getattr(mod, name, None)
            if name.startswith("_") or getattr(obj, "__module__", None) != mod.__name__:
                continue
            if inspect.isfunction(obj):
                out[f"{info.name}.{name}"] = obj
            elif inspect.isclass(obj):  # its public methods, and its constructor when it validates
                if "__post_init__" in vars(obj):
                    out[f"{info.name}.{name}"] = obj
                for meth, fn in vars(obj).items():
                    if inspect.isfunction(fn) and not meth.startswith("_"):
                        out[f"{info.name}.{name}.{meth}"] = fn
    return out


def _default_is_none(case, arg):
    param = inspect.signature(case.func).parameters.get(arg)
    return param is not None and param.default is None


def _value_id(value) -> str:
    """A test id that is the same in every process (pytest-xdist compares the collections of its workers)."""
    text = repr(value)
    if " at 0x" in text:       # functions and other objects shown with their memory address
        text = re.sub(r" at 0x[0-9a-f]+", "", text)
    return text[:30]


def _param(case, arg, value):
    return pytest.param(case, arg, value, id=f"{case.id}-{arg}={_value_id(value)}")


# None is skipped where it is the argument's (valid) default
BAD_PARAMS = [_param(case, arg, value) for case in CASES for arg, values in case.bad.items() for value in values
              if not (value is None and _default_is_none(case, arg))]


def test_every_public_function_is_covered():
    covered = {case.id for case in CASES}
    missing = sorted(set(_public_functions()) - covered - NOT_VALIDATED)
    assert not missing, f"public functions without a robustness case in tests/test_robustness.py: {missing}"
    stale = sorted((covered | NOT_VALIDATED) - set(_public_functions()))
    assert not stale, f"the robustness table names functions that no longer exist: {stale}"


def test_table_names_real_arguments():
    for case in CASES:
        params = inspect.signature(case.func).parameters
        unknown = [a for a in (*case.kwargs(), *case.bad) if a not in params]
        assert not unknown, f"{case.id}: no such argument(s) {unknown}"


@pytest.mark.parametrize("case", [c for c in CASES if c.valid], ids=lambda c: c.id)
def test_valid_call_works(case):
    # No wall-clock limit here (timings belong in bench/): the examples are kept small by review.
    _call(case.func, case.kwargs())


@pytest.mark.parametrize("case, arg, value", BAD_PARAMS)
def test_bad_value_is_rejected(case, arg, value):
    kwargs = case.kwargs()
    kwargs[arg] = value.f(kwargs) if isinstance(value, Derived) else value
    try:
        result = _call(case.func, kwargs)
    except (ValueError, TypeError) as exc:
        words = case.names.get(arg, [arg])
        msg = str(exc)
        assert any(re.search(rf"(?<![A-Za-z0-9_]){re.escape(w)}(?![A-Za-z0-9_])", msg) for w in words), (
            f"{case.id}({arg}={value!r}) raised {type(exc).__name__} without naming {arg!r}: {msg}")
    except Exception as exc:  # noqa: BLE001 - any other exception type is the failure we are looking for
        pytest.fail(f"{case.id}({arg}={value!r}) raised {type(exc).__name__} instead of ValueError/TypeError: "
                    f"{exc}")
    else:
        pytest.fail(f"{case.id}({arg}={value!r}) returned {str(result)[:100]!r} instead of raising")


# --------------------------------------------------------------------------------------------------------------
# Malformed CSV rows and sample files
# --------------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("text, word", [
    ("problem,n,c\n0,10,3\n1,10,\n", "c"),              # missing value
    ("problem,n,c\n0,10,3\n1,ten,2\n", "n"),            # not a number
    ("problem,n,c\n0,10,3\n1,10,2.5\n", "c"),           # not an integer
    ("problem,n,c\n0,10,3\n1,0,0\n", "n"),              # n < 1
    ("problem,n,c\n0,10,3\n1,10,-1\n", "c"),            # c < 0
    ("problem,n,c\n0,10,3\n1,10,11\n", "c"),            # c > n
    ("problem,n,c\n0,10,3\n0,10,2\n", "problem"),       # duplicate problem
    ("problem,n\n0,10\n", "c"),                         # missing column
    ("problem,n,c\n", "rows"),                          # header only
    ("", "CSV"),                                        # empty file
    ("problem,n,c\n0,10,3,7,8\n", "CSV"),               # ragged row
    ("problem,n,c\n0,inf,3\n", "n"),                    # infinite count
    ("model,problem,n,c\nA,0,10,3\n,1,10,2\n", "model"),  # missing model name
])
def test_malformed_csv_rows(tmp_path, text, word):
    path = tmp_path / "counts.csv"
    path.write_text(text)
    with pytest.raises(ValueError) as info:
        _call(data.load_counts, dict(path=path))
    assert re.search(rf"\b{word}\b", str(info.value)), str(info.value)


@pytest.mark.parametrize("line", [
    '{"problem_idx": 1, "is_corrects": []}',
    '{"problem_idx": 1, "is_corrects": [true, 2]}',
    '{"problem_idx": 1, "is_corrects": "yes"}',
    '{"problem_idx": 1, "is_corrects": null}',
    '{"problem_idx": 1, "is_corrects": [true, null]}',
])
def test_malformed_sample_rows(tmp_path, line):
    path = tmp_path / "samples.jsonl"
    path.write_text('{"problem_idx": 0, "is_corrects": [true, false]}\n' + line + "\n")
    with pytest.raises(ValueError, match="is_corrects"):
        _call(data.counts_from_samples, dict(path=path))


# --------------------------------------------------------------------------------------------------------------
# Properties (hypothesis)
# --------------------------------------------------------------------------------------------------------------
_CELLS = st.one_of(st.integers(-5, 30).map(str), st.sampled_from(["", "nan", "inf", "-inf", "2.5", "ten", "1e3", " "]))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(_CELLS, min_size=2, max_size=4), min_size=0, max_size=5))
def test_any_csv_is_either_valid_counts_or_a_value_error(tmp_path_factory, rows):
    """Random rows under a ``problem,n,c`` header: load_counts returns a valid table or raises ValueError."""
    path = tmp_path_factory.mktemp("csv") / "counts.csv"
    path.write_text("problem,n,c\n" + "".join(",".join(r) + "\n" for r in rows))
    try:
        out = _call(data.load_counts, dict(path=path))
    except ValueError:
        return
    assert len(out) > 0 and (out["n"] >= 1).all() and (out["c"] >= 0).all() and (out["c"] <= out["n"]).all()
    assert not out["problem"].duplicated().any()

@settings(max_examples=50, deadline=None)
@given(st.lists(st.integers(1, 50), min_size=1, max_size=6), st.data())
def test_pass_at_k_rejects_any_c_above_n(n, draw):
    i = draw.draw(st.integers(0, len(n) - 1))
    c = [draw.draw(st.integers(0, m)) for m in n]
    c[i] = n[i] + draw.draw(st.integers(1, 5))
    with pytest.raises(ValueError, match=r"\bc\b"):
        passk.pass_at_k(n, c, 1)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.floats(0, 1), min_size=1, max_size=6), st.data())
def test_probability_arguments_reject_any_bad_entry(p, draw):
    i = draw.draw(st.integers(0, len(p) - 1))
    p[i] = draw.draw(st.one_of(st.floats(1.0, 1e300, exclude_min=True), st.floats(-1e300, 0.0, exclude_max=True),
                               st.just(NAN), st.just(INF)))
    for func, kwargs in [(passk.half_life, {}), (passk.expected_failure, dict(k=3)),
                         (deviations.exact_curve, dict(ks=[1, 10]))]:
        arg = "p" if func is not passk.expected_failure else "dist"
        with pytest.raises(ValueError, match=rf"\b{arg}\b"):
            _call(func, {**kwargs, arg: p})


@settings(max_examples=50, deadline=None)
@given(st.one_of(st.floats(allow_nan=True, allow_infinity=True, allow_subnormal=False),
                 st.integers(-10**6, 10**6), st.text(max_size=3)))
def test_scalar_checks_never_return_nan(x):
    """Any scalar either passes validation and gives a finite result, or is rejected with the argument's name.

    (Subnormal floats are left out: 1/a overflows to inf for a < 5.6e-309, an honest limit, not a bug.)"""
    for func, arg, kwargs in [(tails.best_k_rate, "a", dict(p=2.0)), (spectra.mp_edges, "gamma", {}),
                              (distributions.continuous_bernoulli, "lam", {}),
                              (tails.pareto_alpha_for_share, "share", dict(q=0.2)),
                              (composition.zipf_frequencies, "alpha", dict(d=4))]:
        try:
            out = _call(func, {**kwargs, arg: x})
        except (ValueError, TypeError) as exc:
            assert re.search(rf"\b{arg}\b", str(exc)), str(exc)
        else:
            if not hasattr(out, "dist"):
                assert np.all(np.isfinite(np.asarray(out, dtype=float))), (func.__name__, x, out)
