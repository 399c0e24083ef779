"""Random-matrix spectra: Marchenko–Pastur, heavy-tailed matrices, BBP spikes, and the ESD of trained layers.

Normalization used throughout: ``W`` is ``N × M`` with ``N ≥ M`` (a matrix with more columns than rows
is transposed first), ``γ = M / N ∈ (0, 1]`` and the empirical spectral density (ESD) is that of the
``M × M`` correlation matrix ``X = Wᵀ W / N``. With i.i.d. entries of variance σ² the ESD converges to
the Marchenko–Pastur law with edges ``σ² (1 ± √γ)²``.

The tail fit of an ESD (:func:`fit_esd_power_law`) is the one WeightWatcher uses: a continuous power
law ``p(λ) ~ λ^(-α)`` on ``λ ≥ λ_min``, with ``λ_min`` chosen by KS distance and α by maximum
likelihood (:func:`heavytail.tails.fit_power_law`).
"""

from __future__ import annotations

import math

import numpy as np
from scipy import special

from ._validate import as_float_array, check_bool, check_in_range, check_int, check_positive
from .tails import PowerLawFit, _rng, fit_power_law, heavy_tailed_draws

__all__ = [
    "mp_edges", "mp_pdf", "mp_cdf", "mp_moment", "esd", "random_matrix", "fit_esd_power_law",
    "mp_bulk_fit", "martin_mahoney_alpha", "bbp_threshold", "bbp_top_eigenvalue", "bbp_overlap",
    "simulate_spiked_covariance", "additive_spike_threshold", "additive_spike_top_eigenvalue",
    "additive_spike_overlaps", "simulate_additive_spikes", "load_digits_split", "train_mlp_track_alpha",
]


def _gamma(gamma) -> float:
    return check_in_range(gamma, "gamma", 0.0, 1.0, lo_open=True)


# --------------------------------------------------------------------------------------------------
# Marchenko–Pastur
# --------------------------------------------------------------------------------------------------

def mp_edges(gamma: float, sigma2: float = 1.0) -> tuple[float, float]:
    """Edges σ²(1 ∓ √γ)² of the Marchenko–Pastur law with aspect ratio γ = M/N in (0, 1].

    Parameters
    ----------
    gamma : float
        Aspect ratio ``M / N`` in (0, 1].
    sigma2 : float, default 1
        Variance of the entries, > 0.

    Returns
    -------
    tuple of float
        ``(lambda_minus, lambda_plus)``.

    Raises
    ------
    ValueError
        If ``gamma`` is outside (0, 1] or ``sigma2`` is not > 0.

    Examples
    --------
    >>> from heavytail.spectra import mp_edges
    >>> mp_edges(0.25)
    (0.25, 2.25)
    """
    g = _gamma(gamma)
    s2 = check_positive(sigma2, "sigma2")
    return s2 * (1 - math.sqrt(g)) ** 2, s2 * (1 + math.sqrt(g)) ** 2


def mp_pdf(x, gamma: float, sigma2: float = 1.0) -> np.ndarray:
    """Marchenko–Pastur density √((λ₊ - λ)(λ - λ₋)) / (2π σ² γ λ) on its support, 0 elsewhere.

    Parameters
    ----------
    x : array_like of float
        Points at which to evaluate the density.
    gamma : float
        Aspect ratio ``M / N`` in (0, 1].
    sigma2 : float, default 1
        Variance of the entries, > 0.

    Returns
    -------
    numpy.ndarray
        The density at each ``x``.

    Raises
    ------
    ValueError
        If ``x`` has NaN entries, ``gamma`` is outside (0, 1] or ``sigma2`` is not > 0.

    Examples
    --------
    >>> from heavytail.spectra import mp_pdf
    >>> mp_pdf([0.1, 1.0, 3.0], 0.25).round(4).tolist()
    [0.0, 0.6164, 0.0]
    """
    x = as_float_array(x, "x")
    lo, hi = mp_edges(gamma, sigma2)
    inside = (x > lo) & (x < hi)
    out = np.zeros_like(x)
    xi = x[inside]
    out[inside] = np.sqrt((hi - xi) * (xi - lo)) / (2 * np.pi * sigma2 * gamma * xi)
    return out


