"""Tests of heavytail.quanta: the multitask sparse parity generator, training and the fits."""

import dataclasses

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from heavytail import quanta as q


def test_zipf_frequencies_closed_form():
    p = q.zipf_frequencies(10, 1.5)
    assert p.sum() == pytest.approx(1.0)
    i = np.arange(1, 11)
    assert np.allclose(p[0] / p, i ** 1.5)


@pytest.mark.parametrize("kwargs, name", [
    (dict(n_tasks=0), "n_tasks"), (dict(zeta=0.0), "zeta"), (dict(zeta=-1.0), "zeta"),
    (dict(k=5, n_bits=4), "k"), (dict(k=0), "k"), (dict(n_bits=0), "n_bits"),
])
def test_make_task_rejects_bad_parameters(kwargs, name):
    with pytest.raises(ValueError, match=name):
        q.make_task(**kwargs)
    with pytest.raises(ValueError, match=name):
        q.GridConfig(**kwargs)


def test_grid_config_rejects_empty_grids():
    with pytest.raises(ValueError, match="widths"):
        q.GridConfig(widths=())
    with pytest.raises(ValueError, match="seeds"):
        q.GridConfig(seeds=())


def test_task_bits_are_distinct_sorted_and_in_range():
    task = q.make_task(n_tasks=50, n_bits=12, k=4, seed=3)
    assert task.bits.shape == (50, 4)
    assert (np.diff(task.bits, axis=1) > 0).all()
    assert task.bits.min() >= 0 and task.bits.max() < 12


def test_generator_frequencies_match_zipf():
    task = q.make_task(n_tasks=20, n_bits=8, k=3, zeta=1.2, seed=0)
    n = 200_000
    _, _, t = q.sample_batch(task, n, np.random.default_rng(1))
    emp = np.bincount(t, minlength=20) / n
    se = np.sqrt(task.freqs * (1 - task.freqs) / n)
    assert np.all(np.abs(emp - task.freqs) < 5 * se)
    # and a chi-square goodness of fit that does not reject at the 0.1% level
    from scipy import stats
    chi2 = ((np.bincount(t, minlength=20) - n * task.freqs) ** 2 / (n * task.freqs)).sum()
    assert stats.chi2.sf(chi2, df=19) > 1e-3


@settings(max_examples=25, deadline=None)
@given(n_tasks=st.integers(1, 12), n_bits=st.integers(1, 16), data=st.data())
def test_labels_are_parities_of_the_declared_bits(n_tasks, n_bits, data):
    k = data.draw(st.integers(1, n_bits))
    task = q.make_task(n_tasks=n_tasks, n_bits=n_bits, k=k, zeta=1.0, seed=data.draw(st.integers(0, 99)))
    x, y, t = q.sample_batch(task, 300, np.random.default_rng(0))
    code, bits = x[:, :n_tasks], x[:, n_tasks:].astype(int)
    assert np.array_equal(code.argmax(axis=1), t) and np.array_equal(code.sum(axis=1), np.ones(300))
    assert set(np.unique(bits)) <= {0, 1}
    for j in range(300):
        assert y[j] == bits[j, task.bits[t[j]]].sum() % 2


def test_uniform_eval_set_has_equal_counts():
    task = q.make_task(n_tasks=7, n_bits=6, k=2)
    x, y, t = q.uniform_eval_set(task, 11, np.random.default_rng(0))
    assert np.array_equal(np.bincount(t), np.full(7, 11))
    assert x.shape == (77, 13)


def test_generator_is_seeded():
    task = q.make_task(seed=5)
    a = q.sample_batch(task, 64, np.random.default_rng(9))
    b = q.sample_batch(task, 64, np.random.default_rng(9))
    assert all(np.array_equal(u, v) for u, v in zip(a, b))
    assert np.array_equal(task.bits, q.make_task(seed=5).bits)


def _digest(a) -> str:
    import hashlib
    return hashlib.sha256(np.ascontiguousarray(a).tobytes()).hexdigest()[:16]


