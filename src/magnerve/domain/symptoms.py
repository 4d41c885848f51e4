"""The deficiency screener: symptoms of low magnesium, risk factors and a plain answer. Pure.

``knowledge/symptoms.yaml`` is read into :class:`SymptomTable` (by
``magnerve.knowledge.load.load_symptoms``). :func:`screen` takes the symptom ids a person chose
and the risk factors that apply, and answers in plain words:

- nothing chosen → nothing to weigh up; low magnesium often has no symptoms, a blood test checks;
- only milder symptoms → they can come with low magnesium but have many causes; a serum
  magnesium test would tell more;
- a severe symptom → contact a clinician within days;
- a red flag (seizure, irregular or racing heartbeat, chest pain, fainting, severe confusion, …)
  → ``urgent``: seek medical care now, whatever the cause.

The answer never says that the person is low in magnesium. Where a chosen symptom is also common
with diabetic neuropathy, or with too much magnesium, the answer says so. Unknown ids are refused
with :class:`~magnerve.errors.InvalidInput` naming the field (``symptom`` or ``risk``) and the
valid ids; repeated ids count once.

:func:`detected_risk_factors` says which risk factors magnerve can see for itself (diabetes and
age in the profile, medicine classes on the medicine list); the rest only the person can say.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, model_validator

from magnerve.domain.cited import Cited, Remark
from magnerve.domain.medication_table import MedicationClass
from magnerve.domain.reference import CitationRef, KnowledgeModel
from magnerve.domain.rules import placeholders_in
from magnerve.errors import Problems

SymptomGroup = Literal["neuromuscular", "sensory", "cardiovascular", "psychological", "general"]
#: The fixed group vocabulary, in display order.
SYMPTOM_GROUPS: tuple[str, ...] = get_args(SymptomGroup)
Severity = Literal["mild", "severe"]
SEVERITIES: tuple[str, ...] = get_args(Severity)
#: Other common causes of a symptom that the answer names.
Overlap = Literal["diabetic_neuropathy", "magnesium_excess"]
#: How the answer is pitched: nothing chosen, milder signs only, a severe sign, a red flag.
Level = Literal["none", "mild", "severe", "urgent"]
ProfileField = Literal["diabetes", "age"]

_ID = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"


class Symptom(Cited):
    """One symptom the person can choose; ``red_flag`` means "seek medical care now"."""

    id: str = Field(pattern=_ID)
    label: str = Field(min_length=1)
    group: SymptomGroup
    severity: Severity
    red_flag: bool
    overlaps: tuple[Overlap, ...] = ()

    @model_validator(mode="after")
    def _consistent(self) -> Symptom:
        if self.red_flag and self.severity != "severe":
            raise ValueError(f"symptom '{self.id}' is a red flag, so its severity must be severe")
        if len(set(self.overlaps)) != len(self.overlaps):
            raise ValueError(f"symptom '{self.id}' lists an overlap more than once")
        return self


class Detection(KnowledgeModel):
    """How magnerve can know a risk factor: exactly one of ``profile``, ``medication_classes``
    or ``asked`` (only the person can say)."""

    profile: ProfileField | None = None
    age_at_least: int | None = Field(default=None, ge=1, le=120)
    medication_classes: tuple[MedicationClass, ...] = ()
    asked: bool = False

    @model_validator(mode="after")
    def _one_way(self) -> Detection:
        ways = [self.profile is not None, bool(self.medication_classes), self.asked]
        if sum(ways) != 1:
            raise ValueError("give exactly one of profile, medication_classes or asked: true")
        if (self.profile == "age") != (self.age_at_least is not None):
            raise ValueError("age_at_least goes with profile: age, and only with it")
        if len(set(self.medication_classes)) != len(self.medication_classes):
            raise ValueError("medication_classes lists a class more than once")
        return self


class RiskFactor(Cited):
    """Something that makes low magnesium more likely."""

    id: str = Field(pattern=_ID)
    label: str = Field(min_length=1)
    detected_by: Detection


#: The placeholders each answer text must use (and the only ones it may use).
TEXT_PLACEHOLDERS: dict[str, frozenset[str]] = {
    "nothing_chosen": frozenset(),
    "mild": frozenset(),
    "severe": frozenset({"symptoms"}),
    "urgent": frozenset({"red_flags"}),
    "many_causes": frozenset(),
    "neuropathy_overlap": frozenset({"symptoms"}),
    "excess_overlap": frozenset({"symptoms"}),
    "risk_factors": frozenset({"risk_factors"}),
}


class ScreenTexts(KnowledgeModel):
    """What the screener says, in magnerve's words, each with its basis."""

    nothing_chosen: Remark
    mild: Remark
    severe: Remark
    urgent: Remark
    many_causes: Remark
    neuropathy_overlap: Remark
    excess_overlap: Remark
    risk_factors: Remark

    @model_validator(mode="after")
    def _placeholders(self) -> ScreenTexts:
        for name, wanted in TEXT_PLACEHOLDERS.items():
            used = set(placeholders_in(getattr(self, name).text))
            if used != wanted:
                expected = ", ".join(f"{{{p}}}" for p in sorted(wanted)) or "none"
                found = ", ".join(f"{{{p}}}" for p in sorted(used)) or "none"
                raise ValueError(f"{name}: placeholders must be {expected}, found {found}")
        return self


