"""Command line: ``python -m heavytail forecast [COUNTS] --k 10000`` (and ``plan [COUNTS] --budget B``).

Reads a counts file (CSV or parquet with columns ``problem, n, c`` and optionally ``model`` and ``benchmark``;
default: the Pythia/MATH counts shipped with the package, ``pythia-math``; ``simulated`` for the stand-in),
fits the book's recommended forecaster (:func:`heavytail.estimators.fit`, or ``--method``) to every
(model, benchmark) separately, prints one row per fit and ``--k`` (exponent, prefactor, forecast of
-log pass@k and pass@k with a bootstrap interval over problems) and writes a figure of the measured
-log pass@k for k <= n with the fitted law extended to the largest ``--k``.

Exit status: 0 when every (model, benchmark) was fitted; 1 when some could not be (their rows say why, the
others are fitted and shown); 2 for a usage error (a bad argument, a missing or invalid counts file, an
output that cannot be written), reported on one line of stderr before anything is printed or written.
A relative path is taken from the working directory. An interval that the resamples cannot support (one
problem, too few solved problems) is left empty and its row says why.
"""

from __future__ import annotations

import argparse
import math
import os
import re
import sys
import tempfile
import unicodedata
from pathlib import Path

import numpy as np

EXIT_OK, EXIT_ROWS_FAILED, EXIT_USAGE = 0, 1, 2
MAX_K = 2 ** 53          # forecasts are computed in floating point: k must be exact there
MAX_N_BOOT = 1_000_000
MAX_PLOTTED = 12         # fits drawn in the figure (the table has them all)


class UsageError(Exception):
    """A user's mistake: reported as one line on stderr with exit status 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # one line, no usage block
        raise UsageError(" ".join(str(message).split()))


def _one_line(text) -> str:
    return " ".join(str(text).split())


def _clean_name(name) -> str:
    """A model/benchmark name safe to print: control and format characters (escapes, bidi) removed."""
    text = "".join(ch for ch in str(name) if not unicodedata.category(ch).startswith("C"))
    return text if text.strip() else "(unnamed)"


def _mathtext_safe(text: str) -> str:
    """Escape ``$`` so that matplotlib draws the name as text, never as mathtext."""
    return text.replace("$", r"\$")


def _int_arg(text: str, what: str, lo: int, hi: int) -> int:
    s = text.strip()
    if re.fullmatch(r"[+-]?\d+", s):
        v = int(s)
    else:
        try:
            x = float(s)
        except ValueError:
            raise UsageError(f"{what} must be an integer, got {text!r}") from None
        if not (math.isfinite(x) and x == int(x) and abs(x) <= MAX_K):
            raise UsageError(f"{what} must be an integer, got {text!r}")
        v = int(x)
    if not lo <= v <= hi:
        raise UsageError(f"{what} must be from {lo} to {hi}, got {text!r}")
    return v


def _level_arg(text: str) -> float:
    try:
        x = float(text)
    except ValueError:
        raise UsageError(f"--level must be a number between 0 and 1, got {text!r}") from None
    if not (math.isfinite(x) and 0 < x < 1):
        raise UsageError(f"--level must be strictly between 0 and 1, got {text!r}")
    return x


def _figure_path(png: str | None, counts: str, no_figure: bool) -> Path | None:
    """The figure's path, checked: existing folder, supported format, not a directory or a symbolic link."""
    if no_figure:
        if png is not None:
            raise UsageError("--png and --no-figure exclude each other")
        return None
    if png is None:
        stem = Path(counts).stem or "counts"
        path = Path(f"{stem}_forecast.png")
    else:
        if png.strip() == "":
            raise UsageError("--png must be a file name, got ''")
        path = Path(png).expanduser()
        if path.suffix == "":
            path = path.with_name(path.name + ".png")
    from matplotlib.backend_bases import FigureCanvasBase

    formats = FigureCanvasBase.get_supported_filetypes()
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in formats:
        raise UsageError(f"--png {png!r}: unsupported figure format {path.suffix!r}; use one of "
                         f"{', '.join('.' + f for f in sorted(formats))}")
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise UsageError(f"--png {str(path)!r}: the folder {str(parent)!r} does not exist")
    if path.is_symlink():
        raise UsageError(f"--png {str(path)!r} is a symbolic link; refusing to write through it (remove it "
                         f"or choose another name)")
    if path.exists() and not path.is_file():
        raise UsageError(f"--png {str(path)!r} exists and is not a regular file")
    if not os.access(parent, os.W_OK):
        raise UsageError(f"--png {str(path)!r}: the folder {str(parent)!r} is not writable")
    return path


