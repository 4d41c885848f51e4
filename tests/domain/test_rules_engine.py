"""The rules evaluator: vocabulary, AND semantics, per-medicine findings, texts, order."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from pydantic import ValidationError

from magnerve.domain.reference import Citation
from magnerve.domain.rule_conditions import Conditions
from magnerve.domain.rules import Rule, RuleFamily, RuleSet, evaluate, placeholders_in
from magnerve.domain.safety import SafetyFacts, sort_findings
from magnerve.errors import KnowledgeError

TODAY = date(2026, 6, 1)
SOURCE = Citation(id="src", title="A source", organisation="Org", year=None, locator="here",
                  evidence="primary")  # fmt: skip
CITATIONS = {"src": SOURCE}


def rule(rule_id: str = "T-ONE", **changes: Any) -> Rule:
    data: dict[str, Any] = {
        "id": rule_id,
        "category": "dose",
        "severity": "caution",
        "basis": "cited",
        "applies_when": {"taking": "magnesium_supplement"},
        "title": "Title",
        "message": "Message.",
        "action": "Action.",
        "clinician_message": "Clinician.",
        "citations": ({"ref": "src", "locator": "p.1"},),
    }
    data.update(changes)
    return Rule.model_validate(data)


def facts(**changes: Any) -> SafetyFacts:
    return SafetyFacts.model_validate({"today": TODAY, **changes})


def med(name: str, *classes: str, recognized: bool = True) -> dict[str, Any]:
    if not recognized:
        return {"input": name, "recognized": False}
    return {"input": name, "ingredients": [name], "classes": list(classes)}


def ids(rules: list[Rule], the_facts: SafetyFacts) -> list[str]:
    return [f.id for f in evaluate(rules, the_facts, CITATIONS)]


# --- vocabulary -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("when", "yes", "no"),
    [
        ({"taking": "magnesium_supplement"}, {"taking_magnesium_supplement": True}, {}),
        ({"taking": "magnesium_supplement"}, {"supplemental_mg_per_day": 50}, {}),
        ({"taking": "alpha_lipoic_acid"}, {"ala_mg_per_day": 600}, {"ala_mg_per_day": 0}),
        (
            {"supplemental_above_ul": True},
            {"supplemental_mg_per_day": 351, "magnesium_supplement_ul_mg": 350},
            {"supplemental_mg_per_day": 351},
        ),
        (
            {"supplemental_above_ul": False},
            {"supplemental_mg_per_day": 350, "magnesium_supplement_ul_mg": 350},
            {"supplemental_mg_per_day": 351, "magnesium_supplement_ul_mg": 350},
        ),
        ({"ul_known": False}, {}, {"magnesium_supplement_ul_mg": 350}),
        ({"clinician_prescribed_above_ul": True}, {"clinician_prescribed_above_ul": True}, {}),
        ({"single_dose_above_mg": 175}, {"max_single_dose_mg": 176}, {"max_single_dose_mg": 175}),
        ({"single_dose_above_mg": 175}, {"max_single_dose_mg": 500}, {}),
        (
            {"uses_laxative_prone_form": True},
            {"forms": ["oxide"], "laxative_prone_forms": ["oxide"]},
            {"forms": ["oxide"]},
        ),
        ({"gi_side_effects_in": ("mild",)}, {"gi_side_effects": "mild"}, {}),
        ({"egfr_below": 30}, {"egfr": 29.9}, {"egfr": 30}),
        ({"egfr_below": 30}, {"egfr": 10}, {}),
        ({"egfr_at_least": 30}, {"egfr": 30}, {}),
        (
            {"lab_flag": {"analyte": "serum-magnesium", "flag_in": ("low",)}},
            {"labs": {"serum-magnesium": {"value": 0.6, "flag": "low", "date": TODAY}}},
            {"labs": {"vitamin-b12": {"value": 0.6, "flag": "low", "date": TODAY}}},
        ),
        (
            {"no_recent_lab": {"analytes": ("vitamin-b12",), "within_days": 30}},
            {"labs": {"vitamin-b12": {"value": 300, "date": date(2026, 5, 1)}}},
            {"labs": {"vitamin-b12": {"value": 300, "date": date(2026, 5, 2)}}},
        ),
        ({"pregnant": True}, {"sex": "female", "pregnant": True}, {"sex": "female"}),
        ({"lactating": True}, {"sex": "female", "lactating": True}, {"sex": "female"}),
        ({"has_neuropathy": False}, {"has_neuropathy": False}, {}),
    ],
)
def test_person_conditions(when: dict[str, Any], yes: dict[str, Any], no: dict[str, Any]) -> None:
    the_rule = rule(applies_when=when)
    assert ids([the_rule], facts(**yes)) == ["T-ONE"]
    assert ids([the_rule], facts(**no)) == []


@pytest.mark.parametrize(
    ("when", "match", "other"),
    [
        ({"medication_class": "insulin"}, med("insulin aspart", "insulin"), med("x", "biguanide")),
        (
            {"any_medication_class": ("insulin", "sulfonylurea")},
            med("gliclazide", "sulfonylurea"),
            med("x", "biguanide"),
        ),
        ({"medication_ingredient": "digoxin"}, med("digoxin"), med("digitoxin")),
        ({"unrecognized_medication": True}, med("Zyx", recognized=False), med("metformin")),
    ],
)
def test_medication_conditions(
    when: dict[str, Any], match: dict[str, Any], other: dict[str, Any]
) -> None:
    the_rule = rule(applies_when=when)
    assert len(ids([the_rule], facts(medications=[match]))) == 1
    assert ids([the_rule], facts(medications=[other])) == []
    assert ids([the_rule], facts()) == []


def test_all_conditions_must_hold() -> None:
    the_rule = rule(applies_when={"taking": "magnesium_supplement", "egfr_below": 60})
    assert ids([the_rule], facts(taking_magnesium_supplement=True, egfr=50)) == ["T-ONE"]
    assert ids([the_rule], facts(taking_magnesium_supplement=True, egfr=70)) == []
    assert ids([the_rule], facts(egfr=50)) == []


def test_medicine_conditions_must_hold_for_the_same_medicine() -> None:
    the_rule = rule(applies_when={"medication_class": "insulin", "medication_ingredient": "x"})
    split = facts(medications=[med("x", "biguanide"), med("y", "insulin")])
    assert ids([the_rule], split) == []
    assert ids([the_rule], facts(medications=[med("x", "insulin")])) == ["T-ONE:x"]


def test_one_finding_per_matching_medicine_naming_it() -> None:
    the_rule = rule(
        applies_when={"taking": "magnesium_supplement", "medication_class": "fluoroquinolone"},
        category="interaction",
        involves=("magnesium",),
        title="{ingredient} and magnesium",
    )
    found = evaluate(
        [the_rule],
        facts(
            taking_magnesium_supplement=True,
            medications=[
                med("ciprofloxacin", "fluoroquinolone"),
                med("metformin", "biguanide"),
                med("levofloxacin", "fluoroquinolone"),
                med("ciprofloxacin", "fluoroquinolone"),  # entered twice: reported once
            ],
        ),
        CITATIONS,
    )
    assert [f.id for f in found] == ["T-ONE:ciprofloxacin", "T-ONE:levofloxacin"]
    assert [f.involves for f in found] == [
        ("magnesium", "ciprofloxacin"),
        ("magnesium", "levofloxacin"),
    ]
    assert found[0].title == "Ciprofloxacin and magnesium"


def test_a_combination_medicine_names_only_the_matching_ingredient() -> None:
    the_rule = rule(applies_when={"medication_ingredient": "metformin"})
    combo = {"input": "Janumet", "ingredients": ["sitagliptin", "Metformin"], "classes": []}
    (finding,) = evaluate([the_rule], facts(medications=[combo]), CITATIONS)
    assert finding.involves == ("metformin",)


def test_an_unrecognised_medicine_is_named_as_typed() -> None:
    the_rule = rule(
        applies_when={"unrecognized_medication": True},
        category="unrecognized-medication",
        message='We did not recognise "{ingredient}".',
    )
    (finding,) = evaluate([the_rule], facts(medications=[med("Zyxal 5mg", recognized=False)]),
                          CITATIONS)  # fmt: skip
    assert finding.detail == 'We did not recognise "Zyxal 5mg".'
    assert finding.involves == ("zyxal 5mg",)


# --- texts ------------------------------------------------------------------------------------


def test_placeholders_are_filled() -> None:
    the_rule = rule(
        applies_when={"supplemental_above_ul": True, "egfr_below": 60},
        message="{supplemental_mg} mg is above {ul_mg} mg; eGFR {egfr}.",
    )
    the_facts = facts(supplemental_mg_per_day=400.4, magnesium_supplement_ul_mg=350, egfr=54.2)
    (finding,) = evaluate([the_rule], the_facts, CITATIONS)
    assert finding.detail == "400 mg is above 350 mg; eGFR 54."


def test_lab_value_placeholder() -> None:
    the_rule = rule(
        applies_when={"lab_flag": {"analyte": "serum-magnesium", "flag_in": ("low",)}},
        message="Result {value} mmol/L.",
    )
    lab = {"value": 0.6172, "flag": "low", "date": TODAY}
    (finding,) = evaluate([the_rule], facts(labs={"serum-magnesium": lab}), CITATIONS)
    assert finding.detail == "Result 0.62 mmol/L."


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("{colour}", "unknown placeholder {colour}"),
        ("{ul_mg}", "{ul_mg} has no value"),
        ("{egfr}", "{egfr} has no value"),
        ("{value}", "{value} has no value"),
        ("{ingredient}", "{ingredient} has no value"),
        ("{egfr:.1f}", "bare placeholder"),
        ("{}", "bare placeholder"),
        ("{egfr!r}", "bare placeholder"),
        ("an unclosed {brace", "unbalanced braces"),
        ("a stray } brace", "unbalanced braces"),
    ],
)
def test_bad_placeholders_are_refused(text: str, problem: str) -> None:
    with pytest.raises(ValidationError, match=re.escape(problem)):
        rule(message=text)


def test_placeholders_in() -> None:
    assert placeholders_in("a {egfr} b {value}") == ("egfr", "value")
    assert placeholders_in("no placeholders") == ()


def test_the_citations_come_with_titles_and_locators() -> None:
    (finding,) = evaluate([rule()], facts(taking_magnesium_supplement=True), CITATIONS)
    assert [(c.id, c.title, c.locator) for c in finding.citations] == [("src", "A source", "p.1")]


def test_an_unknown_citation_is_a_knowledge_error() -> None:
    with pytest.raises(KnowledgeError, match="'src'"):
        evaluate([rule()], facts(taking_magnesium_supplement=True), {})


# --- the rule model ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"applies_when": {"taking_magnesium": True}}, "Extra inputs are not permitted"),
        ({"applies_when": {}}, "at least one condition"),
        ({"applies_when": {"medication_class": "statin"}}, "unknown medication class"),
        ({"applies_when": {"egfr_below": 30, "egfr_at_least": 45}}, "must be below"),
        ({"applies_when": {"unrecognized_medication": False}}, "literal"),
        (
            {"applies_when": {"unrecognized_medication": True, "medication_class": "insulin"}},
            "cannot be combined",
        ),
        ({"applies_when": {"lab_flag": {"analyte": "zinc", "flag_in": ("low",)}}}, "analyte"),
        ({"applies_when": {"medication_ingredient": "Digoxin"}}, "pattern"),
        ({"severity": "severe"}, "severity"),
        ({"category": "diet"}, "category"),
        ({"basis": "opinion"}, "basis"),
        ({"id": "mg-lower"}, "pattern"),
        ({"citations": ()}, "at least 1"),
        ({"involves": ("Magnesium",)}, "lower-case"),
        ({"separation": {"mg_before_drug_h": 2, "mg_after_drug_h": 2}}, "per-medicine"),
    ],
)
def test_the_rule_model_refuses(changes: dict[str, Any], problem: str) -> None:
    with pytest.raises(ValidationError, match=re.escape(problem)):
        rule(**changes)


def test_every_applies_when_key_is_optional() -> None:
    assert Conditions(pregnant=True).given() == frozenset({"pregnant"})


def test_rule_ids_are_unique_across_families() -> None:
    one = RuleFamily(name="a", rules=(rule("T-ONE"),))
    two = RuleFamily(name="b", rules=(rule("T-ONE"),))
    with pytest.raises(ValidationError, match="T-ONE is used in a and in b"):
        RuleSet(families=(one, two))


# --- order ------------------------------------------------------------------------------------


def test_findings_are_sorted_by_severity_then_id() -> None:
    rules = [
        rule("B-INFO", severity="info"),
        rule("A-INFO", severity="info"),
        rule("Z-URGENT", severity="urgent"),
        rule("C-CAUTION", severity="caution"),
        rule("D-WARNING", severity="warning"),
    ]
    taking = facts(taking_magnesium_supplement=True)
    expected = ["Z-URGENT", "D-WARNING", "C-CAUTION", "A-INFO", "B-INFO"]
    assert ids(rules, taking) == expected
    assert ids(list(reversed(rules)), taking) == expected
    found = evaluate(rules, taking, CITATIONS)
    assert sort_findings(list(reversed(found))) == found
    assert [f.rank for f in found] == [3, 2, 1, 0, 0]


def test_a_rule_set_evaluates_like_its_rules() -> None:
    rules = (rule("T-ONE"), rule("T-TWO", severity="urgent"))
    rule_set = RuleSet(families=(RuleFamily(name="f", rules=rules),))
    taking = facts(taking_magnesium_supplement=True)
    assert evaluate(rule_set, taking, CITATIONS) == evaluate(rules, taking, CITATIONS)


# --- facts ------------------------------------------------------------------------------------


def test_laxative_prone_forms_must_be_forms_in_use() -> None:
    with pytest.raises(ValidationError, match="not among forms"):
        facts(forms=["citrate"], laxative_prone_forms=["oxide"])


def test_facts_refuse_unknown_keys() -> None:
    with pytest.raises(ValidationError, match="Extra inputs"):
        facts(taking_ala=True)


def test_medication_names_are_normalised() -> None:
    the_facts = facts(medications=[{"input": "X", "ingredients": [" Digoxin ", "digoxin", ""]}])
    assert the_facts.medications[0].ingredients == ("digoxin",)
