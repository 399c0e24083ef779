r"""The minimalist k-fold composition model of Wang, Dang, Lee and Lyu (arXiv 2604.22951).

There are ``d`` skills with hidden signs :math:`w^\star \in \{\pm 1\}^d` and frequencies ``p``. A task
draws ``k`` skill indices :math:`I_1, \dots, I_k` i.i.d. from ``p``; its label
is :math:`y = \prod_t w^\star_{I_t}` and the model predicts :math:`f_w = \prod_t w_{I_t}`. With the
weighted alignment :math:`A(w) = \sum_i p_i w_i w^\star_i` and weighted
norm :math:`B(w) = \sum_i p_i w_i^2`, the population squared loss and its gradient are

.. math::

    L(w) = \tfrac12 \left(B^k - 2A^k + 1\right), \qquad
    \nabla L(w) = k D\left(B^{k-1} w - A^{k-1} w^\star\right), \quad D = \operatorname{diag}(p).

Everything here works on a *batch of seeds*: weights have shape ``(n_seeds, d)`` (a single ``(d,)``
vector is accepted too), so one call trains many independent runs at numpy speed.

Public functions
----------------
zipf_frequencies        p_i ∝ i^(-α) (α = 0 is uniform)
sum_p_squared_limit     ζ(2α)/ζ(α)², the d → ∞ limit of Σ p_i² for α > 1
alignment, weighted_norm, population_loss, population_grad, per_sample_loss
init_weights, random_signs, sample_tasks, init_alignment_variance
population_gd           population gradient descent with escape / loss / per-skill timers
uniform_population_gd   the exact two-number reduction (A, B) of population GD for uniform p
gradient_flow_escape_uniform   escape time of the (A, B) gradient flow (theory for uniform p)
online_sgd              minibatch SGD on freshly drawn samples, vectorised over seeds
frequency_entropy, asymmetric_frequencies, entropy_matched_frequencies
                        other skewed frequency families (geometric, two-level step, stretched
                        exponential) and matching their entropy to a Zipf law
median_slope_interval   log-log slope of per-d medians with a bootstrap interval over seeds
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy import special
from scipy.integrate import solve_ivp

from . import scaling
from ._validate import (as_float_array, as_int_array, as_rng, check_bool, check_in_range, check_int,
                        check_positive, check_probability)

__all__ = [
    "zipf_frequencies",
    "sum_p_squared_limit",
    "alignment",
    "weighted_norm",
    "population_loss",
    "population_grad",
    "per_sample_loss",
    "init_weights",
    "random_signs",
    "sample_tasks",
    "init_alignment_variance",
    "GDRun",
    "population_gd",
    "UniformGDRun",
    "uniform_population_gd",
    "gradient_flow_escape_uniform",
    "SGDRun",
    "online_sgd",
    "log_spaced_steps",
    "frequency_entropy",
    "asymmetric_frequencies",
    "entropy_matched_frequencies",
    "median_slope_interval",
    "SlopeInterval",
    "composition_accuracy",
    "FAMILIES",
]


# --------------------------------------------------------------------------------------------------
# validation helpers private to this module
# --------------------------------------------------------------------------------------------------

def _check_p(p, name: str = "p") -> np.ndarray:
    """A 1-d probability vector that sums to one."""
    arr = check_probability(p, name)
    if arr.ndim != 1:
        raise ValueError(f"{name} must be 1-dimensional, got shape {arr.shape}")
    total = float(arr.sum())
    if not np.isclose(total, 1.0, rtol=0, atol=1e-8):
        raise ValueError(f"{name} must sum to 1, got sum {total!r}")
    return arr


def _check_w_star(w_star, d: int | None = None, name: str = "w_star") -> np.ndarray:
    arr = as_float_array(w_star, name, ndim=1)
    if not np.all(np.abs(arr) == 1):
        raise ValueError(f"{name} must contain only +1 and -1, got values {np.unique(arr)[:5]!r}")
    if d is not None and arr.size != d:
        raise ValueError(f"{name} must have length {d}, got {arr.size}")
    return arr


def _check_w(w, d: int, name: str = "w") -> np.ndarray:
    arr = as_float_array(w, name)
    if arr.ndim not in (1, 2) or arr.shape[-1] != d:
        raise ValueError(f"{name} must have shape (d,) or (n_seeds, d) with d = {d}, got shape {arr.shape}")
    return arr


def _check_progress(progress) -> None:
    """``progress`` is None or a tqdm-like object with ``update(n)``."""
    if progress is not None and not callable(getattr(progress, "update", None)):
        raise TypeError(f"progress must be None or a tqdm-like object with update(n), got {progress!r}")


def _check_k(k) -> int:
    return check_int(k, "k", minimum=1)


# --------------------------------------------------------------------------------------------------
# frequencies
# --------------------------------------------------------------------------------------------------

def zipf_frequencies(d, alpha) -> np.ndarray:
    """Zipf frequencies ``p_i = i^(-alpha) / H(d, alpha)`` for ranks i = 1..d (``heavytail.scaling``'s).

    Parameters
    ----------
    d : int
        Number of skills, >= 1.
    alpha : float
        Zipf exponent, >= 0; ``alpha = 0`` gives the uniform distribution ``p_i = 1/d``.

    Returns
    -------
    numpy.ndarray
        ``d`` frequencies, decreasing in rank, summing to 1.

    Raises
    ------
    ValueError
        If ``d < 1`` or ``alpha`` is negative or not finite.

    Examples
    --------
    >>> from heavytail.composition import zipf_frequencies
    >>> zipf_frequencies(4, 0.0).tolist()
    [0.25, 0.25, 0.25, 0.25]
    """
    d = check_int(d, "d", minimum=1)
    alpha = check_positive(alpha, "alpha", strict=False)
    return scaling.zipf_frequencies(d, alpha)


FAMILIES = ("zipf", "geometric", "step", "stretched_exp")


def frequency_entropy(p) -> float:
    """Shannon entropy ``H(p) = -Σ p_i ln p_i`` in nats.

    Parameters
    ----------
    p : array_like
        A 1-d probability vector summing to one.

    Returns
    -------
    float
        The entropy, between 0 and ``ln d``.

    Raises
    ------
    ValueError
        If ``p`` is not a 1-d probability vector summing to one.

    Examples
    --------
    >>> round(frequency_entropy(zipf_frequencies(8, 0.0)), 6) == round(float(np.log(8)), 6)
    True
    """
    p = _check_p(p)
    nz = p[p > 0]
    return float(-(nz * np.log(nz)).sum())


def asymmetric_frequencies(d, family, shape, *, head_fraction=1 / 64) -> np.ndarray:
    r"""Decreasing skill frequencies over ranks ``1..d`` from one of four families.

    - ``"zipf"``: :math:`p_i \propto i^{-s}` (``shape = s >= 0``; 0 is uniform);
    - ``"geometric"``: :math:`p_i \propto e^{-s (i-1)}` (``shape = s >= 0``), which is also the
      exponential-decay family: on integer ranks the two coincide;
    - ``"step"``: two levels, the first ``ceil(head_fraction · d)`` skills ``e^s`` times as frequent
      as the others (``shape = s >= 0``);
    - ``"stretched_exp"``: :math:`p_i \propto e^{-s \sqrt{i-1}}` (``shape = s >= 0``), a decay between
      the geometric and the power law.

    Parameters
    ----------
    d : int
        Number of skills, ``>= 2``.
    family : str
        One of ``"zipf"``, ``"geometric"``, ``"step"``, ``"stretched_exp"``.
    shape : float
        The family's skew parameter ``s >= 0``; ``s = 0`` is uniform for every family.
    head_fraction : float, optional
        Share of skills in the head of the ``"step"`` family, in ``(0, 1)``.

    Returns
    -------
    numpy.ndarray
        Shape ``(d,)``, non-increasing, summing to one.

    Raises
    ------
    ValueError
        For an unknown ``family``, a negative ``shape``, ``d < 2`` or ``head_fraction`` outside ``(0, 1)``.

    Examples
    --------
    >>> p = asymmetric_frequencies(8, "step", np.log(3.0), head_fraction=0.25)
    >>> bool(np.isclose(p[0] / p[-1], 3.0))
    True
    """
    d = check_int(d, "d", minimum=2)
    if family not in FAMILIES:
        raise ValueError(f"family must be one of {FAMILIES}, got {family!r}")
    shape = check_positive(shape, "shape", strict=False)
    head_fraction = check_in_range(head_fraction, "head_fraction", 0, 1, lo_open=True, hi_open=True)
    i = np.arange(d, dtype=float)           # rank − 1
    if family == "zipf":
        logw = -shape * np.log1p(i)
    elif family == "geometric":
        logw = -shape * i
    elif family == "stretched_exp":
        logw = -shape * np.sqrt(i)
    else:
        h = int(np.ceil(head_fraction * d))
        logw = np.where(i < h, shape, 0.0)
    w = np.exp(logw - logw.max())
    return w / w.sum()


def entropy_matched_frequencies(d, family, entropy, *, head_fraction=1 / 64) -> np.ndarray:
    """Frequencies of ``family`` (see :func:`asymmetric_frequencies`) whose entropy equals ``entropy``.

    The entropy of every family decreases continuously from ``ln d`` (uniform) as the shape grows, so
    the matching shape is found by bisection.

    Parameters
    ----------
    d : int
        Number of skills, ``>= 2``.
    family : str
        A family of :func:`asymmetric_frequencies`.
    entropy : float
        Target entropy in nats, in ``(H_min, ln d]``, where ``H_min`` is the family's infimum
        (0, or ``ln ceil(head_fraction · d)`` for ``"step"``).
    head_fraction : float, optional
        As in :func:`asymmetric_frequencies`.

    Returns
    -------
    numpy.ndarray
        Shape ``(d,)``, with ``frequency_entropy(p)`` equal to ``entropy`` to about 1e-10.

    Raises
    ------
    ValueError
        If ``entropy`` is outside the range the family can reach, or for the errors
        of :func:`asymmetric_frequencies`.

    Examples
    --------
    >>> target = frequency_entropy(zipf_frequencies(64, 1.5))
    >>> p = entropy_matched_frequencies(64, "geometric", target)
    >>> bool(abs(frequency_entropy(p) - target) < 1e-8)
    True
    """
    from scipy.optimize import brentq

    d = check_int(d, "d", minimum=2)
    asymmetric_frequencies(d, family, 0.0, head_fraction=head_fraction)   # validates family, head_fraction
    entropy = as_float_array(entropy, "entropy", ndim=0)
    entropy = float(entropy)
    h_max = float(np.log(d))
    h_min = float(np.log(np.ceil(head_fraction * d))) if family == "step" else 0.0
    if not (h_min < entropy <= h_max + 1e-12):
        raise ValueError(f"entropy must lie in ({h_min:.6g}, ln d = {h_max:.6g}] for family {family!r}, "
                         f"got {entropy!r}")
    if entropy >= h_max - 1e-12:
        return asymmetric_frequencies(d, family, 0.0, head_fraction=head_fraction)

    def gap(s):
        return frequency_entropy(asymmetric_frequencies(d, family, s, head_fraction=head_fraction)) - entropy

    hi = 1.0
    while gap(hi) > 0:
        hi *= 2.0
        if hi > 1e6:   # pragma: no cover - the bound on entropy above makes this unreachable
            raise ValueError(f"entropy {entropy!r} is not reachable by family {family!r}")
    s = brentq(gap, 0.0, hi, xtol=1e-13, rtol=1e-13)
    return asymmetric_frequencies(d, family, s, head_fraction=head_fraction)


def sum_p_squared_limit(alpha) -> float:
    """The limit over d of Σ p_i² for Zipf(alpha) frequencies, ζ(2α)/ζ(α)², finite and positive for alpha > 1.

    Parameters
    ----------
    alpha : float
        Zipf exponent, > 1.

    Returns
    -------
    float
        The limit.

    Raises
    ------
    ValueError
        If ``alpha <= 1`` (the sum then tends to 0) or is not finite.

    Examples
    --------
    >>> from heavytail.composition import sum_p_squared_limit, zipf_frequencies
    >>> p = zipf_frequencies(100_000, 2.0)
    >>> abs(float((p ** 2).sum()) - sum_p_squared_limit(2.0)) < 1e-4
    True
    """
    alpha = check_positive(alpha, "alpha")
    if alpha <= 1:
        raise ValueError(f"alpha must be > 1 for a finite limit, got {alpha}")
    return float(special.zeta(2 * alpha) / special.zeta(alpha) ** 2)


def composition_accuracy(w, w_star, p, k) -> np.ndarray | float:
    r"""Exact accuracy of the sign prediction :math:`\operatorname{sign}\prod_t w_{I_t}` on ``k``-step tasks.

    With per-skill correctness :math:`s_i = \operatorname{sign}(w_i w^\star_i)`, the
    weights :math:`a = \sum_i p_i [s_i = 1]` of correct and :math:`b = \sum_i p_i [s_i = -1]` of wrong skills,
    a
    task of ``k`` skills drawn from ``p`` is answered correctly iff none of its weights is zero and an even
    number of its skills is wrong, so the accuracy is :math:`\tfrac12\left((a+b)^k + (a-b)^k\right)`. With
    every weight non-zero it is :math:`\tfrac12(1 + (1-2\varepsilon)^k)` for the frequency-weighted
    error rate :math:`\varepsilon = b`: errors compound with the number of composed steps.

    Parameters
    ----------
    w : array_like
        Weights, shape ``(d,)`` or ``(n_seeds, d)``.
    w_star : array_like
        Hidden signs, shape ``(d,)``, entries ``±1``.
    p : array_like
        Test frequencies, shape ``(d,)``, summing to one.
    k : int
        Number of composed skills, ``>= 1``.

    Returns
    -------
    float or numpy.ndarray
        One accuracy per row of ``w``.

    Raises
    ------
    ValueError
        For mismatched shapes, non-sign ``w_star``, a bad ``p`` or ``k < 1``.

    Examples
    --------
    >>> w_star = np.array([1.0, 1.0, -1.0, -1.0])
    >>> w = np.array([1.0, -1.0, -1.0, -1.0])          # one skill in four is wrong
    >>> float(composition_accuracy(w, w_star, np.full(4, 0.25), 3))   # (1 + 0.5**3) / 2
    0.5625
    """
    k = _check_k(k)
    p = _check_p(p)
    w_star = _check_w_star(w_star, p.size)
    w = _check_w(w, p.size)
    s = np.sign(w * w_star)
    a = (s > 0) @ p
    b = (s < 0) @ p
    return 0.5 * ((a + b) ** k + (a - b) ** k)


def init_alignment_variance(p, r) -> float:
    """The variance Var A(w0) = r² Σ p_i² of the initial alignment, for w0 ~ N(0, r² I) and any signs w*.

    Parameters
    ----------
    p : array_like of float
        Skill frequencies (a probability vector).
    r : float
        Standard deviation of the initial weights, > 0.

    Returns
    -------
    float
        The variance.

    Raises
    ------
    ValueError
        If ``p`` is not a probability vector or ``r`` is not > 0.

    Examples
    --------
    >>> from heavytail.composition import init_alignment_variance
    >>> init_alignment_variance([0.5, 0.5], 0.1)
    0.005000000000000001
    """
    p = _check_p(p)
    r = check_positive(r, "r")
    return float(r ** 2 * np.sum(p ** 2))


# --------------------------------------------------------------------------------------------------
# loss and gradient
# --------------------------------------------------------------------------------------------------

def alignment(w, w_star, p) -> np.ndarray | float:
    """The weighted alignment A(w) = Σ p_i w_i w*_i (one value per row of ``w``).

    Parameters
    ----------
    w : array_like of float
        Weights, shape ``(d,)`` or ``(n_seeds, d)``.
    w_star : array_like of float
        Hidden signs, ``d`` entries of +1 or -1.
    p : array_like of float
        Skill frequencies (a probability vector of length ``d``).

    Returns
    -------
    float or numpy.ndarray
        A(w): a scalar for one weight vector, else one value per row.

    Raises
    ------
    ValueError
        If the shapes disagree, ``w_star`` is not a sign vector or ``p`` is not a probability vector.

    Examples
    --------
    >>> from heavytail.composition import alignment
    >>> float(alignment([1.0, -1.0], [1, 1], [0.75, 0.25]))
    0.5
    """
    p = _check_p(p)
    w_star = _check_w_star(w_star, p.size)
    w = _check_w(w, p.size)
    return w @ (p * w_star)


def weighted_norm(w, p) -> np.ndarray | float:
    """The weighted squared norm B(w) = Σ p_i w_i² (one value per row of ``w``).

    Parameters
    ----------
    w : array_like of float
        Weights, shape ``(d,)`` or ``(n_seeds, d)``.
    p : array_like of float
        Skill frequencies (a probability vector of length ``d``).

    Returns
    -------
    float or numpy.ndarray
        B(w): a scalar for one weight vector, else one value per row.

    Raises
    ------
    ValueError
        If the shapes disagree or ``p`` is not a probability vector.

    Examples
    --------
    >>> from heavytail.composition import weighted_norm
    >>> float(weighted_norm([2.0, 0.0], [0.25, 0.75]))
    1.0
    """
    p = _check_p(p)
    w = _check_w(w, p.size)
    return (w * w) @ p


def population_loss(w, w_star, p, k) -> np.ndarray | float:
    """Population loss ½ E[(f_w - f_w*)²] = ½ (B^k - 2 A^k + 1) of the k-fold composition model.

    Parameters
    ----------
    w : array_like of float
        Weights, shape ``(d,)`` or ``(n_seeds, d)``.
    w_star : array_like of float
        Hidden signs, ``d`` entries of +1 or -1.
    p : array_like of float
        Skill frequencies (a probability vector of length ``d``).
    k : int
        Composition order, >= 1.

    Returns
    -------
    float or numpy.ndarray
        The loss: shape ``()`` for one weight vector, ``(n_seeds,)`` otherwise.

    Raises
    ------
    ValueError
        If an argument is out of range or the shapes disagree.

    Examples
    --------
    >>> from heavytail.composition import population_loss
    >>> float(population_loss([1.0, 1.0], [1, 1], [0.5, 0.5], 3))
    0.0
    >>> float(population_loss([0.0, 0.0], [1, 1], [0.5, 0.5], 3))
    0.5
    """
    k = _check_k(k)
    p = _check_p(p)
    w_star = _check_w_star(w_star, p.size)
    w = _check_w(w, p.size)
    a = w @ (p * w_star)
    b = (w * w) @ p
    return 0.5 * (b ** k - 2.0 * a ** k + 1.0)


def population_grad(w, w_star, p, k) -> np.ndarray:
    """Gradient k D (B^(k-1) w - A^(k-1) w*) of :func:`population_loss`, with D = diag(p).

    Parameters
    ----------
    w : array_like of float
        Weights, shape ``(d,)`` or ``(n_seeds, d)``.
    w_star : array_like of float
        Hidden signs, ``d`` entries of +1 or -1.
    p : array_like of float
        Skill frequencies (a probability vector of length ``d``).
    k : int
        Composition order, >= 1.

    Returns
    -------
    numpy.ndarray
        The gradient, with the shape of ``w``.

    Raises
    ------
    ValueError
        If an argument is out of range or the shapes disagree.

    Examples
    --------
    >>> from heavytail.composition import population_grad
    >>> population_grad([1.0, -1.0], [1, -1], [0.5, 0.5], 2).tolist()
    [0.0, 0.0]
    """
    k = _check_k(k)
    p = _check_p(p)
    w_star = _check_w_star(w_star, p.size)
    w = _check_w(w, p.size)
    a = np.asarray(w @ (p * w_star))[..., None]
    b = np.asarray((w * w) @ p)[..., None]
    return k * p * (b ** (k - 1) * w - a ** (k - 1) * w_star)


def per_sample_loss(w, w_star, idx) -> np.ndarray:
    """Per-sample loss ``½ (∏_t w[I_t] - ∏_t w*[I_t])²`` for index arrays ``idx`` of shape ``(..., k)``.

    Parameters
    ----------
    w : array_like of float
        One weight vector, shape ``(d,)``.
    w_star : array_like of float
        Hidden signs, ``d`` entries of +1 or -1.
    idx : array_like of int
        Skill indices in ``[0, d)``, shape ``(..., k)``: one task per row.

    Returns
    -------
    numpy.ndarray
        The loss of each task, shape ``idx.shape[:-1]``.

    Raises
    ------
    ValueError
        If ``w`` is not 1-D of the length of ``w_star`` or ``idx`` is not an integer array within range.

    Examples
    --------
    >>> from heavytail.composition import per_sample_loss
    >>> per_sample_loss([1.0, 0.0], [1, -1], [[0, 0], [0, 1]]).tolist()
    [0.0, 0.5]
    """
    w_star = _check_w_star(w_star)
    w = as_float_array(w, "w", ndim=1)
    if w.size != w_star.size:
        raise ValueError(f"w must have the length of w_star ({w_star.size}), got {w.size}")
    idx = np.asarray(idx)
    if idx.ndim < 1 or not np.issubdtype(idx.dtype, np.integer):
        raise ValueError(f"idx must be an integer array of shape (..., k), got dtype {idx.dtype} "
                         f"and shape {idx.shape}")
    if idx.size and (idx.min() < 0 or idx.max() >= w.size):
        raise ValueError(f"idx must lie in [0, {w.size - 1}], got range [{idx.min()}, {idx.max()}]")
    f = np.prod(w[idx], axis=-1)
    y = np.prod(w_star[idx], axis=-1)
    return 0.5 * (f - y) ** 2


# --------------------------------------------------------------------------------------------------
# random draws
# --------------------------------------------------------------------------------------------------

_rng = as_rng  # the package's one convention: seed is an integer >= 0 or a numpy Generator


def random_signs(d, seed) -> np.ndarray:
    """A hidden sign vector w* in {±1}^d with i.i.d. fair signs.

    Parameters
    ----------
    d : int
        Number of skills, >= 1.
    seed : int or numpy.random.Generator
        Random seed.

    Returns
    -------
    numpy.ndarray
        ``d`` entries, each +1.0 or -1.0.

    Raises
    ------
    ValueError
        If ``d < 1`` or ``seed`` is invalid.

    Examples
    --------
    >>> from heavytail.composition import random_signs
    >>> set(random_signs(8, 0).tolist()) <= {-1.0, 1.0}
    True
    """
    d = check_int(d, "d", minimum=1)
    return _rng(seed).choice(np.array([-1.0, 1.0]), size=d)


def init_weights(d, r, n_seeds, seed) -> np.ndarray:
    """``n_seeds`` independent initialisations w0 ~ N(0, r² I_d).

    Parameters
    ----------
    d : int
        Number of skills, >= 1.
    r : float
        Standard deviation of the weights, > 0.
    n_seeds : int
        Number of initialisations, >= 1.
    seed : int or numpy.random.Generator
        Random seed.

    Returns
    -------
    numpy.ndarray
        Shape ``(n_seeds, d)``.

    Raises
    ------
    ValueError
        If an argument is out of range.

    Examples
    --------
    >>> from heavytail.composition import init_weights
    >>> init_weights(16, 0.1, 3, seed=0).shape
    (3, 16)
    """
    d = check_int(d, "d", minimum=1)
    r = check_positive(r, "r")
    n_seeds = check_int(n_seeds, "n_seeds", minimum=1)
    return r * _rng(seed).standard_normal((n_seeds, d))


def sample_tasks(p, k, size, seed) -> np.ndarray:
    """Draw tasks: an integer array of shape ``(*size, k)`` of skill indices i.i.d. from ``p``.

    Parameters
    ----------
    p : array_like of float
        Skill frequencies (a probability vector).
    k : int
        Skills per task, >= 1.
    size : int or tuple of int
        Number (or shape) of tasks.
    seed : int or numpy.random.Generator
        Random seed.

    Returns
    -------
    numpy.ndarray
        Skill indices in ``[0, len(p))``, shape ``(*size, k)``.

    Raises
    ------
    ValueError
        If ``p`` is not a probability vector, ``k < 1``, ``size`` is invalid or ``seed`` is invalid.

    Examples
    --------
    >>> from heavytail.composition import sample_tasks
    >>> sample_tasks([0.5, 0.5], 3, 4, seed=0).shape
    (4, 3)
    """
    p = _check_p(p)
    k = _check_k(k)
    size = (size,) if np.isscalar(size) else tuple(size)
    for s in size:
        check_int(s, "size", minimum=1)
    cdf = np.cumsum(p)
    cdf[-1] = 1.0
    u = _rng(seed).random(size + (k,))
    return np.minimum(np.searchsorted(cdf, u, side="right"), p.size - 1)


def log_spaced_steps(n_steps, n_points: int = 200) -> np.ndarray:
    """About ``n_points`` distinct integer steps in ``[0, n_steps]``, log-spaced (0 and ``n_steps`` included).

    Parameters
    ----------
    n_steps : int
        The last step, >= 1.
    n_points : int, default 200
        Number of points asked for (fewer once rounding makes steps coincide), >= 2.

    Returns
    -------
    numpy.ndarray
        Increasing int64 steps, starting at 0 and ending at ``n_steps``.

    Raises
    ------
    ValueError
        If ``n_steps < 1`` or ``n_points < 2``.

    Examples
    --------
    >>> from heavytail.composition import log_spaced_steps
    >>> log_spaced_steps(1000, 5).tolist()
    [0, 1, 10, 100, 1000]
    """
    n_steps = check_int(n_steps, "n_steps", minimum=1)
    n_points = check_int(n_points, "n_points", minimum=2)
    steps = np.unique(np.round(np.logspace(0, np.log10(n_steps), n_points - 1)).astype(np.int64))
    return np.concatenate([[0], steps])


# --------------------------------------------------------------------------------------------------
# population gradient descent (general p)
# --------------------------------------------------------------------------------------------------

@dataclass
class GDRun:
    """The outcome of :func:`population_gd` for ``n_seeds`` runs.

    Times are step counts; a run that did not reach a criterion within ``n_steps`` has time ``inf``
    (right-censored: the true time is larger than the budget).
    """

    steps: np.ndarray                # (T,) recorded steps
    alignment: np.ndarray            # (T, n_seeds) A(w_t) under the training frequencies
    loss: np.ndarray                 # (T, n_seeds) population loss under the training frequencies
    uniform_loss: np.ndarray         # (T, n_seeds) population loss under uniform test frequencies
    escape_time: np.ndarray          # (n_seeds,) first step with |A| >= escape_level (A >= for odd k)
    loss_time: np.ndarray            # (n_seeds,) first step with training loss <= loss_level
    uniform_loss_time: np.ndarray    # (n_seeds,) first step with uniform test loss <= loss_level
    skill_time: np.ndarray           # (n_seeds, d) first step with σ w_i w*_i >= skill_level
    w_final: np.ndarray              # (n_seeds, d)
    n_steps_run: int                 # steps actually run (stops early once every timer fired)
    trajectory: np.ndarray | None = None   # (T, n_seeds, d) if record_w
    grad_norm_groups: np.ndarray | None = None  # (T, n_seeds, n_groups) if groups given
    params: dict = field(default_factory=dict)


def _check_problem(k, p, w_star, w0):
    """Validate the common inputs of the training loops; ``w`` is a float copy of ``w0`` with a seeds axis."""
    k = _check_k(k)
    p = _check_p(p)
    d = p.size
    w_star = _check_w_star(w_star, d)
    w = np.array(_check_w(w0, d, "w0"), dtype=float, copy=True)
    if w.ndim == 1:
        w = w[None, :]
    return k, p, d, w_star, w


def _record_steps(record_steps, n_steps):
    """The distinct sorted steps at which a GD loop records (default log-spaced), each in [0, n_steps]."""
    if record_steps is None:
        record_steps = log_spaced_steps(n_steps)
    record_steps = np.unique(as_int_array(record_steps, "record_steps"))
    if record_steps.min() < 0 or record_steps.max() > n_steps:
        raise ValueError(f"record_steps must lie in [0, n_steps={n_steps}], got range "
                         f"[{record_steps.min()}, {record_steps.max()}]")
    return record_steps


def _tick(progress, t, last_done, every):
    """Report the steps since ``last_done`` to ``progress`` once there are ``every`` of them (or, with
    ``every=0``, whatever is left at the end of the run); returns the new ``last_done``."""
    if progress is not None and t - last_done >= every:
        progress.update(t - last_done)
        return t
    return last_done


def _finish_run(progress, t, last_done, ri, *recordings):
    """The shared tail of the GD loops: report the last steps to ``progress`` and, if the run stopped
    before its last recorded step ``ri``, pad every recording (record index first; None is skipped) with
    its last recorded row (the state no longer changes much)."""
    _tick(progress, t, last_done, 0)
    if ri < recordings[0].shape[0]:
        for rec in recordings:
            if rec is not None:
                rec[ri:] = rec[ri - 1]


def population_gd(w0, w_star, p, k, *, eta=0.2, n_steps=10_000, record_steps=None,
                  escape_level=0.5, loss_level=0.01, skill_level=0.5, check_every=1, check_rel=0.01,
                  record_w=False, groups=None, stop_early=True, stop_on="all", progress=None) -> GDRun:
    """Gradient descent w ← w - η ∇L(w) on the population loss, for every row of ``w0`` at once.

    A skill counts as learned when σ w_i w*_i >= ``skill_level``, with σ = sign A for even k (w → -w* is an
    equally good minimum then) and σ = 1 for odd k. Timers are checked at step t and then after
    ``max(check_every, check_rel·t)`` more steps: a relative resolution of ``check_rel``. With ``stop_early``
    the run stops once the timers named by ``stop_on`` have fired for every seed; the recordings are then
    padded with the last recorded value.

    Parameters
    ----------
    w0 : array_like of float
        Initial weights, shape ``(n_seeds, d)`` or ``(d,)``, e.g. from :func:`init_weights`.
    w_star : array_like of float
        Hidden signs, ``d`` entries of +1 or -1.
    p : array_like of float
        Training frequencies (a probability vector of length ``d``).
    k : int
        Composition order, >= 1.
    eta : float, default 0.2
        Step size, > 0.
    n_steps : int, default 10_000
        Step budget, >= 1.
    record_steps : array_like of int, optional
        Steps in ``[0, n_steps]`` at which A, the losses (and w if ``record_w``) are stored; default
        log-spaced (:func:`log_spaced_steps`).
    escape_level : float, default 0.5
        Alignment, in (0, 1], at which a run has escaped the plateau (``abs(A)`` for even k, A for odd k).
    loss_level : float, default 0.01
        Loss, > 0, below which a run has learned (training and uniform test loss, separately).
    skill_level : float, default 0.5
        Level, in (0, 1], of σ w_i w*_i at which skill i is learned.
    check_every : int, default 1
        Smallest number of steps between timer checks, >= 1.
    check_rel : float, default 0.01
        Relative spacing of timer checks, in [0, 1].
    record_w : bool, default False
        Also store the weights at ``record_steps``.
    groups : list of array_like of int, optional
        Index groups; the gradient norm restricted to each group is recorded.
    stop_early : bool, default True
        Stop once the timers named by ``stop_on`` have fired for every seed.
    stop_on : str, default "all"
        ``"all"`` or one of ``"escape"``, ``"loss"``, ``"uniform_loss"``, ``"skills"``.
    progress : object, optional
        A tqdm-like object with ``update(n)``, told the steps as they are run.

    Returns
    -------
    GDRun
        Recordings (``steps``, ``alignment``, ``loss``, ``uniform_loss``, optional ``trajectory`` and
        ``grad_norm_groups``), timers (``escape_time``, ``loss_time``, ``uniform_loss_time``, ``skill_time``;
        ``inf`` if censored), ``w_final`` and ``n_steps_run``.

    Raises
    ------
    ValueError
        If an argument is out of range or the shapes disagree.
    TypeError
        If ``groups`` is not a list of index arrays or ``progress`` has no ``update`` method.

    Examples
    --------
    >>> from heavytail.composition import init_weights, population_gd, random_signs, zipf_frequencies
    >>> d = 32
    >>> run = population_gd(init_weights(d, 0.1, 2, seed=1), random_signs(d, 0), zipf_frequencies(d, 1.0), 2,
    ...                     n_steps=3000)
    >>> bool((run.escape_time < run.loss_time).all())
    True
    """
    k, p, d, w_star, w = _check_problem(k, p, w_star, w0)
    eta = check_positive(eta, "eta")
    n_steps = check_int(n_steps, "n_steps", minimum=1)
    escape_level = check_in_range(escape_level, "escape_level", 0, 1, lo_open=True)
    loss_level = check_positive(loss_level, "loss_level")
    skill_level = check_in_range(skill_level, "skill_level", 0, 1, lo_open=True)
    check_every = check_int(check_every, "check_every", minimum=1)
    check_rel = check_in_range(check_rel, "check_rel", 0, 1)
    record_w = check_bool(record_w, "record_w")
    stop_early = check_bool(stop_early, "stop_early")
    if stop_on not in ("all", "escape", "loss", "uniform_loss", "skills"):
        raise ValueError(
            f"stop_on must be 'all', 'escape', 'loss', 'uniform_loss' or 'skills', got {stop_on!r}"
        )
    record_steps = _record_steps(record_steps, n_steps)
    _check_progress(progress)
    if groups is not None:
        if isinstance(groups, (str, bytes)) or not hasattr(groups, "__iter__"):
            raise TypeError(f"groups must be a list of index arrays, got {groups!r}")
        groups = [as_int_array(g, "groups", allow_empty=True).ravel() for g in groups]
        for g in groups:
            if g.size == 0 or g.min() < 0 or g.max() >= d:
                raise ValueError(f"groups must be non-empty index arrays within [0, {d - 1}]")

    n_seeds = w.shape[0]
    pw = p * w_star
    etak_p = eta * k * p
    etak_pw = eta * k * pw
    u_star = w_star / d
    even = (k % 2 == 0)

    T = record_steps.size
    rec_a = np.empty((T, n_seeds))
    rec_l = np.empty((T, n_seeds))
    rec_u = np.empty((T, n_seeds))
    rec_w = np.empty((T, n_seeds, d)) if record_w else None
    rec_g = np.empty((T, n_seeds, len(groups))) if groups is not None else None

    inf = np.inf
    escape_time = np.full(n_seeds, inf)
    loss_time = np.full(n_seeds, inf)
    uloss_time = np.full(n_seeds, inf)
    skill_time = np.full((n_seeds, d), inf)

    ri = 0
    t = 0
    last_done = 0
    next_check = 0
    while True:
        a = w @ pw
        b = (w * w) @ p
        check = t >= next_check or t == n_steps
        if check:
            next_check = t + max(check_every, int(check_rel * t))
        recording = ri < T and record_steps[ri] == t
        if check or recording:
            loss = 0.5 * (b ** k - 2.0 * a ** k + 1.0)
            au = w @ u_star
            bu = np.mean(w * w, axis=1)
            uloss = 0.5 * (bu ** k - 2.0 * au ** k + 1.0)
        if check:
            esc = (np.abs(a) if even else a) >= escape_level
            escape_time[esc & np.isinf(escape_time)] = t
            loss_time[(loss <= loss_level) & np.isinf(loss_time)] = t
            uloss_time[(uloss <= loss_level) & np.isinf(uloss_time)] = t
            sigma = np.sign(a)[:, None] if even else 1.0
            learned = (sigma * w * w_star) >= skill_level
            skill_time[learned & np.isinf(skill_time)] = t
        if recording:
            rec_a[ri], rec_l[ri], rec_u[ri] = a, loss, uloss
            if record_w:
                rec_w[ri] = w
            if groups is not None:
                g = k * p * ((b ** (k - 1))[:, None] * w - (a ** (k - 1))[:, None] * w_star)
                for j, idx in enumerate(groups):
                    rec_g[ri, :, j] = np.linalg.norm(g[:, idx], axis=1)
            ri += 1
        if t == n_steps:
            break
        if stop_early and check:
            timers = {"escape": escape_time, "loss": loss_time, "uniform_loss": uloss_time,
                      "skills": skill_time}
            wanted = timers.values() if stop_on == "all" else [timers[stop_on]]
            if all(np.isfinite(x).all() for x in wanted):
                break
        # one GD step: w ← w (1 − η k p B^(k−1)) + η k p w* A^(k−1)
        w *= 1.0 - np.outer(b ** (k - 1), etak_p)
        w += np.outer(a ** (k - 1), etak_pw)
        t += 1
        last_done = _tick(progress, t, last_done, 1000)
    _finish_run(progress, t, last_done, ri, rec_a, rec_l, rec_u, rec_w, rec_g)
    return GDRun(steps=record_steps, alignment=rec_a, loss=rec_l, uniform_loss=rec_u,
                 escape_time=escape_time, loss_time=loss_time, uniform_loss_time=uloss_time,
                 skill_time=skill_time, w_final=w, n_steps_run=t, trajectory=rec_w,
                 grad_norm_groups=rec_g,
                 params=dict(k=k, d=d, eta=eta, n_steps=n_steps, escape_level=escape_level,
                             loss_level=loss_level, skill_level=skill_level, check_every=check_every))


# --------------------------------------------------------------------------------------------------
# uniform p: the exact (A, B) reduction
# --------------------------------------------------------------------------------------------------

@dataclass
class UniformGDRun:
    """Outcome of :func:`uniform_population_gd`: the alignment ``A`` and norm ``B`` of each run."""

    steps: np.ndarray           # (T,)
    alignment: np.ndarray       # (T, n_runs)
    norm: np.ndarray            # (T, n_runs)
    loss: np.ndarray            # (T, n_runs)
    escape_time: np.ndarray     # (n_runs,) inf if censored
    loss_time: np.ndarray       # (n_runs,) inf if censored
    n_steps_run: int


def uniform_population_gd(a0, b0, d, k, *, eta=0.2, n_steps=100_000, record_steps=None,
                          escape_level=0.5, loss_level=0.01, check_every=1, check_rel=0.01,
                          progress=None) -> UniformGDRun:
    """Population GD for uniform frequencies, run exactly on the two numbers (A, B).

    For ``p_i = 1/d`` the update ``w' = (1 - c B^{k-1}) w + c A^{k-1} w*`` with ``c = η k / d`` keeps ``w`` in
    the plane of ``w0`` and ``w*``, and A, B obey the closed recursion ``A' = (1 - cB^{k-1}) A + c A^{k-1}``
    and ``B' = (1 - cB^{k-1})² B + 2 (1 - cB^{k-1}) c A^{k-1} A + c² A^{2k-2}``, so each step costs O(1)
    instead of O(d). ``a0``, ``b0``, ``d`` and ``k`` broadcast together: one call runs many (d, k, seed)
    configurations at once. Timers are checked as in :func:`population_gd`.

    Parameters
    ----------
    a0, b0 : float or array_like of float
        Initial alignment A and weighted norm B, with A² <= B.
    d : int or array_like of int
        Number of skills, >= 1.
    k : int or array_like of int
        Composition order, >= 1.
    eta : float, default 0.2
        Step size, > 0.
    n_steps : int, default 100_000
        Step budget, >= 1.
    record_steps : array_like of int, optional
        Steps in ``[0, n_steps]`` at which A and B are stored; default log-spaced.
    escape_level : float, default 0.5
        Alignment, in (0, 1], at which a run has escaped (``abs(A)`` for even k).
    loss_level : float, default 0.01
        Loss, > 0, below which a run has learned.
    check_every : int, default 1
        Smallest number of steps between timer checks, >= 1.
    check_rel : float, default 0.01
        Relative spacing of timer checks, in [0, 1].
    progress : object, optional
        A tqdm-like object with ``update(n)``.

    Returns
    -------
    UniformGDRun
        ``steps``, ``alignment``, ``norm`` and ``loss`` at the recorded steps (one column per configuration),
        ``escape_time`` and ``loss_time`` (``inf`` if censored) and ``n_steps_run``.

    Raises
    ------
    ValueError
        If an argument is out of range (including A0² > B0) or the shapes do not broadcast.
    TypeError
        If ``progress`` has no ``update`` method.

    Examples
    --------
    >>> from heavytail.composition import uniform_population_gd
    >>> run = uniform_population_gd([0.05, 0.1], 0.3, 16, 2, n_steps=10_000)
    >>> run.escape_time.tolist()
    [120.0, 87.0]
    """
    a = np.array(as_float_array(a0, "a0"), dtype=float, ndmin=1)
    b = np.array(as_float_array(b0, "b0"), dtype=float, ndmin=1)
    if np.any(b < 0):
        raise ValueError(f"b0 must be >= 0, got min {b.min()!r}")
    if np.any(a ** 2 > b + 1e-12):
        raise ValueError("a0 and b0 must satisfy A0² <= B0 (Cauchy–Schwarz for uniform p)")
    d_arr = np.array(as_float_array(d, "d"), ndmin=1)
    if np.any(d_arr < 1) or np.any(d_arr != np.round(d_arr)):
        raise ValueError(f"d must contain integers >= 1, got {d!r}")
    k_arr = np.array(as_float_array(k, "k"), ndmin=1)
    if np.any(k_arr < 1) or np.any(k_arr != np.round(k_arr)):
        raise ValueError(f"k must contain integers >= 1, got {k!r}")
    a, b, d_arr, k_arr = (np.array(x, dtype=float) for x in np.broadcast_arrays(a, b, d_arr, k_arr))
    eta = check_positive(eta, "eta")
    n_steps = check_int(n_steps, "n_steps", minimum=1)
    check_every = check_int(check_every, "check_every", minimum=1)
    check_rel = check_in_range(check_rel, "check_rel", 0, 1)
    loss_level = check_positive(loss_level, "loss_level")
    escape_level = check_in_range(escape_level, "escape_level", 0, 1, lo_open=True)
    _check_progress(progress)
    record_steps = _record_steps(record_steps, n_steps)
    c = eta * k_arr / d_arr
    km1 = k_arr - 1
    even = (k_arr % 2 == 0)
    T = record_steps.size
    rec_a = np.empty((T,) + a.shape)
    rec_b = np.empty((T,) + a.shape)
    escape_time = np.full(a.shape, np.inf)
    loss_time = np.full(a.shape, np.inf)
    ri, t, last_done, next_check = 0, 0, 0, 0
    if np.all(k_arr == k_arr.flat[0]):   # one k for all runs: integer powers are much faster
        k_arr = int(k_arr.flat[0])
        km1 = int(k_arr) - 1
        even = (k_arr % 2 == 0)
    while True:
        check = t >= next_check or t == n_steps
        if check:
            next_check = t + max(check_every, int(check_rel * t))
            esc = np.where(even, np.abs(a), a) >= escape_level
            escape_time[esc & np.isinf(escape_time)] = t
            loss = 0.5 * (b ** k_arr - 2.0 * a ** k_arr + 1.0)
            loss_time[(loss <= loss_level) & np.isinf(loss_time)] = t
        if ri < T and record_steps[ri] == t:
            rec_a[ri], rec_b[ri] = a, b
            ri += 1
        if t == n_steps or (check and np.isfinite(loss_time).all() and np.isfinite(escape_time).all()):
            break
        shrink = 1.0 - c * b ** km1
        push = c * a ** km1
        b = shrink ** 2 * b + 2.0 * shrink * push * a + push ** 2
        a = shrink * a + push
        t += 1
        last_done = _tick(progress, t, last_done, 10_000)
    _finish_run(progress, t, last_done, ri, rec_a, rec_b)
    rec_l = 0.5 * (rec_b ** k_arr - 2.0 * rec_a ** k_arr + 1.0)
    return UniformGDRun(steps=record_steps, alignment=rec_a, norm=rec_b, loss=rec_l,
                        escape_time=escape_time, loss_time=loss_time, n_steps_run=t)


def gradient_flow_escape_uniform(a0, b0, d, k, *, eta=0.2, escape_level=0.5, t_max=1e14) -> np.ndarray:
    """Escape time (in GD steps) of the gradient flow of :func:`uniform_population_gd`.

    The flow is ``dA/dt = c(A^{k-1} - B^{k-1}A)``, ``dB/dt = 2c(A^k - B^k)`` with ``c = ηk/d``, the
    continuous-time limit of the GD recursion. It is integrated in log t, so that escape times of 10¹⁰ steps
    and more cost nothing.

    Parameters
    ----------
    a0, b0 : float or array_like of float
        Initial alignment A and weighted norm B, with A² <= B.
    d : int or array_like of int
        Number of skills, >= 1.
    k : int or array_like of int
        Composition order, >= 1.
    eta : float, default 0.2
        Step size, > 0.
    escape_level : float, default 0.5
        Alignment, in (0, 1], that counts as escaped (``abs(A)``; A for odd k).
    t_max : float, default 1e14
        Horizon, > 0.

    Returns
    -------
    numpy.ndarray
        The escape time of each configuration (``inf`` where the flow does not escape before ``t_max``).

    Raises
    ------
    ValueError
        If an argument is out of range (including A0² > B0) or the shapes do not broadcast.

    Examples
    --------
    >>> from heavytail.composition import gradient_flow_escape_uniform, uniform_population_gd
    >>> flow = gradient_flow_escape_uniform(0.05, 0.3, 16, 2)
    >>> gd = uniform_population_gd(0.05, 0.3, 16, 2, n_steps=10_000).escape_time
    >>> bool(abs(float(flow) / float(gd[0]) - 1) < 0.2)
    True
    """
    a0, b0, d, k = np.broadcast_arrays(np.asarray(as_float_array(a0, "a0")), as_float_array(b0, "b0"),
                                       as_float_array(d, "d"), as_float_array(k, "k"))
    if np.any(b0 < 0):
        raise ValueError(f"b0 must be >= 0, got min {b0.min()!r}")
    if np.any(a0 ** 2 > b0 + 1e-12):
        raise ValueError("a0 and b0 must satisfy A0² <= B0 (Cauchy–Schwarz for uniform p)")
    for arr, name in ((d, "d"), (k, "k")):
        if np.any(arr < 1) or np.any(arr != np.round(arr)):
            raise ValueError(f"{name} must contain integers >= 1, got {float(arr.ravel()[0])!r}")
    t_max = check_positive(t_max, "t_max")
    eta = check_positive(eta, "eta")
    escape_level = check_in_range(escape_level, "escape_level", 0, 1, lo_open=True)
    out = np.full(a0.shape, np.inf)
    for j in np.ndindex(a0.shape):
        kk, c = float(k[j]), eta * float(k[j]) / float(d[j])
        sign = 1.0 if (kk % 2 == 1 or a0[j] >= 0) else -1.0   # even k: mirror A → −A

        def rhs(s, y):  # s = log(1 + t)
            aa, bb = y
            dt_ds = np.exp(s)
            return [dt_ds * c * (aa ** (kk - 1) - bb ** (kk - 1) * aa),
                    dt_ds * 2 * c * (aa ** kk - bb ** kk)]

        def hit(s, y):
            return y[0] - escape_level
        hit.terminal, hit.direction = True, 1
        sol = solve_ivp(rhs, (0.0, np.log1p(t_max)), [sign * a0[j], b0[j]], events=hit,
                        rtol=1e-8, atol=1e-14, method="LSODA")
        if sol.t_events[0].size:
            out[j] = np.expm1(sol.t_events[0][0])
    return out


# --------------------------------------------------------------------------------------------------
# online SGD on finite samples
# --------------------------------------------------------------------------------------------------

@dataclass
class SGDRun:
    """Outcome of :func:`online_sgd`. Sample counts are ``step × batch_size``; ``inf`` = censored."""

    steps: np.ndarray            # (T,) evaluation steps
    samples: np.ndarray          # (T,) samples seen per run at those steps
    alignment: np.ndarray        # (T, n_seeds)
    uniform_loss: np.ndarray     # (T, n_seeds)
    escape_samples: np.ndarray   # (n_seeds,) samples until |A| >= escape_level
    learn_samples: np.ndarray    # (n_seeds,) samples until uniform test loss <= loss_level
    w_final: np.ndarray
    n_steps_run: int


def online_sgd(w0, w_star, p, k, *, eta=0.2, batch_size=32, n_steps=10_000, seed=0, eval_every=10,
               escape_level=0.5, loss_level=0.05, stop_early=True, stop_fraction=1.0,
               progress=None) -> SGDRun:
    """Minibatch SGD on fresh samples (online: every sample is new), for every row of ``w0`` at once.

    Each step draws ``batch_size`` tasks of ``k`` indices from ``p`` per run, labels them with ``w*``, and
    takes a step of size ``eta`` along the mean gradient of the per-sample loss
    ``½ (∏_t w_{I_t} - ∏_t w*_{I_t})²``. Its expectation is the population gradient, so ``eta`` is comparable
    with :func:`population_gd`. With ``stop_early``, training stops once a share ``stop_fraction`` of the runs
    has both escaped and learned; the other runs are then censored (``inf``) at ``n_steps_run`` steps, not at
    ``n_steps``. A fraction above one half keeps the median over runs exact while saving the time the slowest
    seeds would take.

    Parameters
    ----------
    w0 : array_like of float
        Initial weights, shape ``(n_seeds, d)`` or ``(d,)``.
    w_star : array_like of float
        Hidden signs, ``d`` entries of +1 or -1.
    p : array_like of float
        Training frequencies (a probability vector of length ``d``).
    k : int
        Composition order, >= 1.
    eta : float, default 0.2
        Step size, > 0.
    batch_size : int, default 32
        Fresh tasks per step and run, >= 1.
    n_steps : int, default 10_000
        Step budget, >= 1.
    seed : int or numpy.random.Generator, default 0
        Seed of the task draws.
    eval_every : int, default 10
        Steps between evaluations, >= 1.
    escape_level : float, default 0.5
        Alignment, in (0, 1], that counts as escaped.
    loss_level : float, default 0.05
        Uniform test loss, > 0, that counts as learned.
    stop_early : bool, default True
        Stop once ``stop_fraction`` of the runs have escaped and learned.
    stop_fraction : float, default 1
        Share of the runs, in (0, 1], that must have finished for an early stop.
    progress : object, optional
        A tqdm-like object with ``update(n)``.

    Returns
    -------
    SGDRun
        ``steps``, ``samples``, ``alignment``, ``uniform_loss`` at the evaluations, ``escape_samples`` and
        ``learn_samples`` per run (``inf`` if censored), ``w_final`` and ``n_steps_run``.

    Raises
    ------
    ValueError
        If an argument is out of range or the shapes disagree.
    TypeError
        If ``progress`` has no ``update`` method.

    Examples
    --------
    >>> from heavytail.composition import init_weights, online_sgd, random_signs, zipf_frequencies
    >>> d = 16
    >>> run = online_sgd(init_weights(d, 0.1, 2, seed=1), random_signs(d, 0), zipf_frequencies(d, 1.0), 2,
    ...                  n_steps=2000, seed=0)
    >>> run.escape_samples.shape
    (2,)
    """
    k, p, d, w_star, w = _check_problem(k, p, w_star, w0)
    eta = check_positive(eta, "eta")
    batch_size = check_int(batch_size, "batch_size", minimum=1)
    n_steps = check_int(n_steps, "n_steps", minimum=1)
    eval_every = check_int(eval_every, "eval_every", minimum=1)
    loss_level = check_positive(loss_level, "loss_level")
    escape_level = check_in_range(escape_level, "escape_level", 0, 1, lo_open=True)
    stop_early = check_bool(stop_early, "stop_early")
    stop_fraction = check_in_range(stop_fraction, "stop_fraction", 0, 1, lo_open=True)
    _check_progress(progress)
    rng = _rng(seed)
    n_seeds = w.shape[0]
    n_needed = int(np.ceil(stop_fraction * n_seeds - 1e-9))
    cdf = np.cumsum(p)
    cdf[-1] = 1.0
    pw = p * w_star
    even = (k % 2 == 0)
    offsets = (np.arange(n_seeds) * d)[:, None, None]
    steps, rec_a, rec_u = [], [], []
    escape = np.full(n_seeds, np.inf)
    learn = np.full(n_seeds, np.inf)
    t, last_done = 0, 0
    while True:
        if t % eval_every == 0 or t == n_steps:
            a = w @ pw
            au = w @ w_star / d
            bu = np.mean(w * w, axis=1)
            ul = 0.5 * (bu ** k - 2.0 * au ** k + 1.0)
            steps.append(t)
            rec_a.append(a)
            rec_u.append(ul)
            escape[((np.abs(a) if even else a) >= escape_level) & np.isinf(escape)] = t * batch_size
            learn[(ul <= loss_level) & np.isinf(learn)] = t * batch_size
            if t == n_steps or (stop_early and (np.isfinite(learn) & np.isfinite(escape)).sum() >= n_needed):
                break
        idx = np.minimum(np.searchsorted(cdf, rng.random((n_seeds, batch_size, k)), side="right"), d - 1)
        flat = idx + offsets
        wi = w.ravel()[flat]                       # (S, b, k)
        y = np.prod(w_star[idx], axis=-1)          # (S, b)
        # leave-one-out products via exclusive prefix and suffix products
        ones = np.ones(wi.shape[:-1] + (1,))
        pre = np.cumprod(np.concatenate([ones, wi[..., :-1]], axis=-1), axis=-1)
        suf = np.cumprod(np.concatenate([ones, wi[..., :0:-1]], axis=-1), axis=-1)[..., ::-1]
        loo = pre * suf
        f = loo[..., 0] * wi[..., 0]
        g = (f - y)[..., None] * loo / batch_size
        grad = np.bincount(flat.ravel(), weights=g.ravel(), minlength=n_seeds * d).reshape(n_seeds, d)
        w -= eta * grad
        t += 1
        if progress is not None and t - last_done >= 1000:
            progress.update(t - last_done)
            last_done = t
    if progress is not None:
        progress.update(t - last_done)
    steps = np.asarray(steps)
    return SGDRun(steps=steps, samples=steps * batch_size, alignment=np.asarray(rec_a),
                  uniform_loss=np.asarray(rec_u), escape_samples=escape, learn_samples=learn,
                  w_final=w, n_steps_run=t)


# --------------------------------------------------------------------------------------------------
# a log-log slope of medians over seeds, with a bootstrap interval
# --------------------------------------------------------------------------------------------------

@dataclass
class SlopeInterval:
    """Outcome of :func:`median_slope_interval`."""

    slope: float                 # least-squares slope of log median against log x
    low: float                   # lower end of the bootstrap percentile interval
    high: float                  # upper end (inf if resampling can censor a median)
    used: np.ndarray             # (n_x,) bool: which x entered the fit (median not censored)
    level: float


def median_slope_interval(x, times, *, level=0.9, n_boot=2000, seed=0) -> SlopeInterval:
    """Slope of ``log median(times)`` against ``log x``, with a bootstrap interval over seeds.

    ``times[j]`` holds the per-seed times (or sample counts) measured at ``x[j]``; ``inf`` marks a
    censored run (it did not finish within its budget). Points whose median is censored are left out of
    the fit. The interval resamples the seeds of every point independently (``n_boot`` times) and
    refits; a resample whose median becomes censored gives an infinite slope contribution, so the upper
    end can be ``inf`` — an honest "unbounded" rather than a number.

    Parameters
    ----------
    x : array_like
        Positive abscissae, shape ``(n_x,)`` with ``n_x >= 2``.
    times : array_like
        Positive times, shape ``(n_x, n_seeds)``; ``inf`` allowed (censored), NaN not.
    level : float, optional
        Coverage of the percentile interval, in ``(0, 1)``.
    n_boot : int, optional
        Number of bootstrap resamples, ``>= 10``.
    seed : int, optional
        Seed of the resampling.

    Returns
    -------
    SlopeInterval
        ``slope``, ``low``, ``high``, the mask ``used`` and ``level``. ``slope`` is NaN when fewer than
        two medians are uncensored.

    Raises
    ------
    ValueError
        For non-positive or NaN inputs, mismatched shapes, fewer than two points, or a bad ``level``.

    Examples
    --------
    >>> x = np.array([16, 32, 64])
    >>> t = np.outer(x ** 2.0, [0.9, 1.0, 1.1])
    >>> s = median_slope_interval(x, t, n_boot=200)
    >>> round(s.slope, 6), s.low <= 2 <= s.high
    (2.0, True)
    """
    x = as_float_array(x, "x", ndim=1)
    if x.size < 2 or np.any(x <= 0):
        raise ValueError(f"x must hold at least two positive values, got {x!r}")
    t = as_float_array(times, "times", finite=False, ndim=2)
    if t.shape[0] != x.size:
        raise ValueError(f"times must have shape (len(x), n_seeds) = ({x.size}, ...), got {t.shape}")
    if np.any(t <= 0):
        raise ValueError("times must be positive (inf for censored runs)")
    level = check_in_range(level, "level", 0, 1, lo_open=True, hi_open=True)
    n_boot = check_int(n_boot, "n_boot", minimum=10)
    rng = _rng(seed)
    med = np.median(t, axis=1)
    used = np.isfinite(med)

    def slope_of(m):
        if not np.all(np.isfinite(m)):
            return np.inf
        return scaling.loglog_slope(x[used], m, base=np.e).slope

    if used.sum() < 2:
        return SlopeInterval(np.nan, np.nan, np.nan, used, level)
    slope = slope_of(med[used])
    sub = t[used]
    n_seeds = sub.shape[1]
    boots = np.empty(n_boot)
    for b in range(n_boot):
        pick = rng.integers(0, n_seeds, size=sub.shape)
        boots[b] = slope_of(np.median(np.take_along_axis(sub, pick, axis=1), axis=1))
    q = (1 - level) / 2
    low, high = np.quantile(boots, [q, 1 - q], method="inverted_cdf")
    return SlopeInterval(slope, float(low), float(high), used, level)