def mp_cdf(x, gamma: float, sigma2: float = 1.0, num: int = 4001) -> np.ndarray:
    """Marchenko–Pastur CDF, by quadrature in the angle φ with λ = λ₋ + (λ₊ - λ₋)(1 - cos φ)/2.

    The substitution removes the square-root singularities at both edges, so a trapezoid rule on ``num``
    angles is accurate to about 1e-7.

    Parameters
    ----------
    x : array_like of float
        Points at which to evaluate the CDF.
    gamma : float
        Aspect ratio ``M / N`` in (0, 1].
    sigma2 : float, default 1
        Variance of the entries, > 0.
    num : int, default 4001
        Number of quadrature angles, >= 101.

    Returns
    -------
    numpy.ndarray
        The CDF at each ``x`` (0 below the support, 1 above).

    Raises
    ------
    ValueError
        If an argument is out of range.

    Examples
    --------
    >>> from heavytail.spectra import mp_cdf
    >>> mp_cdf([0.0, 2.25, 10.0], 0.25).tolist()
    [0.0, 1.0, 1.0]
    """
    x = as_float_array(x, "x")
    num = check_int(num, "num", minimum=101)
    lo, hi = mp_edges(gamma, sigma2)
    phi = np.linspace(0.0, np.pi, num)
    lam = lo + (hi - lo) * (1 - np.cos(phi)) / 2
    dens = np.sqrt(np.clip((hi - lam) * (lam - lo), 0, None)) / (
        2 * np.pi * sigma2 * gamma * np.maximum(lam, 1e-300)
    )
    integrand = dens * (hi - lo) * np.sin(phi) / 2
    cdf = np.concatenate([[0.0], np.cumsum((integrand[1:] + integrand[:-1]) / 2 * np.diff(phi))])
    cdf /= cdf[-1]
    return np.interp(x, lam, cdf, left=0.0, right=1.0)


def mp_moment(k: int, gamma: float, sigma2: float = 1.0) -> float:
    """The k-th moment of the Marchenko–Pastur law, ``σ^(2k) Σ_(r<k) γ^r C(k, r) C(k-1, r) / (r+1)``.

    These are the Narayana polynomials: 1, 1 + γ, 1 + 3γ + γ², ... for k = 1, 2, 3.

    Parameters
    ----------
    k : int
        Order of the moment, >= 0.
    gamma : float
        Aspect ratio ``M / N`` in (0, 1].
    sigma2 : float, default 1
        Variance of the entries, > 0.

    Returns
    -------
    float
        The moment E[λ^k].

    Raises
    ------
    ValueError
        If ``k < 0``, ``gamma`` is outside (0, 1] or ``sigma2`` is not > 0.

    Examples
    --------
    >>> from heavytail.spectra import mp_moment
    >>> mp_moment(2, 0.5), mp_moment(3, 0.5)
    (1.5, 2.75)
    """
    k = check_int(k, "k", minimum=0)
    g = _gamma(gamma)
    s2 = check_positive(sigma2, "sigma2")
    if k == 0:
        return 1.0
    total = sum(g ** r * special.comb(k, r, exact=True) * special.comb(k - 1, r, exact=True) / (r + 1)
                for r in range(k))
    return float(s2 ** k * total)


# --------------------------------------------------------------------------------------------------
# Empirical spectra
# --------------------------------------------------------------------------------------------------

def _as_matrix(W, name="W") -> np.ndarray:
    if hasattr(W, "detach"):  # a torch tensor
        W = W.detach().cpu().numpy()
    arr = as_float_array(W, name, ndim=2)
    if min(arr.shape) < 1:
        raise ValueError(f"{name} must have positive dimensions, got shape {arr.shape}")
    return arr if arr.shape[0] >= arr.shape[1] else arr.T


def esd(W, normalize: bool = True) -> np.ndarray:
    """Eigenvalues (ascending) of WᵀW / N (or WᵀW if not ``normalize``), with W transposed to N >= M.

    Parameters
    ----------
    W : array_like of float
        A 2-D matrix (either orientation).
    normalize : bool, default True
        Divide by the larger dimension N.

    Returns
    -------
    numpy.ndarray
        The M eigenvalues, ascending.

    Raises
    ------
    ValueError
        If ``W`` is not a finite 2-D matrix.
    TypeError
        If ``normalize`` is not a bool.

    Examples
    --------
    >>> import numpy as np
    >>> from heavytail.spectra import esd
    >>> esd(np.eye(3) * 2.0, normalize=False).tolist()
    [4.0, 4.0, 4.0]
    """
    W = _as_matrix(W)
    normalize = check_bool(normalize, "normalize")
    sv = np.linalg.svd(W, compute_uv=False)
    ev = np.sort(sv ** 2)
    return ev / W.shape[0] if normalize else ev


