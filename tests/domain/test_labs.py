"""Lab units, conversions and reading a result against the cited limits in labs.yaml."""

from __future__ import annotations

import itertools
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from magnerve.domain.labs import (
    UNITS,
    Analyte,
    LabTable,
    convert,
    find_analyte,
    interpret,
    normalise_unit,
    plausible_range,
)
from magnerve.errors import InvalidInput
from magnerve.knowledge.load import load_citations, load_labs

TABLE: LabTable = load_labs()
MG = find_analyte(TABLE, "serum-magnesium")
CREATININE = find_analyte(TABLE, "creatinine")
B12 = find_analyte(TABLE, "vitamin-b12")
HBA1C = find_analyte(TABLE, "hba1c")
EGFR = find_analyte(TABLE, "egfr")
RBC_MG = find_analyte(TABLE, "rbc-magnesium")
MMA = find_analyte(TABLE, "mma")
GLUCOSE = find_analyte(TABLE, "glucose")
POTASSIUM = find_analyte(TABLE, "potassium")
CALCIUM = find_analyte(TABLE, "calcium")


# --- unit spellings ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("mg/dl", "mg/dL"),
        ("MG/DL", "mg/dL"),
        (" mg / dL ", "mg/dL"),
        ("mmol/l", "mmol/L"),
        ("MMOL/L", "mmol/L"),
        ("meq/l", "mEq/L"),
        ("µmol/L", "µmol/L"),  # micro sign U+00B5
        ("μmol/L", "µmol/L"),  # Greek small mu U+03BC
        ("umol/L", "µmol/L"),
        ("umol/l", "µmol/L"),
        ("micromol/L", "µmol/L"),
        ("micromol/litre", "µmol/L"),
        ("pmol/l", "pmol/L"),
        ("pg/ml", "pg/mL"),
        ("ng/L", "ng/L"),
        ("%", "%"),
        ("percent", "%"),
        ("mmol/mol", "mmol/mol"),
        ("nmol/l", "nmol/L"),
        ("NMOL/L", "nmol/L"),
        ("mL/min/1.73m2", "mL/min/1.73m2"),
        ("ml/min/1.73 m²", "mL/min/1.73m2"),
        ("mL/min/1.73 m^2", "mL/min/1.73m2"),
        ("ml/min/1,73 m2", "mL/min/1.73m2"),
    ],
)
def test_normalise_unit(text: str, unit: str) -> None:
    assert normalise_unit(text) == unit


def test_every_standard_spelling_is_its_own_normal_form() -> None:
    assert all(normalise_unit(unit) == unit for unit in UNITS)


@pytest.mark.parametrize("text", ["", "   ", "mg", "g/L", "mmol", "furlongs", None, 5])
def test_unknown_unit_names_the_field(text: object) -> None:
    with pytest.raises(InvalidInput) as info:
        normalise_unit(text)  # type: ignore[arg-type]
    assert info.value.field == "unit"
    assert info.value.hint and "mg/dL" in info.value.hint


