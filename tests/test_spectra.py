"""Tests of heavytail.spectra: MP closed forms, heavy-tailed ESDs, BBP formulas, the tracked MLP."""

import math
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import integrate

from heavytail import spectra as S
from heavytail import spectra


# ---------------------------------------------------------------- Marchenko–Pastur

@pytest.mark.parametrize("gamma", [0.1, 0.5, 1.0])
def test_mp_density_moments_match_narayana(gamma):
    lo, hi = S.mp_edges(gamma)
    for k in range(0, 4):
        val, _ = integrate.quad(lambda x: x ** k * S.mp_pdf(np.array([x]), gamma)[0], lo, hi, limit=200)
        assert val == pytest.approx(S.mp_moment(k, gamma), rel=1e-6)
    assert S.mp_moment(2, gamma) == pytest.approx(1 + gamma)
    assert S.mp_moment(3, gamma) == pytest.approx(1 + 3 * gamma + gamma ** 2)


@settings(max_examples=25, deadline=None)
@given(gamma=st.floats(0.05, 1.0), s2=st.floats(0.1, 10.0))
def test_mp_cdf_is_a_cdf(gamma, s2):
    lo, hi = S.mp_edges(gamma, s2)
    x = np.linspace(lo - 1, hi + 1, 50)
    F = S.mp_cdf(x, gamma, s2)
    assert np.all(np.diff(F) >= -1e-12) and F[0] == 0.0 and F[-1] == 1.0


def test_gaussian_esd_matches_mp_moments_and_edges():
    ev = S.esd(S.random_matrix(1200, 600, seed=0))
    g = 0.5
    assert ev.mean() == pytest.approx(S.mp_moment(1, g), rel=0.01)
    assert (ev ** 2).mean() == pytest.approx(S.mp_moment(2, g), rel=0.02)
    lo, hi = S.mp_edges(g)
    assert ev.min() == pytest.approx(lo, abs=0.03) and ev.max() == pytest.approx(hi, abs=0.08)
    fit = S.mp_bulk_fit(ev, g)
    assert fit["sigma2"] == pytest.approx(1.0, rel=0.02) and fit["n_spikes"] <= 2


def test_esd_transposes_and_normalizes():
    W = S.random_matrix(30, 60, seed=1)
    np.testing.assert_allclose(S.esd(W), S.esd(W.T))
    np.testing.assert_allclose(S.esd(W, normalize=False) / 60, S.esd(W))


@pytest.mark.parametrize("mu", [1.0, 1.5])
def test_heavy_tailed_esd_alpha_near_martin_mahoney(mu):
    fit = S.fit_esd_power_law(S.random_matrix(1000, 500, mu, seed=2))
    assert fit.alpha == pytest.approx(S.martin_mahoney_alpha(mu), abs=0.25)


