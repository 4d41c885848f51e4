"""Profile input, age arithmetic and the targets a profile gets."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from magnerve.domain.patient import (
    DiabetesType,
    Profile,
    Sex,
    Targets,
    age_on,
    is_known_time_zone,
    make_profile,
    targets_for,
)
from magnerve.errors import InvalidInput
from magnerve.knowledge.load import load_citations, load_targets

TODAY = date(2026, 3, 14)


def _targets(*, day: date = TODAY, **kwargs: object) -> Targets:
    profile = make_profile(today=day, **kwargs)  # type: ignore[arg-type]
    return targets_for(profile, day, load_targets())


# --- age_on ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("born", "day", "age"),
    [
        (date(1958, 3, 14), date(2026, 3, 13), 67),  # the day before the birthday
        (date(1958, 3, 14), date(2026, 3, 14), 68),  # on the birthday
        (date(1958, 3, 14), date(2026, 12, 31), 68),
        (date(2000, 2, 29), date(2025, 2, 28), 24),  # leap-day birthday, common year
        (date(2000, 2, 29), date(2025, 3, 1), 25),  # ... turns over on 1 March
        (date(2000, 2, 29), date(2028, 2, 29), 28),  # ... and on the day in a leap year
        (date(2026, 3, 14), date(2026, 3, 14), 0),
    ],
)
def test_age_from_birth_date(born: date, day: date, age: int) -> None:
    assert age_on(Profile(birth_date=born), day) == age


def test_no_age_before_birth_or_without_an_age() -> None:
    assert age_on(Profile(birth_date=date(2000, 1, 1)), date(1999, 12, 31)) is None
    assert age_on(Profile(), TODAY) is None


def test_a_recorded_age_advances_on_each_anniversary() -> None:
    profile = make_profile(age=40, sex="female", today=TODAY)
    assert profile.age_years == 40
    assert profile.age_as_of == TODAY
    assert profile.birth_date is None
    assert age_on(profile, TODAY) == 40
    assert age_on(profile, date(2027, 3, 13)) == 40
    assert age_on(profile, date(2027, 3, 14)) == 41
    assert age_on(profile, date(2036, 3, 14)) == 50
    assert age_on(profile, date(2026, 3, 13)) == 39


def test_a_birth_date_is_kept_as_a_birth_date() -> None:
    profile = make_profile(birth_date="1958-03-15", sex="male", today=TODAY)
    assert profile.birth_date == date(1958, 3, 15)
    assert (profile.age_years, profile.age_as_of) == (None, None)
    assert age_on(profile, TODAY) == 67


# --- make_profile ------------------------------------------------------------------------------


def test_a_full_profile() -> None:
    profile = make_profile(
        age=68, sex=" Female ", diabetes="type2", timezone="Europe/London", today=TODAY
    )
    assert profile == Profile(
        age_years=68,
        age_as_of=TODAY,
        sex=Sex.female,
        diabetes=DiabetesType.type2,
        timezone="Europe/London",
    )


def test_defaults() -> None:
    profile = make_profile(sex=None, today=TODAY)
    assert profile == Profile()
    assert profile.timezone == "UTC"
    assert (profile.pregnant, profile.lactating, profile.diabetes) == (False, False, None)


def test_sex_and_diabetes_accept_their_enum_members() -> None:
    profile = make_profile(sex=Sex.male, diabetes=DiabetesType.none, today=TODAY)
    assert (profile.sex, profile.diabetes) == (Sex.male, DiabetesType.none)


BAD_INPUTS = [
    ("age", {"age": 0}, "from 1 to 120"),
    ("age", {"age": 121}, "from 1 to 120"),
    ("age", {"age": True}, "whole number"),
    ("age", {"age": 40, "birth_date": date(1980, 1, 1)}, "not both"),
    ("birth_date", {"birth_date": date(2026, 3, 15)}, "in the future"),
    ("birth_date", {"birth_date": date(1900, 1, 1)}, "age of 126; allowed ages are 1 to 120"),
    ("birth_date", {"birth_date": date(2025, 6, 1)}, "age of 0; allowed ages are 1 to 120"),
    ("birth_date", {"birth_date": "14/03/1958"}, "use YYYY-MM-DD"),
    ("birth_date", {"birth_date": 1958}, "must be a date"),
    ("sex", {"sex": "woman"}, "allowed: female, male"),
    ("pregnant", {"sex": "male", "pregnant": True}, "only with sex female"),
    ("lactating", {"sex": "male", "lactating": True}, "only with sex female"),
    ("pregnant", {"sex": None, "pregnant": True}, "needs the sex set to female"),
    ("pregnant", {"pregnant": "yes"}, "true or false"),
    ("lactating", {"pregnant": True, "lactating": True}, "cannot both be set"),
    ("diabetes", {"diabetes": "type3"}, "allowed: type1, type2, other, none"),
    ("timezone", {"timezone": "Mars/Olympus_Mons"}, "IANA name"),
    ("timezone", {"timezone": "America"}, "IANA name"),
    ("timezone", {"timezone": "localtime"}, "IANA name"),
    ("timezone", {"timezone": ""}, "IANA name"),
]


@pytest.mark.parametrize(("field", "given_", "allowed"), BAD_INPUTS)
def test_each_bad_input_names_its_field(
    field: str, given_: dict[str, object], allowed: str
) -> None:
    kwargs: dict[str, object] = {"sex": "female", **given_}
    with pytest.raises(InvalidInput) as info:
        make_profile(today=TODAY, **kwargs)  # type: ignore[arg-type]
    errors = {e.field: e.message for e in info.value.errors}
    assert field in errors
    assert allowed in errors[field]
    assert info.value.exit_code == 2


def test_every_problem_is_reported_at_once() -> None:
    with pytest.raises(InvalidInput) as info:
        make_profile(
            age=0, sex="x", diabetes="t3", timezone="Nowhere/Town", pregnant=True, today=TODAY
        )
    fields = [e.field for e in info.value.errors]
    assert fields == ["age", "sex", "diabetes", "timezone"]
    assert info.value.field == "age"
    assert info.value.hint and "magnerve profile set" in info.value.hint
    assert "sex: unknown sex 'x'; allowed: female, male" in info.value.message


def test_time_zone_check_is_a_parameter() -> None:
    profile = make_profile(
        sex="male", timezone="Test/Zone", today=TODAY, zone_exists=lambda z: True
    )
    assert profile.timezone == "Test/Zone"
    with pytest.raises(InvalidInput):
        make_profile(sex="male", today=TODAY, zone_exists=lambda z: False)


@pytest.mark.parametrize(
    ("name", "known"),
    [("UTC", True), ("Europe/London", True), ("America/New_York", True), ("europe/london", False),
     ("America", False), ("../etc/passwd", False), ("/etc/passwd", False), ("posixrules", False),
     ("posix/Europe/London", False), ("", False)],
)  # fmt: skip
def test_is_known_time_zone(name: str, known: bool) -> None:
    assert is_known_time_zone(name) is known


@pytest.mark.parametrize(
    "kwargs",
    [
        {"birth_date": date(1980, 1, 1), "age_years": 46, "age_as_of": TODAY},
        {"age_years": 46},
        {"age_as_of": TODAY},
        {"sex": Sex.male, "pregnant": True},
        {"pregnant": True},
        {"sex": Sex.female, "pregnant": True, "lactating": True},
        {"weight_kg": 70},
    ],
)
def test_profile_model_refuses_inconsistent_records(kwargs: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        Profile(**kwargs)


# --- targets_for -------------------------------------------------------------------------------


def test_68_year_old_woman() -> None:
    t = _targets(age=68, sex="female")
    assert (t.magnesium_rda_mg, t.magnesium_supplement_ul_mg, t.vitamin_b12_rda_ug) == (
        320,
        350,
        2.4,
    )
    assert t.magnesium_rda_kind == "RDA"
    assert t.life_stage == "female, 51 years and over"
    assert t.age_years == 68
    assert any("fortified foods" in note for note in t.notes)
    assert "supplements and medicines" in t.magnesium_supplement_ul_covers
    assert {"iom-1997-dri-ca-p-mg-vitd-f", "iom-1998-dri-b-vitamins"} <= set(t.citations)
    assert len(t.citations) == len(set(t.citations))


def test_40_year_old_woman() -> None:
    t = _targets(age=40, sex="female")
    assert t.life_stage == "female, 31–50 years"
    assert t.notes == []


def test_25_year_old_man() -> None:
    t = _targets(age=25, sex="male")
    assert (t.magnesium_rda_mg, t.magnesium_supplement_ul_mg, t.vitamin_b12_rda_ug) == (
        400,
        350,
        2.4,
    )
    assert t.life_stage == "male, 19–30 years"


def test_pregnant_25() -> None:
    t = _targets(age=25, sex="female", pregnant=True)
    assert (t.magnesium_rda_mg, t.magnesium_rda_kind) == (350, "RDA")
    assert t.magnesium_supplement_ul_mg == 350
    assert t.vitamin_b12_rda_ug == 2.6
    assert t.life_stage == "pregnant, 19–30 years"


def test_lactating_17() -> None:
    t = _targets(age=17, sex="female", lactating=True)
    assert t.magnesium_rda_mg == 360
    assert t.vitamin_b12_rda_ug == 2.8
    assert t.life_stage == "breastfeeding, 14–18 years"


def test_6_year_old() -> None:
    t = _targets(age=6, sex="male")
    assert (t.magnesium_rda_mg, t.magnesium_supplement_ul_mg, t.vitamin_b12_rda_ug) == (
        130,
        110,
        1.2,
    )
    assert t.life_stage == "male, 4–8 years"


def test_2_year_old() -> None:
    t = _targets(age=2, sex="female")
    assert (t.magnesium_rda_mg, t.magnesium_supplement_ul_mg, t.vitamin_b12_rda_ug) == (
        80,
        65,
        0.9,
    )


def test_targets_follow_the_birthday() -> None:
    profile = make_profile(birth_date=date(1995, 6, 1), sex="male", today=TODAY)
    table = load_targets()
    assert targets_for(profile, date(2026, 5, 31), table).magnesium_rda_mg == 400  # 30
    assert targets_for(profile, date(2026, 6, 1), table).magnesium_rda_mg == 420  # 31


@pytest.mark.parametrize(
    ("age", "state", "mg", "b12", "stage", "edge"),
    [
        (55, "pregnant", 360, 2.6, "pregnant, 31–50 years", "oldest"),
        (12, "pregnant", 400, 2.6, "pregnant, 14–18 years", "youngest"),
        (52, "lactating", 320, 2.8, "breastfeeding, 31–50 years", "oldest"),
        (13, "lactating", 360, 2.8, "breastfeeding, 14–18 years", "youngest"),
    ],
)
def test_pregnancy_outside_the_dri_ages_uses_the_nearest_group_and_says_so(
    age: int, state: str, mg: float, b12: float, stage: str, edge: str
) -> None:
    t = _targets(
        age=age, sex="female", pregnant=state == "pregnant", lactating=state == "lactating"
    )
    assert (t.magnesium_rda_mg, t.vitamin_b12_rda_ug, t.magnesium_supplement_ul_mg) == (
        mg,
        b12,
        350,
    )
    assert t.life_stage == stage
    assert len(t.notes) == 1
    assert f"cover ages 14–50 years; at {age}" in t.notes[0]
    assert edge in t.notes[0]


@pytest.mark.parametrize(
    ("profile", "missing"),
    [
        (Profile(), "age and sex"),
        (Profile(sex=Sex.female), "age"),
        (Profile(age_years=50, age_as_of=TODAY), "sex"),
    ],
)
def test_targets_need_age_and_sex(profile: Profile, missing: str) -> None:
    with pytest.raises(InvalidInput) as info:
        targets_for(profile, TODAY, load_targets())
    assert info.value.field == "profile"
    assert info.value.hint == "run `magnerve profile set --age N --sex female|male`"
    assert f"needs {missing} before" in info.value.message


# --- properties --------------------------------------------------------------------------------

STATES = st.sampled_from([(False, False), (True, False), (False, True)])


@st.composite
def profiles(draw: st.DrawFn) -> tuple[Profile, date]:
    sex = draw(st.sampled_from(["female", "male"]))
    pregnant, lactating = draw(STATES) if sex == "female" else (False, False)
    today = draw(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)))
    if draw(st.booleans()):
        profile = make_profile(
            age=draw(st.integers(1, 120)), sex=sex, pregnant=pregnant, lactating=lactating,
            today=today,
        )  # fmt: skip
    else:
        born = today - timedelta(days=draw(st.integers(366, 120 * 365)))
        profile = make_profile(
            birth_date=born, sex=sex, pregnant=pregnant, lactating=lactating, today=today
        )
    later = today + timedelta(days=draw(st.integers(0, 3 * 365)))
    return profile, later


@given(profiles())
def test_every_valid_profile_gets_targets(case: tuple[Profile, date]) -> None:
    profile, day = case
    t = targets_for(profile, day, load_targets())
    age = age_on(profile, day)
    assert age is not None and t.age_years == age
    assert t.magnesium_rda_mg > 0 and t.vitamin_b12_rda_ug > 0
    # From age 1 a supplemental limit always exists, and no life stage's limit exceeds the
    # adult 350 mg (the UL is NOT bounded below by the RDA: it counts supplements only).
    assert t.magnesium_supplement_ul_mg is not None
    assert 0 < t.magnesium_supplement_ul_mg <= 350
    assert set(t.citations) <= set(load_citations())
    assert t.life_stage


@given(st.sampled_from(list(Sex)), st.integers(1, 119))
def test_the_limit_never_falls_as_a_person_grows_older(sex: Sex, age: int) -> None:
    younger = _targets(age=age, sex=sex.value)
    older = _targets(age=age + 1, sex=sex.value)
    assert younger.magnesium_supplement_ul_mg is not None
    assert older.magnesium_supplement_ul_mg is not None
    assert older.magnesium_supplement_ul_mg >= younger.magnesium_supplement_ul_mg


@given(st.integers(1, 120), st.sampled_from(["pregnant", "lactating"]))
def test_pregnancy_and_breastfeeding_never_lower_a_target_or_change_the_limit(
    age: int, state: str
) -> None:
    usual = _targets(age=age, sex="female")
    special = _targets(
        age=age, sex="female", pregnant=state == "pregnant", lactating=state == "lactating"
    )
    assert special.magnesium_rda_mg >= usual.magnesium_rda_mg
    assert special.vitamin_b12_rda_ug >= usual.vitamin_b12_rda_ug
    assert special.magnesium_supplement_ul_mg == usual.magnesium_supplement_ul_mg


def test_a_pregnancy_flag_never_raises_a_childs_limit() -> None:
    t = _targets(age=8, sex="female", pregnant=True)
    assert t.magnesium_supplement_ul_mg == 110
    assert t.magnesium_rda_mg == 400
    assert t.life_stage == "pregnant, 14–18 years"
    assert any("keeps the lower, usual limit" in note for note in t.notes)


def test_an_age_that_advanced_past_120_keeps_the_oldest_values() -> None:
    profile = make_profile(age=120, sex="male", today=TODAY)
    t = targets_for(profile, date(2030, 3, 14), load_targets())
    assert t.age_years == 124
    assert (t.magnesium_rda_mg, t.magnesium_supplement_ul_mg) == (420, 350)


def test_the_limit_can_be_below_the_rda_by_design() -> None:
    """The RDA counts every source, the UL only supplements: 350 < 420 is correct, not a bug."""
    t = _targets(age=40, sex="male")
    assert t.magnesium_supplement_ul_mg is not None
    assert t.magnesium_supplement_ul_mg < t.magnesium_rda_mg
