r"""A model zoo on CPU: do spectral metrics of the weights rank networks by test accuracy without data?

The essay's main ML claim, after Martin, Peng and Mahoney, is that layer tail exponents α of the weight
spectra "predict trends in generalization without access to training or test data", and its footnote
notes that the plain spectral norm does nearly as well. This module trains a zoo of small MLPs on
scikit-learn's digits (:func:`heavytail.spectra.train_mlp_track_alpha`), varying width, learning rate, batch
size, training length and label noise, and records for each network three data-free metrics:

* ``alpha``: the mean over its layers of the ESD power-law exponent α (lower is "better" in HTSR);
* ``alpha_weighted``: WeightWatcher's weighted α, the mean over layers of :math:`\alpha_l
\log_{10}\lambda_{\max,l}`;
* ``log_spectral_norm``: the mean over layers of :math:`\log_{10}\lambda_{\max,l}`,

with :math:`\lambda_{\max,l}` the largest eigenvalue of :math:`W_l^\top W_l` (the squared spectral norm).

The function :func:`rank_correlation` measures how well a metric ranks the networks' test accuracy
(Spearman's ρ with a bootstrap interval over networks). Results are cached under ``data/part1_cache/``
keyed by a hash of the code and the configurations.

Public functions
----------------
zoo_configs(n_models, quick, seed)      a seeded design over the five factors
train_zoo(configs, cache_dir, progress) train every configuration (or load the cache); one row per network
rank_correlation(x, y, n_boot, seed)    Spearman's rho with a percentile bootstrap interval
"""

from __future__ import annotations

import hashlib
import inspect
import json
import os
from pathlib import Path

import numpy as np

from ._validate import as_float_array, as_rng, check_bool, check_in_range, check_int

__all__ = ["FACTORS", "zoo_configs", "train_zoo", "rank_correlation", "default_cache_dir"]

#: Levels of the five factors of the zoo (quick mode uses the first two widths and short training).
FACTORS = dict(width=(64, 128, 256), lr=(0.02, 0.05, 0.1, 0.2), batch_size=(16, 32, 128),
               epochs=(5, 15, 40), label_noise=(0.0, 0.2, 0.4))


def zoo_configs(n_models: int = 36, quick: bool = False, seed=0) -> list[dict]:
    """A seeded random design of ``n_models`` network configurations over :data:`FACTORS`.

    Parameters
    ----------
    n_models : int, optional
        Number of networks (>= 2).
    quick : bool, optional
        Restrict to widths 64 and to at most 5 epochs (for a run of well under a minute).
    seed : int or numpy.random.Generator, optional
        Seed of the design; each network also gets its own training seed from it.

    Returns
    -------
    list of dict
        One dict per network with keys ``width``, ``lr``, ``batch_size``, ``epochs``, ``label_noise``,
        ``seed``.

    Raises
    ------
    ValueError
        If ``n_models`` or ``seed`` is invalid.

    Examples
    --------
    >>> len(zoo_configs(4, quick=True))
    4
    """
    n_models = check_int(n_models, "n_models", minimum=2)
    quick = check_bool(quick, "quick")
    g = as_rng(seed, "seed")
    levels = dict(FACTORS)
    if quick:
        levels = dict(levels, width=(64,), epochs=(2, 5), batch_size=(32, 128))
    out = []
    for _i in range(n_models):
        cfg = {k: v[int(g.integers(len(v)))] for k, v in levels.items()}
        cfg = {k: (float(v) if k in ("lr", "label_noise") else int(v)) for k, v in cfg.items()}
        cfg["seed"] = int(g.integers(0, 2**31 - 1))
        out.append(cfg)
    return out


def default_cache_dir() -> Path:
    """``data/part1_cache`` of the repository (git ignores it through its own .gitignore).

    Returns
    -------
    pathlib.Path
        The folder (created on first use by the zoo's cache).

    Examples
    --------
    >>> from heavytail.zoo import default_cache_dir
    >>> default_cache_dir().name
    'part1_cache'
    """
    return Path(__file__).resolve().parents[2] / "data" / "part1_cache"


def _train_one(cfg: dict) -> dict:
    from .spectra import train_mlp_track_alpha

    hist, _ = train_mlp_track_alpha(hidden=(cfg["width"], cfg["width"]), epochs=cfg["epochs"], lr=cfg["lr"],
                                    batch_size=cfg["batch_size"], label_noise=cfg["label_noise"],
                                    seed=cfg["seed"], track_every=cfg["epochs"])
    last = hist[hist.epoch == hist.epoch.max()]
    row = dict(cfg)
    diverged = bool(last.diverged.any())
    row["diverged"] = diverged
    row["test_acc"] = float(last.test_acc.iloc[0])
    row["train_acc_used"] = float(last.train_acc_used.iloc[0])
    row["train_acc_clean"] = float(last.train_acc.iloc[0])
    lam = []
    for _, r in last.iterrows():
        # the ESD of heavytail.spectra is that of W^T W / N; WeightWatcher's metrics use the eigenvalues of
        # W^T W itself (the squared singular values), so undo the 1/N
        n_big = max(int(v) for v in str(r["shape"]).split("x"))
        lam.append(float(r.lambda_max) * n_big)
        row[f"alpha_{r.layer}"] = float(r.alpha)
        row[f"lambda_max_{r.layer}"] = lam[-1]
    a = last.alpha.to_numpy(float)
    lm = np.log10(np.asarray(lam))
    row["alpha"] = float(np.mean(a))
    row["alpha_weighted"] = float(np.mean(a * lm))
    row["log_spectral_norm"] = float(np.mean(lm))
    return row


