"""Elemental magnesium from a compound, label checks, and reading form names."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from magnerve.domain.supplements import (
    LABEL_TOLERANCE,
    MAX_COMPOUND_MG_PER_SERVING,
    FormTable,
    SupplementForm,
    check_label,
    compound_mg_for,
    elemental_fraction,
    elemental_mg,
    normalise_form_name,
    resolve_form,
)
from magnerve.errors import AmbiguousInput, InvalidInput
from magnerve.knowledge.load import load_supplement_forms

TABLE = load_supplement_forms()
FORMS = st.sampled_from(TABLE.forms)


def form(form_id: str) -> SupplementForm:
    return TABLE.form(form_id)


# --- elemental fraction ------------------------------------------------------------------------


def test_fraction_is_computed_from_the_formula() -> None:
    assert elemental_fraction("MgO") == pytest.approx(0.603, abs=0.001)
    assert elemental_fraction("Mg3(C6H5O7)2") == pytest.approx(0.1616, abs=0.001)
    # The hydrate carries less magnesium per gram than the anhydrous salt.
    assert elemental_fraction("MgCl2(H2O)6") < elemental_fraction("MgCl2") / 2


@pytest.mark.parametrize(("formula", "problem"), [("Xx2", "cannot"), ("H2O", "no magnesium")])
def test_bad_formulas_are_refused(formula: str, problem: str) -> None:
    with pytest.raises(InvalidInput) as info:
        elemental_fraction(formula)
    assert info.value.field == "formula"
    assert problem in info.value.message or "not a chemical formula" in info.value.message


def test_1000_mg_bisglycinate_holds_about_141_mg() -> None:
    assert elemental_mg(form("bisglycinate"), 1000) == pytest.approx(141, abs=0.5)


def test_epsom_salt_holds_much_less_than_anhydrous_sulfate() -> None:
    assert elemental_mg(form("sulfate-heptahydrate"), 1000) == pytest.approx(98.6, abs=0.1)
    assert elemental_mg(form("sulfate-anhydrous"), 1000) == pytest.approx(201.9, abs=0.1)


@given(FORMS, st.floats(min_value=0.001, max_value=1.0))
def test_compound_then_elemental_round_trips(f: SupplementForm, share: float) -> None:
    wanted = share * MAX_COMPOUND_MG_PER_SERVING * f.elemental_fraction
    assert elemental_mg(f, compound_mg_for(f, wanted)) == pytest.approx(wanted, rel=1e-9)


@given(FORMS, st.floats(min_value=0.001, max_value=MAX_COMPOUND_MG_PER_SERVING))
def test_elemental_then_compound_round_trips(f: SupplementForm, compound: float) -> None:
    assert compound_mg_for(f, elemental_mg(f, compound)) == pytest.approx(compound, rel=1e-9)


@given(FORMS)
def test_the_largest_plausible_serving_round_trips(f: SupplementForm) -> None:
    most = elemental_mg(f, MAX_COMPOUND_MG_PER_SERVING)
    assert compound_mg_for(f, most) == pytest.approx(MAX_COMPOUND_MG_PER_SERVING)


@pytest.mark.parametrize("bad", [0, -5, math.nan, math.inf, True, "100", None])
def test_compound_amount_must_be_a_positive_number(bad: object) -> None:
    with pytest.raises(InvalidInput) as info:
        elemental_mg(form("oxide"), bad)  # type: ignore[arg-type]
    assert info.value.field == "compound_mg"


def test_compound_amount_has_a_plausibility_cap() -> None:
    assert elemental_mg(form("oxide"), MAX_COMPOUND_MG_PER_SERVING) > 0
    with pytest.raises(InvalidInput) as info:
        elemental_mg(form("oxide"), MAX_COMPOUND_MG_PER_SERVING + 1)
    assert info.value.field == "compound_mg"
    assert info.value.hint and "grams" in info.value.hint


@pytest.mark.parametrize("bad", [0, -1, math.nan])
def test_elemental_amount_must_be_a_positive_number(bad: float) -> None:
    with pytest.raises(InvalidInput) as info:
        compound_mg_for(form("oxide"), bad)
    assert info.value.field == "elemental_mg"


def test_elemental_amount_beyond_the_cap_is_refused() -> None:
    # 2000 mg of magnesium would need about 16 700 mg of gluconate in one serving.
    with pytest.raises(InvalidInput) as info:
        compound_mg_for(form("gluconate-dihydrate"), 2000)
    assert info.value.field == "elemental_mg"


# --- label checks ------------------------------------------------------------------------------


def test_a_label_that_agrees_is_ok() -> None:
    check = check_label(form("bisglycinate"), 140, 1000)
    assert check.level == "ok"
    assert check.note == ""
    assert check.use_elemental_mg == 140
    assert abs(check.difference) <= LABEL_TOLERANCE


def test_a_label_above_the_formula_is_a_warning_and_the_label_wins() -> None:
    # "Magnesium glycinate chelate, 200 mg magnesium per 1000 mg": probably buffered with oxide.
    check = check_label(form("bisglycinate"), 200, 1000)
    assert check.level == "warning"
    assert check.use_elemental_mg == 200
    assert check.computed_elemental_mg == pytest.approx(141, abs=0.5)
    assert "more" in check.note
    assert "oxide" in check.note
    assert "label's figure" in check.note


def test_a_label_below_the_formula_is_a_warning_too() -> None:
    check = check_label(form("chloride-anhydrous"), 120, 1000)
    assert check.level == "warning"
    assert "less" in check.note


def test_just_inside_the_tolerance_is_ok() -> None:
    computed = elemental_mg(form("oxide"), 500)
    assert check_label(form("oxide"), computed * 1.099, 500).level == "ok"
    assert check_label(form("oxide"), computed * 1.101, 500).level == "warning"


def test_elemental_above_the_compound_is_refused() -> None:
    with pytest.raises(InvalidInput) as info:
        check_label(form("oxide"), 600, 500)
    assert info.value.field == "elemental_mg"


def test_label_check_validates_both_amounts() -> None:
    with pytest.raises(InvalidInput) as info:
        check_label(form("oxide"), 0, 500)
    assert info.value.field == "elemental_mg"
    with pytest.raises(InvalidInput) as info:
        check_label(form("oxide"), 100, 20_000)
    assert info.value.field == "compound_mg"


# --- reading names -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "form_id"),
    [
        ("MAGNESIUM   BIS-GLYCINATE", "bisglycinate"),
        ("mg-bisglycinate", "bisglycinate"),
        ("Mg glycinate", "bisglycinate"),
        ("magnesiumglycinate", "bisglycinate"),
        ("  Magnesium_L_Threonate ", "l-threonate"),
        ("Epsom Salts", "sulfate-heptahydrate"),
        ("MgCl₂·6H₂O", "chloride-hexahydrate"),
        ("tri-magnesium dicitrate anhydrous", "citrate-trimagnesium-anhydrous"),
        ("citrate-trimagnesium-nonahydrate", "citrate-trimagnesium-nonahydrate"),
        ("Milk of Magnesia", "hydroxide"),
    ],
)
def test_names_are_read_whatever_the_case_spacing_or_prefix(text: str, form_id: str) -> None:
    resolution = resolve_form(text, TABLE)
    assert resolution.form.id == form_id
    assert not resolution.used_default
    assert resolution.note == ""


def test_normalisation() -> None:
    assert normalise_form_name("Magnesium L-Threonate") == "lthreonate"
    assert normalise_form_name("Mg  bis glycinate") == "bisglycinate"
    assert normalise_form_name("magnesium") == ""


@pytest.mark.parametrize(
    ("text", "form_id", "shown"),
    [
        ("magnesium glycinte", "bisglycinate", "Magnesium bisglycinate"),
        ("Taurat", "taurate", "Magnesium taurate"),
        ("chloride hexahydrat", "chloride-hexahydrate", "Magnesium chloride hexahydrate"),
    ],
)
def test_misspellings_are_read_with_a_note(text: str, form_id: str, shown: str) -> None:
    resolution = resolve_form(text, TABLE)
    assert resolution.form.id == form_id
    assert resolution.spelling_corrected
    assert f"'{text}' was read as '{shown}'" in resolution.note


def test_a_misspelt_vague_name_says_both_things() -> None:
    resolution = resolve_form("citrat", TABLE)
    assert resolution.form.id == "citrate-trimagnesium-anhydrous"
    assert resolution.spelling_corrected and resolution.used_default
    assert "'citrat' was read as 'citrate'" in resolution.note
    assert "assumed" in resolution.note
    assert "citrate-hydrogen" in resolution.note


def test_a_vague_name_quotes_what_was_typed() -> None:
    resolution = resolve_form("Magnesium Citrate", TABLE)
    assert resolution.note.startswith("'Magnesium Citrate' can mean 3 different forms")
    assert resolution.alternatives == (
        "citrate-trimagnesium-nonahydrate",
        "citrate-hydrogen",
    )


@pytest.mark.parametrize("text", ["nitrate", "magnesium stearate", "lactate anhydrate", "oxyde"])
def test_near_misses_that_could_mislead_are_not_guessed(text: str) -> None:
    # "nitrate" is not citrate; "anhydrate" must not become a dihydrate.
    with pytest.raises(InvalidInput) as info:
        resolve_form(text, TABLE)
    assert info.value.field == "form"


def test_a_misspelling_never_changes_the_hydration_state() -> None:
    assert resolve_form("malate anhydrus", TABLE).form.id == "malate-anhydrous"
    assert resolve_form("lactate dihydrat", TABLE).form.id == "lactate-dihydrate"
    with pytest.raises(InvalidInput):
        resolve_form("malate dihydrate", TABLE)  # the table has a trihydrate only


def test_an_unknown_form_lists_the_valid_ones() -> None:
    with pytest.raises(InvalidInput) as info:
        resolve_form("magnesium unobtainium", TABLE)
    error = info.value
    assert error.field == "form"
    assert "magnesium unobtainium" in error.message
    assert error.details["valid"] == TABLE.ids
    assert error.hint is not None
    for name in ("citrate", "bisglycinate", "glycinate", "Epsom salt", "chloride-hexahydrate"):
        assert name in error.hint


@pytest.mark.parametrize("text", ["", "   ", "magnesium", "Mg"])
def test_no_form_named(text: str) -> None:
    with pytest.raises(InvalidInput) as info:
        resolve_form(text, TABLE)
    assert info.value.field == "form"
    assert "which form" in info.value.message


def test_unknown_form_id() -> None:
    with pytest.raises(InvalidInput) as info:
        TABLE.form("unobtainium")
    assert info.value.details["valid"] == TABLE.ids


def _two_form_table() -> FormTable:
    first = form("taurate").model_copy(update={"id": "abc-one", "aliases": ("wxyz alpha",)})
    second = form("oxide").model_copy(update={"id": "abc-two", "aliases": ("wxyz alphb",)})
    return FormTable(
        elemental_fraction_basis=TABLE.elemental_fraction_basis,
        absorption_overview=TABLE.absorption_overview,
        gi_overview=TABLE.gi_overview,
        ambiguous_defaults=(),
        forms=(first, second),
    )


def test_a_misspelling_equally_close_to_two_forms_is_ambiguous() -> None:
    table = _two_form_table()
    with pytest.raises(AmbiguousInput) as info:
        resolve_form("wxyz alphc", table)
    assert info.value.field == "form"
    assert info.value.details["candidates"] == ["abc-one", "abc-two"]
