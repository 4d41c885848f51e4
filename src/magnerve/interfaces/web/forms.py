"""HTML forms: read what was typed, turn service errors into per-field messages, redirect after.

A form that fails is shown again with what the person typed and a message next to each bad
field (status 422); nothing is saved. A form that works redirects (303) to a page that shows a
one-time message, so reloading never logs the same thing twice.
"""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import RedirectResponse

from magnerve.errors import MagnerveError
from magnerve.interfaces.web.templating import flash


async def form_values(request: Request) -> dict[str, str]:
    """Every submitted field as text, trimmed; repeated fields keep the last value."""
    form = await request.form()
    return {k: v.strip() for k, v in form.items() if isinstance(v, str)}


def optional(values: dict[str, str], name: str) -> str | None:
    """The field's text, or None when it was left empty."""
    value = values.get(name, "")
    return value or None


def field_errors(exc: MagnerveError, *, default_field: str = "form") -> dict[str, str]:
    """``{field: message}`` for the template; a fault without a field goes to ``default_field``."""
    errors: dict[str, str] = {}
    for e in exc.errors:
        errors.setdefault(e.field or default_field, e.message)
    if not errors:
        errors[exc.field or default_field] = exc.message
    return errors


def safe_next(value: str | None, default: str = "/") -> str:
    """A ``next`` address from a form or query, only if it stays on this site."""
    if value and value.startswith("/") and not value.startswith("//") and "\\" not in value:
        return value
    return default


def done(request: Request, url: str, message: str) -> RedirectResponse:
    """Redirect after a successful change, with a one-time message."""
    flash(request, message)
    return RedirectResponse(url, status_code=303)