def test_batches_are_bit_identical_to_the_rng_version():
    """Renaming ``rng`` to ``seed`` (issue 12) changed no draw: values recorded with main's code at 663e6e5,
    where both functions took ``rng``, from the Generators the training loops build."""
    task = q.make_task(8, 10, 3, 1.5, seed=0)
    x, y, t = q.sample_batch(task, 12, np.random.default_rng([3, 1]))
    assert t.tolist() == [0, 0, 0, 0, 1, 4, 0, 1, 2, 1, 1, 0]
    assert y.tolist() == [1, 1, 0, 0, 0, 1, 0, 1, 0, 0, 0, 1]
    assert _digest(x) == "5b8f9d14ae026a1e"
    x, y, t = q.uniform_eval_set(task, 2, np.random.default_rng([3, 2]))
    assert t.tolist() == [0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7]
    assert y.tolist() == [0, 1, 1, 1, 0, 0, 1, 1, 0, 1, 0, 1, 0, 0, 1, 0]
    assert _digest(x) == "0845c82a36a0a363"


@pytest.mark.parametrize("draw, n", [(q.sample_batch, 32), (q.uniform_eval_set, 3)])
def test_seed_takes_an_int_or_a_generator(draw, n):
    """An int seed gives the stream of ``default_rng(seed)``; a Generator is used, and advanced, as it is."""
    task = q.make_task(n_tasks=5, n_bits=6, k=2, seed=1)
    by_int = draw(task, n, seed=7)
    by_gen = draw(task, n, seed=np.random.default_rng(7))
    assert all(np.array_equal(u, v) for u, v in zip(by_int, by_gen))
    gen = np.random.default_rng(7)
    first, second = draw(task, n, gen), draw(task, n, gen)
    assert not np.array_equal(first[0], second[0])     # the same Generator moves on between calls


@pytest.mark.parametrize("draw", [q.sample_batch, q.uniform_eval_set])
@pytest.mark.parametrize("seed, exc", [(-1, ValueError), ("x", TypeError), (None, TypeError)])
def test_bad_seed_is_rejected_naming_seed(draw, seed, exc):
    with pytest.raises(exc, match="seed"):
        draw(q.make_task(n_tasks=3, n_bits=4, k=2), 2, seed)


def test_n_parameters():
    assert q.n_parameters(10, 5) == 6 * 10 + 10 + 1


TINY = q.GridConfig(n_tasks=4, n_bits=8, k=2, zeta=1.0, widths=(4, 64), seeds=(0,), steps=300, batch=256,
                    lr=1e-2, eval_every=100, eval_per_task=128)


def test_train_grid_shapes_determinism_and_cache(tmp_path):
    r1 = q.train_grid(TINY, cache_dir=tmp_path)
    assert r1.acc.shape == (1, 3, 2, 4) and r1.loss.shape == (1, 3, 2, 4)
    assert np.array_equal(r1.eval_steps, [100, 200, 300])
    assert ((r1.acc >= 0) & (r1.acc <= 1)).all()
    files = list(tmp_path.glob("grid-*.npz"))
    assert len(files) == 1 and (tmp_path / ".gitignore").exists()
    r2 = q.train_grid(TINY, cache_dir=tmp_path)          # loaded from the cache
    assert np.array_equal(r1.acc, r2.acc)
    r3 = q.train_grid(TINY)                              # recomputed: same seed, same numbers
    assert np.allclose(r1.acc, r3.acc)
    # the wide model learns the most frequent subtask
    assert r1.final_acc[0, 1, 0] > 0.95
    other = q.train_grid(dataclasses.replace(TINY, steps=200, eval_every=100), cache_dir=tmp_path)
    assert other.acc.shape[1] == 2 and len(list(tmp_path.glob("grid-*.npz"))) == 2


def test_benchmark_and_groups():
    acc = np.array([[1.0, 0.5, 0.5], [1.0, 1.0, 0.5]])
    p = np.array([0.5, 0.3, 0.2])
    assert np.allclose(q.benchmark_accuracy(acc, p), [0.75, 0.9])
    g = q.group_accuracy(acc, {"head": slice(0, 1), "tail": [1, 2]})
    assert np.allclose(g["tail"], [0.5, 0.75])
    with pytest.raises(ValueError, match="acc"):
        q.benchmark_accuracy(acc, p[:2])


