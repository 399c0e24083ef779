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

    Parameters
    ----------
    x : array_like
        The values.
    name : str
        The argument's name, for the error message.
    allow_empty : bool, default False
        Accept an empty array.
    finite : bool, default True
        Reject infinite entries.
    ndim : int, optional
        The required number of dimensions.
    allow_nan : bool, default False
        Accept NaN (and infinite) entries.

    Returns
    -------
    numpy.ndarray
        ``x`` as a float array.

    Raises
    ------
    TypeError
        If ``x`` is a string or not numeric.
    ValueError
        If ``x`` has the wrong number of dimensions, is empty, or has NaN or infinite entries (unless
        allowed).

    Examples
    --------
    >>> as_float_array([1, 2], "x").tolist()
    [1.0, 2.0]
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
    """Convert ``x`` to an int64 array, rejecting non-integer values and values below ``minimum``.

    Parameters
    ----------
    x : array_like
        The values; floats with integral values (``3.0``) are accepted.
    name : str
        The argument's name, for the error message.
    minimum : int, optional
        The smallest allowed value.
    allow_empty : bool, default False
        Accept an empty array.
    ndim : int, optional
        The required number of dimensions.

    Returns
    -------
    numpy.ndarray
        ``x`` as an int64 array.

    Raises
    ------
    TypeError
        If ``x`` is a bool, a string or not numeric.
    ValueError
        If an entry is not an integer or is below ``minimum``, or as :func:`as_float_array`.

    Examples
    --------
    >>> as_int_array([1.0, 2], "n", minimum=1).tolist()
    [1, 2]
    """
    if isinstance(x, (bool, np.bool_)):
        raise TypeError(f"{name} must be an integer, got {_show(x)}")
    arr = as_float_array(x, name, allow_empty=allow_empty, ndim=ndim)
    if not np.all(arr == np.round(arr)):
        raise ValueError(f"{name} must contain integers, got {_show(x)}")
    if minimum is not None and arr.size and arr.min() < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {_show(x)}")
    return arr.astype(np.int64)


def check_int(x, name: str, *, minimum: int | None = None, maximum: int | None = None) -> int:
    """A scalar integer in ``[minimum, maximum]``.

    Parameters
    ----------
    x : int or float
        The value; a float is accepted if it is integral (``3.0``).
    name : str
        The argument's name, for the error message.
    minimum, maximum : int, optional
        The bounds (inclusive).

    Returns
    -------
    int
        ``x`` as an int.

    Raises
    ------
    TypeError
        If ``x`` is a bool or not a real number.
    ValueError
        If ``x`` is not an integer or lies outside the bounds.

    Examples
    --------
    >>> check_int(3.0, "n", minimum=1)
    3
    """
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
    """A finite scalar ``> 0`` (or ``>= 0`` with ``strict=False``).

    Parameters
    ----------
    x : float
        The value.
    name : str
        The argument's name, for the error message.
    strict : bool, default True
        Reject 0.

    Returns
    -------
    float
        ``x`` as a float.

    Raises
    ------
    TypeError
        If ``x`` is a bool or not a real number.
    ValueError
        If ``x`` is not finite, negative, or 0 when ``strict``.

    Examples
    --------
    >>> check_positive(2, "scale")
    2.0
    """
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
    """A finite scalar in the interval between ``lo`` and ``hi`` (closed unless told otherwise).

    Parameters
    ----------
    x : float
        The value.
    name : str
        The argument's name, for the error message.
    lo, hi : float
        The ends of the interval.
    lo_open, hi_open : bool, default False
        Exclude that end.

    Returns
    -------
    float
        ``x`` as a float.

    Raises
    ------
    TypeError
        If ``x`` is a bool or not a real number.
    ValueError
        If ``x`` is not finite or lies outside the interval.

    Examples
    --------
    >>> check_in_range(0.9, "level", 0.0, 1.0, lo_open=True, hi_open=True)
    0.9
    """
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
    """An array of probabilities, every entry in [0, 1].

    Parameters
    ----------
    p : array_like
        The probabilities.
    name : str, default "p"
        The argument's name, for the error message.
    allow_empty : bool, default False
        Accept an empty array.

    Returns
    -------
    numpy.ndarray
        ``p`` as a float array.

    Raises
    ------
    ValueError
        If an entry lies outside [0, 1], or as :func:`as_float_array`.
    TypeError
        If ``p`` is not numeric.

    Examples
    --------
    >>> check_probability([0.0, 0.5, 1.0]).tolist()
    [0.0, 0.5, 1.0]
    """
    arr = as_float_array(p, name, allow_empty=allow_empty)
    if arr.size and (arr.min() < 0 or arr.max() > 1):
        bad = arr[(arr < 0) | (arr > 1)].ravel()[0]
        raise ValueError(f"{name} must lie in [0, 1], got {float(bad)!r}")
    return arr


