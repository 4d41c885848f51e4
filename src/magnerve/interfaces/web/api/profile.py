"""``/profile``: who the person is, their targets, and their regimen settings
(``magnerve profile show|set``)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter
from pydantic import Field, field_validator

from magnerve.interfaces import payloads
from magnerve.interfaces.web.api.models import ERROR_RESPONSES, StrictModel
from magnerve.interfaces.web.api.shapes import Out, PersonOut, ProfileOut, TargetsOut
from magnerve.interfaces.web.context import App
from magnerve.services.profile import RegimenChange

router = APIRouter(prefix="/profile", tags=["profile"], responses=ERROR_RESPONSES)

Time = Annotated[str | None, Field(description="HH:MM.", max_length=20)]
DailyMg = Annotated[float | None, Field(description="mg of magnesium itself a day.")]


class ProfileChange(StrictModel):
    """The fields to change; the others keep their values. Give ``age`` or ``birth_date``."""

    age: int | None = Field(None, description="Age in years.")
    birth_date: dt.date | None = Field(None, strict=False, description="YYYY-MM-DD.")
    sex: str | None = Field(None, description="female or male (sets the targets).", max_length=20)
    pregnant: bool | None = Field(None, description="Pregnancy changes the targets.")
    lactating: bool | None = Field(None, description="Breastfeeding changes the targets.")
    diabetes: str | None = Field(None, description="type1, type2, other or none.", max_length=20)
    timezone: str | None = Field(None, description="e.g. Europe/London.", max_length=80)
    breakfast_time: Time = None
    lunch_time: Time = None
    dinner_time: Time = None
    magnesium_target_mg: DailyMg = None
    magnesium_prescribed_mg: DailyMg = Field(
        None,
        description="A daily dose a clinician prescribed, which may exceed the usual supplement "
        "limit; mg of magnesium itself.",
    )
    lab_interval_months: int | None = Field(
        None, description="Months between blood magnesium and kidney tests while taking magnesium."
    )

    @field_validator("birth_date", mode="before")
    @classmethod
    def _text_only(cls, value: object) -> object:
        if value is not None and not isinstance(value, str):
            raise ValueError("must be a date as text, YYYY-MM-DD")
        return value


class Regimen(Out):
    breakfast_time: str
    lunch_time: str
    dinner_time: str
    magnesium_target_mg: float | None
    magnesium_prescribed_mg: float | None
    lab_interval_months: int | None


class ProfileAnswer(Out):
    person: PersonOut
    profile: ProfileOut | None = Field(description="null until a profile is set.")
    targets: TargetsOut | None
    regimen: Regimen


@router.get("", response_model=ProfileAnswer, response_model_exclude_unset=True)
def show_profile(app: App) -> dict[str, Any]:
    """The profile and the daily targets that follow from it."""
    return payloads.profile_view(app.profile.show())


@router.patch("", response_model=ProfileAnswer, response_model_exclude_unset=True)
def change_profile(body: ProfileChange, app: App) -> dict[str, Any]:
    """Set or change the profile and regimen settings. Fields left out keep their values."""
    regimen = RegimenChange(
        body.breakfast_time,
        body.lunch_time,
        body.dinner_time,
        body.magnesium_target_mg,
        body.magnesium_prescribed_mg,
        body.lab_interval_months,
    )
    view = app.profile.set(
        regimen=regimen if any(v is not None for v in regimen.__dict__.values()) else None,
        age=body.age,
        birth_date=body.birth_date,
        sex=body.sex,
        pregnant=body.pregnant,
        lactating=body.lactating,
        diabetes=body.diabetes,
        timezone=body.timezone,
    )
    return payloads.profile_view(view)
