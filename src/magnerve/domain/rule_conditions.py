"""The ``applies_when`` vocabulary of the safety rules: each key, its type and its meaning.

A rule's ``applies_when`` is a mapping of these keys; every key given must hold (AND). Nothing
is evaluated as code: each key has one declared check below (:data:`PERSON_CHECKS` or
:data:`MEDICATION_CHECKS`), and an unknown key is refused when the rules are loaded.

Keys about medicines (:data:`MEDICATION_KEYS`) make the rule *per medicine*: all of them must
hold for the **same** medicine, and the rule reports once for each medicine that matches.

Unknown facts never satisfy a threshold: with no eGFR, ``egfr_below`` and ``egfr_at_least`` are
both false; with no single-dose figure, ``single_dose_above_mg`` is false.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any, Literal

from pydantic import Field, model_validator

from magnerve.domain.reference import KnowledgeModel
from magnerve.domain.safety import (
    Analyte,
    GiSideEffects,
    LabFlag,
    MedicationFact,
    SafetyFacts,
    TrialVerdict,
)

Taking = Literal["magnesium_supplement", "alpha_lipoic_acid"]

#: Medicine class ids the rules may name. They must match the class ids the medicines table
#: (``knowledge/medications.yaml``) gives to ``MedicationFact.classes``.
MEDICATION_CLASSES = frozenset(
    {
        "aminoglycoside",
        "antihypertensive",
        "bisphosphonate",
        "calcium_channel_blocker",
        "fluoroquinolone",
        "insulin",
        "integrase_inhibitor",
        "loop_diuretic",
        "mycophenolate",
        "potassium_sparing_diuretic",
        "proton_pump_inhibitor",
        "sglt2_inhibitor",
        "sulfonylurea",
        "tetracycline",
        "thiazide_diuretic",
        "thyroid_hormone",
    }
)
_NAME = r"^[a-z0-9][a-z0-9 .\-]*$"


class LabFlagIs(KnowledgeModel):
    """The latest result of ``analyte`` carries one of the flags in ``flag_in``."""

    analyte: Analyte
    flag_in: tuple[LabFlag, ...] = Field(min_length=1)


class NoRecentLab(KnowledgeModel):
    """None of ``analytes`` has a result dated within ``within_days`` before today."""

    analytes: tuple[Analyte, ...] = Field(min_length=1)
    within_days: int = Field(gt=0, le=3660)


class Conditions(KnowledgeModel):
    """One rule's ``applies_when``. Every key is optional; at least one must be given."""

    taking: Taking | None = None
    medication_class: str | None = None
    any_medication_class: tuple[str, ...] | None = Field(default=None, min_length=1)
    medication_ingredient: str | None = Field(default=None, pattern=_NAME)
    unrecognized_medication: Literal[True] | None = None
    supplemental_above_ul: bool | None = None
    ul_known: bool | None = None
    clinician_prescribed_above_ul: bool | None = None
    single_dose_above_mg: float | None = Field(default=None, gt=0)
    uses_laxative_prone_form: bool | None = None
    gi_side_effects_in: tuple[GiSideEffects, ...] | None = Field(default=None, min_length=1)
    egfr_below: float | None = Field(default=None, gt=0)
    egfr_at_least: float | None = Field(default=None, ge=0)
    lab_flag: LabFlagIs | None = None
    no_recent_lab: NoRecentLab | None = None
    pregnant: bool | None = None
    lactating: bool | None = None
    has_neuropathy: bool | None = None
    lab_overdue: tuple[Analyte, ...] | None = Field(default=None, min_length=1)
    screening_symptoms: bool | None = None
    screening_red_flag: bool | None = None
    trial_verdict_in: tuple[TrialVerdict, ...] | None = Field(default=None, min_length=1)
    trial_final: bool | None = None

    @model_validator(mode="after")
    def _sensible(self) -> Conditions:
        if not self.given():
            raise ValueError("applies_when needs at least one condition")
        classes = [self.medication_class] if self.medication_class else []
        classes += list(self.any_medication_class or ())
        unknown = sorted(set(classes) - MEDICATION_CLASSES)
        if unknown:
            allowed = ", ".join(sorted(MEDICATION_CLASSES))
            raise ValueError(f"unknown medication class {unknown}; known: {allowed}")
        low, high = self.egfr_at_least, self.egfr_below
        if low is not None and high is not None and low >= high:
            raise ValueError(f"egfr_at_least {low:g} must be below egfr_below {high:g}")
        if self.unrecognized_medication and len(self.given() & MEDICATION_KEYS) > 1:
            raise ValueError("unrecognized_medication cannot be combined with class or ingredient")
        return self

    def given(self) -> frozenset[str]:
        """The keys this rule uses."""
        return frozenset(
            name for name in type(self).model_fields if getattr(self, name) is not None
        )

    @property
    def per_medication(self) -> bool:
        return bool(self.given() & MEDICATION_KEYS)

    def holds_for_person(self, facts: SafetyFacts) -> bool:
        """Every condition that is not about a particular medicine holds."""
        return all(
            PERSON_CHECKS[key](getattr(self, key), facts)
            for key in sorted(self.given() - MEDICATION_KEYS)
        )

    def matches(self, medication: MedicationFact) -> bool:
        """Every medicine condition holds for this one medicine."""
        return all(
            MEDICATION_CHECKS[key](getattr(self, key), medication)
            for key in sorted(self.given() & MEDICATION_KEYS)
        )

    def matched_ingredients(self, medication: MedicationFact) -> tuple[str, ...]:
        """The names to report: the ingredient the rule names, else all of the medicine's."""
        if self.medication_ingredient is not None:
            return (self.medication_ingredient,)
        return medication.names


