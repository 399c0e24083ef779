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

from ._validate import as_int_array, check_int, check_positive
from .composition import _check_w_star, random_signs, sample_tasks, zipf_frequencies

__all__ = ["CompositionMLP", "NeuralRun", "rank_bins", "train_composition_mlp", "permutation_table",
           "compose_labels", "StateTrackingTransformer", "train_state_tracking", "cached_state_tracking",
           "default_cache_dir"]


def _torch():
    import torch
    torch.set_num_threads(1)
    return torch


def rank_bins(d, n_bins) -> list[np.ndarray]:
    """Split ranks 0..d-1 into ``n_bins`` geometrically growing bins (head bins are small).

    Parameters
    ----------
    d : int
        Number of ranks, >= 1.
    n_bins : int
        Number of bins, between 1 and ``d``.

    Returns
    -------
    list of numpy.ndarray
        The ranks of each bin, in order; together they are ``0..d-1``.

    Raises
    ------
    ValueError
        If ``d < 1`` or ``n_bins`` is outside 1..d.

    Examples
    --------
    >>> from heavytail.neural_composition import rank_bins
    >>> [b.tolist() for b in rank_bins(8, 3)]
    [[0, 1], [2, 3], [4, 5, 6, 7]]
    """
    d = check_int(d, "d", minimum=1)
    n_bins = check_int(n_bins, "n_bins", minimum=1, maximum=d)
    edges = np.unique(np.round(np.geomspace(1, d, n_bins + 1)).astype(int))
    edges[0] = 0
    if edges.size - 1 < n_bins:
        edges = np.linspace(0, d, n_bins + 1).round().astype(int)
    return [np.arange(edges[j], edges[j + 1]) for j in range(edges.size - 1)]


def CompositionMLP(d, k, *, embed_dim=16, hidden=256, depth=2):
    """A torch module: an embedding (``d`` ids to ``embed_dim``) per position, concatenated, then a ReLU MLP.

    Parameters
    ----------
    d : int
        Number of skills (embedding rows), >= 1.
    k : int
        Skills per task (input positions), >= 1.
    embed_dim : int, default 16
        Embedding width, >= 1.
    hidden : int, default 256
        Width of the hidden layers, >= 1.
    depth : int, default 2
        Number of hidden layers, >= 1.

    Returns
    -------
    torch.nn.Module
        Maps an integer tensor of shape ``(batch, k)`` to one real output per task, shape ``(batch,)``.

    Raises
    ------
    ValueError
        If an argument is below 1.

    Examples
    --------
    >>> import torch
    >>> from heavytail.neural_composition import CompositionMLP
    >>> net = CompositionMLP(8, 3, embed_dim=4, hidden=8)
    >>> net(torch.zeros((5, 3), dtype=torch.long)).shape
    torch.Size([5])
    """
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


def _train_and_log(opt, train_step, evaluate, first_loss, n_steps, eval_every, progress) -> dict:
    """The training loop both experiments share: ``n_steps`` optimiser steps on ``train_step()`` (which draws
    a batch and returns its loss tensor), with ``evaluate()`` (test accuracy, test loss, per-bin accuracies)
    every ``eval_every`` steps and at the end. The training loss logged at an evaluation is the mean over
    the steps since the previous one (``first_loss`` at step 0); ``progress`` gets the steps in between.
    Returns the learning curves as the array fields of :class:`NeuralRun`."""
    steps, tr, ta, tl, ba = [], [], [], [], []
    running, count = first_loss, 1
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
        loss = train_step()
        opt.zero_grad()
        loss.backward()
        opt.step()
        running += float(loss.detach())
        count += 1
    return dict(steps=np.asarray(steps), train_loss=np.asarray(tr), test_acc=np.asarray(ta),
                test_loss=np.asarray(tl), bin_acc=np.asarray(ba))


