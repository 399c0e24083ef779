r"""Per-problem repeated-sampling counts: load them, derive them, or simulate a stand-in.

A *counts table* has one row per problem with ``n`` (samples drawn) and ``c`` (how many were correct), and
optionally ``model`` and ``benchmark`` columns when several models or benchmarks share one file. This is all
the forecasting chapter needs.

Public functions
----------------
load_source(source)                     the counts a page or the CLI runs on: ``"pythia-math"`` (the counts
                                        shipped with the package, the default), ``"simulated"`` (the stand-in,
                                        only when asked for by name) or a path
load_counts(path)                       read and validate a counts CSV or parquet file
validate_counts(frame)                  the same checks on a pandas DataFrame already in memory
counts_from_samples(path)               derive counts from per-sample ``is_corrects`` lists (JSON, JSONL,
                                        parquet, CSV) as in the Hugging Face dataset
                                        ``ScalingIntelligence/monkey_business``
resolve_counts_path(path)               a relative path is taken from the working directory, never elsewhere
bundled_counts_path()                   where the installed package keeps the Pythia/MATH counts
simulated_benchmark(...)                a stand-in benchmark whose per-problem rates mimic the Pythia fits
thin_counts(n, c, n_new, seed)          hypergeometric subsampling of counts (keep n_new of the n samples)
MODEL_ORDER                             the seven Pythia models from smallest to largest

The package ships ``pythia_math_per_problem_counts.csv`` (7 Pythia models x 128 MATH problems, n = 10,000),
the counts of the ``is_corrects`` field of ``monkey_business`` (Brown et al. 2024, MIT License; the license
travels with the file), the data of Schaeffer et al. 2025. The repository keeps the same file in ``data/``
(see ``data/README.md``; a test checks that the two copies are identical).
"""

from __future__ import annotations

import html
import json
import numbers
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd

from ._validate import as_int_array, as_rng, check_counts, check_int

__all__ = [
    "load_source",
    "load_counts",
    "validate_counts",
    "counts_from_samples",
    "resolve_counts_path",
    "bundled_counts_path",
    "simulated_benchmark",
    "load_or_simulate",
    "thin_counts",
    "CountsSource",
    "MODEL_ORDER",
    "SIMULATED_PARAMS",
    "PYTHIA_MATH",
    "SIMULATED",
    "DEFAULT_COUNTS_PATH",
    "COUNTS_FILE",
    "COUNTS_SHA256",
]

#: The Pythia models of the shipped file, smallest first.
MODEL_ORDER = ["Pythia 70M", "Pythia 160M", "Pythia 410M", "Pythia 1B", "Pythia 2.8B", "Pythia 6.9B",
               "Pythia 12B"]

#: The name that selects the Pythia/MATH counts shipped with the package (every page's and the CLI's default).
PYTHIA_MATH = "pythia-math"
#: The name that selects the simulated stand-in; it is never used unless asked for by this name.
SIMULATED = "simulated"
#: The default counts source of the notebooks, the CLI and the benchmarks.
DEFAULT_COUNTS_PATH = PYTHIA_MATH
#: File name of the shipped counts (in the package's ``bundled/`` folder and in the repository's ``data/``).
COUNTS_FILE = "pythia_math_per_problem_counts.csv"
#: SHA-256 of the shipped counts file (also in ``data/README.md``).
COUNTS_SHA256 = "ab885dd1142816cb69770962d031eb29c3c3dc5ffdc89a86eed3ba508d65e724"

#: Scaled-Beta parameters (α, β, scale) of the simulated stand-in, one per Pythia model. They were chosen by
#: hand to mimic the exact beta-binomial fits to the real counts (exponent α rising from ~0.2 to ~0.4 with
#: size, a scale well below 1); the stand-in is used only when asked for as ``"simulated"``.
SIMULATED_PARAMS = {
    "Pythia 70M": (0.08, 3.0, 0.04),
    "Pythia 160M": (0.17, 3.0, 0.06),
    "Pythia 410M": (0.22, 3.0, 0.12),
    "Pythia 1B": (0.23, 3.0, 0.20),
    "Pythia 2.8B": (0.28, 3.0, 0.35),
    "Pythia 6.9B": (0.30, 3.0, 0.35),
    "Pythia 12B": (0.33, 3.0, 0.35),
}

