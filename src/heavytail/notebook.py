"""One setup call per page: what every notebook of the book needs before its first result.

A page starts with its ``parameters`` cell and then one setup cell::

    from heavytail.notebook import setup
    page = setup(quick, seed)

The function :func:`setup` checks the parameters, applies the book's figure style
(:func:`heavytail.plotting.use_style`), limits numerical libraries to one thread (what the build does too:
faster on small shared machines and bit-for-bit reproducible), silences the progress-bar warnings that
are noise in a rendered page, and returns a :class:`Page` with the checked parameters, the page's
random-number generator and its start time.
"""

from __future__ import annotations

import sys
import time
import warnings
from dataclasses import dataclass, field

import numpy as np

from heavytail import plotting
from heavytail._validate import as_rng, check_bool, check_int

__all__ = ["Page", "setup"]


@dataclass(frozen=True)
class Page:
    """What a page's cells need from :func:`setup`.

    Attributes
    ----------
    quick : bool
        The checked ``quick`` parameter (the small run of ``make test``).
    seed : int
        The checked ``seed`` parameter.
    rng : numpy.random.Generator
        ``numpy.random.default_rng(seed)``: the page's one stream of random numbers. Functions
        of :mod:`heavytail` accept it (or an integer seed) as their ``seed`` argument.
    started : float
        ``time.perf_counter()`` when the page was set up.
    """

    quick: bool
    seed: int
    rng: np.random.Generator = field(repr=False)
    started: float = field(repr=False)

    @property
    def mode(self) -> str:
        """``"quick"`` or ``"full"``, for prose such as "this build ran in quick mode"."""
        return "quick" if self.quick else "full"

    def seconds(self) -> float:
        """Wall-clock seconds since :func:`setup`.

        Returns
        -------
        float
            Elapsed time, in seconds.
        """
        return time.perf_counter() - self.started


def _one_thread(threads: int) -> None:
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - threadpoolctl comes with scikit-learn
        pass
    else:
        threadpool_limits(threads)
    if "torch" in sys.modules:  # only if the page uses torch: importing it costs seconds
        sys.modules["torch"].set_num_threads(threads)


def setup(quick=False, seed=0, *, threads: int = 1) -> Page:
    """Set up a page of the book and return what its cells need.

    Parameters
    ----------
    quick : bool, default False
        The page's ``quick`` parameter; papermill passes ``-p quick True`` as a bool.
    seed : int, default 0
        The page's ``seed`` parameter, an integer >= 0.
    threads : int, default 1
        Threads for BLAS (through threadpoolctl) and, if the page has imported it, torch.

    Returns
    -------
    Page
        The checked parameters, the page's generator ``rng = numpy.random.default_rng(seed)`` and its start
        time.

    Raises
    ------
    TypeError
        If ``quick`` is not a bool or ``seed`` is not an integer.
    ValueError
        If ``seed`` is negative or ``threads`` is below 1.

    Examples
    --------
    >>> from heavytail.notebook import setup
    >>> page = setup(True, 3)
    >>> page.mode, page.seed
    ('quick', 3)
    >>> float(page.rng.random()) == float(__import__("numpy").random.default_rng(3).random())
    True
    """
    quick = check_bool(quick, "quick")
    seed = check_int(seed, "seed", minimum=0)
    threads = check_int(threads, "threads", minimum=1)
    plotting.use_style()
    _one_thread(threads)
    # tqdm.auto warns when it cannot draw a widget; a rendered page has no use for the warning
    warnings.filterwarnings("ignore", message=".*IProgress not found.*")
    warnings.filterwarnings("ignore", category=Warning, module="tqdm")
    return Page(quick=quick, seed=seed, rng=as_rng(seed), started=time.perf_counter())
