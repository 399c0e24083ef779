"""Multitask sparse parity: the toy world of the quantization model of neural scaling.

Michaud et al. (2023) build a data set out of many small, discrete skills ("quanta"). An input is a
one-hot *subtask code* followed by ``n_bits`` random bits; the label is the parity of ``k`` bits that
are fixed per subtask. Subtask ``i`` (rank ``i = 1, 2, ...``) is drawn with Zipf frequency
``p_i ∝ i^(-zeta)``, so a few subtasks are common and most are rare.

This module holds everything Part IV of the book needs:

* the generator (:func:`make_task`, :func:`sample_batch`, :func:`uniform_eval_set`), seeded and vectorised;
* training of one-hidden-layer ReLU MLPs with Adam on fresh batches (:func:`train_grid`). All widths of
  one seed are trained *at once* as a single block-diagonal network: the loss is the sum of the
  per-width losses and Adam is per parameter, so each block follows exactly the trajectory it would
  follow alone, while the CPU does one matrix product instead of six. Every width sees the same batches;
* per-subtask evaluation during training and the summaries built on it (:func:`benchmark_accuracy`,
  :func:`learning_steps`, :func:`group_accuracy`);
* the predictability fit: accuracy as a logistic function of log frequency and log model size
  (:func:`fit_accuracy_model`, :func:`predict_accuracy`), with naive baselines;
* the scaling exponents (:func:`power_law_slope`, :func:`quantization_exponents`), and the convergence test
  of Part IV 04: a larger world trained for longer (:func:`convergence_grid`) and the criterion that says
  whether a loss curve has stopped moving (:func:`loss_convergence`);
* a cache keyed by a hash of this file and the parameters (:func:`train_grid` with ``cache_dir``).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import numpy as np
from scipy import optimize

from ._validate import (
    as_float_array,
    as_int_array,
    as_rng,
    check_bool,
    check_in_range,
    check_int,
    check_positive,
)
from . import scaling
from .scaling import loglog_slope as power_law_slope  # the one log-log slope of the book

__all__ = [
    "zipf_frequencies",
    "tail_shares",
    "SparseParityTask",
    "make_task",
    "sample_batch",
    "uniform_eval_set",
    "GridConfig",
    "GridResult",
    "n_parameters",
    "train_grid",
    "default_cache_dir",
    "book_grid",
    "convergence_config",
    "convergence_grid",
    "LossConvergence",
    "loss_convergence",
    "benchmark_accuracy",
    "group_accuracy",
    "rank_groups",
    "stratified_report",
    "learning_steps",
    "learning_order_correlation",
    "finite_mean",
    "AccuracyModel",
    "fit_accuracy_model",
    "predict_accuracy",
    "mean_absolute_error",
    "accuracy_rows",
    "holdout_evaluation",
    "power_law_slope",
    "quantization_exponents",
]


# --------------------------------------------------------------------------------------------------
# the generator
# --------------------------------------------------------------------------------------------------

def zipf_frequencies(n_tasks: int, zeta: float) -> np.ndarray:
    """Normalised Zipf frequencies ``p_i = i^(-zeta) / sum_j j^(-zeta)`` of the ranks ``i = 1..n_tasks``.

    The one Zipf-frequency function of the book is heavytail.scaling.zipf_frequencies; this wrapper checks
    the arguments with the names quanta uses.

    Parameters
    ----------
    n_tasks : int
        Number of subtasks (ranks), >= 1.
    zeta : float
        Zipf exponent, > 0.

    Returns
    -------
    numpy.ndarray
        Shape ``(n_tasks,)``: positive, decreasing with rank, summing to one.

    Raises
    ------
    TypeError
        If ``n_tasks`` is not an integer or ``zeta`` is not a number.
    ValueError
        If ``n_tasks < 1`` or ``zeta <= 0``.

    Examples
    --------
    >>> zipf_frequencies(3, 1.0).round(3)
    array([0.545, 0.273, 0.182])
    """
    n_tasks = check_int(n_tasks, "n_tasks", minimum=1)
    zeta = check_positive(zeta, "zeta")
    return scaling.zipf_frequencies(n_tasks, zeta)


def tail_shares(freqs, n_head) -> tuple[float, float]:
    """Share of distinct cases and share of traffic outside the ``n_head`` most frequent cases.

    "Most of what you encounter lives in the tail" has two readings: most *distinct cases* are tail
    cases (the first number), or most *events* come from tail cases (the second). For frequencies sorted
    in decreasing order the traffic share never exceeds the case share, because the tail's mean
    frequency is at most the overall mean.

    Parameters
    ----------
    freqs : array_like
        Non-negative frequencies of the cases, 1-d, summing to one, in decreasing order.
    n_head : int
        Number of most frequent cases that form the head, ``0 <= n_head < len(freqs)``.

    Returns
    -------
    case_share, traffic_share : float
        ``(m − n_head)/m`` and ``sum(freqs[n_head:])``.

    Raises
    ------
    ValueError
        If ``freqs`` is not a decreasing probability vector or ``n_head`` is out of range.

    Examples
    --------
    >>> cases, traffic = tail_shares(zipf_frequencies(32, 1.5), 16)
    >>> cases, round(traffic, 3)
    (0.5, 0.063)
    """
    p = as_float_array(freqs, "freqs", ndim=1)
    if np.any(p < 0) or not np.isclose(p.sum(), 1.0, rtol=0, atol=1e-8):
        raise ValueError(f"freqs must be non-negative and sum to 1, got sum {float(p.sum())!r}")
    if np.any(np.diff(p) > 1e-15):
        raise ValueError("freqs must be sorted in decreasing order (most frequent case first)")
    n_head = check_int(n_head, "n_head", minimum=0, maximum=p.size - 1)
    return (p.size - n_head) / p.size, float(p[n_head:].sum())


@dataclass(frozen=True)
class SparseParityTask:
    """A multitask sparse parity problem, as drawn by :func:`make_task`.

    An input is the one-hot code of its subtask followed by ``n_bits`` bits; its label is the parity of
    the ``k`` bits ``bits[i]`` of subtask ``i``. Build it with :func:`make_task` rather than by hand.

    Parameters
    ----------
    n_tasks, n_bits, k : int
        Number of subtasks, of input bits, and of bits whose parity is the label.
    zeta : float
        Zipf exponent of the subtask frequencies.
    bits : numpy.ndarray
        int, shape ``(n_tasks, k)``: the bits of each subtask, each row sorted.
    freqs : numpy.ndarray
        float, shape ``(n_tasks,)``: the subtask frequencies, decreasing with rank.

    Examples
    --------
    >>> task = make_task(n_tasks=4, n_bits=6, k=2, seed=0)
    >>> task.bits.shape, task.input_dim
    ((4, 2), 10)
    """

    n_tasks: int
    n_bits: int
    k: int
    zeta: float
    bits: np.ndarray = field(repr=False)
    freqs: np.ndarray = field(repr=False)

    @property
    def input_dim(self) -> int:
        """Length of an input vector: the one-hot subtask code plus the bits, ``n_tasks + n_bits``.

        Examples
        --------
        >>> make_task(n_tasks=4, n_bits=6, k=2).input_dim
        10
        """
        return self.n_tasks + self.n_bits


def make_task(n_tasks: int = 32, n_bits: int = 24, k: int = 3, zeta: float = 1.5,
              seed: int | np.random.Generator = 0) -> SparseParityTask:
    """Draw a multitask sparse parity problem: the ``k`` parity bits of every subtask.

    The bits of each subtask are drawn without replacement from the ``n_bits``, independently per subtask.

    Parameters
    ----------
    n_tasks : int, default 32
        Number of subtasks, >= 1.
    n_bits : int, default 24
        Number of input bits, >= 1.
    k : int, default 3
        Number of bits whose parity is the label, ``1 <= k <= n_bits``.
    zeta : float, default 1.5
        Zipf exponent of the subtask frequencies, > 0.
    seed : int or numpy.random.Generator, default 0
        An integer >= 0 or a Generator.

    Returns
    -------
    SparseParityTask

    Raises
    ------
    TypeError
        If an argument is not a number (or ``seed`` not an integer or Generator).
    ValueError
        If ``n_tasks < 1``, ``n_bits < 1``, ``k < 1``, ``k > n_bits``, ``zeta <= 0`` or ``seed < 0``.

    Examples
    --------
    >>> task = make_task(n_tasks=3, n_bits=5, k=2, zeta=1.0, seed=0)
    >>> task.bits.shape, bool(task.bits.max() < 5), task.freqs.round(3)
    ((3, 2), True, array([0.545, 0.273, 0.182]))
    """
    n_tasks = check_int(n_tasks, "n_tasks", minimum=1)
    n_bits = check_int(n_bits, "n_bits", minimum=1)
    k = check_int(k, "k", minimum=1)
    if k > n_bits:
        raise ValueError(f"k must be <= n_bits={n_bits}, got k={k}")
    freqs = zipf_frequencies(n_tasks, zeta)
    rng = as_rng(seed, "seed")
    # argsort of uniform noise = a random permutation per row, vectorised over subtasks
    bits = np.sort(np.argsort(rng.random((n_tasks, n_bits)), axis=1)[:, :k], axis=1)
    return SparseParityTask(n_tasks, n_bits, k, float(zeta), bits, freqs)


def _encode(task: SparseParityTask, tasks: np.ndarray, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Inputs (one-hot code, bits) as float32 and parity labels for subtask ids ``tasks`` and bits ``x``."""
    n = tasks.shape[0]
    inputs = np.zeros((n, task.input_dim), dtype=np.float32)
    inputs[np.arange(n), tasks] = 1.0
    inputs[:, task.n_tasks:] = x
    labels = (np.take_along_axis(x, task.bits[tasks], axis=1).sum(axis=1) % 2).astype(np.int64)
    return inputs, labels


