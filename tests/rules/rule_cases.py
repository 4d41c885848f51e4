"""Reading the YAML rule cases in ``tests/rules/cases/`` (OpenFisca style).

Each case::

    - name: A person taking magnesium with ciprofloxacin is told to keep them 6 h / 2 h apart.
      given: {taking_magnesium_supplement: true, medications: [...]}   # over NEUTRAL_PERSON
      expect:
        present: [MG-INT-QUINOLONE]          # rule ids that must report
        absent: [MG-INT-TETRACYCLINE]        # rule ids that must stay silent
        severity: {MG-INT-QUINOLONE: warning}
        separation: {MG-INT-QUINOLONE: {mg_before_drug: 6, mg_after_drug: 2}}
        count: {MG-INT-QUINOLONE: 1}          # findings from that rule (per medicine)
        involves: {MG-INT-QUINOLONE: [magnesium, ciprofloxacin]}

``given`` is merged key by key over :data:`NEUTRAL_PERSON`, a 60-year-old man with type 2
diabetes and neuropathy who takes nothing and has no labs: no rule reports for him.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from magnerve.domain.safety import SafetyFacts, SeparationHours, Severity
from magnerve.knowledge import load

CASES_DIR = Path(__file__).parent / "cases"
TODAY = date(2026, 6, 1)

NEUTRAL_PERSON: dict[str, Any] = {
    "today": TODAY,
    "age": 60,
    "sex": "male",
    "diabetes": "type2",
    "has_neuropathy": True,
    "magnesium_supplement_ul_mg": 350,
}


class Expect(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    present: tuple[str, ...] = ()
    absent: tuple[str, ...] = ()
    severity: dict[str, Severity] = Field(default_factory=dict)
    separation: dict[str, SeparationHours | None] = Field(default_factory=dict)
    count: dict[str, int] = Field(default_factory=dict)
    involves: dict[str, tuple[str, ...]] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _consistent(self) -> Expect:
        if not (self.present or self.absent):
            raise ValueError("expect needs present or absent rule ids")
        both = set(self.present) & set(self.absent)
        if both:
            raise ValueError(f"{sorted(both)} are both present and absent")
        for extra in (self.severity, self.separation, self.count, self.involves):
            stray = set(extra) - set(self.present)
            if stray:
                raise ValueError(f"{sorted(stray)} are checked but not listed under present")
        return self


class Case(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    given: dict[str, Any] = Field(default_factory=dict)
    expect: Expect
    file: str = ""

    @field_validator("name")
    @classmethod
    def _sentence(cls, name: str) -> str:
        if not (name[:1].isupper() and name.endswith(".") and len(name.split()) >= 6):
            raise ValueError(f"name must be a full sentence: {name!r}")
        return name

    def facts(self) -> SafetyFacts:
        return SafetyFacts.model_validate({**NEUTRAL_PERSON, **self.given})


def load_cases() -> list[Case]:
    cases: list[Case] = []
    for path in sorted(CASES_DIR.glob("*.yaml")):
        data = load._parse_yaml(path.name, path.read_text(encoding="utf-8"))
        for raw in data:
            cases.append(Case.model_validate({**raw, "file": path.name}))
    return cases