def _taking(value: Taking, facts: SafetyFacts) -> bool:
    if value == "magnesium_supplement":
        return facts.taking_magnesium
    return facts.ala_mg_per_day > 0


def _above_ul(value: bool, facts: SafetyFacts) -> bool:
    ul = facts.magnesium_supplement_ul_mg
    return value == (ul is not None and facts.supplemental_mg_per_day > ul)


def _single_dose_above(value: float, facts: SafetyFacts) -> bool:
    return facts.max_single_dose_mg is not None and facts.max_single_dose_mg > value


def _egfr_below(value: float, facts: SafetyFacts) -> bool:
    return facts.egfr is not None and facts.egfr < value


def _egfr_at_least(value: float, facts: SafetyFacts) -> bool:
    return facts.egfr is not None and facts.egfr >= value


def _lab_flag(value: LabFlagIs, facts: SafetyFacts) -> bool:
    lab = facts.labs.get(value.analyte)
    return lab is not None and lab.flag in value.flag_in


def _no_recent_lab(value: NoRecentLab, facts: SafetyFacts) -> bool:
    since = facts.today - timedelta(days=value.within_days)
    for analyte in value.analytes:
        lab = facts.labs.get(analyte)
        if lab is not None and lab.date >= since:
            return False
    return True


#: Conditions about the person. Each takes the rule's value and the facts.
PERSON_CHECKS: dict[str, Callable[[Any, SafetyFacts], bool]] = {
    "taking": _taking,
    "supplemental_above_ul": _above_ul,
    "ul_known": lambda value, f: value == (f.magnesium_supplement_ul_mg is not None),
    "clinician_prescribed_above_ul": lambda value, f: value == f.clinician_prescribed_above_ul,
    "single_dose_above_mg": _single_dose_above,
    "uses_laxative_prone_form": lambda value, f: value == bool(f.laxative_prone_forms),
    "gi_side_effects_in": lambda value, f: f.gi_side_effects in value,
    "egfr_below": _egfr_below,
    "egfr_at_least": _egfr_at_least,
    "lab_flag": _lab_flag,
    "no_recent_lab": _no_recent_lab,
    "pregnant": lambda value, f: value == f.pregnant,
    "lactating": lambda value, f: value == f.lactating,
    "has_neuropathy": lambda value, f: value == f.has_neuropathy,
    "lab_overdue": lambda value, f: bool(set(value) & set(f.labs_overdue)),
    "screening_symptoms": lambda value, f: value == bool(f.screening_symptoms),
    "screening_red_flag": lambda value, f: value == bool(f.screening_red_flags),
    "trial_verdict_in": lambda value, f: f.trial_verdict in value,
    "trial_final": lambda value, f: value == f.trial_final,
}