def _groups(counts):
    """(model, benchmark, frame) for every fit, in file order."""
    keys = [k for k in ("model", "benchmark") if k in counts.columns]
    if not keys:
        return [("(all)", "-", counts)]
    out = []
    for key, g in counts.groupby(keys, sort=False):
        key = key if isinstance(key, tuple) else (key,)
        vals = dict(zip(keys, key))
        out.append((vals.get("model", "(all)"), vals.get("benchmark", "-"), g))
    return out


def _fmt(v) -> str:
    return "" if v is None else f"{v:.4g}"


def _forecast_table(counts, ks, method, level, n_boot, seed, progress=False):
    """Rows of the table, the fits by (model, benchmark), and the notes (one per distinct reason)."""
    from . import estimators

    rows, fits, notes = [], {}, {}

    def note(text):
        return f"[{notes.setdefault(_one_line(text), len(notes) + 1)}]"

    groups = _groups(counts)
    if progress and len(groups) > 1:
        from tqdm import tqdm
        groups = tqdm(groups, desc="fits", file=sys.stderr, leave=False)
    for model, bench, g in groups:
        n, c = g["n"].to_numpy(), g["c"].to_numpy()
        name = (_clean_name(model), _clean_name(bench))
        base = dict(model=name[0], benchmark=name[1], problems=len(n), solved=int((c > 0).sum()),
                    n_min=int(n.min()))
        try:
            f = estimators.fit(n, c, method=method, n_boot=n_boot, seed=seed)
            ys = np.asarray(f.neg_log_pass_at_k(np.asarray(ks, dtype=float)), dtype=float)
            if not (np.isfinite(ys).all() and np.isfinite(f.exponent)):
                raise ValueError("the fit gave a non-finite forecast")
            f.bootstrap(progress=progress)
        except (ValueError, ArithmeticError, np.linalg.LinAlgError) as exc:
            rows.append({**base, "note": note(f"{name[0]} / {name[1]}: not fitted: {exc}")})
            continue
        fits[name] = f
        for k, y in zip(ks, ys):
            row = dict(base, exponent=f.exponent, prefactor=f.prefactor, k=k, neg_log_pass=float(y),
                       pass_at_k=float(np.exp(-y)))
            try:
                lo, hi = f.interval(k, level)
                row.update(low=float(lo), high=float(hi))
            except ValueError as exc:
                row["note"] = note(f"{name[0]} / {name[1]}: no interval: {exc}")
            rows.append(row)
    return rows, fits, notes


def _measured(n, c):
    """Measured -log pass_D@k at 40 log-spaced k <= min n, from the distinct (n, c) pairs (small memory)."""
    from .estimators import _distinct_pairs, default_ks
    from .passk import pass_at_k

    ks = default_ks(int(n.min()))
    pairs, _, cnt = _distinct_pairs(n, c)
    pk = pass_at_k(pairs[0][None, :], pairs[1][None, :], ks[:, None]) @ (cnt / n.size)
    keep = (pk < 1) & (pk > 0)
    return ks[keep], -np.log(pk[keep])


def _plot(fits, ks, out: Path, title: str | None = None, level: float = 0.9):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from . import plotting

    plotting.use_style()
    fig, ax = plt.subplots()
    shown = list(fits.items())[:MAX_PLOTTED]
    cols = plotting.palette(max(len(shown), 1))
    markers = "os^vDP*Xh<>p"
    kmax = max(ks)
    multi_bench = len({b for _, b in fits}) > 1
    for i, (col, ((m, b), f)) in enumerate(zip(cols, shown)):
        label = _mathtext_safe(f"{m} / {b}" if multi_bench else m)
        label = " " + label if label.startswith("_") else label  # matplotlib hides labels starting with "_"
        kk, y = _measured(f.n, f.c)
        if kk.size:
            ax.plot(kk, y, markers[i % len(markers)], ms=3, color=col, label=f"{label} (measured)")
        grid = np.logspace(0, np.log10(max(kmax, kk.max() if kk.size else 1, 10)), 100)
        ax.plot(grid, f.neg_log_pass_at_k(grid), color=col, lw=1.2, ls=("-", "--", ":", "-.")[i % 4],
                label=f"{label} fit, b = {f.exponent:.3f}")
        try:
            lo, hi = f.interval(grid, level)
            ax.fill_between(grid, lo, hi, color=col, alpha=0.15, lw=0)
        except ValueError:
            pass
    for k in ks:
        ax.axvline(k, **plotting.THEORY)
    plotting.loglog(ax)
    ax.set_xlabel("attempts per problem k")
    ax.set_ylabel(r"$-\log\,\mathrm{pass}_D@k$ (dimensionless)")
    ax.set_xlim(right=max(kmax, 10) * 1.5)
    if title:
        ax.set_title(_mathtext_safe(title))
    ax.legend(fontsize=9, ncol=2)
    fig.savefig(out, format=out.suffix.lower().lstrip("."))
    plt.close(fig)


