"""Medicines: the person's list (current and stopped), add, stop and remove — the same as
``magnerve med add|list|stop|remove``.

A name magnerve does not recognise is not saved at once: the page shows the near names it knows
and lets the person pick one or keep the name as typed (then it is kept and reported as not
checked, as the command line does). Step 2 of the first-run setup: ``?next=`` is kept, and the
page offers a link on to the next step, because most people add several medicines.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from magnerve.errors import InvalidInput, NotFound
from magnerve.interfaces.web.context import App
from magnerve.interfaces.web.forms import done, field_errors, form_values, optional, safe_next
from magnerve.interfaces.web.pages.profile import continue_setup
from magnerve.interfaces.web.templating import render

router = APIRouter()

NextQuery = Annotated[str | None, Query(alias="next")]
UNKNOWN = "magnerve does not recognise “{name}”, so it cannot check it against magnesium."


def here(next_url: str, **extra: object) -> str:
    """This page's address, keeping the setup's ``next``."""
    query = {k: str(v) for k, v in {"next": next_url, **extra}.items() if v}
    return "/medicines" + (f"?{urlencode(query)}" if query else "")


@router.get("/medicines", response_class=HTMLResponse)
def medicines_page(
    request: Request, app: App, next_: NextQuery = None, added: int | None = None
) -> Response:
    return _page(request, app, safe_next(next_, ""), added=added)


@router.post("/medicines", response_class=HTMLResponse)
async def add_medicine(request: Request, app: App) -> Response:
    values = await form_values(request)
    next_url, name = safe_next(values.get("next"), ""), values.get("medication", "")
    try:
        if not values.get("keep") and not (unknown := app.medications.recognize(name)).recognized:
            choose = " choose one of the names below," if unknown.suggestions else ""
            problem = {
                "medication": UNKNOWN.format(name=unknown.input)
                + f" Check the spelling,{choose} or keep it as you typed it."
            }
            return _page(
                request, app, next_url, values=values, errors=problem, unknown=unknown, status=422
            )
        added = app.medications.add(
            name, times=optional(values, "times"), started=optional(values, "started")
        )
    except InvalidInput as exc:
        return _page(request, app, next_url, values=values, errors=field_errors(exc), status=422)
    message = f"Added {added.entry.input}. {added.recognition.note}".strip()
    return done(request, here(next_url, added=added.entry.id), message)


@router.post("/medicines/{medication_id}/stop", response_class=HTMLResponse)
async def stop_medicine(request: Request, app: App, medication_id: int) -> Response:
    values = await form_values(request)
    next_url = safe_next(values.get("next"), "")
    try:
        entry = app.medications.stop(medication_id, day=optional(values, "date"))
    except NotFound:
        raise
    except InvalidInput as exc:
        key = f"stop-{medication_id}-date"
        errors = {key: " ".join(field_errors(exc).values())}
        typed = {key: values.get("date", "")}
        return _page(request, app, next_url, values=typed, errors=errors, status=422)
    return done(request, here(next_url), f"Stopped {entry.input} on {entry.stopped_on}.")


@router.get("/medicines/{medication_id}/remove", response_class=HTMLResponse)
def confirm_remove(
    request: Request, app: App, medication_id: int, next_: NextQuery = None
) -> Response:
    _person, entries = app.medications.list()
    entry = next((e for e in entries if e.id == medication_id), None)
    if entry is None:
        raise NotFound(f"There is no medicine {medication_id} in your list.", field="id")
    return render(
        request,
        "partials/medicines_remove.html",
        {"entry": entry, "classes": app.medications.classes(), "next_url": safe_next(next_, "")},
    )


@router.post("/medicines/{medication_id}/remove")
async def remove_medicine(request: Request, app: App, medication_id: int) -> Response:
    values = await form_values(request)
    entry = app.medications.remove(medication_id)
    return done(
        request, here(safe_next(values.get("next"), "")), f"Removed {entry.input} from your list."
    )


def _page(
    request: Request,
    app: App,
    next_url: str,
    *,
    values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    unknown: Any = None,
    added: int | None = None,
    status: int = 200,
) -> Response:
    _person, entries = app.medications.list()
    just_added = next((e for e in entries if e.id == added), None)
    return render(
        request,
        "pages/medicines.html",
        {
            "current": [e for e in entries if e.stopped_on is None],
            "stopped": [e for e in entries if e.stopped_on is not None],
            "classes": app.medications.classes(),
            "today": app.profile.show().today,
            "values": values or {},
            "errors": errors or {},
            "unknown": unknown,
            "added": just_added,
            "added_interacts": just_added is not None
            and app.medications.concerns_magnesium(just_added),
            "next_url": next_url,
            "next_link": continue_setup(next_url),
        },
        status,
    )
