"""The book's one figure style.

Every notebook calls :func:`use_style` once and makes figures with ``fig, ax = plt.subplots()``
(object-oriented matplotlib). Captions and alt text live in the cell metadata
(``mystnb: figure: caption`` and ``mystnb: image: alt``), not in plot titles.

Conventions used throughout the book:

* closed forms and theory are drawn as dashed dark lines (:data:`THEORY`),
  simulations and measurements as markers or solid lines in the palette colours;
* power laws live on log–log axes (:func:`loglog`);
* every axis carries a label with its unit, or says it is dimensionless;
* many lines on one axes are told apart without colour: :func:`series_styles` pairs every palette colour
  with its own marker and line style (the colour-blind palette alone merges pairs under deuteranopia).

Readable where displayed. The book's text column is about 7 inches wide at 96 CSS px per inch,
so :data:`FIGSIZE` and :data:`MAX_WIDTH` keep figures at (nearly) their physical size on screen; text is at
least :data:`MIN_FONT_PT` points; images are written at :data:`DPI` dots per inch (2x pixel density) and
shown at half their pixel size. Every PNG the book writes (inline figures and :func:`export_figure`)
carries two PNG text chunks that ``tools/check_html.py`` reads to check what the reader sees:
``heavytail:dpi`` and ``heavytail:min_font_pt`` (the smallest text drawn in the figure, in points).
"""

from __future__ import annotations

import io
import os
import warnings
from contextlib import contextmanager
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import seaborn as sns

__all__ = ["use_style", "loglog", "palette", "series_styles", "THEORY", "export_figure", "figure_dir",
           "figure_png", "FIGSIZE", "MAX_WIDTH", "DPI", "MIN_FONT_PT", "MARKERS", "LINESTYLES"]

#: The default size of a single-panel figure, in inches (shown at full size in the book's column).
FIGSIZE = (6.4, 4.0)

#: The widest figure, in inches, that the book's column (about 670 CSS px at a 1280 px window) shows at
#: 0.75 of its physical size or more; two panels side by side fit in it, three do not (stack them).
MAX_WIDTH = 8.5

#: Dots per inch of every PNG the book writes: twice the 96 CSS px per inch of a screen (2x density).
DPI = 192

#: The smallest font size, in points, any text in a book figure should use.
MIN_FONT_PT = 9

#: Markers and line styles that :func:`series_styles` pairs with the palette colours.
MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*", "<", ">")
LINESTYLES = ("-", "--", "-.", ":")

#: Keyword arguments for curves that show a closed form or theory.
THEORY = dict(color="0.15", linestyle="--", linewidth=1.4)

_PALETTE = "colorblind"


def palette(n: int = 8) -> list:
    """The book's colour palette (seaborn's colour-blind-safe palette) with ``n`` colours.

    Parameters
    ----------
    n : int, default 8
        Number of colours, >= 1.

    Returns
    -------
    list
        ``n`` RGB tuples.

    Raises
    ------
    ValueError
        If ``n < 1``.

    Examples
    --------
    >>> from heavytail.plotting import palette
    >>> len(palette(3))
    3
    """
    from ._validate import check_int
    return sns.color_palette(_PALETTE, check_int(n, "n", minimum=1))


def series_styles(n: int) -> list[dict]:
    """Line styles for ``n`` series that stay distinguishable without colour.

    Each entry is a dict of ``color``, ``marker`` and ``linestyle`` for ``ax.plot(x, y, **style)``: colour
    ``i`` of :func:`palette`, marker ``i`` of :data:`MARKERS`, and line styles cycling
    through :data:`LINESTYLES`, so neighbouring series differ in marker and dash even where two colours merge
    under a colour-vision deficiency.

    Parameters
    ----------
    n : int
        Number of series, at least 1.

    Returns
    -------
    list of dict
        ``n`` style dicts.

    Raises
    ------
    TypeError, ValueError
        If ``n`` is not an integer >= 1.

    Examples
    --------
    >>> styles = series_styles(3)
    >>> [s["marker"] for s in styles]
    ['o', 's', '^']
    """
    from ._validate import check_int
    n = check_int(n, "n", minimum=1)
    colours = sns.color_palette(_PALETTE, n)
    return [dict(color=colours[i], marker=MARKERS[i % len(MARKERS)],
                 linestyle=LINESTYLES[i % len(LINESTYLES)]) for i in range(n)]


@contextmanager
def _recording_text_sizes(sizes: list):
    """While active, append the font size (points) of every non-empty visible text that is drawn."""
    from matplotlib.text import Text

    original = Text.draw

    def draw(self, renderer):
        if self.get_visible() and self.get_text().strip() and self.get_alpha() != 0:
            sizes.append(float(self.get_fontsize()))
        return original(self, renderer)

    Text.draw = draw
    try:
        yield sizes
    finally:
        Text.draw = original


def figure_png(fig, dpi: float = DPI) -> bytes:
    """``fig`` as PNG bytes at ``dpi``, tightly cropped, with the book's two PNG text chunks.

    The chunks are ``heavytail:dpi`` and ``heavytail:min_font_pt`` (the smallest font size, in points,
    among the texts actually drawn: tick labels, axis labels, legends, annotations), which the book's
    HTML check uses to compute the size of the smallest text as displayed.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure.
    dpi : float
        Dots per inch, > 0 (default :data:`DPI`, 2x screen density).

    Returns
    -------
    bytes
        The PNG file.

    Raises
    ------
    TypeError
        If ``fig`` is not a matplotlib Figure.
    ValueError
        If ``dpi`` is not a positive finite number.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> figure_png(fig)[:8] == b"\\x89PNG\\r\\n\\x1a\\n"
    True
    >>> plt.close(fig)
    """
    from ._validate import check_positive
    if not hasattr(fig, "savefig") or not hasattr(fig, "draw_without_rendering"):
        raise TypeError(f"fig must be a matplotlib Figure, got {type(fig).__name__}")
    dpi = check_positive(dpi, "dpi")
    sizes: list[float] = []
    with _recording_text_sizes(sizes):
        fig.draw_without_rendering()
    meta = {"heavytail:dpi": f"{dpi:g}",
            "heavytail:min_font_pt": f"{min(sizes):g}" if sizes else "none"}
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, bbox_inches="tight", metadata=meta,
                facecolor=fig.get_facecolor(), edgecolor=fig.get_edgecolor())
    return buf.getvalue()


