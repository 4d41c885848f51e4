"""Safety rules as cited data, and the evaluator that turns facts into findings. Pure.

The rules live in ``knowledge/rules/*.yaml`` (one file per family) and are loaded and checked by
:func:`magnerve.knowledge.load.load_rules`. A rule says when it applies (a small declared
vocabulary, see :mod:`magnerve.domain.rule_conditions`), how serious it is, what to tell the
person and their clinician, and which sources support it::

    - id: MG-INT-QUINOLONE            # stable, never reused (see rules/RETIRED)
      category: interaction
      severity: warning               # info | caution | warning | urgent
      basis: cited                    # cited | product rule
      applies_when: {taking: magnesium_supplement, medication_class: fluoroquinolone}
      involves: [magnesium]
      separation: {mg_before_drug_h: 6, mg_after_drug_h: 2}
      title: ...
      message: ...                    # plain wording for the person, written by us
      action: ...
      clinician_message: ...          # precise; says why this severity
      citations: [{ref: clin-pharmacol-ther-1989-cipro, locator: Results}]

Texts may use the placeholders in :data:`PLACEHOLDERS`; which ones a rule may use depends on its
conditions (``{ul_mg}`` only where the UL is known to be exceeded, ``{egfr}`` only with an eGFR
condition, ``{value}`` only with ``lab_flag``, ``{ingredient}`` only in per-medicine rules).
"""

from __future__ import annotations

import string
from collections.abc import Iterable, Mapping
from typing import Self

from pydantic import Field, model_validator

from magnerve.domain.reference import Citation, CitationRef, KnowledgeModel
from magnerve.domain.rule_conditions import Conditions
from magnerve.domain.safety import (
    Basis,
    Category,
    Finding,
    FindingCitation,
    MedicationFact,
    SafetyFacts,
    SeparationHours,
    Severity,
    sort_findings,
)
from magnerve.errors import KnowledgeError

RULE_ID_PATTERN = r"^[A-Z0-9]+(?:-[A-Z0-9]+)+$"

#: Every placeholder a rule text may use, and what it stands for.
PLACEHOLDERS: dict[str, str] = {
    "ingredient": "the medicine's ingredient names (or the entry as typed, if unrecognised)",
    "supplemental_mg": "elemental magnesium a day from supplements and Mg medicines, in mg",
    "ul_mg": "the person's supplemental magnesium UL, in mg a day",
    "egfr": "the latest eGFR, mL/min/1.73 m²",
    "value": "the latest result of the lab named in lab_flag, in its canonical unit",
    "overdue": "the names of the overdue tests on the lab schedule",
    "symptoms": "the symptoms noted in the latest deficiency screening",
    "red_flags": "the red-flag symptoms noted in the latest deficiency screening",
}
TEXT_FIELDS = ("title", "message", "action", "clinician_message")
_FORMATTER = string.Formatter()


def placeholders_in(text: str) -> tuple[str, ...]:
    """The ``{names}`` in ``text``. Raises ``ValueError`` for anything but plain names."""
    names: list[str] = []
    try:
        parsed = list(_FORMATTER.parse(text))
    except ValueError as exc:
        raise ValueError(f"unbalanced braces ({exc}); write placeholders as {{egfr}}") from exc
    for _literal, name, spec, conversion in parsed:
        if name is None:
            continue
        if not name or spec or conversion:
            raise ValueError(f"'{{{name}}}' must be a bare placeholder name such as {{egfr}}")
        names.append(name)
    return tuple(names)


class Separation(KnowledgeModel):
    """Hours to keep magnesium away from a medicine, as the sources give them.

    ``mg_before_drug_h``: no magnesium within this many hours *before* the medicine.
    ``mg_after_drug_h``: no magnesium within this many hours *after* the medicine.
    """

    mg_before_drug_h: float = Field(ge=0, le=24)
    mg_after_drug_h: float = Field(ge=0, le=24)