_ALIASES = {"problem_idx": "problem", "problem_id": "problem", "num_samples": "n", "num_correct": "c"}
_LABELS = ("model", "benchmark")
_INT64_MAX = int(np.iinfo(np.int64).max)
_EXACT_FLOAT = 2 ** 53
_INT_TEXT = re.compile(r"[+-]?\d+")


def bundled_counts_path() -> Path:
    """Path of the Pythia/MATH counts shipped inside the installed package (``heavytail/bundled/``).

    Returns
    -------
    pathlib.Path
        The CSV file; it exists in every installation made from the repository (package data).

    Examples
    --------
    >>> bundled_counts_path().name
    'pythia_math_per_problem_counts.csv'
    """
    return Path(str(resources.files("heavytail").joinpath("bundled", COUNTS_FILE)))


def resolve_counts_path(path) -> Path:
    """``path`` as an absolute :class:`~pathlib.Path`; a relative path is taken from the working directory.

    Nothing else is tried: no repository root, no package folder, no fallback. ``~`` is expanded.

    Parameters
    ----------
    path : str or pathlib.Path
        A file name as the user gave it.

    Returns
    -------
    pathlib.Path
        ``Path.cwd() / path`` for a relative path, else ``path`` itself (the file need not exist).

    Raises
    ------
    TypeError
        If ``path`` is not a str or Path.
    ValueError
        If ``path`` is empty.

    Examples
    --------
    >>> resolve_counts_path("/tmp/x.csv")
    PosixPath('/tmp/x.csv')
    """
    if not isinstance(path, (str, Path)):
        raise TypeError(f"path must be a str or Path, got {type(path).__name__}")
    if str(path).strip() == "":
        raise ValueError("path must not be empty, got ''")
    p = Path(path).expanduser()
    return p if p.is_absolute() else Path.cwd() / p


def _exact_int(v):
    """``v`` as an exact Python int, or None when it is not an integer (booleans are not integers here)."""
    if isinstance(v, (bool, np.bool_)):
        return None
    if isinstance(v, (numbers.Integral, np.integer)):
        return int(v)
    if isinstance(v, str):
        s = v.strip()
        if _INT_TEXT.fullmatch(s):
            return int(s)
        try:
            v = float(s)
        except ValueError:
            return None
    if isinstance(v, numbers.Rational):
        return int(v) if v.denominator == 1 else None
    if isinstance(v, (float, np.floating)):
        if np.isfinite(v) and v == np.round(v) and abs(v) <= _EXACT_FLOAT:
            return int(v)
    return None


def _plain(v):
    """A numpy scalar as the Python value it holds (for readable error messages)."""
    return v.item() if isinstance(v, np.generic) else v