def _add_plan_parser(sub):
    pp = sub.add_parser("plan", help="which problems to sample next, and how many times, for a budget",
                        description="Reads a counts file and writes a CSV with one row per problem and the number "
                        "of new samples to draw next ('extra'), following heavytail.planning.plan_next; each "
                        "(model, benchmark) gets the whole budget.")
    pp.add_argument("counts", nargs="?", default="pythia-math",
                    help="counts file (CSV or .parquet: problem, n, c, optional model, benchmark); 'pythia-math' "
                         "(default) for the counts shipped with the package, 'simulated' for the stand-in")
    pp.add_argument("--budget", required=True, help="new samples to allocate per model (an integer >= 0)")
    pp.add_argument("--method", default=None, help="allocation (default: the book's recommendation); one of "
                    "heavytail.planning.SEQUENTIAL_METHODS")
    pp.add_argument("--out", default=None, help="output CSV (default: <counts stem>_plan.csv in the working "
                    "directory)")


def _checked_plan_args(args):
    from . import planning

    args.budget = _int_arg(args.budget, "--budget", 0, MAX_K)
    if args.method is not None and args.method not in planning.SEQUENTIAL_METHODS:
        raise UsageError(f"--method must be one of {', '.join(planning.SEQUENTIAL_METHODS)}, got {args.method!r}")
    out = Path(args.out).expanduser() if args.out else Path(f"{Path(args.counts).stem or 'counts'}_plan.csv")
    parent = out.parent if str(out.parent) else Path(".")
    if not parent.is_dir():
        raise UsageError(f"--out {str(out)!r}: the folder {str(parent)!r} does not exist")
    if out.exists() and not out.is_file():
        raise UsageError(f"--out {str(out)!r} exists and is not a regular file")
    args.out = out
    return args


def _plan(args) -> int:
    import pandas as pd

    from . import planning

    src = _load(args.counts)
    if src.path is not None and args.out.resolve() == src.path.resolve():
        raise UsageError(f"--out {str(args.out)!r} is the counts file itself")
    parts = []
    for model, bench, g in _groups(src.counts):
        try:
            plan = planning.plan_next(g["n"].to_numpy(), g["c"].to_numpy(), args.budget, method=args.method)
        except ValueError as exc:
            raise UsageError(f"{_clean_name(model)}: {exc}") from None
        plan["problem"] = g["problem"].to_numpy()
        for col, val in (("benchmark", bench), ("model", model)):
            if col in g.columns:
                plan.insert(0, col, val)
        parts.append(plan)
    table = pd.concat(parts, ignore_index=True)
    try:
        table.to_csv(args.out, index=False)
    except OSError as exc:
        raise UsageError(f"--out {str(args.out)!r}: could not write the plan: {exc}") from None
    if src.simulated:
        print("WARNING: simulated stand-in, not data: " + src.description)
    todo = int((table["extra"] > 0).sum())
    print(f"plan: {int(table['extra'].sum())} new samples over {todo} of {len(table)} problems -> {args.out}")
    return EXIT_OK


