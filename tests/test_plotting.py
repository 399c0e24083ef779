"""heavytail.plotting: the book's style writes figures a reader can read where they are displayed."""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from PIL import Image  # noqa: E402

from heavytail import plotting  # noqa: E402


def test_figure_png_records_dpi_and_smallest_drawn_text():
    plotting.use_style()
    fig, ax = plt.subplots()
    ax.plot([1, 2], [1, 2], label="a")
    ax.legend(fontsize=8)
    ax.text(5, 5, "outside", fontsize=3, visible=False)           # not drawn: not counted
    with Image.open(io.BytesIO(plotting.figure_png(fig))) as im:
        info, width = im.info, im.size[0]
    plt.close(fig)
    assert info["heavytail:dpi"] == "192" and info["heavytail:min_font_pt"] == "8"
    assert width > plotting.FIGSIZE[0] * plotting.DPI * 0.8      # 2x density: about 1100 px for 6.4 in


def test_default_style_text_is_at_least_the_minimum():
    plotting.use_style()
    fig, ax = plt.subplots()
    for i in range(3):
        ax.plot([1, 2], [i, i + 1], label=f"series {i}")
    ax.set_xlabel("x (unit)")
    ax.set_title("t")
    ax.legend()
    with Image.open(io.BytesIO(plotting.figure_png(fig))) as im:
        assert float(im.info["heavytail:min_font_pt"]) >= plotting.MIN_FONT_PT
    plt.close(fig)


def test_series_styles_differ_without_colour():
    styles = plotting.series_styles(7)
    assert len({(s["marker"], s["linestyle"]) for s in styles}) == 7
    assert len({s["marker"] for s in styles}) == 7
    with pytest.raises(ValueError):
        plotting.series_styles(0)


def test_inline_png_is_shown_at_half_its_pixels():
    fig, ax = plt.subplots(figsize=(4, 3))
    ax.plot([0, 1])
    data, meta = plotting._inline_png(fig)
    plt.close(fig)
    import base64
    with Image.open(io.BytesIO(base64.b64decode(data))) as im:
        assert meta == {"width": im.size[0] // 2, "height": im.size[1] // 2}