def _int_column(s: pd.Series, col: str) -> np.ndarray:
    """Column ``col`` as int64, exactly: reject booleans, dates, complex numbers, non-integers, overflow."""
    kind = getattr(s.dtype, "kind", "O")
    what = {"b": "booleans", "M": "dates/times", "m": "time spans", "c": "complex numbers"}.get(kind)
    if what:
        raise ValueError(f"counts table column {col!r} must hold integers, got a column of {what} "
                         f"({_plain(s.iloc[0])!r} at row 0)")
    if kind in "iu":
        vals = s.to_numpy()
        if kind == "u" and vals.size and vals.max() > _INT64_MAX:
            i = int(np.argmax(vals > _INT64_MAX))
            raise ValueError(f"counts table column {col!r} value {int(vals[i])} at row {i} does not fit in a "
                             f"64-bit integer (the largest is 2^63 - 1)")
        return vals.astype(np.int64)
    if kind == "f":
        vals = s.to_numpy(dtype=float)
        bad = ~np.isfinite(vals) | (vals != np.round(vals))
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            raise ValueError(f"counts table column {col!r} must hold integers, got {_plain(s.iloc[i])!r} "
                             f"at row {i}")
        big = np.abs(vals) > _EXACT_FLOAT
        if big.any():
            i = int(np.flatnonzero(big)[0])
            raise ValueError(f"counts table column {col!r} value {_plain(s.iloc[i])!r} at row {i} is a "
                             f"floating-point number above 2^53, which cannot be trusted to be exact; "
                             f"write it as an integer")
        return vals.astype(np.int64)
    out = np.empty(len(s), dtype=np.int64)
    for i, v in enumerate(s.to_numpy(dtype=object)):
        iv = _exact_int(v)
        if iv is None:
            raise ValueError(f"counts table column {col!r} must hold integers, got {_plain(v)!r} at row {i}")
        if not -_INT64_MAX - 1 <= iv <= _INT64_MAX:
            raise ValueError(f"counts table column {col!r} value {iv} at row {i} does not fit in a 64-bit "
                             f"integer (the largest is 2^63 - 1)")
        out[i] = iv
    return out


def validate_counts(frame: pd.DataFrame) -> pd.DataFrame:
    """Check a counts table and return a clean copy with columns ``[model,] [benchmark,] problem, n, c``.

    Accepts the shipped file's ``problem_idx`` for ``problem`` (and ``num_samples``/``num_correct`` for
    ``n``/``c``). Without a ``problem`` column, problems are numbered 0, 1, ... The counts are read exactly
    (as integers, never through floating point): booleans, dates, complex numbers, non-integers,
    floating-point values above 2^53 and integers beyond 64 bits are rejected. ``model`` and ``benchmark``,
    when present, are kept as strings: each (model, benchmark) is a separate set of problems.

    Parameters
    ----------
    frame : pandas.DataFrame
        The table, one row per problem (per model and benchmark).

    Returns
    -------
    pandas.DataFrame
        The validated table with int64 ``n`` and ``c`` and a fresh index.

    Raises
    ------
    TypeError
        If ``frame`` is not a DataFrame.
    ValueError
        Naming the column and the (0-based data) row: missing columns, missing values, non-integers,
        ``n < 1``, ``c < 0`` or ``c > n``, numbers out of range, and a (model, benchmark, problem) that
        appears twice.

    Examples
    --------
    >>> validate_counts(pd.DataFrame({"n": [10, 10], "c": [3, 0]}))["problem"].tolist()
    [0, 1]
    """
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"frame must be a pandas DataFrame, got {type(frame).__name__}")
    df = frame.rename(columns={k: v for k, v in _ALIASES.items() if k in frame.columns
                               and v not in frame.columns})
    missing = [col for col in ("n", "c") if col not in df.columns]
    if missing:
        raise ValueError(f"counts table is missing required column(s) {missing}; it has "
                         f"{list(frame.columns)} (needed: problem, n, c; optional: model, benchmark)")
    if df.columns.duplicated().any():
        raise ValueError(f"counts table has duplicate column names: {list(frame.columns)}")
    if len(df) == 0:
        raise ValueError("counts table has no rows")
    if "problem" not in df.columns:
        df = df.assign(problem=np.arange(len(df)))
    labels = [col for col in _LABELS if col in df.columns]
    cols = labels + ["problem", "n", "c"]
    for col in cols:
        na = df[col].isna().to_numpy()
        if na.any():
            i = int(np.flatnonzero(na)[0])
            raise ValueError(f"counts table has a missing value in column {col!r} at row {i}")
    n = _int_column(df["n"], "n")
    c = _int_column(df["c"], "c")
    for i in np.flatnonzero(n < 1)[:1]:
        raise ValueError(f"counts table column 'n' must be >= 1, got {n[i]} at row {i}")
    for i in np.flatnonzero(c < 0)[:1]:
        raise ValueError(f"counts table column 'c' must be >= 0, got {c[i]} at row {i}")
    for i in np.flatnonzero(c > n)[:1]:
        raise ValueError(f"counts table: c must not exceed n, got c={c[i]} > n={n[i]} at row {i}")
    out = df[cols].copy()
    out["n"], out["c"] = n, c
    for col in labels:
        out[col] = out[col].astype(str)
    key = labels + ["problem"]
    dup = out.duplicated(key).to_numpy()
    if dup.any():
        i = int(np.flatnonzero(dup)[0])
        raise ValueError(f"counts table has a duplicate {'/'.join(key)} at row {i}: "
                         f"{tuple(out[key].iloc[i])!r}")
    return out.reset_index(drop=True)


