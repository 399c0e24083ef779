"""Input validation shared by every module of :mod:`heavytail`.

Every public function of the package checks its arguments with these helpers, so that bad input
raises a ``ValueError`` (or ``TypeError``) that names the argument and shows the offending value,
instead of silently producing NaN.
"""

from __future__ import annotations

import numbers

import numpy as np

__all__ = [
    "as_float_array",
    "as_int_array",
    "check_probability",
    "check_counts",
    "check_positive",
    "check_int",
    "check_in_range",
    "check_bool",
    "as_rng",
    "check_positive_pair",
    "check_k",
]


def _show(value) -> str:
    """A short repr of ``value`` for error messages."""
    arr = np.asarray(value) if not isinstance(value, str) else value
    if isinstance(arr, np.ndarray) and arr.size > 8:
        return f"array of shape {arr.shape}"
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def as_float_array(x, name: str, *, allow_empty: bool = False, finite: bool = True,
                   ndim: int | None = None, allow_nan: bool = False) -> np.ndarray:
    """Convert ``x`` to a float array, rejecting non-numeric, empty, NaN and (by default) infinite values.

    ``allow_nan=True`` (which implies ``finite=False``) is for arrays where NaN means "missing", such as
    per-run times of runs that never reached a threshold.
    """
    if isinstance(x, (str, bytes)):
        raise TypeError(f"{name} must be numeric, got {_show(x)}")
    try:
        arr = np.asarray(x, dtype=float)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"{name} must be numeric, got {_show(x)}") from exc
    if ndim is not None and arr.ndim != ndim:
        raise ValueError(f"{name} must be {ndim}-dimensional, got shape {arr.shape}")
    if arr.size == 0 and not allow_empty:
        raise ValueError(f"{name} must not be empty, got {_show(x)}")
    if allow_nan:
        return arr
    if np.isnan(arr).any():
        raise ValueError(f"{name} must not contain NaN, got {_show(x)}")
    if finite and np.isinf(arr).any():
        raise ValueError(f"{name} must be finite, got {_show(x)}")
    return arr


def as_int_array(x, name: str, *, minimum: int | None = None, allow_empty: bool = False,
                 ndim: int | None = None) -> np.ndarray:
    """Convert ``x`` to an int64 array, rejecting non-integer values and values below ``minimum``."""
    if isinstance(x, (bool, np.bool_)):
        raise TypeError(f"{name} must be an integer, got {_show(x)}")
    arr = as_float_array(x, name, allow_empty=allow_empty, ndim=ndim)
    if not np.all(arr == np.round(arr)):
        raise ValueError(f"{name} must contain integers, got {_show(x)}")
    if minimum is not None and arr.size and arr.min() < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {_show(x)}")
    return arr.astype(np.int64)


def check_int(x, name: str, *, minimum: int | None = None, maximum: int | None = None) -> int:
    """A scalar integer in ``[minimum, maximum]``."""
    if isinstance(x, (bool, np.bool_)) or not isinstance(x, (numbers.Integral, numbers.Real)):
        raise TypeError(f"{name} must be an integer, got {_show(x)}")
    if isinstance(x, numbers.Real) and not isinstance(x, numbers.Integral):
        if not np.isfinite(x) or x != int(x):
            raise ValueError(f"{name} must be an integer, got {_show(x)}")
    value = int(x)
    if minimum is not None and value < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {value}")
    if maximum is not None and value > maximum:
        raise ValueError(f"{name} must be <= {maximum}, got {value}")
    return value


