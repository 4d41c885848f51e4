"""What the safety rules look at, and what they report. Pure: no I/O, no clock.

The rules engine (:mod:`magnerve.domain.rules`) never reads records. A service gathers one
:class:`SafetyFacts` snapshot (the profile, the supplements and medicines in use, the latest
labs, today's date) and the engine turns it into :class:`Finding` objects. Findings are results,
never exceptions.

Units are fixed: magnesium amounts are mg of *elemental* magnesium a day; serum magnesium is
mmol/L; eGFR is mL/min/1.73 m²; vitamin B12 is pmol/L; HbA1c is %.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from magnerve.domain.patient import DiabetesType, Sex

Severity = Literal["info", "caution", "warning", "urgent"]
#: Lowest to highest. Findings are listed highest first.
SEVERITIES: tuple[Severity, ...] = get_args(Severity)
SEVERITY_RANK: dict[str, int] = {name: rank for rank, name in enumerate(SEVERITIES)}

Category = Literal[
    "dose",
    "interaction",
    "renal",
    "lab",
    "monitoring",
    "side-effect",
    "pregnancy",
    "unrecognized-medication",
    "symptoms",
    "trial",
]
CATEGORIES: tuple[Category, ...] = get_args(Category)

#: ``cited``: the sources support the advice directly. ``product rule``: the trigger is
#: magnerve's own conservative choice (the clinician text says what the sources do say).
Basis = Literal["cited", "product rule"]
BASES: tuple[Basis, ...] = get_args(Basis)

LabFlag = Literal["low", "normal", "high", "critical-low", "critical-high"]
LAB_FLAGS: tuple[LabFlag, ...] = get_args(LabFlag)

GiSideEffects = Literal["none", "mild", "severe"]
GI_LEVELS: tuple[GiSideEffects, ...] = get_args(GiSideEffects)

TrialVerdict = Literal[
    "responder", "partial", "no-change", "worse", "too-early", "insufficient-data"
]
TRIAL_VERDICTS: tuple[TrialVerdict, ...] = get_args(TrialVerdict)

Analyte = Literal["serum-magnesium", "creatinine", "egfr", "vitamin-b12", "hba1c"]
#: Lab ids the rules may name. ``SafetyFacts.labs`` may hold others; rules ignore them.
ANALYTES: tuple[Analyte, ...] = get_args(Analyte)

#: The medicines-table class of magnesium antacids and laxatives: a medicine of this class
#: counts as taking magnesium even when no amount was worked out for it.
MAGNESIUM_MEDICINE_CLASS = "antacid_or_laxative_magnesium"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


def _names(values: tuple[str, ...]) -> tuple[str, ...]:
    """Trimmed, lower-case, without blanks or repeats (order kept)."""
    cleaned = (value.strip().lower() for value in values)
    return tuple(dict.fromkeys(name for name in cleaned if name))


class MedicationFact(_Frozen):
    """One medicine as the person entered it, and what the medicines table made of it.

    ``ingredients`` are lower-case generic names (``ciprofloxacin``); ``classes`` are class ids
    (``fluoroquinolone``). ``recognized`` is false when the entry matched nothing; such a
    medicine is never silently passed (rule ``MED-UNRECOGNIZED``). A part that could not be
    checked (say, a combination's partner ingredient magnerve does not carry) is passed as its
    own ``MedicationFact`` with ``recognized=False``.
    """

    input: str = Field(min_length=1)
    ingredients: tuple[str, ...] = ()
    classes: tuple[str, ...] = ()
    recognized: bool = True
    times: tuple[str, ...] = ()

    @field_validator("ingredients", "classes")
    @classmethod
    def _clean(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return _names(value)

    @property
    def names(self) -> tuple[str, ...]:
        """Lower-case names for ``involves``: the ingredients, else the entry as typed."""
        return self.ingredients or (self.input.strip().lower(),)


class LabFact(_Frozen):
    """The latest result of one analyte, in the canonical unit, with the lab's flag."""

    value: float
    flag: LabFlag | None = None
    date: dt.date


class SafetyFacts(_Frozen):
    """Everything the rules may look at, on one day."""

    today: dt.date
    age: int | None = Field(default=None, ge=0)
    sex: Sex | None = None
    pregnant: bool = False
    lactating: bool = False
    diabetes: DiabetesType | None = None
    has_neuropathy: bool = True
    #: Elemental Mg a day from supplements and Mg antacids/laxatives: what the UL covers.
    supplemental_mg_per_day: float = Field(default=0.0, ge=0)
    magnesium_supplement_ul_mg: float | None = Field(default=None, gt=0)
    clinician_prescribed_above_ul: bool = False
    max_single_dose_mg: float | None = Field(default=None, ge=0)
    forms: tuple[str, ...] = ()
    #: The forms in use that the supplement-forms table marks laxative-prone.
    laxative_prone_forms: tuple[str, ...] = ()
    taking_magnesium_supplement: bool = False
    ala_mg_per_day: float = Field(default=0.0, ge=0)
    b12_ug_per_day: float = Field(default=0.0, ge=0)
    medications: tuple[MedicationFact, ...] = ()
    #: The latest result per analyte id (``serum-magnesium``, ``egfr``, ``vitamin-b12``, …).
    labs: dict[str, LabFact] = Field(default_factory=dict)
    egfr: float | None = Field(default=None, ge=0)
    #: Stomach or bowel upset logged recently; ``None`` when nothing was recorded.
    gi_side_effects: GiSideEffects | None = None
    #: Tests overdue on the person's lab schedule: analyte id → plain name.
    labs_overdue: dict[str, str] = Field(default_factory=dict)
    #: From a deficiency screening in the last 7 days: the symptoms ticked, and the red-flag
    #: ones among them (plain labels, lower case).
    screening_symptoms: tuple[str, ...] = ()
    screening_red_flags: tuple[str, ...] = ()
    #: The current supplement trial judged on ``today`` (``None``: no trial running).
    trial_verdict: TrialVerdict | None = None
    trial_final: bool = False

    @field_validator("forms", "laxative_prone_forms")
    @classmethod
    def _clean(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return _names(value)

    @model_validator(mode="after")
    def _consistent(self) -> SafetyFacts:
        stray = [form for form in self.laxative_prone_forms if form not in self.forms]
        if stray:
            raise ValueError(f"laxative_prone_forms {stray} are not among forms")
        loose = [flag for flag in self.screening_red_flags if flag not in self.screening_symptoms]
        if loose:
            raise ValueError(f"screening_red_flags {loose} are not among screening_symptoms")
        return self

    @property
    def taking_magnesium(self) -> bool:
        """A magnesium supplement, antacid or laxative is in use."""
        return (
            self.taking_magnesium_supplement
            or self.supplemental_mg_per_day > 0
            or any(MAGNESIUM_MEDICINE_CLASS in m.classes for m in self.medications)
        )


class FindingCitation(_Frozen):
    """A source behind a finding: the ``citations.yaml`` id, its title, and where to look."""

    id: str
    title: str
    locator: str


class SeparationHours(_Frozen):
    """Hours to keep magnesium away from a medicine.

    ``mg_before_drug``: no magnesium within this many hours *before* a dose of the medicine.
    ``mg_after_drug``: no magnesium within this many hours *after* a dose.
    """

    mg_before_drug: float = Field(ge=0)
    mg_after_drug: float = Field(ge=0)


class Finding(_Frozen):
    """One thing the person (and their clinician) should know, from one rule.

    ``id`` is the rule id, plus ``:<names>`` when the rule reports per medicine
    (``MG-INT-QUINOLONE:ciprofloxacin``). ``detail`` and ``action`` are plain wording for the
    person; ``clinician_detail`` is precise and says why the severity was chosen.
    """

    id: str
    rule_id: str
    severity: Severity
    category: Category
    basis: Basis
    title: str
    detail: str
    action: str
    clinician_detail: str
    involves: tuple[str, ...]
    citations: tuple[FindingCitation, ...]
    separation_hours: SeparationHours | None = None

    @property
    def rank(self) -> int:
        """0 for ``info`` up to 3 for ``urgent``."""
        return SEVERITY_RANK[self.severity]


def sort_findings(findings: list[Finding]) -> list[Finding]:
    """Most severe first, then by rule id, then by finding id: the same order every time."""
    return sorted(findings, key=lambda f: (-f.rank, f.rule_id, f.id))


__all__ = [
    "ANALYTES",
    "BASES",
    "CATEGORIES",
    "GI_LEVELS",
    "LAB_FLAGS",
    "MAGNESIUM_MEDICINE_CLASS",
    "SEVERITIES",
    "SEVERITY_RANK",
    "Analyte",
    "Basis",
    "Category",
    "Finding",
    "FindingCitation",
    "GiSideEffects",
    "LabFact",
    "LabFlag",
    "MedicationFact",
    "SafetyFacts",
    "SeparationHours",
    "Severity",
    "sort_findings",
]