def _existing_file(path, what: str) -> Path:
    p = resolve_counts_path(path)
    if not p.exists():
        relative = not Path(path).expanduser().is_absolute()
        hint = f" (relative to the working directory {Path.cwd()})" if relative else ""
        raise FileNotFoundError(f"{what} not found: {str(path)!r}{hint}")
    if p.is_dir():
        raise ValueError(f"path {str(path)!r} is a directory, not a {what}")
    return p


def load_counts(path) -> pd.DataFrame:
    """Read a counts file (CSV, or parquet by its ``.parquet`` suffix) and validate it.

    Parameters
    ----------
    path : str or pathlib.Path
        The file; a relative path is taken from the working directory (:func:`resolve_counts_path`).

    Returns
    -------
    pandas.DataFrame
        Columns ``[model,] [benchmark,] problem, n, c`` (:func:`validate_counts`); the models of the shipped
        Pythia file are ordered by size.

    Raises
    ------
    FileNotFoundError
        If the file does not exist (the message names the path as given).
    ValueError
        If ``path`` is a directory, the file cannot be parsed, or the table is invalid (row and column named).

    Examples
    --------
    >>> load_counts(bundled_counts_path()).shape
    (896, 5)
    """
    p = _existing_file(path, "counts file")
    import warnings

    try:
        if p.suffix.lower() == ".parquet":
            frame = pd.read_parquet(p)
        else:
            with warnings.catch_warnings():  # a row longer than the header: an error, not a silent shift
                warnings.simplefilter("error", pd.errors.ParserWarning)
                frame = pd.read_csv(p, index_col=False)
    except (pd.errors.ParserError, pd.errors.ParserWarning, UnicodeDecodeError,
            pd.errors.EmptyDataError) as exc:
        raise ValueError(f"could not parse {p} as CSV: {exc}") from exc
    except (ImportError, OSError) as exc:
        raise ValueError(f"could not read {p}: {exc}") from exc
    except Exception as exc:  # noqa: BLE001 - a corrupt parquet file raises the engine's own error types
        if p.suffix.lower() != ".parquet":
            raise
        raise ValueError(f"could not read {p} as parquet: {exc}") from exc
    out = validate_counts(frame)
    if "model" in out.columns and set(out["model"]) <= set(MODEL_ORDER):
        order = {m: i for i, m in enumerate(MODEL_ORDER)}
        out = out.sort_values(["model", "problem"], key=lambda s: s.map(order) if s.name == "model" else s,
                              kind="stable").reset_index(drop=True)
    return out


def _read_records(p: Path) -> pd.DataFrame:
    suffix = "".join(p.suffixes[-2:]).lower() if p.suffix == ".gz" else p.suffix.lower()
    if suffix in (".jsonl", ".jsonl.gz", ".ndjson"):
        return pd.read_json(p, lines=True)
    if suffix in (".json", ".json.gz"):
        text = p.read_text() if suffix == ".json" else pd.read_json(p, lines=False).to_json(orient="records")
        obj = json.loads(text)
        if isinstance(obj, dict):  # {"rows": [...]} or {"data": [...]} or column-oriented
            for key in ("rows", "data", "records"):
                if key in obj and isinstance(obj[key], list):
                    obj = obj[key]
                    break
        if isinstance(obj, list) and obj and isinstance(obj[0], dict) and "row" in obj[0]:
            obj = [r["row"] for r in obj]  # the Hugging Face datasets-server export wraps each record
        return pd.DataFrame(obj)
    if suffix == ".parquet":
        return pd.read_parquet(p)
    if suffix == ".csv":
        df = pd.read_csv(p)
        if "is_corrects" in df.columns:
            df["is_corrects"] = df["is_corrects"].map(
                lambda s: json.loads(s.lower()) if isinstance(s, str) else s)
        return df
    raise ValueError(f"path must end in .json, .jsonl, .parquet or .csv, got {p.name!r}")


