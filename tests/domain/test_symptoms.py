"""The deficiency screener: red flags say "now", levels and wording, bad ids, risk factors."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from magnerve.domain.symptoms import ScreenResult, detected_risk_factors, screen
from magnerve.errors import InvalidInput
from magnerve.knowledge.load import load_symptoms

TABLE = load_symptoms()
BY_ID = {s.id: s for s in TABLE.symptoms}
RED_FLAGS = [s.id for s in TABLE.symptoms if s.red_flag]
MILD = [s.id for s in TABLE.symptoms if s.severity == "mild"]
SEVERE_NOT_RED = [s.id for s in TABLE.symptoms if s.severity == "severe" and not s.red_flag]

URGENT = "Seek medical care now"
WITHIN_DAYS = "Contact your clinician in the next few days"
MILDER = "The symptoms you chose are among the milder ones that can come with low magnesium."
MANY_CAUSES = "These symptoms can have many causes"
CANNOT_TELL = "a list like this cannot tell whether your magnesium is low"
TEST = "A serum magnesium test (a blood test) would tell more"
NEUROPATHY = "Diabetic neuropathy itself often causes some of these"
EXCESS = "Too much magnesium can also cause some of these"
RISKS = "these make low magnesium more likely"
#: Words that would state a diagnosis; the screener never uses them.
CLAIMS = ("you have", "you are low", "you are deficient", "diagnos", "deficiency")


def _screen(*ids: str, risks: tuple[str, ...] = ()) -> ScreenResult:
    return screen(TABLE, ids, risk_factors_present=risks)


def test_the_lists_are_not_empty() -> None:
    # The parametrised tests below are only as good as these lists.
    assert len(RED_FLAGS) == 7
    assert len(MILD) == 11
    assert SEVERE_NOT_RED == ["personality-change"]


# --- red flags ------------------------------------------------------------------------------------


@pytest.mark.parametrize("symptom_id", RED_FLAGS)
def test_each_red_flag_is_urgent(symptom_id: str) -> None:
    result = _screen(symptom_id)
    assert result.urgent is True
    assert result.level == "urgent"
    assert [(r.id, r.label) for r in result.red_flags] == [(symptom_id, BY_ID[symptom_id].label)]
    assert result.result.startswith(f'{URGENT} because you chose "{BY_ID[symptom_id].label}".')
    assert "call your local emergency number" in result.result
    assert WITHIN_DAYS not in result.result


@pytest.mark.parametrize("symptom_id", RED_FLAGS)
def test_a_red_flag_among_mild_symptoms_is_still_urgent(symptom_id: str) -> None:
    result = _screen("fatigue", "tingling", symptom_id)
    assert result.urgent is True
    assert [r.id for r in result.red_flags] == [symptom_id]
    assert MILDER not in result.result


def test_several_red_flags_are_all_named_in_table_order() -> None:
    result = _screen("fainting", "seizure", "fatigue")
    assert [r.id for r in result.red_flags] == ["seizure", "fainting"]
    assert result.result.startswith(
        f'{URGENT} because you chose "A seizure (fit)" and "Fainting or nearly fainting".'
    )


def test_urgent_wins_over_the_severe_wording() -> None:
    result = _screen("personality-change", "chest-pain")
    assert result.level == "urgent"
    assert WITHIN_DAYS not in result.result
    assert result.counts.severe == 2


def test_the_brief_red_flags_are_red_flags() -> None:
    for symptom_id in ("seizure", "irregular-heartbeat", "severe-confusion", "fainting"):
        assert _screen(symptom_id).urgent, symptom_id


# --- levels and wording ---------------------------------------------------------------------------


def test_nothing_chosen() -> None:
    result = _screen()
    assert result.level == "none"
    assert result.urgent is False
    assert result.red_flags == () and result.matched == ()
    assert (result.counts.mild, result.counts.severe) == (0, 0)
    assert result.result.startswith("No symptoms were chosen, so there is nothing to weigh up.")
    assert "only a serum magnesium test (a blood test) can check it" in result.result
    assert URGENT not in result.result and MANY_CAUSES not in result.result


@pytest.mark.parametrize("symptom_id", MILD)
def test_each_mild_symptom_alone(symptom_id: str) -> None:
    result = _screen(symptom_id)
    assert result.level == "mild"
    assert result.urgent is False and result.red_flags == ()
    assert (result.counts.mild, result.counts.severe) == (1, 0)
    assert result.result.startswith(MILDER)
    assert MANY_CAUSES in result.result and CANNOT_TELL in result.result and TEST in result.result
    assert URGENT not in result.result and WITHIN_DAYS not in result.result


def test_a_severe_sign_that_is_not_a_red_flag() -> None:
    result = _screen("personality-change", "fatigue")
    assert result.level == "severe"
    assert result.urgent is False
    assert result.result.startswith(
        'You chose "A change in personality or behaviour that others notice", which the sources '
        "list among the signs of more marked magnesium loss. " + WITHIN_DAYS
    )
    assert MILDER not in result.result and URGENT not in result.result
    assert TEST in result.result
    assert (result.counts.mild, result.counts.severe) == (1, 1)


@pytest.mark.parametrize("chosen", [(), *((s.id,) for s in TABLE.symptoms), tuple(BY_ID)])
def test_the_answer_never_claims_a_diagnosis(chosen: tuple[str, ...]) -> None:
    text = _screen(*chosen, risks=TABLE.risk_factor_ids).result.lower()
    assert text.strip()
    for claim in CLAIMS:
        assert claim not in text, claim
    # It says instead that the list cannot tell, and what would.
    assert "serum magnesium test" in text
    if chosen:
        assert CANNOT_TELL in text


def test_neuropathy_overlap_is_named() -> None:
    result = _screen("numbness", "fatigue", "tingling")
    assert (
        f'{NEUROPATHY} ("Tingling or pins and needles" and "Numbness"), so on their own they '
        "say little about magnesium." in result.result
    )
    assert "Tiredness" not in result.result.split(NEUROPATHY, 1)[1].split(".")[0]
    assert NEUROPATHY not in _screen("fatigue").result


def test_magnesium_excess_overlap_is_named() -> None:
    result = _screen("nausea-vomiting")
    assert f'{EXCESS} ("Feeling sick or being sick")' in result.result
    assert "If you take magnesium, say how much" in result.result
    assert EXCESS not in _screen("tremor").result


def test_matched_symptoms_carry_group_severity_and_flags() -> None:
    result = _screen("chest-pain", "tingling")
    assert [(m.id, m.group, m.severity, m.red_flag) for m in result.matched] == [
        ("tingling", "sensory", "mild", False),
        ("chest-pain", "cardiovascular", "severe", True),
    ]
    assert result.matched[0].overlaps == ("diabetic_neuropathy",)


# --- input ----------------------------------------------------------------------------------------


def test_duplicates_and_spelling_variants_count_once() -> None:
    result = _screen("tingling", "tingling", " Tingling ", "TREMOR")
    assert [m.id for m in result.matched] == ["tremor", "tingling"]
    assert result.counts.mild == 2


def test_order_follows_the_table_not_the_input() -> None:
    ids = ["fatigue", "seizure", "tingling", "muscle-cramps"]
    assert _screen(*ids).matched == _screen(*reversed(ids)).matched
    assert [m.id for m in _screen(*ids).matched] == [
        "muscle-cramps",
        "seizure",
        "tingling",
        "fatigue",
    ]


def test_a_single_id_given_as_a_string() -> None:
    assert [m.id for m in screen(TABLE, "tremor").matched] == ["tremor"]


def test_an_unknown_symptom_is_refused() -> None:
    with pytest.raises(InvalidInput) as info:
        _screen("tingling", "headache")
    error = info.value
    assert error.field == "symptom"
    assert error.message == "unknown symptom 'headache'"
    assert error.hint is not None
    assert error.hint.startswith("Valid symptom ids: muscle-cramps, muscle-twitching,")
    assert "seizure" in error.hint and "risk factor ids" not in error.hint


def test_an_unknown_risk_factor_is_refused() -> None:
    with pytest.raises(InvalidInput) as info:
        _screen("tingling", risks=("smoking",))
    error = info.value
    assert error.field == "risk"
    assert error.message == "unknown risk factor 'smoking'"
    assert error.hint == f"Valid risk factor ids: {', '.join(TABLE.risk_factor_ids)}."
    assert "older-age" in error.hint


def test_every_unknown_id_is_reported_once() -> None:
    with pytest.raises(InvalidInput) as info:
        _screen("headache", "", "headache", "seizure", risks=("smoking",))
    assert [(e.field, e.message) for e in info.value.errors] == [
        ("symptom", "unknown symptom 'headache'"),
        ("symptom", "unknown symptom ''"),
        ("risk", "unknown risk factor 'smoking'"),
    ]
    assert info.value.hint is not None
    assert "Valid symptom ids:" in info.value.hint and "Valid risk factor ids:" in info.value.hint


def test_a_risk_factor_id_is_not_a_symptom() -> None:
    with pytest.raises(InvalidInput, match="unknown symptom 'diabetes'"):
        _screen("diabetes")


# --- risk factors ---------------------------------------------------------------------------------


def test_risk_factors_are_counted_and_named() -> None:
    result = _screen("fatigue", risks=("alcohol", "diabetes", "alcohol"))
    assert result.risk_factor_count == 2
    assert [(r.id, r.label) for r in result.risk_factors] == [
        ("diabetes", "Diabetes"),
        ("alcohol", "Drinking a lot of alcohol, or most days"),
    ]
    assert result.result.endswith(
        f'{RISKS}: "Diabetes" and "Drinking a lot of alcohol, or most days".'
    )


def test_no_risk_factors_no_risk_sentence() -> None:
    result = _screen("fatigue")
    assert result.risk_factor_count == 0 and result.risk_factors == ()
    assert RISKS not in result.result


def test_risk_factors_without_symptoms() -> None:
    result = _screen(risks=("long-term-ppi",))
    assert result.level == "none" and result.risk_factor_count == 1
    assert RISKS in result.result
    assert "fda-ppi-2011" in {c.ref for c in result.citations}


def test_risk_factors_do_not_change_the_level() -> None:
    assert _screen("tremor", risks=TABLE.risk_factor_ids).level == "mild"


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({}, ()),
        ({"has_diabetes": True}, ("diabetes",)),
        ({"has_diabetes": False}, ()),
        ({"age": 70}, ()),
        ({"age": 71}, ("older-age",)),
        ({"medication_classes": ["loop_diuretic"]}, ("diuretic",)),
        ({"medication_classes": ["thiazide_diuretic", "biguanide"]}, ("diuretic",)),
        ({"medication_classes": ["proton_pump_inhibitor"]}, ("long-term-ppi",)),
        ({"medication_classes": ["potassium_sparing_diuretic", "insulin"]}, ()),
        (
            {"has_diabetes": True, "age": 80, "medication_classes": ["proton_pump_inhibitor"]},
            ("diabetes", "long-term-ppi", "older-age"),
        ),
    ],
)
def test_detected_risk_factors(kwargs: dict[str, object], expected: tuple[str, ...]) -> None:
    assert detected_risk_factors(TABLE, **kwargs) == expected  # type: ignore[arg-type]


def test_asked_risk_factors_are_never_detected() -> None:
    everything = detected_risk_factors(
        TABLE,
        has_diabetes=True,
        age=120,
        medication_classes=["loop_diuretic", "thiazide_diuretic", "proton_pump_inhibitor"],
    )
    assert "alcohol" not in everything and "gut-disease" not in everything
    assert set(everything) == set(TABLE.risk_factor_ids) - {"alcohol", "gut-disease"}


# --- the result object ----------------------------------------------------------------------------


def test_citations_back_the_answer_without_repeats() -> None:
    result = _screen("seizure", "tingling", risks=("diuretic",))
    pairs = [(c.ref, c.locator) for c in result.citations]
    assert len(pairs) == len(set(pairs))
    for item in (BY_ID["seizure"], BY_ID["tingling"], TABLE.risk_factors[1], TABLE.texts.urgent):
        for ref in item.citations:
            assert (ref.ref, ref.locator) in pairs
    assert "davies-fraser-1993-diuretics" in {ref for ref, _ in pairs}
    assert "fda-ppi-2011" not in {ref for ref, _ in pairs}


def test_the_cli_shape() -> None:
    dumped = _screen("fainting", "fatigue").model_dump(mode="json")
    assert dumped["urgent"] is True
    assert dumped["red_flags"] == [{"id": "fainting", "label": "Fainting or nearly fainting"}]
    assert isinstance(dumped["result"], str)
    assert dumped["counts"] == {"mild": 1, "severe": 1}
    assert dumped["level"] == "urgent"


def test_the_result_is_frozen() -> None:
    result = _screen("fatigue")
    with pytest.raises(ValidationError):
        result.urgent = True  # type: ignore[misc]


@given(st.lists(st.sampled_from(list(BY_ID)), max_size=8))
def test_urgent_exactly_when_a_red_flag_is_chosen(chosen: list[str]) -> None:
    result = _screen(*chosen)
    assert result.urgent == any(BY_ID[i].red_flag for i in chosen)
    assert result.counts.mild + result.counts.severe == len(set(chosen)) == len(result.matched)
    assert result.result.startswith(URGENT) == result.urgent
