"""Findings: every safety finding, most serious first, with what to do and its sources (as
``magnerve check``); and the symptom screener (as ``magnerve screen``).

The screener answers on the page it was sent from instead of redirecting: the answer is the
point of the form, and keeping it out of the session keeps symptoms out of the cookie.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from magnerve.errors import InvalidInput
from magnerve.interfaces.web.context import App
from magnerve.interfaces.web.forms import field_errors
from magnerve.interfaces.web.templating import render
from magnerve.services.screening import Screened

router = APIRouter()

#: Words for the symptom groups of ``symptoms.yaml``, shown as each fieldset's legend.
GROUP_WORDS = {
    "neuromuscular": "Muscles and movement",
    "sensory": "Feeling in the skin",
    "cardiovascular": "Heart and circulation",
    "psychological": "Mood and thinking",
    "general": "Whole body",
}


@router.get("/findings", response_class=HTMLResponse)
def findings(request: Request, app: App) -> HTMLResponse:
    result = app.safety.check()
    return render(request, "pages/findings.html", {"check": result})


def _screen_page(
    request: Request,
    app: App,
    *,
    chosen: dict[str, list[str]] | None = None,
    screened: Screened | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> HTMLResponse:
    from magnerve.domain.symptoms import SYMPTOM_GROUPS
    from magnerve.knowledge.load import load_citations

    table = app.screening.table()
    groups = [
        (group, GROUP_WORDS.get(group, group.capitalize()), symptoms)
        for group in SYMPTOM_GROUPS
        if (symptoms := [s for s in table.symptoms if s.group == group])
    ]
    context: dict[str, Any] = {
        "groups": groups,
        "asked": [r for r in table.risk_factors if r.detected_by.asked],
        "seen": [r for r in table.risk_factors if not r.detected_by.asked],
        "chosen": chosen or {"symptom": [], "risk": [], "date": []},
        "screened": screened,
        "citations": load_citations(),
        "errors": errors or {},
    }
    return render(request, "pages/screen.html", context, status)


@router.get("/findings/screen", response_class=HTMLResponse)
def screen_form(request: Request, app: App) -> HTMLResponse:
    return _screen_page(request, app)


@router.post("/findings/screen", response_class=HTMLResponse)
async def screen(request: Request, app: App) -> HTMLResponse:
    form = await request.form()
    chosen = {
        name: [v.strip() for v in form.getlist(name) if isinstance(v, str) and v.strip()]
        for name in ("symptom", "risk", "date")
    }
    try:
        screened = app.screening.screen(
            chosen["symptom"], risks=tuple(chosen["risk"]), day=next(iter(chosen["date"]), None)
        )
    except InvalidInput as exc:
        return _screen_page(request, app, chosen=chosen, errors=field_errors(exc), status=422)
    return _screen_page(request, app, chosen=chosen, screened=screened)