def counts_from_samples(path, *, model: str | None = None, field: str = "is_corrects") -> pd.DataFrame:
    r"""Derive a counts table from per-sample correctness lists.

    Each record (row) is one problem with a list of booleans ``is_corrects`` (one per sample), as in the
    Hugging Face dataset ``ScalingIntelligence/monkey_business`` (Brown et al. 2024; subsets
    ``MATH_Pythia-*``, split ``test``). The problem id is taken from a ``problem``/``problem_idx``/``id``
    column if present, else the row number.

    Parameters
    ----------
    path : str or path
        A JSON file (a list of records, or a datasets-server export with ``{"rows": [{"row": {...}}]}``),
        JSONL, parquet, or CSV with the list as a JSON string; used as given (relative to the working
        directory).
    model : str, optional
        A model name to put in a ``model`` column.
    field : str, default "is_corrects"
        The column holding the per-sample booleans.

    Returns
    -------
    pandas.DataFrame
        The validated table ``[model,] problem, n, c`` with ``n = len(is_corrects)`` and
        ``c = sum(is_corrects)``.

    Raises
    ------
    ValueError
        If the file does not exist or cannot be read, has no column ``field``, or a list is empty or not of
        booleans.

    Examples
    --------
    >>> import json, pathlib, tempfile
    >>> from heavytail.data import counts_from_samples
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "samples.jsonl"
    >>> _ = path.write_text("\n".join(json.dumps({"is_corrects": v}) for v in ([True, False], [False] * 3)))
    >>> counts_from_samples(path)[["n", "c"]].values.tolist()
    [[2, 1], [3, 0]]
    """
    p = _existing_file(path, "samples file")
    df = _read_records(p)
    if field not in df.columns:
        raise ValueError(f"samples file {p.name} has no column {field!r}; it has {list(df.columns)}")
    n, c = [], []
    for i, lst in enumerate(df[field]):
        if lst is None or (not isinstance(lst, (list, tuple, np.ndarray))):
            raise ValueError(f"{field} must be a list of booleans, got {type(lst).__name__} at row {i}")
        arr = np.asarray(lst)
        if arr.size == 0:
            raise ValueError(f"{field} is empty at row {i}")
        if arr.dtype != bool:
            ok = np.isin(arr, [0, 1, True, False]) if arr.dtype.kind in "iuf" else np.zeros(arr.shape, bool)
            if not ok.all():
                raise ValueError(f"{field} must hold booleans (or 0/1), got {arr[~ok][0]!r} at row {i}")
        n.append(arr.size)
        c.append(int(arr.astype(bool).sum()))
    pid = next((col for col in ("problem", "problem_idx", "id") if col in df.columns), None)
    out = pd.DataFrame({"problem": df[pid].to_numpy() if pid else np.arange(len(df)), "n": n, "c": c})
    if model is not None:
        out.insert(0, "model", str(model))
    elif "model" in df.columns:
        out.insert(0, "model", df["model"].astype(str).to_numpy())
    return validate_counts(out)


