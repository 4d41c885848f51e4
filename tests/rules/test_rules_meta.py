"""Meta-tests over the shipped rules and their cases: the rules stay checkable and cited."""

from __future__ import annotations

import re
from importlib.resources import files
from pathlib import Path

import pytest

from magnerve.domain.rule_conditions import (
    MEDICATION_CHECKS,
    MEDICATION_CLASSES,
    PERSON_CHECKS,
    VOCABULARY,
    Conditions,
)
from magnerve.domain.rules import PLACEHOLDERS, TEXT_FIELDS, Rule, placeholders_in
from magnerve.domain.safety import BASES, CATEGORIES, MAGNESIUM_MEDICINE_CLASS, SEVERITIES
from magnerve.knowledge.load import load_citations, load_rules, read_retired_rule_ids
from tests.rules.rule_cases import load_cases

RULES = load_rules()
ALL = RULES.rules
IDS = [rule.id for rule in ALL]
CASES = load_cases()
KNOWLEDGE = Path(str(files("magnerve.knowledge")))

#: Interaction rules whose sources give hours: each must carry ``separation``.
HOURS_IN_SOURCES = frozenset(
    {
        "MG-INT-QUINOLONE",
        "MG-INT-TETRACYCLINE",
        "MG-INT-BISPHOSPHONATE",
        "MG-INT-THYROID",
        "MG-INT-GABAPENTIN",
        "MG-INT-INTEGRASE",
        "MG-INT-PENICILLAMINE",
        "MG-INT-MYCOPHENOLATE",
        "MG-INT-DIGOXIN",
    }
)
#: Interaction rules about something other than timing (losses, retention, monitoring).
NO_HOURS = frozenset(
    {
        "MG-INT-DIGOXIN-LOW-MG",
        "MG-INT-AMINOGLYCOSIDE",
        "MG-INT-LOOP-DIURETIC",
        "MG-INT-THIAZIDE",
        "MG-INT-K-SPARING",
        "MG-INT-K-SPARING-CKD",
        "MG-INT-PPI",
        "MG-INT-BLOOD-PRESSURE",
        "MG-INT-SGLT2",
        "ALA-INT-GLUCOSE-LOWERING",
    }
)
#: The category each family file holds.
FAMILY_CATEGORIES = {
    "dose": {"dose"},
    "interactions": {"interaction"},
    "renal": {"renal"},
    "labs": {"lab"},
    "monitoring": {"monitoring"},
    "side_effects": {"side-effect"},
    "pregnancy": {"pregnancy"},
    "medications": {"unrecognized-medication"},
    "follow_up": {"monitoring", "symptoms", "trial"},
}


def _by_id(rule_id: str) -> Rule:
    return RULES.by_id()[rule_id]


def test_every_family_is_there() -> None:
    assert {family.name for family in RULES.families} == set(FAMILY_CATEGORIES)


def test_ids_are_unique() -> None:
    assert len(IDS) == len(set(IDS))


def test_retired_ids_are_never_reused() -> None:
    assert (KNOWLEDGE / "rules" / "RETIRED").is_file()
    assert set(read_retired_rule_ids(KNOWLEDGE)).isdisjoint(IDS)


@pytest.mark.parametrize("family", RULES.families, ids=lambda f: f.name)
def test_family_holds_its_category(family: object) -> None:
    name = getattr(family, "name", "")
    for rule in getattr(family, "rules", ()):
        assert rule.category in FAMILY_CATEGORIES[name], rule.id


def test_every_rule_has_a_positive_and_a_negative_case() -> None:
    present = {rule_id for case in CASES for rule_id in case.expect.present}
    absent = {rule_id for case in CASES for rule_id in case.expect.absent}
    assert sorted(set(IDS) - present) == [], "rules without a case where they report"
    assert sorted(set(IDS) - absent) == [], "rules without a case where they stay silent"


