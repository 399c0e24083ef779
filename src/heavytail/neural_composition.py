r"""A small neural network on the hidden-sign composition task (torch, CPU, one thread).

The task is the one of :mod:`heavytail.composition`, but the learner no longer has one parameter per
skill: an input is the sequence of ``k`` skill ids, each id gets a learned embedding, the ``k``
embeddings are concatenated and passed through a ReLU MLP that outputs one number, trained with the
squared loss against the label :math:`y = \prod_t w^\star_{I_t} \in \{\pm 1\}`. The training skills are
drawn from uniform or Zipf(α) frequencies; evaluation is always on *uniform* test draws, overall and
per frequency-rank bin (tasks whose ``k`` skills all come from one bin of ranks).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ._validate import check_int, check_positive
from .composition import _check_w_star, random_signs, sample_tasks, zipf_frequencies

__all__ = ["CompositionMLP", "NeuralRun", "rank_bins", "train_composition_mlp"]


def _torch():
    import torch
    torch.set_num_threads(1)
    return torch


def rank_bins(d, n_bins) -> list[np.ndarray]:
    """Split ranks ``0..d−1`` into ``n_bins`` geometrically growing bins (head bins are small)."""
    d = check_int(d, "d", minimum=1)
    n_bins = check_int(n_bins, "n_bins", minimum=1, maximum=d)
    edges = np.unique(np.round(np.geomspace(1, d, n_bins + 1)).astype(int))
    edges[0] = 0
    if edges.size - 1 < n_bins:
        edges = np.linspace(0, d, n_bins + 1).round().astype(int)
    return [np.arange(edges[j], edges[j + 1]) for j in range(edges.size - 1)]


def CompositionMLP(d, k, *, embed_dim=16, hidden=256, depth=2):
    """Embedding (``d`` ids → ``embed_dim``) per position, concatenated, then a ReLU MLP to one output."""
    torch = _torch()
    nn = torch.nn
    d = check_int(d, "d", minimum=1)
    k = check_int(k, "k", minimum=1)
    embed_dim = check_int(embed_dim, "embed_dim", minimum=1)
    hidden = check_int(hidden, "hidden", minimum=1)
    depth = check_int(depth, "depth", minimum=1)

    class _Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.embed = nn.Embedding(d, embed_dim)
            layers, width = [], k * embed_dim
            for _ in range(depth):
                layers += [nn.Linear(width, hidden), nn.ReLU()]
                width = hidden
            layers.append(nn.Linear(width, 1))
            self.mlp = nn.Sequential(*layers)

        def forward(self, idx):
            return self.mlp(self.embed(idx).flatten(1)).squeeze(-1)

    return _Net()


@dataclass
class NeuralRun:
    """Learning curves of one training run (steps are optimiser steps)."""

    steps: np.ndarray            # (T,)
    train_loss: np.ndarray       # (T,) mean training loss over the preceding eval interval (step 0: the
                                 #      training-distribution loss of the untrained network on one batch)
    test_acc: np.ndarray         # (T,) accuracy (sign agreement) on the uniform test set
    test_loss: np.ndarray        # (T,) squared loss on the uniform test set
    bin_acc: np.ndarray          # (T, n_bins) accuracy on uniform tasks within each rank bin
    seconds: float
    params: dict = field(default_factory=dict)


def train_composition_mlp(d, k, alpha, *, n_steps=3000, batch_size=256, lr=0.05, optimizer="sgd",
                          momentum=0.9, weight_decay=0.0, embed_dim=16, hidden=256, depth=2,
                          n_test=4096, n_bins=4, eval_every=100, task_seed=0, seed=0,
                          progress=None) -> NeuralRun:
    """Train :func:`CompositionMLP` on Zipf(``alpha``) skill frequencies (``alpha = 0``: uniform).

    The hidden signs come from ``task_seed`` (the same task for every run with that seed); ``seed`` fixes
    the initialisation, the training draws and the test sets. ``optimizer`` is ``"sgd"`` (with
    ``momentum``) or ``"adamw"``.
    """
    torch = _torch()
    d = check_int(d, "d", minimum=2)
    k = check_int(k, "k", minimum=1)
    p = zipf_frequencies(d, alpha)
    n_steps = check_int(n_steps, "n_steps", minimum=1)
    batch_size = check_int(batch_size, "batch_size", minimum=1)
    lr = check_positive(lr, "lr")
    momentum = check_positive(momentum, "momentum", strict=False)
    weight_decay = check_positive(weight_decay, "weight_decay", strict=False)
    n_test = check_int(n_test, "n_test", minimum=1)
    eval_every = check_int(eval_every, "eval_every", minimum=1)
    if optimizer not in ("sgd", "adamw"):
        raise ValueError(f"optimizer must be 'sgd' or 'adamw', got {optimizer!r}")
    seed = check_int(seed, "seed", minimum=0)
    if not isinstance(task_seed, np.random.Generator):
        task_seed = check_int(task_seed, "task_seed", minimum=0)
    if progress is not None and not callable(getattr(progress, "update", None)):
        raise TypeError(f"progress must be None or a tqdm-like object with update(n), got {progress!r}")

    w_star = _check_w_star(random_signs(d, task_seed), d)
    ws_t = torch.tensor(w_star, dtype=torch.float32)
    rng = np.random.default_rng(seed)
    torch.manual_seed(seed)
    model = CompositionMLP(d, k, embed_dim=embed_dim, hidden=hidden, depth=depth)
    if optimizer == "sgd":
        opt = torch.optim.SGD(model.parameters(), lr=lr, momentum=momentum, weight_decay=weight_decay)
    else:
        opt = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=weight_decay)

    uniform = np.full(d, 1.0 / d)
    test_idx = torch.as_tensor(sample_tasks(uniform, k, n_test, rng))
    bins = rank_bins(d, n_bins)
    bin_sets = []
    for b in bins:
        local = sample_tasks(np.full(b.size, 1.0 / b.size), k, n_test // 4, rng)
        bin_sets.append(torch.as_tensor(b[local]))

    def label(idx):
        return ws_t[idx].prod(-1)

    def evaluate():
        model.eval()
        with torch.no_grad():
            out = model(test_idx)
            y = label(test_idx)
            acc = float((torch.sign(out) == y).float().mean())
            tl = float(0.5 * ((out - y) ** 2).mean())
            accs = [float((torch.sign(model(bi)) == label(bi)).float().mean()) for bi in bin_sets]
        model.train()
        return acc, tl, accs

    import time
    t0 = time.perf_counter()
    steps, tr, ta, tl, ba = [], [], [], [], []
    cdf = np.cumsum(p)
    cdf[-1] = 1.0
    with torch.no_grad():
        idx0 = torch.as_tensor(
            np.minimum(np.searchsorted(cdf, rng.random((batch_size, k)), side="right"), d - 1)
        )
        running, count = float(0.5 * ((model(idx0) - label(idx0)) ** 2).mean()), 1
    for step in range(n_steps + 1):
        if step % eval_every == 0 or step == n_steps:
            acc, loss_t, accs = evaluate()
            steps.append(step)
            tr.append(running / max(count, 1))
            ta.append(acc)
            tl.append(loss_t)
            ba.append(accs)
            running, count = 0.0, 0
            if progress is not None and step:
                progress.update(step - steps[-2])
        if step == n_steps:
            break
        idx_np = np.minimum(np.searchsorted(cdf, rng.random((batch_size, k)), side="right"), d - 1)
        idx = torch.as_tensor(idx_np)
        y = label(idx)
        loss = 0.5 * ((model(idx) - y) ** 2).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()
        running += float(loss.detach())
        count += 1
    return NeuralRun(steps=np.asarray(steps), train_loss=np.asarray(tr), test_acc=np.asarray(ta),
                     test_loss=np.asarray(tl), bin_acc=np.asarray(ba), seconds=time.perf_counter() - t0,
                     params=dict(d=d, k=k, alpha=alpha, n_steps=n_steps, batch_size=batch_size, lr=lr,
                                 optimizer=optimizer, momentum=momentum, embed_dim=embed_dim,
                                 hidden=hidden, depth=depth, bins=[(int(b[0]) + 1, int(b[-1]) + 1)
                                                                   for b in bins]))