def test_learning_steps():
    curve = np.array([[0.5, 0.5], [0.95, 0.6], [1.0, 0.7]])
    assert np.array_equal(q.learning_steps(curve, [10, 20, 30]), [20, np.inf])
    with pytest.raises(ValueError, match="acc_curve"):
        q.learning_steps(curve, [10, 20])


def test_fit_recovers_known_model():
    true = q.AccuracyModel(a=4.0, b=2.5, c=-0.8)
    logp = np.linspace(-3, -0.3, 30)
    logn = np.array([2.0, 3.0, 4.0])
    X, N = np.meshgrid(logp, logn)
    acc = q.predict_accuracy(true, X, N)
    fit = q.fit_accuracy_model(X, acc, N)
    assert (fit.a, fit.b, fit.c) == pytest.approx((true.a, true.b, true.c), abs=1e-3)
    assert np.allclose(fit.boundary_log10_freq(10 ** logn), -(4.0 - 0.8 * logn) / 2.5, atol=1e-3)
    fit1 = q.fit_accuracy_model(logp, q.predict_accuracy(true, logp))
    assert fit1.c == 0 and fit1.b == pytest.approx(2.5, abs=1e-3)


def test_power_law_slope_and_exponents():
    x = np.array([1.0, 10, 100, 1000])
    s, b = q.power_law_slope(x, 3 * x ** -0.5)
    assert s == pytest.approx(-0.5) and 10 ** b == pytest.approx(3)
    e = q.quantization_exponents(1.5)
    assert e["alpha_N"] == pytest.approx(0.5) and e["alpha_D"] == pytest.approx(1 / 3)
    with pytest.raises(ValueError, match="zeta"):
        q.quantization_exponents(1.0)
    with pytest.raises(ValueError, match="y"):
        q.power_law_slope(x, -x)
    assert q.mean_absolute_error([1, 2], [2, 2]) == 0.5


def test_rank_groups_and_report():
    g = q.rank_groups(10)
    assert [len(v) for v in g.values()] == [4, 3, 3]
    acc = np.array([1.0, 1.0, 0.5, 0.5])
    p = np.array([0.4, 0.3, 0.2, 0.1])
    rep = q.stratified_report(acc, p, n_strata=2)
    assert rep.loc["ranks 3-4", "share of benchmark error"] == pytest.approx(1.0)
    assert rep.loc["benchmark (traffic-weighted)", "accuracy"] == pytest.approx(0.85)
    assert rep.loc["uniform over subtasks", "accuracy"] == pytest.approx(0.75)
    with pytest.raises(ValueError, match="n_groups"):
        q.rank_groups(3, 4)


def _synthetic_grid(zeta=1.5, seeds=(0, 1), widths=(8, 32, 128), m=12):
    """A GridResult whose accuracies follow a known AccuracyModel exactly (no training)."""
    cfg = q.GridConfig(n_tasks=m, n_bits=8, k=2, zeta=zeta, widths=widths, seeds=seeds, steps=10,
                       eval_every=10)
    freqs = q.zipf_frequencies(m, zeta)
    params = np.array([q.n_parameters(w, m + 8) for w in widths])
    true = q.AccuracyModel(a=3.0, b=3.0, c=1.0)
    acc = q.predict_accuracy(true, np.log10(freqs)[None, :], np.log10(params)[:, None])
    acc = np.broadcast_to(acc, (len(seeds), 1, len(widths), m)).copy()
    return q.GridResult(cfg, freqs, np.array([10]), acc, np.zeros_like(acc), params, 0.0)


def test_holdout_evaluation_is_exact_on_model_data():
    g = _synthetic_grid()
    rows = q.accuracy_rows(g)
    assert rows["acc"].size == 2 * 3 * 12
    assert np.allclose(rows["aggregate"][:12], q.benchmark_accuracy(g.final_acc[0, 0], g.freqs))
    table = q.holdout_evaluation(g, [_synthetic_grid(zeta=2.0, seeds=(0,))])
    assert list(table.index) == ["held-out subtasks", "held-out seed", "unseen width (the widest)",
                                 "unseen Zipf exponent 2"]
    assert (table["MAE fit"] < 1e-3).all()
    assert (table["MAE aggregate"] > table["MAE fit"]).all()


