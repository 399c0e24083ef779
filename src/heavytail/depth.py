"""Depth against width at a fixed parameter count, on multitask sparse parity.

The source essay of Part IV cites MobileLLM (Liu et al. 2024) for the point that, for small models, a deep
and thin network beats a wide and shallow one with the same number of parameters. This module asks the
question in Part IV's toy world (the multitask sparse parity of :mod:`heavytail.quanta`): does depth, at a
fixed parameter budget, buy the tail of the subtask distribution?

* :func:`n_parameters` counts the parameters of a ReLU MLP with ``depth`` hidden layers of equal width and one
  output logit; :func:`width_for_budget` solves for the width that matches a parameter budget.
* :func:`train_sweep` trains every (budget, depth) architecture for every seed on the same Zipf stream of
  fresh batches with Adam. The seeds of one architecture are trained at once with batched matrix products
  (``torch.baddbmm`` over a seed axis), and all architectures share one optimizer step: the loss is the sum
  of the per-model mean losses and Adam is per parameter, so each model follows the trajectory it would follow
  alone. Every architecture of one seed sees the same batches, so deep-minus-shallow differences are paired
  by seed.
* :func:`group_summary`, :func:`mean_interval`, :func:`paired_interval` and :func:`summary_table` turn the
  per-subtask accuracies into the page's numbers: benchmark (frequency-weighted) accuracy, head / middle /
  tail thirds, the number of subtasks learned, each with a t-interval across seeds.
* :func:`book_sweep` is the sweep the book runs, cached under ``data/part4_cache`` (full mode only) with a
  key that hashes the source of every function that shapes the numbers, the configuration and the versions.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from . import quanta
from ._validate import as_float_array, check_bool, check_in_range, check_int

__all__ = [
    "n_parameters",
    "width_for_budget",
    "DepthConfig",
    "SweepResult",
    "train_sweep",
    "book_sweep",
    "mean_interval",
    "paired_interval",
    "group_summary",
    "summary_table",
]


# --------------------------------------------------------------------------------------------------
# architectures at a parameter budget
# --------------------------------------------------------------------------------------------------

def n_parameters(width: int, depth: int, input_dim: int) -> int:
    """Number of parameters of a ReLU MLP with ``depth`` hidden layers of ``width`` units and one logit.

    Parameters
    ----------
    width : int
        Units per hidden layer, >= 1.
    depth : int
        Number of hidden layers, >= 1.
    input_dim : int
        Length of an input vector, >= 1.

    Returns
    -------
    int
        ``(input_dim + 1) * width + (depth - 1) * (width + 1) * width + width + 1`` (weights and biases).

    Raises
    ------
    ValueError
        If an argument is not an integer >= 1.

    Examples
    --------
    >>> n_parameters(10, 1, 5)
    71
    >>> n_parameters(10, 2, 5)
    181
    """
    width = check_int(width, "width", minimum=1)
    depth = check_int(depth, "depth", minimum=1)
    input_dim = check_int(input_dim, "input_dim", minimum=1)
    return (input_dim + 1) * width + (depth - 1) * (width + 1) * width + width + 1


def width_for_budget(budget: int, depth: int, input_dim: int, *, rtol: float = 0.05) -> int:
    """The hidden width whose network of ``depth`` layers has the parameter count closest to ``budget``.

    The count is a quadratic in the width ``h``: ``(depth - 1) h^2 + (input_dim + depth + 1) h + 1``. Its
    real root is rounded down and up, and the integer width whose count is nearer the budget is returned.

    Parameters
    ----------
    budget : int
        Target number of parameters, >= 1.
    depth : int
        Number of hidden layers, >= 1.
    input_dim : int
        Length of an input vector, >= 1.
    rtol : float, default 0.05
        Largest accepted relative mismatch ``|n_parameters - budget| / budget``, in (0, 1).

    Returns
    -------
    int
        The width, >= 1.

    Raises
    ------
    ValueError
        If an argument is out of range, or no width matches the budget within ``rtol`` (a budget too small
        for the depth).

    Examples
    --------
    >>> width_for_budget(3713, 1, 56)
    64
    >>> w = width_for_budget(3713, 3, 56)
    >>> w, n_parameters(w, 3, 56)
    (31, 3783)
    """
    budget = check_int(budget, "budget", minimum=1)
    depth = check_int(depth, "depth", minimum=1)
    input_dim = check_int(input_dim, "input_dim", minimum=1)
    rtol = check_in_range(rtol, "rtol", 0.0, 1.0, lo_open=True, hi_open=True)
    a, b, c = depth - 1, input_dim + depth + 1, 1 - budget
    root = -c / b if a == 0 else (-b + np.sqrt(b * b - 4 * a * c)) / (2 * a)
    candidates = [w for w in {int(np.floor(root)), int(np.ceil(root))} if w >= 1] or [1]
    best = min(candidates, key=lambda w: (abs(n_parameters(w, depth, input_dim) - budget), w))
    err = abs(n_parameters(best, depth, input_dim) - budget) / budget
    if err > rtol:
        raise ValueError(
            f"budget must allow a width within rtol={rtol:g} at depth={depth}, got budget={budget} "
            f"(nearest: width {best} with {n_parameters(best, depth, input_dim)} parameters)"
        )
    return best


# --------------------------------------------------------------------------------------------------
# the sweep
# --------------------------------------------------------------------------------------------------

def _check_tuple(value, name: str, minimum: int) -> tuple:
    if isinstance(value, (str, bytes)) or not hasattr(value, "__len__"):
        raise TypeError(f"{name} must be a tuple of ints, got {value!r}")
    if len(value) == 0:
        raise ValueError(f"{name} must not be empty, got {tuple(value)!r}")
    out = tuple(check_int(v, name, minimum=minimum) for v in value)
    if len(set(out)) != len(out):
        raise ValueError(f"{name} must not repeat a value, got {out!r}")
    return out


@dataclass(frozen=True)
class DepthConfig:
    """Everything that determines a depth-against-width sweep (and hence its cache key).

    Attributes
    ----------
    n_tasks, n_bits, k, zeta, task_seed : the multitask sparse parity task, as in
        heavytail.quanta.make_task.
    depths : tuple of int, the numbers of hidden layers.
    budgets : tuple of int, the parameter budgets; each (budget, depth) gets :func:`width_for_budget`.
    seeds : tuple of int, training seeds (initialisation, batches and evaluation set).
    steps, batch, lr : Adam steps on fresh batches of ``batch`` examples, learning rate ``lr`` for all.
    eval_every : int, steps between evaluations (the end of training is always evaluated).
    eval_per_task : int, evaluation examples per subtask (uniform over subtasks).
    rtol : float, accepted relative mismatch of each architecture's parameter count with its budget.
    """

    n_tasks: int = 32
    n_bits: int = 24
    k: int = 3
    zeta: float = 1.5
    depths: tuple = (1, 2, 3, 4)
    budgets: tuple = (1857, 3713, 7425)
    seeds: tuple = (0, 1, 2, 3, 4)
    steps: int = 4000
    batch: int = 512
    lr: float = 3e-3
    eval_every: int = 500
    eval_per_task: int = 256
    task_seed: int = 0
    rtol: float = 0.05

    def __post_init__(self):
        quanta._check_run_settings(self)                  # the settings Part IV's grids share
        object.__setattr__(self, "depths", _check_tuple(self.depths, "depths", 1))
        object.__setattr__(self, "budgets", _check_tuple(self.budgets, "budgets", 1))
        object.__setattr__(self, "seeds", _check_tuple(self.seeds, "seeds", 0))
        check_in_range(self.rtol, "rtol", 0.0, 1.0, lo_open=True, hi_open=True)
        self.widths()                                     # every budget must fit every depth

    @property
    def input_dim(self) -> int:
        """Length of an input vector: the one-hot subtask code plus the bits."""
        return self.n_tasks + self.n_bits

    def widths(self) -> np.ndarray:
        """``(n_budgets, n_depths)`` hidden widths, from :func:`width_for_budget`.

        Returns
        -------
        numpy.ndarray
            Integer widths, one row per budget, one column per depth.
        """
        return np.array([[width_for_budget(b, d, self.input_dim, rtol=self.rtol) for d in self.depths]
                         for b in self.budgets])

    def task(self) -> quanta.SparseParityTask:
        """The task of the sweep, :func:`heavytail.quanta.make_task` with the config's sizes."""
        return quanta.make_task(self.n_tasks, self.n_bits, self.k, self.zeta, self.task_seed)


