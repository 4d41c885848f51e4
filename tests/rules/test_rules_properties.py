"""Any facts at all: the shipped rules never crash, fill every placeholder, and keep order."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from magnerve.domain.rule_conditions import MEDICATION_CLASSES
from magnerve.domain.rules import PLACEHOLDERS, evaluate
from magnerve.domain.safety import (
    ANALYTES,
    GI_LEVELS,
    LAB_FLAGS,
    MAGNESIUM_MEDICINE_CLASS,
    SEVERITY_RANK,
    LabFact,
    MedicationFact,
    SafetyFacts,
)
from magnerve.knowledge.load import load_citations, load_rules

TODAY = date(2026, 6, 1)
CLASSES = sorted(MEDICATION_CLASSES | {MAGNESIUM_MEDICINE_CLASS, "biguanide"})
INGREDIENTS = ["metformin", "digoxin", "gabapentin", "penicillamine", "ciprofloxacin", "x"]

medications = st.builds(
    MedicationFact,
    input=st.text(alphabet="abc {}", min_size=1, max_size=20),
    ingredients=st.lists(st.sampled_from(INGREDIENTS), max_size=2).map(tuple),
    classes=st.lists(st.sampled_from(CLASSES), max_size=2).map(tuple),
    recognized=st.booleans(),
)
labs = st.dictionaries(
    st.sampled_from(ANALYTES),
    st.builds(
        LabFact,
        value=st.floats(min_value=0, max_value=2000, allow_nan=False),
        flag=st.none() | st.sampled_from(LAB_FLAGS),
        date=st.integers(min_value=0, max_value=2000).map(lambda d: TODAY - timedelta(days=d)),
    ),
)
amounts = st.floats(min_value=0, max_value=2000, allow_nan=False)


@st.composite
def facts(draw: st.DrawFn) -> SafetyFacts:
    sex = draw(st.sampled_from(["female", "male", None]))
    state = draw(st.sampled_from(["none", "pregnant", "lactating"])) if sex == "female" else "none"
    forms = draw(st.lists(st.sampled_from(["oxide", "citrate", "bisglycinate"]), max_size=2))
    return SafetyFacts(
        today=TODAY,
        age=draw(st.none() | st.integers(min_value=1, max_value=120)),
        sex=sex,
        pregnant=state == "pregnant",
        lactating=state == "lactating",
        has_neuropathy=draw(st.booleans()),
        supplemental_mg_per_day=draw(amounts),
        magnesium_supplement_ul_mg=draw(st.none() | st.sampled_from([65.0, 110.0, 350.0])),
        clinician_prescribed_above_ul=draw(st.booleans()),
        max_single_dose_mg=draw(st.none() | amounts),
        forms=tuple(forms),
        laxative_prone_forms=tuple(f for f in forms if f == "oxide"),
        taking_magnesium_supplement=draw(st.booleans()),
        ala_mg_per_day=draw(st.sampled_from([0.0, 600.0])),
        medications=tuple(draw(st.lists(medications, max_size=4))),
        labs=draw(labs),
        egfr=draw(st.none() | st.floats(min_value=0, max_value=150, allow_nan=False)),
        gi_side_effects=draw(st.none() | st.sampled_from(GI_LEVELS)),
    )


@settings(max_examples=150, deadline=None)
@given(facts())
def test_findings_are_complete_unique_and_ordered(the_facts: SafetyFacts) -> None:
    found = evaluate(load_rules(), the_facts, load_citations())
    assert len({f.id for f in found}) == len(found)
    keys = [(-SEVERITY_RANK[f.severity], f.rule_id, f.id) for f in found]
    assert keys == sorted(keys)
    for finding in found:
        assert finding.citations
        texts = (finding.title, finding.detail, finding.action, finding.clinician_detail)
        for name in PLACEHOLDERS:
            assert not any(f"{{{name}}}" in text for text in texts), finding.id
        if finding.category == "interaction" and finding.separation_hours is not None:
            assert "magnesium" in finding.involves
    assert found == evaluate(load_rules(), the_facts, load_citations())


def test_typed_text_is_shown_as_typed_never_filled_in() -> None:
    typed = MedicationFact(input="pill {egfr} {0}", recognized=False)
    the_facts = SafetyFacts(today=TODAY, egfr=40, medications=(typed,))
    (finding,) = evaluate(load_rules(), the_facts, load_citations())
    assert finding.title == "Medicine not checked: pill {egfr} {0}"
