"""``/trial``: start a supplement trial and judge it by the rule fixed in advance
(``magnerve trial start|evaluate``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter
from pydantic import Field

from magnerve.domain.trials import ConfounderKind, Verdict
from magnerve.interfaces import payloads
from magnerve.interfaces.web.api.idempotency import CONFLICT_RESPONSES, IdempotencyKey
from magnerve.interfaces.web.api.models import (
    ERROR_RESPONSES,
    BodyDate,
    DateQuery,
    IdOrName,
    StrictModel,
)
from magnerve.interfaces.web.api.shapes import Out
from magnerve.interfaces.web.context import App

router = APIRouter(prefix="/trial", tags=["trial"], responses=ERROR_RESPONSES)


class NewTrial(StrictModel):
    date: BodyDate = Field(None, description="The first day of the trial (default today).")
    product: IdOrName | None = Field(
        None, description="The supplement product being tried (id or name)."
    )


class TrialOut(Out):
    id: int
    start: dt.date
    product_id: int | None
    product: str | None


class StartedTrial(Out):
    trial: TrialOut
    replaced: int | None = Field(description="The id of the trial this one replaced (kept).")


class Period(Out):
    from_: dt.date = Field(alias="from")
    to: dt.date
    days_logged: int


class Confounder(Out):
    date: dt.date
    kind: ConfounderKind
    description: str
    involves: list[str]


class Evaluation(Out):
    start: dt.date
    product: str | None
    date: dt.date
    day: int = Field(description="Day of the trial.")
    baseline: Period = Field(description="The days before the start that pain is compared with.")
    window: Period = Field(description="The last days, compared with the baseline.")
    baseline_mean: float | None = Field(description="Mean pain, 0–10.")
    window_mean: float | None
    change: float | None = Field(description="Points; minus means less pain.")
    percent_change: float | None
    verdict: Verdict
    final: bool = Field(description="True from 12 weeks on.")
    ci95: tuple[float, float] | None = Field(description="95 % interval for the change.")
    adherence: float = Field(description="Share of trial days with a dose logged, 0–1.")
    dose_days_logged: int
    trial_days: int
    confounders: list[Confounder] = Field(
        description="Other changes in the period that can also change pain."
    )
    message: str


@router.post(
    "",
    status_code=201,
    response_model=StartedTrial,
    response_model_exclude_unset=True,
    responses=CONFLICT_RESPONSES,
)
def start_trial(
    app: App, body: NewTrial | None = None, idempotency_key: IdempotencyKey = None
) -> dict[str, Any]:
    """Start a trial. The days before the start are the baseline pain is compared with."""
    body = body or NewTrial()
    started = app.trial.start(day=body.date, product=body.product, idempotency_key=idempotency_key)
    return payloads.trial_started(started)


@router.get("/evaluation", response_model=Evaluation, response_model_exclude_unset=True)
def evaluate_trial(app: App, date: DateQuery = None) -> dict[str, Any]:
    """Pain now against the baseline, judged by the rule fixed before the trial began."""
    return payloads.trial_evaluation(app.trial.evaluate(day=date))
