r"""Per-problem repeated-sampling counts: load them, derive them, or simulate a stand-in.

A *counts table* has one row per problem with ``n`` (samples drawn) and ``c`` (how many were correct), and
optionally a ``model`` column when several models share one file. This is all the forecasting chapter needs.

Public functions
----------------
load_counts(path)                       read and validate a counts CSV (``problem, n, c`` [, ``model``])
validate_counts(frame)                  the same checks on a pandas DataFrame already in memory
counts_from_samples(path)               derive counts from per-sample ``is_corrects`` lists (JSON, JSONL, parquet,
                                        CSV) as in the Hugging Face dataset ``ScalingIntelligence/monkey_business``
resolve_counts_path(path)               a relative path is taken relative to the repository root
simulated_benchmark(...)                a stand-in benchmark whose per-problem rates mimic the Pythia fits
load_or_simulate(path, ...)             load the counts if the file exists, else the simulated stand-in
thin_counts(n, c, n_new, rng)           hypergeometric subsampling of counts (keep n_new of the n samples)
MODEL_ORDER                             the seven Pythia models from smallest to largest

The shared file ``pythia_math_per_problem_counts.csv`` (7 Pythia models x 128 MATH problems, n = 10,000) holds
the counts of the ``is_corrects`` field of ``monkey_business`` {cite}`brown2024monkeys` (MIT License), the data of
{cite}`schaeffer2025monkeys`. It is not committed to this repository; see ``data/README.md``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ._validate import as_int_array, as_rng, check_counts, check_int, check_positive

__all__ = [
    "load_counts",
    "validate_counts",
    "counts_from_samples",
    "resolve_counts_path",
    "simulated_benchmark",
    "load_or_simulate",
    "thin_counts",
    "CountsSource",
    "MODEL_ORDER",
    "SIMULATED_PARAMS",
    "DEFAULT_COUNTS_PATH",
]

#: The Pythia models of the shared file, smallest first.
MODEL_ORDER = ["Pythia 70M", "Pythia 160M", "Pythia 410M", "Pythia 1B", "Pythia 2.8B", "Pythia 6.9B",
               "Pythia 12B"]

#: Where the project's own builds find the shared counts, relative to the repository root.
DEFAULT_COUNTS_PATH = "../shared/data/pythia_math_per_problem_counts.csv"

#: Scaled-Beta parameters (α, β, scale) of the simulated stand-in, one per Pythia model. They were chosen by
#: hand to mimic the exact beta-binomial fits to the real counts (exponent α rising from ~0.2 to ~0.4 with
#: size, a scale well below 1); they are a *stand-in* used only when the real file is absent.
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


def _repo_root() -> Path:
    """The repository root: the nearest parent of the working directory holding this project's pyproject."""
    here = Path.cwd().resolve()
    for d in (here, *here.parents):
        if (d / "pyproject.toml").exists() and (d / "src" / "heavytail").is_dir():
            return d
    return Path(__file__).resolve().parents[2]


def resolve_counts_path(path) -> Path:
    """``path`` as a :class:`~pathlib.Path`; a relative path is resolved against the repository root.

    If a relative path does not exist there but exists relative to the working directory, that one is used
    (a reader running ``python -m heavytail forecast their.csv`` from anywhere).
    """
    if not isinstance(path, (str, Path)):
        raise TypeError(f"path must be a str or Path, got {type(path).__name__}")
    p = Path(path).expanduser()
    if p.is_absolute():
        return p
    cand = (_repo_root() / p).resolve()
    if cand.exists():
        return cand
    local = (Path.cwd() / p).resolve()
    return local if local.exists() else cand


def validate_counts(frame: pd.DataFrame) -> pd.DataFrame:
    """Check a counts table and return a clean copy with columns ``problem, n, c`` (and ``model`` if present).

    Accepts the shared file's ``problem_idx`` for ``problem`` (and ignores ``benchmark``). Without a
    ``problem`` column, problems are numbered 0, 1, ... Raises ``ValueError`` naming the column and the row
    (0-based data row) for missing columns, missing values, non-integers, ``n < 1``, ``c < 0`` or ``c > n``,
    and for a (model, problem) pair that appears twice.
    """
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"frame must be a pandas DataFrame, got {type(frame).__name__}")
    df = frame.rename(columns={k: v for k, v in _ALIASES.items() if k in frame.columns
                               and v not in frame.columns})
    missing = [col for col in ("n", "c") if col not in df.columns]
    if missing:
        raise ValueError(f"counts table is missing required column(s) {missing}; it has {list(frame.columns)} "
                         f"(needed: problem, n, c; optional: model)")
    if len(df) == 0:
        raise ValueError("counts table has no rows")
    if "problem" not in df.columns:
        df = df.assign(problem=np.arange(len(df)))
    cols = ["model", "problem", "n", "c"] if "model" in df.columns else ["problem", "n", "c"]
    for col in cols:
        na = df[col].isna().to_numpy()
        if na.any():
            raise ValueError(f"counts table has a missing value in column {col!r} at row {int(np.flatnonzero(na)[0])}")
    ints = {}
    for col in ("n", "c"):
        vals = pd.to_numeric(df[col], errors="coerce").to_numpy(dtype=float)
        bad = ~np.isfinite(vals) | (vals != np.round(vals))
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            raise ValueError(f"counts table column {col!r} must hold integers, got {df[col].iloc[i]!r} at row {i}")
        ints[col] = vals.astype(np.int64)
    for i in np.flatnonzero(ints["n"] < 1)[:1]:
        raise ValueError(f"counts table column 'n' must be >= 1, got {ints['n'][i]} at row {i}")
    for i in np.flatnonzero(ints["c"] < 0)[:1]:
        raise ValueError(f"counts table column 'c' must be >= 0, got {ints['c'][i]} at row {i}")
    for i in np.flatnonzero(ints["c"] > ints["n"])[:1]:
        raise ValueError(f"counts table: c must not exceed n, got c={ints['c'][i]} > n={ints['n'][i]} at row {i}")
    out = df[cols].copy()
    out["n"], out["c"] = ints["n"], ints["c"]
    key = ["model", "problem"] if "model" in out.columns else ["problem"]
    dup = out.duplicated(key).to_numpy()
    if dup.any():
        i = int(np.flatnonzero(dup)[0])
        raise ValueError(f"counts table has a duplicate {'/'.join(key)} at row {i}: "
                         f"{tuple(out[key].iloc[i])!r}")
    if "model" in out.columns:
        out["model"] = out["model"].astype(str)
    return out.reset_index(drop=True)


