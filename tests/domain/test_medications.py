"""Recognising what people type for a medicine: generic, brand, any case, doses, misspellings.

The shipped table is used for the behaviour people see; small hand-made tables pin the rules
(ambiguity, the first-letter guard, table checks) without depending on the shipped data.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from magnerve.domain.medication_text import allowed_distance, drop_amounts, fold, key
from magnerve.domain.medications import (
    MAX_INPUT,
    MEDICATION_CLASSES,
    MagnesiumContent,
    MedicationTable,
    Recognition,
    classes_of,
    magnesium_fraction,
    recognize,
)
from magnerve.errors import InvalidInput
from magnerve.knowledge.load import load_medications


@pytest.fixture(scope="module")
def table() -> MedicationTable:
    return load_medications()


# (typed, ingredients, how, matched)
RECOGNISED: list[tuple[str, tuple[str, ...], str, str]] = [
    # generic names, any case and spacing, with doses, forms and salts around them
    ("metformin", ("metformin",), "generic", "metformin"),
    ("METFORMIN", ("metformin",), "generic", "metformin"),
    ("  Metformin   ", ("metformin",), "generic", "metformin"),
    ("metformin 500 mg tablets", ("metformin",), "generic", "metformin"),
    ("Metformin ER 500mg twice daily", ("metformin",), "generic", "metformin"),
    ("levothyroxine sodium", ("levothyroxine",), "generic", "levothyroxine"),
    ("Levothyroxine Sodium 100 mcg", ("levothyroxine",), "generic", "levothyroxine"),
    ("omeprazole DR", ("omeprazole",), "generic", "omeprazole"),
    ("omeprazole 20mg DR capsule", ("omeprazole",), "generic", "omeprazole"),
    ("esomeprazole magnesium 40 mg", ("esomeprazole",), "generic", "esomeprazole"),
    ("doxycycline hyclate 100mg capsules", ("doxycycline",), "generic", "doxycycline"),
    ("ciprofloxacin HCl 500 mg", ("ciprofloxacin",), "generic", "ciprofloxacin"),
    ("insulin glargine (Lantus)", ("insulin glargine",), "generic", "insulin glargine + Lantus"),
    ("gabapentin 300mg caps", ("gabapentin",), "generic", "gabapentin"),
    ("milk of magnesia", ("magnesium hydroxide",), "generic", "milk of magnesia"),
    ("magnesium citrate oral solution", ("magnesium citrate",), "generic", "magnesium citrate"),
    ("Epsom salt", ("magnesium sulfate",), "generic", "Epsom salt"),
    ("frusemide 40 mg", ("furosemide",), "generic", "frusemide"),
    ("glyburide", ("glibenclamide",), "generic", "glyburide"),
    ("torsemide", ("torasemide",), "generic", "torsemide"),
    ("chlorthalidone 25", ("chlortalidone",), "generic", "chlorthalidone"),
    ("mycophenolate sodium", ("mycophenolic acid",), "generic", "mycophenolate sodium"),
    ("losartan HCTZ", ("losartan", "hydrochlorothiazide"), "generic", "losartan + HCTZ"),
    ("metformin/sitagliptin", ("metformin", "sitagliptin"), "generic", "metformin + sitagliptin"),
    # brands
    ("Lasix 40mg", ("furosemide",), "brand", "Lasix"),
    ("LASIX", ("furosemide",), "brand", "Lasix"),
    ("cipro", ("ciprofloxacin",), "brand", "Cipro"),
    ("Cipro XR 500", ("ciprofloxacin",), "brand", "Cipro"),
    ("Toprol-XL 25 mg", ("metoprolol",), "brand", "Toprol-XL"),
    ("toprol xl", ("metoprolol",), "brand", "Toprol-XL"),
    ("Glucophage XR 750", ("metformin",), "brand", "Glucophage"),
    ("Synthroid 100 mcg", ("levothyroxine",), "brand", "Synthroid"),
    ("Lantus SoloStar pen", ("insulin glargine",), "brand", "Lantus"),
    ("Humalog Mix 75/25 KwikPen", ("insulin lispro",), "brand", "Humalog"),
    ("Forxiga 10 mg", ("dapagliflozin",), "brand", "Forxiga"),
    ("Phillips' Milk of Magnesia", ("magnesium hydroxide",), "brand", "Phillips' Milk of Magnesia"),
    ("phillips milk of magnesia", ("magnesium hydroxide",), "brand", "Phillips' Milk of Magnesia"),
    ("Nexium 24HR", ("esomeprazole",), "brand", "Nexium"),
    # combination brands map to several ingredients
    ("Janumet", ("sitagliptin", "metformin"), "brand", "Janumet"),
    ("Janumet XR 50/1000", ("sitagliptin", "metformin"), "brand", "Janumet"),
    ("Hyzaar 50/12.5", ("losartan", "hydrochlorothiazide"), "brand", "Hyzaar"),
    ("Diovan HCT", ("valsartan", "hydrochlorothiazide"), "brand", "Diovan HCT"),
    ("Exforge HCT", ("amlodipine", "valsartan", "hydrochlorothiazide"), "brand", "Exforge HCT"),
    ("Biktarvy", ("bictegravir",), "brand", "Biktarvy"),
    # close misspellings
    ("gabapenten", ("gabapentin",), "misspelling", "gabapentin"),
    ("metfromin", ("metformin",), "misspelling", "metformin"),
    ("levothyroxin", ("levothyroxine",), "misspelling", "levothyroxine"),
    ("omeprazol 20 mg", ("omeprazole",), "misspelling", "omeprazole"),
    ("hydro chlorothiazide 25mg", ("hydrochlorothiazide",), "misspelling", "hydrochlorothiazide"),
    ("Lasex", ("furosemide",), "misspelling", "Lasix"),
    ("gabapenten for nerve pain", ("gabapentin",), "misspelling", "gabapentin"),
    ("insulin glarjine", ("insulin glargine",), "misspelling", "glargine"),
    ("milk of magnsia", ("magnesium hydroxide",), "misspelling", "milk of magnesia"),
]


@pytest.mark.parametrize(("typed", "ingredients", "how", "matched"), RECOGNISED)
def test_recognised(
    table: MedicationTable, typed: str, ingredients: tuple[str, ...], how: str, matched: str
) -> None:
    result = recognize(typed, table)
    assert result.recognized
    assert result.ingredients == ingredients
    assert result.how == how
    assert result.matched == matched
    assert result.classes == table.classes_of(ingredients)
    assert result.input == " ".join(typed.split())


def _split(text: str) -> list[str]:
    return text.split()


#: Real medicines (generic and brand) that magnerve does not carry, and everyday words.
NOT_CARRIED = [
    *_split(
        "aspirin atorvastatin sertraline warfarin paracetamol acetaminophen ibuprofen "
        "naproxen simvastatin rosuvastatin pravastatin clopidogrel apixaban rivaroxaban "
        "prednisone prednisolone tramadol tapentadol capsaicin lamotrigine carbamazepine "
        "oxcarbazepine topiramate allopurinol tamsulosin finasteride famotidine ranitidine "
        "cimetidine loratadine cetirizine montelukast salbutamol albuterol fluoxetine "
        "citalopram escitalopram paroxetine bupropion mirtazapine trazodone zolpidem "
        "lorazepam diazepam pioglitazone acarbose repaglinide penicillin amoxicillin "
        "azithromycin clarithromycin cephalexin nitrofurantoin metronidazole hydroxyzine "
        "meloxicam celecoxib diclofenac colchicine ondansetron metoclopramide tolbutamide "
        "gatifloxacin lidocaine methotrexate hydroxychloroquine sildenafil tadalafil Lipitor "
        "Zocor Crestor Plavix Eliquis Xarelto Tylenol Advil Aleve Flomax Pepcid Zantac Prozac "
        "Zoloft Lexapro Wellbutrin Ambien Xanax Valium Actos Keppra Tegretol Lamictal "
        "depend morning vitamins"
    ),
    *["vitamin D", "fish oil", "magnesium glycinate", "B12", "co-codamol"],
]


@pytest.mark.parametrize("typed", NOT_CARRIED)
def test_medicines_we_do_not_carry_stay_unrecognised(table: MedicationTable, typed: str) -> None:
    result = recognize(typed, table)
    assert not result.recognized, result
    assert result.how == "unrecognized"
    assert result.ingredients == () and result.classes == () and result.matched is None
    assert "cannot check it" in result.note


def test_a_combination_names_what_is_not_checked(table: MedicationTable) -> None:
    result = recognize("Biktarvy", table)
    assert result.classes == ("integrase_inhibitor",)
    assert result.not_checked == ("emtricitabine", "tenofovir alafenamide")
    assert "Not checked" in result.note and "emtricitabine" in result.note


def test_an_unknown_word_next_to_a_known_medicine_is_reported(table: MedicationTable) -> None:
    result = recognize("lisinopril and aspirin", table)
    assert result.recognized and result.ingredients == ("lisinopril",)
    assert result.not_checked == ("aspirin",)


def test_a_general_term_gives_the_class_only(table: MedicationTable) -> None:
    result = recognize("insulin", table)
    assert result.recognized and result.ingredients == () and result.classes == ("insulin",)
    assert result.how == "generic"
    # a specific insulin makes the general word redundant
    assert recognize("insulin lispro", table).ingredients == ("insulin lispro",)


def test_a_magnesium_supplement_typed_as_a_medicine_gets_a_hint(table: MedicationTable) -> None:
    result = recognize("magnesium glycinate 200 mg", table)
    assert not result.recognized
    assert "supplement" in result.note


def test_words_made_only_of_doses_are_unrecognised(table: MedicationTable) -> None:
    assert not recognize("500 mg", table).recognized
    assert not recognize("!!!", table).recognized


def test_overlong_text_is_unrecognised_not_an_error(table: MedicationTable) -> None:
    result = recognize("metformin " * (MAX_INPUT // 5), table)
    assert not result.recognized and "too long" in result.note


@pytest.mark.parametrize("blank", ["", " ", "\t\n"])
def test_empty_text_is_invalid_input(table: MedicationTable, blank: str) -> None:
    with pytest.raises(InvalidInput) as info:
        recognize(blank, table)
    assert info.value.field == "medication"


def test_classes_of(table: MedicationTable) -> None:
    found = classes_of(["metformin", "FUROSEMIDE", "not a medicine"], table)
    assert found == ("loop_diuretic", "biguanide", "antihypertensive")
    assert classes_of([], table) == ()


@settings(max_examples=300, deadline=None)
@given(st.text(min_size=1, max_size=250).filter(lambda s: s.strip() != ""))
def test_recognize_never_raises_on_non_empty_text(text: str) -> None:
    result = recognize(text, load_medications())
    assert isinstance(result, Recognition)
    assert set(result.classes) <= set(MEDICATION_CLASSES)
    assert list(result.classes) == sorted(result.classes, key=MEDICATION_CLASSES.index)
    if result.recognized:
        assert result.ingredients or result.classes
    else:
        assert result.how == "unrecognized" and not result.ingredients


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(["metformin", "Lasix", "gabapentin", "Janumet"]), st.text(max_size=12))
def test_noise_after_a_name_keeps_the_name(name: str, noise: str) -> None:
    table = load_medications()
    result = recognize(f"{name} {noise}", table)
    expected = recognize(name, table).ingredients
    assert set(expected) <= set(result.ingredients)


# --- Text helpers -------------------------------------------------------------------------------


def test_fold_and_key() -> None:
    assert fold("Phillips' Milk-of-Magnesia") == "phillips milk of magnesia"
    assert fold("ÉLTROXIN") == "eltroxin"
    assert key("Humulin 70/30") == "humulin"
    assert drop_amounts(_split("metformin 500 mg 2 x daily 0 125 g")) == ["metformin", "daily"]
    assert drop_amounts(["humulin", "r", "u", "500"]) == ["humulin", "r", "u"]
    assert drop_amounts(["humulin", "r", "u500"]) == ["humulin", "r"]


def test_allowed_distance() -> None:
    assert allowed_distance("cip") == -1
    assert allowed_distance("lasix") == 1
    assert allowed_distance("metformin") == 1
    assert allowed_distance("gabapentin") == 2


# --- Hand-made tables: the rules themselves ------------------------------------------------------


def _classes() -> list[dict[str, Any]]:
    implies = {"beta_blocker": ["antihypertensive"]}
    return [
        {"id": c, "name": c, "description": c, "implies": implies.get(c, [])}
        for c in MEDICATION_CLASSES
    ]


def _tuples(value: Any) -> Any:
    """Lists as tuples, the way the knowledge loader reads YAML (the models are strict)."""
    if isinstance(value, list | tuple):
        return tuple(_tuples(v) for v in value)
    if isinstance(value, dict):
        return {k: _tuples(v) for k, v in value.items()}
    return value


def _table(medications: list[dict[str, Any]], **extra: Any) -> MedicationTable:
    rows = [{"rxnorm": None, **m} for m in medications]
    data = {"classes": _classes(), "medications": rows, **extra}
    return MedicationTable.model_validate(_tuples(data))


def test_a_tie_between_two_medicines_is_not_guessed() -> None:
    table = _table(
        [
            {"ingredient": "tolamide", "classes": ["insulin"]},
            {"ingredient": "tolamidx", "classes": ["snri"]},
        ]
    )
    result = recognize("tolamidq", table)
    assert not result.recognized
    assert result.suggestions == ("tolamide", "tolamidx")
    assert "Did you mean tolamide or tolamidx?" in result.note


def test_a_misspelling_must_start_with_the_same_letter() -> None:
    table = _table([{"ingredient": "amlodipine", "classes": ["insulin"]}])
    assert recognize("amlodipin", table).recognized
    assert not recognize("felodipine", table).recognized  # two edits, but another first letter


def test_short_names_need_the_same_length() -> None:
    table = _table([{"ingredient": "depen", "classes": ["penicillamine"]}])
    assert recognize("depan", table).recognized
    assert not recognize("depend", table).recognized


def test_two_names_for_one_medicine_are_not_ambiguous() -> None:
    table = _table([{"ingredient": "tolamide", "classes": ["insulin"], "brands": ["Tolamid"]}])
    assert recognize("tolamidd", table).ingredients == ("tolamide",)


@pytest.mark.parametrize(
    ("medications", "extra", "message"),
    [
        (
            [{"ingredient": "a1", "classes": ["insulin"], "brands": ["Same"]},
             {"ingredient": "b1", "classes": ["insulin"], "brands": ["SAME"]}],
            {},
            "'SAME' is already a name of Same",
        ),
        ([{"ingredient": "a1", "classes": ["insulin", "insulin"]}], {}, "repeats a class"),
        (
            [{"ingredient": "a1", "classes": ["beta_blocker"]}],
            {},
            "has class beta_blocker, so it needs antihypertensive too",
        ),
        (
            [{"ingredient": "a1", "classes": ["antacid_or_laxative_magnesium"]}],
            {},
            "'magnesium' goes with antacid_or_laxative_magnesium",
        ),
        (
            [{"ingredient": "a1", "classes": ["insulin"]}],
            {"combinations": [{"brand": "Mix1", "ingredients": ["a1", "zz"]}]},
            "['zz'] not in medications",
        ),
        (
            [{"ingredient": "a1", "classes": ["insulin"]}],
            {"combinations": [{"brand": "Solo", "ingredients": ["a1"]}]},
            "needs two or more different ingredients",
        ),
        (
            [{"ingredient": "a1", "classes": ["insulin"], "brands": ["Tablets"]}],
            {},
            "has no distinctive word",
        ),
        ([{"ingredient": "a1", "classes": ["insulin"]}, {"ingredient": "a1", "classes": ["snri"]}],
         {}, "listed twice"),
    ],
)  # fmt: skip
def test_table_checks(
    medications: list[dict[str, Any]], extra: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValidationError) as info:
        _table(medications, **extra)
    assert message in str(info.value)


def test_every_class_must_be_declared_once() -> None:
    with pytest.raises(ValidationError, match="missing"):
        MedicationTable.model_validate(
            _tuples(
                {
                    "classes": _classes()[1:],
                    "medications": [{"ingredient": "a1", "classes": ["insulin"], "rxnorm": None}],
                }
            )
        )


def test_rxnorm_is_digits_or_null() -> None:
    with pytest.raises(ValidationError):
        _table([{"ingredient": "a1", "classes": ["insulin"], "rxnorm": "RX123"}])
    assert _table([{"ingredient": "a1", "classes": ["insulin"], "rxnorm": "6809"}])


def test_elemental_magnesium_per_unit_must_be_computed_from_the_formula() -> None:
    ok = MagnesiumContent(
        compound="magnesium hydroxide",
        formula="Mg(OH)2",
        compound_mg_per_unit=400,
        elemental_mg_per_unit=166.7,
        unit="5 mL",
        basis="computed",
        note="example",
    )
    assert ok.elemental_mg_per_unit == pytest.approx(400 * magnesium_fraction("Mg(OH)2"), abs=0.05)
    with pytest.raises(ValidationError, match="does not match"):
        MagnesiumContent(**{**ok.model_dump(), "elemental_mg_per_unit": 200})
    with pytest.raises(ValidationError, match="basis: computed"):
        MagnesiumContent(**{**ok.model_dump(), "basis": None})
    with pytest.raises(ValidationError, match="go with elemental_mg_per_unit"):
        MagnesiumContent(compound="x", note="n", unit="5 mL")
    assert magnesium_fraction("MgO") == pytest.approx(0.603, abs=0.001)
    with pytest.raises(ValueError, match="no magnesium"):
        magnesium_fraction("CaCO3")
