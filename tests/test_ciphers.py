"""Tests of heavytail.ciphers: corpus, shift ciphers, scrambling and the tiny decoder."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from heavytail import ciphers as C

letters = st.text(alphabet=C.ALPHABET, min_size=1, max_size=60)


@given(text=letters, s=st.integers(1, 25))
def test_encipher_roundtrip_and_spaces(text, s):
    codes = C.encode(text)
    assert C.decode(codes) == text
    out = C.encipher(codes, s)
    assert np.array_equal(out == 0, codes == 0)
    assert np.array_equal(C.encipher(out, 26 - s), codes)


def test_known_ciphers():
    assert C.decode(C.encipher(C.encode("abc xyz"), 1)) == "bcd yza"
    assert C.decode(C.encipher(C.encode("hello"), 13)) == "uryyb"


def test_scramble_keeps_spaces_and_letter_counts():
    codes = C.encode("the quick brown fox jumps over the lazy dog")
    out = C.scramble(codes, np.random.default_rng(0))
    assert np.array_equal(out == 0, codes == 0)
    assert np.array_equal(np.sort(out), np.sort(codes))


def test_shift_ranking_and_frequencies():
    r = C.shift_ranking(0)
    assert sorted(r) == list(range(1, 26)) and list(r[:3]) == [13, 3, 1]
    p = C.shift_frequencies(1.5)
    assert p.sum() == pytest.approx(1) and (np.diff(p[r - 1]) < 0).all()
    with pytest.raises(ValueError, match="zeta"):
        C.shift_frequencies(0)


def test_corpus_is_clean_and_large():
    text = C.stdlib_docstring_text()
    assert set(text) <= set(C.ALPHABET) and len(text) > 50_000
    with pytest.raises(ValueError, match="modules"):
        C.stdlib_docstring_text(())


def test_bad_inputs():
    with pytest.raises(ValueError, match="text"):
        C.encode("Hello!")
    with pytest.raises(ValueError, match="width"):
        C.CipherConfig(width=0)
    with pytest.raises(ValueError, match="train_fraction"):
        C.CipherConfig(train_fraction=1.0)


def test_tiny_training_and_decoding():
    codes = C.encode(C.stdlib_docstring_text(("textwrap", "json")))
    seen = []
    cfg = C.CipherConfig(steps=150, batch=256, width=64)
    m = C.train_decoder(cfg, codes, seed=0, checkpoints=(50, 150), callback=lambda s, mod: seen.append(s))
    assert seen == [50, 150]
    acc = C.decode_accuracy(m, codes, n_passages=8, length=20)
    assert acc.shape == (25,) and ((acc >= 0) & (acc <= 1)).all()
    assert acc[12] > 0.5           # rot-13, the most frequent shift, is learned first
    with pytest.raises(ValueError, match="callback"):
        C.train_decoder(cfg, codes, checkpoints=(10,))


def test_greedy_decode_validates_and_matches_accuracy():
    codes = C.encode(C.stdlib_docstring_text(("json",)))
    m = C.train_decoder(C.CipherConfig(steps=20, batch=64, width=16), codes, seed=1)
    plain, dec = C.greedy_decode(m, codes, starts=[10, 50], length=12, shifts=[13, 2])
    assert plain.shape == dec.shape == (2, 12)
    assert np.array_equal(plain[0], codes[10:22])
    with pytest.raises(ValueError, match="shifts"):
        C.greedy_decode(m, codes, starts=[10], length=12, shifts=[26])
    with pytest.raises(ValueError, match="starts"):
        C.greedy_decode(m, codes, starts=[0], length=12, shifts=[3])
