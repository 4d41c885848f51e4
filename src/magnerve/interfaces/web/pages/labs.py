"""Labs: add and remove results, each read against the knowledge's range; trend charts; the test
schedule (also as a calendar file); and the eGFR calculator, as ``magnerve lab`` and ``egfr``.

The unit picker lists every test's units grouped by test, so the form works without JavaScript
and the server checks the pair; with htmx, choosing a test swaps in only that test's units.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any, TypeVar

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from magnerve.domain.lab_history import LabResult
from magnerve.domain.lab_tests import Analyte, LabTable
from magnerve.domain.patient import MAX_AGE, Sex
from magnerve.errors import InvalidInput, Problems
from magnerve.interfaces.web.context import App
from magnerve.interfaces.web.forms import done, field_errors, form_values, optional
from magnerve.interfaces.web.templating import render, render_fragment

router = APIRouter()
T = TypeVar("T", int, float)

#: Fields of the eGFR form, and the calculator's own field names they answer for.
EGFR_FIELDS = {"value": "creatinine", "unit": "creatinine_unit", "creatinine": "creatinine"}


@dataclass(frozen=True)
class LabRow:
    """One stored result as the page shows it."""

    result: LabResult
    #: The test's name to start a line with, and as it reads inside a sentence.
    name: str
    plain: str
    reference_range: str | None
    stage: str | None
    notes: tuple[str, ...]


def label(name: str) -> str:
    """A test's name at the start of a line: "Serum magnesium", but "eGFR" and "HbA1c" stay."""
    return name if name[1:2].isupper() else name[:1].upper() + name[1:]


def _analyte(table: LabTable, analyte_id: str) -> Analyte | None:
    return next((a for a in table.analytes if a.id == analyte_id), None)


def unit_text(unit: str) -> str:
    """A unit as people read it: "mL/min/1.73 m²" rather than the stored "mL/min/1.73m2"."""
    return unit.replace("1.73m2", "1.73\u00a0m²")


HELPERS = {"label": label, "unit_text": unit_text}


def _unit_group(table: LabTable, analyte_id: str, unit: str) -> str | None:
    """Which test's copy of ``unit`` is the selected option: the chosen test's, else the first."""
    having = [a.id for a in table.analytes if a.unit(unit) is not None]
    return analyte_id if analyte_id in having else (having[0] if having else None)


def _row(result: LabResult, table: LabTable) -> LabRow:
    from magnerve.domain.labs import interpret

    analyte = _analyte(table, result.analyte)
    plain = analyte.name if analyte else result.analyte
    name = label(plain)
    try:
        reading = interpret(result.analyte, result.value, result.unit, table)
    except InvalidInput:  # the knowledge changed since the result was stored
        return LabRow(result, name, plain, None, None, ())
    ranged = reading.reference_range
    notes = tuple(n for n in reading.notes if ranged is None or ranged not in n)
    return LabRow(result, name, plain, ranged, reading.stage, notes)


def _page(
    request: Request,
    app: App,
    *,
    values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    egfr: dict[str, Any] | None = None,
    form: str = "add",
    status: int = 200,
) -> HTMLResponse:
    from magnerve.interfaces.charts.inline import for_html
    from magnerve.interfaces.charts.records import lab_chart
    from magnerve.knowledge.load import load_citations, load_labs

    table = load_labs()
    _, results = app.labs.list()
    profile = app.profile.show()
    counts = Counter(r.analyte for r in results)
    charts = [
        (a, for_html(lab_chart(app.charts.lab(a.id)), f"lab-{a.id}"))
        for a in table.analytes
        if counts[a.id] >= 2
    ]
    defaults = {"date": profile.today.isoformat(), "age": str(profile.age or "")}
    if profile.profile is not None and profile.profile.sex is not None:
        defaults["sex"] = profile.profile.sex.value
    shown = {**defaults, **(values or {})}
    newest = sorted(results, key=lambda r: (r.local_date, r.id), reverse=True)
    context = {
        "analytes": table.analytes,
        "unit_group": _unit_group(table, shown.get("analyte", ""), shown.get("unit", "")),
        "creatinine": _analyte(table, "creatinine"),
        "limitations": table.kidney.ckd_epi_2021.limitations,
        "age_range": (table.kidney.ckd_epi_2021.min_age_years, MAX_AGE),
        "sexes": [s.value for s in Sex],
        "rows": [_row(r, table) for r in newest],
        "charts": charts,
        "schedule": app.labs.schedule(),
        "citations": load_citations(),
        "values": shown,
        "add_errors": (errors or {}) if form == "add" else {},
        "egfr_errors": (errors or {}) if form == "egfr" else {},
        "egfr": egfr,
        **HELPERS,
    }
    return render(request, "pages/labs.html", context, status)


