"""``/findings`` and ``/plan``: every safety finding, most serious first, and a day plan that
keeps magnesium apart from medicines (``magnerve check``, ``magnerve plan``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter
from pydantic import Field

from magnerve.domain.safety import Basis, Category, Severity
from magnerve.domain.schedule import ConflictRule, ItemKind
from magnerve.interfaces import payloads
from magnerve.interfaces.web.api.models import ERROR_RESPONSES, DateQuery
from magnerve.interfaces.web.api.shapes import Out
from magnerve.interfaces.web.context import App

router = APIRouter(tags=["safety"], responses=ERROR_RESPONSES)


class FindingCitation(Out):
    id: str
    title: str
    locator: str = Field(description="Where in the source.")


class SeparationHours(Out):
    mg_before_drug: float = Field(description="Take magnesium at least this many hours before.")
    mg_after_drug: float = Field(description="…or at least this many hours after the medicine.")


class FindingOut(Out):
    id: str
    rule_id: str
    severity: Severity
    category: Category
    basis: Basis = Field(
        description="cited: the sources support the advice directly; product rule: magnerve's "
        "own conservative choice."
    )
    title: str
    detail: str
    action: str = Field(description="What to do, in plain words.")
    clinician_detail: str
    involves: list[str]
    citations: list[FindingCitation]
    separation_hours: SeparationHours | None = Field(
        None, description="Present for findings that ask to take magnesium apart from a medicine."
    )


class Findings(Out):
    date: dt.date
    findings: list[FindingOut] = Field(description="Most serious first.")


class PlanItem(Out):
    kind: ItemKind
    name: str
    ingredient: str
    elemental_mg: float | None = Field(description="Magnesium itself, for supplement items.")
    note: str | None


class PlanSlot(Out):
    time: str = Field(description="HH:MM.")
    items: list[PlanItem]


class TitrationStep(Out):
    from_: dt.date = Field(alias="from")
    elemental_mg_per_day: float
    note: str


class PlanConflict(Out):
    rule: ConflictRule
    ingredients: list[str]
    unplaced_doses: int
    unplaced_mg: float
    message: str


class Plan(Out):
    date: dt.date
    daily_elemental_mg: float = Field(description="Magnesium itself a day, mg.")
    schedule: list[PlanSlot]
    titration: list[TitrationStep] = Field(description="How to build up to the daily amount.")
    conflicts: list[PlanConflict]
    notes: list[str]


@router.get("/findings", response_model=Findings, response_model_exclude_unset=True)
def check_findings(app: App, date: DateQuery = None) -> dict[str, Any]:
    """Supplements checked against medicines, kidneys, labs and limits: cited findings."""
    return payloads.check(app.safety.check(date))


@router.get("/plan", response_model=Plan, response_model_exclude_unset=True)
def day_plan(app: App, date: DateQuery = None) -> dict[str, Any]:
    """A day schedule that keeps magnesium apart from medicines, and a build-up plan."""
    return payloads.plan(app.plan.plan(date))
