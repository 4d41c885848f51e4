"""``/screen``: symptoms that can go with low magnesium, with red flags. Never a diagnosis
(``magnerve screen``, ``magnerve screen --list``)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter
from pydantic import Field

from magnerve.domain.symptoms import Level, SymptomGroup
from magnerve.domain.symptoms import Severity as SymptomSeverity
from magnerve.interfaces import payloads
from magnerve.interfaces.web.api.idempotency import CONFLICT_RESPONSES, IdempotencyKey
from magnerve.interfaces.web.api.models import ERROR_RESPONSES, BodyDate, StrictModel
from magnerve.interfaces.web.api.shapes import Out
from magnerve.interfaces.web.context import App

router = APIRouter(prefix="/screen", tags=["screen"], responses=ERROR_RESPONSES)

Id = Annotated[str, Field(max_length=80)]


class SymptomChoice(Out):
    id: str
    label: str
    group: SymptomGroup
    severity: SymptomSeverity
    red_flag: bool = Field(description="A red flag means: seek medical care now.")


class RiskFactorChoice(Out):
    id: str
    label: str
    asked: bool = Field(
        description="True when only the person can tell (give it in `risks`); the others "
        "magnerve sees in the profile and medicines."
    )


class Choices(Out):
    symptoms: list[SymptomChoice]
    risk_factors: list[RiskFactorChoice]


class Screening(StrictModel):
    symptoms: list[Id] = Field(
        default_factory=list,
        description="Symptom ids noticed (see /screen/choices).",
        max_length=50,
    )
    risks: list[Id] = Field(
        default_factory=list,
        description="Risk factors only the person can tell: alcohol or gut-disease.",
        max_length=20,
    )
    date: BodyDate = None


class Ref(Out):
    id: str
    label: str


class MatchedSymptom(Out):
    id: str
    label: str
    group: SymptomGroup
    severity: SymptomSeverity


class CitationRef(Out):
    id: str
    locator: str


class Screened(Out):
    date: dt.date
    result: str = Field(description="The answer, in plain words.")
    level: Level
    urgent: bool = Field(description="True: seek medical care now.")
    red_flags: list[Ref]
    symptoms: list[MatchedSymptom]
    risk_factors: list[Ref]
    risk_factor_count: int
    citations: list[CitationRef]
    saved: bool = Field(description="A screening with symptoms is kept, for /findings.")


@router.get("/choices", response_model=Choices, response_model_exclude_unset=True)
def screen_choices(app: App) -> dict[str, Any]:
    """The symptoms and risk factors to choose from."""
    return payloads.screen_choices(app.screening.table())


@router.post(
    "", response_model=Screened, response_model_exclude_unset=True, responses=CONFLICT_RESPONSES
)
def screen_symptoms(
    body: Screening, app: App, idempotency_key: IdempotencyKey = None
) -> dict[str, Any]:
    """Check symptoms that can go with low magnesium. Red flags say: seek medical care now."""
    screened = app.screening.screen(
        body.symptoms, risks=tuple(body.risks), day=body.date, idempotency_key=idempotency_key
    )
    return payloads.screened(screened)