class SymptomTable(KnowledgeModel):
    """``knowledge/symptoms.yaml``: symptoms, risk factors and the screener's texts."""

    symptoms: tuple[Symptom, ...] = Field(min_length=1)
    risk_factors: tuple[RiskFactor, ...] = Field(min_length=1)
    texts: ScreenTexts

    @model_validator(mode="after")
    def _unique(self) -> SymptomTable:
        _check_unique("symptom", [s.id for s in self.symptoms], [s.label for s in self.symptoms])
        _check_unique(
            "risk factor", [r.id for r in self.risk_factors], [r.label for r in self.risk_factors]
        )
        shared = set(self.symptom_ids) & set(self.risk_factor_ids)
        if shared:
            raise ValueError(f"ids used for both a symptom and a risk factor: {sorted(shared)}")
        if not any(s.red_flag for s in self.symptoms):
            raise ValueError("no symptom is a red flag; the screener must be able to say 'now'")
        return self

    @property
    def symptom_ids(self) -> tuple[str, ...]:
        return tuple(s.id for s in self.symptoms)

    @property
    def risk_factor_ids(self) -> tuple[str, ...]:
        return tuple(r.id for r in self.risk_factors)


def _check_unique(kind: str, ids: Sequence[str], labels: Sequence[str]) -> None:
    for values, what in ((ids, "id"), ([label.casefold() for label in labels], "label")):
        seen: set[str] = set()
        for value in values:
            if value in seen:
                raise ValueError(f"{kind} {what} '{value}' is used more than once")
            seen.add(value)


# --- the answer -----------------------------------------------------------------------------------


