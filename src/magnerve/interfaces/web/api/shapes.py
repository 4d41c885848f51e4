"""Response models shared by several endpoints: the person, targets, nutrients, food entries.

Every response model is closed (``extra="forbid"``) and validated against the payload the
shared builders in :mod:`magnerve.interfaces.payloads` return, so a key added to a payload
without its model (or the reverse) fails the tests instead of drifting from the docs.
Fields without a default are always present (possibly ``null``); a field with a default is
present only when the CLI's ``--json`` has it too (routes use ``response_model_exclude_unset``).
"""

from __future__ import annotations

import datetime as dt
from typing import Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from magnerve.domain.intake import Meal
from magnerve.domain.patient import DiabetesType, Sex
from magnerve.domain.reference import IntakeKind

T = TypeVar("T")


class Out(BaseModel):
    """Base of response models: closed, so payload and model cannot drift apart."""

    model_config = ConfigDict(extra="forbid")


class PersonOut(Out):
    handle: str
    display_name: str
    is_example: bool = Field(description="True for the made-up example person.")


class TargetsOut(Out):
    """Daily targets for the person's age, sex and pregnancy; ``null`` until age and sex are set."""

    magnesium_rda_mg: float = Field(description="Magnesium a day from all sources, mg.")
    magnesium_rda_kind: IntakeKind
    magnesium_supplement_ul_mg: float | None = Field(
        description="Upper limit for magnesium from supplements and medicines (food does not "
        "count), mg a day."
    )
    vitamin_b12_rda_ug: float
    life_stage: str
    citations: list[str]


class Nutrients(Out, Generic[T]):
    """One value per nutrient, in the unit its name ends with (``_mg``, ``_ug``, ``_g``)."""

    energy_kcal: T
    protein_g: T
    fat_g: T
    saturated_fat_g: T
    carbohydrate_g: T
    fiber_g: T
    sugars_g: T
    sodium_mg: T
    potassium_mg: T
    calcium_mg: T
    magnesium_mg: T
    vitamin_b12_ug: T
    vitamin_d_ug: T
    folate_dfe_ug: T
    folate_total_ug: T
    thiamin_mg: T
    vitamin_b6_mg: T
    ala_g: T
    epa_g: T
    dha_g: T


class EntryOut(Out):
    """A food entry: the grams, and a snapshot of the food's nutrients at logging time."""

    id: int
    food_id: str
    description: str
    date: dt.date
    meal: Meal
    amount: float
    unit: str | None
    portion_label: str | None
    grams: float
    input_text: str | None = Field(description="The words logged, when logged as text.")
    nutrients: Nutrients[float | None] = Field(
        description="For the grams eaten; null where the food has no value."
    )
    food_data_version: str


class DoseOut(Out):
    """A logged supplement dose; ``elemental_mg`` is magnesium itself in it."""

    id: int
    product_id: int
    name: str
    form: str
    date: dt.date
    time: str | None = Field(description="HH:MM, when given.")
    servings: float
    elemental_mg: float
    b12_ug: float | None
    ala_mg: float | None


class CitationOut(Out):
    """One source in magnerve's knowledge."""

    id: str
    title: str
    authors: str | None
    organisation: str | None
    journal: str | None
    year: int | None
    details: str | None
    pmid: str | None
    doi: str | None
    url: str | None
    locator: str | None
    evidence: str
    note: str | None


class ProfileOut(Out):
    age: int | None
    birth_date: dt.date | None
    sex: Sex | None
    pregnant: bool
    lactating: bool
    diabetes: DiabetesType | None
    timezone: str


class CsrfTokenOut(Out):
    """This browser session's anti-forgery token."""

    csrf_token: str = Field(
        description="Send it in the X-CSRF-Token header of every POST, PUT, PATCH and DELETE, "
        "together with the session cookie this answer sets."
    )