@dataclass
class SweepResult:
    """Per-subtask evaluation of every (budget, depth, seed) run at every checkpoint.

    ``acc[c, b, d, s, i]``: accuracy at checkpoint ``c`` (``eval_steps[c]`` steps) of budget index ``b``,
    depth index ``d``, seed index ``s`` on subtask ``i`` (0-based rank); the last checkpoint is the end of
    training.
    ``widths`` and ``params`` are ``(n_budgets, n_depths)``; ``seconds`` is the training time.
    """

    config: DepthConfig
    freqs: np.ndarray
    eval_steps: np.ndarray
    acc: np.ndarray
    widths: np.ndarray
    params: np.ndarray
    seconds: float

    @property
    def final_acc(self) -> np.ndarray:
        """``(n_budgets, n_depths, n_seeds, n_tasks)`` accuracy at the end of training."""
        return self.acc[-1]


def _init_mlp(width: int, depth: int, input_dim: int, seeds: tuple):
    """Weights of one architecture for every seed, drawn with numpy (stable across torch versions).

    Hidden layers: He-uniform weights ``U(-sqrt(6/fan_in), sqrt(6/fan_in))`` (variance ``2/fan_in``, which
    keeps the ReLU signal's scale through depth); output layer and all biases: PyTorch's default
    ``U(-1/sqrt(fan_in), 1/sqrt(fan_in))``. Each seed's draw depends only on (seed, depth, width), not on what
    else is in the sweep.
    """
    layers = []
    fans = [input_dim] + [width] * depth
    outs = [width] * depth + [1]
    draws = [np.random.default_rng([s, 7, depth, width]) for s in seeds]
    for j, (fan_in, fan_out) in enumerate(zip(fans, outs)):
        hidden = j < depth
        bw = np.sqrt(6.0 / fan_in) if hidden else 1.0 / np.sqrt(fan_in)
        bb = 1.0 / np.sqrt(fan_in)
        W = np.stack([r.uniform(-bw, bw, size=(fan_in, fan_out)) for r in draws]).astype(np.float32)
        b = np.stack([r.uniform(-bb, bb, size=(1, fan_out)) for r in draws]).astype(np.float32)
        layers.append((W, b))
    return layers


