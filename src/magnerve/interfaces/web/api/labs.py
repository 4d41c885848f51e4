"""``/labs``: lab results with units and flags, the lab schedule (also as a calendar file) and
the eGFR calculator (``magnerve lab add|list|remove|schedule``, ``magnerve egfr``)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import Response
from pydantic import Field

from magnerve.domain.lab_schedule import DueStatus
from magnerve.domain.labs import Flag
from magnerve.interfaces import payloads
from magnerve.interfaces.web.api.idempotency import CONFLICT_RESPONSES, IdempotencyKey
from magnerve.interfaces.web.api.models import (
    ERROR_RESPONSES,
    JSON_ERROR_RESPONSES,
    BodyDate,
    DateQuery,
    RecordId,
    StrictModel,
)
from magnerve.interfaces.web.api.shapes import Out
from magnerve.interfaces.web.context import App
from magnerve.services.labs import compute_egfr

router = APIRouter(tags=["labs"], responses=ERROR_RESPONSES)

ANALYTES_HELP = (
    "serum-magnesium, creatinine, egfr, vitamin-b12, hba1c, rbc-magnesium, mma, glucose, "
    "potassium or calcium."
)


class CalendarResponse(Response):
    media_type = "text/calendar"


class NewLab(StrictModel):
    analyte: str = Field(description=ANALYTES_HELP, max_length=80)
    value: float = Field(description="The number on the report.")
    unit: str = Field(description="The unit on the report, e.g. mg/dL or mmol/L.", max_length=40)
    date: BodyDate = Field(None, description="Date of the test (default today).")


class LabOut(Out):
    id: int
    analyte: str
    date: dt.date
    value: float
    unit: str
    canonical_value: float = Field(description="The value in `canonical_unit`.")
    canonical_unit: str
    flag: Flag | None = Field(description="Against the reference range; null when it has none.")
    derived_from_id: int | None = Field(description="The creatinine an eGFR was computed from.")


class DerivedEgfr(LabOut):
    stage: str | None = Field(description="KDIGO stage of kidney function (G1 to G5).")
    equation: str


class AddedLab(Out):
    lab: LabOut
    notes: list[str] = Field(description="What the result means, in plain words.")
    egfr: DerivedEgfr | None = Field(
        None, description="Present when a creatinine gave an eGFR (kidney filtering)."
    )


class Labs(Out):
    labs: list[LabOut]


class RemovedLab(Out):
    removed: int


class Egfr(Out):
    egfr: float = Field(description="Estimated kidney filtering, mL/min/1.73m2.")
    stage: str
    equation: str
    unit: str


class DueTest(Out):
    analyte: str
    name: str
    due_date: dt.date
    status: DueStatus = Field(description="due, overdue or ok (not yet due).")
    reason: str
    last_date: dt.date | None
    baseline: bool = Field(description="True for the first test before starting magnesium.")
    citations: list[str]


class LabSchedule(Out):
    date: dt.date
    due: list[DueTest]
    ics: str | None = Field(description="Always null here: get /labs/schedule.ics for a file.")


@router.post(
    "/labs",
    status_code=201,
    response_model=AddedLab,
    response_model_exclude_unset=True,
    responses=CONFLICT_RESPONSES,
)
def add_lab(body: NewLab, app: App, idempotency_key: IdempotencyKey = None) -> dict[str, Any]:
    """Add a lab result. A creatinine also gives the eGFR (needs age and sex in the profile)."""
    added = app.labs.add(
        body.analyte, body.value, body.unit, day=body.date, idempotency_key=idempotency_key
    )
    return payloads.lab_added(added)


@router.get("/labs", response_model=Labs, response_model_exclude_unset=True)
def list_labs(
    app: App,
    analyte: Annotated[str | None, Query(description="Only this test.", max_length=80)] = None,
) -> dict[str, Any]:
    """The person's lab results, oldest first."""
    _, results = app.labs.list(analyte)
    return {"labs": [payloads.lab(r) for r in results]}


@router.get("/labs/schedule", response_model=LabSchedule, response_model_exclude_unset=True)
def lab_schedule(app: App, date: DateQuery = None) -> dict[str, Any]:
    """Which tests are due: magnesium and kidney function while taking magnesium, vitamin B12
    on metformin, HbA1c with diabetes."""
    return payloads.lab_schedule(app.labs.schedule(date))


@router.get(
    "/labs/schedule.ics",
    response_class=CalendarResponse,
    responses={
        **JSON_ERROR_RESPONSES,
        200: {"description": "An iCalendar file (RFC 5545), one event per test."},
    },
)
def lab_schedule_calendar(app: App, date: DateQuery = None) -> Response:
    """The lab schedule as a calendar file, with a reminder before each test."""
    from magnerve.interfaces.calendar import lab_schedule_ics

    data = lab_schedule_ics(app.labs.schedule(date), app.clock.now())
    return CalendarResponse(
        data, headers={"Content-Disposition": 'attachment; filename="magnerve-labs.ics"'}
    )


@router.delete("/labs/{id}", response_model=RemovedLab, response_model_exclude_unset=True)
def remove_lab(id: RecordId, app: App) -> dict[str, Any]:
    """Remove a lab result (and an eGFR computed from it)."""
    app.labs.remove(id)
    return {"removed": id}


@router.get("/egfr", response_model=Egfr, response_model_exclude_unset=True)
def egfr_calculator(
    creatinine: Annotated[float, Query(description="Serum creatinine.", allow_inf_nan=False)],
    age: Annotated[int, Query(description="Age in years (18 or over).")],
    sex: Annotated[str, Query(description="female or male.", max_length=20)],
    unit: Annotated[str, Query(description="mg/dL or umol/L.", max_length=20)] = "mg/dL",
) -> dict[str, Any]:
    """Estimate kidney filtering (eGFR) from creatinine with the CKD-EPI 2021 equation."""
    return payloads.egfr(compute_egfr(creatinine, unit, age=age, sex=sex))