def thin_counts(n, c, n_new, seed) -> np.ndarray:
    """Successes among ``n_new`` of the ``n`` samples drawn without replacement (hypergeometric thinning).

    This is what a reader who had stopped after ``n_new`` samples would have seen.

    Parameters
    ----------
    n, c : array_like of int
        Samples and successes per problem.
    n_new : int or array_like of int
        Samples to keep per problem, 1 <= n_new <= n.
    seed : int or numpy.random.Generator
        Seed (>= 0) or generator.

    Returns
    -------
    numpy.ndarray
        The successes among the kept samples, per problem.

    Raises
    ------
    ValueError
        If the counts are invalid, ``n_new`` is below 1 or above ``n``, or ``seed`` is invalid.

    Examples
    --------
    >>> from heavytail.data import thin_counts
    >>> thin_counts([10, 10, 10], [0, 10, 5], 4, seed=0)[:2].tolist()
    [0, 4]
    """
    n_arr, c_arr = check_counts(n, c)
    n_new = as_int_array(n_new, "n_new", minimum=1)
    if (n_new > n_arr).any():
        raise ValueError(f"n_new must not exceed n, got n_new={int(np.max(n_new))} > n={int(n_arr.min())}")
    rng = as_rng(seed, "seed")
    return rng.hypergeometric(c_arr, n_arr - c_arr, np.broadcast_to(n_new, n_arr.shape))


def simulated_benchmark(n_problems: int = 128, n_samples: int = 10_000, *, models=None,
                        seed=0) -> pd.DataFrame:
    """A simulated stand-in for the Pythia/MATH counts: per model, p ~ scaled Beta (``SIMULATED_PARAMS``).

    The parameters mimic fits to the real data; the numbers it produces are not data.

    Parameters
    ----------
    n_problems : int, default 128
        Problems per model, >= 1.
    n_samples : int, default 10_000
        Samples per problem, >= 1.
    models : sequence of str, optional
        Keys of ``SIMULATED_PARAMS`` (default: all of them).
    seed : int or numpy.random.Generator, default 0
        Seed (>= 0) or generator.

    Returns
    -------
    pandas.DataFrame
        A counts table ``model, problem, n, c`` (``c ~ Binomial(n_samples, p)``) in the schema
        of :func:`load_counts`.

    Raises
    ------
    ValueError
        If ``n_problems`` or ``n_samples`` is below 1, a model is unknown, or ``seed`` is invalid.
    TypeError
        If ``models`` is not a sequence of names.

    Examples
    --------
    >>> from heavytail.data import simulated_benchmark
    >>> df = simulated_benchmark(4, 100, models=["Pythia 70M"], seed=0)
    >>> list(df.columns), len(df)
    (['model', 'problem', 'n', 'c'], 4)
    """
    n_problems = check_int(n_problems, "n_problems", minimum=1)
    n_samples = check_int(n_samples, "n_samples", minimum=1)
    if models is not None and (isinstance(models, (str, bytes)) or not hasattr(models, "__iter__")):
        raise TypeError(f"models must be a sequence of model names, got {models!r}")
    models = list(SIMULATED_PARAMS) if models is None else list(models)
    unknown = [m for m in models if m not in SIMULATED_PARAMS]
    if unknown:
        raise ValueError(f"models must be among {list(SIMULATED_PARAMS)}, got {unknown}")
    rng = as_rng(seed, "seed")
    rows = []
    for m in models:
        a, b, s = SIMULATED_PARAMS[m]
        p = s * rng.beta(a, b, size=n_problems)
        c = rng.binomial(n_samples, p)
        rows.append(pd.DataFrame({"model": m, "problem": np.arange(n_problems), "n": n_samples, "c": c}))
    return pd.concat(rows, ignore_index=True)


_BOX = ("<div role=\"note\" style=\"border: 2px solid {edge}; border-left-width: 8px; background: {bg}; "
        "color: #1a1a1a; padding: 0.6em 0.9em; margin: 0.6em 0; border-radius: 4px;\">"
        "<strong>{title}</strong> {body}</div>")


class _Notice:
    """A box saying which data a page ran on: HTML (Jupyter, the book), Markdown, plain text (papermill)."""

    def __init__(self, title: str, body: str, warning: bool):
        self.title, self.body, self.warning = title, body, warning

    def _repr_html_(self):
        edge, bg = ("#b35900", "#fff1e0") if self.warning else ("#2f6f9f", "#eaf3fa")
        return _BOX.format(edge=edge, bg=bg, title=html.escape(self.title), body=html.escape(self.body))

    def _repr_markdown_(self):
        return f"> **{self.title}** {self.body}"

    def __repr__(self):
        return f"{'WARNING: ' if self.warning else ''}{self.title} {self.body}"