def random_matrix(n: int, m: int, mu: float | None = None, seed=None) -> np.ndarray:
    """An ``n × m`` matrix of i.i.d. entries: standard Gaussian, or symmetric Pareto with tail index ``mu``.

    The Pareto entries have ``P(|W_ij| > x) = x**(-mu)`` for x >= 1 and a random sign.

    Parameters
    ----------
    n, m : int
        Shape, each >= 1.
    mu : float or None, default None
        Tail index (> 0) of the entries; None for Gaussian entries.
    seed : int, numpy.random.Generator or None
        Random seed (None: fresh entropy).

    Returns
    -------
    numpy.ndarray
        The ``(n, m)`` matrix.

    Raises
    ------
    ValueError
        If ``n`` or ``m`` is < 1, ``mu`` is not > 0, or ``seed`` is invalid.

    Examples
    --------
    >>> from heavytail.spectra import random_matrix
    >>> random_matrix(4, 3, mu=1.5, seed=0).shape
    (4, 3)
    """
    n = check_int(n, "n", minimum=1)
    m = check_int(m, "m", minimum=1)
    rng = _rng(seed)
    if mu is None:
        return rng.standard_normal((n, m))
    return heavy_tailed_draws(check_positive(mu, "mu"), (n, m), "pareto", rng)