class _Result(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class SymptomRef(_Result):
    id: str
    label: str


class MatchedSymptom(_Result):
    id: str
    label: str
    group: SymptomGroup
    severity: Severity
    red_flag: bool
    overlaps: tuple[Overlap, ...]


class SeverityCounts(_Result):
    mild: int = Field(ge=0)
    severe: int = Field(ge=0)


class RiskFactorRef(_Result):
    id: str
    label: str


class ScreenResult(_Result):
    """The screener's answer. ``result`` is the plain text to show; the rest is its working."""

    level: Level
    result: str
    urgent: bool
    red_flags: tuple[SymptomRef, ...]
    matched: tuple[MatchedSymptom, ...]
    counts: SeverityCounts
    risk_factors: tuple[RiskFactorRef, ...]
    risk_factor_count: int = Field(ge=0)
    citations: tuple[CitationRef, ...]


def screen(
    table: SymptomTable,
    symptom_ids: Iterable[str],
    *,
    risk_factors_present: Collection[str] = (),
) -> ScreenResult:
    """Answer for the chosen symptoms (ids from ``table``) and the risk factors that apply.

    Ids are matched without regard to case or surrounding spaces; repeats count once. Symptoms
    and risk factors are reported in the table's order. Raises ``InvalidInput`` (field
    ``symptom`` or ``risk``) for ids the table does not have.
    """
    problems = Problems()
    chosen_ids = _pick(symptom_ids, table.symptom_ids, "symptom", problems)
    risk_ids = _pick(risk_factors_present, table.risk_factor_ids, "risk", problems)
    _refuse_unknown(table, problems)

    chosen = [s for s in table.symptoms if s.id in chosen_ids]
    risks = [r for r in table.risk_factors if r.id in risk_ids]
    red = [s for s in chosen if s.red_flag]
    severe = [s for s in chosen if s.severity == "severe"]
    level: Level = "urgent" if red else "severe" if severe else "mild" if chosen else "none"

    texts = table.texts
    said: list[tuple[Remark, str]] = []
    if level == "none":
        said.append((texts.nothing_chosen, texts.nothing_chosen.text))
    else:
        if level == "urgent":
            said.append((texts.urgent, texts.urgent.text.format(red_flags=_listed(red))))
        elif level == "severe":
            said.append((texts.severe, texts.severe.text.format(symptoms=_listed(severe))))
        else:
            said.append((texts.mild, texts.mild.text))
        said.append((texts.many_causes, texts.many_causes.text))
        for overlap, remark in (
            ("diabetic_neuropathy", texts.neuropathy_overlap),
            ("magnesium_excess", texts.excess_overlap),
        ):
            shared = [s for s in chosen if overlap in s.overlaps]
            if shared:
                said.append((remark, remark.text.format(symptoms=_listed(shared))))
    if risks:
        said.append(
            (texts.risk_factors, texts.risk_factors.text.format(risk_factors=_listed(risks)))
        )

    backing: list[Cited] = [remark for remark, _ in said]
    backing.extend(chosen)
    backing.extend(risks)
    return ScreenResult(
        level=level,
        result=" ".join(text.strip() for _, text in said),
        urgent=bool(red),
        red_flags=tuple(SymptomRef(id=s.id, label=s.label) for s in red),
        matched=tuple(
            MatchedSymptom(
                id=s.id,
                label=s.label,
                group=s.group,
                severity=s.severity,
                red_flag=s.red_flag,
                overlaps=s.overlaps,
            )
            for s in chosen
        ),
        counts=SeverityCounts(mild=len(chosen) - len(severe), severe=len(severe)),
        risk_factors=tuple(RiskFactorRef(id=r.id, label=r.label) for r in risks),
        risk_factor_count=len(risks),
        citations=_citations(backing),
    )


def detected_risk_factors(
    table: SymptomTable,
    *,
    has_diabetes: bool | None = None,
    age: int | None = None,
    medication_classes: Collection[str] = (),
) -> tuple[str, ...]:
    """Ids of the risk factors magnerve can see from the profile and the medicine classes.

    ``None`` means unknown (nothing is detected from it). Risk factors marked ``asked`` are never
    detected: only the person can say them (``--risk ID``).
    """
    classes = set(medication_classes)
    found: list[str] = []
    for risk in table.risk_factors:
        how = risk.detected_by
        if how.profile == "diabetes":
            hit = has_diabetes is True
        elif how.profile == "age":
            hit = age is not None and how.age_at_least is not None and age >= how.age_at_least
        else:
            hit = bool(classes.intersection(how.medication_classes))
        if hit:
            found.append(risk.id)
    return tuple(found)


_WHAT = {"symptom": "symptom", "risk": "risk factor"}


def _pick(values: Iterable[str], valid: Sequence[str], field: str, problems: Problems) -> set[str]:
    """The valid ids among ``values`` (case and surrounding spaces ignored); the rest go to
    ``problems`` under ``field``, each once."""
    if isinstance(values, str):
        values = (values,)
    known: set[str] = set()
    for raw in values:
        value = raw.strip().lower() if isinstance(raw, str) else ""
        if value in valid:
            known.add(value)
            continue
        message = f"unknown {_WHAT[field]} '{raw}'"
        if all(item.message != message for item in problems.items):
            problems.add(field, message)
    return known


def _refuse_unknown(table: SymptomTable, problems: Problems) -> None:
    fields = {item.field for item in problems.items}
    hints = [
        f"Valid {_WHAT[field]} ids: {', '.join(ids)}."
        for field, ids in (("symptom", table.symptom_ids), ("risk", table.risk_factor_ids))
        if field in fields
    ]
    problems.raise_if_any(hint=" ".join(hints) or None)


def _listed(items: Sequence[Symptom | RiskFactor]) -> str:
    """Labels in quotes, joined in plain English: '"A"', '"A" and "B"', '"A", "B" and "C"'."""
    quoted = [f'"{item.label}"' for item in items]
    if len(quoted) <= 1:
        return "".join(quoted)
    return f"{', '.join(quoted[:-1])} and {quoted[-1]}"


def _citations(items: Iterable[Cited]) -> tuple[CitationRef, ...]:
    seen: set[tuple[str, str]] = set()
    found: list[CitationRef] = []
    for item in items:
        for ref in item.citations:
            if (ref.ref, ref.locator) not in seen:
                seen.add((ref.ref, ref.locator))
                found.append(ref)
    return tuple(found)


__all__ = [
    "SEVERITIES",
    "SYMPTOM_GROUPS",
    "TEXT_PLACEHOLDERS",
    "Detection",
    "Level",
    "MatchedSymptom",
    "Overlap",
    "RiskFactor",
    "RiskFactorRef",
    "ScreenResult",
    "ScreenTexts",
    "Severity",
    "SeverityCounts",
    "Symptom",
    "SymptomGroup",
    "SymptomRef",
    "SymptomTable",
    "detected_risk_factors",
    "screen",
]