# --- conversions: worked examples ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("analyte", "value", "source", "target", "expected", "tolerance"),
    [
        # Magnesium: 24.305 g/mol, divalent. 0.85 mmol/L × 2.4305 = 2.066 mg/dL; × 2 = 1.70 mEq/L
        (MG, 0.85, "mmol/L", "mg/dL", 2.066, 0.0005),
        (MG, 0.85, "mmol/L", "mEq/L", 1.70, 1e-9),
        (MG, 2.0, "mg/dL", "mmol/L", 0.8229, 0.00005),  # 2 × 10 / 24.305 = 0.82288
        (MG, 1.0, "mg/dL", "mEq/L", 0.8229, 0.00005),  # dossier: 1 mg/dL = 0.8229 mEq/L
        (MG, 4.0, "mmol/L", "mg/dL", 9.722, 0.0005),  # SmPC: 4 mmol = 97.2 mg (per 100 mL here)
        # B12: 1355.4 g/mol. 200 pg/mL × 1000 / 1355.4 = 147.56 ≈ 148 pmol/L
        (B12, 200, "pg/mL", "pmol/L", 148, 0.5),
        (B12, 200, "ng/L", "pmol/L", 147.5579, 0.00005),
        (B12, 200, "pg/mL", "ng/L", 200, 1e-9),
        # Creatinine: 113.12 g/mol. 1.1 mg/dL × 10000 / 113.12 = 97.24 µmol/L
        (CREATININE, 1.1, "mg/dL", "µmol/L", 97.2, 0.05),
        (CREATININE, 88.4, "umol/L", "mg/dL", 1.0, 0.0001),
        # HbA1c master equation: % = 0.0915 × mmol/mol + 2.15
        (HBA1C, 48, "mmol/mol", "%", 6.542, 1e-9),
        (HBA1C, 7.0, "%", "mmol/mol", 53.0, 0.01),  # (7 − 2.15) / 0.0915 = 53.005
        (HBA1C, 6.5, "%", "mmol/mol", 10.929 * (6.5 - 2.15), 0.01),  # the brief's form: 47.5
        (EGFR, 54, "mL/min/1.73m2", "ml/min/1.73 m²", 54, 0),
        # Red-cell magnesium: the serum factor. 2.3 mmol/L × 2.4305 = 5.590 mg/dL
        (RBC_MG, 2.3, "mmol/L", "mg/dL", 5.590, 0.0005),
        (RBC_MG, 5.0, "mg/dL", "mmol/L", 2.0572, 0.00005),  # 50 / 24.305 = 2.05719
        (MMA, 250, "nmol/l", "nmol/L", 250, 0),
        # Glucose: 180.156 g/mol. 5.5 mmol/L × 18.0156 = 99.086 mg/dL; 100 mg/dL = 5.5507 mmol/L
        (GLUCOSE, 5.5, "mmol/L", "mg/dL", 99.086, 0.0005),
        (GLUCOSE, 100, "mg/dL", "mmol/L", 5.5507, 0.00005),
        (GLUCOSE, 180.156, "mg/dL", "mmol/L", 10.0, 1e-9),
        # Potassium: monovalent, 1 mmol/L = 1 mEq/L
        (POTASSIUM, 4.2, "mmol/L", "mEq/L", 4.2, 1e-12),
        (POTASSIUM, 5.8, "meq/l", "mmol/L", 5.8, 1e-12),
        # Calcium: 40.078 g/mol, divalent. 2.5 mmol/L × 4.0078 = 10.0195 mg/dL = 5.0 mEq/L
        (CALCIUM, 2.5, "mmol/L", "mg/dL", 10.0195, 0.00005),
        (CALCIUM, 10.0, "mg/dL", "mmol/L", 2.4951, 0.00005),  # 100 / 40.078 = 2.49513
        (CALCIUM, 2.5, "mmol/L", "mEq/L", 5.0, 1e-12),
        (CALCIUM, 9.0, "mg/dL", "mEq/L", 4.4912, 0.00005),  # 9 × 0.249513 × 2 = 4.49124
    ],
)
def test_worked_conversions(
    analyte: Analyte,
    value: float,
    source: str,
    target: str,
    expected: float,
    tolerance: float,
) -> None:
    assert convert(analyte, value, source, target) == pytest.approx(expected, abs=tolerance)


def _pairs() -> list[tuple[Analyte, str, str]]:
    return [
        (analyte, a.unit, b.unit)
        for analyte in TABLE.analytes
        for a, b in itertools.product(analyte.units, repeat=2)
    ]


PAIRS = _pairs()


