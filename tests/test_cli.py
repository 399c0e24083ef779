"""The command line ``python -m heavytail forecast`` as a user meets it, on hand-made and hostile counts.

Every bad input: exit status 2, exactly one line on stderr, nothing on stdout, no file written. Relative paths
are taken from the working directory only. One (model, benchmark) that cannot be fitted does not stop the
others (exit status 1, its row says why). Intervals that the data cannot support say so instead of ``nan``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from heavytail.__main__ import main

ROOT = Path(__file__).resolve().parents[1]
FIX = Path(__file__).parent / "fixtures"


def _good_counts(path: Path, models=("A",), benchmarks=None, P=40, n=200, seed=0) -> Path:
    rng = np.random.default_rng(seed)
    rows = []
    for m in models:
        for b in benchmarks or [None]:
            p = 0.3 * rng.beta(0.3, 3.0, size=P)
            for i in range(P):
                row = dict(model=m, problem=i, n=n, c=int(rng.binomial(n, p[i])))
                if b is not None:
                    row["benchmark"] = b
                rows.append(row)
    pd.DataFrame(rows).to_csv(path, index=False)
    return path


def _run(argv, capsys):
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def work(tmp_path, monkeypatch):
    """An empty working directory holding one good counts file, ``good.csv``."""
    monkeypatch.chdir(tmp_path)
    _good_counts(tmp_path / "good.csv")
    return tmp_path


def _files(d: Path):
    return sorted(str(p.relative_to(d)) for p in d.rglob("*"))


# ---- the table of bad inputs -------------------------------------------------------------------------------
def _setup_hostile(d: Path):
    (d / "adir").mkdir()
    (d / "sub.png").mkdir()
    (d / "empty.csv").write_text("")
    (d / "header.csv").write_text("problem,n,c\n")
    (d / "c_gt_n.csv").write_text("problem,n,c\n0,10,11\n")
    (d / "huge_n.csv").write_text("problem,n,c\n0,99999999999999999999,1\n")
    (d / "n_2_63.csv").write_text("problem,n,c\n0,9223372036854775808,1\n")
    (d / "big_c.csv").write_text("problem,n,c\n0,9007199254740993,9007199254740994\n")
    (d / "bools.csv").write_text("problem,n,c\n0,True,1\n")
    (d / "ragged.csv").write_text("problem,n,c\n0,10,3,4\n")
    (d / "binary.csv").write_bytes(b"\xff\xfe\x00\x01garbage\x00")
    (d / "counts.png").write_text("problem,n,c\n0,10,3\n1,10,0\n")
    os.symlink(d / "elsewhere_target.png", d / "link.png")


BAD = [
    (["forecast", "adir"], "directory"),
    (["forecast", "missing.csv"], "not found"),
    (["forecast", "/no/such/dir/counts.csv"], "not found"),
    (["forecast", "empty.csv"], "CSV"),
    (["forecast", "header.csv"], "no rows"),
    (["forecast", "c_gt_n.csv"], "c must not exceed n"),
    (["forecast", "huge_n.csv"], "64-bit"),
    (["forecast", "n_2_63.csv"], "64-bit"),
    (["forecast", "big_c.csv"], "c must not exceed n"),
    (["forecast", "bools.csv"], "booleans"),
    (["forecast", "ragged.csv"], "CSV"),
    (["forecast", "binary.csv"], "counts"),
    (["forecast", "good.csv", "--png", "nodir/x.png"], "does not exist"),
    (["forecast", "good.csv", "--png", "x.txt"], "unsupported figure format"),
    (["forecast", "good.csv", "--png", ""], "--png"),
    (["forecast", "good.csv", "--png", "sub.png"], "not a regular file"),
    (["forecast", "good.csv", "--png", "link.png"], "symbolic link"),
    (["forecast", "counts.png", "--png", "counts.png"], "counts file itself"),
    (["forecast", "good.csv", "--png", "x.png", "--no-figure"], "exclude"),
    (["forecast", "good.csv", "--k", str(2 ** 64)], "--k"),
    (["forecast", "good.csv", "--k", str(2 ** 53 + 1)], "--k"),
    (["forecast", "good.csv", "--k", "0"], "--k"),
    (["forecast", "good.csv", "--k", "-5"], "--k"),
    (["forecast", "good.csv", "--k", "1.5"], "--k"),
    (["forecast", "good.csv", "--k", "abc"], "--k"),
    (["forecast", "good.csv", "--k", "inf"], "--k"),
    (["forecast", "good.csv", "--k", "nan"], "--k"),
    (["forecast", "good.csv", "--level", "nan"], "--level"),
    (["forecast", "good.csv", "--level", "1"], "--level"),
    (["forecast", "good.csv", "--level", "0"], "--level"),
    (["forecast", "good.csv", "--level", "-inf"], "--level"),
    (["forecast", "good.csv", "--level", "nan", "--n-boot", "0"], "--level"),
    (["forecast", "good.csv", "--n-boot", "0"], "--n-boot"),
    (["forecast", "good.csv", "--n-boot", "-3"], "--n-boot"),
    (["forecast", "good.csv", "--n-boot", "10"], "too few"),
    (["forecast", "good.csv", "--n-boot", "1e300"], "--n-boot"),
    (["forecast", "good.csv", "--seed", "-1"], "--seed"),
    (["forecast", "good.csv", "--seed", "x"], "--seed"),
    (["forecast", "good.csv", "--method", "nope"], "--method"),
    (["forecast", "good.csv", "--bogus"], "unrecognized"),
    (["forecast", "good.csv", "--k"], "--k"),
    ([], "command"),
    (["nope"], "invalid choice"),
]


@pytest.mark.parametrize("argv, word", BAD, ids=[" ".join(a) or "(none)" for a, _ in BAD])
def test_bad_input_is_one_line_exit_2_nothing_written(work, capsys, argv, word):
    _setup_hostile(work)
    before = _files(work)
    code, out, err = _run(argv, capsys)
    assert code == 2, (out, err)
    assert out == "", "nothing may be printed to stdout before the input is checked"
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("heavytail forecast: error: "), err
    assert word in lines[0], lines[0]
    assert "Traceback" not in err
    assert _files(work) == before, "a bad input must not write any file"
    assert not (work / "elsewhere_target.png").exists()


# ---- outputs -----------------------------------------------------------------------------------------------
def test_png_gets_the_name_it_prints(work, capsys):
    code, out, err = _run(["forecast", "good.csv", "--png", "out", "--n-boot", "20"], capsys)
    assert code == 0, err
    assert (work / "out.png").is_file() and not (work / "out").exists()
    assert out.splitlines()[-1] == "figure: out.png"
    assert (work / "out.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    code, out, _ = _run(["forecast", "good.csv", "--png", "fig.svg", "--n-boot", "20"], capsys)
    assert code == 0 and (work / "fig.svg").read_text().lstrip().startswith("<?xml")
    code, out, _ = _run(["forecast", "good.csv", "--n-boot", "20"], capsys)  # default: <stem>_forecast.png
    assert code == 0 and out.splitlines()[-1] == "figure: good_forecast.png"
    assert (work / "good_forecast.png").is_file()
    assert not [p for p in work.iterdir() if p.name.startswith(".heavytail-")], "a temporary file was left"


def test_an_existing_figure_is_replaced_but_never_through_a_symlink(work, capsys):
    (work / "out.png").write_text("old")
    assert _run(["forecast", "good.csv", "--png", "out.png", "--n-boot", "20"], capsys)[0] == 0
    assert (work / "out.png").read_bytes()[:4] == b"\x89PNG"
    target = work / "precious.txt"
    target.write_text("keep me")
    os.symlink(target, work / "ln.png")
    code, out, err = _run(["forecast", "good.csv", "--png", "ln.png"], capsys)
    assert code == 2 and out == "" and target.read_text() == "keep me"


def test_no_figure_writes_nothing(work, capsys):
    before = _files(work)
    code, out, _ = _run(["forecast", "good.csv", "--no-figure", "--n-boot", "20"], capsys)
    assert code == 0 and "figure" not in out and _files(work) == before


# ---- paths -------------------------------------------------------------------------------------------------
def test_relative_paths_come_from_the_working_directory_only(tmp_path, monkeypatch, capsys):
    """A ``their.csv`` in the (fake) repository root is never read from a subfolder: old bug."""
    repo = tmp_path / "repo"
    (repo / "src" / "heavytail").mkdir(parents=True)
    (repo / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    _good_counts(repo / "their.csv", models=("ROOT-FILE",))
    (repo / "sub").mkdir()
    _good_counts(repo / "sub" / "their.csv", models=("CWD-FILE",))
    (repo / "empty").mkdir()
    monkeypatch.chdir(repo / "sub")
    code, out, _ = _run(["forecast", "their.csv", "--no-figure", "--n-boot", "20"], capsys)
    assert code == 0 and "CWD-FILE" in out and "ROOT-FILE" not in out
    monkeypatch.chdir(repo / "empty")
    code, out, err = _run(["forecast", "their.csv", "--no-figure"], capsys)
    assert code == 2 and out == "" and "not found" in err and "working directory" in err
    code, out, _ = _run(["forecast", "../their.csv", "--no-figure", "--n-boot", "20"], capsys)
    assert code == 0 and "ROOT-FILE" in out


def test_default_is_the_shipped_counts_and_the_stand_in_only_by_name(work, capsys):
    code, out, _ = _run(["forecast", "--no-figure", "--n-boot", "20"], capsys)
    assert code == 0 and out.count("MATH") == 7 and "pythia-math" in out and "WARNING" not in out
    code, out, _ = _run(["forecast", "simulated", "--no-figure", "--n-boot", "20"], capsys)
    assert code == 0 and out.startswith("WARNING: simulated stand-in, not data")


# ---- per-fit isolation, hostile names, benchmarks ----------------------------------------------------------
def _hostile_table(path: Path):
    rng = np.random.default_rng(1)
    rows = []
    spec = [("ok$\\frac{1}{0}$", "A"), ("ok$\\frac{1}{0}$", "B"), ("zero\x1b]0;pwned\x07\x1b[31m", "A"),
            ("all-solved", "A"), ("\u202eevil", "A"), ("$", "A"), ("^_{x}\\", "A")]
    for m, b in spec:
        for i in range(40):
            if m.startswith("zero"):
                c = 0
            elif m == "all-solved":
                c = 200
            else:
                c = int(rng.binomial(200, 0.2 * rng.beta(0.3, 3.0)))
            rows.append(dict(model=m, benchmark=b, problem=i, n=200, c=c))
    pd.DataFrame(rows).to_csv(path, index=False)


def test_one_bad_fit_does_not_stop_the_others(work, capsys):
    _hostile_table(work / "hostile.csv")
    code, out, err = _run(["forecast", "hostile.csv", "--png", "h.png", "--n-boot", "20"], capsys)
    assert code == 1, "some (model, benchmark) failed: the exit status must say so"
    assert (work / "h.png").is_file(), "the fits that worked are drawn (mathtext in names must not break it)"
    assert "could not be fitted" in err and "Traceback" not in err
    table = [line for line in out.splitlines() if line.strip()]
    assert any("zero" in line and "not fitted" in line and "success" in line for line in table)
    assert any("all-solved" in line and "not fitted" in line for line in table)
    fitted = [line for line in table if line.lstrip().startswith("ok$")]
    assert len(fitted) == 2, "two benchmarks of one model are two fits"
    assert "nan" not in out.lower()


def test_names_are_printed_without_control_characters(work, capsys):
    _hostile_table(work / "hostile.csv")
    _, out, err = _run(["forecast", "hostile.csv", "--no-figure", "--n-boot", "20"], capsys)
    for ch in ("\x1b", "\x07", "\u202e"):
        assert ch not in out and ch not in err


def test_benchmark_column_separates_fits(work, capsys):
    rows = []
    for b, scale in (("easy", 0.9), ("hard", 0.01)):
        rng = np.random.default_rng(0)
        p = scale * rng.beta(0.4, 2, size=60)
        rows += [dict(model="M", benchmark=b, problem=i, n=1000, c=int(rng.binomial(1000, p[i])))
                 for i in range(60)]
    pd.DataFrame(rows).to_csv(work / "two.csv", index=False)
    code, out, _ = _run(["forecast", "two.csv", "--no-figure", "--n-boot", "20"], capsys)
    assert code == 0
    lines = {line.split()[1]: line.split() for line in out.splitlines()[2:] if line.split()[:1] == ["M"]}
    assert set(lines) == {"easy", "hard"}
    assert float(lines["easy"][8]) < float(lines["hard"][8])  # -log pass@k: the hard benchmark is far worse


# ---- honest intervals --------------------------------------------------------------------------------------
def test_sparse_benchmark_says_too_few_solved_instead_of_nan(work, capsys):
    for seed in range(3):
        pd.DataFrame(dict(problem=range(128), n=10_000, c=[0] * 125 + [5, 40, 300])).to_csv(work / "s.csv",
                                                                                            index=False)
        code, out, _ = _run(["forecast", "s.csv", "--no-figure", "--seed", str(seed)], capsys)
        assert code == 0
        assert "too few solved problems (3 of 128)" in out and "nan" not in out.lower()


def test_a_single_problem_refuses_an_interval(work, capsys):
    pd.DataFrame(dict(problem=[0], n=[100], c=[7])).to_csv(work / "one.csv", index=False)
    code, out, _ = _run(["forecast", "one.csv", "--no-figure"], capsys)
    assert code == 0 and "1 problem" in out and "nan" not in out.lower()


def test_progress_stays_off_when_stderr_is_not_a_terminal(work, capsys):
    code, _, err = _run(["forecast", "good.csv", "--no-figure", "--n-boot", "20"], capsys)
    assert code == 0 and err == ""


def test_python_dash_m_end_to_end(tmp_path):
    _good_counts(tmp_path / "c.csv")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "MPLBACKEND": "Agg"}
    ok = subprocess.run([sys.executable, "-m", "heavytail", "forecast", "c.csv", "--k", "100", "1000",
                         "--png", "f"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert ok.returncode == 0, ok.stderr
    assert (tmp_path / "f.png").is_file() and ok.stdout.splitlines()[-1] == "figure: f.png"
    bad = subprocess.run([sys.executable, "-m", "heavytail", "forecast", "typo.csv"], cwd=tmp_path, env=env,
                         capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2 and bad.stdout == "" and len(bad.stderr.splitlines()) == 1


def test_cli_plan(tmp_path, capsys):
    out = tmp_path / "plan.csv"
    assert main(["plan", str(FIX / "counts_tiny.csv"), "--budget", "30", "--method", "tail_rounds",
                 "--out", str(out)]) == 0
    plan = pd.read_csv(out)
    assert list(plan.columns) == ["model", "problem", "n", "c", "extra", "n_after"]
    assert (plan.groupby("model")["extra"].sum() == 30).all()
    assert main(["plan", str(FIX / "counts_tiny.csv"), "--budget", "-1", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("heavytail plan: error:") and "--budget" in err and err.count("\n") == 1
    assert main(["plan", str(FIX / "counts_tiny.csv"), "--budget", "3", "--method", "nope"]) == 2
    assert main(["plan", str(tmp_path / "missing.csv"), "--budget", "3", "--out", str(tmp_path / "p.csv")]) == 2
    assert not (tmp_path / "p.csv").exists()


def test_progress_is_shown_on_a_terminal(tmp_path):
    """With stderr on a terminal (a pty here) the bootstrap shows a tqdm bar there; stdout stays the table."""
    import pty
    import threading

    _good_counts(tmp_path / "c.csv", P=300)
    import fcntl
    import struct
    import termios

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))  # a 0-column pty shows no bar
    chunks = []

    def read():
        while True:
            try:
                data = os.read(master, 65536)
            except OSError:
                return
            if not data:
                return
            chunks.append(data)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "MPLBACKEND": "Agg"}
    proc = subprocess.run([sys.executable, "-m", "heavytail", "forecast", "c.csv", "--no-figure", "--n-boot",
                           "3000"], cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=slave, text=True,
                          timeout=300)
    os.close(slave)
    reader.join(timeout=10)
    os.close(master)
    assert proc.returncode == 0
    assert "bootstrap" in b"".join(chunks).decode(errors="replace")
    assert "it/s" not in proc.stdout
