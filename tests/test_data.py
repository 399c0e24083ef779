"""Tests of heavytail.data: the counts loader, the is_corrects loader, thinning, the simulated stand-in."""

import hashlib
import os
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from heavytail import data

FIX = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).resolve().parents[1]


def test_load_counts_fixture():
    df = data.load_counts(FIX / "counts_tiny.csv")
    assert list(df.columns) == ["model", "problem", "n", "c"]
    assert df["c"].tolist() == [3, 0, 50, 10, 1, 0]


def test_load_counts_accepts_shared_schema(tmp_path):
    p = tmp_path / "x.csv"
    p.write_text("model,benchmark,problem_idx,n,c\nM,MATH,5,10,2\nM,MATH,6,10,0\n")
    df = data.load_counts(p)
    assert df["problem"].tolist() == [5, 6]
    assert df["benchmark"].tolist() == ["MATH", "MATH"]


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
    src.to_parquet(tmp_path / "t.parquet")  # pyarrow is pinned: this must work, never skip
    df2 = data.counts_from_samples(tmp_path / "t.parquet")
    assert df2["c"].tolist() == [3, 0, 5]


def test_load_counts_reads_parquet(tmp_path):
    data.load_counts(FIX / "counts_tiny.csv").to_parquet(tmp_path / "c.parquet")
    assert data.load_counts(tmp_path / "c.parquet")["c"].tolist() == [3, 0, 50, 10, 1, 0]
    (tmp_path / "bad.parquet").write_text("not parquet")
    with pytest.raises(ValueError, match="parquet"):
        data.load_counts(tmp_path / "bad.parquet")


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
    with pytest.raises(ValueError, match="directory"):
        data.counts_from_samples(tmp_path)


def test_thin_counts_is_hypergeometric():
    n = np.full(20000, 100)
    c = np.full(20000, 30)
    sub = data.thin_counts(n, c, 10, np.random.default_rng(0))
    assert sub.max() <= 10 and abs(sub.mean() - 3.0) < 0.05
    assert (data.thin_counts(n[:5], c[:5], 100, 1) == 30).all()
    with pytest.raises(ValueError, match="n_new"):
        data.thin_counts(n[:5], c[:5], 101, 0)


def test_simulated_benchmark_only_by_name(tmp_path):
    df = data.simulated_benchmark(32, 1000, seed=1)
    assert set(df["model"]) == set(data.SIMULATED_PARAMS)
    assert (df["c"] <= df["n"]).all() and len(df) == 32 * 7
    assert df.equals(data.simulated_benchmark(32, 1000, seed=1))
    src = data.load_source("simulated", n_problems=16, n_samples=100)
    assert src.simulated and len(src.models) == 7 and src.path is None
    n, c = src.model("Pythia 70M")
    assert n.shape == (16,)
    with pytest.raises(ValueError, match="model must be one of"):
        src.model("nope")
    with pytest.raises(ValueError, match="models must be among"):
        data.simulated_benchmark(4, 10, models=["x"])


@pytest.mark.parametrize("loader", [data.load_source, data.load_or_simulate])
def test_a_missing_path_is_an_error_never_the_stand_in(tmp_path, loader):
    with pytest.raises(FileNotFoundError, match="absent.csv"):
        loader(tmp_path / "absent.csv")
    with pytest.raises(FileNotFoundError, match=r"typo\.csv.*working directory"):
        loader("typo.csv")
    with pytest.raises(ValueError, match="directory"):
        loader(tmp_path)


def test_load_source_real_fixture_and_default():
    src = data.load_source(FIX / "counts_tiny.csv")
    assert not src.simulated and src.models == ["A", "B"]
    real = data.load_source()
    assert real.name == data.PYTHIA_MATH and not real.simulated
    assert real.models == data.MODEL_ORDER and len(real.counts) == 896
    assert (real.counts["n"] == 10_000).all()
    unsolved = [int((real.model(m)[1] == 0).sum()) for m in data.MODEL_ORDER]
    assert unsolved == [94, 55, 44, 33, 24, 21, 16]