def _train(config: DepthConfig, task: quanta.SparseParityTask, progress) -> tuple[np.ndarray, np.ndarray]:
    """Train the whole sweep; return ``(eval_steps, acc)``, acc of shape
    ``(checkpoints, budgets, depths, seeds, tasks)``."""
    import torch

    torch.set_num_threads(1)
    widths = config.widths()
    S, d_in, T = len(config.seeds), task.input_dim, task.n_tasks
    models = []                                              # (b, j, [(W, b), ...]) with torch leaves
    for b, _budget in enumerate(config.budgets):
        for j, depth in enumerate(config.depths):
            layers = [(torch.from_numpy(W).requires_grad_(True), torch.from_numpy(bias).requires_grad_(True))
                      for W, bias in _init_mlp(int(widths[b, j]), depth, d_in, config.seeds)]
            models.append((b, j, layers))
    opt = torch.optim.Adam([p for _, _, layers in models for pair in layers for p in pair], lr=config.lr)
    bce = torch.nn.functional.binary_cross_entropy_with_logits

    def forward(layers, x):                                 # x (S, B, d_in) -> logits (S, B)
        h = x
        for W, bias in layers[:-1]:
            h = torch.relu(torch.baddbmm(bias, h, W))
        W, bias = layers[-1]
        return torch.baddbmm(bias, h, W)[..., 0]

    rngs = [np.random.default_rng([s, 1]) for s in config.seeds]          # one training stream per seed
    evals = [quanta.uniform_eval_set(task, config.eval_per_task, np.random.default_rng([s, 2]))
             for s in config.seeds]
    ex = torch.from_numpy(np.stack([e[0] for e in evals]))
    ey = torch.from_numpy(np.stack([e[1] for e in evals])).bool()
    et = evals[0][2]                                                     # the same subtask layout per seed
    counts = np.bincount(et, minlength=T)

    def evaluate():
        out = np.zeros((len(config.budgets), len(config.depths), S, T))
        with torch.no_grad():
            for b, j, layers in models:
                correct = ((forward(layers, ex) > 0) == ey).float().numpy()      # (S, E)
                for s in range(S):
                    out[b, j, s] = np.bincount(et, correct[s], T) / counts
        return out

    accs, steps_done = [], []
    for step in range(1, config.steps + 1):
        batches = [quanta.sample_batch(task, config.batch, r) for r in rngs]
        x = torch.from_numpy(np.stack([bt[0] for bt in batches]))
        y = torch.from_numpy(np.stack([bt[1] for bt in batches])).float()
        # the sum over models of each model's mean loss: every model gets exactly its own gradient
        loss = sum(S * bce(forward(layers, x), y) for _, _, layers in models)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        if step % config.eval_every == 0 or step == config.steps:
            accs.append(evaluate())
            steps_done.append(step)
        progress.update(1)
    return np.array(steps_done), np.stack(accs)


