"""Kidney function: the CKD-EPI 2021 creatinine equation and the KDIGO 2012 GFR categories. Pure.

The equation's coefficients and the category table are knowledge (``knowledge/labs.yaml``,
section ``kidney``, loaded by ``magnerve.knowledge.load.load_labs``). They arrive here as a
:class:`KidneyKnowledge` argument, so no clinical number lives in this module::

    kidney = load_labs().kidney
    egfr = egfr_ckd_epi_2021(1.1, 68, "female", kidney)   # about 54.7 mL/min/1.73m2
    kdigo_stage(egfr, kidney)                            # "G3a"
"""

from __future__ import annotations

import itertools
import math
from typing import Literal

from pydantic import Field, field_validator

from magnerve.domain.cited import Cited, Remark
from magnerve.domain.patient import MAX_AGE, Sex
from magnerve.domain.reference import KnowledgeModel
from magnerve.errors import InvalidInput, Problems

GFR_UNIT = "mL/min/1.73m2"


class PerSex(KnowledgeModel):
    """One coefficient with a value for each sex."""

    female: float
    male: float

    def of(self, sex: Sex) -> float:
        return self.female if sex is Sex.female else self.male


class CkdEpi2021(Cited):
    """eGFR = constant × min(Scr/κ, 1)^α × max(Scr/κ, 1)^exponent_above_kappa
    × age_base^age × female_factor (women only); Scr in mg/dL."""

    constant: float = Field(gt=0)
    kappa: PerSex
    alpha: PerSex
    exponent_above_kappa: float = Field(lt=0)
    age_base: float = Field(gt=0, lt=1)
    female_factor: float = Field(gt=0)
    min_age_years: int = Field(ge=0)
    creatinine_unit: Literal["mg/dL"]
    result_unit: Literal["mL/min/1.73m2"]
    limitations: tuple[Remark, ...] = ()

    @field_validator("kappa")
    @classmethod
    def _positive_kappa(cls, value: PerSex) -> PerSex:
        if value.female <= 0 or value.male <= 0:
            raise ValueError("kappa must be above zero for both sexes")
        return value


class GfrCategory(KnowledgeModel):
    """One KDIGO GFR category: from ``at_least`` up to the next category's lower end."""

    category: str = Field(pattern=r"^G[1-5][ab]?$")
    at_least: float = Field(ge=0)
    term: str = Field(min_length=1)
    plain: str = Field(min_length=1)
    ckd_needs_markers: bool = False


class GfrCategories(Cited):
    unit: Literal["mL/min/1.73m2"]
    rows: tuple[GfrCategory, ...] = Field(min_length=1)

    @field_validator("rows")
    @classmethod
    def _ordered(cls, rows: tuple[GfrCategory, ...]) -> tuple[GfrCategory, ...]:
        names = [row.category for row in rows]
        if len(names) != len(set(names)):
            raise ValueError("each category may appear only once")
        for higher, lower in itertools.pairwise(rows):
            if lower.at_least >= higher.at_least:
                raise ValueError(
                    f"{lower.category} must start below {higher.category}: list the categories "
                    "from the highest eGFR down"
                )
        if rows[-1].at_least != 0:
            raise ValueError(f"the last category ({rows[-1].category}) must start at 0")
        if any(not float(row.at_least).is_integer() for row in rows):
            raise ValueError("category limits are whole numbers")
        return rows


class KidneyKnowledge(KnowledgeModel):
    """The ``kidney`` section of ``labs.yaml``."""

    ckd_epi_2021: CkdEpi2021
    gfr_categories: GfrCategories


def _sex(value: Sex | str, problems: Problems) -> Sex | None:
    if isinstance(value, Sex):
        return value
    if isinstance(value, str):
        try:
            return Sex(value.strip().lower())
        except ValueError:
            pass
    problems.add("sex", f"unknown sex '{value}'; allowed: female, male")
    return None


def _finite(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def egfr_ckd_epi_2021(
    creatinine_mg_dl: float, age: float, sex: Sex | str, table: KidneyKnowledge
) -> float:
    """Estimated GFR (mL/min/1.73m2) from standardised serum creatinine in mg/dL, age and sex.

    Adults only (the equation's ``min_age_years``); raises :class:`InvalidInput` naming
    ``creatinine``, ``age`` or ``sex``. Convert µmol/L first with ``labs.convert``.
    """
    equation = table.ckd_epi_2021
    problems = Problems()
    scr = _finite(creatinine_mg_dl)
    if scr is None or scr <= 0:
        problems.add("creatinine", "creatinine must be a number above zero (in mg/dL)")
    years = _finite(age)
    if years is None:
        problems.add("age", "age must be a number of years")
    elif years < equation.min_age_years:
        problems.add(
            "age",
            f"the CKD-EPI 2021 equation is for adults aged {equation.min_age_years} and over; "
            f"age {years:g} is too young",
        )
    elif years > MAX_AGE:
        problems.add("age", f"age must be at most {MAX_AGE} years")
    the_sex = _sex(sex, problems)
    problems.raise_if_any(hint="eGFR needs creatinine in mg/dL, age in years and sex.")
    assert scr is not None and years is not None and the_sex is not None  # for mypy
    ratio = scr / equation.kappa.of(the_sex)
    below_kappa: float = min(ratio, 1.0) ** equation.alpha.of(the_sex)
    above_kappa: float = max(ratio, 1.0) ** equation.exponent_above_kappa
    age_term: float = equation.age_base**years
    egfr = equation.constant * below_kappa * above_kappa * age_term
    if the_sex is Sex.female:
        egfr *= equation.female_factor
    return egfr


def _category(egfr: float, table: KidneyKnowledge) -> GfrCategory:
    value = _finite(egfr)
    if value is None or value < 0:
        raise InvalidInput(
            f"eGFR must be a number of zero or more (got {egfr!r})",
            field="egfr",
            hint=f"Give eGFR in {GFR_UNIT}.",
        )
    rows = table.gfr_categories.rows
    return next(row for row in rows if value >= row.at_least)


def kdigo_stage(egfr: float, table: KidneyKnowledge) -> str:
    """The KDIGO 2012 GFR category (G1, G2, G3a, G3b, G4 or G5) of an eGFR in mL/min/1.73m2."""
    return _category(egfr, table).category


def stage_range(category: str, table: KidneyKnowledge) -> str:
    """The eGFR values of a category in words: "90 or more", "45–59", "below 15"."""
    rows = table.gfr_categories.rows
    for index, row in enumerate(rows):
        if row.category == category:
            if index == 0:
                return f"{row.at_least:g} or more"
            upper = rows[index - 1].at_least
            if row.at_least == 0:
                return f"below {upper:g}"
            return f"{row.at_least:g}–{upper - 1:g}"
    allowed = ", ".join(row.category for row in rows)
    raise InvalidInput(
        f"unknown kidney function category '{category}'",
        field="stage",
        hint=f"Use one of: {allowed}.",
    )


def describe_stage(category: str, table: KidneyKnowledge) -> str:
    """Plain words for a category: "G3a (eGFR 45–59): Kidney filtering is mildly to …"."""
    span = stage_range(category, table)
    row = next(r for r in table.gfr_categories.rows if r.category == category)
    return f"{row.category} (eGFR {span} {GFR_UNIT}): {row.plain}"


__all__ = [
    "GFR_UNIT",
    "CkdEpi2021",
    "GfrCategories",
    "GfrCategory",
    "KidneyKnowledge",
    "PerSex",
    "describe_stage",
    "egfr_ckd_epi_2021",
    "kdigo_stage",
    "stage_range",
]
