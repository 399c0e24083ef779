"""Tests of heavytail.data: the counts loader, the is_corrects loader, thinning, the simulated stand-in."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from heavytail import data

FIX = Path(__file__).parent / "fixtures"


def test_load_counts_fixture():
    df = data.load_counts(FIX / "counts_tiny.csv")
    assert list(df.columns) == ["model", "problem", "n", "c"]
    assert df["c"].tolist() == [3, 0, 50, 10, 1, 0]


def test_load_counts_accepts_shared_schema(tmp_path):
    p = tmp_path / "x.csv"
    p.write_text("model,benchmark,problem_idx,n,c\nM,MATH,5,10,2\nM,MATH,6,10,0\n")
    df = data.load_counts(p)
    assert df["problem"].tolist() == [5, 6]
    assert "benchmark" not in df.columns


def test_load_counts_without_problem_column(tmp_path):
    p = tmp_path / "x.csv"
    p.write_text("n,c\n10,2\n10,0\n")
    assert data.load_counts(p)["problem"].tolist() == [0, 1]


@pytest.mark.parametrize("text, match", [
    ("problem,n\n0,10\n", "missing required column"),
    ("problem,n,c\n0,10,3\n1,10,\n", r"missing value in column 'c' at row 1"),
    ("problem,n,c\n0,10,3\n1,10,2.5\n", r"column 'c' must hold integers.*row 1"),
    ("problem,n,c\n0,10,3\n1,0,0\n", r"'n' must be >= 1.*row 1"),
    ("problem,n,c\n0,10,-1\n", r"'c' must be >= 0.*row 0"),
    ("problem,n,c\n0,10,3\n0,10,2\n", "duplicate"),
])
def test_load_counts_bad_input(tmp_path, text, match):
    p = tmp_path / "bad.csv"
    p.write_text(text)
    with pytest.raises(ValueError, match=match):
        data.load_counts(p)


def test_c_greater_than_n_names_row():
    with pytest.raises(ValueError, match=r"c=11 > n=10 at row 1"):
        data.load_counts(FIX / "counts_bad_c_gt_n.csv")


def test_missing_file_and_bad_types():
    with pytest.raises(FileNotFoundError):
        data.load_counts("no/such/file.csv")
    with pytest.raises(TypeError):
        data.load_counts(3)
    with pytest.raises(TypeError):
        data.validate_counts([1, 2])


def test_counts_from_samples_jsonl():
    df = data.counts_from_samples(FIX / "monkey_business_tiny.jsonl", model="tiny")
    assert df["problem"].tolist() == [3, 7, 9]
    assert df["n"].tolist() == [5, 5, 5]
    assert df["c"].tolist() == [3, 0, 5]
    assert (df["model"] == "tiny").all()


def test_counts_from_samples_rows_export_and_parquet(tmp_path):
    df = data.counts_from_samples(FIX / "monkey_business_tiny_rows.json")
    assert df["c"].tolist() == [1, 0] and df["n"].tolist() == [4, 4]
    src = pd.read_json(FIX / "monkey_business_tiny.jsonl", lines=True)
    try:
        src.to_parquet(tmp_path / "t.parquet")
    except ImportError:
        pytest.skip("no parquet engine")
    df2 = data.counts_from_samples(tmp_path / "t.parquet")
    assert df2["c"].tolist() == [3, 0, 5]


def test_counts_from_samples_bad(tmp_path):
    p = tmp_path / "x.jsonl"
    p.write_text('{"is_corrects": [true, 2]}\n')
    with pytest.raises(ValueError, match="row 0"):
        data.counts_from_samples(p)
    p2 = tmp_path / "y.jsonl"
    p2.write_text('{"other": [true]}\n')
    with pytest.raises(ValueError, match="is_corrects"):
        data.counts_from_samples(p2)
    with pytest.raises(ValueError, match="must end in"):
        (tmp_path / "z.txt").write_text("x")
        data.counts_from_samples(tmp_path / "z.txt")


def test_thin_counts_is_hypergeometric():
    n = np.full(20000, 100)
    c = np.full(20000, 30)
    sub = data.thin_counts(n, c, 10, np.random.default_rng(0))
    assert sub.max() <= 10 and abs(sub.mean() - 3.0) < 0.05
    assert (data.thin_counts(n[:5], c[:5], 100, 1) == 30).all()
    with pytest.raises(ValueError, match="n_new"):
        data.thin_counts(n[:5], c[:5], 101, 0)


def test_simulated_benchmark_and_fallback(tmp_path):
    df = data.simulated_benchmark(32, 1000, seed=1)
    assert set(df["model"]) == set(data.SIMULATED_PARAMS)
    assert (df["c"] <= df["n"]).all() and len(df) == 32 * 7
    assert df.equals(data.simulated_benchmark(32, 1000, seed=1))
    src = data.load_or_simulate(tmp_path / "absent.csv", n_problems=16, n_samples=100)
    assert src.simulated and len(src.models) == 7
    n, c = src.model("Pythia 70M")
    assert n.shape == (16,)
    with pytest.raises(ValueError, match="model must be one of"):
        src.model("nope")
    with pytest.raises(ValueError, match="models must be among"):
        data.simulated_benchmark(4, 10, models=["x"])


def test_load_or_simulate_real_fixture():
    src = data.load_or_simulate(FIX / "counts_tiny.csv")
    assert not src.simulated and src.models == ["A", "B"]
