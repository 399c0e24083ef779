"""Tests of heavytail.neural_composition (small and fast)."""

import numpy as np
import pytest

from heavytail import neural_composition as N


def test_rank_bins_partition():
    bins = N.rank_bins(256, 4)
    allr = np.concatenate(bins)
    assert np.array_equal(allr, np.arange(256))
    assert all(b.size > 0 for b in bins)
    assert bins[0].size < bins[-1].size          # geometric: small head bin, large tail bin


def test_model_shape():
    import torch
    net = N.CompositionMLP(10, 3, embed_dim=4, hidden=8)
    out = net(torch.zeros((5, 3), dtype=torch.long))
    assert out.shape == (5,)


def test_training_is_deterministic_and_learns_k1():
    kw = dict(n_steps=150, batch_size=64, lr=3e-3, optimizer="adamw", eval_every=50, n_test=512, hidden=32)
    a = N.train_composition_mlp(16, 1, 0.0, seed=1, **kw)
    b = N.train_composition_mlp(16, 1, 0.0, seed=1, **kw)
    assert np.array_equal(a.test_acc, b.test_acc)
    assert a.test_acc[-1] > 0.95                  # one-hop memorisation of 16 signs is easy
    assert np.all(np.isfinite(a.train_loss))
    assert a.bin_acc.shape == (a.steps.size, 4)


@pytest.mark.parametrize("kwargs, name", [
    (dict(d=1, k=2, alpha=0.0), "d"),
    (dict(d=8, k=0, alpha=0.0), "k"),
    (dict(d=8, k=2, alpha=-1.0), "alpha"),
    (dict(d=8, k=2, alpha=0.0, lr=0.0), "lr"),
    (dict(d=8, k=2, alpha=0.0, optimizer="adam"), "optimizer"),
])
def test_bad_input(kwargs, name):
    with pytest.raises(ValueError, match=name):
        N.train_composition_mlp(**kwargs)


# --------------------------------------------------------------------------------------------------
# state tracking (permutation composition) with a small transformer
# --------------------------------------------------------------------------------------------------

def test_permutation_table_is_the_symmetric_group():
    t = N.permutation_table(4)
    assert t.shape == (24, 4) and len({tuple(r) for r in t}) == 24 and t[0].tolist() == [0, 1, 2, 3]


def test_compose_labels_with_two_items_is_the_sign_product():
    rng = np.random.default_rng(0)
    bits = rng.integers(0, 2, 10)                 # class 1 = swap = sign -1
    idx = rng.integers(0, 10, (200, 4))
    signs = np.where(bits == 1, -1, 1)
    labels = N.compose_labels(bits, idx, 2)
    assert np.array_equal(np.where(labels == 1, -1, 1), np.prod(signs[idx], axis=1))


def test_compose_labels_applies_permutations_in_order():
    table = N.permutation_table(3)
    rng = np.random.default_rng(1)
    sp = rng.integers(0, 6, 7)
    idx = rng.integers(0, 7, (50, 3))
    labels = N.compose_labels(sp, idx, 3)
    for row, lab in zip(idx, labels):
        state = np.arange(3)
        for t in row:
            state = table[sp[t]][state]
        assert table[lab].tolist() == state.tolist()


def test_state_tracking_run_shapes_and_cache(tmp_path):
    kw = dict(d=8, k=2, alpha=1.0, n_items=3, n_steps=4, batch_size=16, width=8, n_heads=2, n_layers=1,
              n_test=32, n_bins=2, eval_every=2, seed=0)
    run = N.train_state_tracking(**kw)
    assert run.steps.tolist() == [0, 2, 4] and run.bin_acc.shape == (3, 2)
    assert np.all((0 <= run.test_acc) & (run.test_acc <= 1)) and run.params["n_classes"] == 6
    first = N.cached_state_tracking(tmp_path, **kw)
    files = list(tmp_path.glob("state-tracking-*.npz"))
    assert len(files) == 1 and (tmp_path / ".gitignore").exists()
    again = N.cached_state_tracking(tmp_path, **kw)
    assert np.array_equal(first.test_acc, again.test_acc) and again.params == first.params
    assert np.array_equal(first.test_acc, run.test_acc)     # same seed: the same numbers as uncached
    N.cached_state_tracking(tmp_path, **{**kw, "seed": 1})
    assert len(list(tmp_path.glob("state-tracking-*.npz"))) == 2


class _Progress:
    def __init__(self):
        self.calls = []

    def update(self, n):
        self.calls.append(n)


def test_training_loops_are_unchanged_by_their_shared_evaluate_and_log_loop():
    """Regression: both experiments run one private loop (_train_and_log); values from the code before the
    fold, on fixed seeds (CPU, one thread)."""
    import torch
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        prog = _Progress()
        m = N.train_composition_mlp(16, 2, 1.0, n_steps=30, batch_size=32, hidden=16, embed_dim=4, n_test=64,
                                    n_bins=2, eval_every=10, seed=1, progress=prog)
        prog2 = _Progress()
        s = N.train_state_tracking(8, 2, 1.0, n_items=2, n_steps=12, width=8, n_heads=2, n_layers=1,
                                   n_test=32, n_bins=2, eval_every=5, seed=2, progress=prog2)
    finally:
        torch.set_num_threads(threads)
    assert m.steps.tolist() == [0, 10, 20, 30] and prog.calls == [10, 10, 10]
    np.testing.assert_allclose(m.train_loss, [0.4805658459663391, 0.45716374218463895, 0.4283226728439331,
                                              0.40519187450408933], rtol=1e-5)
    np.testing.assert_allclose(m.test_acc, [0.46875, 0.453125, 0.484375, 0.5])
    np.testing.assert_allclose(m.test_loss, [0.5395646095275879, 0.5364099740982056, 0.562206506729126,
                                             0.5406557321548462], rtol=1e-5)
    np.testing.assert_allclose(m.bin_acc.ravel(), [0.625, 0.3125, 0.625, 0.3125, 0.875, 0.625, 0.875, 0.625])
    assert s.steps.tolist() == [0, 5, 10, 12] and prog2.calls == [5, 5, 2]
    np.testing.assert_allclose(s.train_loss, [0.7112687826156616, 0.7001711606979371, 0.691617751121521,
                                              0.6961270868778229], rtol=1e-5)
    np.testing.assert_allclose(s.test_acc, [0.65625, 0.625, 0.46875, 0.5])
    np.testing.assert_allclose(s.test_loss, [0.684594452381134, 0.6992455720901489, 0.7028141617774963,
                                             0.7018078565597534], rtol=1e-5)
    np.testing.assert_allclose(s.bin_acc.ravel(), [1.0, 1.0, 1.0, 1.0, 1.0, 0.875, 1.0, 0.875])
