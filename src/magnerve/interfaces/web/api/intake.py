"""``/intake``: log food by words or by id, list a day, edit, remove and restore
(``magnerve log food|list|edit|remove|restore``)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter
from pydantic import Field

from magnerve.errors import InvalidInput
from magnerve.interfaces import payloads
from magnerve.interfaces.web.api.idempotency import CONFLICT_RESPONSES, IdempotencyKey
from magnerve.interfaces.web.api.models import (
    ERROR_RESPONSES,
    MAX_TEXT,
    BodyDate,
    DateQuery,
    RecordId,
    StrictModel,
    plain,
)
from magnerve.interfaces.web.api.shapes import EntryOut, Out
from magnerve.interfaces.web.context import App

router = APIRouter(prefix="/intake", tags=["intake"], responses=ERROR_RESPONSES)

MealField = Annotated[
    str | None,
    Field(
        description="breakfast, lunch, dinner or snack (default: from the time of day).",
        max_length=40,
    ),
]
Amount = Annotated[float, Field(description="How much, in `unit`: 1, 0.5, 30.")]
Unit = Annotated[
    str | None,
    Field(
        description="g, oz, kg, lb, mg, or one of the food's portions (cup, tbsp, medium, slice…).",
        max_length=80,
    ),
]


class NewIntake(StrictModel):
    """Either ``text`` ("1 oz almonds"), or ``food_id`` with ``amount`` (and usually ``unit``)."""

    text: str | None = Field(
        None,
        description="One food in words: '1 cup cooked spinach', '30 g almonds'.",
        max_length=MAX_TEXT,
    )
    food_id: str | None = Field(None, description="A food id from /foods/search.", max_length=80)
    amount: Amount | None = None
    unit: Unit = None
    date: BodyDate = None
    meal: MealField = None


class IntakeChange(StrictModel):
    """What to change; fields left out keep their values."""

    amount: Amount | None = None
    unit: Unit = None
    date: BodyDate = None
    meal: MealField = None


class EntryAnswer(Out):
    entry: EntryOut


class RemovedEntry(Out):
    removed: EntryOut


class DayEntries(Out):
    date: dt.date
    entries: list[EntryOut]


@router.post(
    "",
    status_code=201,
    response_model=EntryAnswer,
    response_model_exclude_unset=True,
    responses=CONFLICT_RESPONSES,
)
def log_food(body: NewIntake, app: App, idempotency_key: IdempotencyKey = None) -> dict[str, Any]:
    """Log one food, in words or by id. The entry shows the food used and the grams."""
    intake = app.intake
    by_id = (body.food_id, body.amount, body.unit)
    if body.text is not None and by_id == (None, None, None):
        logged = intake.log_text(
            body.text, day=body.date, meal=body.meal, idempotency_key=idempotency_key
        )
    elif body.text is None and body.food_id is not None and body.amount is not None:
        logged = intake.log_food(
            body.food_id,
            plain(body.amount),
            body.unit,
            day=body.date,
            meal=body.meal,
            idempotency_key=idempotency_key,
        )
    else:
        raise InvalidInput(
            "Give either a food in words (text), or food_id with amount (and usually unit).",
            field="text" if body.text is not None else "food_id",
            hint='Examples: {"text": "30 g almonds"} or '
            '{"food_id": "usda_sr28:12061", "amount": 30, "unit": "g"}',
        )
    return {"entry": payloads.entry(logged.entry)}


@router.get("", response_model=DayEntries, response_model_exclude_unset=True)
def list_entries(app: App, date: DateQuery = None) -> dict[str, Any]:
    """The foods logged on a day."""
    _, day, entries = app.intake.list(day=date)
    return payloads.entries_on(day, entries)


@router.patch("/{id}", response_model=EntryAnswer, response_model_exclude_unset=True)
def edit_entry(id: RecordId, body: IntakeChange, app: App) -> dict[str, Any]:
    """Change an entry's amount, unit, date or meal; nutrients are rescaled."""
    amount = plain(body.amount) if body.amount is not None else None
    logged = app.intake.edit(id, amount=amount, unit=body.unit, day=body.date, meal=body.meal)
    return {"entry": payloads.entry(logged.entry)}


@router.delete("/{id}", response_model=RemovedEntry, response_model_exclude_unset=True)
def remove_entry(id: RecordId, app: App) -> dict[str, Any]:
    """Take an entry out of the totals. It is kept and can be restored."""
    return {"removed": payloads.entry(app.intake.remove(id))}


@router.post("/{id}/restore", response_model=EntryAnswer, response_model_exclude_unset=True)
def restore_entry(id: RecordId, app: App) -> dict[str, Any]:
    """Bring back an entry that was removed."""
    return {"entry": payloads.entry(app.intake.restore(id))}