@pytest.mark.parametrize(
    ("analyte", "source", "target"), PAIRS, ids=[f"{a.id}:{s}->{t}" for a, s, t in PAIRS]
)
@given(fraction=st.floats(min_value=0, max_value=1))
def test_round_trip_every_pair_of_units(
    analyte: Analyte, source: str, target: str, fraction: float
) -> None:
    low, high = plausible_range(analyte, source)
    value = low + (high - low) * fraction
    there = convert(analyte, value, source, target)
    assert convert(analyte, there, target, source) == pytest.approx(value, rel=1e-12, abs=1e-9)


def test_every_analyte_has_at_least_one_pair() -> None:
    assert {a.id for a, _, _ in PAIRS} == {a.id for a in TABLE.analytes}


@pytest.mark.parametrize(
    ("args", "field"),
    [
        ((MG, 1.0, "g/L", "mmol/L"), "from_unit"),
        ((MG, 1.0, "mmol/L", "%"), "to_unit"),
        ((MG, "1.0", "mmol/L", "mg/dL"), "value"),
        ((MG, math.nan, "mmol/L", "mg/dL"), "value"),
        ((MG, True, "mmol/L", "mg/dL"), "value"),
    ],
)
def test_convert_names_the_bad_field(args: tuple[object, ...], field: str) -> None:
    with pytest.raises(InvalidInput) as info:
        convert(*args)  # type: ignore[arg-type]
    assert info.value.field == field
    assert info.value.hint and "mmol/L, mg/dL, mEq/L" in info.value.hint


def test_convert_reports_every_bad_field_at_once() -> None:
    with pytest.raises(InvalidInput) as info:
        convert(MG, "x", "g", "kg")  # type: ignore[arg-type]
    assert [e.field for e in info.value.errors] == ["value", "from_unit", "to_unit"]


# --- flags at and around every boundary ----------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "unit", "flag"),
    [
        # mmol/L: critical below 0.5; IOM range 0.75–0.95; critical from 3.5 mEq/L = 1.75 mmol/L
        (0.1, "mmol/L", "critical-low"),
        (0.49, "mmol/L", "critical-low"),
        (0.5, "mmol/L", "low"),
        (0.74, "mmol/L", "low"),
        (0.749, "mmol/L", "low"),
        (0.75, "mmol/L", "normal"),
        (0.85, "mmol/L", "normal"),
        (0.95, "mmol/L", "normal"),
        (0.951, "mmol/L", "high"),
        (0.96, "mmol/L", "high"),
        (1.74, "mmol/L", "high"),
        (1.75, "mmol/L", "critical-high"),
        (10, "mmol/L", "critical-high"),
        # mg/dL (limits as IOM prints them: 1.8–2.3; 0.5 mmol/L → 1.2; 1.75 mmol/L → 4.3)
        (1.1, "mg/dL", "critical-low"),
        (1.19, "mg/dL", "critical-low"),
        (1.2, "mg/dL", "low"),
        (1.7, "mg/dL", "low"),
        (1.79, "mg/dL", "low"),
        (1.8, "mg/dL", "normal"),
        (2.3, "mg/dL", "normal"),
        (2.31, "mg/dL", "high"),
        (2.4, "mg/dL", "high"),
        (4.2, "mg/dL", "high"),
        (4.29, "mg/dL", "high"),
        (4.3, "mg/dL", "critical-high"),
        # mEq/L (0.5 mmol/L = 1.0; range 1.5–1.9; critical from 3.5)
        (0.9, "mEq/L", "critical-low"),
        (1.0, "mEq/L", "low"),
        (1.4, "mEq/L", "low"),
        (1.5, "mEq/L", "normal"),
        (1.9, "mEq/L", "normal"),
        (2.0, "mEq/L", "high"),
        (3.4, "mEq/L", "high"),
        (3.5, "mEq/L", "critical-high"),
    ],
)
def test_magnesium_flags(value: float, unit: str, flag: str) -> None:
    assert interpret("serum-magnesium", value, unit, TABLE).flag == flag


