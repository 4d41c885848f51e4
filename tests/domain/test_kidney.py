"""CKD-EPI 2021 eGFR and KDIGO 2012 GFR categories, checked against the published formula.

The published equation (NKF; Inker et al., NEJM 2021;385:1737-49), restated here on purpose so
the test does not read it back from labs.yaml:

    eGFR = 142 × min(Scr/κ, 1)^α × max(Scr/κ, 1)^−1.200 × 0.9938^age × 1.012 [if female]
    κ = 0.7 (female) / 0.9 (male);  α = −0.241 (female) / −0.302 (male);  Scr in mg/dL
"""

from __future__ import annotations

import math

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from magnerve.domain.kidney import (
    KidneyKnowledge,
    describe_stage,
    egfr_ckd_epi_2021,
    kdigo_stage,
    stage_range,
)
from magnerve.domain.labs import convert, find_analyte
from magnerve.domain.patient import Sex
from magnerve.errors import InvalidInput
from magnerve.knowledge.load import load_labs

KIDNEY: KidneyKnowledge = load_labs().kidney


def published(scr: float, age: float, female: bool) -> float:
    """The equation as printed by NKF, written out independently of the YAML."""
    kappa, alpha = (0.7, -0.241) if female else (0.9, -0.302)
    value = 142 * min(scr / kappa, 1) ** alpha * max(scr / kappa, 1) ** -1.200 * 0.9938**age
    return value * 1.012 if female else value


# --- worked examples -----------------------------------------------------------------------------


def test_68_year_old_woman_creatinine_1_1() -> None:
    # By hand: Scr/κ = 1.1 / 0.7 = 1.571429, above 1, so the min term is 1^α = 1.
    #   max term: ln 1.571429 = 0.451985; × −1.200 = −0.542382; e^… = 0.581362
    #   age term: ln 0.9938 = −0.0062193; × 68 = −0.422912; e^… = 0.655136
    #   142 × 0.581362 × 0.655136 × 1.012 = 54.73 mL/min/1.73m2 → KDIGO G3a (45–59)
    egfr = egfr_ckd_epi_2021(1.1, 68, "female", KIDNEY)
    assert egfr == pytest.approx(54.73, abs=0.01)
    assert egfr == pytest.approx(published(1.1, 68, female=True), rel=1e-12)
    assert kdigo_stage(egfr, KIDNEY) == "G3a"


def test_50_year_old_man_creatinine_0_8() -> None:
    # By hand: Scr/κ = 0.8 / 0.9 = 0.888889, below 1, so the max term is 1.
    #   min term: ln 0.888889 = −0.117783; × −0.302 = 0.035570; e^… = 1.036211
    #   age term: 0.9938^50 = e^(−0.310965) = 0.732740
    #   142 × 1.036211 × 0.732740 = 107.82 → G1
    egfr = egfr_ckd_epi_2021(0.8, 50, Sex.male, KIDNEY)
    assert egfr == pytest.approx(107.82, abs=0.01)
    assert kdigo_stage(egfr, KIDNEY) == "G1"


def test_40_year_old_woman_below_kappa() -> None:
    # By hand: 0.6 / 0.7 = 0.857143; ln = −0.154151; × −0.241 = 0.037150; e^… = 1.037849
    #   0.9938^40 = 0.779758; 142 × 1.037849 × 0.779758 × 1.012 = 116.30
    assert egfr_ckd_epi_2021(0.6, 40, "female", KIDNEY) == pytest.approx(116.30, abs=0.01)


@pytest.mark.parametrize(
    ("scr", "age", "sex", "expected"),
    [
        # Values printed in a public R package's documentation (JMLuther/tabletools, which cites
        # the NKF calculator): 70-year-old man 0.8 mg/dL → 95.2; woman → 79.2.
        (0.8, 70, "male", 95.2),
        (0.8, 70, "female", 79.2),
        # At Scr = κ both terms are 1: 142 × 0.9938^18 (× 1.012 for women)
        (0.9, 18, "male", 142 * 0.9938**18),
        (0.7, 18, "female", 142 * 0.9938**18 * 1.012),
    ],
)
def test_cross_checks(scr: float, age: int, sex: str, expected: float) -> None:
    assert egfr_ckd_epi_2021(scr, age, sex, KIDNEY) == pytest.approx(expected, abs=0.05)


def test_from_a_result_in_micromoles() -> None:
    creatinine = find_analyte(load_labs(), "creatinine")
    mg_dl = convert(creatinine, 97.2, "µmol/L", "mg/dL")  # 97.2 / 88.40 = 1.0995 mg/dL
    assert mg_dl == pytest.approx(1.0995, abs=0.0001)
    assert kdigo_stage(egfr_ckd_epi_2021(mg_dl, 68, "female", KIDNEY), KIDNEY) == "G3a"


# --- properties ----------------------------------------------------------------------------------

SCR = st.floats(min_value=0.1, max_value=30)
AGE = st.floats(min_value=18, max_value=120)
SEX = st.sampled_from(["female", "male"])


