"""Clinic mode: notes and recommendations from clinicians (a clinician looking at a patient
may add one)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from magnerve.domain.access import Role
from magnerve.errors import InvalidInput
from magnerve.interfaces.web.context import App, require_signed_in
from magnerve.interfaces.web.forms import done, field_errors, form_values
from magnerve.interfaces.web.templating import render

router = APIRouter()

KINDS = (("note", "Note"), ("recommendation", "Recommendation"))


@router.get("/notes", response_class=HTMLResponse)
def notes_page(request: Request, app: App) -> Response:
    return _page(request, app)


@router.post("/notes", response_class=HTMLResponse)
async def add_note(request: Request, app: App) -> Response:
    values = await form_values(request)
    try:
        note = app.notes.add(values.get("text", ""), kind=values.get("kind", "note"))
    except InvalidInput as exc:
        return _page(request, app, values, field_errors(exc), 422)
    return done(request, "/notes", f"Your {note.kind.value} was saved; the patient can read it.")


def _page(
    request: Request,
    app: App,
    values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> HTMLResponse:
    notes = sorted(app.notes.list(), key=lambda n: (n.created_at, n.id), reverse=True)
    context = {
        "notes": notes,
        "can_write": require_signed_in(request).actor.role is Role.clinician,
        "kinds": KINDS,
        "values": values or {"kind": "note"},
        "errors": errors or {},
    }
    return render(request, "pages/notes.html", context, status)