@pytest.mark.parametrize(
    ("value", "unit", "flag"),
    [
        # product rule: low below 200 pg/mL (= 147.56, printed 148 pmol/L); no upper limit
        (10, "pmol/L", "low"),
        (147, "pmol/L", "low"),
        (147.9, "pmol/L", "low"),
        (148, "pmol/L", "normal"),
        (199, "pg/mL", "low"),
        (199.9, "pg/mL", "low"),
        (200, "pg/mL", "normal"),
        (199, "ng/L", "low"),
        (200, "ng/L", "normal"),
        (2000, "pg/mL", "normal"),
        (10000, "pmol/L", "normal"),
    ],
)
def test_b12_flags(value: float, unit: str, flag: str) -> None:
    assert interpret("vitamin-b12", value, unit, TABLE).flag == flag


@pytest.mark.parametrize(
    ("analyte", "value", "unit"),
    [
        ("creatinine", 10, "µmol/L"),
        ("creatinine", 97, "umol/L"),
        ("creatinine", 28.28, "mg/dL"),
        ("hba1c", 3, "%"),
        ("hba1c", 14, "%"),
        ("hba1c", 195, "mmol/mol"),
        ("egfr", 1, "mL/min/1.73m2"),
        ("egfr", 200, "mL/min/1.73m2"),
        ("rbc-magnesium", 1.5, "mmol/L"),  # below the trials' 2.3 mmol/L: recorded, not applied
        ("rbc-magnesium", 5.6, "mg/dL"),
        ("mma", 900, "nmol/L"),  # above one lab's 378 nmol/L: recorded, not applied
        ("glucose", 1.5, "mmol/L"),  # dangerously low values are accepted, without a flag
        ("glucose", 45, "mmol/L"),
        ("glucose", 900, "mg/dL"),
        ("potassium", 9.5, "mmol/L"),
        ("potassium", 2.1, "mEq/L"),
        ("calcium", 4.5, "mmol/L"),
        ("calcium", 6.0, "mg/dL"),
        ("calcium", 3.0, "mEq/L"),
    ],
)
def test_no_range_means_no_flag(analyte: str, value: float, unit: str) -> None:
    reading = interpret(analyte, value, unit, TABLE)
    assert reading.flag is None
    assert reading.reference_range is None
    assert reading.notes  # the remark saying why


@pytest.mark.parametrize(
    ("value", "stage"),
    [(200, "G1"), (90, "G1"), (89.9, "G2"), (60, "G2"), (59.9, "G3a"), (45, "G3a"),
     (44.9, "G3b"), (30, "G3b"), (29.9, "G4"), (15, "G4"), (14.9, "G5"), (1, "G5")],
)  # fmt: skip
def test_egfr_gets_a_kdigo_category_not_a_flag(value: float, stage: str) -> None:
    reading = interpret("egfr", value, "mL/min/1.73m2", TABLE)
    assert (reading.flag, reading.stage) == (None, stage)
    assert reading.notes[0].startswith(f"{stage} (eGFR ")
    assert "kdigo-2012-ckd" in reading.citations


def test_recorded_alternatives_are_not_shown_as_limits() -> None:
    rbc = interpret("rbc-magnesium", 2.0, "mmol/L", TABLE)
    assert rbc.flag is None
    assert not any("2.3" in note for note in rbc.notes)
    assert rbc.notes[0].startswith("No guideline gives a reference range for red-cell magnesium")
    mma = interpret("mma", 500, "nmol/L", TABLE)
    assert mma.flag is None
    assert not any("378" in note for note in mma.notes)
    assert "allina-labs-b12-mma" not in mma.citations


def test_no_range_tests_say_to_read_the_lab_range() -> None:
    for analyte, value, unit in [("glucose", 6.1, "mmol/L"), ("potassium", 4.0, "mmol/L"),
                                 ("calcium", 2.4, "mmol/L")]:  # fmt: skip
        notes = interpret(analyte, value, unit, TABLE).notes
        assert any("Your lab prints its own range on the report" in n for n in notes), analyte