def test_relative_paths_resolve_against_the_working_directory_only(tmp_path, monkeypatch):
    """A file of the same name in the repository root (or anywhere else) is never picked up."""
    here, elsewhere = tmp_path / "here", tmp_path / "elsewhere"
    here.mkdir()
    elsewhere.mkdir()
    (here / "their.csv").write_text("problem,n,c\n0,10,1\n")
    (elsewhere / "their.csv").write_text("problem,n,c\n0,10,9\n1,10,9\n")
    monkeypatch.chdir(here)
    assert data.resolve_counts_path("their.csv") == here / "their.csv"
    assert data.load_counts("their.csv")["c"].tolist() == [1]
    assert data.load_source("their.csv").path == here / "their.csv"
    monkeypatch.chdir(ROOT)
    assert data.resolve_counts_path("their.csv") == ROOT / "their.csv"
    with pytest.raises(FileNotFoundError):
        data.load_counts("their.csv")  # not ROOT/../here, not the package folder
    monkeypatch.chdir(elsewhere)
    assert data.load_counts("their.csv")["c"].tolist() == [9, 9]
    # the names of the two built-in sources win over files of that name; ./name reads the file
    (elsewhere / "simulated").write_text("problem,n,c\n0,10,1\n")
    assert data.load_source("simulated", n_problems=2, n_samples=5).simulated
    assert not data.load_source("./simulated").simulated


def test_shipped_counts_match_data_folder_and_readme():
    """One data set, two copies (repository data/ and package data): identical, with the README's SHA-256."""
    shipped = data.bundled_counts_path()
    repo = ROOT / "data" / data.COUNTS_FILE
    digest = hashlib.sha256(repo.read_bytes()).hexdigest()
    assert digest == data.COUNTS_SHA256
    assert hashlib.sha256(shipped.read_bytes()).hexdigest() == digest, "src/heavytail/bundled != data/"
    assert digest in (ROOT / "data" / "README.md").read_text()
    for lic in ("LICENSE-monkey_business",):
        text = (ROOT / "data" / lic).read_text()
        assert "MIT License" in text and re.search(r"Copyright \(c\) 2024 ", text)
        assert (shipped.parent / lic).read_text() == text
    assert len(pd.read_csv(repo)) == 896


def test_package_data_is_declared():
    import tomllib

    tool = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]
    cfg = tool["setuptools"]["package-data"]["heavytail"]
    shipped = data.bundled_counts_path().parent
    for pattern in cfg:
        assert list(shipped.parent.glob(pattern)), pattern
    assert {p.name for p in shipped.iterdir() if any(p.match(g.split("/")[-1]) for g in cfg)} >= {
        data.COUNTS_FILE, "LICENSE-monkey_business"}


@pytest.mark.parametrize("frame, match", [
    (pd.DataFrame({"n": [True, False], "c": [0, 0]}), "booleans"),
    (pd.DataFrame({"n": [10], "c": [1 + 2j]}), "complex"),
    (pd.DataFrame({"n": pd.to_datetime(["2020-01-01"]), "c": [1]}), "dates"),
    (pd.DataFrame({"n": pd.to_timedelta(["1D"]), "c": [1]}), "time spans"),
    (pd.DataFrame({"n": [2 ** 64], "c": [0]}), "64-bit"),
    (pd.DataFrame({"n": [str(10 ** 30)], "c": ["0"]}), "64-bit"),
    (pd.DataFrame({"n": [1e17], "c": [1]}), "2\\^53"),
    (pd.DataFrame({"n": [2 ** 53 + 1], "c": [2 ** 53 + 2]}), r"c=9007199254740994 > n=9007199254740993"),
    (pd.DataFrame({"n": [10, 10], "c": ["3", "x"]}), r"'c' must hold integers, got 'x' at row 1"),
    (pd.DataFrame({"n": [10], "c": [True]}, dtype=object), "integers"),
])
def test_validate_counts_is_exact(frame, match):
    with pytest.raises(ValueError, match=match):
        data.validate_counts(frame)