def _cache_key(config: DepthConfig) -> str:
    """Hash of the source of every function that shapes the sweep's numbers, the config and the versions."""
    import inspect

    import torch

    funcs = (quanta.zipf_frequencies, quanta.make_task, quanta._encode, quanta.sample_batch,
             quanta.uniform_eval_set, n_parameters, width_for_budget, _check_tuple, DepthConfig, _init_mlp,
             _train, train_sweep)
    source = "".join(inspect.getsource(f) for f in funcs).encode()
    payload = json.dumps(dataclasses.asdict(config), sort_keys=True, default=list).encode()
    return hashlib.sha256(source + payload + torch.__version__.encode() + np.__version__.encode()
                          ).hexdigest()[:16]


def train_sweep(config: DepthConfig, *, cache_dir: str | os.PathLike | None = None,
                progress: bool = False) -> SweepResult:
    """Train every (budget, depth, seed) of ``config`` and evaluate every subtask at every checkpoint.

    Parameters
    ----------
    config : DepthConfig
        The sweep.
    cache_dir : str or path, optional
        If given, the result is stored in ``cache_dir/depth-<hash>.npz`` (the hash covers the source of the
        task generators and of the training functions, the configuration and the numpy/torch versions;
        written atomically) and loaded from there when present. Without it the sweep is always recomputed.
    progress : bool, default False
        Show a progress bar (tqdm) on stderr.

    Returns
    -------
    SweepResult
        Accuracies ``acc[checkpoint, budget, depth, seed, subtask]``, the widths, the parameter counts and the
        training time in seconds (of the run that filled the cache, when loaded from it).

    Raises
    ------
    TypeError
        If ``config`` is not a DepthConfig, ``cache_dir`` is not a path or ``progress`` not a bool.

    Examples
    --------
    >>> cfg = DepthConfig(n_tasks=2, n_bits=4, k=1, depths=(1, 2), budgets=(200,), seeds=(0,), steps=2,
    ...                   batch=8, eval_per_task=4)
    >>> train_sweep(cfg).final_acc.shape
    (1, 2, 1, 2)
    """
    if not isinstance(config, DepthConfig):
        raise TypeError(f"config must be a DepthConfig, got {type(config).__name__}")
    progress = check_bool(progress, "progress")
    if cache_dir is not None and not isinstance(cache_dir, (str, os.PathLike)):
        raise TypeError(f"cache_dir must be None, a str or a path, got {type(cache_dir).__name__}")
    task = config.task()
    widths = config.widths()
    params = np.array([[n_parameters(int(widths[b, j]), d, config.input_dim)
                        for j, d in enumerate(config.depths)] for b in range(len(config.budgets))])
    path = None
    if cache_dir is not None:
        path = Path(cache_dir) / f"depth-{_cache_key(config)}.npz"
        if path.exists():
            with np.load(path) as z:
                return SweepResult(config, task.freqs, z["eval_steps"], z["acc"], widths, params,
                                   float(z["seconds"]))
    import warnings

    with warnings.catch_warnings():       # tqdm.auto warns when ipywidgets is missing; it falls back to text
        warnings.simplefilter("ignore")
        from tqdm.auto import tqdm

    t0 = time.perf_counter()
    bar = tqdm(total=config.steps, disable=not progress, desc="depth sweep", mininterval=30.0)
    eval_steps, acc = _train(config, task, bar)
    bar.close()
    seconds = time.perf_counter() - t0
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        ignore = path.parent / ".gitignore"
        if not ignore.exists():
            ignore.write_text("# regenerable caches of heavytail.quanta and heavytail.depth\n*\n")
        tmp = path.with_suffix(f".tmp{os.getpid()}.npz")
        np.savez_compressed(tmp, eval_steps=eval_steps, acc=acc, seconds=seconds)
        os.replace(tmp, path)
    return SweepResult(config, task.freqs, eval_steps, acc, widths, params, seconds)