def test_other_analytes_have_no_stage() -> None:
    assert interpret("creatinine", 80, "µmol/L", TABLE).stage is None


# --- the reading: values, notes, citations -------------------------------------------------------


def test_reading_fields() -> None:
    reading = interpret("serum-magnesium", 2.0, "MG/DL", TABLE)
    assert reading.analyte == "serum-magnesium"
    assert reading.name == "serum magnesium"
    assert (reading.value, reading.unit) == (2.0, "mg/dL")
    assert reading.canonical_value == pytest.approx(0.82288, abs=1e-5)
    assert reading.canonical_unit == "mmol/L"
    assert reading.flag == "normal"
    assert "Reference range magnerve uses: 1.8–2.3 mg/dL." in reading.notes
    assert reading.reference_range == "1.8–2.3 mg/dL"
    assert "iom-1997-dri-ca-p-mg-vitd-f" in reading.citations
    assert "iupac-atomic-weights" in reading.citations  # the unit conversion's basis


def test_a_critical_result_puts_its_note_first() -> None:
    reading = interpret("serum-magnesium", 0.4, "mmol/L", TABLE)
    assert reading.notes[0].startswith("Below 0.5 mmol/L: symptoms of low magnesium")
    assert any(
        n.startswith("Below 0.41 mmol/L: a medical teaching handbook") for n in reading.notes
    )
    assert {"doctorabel-hypomagnesemia", "vanderbilt-im-hypomagnesemia"} <= set(reading.citations)


def test_critical_high_note_in_the_unit_given() -> None:
    reading = interpret("serum-magnesium", 4.5, "mg/dL", TABLE)
    assert reading.flag == "critical-high"
    assert reading.notes[0].startswith("4.3 mg/dL or more: an emergency-medicine source")
    assert "medscape-766604-hypermagnesemia" in reading.citations


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        (2.0, "mEq/L", ["2–4 mEq/L"]),
        (3.6, "mEq/L", ["2–4 mEq/L", "3.5–5 mEq/L"]),
        (5.5, "mEq/L", ["5–6 mEq/L"]),
        (7.0, "mEq/L", []),  # the source gives no band for 6–8 mEq/L
        (9.0, "mEq/L", ["8–10 mEq/L"]),
        (10.0, "mEq/L", ["8–10 mEq/L"]),
        (10.1, "mEq/L", ["Above 10 mEq/L"]),
        (1.0, "mmol/L", ["1–2 mmol/L"]),
        (0.8, "mmol/L", ["0.75–0.85 mmol/L"]),
        (0.9, "mmol/L", []),
    ],
)
def test_magnesium_information_bands(value: float, unit: str, expected: list[str]) -> None:
    notes = interpret("serum-magnesium", value, unit, TABLE).notes
    heads = [n.split(":")[0] for n in notes if ":" in n]
    banded = [h for h in heads if "–" in h or h.startswith("Above")]
    assert banded == expected


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        (140, "ng/L", ["Below 145 ng/L", "Below 170 ng/L"]),
        (160, "pg/mL", ["Below 170 pg/mL", "145–180 pg/mL"]),
        (250, "pg/mL", ["200–300 pg/mL"]),
        (350, "pg/mL", []),
        (150, "pmol/L", ["148–221 pmol/L"]),  # 200–300 pg/mL = 147.6–221.3 pmol/L
    ],
)
def test_b12_cut_offs_in_use_are_shown(value: float, unit: str, expected: list[str]) -> None:
    notes = interpret("vitamin-b12", value, unit, TABLE).notes
    banded = sorted(n.split(":")[0] for n in notes if ":" in n and "Reference range" not in n)
    assert banded == sorted(expected)