def test_huge_counts_in_a_csv(tmp_path):
    p = tmp_path / "big.csv"
    p.write_text("problem,n,c\n0,9223372036854775808,1\n")
    with pytest.raises(ValueError, match="64-bit"):
        data.load_counts(p)
    p.write_text("problem,n,c\n0,18446744073709551616,1\n")
    with pytest.raises(ValueError, match="64-bit"):
        data.load_counts(p)
    p.write_text("problem,n,c\n0,9007199254740993,9007199254740994\n")
    with pytest.raises(ValueError, match="c must not exceed n"):
        data.load_counts(p)
    p.write_text("problem,n,c\n0,9007199254740995,9007199254740993\n")
    assert data.load_counts(p)["c"].tolist() == [9007199254740993]


def test_benchmark_column_separates_problems(tmp_path):
    p = tmp_path / "two.csv"
    p.write_text("model,benchmark,problem,n,c\nM,A,0,10,1\nM,B,0,10,2\n")
    src = data.load_source(p)
    assert len(src.counts) == 2  # the same problem id in two benchmarks is not a duplicate
    with pytest.raises(ValueError, match="several benchmarks"):
        src.model("M")
    assert src.model("M", benchmark="B")[1].tolist() == [2]


def test_notice_renders_without_sphinx():
    sim = data.load_source("simulated", n_problems=4, n_samples=10).notice("Extra <b>.")
    html = sim._repr_html_()
    assert "Simulated stand-in, not data." in html and "&lt;b&gt;" in html and "<div" in html
    assert repr(sim).startswith("WARNING: Simulated stand-in")
    assert "Extra" in sim._repr_markdown_()
    real = data.load_source().notice()
    assert "Pythia/MATH counts shipped with heavytail" in real._repr_html_()
    assert "WARNING" not in repr(real)


# ---- the repository: nothing reads data from outside it ----------------------------------------------------
_OUTSIDE = re.compile(re.escape("..") + r"[/\\]+" + "shared" + r"\b|/work/" + "shared")
_SCANNED = ["notebooks", "src", "tools", "book", "bench", "tests", ".ci", ".github", "binder"]
_SCANNED_FILES = ["Makefile", "_config.yml", "_toc.yml", "environment.yml", "pyproject.toml", "README.md",
                  "data/README.md"]


def test_nothing_in_the_project_reads_outside_the_repository():
    """A user's clone has nothing beside it: no notebook, module, tool, page or build file points at the
    shared folder beside the project's own checkouts."""
    files = [ROOT / f for f in _SCANNED_FILES if (ROOT / f).exists()]
    for d in _SCANNED:
        if (ROOT / d).is_dir():
            files += [p for p in (ROOT / d).rglob("*") if p.is_file() and "__pycache__" not in p.parts
                      and not any(part.endswith(".egg-info") for part in p.parts)  # written by pip
                      and p.suffix not in (".png", ".pyc", ".parquet")]
    offenders = []
    for p in files:
        try:
            text = p.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        offenders += [f"{p.relative_to(ROOT)}:{i}" for i, line in enumerate(text.splitlines(), 1)
                      if _OUTSIDE.search(line)]
    assert not offenders, f"these lines point outside the repository: {offenders}"


def test_no_page_falls_back_to_the_stand_in():
    """Notebooks load counts through load_source (a missing file fails); the stand-in only by name."""
    for nb in sorted((ROOT / "notebooks").rglob("*.md")):
        text = nb.read_text(encoding="utf-8")
        assert "load_or_simulate" not in text, f"{nb.name}: use data.load_source (no silent fallback)"
        if "counts_path" in text:
            assert re.search(r'^counts_path = "pythia-math"$', text, re.M), nb.name
            assert "src.notice(" in text, f"{nb.name}: show which data the page ran on (src.notice())"