@dataclass(frozen=True)
class CountsSource:
    """A counts table and where it came from (``simulated`` is True for the stand-in).

    ``path`` is the file read (None for the stand-in) and ``name`` the source as asked for
    (``"pythia-math"``, ``"simulated"`` or the path as given).
    """

    counts: pd.DataFrame
    simulated: bool
    path: Path | None
    name: str = ""

    @property
    def models(self) -> list[str]:
        """The models of the table in file order (``["(all)"]`` when the table has no model column)."""
        if "model" not in self.counts.columns:
            return ["(all)"]
        return list(dict.fromkeys(self.counts["model"]))

    @property
    def benchmarks(self) -> list[str]:
        """The benchmarks of the table in file order (``[]`` when the table has no benchmark column)."""
        if "benchmark" not in self.counts.columns:
            return []
        return list(dict.fromkeys(self.counts["benchmark"]))

    @property
    def groups(self) -> list[tuple[str, str | None]]:
        """Every (model, benchmark) of the table, one fit each (benchmark None without a benchmark column)."""
        df = self.counts
        model = df["model"].tolist() if "model" in df.columns else ["(all)"] * len(df)
        bench = df["benchmark"].tolist() if "benchmark" in df.columns else [None] * len(df)
        return list(dict.fromkeys(zip(model, bench)))

    @property
    def description(self) -> str:
        """One sentence: which data this is (the stand-in says that it is not data)."""
        df = self.counts
        n_lo, n_hi = int(df["n"].min()), int(df["n"].max())
        n_models = len(self.models)
        size = (f"{len(df):,} rows, {n_models} model{'s' if n_models > 1 else ''}, n = {n_lo:,}"
                + (f" to {n_hi:,}" if n_hi != n_lo else "") + " samples per problem")
        if self.simulated:
            return (f"every number and figure on this page comes from a simulated benchmark ({size}) whose "
                    f"per-problem rates mimic the Pythia fits (heavytail.data.SIMULATED_PARAMS). They are "
                    f"not measurements; it ran because counts_path = {SIMULATED!r} was asked for.")
        if self.name == PYTHIA_MATH:
            return (f"the Pythia/MATH counts shipped with heavytail ({size}), derived from the is_corrects "
                    f"field of ScalingIntelligence/monkey_business (MIT License).")
        return f"{self.name} ({size})."

    def notice(self, simulated_note: str = ""):
        """A box for the top of a page saying which data it ran on; a warning box for the stand-in.

        Displayed as HTML in Jupyter and in the book (it needs no Sphinx role), as text in a terminal.

        Parameters
        ----------
        simulated_note : str
            An extra sentence shown only when the source is the simulated stand-in.

        Returns
        -------
        object
            A displayable object (``IPython.display.display(src.notice())``).

        Examples
        --------
        >>> print(repr(load_source("simulated", n_problems=4, n_samples=10).notice())[:38])
        WARNING: Simulated stand-in, not data.
        """
        if not isinstance(simulated_note, str):
            raise TypeError(f"simulated_note must be a str, got {type(simulated_note).__name__}")
        if self.simulated:
            text = self.description
            body = f"{text[0].upper()}{text[1:]} {simulated_note}".strip()
            return _Notice("Simulated stand-in, not data.", body, True)
        return _Notice("Data:", self.description, False)

    def model(self, name: str, benchmark: str | None = None) -> tuple[np.ndarray, np.ndarray]:
        """``(n, c)`` arrays of one model (``"(all)"`` when the table has no model column).

        Parameters
        ----------
        name : str
            One of :attr:`models`.
        benchmark : str, optional
            Required when the table holds more than one benchmark.

        Returns
        -------
        tuple of numpy.ndarray
            ``n`` and ``c`` of that model's problems.

        Raises
        ------
        ValueError
            For an unknown model or benchmark, or a missing ``benchmark`` when the table has several.

        Examples
        --------
        >>> n, c = load_source("simulated", n_problems=4, n_samples=10).model("Pythia 1B")
        >>> n.tolist()
        [10, 10, 10, 10]
        """
        df = self.counts
        if "model" in df.columns:
            if not isinstance(name, str) or name not in set(df["model"]):
                raise ValueError(f"model must be one of {self.models}, got {name!r}")
            df = df[df["model"] == name]
        elif name != "(all)":
            raise ValueError(f"the counts table has no model column, so model must be '(all)', got {name!r}")
        if "benchmark" in df.columns:
            benches = list(dict.fromkeys(df["benchmark"]))
            if benchmark is None and len(benches) > 1:
                raise ValueError(f"model {name!r} has several benchmarks {benches}: pass benchmark=")
            if benchmark is not None:
                if benchmark not in benches:
                    raise ValueError(f"benchmark must be one of {benches}, got {benchmark!r}")
                df = df[df["benchmark"] == benchmark]
        elif benchmark is not None:
            raise ValueError(f"the counts table has no benchmark column, so benchmark must be None, "
                             f"got {benchmark!r}")
        return df["n"].to_numpy(), df["c"].to_numpy()