def test_every_flag_cites_and_every_citation_is_known() -> None:
    citations = load_citations()
    for analyte in TABLE.analytes:
        for unit in analyte.units:
            low, high = plausible_range(analyte, unit.unit)
            for value in (low, (low + high) / 2, high):
                reading = interpret(analyte.id, value, unit.unit, TABLE)
                if reading.flag or reading.stage:
                    assert reading.citations, (analyte.id, value, unit.unit)
                assert set(reading.citations) <= set(citations)


def test_find_by_loinc_code_or_any_case() -> None:
    assert find_analyte(TABLE, "2601-3") is MG
    assert find_analyte(TABLE, " Serum-Magnesium ") is MG
    assert interpret("98979-8", 50, "mL/min/1.73m2", TABLE).stage == "G3a"


@pytest.mark.parametrize(
    ("analyte", "unit", "expected"),
    [
        (MG, "mmol/L", (0.1, 10)),
        (MG, "mg/dL", (0.2, 24.3)),
        (MG, "mEq/L", (0.2, 20)),
        (CREATININE, "µmol/L", (10, 2500)),
        (CREATININE, "mg/dL", (0.11, 28.28)),
        (B12, "pmol/L", (10, 10000)),
        (B12, "pg/mL", (14, 13554)),
        (HBA1C, "%", (3, 20)),
        (HBA1C, "mmol/mol", (9, 195)),
        (EGFR, "mL/min/1.73m2", (1, 200)),
        (RBC_MG, "mmol/L", (0.2, 10)),
        (RBC_MG, "mg/dL", (0.5, 24.3)),
        (MMA, "nmol/L", (10, 500000)),
        (GLUCOSE, "mmol/L", (0.1, 150)),
        (GLUCOSE, "mg/dL", (2, 2702)),
        (POTASSIUM, "mmol/L", (0.5, 15)),
        (POTASSIUM, "mEq/L", (0.5, 15)),
        (CALCIUM, "mmol/L", (0.25, 7.5)),
        (CALCIUM, "mg/dL", (1, 30.1)),
        (CALCIUM, "mEq/L", (0.5, 15)),
    ],
)
def test_plausible_range_in_each_unit(
    analyte: Analyte, unit: str, expected: tuple[float, float]
) -> None:
    assert plausible_range(analyte, unit) == expected


# --- bad input names its field -------------------------------------------------------------------


def test_unknown_analyte() -> None:
    with pytest.raises(InvalidInput) as info:
        interpret("zinc", 1.0, "mg/dL", TABLE)
    assert info.value.field == "analyte"
    assert info.value.hint == (
        "Known tests: serum-magnesium, creatinine, egfr, vitamin-b12, hba1c, rbc-magnesium, mma, "
        "glucose, potassium, calcium."
    )


WRONG_UNITS = [
    ("serum-magnesium", "%"), ("hba1c", "mg/dL"), ("egfr", "mL/min"), ("creatinine", "mmol/l"),
    ("vitamin-b12", ""), ("mma", "µmol/L"), ("potassium", "mg/dL"), ("glucose", "mEq/L"),
    ("rbc-magnesium", "mEq/L"),
]  # fmt: skip


@pytest.mark.parametrize(("analyte", "unit"), WRONG_UNITS)
def test_unit_not_used_for_that_test(analyte: str, unit: str) -> None:
    with pytest.raises(InvalidInput) as info:
        interpret(analyte, 5, unit, TABLE)
    assert info.value.field == "unit"
    units = ", ".join(u.unit for u in find_analyte(TABLE, analyte).units)
    assert info.value.hint and info.value.hint.endswith(f"units: {units}.")


@pytest.mark.parametrize("value", [0, -1, -0.5, math.nan, math.inf, "1.2", None, True])
def test_value_must_be_a_number_above_zero(value: object) -> None:
    with pytest.raises(InvalidInput) as info:
        interpret("serum-magnesium", value, "mmol/L", TABLE)  # type: ignore[arg-type]
    assert info.value.field == "value"