# ---- a user's clone, with nothing beside it ----------------------------------------------------------------
def test_a_fresh_clone_runs_part2_on_the_shipped_counts(tmp_path):
    """``git clone`` (committed files only, nothing beside the clone), then a reader runs one downloaded
    Part II notebook in an empty folder with the clone's package: it must run on the real counts, and a
    mistyped ``counts_path`` must fail the run instead of falling back to the stand-in. The wheel built from
    the clone carries the counts as package data."""
    import subprocess
    import sys

    import jupytext

    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True, timeout=120)
    assert not (tmp_path / "shared").exists()
    assert (clone / "data" / data.COUNTS_FILE).is_file()
    reader = tmp_path / "reader"
    reader.mkdir()
    nb = reader / "forecast.ipynb"
    source = clone / "notebooks" / "part2_sampling" / "07_forecast_your_own_counts.md"
    jupytext.write(jupytext.read(source), nb)
    env = {**os.environ, "PYTHONPATH": str(clone / "src"), "MPLBACKEND": "Agg", "OMP_NUM_THREADS": "1"}
    where = subprocess.run([sys.executable, "-c", "import heavytail; print(heavytail.__file__)"], cwd=reader,
                           env=env, capture_output=True, text=True, check=True)
    assert where.stdout.strip().startswith(str(clone / "src")), where.stdout
    run = subprocess.run([sys.executable, "-m", "papermill", str(nb), str(reader / "out.ipynb"), "-p",
                          "quick", "True", "--cwd", str(reader)], cwd=reader, env=env, capture_output=True,
                         text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-3000:]
    out = (reader / "out.ipynb").read_text()
    assert "Pythia/MATH counts shipped with heavytail" in out
    assert "Simulated stand-in" not in out
    # a plain (non-editable) install gets the counts too: they are in the wheel, with their license
    from importlib.metadata import PackageNotFoundError, version

    try:  # build offline with the installed setuptools when it is recent enough for pyproject.toml
        offline = int(version("setuptools").split(".")[0]) >= 77
    except PackageNotFoundError:
        offline = False
    wheel = subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
                            *(["--no-build-isolation"] if offline else []), "-w", str(tmp_path / "dist"),
                            str(clone)], capture_output=True, text=True, timeout=300)
    assert wheel.returncode == 0, wheel.stderr[-2000:]
    import zipfile

    names = zipfile.ZipFile(next((tmp_path / "dist").glob("heavytail-*.whl"))).namelist()
    shipped = {f"heavytail/bundled/{data.COUNTS_FILE}", "heavytail/bundled/LICENSE-monkey_business"}
    assert shipped <= set(names)
    typo = subprocess.run([sys.executable, "-m", "papermill", str(nb), str(reader / "typo.ipynb"), "-p",
                           "counts_path", "typo.csv", "-p", "quick", "True", "--cwd", str(reader)],
                          cwd=reader,
                          env=env, capture_output=True, text=True, timeout=600)
    assert typo.returncode != 0 and "typo.csv" in typo.stderr + typo.stdout


def test_groups_are_every_model_and_benchmark(tmp_path):
    p = tmp_path / "g.csv"
    p.write_text("model,benchmark,problem,n,c\nM,A,0,10,1\nM,B,0,10,2\nN,A,0,10,3\n")
    assert data.load_source(p).groups == [("M", "A"), ("M", "B"), ("N", "A")]
    assert data.load_source(FIX / "counts_tiny.csv").groups == [("A", None), ("B", None)]
    p.write_text("problem,n,c\n0,10,1\n")
    src = data.load_source(p)
    assert src.groups == [("(all)", None)] and src.benchmarks == []
    assert src.model(*src.groups[0])[1].tolist() == [1]
