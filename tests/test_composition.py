"""Tests of heavytail.composition: closed forms against finite differences and Monte Carlo."""

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from heavytail import composition as C


def _setup(d=12, alpha=1.3, seed=0):
    p = C.zipf_frequencies(d, alpha)
    ws = C.random_signs(d, seed)
    return p, ws


# ---------------------------------------------------------------- frequencies

def test_zipf_uniform_and_normalised():
    assert np.allclose(C.zipf_frequencies(5, 0), 0.2)
    p = C.zipf_frequencies(100, 1.5)
    assert np.isclose(p.sum(), 1) and np.all(np.diff(p) < 0)
    assert np.isclose(p[0] / p[1], 2 ** 1.5)


def test_sum_p_squared_limit():
    p = C.zipf_frequencies(200_000, 2.0)
    assert np.isclose(np.sum(p ** 2), C.sum_p_squared_limit(2.0), rtol=1e-4)
    # ζ(4)/ζ(2)² = (π⁴/90)/(π⁴/36) = 0.4
    assert np.isclose(C.sum_p_squared_limit(2.0), 0.4)


# ---------------------------------------------------------------- loss and gradient

@settings(max_examples=25, deadline=None)
@given(k=st.integers(1, 6), alpha=st.floats(0, 2.5), seed=st.integers(0, 10_000))
def test_gradient_matches_finite_differences(k, alpha, seed):
    d = 7
    p = C.zipf_frequencies(d, alpha)
    ws = C.random_signs(d, seed)
    w = np.random.default_rng(seed).normal(0, 0.8, d)
    g = C.population_grad(w, ws, p, k)
    h = 1e-6
    fd = np.array([(C.population_loss(w + h * e, ws, p, k) - C.population_loss(w - h * e, ws, p, k)) / (2 * h)
                   for e in np.eye(d)])
    assert np.allclose(g, fd, rtol=1e-5, atol=1e-8)


def test_loss_and_grad_batched_match_rows():
    p, ws = _setup()
    W = C.init_weights(12, 0.5, 4, 1)
    L = C.population_loss(W, ws, p, 3)
    G = C.population_grad(W, ws, p, 3)
    for i in range(4):
        assert np.isclose(L[i], C.population_loss(W[i], ws, p, 3))
        assert np.allclose(G[i], C.population_grad(W[i], ws, p, 3))


def test_global_minimum():
    p, ws = _setup()
    assert np.isclose(C.population_loss(ws, ws, p, 4), 0)
    assert np.isclose(C.population_loss(-ws, ws, p, 4), 0)      # even k: −w* is a minimum too
    assert np.isclose(C.population_loss(-ws, ws, p, 3), 2)      # odd k: −w* predicts −y
    assert np.isclose(C.population_loss(np.zeros(12), ws, p, 3), 0.5)
    assert np.allclose(C.population_grad(ws, ws, p, 4), 0)


@pytest.mark.parametrize("k", [1, 2, 4])
def test_population_loss_matches_monte_carlo(k):
    p, ws = _setup(d=10, alpha=1.0)
    w = np.random.default_rng(3).normal(0.3, 0.7, 10)
    idx = C.sample_tasks(p, k, 200_000, seed=4)
    losses = C.per_sample_loss(w, ws, idx)
    se = losses.std() / np.sqrt(losses.size)
    assert abs(losses.mean() - C.population_loss(w, ws, p, k)) < 5 * se


def test_sample_tasks_frequencies():
    p = C.zipf_frequencies(6, 1.5)
    idx = C.sample_tasks(p, 3, 100_000, seed=0)
    assert idx.shape == (100_000, 3)
    freq = np.bincount(idx.ravel(), minlength=6) / idx.size
    assert np.allclose(freq, p, atol=0.005)


@pytest.mark.parametrize("alpha", [0.0, 1.0, 2.0])
def test_init_alignment_variance_monte_carlo(alpha):
    d, r = 50, 0.1
    p = C.zipf_frequencies(d, alpha)
    ws = C.random_signs(d, 1)
    W = C.init_weights(d, r, 40_000, 2)
    A = C.alignment(W, ws, p)
    v = C.init_alignment_variance(p, r)
    assert np.isclose(v, r ** 2 * np.sum(p ** 2))
    # the sample variance of n normals has relative standard error sqrt(2/n) ≈ 0.7 %
    assert abs(A.var() / v - 1) < 0.04
    assert abs(A.mean()) < 5 * np.sqrt(v / 40_000)


# ---------------------------------------------------------------- dynamics

def test_population_gd_one_step_is_gradient_step():
    p, ws = _setup()
    W = C.init_weights(12, 0.3, 3, 0)
    run = C.population_gd(W, ws, p, 4, eta=0.1, n_steps=1, stop_early=False)
    assert np.allclose(run.w_final, W - 0.1 * C.population_grad(W, ws, p, 4))
    assert run.n_steps_run == 1