def test_value_and_unit_problems_are_reported_together() -> None:
    with pytest.raises(InvalidInput) as info:
        interpret("serum-magnesium", -1, "g", TABLE)
    assert [e.field for e in info.value.errors] == ["value", "unit"]


def test_implausible_value_says_the_range_in_the_unit_given() -> None:
    with pytest.raises(InvalidInput) as info:
        interpret("serum-magnesium", 50, "mg/dL", TABLE)
    assert info.value.field == "value"
    assert info.value.message == (
        "serum magnesium 50 mg/dL is outside what a lab reports (0.2–24.3 mg/dL)"
    )


def test_hba1c_45_percent_is_refused_and_mmol_per_mol_is_suggested() -> None:
    with pytest.raises(InvalidInput) as info:
        interpret("hba1c", 45, "%", TABLE)
    assert info.value.field == "value"
    assert info.value.message == "HbA1c 45% is outside what a lab reports (3–20%)"
    assert info.value.hint and "If the report says 45 mmol/mol, give that unit." in info.value.hint
    assert interpret("hba1c", 45, "mmol/mol", TABLE).canonical_value == pytest.approx(6.2675)


def test_glucose_in_mg_dl_typed_as_mmol_l_above_150_is_refused_with_a_hint() -> None:
    with pytest.raises(InvalidInput) as info:
        interpret("glucose", 180, "mmol/L", TABLE)
    assert info.value.message == "glucose 180 mmol/L is outside what a lab reports (0.1–150 mmol/L)"
    assert info.value.hint and "If the report says 180 mg/dL, give that unit." in info.value.hint


def test_creatinine_in_the_wrong_unit_is_caught() -> None:
    with pytest.raises(InvalidInput) as info:
        interpret("creatinine", 1.1, "µmol/L", TABLE)
    assert info.value.field == "value"
    assert "(10–2500 µmol/L)" in info.value.message
    assert info.value.hint and "1.1 mg/dL" in info.value.hint


@pytest.mark.parametrize(
    ("analyte", "value", "unit"),
    [
        ("serum-magnesium", 0.09, "mmol/L"),
        ("serum-magnesium", 10.01, "mmol/L"),
        ("serum-magnesium", 24.4, "mg/dL"),
        ("serum-magnesium", 20.1, "mEq/L"),
        ("creatinine", 9, "µmol/L"),
        ("creatinine", 2501, "µmol/L"),
        ("creatinine", 0.1, "mg/dL"),
        ("vitamin-b12", 9, "pmol/L"),
        ("vitamin-b12", 13555, "pg/mL"),
        ("hba1c", 2.9, "%"),
        ("hba1c", 20.1, "%"),
        ("hba1c", 8, "mmol/mol"),
        ("egfr", 0.9, "mL/min/1.73m2"),
        ("egfr", 201, "mL/min/1.73m2"),
        ("rbc-magnesium", 0.19, "mmol/L"),
        ("rbc-magnesium", 10.01, "mmol/L"),
        ("rbc-magnesium", 24.4, "mg/dL"),
        ("mma", 9, "nmol/L"),
        ("mma", 0.3, "nmol/L"),  # a µmol/L result typed as nmol/L
        ("mma", 500001, "nmol/L"),
        ("glucose", 0.09, "mmol/L"),
        ("glucose", 150.1, "mmol/L"),
        ("glucose", 1, "mg/dL"),
        ("glucose", 2703, "mg/dL"),
        ("potassium", 0.4, "mmol/L"),
        ("potassium", 15.1, "mEq/L"),
        ("calcium", 0.24, "mmol/L"),
        ("calcium", 7.51, "mmol/L"),
        ("calcium", 30.2, "mg/dL"),
    ],
)
def test_just_outside_plausible_is_refused(analyte: str, value: float, unit: str) -> None:
    with pytest.raises(InvalidInput) as info:
        interpret(analyte, value, unit, TABLE)
    assert info.value.field == "value"
    assert "outside what a lab reports" in info.value.message
