"""Invite codes: 12 characters from Crockford's base 32, forgiving about how they are typed."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from magnerve.domain.invite_codes import (
    ALPHABET,
    LENGTH,
    canonical,
    code_hash,
    looks_like_code,
    new_code,
)

SHOWN = re.compile(r"^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$")


def test_the_alphabet_leaves_out_look_alikes() -> None:
    assert len(ALPHABET) == 32 and len(set(ALPHABET)) == 32
    assert not set("ILOU") & set(ALPHABET)
    assert LENGTH == 12  # 60 random bits


def test_a_new_code_is_three_groups_of_four() -> None:
    codes = {new_code() for _ in range(200)}
    assert len(codes) == 200  # random, not a counter
    for code in codes:
        assert SHOWN.match(code), code
        assert looks_like_code(code)
        assert canonical(code) == code.replace("-", "")


@pytest.mark.parametrize(
    "typed",
    [
        "7K3M-Q9PX-2HDT",
        "7k3m-q9px-2hdt",
        "7K3MQ9PX2HDT",
        " 7K3M Q9PX 2HDT ",
        "7k3m - q9px - 2hdt",
        "7K3M\tQ9PX\t2HDT",
        "7K3M–Q9PX—2HDT",  # en and em dashes from a phone's keyboard or a pasted message
        "7K3M\u00a0Q9PX\u00a02HDT",  # no-break spaces
        "７Ｋ３Ｍ－Ｑ９ＰＸ－２ＨＤＴ",  # full-width
    ],
)
def test_case_spaces_and_dashes_do_not_matter(typed: str) -> None:
    assert canonical(typed) == "7K3MQ9PX2HDT"
    assert looks_like_code(typed)
    assert code_hash(typed) == code_hash("7K3M-Q9PX-2HDT")


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("O0O0-o0o0-0000", "000000000000"),  # the letter O is read as zero
        ("I1I1-i1i1-1111", "111111111111"),  # I is one
        ("L1L1-l1l1-1111", "111111111111"),  # and so is L
    ],
)
def test_look_alike_letters_read_as_digits(typed: str, meant: str) -> None:
    assert canonical(typed) == meant
    assert looks_like_code(typed)
    assert code_hash(typed) == code_hash(meant)


def test_different_codes_hash_differently_and_the_hash_is_not_the_code() -> None:
    first, second = code_hash("7K3M-Q9PX-2HDT"), code_hash("7K3M-Q9PX-2HDV")
    assert first != second
    assert re.fullmatch(r"[0-9a-f]{64}", first)
    assert "7K3M" not in first.upper()


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "7K3M-Q9PX-2HD",  # 11 characters
        "7K3M-Q9PX-2HDTX",  # 13
        "7K3M-Q9PX-2HDU",  # U is not in the alphabet
        "7K3M-Q9PX-2HD!",
        "7K3M.Q9PX.2HDT",  # dots are not separators
        "ÄK3M-Q9PX-2HDT",
    ],
)
def test_what_is_not_a_code(typed: str) -> None:
    assert not looks_like_code(typed)


@given(st.text(alphabet=ALPHABET, min_size=LENGTH, max_size=LENGTH), st.data())
def test_any_code_survives_lower_case_and_separators(raw: str, data: st.DataObject) -> None:
    cuts = data.draw(st.lists(st.integers(0, LENGTH), max_size=4))
    pieces = list(raw.lower())
    for cut in sorted(cuts, reverse=True):
        pieces.insert(cut, data.draw(st.sampled_from([" ", "-", " - ", "–"])))
    typed = "".join(pieces)
    assert looks_like_code(typed)
    assert code_hash(typed) == code_hash(raw)
