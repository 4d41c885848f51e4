"""``/medicines``: the medicines the person takes, checked against magnesium by ``/findings``
(``magnerve med add|list|stop|remove``)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter
from pydantic import Field

from magnerve.domain.medications import How
from magnerve.interfaces import payloads
from magnerve.interfaces.web.api.idempotency import CONFLICT_RESPONSES, IdempotencyKey
from magnerve.interfaces.web.api.models import (
    ERROR_RESPONSES,
    MAX_TEXT,
    BodyDate,
    RecordId,
    StrictModel,
)
from magnerve.interfaces.web.api.shapes import Out
from magnerve.interfaces.web.context import App

router = APIRouter(prefix="/medicines", tags=["medicines"], responses=ERROR_RESPONSES)


class NewMedicine(StrictModel):
    name: str = Field(
        description="Brand or generic name, e.g. 'Lasix' or 'metformin 500 mg'.",
        max_length=MAX_TEXT,
    )
    times: list[Annotated[str, Field(max_length=20)]] | None = Field(
        None, description="When it is taken, HH:MM each.", max_length=24
    )
    started: str | None = Field(None, description="When it was started, YYYY-MM-DD.", max_length=40)


class StopMedicine(StrictModel):
    date: BodyDate = Field(None, description="The last day it was taken (default today).")


class MedicineOut(Out):
    id: int
    input: str = Field(description="The name as typed.")
    ingredient: str | None
    ingredients: list[str]
    classes: list[str]
    recognized: bool = Field(
        description="False: magnerve does not know this medicine and cannot check it."
    )
    times: list[str]
    started_on: dt.date | None
    stopped_on: dt.date | None


class AddedMedicineOut(MedicineOut):
    """A new medicine, with how its name was recognised."""

    matched: str | None = None
    how: How | None = None
    note: str | None = None
    not_checked: list[str] | None = None
    suggestions: list[str] | None = None


class AddedMedicine(Out):
    medication: AddedMedicineOut


class MedicineAnswer(Out):
    medication: MedicineOut


class Medicines(Out):
    medications: list[MedicineOut]


class RemovedMedicine(Out):
    removed: MedicineOut


@router.post(
    "",
    status_code=201,
    response_model=AddedMedicine,
    response_model_exclude_unset=True,
    responses=CONFLICT_RESPONSES,
)
def add_medicine(
    body: NewMedicine, app: App, idempotency_key: IdempotencyKey = None
) -> dict[str, Any]:
    """Add a medicine. One magnerve does not know is kept and reported as not checked."""
    times = ",".join(body.times) if body.times is not None else None
    added = app.medications.add(
        body.name, times=times, started=body.started, idempotency_key=idempotency_key
    )
    return {"medication": payloads.medication(added.entry, added.recognition)}


@router.get("", response_model=Medicines, response_model_exclude_unset=True)
def list_medicines(app: App) -> dict[str, Any]:
    """The person's medicines, stopped ones included (with the day they stopped)."""
    _, entries = app.medications.list()
    return {"medications": [payloads.medication(e) for e in entries]}


@router.post("/{id}/stop", response_model=MedicineAnswer, response_model_exclude_unset=True)
def stop_medicine(id: RecordId, app: App, body: StopMedicine | None = None) -> dict[str, Any]:
    """Record the last day a medicine was taken. It stays in the history."""
    day = body.date if body is not None else None
    return {"medication": payloads.medication(app.medications.stop(id, day=day))}


@router.delete("/{id}", response_model=RemovedMedicine, response_model_exclude_unset=True)
def remove_medicine(id: RecordId, app: App) -> dict[str, Any]:
    """Take a medicine entered by mistake off the list (use stop when it was stopped)."""
    return {"removed": payloads.medication(app.medications.remove(id))}
