"""Accounts: e-mail addresses, names, and the product's security rules (not clinical numbers).

The numbers below are our own conservative choices for a service holding health records; each
says why. They are settings of the product, tested so a change is deliberate.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime, timedelta

#: A signed-in session ends this long after sign-in, whatever happens (NIST SP 800-63B-4 allows
#: longer at the lowest assurance level; health records deserve a daily sign-in).
SESSION_LIFETIME = timedelta(hours=12)
#: ...or after this long without any request (a shared or forgotten computer).
SESSION_IDLE = timedelta(hours=2)
#: How often a session's "last seen" is written (not on every request).
SESSION_TOUCH_EVERY = timedelta(minutes=1)

#: Failed sign-ins are counted over this window.
ATTEMPT_WINDOW = timedelta(minutes=15)

#: Failures allowed for one e-mail address from one client in the window, then wait.
MAX_FAILURES_PER_ADDRESS_AND_CLIENT = 5
#: Failures allowed for one e-mail address from anywhere (slows spread-out guessing; NIST
#: SP 800-63B-4 asks for at most 100 consecutive failures per account).
MAX_FAILURES_PER_ADDRESS = 50
#: Failures allowed from one client for any addresses (slows trying many accounts).
MAX_FAILURES_PER_CLIENT = 30

#: An invite code can be used once, within this time.
INVITE_LIFETIME = timedelta(days=7)
#: Wrong invite codes allowed per account in the attempt window.
MAX_INVITE_FAILURES = 10

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def retry_after_s(oldest_failure: datetime, now: datetime) -> int:
    """Whole seconds until the oldest counted failure leaves the window (at least 1)."""
    return max(1, int((oldest_failure + ATTEMPT_WINDOW - now).total_seconds()) + 1)


def normalise_email(text: str) -> str:
    """Trimmed and lower-cased: one address, one account, however it is typed."""
    return text.strip().lower()


def email_problem(email: str) -> str | None:
    if not email:
        return "is required"
    if len(email) > 254 or not _EMAIL.match(email) or not email.isprintable():
        return "must be an e-mail address such as name@example.org"
    return None


def name_problem(name: str) -> str | None:
    if not name.strip():
        return "is required (the name others will see, e.g. 'Ann Smith' or 'Dr Lee')"
    if len(name) > 200:
        return "must be at most 200 characters"
    if has_control_characters(name):
        return "must not contain control characters"
    return None


def has_control_characters(text: str, *, allow: str = "") -> bool:
    """Control characters (and unpaired surrogates), which no name or note needs and which
    PostgreSQL cannot store (NUL); ``allow`` lists the ones a text may keep (line breaks)."""
    return any(unicodedata.category(ch) in ("Cc", "Cs") and ch not in allow for ch in text)


def client_key(client: str) -> str:
    """A client address as the attempt log keeps it: printable, at most 64 characters."""
    return "".join(ch for ch in client if ch.isprintable())[:64] or "unknown"