#: Conditions about one medicine. Each takes the rule's value and the medicine.
MEDICATION_CHECKS: dict[str, Callable[[Any, MedicationFact], bool]] = {
    "medication_class": lambda value, m: value in m.classes,
    "any_medication_class": lambda value, m: bool(set(value) & set(m.classes)),
    "medication_ingredient": lambda value, m: value in m.ingredients,
    "unrecognized_medication": lambda value, m: value == (not m.recognized),
}
MEDICATION_KEYS = frozenset(MEDICATION_CHECKS)

#: One line per key, for the generated rules reference.
VOCABULARY: dict[str, str] = {
    "taking": "`magnesium_supplement` (a Mg supplement, or a Mg antacid or laxative, in use) "
    "or `alpha_lipoic_acid` (any ALA a day).",
    "medication_class": "A medicine of this class is in use (per medicine).",
    "any_medication_class": "A medicine of any of these classes is in use (per medicine).",
    "medication_ingredient": "A medicine with this ingredient is in use (per medicine).",
    "unrecognized_medication": "`true`: a medicine entry that was not recognised (per medicine).",
    "supplemental_above_ul": "Supplemental Mg a day is (true) / is not (false) above the UL for "
    "the person; an unknown UL counts as not above.",
    "ul_known": "A supplemental Mg UL is (true) / is not (false) known for the person.",
    "clinician_prescribed_above_ul": "The person recorded that a clinician prescribed a dose "
    "above the UL (true/false).",
    "single_dose_above_mg": "The largest single dose of elemental Mg is above this many mg.",
    "uses_laxative_prone_form": "A supplement form marked laxative-prone is (true) / is not "
    "(false) in use.",
    "gi_side_effects_in": "Recently logged stomach or bowel upset is one of these levels.",
    "egfr_below": "eGFR is known and below this value (mL/min/1.73 m²).",
    "egfr_at_least": "eGFR is known and at least this value (mL/min/1.73 m²).",
    "lab_flag": "`{analyte, flag_in}`: the latest result of the analyte has one of the flags.",
    "no_recent_lab": "`{analytes, within_days}`: none of the analytes has a result within the "
    "last `within_days` days.",
    "pregnant": "The person is (true) / is not (false) pregnant.",
    "lactating": "The person is (true) / is not (false) breastfeeding.",
    "has_neuropathy": "The person has (true) / does not have (false) peripheral neuropathy.",
    "lab_overdue": "Any of these tests is overdue on the person's lab schedule "
    "(`magnerve lab schedule`).",
    "screening_symptoms": "A deficiency screening in the last 7 days noted (true) / did not note "
    "(false) any symptom.",
    "screening_red_flag": "A deficiency screening in the last 7 days noted (true) / did not note "
    "(false) a red-flag symptom.",
    "trial_verdict_in": "The current supplement trial, judged on the day checked, has one of "
    "these verdicts.",
    "trial_final": "The trial result is (true) / is not (false) the 12-week re-evaluation.",
}


__all__ = [
    "MEDICATION_CHECKS",
    "MEDICATION_CLASSES",
    "MEDICATION_KEYS",
    "PERSON_CHECKS",
    "VOCABULARY",
    "Conditions",
    "LabFlagIs",
    "NoRecentLab",
    "Taking",
]
