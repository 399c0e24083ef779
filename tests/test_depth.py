"""Tests of heavytail.depth: parameter matching, the batched trainer, the cache and the interval summaries."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from heavytail import depth, quanta

torch = pytest.importorskip("torch")


def tiny(**kw):
    base = dict(n_tasks=3, n_bits=4, k=1, depths=(1, 2), budgets=(200,), seeds=(0, 1), steps=3, batch=8,
                eval_every=2, eval_per_task=4)
    return depth.DepthConfig(**{**base, **kw})


# ---- parameter counts and widths ---------------------------------------------------------------------------

@settings(deadline=None)
@given(width=st.integers(1, 200), n_layers=st.integers(1, 6), input_dim=st.integers(1, 100))
def test_n_parameters_matches_torch(width, n_layers, input_dim):
    dims = [input_dim] + [width] * n_layers + [1]
    count = sum(a * b + b for a, b in zip(dims[:-1], dims[1:]))
    assert depth.n_parameters(width, n_layers, input_dim) == count
    if width <= 20 and n_layers <= 2:
        layers = [torch.nn.Linear(a, b) for a, b in zip(dims[:-1], dims[1:])]
        assert sum(p.numel() for m in layers for p in m.parameters()) == count


def test_one_layer_count_agrees_with_quanta():
    for w in (8, 64, 256):
        assert depth.n_parameters(w, 1, 56) == quanta.n_parameters(w, 56)


@settings(deadline=None)
@given(budget=st.integers(2000, 200_000), n_layers=st.integers(1, 6), input_dim=st.integers(4, 100))
def test_width_for_budget_is_nearest_and_within_tolerance(budget, n_layers, input_dim):
    try:
        w = depth.width_for_budget(budget, n_layers, input_dim)
    except ValueError as exc:
        # refused only when no width comes within 5 % (a small budget for a deep net: the count jumps by more
        # than 10 % from one width to the next; found by hypothesis at budget 2000, 6 layers, input 90)
        counts = np.array([depth.n_parameters(h, n_layers, input_dim) for h in range(1, 400)])
        assert np.abs(counts - budget).min() / budget > 0.05, exc
        return
    err = abs(depth.n_parameters(w, n_layers, input_dim) - budget)
    assert err / budget <= 0.05
    for other in (w - 1, w + 1):               # no neighbouring width is closer to the budget
        if other >= 1:
            assert abs(depth.n_parameters(other, n_layers, input_dim) - budget) >= err


def test_width_for_budget_exact_for_one_layer():
    assert depth.width_for_budget(quanta.n_parameters(64, 56), 1, 56) == 64


def test_book_budgets_match_within_a_few_percent():
    cfg = depth.DepthConfig()
    widths = cfg.widths()
    assert widths.shape == (len(cfg.budgets), len(cfg.depths))
    for b, budget in enumerate(cfg.budgets):
        for j, d in enumerate(cfg.depths):
            assert abs(depth.n_parameters(int(widths[b, j]), d, cfg.input_dim) / budget - 1) < 0.05
    assert (np.diff(widths, axis=1) < 0).all()  # deeper = thinner at every budget


@pytest.mark.parametrize("kwargs, word", [
    (dict(budget=10, depth=4, input_dim=56), "budget"),
    (dict(budget=0, depth=1, input_dim=56), "budget"),
    (dict(budget=1000, depth=0, input_dim=56), "depth"),
    (dict(budget=1000, depth=2, input_dim=-1), "input_dim"),
    (dict(budget=1000, depth=2, input_dim=56, rtol=0.0), "rtol"),
])
def test_width_for_budget_rejects_bad_input(kwargs, word):
    with pytest.raises(ValueError, match=word) as info:
        depth.width_for_budget(**kwargs)
    assert "\n" not in str(info.value)


@pytest.mark.parametrize("kwargs, word", [
    (dict(depths=()), "depths"),
    (dict(depths=(1, 1)), "depths"),
    (dict(depths=(0,)), "depths"),
    (dict(budgets=(5,)), "budget"),
    (dict(seeds=(-1,)), "seeds"),
    (dict(k=9), "k"),
    (dict(lr=0.0), "lr"),
    (dict(steps=0), "steps"),
])
def test_config_rejects_bad_input(kwargs, word):
    with pytest.raises(ValueError, match=word) as info:
        tiny(**kwargs)
    assert "\n" not in str(info.value)


def test_config_rejects_non_tuples():
    with pytest.raises(TypeError, match="depths"):
        tiny(depths="12")


# ---- training ----------------------------------------------------------------------------------------------

def test_shapes_and_checkpoints():
    cfg = tiny(steps=5, eval_every=2)
    r = depth.train_sweep(cfg)
    assert list(r.eval_steps) == [2, 4, 5]
    assert r.acc.shape == (3, 1, 2, 2, 3)
    assert r.final_acc.shape == (1, 2, 2, 3)
    assert r.widths.shape == r.params.shape == (1, 2)
    assert ((r.acc >= 0) & (r.acc <= 1)).all()
    np.testing.assert_allclose(r.freqs, quanta.zipf_frequencies(3, 1.5))


def test_deterministic_with_fixed_seed():
    a = depth.train_sweep(tiny(steps=20))
    b = depth.train_sweep(tiny(steps=20))
    np.testing.assert_array_equal(a.acc, b.acc)


def test_a_run_does_not_depend_on_the_rest_of_the_sweep():
    both = depth.train_sweep(tiny(steps=30, seeds=(0, 1), depths=(1, 2)))
    alone = depth.train_sweep(tiny(steps=30, seeds=(1,), depths=(2,)))
    np.testing.assert_allclose(alone.final_acc[0, 0, 0], both.final_acc[0, 1, 1], atol=1e-6)


def test_learns_an_easy_task():
    # two subtasks, the parity of a single bit: every architecture should get it right
    cfg = depth.DepthConfig(n_tasks=2, n_bits=4, k=1, zeta=1.0, depths=(1, 2, 3), budgets=(400,), seeds=(0,),
                            steps=300, batch=64, lr=1e-2, eval_every=300, eval_per_task=64)
    r = depth.train_sweep(cfg)
    assert r.final_acc.min() > 0.95


def test_cache_round_trip(tmp_path):
    cfg = tiny(steps=4)
    first = depth.train_sweep(cfg, cache_dir=tmp_path)
    files = sorted(p.name for p in tmp_path.iterdir())
    assert len([f for f in files if f.startswith("depth-") and f.endswith(".npz")]) == 1
    assert ".gitignore" in files and not [f for f in files if ".tmp" in f]
    second = depth.train_sweep(cfg, cache_dir=tmp_path)
    np.testing.assert_array_equal(first.acc, second.acc)
    np.testing.assert_array_equal(first.eval_steps, second.eval_steps)
    assert second.seconds == pytest.approx(first.seconds)
    depth.train_sweep(tiny(steps=5), cache_dir=tmp_path)             # another config: another key
    assert len(list(tmp_path.glob("depth-*.npz"))) == 2


def test_cache_key_covers_config():
    assert depth._cache_key(tiny(steps=4)) != depth._cache_key(tiny(steps=5))
    assert depth._cache_key(tiny(steps=4)) == depth._cache_key(tiny(steps=4))


# ---- summaries ---------------------------------------------------------------------------------------------

@settings(max_examples=30, deadline=None)
@given(st.lists(st.floats(-10, 10), min_size=2, max_size=12), st.floats(0.5, 0.99))
def test_mean_interval_matches_scipy(values, level):
    x = np.array(values)
    m, lo, hi = depth.mean_interval(x, level=level)
    assert m == pytest.approx(x.mean())
    if x.std() > 1e-9:
        ref = stats.t.interval(level, x.size - 1, loc=x.mean(), scale=stats.sem(x))
        assert (lo, hi) == pytest.approx(ref, rel=1e-9, abs=1e-12)
    assert lo <= m <= hi


def test_paired_interval_is_interval_of_differences():
    a, b = np.array([[1.0, 2.0], [2.0, 3.5], [4.0, 3.0]]), np.array([[0.0, 1.0], [1.0, 1.0], [1.0, 2.0]])
    for got, want in zip(depth.paired_interval(a, b), depth.mean_interval(a - b)):
        np.testing.assert_allclose(got, want)
    with pytest.raises(ValueError, match="same shape"):
        depth.paired_interval(a, b[:2])


def test_mean_interval_needs_two_values():
    with pytest.raises(ValueError, match="at least 2"):
        depth.mean_interval([[1.0, 2.0]], axis=0)


def test_group_summary_and_table_agree():
    r = depth.train_sweep(tiny(steps=10))
    s = depth.group_summary(r)
    assert s["benchmark"].shape == (1, 2, 2)
    final = r.final_acc
    np.testing.assert_allclose(s["tail"], final[..., 2:].mean(-1))
    np.testing.assert_allclose(s["benchmark"], final @ r.freqs)
    np.testing.assert_array_equal(s["learned"], (final >= 0.9).sum(-1))
    table = depth.summary_table(r)
    assert list(table["depth"]) == [1, 2]
    assert table.loc[0, "tail_diff"] == 0.0
    np.testing.assert_allclose(table.loc[1, "tail_diff"], (s["tail"][0, 1] - s["tail"][0, 0]).mean())
    assert (table["benchmark_lo"] <= table["benchmark"]).all()
    assert (table["benchmark"] <= table["benchmark_hi"]).all()


def test_summary_table_needs_two_seeds():
    r = depth.train_sweep(tiny(seeds=(0,)))
    with pytest.raises(ValueError, match="2 seeds"):
        depth.summary_table(r)


def test_book_sweep_quick_is_small():
    r = depth.book_sweep(True, progress=False)
    assert r.final_acc.shape == (2, 3, 3, 16)
    assert len(r.config.seeds) >= 2
    assert depth.book_sweep(True, seed=7, progress=False).config.seeds == (7, 8, 9)
