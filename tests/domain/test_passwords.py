"""Password rules (NIST SP 800-63B-4, single-factor): length in code points after NFKC, any
printable character, no composition rules, and a refusal of guessable values."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from magnerve.domain.passwords import (
    COMMON,
    MAX_LENGTH,
    MIN_LENGTH,
    normalise,
    password_problem,
)

GUESSABLE = "too easy to guess"
#: Ordinary words of at least four letters, none a common-password word.
WORDS = [
    "maple",
    "kettle",
    "orbit",
    "lantern",
    "pebble",
    "violin",
    "harbour",
    "meadow",
    "copper",
    "saddle",
    "thistle",
    "walnut",
    "gravel",
    "basket",
    "candle",
    "ferry",
    "garden",
    "island",
    "jacket",
    "ladder",
    "mirror",
    "needle",
    "oyster",
    "pepper",
    "quartz",
    "ribbon",
    "silver",
    "tunnel",
    "velvet",
    "window",
    "yellow",
    "zipper",
]


def accepted(password: str, **kwargs: tuple[str, ...]) -> bool:
    return password_problem(password, **kwargs) is None


# -- length -----------------------------------------------------------------------------------
def test_fifteen_characters_is_the_minimum() -> None:
    assert MIN_LENGTH == 15
    assert accepted("tiger lamp sofa")  # 15
    problem = password_problem("tiger lamp sof")  # 14
    assert problem is not None and "at least 15 characters" in problem


def test_256_characters_is_the_maximum_and_nothing_is_truncated() -> None:
    assert MAX_LENGTH == 256
    phrase = " ".join(WORDS * 3)
    assert accepted(phrase[:256])
    problem = password_problem(phrase[:257])
    assert problem is not None and "at most 256" in problem


def test_length_counts_code_points_after_nfkc() -> None:
    # 15 letters with accents typed as letter + combining mark: 30 code points as typed, 15
    # after NFKC composes them, so accepted; 14 of them are too short however they are typed.
    decomposed = unicodedata.normalize("NFD", "éàüöñçáåëïâêîôû")
    assert len(decomposed) == 30
    assert accepted(decomposed)
    assert password_problem(decomposed[:28]) is not None  # 14 letters
    # One emoji is one code point: fifteen different ones are long enough.
    emoji = "🐢🌵🍋🚲🎈🧦🦉🍄🌙⛵🎻🧩🪁🦔🍐"
    assert len(emoji) == 15 and accepted(emoji)
    assert not accepted(emoji[:14])


def test_full_width_letters_are_their_ascii_form() -> None:
    full_width = "ｍａｐｌｅ ｋｅｔｔｌｅ ｏｒｂｉｔ"
    assert normalise(full_width) == "maple kettle orbit"
    # ...so a common password typed full-width is still the common password.
    assert GUESSABLE in (password_problem("ｐａｓｓｗｏｒｄｐａｓｓｗｏｒｄ") or "")


@pytest.mark.parametrize(
    "password",
    [
        "the lazy river runs slowly home",  # lower case only: no composition rules
        "Grüße aus München, 2026",  # Unicode letters and punctuation
        "мой пароль очень длинный",  # another script
        "    spaces   at   the   edges    ",  # spaces count and are kept
        "糖尿病の足のしびれと付き合う毎日",  # CJK, 16 code points
    ],
)
def test_spaces_and_unicode_are_accepted_without_composition_rules(password: str) -> None:
    assert password_problem(password) is None


# -- guessable values ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    "password",
    [
        "correct horse battery staple",
        "Password Password",
        "PASSWORDPASSWORD",
        "i love you i love you",
        "magnesium magnesium",
        "password1234567",  # a common word with digits added
        "Password!!!!!!!!",
        "iloveyou 12345678",
        "diabetes diabetes 1",
    ],
)
def test_common_passwords_are_refused_whatever_the_case_and_spacing(password: str) -> None:
    assert GUESSABLE in (password_problem(password) or "")


@pytest.mark.parametrize(
    "password",
    [
        "aaaaaaaaaaaaaaa",
        "abababababababab",
        "abcabcabcabcabc",
        "ab12ab12ab12ab12",
        "123456789012345",
        "234567890123456",  # a stretch of the digits, wrapping round after 9
        "9876543210987654",  # ...and backwards
        "abcdefghijklmnop",
        "zyxwvutsrqponmlk",
        "qwertyuiopasdfghjkl",
        "lkjhgfdsapoiuytrewq",
        "0123456789012345678901234",  # longer than two rounds of the digits
    ],
)
def test_repeats_and_sequences_are_refused(password: str) -> None:
    assert GUESSABLE in (password_problem(password) or "")


def test_a_common_word_within_a_longer_phrase_is_fine() -> None:
    assert accepted("my password is a walk by the harbour")
    assert accepted("p4ssw0rd kettle orbit meadow")


@pytest.mark.parametrize(
    ("password", "context"),
    [
        ("ann.smith@example.org", ("ann.smith@example.org", "ann.smith", "Ann Smith")),
        ("Ann Smith Ann Smith", ("ann@example.org", "ann", "Ann Smith")),
        ("annsmith2026!!", ("a@example.org", "a", "Ann Smith")),  # too short anyway
        ("AnnSmith@Example", ("annsmith@example.org", "annsmith", "Ann Smith")),
        # A piece of a long address is as guessable as the whole of it.
        ("averyverylongname@example", ("averyverylongname@example.org", "averyverylongname")),
    ],
)
def test_context_words_are_refused(password: str, context: tuple[str, ...]) -> None:
    assert password_problem(password, context=context) is not None


def test_a_name_inside_a_longer_phrase_is_fine() -> None:
    context = ("ann.smith@example.org", "ann.smith", "Ann Smith")
    assert accepted("Ann Smith walks to the harbour", context=context)


def test_short_context_words_are_ignored() -> None:
    assert accepted("bo walks to the harbour", context=("bo@example.org", "bo", "Bo"))


def test_the_service_name_is_refused() -> None:
    assert password_problem("magnerve magnerve") is not None
    assert password_problem("MagNerve 2026 magnerve!") is not None
    assert accepted("magnerve keeps my kettle orbit")


@pytest.mark.parametrize("control", ["\n", "\t", "\x00", "\x1b", "\x7f"])
def test_control_characters_are_refused(control: str) -> None:
    assert password_problem(f"maple kettle{control}orbit") == "must not contain control characters"


def test_a_lone_surrogate_is_refused_not_hashed() -> None:
    # It cannot be encoded as UTF-8, so hashing would fail: refuse it as a bad character.
    assert password_problem("maple kettle\ud800orbit") == "must not contain control characters"


def test_format_characters_in_emoji_are_accepted() -> None:
    family = "👩\u200d👩\u200d👧 maple kettle orbit"  # zero-width joiners (category Cf)
    assert accepted(family)


def test_the_common_list_is_written_as_compared() -> None:
    # Entries are compared lower-cased with spaces removed; an entry written otherwise would
    # never match anything.
    for entry in COMMON:
        assert entry == "".join(entry.lower().split())


# -- properties ---------------------------------------------------------------------------------
@given(st.text(max_size=40))
def test_the_rules_judge_the_normalised_form(text: str) -> None:
    """What is hashed is the NFKC form, so judging either form must give the same answer."""
    assert password_problem(text) == password_problem(normalise(text))


@given(st.lists(st.sampled_from(WORDS), min_size=4, max_size=8, unique=True))
def test_four_or_more_ordinary_words_are_always_accepted(words: list[str]) -> None:
    """The advice we give ("a few ordinary words in a row") always leads to a password we take."""
    assert password_problem(" ".join(words)) is None


@given(
    unit=st.text(alphabet=st.characters(categories=["L", "N", "P"]), min_size=1, max_size=4),
    length=st.integers(min_value=MIN_LENGTH, max_value=60),
)
def test_a_short_unit_repeated_is_always_refused(unit: str, length: int) -> None:
    # The rules judge the NFKC form; keep to units that NFKC leaves alone ('Ĳ' becomes 'IJ').
    assume(normalise(unit * 2) == unit * 2)
    value = (unit * length)[:length]
    problem = password_problem(value)
    assert problem is not None


@given(
    run=st.sampled_from(["abcdefghijklmnopqrstuvwxyz", "0123456789", "qwertyuiopasdfghjklzxcvbnm"]),
    start=st.integers(min_value=0, max_value=25),
    length=st.integers(min_value=MIN_LENGTH, max_value=80),
    backwards=st.booleans(),
    upper=st.booleans(),
)
def test_any_stretch_of_a_keyboard_or_alphabet_run_is_refused(
    run: str, start: int, length: int, backwards: bool, upper: bool
) -> None:
    cycle = run * (80 // len(run) + 3)
    value = cycle[start % len(run) :][:length]
    value = value[::-1] if backwards else value
    assert GUESSABLE in (password_problem(value.upper() if upper else value) or "")


@given(
    entry=st.sampled_from(sorted(COMMON)),
    spaces=st.lists(st.integers(min_value=0, max_value=40), max_size=5),
    caps=st.lists(st.booleans(), min_size=40, max_size=40),
)
def test_common_passwords_stay_refused_with_spaces_and_capitals(
    entry: str, spaces: list[int], caps: list[bool]
) -> None:
    letters = [ch.upper() if cap else ch for ch, cap in zip(entry, caps, strict=False)]
    for position in sorted(spaces, reverse=True):
        letters.insert(min(position, len(letters)), " ")
    assert password_problem("".join(letters)) is not None
