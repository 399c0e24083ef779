"""Embers of autoregression without an LLM: a small character model that decodes shift ciphers.

McCoy et al. (2023) found that GPT-4 decodes rot-13 far better than rot-2, because rot-13 is common on the
internet and rot-2 is not, and that it decodes better when the plain text is a likely sentence. This module
builds the smallest honest analogue we can train on a laptop:

* the text is the docstrings of a fixed list of Python standard-library modules (and their public classes
  and functions), as shipped with the running interpreter, lower-cased, with every run of non-letters
  replaced by one space (:func:`stdlib_docstring_text`). Nothing is downloaded;
* a shift cipher moves every letter ``s`` places along the alphabet and leaves spaces alone;
* the shifts ``1..25`` occur in training with Zipf frequencies in a fixed rank order, rot-13 first
  (:func:`shift_ranking`, :func:`shift_frequencies`);
* the model is a one-hidden-layer ReLU MLP that reads the shift (one-hot), a window of cipher text around
  the current position, and the previous plain-text characters it has decoded, and predicts the current
  plain-text character. It is trained with Adam on fresh batches (teacher forcing) and decodes greedily,
  one character after another, at test time (:func:`train_decoder`, :func:`decode_accuracy`);
* "scrambled" text keeps the letters and spaces of the held-out text but shuffles the letters among the
  letter positions: the same letter frequencies, no words (:func:`scramble`).
"""

from __future__ import annotations

import importlib
import inspect
import re
from dataclasses import dataclass

import numpy as np

from . import scaling
from ._validate import as_int_array, as_rng, check_bool, check_in_range, check_int, check_positive

__all__ = [
    "DEFAULT_MODULES",
    "stdlib_docstring_text",
    "encode",
    "decode",
    "encipher",
    "scramble",
    "shift_ranking",
    "shift_frequencies",
    "CipherConfig",
    "CipherModel",
    "train_decoder",
    "greedy_decode",
    "decode_accuracy",
]

#: The standard-library modules whose docstrings form the corpus (in this order).
DEFAULT_MODULES = ("textwrap", "json", "random", "statistics", "collections", "functools", "itertools",
                   "string", "fractions", "decimal", "calendar", "heapq", "bisect", "argparse", "logging",
                   "pathlib", "shutil", "tempfile", "csv", "difflib", "pprint", "enum", "dataclasses",
                   "typing", "contextlib", "abc", "copy", "operator", "re", "datetime")

ALPHABET = " abcdefghijklmnopqrstuvwxyz"     # code 0 is the space, 1..26 the letters
N_SYMBOLS = len(ALPHABET)
N_SHIFTS = 25                                 # shifts 1..25 (0 would be no cipher)


def stdlib_docstring_text(modules=DEFAULT_MODULES) -> str:
    """Docstrings of ``modules`` and of their public classes and functions, normalised to ``[a-z ]``.

    The text is lower-cased, every character outside a-z becomes a space and runs of spaces collapse to one,
    so it can be enciphered letter by letter (:func:`encode`).

    Parameters
    ----------
    modules : sequence of str, default DEFAULT_MODULES
        Names of importable modules (the standard library's, so the text ships with Python).

    Returns
    -------
    str
        The normalised text.

    Raises
    ------
    ValueError
        If ``modules`` is empty, not a sequence of names, or names a module that cannot be imported.

    Examples
    --------
    >>> from heavytail.ciphers import stdlib_docstring_text
    >>> text = stdlib_docstring_text(("textwrap",))
    >>> set(text) <= set("abcdefghijklmnopqrstuvwxyz ")
    True
    """
    if (isinstance(modules, str) or not hasattr(modules, "__len__") or len(modules) == 0
            or not all(isinstance(m, str) for m in modules)):
        raise ValueError(f"modules must be a non-empty sequence of module names, got {modules!r}")
    for name in modules:
        try:
            importlib.import_module(name)
        except ImportError as exc:
            raise ValueError(f"modules must name importable modules, got {name!r}") from exc
    parts = []
    for name in modules:
        mod = importlib.import_module(name)
        doc = inspect.getdoc(mod)
        if doc:
            parts.append(doc)
        public = getattr(mod, "__all__", None) or [n for n in dir(mod) if not n.startswith("_")]
        for attr in sorted(public):
            obj = getattr(mod, attr, None)
            if inspect.isfunction(obj) or inspect.isclass(obj) or inspect.isbuiltin(obj):
                doc = inspect.getdoc(obj)
                if doc:
                    parts.append(doc)
    return re.sub(r"[^a-z]+", " ", " ".join(parts).lower()).strip()