def _inline_png(fig):
    """IPython's PNG formatter for figures: 2x density, shown at half the pixel size (like 'retina')."""
    import base64
    import struct

    if not fig.axes and not fig.lines:
        return None
    data = figure_png(fig)
    w, h = struct.unpack(">ii", data[16:24])  # the IHDR chunk
    return base64.b64encode(data).decode("ascii"), {"width": w // 2, "height": h // 2}


def _register_inline_formatter() -> None:
    try:
        from IPython import get_ipython
    except ImportError:  # plain Python: nothing to register
        return
    ip = get_ipython()
    if ip is None or not hasattr(ip, "display_formatter"):
        return
    import matplotlib
    from matplotlib.figure import Figure
    backend = matplotlib.get_backend()
    if "inline" in backend:
        # load the inline backend now: loading it (at the first figure) would re-register its own formatter
        plt.switch_backend(backend)
    ip.display_formatter.formatters["image/png"].for_type(Figure, _inline_png)


def use_style() -> None:
    """Apply the book's matplotlib style. Idempotent; call once at the top of a notebook.

    Also makes NumPy print scalars as plain numbers (``0.25`` rather than ``np.float64(0.25)``), so that
    numbers glued into the prose with ``myst_nb.glue`` can be formatted (with a format such as ``.3f``).

    Examples
    --------
    >>> import numpy as np
    >>> from heavytail.plotting import use_style
    >>> before = np.get_printoptions()
    >>> use_style()
    >>> repr(np.float64(0.25))
    '0.25'
    >>> np.set_printoptions(**before)
    """
    np.set_printoptions(legacy="1.25")
    # matplotlib warns when placing a loc="best" legend takes over a second: a timing note that a busy machine
    # turns into build noise (stderr in the rendered page), not a problem with the figure
    warnings.filterwarnings("ignore", message='Creating legend with loc="best" can be slow')
    sns.set_theme(context="notebook", style="ticks", palette=_PALETTE)
    plt.rcParams.update({
        "figure.figsize": FIGSIZE,
        "figure.dpi": DPI / 2,          # inline figures: see _inline_png (written at DPI, shown at half)
        "savefig.dpi": DPI,
        "savefig.bbox": "tight",
        "axes.grid": True,
        "grid.alpha": 0.3,
        "grid.linewidth": 0.6,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "legend.frameon": False,
        "font.size": 11,
        "legend.fontsize": 10,
        "legend.title_fontsize": 10,
        "axes.titlesize": 11,
        "axes.labelsize": 11,
        "xtick.labelsize": 10,
        "ytick.labelsize": 10,
        "lines.linewidth": 1.8,
        "lines.markersize": 5,
        "image.cmap": "viridis",
    })
    _register_inline_formatter()


def loglog(ax, *, which: str = "both") -> None:
    """Put ``ax`` on log-log axes (base 10) with a light grid on major and minor ticks.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        The axes to change (in place).
    which : str, default "both"
        ``"both"``, ``"x"`` or ``"y"``: the axes to put on a log scale.

    Raises
    ------
    TypeError
        If ``ax`` is not a matplotlib Axes.
    ValueError
        If ``which`` is not one of the three.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from heavytail.plotting import loglog
    >>> fig, ax = plt.subplots()
    >>> loglog(ax)
    >>> ax.get_xscale(), ax.get_yscale()
    ('log', 'log')
    >>> plt.close(fig)
    """
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
    """Where :func:`export_figure` writes: ``$HEAVYTAIL_FIGURE_DIR``, or ``_build/figures`` of the repository.

    Returns
    -------
    pathlib.Path
        The folder (not created here).

    Examples
    --------
    >>> from pathlib import Path
    >>> from heavytail.plotting import figure_dir
    >>> isinstance(figure_dir(), Path)
    True
    """
    env = os.environ.get("HEAVYTAIL_FIGURE_DIR")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[2] / "_build" / "figures"


def export_figure(fig, name: str) -> Path:
    """Save ``fig`` as ``<figure_dir>/<name>.png`` so that other pages (the landing page) can show it.

    The build sets ``HEAVYTAIL_FIGURE_DIR`` and copies the folder into the book; the figure is therefore
    always the one the notebook has just made, never a pasted image.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure.
    name : str
        A plain file stem, without spaces or slashes.

    Returns
    -------
    pathlib.Path
        The PNG file written.

    Raises
    ------
    TypeError
        If ``fig`` is not a Figure or ``name`` not a str.
    ValueError
        If ``name`` is empty or has a space or slash.

    Examples
    --------
    >>> import os, tempfile
    >>> import matplotlib.pyplot as plt
    >>> from heavytail.plotting import export_figure
    >>> os.environ["HEAVYTAIL_FIGURE_DIR"] = tempfile.mkdtemp()
    >>> fig, ax = plt.subplots()
    >>> export_figure(fig, "example").name
    'example.png'
    >>> plt.close(fig)
    >>> del os.environ["HEAVYTAIL_FIGURE_DIR"]
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
    path.write_bytes(figure_png(fig))
    return path