def test_uniform_reduction_matches_full_gd():
    d, k = 16, 4
    p = C.zipf_frequencies(d, 0)
    ws = C.random_signs(d, 5)
    W = C.init_weights(d, 0.3, 3, 6)
    steps = np.arange(0, 2001, 100)
    full = C.population_gd(W, ws, p, k, eta=0.2, n_steps=2000, record_steps=steps, stop_early=False)
    red = C.uniform_population_gd(C.alignment(W, ws, p), C.weighted_norm(W, p), d, k, eta=0.2,
                                  n_steps=2000, record_steps=steps, loss_level=1e-9)
    assert np.allclose(full.alignment, red.alignment, atol=1e-10)
    assert np.allclose(full.loss, red.loss, atol=1e-10)


def test_gradient_flow_close_to_discrete_escape():
    d, k = 16, 4
    a0, b0 = np.array([0.05, -0.08]), np.array([0.09, 0.09])
    disc = C.uniform_population_gd(a0, b0, d, k, eta=0.05, n_steps=200_000, check_rel=0).escape_time
    flow = C.gradient_flow_escape_uniform(a0, b0, d, k, eta=0.05)
    assert np.all(np.isfinite(disc))
    assert np.allclose(disc, flow, rtol=0.01)


def test_odd_k_negative_alignment_never_escapes_uniform():
    # uniform p: A' − A = c (A^{k−1} − B^{k−1} A) > 0 but A' < 0 stays negative for A < 0 and odd k
    d = 16
    p = C.zipf_frequencies(d, 0)
    ws = C.random_signs(d, 0)
    W = C.init_weights(d, 0.3, 20, 1)
    a0 = C.alignment(W, ws, p)
    assert (a0 < 0).any() and (a0 > 0).any()
    run = C.population_gd(W, ws, p, 3, eta=0.2, n_steps=20_000, stop_on="escape", stop_early=False)
    assert np.all(np.isinf(run.escape_time[a0 < 0]))
    assert np.all(run.alignment[:, a0 < 0] < 0)
    flow = C.gradient_flow_escape_uniform(a0, C.weighted_norm(W, p), d, 3)
    assert np.all(np.isfinite(flow[a0 > 0]))
    assert np.all(np.isinf(flow[a0 < 0]))


def test_head_learns_before_tail():
    d = 32
    p = C.zipf_frequencies(d, 1.5)
    ws = C.random_signs(d, 0)
    W = C.init_weights(d, 0.1, 2, 1)
    run = C.population_gd(W, ws, p, 2, eta=0.2, n_steps=200_000, stop_on="skills")
    assert np.all(np.isfinite(run.skill_time))
    assert np.all(run.skill_time[:, 0] < run.skill_time[:, -1])


def test_online_sgd_mean_gradient_and_learning():
    # one SGD step with a huge batch is close to one population GD step
    d, k = 8, 2
    p, ws = C.zipf_frequencies(d, 1.0), C.random_signs(d, 0)
    W = C.init_weights(d, 0.5, 1, 1)
    sgd = C.online_sgd(W, ws, p, k, eta=0.5, batch_size=400_000, n_steps=1, seed=2, stop_early=False)
    gd = W - 0.5 * C.population_grad(W, ws, p, k)
    assert np.allclose(sgd.w_final, gd, atol=3e-3)
    run = C.online_sgd(C.init_weights(d, 0.1, 2, 3), ws, p, k, eta=0.2, batch_size=16, n_steps=20_000, seed=4)
    assert np.all(np.isfinite(run.learn_samples))


# ---------------------------------------------------------------- bad input

@pytest.mark.parametrize("call, name", [
    (lambda: C.zipf_frequencies(0, 1.0), "d"),
    (lambda: C.zipf_frequencies(10, -1.0), "alpha"),
    (lambda: C.sum_p_squared_limit(0.9), "alpha"),
    (lambda: C.population_loss(np.ones(3), np.ones(3), [0.5, 0.5, 0.5], 2), "p"),
    (lambda: C.population_loss(np.ones(3), np.ones(3), np.ones(3) / 3, 0), "k"),
    (lambda: C.population_loss(np.ones(3), np.array([1, 0.5, 1]), np.ones(3) / 3, 2), "w_star"),
    (lambda: C.population_loss(np.ones(4), np.ones(3), np.ones(3) / 3, 2), "w"),
    (lambda: C.population_grad(np.array([1, np.nan, 1]), np.ones(3), np.ones(3) / 3, 2), "w"),
    (lambda: C.init_weights(3, -0.1, 2, 0), "r"),
    (lambda: C.population_gd(np.ones(3), np.ones(3), np.ones(3) / 3, 2, eta=0), "eta"),
    (lambda: C.population_gd(np.ones(3), np.ones(3), np.ones(3) / 3, 2, stop_on="x"), "stop_on"),
    (lambda: C.online_sgd(np.ones(3), np.ones(3), np.ones(3) / 3, 2, batch_size=0), "batch_size"),
    (lambda: C.uniform_population_gd(0.5, 0.1, 4, 2), "a0"),
])
def test_bad_input_names_argument(call, name):
    with pytest.raises(ValueError, match=name):
        call()


