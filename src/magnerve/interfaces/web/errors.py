"""Errors become answers only here, at the edge.

The API answers every 4xx with the one shape of DESIGN §2 (malformed JSON, unknown routes and
wrong methods included); pages show the error page. Internal faults say nothing about the
request's data (no health data in logs or answers).
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from magnerve.errors import (
    Conflict,
    Forbidden,
    InvalidInput,
    MagnerveError,
    NotFound,
    PayloadTooLarge,
    TooManyAttempts,
    Unauthenticated,
)
from magnerve.interfaces import payloads

log = logging.getLogger("magnerve.web")

HTTP_CODES = {
    400: "bad_request",
    401: "unauthorised",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    413: "too_large",
    415: "unsupported_media_type",
    429: "rate_limited",
}


def status_for(exc: MagnerveError) -> int:
    if isinstance(exc, Unauthenticated):
        return 401
    if isinstance(exc, TooManyAttempts):
        return 429
    if isinstance(exc, Conflict):
        return 409
    if isinstance(exc, PayloadTooLarge):
        return 413
    if isinstance(exc, NotFound):
        return 404
    if isinstance(exc, Forbidden):
        return 403
    if isinstance(exc, InvalidInput) or exc.exit_code == 2:
        return 422
    return 500


def retry_headers(exc: MagnerveError) -> dict[str, str]:
    """``Retry-After`` for an error that says when to try again (rate limits)."""
    retry = exc.details.get("retry_after_s")
    return {"Retry-After": str(retry)} if isinstance(retry, int) else {}


def is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def error_body(message: str, errors: list[dict[str, str]], code: str) -> dict[str, Any]:
    return {"ok": False, "error": message, "errors": errors, "code": code}


def _field(loc: tuple[Any, ...] | list[Any]) -> str:
    parts = [str(p) for p in loc]
    if parts and parts[0] in {"body", "query", "path", "header", "cookie"}:
        parts = parts[1:]
    return ".".join(parts) or "body"


def validation_errors(exc: RequestValidationError) -> list[dict[str, str]]:
    out = []
    for e in exc.errors():
        if e.get("type") == "json_invalid":
            out.append({"field": "body", "message": "is not valid JSON"})
        else:
            out.append({"field": _field(e.get("loc", ())), "message": str(e.get("msg", "invalid"))})
    return out


def _here(request: Request) -> str:
    """Where to come back to after signing in (a page the browser was asking for)."""
    if request.method != "GET":
        return "/"
    query = f"?{request.url.query}" if request.url.query else ""
    return request.url.path + query


def install(app: FastAPI) -> None:
    from magnerve.interfaces.web.context import GoTo
    from magnerve.interfaces.web.templating import render_error

    @app.exception_handler(MagnerveError)
    async def _magnerve(request: Request, exc: MagnerveError) -> Response:
        status = status_for(exc)
        if isinstance(exc, NotFound) and exc.field == "person" and not is_api(request):
            # The example person was removed, or a patient stopped sharing: back to your own.
            from magnerve.interfaces.web.context import reset_person

            reset_person(request)
            return RedirectResponse("/", status_code=303)
        if isinstance(exc, Unauthenticated) and exc.field == "session" and not is_api(request):
            return RedirectResponse(f"/signin?next={quote(_here(request))}", status_code=303)
        if status >= 500:
            log.error("internal fault %s on %s %s", exc.code, request.method, request.url.path)
            exc = MagnerveError("An internal fault stopped this request. Nothing was half-saved.")
        headers = retry_headers(exc)
        if is_api(request):
            return JSONResponse(payloads.error(exc), status_code=status, headers=headers)
        page = render_error(request, exc.message, exc.hint, status)
        page.headers.update(headers)
        return page

    @app.exception_handler(GoTo)
    async def _go(request: Request, exc: GoTo) -> Response:
        return RedirectResponse(exc.url, status_code=303)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        errors = validation_errors(exc)
        message = "; ".join(f"{e['field']}: {e['message']}" for e in errors)
        if is_api(request):
            return JSONResponse(error_body(message, errors, "invalid_input"), status_code=422)
        return render_error(request, message, None, 422)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        code = HTTP_CODES.get(exc.status_code, "error")
        message = str(exc.detail) if exc.detail else code.replace("_", " ")
        if exc.status_code == 404:
            message = "There is no such page or record."
        if is_api(request):
            field = {400: "body", 405: "method"}.get(exc.status_code, "path")
            body = error_body(message, [{"field": field, "message": message}], code)
            return JSONResponse(body, status_code=exc.status_code, headers=exc.headers)
        return render_error(request, message, None, exc.status_code)

    @app.exception_handler(Exception)
    async def _fault(request: Request, exc: Exception) -> Response:
        log.error(
            "internal fault %s on %s %s", type(exc).__name__, request.method, request.url.path
        )
        message = "An internal fault stopped this request. Nothing was half-saved."
        if is_api(request):
            return JSONResponse(error_body(message, [], "internal"), status_code=500)
        return render_error(request, message, "Try again; if it keeps happening, report it.", 500)