def book_sweep(quick: bool, *, seed: int = 0, progress: bool = True) -> SweepResult:
    """The sweep the book's depth page runs (one place, so the page and its tests agree).

    Full mode: Part IV's task (32 subtasks, ``n = 24`` bits, ``k = 3``, Zipf exponent 1.5), depths 1-4 at
    three budgets (the parameter counts of one-layer widths 32, 64 and 128), 5 seeds, Adam with learning rate
    3e-3 on fresh batches of 512 for 4000 steps; cached under :func:`heavytail.quanta.default_cache_dir`
    behind a file lock, so pages executed in parallel train it once. Quick mode: a tiny, easier sweep
    (16 subtasks, 12 bits, depths 1-3, two budgets, 3 seeds, 300 steps of batch 256), always recomputed, never
    cached.

    Parameters
    ----------
    quick : bool
        The page's quick mode.
    seed : int, default 0
        First training seed: the sweep uses seeds ``seed, seed + 1, ...`` (5 in full mode, 3 in quick mode),
        so the page's ``seed`` parameter gives an independent replicate.
    progress : bool, default True
        Show a progress bar while training.

    Returns
    -------
    SweepResult
        The sweep.

    Raises
    ------
    TypeError
        If ``quick`` or ``progress`` is not a bool.
    ValueError
        If ``seed`` is not an integer >= 0.

    Examples
    --------
    >>> book_sweep(True, progress=False).final_acc.shape
    (2, 3, 3, 16)
    """
    quick = check_bool(quick, "quick")
    seed = check_int(seed, "seed", minimum=0)
    progress = check_bool(progress, "progress")
    if quick:
        config = DepthConfig(n_tasks=16, n_bits=12, depths=(1, 2, 3), budgets=(961, 1921),
                             seeds=tuple(range(seed, seed + 3)), steps=300, batch=256, eval_every=100,
                             eval_per_task=64)
        return train_sweep(config, progress=False)
    config = DepthConfig(seeds=tuple(range(seed, seed + 5)))
    import fcntl

    cache = quanta.default_cache_dir()
    cache.mkdir(parents=True, exist_ok=True)
    with open(cache / f"depth-{_cache_key(config)}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # pages executed in parallel (tools/build.py -j) train it once
        return train_sweep(config, cache_dir=cache, progress=progress)


# --------------------------------------------------------------------------------------------------
# summaries with intervals
# --------------------------------------------------------------------------------------------------

def mean_interval(x, axis: int = 0, level: float = 0.95) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Mean and two-sided Student-t confidence interval along ``axis`` (the seeds).

    Parameters
    ----------
    x : array_like
        Values, at least 2 along ``axis``.
    axis : int, default 0
        The axis of independent replicates.
    level : float, default 0.95
        Confidence level, in (0, 1).

    Returns
    -------
    mean, lo, hi : numpy.ndarray
        The mean and the interval ``mean -/+ t_{n-1} s / sqrt(n)``, with ``axis`` removed.

    Raises
    ------
    ValueError
        If ``x`` has NaN or infinite entries or fewer than 2 values along ``axis``, or ``level`` is not in
        (0, 1).

    Examples
    --------
    >>> m, lo, hi = mean_interval([1.0, 2.0, 3.0])
    >>> float(m), round(float(lo), 3), round(float(hi), 3)
    (2.0, -0.484, 4.484)
    """
    from scipy import stats

    x = as_float_array(x, "x")
    if isinstance(axis, (bool, np.bool_)) or not isinstance(axis, (int, np.integer)):
        raise TypeError(f"axis must be an int, got {axis!r}")
    if not -x.ndim <= axis < x.ndim:
        raise ValueError(f"axis must be a valid axis of x (ndim {x.ndim}), got {axis}")
    level = check_in_range(level, "level", 0.0, 1.0, lo_open=True, hi_open=True)
    n = x.shape[axis]
    if n < 2:
        raise ValueError(f"x must have at least 2 values along axis {axis}, got {n}")
    mean = x.mean(axis=axis)
    half = stats.t.ppf(0.5 + level / 2, n - 1) * x.std(axis=axis, ddof=1) / np.sqrt(n)
    return mean, mean - half, mean + half


def paired_interval(a, b, axis: int = 0, level: float = 0.95) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Mean and t-interval of the paired differences ``a - b`` along ``axis`` (pairs: the same seed).

    Parameters
    ----------
    a, b : array_like
        Values of the same shape, paired element by element.
    axis : int, default 0
        The axis of pairs.
    level : float, default 0.95
        Confidence level, in (0, 1).

    Returns
    -------
    mean, lo, hi : numpy.ndarray
        The result of :func:`mean_interval` on ``a - b``.

    Raises
    ------
    ValueError
        If the shapes differ, or as :func:`mean_interval`.

    Examples
    --------
    >>> m, lo, hi = paired_interval([2.0, 3.0, 4.5], [1.0, 2.0, 3.0])
    >>> round(float(m), 3), bool(lo > 0)
    (1.167, True)
    """
    a = as_float_array(a, "a")
    b = as_float_array(b, "b")
    if a.shape != b.shape:
        raise ValueError(f"a and b must have the same shape, got {a.shape} and {b.shape}")
    return mean_interval(a - b, axis=axis, level=level)


def group_summary(result: SweepResult, *, threshold: float = 0.9) -> dict:
    """Per-run summaries of a sweep's final accuracies.

    Parameters
    ----------
    result : SweepResult
        A trained sweep.
    threshold : float, default 0.9
        Accuracy at or above which a subtask counts as learned, in (0.5, 1].

    Returns
    -------
    dict
        Arrays of shape ``(n_budgets, n_depths, n_seeds)`` under ``"benchmark"`` (frequency-weighted accuracy,
        from heavytail.quanta.benchmark_accuracy), ``"head"``, ``"middle"``, ``"tail"`` (mean accuracy of the
        thirds of heavytail.quanta.rank_groups), ``"uniform"`` (mean over subtasks) and ``"learned"``
        (number of subtasks at or above ``threshold``).

    Raises
    ------
    TypeError
        If ``result`` is not a SweepResult.
    ValueError
        If ``threshold`` is not in (0.5, 1].

    Examples
    --------
    >>> cfg = DepthConfig(n_tasks=3, n_bits=4, k=1, depths=(1,), budgets=(200,), seeds=(0,), steps=1,
    ...                   batch=8, eval_per_task=4)
    >>> sorted(group_summary(train_sweep(cfg)))
    ['benchmark', 'head', 'learned', 'middle', 'tail', 'uniform']
    """
    if not isinstance(result, SweepResult):
        raise TypeError(f"result must be a SweepResult, got {type(result).__name__}")
    threshold = check_in_range(threshold, "threshold", 0.5, 1.0, lo_open=True)
    final = result.final_acc
    if final.shape[-1] < 3:
        raise ValueError(f"result must have at least 3 subtasks for head/middle/tail, got {final.shape[-1]}")
    groups = quanta.rank_groups(final.shape[-1])              # head, middle, tail thirds by rank
    out = {"benchmark": quanta.benchmark_accuracy(final, result.freqs),
           **quanta.group_accuracy(final, groups),
           "uniform": final.mean(axis=-1), "learned": (final >= threshold).sum(axis=-1).astype(float)}
    return out


def summary_table(result: SweepResult, *, threshold: float = 0.9, level: float = 0.95):
    """One row per (budget, depth): the summaries of :func:`group_summary` with t-intervals across seeds,
    and the paired difference from depth ``depths[0]`` (the shallowest) of the same budget and seed.

    Parameters
    ----------
    result : SweepResult
        A trained sweep with at least 2 seeds.
    threshold : float, default 0.9
        Accuracy at or above which a subtask counts as learned.
    level : float, default 0.95
        Confidence level of the intervals.

    Returns
    -------
    pandas.DataFrame
        Columns ``budget``, ``depth``, ``width``, ``params``, and for each summary ``<name>``, ``<name>_lo``,
        ``<name>_hi``, ``<name>_diff``, ``<name>_diff_lo``, ``<name>_diff_hi`` (the differences are 0 for the
        shallowest depth).

    Raises
    ------
    TypeError
        If ``result`` is not a SweepResult.
    ValueError
        If the sweep has fewer than 2 seeds, or ``threshold`` or ``level`` is out of range.

    Examples
    --------
    >>> cfg = DepthConfig(n_tasks=3, n_bits=4, k=1, depths=(1, 2), budgets=(200,), seeds=(0, 1), steps=1,
    ...                   batch=8, eval_per_task=4)
    >>> summary_table(train_sweep(cfg)).shape[0]
    2
    """
    import pandas as pd

    if not isinstance(result, SweepResult):
        raise TypeError(f"result must be a SweepResult, got {type(result).__name__}")
    level = check_in_range(level, "level", 0.0, 1.0, lo_open=True, hi_open=True)
    if len(result.config.seeds) < 2:
        raise ValueError(f"result must have at least 2 seeds for intervals, got {len(result.config.seeds)}")
    summ = group_summary(result, threshold=threshold)
    cfg = result.config
    rows = []
    for b, budget in enumerate(cfg.budgets):
        for j, depth in enumerate(cfg.depths):
            row = {"budget": budget, "depth": depth, "width": int(result.widths[b, j]),
                   "params": int(result.params[b, j])}
            for name, v in summ.items():
                m, lo, hi = mean_interval(v[b, j], level=level)
                dm, dlo, dhi = ((0.0, 0.0, 0.0) if j == 0 else paired_interval(v[b, j], v[b, 0], level=level))
                row.update({name: float(m), f"{name}_lo": float(lo), f"{name}_hi": float(hi),
                            f"{name}_diff": float(dm), f"{name}_diff_lo": float(dlo),
                            f"{name}_diff_hi": float(dhi)})
            rows.append(row)
    return pd.DataFrame(rows)
