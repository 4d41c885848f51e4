"""The issue's "Done when" scenario, end to end through the shipped rules."""

from __future__ import annotations

from datetime import date

from magnerve.domain.rules import evaluate
from magnerve.domain.safety import SafetyFacts, SeparationHours
from magnerve.knowledge.load import load_citations, load_rules


def _med(ingredient: str, drug_class: str, *times: str) -> dict[str, object]:
    return {
        "input": ingredient,
        "ingredients": [ingredient],
        "classes": [drug_class],
        "times": list(times),
    }


def test_a_68_year_old_woman_on_four_medicines_and_300_mg_glycinate() -> None:
    facts = SafetyFacts.model_validate(
        {
            "today": date(2026, 11, 21),
            "age": 68,
            "sex": "female",
            "diabetes": "type2",
            "supplemental_mg_per_day": 300,
            "magnesium_supplement_ul_mg": 350,
            "max_single_dose_mg": 150,
            "forms": ["bisglycinate"],
            "taking_magnesium_supplement": True,
            "medications": [
                _med("metformin", "biguanide", "08:00", "18:00"),
                _med("gabapentin", "gabapentinoid", "08:00", "14:00", "22:00"),
                _med("levothyroxine", "thyroid_hormone", "06:00"),
                _med("ciprofloxacin", "fluoroquinolone", "08:00", "20:00"),  # for a week
            ],
            # creatinine 1.1 mg/dL at 68 → CKD-EPI 2021 eGFR ≈ 54 (G3a), passed as a fact
            "labs": {"creatinine": {"value": 1.1, "flag": "normal", "date": date(2026, 11, 1)}},
            "egfr": 54.0,
        }
    )
    findings = evaluate(load_rules(), facts, load_citations())
    by_id = {f.id: f for f in findings}

    quinolone = by_id["MG-INT-QUINOLONE:ciprofloxacin"]
    assert quinolone.severity == "warning"
    assert quinolone.separation_hours == SeparationHours(mg_before_drug=6, mg_after_drug=2)
    assert quinolone.involves == ("magnesium", "ciprofloxacin")
    thyroid = by_id["MG-INT-THYROID:levothyroxine"]
    assert thyroid.separation_hours == SeparationHours(mg_before_drug=4, mg_after_drug=4)
    gabapentin = by_id["MG-INT-GABAPENTIN:gabapentin"]
    assert gabapentin.separation_hours == SeparationHours(mg_before_drug=2, mg_after_drug=2)

    renal = by_id["MG-RENAL-MODERATE"]
    assert renal.severity == "caution"
    assert "54" in renal.detail
    assert by_id["B12-MON-METFORMIN:metformin"].severity == "caution"

    rule_ids = {f.rule_id for f in findings}
    assert not rule_ids & {"MG-DOSE-ABOVE-UL", "MG-DOSE-ABOVE-UL-PRESCRIBED"}  # 300 < 350
    assert not rule_ids & {"MG-RENAL-SEVERE", "MG-RENAL-KIDNEY-FAILURE", "MG-MON-KIDNEY"}
    assert not rule_ids & {"MED-UNRECOGNIZED", "MG-SE-GI-SINGLE-DOSE"}
    assert sorted(rule_ids) == [
        "B12-MON-METFORMIN",
        "MG-INT-GABAPENTIN",
        "MG-INT-QUINOLONE",
        "MG-INT-THYROID",
        "MG-MON-SERUM-MG-RENAL",
        "MG-RENAL-MODERATE",
    ]
    assert findings[0].id == "MG-INT-QUINOLONE:ciprofloxacin"  # the only warning comes first
    assert all(f.citations for f in findings)