def train_composition_mlp(d, k, alpha, *, n_steps=3000, batch_size=256, lr=0.05, optimizer="sgd",
                          momentum=0.9, weight_decay=0.0, embed_dim=16, hidden=256, depth=2,
                          n_test=4096, n_bins=4, eval_every=100, task_seed=0, seed=0,
                          progress=None) -> NeuralRun:
    """Train :func:`CompositionMLP` on Zipf(``alpha``) skill frequencies (``alpha = 0``: uniform).

    The hidden signs come from ``task_seed`` (the same task for every run with that seed); ``seed`` fixes the
    initialisation, the training draws and the test sets. The model is trained on the squared loss of the
    product of the signs of a task's skills, and evaluated every ``eval_every`` steps on uniform test tasks
    and on tasks drawn within each rank bin (:func:`rank_bins`).

    Parameters
    ----------
    d : int
        Number of skills, >= 2.
    k : int
        Skills per task, >= 1.
    alpha : float
        Zipf exponent of the training frequencies, >= 0.
    n_steps : int, default 3000
        Optimiser steps, >= 1.
    batch_size : int, default 256
        Tasks per step, >= 1.
    lr : float, default 0.05
        Learning rate, > 0.
    optimizer : str, default "sgd"
        ``"sgd"`` (with ``momentum``) or ``"adamw"``.
    momentum : float, default 0.9
        SGD momentum, >= 0.
    weight_decay : float, default 0
        Weight decay, >= 0.
    embed_dim, hidden, depth : int
        Sizes of the network (:func:`CompositionMLP`).
    n_test : int, default 4096
        Uniform test tasks (a quarter as many per bin), >= 1.
    n_bins : int, default 4
        Rank bins for the per-bin accuracies.
    eval_every : int, default 100
        Steps between evaluations, >= 1.
    task_seed : int or numpy.random.Generator, default 0
        Seed of the hidden signs.
    seed : int, default 0
        Seed of the initialisation, the training draws and the test sets.
    progress : object, optional
        A tqdm-like object with ``update(n)``.

    Returns
    -------
    NeuralRun
        ``steps``, ``train_loss``, ``test_acc``, ``test_loss`` and ``bin_acc`` at the evaluations, the
        training time ``seconds`` and the ``params``.

    Raises
    ------
    ValueError
        If an argument is out of range or ``optimizer`` is unknown.
    TypeError
        If ``progress`` has no ``update`` method.

    Examples
    --------
    >>> from heavytail.neural_composition import train_composition_mlp
    >>> run = train_composition_mlp(16, 2, 1.0, n_steps=4, batch_size=8, hidden=8, embed_dim=4, n_test=16,
    ...                             n_bins=2, eval_every=2)
    >>> run.steps.tolist(), run.bin_acc.shape
    ([0, 2, 4], (3, 2))
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
    cdf = np.cumsum(p)
    cdf[-1] = 1.0

    def draw():
        u = rng.random((batch_size, k))
        return torch.as_tensor(np.minimum(np.searchsorted(cdf, u, side="right"), d - 1))

    with torch.no_grad():
        idx0 = draw()
        running = float(0.5 * ((model(idx0) - label(idx0)) ** 2).mean())

    def train_step():
        idx = draw()
        return 0.5 * ((model(idx) - label(idx)) ** 2).mean()

    curves = _train_and_log(opt, train_step, evaluate, running, n_steps, eval_every, progress)
    return NeuralRun(**curves, seconds=time.perf_counter() - t0,
                     params=dict(d=d, k=k, alpha=alpha, n_steps=n_steps, batch_size=batch_size, lr=lr,
                                 optimizer=optimizer, momentum=momentum, embed_dim=embed_dim,
                                 hidden=hidden, depth=depth, bins=[(int(b[0]) + 1, int(b[-1]) + 1)
                                                                   for b in bins]))


# --------------------------------------------------------------------------------------------------
# state tracking with a small transformer: composing hidden permutations
# --------------------------------------------------------------------------------------------------

def permutation_table(n_items) -> np.ndarray:
    """All permutations of ``0..n_items−1`` in lexicographic order, shape ``(n_items!, n_items)``.

    Parameters
    ----------
    n_items : int
        Number of items, between 2 and 6 (6! = 720 classes at most).

    Returns
    -------
    numpy.ndarray
        Integer array whose row ``j`` is the ``j``-th permutation; row 0 is the identity.

    Raises
    ------
    ValueError
        If ``n_items`` is not an integer in ``[2, 6]``.

    Examples
    --------
    >>> permutation_table(3).tolist()
    [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]]
    """
    from itertools import permutations

    n_items = check_int(n_items, "n_items", minimum=2, maximum=6)
    return np.array(list(permutations(range(n_items))), dtype=np.int64)


def compose_labels(skill_perm, idx, n_items) -> np.ndarray:
    """Final state of a state-tracking sequence: the class of the composed permutation.

    Token ``t`` of a sequence applies the permutation ``perms[skill_perm[t]]`` to the current state
    (``state ← perm[state]``, starting from the identity), and the label is the index of the final
    state in :func:`permutation_table`. With ``n_items = 2`` this is the hidden-sign product
    of :mod:`heavytail.composition`.

    Parameters
    ----------
    skill_perm : array_like of int
        Shape ``(d,)``: the permutation class (row of :func:`permutation_table`) of every skill.
    idx : array_like of int
        Shape ``(n, k)``: skill ids of ``n`` sequences of length ``k``.
    n_items : int
        Size of the permuted set, as in :func:`permutation_table`.

    Returns
    -------
    numpy.ndarray
        Shape ``(n,)``, the class of each sequence's final state.

    Raises
    ------
    ValueError
        For out-of-range classes or ids, or arrays of the wrong shape.

    Examples
    --------
    >>> compose_labels([1, 1], [[0, 1], [0, 0]], 2).tolist()   # two swaps undo each other
    [0, 0]
    """
    table = permutation_table(n_items)
    sp = as_int_array(skill_perm, "skill_perm", minimum=0)
    if sp.ndim != 1 or sp.max() >= len(table):
        raise ValueError(f"skill_perm must be a 1-d array of classes in [0, {len(table) - 1}], got shape "
                         f"{sp.shape} and max {int(sp.max())}")
    ix = as_int_array(idx, "idx", minimum=0)
    if ix.ndim != 2 or ix.max() >= sp.size:
        raise ValueError(f"idx must have shape (n, k) with ids in [0, {sp.size - 1}], got shape {ix.shape}")
    # index of every permutation, for looking the composed state up
    code = {tuple(row): j for j, row in enumerate(table)}
    lookup = np.zeros((len(table), len(table)), dtype=np.int64)   # lookup[a, b] = class of (perm_b ∘ perm_a)
    for a, pa in enumerate(table):
        for b, pb in enumerate(table):
            lookup[a, b] = code[tuple(pb[pa])]
    state = np.zeros(ix.shape[0], dtype=np.int64)
    for t in range(ix.shape[1]):
        state = lookup[state, sp[ix[:, t]]]
    return state


def StateTrackingTransformer(d, k, n_classes, *, width=64, n_layers=2, n_heads=4):
    """A small pre-norm transformer encoder: ``k`` skill tokens and a read-out token to ``n_classes`` logits.

    Parameters
    ----------
    d : int
        Vocabulary size (number of skills), ``>= 1``; the read-out token is id ``d``.
    k : int
        Sequence length, ``>= 1``.
    n_classes : int
        Number of output classes, ``>= 2``.
    width : int, optional
        Model width, ``>= 1`` and divisible by ``n_heads``.
    n_layers : int, optional
        Number of encoder layers, ``>= 1``.
    n_heads : int, optional
        Attention heads per layer, ``>= 1``.

    Returns
    -------
    torch.nn.Module
        Maps a long tensor of shape ``(batch, k)`` to logits of shape ``(batch, n_classes)``.

    Raises
    ------
    ValueError
        For non-positive sizes or a width not divisible by ``n_heads``.

    Examples
    --------
    >>> net = StateTrackingTransformer(10, 3, 6, width=16, n_layers=1, n_heads=2)
    >>> import torch
    >>> tuple(net(torch.zeros(5, 3, dtype=torch.long)).shape)
    (5, 6)
    """
    torch = _torch()
    nn = torch.nn
    d = check_int(d, "d", minimum=1)
    k = check_int(k, "k", minimum=1)
    n_classes = check_int(n_classes, "n_classes", minimum=2)
    width = check_int(width, "width", minimum=1)
    n_layers = check_int(n_layers, "n_layers", minimum=1)
    n_heads = check_int(n_heads, "n_heads", minimum=1)
    if width % n_heads:
        raise ValueError(f"width must be divisible by n_heads, got width={width}, n_heads={n_heads}")

    class _Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.embed = nn.Embedding(d + 1, width)
            self.pos = nn.Parameter(0.02 * torch.randn(k + 1, width))
            layer = nn.TransformerEncoderLayer(width, n_heads, dim_feedforward=2 * width, dropout=0.0,
                                               batch_first=True, norm_first=True)
            self.encoder = nn.TransformerEncoder(layer, n_layers, enable_nested_tensor=False)
            self.norm = nn.LayerNorm(width)
            self.head = nn.Linear(width, n_classes)

        def forward(self, idx):
            readout = torch.full((idx.shape[0], 1), d, dtype=idx.dtype)
            x = self.embed(torch.cat([idx, readout], dim=1)) + self.pos
            return self.head(self.norm(self.encoder(x)[:, -1]))

    return _Net()


def train_state_tracking(d, k, alpha, *, n_items=3, n_steps=2000, batch_size=256, lr=1e-3, weight_decay=0.0,
                         width=64, n_layers=2, n_heads=4, n_test=4096, n_bins=4, eval_every=100, task_seed=0,
                         seed=0, progress=None) -> NeuralRun:
    """Train :func:`StateTrackingTransformer` to track the state of ``k`` composed hidden permutations.

    Skill ``i`` (a token) applies a hidden permutation of ``n_items`` items, drawn uniformly from the
    symmetric group with ``task_seed``; a sequence of ``k`` tokens drawn i.i.d. from Zipf(``alpha``)
    skill frequencies (``alpha = 0``: uniform) is labelled with its final state
    (:func:`compose_labels`), and the network is trained with cross-entropy and AdamW. Evaluation is
    on *uniform* test sequences, overall and per frequency-rank bin, as
    in :func:`train_composition_mlp`; chance accuracy is ``1/n_items!``.

    Parameters
    ----------
    d : int
        Number of skills, ``>= 2``.
    k : int
        Number of composed steps per sequence, ``>= 1``.
    alpha : float
        Zipf exponent of the training frequencies, ``>= 0``.
    n_items : int, optional
        Items permuted (2 to 6); the number of classes is ``n_items!``.
    n_steps, batch_size, lr, weight_decay : optional
        Optimiser steps, batch size, AdamW learning rate and weight decay.
    width, n_layers, n_heads : int, optional
        Transformer size (see :func:`StateTrackingTransformer`).
    n_test : int, optional
        Uniform test sequences (each rank bin gets ``n_test // 4``).
    n_bins : int, optional
        Number of frequency-rank bins, ``1 <= n_bins <= d``.
    eval_every : int, optional
        Steps between evaluations.
    task_seed, seed : int, optional
        Seed of the hidden permutations; seed of initialisation, training draws and test sets.
    progress : tqdm-like or None, optional
        Updated with the number of steps done.

    Returns
    -------
    NeuralRun
        Learning curves; ``train_loss`` and ``test_loss`` are cross-entropies.

    Raises
    ------
    ValueError
        For bad sizes, rates or seeds.
    TypeError
        If ``progress`` has no ``update`` method.

    Examples
    --------
    >>> run = train_state_tracking(8, 2, 1.0, n_items=2, n_steps=4, width=8, n_heads=2, n_layers=1,
    ...                            n_test=32, n_bins=2, eval_every=2)
    >>> run.steps.tolist()
    [0, 2, 4]
    """
    import time

    torch = _torch()
    d = check_int(d, "d", minimum=2)
    k = check_int(k, "k", minimum=1)
    p = zipf_frequencies(d, alpha)
    table = permutation_table(n_items)
    n_steps = check_int(n_steps, "n_steps", minimum=1)
    batch_size = check_int(batch_size, "batch_size", minimum=1)
    lr = check_positive(lr, "lr")
    weight_decay = check_positive(weight_decay, "weight_decay", strict=False)
    n_test = check_int(n_test, "n_test", minimum=4)
    n_bins = check_int(n_bins, "n_bins", minimum=1, maximum=d)
    eval_every = check_int(eval_every, "eval_every", minimum=1)
    seed = check_int(seed, "seed", minimum=0)
    task_seed = check_int(task_seed, "task_seed", minimum=0)
    if progress is not None and not callable(getattr(progress, "update", None)):
        raise TypeError(f"progress must be None or a tqdm-like object with update(n), got {progress!r}")
    # validates the sizes before anything is drawn
    StateTrackingTransformer(d, k, len(table), width=width, n_layers=n_layers, n_heads=n_heads)

    skill_perm = np.random.default_rng(task_seed).integers(0, len(table), size=d)
    rng = np.random.default_rng(seed)
    torch.manual_seed(seed)
    model = StateTrackingTransformer(d, k, len(table), width=width, n_layers=n_layers, n_heads=n_heads)
    opt = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=weight_decay)
    loss_fn = torch.nn.CrossEntropyLoss()

    def batch(idx_np):
        return (torch.as_tensor(idx_np), torch.as_tensor(compose_labels(skill_perm, idx_np, n_items)))

    test_x, test_y = batch(sample_tasks(np.full(d, 1.0 / d), k, n_test, rng))
    bins = rank_bins(d, n_bins)
    bin_sets = [batch(b[sample_tasks(np.full(b.size, 1.0 / b.size), k, n_test // 4, rng)]) for b in bins]

    def evaluate():
        model.eval()
        with torch.no_grad():
            out = model(test_x)
            acc = float((out.argmax(-1) == test_y).float().mean())
            tl = float(loss_fn(out, test_y))
            accs = [float((model(bx).argmax(-1) == by).float().mean()) for bx, by in bin_sets]
        model.train()
        return acc, tl, accs

    cdf = np.cumsum(p)
    cdf[-1] = 1.0

    def draw():
        return np.minimum(np.searchsorted(cdf, rng.random((batch_size, k)), side="right"), d - 1)

    t0 = time.perf_counter()
    with torch.no_grad():
        x0, y0 = batch(draw())
        running = float(loss_fn(model(x0), y0))

    def train_step():
        x, y = batch(draw())
        return loss_fn(model(x), y)

    curves = _train_and_log(opt, train_step, evaluate, running, n_steps, eval_every, progress)
    return NeuralRun(**curves, seconds=time.perf_counter() - t0,
                     params=dict(d=d, k=k, alpha=alpha, n_items=n_items, n_classes=len(table),
                                 chance=1.0 / len(table), n_steps=n_steps, batch_size=batch_size, lr=lr,
                                 width=width, n_layers=n_layers, n_heads=n_heads,
                                 bins=[[int(b[0]) + 1, int(b[-1]) + 1] for b in bins]))


def default_cache_dir():
    """``data/part3_cache`` of the repository (git-ignored through its own ``.gitignore``).

    Returns
    -------
    pathlib.Path
        The folder; it is created on first use by :func:`cached_state_tracking`.

    Examples
    --------
    >>> default_cache_dir().name
    'part3_cache'
    """
    from pathlib import Path

    return Path(__file__).resolve().parents[2] / "data" / "part3_cache"


def _state_tracking_key(kwargs: dict) -> str:
    import hashlib
    import inspect
    import json

    torch = _torch()
    funcs = (permutation_table, compose_labels, StateTrackingTransformer, train_state_tracking, rank_bins,
             zipf_frequencies, sample_tasks)
    source = "".join(inspect.getsource(f) for f in funcs).encode()
    payload = json.dumps(kwargs, sort_keys=True, default=str).encode()
    versions = torch.__version__.encode() + np.__version__.encode()
    return hashlib.sha256(source + payload + versions).hexdigest()[:16]


def cached_state_tracking(cache_dir, d, k, alpha, *, n_items=3, n_steps=2000, batch_size=256, lr=1e-3,
                          weight_decay=0.0, width=64, n_layers=2, n_heads=4, n_test=4096, n_bins=4,
                          eval_every=100, task_seed=0, seed=0) -> NeuralRun:
    """The run of :func:`train_state_tracking`, stored in and reloaded from ``cache_dir``.

    The file name is a hash of the source of every function that shapes the numbers, the keyword
    arguments and the numpy/torch versions, so a change of code or configuration retrains.

    Parameters
    ----------
    cache_dir : str, path or None
        Folder of the cache; ``None`` trains without caching.
    d, k, alpha, n_items, n_steps, batch_size, lr, weight_decay, width, n_layers, n_heads, n_test, n_bins, \
eval_every, task_seed, seed
        As in :func:`train_state_tracking` (there is no ``progress``: a cached run does no work to report).

    Returns
    -------
    NeuralRun
        As from :func:`train_state_tracking`; ``seconds`` is the training time of the stored run.

    Raises
    ------
    TypeError
        If ``cache_dir`` is not None, a str or a path.
    ValueError
        For the errors of :func:`train_state_tracking`.

    Examples
    --------
    >>> run = cached_state_tracking(None, d=8, k=2, alpha=1.0, n_items=2, n_steps=2, width=8, n_heads=2,
    ...                             n_layers=1, n_test=16, n_bins=2, eval_every=1)
    >>> run.steps.tolist()
    [0, 1, 2]
    """
    import json
    import os
    from pathlib import Path

    if cache_dir is not None and not isinstance(cache_dir, (str, os.PathLike)):
        raise TypeError(f"cache_dir must be None, a str or a path, got {type(cache_dir).__name__}")
    kwargs = dict(d=d, k=k, alpha=alpha, n_items=n_items, n_steps=n_steps, batch_size=batch_size, lr=lr,
                  weight_decay=weight_decay, width=width, n_layers=n_layers, n_heads=n_heads, n_test=n_test,
                  n_bins=n_bins, eval_every=eval_every, task_seed=task_seed, seed=seed)
    if cache_dir is None:
        return train_state_tracking(**kwargs)
    path = Path(cache_dir) / f"state-tracking-{_state_tracking_key(kwargs)}.npz"
    if path.exists():
        with np.load(path, allow_pickle=False) as z:
            return NeuralRun(steps=z["steps"], train_loss=z["train_loss"], test_acc=z["test_acc"],
                             test_loss=z["test_loss"], bin_acc=z["bin_acc"], seconds=float(z["seconds"]),
                             params=json.loads(str(z["params"])))
    run = train_state_tracking(**kwargs)
    path.parent.mkdir(parents=True, exist_ok=True)
    ignore = path.parent / ".gitignore"
    if not ignore.exists():
        ignore.write_text("# regenerable cache of heavytail.neural_composition.cached_state_tracking\n*\n")
    tmp = path.with_suffix(f".tmp{os.getpid()}.npz")
    np.savez_compressed(tmp, steps=run.steps, train_loss=run.train_loss, test_acc=run.test_acc,
                        test_loss=run.test_loss, bin_acc=run.bin_acc, seconds=run.seconds,
                        params=json.dumps(run.params))
    os.replace(tmp, path)
    return run
