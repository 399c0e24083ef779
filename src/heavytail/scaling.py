"""Power-law helpers that every part of the book shares: the log-log slope and Zipf frequencies.

One home for each: the modules of the parts (for example :mod:`heavytail.quanta`, composition, ciphers
and estimators) and the notebooks call these rather than repeating
``np.polyfit(np.log(x), np.log(y), 1)`` or ``ranks ** -alpha / sum``.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from heavytail._validate import check_int, check_positive, check_positive_pair

__all__ = ["LogLogFit", "loglog_slope", "zipf_frequencies"]


class LogLogFit(NamedTuple):
    """A straight line through ``(log x, log y)``: ``y ≈ base**intercept * x**slope`` (base 10 unless the
    fit asked for another)."""

    slope: float
    intercept: float


def loglog_slope(x, y, *, base: float = 10.0) -> LogLogFit:
    """Least-squares slope and intercept of ``log y`` against ``log x``.

    The slope does not depend on the base of the logarithm; the intercept is that of ``log_base y`` at
    ``x = 1``. This is the package's one log-log line: no module or notebook calls ``np.polyfit`` on
    logarithms itself (a test in ``tests/test_repo.py`` checks it).

    Parameters
    ----------
    x, y : array_like
        1-D arrays of the same length (at least two points), every entry finite and > 0.
    base : float, default 10
        Base of the logarithms, > 0 and not 1. ``numpy.e`` fits natural logarithms exactly as
        ``np.polyfit(np.log(x), np.log(y), 1)`` does (to the last bit), so that ``exp(intercept)`` is the
        prefactor.

    Returns
    -------
    LogLogFit
        ``(slope, intercept)``, a named tuple of floats.

    Raises
    ------
    ValueError
        If ``x`` or ``y`` is empty, not 1-D, of different lengths, shorter than two, or has an entry that is
        not finite or not > 0, or if ``base`` is not finite, not > 0 or 1.
    TypeError
        If ``x`` or ``y`` is not numeric.

    Examples
    --------
    >>> from heavytail.scaling import loglog_slope
    >>> fit = loglog_slope([1, 10, 100], [3.0, 0.3, 0.03])
    >>> round(fit.slope, 6), round(10 ** fit.intercept, 6)
    (-1.0, 3.0)
    >>> fit = loglog_slope([1, 2, 4], [5.0, 10.0, 20.0], base=np.e)
    >>> round(fit.slope, 6), round(float(np.exp(fit.intercept)), 6)
    (1.0, 5.0)
    """
    base = check_positive(base, "base")
    if base == 1.0:
        raise ValueError(f"base must not be 1, got {base!r}")
    x, y = check_positive_pair(x, y, "x", "y")
    log = _LOGS.get(base)
    if log is None:
        ln_base = np.log(base)

        def log(v):
            return np.log(v) / ln_base

    slope, intercept = np.polyfit(log(x), log(y), 1)
    return LogLogFit(float(slope), float(intercept))


_LOGS = {10.0: np.log10, float(np.e): np.log, 2.0: np.log2}


def zipf_frequencies(n, exponent) -> np.ndarray:
    """Zipf frequencies ``p_i = i**(-exponent) / sum_j j**(-exponent)`` for ranks ``i = 1..n``.

    Parameters
    ----------
    n : int
        Number of ranks, >= 1.
    exponent : float
        Zipf exponent, >= 0; ``0`` gives the uniform distribution ``p_i = 1/n``.

    Returns
    -------
    numpy.ndarray
        ``n`` frequencies, decreasing in rank, summing to 1.

    Raises
    ------
    ValueError
        If ``n < 1`` or ``exponent`` is negative or not finite.
    TypeError
        If ``n`` is not an integer or ``exponent`` is not a real number.

    Examples
    --------
    >>> from heavytail.scaling import zipf_frequencies
    >>> zipf_frequencies(3, 1.0).round(4).tolist()
    [0.5455, 0.2727, 0.1818]
    """
    n = check_int(n, "n", minimum=1)
    exponent = check_positive(exponent, "exponent", strict=False)
    weights = np.arange(1, n + 1, dtype=float) ** (-exponent)
    return weights / weights.sum()