def _check_task(task) -> None:
    if not isinstance(task, SparseParityTask):
        raise TypeError(f"task must be a SparseParityTask, got {type(task).__name__}")


def sample_batch(task: SparseParityTask, size: int, seed: int | np.random.Generator
                 ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Draw ``size`` fresh training examples: subtasks with the Zipf frequencies, bits uniform.

    Parameters
    ----------
    task : SparseParityTask
        The problem, from :func:`make_task`.
    size : int
        Number of examples, >= 1.
    seed : int or numpy.random.Generator
        An integer >= 0 or a Generator, which is used (and advanced) as it is; the training loops pass
        one Generator per seed, ``np.random.default_rng([seed, 1])``, and draw every batch from it.

    Returns
    -------
    inputs : numpy.ndarray
        float32, shape ``(size, n_tasks + n_bits)``: the one-hot subtask code followed by the bits.
    labels : numpy.ndarray
        int64, shape ``(size,)``, the parity (0 or 1) of the subtask's ``k`` bits.
    subtask : numpy.ndarray
        int, shape ``(size,)``, the 0-based subtask id (rank - 1).

    Raises
    ------
    TypeError
        If ``task`` is not a SparseParityTask or ``seed`` is neither an integer nor a Generator.
    ValueError
        If ``size < 1`` or ``seed`` is negative.

    Examples
    --------
    >>> task = make_task(n_tasks=4, n_bits=6, k=2, seed=0)
    >>> x, y, t = sample_batch(task, 5, seed=1)
    >>> x.shape, y.shape, t.shape
    ((5, 10), (5,), (5,))
    >>> bool(np.all(x[np.arange(5), t] == 1))
    True
    """
    size = check_int(size, "size", minimum=1)
    _check_task(task)
    rng = as_rng(seed, "seed")
    tasks = rng.choice(task.n_tasks, size=size, p=task.freqs)
    x = rng.integers(0, 2, size=(size, task.n_bits), dtype=np.int8)
    inputs, labels = _encode(task, tasks, x)
    return inputs, labels, tasks


def uniform_eval_set(task: SparseParityTask, per_task: int, seed: int | np.random.Generator
                     ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Draw ``per_task`` examples of every subtask (uniform over subtasks), for per-subtask evaluation.

    Parameters
    ----------
    task : SparseParityTask
        The problem, from :func:`make_task`.
    per_task : int
        Number of examples of each subtask, >= 1.
    seed : int or numpy.random.Generator
        An integer >= 0 or a Generator (used as it is); the training loops pass
        ``np.random.default_rng([seed, 2])``.

    Returns
    -------
    inputs : numpy.ndarray
        float32, shape ``(n_tasks * per_task, n_tasks + n_bits)``.
    labels : numpy.ndarray
        int64, shape ``(n_tasks * per_task,)``, the parity labels.
    subtask : numpy.ndarray
        int, the 0-based subtask ids in blocks: ``per_task`` times 0, then 1, and so on.

    Raises
    ------
    TypeError
        If ``task`` is not a SparseParityTask or ``seed`` is neither an integer nor a Generator.
    ValueError
        If ``per_task < 1`` or ``seed`` is negative.

    Examples
    --------
    >>> task = make_task(n_tasks=3, n_bits=6, k=2, seed=0)
    >>> x, y, t = uniform_eval_set(task, 2, seed=0)
    >>> t.tolist(), x.shape
    ([0, 0, 1, 1, 2, 2], (6, 9))
    """
    per_task = check_int(per_task, "per_task", minimum=1)
    _check_task(task)
    rng = as_rng(seed, "seed")
    tasks = np.repeat(np.arange(task.n_tasks), per_task)
    x = rng.integers(0, 2, size=(tasks.size, task.n_bits), dtype=np.int8)
    inputs, labels = _encode(task, tasks, x)
    return inputs, labels, tasks


# --------------------------------------------------------------------------------------------------
# training a grid of widths
# --------------------------------------------------------------------------------------------------

def _check_run_settings(config) -> None:
    """The task and training settings a :class:`GridConfig` and a ``depth.DepthConfig`` share."""
    check_int(config.n_tasks, "n_tasks", minimum=1)
    check_int(config.n_bits, "n_bits", minimum=1)
    check_int(config.k, "k", minimum=1)
    if config.k > config.n_bits:
        raise ValueError(f"k must be <= n_bits={config.n_bits}, got k={config.k}")
    check_positive(config.zeta, "zeta")
    check_int(config.steps, "steps", minimum=1)
    check_int(config.batch, "batch", minimum=1)
    check_positive(config.lr, "lr")
    check_int(config.eval_every, "eval_every", minimum=1)
    check_int(config.eval_per_task, "eval_per_task", minimum=1)
    check_int(config.task_seed, "task_seed", minimum=0)


@dataclass(frozen=True)
class GridConfig:
    """Everything that determines a training grid, and hence its cache key; it validates itself.

    The defaults are the full-mode grid of :func:`book_grid`.

    Parameters
    ----------
    n_tasks, n_bits, k, zeta
        The problem (see :func:`make_task`).
    widths : tuple of int
        Hidden widths of the one-hidden-layer ReLU networks, each >= 1, at least one.
    seeds : tuple of int
        Training seeds, each >= 0, at least one; seed ``s`` sets the initialisation and the batches.
    steps : int
        Adam steps, >= 1, each on a fresh batch.
    batch : int
        Examples per batch, >= 1.
    lr : float
        Adam learning rate, > 0.
    eval_every : int
        Steps between evaluations, >= 1 (the last step is always evaluated).
    eval_per_task : int
        Evaluation examples per subtask, >= 1.
    task_seed : int
        Seed of :func:`make_task`, >= 0.

    Raises
    ------
    TypeError
        If ``widths`` or ``seeds`` is not a tuple, or a field is not a number.
    ValueError
        If a field is out of range, for example ``k > n_bits`` or empty ``widths``.

    Examples
    --------
    >>> cfg = GridConfig(n_tasks=4, n_bits=6, k=2, widths=(4, 8), seeds=(0,), steps=10)
    >>> cfg.task().input_dim, cfg.widths
    (10, (4, 8))
    """

    n_tasks: int = 32
    n_bits: int = 24
    k: int = 3
    zeta: float = 1.5
    widths: tuple = (8, 16, 32, 64, 128, 256)
    seeds: tuple = (0, 1, 2)
    steps: int = 4000
    batch: int = 1024
    lr: float = 3e-3
    eval_every: int = 200
    eval_per_task: int = 256
    task_seed: int = 0

    def __post_init__(self):
        _check_run_settings(self)
        for name in ("widths", "seeds"):
            if isinstance(getattr(self, name), (str, bytes)) or not hasattr(getattr(self, name), "__len__"):
                raise TypeError(f"{name} must be a tuple of ints, got {getattr(self, name)!r}")
        if len(self.widths) == 0:
            raise ValueError("widths must not be empty, got ()")
        for w in self.widths:
            check_int(w, "widths", minimum=1)
        if len(self.seeds) == 0:
            raise ValueError("seeds must not be empty, got ()")
        for s in self.seeds:
            check_int(s, "seeds", minimum=0)

    def task(self) -> SparseParityTask:
        """The problem of this configuration: ``make_task(n_tasks, n_bits, k, zeta, task_seed)``.

        Returns
        -------
        SparseParityTask

        Examples
        --------
        >>> GridConfig(n_tasks=4, n_bits=6, k=2).task().bits.shape
        (4, 2)
        """
        return make_task(self.n_tasks, self.n_bits, self.k, self.zeta, self.task_seed)


@dataclass
class GridResult:
    """Per-subtask evaluation of every (seed, width) run of a grid at every checkpoint.

    :func:`train_grid` returns it. Indices: ``s`` is the seed, ``c`` the checkpoint (at ``eval_steps[c]``
    steps; the last one is the end of training), ``w`` the width, ``i`` the subtask (0-based rank).

    Parameters
    ----------
    config : GridConfig
        The configuration that was trained.
    freqs : numpy.ndarray
        The subtask frequencies, shape ``(n_tasks,)``.
    eval_steps : numpy.ndarray
        The checkpoints' steps, shape ``(n_checkpoints,)``.
    acc, loss : numpy.ndarray
        Accuracy and mean cross-entropy (nats), ``acc[s, c, w, i]`` and ``loss[s, c, w, i]``.
    params : numpy.ndarray
        Number of parameters of each width (:func:`n_parameters`).
    seconds : float
        Training time.

    Examples
    --------
    >>> cfg = GridConfig(n_tasks=2, n_bits=2, k=1, widths=(4,), seeds=(0,), steps=2, eval_every=1)
    >>> acc = np.ones((1, 2, 1, 2))
    >>> g = GridResult(cfg, zipf_frequencies(2, 1.5), np.array([1, 2]), acc, 0.1 * acc, np.array([21]), 0.0)
    >>> g.final_acc.shape
    (1, 1, 2)
    """

    config: GridConfig
    freqs: np.ndarray
    eval_steps: np.ndarray
    acc: np.ndarray
    loss: np.ndarray
    params: np.ndarray
    seconds: float

    @property
    def final_acc(self) -> np.ndarray:
        """Accuracy at the end of training, shape ``(n_seeds, n_widths, n_tasks)``.

        Examples
        --------
        >>> cfg = GridConfig(n_tasks=2, n_bits=2, k=1, widths=(4,), seeds=(0,), steps=2, eval_every=1)
        >>> acc = np.array([0.5, 1.0]).reshape(1, 2, 1, 1) * np.ones((1, 2, 1, 2))
        >>> g = GridResult(cfg, zipf_frequencies(2, 1.5), np.array([1, 2]), acc, acc, np.array([21]), 0.0)
        >>> g.final_acc.tolist()
        [[[1.0, 1.0]]]
        """
        return self.acc[:, -1]

    @property
    def final_loss(self) -> np.ndarray:
        """Loss (nats) at the end of training, shape ``(n_seeds, n_widths, n_tasks)``.

        Examples
        --------
        >>> cfg = GridConfig(n_tasks=2, n_bits=2, k=1, widths=(4,), seeds=(0,), steps=2, eval_every=1)
        >>> loss = np.array([0.7, 0.1]).reshape(1, 2, 1, 1) * np.ones((1, 2, 1, 2))
        >>> g = GridResult(cfg, zipf_frequencies(2, 1.5), np.array([1, 2]), 1 - loss, loss,
        ...                np.array([21]), 0.0)
        >>> g.final_loss.tolist()
        [[[0.1, 0.1]]]
        """
        return self.loss[:, -1]


def n_parameters(width: int, input_dim: int) -> int:
    """Number of parameters of the one-hidden-layer MLP with one output logit.

    Parameters
    ----------
    width : int
        Hidden width, >= 1.
    input_dim : int
        Length of an input vector (``SparseParityTask.input_dim``), >= 1.

    Returns
    -------
    int
        ``(input_dim + 1) * width + width + 1``: weights and biases of both layers.

    Raises
    ------
    TypeError
        If an argument is not an integer.
    ValueError
        If an argument is < 1.

    Examples
    --------
    >>> n_parameters(8, 56)
    465
    """
    width = check_int(width, "width", minimum=1)
    input_dim = check_int(input_dim, "input_dim", minimum=1)
    return (input_dim + 1) * width + width + 1


def _train_one_seed(config: GridConfig, task: SparseParityTask, seed: int, progress) -> tuple:
    """Train all widths for one seed as a block-diagonal network; return (acc, loss) per checkpoint."""
    import torch

    torch.set_num_threads(1)
    torch.manual_seed(seed)
    widths = np.asarray(config.widths)
    H, d, m = int(widths.sum()), task.input_dim, len(widths)
    block = np.repeat(np.arange(m), widths)                     # which model each hidden unit belongs to
    # PyTorch's default Linear init, U(-1/sqrt(fan_in), 1/sqrt(fan_in)), per block
    bound1 = 1.0 / np.sqrt(d)
    bound2 = torch.tensor(1.0 / np.sqrt(widths[block]), dtype=torch.float32)
    W1 = ((torch.rand(d, H) * 2 - 1) * bound1).requires_grad_(True)
    b1 = ((torch.rand(H) * 2 - 1) * bound1).requires_grad_(True)
    w2 = ((torch.rand(H) * 2 - 1) * bound2).requires_grad_(True)
    b2 = ((torch.rand(m) * 2 - 1) * torch.tensor(1.0 / np.sqrt(widths), dtype=torch.float32)
          ).requires_grad_(True)
    onehot = torch.zeros(H, m)
    onehot[np.arange(H), block] = 1.0
    opt = torch.optim.Adam([W1, b1, w2, b2], lr=config.lr)
    bce = torch.nn.functional.binary_cross_entropy_with_logits

    def logits(x):
        return (torch.relu(x @ W1 + b1) * w2) @ onehot + b2       # (batch, m)

    rng = np.random.default_rng([seed, 1])                        # training stream
    ex, ey, et = uniform_eval_set(task, config.eval_per_task, np.random.default_rng([seed, 2]))
    ex, ey_t = torch.from_numpy(ex), torch.from_numpy(ey).float()[:, None].expand(-1, m)
    counts = np.bincount(et, minlength=task.n_tasks)

    def evaluate():
        with torch.no_grad():
            z = logits(ex)
            correct = ((z > 0).float() == ey_t).float().numpy()
            nll = bce(z, ey_t, reduction="none").numpy()
        acc = np.stack([np.bincount(et, correct[:, j], task.n_tasks) / counts for j in range(m)])
        loss = np.stack([np.bincount(et, nll[:, j], task.n_tasks) / counts for j in range(m)])
        return acc, loss

    accs, losses = [], []
    for step in range(1, config.steps + 1):
        x, y, _ = sample_batch(task, config.batch, rng)
        z = logits(torch.from_numpy(x))
        loss = m * bce(z, torch.from_numpy(y).float()[:, None].expand(-1, m))   # = sum of per-model means
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        if step % config.eval_every == 0 or step == config.steps:
            acc_now, loss_now = evaluate()
            accs.append(acc_now)
            losses.append(loss_now)
        progress.update(1)
    return np.stack(accs), np.stack(losses)


def _cache_key(config: GridConfig) -> str:
    """Hash of the source of every function that shapes a grid's numbers, the config and the versions."""
    import inspect

    import torch

    source = "".join(inspect.getsource(f) for f in (zipf_frequencies, make_task, _encode, sample_batch,
                                                     uniform_eval_set, n_parameters, _train_one_seed,
                                                     GridConfig, train_grid)).encode()
    payload = json.dumps(dataclasses.asdict(config), sort_keys=True, default=list).encode()
    return hashlib.sha256(source + payload + torch.__version__.encode() + np.__version__.encode()
                          ).hexdigest()[:16]


def default_cache_dir() -> Path:
    """The folder where the book's grids are cached: ``data/part4_cache`` of the repository.

    The folder holds its own ``.gitignore`` (written by :func:`train_grid`), so git ignores the cache.

    Returns
    -------
    pathlib.Path

    Examples
    --------
    >>> default_cache_dir().parts[-2:]
    ('data', 'part4_cache')
    """
    return Path(__file__).resolve().parents[2] / "data" / "part4_cache"


def train_grid(config: GridConfig, *, cache_dir: str | os.PathLike | None = None,
               progress: bool = False) -> GridResult:
    """Train every width of ``config`` for every seed, and evaluate every subtask at every checkpoint.

    All widths of one seed are trained at once as one block-diagonal network with Adam on fresh batches
    (see the module's description); every width sees the same batches. With ``cache_dir`` the result is
    stored in ``cache_dir/grid-<hash>.npz``, where the hash covers the source of the generator and
    training functions, the configuration and the numpy and torch versions, and is loaded from there when
    present. Without it (quick mode) the grid is always recomputed.

    Parameters
    ----------
    config : GridConfig
        What to train.
    cache_dir : str or os.PathLike, optional
        Folder of the cache; None (the default) trains without caching.
    progress : bool, default False
        Show a progress bar (tqdm) while training.

    Returns
    -------
    GridResult

    Raises
    ------
    TypeError
        If ``config`` is not a GridConfig, ``cache_dir`` is not None, a str or a path, or ``progress`` is
        not a bool.

    Examples
    --------
    A tiny grid; the first call to torch costs seconds, so the doctest does not run it:

    >>> cfg = GridConfig(n_tasks=2, n_bits=2, k=1, widths=(2, 4), seeds=(0,), steps=3, batch=8,
    ...                  eval_every=1, eval_per_task=2)
    >>> g = train_grid(cfg)                      # doctest: +SKIP
    >>> g.acc.shape, g.params.tolist()           # doctest: +SKIP
    ((1, 3, 2, 2), [13, 25])
    """
    if not isinstance(config, GridConfig):
        raise TypeError(f"config must be a GridConfig, got {type(config).__name__}")
    progress = check_bool(progress, "progress")
    if cache_dir is not None and not isinstance(cache_dir, (str, os.PathLike)):
        raise TypeError(f"cache_dir must be None, a str or a path, got {type(cache_dir).__name__}")
    task = config.task()
    params = np.array([n_parameters(w, task.input_dim) for w in config.widths])
    path = None
    if cache_dir is not None:
        path = Path(cache_dir) / f"grid-{_cache_key(config)}.npz"
        if path.exists():
            with np.load(path) as z:
                return GridResult(config, task.freqs, z["eval_steps"], z["acc"], z["loss"], params,
                                  float(z["seconds"]))
    import time
    import warnings

    with warnings.catch_warnings():       # tqdm.auto warns when ipywidgets is missing; it falls back to text
        warnings.simplefilter("ignore")
        from tqdm.auto import tqdm

    t0 = time.perf_counter()
    bar = tqdm(total=config.steps * len(config.seeds), disable=not progress, desc="training grid",
               mininterval=30.0)
    runs = [_train_one_seed(config, task, int(s), bar) for s in config.seeds]
    bar.close()
    eval_steps = np.array([s for s in range(1, config.steps + 1)
                           if s % config.eval_every == 0 or s == config.steps])
    acc = np.stack([r[0] for r in runs])
    loss = np.stack([r[1] for r in runs])
    seconds = time.perf_counter() - t0
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        ignore = path.parent / ".gitignore"
        if not ignore.exists():
            ignore.write_text("# regenerable cache of heavytail.quanta.train_grid\n*\n")
        tmp = path.with_suffix(f".tmp{os.getpid()}.npz")
        np.savez_compressed(tmp, eval_steps=eval_steps, acc=acc, loss=loss, seconds=seconds)
        os.replace(tmp, path)
    return GridResult(config, task.freqs, eval_steps, acc, loss, params, seconds)


def book_grid(quick: bool, *, zeta: float = 1.5, seeds=None, progress: bool = True) -> GridResult:
    """The grid Part IV of the book trains, in one place so that every page uses the same runs.

    Full mode: 32 subtasks, ``n = 24`` bits, ``k = 3``, widths 8 to 256, Adam (lr 3e-3) on fresh batches
    of 1024 for 4000 steps, cached under :func:`default_cache_dir` under a lock, so that the pages that
    share it train it once. Quick mode: a tiny, easier grid (16 subtasks, 12 bits, widths 8, 32, 128, two
    seeds, batch 512, 300 steps), always recomputed and never cached; its numbers only show that the code
    runs.

    Parameters
    ----------
    quick : bool
        Quick or full mode.
    zeta : float, default 1.5
        Zipf exponent of the subtask frequencies, > 0.
    seeds : tuple of int, optional
        Training seeds; default ``(0, 1, 2)`` in full mode and ``(0, 1)`` in quick mode.
    progress : bool, default True
        Show a progress bar while training (full mode).

    Returns
    -------
    GridResult

    Raises
    ------
    TypeError, ValueError
        For a bad argument, before any training (see :class:`GridConfig`).

    Examples
    --------
    Even the quick grid trains for seconds, so the doctest does not run it:

    >>> g = book_grid(True, progress=False)      # doctest: +SKIP
    >>> g.acc.shape                              # doctest: +SKIP
    (2, 7, 3, 16)
    """
    quick = check_bool(quick, "quick")
    progress = check_bool(progress, "progress")
    if quick:
        config = GridConfig(n_tasks=16, n_bits=12, zeta=zeta, widths=(8, 32, 128),
                            seeds=(0, 1) if seeds is None else tuple(seeds),
                            steps=300, batch=512, eval_every=50, eval_per_task=64)
        return train_grid(config)
    config = GridConfig(zeta=zeta, seeds=(0, 1, 2) if seeds is None else tuple(seeds))
    return _locked_train(config, progress)


def _locked_train(config: GridConfig, progress: bool) -> GridResult:
    """Train ``config`` into the cache of :func:`default_cache_dir`, under a lock on its ``grid-<hash>.lock``,
    so that pages executed in parallel (tools/build.py -j) train a grid once and the others load it."""
    import fcntl

    cache = default_cache_dir()
    cache.mkdir(parents=True, exist_ok=True)
    with open(cache / f"grid-{_cache_key(config)}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        return train_grid(config, cache_dir=cache, progress=progress)


# the convergence experiment of Part IV 04: a larger world, so that n << m can hold, and a longer run
_CONVERGENCE_FULL = dict(n_tasks=128, n_bits=12, k=3, widths=(8, 16, 32, 64, 128), steps=20_000, batch=512,
                         lr=3e-3, eval_every=500, eval_per_task=128)
_CONVERGENCE_QUICK = dict(n_tasks=24, n_bits=8, k=3, widths=(4, 8, 16, 32), steps=800, batch=256, lr=3e-3,
                          eval_every=50, eval_per_task=32)
LONG_RUN_FACTOR = 4


def convergence_config(quick: bool, *, zeta: float = 1.5, long_run: bool = False, seeds=None) -> GridConfig:
    """The configuration :func:`convergence_grid` trains (see there); it validates itself.

    Parameters
    ----------
    quick : bool
        The tiny configuration of quick mode instead of the full one.
    zeta : float, optional
        Zipf exponent of the subtask frequencies, > 0.
    long_run : bool, optional
        Multiply the step cap (and the evaluation interval) by ``LONG_RUN_FACTOR`` = 4.
    seeds : tuple of int, optional
        Training seeds; default ``(0, 1, 2)`` in full mode and ``(0, 1)`` in quick mode.

    Returns
    -------
    GridConfig

    Raises
    ------
    TypeError
        If ``quick`` or ``long_run`` is not a bool, or ``seeds`` is not a tuple.
    ValueError
        If ``zeta <= 0`` or a seed is negative (one line naming the argument and the value).

    Examples
    --------
    >>> cfg = convergence_config(False, zeta=2.0)
    >>> cfg.n_tasks, cfg.widths, cfg.steps
    (128, (8, 16, 32, 64, 128), 20000)
    >>> convergence_config(False, long_run=True).steps
    80000
    """
    quick = check_bool(quick, "quick")
    long_run = check_bool(long_run, "long_run")
    base = dict(_CONVERGENCE_QUICK if quick else _CONVERGENCE_FULL)
    if long_run:
        base["steps"] *= LONG_RUN_FACTOR
        base["eval_every"] *= LONG_RUN_FACTOR
    if seeds is None:
        seeds = (0, 1) if quick else (0, 1, 2)
    elif isinstance(seeds, (str, bytes)) or not hasattr(seeds, "__iter__"):
        raise TypeError(f"seeds must be a tuple of ints, got {seeds!r}")
    return GridConfig(zeta=zeta, seeds=tuple(seeds), **base)


def convergence_grid(quick: bool, *, zeta: float = 1.5, long_run: bool = False, seeds=None,
                     progress: bool = True) -> GridResult:
    """Train the widths of a larger world until the loss stops moving: the convergence test of Part IV 04.

    The grid of :func:`book_grid` (32 subtasks, 4000 steps) is step-limited; this one has four times as many
    subtasks, so that no width can hold them all, and a five times longer step cap, to test whether the
    exponent was set by the budget. Whether a run's loss settled is judged by :func:`loss_convergence`.

    Full mode: 128 subtasks, ``n = 12`` bits, ``k = 3``, widths 8, 16, 32, 64, 128, seeds 0, 1, 2, Adam
    (lr 3e-3) on fresh batches of 512 for a cap of 20,000 steps (80,000 with ``long_run``), evaluated every
    500 steps (2000) on 128 examples of every subtask; cached under :func:`default_cache_dir` like the
    grids of :func:`book_grid` (keyed hash, a lock, an atomic write). Quick mode: 24 subtasks, 8 bits,
    widths 4..32, two seeds, batch 256, 800 steps (3200), always recomputed and never cached; its numbers
    only show that the code runs.

    Parameters
    ----------
    quick : bool
        Quick (tiny, uncached) or full mode.
    zeta : float, optional
        Zipf exponent of the subtask frequencies, > 0.
    long_run : bool, optional
        Four times the step cap.
    seeds : tuple of int, optional
        Training seeds (default: see :func:`convergence_config`).
    progress : bool, optional
        Show a progress bar while training.

    Returns
    -------
    GridResult

    Raises
    ------
    TypeError, ValueError
        For a bad argument, before any training (see :func:`convergence_config`).

    Examples
    --------
    >>> g = convergence_grid(True, zeta=1.5, progress=False)      # doctest: +SKIP
    >>> g.loss.shape                                              # doctest: +SKIP
    (2, 16, 4, 24)
    """
    config = convergence_config(quick, zeta=zeta, long_run=long_run, seeds=seeds)
    progress = check_bool(progress, "progress")
    if quick:
        return train_grid(config, progress=progress)
    return _locked_train(config, progress)


class LossConvergence(NamedTuple):
    """Outcome of :func:`loss_convergence`.

    Parameters
    ----------
    converged : numpy.ndarray
        bool, the shape of the loss curve without its checkpoint axis.
    rel_change : numpy.ndarray
        ``|L(ref_step) - L(end_step)| / L(end_step)``, same shape.
    ref_step : float
        The checkpoint at (or just before) ``(1 - window) * end_step``.
    end_step : float
        The last checkpoint.

    Examples
    --------
    >>> res = loss_convergence(np.array([0.4, 0.3, 0.3, 0.3]), np.array([1, 2, 3, 4]))
    >>> bool(res.converged), res.ref_step, res.end_step
    (True, 3.0, 4.0)
    """

    converged: np.ndarray        # bool, shape of the curve without its checkpoint axis
    rel_change: np.ndarray       # |L(ref_step) - L(end_step)| / L(end_step)
    ref_step: float              # the checkpoint at (or just before) (1 - window) * end_step
    end_step: float              # the last checkpoint


def loss_convergence(loss_curve, eval_steps, *, window: float = 0.25, tol: float = 0.05) -> LossConvergence:
    """The convergence criterion of Part IV 04: did the loss still move over the last ``window`` of training?

    With ``T`` the last checkpoint and ``t0`` the last checkpoint at or before ``(1 - window) T``, the
    relative change is ``|L(t0) - L(T)| / L(T)``; a run has converged when it is below ``tol``. For a loss
    that still falls as ``t^(-g)`` the change is ``(T / t0)^g - 1``, so the defaults accept a run whose
    local decay exponent in steps is below ``log(1.05) / log(4/3) = 0.17``. A loss that rises by more than
    ``tol`` (an instability) does not count as converged either.

    Parameters
    ----------
    loss_curve : array_like
        Positive, finite losses with the checkpoints on axis 0 (any further axes: runs).
    eval_steps : array_like
        The checkpoints' steps, 1-d, strictly increasing, >= 0, one per row of ``loss_curve``.
    window : float, optional
        Fraction of the run the change is measured over, in (0, 1).
    tol : float, optional
        Largest relative change that counts as converged, > 0.

    Returns
    -------
    LossConvergence
        ``converged`` (bool) and ``rel_change`` with the shape of ``loss_curve[0]``, and the two steps.

    Raises
    ------
    ValueError
        If the losses are not positive and finite, the shapes disagree, ``eval_steps`` is not increasing or
        has no checkpoint at or before ``(1 - window) T``, or ``window`` / ``tol`` are out of range.

    Examples
    --------
    >>> steps = np.arange(1, 9) * 100
    >>> flat, falling = np.full(8, 0.3), 0.3 * (steps / 100.0) ** -0.5
    >>> res = loss_convergence(np.stack([flat, falling], axis=1), steps)
    >>> res.converged.tolist(), res.ref_step, res.end_step
    ([True, False], 600.0, 800.0)
    """
    eval_steps = as_float_array(eval_steps, "eval_steps", ndim=1)
    if np.any(eval_steps < 0) or np.any(np.diff(eval_steps) <= 0):
        raise ValueError(f"eval_steps must be >= 0 and strictly increasing, got {eval_steps!r}")
    curve = as_float_array(loss_curve, "loss_curve")
    if curve.ndim < 1 or curve.shape[0] != eval_steps.size:
        raise ValueError(f"loss_curve must have {eval_steps.size} checkpoints on axis 0, got shape "
                         f"{curve.shape}")
    if np.any(curve <= 0):
        raise ValueError(f"loss_curve must be > 0, got minimum {float(curve.min())!r}")
    window = check_in_range(window, "window", 0.0, 1.0, lo_open=True, hi_open=True)
    tol = check_positive(tol, "tol")
    end = eval_steps[-1]
    before = np.flatnonzero(eval_steps <= (1 - window) * end * (1 + 1e-9))   # 1e-9: rounding of (1 - window)
    if before.size == 0:
        raise ValueError(f"eval_steps must include a checkpoint at or before (1 - window) * {end:g} = "
                         f"{(1 - window) * end:g}, got first checkpoint {eval_steps[0]:g}")
    ref = before[-1]
    rel = np.abs(curve[ref] - curve[-1]) / curve[-1]
    return LossConvergence(np.asarray(rel < tol), np.asarray(rel), float(eval_steps[ref]), float(end))


# --------------------------------------------------------------------------------------------------
# summaries
# --------------------------------------------------------------------------------------------------

def _check_freqs(freqs: np.ndarray) -> None:
    """Traffic frequencies: non-negative with a positive sum (they are normalised by it)."""
    if (freqs < 0).any() or freqs.sum() <= 0:
        raise ValueError(f"freqs must be >= 0 with a positive sum, got {freqs[:8]!r}")


def benchmark_accuracy(acc, freqs) -> np.ndarray:
    """Expected accuracy on a test set drawn with the training frequencies: ``sum_i p_i acc_i``.

    Parameters
    ----------
    acc : array_like
        Accuracies with the subtasks on the last axis.
    freqs : array_like
        Subtask frequencies, 1-d, >= 0 with a positive sum (normalised here).

    Returns
    -------
    numpy.ndarray
        The frequency-weighted accuracy, the shape of ``acc`` without its last axis (a 0-d array for 1-d
        ``acc``).

    Raises
    ------
    ValueError
        If ``acc``'s last axis does not match ``freqs``, or ``freqs`` has a negative entry or sums to 0.

    Examples
    --------
    >>> float(benchmark_accuracy([1.0, 0.5], [3, 1]))
    0.875
    """
    acc = as_float_array(acc, "acc")
    freqs = as_float_array(freqs, "freqs", ndim=1)
    if acc.shape[-1] != freqs.size:
        raise ValueError(f"acc must have {freqs.size} subtasks on its last axis, got shape {acc.shape}")
    _check_freqs(freqs)
    return acc @ (freqs / freqs.sum())


def group_accuracy(acc, groups) -> dict:
    """Mean accuracy over groups of subtasks.

    Parameters
    ----------
    acc : array_like
        Accuracies with the subtasks on the last axis.
    groups : dict
        Maps a group name to an index array or a slice of the last axis (as :func:`rank_groups` returns).

    Returns
    -------
    dict
        Group name to the mean accuracy over its subtasks (the shape of ``acc`` without its last axis).

    Raises
    ------
    TypeError
        If ``groups`` is not a dict.
    ValueError
        If a group selects no subtask or an index outside the last axis.

    Examples
    --------
    >>> out = group_accuracy([1.0, 0.8, 0.5, 0.5], {"head": slice(0, 2), "tail": [2, 3]})
    >>> {k: round(float(v), 2) for k, v in out.items()}
    {'head': 0.9, 'tail': 0.5}
    """
    acc = as_float_array(acc, "acc")
    if not isinstance(groups, dict):
        raise TypeError(f"groups must be a dict of name -> index array or slice, got {type(groups).__name__}")
    for name, idx in groups.items():
        ranks = np.arange(acc.shape[-1] if acc.ndim else 0)
        sel = ranks[idx] if isinstance(idx, slice) else as_int_array(idx, "groups", allow_empty=True).ravel()
        if sel.size == 0 or sel.min() < 0 or sel.max() >= ranks.size:
            raise ValueError(
                f"groups[{name!r}] must select at least one of the {ranks.size} subtasks, got {idx!r}"
            )
    return {name: acc[..., idx].mean(axis=-1) for name, idx in groups.items()}


def rank_groups(n_tasks: int, n_groups: int = 3, names=("head", "middle", "tail")) -> dict:
    """Split the ranks ``0..n_tasks-1`` into ``n_groups`` contiguous groups of (nearly) equal size.

    Parameters
    ----------
    n_tasks : int
        Number of subtasks, >= 1.
    n_groups : int, default 3
        Number of groups, ``1 <= n_groups <= n_tasks``.
    names : sequence of str, default ("head", "middle", "tail")
        One name per group, most frequent ranks first.

    Returns
    -------
    dict
        Group name to its 0-based ranks (an int array), for :func:`group_accuracy`.

    Raises
    ------
    TypeError
        If ``names`` is not a sequence.
    ValueError
        If ``n_groups`` is out of range or ``names`` has not ``n_groups`` entries.

    Examples
    --------
    >>> {k: v.tolist() for k, v in rank_groups(7).items()}
    {'head': [0, 1, 2], 'middle': [3, 4], 'tail': [5, 6]}
    """
    n_tasks = check_int(n_tasks, "n_tasks", minimum=1)
    n_groups = check_int(n_groups, "n_groups", minimum=1, maximum=n_tasks)
    if isinstance(names, (str, bytes)) or not hasattr(names, "__len__"):
        raise TypeError(f"names must be a sequence of group names, got {names!r}")
    if len(names) != n_groups:
        raise ValueError(f"names must have {n_groups} entries, got {len(names)}")
    return dict(zip(names, np.array_split(np.arange(n_tasks), n_groups)))


def stratified_report(acc, freqs, n_strata: int = 4):
    """The per-slice report of the checklist: one row per frequency stratum (a block of contiguous ranks).

    Parameters
    ----------
    acc : array_like
        Accuracy of each subtask, 1-d, in rank order.
    freqs : array_like
        Their frequencies, 1-d, same length, >= 0 with a positive sum.
    n_strata : int, default 4
        Number of strata, ``1 <= n_strata <= len(acc)``.

    Returns
    -------
    pandas.DataFrame
        Indexed by slice: the ranks of each stratum, its share of the test traffic (``sum p_i``), its mean
        accuracy and its share of the benchmark's error; then the benchmark (frequency-weighted) and the
        uniform (every subtask counts once) accuracies as the last two rows.

    Raises
    ------
    ValueError
        If the lengths differ, the frequencies are negative or sum to 0, or ``n_strata`` is out of range.

    Examples
    --------
    >>> rep = stratified_report([1.0, 1.0, 0.5, 0.5], [0.4, 0.3, 0.2, 0.1], n_strata=2)
    >>> rep["accuracy"].round(2).tolist()
    [1.0, 0.5, 0.85, 0.75]
    """
    import pandas as pd

    acc = as_float_array(acc, "acc", ndim=1)
    freqs = as_float_array(freqs, "freqs", ndim=1)
    if acc.size != freqs.size:
        raise ValueError(f"acc and freqs must have the same length, got {acc.size} and {freqs.size}")
    _check_freqs(freqs)
    p = freqs / freqs.sum()
    err = p * (1 - acc)
    total = err.sum()
    rows = []
    for idx in np.array_split(np.arange(acc.size), check_int(n_strata, "n_strata", minimum=1,
                                                               maximum=acc.size)):
        rows.append({"slice": f"ranks {idx[0] + 1}-{idx[-1] + 1}", "traffic share": p[idx].sum(),
                     "accuracy": acc[idx].mean(),
                     "share of benchmark error": err[idx].sum() / total if total > 0 else 0.0})
    rows.append({"slice": "benchmark (traffic-weighted)", "traffic share": 1.0, "accuracy": p @ acc,
                 "share of benchmark error": 1.0})
    rows.append({"slice": "uniform over subtasks", "traffic share": np.nan, "accuracy": acc.mean(),
                 "share of benchmark error": np.nan})
    return pd.DataFrame(rows).set_index("slice")


def learning_steps(acc_curve, eval_steps, threshold: float = 0.9) -> np.ndarray:
    """The first checkpoint step at which each subtask's accuracy reaches ``threshold``.

    Parameters
    ----------
    acc_curve : array_like
        Accuracies in [0, 1] with the checkpoints on axis 0 (for example ``GridResult.acc[s]``).
    eval_steps : array_like
        The checkpoints' steps, 1-d, one per row of ``acc_curve``.
    threshold : float, default 0.9
        Accuracy that counts as learned, in [0, 1].

    Returns
    -------
    numpy.ndarray
        float, the shape of ``acc_curve`` without axis 0; ``inf`` where the threshold is never reached.

    Raises
    ------
    ValueError
        If the shapes disagree, an accuracy is outside [0, 1] or ``threshold`` is out of range.

    Examples
    --------
    >>> curve = np.array([[0.5, 0.5], [0.95, 0.6], [1.0, 0.7]])
    >>> learning_steps(curve, [100, 200, 300]).tolist()
    [200.0, inf]
    """
    acc_curve = as_float_array(acc_curve, "acc_curve")
    eval_steps = as_float_array(eval_steps, "eval_steps", ndim=1)
    if acc_curve.ndim < 1 or acc_curve.shape[0] != eval_steps.size:
        raise ValueError(f"acc_curve must have {eval_steps.size} checkpoints on axis 0, got shape "
                         f"{acc_curve.shape}")
    threshold = check_in_range(threshold, "threshold", 0.0, 1.0)
    if acc_curve.min() < 0 or acc_curve.max() > 1:
        raise ValueError(
            f"acc_curve must hold accuracies in [0, 1], got range [{acc_curve.min()}, {acc_curve.max()}]"
        )
    reached = acc_curve >= threshold
    out = np.array(eval_steps[np.argmax(reached, axis=0)], dtype=float)
    out[~reached.any(axis=0)] = np.inf
    return out


def learning_order_correlation(t_learn) -> np.ndarray:
    """Spearman correlation between frequency rank and learning step, per row.

    Parameters
    ----------
    t_learn : array_like
        Learning steps >= 0 (as from :func:`learning_steps`), subtasks in rank order on the last axis;
        ``inf`` means never learned and is ranked last.

    Returns
    -------
    numpy.ndarray
        The correlation of each row (the shape of ``t_learn`` without its last axis); NaN where fewer than
        two subtasks were learned. Positive: frequent subtasks are learned first.

    Raises
    ------
    ValueError
        If ``t_learn`` is a scalar or has a negative entry.

    Examples
    --------
    >>> learning_order_correlation([[100, 200, 400, np.inf], [300, 200, 100, 50]]).round(2).tolist()
    [1.0, -1.0]
    """
    from scipy import stats

    t_learn = as_float_array(t_learn, "t_learn", finite=False)
    if t_learn.ndim < 1 or (t_learn < 0).any():
        raise ValueError(f"t_learn must be an array of learning steps >= 0 (inf = never), got {t_learn!r}")
    flat = t_learn.reshape(-1, t_learn.shape[-1])
    ranks = np.arange(flat.shape[1])
    out = np.array([stats.spearmanr(ranks, row).statistic if np.isfinite(row).sum() >= 2 else np.nan
                    for row in flat])
    return out.reshape(t_learn.shape[:-1])


def finite_mean(x, axis=None):
    """Mean of the finite entries along ``axis``; NaN, without a warning, where there are none.

    Parameters
    ----------
    x : array_like
        Numbers; NaN and infinite entries are left out.
    axis : int, optional
        Axis to average over; None (the default) averages over all entries.

    Returns
    -------
    numpy.ndarray
        The mean (a 0-d array when ``axis`` is None).

    Raises
    ------
    TypeError
        If ``axis`` is neither None nor an int.

    Examples
    --------
    >>> finite_mean([[1.0, np.inf], [np.nan, np.nan]], axis=1).tolist()
    [1.0, nan]
    """
    x = as_float_array(x, "x", allow_empty=True, allow_nan=True)
    if axis is not None and (isinstance(axis, (bool, np.bool_)) or not isinstance(axis, (int, np.integer))):
        raise TypeError(f"axis must be None or an int, got {axis!r}")
    ok = np.isfinite(x)
    n = ok.sum(axis=axis)
    total = np.where(ok, x, 0.0).sum(axis=axis)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(n > 0, total / np.maximum(n, 1), np.nan)


@dataclass(frozen=True)
class AccuracyModel:
    """The predictability model: accuracy as a logistic function of log frequency and log model size.

    ``acc = floor + (1 - floor) * sigmoid(a + b * log10(p) + c * log10(N))``, with ``c = 0`` for a model
    fitted without sizes. :func:`fit_accuracy_model` fits it, :func:`predict_accuracy` evaluates it.

    Parameters
    ----------
    a, b, c : float
        Intercept and the coefficients of ``log10(p)`` and ``log10(N)``.
    floor : float, default 0.5
        Chance accuracy (0.5 for a parity).

    Examples
    --------
    >>> m = AccuracyModel(a=2.0, b=1.0, c=0.0)
    >>> float(predict_accuracy(m, -2.0))
    0.75
    """

    a: float
    b: float
    c: float
    floor: float = 0.5

    def boundary_log10_freq(self, n_params) -> np.ndarray:
        """The ``log10(p)`` at which the predicted accuracy is half-way between chance and 1, for size ``N``.

        Parameters
        ----------
        n_params : array_like
            Model sizes ``N`` (parameters), > 0.

        Returns
        -------
        numpy.ndarray
            ``-(a + c * log10(N)) / b``, the shape of ``n_params``.

        Raises
        ------
        ValueError
            If a size is <= 0.

        Examples
        --------
        >>> float(AccuracyModel(a=-2.0, b=1.0, c=0.5).boundary_log10_freq(100.0))
        1.0
        """
        n_params = as_float_array(n_params, "n_params")
        if (n_params <= 0).any():
            raise ValueError(f"n_params must be > 0, got {n_params[n_params <= 0].ravel()[0]!r}")
        return -(self.a + self.c * np.log10(n_params)) / self.b


def _design(log10_freq, log10_size):
    x = as_float_array(log10_freq, "log10_freq")
    try:
        n = np.zeros_like(x) if log10_size is None else np.broadcast_to(
            as_float_array(log10_size, "log10_size"), x.shape)
    except ValueError as exc:
        if "log10_size" in str(exc):
            raise
        raise ValueError(f"log10_size must broadcast to the shape of log10_freq {x.shape}, got "
                         f"{np.shape(log10_size)}") from exc
    return x.ravel(), n.ravel()


def fit_accuracy_model(log10_freq, acc, log10_size=None, *, floor: float = 0.5) -> AccuracyModel:
    """Fit an :class:`AccuracyModel` to measured accuracies.

    It minimises the cross-entropy between the predicted and the measured fraction of the way from chance
    (``floor``) to perfect accuracy (measured fractions are clipped to [0, 1]), by BFGS on centred
    inputs. Without ``log10_size`` the size coefficient is fixed at 0.

    Parameters
    ----------
    log10_freq : array_like
        ``log10`` of the subtask frequency of each measurement.
    acc : array_like
        Measured accuracies, the same number of entries.
    log10_size : array_like, optional
        ``log10`` of the model size of each measurement; broadcasts to ``log10_freq``.
    floor : float, default 0.5
        Chance accuracy, in [0, 1).

    Returns
    -------
    AccuracyModel

    Raises
    ------
    ValueError
        If the sizes of the arrays disagree, an entry is not finite, or ``floor`` is out of range.

    Examples
    --------
    >>> x = np.linspace(-3, 0, 7)
    >>> m = fit_accuracy_model(x, predict_accuracy(AccuracyModel(4.0, 2.0, 0.0), x))
    >>> round(m.a, 2), round(m.b, 2), m.c
    (4.0, 2.0, 0.0)
    """
    floor = check_in_range(floor, "floor", 0.0, 1.0, hi_open=True)
    x, n = _design(log10_freq, log10_size)
    y = np.clip((as_float_array(acc, "acc").ravel() - floor) / (1 - floor), 0.0, 1.0)
    if y.size != x.size:
        raise ValueError(f"acc must match log10_freq in size, got {y.size} and {x.size}")
    use_size = log10_size is not None
    xm, nm = x.mean(), n.mean()

    def objective(theta):
        a, b = theta[0], theta[1]
        c = theta[2] if use_size else 0.0
        z = a + b * (x - xm) + c * (n - nm)
        # cross-entropy with soft labels, written with logaddexp for stability
        val = np.mean(np.logaddexp(0, z) - y * z)
        r = 1 / (1 + np.exp(-z)) - y
        g = [r.mean(), (r * (x - xm)).mean()] + ([(r * (n - nm)).mean()] if use_size else [])
        return val, np.array(g)

    theta0 = np.zeros(3 if use_size else 2)
    res = optimize.minimize(objective, theta0, jac=True, method="BFGS")
    a, b = res.x[0], res.x[1]
    c = res.x[2] if use_size else 0.0
    return AccuracyModel(float(a - b * xm - c * nm), float(b), float(c), floor)


def predict_accuracy(model: AccuracyModel, log10_freq, log10_size=None) -> np.ndarray:
    """The accuracy an :class:`AccuracyModel` predicts.

    Parameters
    ----------
    model : AccuracyModel
        The fitted model.
    log10_freq : array_like
        ``log10`` of the subtask frequencies.
    log10_size : array_like, optional
        ``log10`` of the model sizes, broadcast with ``log10_freq``; None uses size term 0.

    Returns
    -------
    numpy.ndarray
        Predicted accuracies in ``[floor, 1]``, the broadcast shape.

    Raises
    ------
    TypeError
        If ``model`` is not an AccuracyModel.
    ValueError
        If the shapes do not broadcast or an entry is not finite.

    Examples
    --------
    >>> predict_accuracy(AccuracyModel(0.0, 1.0, 1.0), [-1.0, 0.0], 1.0).round(3).tolist()
    [0.75, 0.866]
    """
    if not isinstance(model, AccuracyModel):
        raise TypeError(f"model must be an AccuracyModel, got {type(model).__name__}")
    x = as_float_array(log10_freq, "log10_freq")
    n = 0.0 if log10_size is None else as_float_array(log10_size, "log10_size")
    try:
        np.broadcast_shapes(np.shape(x), np.shape(n))
    except ValueError as exc:
        raise ValueError(
            f"log10_size must broadcast with log10_freq, got shapes {np.shape(n)} and {x.shape}"
        ) from exc
    z = model.a + model.b * x + model.c * n
    return model.floor + (1 - model.floor) / (1 + np.exp(-z))


def mean_absolute_error(pred, truth) -> float:
    """Mean absolute difference of two arrays of the same shape.

    Parameters
    ----------
    pred, truth : array_like
        Predictions and measurements, same shape, finite.

    Returns
    -------
    float

    Raises
    ------
    ValueError
        If the shapes differ or an entry is not finite.

    Examples
    --------
    >>> mean_absolute_error([0.5, 1.0], [0.75, 0.5])
    0.375
    """
    pred = as_float_array(pred, "pred")
    truth = as_float_array(truth, "truth")
    if pred.shape != truth.shape:
        raise ValueError(f"pred and truth must have the same shape, got {pred.shape} and {truth.shape}")
    return float(np.abs(pred - truth).mean())


def accuracy_rows(grid: GridResult) -> dict:
    """The final accuracies of a grid as flat rows, one per (seed, width, subtask).

    Parameters
    ----------
    grid : GridResult
        A trained grid.

    Returns
    -------
    dict
        1-d arrays of equal length: ``acc``, ``log10_freq``, ``log10_size`` (of the parameter count),
        ``seed``, ``width`` and ``task`` (indices), and ``aggregate`` (the benchmark accuracy of the run
        the row belongs to).

    Raises
    ------
    TypeError
        If ``grid`` is not a GridResult.

    Examples
    --------
    >>> cfg = GridConfig(n_tasks=2, n_bits=2, k=1, widths=(4, 8), seeds=(0,), steps=1)
    >>> acc = np.array([[[[1.0, 0.5], [1.0, 1.0]]]])
    >>> g = GridResult(cfg, np.array([0.75, 0.25]), np.array([1]), acc, acc, np.array([21, 41]), 0.0)
    >>> rows = accuracy_rows(g)
    >>> rows["acc"].tolist(), rows["aggregate"].tolist()
    ([1.0, 0.5, 1.0, 1.0], [0.875, 0.875, 1.0, 1.0])
    """
    if not isinstance(grid, GridResult):
        raise TypeError(f"grid must be a GridResult, got {type(grid).__name__}")
    acc = grid.final_acc
    S, W, T = acc.shape
    s_i, w_i, t_i = np.meshgrid(np.arange(S), np.arange(W), np.arange(T), indexing="ij")
    bench = np.broadcast_to(benchmark_accuracy(acc, grid.freqs)[..., None], acc.shape)
    return {"acc": acc.ravel(), "log10_freq": np.log10(grid.freqs)[t_i].ravel(),
            "log10_size": np.log10(grid.params)[w_i].ravel(), "seed": s_i.ravel(), "width": w_i.ravel(),
            "task": t_i.ravel(), "aggregate": bench.ravel()}


def _subset(rows: dict, mask: np.ndarray) -> dict:
    return {k: v[mask] for k, v in rows.items()}


def holdout_evaluation(grid: GridResult, other_grids=(), *, n_folds: int = 4, learned: float = 0.75):
    """Predict held-out accuracies with :func:`fit_accuracy_model`, and compare with naive baselines.

    Splits: held-out subtasks (``n_folds`` folds of interleaved ranks), held-out seeds (leave one out, with
    two seeds or more), an unseen width (fit without the widest, predict it), and every grid in
    ``other_grids`` (an unseen Zipf exponent: fit on all of ``grid``, predict the other grid from its own
    frequencies). Baselines: "aggregate" predicts every subtask of a run at that run's benchmark accuracy
    (what a single headline number suggests); "training mean" predicts the mean accuracy of the training
    rows.

    Parameters
    ----------
    grid : GridResult
        The grid to fit on.
    other_grids : sequence of GridResult, optional
        Grids to predict from the fit on all of ``grid``.
    n_folds : int, default 4
        Folds of held-out subtasks, ``2 <= n_folds <= n_tasks``.
    learned : float, default 0.75
        Accuracy from which a subtask counts as learned, in [0, 1].

    Returns
    -------
    pandas.DataFrame
        One row per split: the number of predicted rows, the mean absolute error of the fit and of both
        baselines, and the fraction of rows whose learned/unlearned status each method gets wrong.

    Raises
    ------
    TypeError
        If ``grid`` or an entry of ``other_grids`` is not a GridResult.
    ValueError
        If ``n_folds`` or ``learned`` is out of range.

    Examples
    --------
    >>> cfg = GridConfig(n_tasks=4, n_bits=4, k=1, widths=(4, 8), seeds=(0, 1), steps=1)
    >>> freqs = zipf_frequencies(4, 1.5)
    >>> acc = np.broadcast_to([1.0, 0.9, 0.6, 0.5], (2, 1, 2, 4))
    >>> g = GridResult(cfg, freqs, np.array([1]), acc, acc, np.array([25, 49]), 0.0)
    >>> holdout_evaluation(g, n_folds=2)["rows"].tolist()
    [16, 16, 8]
    """
    import pandas as pd

    n_folds = check_int(n_folds, "n_folds", minimum=2)
    learned = check_in_range(learned, "learned", 0.0, 1.0)
    if isinstance(other_grids, (str, bytes)) or not hasattr(other_grids, "__iter__"):
        raise TypeError(f"other_grids must be a sequence of GridResult, got {other_grids!r}")
    other_grids = list(other_grids)
    for g in other_grids:
        if not isinstance(g, GridResult):
            raise TypeError(f"other_grids must hold GridResult objects, got {type(g).__name__}")
    rows = accuracy_rows(grid)
    if n_folds > grid.final_acc.shape[-1]:
        raise ValueError(
            f"n_folds must be <= the number of subtasks ({grid.final_acc.shape[-1]}), got {n_folds}"
        )
    S, W, T = grid.final_acc.shape
    splits = []
    folds = [(rows["task"] % n_folds) == f for f in range(n_folds)]
    splits.append(("held-out subtasks", [(~m, rows, m) for m in folds]))
    if S >= 2:
        splits.append(("held-out seed", [(rows["seed"] != s, rows, rows["seed"] == s) for s in range(S)]))
    if W >= 2:
        splits.append(("unseen width (the widest)", [(rows["width"] != W - 1, rows, rows["width"] == W - 1)]))
    for g in other_grids:
        other = accuracy_rows(g)
        splits.append(
            (
                f"unseen Zipf exponent {g.config.zeta:g}",
                [(np.ones_like(rows["acc"], dtype=bool), other, np.ones_like(other["acc"], dtype=bool))],
            )
        )
    out = []
    for name, parts in splits:
        pred, base_agg, base_mean, truth = [], [], [], []
        for train_mask, test_rows, test_mask in parts:
            tr, te = _subset(rows, train_mask), _subset(test_rows, test_mask)
            model = fit_accuracy_model(tr["log10_freq"], tr["acc"], tr["log10_size"])
            pred.append(predict_accuracy(model, te["log10_freq"], te["log10_size"]))
            base_agg.append(te["aggregate"])
            base_mean.append(np.full(te["acc"].shape, tr["acc"].mean()))
            truth.append(te["acc"])
        pred, base_agg, base_mean, truth = map(np.concatenate, (pred, base_agg, base_mean, truth))
        status = truth >= learned
        out.append({"split": name, "rows": truth.size,
                    "MAE fit": mean_absolute_error(pred, truth),
                    "MAE aggregate": mean_absolute_error(base_agg, truth),
                    "MAE training mean": mean_absolute_error(base_mean, truth),
                    "status wrong, fit": float(((pred >= learned) != status).mean()),
                    "status wrong, aggregate": float(((base_agg >= learned) != status).mean())})
    return pd.DataFrame(out).set_index("split")


def quantization_exponents(zeta: float) -> dict:
    """The quantization model's predicted scaling exponents for a Zipf exponent ``zeta = alpha + 1``.

    From Michaud et al. (2023): if the ``n`` most frequent quanta are learned, the loss is the traffic of
    the rest, ``sum over i > n of p_i``, which falls as ``n^(-alpha)``. Parameters: ``n ∝ N`` gives
    ``L ∝ N^(-alpha)``. Data (single epoch): quantum ``n`` is learned after a fixed number of examples of
    it, ``D ∝ n^(alpha + 1)``, so ``L ∝ D^(-alpha / (alpha + 1))``.

    Parameters
    ----------
    zeta : float
        Zipf exponent, > 1 (otherwise the frequencies do not normalise in the infinite limit).

    Returns
    -------
    dict
        ``alpha_N`` (the exponent of the loss in parameters) and ``alpha_D`` (in data).

    Raises
    ------
    ValueError
        If ``zeta <= 1``.

    Examples
    --------
    >>> quantization_exponents(1.5)
    {'alpha_N': 0.5, 'alpha_D': 0.3333333333333333}
    """
    zeta = check_positive(zeta, "zeta")
    if zeta <= 1:
        raise ValueError(f"zeta must be > 1 for the quantization exponents, got {zeta}")
    alpha = zeta - 1
    return {"alpha_N": alpha, "alpha_D": alpha / (alpha + 1)}
