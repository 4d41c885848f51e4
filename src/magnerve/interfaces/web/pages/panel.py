"""Clinic mode: the clinician's panel (patients most in need first) and opening a patient's
records read-only."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from magnerve.errors import NotFound
from magnerve.interfaces.web.context import acting_app, choose_person, reset_person
from magnerve.interfaces.web.templating import render

router = APIRouter()


@router.get("/panel", response_class=HTMLResponse)
def panel_page(request: Request) -> Response:
    rows = acting_app(request).panel.rows()
    return render(request, "pages/panel.html", {"rows": rows})


@router.post("/panel/open/{handle}")
def open_patient(request: Request, handle: str) -> Response:
    grants = acting_app(request).sharing.grants()
    if not any(g.person_handle == handle and g.revoked_at is None for g in grants):
        raise NotFound("No patient with this name shares their records with you.", field="id")
    choose_person(request, handle)
    return RedirectResponse("/", status_code=303)


@router.post("/panel/close")
def close_patient(request: Request) -> Response:
    reset_person(request)
    return RedirectResponse("/panel", status_code=303)