@router.get("/labs", response_class=HTMLResponse)
def labs(request: Request, app: App) -> HTMLResponse:
    return _page(request, app)


@router.get("/labs/units", response_class=HTMLResponse)
def unit_options(analyte: str = "", unit: str = "") -> HTMLResponse:
    """The unit picker's options: only the chosen test's units (all of them, grouped, if none)."""
    from magnerve.knowledge.load import load_labs

    table = load_labs()
    chosen = _analyte(table, analyte)
    context = {
        "analytes": [chosen] if chosen else table.analytes,
        "grouped": chosen is None,
        "unit_group": _unit_group(table, analyte, unit),
        "selected": unit,
        **HELPERS,
    }
    return HTMLResponse(render_fragment("partials/labs_unit_options.html", context))


@router.post("/labs", response_class=HTMLResponse)
async def add_lab(request: Request, app: App) -> Response:
    values = await form_values(request)
    try:
        problems = Problems()
        analyte = _text(values, "analyte", "Choose which test this is", problems)
        value = _parse(values, "value", float, "the number on the lab report", problems)
        unit = _text(values, "unit", "Choose the unit printed next to the result", problems)
        problems.raise_if_any()
        added = app.labs.add(analyte, value, unit, day=optional(values, "date"))
    except InvalidInput as exc:
        return _page(request, app, values=values, errors=field_errors(exc), status=422)
    message = f"Added your {added.reading.name} result."
    if added.egfr is not None:
        message += " Your eGFR was worked out from it."
    elif added.egfr_note:
        message += " eGFR was not worked out: add your age and sex on the Profile page."
    return done(request, "/labs#results", message)


@router.post("/labs/{lab_id}/remove")
def remove_lab(request: Request, app: App, lab_id: int) -> Response:
    app.labs.remove(lab_id)
    return done(request, "/labs#results", "The lab result was removed.")


@router.post("/labs/egfr", response_class=HTMLResponse)
async def egfr(request: Request, app: App) -> HTMLResponse:
    from magnerve.domain.kidney import describe_stage
    from magnerve.knowledge.load import load_labs
    from magnerve.services.labs import compute_egfr

    values = await form_values(request)
    try:
        problems = Problems()
        creatinine = _parse(values, "creatinine", float, "your creatinine result", problems)
        age = _parse(values, "age", int, "your age in whole years", problems)
        problems.raise_if_any()
        unit, sex = values.get("creatinine_unit", ""), values.get("sex", "")
        answer = compute_egfr(creatinine, unit, age=age, sex=sex)
    except InvalidInput as exc:
        errors = {EGFR_FIELDS.get(k, k): v for k, v in field_errors(exc).items()}
        return _page(request, app, values=values, errors=errors, form="egfr", status=422)
    describe = describe_stage(answer.stage, load_labs().kidney)
    result = {"value": answer.egfr, "stage": answer.stage, "describe": describe}
    return _page(request, app, values=values, egfr=result)


@router.get("/labs/schedule.ics")
def schedule_ics(app: App) -> Response:
    from magnerve.interfaces.calendar import lab_schedule_ics

    data = lab_schedule_ics(app.labs.schedule(), app.clock.now())
    disposition = 'attachment; filename="magnerve-lab-schedule.ics"'
    return Response(
        data,
        media_type="text/calendar; charset=utf-8",
        headers={"Content-Disposition": disposition},
    )


def _text(values: dict[str, str], name: str, message: str, problems: Problems) -> str:
    text = values.get(name, "")
    if not text:
        problems.add(name, message)
    return text


def _parse(values: dict[str, str], name: str, kind: type[T], what: str, problems: Problems) -> T:
    """The field read as a number of ``kind``; a problem (and a placeholder 0) when it is not."""
    text = values.get(name, "")
    try:
        return kind(text)
    except ValueError:
        example = "67" if kind is int else "0.82"
        problems.add(name, f"Enter {what} as a number, like {example}" if text else f"Enter {what}")
        return kind(0)