def _build_parser() -> argparse.ArgumentParser:
    ap = _Parser(prog="heavytail", description="Tools of the heavytail book.")
    sub = ap.add_subparsers(dest="command", required=True, parser_class=_Parser)
    fp = sub.add_parser("forecast", help="forecast pass@k at large k from per-problem counts",
                        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    fp.add_argument("counts", nargs="?", default="pythia-math",
                    help="counts file (CSV or .parquet: problem, n, c, optional model, benchmark); "
                         "'pythia-math' (default) for the counts shipped with the package, 'simulated' for "
                         "the stand-in")
    fp.add_argument("--k", nargs="+", default=["10000"], metavar="K",
                    help="attempts to forecast at, integers from 1 to 2^53 (default 10000)")
    fp.add_argument("--method", default=None, help="estimator (default: the book's recommendation); one of "
                    "the keys of heavytail.estimators.METHODS")
    fp.add_argument("--level", default="0.9", help="bootstrap interval level, in (0, 1) (default 0.9)")
    fp.add_argument("--n-boot", default="200",
                    help="bootstrap resamples over problems (default 200; at least 2 / (1 - level))")
    fp.add_argument("--seed", default="0", help="seed of the bootstrap (an integer >= 0)")
    fp.add_argument("--png", default=None,
                    help="figure path; no suffix adds .png; .pdf, .svg... choose the format (default: "
                         "<counts stem>_forecast.png in the working directory)")
    fp.add_argument("--no-figure", action="store_true", help="print the table only")
    _add_plan_parser(sub)
    return ap


def _checked_args(argv):
    args = _build_parser().parse_args(argv)
    if args.command == "plan":
        return _checked_plan_args(args)
    from . import estimators

    args.k = [_int_arg(k, "--k", 1, MAX_K) for k in args.k]
    args.level = _level_arg(args.level)
    args.n_boot = _int_arg(args.n_boot, "--n-boot", 1, MAX_N_BOOT)
    need = math.ceil(2 / (1 - args.level) - 1e-9)
    if args.n_boot < need:
        raise UsageError(f"--n-boot {args.n_boot} is too few resamples for a {args.level:g} interval: use at "
                         f"least {need}")
    args.seed = _int_arg(args.seed, "--seed", 0, 2 ** 63 - 1)
    if args.method is not None and args.method not in estimators.METHODS:
        raise UsageError(f"--method must be one of {', '.join(estimators.METHODS)}, got {args.method!r}")
    args.figure = _figure_path(args.png, args.counts, args.no_figure)
    return args


def _load(counts: str):
    from .data import load_source

    try:
        src = load_source(counts)
    except FileNotFoundError as exc:
        raise UsageError(str(exc)) from None
    except (ValueError, TypeError, OSError, UnicodeError) as exc:
        raise UsageError(f"counts {counts!r}: {exc}") from None
    return src


def _forecast(args) -> int:
    import pandas as pd

    from .estimators import RECOMMENDED

    src = _load(args.counts)
    if args.figure is not None and src.path is not None and args.figure.resolve() == src.path.resolve():
        raise UsageError(f"--png {str(args.figure)!r} is the counts file itself")
    progress = sys.stderr.isatty()
    rows, fits, notes = _forecast_table(src.counts, args.k, args.method, args.level, args.n_boot, args.seed,
                                        progress)
    tmp = None
    if args.figure is not None and fits:
        fd, tmp = tempfile.mkstemp(dir=args.figure.parent if str(args.figure.parent) else ".",
                                   prefix=".heavytail-", suffix=args.figure.suffix)
        os.close(fd)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # not mkstemp's 0600: the figure gets a new file's usual mode
        try:
            title = "SIMULATED STAND-IN, not data" if src.simulated else None
            _plot(fits, args.k, Path(tmp), title, args.level)
        except BaseException as exc:
            os.unlink(tmp)
            if isinstance(exc, OSError):
                raise UsageError(f"--png {str(args.figure)!r}: could not write the figure: {exc}") from None
            raise
    pct = f"{100 * args.level:g}"
    table = pd.DataFrame([{
        "model": r["model"], "benchmark": r["benchmark"], "problems": r["problems"], "solved": r["solved"],
        "n_min": r["n_min"], "exponent": _fmt(r.get("exponent")), "prefactor": _fmt(r.get("prefactor")),
        "k": "" if r.get("k") is None else str(r["k"]), "-log pass@k": _fmt(r.get("neg_log_pass")),
        f"low{pct}": _fmt(r.get("low")), f"high{pct}": _fmt(r.get("high")),
        "pass_at_k": _fmt(r.get("pass_at_k")),
        "note": r.get("note", "")} for r in rows])
    method = next(iter(fits.values())).method if fits else (args.method or RECOMMENDED)
    failed = sum(1 for r in rows if "exponent" not in r)
    try:
        if src.simulated:
            print("WARNING: simulated stand-in, not data: " + src.description)
        rows_from = f"{len(src.counts)} row{'s' if len(src.counts) > 1 else ''} from {_clean_name(src.name)}"
        print(f"method: {method}   ({rows_from}; low/high: {pct}% bootstrap interval of -log pass@k over "
              f"problems)")
        print(table.to_string(index=False))
        for text, i in notes.items():
            print(f"[{i}] {text}")
        if tmp is not None:
            os.replace(tmp, args.figure)
            tmp = None
            print(f"figure: {args.figure}" + (f" (the first {MAX_PLOTTED} of {len(fits)} fits)"
                                              if len(fits) > MAX_PLOTTED else ""))
        elif args.figure is not None:
            print("figure: not written (no fit succeeded)")
    finally:
        if tmp is not None and os.path.exists(tmp):
            os.unlink(tmp)
    if failed:
        print(f"{failed} of {failed + len(fits)} (model, benchmark) could not be fitted (exit status 1)",
              file=sys.stderr)
        return EXIT_ROWS_FAILED
    return EXIT_OK


def main(argv=None) -> int:
    """Run the command line; returns the exit status (0 ok, 1 some fits failed, 2 usage error)."""
    try:
        args = _checked_args(argv)
        if args.command == "forecast":
            return _forecast(args)
        if args.command == "plan":
            return _plan(args)
        raise UsageError(f"unknown command {args.command!r}")
    except UsageError as exc:
        cmd = "plan" if list(sys.argv[1:] if argv is None else argv)[:1] == ["plan"] else "forecast"
        print(f"heavytail {cmd}: error: {_one_line(exc)}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:  # e.g. piped into `head`
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except KeyboardInterrupt:
        print("heavytail forecast: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