# --------------------------------------------------------------------------------------------------
# other asymmetric families and the slope interval
# --------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("family", C.FAMILIES)
def test_asymmetric_families_are_decreasing_and_uniform_at_zero(family):
    p = C.asymmetric_frequencies(50, family, 0.7)
    assert np.isclose(p.sum(), 1.0) and np.all(np.diff(p) <= 1e-15)
    assert np.allclose(C.asymmetric_frequencies(50, family, 0.0), 1 / 50)


def test_geometric_is_exponential_decay_and_zipf_matches_zipf_frequencies():
    p = C.asymmetric_frequencies(20, "geometric", 0.3)
    assert np.allclose(p[1:] / p[:-1], np.exp(-0.3))
    assert np.allclose(C.asymmetric_frequencies(20, "zipf", 1.5), C.zipf_frequencies(20, 1.5))


def test_step_has_two_levels_with_the_requested_ratio():
    p = C.asymmetric_frequencies(64, "step", np.log(5.0), head_fraction=1 / 8)
    assert np.unique(np.round(p, 12)).size == 2
    assert np.isclose(p[0] / p[-1], 5.0) and np.isclose(p[7], p[0]) and np.isclose(p[8], p[-1])


@pytest.mark.parametrize("family", C.FAMILIES)
@pytest.mark.parametrize("alpha", [1.25, 2.0])
def test_entropy_matching_hits_the_zipf_entropy(family, alpha):
    d = 256
    target = C.frequency_entropy(C.zipf_frequencies(d, alpha))
    p = C.entropy_matched_frequencies(d, family, target)
    assert abs(C.frequency_entropy(p) - target) < 1e-8


def test_entropy_of_uniform_and_point_mass():
    assert np.isclose(C.frequency_entropy(np.full(10, 0.1)), np.log(10))
    assert C.frequency_entropy(np.r_[1.0, np.zeros(4)]) == 0.0
    with pytest.raises(ValueError, match="entropy"):
        C.entropy_matched_frequencies(64, "step", np.log(1.0) + 1e-3, head_fraction=1 / 8)  # below ln 8


def test_median_slope_interval_recovers_a_known_slope_and_covers_it():
    rng = np.random.default_rng(0)
    x = np.array([16, 32, 64, 128, 256])
    times = (x[:, None] ** 1.5) * np.exp(rng.normal(0, 0.3, (5, 24)))
    s = C.median_slope_interval(x, times, n_boot=400, seed=1)
    assert abs(s.slope - 1.5) < 0.15 and s.low < 1.5 < s.high and s.low < s.slope < s.high


def test_median_slope_interval_drops_censored_medians_and_reports_unbounded_upper_end():
    x = np.array([16, 32, 64, 128])
    times = np.outer(x ** 1.0, np.ones(5))
    times[3] = np.inf                         # censored median: left out
    times[2, :2] = np.inf                     # resampling can censor this median: upper end unbounded
    s = C.median_slope_interval(x, times, n_boot=400)
    assert s.used.tolist() == [True, True, True, False]
    assert np.isclose(s.slope, 1.0) and s.high == np.inf
    only_one = C.median_slope_interval(x, np.where(np.arange(4)[:, None] > 0, np.inf, 1.0) * np.ones((4, 3)))
    assert np.isnan(only_one.slope)


def test_online_sgd_stop_fraction_keeps_the_median_and_censors_the_rest():
    d, k = 16, 4
    ws = C.random_signs(d, 3)
    W = C.init_weights(d, 0.1, 8, 4)
    p = C.zipf_frequencies(d, 2.0)
    full = C.online_sgd(W, ws, p, k, n_steps=20_000, seed=5, eval_every=10)
    part = C.online_sgd(W, ws, p, k, n_steps=20_000, seed=5, eval_every=10, stop_fraction=0.75)
    assert part.n_steps_run <= full.n_steps_run
    done = np.isfinite(part.learn_samples)
    assert done.sum() >= 6
    # same random stream: the runs that finished agree exactly, the others are censored
    assert np.array_equal(part.learn_samples[done], full.learn_samples[done])
    assert np.all(full.learn_samples[~done] >= part.n_steps_run * 32)
    assert np.median(part.learn_samples) == np.median(full.learn_samples)