def fit_esd_power_law(W_or_evals, *, is_evals: bool = False, **kwargs) -> PowerLawFit:
    """WeightWatcher-style power-law fit of the ESD tail: λ_min by KS distance, continuous MLE α.

    Pass a weight matrix, or eigenvalues with ``is_evals=True``. The KS variant defaults to ``'powerlaw'``,
    the one WeightWatcher minimizes (through the ``powerlaw`` package), so that λ_min and α match its own.
    Eigenvalues <= 0 (numerical zeros) are dropped.

    Parameters
    ----------
    W_or_evals : array_like of float
        A weight matrix, or (with ``is_evals=True``) its eigenvalues.
    is_evals : bool, default False
        Whether ``W_or_evals`` holds eigenvalues.
    **kwargs
        Passed to ``heavytail.tails.fit_power_law`` (defaults here: ``ks="powerlaw"``, ``min_tail`` up to 10).

    Returns
    -------
    heavytail.tails.PowerLawFit
        The fit (``alpha``, ``xmin``, ``n_tail``, ``ks``, ...).

    Raises
    ------
    ValueError
        If fewer than two eigenvalues are positive, or for the errors of ``fit_power_law``.

    Examples
    --------
    >>> from heavytail.spectra import fit_esd_power_law, random_matrix
    >>> fit = fit_esd_power_law(random_matrix(400, 100, mu=1.5, seed=0))
    >>> 1.0 < fit.alpha < 3.0
    True
    """
    if check_bool(is_evals, "is_evals"):
        ev = as_float_array(W_or_evals, "W_or_evals").ravel()
    else:
        ev = esd(W_or_evals)
    ev = ev[ev > 1e-12 * max(ev.max(), 1e-300)]
    if ev.size < 2:
        raise ValueError(f"W_or_evals must have at least 2 positive eigenvalues, got {ev.size}")
    kwargs.setdefault("min_tail", min(10, max(2, ev.size // 2)))
    kwargs.setdefault("ks", "powerlaw")
    return fit_power_law(ev, **kwargs)


def mp_bulk_fit(evals, gamma: float, max_iter: int = 100) -> dict:
    """Fit the MP scale σ² to the bulk of an ESD and count the outliers above the MP edge.

    σ² is the self-consistent solution of "σ² = mean of the eigenvalues below σ²(1 + √γ)²" (the MP law has
    mean σ², and removing the spikes removes their bias), found by fixed-point iteration from the mean of all
    eigenvalues.

    Parameters
    ----------
    evals : array_like of float
        Eigenvalues (with a positive mean).
    gamma : float
        Aspect ratio ``M / N`` in (0, 1].
    max_iter : int, default 100
        Largest number of fixed-point iterations, >= 1.

    Returns
    -------
    dict
        ``sigma2``, ``lambda_plus`` (the fitted bulk edge), ``n_spikes`` (eigenvalues above it) and
        ``bulk_fraction``.

    Raises
    ------
    ValueError
        If ``evals`` has a non-positive mean or NaN entries, or ``gamma`` / ``max_iter`` is out of range.

    Examples
    --------
    >>> from heavytail.spectra import esd, mp_bulk_fit, random_matrix
    >>> fit = mp_bulk_fit(esd(random_matrix(400, 100, seed=0)), 0.25)
    >>> round(fit["sigma2"], 1), fit["n_spikes"]
    (1.0, 0)
    """
    ev = as_float_array(evals, "evals").ravel()
    g = _gamma(gamma)
    max_iter = check_int(max_iter, "max_iter", minimum=1)
    s2 = float(ev.mean())
    if s2 <= 0:
        raise ValueError(f"evals must have a positive mean, got {s2}")
    for _ in range(max_iter):
        hi = s2 * (1 + math.sqrt(g)) ** 2
        bulk = ev[ev <= hi]
        new = float(bulk.mean()) if bulk.size else s2
        if abs(new - s2) <= 1e-12 * s2:
            break
        s2 = new
    hi = s2 * (1 + math.sqrt(g)) ** 2
    n_spikes = int((ev > hi).sum())
    return dict(sigma2=s2, lambda_plus=hi, n_spikes=n_spikes, bulk_fraction=1 - n_spikes / ev.size)


def martin_mahoney_alpha(mu):
    """Martin and Mahoney's asymptotic ESD tail exponent for entries with tail index μ < 2: α = μ/2 + 1.

    Parameters
    ----------
    mu : float or array_like of float
        Tail index of the entries, in (0, 2).

    Returns
    -------
    float or numpy.ndarray
        The exponent α, with the shape of ``mu``.

    Raises
    ------
    ValueError
        If some ``mu`` is outside (0, 2).

    Examples
    --------
    >>> from heavytail.spectra import martin_mahoney_alpha
    >>> martin_mahoney_alpha(1.0)
    1.5
    """
    mu_arr = as_float_array(mu, "mu")
    if (mu_arr <= 0).any() or (mu_arr >= 2).any():
        raise ValueError(f"mu must lie in (0, 2) for the asymptotic relation, got {mu}")
    out = mu_arr / 2 + 1
    return float(out) if np.ndim(mu) == 0 else out


# --------------------------------------------------------------------------------------------------
# BBP transition of a spiked covariance
# --------------------------------------------------------------------------------------------------

def bbp_threshold(gamma: float) -> float:
    """Critical spike strength ℓ_c = 1 + √γ of the BBP transition (spiked covariance).

    Parameters
    ----------
    gamma : float
        Aspect ratio ``p / n`` in (0, 1].

    Returns
    -------
    float
        The threshold ℓ_c.

    Raises
    ------
    ValueError
        If ``gamma`` is outside (0, 1].

    Examples
    --------
    >>> from heavytail.spectra import bbp_threshold
    >>> bbp_threshold(0.25)
    1.5
    """
    return 1.0 + math.sqrt(_gamma(gamma))


def bbp_top_eigenvalue(ell, gamma: float) -> np.ndarray:
    """Limit of the top sample eigenvalue: ℓ + γℓ/(ℓ - 1) above ℓ_c, the MP edge (1 + √γ)² below.

    Parameters
    ----------
    ell : float or array_like of float
        Spike strengths (population eigenvalue of the spike), each >= 1.
    gamma : float
        Aspect ratio ``p / n`` in (0, 1].

    Returns
    -------
    float or numpy.ndarray
        The limiting top eigenvalue for each ``ell``.

    Raises
    ------
    ValueError
        If some ``ell`` is below 1 or ``gamma`` is outside (0, 1].

    Examples
    --------
    >>> from heavytail.spectra import bbp_top_eigenvalue
    >>> round(bbp_top_eigenvalue(4.0, 0.25), 6), bbp_top_eigenvalue(1.2, 0.25)
    (4.333333, 2.25)
    """
    ell_arr = as_float_array(ell, "ell")
    if (ell_arr < 1).any():
        raise ValueError(f"ell must be >= 1 (a spike adds variance), got {ell_arr[ell_arr < 1].ravel()[0]}")
    g = _gamma(gamma)
    above = ell_arr > bbp_threshold(g)
    safe = np.where(above, ell_arr, 2.0)
    out = np.where(above, safe + g * safe / (safe - 1), (1 + math.sqrt(g)) ** 2)
    return float(out) if np.ndim(ell) == 0 else out


def bbp_overlap(ell, gamma: float) -> np.ndarray:
    """Limit of the squared overlap ``|<u, v>|**2`` of the top sample and population eigenvectors (Paul 2007).

    It is (1 - γ/(ℓ - 1)²) / (1 + γ/(ℓ - 1)) above ℓ_c = 1 + √γ and 0 below.

    Parameters
    ----------
    ell : float or array_like of float
        Spike strengths, each >= 1.
    gamma : float
        Aspect ratio ``p / n`` in (0, 1].

    Returns
    -------
    float or numpy.ndarray
        The limiting squared overlap for each ``ell``.

    Raises
    ------
    ValueError
        If some ``ell`` is below 1 or ``gamma`` is outside (0, 1].

    Examples
    --------
    >>> from heavytail.spectra import bbp_overlap
    >>> round(bbp_overlap(4.0, 0.25), 6), bbp_overlap(1.2, 0.25)
    (0.897436, 0.0)
    """
    ell_arr = as_float_array(ell, "ell")
    if (ell_arr < 1).any():
        raise ValueError(f"ell must be >= 1 (a spike adds variance), got {ell_arr[ell_arr < 1].ravel()[0]}")
    g = _gamma(gamma)
    above = ell_arr > bbp_threshold(g)
    d = np.where(above, ell_arr - 1, 1.0)
    out = np.where(above, (1 - g / d ** 2) / (1 + g / d), 0.0)
    return float(out) if np.ndim(ell) == 0 else out


def simulate_spiked_covariance(ell: float, gamma: float, p: int, seed=None, n_trials: int = 1) -> dict:
    """Top eigenvalue and squared overlap of the sample covariance of a rank-one spiked model.

    ``n = round(p / γ)`` Gaussian samples in dimension ``p`` with population covariance I + (ℓ - 1) e₁e₁ᵀ; the
    sample covariance is S = XᵀX / n.

    Parameters
    ----------
    ell : float
        Spike strength, >= 1.
    gamma : float
        Aspect ratio ``p / n`` in (0, 1].
    p : int
        Dimension, >= 2.
    seed : int, numpy.random.Generator or None
        Random seed (None: fresh entropy).
    n_trials : int, default 1
        Number of independent samples, >= 1.

    Returns
    -------
    dict
        ``top`` (largest eigenvalue per trial), ``overlap`` (⟨u₁, e₁⟩² per trial), ``n`` and ``p``.

    Raises
    ------
    ValueError
        If an argument is out of range.

    Examples
    --------
    >>> from heavytail.spectra import simulate_spiked_covariance
    >>> r = simulate_spiked_covariance(4.0, 0.25, 100, seed=0, n_trials=2)
    >>> r["top"].shape, r["n"]
    ((2,), 400)
    """
    ell = check_positive(ell, "ell")
    if ell < 1:
        raise ValueError(f"ell must be >= 1, got {ell}")
    g = _gamma(gamma)
    p = check_int(p, "p", minimum=2)
    n_trials = check_int(n_trials, "n_trials", minimum=1)
    n = max(p, int(round(p / g)))
    rng = _rng(seed)
    top, ov = np.empty(n_trials), np.empty(n_trials)
    for t in range(n_trials):
        X = rng.standard_normal((n, p))
        X[:, 0] *= math.sqrt(ell)
        S = X.T @ X / n
        w, V = np.linalg.eigh(S)
        top[t] = w[-1]
        ov[t] = V[0, -1] ** 2
    return dict(top=top, overlap=ov, n=n, p=p)


# --------------------------------------------------------------------------------------------------
# The essay's model: an additive low-rank signal W = X + sum_i theta_i u_i v_i^T
# --------------------------------------------------------------------------------------------------

def _thetas(theta, name="theta"):
    t = as_float_array(theta, name)
    if (t < 0).any():
        raise ValueError(f"{name} must be >= 0, got {float(t[t < 0].ravel()[0])!r}")
    return t


def additive_spike_threshold(gamma: float) -> float:
    r"""Critical strength :math:`\theta_c = \gamma^{1/4}` of a rank-one additive spike.

    For :math:`W = X + \theta u v^\top` with :math:`X` an :math:`N\times M` matrix of i.i.d. entries
    of variance :math:`1/N` and :math:`\gamma = M/N`, the top singular value separates from the bulk
    edge :math:`1 + \sqrt\gamma` exactly when :math:`\theta > \gamma^{1/4}` (Benaych-Georges and Nadakuditi
    2012).

    Parameters
    ----------
    gamma : float
        Aspect ratio ``M / N`` in (0, 1].

    Returns
    -------
    float
        The threshold :math:`\gamma^{1/4}`.

    Raises
    ------
    ValueError
        If ``gamma`` is not in (0, 1].

    Examples
    --------
    >>> round(additive_spike_threshold(0.5), 4)
    0.8409
    """
    return _gamma(gamma) ** 0.25


def additive_spike_top_eigenvalue(theta, gamma: float) -> np.ndarray:
    r"""Limit of the top eigenvalue of :math:`W^\top W` for :math:`W = X + \theta u v^\top`.

    It is :math:`(1+\theta^2)(\gamma+\theta^2)/\theta^2` (the square of the limiting top singular value)
    for :math:`\theta > \gamma^{1/4}`, and the bulk edge :math:`(1+\sqrt\gamma)^2` otherwise; the
    normalisation
    is that of :func:`additive_spike_threshold`.

    Parameters
    ----------
    theta : array_like of float
        Spike strengths (>= 0).
    gamma : float
        Aspect ratio ``M / N`` in (0, 1].

    Returns
    -------
    numpy.ndarray or float
        The limiting top eigenvalue for each ``theta``.

    Raises
    ------
    ValueError
        If a strength is negative or ``gamma`` is not in (0, 1].

    Examples
    --------
    >>> float(additive_spike_top_eigenvalue(1.0, 0.5))
    3.0
    """
    t = _thetas(theta)
    g = _gamma(gamma)
    above = t > g ** 0.25
    safe = np.where(above, t, 1.0)
    out = np.where(above, (1 + safe ** 2) * (g + safe ** 2) / safe ** 2, (1 + math.sqrt(g)) ** 2)
    return float(out) if np.ndim(theta) == 0 else out


def additive_spike_overlaps(theta, gamma: float):
    r"""Limits of the squared overlaps of the top singular vectors of :math:`X + \theta u v^\top` with u and
    v.

    With :math:`u \in \mathbb R^N` (the longer side) and :math:`v \in \mathbb R^M`,
    above :math:`\theta_c = \gamma^{1/4}`

    .. math:: \langle \hat u, u\rangle^2 \to 1 - \frac{\gamma + \theta^2}{\theta^2(\theta^2 + 1)}, \qquad
              \langle \hat v, v\rangle^2 \to 1 - \frac{\gamma(1 + \theta^2)}{\theta^2(\theta^2 + \gamma)},

    and both tend to 0 below it (Benaych-Georges and Nadakuditi 2012).

    Parameters
    ----------
    theta : array_like of float
        Spike strengths (>= 0).
    gamma : float
        Aspect ratio ``M / N`` in (0, 1].

    Returns
    -------
    tuple of numpy.ndarray or float
        ``(overlap_u, overlap_v)``.

    Raises
    ------
    ValueError
        If a strength is negative or ``gamma`` is not in (0, 1].

    Examples
    --------
    >>> [round(float(x), 4) for x in additive_spike_overlaps(1.0, 0.5)]
    [0.25, 0.3333]
    """
    t = _thetas(theta)
    g = _gamma(gamma)
    above = t > g ** 0.25
    s2 = np.where(above, t, 1.0) ** 2
    ou = np.where(above, 1 - (g + s2) / (s2 * (s2 + 1)), 0.0)
    ov = np.where(above, 1 - g * (1 + s2) / (s2 * (s2 + g)), 0.0)
    if np.ndim(theta) == 0:
        return float(ou), float(ov)
    return ou, ov


def simulate_additive_spikes(thetas, gamma: float, M: int, seed=None, n_trials: int = 1) -> dict:
    r"""Spectra of :math:`W = X + \sum_i \theta_i u_i v_i^\top` with Gaussian noise :math:`X`.

    The noise :math:`X` is :math:`N \times M` with i.i.d. :math:`N(0, 1/N)` entries, where the row count
    is :math:`N = \mathrm{round}(M/\gamma)`; the :math:`u_i` (in :math:`\mathbb R^N`) and
    the :math:`v_i` (in :math:`\mathbb R^M`) are random orthonormal sets, so the signal's singular values are
    exactly the :math:`\theta_i`.

    Parameters
    ----------
    thetas : array_like of float
        Spike strengths (>= 0), at most ``M`` of them; a scalar is one spike.
    gamma : float
        Aspect ratio ``M / N`` in (0, 1].
    M : int
        Number of columns (>= 2).
    seed : int, numpy.random.Generator or None, optional
        Seed or generator.
    n_trials : int, optional
        Independent draws of the noise and the signal directions (>= 1).

    Returns
    -------
    dict
        ``evals`` (``n_trials`` × ``M`` eigenvalues of :math:`W^\top W`, descending), ``overlap_u`` and
        ``overlap_v`` (``n_trials`` squared overlaps of the top singular vectors with :math:`u_1, v_1`, the
        directions of ``thetas[0]``), ``N`` and ``M``.

    Raises
    ------
    ValueError
        If an argument is out of range or there are more spikes than columns.

    Examples
    --------
    >>> r = simulate_additive_spikes(2.0, 0.5, 100, seed=0)
    >>> r["evals"].shape
    (1, 100)
    """
    th = np.atleast_1d(_thetas(thetas, "thetas")).ravel()
    if th.size == 0:
        raise ValueError("thetas must hold at least one strength")
    g = _gamma(gamma)
    M = check_int(M, "M", minimum=2)
    if th.size > M:
        raise ValueError(f"thetas must hold at most M = {M} strengths, got {th.size}")
    n_trials = check_int(n_trials, "n_trials", minimum=1)
    N = max(M, int(round(M / g)))
    rng = _rng(seed)
    r = th.size
    evals = np.empty((n_trials, M))
    ou, ov = np.empty(n_trials), np.empty(n_trials)
    for t in range(n_trials):
        X = rng.standard_normal((N, M)) / math.sqrt(N)
        U, _ = np.linalg.qr(rng.standard_normal((N, r)))
        V, _ = np.linalg.qr(rng.standard_normal((M, r)))
        W = X + (U * th) @ V.T
        Uh, s, Vh = np.linalg.svd(W, full_matrices=False)
        evals[t] = s ** 2
        ou[t] = float(Uh[:, 0] @ U[:, 0]) ** 2
        ov[t] = float(Vh[0] @ V[:, 0]) ** 2
    return dict(evals=evals, overlap_u=ou, overlap_v=ov, N=N, M=M)


# --------------------------------------------------------------------------------------------------
# Heavy-tailed self-regularization in a small MLP on scikit-learn's digits
# --------------------------------------------------------------------------------------------------

def load_digits_split(test_size: float = 0.3, seed=0):
    """scikit-learn's bundled 8×8 digits (no download), standardized, in a stratified train/test split.

    Parameters
    ----------
    test_size : float, default 0.3
        Fraction of the 1,797 images held out, in (0, 1).
    seed : int, numpy.random.Generator or None, default 0
        Seed of the split.

    Returns
    -------
    tuple of numpy.ndarray
        ``(X_train, X_test, y_train, y_test)``; the pixels are scaled to [0, 1] and standardized with the
        training set's mean and standard deviation.

    Raises
    ------
    ValueError
        If ``test_size`` is outside (0, 1) or ``seed`` is invalid.

    Examples
    --------
    >>> from heavytail.spectra import load_digits_split
    >>> Xtr, Xte, ytr, yte = load_digits_split()
    >>> Xtr.shape, Xte.shape
    ((1257, 64), (540, 64))
    """
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    test_size = check_in_range(test_size, "test_size", 0.0, 1.0, lo_open=True, hi_open=True)
    X, y = load_digits(return_X_y=True)
    X = X / 16.0
    rs = int(_rng(seed).integers(2**31 - 1))
    Xtr, Xte, ytr, yte = train_test_split(X, y, test_size=test_size, stratify=y, random_state=rs)
    mu, sd = Xtr.mean(0), Xtr.std(0) + 1e-6
    return (Xtr - mu) / sd, (Xte - mu) / sd, ytr, yte


def train_mlp_track_alpha(hidden=(512, 512), epochs: int = 60, lr: float = 0.1, batch_size: int = 32,
                          momentum: float = 0.0, label_noise: float = 0.0, seed: int = 0,
                          track_every: int = 1, progress: bool = False):
    """Train an MLP on the digits with SGD and track, per layer and epoch, the ESD power-law α.

    ``label_noise`` replaces that fraction of the training labels by uniformly random classes. Every
    ``track_every`` epochs (and at initialization, epoch 0), for each hidden-layer weight matrix with at least
    50 eigenvalues, records the WeightWatcher-style α, λ_min, n_tail, KS distance, the MP bulk fit (σ², number
    of spikes) and the largest eigenvalue, together with the test accuracy, the training accuracy on the clean
    labels (``train_acc``) and on the labels actually used for training (``train_acc_used``, which differ when
    ``label_noise > 0``). If SGD diverges (a weight becomes infinite or NaN) training stops and a last row per
    layer is recorded with ``diverged=True`` and NaN in place of the measurements. Uses torch with one thread;
    deterministic for a given seed.

    Parameters
    ----------
    hidden : sequence of int, default (512, 512)
        Widths of the hidden layers, each >= 1.
    epochs : int, default 60
        Training epochs, >= 1.
    lr : float, default 0.1
        SGD learning rate, > 0.
    batch_size : int, default 32
        Mini-batch size, >= 1.
    momentum : float, default 0
        SGD momentum, >= 0.
    label_noise : float, default 0
        Fraction of training labels replaced by random classes, in [0, 1].
    seed : int, default 0
        Seed of the split, the initialization, the batches and the noisy labels.
    track_every : int, default 1
        Epochs between measurements, >= 1.
    progress : bool, default False
        Show a progress bar.

    Returns
    -------
    tuple
        ``(history, model)``: a pandas DataFrame with one row per measured epoch and layer (``epoch``,
        ``layer``, ``alpha``, ``xmin``, ``n_tail``, ``ks``, ``lambda_max``, ``mp_sigma2``, ``n_spikes``, the
        accuracies and ``diverged``), and the trained torch module.

    Raises
    ------
    ValueError
        If an argument is out of range.
    TypeError
        If ``hidden`` is not a sequence of integers or ``progress`` is not a bool.

    Examples
    --------
    >>> from heavytail.spectra import train_mlp_track_alpha
    >>> history, model = train_mlp_track_alpha(hidden=(64,), epochs=1, seed=0)
    >>> history.epoch.tolist(), history.layer.tolist()
    ([0, 1], ['fc1', 'fc1'])
    """
    import pandas as pd
    import torch
    from tqdm.auto import tqdm

    if isinstance(hidden, (str, bytes)) or not hasattr(hidden, "__iter__"):
        raise TypeError(f"hidden must be a sequence of layer widths, got {hidden!r}")
    hidden = tuple(check_int(h, "hidden", minimum=1) for h in hidden)
    if not hidden:
        raise ValueError("hidden must list at least one layer width, got ()")
    epochs = check_int(epochs, "epochs", minimum=1)
    lr = check_positive(lr, "lr")
    batch_size = check_int(batch_size, "batch_size", minimum=1)
    momentum = check_in_range(momentum, "momentum", 0.0, 1.0, hi_open=True)
    label_noise = check_in_range(label_noise, "label_noise", 0.0, 1.0)
    seed = check_int(seed, "seed", minimum=0)
    track_every = check_int(track_every, "track_every", minimum=1)
    progress = check_bool(progress, "progress")

    torch.set_num_threads(1)
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    Xtr, Xte, ytr, yte = load_digits_split(seed=seed)
    ytr_used = ytr.copy()
    if label_noise > 0:
        flip = rng.random(ytr.size) < label_noise
        ytr_used[flip] = rng.integers(0, 10, flip.sum())
    Xtr_t, Xte_t = torch.tensor(Xtr, dtype=torch.float32), torch.tensor(Xte, dtype=torch.float32)
    ytr_t, yte_t = torch.tensor(ytr_used), torch.tensor(yte)
    ytr_clean = torch.tensor(ytr)

    sizes = (Xtr.shape[1],) + hidden + (10,)
    layers = []
    for i in range(len(sizes) - 1):
        layers.append(torch.nn.Linear(sizes[i], sizes[i + 1]))
        if i < len(sizes) - 2:
            layers.append(torch.nn.ReLU())
    model = torch.nn.Sequential(*layers)
    linears = [(f"fc{j + 1}", m) for j, m in enumerate(x for x in model if isinstance(x, torch.nn.Linear))]
    tracked = [(name, m) for name, m in linears if min(m.weight.shape) >= 50]
    if not tracked:
        raise ValueError(
            f"hidden must have a width >= 50 for some layer (an ESD needs enough eigenvalues), got {hidden}"
        )
    # plain SGD (with optional heavy-ball momentum) written out: importing torch.optim pulls in
    # torch._dynamo, which costs several seconds of start-up for a 20-line update rule
    params = list(model.parameters())
    bufs = [torch.zeros_like(p) for p in params]
    loss_fn = torch.nn.CrossEntropyLoss()
    gen = torch.Generator().manual_seed(seed)
    rows = []

    def record(epoch, loss, diverged=False):
        if diverged:  # weights overflowed: no spectrum and no meaningful prediction to measure
            for name, m in tracked:
                rows.append(dict(epoch=epoch, layer=name, shape=f"{m.weight.shape[0]}x{m.weight.shape[1]}",
                                 alpha=np.nan, xmin=np.nan, n_tail=0, ks=np.nan, lambda_max=np.nan,
                                 mp_sigma2=np.nan, n_spikes=0, train_loss=loss, train_acc=np.nan,
                                 train_acc_used=np.nan, test_acc=np.nan, diverged=True))
            return
        with torch.no_grad():
            test_acc = float((model(Xte_t).argmax(1) == yte_t).float().mean())
            pred_tr = model(Xtr_t).argmax(1)
            train_acc = float((pred_tr == ytr_clean).float().mean())
            train_acc_used = float((pred_tr == ytr_t).float().mean())
        for name, m in tracked:
            W = m.weight.detach().numpy().astype(float)
            ev = esd(W)
            fit = fit_esd_power_law(ev, is_evals=True)
            gamma = min(W.shape) / max(W.shape)
            mp = mp_bulk_fit(ev, gamma)
            rows.append(dict(epoch=epoch, layer=name, shape=f"{W.shape[0]}x{W.shape[1]}", alpha=fit.alpha,
                             xmin=fit.xmin, n_tail=fit.n_tail, ks=fit.ks, lambda_max=float(ev.max()),
                             mp_sigma2=mp["sigma2"], n_spikes=mp["n_spikes"], train_loss=loss,
                             train_acc=train_acc, train_acc_used=train_acc_used, test_acc=test_acc,
                             diverged=False))

    record(0, float("nan"))
    n = Xtr_t.shape[0]
    for epoch in tqdm(range(1, epochs + 1), disable=not progress, desc="epochs"):
        perm = torch.randperm(n, generator=gen)
        total = 0.0
        for start in range(0, n, batch_size):
            idx = perm[start:start + batch_size]
            for p in params:
                p.grad = None
            loss = loss_fn(model(Xtr_t[idx]), ytr_t[idx])
            loss.backward()
            with torch.no_grad():
                for p, buf in zip(params, bufs):
                    if momentum > 0:
                        buf.mul_(momentum).add_(p.grad)
                        p.sub_(lr * buf)
                    else:
                        p.sub_(lr * p.grad)
            total += float(loss.detach()) * idx.numel()
        if not all(bool(torch.isfinite(p).all()) for p in params):
            record(epoch, float("nan"), diverged=True)  # SGD blew up: stop and say so
            break
        if epoch % track_every == 0 or epoch == epochs:
            record(epoch, total / n)
    return pd.DataFrame(rows), model
