"""The per-page setup helper (heavytail.notebook)."""

import numpy as np
import pytest

from heavytail import notebook


def test_setup_checks_parameters_and_returns_the_page_generator():
    page = notebook.setup(True, 7)
    assert page.quick is True and page.seed == 7 and page.mode == "quick"
    assert page.rng.random() == np.random.default_rng(7).random()
    assert notebook.setup(np.bool_(False)).mode == "full"
    assert 0 <= page.seconds() < 60
    with pytest.raises(TypeError, match="quick"):
        notebook.setup("True")
    with pytest.raises(ValueError, match="seed"):
        notebook.setup(False, -1)


def test_setup_applies_the_book_style_and_one_thread():
    import matplotlib.pyplot as plt
    from threadpoolctl import threadpool_info

    plt.rcParams["figure.dpi"] = 50
    notebook.setup(False, 0)
    from heavytail import plotting

    assert plt.rcParams["figure.dpi"] == plotting.DPI / 2, "the book's style (plotting.use_style) is applied"
    assert all(pool["num_threads"] == 1 for pool in threadpool_info())
