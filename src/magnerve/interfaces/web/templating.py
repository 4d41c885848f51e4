"""Jinja2 rendering shared by pages and the clinician report: one environment, one set of filters.

Every number shown to a person goes through a filter that puts its unit beside it.
"""

from __future__ import annotations

from contextvars import ContextVar
from functools import cache
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, pass_context, select_autoescape
from jinja2.runtime import Context
from markupsafe import Markup, escape

from magnerve import __version__
from magnerve.domain.access import Role
from magnerve.domain.person import EXAMPLE_HANDLE
from magnerve.interfaces.web.context import (
    AUTH_KEY,
    PERSON_KEY,
    clinic_mode,
    current_handle,
    root_app,
    signed_in,
)
from magnerve.interfaces.web.csrf import FIELD as CSRF_FIELD
from magnerve.interfaces.web.csrf import csrf_token as session_csrf_token
from magnerve.interfaces.words import SEVERITY_SYMBOLS, SEVERITY_WORDS

TEMPLATES_DIR = Path(__file__).parent / "templates"
TEXT_SIZES = ("normal", "large", "larger")
FLASH_KEY = "flash"
TEXT_SIZE_KEY = "text_size"

#: (path, label) of the main navigation, in order.
NAV = (
    ("/", "Today"),
    ("/log", "Log"),
    ("/supplements", "Supplements"),
    ("/medicines", "Medicines"),
    ("/labs", "Labs"),
    ("/trial", "Trial"),
    ("/foods", "Foods"),
    ("/findings", "Findings"),
    ("/report", "Report"),
    ("/profile", "Profile"),
    ("/about", "About"),
)

#: Clinic mode: added after the main navigation once signed in (Panel: clinicians only).
CLINIC_NAV = (("/notes", "Notes"), ("/sharing", "Sharing"), ("/account", "Account"))
CLINICIAN_NAV = (("/panel", "Panel"),)
SIGNED_OUT_NAV = (("/signin", "Sign in"), ("/about", "About"))


def fmt_number(value: float | int | None, decimals: int = 0) -> str:
    """A number for people: no float noise, no trailing zeros, a minus sign, thousands commas."""
    if value is None:
        return "—"
    text = f"{float(value):,.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text in {"-0", "−0"}:
        text = "0"
    return text.replace("-", "−")


def fmt_amount(value: float | int | None, unit: str, decimals: int = 0) -> str:
    """``123 mg``; a missing value is said in words, never shown as 0."""
    if value is None:
        return "no data"
    return f"{fmt_number(value, decimals)}\u00a0{unit}"


def fmt_percent(part: float | None, whole: float | None) -> str:
    if part is None or not whole:
        return "—"
    return f"{round(100 * part / whole)}\u00a0%"


#: The request whose page :func:`render` is drawing, for macros imported without context.
_rendering: ContextVar[Request | None] = ContextVar("magnerve_rendering", default=None)


def _request_of(context: Context) -> Request:
    request = context.get("request")
    if isinstance(request, Request):
        return request
    request = _rendering.get()
    if request is None:
        raise RuntimeError("csrf_field() and csrf_token() need a template rendered with render()")
    return request


@pass_context
def csrf_token_global(context: Context) -> str:
    """``{{ csrf_token() }}``: this session's anti-forgery token (for headers and scripts)."""
    return session_csrf_token(_request_of(context))


@pass_context
def csrf_field(context: Context) -> Markup:
    """``{{ csrf_field() }}``: the hidden field every ``<form method="post">`` carries."""
    token = escape(session_csrf_token(_request_of(context)))
    return Markup(f'<input type="hidden" name="{CSRF_FIELD}" value="{token}">')


@cache
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=select_autoescape(["html", "svg"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["number"] = fmt_number
    env.filters["amount"] = fmt_amount
    env.filters["mg"] = lambda v, d=0: fmt_amount(v, "mg", d)
    env.filters["percent"] = fmt_percent
    env.globals["version"] = __version__
    env.globals["nav"] = NAV
    env.globals["text_sizes"] = TEXT_SIZES
    env.globals["severity_words"] = SEVERITY_WORDS
    env.globals["severity_symbols"] = SEVERITY_SYMBOLS
    env.globals["csrf_token"] = csrf_token_global
    env.globals["csrf_field"] = csrf_field
    return env


def knowledge_version() -> str:
    from magnerve.knowledge.load import knowledge_version as version

    return version()


def clinic_context(request: Request) -> dict[str, Any]:
    """Clinic mode: who is signed in, the navigation for their role, and whose records a
    clinician is looking at (the read-only banner)."""
    if not clinic_mode(request):
        return {"nav": NAV, "clinic": False, "account": None, "viewing": None}
    who = signed_in(request)
    if who is None:
        return {"nav": SIGNED_OUT_NAV, "clinic": True, "account": None, "viewing": None}
    clinician = who.actor.role is Role.clinician
    nav = (CLINICIAN_NAV if clinician else ()) + NAV + CLINIC_NAV
    handle = request.session.get(PERSON_KEY)
    viewing = None
    if clinician and isinstance(handle, str) and AUTH_KEY in request.session:
        app = root_app(request).for_person(who.person_handle or "", who.actor)
        viewing = next(
            (g.person_name for g in app.sharing.grants() if g.person_handle == handle), None
        )
    return {"nav": nav, "clinic": True, "account": who, "viewing": viewing}


def page_context(request: Request) -> dict[str, Any]:
    """What every page shows: who, the text size, and a one-time message after a change."""

    session = request.session
    size = session.get(TEXT_SIZE_KEY)
    return {
        **clinic_context(request),
        "request": request,
        "path": request.url.path,
        "is_example": not clinic_mode(request) and current_handle(request) == EXAMPLE_HANDLE,
        "text_size": size if size in TEXT_SIZES else TEXT_SIZES[0],
        "flash": session.pop(FLASH_KEY, None),
        "knowledge_version": knowledge_version(),
        "is_htmx": request.headers.get("hx-request") == "true",
    }


def render(
    request: Request, template: str, context: dict[str, Any] | None = None, status: int = 200
) -> HTMLResponse:
    token = _rendering.set(request)
    try:
        page = environment().get_template(template)
        html = page.render({**page_context(request), **(context or {})})
    finally:
        _rendering.reset(token)
    return HTMLResponse(html, status_code=status)


def render_fragment(template: str, context: dict[str, Any]) -> str:
    """Render without a request (the clinician report, partials inside other output)."""
    return environment().get_template(template).render(context)


def render_error(request: Request, message: str, hint: str | None, status: int) -> HTMLResponse:
    return render(
        request, "error.html", {"message": message, "hint": hint, "status": status}, status
    )


def flash(request: Request, message: str) -> None:
    """A short message shown once on the next page ("Saved …"). Never health details in logs."""
    request.session[FLASH_KEY] = message
