"""Tests of heavytail.deviations: benchmarks that break the power law, and the local-slope diagnostic."""

import numpy as np
import pytest

from heavytail import deviations, passk


def test_deviation_scenarios_and_local_slope():
    ks = np.logspace(0, 6, 25)
    km, sl = deviations.local_slope(
        ks, deviations.exact_curve(deviations.scenario("power_law", 4000, seed=0), ks)
    )
    assert np.all(np.abs(sl[-6:] - 0.33) < 0.08)
    _, sl_gap = deviations.local_slope(
        ks, deviations.exact_curve(deviations.scenario("no_left_tail", 500, seed=0), ks)
    )
    assert sl_gap.max() > 5
    p = deviations.scenario("floor", 100, seed=0, floor_fraction=0.2)
    assert (p == 0).sum() == 20
    assert np.isclose(float(passk.neg_log_pass_at_k(p, 1e14)), -np.log(0.8), rtol=0.02)
    assert deviations.scenario("bimodal", 100, seed=0, hard_fraction=0.3).min() < 1e-3
    with pytest.raises(ValueError, match="kind"):
        deviations.scenario("weird")
    with pytest.raises(ValueError, match="floor_fraction"):
        deviations.scenario("floor", floor_fraction=1.0)
    with pytest.raises(ValueError, match="same length"):
        deviations.local_slope([1.0, 2.0], [1.0])
    with pytest.raises(ValueError, match="ks must be > 0"):
        deviations.local_slope([0.0, 2.0], [1.0, 0.5])