def test_esd_fit_agrees_with_powerlaw_package():
    powerlaw = pytest.importorskip("powerlaw")
    ev = S.esd(S.random_matrix(400, 200, 1.5, seed=3))
    ours = S.fit_esd_power_law(ev, is_evals=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ref = powerlaw.Fit(ev, xmin=ours.xmin, verbose=False, parameter_ranges={"alpha": [1.0, 20.0]})
    assert ours.alpha == pytest.approx(ref.power_law.alpha, rel=1e-3)


# ---------------------------------------------------------------- BBP

def test_bbp_closed_forms_continuous_at_threshold():
    g = 0.3
    lc = S.bbp_threshold(g)
    assert S.bbp_top_eigenvalue(lc + 1e-9, g) == pytest.approx((1 + math.sqrt(g)) ** 2, rel=1e-6)
    assert S.bbp_overlap(lc + 1e-9, g) == pytest.approx(0.0, abs=1e-6)
    assert S.bbp_overlap(1e6, g) == pytest.approx(1.0, abs=1e-5)


@pytest.mark.parametrize("ell", [1.2, 2.5, 4.0])
def test_bbp_simulation_matches_formula(ell):
    g = 0.5
    r = S.simulate_spiked_covariance(ell, g, 300, seed=4, n_trials=4)
    assert r["top"].mean() == pytest.approx(S.bbp_top_eigenvalue(ell, g), rel=0.04)
    if ell > S.bbp_threshold(g) + 0.5:
        assert r["overlap"].mean() == pytest.approx(S.bbp_overlap(ell, g), abs=0.06)
    else:
        assert r["overlap"].mean() < 0.1


# ---------------------------------------------------------------- the tracked MLP

def test_train_mlp_track_alpha_small_run():
    pytest.importorskip("torch")
    hist, _ = S.train_mlp_track_alpha(hidden=(64, 64), epochs=3, lr=0.1, seed=0)
    assert set(hist["layer"]) == {"fc1", "fc2"}
    assert hist["epoch"].max() == 3
    assert hist.loc[hist.epoch == 3, "test_acc"].iloc[0] > 0.8
    hist2, _ = S.train_mlp_track_alpha(hidden=(64, 64), epochs=3, lr=0.1, seed=0)
    np.testing.assert_allclose(hist["alpha"], hist2["alpha"])  # deterministic
    assert not hist["diverged"].any()


def test_train_mlp_reports_divergence():
    pytest.importorskip("torch")
    hist, _ = S.train_mlp_track_alpha(hidden=(64, 64), epochs=3, lr=5.0, batch_size=8, seed=0)
    last = hist[hist.epoch == hist.epoch.max()]
    assert last["diverged"].all() and last["alpha"].isna().all()


# ---------------------------------------------------------------- bad input

def test_bad_input():
    with pytest.raises(ValueError, match="gamma"):
        S.mp_edges(1.5)
    with pytest.raises(ValueError, match="gamma"):
        S.mp_edges(0.0)
    with pytest.raises(ValueError, match="W must not contain NaN"):
        S.esd(np.array([[1.0, np.nan], [0.0, 1.0]]))
    with pytest.raises(ValueError, match="W must not be empty"):
        S.esd(np.zeros((0, 3)))
    with pytest.raises(ValueError, match="ell must be >= 1"):
        S.bbp_overlap(0.5, 0.5)
    with pytest.raises(ValueError, match="mu must lie"):
        S.martin_mahoney_alpha(3.0)
    with pytest.raises(ValueError, match="sigma2"):
        S.mp_pdf([1.0], 0.5, -1.0)
    with pytest.raises(ValueError, match="hidden must have a width"):
        S.train_mlp_track_alpha(hidden=(8,), epochs=1)
    with pytest.raises(ValueError, match="label_noise"):
        S.train_mlp_track_alpha(epochs=1, label_noise=1.5)


def test_esd_alpha_matches_weightwatcher():
    ww = pytest.importorskip("weightwatcher")
    torch = pytest.importorskip("torch")
    import contextlib
    import io
    import logging
    W = S.random_matrix(400, 200, 1.5, seed=12)
    layer = torch.nn.Linear(200, 400, bias=False)
    with torch.no_grad():
        layer.weight.copy_(torch.tensor(W, dtype=torch.float32))
    model = torch.nn.Sequential(layer)
    logging.disable(logging.WARNING)
    try:
        with contextlib.redirect_stdout(io.StringIO()), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            details = ww.WeightWatcher(model=model).analyze(plot=False, mp_fit=False, randomize=False)
    finally:
        logging.disable(logging.NOTSET)
    ours = S.fit_esd_power_law(layer.weight.detach().numpy().astype(float))
    assert ours.alpha == pytest.approx(float(details.alpha.iloc[0]), rel=1e-6)


# ---- the essay's additive spike W = X + theta u v^T
# ----------------------------------------------------------

def test_additive_spike_threshold_and_continuity():
    g = 0.5
    tc = spectra.additive_spike_threshold(g)
    assert np.isclose(tc, 0.5 ** 0.25)
    # the outlier location meets the bulk edge continuously at the threshold, and the overlaps vanish there
    assert np.isclose(spectra.additive_spike_top_eigenvalue(tc * (1 + 1e-9), g), (1 + np.sqrt(g)) ** 2)
    ou, ov = spectra.additive_spike_overlaps(tc * (1 + 1e-9), g)
    assert abs(ou) < 1e-6 and abs(ov) < 1e-6


def test_additive_spike_simulation_matches_the_closed_forms():
    g = 0.5
    for th in (1.5, 3.0):
        r = spectra.simulate_additive_spikes(th, g, 300, seed=1, n_trials=3)
        assert np.isclose(r["evals"][:, 0].mean(), spectra.additive_spike_top_eigenvalue(th, g), rtol=0.03)
        ou, ov = spectra.additive_spike_overlaps(th, g)
        assert abs(r["overlap_u"].mean() - ou) < 0.04 and abs(r["overlap_v"].mean() - ov) < 0.04
    # below the threshold the top eigenvalue stays near the bulk edge
    r = spectra.simulate_additive_spikes(0.4, g, 300, seed=2, n_trials=2)
    assert r["evals"][:, 0].mean() < (1 + np.sqrt(g)) ** 2 * 1.03


def test_additive_spikes_with_orthonormal_directions_have_the_signal_singular_values():
    # with no noise left (huge theta), the top singular values are the thetas
    r = spectra.simulate_additive_spikes([300.0, 200.0, 100.0], 0.5, 50, seed=0)
    np.testing.assert_allclose(np.sqrt(r["evals"][0, :3]), [300.0, 200.0, 100.0], rtol=0.01)


@settings(max_examples=30, deadline=None)
@given(st.floats(0.05, 1.0), st.floats(0.0, 10.0))
def test_additive_spike_location_is_at_least_the_bulk_edge(g, th):
    assert spectra.additive_spike_top_eigenvalue(th, g) >= (1 + np.sqrt(g)) ** 2 * (1 - 1e-12)
    ou, ov = spectra.additive_spike_overlaps(th, g)
    assert 0 <= ou <= 1 and 0 <= ov <= 1
