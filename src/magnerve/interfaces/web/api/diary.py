"""``/diary``: pain and symptoms for a day (``magnerve log pain|symptoms|diary``)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import Field

from magnerve.domain.diary import DiaryItem
from magnerve.interfaces import payloads
from magnerve.interfaces.web.api.idempotency import CONFLICT_RESPONSES, IdempotencyKey
from magnerve.interfaces.web.api.models import (
    ERROR_RESPONSES,
    BodyDate,
    DateQuery,
    StrictModel,
    plain,
)
from magnerve.interfaces.web.api.shapes import Out
from magnerve.interfaces.web.context import App

router = APIRouter(prefix="/diary", tags=["diary"], responses=ERROR_RESPONSES)

Score = Annotated[float | None, Field(description="0 (none) to 10 (worst); decimals are fine.")]


class NewPain(StrictModel):
    score: float = Field(description="Pain from 0 (none) to 10 (worst imaginable).")
    site: str | None = Field(
        None, description="feet, hands or legs (leave out for pain overall).", max_length=40
    )
    date: BodyDate = None


class NewSymptoms(StrictModel):
    """Any of these; each replaces the day's earlier value (the old one is kept)."""

    burning: Score = None
    tingling: Score = Field(None, description="Tingling or pins and needles, 0–10.")
    numbness: Score = None
    cramps: Score = Field(None, description="Muscle cramps, 0–10.")
    sleep: Score = Field(None, description="How much symptoms disturbed sleep, 0–10.")
    gi: str | None = Field(
        None, description="Stomach or bowel upset: none, mild or severe.", max_length=40
    )
    stools: int | None = Field(None, description="Number of bowel movements in the day.")
    note: str | None = Field(None, description="A short note about the day.", max_length=2000)
    date: BodyDate = None


class DiaryValueOut(Out):
    id: int
    item: DiaryItem
    date: dt.date
    value: float | str = Field(description="A number (scores, stools) or a word (gi, note).")
    logged_at: str = Field(description="When it was noted, ISO 8601 with the UTC offset.")
    replaced_at: str | None = Field(description="When a later value replaced it.")


class Recorded(Out):
    date: dt.date
    recorded: list[DiaryValueOut]
    replaced: list[DiaryValueOut] = Field(description="The values these replaced (kept).")


class DiaryDay(Out):
    date: dt.date
    values: list[DiaryValueOut]


@router.post(
    "/pain",
    status_code=201,
    response_model=Recorded,
    response_model_exclude_unset=True,
    responses=CONFLICT_RESPONSES,
)
def log_pain(body: NewPain, app: App, idempotency_key: IdempotencyKey = None) -> dict[str, Any]:
    """Note pain for a day. Logging again replaces the day's value (the old one is kept)."""
    recorded = app.diary.log_pain(
        plain(body.score), site=body.site, day=body.date, idempotency_key=idempotency_key
    )
    return payloads.recorded(recorded)


@router.post(
    "/symptoms",
    status_code=201,
    response_model=Recorded,
    response_model_exclude_unset=True,
    responses=CONFLICT_RESPONSES,
)
def log_symptoms(
    body: NewSymptoms, app: App, idempotency_key: IdempotencyKey = None
) -> dict[str, Any]:
    """Note symptoms for a day. Nothing is saved when one value is wrong."""
    scores = {
        "burning": body.burning,
        "tingling": body.tingling,
        "numbness": body.numbness,
        "cramps": body.cramps,
        "sleep": body.sleep,
    }
    recorded = app.diary.log_symptoms(
        scores={k: None if v is None else plain(v) for k, v in scores.items()},
        gi=body.gi,
        stools=None if body.stools is None else str(body.stools),
        note=body.note,
        day=body.date,
        idempotency_key=idempotency_key,
    )
    return payloads.recorded(recorded)


@router.get("", response_model=DiaryDay, response_model_exclude_unset=True)
def diary_day(
    app: App,
    date: DateQuery = None,
    history: Annotated[bool, Query(description="Also show values that were replaced.")] = False,
) -> dict[str, Any]:
    """The pain and symptoms noted for a day."""
    return payloads.diary_day(app.diary.day(date, with_history=history))