def check_positive(x, name: str, *, strict: bool = True) -> float:
    """A finite scalar ``> 0`` (or ``>= 0`` with ``strict=False``)."""
    if isinstance(x, (bool, np.bool_)) or not isinstance(x, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {_show(x)}")
    value = float(x)
    if not np.isfinite(value):
        raise ValueError(f"{name} must be finite, got {value}")
    if value < 0 or (strict and value == 0):
        raise ValueError(f"{name} must be {'>' if strict else '>='} 0, got {value}")
    return value


def check_in_range(x, name: str, lo: float, hi: float, *, lo_open: bool = False,
                   hi_open: bool = False) -> float:
    """A finite scalar in the interval between ``lo`` and ``hi`` (closed unless told otherwise)."""
    if isinstance(x, (bool, np.bool_)) or not isinstance(x, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {_show(x)}")
    value = float(x)
    bad = (not np.isfinite(value) or value < lo or value > hi
           or (lo_open and value == lo) or (hi_open and value == hi))
    if bad:
        left, right = "(" if lo_open else "[", ")" if hi_open else "]"
        raise ValueError(f"{name} must lie in {left}{lo}, {hi}{right}, got {value}")
    return value


def check_probability(p, name: str = "p", *, allow_empty: bool = False) -> np.ndarray:
    """An array of probabilities, every entry in [0, 1]."""
    arr = as_float_array(p, name, allow_empty=allow_empty)
    if arr.size and (arr.min() < 0 or arr.max() > 1):
        bad = arr[(arr < 0) | (arr > 1)].ravel()[0]
        raise ValueError(f"{name} must lie in [0, 1], got {float(bad)!r}")
    return arr


def check_counts(n, c, *, n_name: str = "n", c_name: str = "c") -> tuple[np.ndarray, np.ndarray]:
    """Sample counts ``n >= 1`` and success counts ``0 <= c <= n``, broadcast together."""
    n_arr = as_int_array(n, n_name, minimum=1)
    c_arr = as_int_array(c, c_name, minimum=0)
    try:
        n_arr, c_arr = np.broadcast_arrays(n_arr, c_arr)
    except ValueError as exc:
        raise ValueError(f"{n_name} and {c_name} must have matching shapes, got "
                         f"{np.shape(n)} and {np.shape(c)}") from exc
    over = c_arr > n_arr
    if over.any():
        i = int(np.flatnonzero(over.ravel())[0])
        raise ValueError(f"{c_name} must not exceed {n_name}: {c_name}={c_arr.ravel()[i]} > "
                         f"{n_name}={n_arr.ravel()[i]} at index {i}")
    return n_arr, c_arr


def check_bool(x, name: str) -> bool:
    """A genuine boolean (papermill passes ``-p quick True`` as a bool)."""
    if not isinstance(x, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False, got {_show(x)}")
    return bool(x)


def as_rng(seed, name: str = "seed") -> np.random.Generator:
    """A NumPy Generator from a seed (an integer >= 0) or an existing Generator (returned as is)."""
    if isinstance(seed, np.random.Generator):
        return seed
    return np.random.default_rng(check_int(seed, name, minimum=0))


def check_positive_pair(x, y, x_name: str, y_name: str) -> tuple[np.ndarray, np.ndarray]:
    """Two 1-D arrays of the same length >= 2 with every entry > 0 (the input of any log-log fit)."""
    x_arr = as_float_array(x, x_name, ndim=1)
    y_arr = as_float_array(y, y_name, ndim=1)
    if x_arr.size != y_arr.size or x_arr.size < 2:
        raise ValueError(f"{x_name} and {y_name} must be 1-D of the same length >= 2, got {x_arr.size} and "
                         f"{y_arr.size}")
    if (x_arr <= 0).any() or (y_arr <= 0).any():
        raise ValueError(f"{x_name} and {y_name} must be > 0 to take logarithms")
    return x_arr, y_arr


def check_k(k, name: str = "k") -> np.ndarray:
    """Sample budgets ``k``: a float array, every entry a finite real >= 1 (pass@k is defined for real k).

    Parameters
    ----------
    k : array_like
        The budgets; a scalar gives a 0-d array.
    name : str, default "k"
        The argument's name, for the error message.

    Returns
    -------
    numpy.ndarray
        ``k`` as floats.

    Raises
    ------
    ValueError
        If ``k`` is empty, has NaN or infinite entries, or an entry below 1.
    TypeError
        If ``k`` is not numeric.

    Examples
    --------
    >>> check_k([1, 10.5]).tolist()
    [1.0, 10.5]
    """
    k_arr = as_float_array(k, name)
    if (k_arr < 1).any():
        raise ValueError(f"{name} must be >= 1, got {float(k_arr[k_arr < 1].ravel()[0])!r}")
    return k_arr
