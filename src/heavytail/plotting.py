"""The book's one figure style.

Every notebook calls :func:`use_style` once and makes figures with ``fig, ax = plt.subplots()``
(object-oriented matplotlib). Captions and alt text live in the cell metadata
(``mystnb: figure: caption`` and ``mystnb: image: alt``), not in plot titles.

Conventions used throughout the book:

* closed forms and theory are drawn as dashed dark lines (:data:`THEORY`),
  simulations and measurements as markers or solid lines in the palette colours;
* power laws live on log–log axes (:func:`loglog`);
* every axis carries a label with its unit, or says it is dimensionless.
"""

from __future__ import annotations

import os
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import seaborn as sns

__all__ = ["use_style", "loglog", "palette", "THEORY", "export_figure", "figure_dir", "FIGSIZE"]

#: The default size of a single-panel figure, in inches.
FIGSIZE = (6.4, 4.0)

#: Keyword arguments for curves that show a closed form or theory.
THEORY = dict(color="0.15", linestyle="--", linewidth=1.4)

_PALETTE = "colorblind"


def palette(n: int = 8) -> list:
    """The book's colour palette (seaborn's colour-blind-safe palette) with ``n`` colours."""
    from ._validate import check_int
    return sns.color_palette(_PALETTE, check_int(n, "n", minimum=1))


def use_style() -> None:
    """Apply the book's matplotlib style. Idempotent; call once at the top of a notebook.

    Also makes NumPy print scalars as plain numbers (``0.25`` rather than ``np.float64(0.25)``), so that
    numbers glued into the prose with ``myst_nb.glue`` can be formatted (``{glue:text}`key:.3f```).
    """
    np.set_printoptions(legacy="1.25")
    sns.set_theme(context="notebook", style="ticks", palette=_PALETTE)
    plt.rcParams.update({
        "figure.figsize": FIGSIZE,
        "figure.dpi": 110,
        "savefig.dpi": 150,
        "savefig.bbox": "tight",
        "axes.grid": True,
        "grid.alpha": 0.3,
        "grid.linewidth": 0.6,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "legend.frameon": False,
        "legend.fontsize": 9,
        "axes.titlesize": 11,
        "axes.labelsize": 11,
        "lines.linewidth": 1.8,
        "image.cmap": "viridis",
    })


def loglog(ax, *, which: str = "both") -> None:
    """Put ``ax`` on log–log axes (base 10) with a light grid on major and minor ticks."""
    if not hasattr(ax, "set_xscale"):
        raise TypeError(f"ax must be a matplotlib Axes, got {type(ax).__name__}")
    if which not in ("both", "x", "y"):
        raise ValueError(f"which must be 'both', 'x' or 'y', got {which!r}")
    if which in ("both", "x"):
        ax.set_xscale("log")
    if which in ("both", "y"):
        ax.set_yscale("log")
    ax.grid(True, which="major", alpha=0.35)
    ax.grid(True, which="minor", alpha=0.12)


def figure_dir() -> Path:
    """Where :func:`export_figure` writes: ``$HEAVYTAIL_FIGURE_DIR`` or ``_build/figures`` of the repo."""
    env = os.environ.get("HEAVYTAIL_FIGURE_DIR")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[2] / "_build" / "figures"


def export_figure(fig, name: str) -> Path:
    """Save ``fig`` as ``<figure_dir>/<name>.png`` so that other pages (the landing page) can show it.

    The build sets ``HEAVYTAIL_FIGURE_DIR`` and copies the folder into the book; the figure is therefore
    always the one the notebook has just made, never a pasted image.
    """
    if not hasattr(fig, "savefig"):
        raise TypeError(f"fig must be a matplotlib Figure, got {type(fig).__name__}")
    if not isinstance(name, str):
        raise TypeError(f"name must be a str, got {type(name).__name__}")
    if not name or any(ch in name for ch in "/\\ "):
        raise ValueError(f"name must be a plain file stem without spaces or slashes, got {name!r}")
    out = figure_dir()
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"{name}.png"
    fig.savefig(path)
    return path
