"""Invite codes people read out or type: 12 characters in groups of four (60 random bits).

Crockford's base-32 alphabet leaves out I, L, O and U, so a code read aloud or typed with
unsteady hands is forgiving: case, spaces and dashes do not matter, and O/I/L read as 0/1/1.
"""

from __future__ import annotations

import hashlib
import secrets
import unicodedata

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 12


def new_code() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, LENGTH, 4))


def canonical(text: str) -> str:
    """The code as stored (hashed): upper case, no separators, look-alikes mapped.

    Separators are any spaces and any dashes, so a code pasted from a message or a phone's
    keyboard (which may turn "-" into "–" and digits full-width) still reads the same.
    """
    folded = unicodedata.normalize("NFKC", text).upper()
    cleaned = "".join(ch for ch in folded if not ch.isspace() and unicodedata.category(ch) != "Pd")
    return cleaned.translate(str.maketrans("OIL", "011"))


def looks_like_code(text: str) -> bool:
    value = canonical(text)
    return len(value) == LENGTH and all(ch in ALPHABET for ch in value)


def code_hash(text: str) -> str:
    return hashlib.sha256(("invite:" + canonical(text)).encode()).hexdigest()
