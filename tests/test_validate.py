"""Direct tests of the shared validators in heavytail._validate."""

import numpy as np
import pytest

from heavytail._validate import as_rng, check_counts, check_int, check_probability


def test_as_rng_accepts_seeds_and_generators():
    g = np.random.default_rng(3)
    assert as_rng(g) is g
    assert as_rng(5).integers(1000) == np.random.default_rng(5).integers(1000)
    bad_seeds = [(-1, ValueError), (1.5, ValueError), ("7", TypeError), (None, TypeError), (True, TypeError)]
    for bad, exc in bad_seeds:
        with pytest.raises(exc, match="seed"):
            as_rng(bad)
    with pytest.raises(ValueError, match="rng must be >= 0"):
        as_rng(-3, "rng")


def test_messages_name_the_argument_and_value():
    with pytest.raises(ValueError, match=r"c must not exceed n: c=5 > n=4 at index 1"):
        check_counts([4, 4], [1, 5])
    with pytest.raises(ValueError, match=r"p must lie in \[0, 1\], got 1.5"):
        check_probability([0.2, 1.5])
    with pytest.raises(ValueError, match="k must be >= 1, got 0"):
        check_int(0, "k", minimum=1)
