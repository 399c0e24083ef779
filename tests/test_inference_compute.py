import numpy as np
import pandas as pd
import pytest

from heavytail import inference_compute as ic
from heavytail.passk import pass_at_k


def _counts():
    return pd.DataFrame({"model": ["small"] * 3 + ["large"] * 3, "n": 100,
                         "c": [30, 2, 0, 60, 40, 5]})


def test_curves_put_every_model_on_one_compute_axis():
    cur = ic.compute_matched_curves(_counts(), {"small": 1.0, "large": 8.0}, ks=[1, 10, 100])
    assert list(dict.fromkeys(cur["model"])) == ["small", "large"]
    assert np.allclose(cur["compute"], cur["params"] * cur["k"])
    small = cur[cur["model"] == "small"]
    expected = pass_at_k(np.full(3, 100), np.array([30, 2, 0]), 10).mean()
    assert np.isclose(small.loc[small["k"] == 10, "pass_at_k"].iloc[0], expected)
    assert np.all(np.diff(small["pass_at_k"]) >= 0)   # pass@k grows with k


def test_default_ks_span_one_to_n():
    cur = ic.compute_matched_curves(_counts(), {"small": 1.0, "large": 8.0})
    assert cur["k"].min() == 1 and cur["k"].max() == 100


def test_best_model_respects_each_models_sample_range():
    cur = ic.compute_matched_curves(_counts(), {"small": 1.0, "large": 8.0}, ks=[1, 10, 100])
    best = ic.best_model_by_compute(cur, [0.5, 1.0, 8.0, 800.0, 1e4])
    assert best["best_model"].tolist()[0] is None and best["n_candidates"].tolist() == [0, 1, 2, 1, 0]
    assert best["best_model"].iloc[1] == "small" and best["best_model"].iloc[3] == "large"
    # at C = 8: small with 8 samples vs large with 1 sample, whichever is higher
    s8 = np.interp(np.log(8), np.log([1, 10, 100]), cur[cur.model == "small"]["pass_at_k"])
    l1 = cur[(cur.model == "large") & (cur.k == 1)]["pass_at_k"].iloc[0]
    assert best["best_model"].iloc[2] == ("small" if s8 > l1 else "large")
    assert np.isclose(best["pass_at_k"].iloc[2], max(s8, l1))


def test_crossover_is_where_the_difference_changes_sign():
    df = pd.DataFrame({"model": ["a"] * 2 + ["b"] * 2, "n": 100, "c": [100, 1, 100, 40]})
    cur = ic.compute_matched_curves(df, {"a": 1.0, "b": 10.0})
    x = ic.crossover_budgets(cur, "a", "b")
    assert x.size == 1 and 10 < x[0] < 100
    best_lo, best_hi = ic.best_model_by_compute(cur, [x[0] / 1.5, 100.0])["best_model"]   # a ends at C = 100
    assert (best_lo, best_hi) == ("b", "a")
    assert ic.crossover_budgets(cur, "b", "a").size == 1


def test_no_overlap_means_no_crossing():
    df = pd.DataFrame({"model": ["a", "b"], "n": 10, "c": [1, 5]})
    cur = ic.compute_matched_curves(df, {"a": 1.0, "b": 1000.0})
    assert ic.crossover_budgets(cur, "a", "b").size == 0


def test_pythia_counts_are_the_official_ones():
    assert ic.PYTHIA_PARAMS["Pythia 70M"] == (70_426_624, 18_915_328)
    assert ic.PYTHIA_PARAMS["Pythia 12B"] == (11_846_072_320, 11_327_027_200)
    assert all(t > ne for t, ne in ic.PYTHIA_PARAMS.values())


@pytest.mark.parametrize("bad", [{"small": 1.0}, {"small": 1.0, "large": 0}, {"small": 1.0, "large": "x"}])
def test_missing_or_bad_parameter_counts_are_errors(bad):
    with pytest.raises(ValueError, match="n_params"):
        ic.compute_matched_curves(_counts(), bad)