def load_counts(path) -> pd.DataFrame:
    """Read a counts CSV (columns ``problem, n, c``, optional ``model``) and validate it.

    Relative paths are resolved against the repository root (:func:`resolve_counts_path`). Returns a
    DataFrame with columns ``[model,] problem, n, c``; models of the shared Pythia file are ordered by size.
    """
    p = resolve_counts_path(path)
    if not p.exists():
        raise FileNotFoundError(f"counts file not found: {str(path)!r} (resolved to {p})")
    import warnings

    try:
        with warnings.catch_warnings():  # a row longer than the header: an error, not a silent shift of columns
            warnings.simplefilter("error", pd.errors.ParserWarning)
            frame = pd.read_csv(p, index_col=False)
    except (pd.errors.ParserError, pd.errors.ParserWarning, UnicodeDecodeError, pd.errors.EmptyDataError) as exc:
        raise ValueError(f"could not parse {p} as CSV: {exc}") from exc
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
            df["is_corrects"] = df["is_corrects"].map(lambda s: json.loads(s.lower()) if isinstance(s, str) else s)
        return df
    raise ValueError(f"path must end in .json, .jsonl, .parquet or .csv, got {p.name!r}")


def counts_from_samples(path, *, model: str | None = None, field: str = "is_corrects") -> pd.DataFrame:
    """Derive a counts table from per-sample correctness lists.

    Each record (row) is one problem with a list of booleans ``is_corrects`` (one per sample), as in the
    Hugging Face dataset ``ScalingIntelligence/monkey_business`` {cite}`brown2024monkeys` (subsets
    ``MATH_Pythia-*``, split ``test``). ``path`` may be JSON (a list of records, or a datasets-server export
    with ``{"rows": [{"row": {...}}]}``), JSONL, parquet, or CSV with the list as a JSON string. Returns the
    validated table ``[model,] problem, n, c`` with ``n = len(is_corrects)`` and ``c = sum(is_corrects)``.
    The problem id is taken from a ``problem``/``problem_idx``/``id`` column if present, else the row number.
    """
    p = resolve_counts_path(path)
    if not p.exists():
        raise FileNotFoundError(f"samples file not found: {str(path)!r} (resolved to {p})")
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


def thin_counts(n, c, n_new, rng) -> np.ndarray:
    """Successes among ``n_new`` of the ``n`` samples drawn without replacement (hypergeometric thinning).

    This is what a reader who had stopped after ``n_new`` samples would have seen. ``rng`` is a
    :class:`numpy.random.Generator` or an int seed.
    """
    n_arr, c_arr = check_counts(n, c)
    n_new = as_int_array(n_new, "n_new", minimum=1)
    if (n_new > n_arr).any():
        raise ValueError(f"n_new must not exceed n, got n_new={int(np.max(n_new))} > n={int(n_arr.min())}")
    rng = as_rng(rng, "rng")
    return rng.hypergeometric(c_arr, n_arr - c_arr, np.broadcast_to(n_new, n_arr.shape))


def simulated_benchmark(n_problems: int = 128, n_samples: int = 10_000, *, models=None, seed=0) -> pd.DataFrame:
    """A simulated stand-in for the Pythia/MATH counts: per model, p ~ scaled Beta from :data:`SIMULATED_PARAMS`.

    Returns a counts table ``model, problem, n, c`` (``c ~ Binomial(n_samples, p)``) in the same schema as
    :func:`load_counts`. The parameters mimic fits to the real data; the numbers it produces are not data.
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


@dataclass(frozen=True)
class CountsSource:
    """A counts table and where it came from (``simulated`` is True for the stand-in)."""

    counts: pd.DataFrame
    simulated: bool
    path: Path

    @property
    def models(self) -> list[str]:
        if "model" not in self.counts.columns:
            return ["(all)"]
        return list(dict.fromkeys(self.counts["model"]))

    def model(self, name: str) -> tuple[np.ndarray, np.ndarray]:
        """``(n, c)`` arrays of one model (``"(all)"`` when the table has no model column)."""
        df = self.counts
        if "model" in df.columns:
            if name not in set(df["model"]):
                raise ValueError(f"model must be one of {self.models}, got {name!r}")
            df = df[df["model"] == name]
        elif name != "(all)":
            raise ValueError(f"the counts table has no model column, so model must be '(all)', got {name!r}")
        return df["n"].to_numpy(), df["c"].to_numpy()


def load_or_simulate(path=DEFAULT_COUNTS_PATH, *, seed=0, n_problems: int = 128,
                     n_samples: int = 10_000) -> CountsSource:
    """The counts at ``path`` if the file exists, else :func:`simulated_benchmark` (flagged ``simulated``)."""
    p = resolve_counts_path(path)
    if p.exists():
        return CountsSource(load_counts(p), False, p)
    check_positive(n_samples, "n_samples")
    return CountsSource(simulated_benchmark(n_problems, n_samples, seed=seed), True, p)
