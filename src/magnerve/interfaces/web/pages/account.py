"""Clinic mode: signing in and out, registering, and the account page (password, export,
deleting the account)."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from magnerve.domain.passwords import MIN_LENGTH
from magnerve.errors import InvalidInput, TooManyAttempts, Unauthenticated
from magnerve.interfaces.web.context import (
    AUTH_KEY,
    PERSON_KEY,
    acting_app,
    require_signed_in,
    root_app,
)
from magnerve.interfaces.web.csrf import rotate_csrf
from magnerve.interfaces.web.errors import retry_headers
from magnerve.interfaces.web.forms import done, field_errors, form_values, safe_next
from magnerve.interfaces.web.templating import render

router = APIRouter()

NextQuery = Annotated[str | None, Query(alias="next")]
PASSWORD_RULE = (
    f"At least {MIN_LENGTH} characters. A few ordinary words in a row are fine and easy to "
    "remember, for example four words with spaces between them."
)
CONFIRM_WORD = "DELETE"


def start_session(request: Request, token: str) -> str:
    """Remember the sign-in in this browser's session; returns the new anti-forgery token."""
    request.session[AUTH_KEY] = token
    request.session.pop(PERSON_KEY, None)
    return rotate_csrf(request)


def end_session(request: Request) -> None:
    """Sign out in the database and forget the sign-in here (the text size stays)."""
    token = request.session.pop(AUTH_KEY, None)
    request.session.pop(PERSON_KEY, None)
    if isinstance(token, str):
        root_app(request).accounts.sign_out(token)


def client_of(request: Request) -> str:
    return request.client.host if request.client else "unknown"


@router.get("/signin", response_class=HTMLResponse)
def signin_page(request: Request, next_: NextQuery = None) -> Response:
    return _signin(request, {"next": safe_next(next_)})


@router.post("/signin", response_class=HTMLResponse)
async def signin(request: Request) -> Response:
    values = await form_values(request)
    kept = {"email": values.get("email", ""), "next": safe_next(values.get("next"))}
    try:
        new = root_app(request).accounts.sign_in(
            values.get("email", ""), values.get("password", ""), client=client_of(request)
        )
    except (Unauthenticated, TooManyAttempts, InvalidInput) as exc:
        status = 429 if isinstance(exc, TooManyAttempts) else 401
        page = _signin(request, kept, {"password": exc.message}, status)
        page.headers.update(retry_headers(exc))
        return page
    start_session(request, new.token)
    return RedirectResponse(kept["next"], status_code=303)


@router.get("/register", response_class=HTMLResponse)
def register_page(request: Request) -> Response:
    _registration_open(request)
    return _register(request, {})


@router.post("/register", response_class=HTMLResponse)
async def register(request: Request) -> Response:
    _registration_open(request)
    values = await form_values(request)
    kept = {k: values.get(k, "") for k in ("email", "display_name")}
    accounts = root_app(request).accounts
    try:
        accounts.register(kept["email"], kept["display_name"], values.get("password", ""))
    except InvalidInput as exc:
        return _register(request, kept, field_errors(exc), 422)
    new = accounts.sign_in(kept["email"], values.get("password", ""), client=client_of(request))
    start_session(request, new.token)
    return done(request, "/welcome", "Your account is ready. Welcome to magnerve.")


@router.post("/signout")
def signout(request: Request) -> RedirectResponse:
    end_session(request)
    return done(request, "/signin", "You are signed out.")


@router.get("/account", response_class=HTMLResponse)
def account_page(request: Request) -> Response:
    return _account(request)


@router.post("/account/password", response_class=HTMLResponse)
async def change_password(request: Request) -> Response:
    who = require_signed_in(request)
    values = await form_values(request)
    token = request.session.get(AUTH_KEY)
    try:
        ended = root_app(request).accounts.change_password(
            who.actor,
            values.get("current_password", ""),
            values.get("new_password", ""),
            keep_token=token if isinstance(token, str) else "",
        )
    except InvalidInput as exc:
        return _account(request, field_errors(exc), 422)
    others = f" {ended} other sign-in{'s' if ended != 1 else ''} ended." if ended else ""
    return done(request, "/account", f"Your password was changed.{others}")


@router.get("/account/export")
def export(request: Request) -> Response:
    who = require_signed_in(request)
    if who.person_handle is None:
        raise HTTPException(404, "Only a patient's account has records to download.")
    app = acting_app(request)
    document = app.backup.export_person(who.person_handle)
    day = app.clock.now().date().isoformat()
    return Response(
        json.dumps(document, ensure_ascii=False, indent=2, default=str),
        media_type="application/json",
        headers={"Content-Disposition": f'attachment; filename="magnerve-records-{day}.json"'},
    )


@router.post("/account/delete", response_class=HTMLResponse)
async def delete_account(request: Request) -> Response:
    who = require_signed_in(request)
    values = await form_values(request)
    if values.get("confirm", "") != CONFIRM_WORD:
        problem = {"confirm": f"confirm: type {CONFIRM_WORD} in capital letters to delete"}
        return _account(request, problem, 422, {"confirm": values.get("confirm", "")})
    try:
        root_app(request).accounts.delete_account(who.actor, values.get("delete_password", ""))
    except InvalidInput as exc:
        errors = {f"delete_{k}": v for k, v in field_errors(exc).items()}
        return _account(request, errors, 422, {"confirm": values.get("confirm", "")})
    end_session(request)
    return done(request, "/signin", "Your account and all your records were deleted.")


def _registration_open(request: Request) -> None:
    if not root_app(request).settings.open_registration:
        raise HTTPException(404)


def _signin(
    request: Request,
    values: dict[str, str],
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> HTMLResponse:
    context = {
        "values": values,
        "errors": errors or {},
        "open_registration": root_app(request).settings.open_registration,
    }
    return render(request, "pages/signin.html", context, status)


def _register(
    request: Request,
    values: dict[str, str],
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> HTMLResponse:
    context = {"values": values, "errors": errors or {}, "password_rule": PASSWORD_RULE}
    return render(request, "pages/register.html", context, status)


def _account(
    request: Request,
    errors: dict[str, str] | None = None,
    status: int = 200,
    values: dict[str, str] | None = None,
) -> HTMLResponse:
    who = require_signed_in(request)
    context: dict[str, Any] = {
        "who": who,
        "values": values or {},
        "errors": errors or {},
        "password_rule": PASSWORD_RULE,
        "confirm_word": CONFIRM_WORD,
    }
    return render(request, "pages/account.html", context, status)