def encode(text: str) -> np.ndarray:
    """Characters of ``[a-z ]`` to codes 0 (space) .. 26 (z).

    Parameters
    ----------
    text : str
        Lower-case letters and spaces only.

    Returns
    -------
    numpy.ndarray
        One int64 code per character.

    Raises
    ------
    TypeError
        If ``text`` is not a str.
    ValueError
        If ``text`` has another character.

    Examples
    --------
    >>> from heavytail.ciphers import encode
    >>> encode("ab z").tolist()
    [1, 2, 0, 26]
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, got {type(text).__name__}")
    bad = set(text) - set(ALPHABET)
    if bad:
        raise ValueError(f"text must contain only lower-case letters and spaces, got {sorted(bad)[:5]}")
    raw = np.frombuffer(text.encode("ascii"), dtype=np.uint8).astype(np.int64)
    return np.where(raw == ord(" "), 0, raw - ord("a") + 1)


def _check_codes(codes: np.ndarray, name: str) -> np.ndarray:
    """Codes must be symbols ``0..N_SYMBOLS-1`` (a larger code would index past the alphabet)."""
    if codes.size and codes.max() >= N_SYMBOLS:
        raise ValueError(f"{name} must be < {N_SYMBOLS}, got {codes.max()}")
    return codes


def decode(codes) -> str:
    """Codes 0..26 back to text (the inverse of :func:`encode`).

    Parameters
    ----------
    codes : array_like of int
        Codes in 0..26 (0 is a space).

    Returns
    -------
    str
        The text.

    Raises
    ------
    ValueError
        If a code is negative or above 26.

    Examples
    --------
    >>> from heavytail.ciphers import decode
    >>> decode([1, 2, 0, 26])
    'ab z'
    """
    codes = as_int_array(codes, "codes", minimum=0, allow_empty=True)
    if codes.size and codes.max() >= N_SYMBOLS:
        raise ValueError(f"codes must be < {N_SYMBOLS}, got {codes.max()}")
    return "".join(ALPHABET[c] for c in codes.ravel())


def encipher(codes, shift) -> np.ndarray:
    """Shift every letter by ``shift`` places (a Caesar cipher; spaces stay); ``shift`` broadcasts.

    Parameters
    ----------
    codes : array_like of int
        Codes in 0..26.
    shift : int or array_like of int
        Shift(s), broadcast against ``codes``.

    Returns
    -------
    numpy.ndarray
        The enciphered codes.

    Raises
    ------
    ValueError
        If a code is outside 0..26 or the shapes do not broadcast.

    Examples
    --------
    >>> from heavytail.ciphers import decode, encipher, encode
    >>> decode(encipher(encode("hello world"), 13))
    'uryyb jbeyq'
    """
    codes = _check_codes(as_int_array(codes, "codes", minimum=0), "codes")
    shift = as_int_array(shift, "shift")
    letters = codes > 0
    return np.where(letters, (codes - 1 + shift) % 26 + 1, 0)


def scramble(codes, seed=0) -> np.ndarray:
    """Shuffle the letters among the letter positions: same spaces and letter counts, no words.

    Parameters
    ----------
    codes : array_like of int
        1-D codes in 0..26.
    seed : int or numpy.random.Generator, default 0
        Seed (>= 0) or generator of the shuffle.

    Returns
    -------
    numpy.ndarray
        The shuffled codes (spaces where they were).

    Raises
    ------
    ValueError
        If ``codes`` is not 1-D within 0..26, or ``seed`` is invalid.

    Examples
    --------
    >>> from heavytail.ciphers import decode, encode, scramble
    >>> out = decode(scramble(encode("abc de"), seed=0))
    >>> out[3], sorted(out.replace(" ", ""))
    (' ', ['a', 'b', 'c', 'd', 'e'])
    """
    codes = _check_codes(as_int_array(codes, "codes", minimum=0, ndim=1), "codes")
    rng = as_rng(seed, "seed")
    out = codes.copy()
    pos = np.flatnonzero(codes > 0)
    out[pos] = codes[rng.permutation(pos)]
    return out


def shift_ranking(seed: int = 0) -> np.ndarray:
    """The shifts 1..25 in decreasing order of frequency: 13 (rot-13), 3 (Caesar), 1, then a seeded order.

    Parameters
    ----------
    seed : int, default 0
        Seed (>= 0) of the order of the other 22 shifts.

    Returns
    -------
    numpy.ndarray
        The 25 shifts, most frequent first.

    Raises
    ------
    ValueError
        If ``seed`` is negative or not an integer.

    Examples
    --------
    >>> from heavytail.ciphers import shift_ranking
    >>> shift_ranking(0)[:3].tolist(), sorted(shift_ranking(0).tolist()) == list(range(1, 26))
    ([13, 3, 1], True)
    """
    rng = np.random.default_rng([check_int(seed, "seed", minimum=0), 7])
    head = [13, 3, 1]
    rest = np.array([s for s in range(1, 26) if s not in head])
    return np.concatenate([head, rng.permutation(rest)]).astype(np.int64)


def shift_frequencies(zeta: float, seed: int = 0) -> np.ndarray:
    """Frequency of each shift 1..25 (index ``s - 1``): Zipf with exponent ``zeta`` over the shift ranking.

    Parameters
    ----------
    zeta : float
        Zipf exponent, > 0.
    seed : int, default 0
        Seed of the ranking.

    Returns
    -------
    numpy.ndarray
        25 frequencies summing to 1; entry ``s - 1`` is the frequency of shift ``s``.

    Raises
    ------
    ValueError
        If ``zeta`` is not > 0 or ``seed`` is invalid.

    Examples
    --------
    >>> from heavytail.ciphers import shift_frequencies
    >>> f = shift_frequencies(1.5)
    >>> int(f.argmax()) + 1, round(float(f.sum()), 12)
    (13, 1.0)
    """
    zeta = check_positive(zeta, "zeta")
    ranks = np.empty(N_SHIFTS, dtype=np.int64)
    ranks[shift_ranking(seed) - 1] = np.arange(1, N_SHIFTS + 1)
    return scaling.zipf_frequencies(N_SHIFTS, zeta)[ranks - 1]


@dataclass(frozen=True)
class CipherConfig:
    """Sizes of the cipher model and its training."""

    zeta: float = 1.5
    context: int = 3          # cipher characters on each side of the current one
    history: int = 3          # previous plain-text characters the model reads
    width: int = 256
    steps: int = 3000
    batch: int = 512
    lr: float = 3e-3
    train_fraction: float = 0.8

    def __post_init__(self):
        check_positive(self.zeta, "zeta")
        check_int(self.context, "context", minimum=0)
        check_int(self.history, "history", minimum=0)
        check_int(self.width, "width", minimum=1)
        check_int(self.steps, "steps", minimum=1)
        check_int(self.batch, "batch", minimum=1)
        check_positive(self.lr, "lr")
        check_in_range(self.train_fraction, "train_fraction", 0.0, 1.0, lo_open=True, hi_open=True)

    @property
    def input_dim(self) -> int:
        return N_SHIFTS + (2 * self.context + 1 + self.history) * N_SYMBOLS


@dataclass
class CipherModel:
    """A trained decoder: the config, the torch module, the shift frequencies and the training time."""

    config: CipherConfig
    net: object
    freqs: np.ndarray
    seconds: float


def _features(config: CipherConfig, shift: np.ndarray, cipher_win: np.ndarray, hist: np.ndarray):
    """One-hot features: shift (n,), cipher window (n, 2c+1), previous plain characters (n, h)."""
    import torch

    n = shift.shape[0]
    x = np.zeros((n, config.input_dim), dtype=np.float32)
    x[np.arange(n), shift - 1] = 1.0
    cols = np.concatenate([cipher_win, hist], axis=1)               # (n, 2c+1+h) codes
    offs = N_SHIFTS + N_SYMBOLS * np.arange(cols.shape[1])
    x[np.arange(n)[:, None], offs + cols] = 1.0
    return torch.from_numpy(x)


def _windows(padded: np.ndarray, starts: np.ndarray, length: int) -> np.ndarray:
    return padded[starts[:, None] + np.arange(length)]


def train_decoder(config: CipherConfig, train_codes, seed: int = 0, progress: bool = False,
                  checkpoints=(), callback=None) -> CipherModel:
    """Train the decoder on fresh batches from ``train_codes`` with Zipf-distributed shifts.

    Each step draws ``config.batch`` positions and shifts (Zipf with ``config.zeta`` over the ranking of
    ``shift_ranking``), enciphers the context around each position, and trains the model to output the plain
    character from the cipher context, the shift and the previous plain characters.

    Parameters
    ----------
    config : CipherConfig
        Model and training sizes.
    train_codes : array_like of int
        1-D training text as codes (:func:`encode`).
    seed : int, default 0
        Seed of the initialisation and the batches.
    progress : bool, default False
        Show a progress bar.
    checkpoints : sequence of int, default ()
        Steps after which ``callback`` is called.
    callback : callable, optional
        ``callback(step, model)``, to evaluate the model part-way through training without training it twice.

    Returns
    -------
    CipherModel
        The trained model, its config, shift frequencies and training time.

    Raises
    ------
    TypeError
        If ``config`` is not a CipherConfig or ``callback`` is not callable.
    ValueError
        If ``train_codes`` is too short or invalid, a checkpoint is below 1, or checkpoints come without a
        callback.

    Examples
    --------
    >>> from heavytail.ciphers import CipherConfig, encode, stdlib_docstring_text, train_decoder
    >>> codes = encode(stdlib_docstring_text(("textwrap",)))
    >>> model = train_decoder(CipherConfig(width=16, steps=5, batch=32), codes)
    >>> model.config.steps
    5
    """
    import time

    import torch
    import warnings

    with warnings.catch_warnings():       # tqdm.auto warns when ipywidgets is missing; it falls back to text
        warnings.simplefilter("ignore")
        from tqdm.auto import tqdm

    if not isinstance(config, CipherConfig):
        raise TypeError(f"config must be a CipherConfig, got {type(config).__name__}")
    codes = _check_codes(as_int_array(train_codes, "train_codes", minimum=0, ndim=1), "train_codes")
    if callback is not None and not callable(callback):
        raise TypeError(f"callback must be callable, got {type(callback).__name__}")
    seed = check_int(seed, "seed", minimum=0)
    progress = check_bool(progress, "progress")
    c, h = config.context, config.history
    if codes.size < 2 * c + h + 2:
        raise ValueError(f"train_codes is too short for the windows, got length {codes.size}")
    torch.set_num_threads(1)
    torch.manual_seed(seed)
    rng = np.random.default_rng([seed, 11])
    freqs = shift_frequencies(config.zeta)
    net = torch.nn.Sequential(torch.nn.Linear(config.input_dim, config.width), torch.nn.ReLU(),
                              torch.nn.Linear(config.width, N_SYMBOLS))
    opt = torch.optim.Adam(net.parameters(), lr=config.lr)
    checkpoints = {
        int(s) for s in as_int_array(checkpoints, "checkpoints", minimum=1, allow_empty=True).ravel()
    }
    if checkpoints and callback is None:
        raise ValueError("callback must be given together with checkpoints")
    model = CipherModel(config, net, freqs, 0.0)
    t0 = time.perf_counter()
    for step in tqdm(range(1, config.steps + 1), disable=not progress, desc="training decoder",
                     mininterval=30.0):
        pos = rng.integers(h + c, codes.size - c, size=config.batch)      # current position
        shift = rng.choice(N_SHIFTS, size=config.batch, p=freqs) + 1
        win = _windows(codes, pos - c, 2 * c + 1)
        hist = _windows(codes, pos - h, h)
        x = _features(config, shift, encipher(win, shift[:, None]), hist)
        loss = torch.nn.functional.cross_entropy(net(x), torch.from_numpy(codes[pos]))
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        if step in checkpoints:
            callback(step, model)
    model.seconds = time.perf_counter() - t0
    return model


def greedy_decode(model: CipherModel, codes, starts, length: int, shifts) -> tuple[np.ndarray, np.ndarray]:
    """Encipher the passages ``codes[start:start + length]`` with ``shifts`` and decode them greedily.

    The model decodes left to right, reading its own previous outputs as history (the true characters just
    before each passage start the history).

    Parameters
    ----------
    model : CipherModel
        A trained decoder (:func:`train_decoder`).
    codes : array_like of int
        1-D text as codes.
    starts : array_like of int
        Start of each passage; the model's context and history must fit around it.
    length : int
        Characters per passage, >= 1.
    shifts : array_like of int
        One shift in 1..25 per passage.

    Returns
    -------
    tuple of numpy.ndarray
        ``(plain, decoded)``, both int arrays of shape ``(len(starts), length)``.

    Raises
    ------
    TypeError
        If ``model`` is not a CipherModel.
    ValueError
        If a shift is out of range, there is not one per start, or a passage does not fit in ``codes``.

    Examples
    --------
    >>> from heavytail.ciphers import CipherConfig, encode, greedy_decode, stdlib_docstring_text
    >>> from heavytail.ciphers import train_decoder
    >>> codes = encode(stdlib_docstring_text(("textwrap",)))
    >>> model = train_decoder(CipherConfig(width=16, steps=5, batch=32), codes)
    >>> plain, decoded = greedy_decode(model, codes, [100, 200], 10, [13, 3])
    >>> plain.shape, decoded.shape
    ((2, 10), (2, 10))
    """
    import torch

    if not isinstance(model, CipherModel):
        raise TypeError(f"model must be a CipherModel, got {type(model).__name__}")
    codes = as_int_array(codes, "codes", minimum=0, ndim=1)
    starts = as_int_array(starts, "starts", minimum=0, ndim=1)
    length = check_int(length, "length", minimum=1)
    shifts = as_int_array(shifts, "shifts", minimum=1, ndim=1)
    if shifts.max() > N_SHIFTS or shifts.size != starts.size:
        raise ValueError(f"shifts must be in 1..{N_SHIFTS}, one per start; got {shifts.size} shifts for "
                         f"{starts.size} starts")
    cfg = model.config
    c, h = cfg.context, cfg.history
    if starts.min() < c + h or starts.max() + length + c > codes.size:
        raise ValueError(f"starts must leave {c + h} characters before and {c} after each passage of "
                         f"length {length} in codes of length {codes.size}")
    plain = _windows(codes, starts - c - h, length + 2 * c + h)             # with margins
    cipher = encipher(plain, shifts[:, None])
    decoded = plain.copy()
    with torch.no_grad():
        for t in range(length):
            j = h + c + t                                                        # index in the margins
            x = _features(cfg, shifts, cipher[:, j - c:j + c + 1], decoded[:, j - h:j])
            decoded[:, j] = model.net(x).argmax(dim=1).numpy()
    core = slice(h + c, h + c + length)
    return plain[:, core], decoded[:, core]


def decode_accuracy(model: CipherModel, codes, *, n_passages: int = 64, length: int = 48,
                    seed: int = 0) -> np.ndarray:
    """Letter accuracy of greedy, autoregressive decoding for every shift 1..25 (index ``s - 1``).

    ``n_passages`` passages of ``length`` characters are cut from ``codes`` at seeded random places and
    enciphered with every shift; the model decodes each passage left to right, feeding back its own previous
    outputs (:func:`greedy_decode`). Only letter positions count (spaces are not enciphered).

    Parameters
    ----------
    model : CipherModel
        A trained decoder.
    codes : array_like of int
        1-D test text as codes.
    n_passages : int, default 64
        Passages per shift, >= 1.
    length : int, default 48
        Characters per passage, >= 1.
    seed : int, default 0
        Seed of the passage positions.

    Returns
    -------
    numpy.ndarray
        25 accuracies in [0, 1]; entry ``s - 1`` is that of shift ``s``.

    Raises
    ------
    TypeError
        If ``model`` is not a CipherModel.
    ValueError
        If ``codes`` is too short for the passages or an argument is out of range.

    Examples
    --------
    >>> from heavytail.ciphers import CipherConfig, decode_accuracy, encode, stdlib_docstring_text
    >>> from heavytail.ciphers import train_decoder
    >>> codes = encode(stdlib_docstring_text(("textwrap",)))
    >>> model = train_decoder(CipherConfig(width=16, steps=5, batch=32), codes)
    >>> acc = decode_accuracy(model, codes, n_passages=2, length=8)
    >>> acc.shape, bool(((0 <= acc) & (acc <= 1)).all())
    ((25,), True)
    """
    if not isinstance(model, CipherModel):
        raise TypeError(f"model must be a CipherModel, got {type(model).__name__}")
    codes = as_int_array(codes, "codes", minimum=0, ndim=1)
    n_passages = check_int(n_passages, "n_passages", minimum=1)
    length = check_int(length, "length", minimum=1)
    c, h = model.config.context, model.config.history
    if codes.size < length + 2 * c + h + 1:
        raise ValueError(f"codes is too short for passages of length {length}, got {codes.size}")
    rng = np.random.default_rng([check_int(seed, "seed", minimum=0), 13])
    starts = rng.integers(h + c, codes.size - length - c + 1, size=n_passages)
    shifts = np.repeat(np.arange(1, N_SHIFTS + 1), n_passages)
    plain, decoded = greedy_decode(model, codes, np.tile(starts, N_SHIFTS), length, shifts)
    letters = plain > 0
    right = (decoded == plain) & letters
    per = right.sum(axis=1) / np.maximum(letters.sum(axis=1), 1)
    return per.reshape(N_SHIFTS, n_passages).mean(axis=1)