def _cache_key(configs: list[dict]) -> str:
    from . import spectra, tails

    source = "".join(inspect.getsource(f) for f in (_train_one, spectra.train_mlp_track_alpha, spectra.esd,
                                                     spectra.fit_esd_power_law, tails.fit_power_law)).encode()
    payload = json.dumps(configs, sort_keys=True).encode()
    try:
        import torch
        tv = torch.__version__.encode()
    except ImportError:  # pragma: no cover - torch is a dependency of training anyway
        tv = b""
    return hashlib.sha256(source + payload + tv + np.__version__.encode()).hexdigest()[:16]


def train_zoo(configs, *, cache_dir=None, progress: bool = False):
    """Train every network of ``configs`` and measure its test accuracy and data-free spectral metrics.

    Parameters
    ----------
    configs : list of dict
        As returned by :func:`zoo_configs`.
    cache_dir : str, os.PathLike or None, optional
        Where to store (and look for) ``zoo-<hash>.csv``, the hash covering the training and fitting code,
        the configurations and the numpy/torch versions. ``None`` (quick mode) always retrains.
    progress : bool, optional
        Show a progress bar.

    Returns
    -------
    pandas.DataFrame
        One row per network: its configuration, ``test_acc``, ``train_acc_used`` (accuracy on the labels it
        was trained on, noisy ones included), ``train_acc_clean``, per-layer ``alpha_fc*`` and
        ``lambda_max_fc*``, and the metrics ``alpha``, ``alpha_weighted``, ``log_spectral_norm``.

    Raises
    ------
    ValueError
        If ``configs`` is empty or a configuration lacks a key.
    TypeError
        If ``cache_dir`` or ``progress`` has the wrong type.

    Examples
    --------
    >>> df = train_zoo(zoo_configs(2, quick=True))  # doctest: +SKIP
    """
    import pandas as pd
    from tqdm.auto import tqdm

    if not isinstance(configs, (list, tuple)) or len(configs) == 0:
        raise ValueError(f"configs must be a non-empty list of configurations, got {configs!r}")
    keys = {"width", "lr", "batch_size", "epochs", "label_noise", "seed"}
    for c in configs:
        if not isinstance(c, dict) or not keys <= set(c):
            raise ValueError(f"configs must hold dicts with keys {sorted(keys)}, got {c!r}")
    progress = check_bool(progress, "progress")
    if cache_dir is not None and not isinstance(cache_dir, (str, os.PathLike)):
        raise TypeError(f"cache_dir must be None, a str or a path, got {type(cache_dir).__name__}")
    configs = [dict(c) for c in configs]
    path = None
    if cache_dir is not None:
        d = Path(cache_dir)
        path = d / f"zoo-{_cache_key(configs)}.csv"
        if path.exists():
            return pd.read_csv(path)
    rows = [_train_one(c) for c in tqdm(configs, disable=not progress, desc="zoo")]
    df = pd.DataFrame(rows)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        ignore = path.parent / ".gitignore"
        if not ignore.exists():
            ignore.write_text("*\n")
        df.to_csv(path, index=False)
    return df


def rank_correlation(x, y, n_boot: int = 2000, seed=0, level: float = 0.9) -> dict:
    """Spearman's rank correlation of ``x`` and ``y`` with a percentile bootstrap interval over pairs.

    Parameters
    ----------
    x, y : array_like of float
        Paired observations (same length, at least 4, finite).
    n_boot : int, optional
        Bootstrap resamples (>= 10).
    seed : int or numpy.random.Generator, optional
        Seed of the resampling.
    level : float, optional
        Coverage of the interval, in (0, 1).

    Returns
    -------
    dict
        ``rho`` (the point estimate), ``low`` and ``high`` (the interval), ``n`` (number of pairs).

    Raises
    ------
    ValueError
        If the arrays differ in length, are too short or hold non-finite values, or an option is out of range.

    Examples
    --------
    >>> round(rank_correlation([1, 2, 3, 4, 5], [2, 4, 6, 8, 10], n_boot=50)["rho"], 6)
    1.0
    """
    from scipy import stats

    xa = as_float_array(x, "x").ravel()
    ya = as_float_array(y, "y").ravel()
    if xa.size != ya.size:
        raise ValueError(f"x and y must have the same length, got {xa.size} and {ya.size}")
    if xa.size < 4:
        raise ValueError(f"x must hold at least 4 pairs, got {xa.size}")
    n_boot = check_int(n_boot, "n_boot", minimum=10)
    level = check_in_range(level, "level", 0.0, 1.0, lo_open=True, hi_open=True)
    g = as_rng(seed, "seed")
    rho = float(stats.spearmanr(xa, ya).statistic)
    idx = g.integers(0, xa.size, (n_boot, xa.size))
    boots = []
    for row in idx:
        xs, ys = xa[row], ya[row]
        if np.ptp(xs) == 0 or np.ptp(ys) == 0:
            continue
        boots.append(stats.spearmanr(xs, ys).statistic)
    boots = np.asarray(boots, dtype=float)
    lo, hi = np.quantile(boots, [(1 - level) / 2, (1 + level) / 2]) if boots.size else (np.nan, np.nan)
    return dict(rho=rho, low=float(lo), high=float(hi), n=int(xa.size))
