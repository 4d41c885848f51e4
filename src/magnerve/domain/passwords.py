"""Password rules after NIST SP 800-63B-4 (2025), §3.1.1.2, for passwords that are the only
factor. Pure functions; hashing lives in the accounts service.

What the standard asks, and what we do:
- at least 15 characters for a single-factor password (each Unicode code point counts as one);
- accept at least 64 (we accept up to 256), any printable character, spaces and Unicode,
  normalised with NFKC before hashing; never truncate;
- no composition rules (no "one digit, one symbol") and no forced periodic changes;
- refuse values that are commonly used, expected or compromised. We run offline, so we cannot
  query a breach corpus: we refuse our own short list of very common passwords and phrases,
  values made of one repeated character or a simple sequence, and context words (the service
  name, the person's e-mail address or name).
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

_SEQUENCES = (
    "abcdefghijklmnopqrstuvwxyz",
    "01234567890",
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
    if any(unicodedata.category(ch) == "Cc" for ch in value):
        return "must not contain control characters"
    squashed = "".join(value.lower().split())
    if squashed in COMMON or _is_repeat_or_sequence(squashed):
        return "is too easy to guess (a common password, a repeated character or a sequence)"
    if "magnerve" in squashed and len(squashed.replace("magnerve", "")) < MIN_LENGTH // 2:
        return "must not be mostly the name of this service"
    for word in context:
        key = "".join(normalise(word).lower().split())
        mostly = len(squashed.replace(key, "")) < MIN_LENGTH // 2
        if len(key) >= 4 and (key in squashed or squashed in key) and mostly:
            return "must not be mostly your e-mail address or name"
    return None


def _is_repeat_or_sequence(value: str) -> bool:
    if len(set(value)) <= 2:
        return True
    for run in _SEQUENCES:
        if value in run or value in run[::-1] or value in (run * 2):
            return True
    return _repeats_a_short_unit(value)


def _repeats_a_short_unit(value: str) -> bool:
    """'abcabcabcabcabc', 'ab12ab12ab12ab12': a unit of up to 4 characters, repeated."""
    for size in range(1, 5):
        unit = value[:size]
        if unit * (len(value) // size) + unit[: len(value) % size] == value:
            return True
    return False