class Rule(KnowledgeModel):
    id: str = Field(pattern=RULE_ID_PATTERN)
    category: Category
    severity: Severity
    basis: Basis
    applies_when: Conditions
    involves: tuple[str, ...] = ()
    separation: Separation | None = None
    title: str = Field(min_length=1)
    message: str = Field(min_length=1)
    action: str = Field(min_length=1)
    clinician_message: str = Field(min_length=1)
    citations: tuple[CitationRef, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        when = self.applies_when
        if self.separation is not None and not (
            self.category == "interaction" and when.per_medication
        ):
            raise ValueError("separation belongs on per-medicine interaction rules only")
        for name in self.involves:
            if name != name.strip().lower() or not name:
                raise ValueError(f"involves '{name}' must be a trimmed lower-case name")
        available = self.available_placeholders()
        for field in TEXT_FIELDS:
            for name in placeholders_in(getattr(self, field)):
                if name not in PLACEHOLDERS:
                    known = ", ".join(sorted(PLACEHOLDERS))
                    raise ValueError(f"{field}: unknown placeholder {{{name}}}; known: {known}")
                if name not in available:
                    raise ValueError(f"{field}: {{{name}}} has no value under this applies_when")
        return self

    def available_placeholders(self) -> frozenset[str]:
        """The placeholders that always have a value when this rule applies."""
        when = self.applies_when
        names = {"supplemental_mg"}
        if when.per_medication:
            names.add("ingredient")
        if when.supplemental_above_ul is True:
            names.add("ul_mg")
        if when.egfr_below is not None or when.egfr_at_least is not None:
            names.add("egfr")
        if when.lab_flag is not None:
            names.add("value")
        if when.lab_overdue is not None:
            names.add("overdue")
        if when.screening_symptoms is True:
            names.add("symptoms")
        if when.screening_red_flag is True:
            names.update({"symptoms", "red_flags"})
        return frozenset(names)


class RuleFile(KnowledgeModel):
    """One family file, ``knowledge/rules/<family>.yaml``."""

    rules: tuple[Rule, ...] = Field(min_length=1)


class RuleFamily(KnowledgeModel):
    name: str
    rules: tuple[Rule, ...]


class RuleSet(KnowledgeModel):
    """All rules, by family (file), in file order. Rule ids are unique across families."""

    families: tuple[RuleFamily, ...]

    @model_validator(mode="after")
    def _unique(self) -> Self:
        seen: dict[str, str] = {}
        for family in self.families:
            for rule in family.rules:
                if rule.id in seen:
                    raise ValueError(
                        f"rule id {rule.id} is used in {seen[rule.id]} and in {family.name}"
                    )
                seen[rule.id] = family.name
        return self

    @property
    def rules(self) -> tuple[Rule, ...]:
        return tuple(rule for family in self.families for rule in family.rules)

    def by_id(self) -> dict[str, Rule]:
        return {rule.id: rule for rule in self.rules}


def _number(value: float) -> str:
    """Short display of a measured value: 0.62, 54, 148.5."""
    return f"{round(value, 2):g}"


def _render(text: str, values: Mapping[str, str]) -> str:
    """Fill the placeholders; a value that starts a sentence gets a capital first letter."""
    out: list[str] = []
    for literal, name, _spec, _conversion in _FORMATTER.parse(text):
        out.append(literal)
        if name is None:
            continue
        value = values[name]
        sofar = "".join(out).rstrip(" ")
        if value and (not sofar or sofar.endswith((".", "!", "?"))):
            value = value[0].upper() + value[1:]
        out.append(value)
    return "".join(out)


def _citations(rule: Rule, citations: Mapping[str, Citation]) -> tuple[FindingCitation, ...]:
    found: list[FindingCitation] = []
    for ref in rule.citations:
        source = citations.get(ref.ref)
        if source is None:
            raise KnowledgeError(f"rule {rule.id} cites '{ref.ref}', which is not a known source")
        found.append(FindingCitation(id=source.id, title=source.title, locator=ref.locator))
    return tuple(found)


def _values(rule: Rule, facts: SafetyFacts) -> dict[str, str]:
    values = {"supplemental_mg": f"{round(facts.supplemental_mg_per_day):d}"}
    if facts.magnesium_supplement_ul_mg is not None:
        values["ul_mg"] = f"{round(facts.magnesium_supplement_ul_mg):d}"
    if facts.egfr is not None:
        values["egfr"] = f"{round(facts.egfr):d}"
    lab = rule.applies_when.lab_flag
    if lab is not None and lab.analyte in facts.labs:
        values["value"] = _number(facts.labs[lab.analyte].value)
    overdue = rule.applies_when.lab_overdue or ()
    names = [facts.labs_overdue[a] for a in overdue if a in facts.labs_overdue]
    values["overdue"] = _joined(names)
    values["symptoms"] = _joined(list(facts.screening_symptoms))
    values["red_flags"] = _joined(list(facts.screening_red_flags))
    return values


def _joined(names: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def _finding(
    rule: Rule,
    values: Mapping[str, str],
    sources: tuple[FindingCitation, ...],
    medication: MedicationFact | None,
) -> Finding:
    involves = list(rule.involves)
    finding_id = rule.id
    if medication is not None:
        names = rule.applies_when.matched_ingredients(medication)
        involves += names
        finding_id = f"{rule.id}:{'+'.join(names)}"
        shown = medication.input.strip() if not medication.recognized else " and ".join(names)
        values = {**values, "ingredient": shown}
    separation = None
    if rule.separation is not None:
        separation = SeparationHours(
            mg_before_drug=rule.separation.mg_before_drug_h,
            mg_after_drug=rule.separation.mg_after_drug_h,
        )
    return Finding(
        id=finding_id,
        rule_id=rule.id,
        severity=rule.severity,
        category=rule.category,
        basis=rule.basis,
        title=_render(rule.title, values),
        detail=_render(rule.message, values),
        action=_render(rule.action, values),
        clinician_detail=_render(rule.clinician_message, values),
        involves=tuple(dict.fromkeys(involves)),
        citations=sources,
        separation_hours=separation,
    )


def findings_for(
    rule: Rule, facts: SafetyFacts, citations: Mapping[str, Citation]
) -> list[Finding]:
    """What one rule says about ``facts``: nothing, one finding, or one per matching medicine."""
    when = rule.applies_when
    if not when.holds_for_person(facts):
        return []
    values = _values(rule, facts)
    sources = _citations(rule, citations)
    if not when.per_medication:
        return [_finding(rule, values, sources, None)]
    found: dict[str, Finding] = {}
    for medication in facts.medications:
        if when.matches(medication):
            finding = _finding(rule, values, sources, medication)
            found.setdefault(finding.id, finding)
    return list(found.values())


def evaluate(
    rules: RuleSet | Iterable[Rule], facts: SafetyFacts, citations: Mapping[str, Citation]
) -> list[Finding]:
    """Every finding for ``facts``: most severe first, then by rule id. Deterministic."""
    chosen = rules.rules if isinstance(rules, RuleSet) else tuple(rules)
    found = [finding for rule in chosen for finding in findings_for(rule, facts, citations)]
    return sort_findings(found)


__all__ = [
    "PLACEHOLDERS",
    "RULE_ID_PATTERN",
    "TEXT_FIELDS",
    "Rule",
    "RuleFamily",
    "RuleFile",
    "RuleSet",
    "Separation",
    "evaluate",
    "findings_for",
    "placeholders_in",
]