def load_source(source=DEFAULT_COUNTS_PATH, *, seed=0, n_problems: int = 128,
                n_samples: int = 10_000) -> CountsSource:
    """The counts a page runs on: the shipped Pythia counts, the stand-in (by name only), or a file.

    Parameters
    ----------
    source : str or pathlib.Path
        ``"pythia-math"`` (default): the Pythia/MATH counts shipped with the package
        (:func:`bundled_counts_path`);
        ``"simulated"``: :func:`simulated_benchmark`, flagged ``simulated=True``; anything else is a path,
        relative to the working directory (to read a file literally named like one of the two names, write
        ``./simulated``). A path that does not exist is an error: there is no fallback.
    seed, n_problems, n_samples
        Of the simulated stand-in (checked in every case).

    Returns
    -------
    CountsSource
        The table, whether it is simulated, the file read and the name asked for.

    Raises
    ------
    FileNotFoundError
        If a path is given that does not exist.
    ValueError
        If the file is a directory or not a valid counts table.

    Examples
    --------
    >>> load_source().models[0]
    'Pythia 70M'
    >>> load_source("simulated", n_problems=4, n_samples=10).simulated
    True
    """
    if not isinstance(source, (str, Path)):
        raise TypeError(f"source must be a str or Path (a file, {PYTHIA_MATH!r} or {SIMULATED!r}), "
                        f"got {type(source).__name__}")
    n_problems = check_int(n_problems, "n_problems", minimum=1)
    n_samples = check_int(n_samples, "n_samples", minimum=1)
    rng = as_rng(seed, "seed")
    if isinstance(source, str) and source == SIMULATED:
        return CountsSource(simulated_benchmark(n_problems, n_samples, seed=rng), True, None, SIMULATED)
    if isinstance(source, str) and source == PYTHIA_MATH:
        p = bundled_counts_path()
        return CountsSource(load_counts(p), False, p, PYTHIA_MATH)
    p = resolve_counts_path(source)
    return CountsSource(load_counts(source), False, p, str(source))


def load_or_simulate(path=DEFAULT_COUNTS_PATH, *, seed=0, n_problems: int = 128,
                     n_samples: int = 10_000) -> CountsSource:
    """Former name of :func:`load_source`, kept for old notebooks; it no longer falls back to the stand-in.

    Parameters
    ----------
    path : str or pathlib.Path
        As ``source`` of :func:`load_source`.
    seed, n_problems, n_samples
        Of the simulated stand-in.

    Returns
    -------
    CountsSource

    Examples
    --------
    >>> load_or_simulate("simulated", n_problems=4, n_samples=10).simulated
    True
    """
    if not isinstance(path, (str, Path)):
        raise TypeError(f"path must be a str or Path, got {type(path).__name__}")
    return load_source(path, seed=seed, n_problems=n_problems, n_samples=n_samples)