def check_counts(n, c, *, n_name: str = "n", c_name: str = "c") -> tuple[np.ndarray, np.ndarray]:
    """Sample counts ``n >= 1`` and success counts ``0 <= c <= n``, broadcast together.

    Parameters
    ----------
    n, c : array_like
        Samples and successes per problem (integers).
    n_name, c_name : str, default "n", "c"
        The arguments' names, for the error messages.

    Returns
    -------
    tuple of numpy.ndarray
        ``(n, c)`` as int64 arrays of one shape.

    Raises
    ------
    ValueError
        If the shapes do not broadcast, an entry is not an integer, ``n < 1``, ``c < 0`` or ``c > n``.
    TypeError
        If ``n`` or ``c`` is not numeric.

    Examples
    --------
    >>> [a.tolist() for a in check_counts([10, 10], [0, 3])]
    [[10, 10], [0, 3]]
    """
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
    """A genuine boolean (papermill passes ``-p quick True`` as a bool).

    Parameters
    ----------
    x : bool
        The value (a numpy bool is accepted).
    name : str
        The argument's name, for the error message.

    Returns
    -------
    bool
        ``x`` as a Python bool.

    Raises
    ------
    TypeError
        If ``x`` is not a bool (``"True"`` and ``1`` are rejected).

    Examples
    --------
    >>> check_bool(True, "quick")
    True
    """
    if not isinstance(x, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False, got {_show(x)}")
    return bool(x)


def as_rng(seed, name: str = "seed") -> np.random.Generator:
    """A NumPy Generator from a seed (an integer >= 0) or an existing Generator (returned as is).

    This is the package's one random-number convention: every function that draws takes ``seed``, an
    integer >= 0 or a ``numpy.random.Generator``, and passes it through here.

    Parameters
    ----------
    seed : int or numpy.random.Generator
        The seed, or a generator to use as it is.
    name : str, default "seed"
        The argument's name, for the error message.

    Returns
    -------
    numpy.random.Generator
        ``numpy.random.default_rng(seed)``, or ``seed`` itself if it is a Generator.

    Raises
    ------
    TypeError
        If ``seed`` is None, a bool, or not a number.
    ValueError
        If ``seed`` is negative or not an integer.

    Examples
    --------
    >>> bool(as_rng(3).integers(10) == np.random.default_rng(3).integers(10))
    True
    """
    if isinstance(seed, np.random.Generator):
        return seed
    return np.random.default_rng(check_int(seed, name, minimum=0))


def check_positive_pair(x, y, x_name: str, y_name: str) -> tuple[np.ndarray, np.ndarray]:
    """Two 1-D arrays of the same length >= 2 with every entry > 0 (the input of any log-log fit).

    Parameters
    ----------
    x, y : array_like
        The two arrays.
    x_name, y_name : str
        Their names, for the error messages.

    Returns
    -------
    tuple of numpy.ndarray
        ``(x, y)`` as float arrays.

    Raises
    ------
    ValueError
        If either is not 1-D, they differ in length, have fewer than two entries, or an entry is not finite
        or not > 0.
    TypeError
        If either is not numeric.

    Examples
    --------
    >>> [a.tolist() for a in check_positive_pair([1, 10], [2, 20], "x", "y")]
    [[1.0, 10.0], [2.0, 20.0]]
    """
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