def test_composition_accuracy_matches_monte_carlo_and_compounds_with_k():
    rng = np.random.default_rng(0)
    d = 20
    ws = C.random_signs(d, 1)
    w = ws * np.where(rng.random(d) < 0.2, -1.0, 1.0) * rng.uniform(0.5, 1.5, d)
    p = C.zipf_frequencies(d, 1.0)
    accs = []
    for k in [1, 2, 3, 5, 8]:
        exact = float(C.composition_accuracy(w, ws, p, k))
        idx = C.sample_tasks(p, k, 200_000, 2)
        mc = np.mean(np.sign(np.prod(w[idx], axis=1)) == np.prod(ws[idx], axis=1))
        assert abs(exact - mc) < 0.005
        accs.append(exact)
    assert np.all(np.diff(accs) < 0)      # more composed steps, more errors
    eps = p @ (np.sign(w * ws) < 0)
    assert np.isclose(accs[2], 0.5 * (1 + (1 - 2 * eps) ** 3))
    # a zero weight is never right
    w0 = w.copy()
    w0[0] = 0.0
    assert C.composition_accuracy(w0, ws, np.r_[1.0, np.zeros(d - 1)], 1) == 0.0


def test_median_slope_interval_is_unchanged_by_the_move_to_loglog_slope():
    """Regression: values from the code before it called scaling.loglog_slope (inline ``np.polyfit``)."""
    x = np.array([16, 32, 64, 128])
    t = np.outer(x ** 1.7, [0.9, 1.0, 1.1]) * np.random.default_rng(0).lognormal(0, 0.2, (4, 3))
    m = C.median_slope_interval(x, t, n_boot=50, seed=0)
    assert (m.slope, m.low, m.high) == pytest.approx(
        (1.6920822336883985, 1.5488406066110605, 1.7941448557100648), rel=1e-12)


class _Progress:
    def __init__(self):
        self.calls = []

    def update(self, n):
        self.calls.append(n)


def test_gd_loops_are_unchanged_by_their_shared_bookkeeping():
    """Regression: population_gd and uniform_population_gd share their record-steps check, progress ticks
    and padding tail (_record_steps, _tick, _finish_run); values from the code before the fold."""
    d, k = 32, 2
    w0 = C.init_weights(d, 0.1, 3, 1)
    prog = _Progress()
    r = C.population_gd(w0, C.random_signs(d, 0), C.zipf_frequencies(d, 1.0), k, n_steps=3000,
                        record_steps=[0, 10, 100, 1000, 2500, 3000], record_w=True,
                        groups=[np.arange(4), np.arange(4, 32)], progress=prog)
    assert r.n_steps_run == 704 and prog.calls == [704]          # stopped early: the recordings are padded
    assert r.escape_time.tolist() == [95.0, 94.0, 161.0]
    assert r.uniform_loss_time.tolist() == [638.0, 650.0, 704.0]
    assert np.sum(r.alignment) == pytest.approx(4.803324392627455, rel=1e-12)
    assert np.sum(r.trajectory) == pytest.approx(15.314176002546443, rel=1e-12)
    assert np.sum(r.grad_norm_groups) == pytest.approx(1.7856941096737373, rel=1e-12)
    np.testing.assert_array_equal(r.alignment[-1], r.alignment[-3])
    prog = _Progress()
    r = C.population_gd(w0, C.random_signs(d, 0), C.zipf_frequencies(d, 1.0), k, n_steps=2500,
                        stop_early=False, progress=prog)
    assert prog.calls == [1000, 1000, 500]
    assert np.sum(r.alignment) == pytest.approx(234.48065149176892, rel=1e-12)
    prog = _Progress()
    u = C.uniform_population_gd([0.05, 0.1], [0.3, 0.3], [16, 32], 2, n_steps=200_000,
                                record_steps=[0, 10, 1000, 100000, 200000], progress=prog)
    assert u.n_steps_run == 330 and prog.calls == [330]
    assert u.escape_time.tolist() == [120.0, 174.0] and u.loss_time.tolist() == [195.0, 330.0]
    assert np.sum(u.norm) == pytest.approx(2.7733848175420657, rel=1e-12)
    prog = _Progress()
    u = C.uniform_population_gd(1e-3, 1.0, 64, 3, n_steps=60_000, progress=prog)
    assert prog.calls == [10_000] * 6 + [0] and np.isinf(u.escape_time).all()
    assert np.sum(u.alignment) == pytest.approx(0.08272600923906683, rel=1e-12)
    assert np.sum(u.norm) == pytest.approx(52.270837243572146, rel=1e-12)