def test_cases_name_only_existing_rules() -> None:
    named = {rule_id for case in CASES for rule_id in (*case.expect.present, *case.expect.absent)}
    assert sorted(named - set(IDS)) == []


def test_case_names_are_unique() -> None:
    names = [case.name for case in CASES]
    assert len(names) == len(set(names))


def test_every_citation_resolves() -> None:
    citations = load_citations()
    for rule in ALL:
        assert rule.citations, rule.id
        for ref in rule.citations:
            assert ref.ref in citations, f"{rule.id}: {ref.ref}"


@pytest.mark.parametrize("rule", ALL, ids=IDS)
def test_texts_use_only_placeholders_that_exist(rule: Rule) -> None:
    for field in TEXT_FIELDS:
        for name in placeholders_in(getattr(rule, field)):
            assert name in PLACEHOLDERS
            assert name in rule.available_placeholders()


@pytest.mark.parametrize("rule", ALL, ids=IDS)
def test_severity_category_and_basis_are_valid(rule: Rule) -> None:
    assert rule.severity in SEVERITIES
    assert rule.category in CATEGORIES
    assert rule.basis in BASES


@pytest.mark.parametrize("rule", ALL, ids=IDS)
def test_every_severity_is_justified_for_the_clinician(rule: Rule) -> None:
    assert re.search(rf"Severity {rule.severity}\b", rule.clinician_message), rule.id


@pytest.mark.parametrize("rule", ALL, ids=IDS)
def test_product_rules_say_so(rule: Rule) -> None:
    if rule.basis == "product rule":
        assert "product" in rule.clinician_message, rule.id


def test_every_interaction_rule_is_sorted_into_hours_or_no_hours() -> None:
    interactions = {rule.id for rule in ALL if rule.category == "interaction"}
    assert interactions == HOURS_IN_SOURCES | NO_HOURS
    assert not HOURS_IN_SOURCES & NO_HOURS


@pytest.mark.parametrize("rule_id", sorted(HOURS_IN_SOURCES))
def test_interactions_with_hours_in_the_sources_carry_separation(rule_id: str) -> None:
    rule = _by_id(rule_id)
    assert rule.separation is not None
    before, after = rule.separation.mg_before_drug_h, rule.separation.mg_after_drug_h
    assert f"{before:g} hours before" in rule.action, "the action must state the hours"
    assert f"{after:g} hours after" in rule.action, "the action must state the hours"


@pytest.mark.parametrize("rule_id", sorted(NO_HOURS))
def test_interactions_without_hours_carry_no_separation(rule_id: str) -> None:
    assert _by_id(rule_id).separation is None


def test_the_vocabulary_is_declared_once() -> None:
    keys = set(Conditions.model_fields)
    assert set(PERSON_CHECKS) | set(MEDICATION_CHECKS) == keys
    assert not set(PERSON_CHECKS) & set(MEDICATION_CHECKS)
    assert set(VOCABULARY) == keys


def test_every_condition_key_is_used_by_some_rule() -> None:
    used = {key for rule in ALL for key in rule.applies_when.given()}
    assert sorted(set(Conditions.model_fields) - used) == []


def test_every_declared_medication_class_is_used() -> None:
    used: set[str] = set()
    for rule in ALL:
        when = rule.applies_when
        used |= {when.medication_class} if when.medication_class else set()
        used |= set(when.any_medication_class or ())
    assert used == MEDICATION_CLASSES


def test_medication_classes_are_classes_of_the_medicines_table() -> None:
    try:
        from magnerve.domain import medication_table
    except ImportError:  # pragma: no cover - the medicines table arrives separately
        pytest.skip("magnerve.domain.medication_table is not there yet")
    known = set(medication_table.MEDICATION_CLASSES)
    assert sorted(MEDICATION_CLASSES - known) == [], "rule classes the medicines table lacks"
    assert MAGNESIUM_MEDICINE_CLASS in known
