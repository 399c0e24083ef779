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