@given(scr=SCR, age=AGE, sex=SEX)
def test_matches_the_published_formula(scr: float, age: float, sex: str) -> None:
    got = egfr_ckd_epi_2021(scr, age, sex, KIDNEY)
    assert got == pytest.approx(published(scr, age, sex == "female"), rel=1e-12)
    assert got > 0


@given(a=SCR, b=SCR, age=AGE, sex=SEX)
def test_higher_creatinine_never_raises_egfr(a: float, b: float, age: float, sex: str) -> None:
    assume(a < b)
    lower, higher = (egfr_ckd_epi_2021(x, age, sex, KIDNEY) for x in (a, b))
    assert lower >= higher
    if b > a * 1.001:
        assert lower > higher


@given(scr=SCR, young=AGE, old=AGE, sex=SEX)
def test_older_means_lower(scr: float, young: float, old: float, sex: str) -> None:
    assume(young < old)
    younger, older = (egfr_ckd_epi_2021(scr, age, sex, KIDNEY) for age in (young, old))
    assert younger >= older
    if old > young + 0.01:
        assert younger > older


@pytest.mark.parametrize("sex", ["female", "male"])
def test_continuous_at_kappa(sex: str) -> None:
    kappa = 0.7 if sex == "female" else 0.9
    below = egfr_ckd_epi_2021(kappa - 1e-9, 60, sex, KIDNEY)
    at = egfr_ckd_epi_2021(kappa, 60, sex, KIDNEY)
    assert below == pytest.approx(at, rel=1e-8)


# --- bad input -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("scr", "age", "sex", "field"),
    [
        (1.0, 17, "female", "age"),
        (1.0, 17.99, "male", "age"),
        (1.0, 121, "male", "age"),
        (1.0, math.nan, "male", "age"),
        (1.0, "60", "male", "age"),
        (0, 60, "male", "creatinine"),
        (-1, 60, "male", "creatinine"),
        (math.inf, 60, "male", "creatinine"),
        (True, 60, "male", "creatinine"),
        (1.0, 60, "other", "sex"),
        (1.0, 60, None, "sex"),
    ],
)
def test_bad_input_names_the_field(scr: object, age: object, sex: object, field: str) -> None:
    with pytest.raises(InvalidInput) as info:
        egfr_ckd_epi_2021(scr, age, sex, KIDNEY)  # type: ignore[arg-type]
    assert info.value.field == field


def test_children_are_refused_with_the_reason() -> None:
    with pytest.raises(InvalidInput) as info:
        egfr_ckd_epi_2021(0.5, 12, "female", KIDNEY)
    assert "for adults aged 18 and over" in info.value.message


def test_every_problem_is_reported() -> None:
    with pytest.raises(InvalidInput) as info:
        egfr_ckd_epi_2021(0, 10, "x", KIDNEY)
    assert [e.field for e in info.value.errors] == ["creatinine", "age", "sex"]


def test_sex_words_are_case_insensitive() -> None:
    assert egfr_ckd_epi_2021(1, 60, " Female ", KIDNEY) == egfr_ckd_epi_2021(
        1, 60, Sex.female, KIDNEY
    )


# --- KDIGO categories ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("egfr", "stage"),
    [
        (150, "G1"), (90, "G1"), (89.9, "G2"), (60, "G2"), (59.9, "G3a"), (45, "G3a"),
        (44.9, "G3b"), (30, "G3b"), (29.9, "G4"), (15, "G4"), (14.9, "G5"), (0, "G5"),
    ],
)  # fmt: skip
def test_kdigo_boundaries(egfr: float, stage: str) -> None:
    assert kdigo_stage(egfr, KIDNEY) == stage


@pytest.mark.parametrize("egfr", [-0.1, math.nan, math.inf * -1, "60", None])
def test_bad_egfr(egfr: object) -> None:
    with pytest.raises(InvalidInput) as info:
        kdigo_stage(egfr, KIDNEY)  # type: ignore[arg-type]
    assert info.value.field == "egfr"


@pytest.mark.parametrize(
    ("stage", "span"),
    [("G1", "90 or more"), ("G2", "60–89"), ("G3a", "45–59"), ("G3b", "30–44"),
     ("G4", "15–29"), ("G5", "below 15")],
)  # fmt: skip
def test_stage_ranges_read_like_kdigo(stage: str, span: str) -> None:
    assert stage_range(stage, KIDNEY) == span


def test_describe_stage() -> None:
    assert describe_stage("G3a", KIDNEY) == (
        "G3a (eGFR 45–59 mL/min/1.73m2): Kidney filtering is mildly to moderately reduced."
    )
    for early in ("G1", "G2"):
        assert "only if other tests show kidney damage" in describe_stage(early, KIDNEY)
    assert "kidney failure" in describe_stage("G5", KIDNEY)


def test_unknown_stage() -> None:
    with pytest.raises(InvalidInput) as info:
        describe_stage("G6", KIDNEY)
    assert info.value.field == "stage"
    assert info.value.hint == "Use one of: G1, G2, G3a, G3b, G4, G5."
