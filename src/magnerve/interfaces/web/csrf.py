"""Anti-forgery tokens: every change must carry this browser session's secret token.

Each session holds one random token (``request.session["csrf"]``, inside the signed session
cookie). Pages put it in every form (``{{ csrf_field() }}``) and in the ``X-CSRF-Token`` header
that htmx sends; programs using the API ask ``GET /api/v1/csrf`` for it. Another site can make
a browser send our cookie, but it cannot read the token, so its forged request is refused.

:func:`require_csrf` is a dependency of the whole application (``FastAPI(dependencies=...)``),
so every route, including routers added later, checks the token before its own dependencies
and its own work run: a refused request changes nothing. Only GET, HEAD and OPTIONS, which
change nothing, are not checked. Sign-in and registration forms are checked too: rendering
the form puts a token in the session first.
"""

from __future__ import annotations

import hmac
import secrets

from fastapi import Request

from magnerve.errors import CsrfRejected
from magnerve.interfaces.web.security import SAFE_METHODS

SESSION_KEY = "csrf"
HEADER = "X-CSRF-Token"
FIELD = "csrf_token"
FORM_TYPES = frozenset({"application/x-www-form-urlencoded", "multipart/form-data"})

MESSAGE = "This form has expired or did not come from magnerve. Reload the page and try again."
API_HINT = "Send the token from GET /api/v1/csrf in the X-CSRF-Token header, with the same cookie."


def csrf_token(request: Request) -> str:
    """This session's token, made on first use."""
    token = request.session.get(SESSION_KEY)
    if isinstance(token, str) and token:
        return token
    return rotate_csrf(request)


def rotate_csrf(request: Request) -> str:
    """A new token for this session (after signing in, so a planted session is worth nothing)."""
    token = secrets.token_urlsafe(32)
    request.session[SESSION_KEY] = token
    return token


async def require_csrf(request: Request) -> None:
    """Refuse a state-changing request whose token is missing or not this session's."""
    if request.method in SAFE_METHODS:
        return
    expected = request.session.get(SESSION_KEY)
    sent = request.headers.get(HEADER)
    if sent is None:
        sent = await _form_token(request)
    if (
        not isinstance(expected, str)
        or not expected
        or sent is None
        or not hmac.compare_digest(sent.encode(), expected.encode())
    ):
        hint = API_HINT if request.url.path.startswith("/api/") else None
        raise CsrfRejected(MESSAGE, field=FIELD, hint=hint)


async def _form_token(request: Request) -> str | None:
    """The ``csrf_token`` field of a submitted form. Starlette keeps the parsed form on the
    request, so the route reads the same form again without the body being read twice."""
    content_type = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if content_type not in FORM_TYPES:
        return None
    value = (await request.form()).get(FIELD)
    return value if isinstance(value, str) else None