def test_learning_order_and_finite_mean():
    t = np.array([[100.0, 200.0, np.inf, np.inf], [np.inf] * 4])
    rho = q.learning_order_correlation(t)
    assert rho[0] > 0.8 and np.isnan(rho[1])
    assert np.allclose(q.finite_mean(np.array([[1.0, np.nan], [np.inf, np.inf]]), axis=1), [1.0, np.nan],
                       equal_nan=True)


def test_tail_shares_separates_cases_from_traffic():
    p = q.zipf_frequencies(32, 1.5)
    cases, traffic = q.tail_shares(p, 16)
    assert cases == 0.5 and abs(traffic - p[16:].sum()) < 1e-15 and traffic < 0.07
    # for decreasing frequencies the traffic share never exceeds the case share
    rng = np.random.default_rng(0)
    for _ in range(20):
        freqs = np.sort(rng.dirichlet(np.ones(50) * 0.3))[::-1]
        for h in [1, 10, 25, 49]:
            c, t = q.tail_shares(freqs, h)
            assert t <= c + 1e-12
    assert q.tail_shares(np.full(4, 0.25), 0) == (1.0, 1.0)


# ---- the convergence experiment of Part IV 04 -------------------------------------------------------------

def test_convergence_config_full_quick_and_long():
    full = q.convergence_config(False, zeta=2.0)
    assert (full.n_tasks, full.n_bits, full.k, full.widths, full.seeds) == (128, 12, 3, (8, 16, 32, 64, 128),
                                                                            (0, 1, 2))
    assert full.zeta == 2.0 and full.steps == 20_000 and full.steps % full.eval_every == 0
    # the criterion's reference checkpoint (75 % of the run) is a checkpoint
    assert (full.steps * 3 // 4) % full.eval_every == 0
    long = q.convergence_config(False, long_run=True)
    assert long.steps == q.LONG_RUN_FACTOR * full.steps and long.steps // long.eval_every == full.steps // \
        full.eval_every
    quick = q.convergence_config(True, seeds=(3,))
    assert quick.seeds == (3,) and quick.n_tasks < full.n_tasks and quick.steps < full.steps
    # the widest network of the full world has fewer hidden units than there are subtasks to hold
    assert max(full.widths) <= full.n_tasks


@pytest.mark.parametrize("kwargs, name, exc", [
    (dict(quick="yes"), "quick", TypeError), (dict(quick=False, zeta=0.0), "zeta", ValueError),
    (dict(quick=False, zeta=-1.5), "zeta", ValueError), (dict(quick=True, long_run=1), "long_run", TypeError),
    (dict(quick=True, seeds=(-1,)), "seeds", ValueError), (dict(quick=True, seeds=()), "seeds", ValueError),
    (dict(quick=True, seeds=5), "seeds", TypeError), (dict(quick=True, progress="no"), "progress", TypeError),
])
def test_convergence_grid_rejects_bad_arguments_before_training(kwargs, name, exc, monkeypatch):
    monkeypatch.setattr(q, "train_grid", lambda *a, **k: pytest.fail("trained before checking the arguments"))
    with pytest.raises(exc, match=name) as info:
        q.convergence_grid(**kwargs)
    assert "\n" not in str(info.value) and name in str(info.value)


def _power_curve(gamma, n_ckpt=8, every=100, scale=0.4):
    steps = np.arange(1, n_ckpt + 1) * every
    return steps, scale * (steps / every) ** (-gamma)


@settings(max_examples=60, deadline=None)
@given(gamma=st.floats(0.0, 2.0), quarters=st.integers(1, 6), scale=st.floats(1e-3, 10.0),
       tol=st.floats(0.005, 0.5))
def test_loss_convergence_on_power_law_curves(gamma, quarters, scale, tol):
    # checkpoints at multiples of 1/4 of the run's length: the reference is exactly 3/4 of the way
    steps, curve = _power_curve(gamma, n_ckpt=4 * quarters, scale=scale)
    res = q.loss_convergence(curve, steps, tol=tol)
    expected = (4 / 3) ** gamma - 1
    assert res.ref_step == 0.75 * steps[-1] and res.end_step == steps[-1]
    assert float(res.rel_change) == pytest.approx(expected, rel=1e-9, abs=1e-12)
    if abs(expected - tol) > 1e-9:
        assert bool(res.converged) == (expected < tol)


def test_loss_convergence_flags_late_drops_instabilities_and_noise():
    steps = np.arange(1, 41) * 500
    flat = np.full(40, 0.25)
    late_drop = flat.copy()
    late_drop[-3:] = 0.18                     # a subtask learned in the last quarter: not converged
    rising = flat * np.linspace(1.0, 1.3, 40)  # an instability: the loss rises, not converged either
    noisy = flat * (1 + 0.01 * np.random.default_rng(0).standard_normal(40))
    curves = np.stack([flat, late_drop, rising, noisy], axis=1)
    res = q.loss_convergence(curves, steps)
    assert res.converged.tolist() == [True, False, False, True]
    assert res.ref_step == 15_000 and res.end_step == 20_000
    # extra run axes are kept; a looser window compares with an earlier checkpoint
    res2 = q.loss_convergence(np.stack([curves, curves], axis=1), steps, window=0.9)
    assert res2.converged.shape == (2, 4) and res2.ref_step == 2000


@pytest.mark.parametrize("kwargs, name", [
    (dict(window=0.0), "window"), (dict(window=1.0), "window"), (dict(tol=0.0), "tol"),
    (dict(tol=-1.0), "tol"),
    (dict(eval_steps=[100, 100, 300, 400]), "eval_steps"), (dict(eval_steps=[100, 200, 300]), "loss_curve"),
    (dict(loss_curve=[0.3, 0.0, 0.2, 0.1]), "loss_curve"),
    (dict(loss_curve=[0.3, np.nan, 0.2, 0.1]), "loss_curve"),
    (dict(eval_steps=[800, 900, 950, 1000]), "eval_steps"),
])
def test_loss_convergence_rejects_bad_input(kwargs, name):
    args = dict(loss_curve=[0.4, 0.3, 0.25, 0.2], eval_steps=[100, 200, 300, 400]) | kwargs
    with pytest.raises(ValueError, match=name) as info:
        q.loss_convergence(**args)
    assert "\n" not in str(info.value)


def test_locked_train_round_trip_in_tmp_path(tmp_path, monkeypatch):
    monkeypatch.setattr(q, "default_cache_dir", lambda: tmp_path / "part4_cache")
    cfg = dataclasses.replace(TINY, steps=200)
    first = q._locked_train(cfg, False)
    cache = tmp_path / "part4_cache"
    assert len(list(cache.glob("grid-*.npz"))) == 1 and len(list(cache.glob("grid-*.lock"))) == 1
    assert not list(cache.glob("*.tmp*"))                  # the write was atomic: no temporary file left
    second = q._locked_train(cfg, False)                   # loaded, not retrained: the stored run time
    assert second.seconds == first.seconds
    assert np.array_equal(first.loss, second.loss) and np.array_equal(first.eval_steps, second.eval_steps)


def test_convergence_grid_quick_is_deterministic_and_never_cached(monkeypatch):
    monkeypatch.setattr(q, "default_cache_dir", lambda: pytest.fail("quick mode touched the cache"))
    a = q.convergence_grid(True, zeta=2.0, seeds=(0,), progress=False)
    b = q.convergence_grid(True, zeta=2.0, seeds=(0,), progress=False)
    cfg = q.convergence_config(True, zeta=2.0, seeds=(0,))
    n_ckpt = cfg.steps // cfg.eval_every
    assert a.loss.shape == (1, n_ckpt, len(cfg.widths), cfg.n_tasks)
    assert np.array_equal(a.loss, b.loss) and np.array_equal(a.acc, b.acc)
    curve = np.moveaxis(a.loss @ a.freqs, 1, 0)            # (checkpoints, seeds, widths)
    res = q.loss_convergence(curve, a.eval_steps)
    assert res.converged.shape == (1, len(cfg.widths)) and np.isfinite(res.rel_change).all()
