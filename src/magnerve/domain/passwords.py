"""Password rules after NIST SP 800-63B-4 (2025), §3.1.1.2, for passwords that are the only
factor. Pure functions; hashing lives in the accounts service.

What the standard asks, and what we do:
- at least 15 characters for a single-factor password (each Unicode code point counts as one);
- accept at least 64 (we accept up to 256), any printable character, spaces and Unicode,
  normalised with NFKC before hashing; never truncate;
- no composition rules (no "one digit, one symbol") and no forced periodic changes;
- refuse values that are commonly used, expected or compromised. We run offline, so we cannot
  query a breach corpus: we refuse our own short list of very common passwords and phrases,
  a very common word with only digits or symbols added, values made of one repeated character
  or a simple sequence, and context words (the service name, the person's e-mail address or
  name). Each Unicode code point counts, after NFKC; unpaired surrogates count as control
  characters (they cannot be encoded for hashing).
"""

from __future__ import annotations

import unicodedata

MIN_LENGTH = 15
MAX_LENGTH = 256

#: Very common long passwords and phrases (lower-cased, spaces removed), refused outright.
COMMON = frozenset(
    {
        "passwordpassword",
        "password123456789",
        "123456789012345",
        "1234567890123456",
        "qwertyuiopasdfgh",
        "qwertyuiopasdfghjkl",
        "qwertyuiop123456",
        "iloveyouiloveyou",
        "letmeinletmein",
        "correcthorsebatterystaple",
        "thequickbrownfoxjumpsoverthelazydog",
        "abcdefghijklmnop",
        "changemechangeme",
        "welcomewelcome123",
        "adminadminadmin",
        "passwordpassword1",
        "mypasswordismypassword",
        "trustno1trustno1",
        "diabetesdiabetes",
        "magnesiummagnesium",
        "neuropathyneuropathy",
    }
)

#: Very common words that stay easy to guess with digits or symbols around them
#: ("password1234567", "iloveyou!!!!!!!!"), lower-cased.
COMMON_WORDS = frozenset(
    {
        "password",
        "qwerty",
        "qwertyuiop",
        "letmein",
        "welcome",
        "iloveyou",
        "admin",
        "changeme",
        "trustno",
        "monkey",
        "dragon",
        "sunshine",
        "princess",
        "football",
        "baseball",
        "diabetes",
        "neuropathy",
        "magnesium",
        "magnerve",
    }
)

#: Runs typed in order; a password that is a stretch of one (wrapping around, either way) is
#: refused ("234567890123456", "zyxwvutsrqponml").
_SEQUENCES = (
    "abcdefghijklmnopqrstuvwxyz",
    "0123456789",
    "qwertyuiopasdfghjklzxcvbnm",
)


def normalise(password: str) -> str:
    """The form that is hashed and compared (Unicode NFKC)."""
    return unicodedata.normalize("NFKC", password)


def password_problem(password: str, *, context: tuple[str, ...] = ()) -> str | None:
    """Why ``password`` is refused, in plain words, or ``None`` when it is acceptable.

    ``context`` holds words the person is known by (e-mail address, name), which must not be
    the password or most of it.
    """
    value = normalise(password)
    if len(value) < MIN_LENGTH:
        return (
            f"must be at least {MIN_LENGTH} characters; a few ordinary words in a row are easy "
            "to remember and type (spaces are allowed)"
        )
    if len(value) > MAX_LENGTH:
        return f"must be at most {MAX_LENGTH} characters"
    if any(unicodedata.category(ch) in ("Cc", "Cs") for ch in value):
        return "must not contain control characters"
    squashed = _squash(value)
    if squashed in COMMON or _is_repeat_or_sequence(squashed) or _common_word_padded(squashed):
        return "is too easy to guess (a common password, a repeated character or a sequence)"
    if "magnerve" in squashed and len(squashed.replace("magnerve", "")) < MIN_LENGTH // 2:
        return "must not be mostly the name of this service"
    for word in context:
        key = _squash(normalise(word))
        if len(key) < 4:
            continue
        inside = squashed in key  # the password is a piece of the address or name
        mostly = key in squashed and len(squashed.replace(key, "")) < MIN_LENGTH // 2
        if inside or mostly:
            return "must not be mostly your e-mail address or name"
    return None


def _squash(value: str) -> str:
    """Lower case without spaces, one character for one (so 'İ', whose lower case is two
    code points, stays as it is and a repeated unit still repeats)."""
    lowered = (ch.lower() if len(ch.lower()) == 1 else ch for ch in value)
    return "".join(ch for ch in lowered if not ch.isspace())


def _is_repeat_or_sequence(value: str) -> bool:
    if len(set(value)) <= 2:
        return True
    for run in _SEQUENCES:
        cycle = run * (len(value) // len(run) + 2)
        if value in cycle or value in cycle[::-1]:
            return True
    return _repeats_a_short_unit(value)


def _common_word_padded(value: str) -> bool:
    """A very common word (or that word repeated) with only digits and symbols added."""
    letters = "".join(ch for ch in value if ch.isalpha())
    if not letters:
        return False
    return any(letters == word * (len(letters) // len(word)) for word in COMMON_WORDS)


def _repeats_a_short_unit(value: str) -> bool:
    """'abcabcabcabcabc', 'ab12ab12ab12ab12': a unit of up to 4 characters, repeated."""
    for size in range(1, 5):
        unit = value[:size]
        if unit * (len(value) // size) + unit[: len(value) % size] == value:
            return True
    return False
