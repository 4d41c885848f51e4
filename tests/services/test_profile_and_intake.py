from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from magnerve.errors import AmbiguousInput, InvalidInput, NotFound
from magnerve.services.intake import meal_for_time


def test_profile_age_keeps_advancing(magnerve: Any) -> None:
    view = magnerve.profile.set(age=68, sex="female")
    assert view.age == 68
    assert view.targets.magnesium_rda_mg == 320
    again = magnerve.profile.set(diabetes="type2")  # other fields are kept
    assert (again.age, again.profile.sex.value, again.profile.diabetes.value) == (
        68,
        "female",
        "type2",
    )


def test_profile_with_birth_date(magnerve: Any) -> None:
    view = magnerve.profile.set(birth_date=date(2000, 3, 15), sex="male")
    assert view.age == 25  # the fixed clock is 2026-03-14: the birthday is tomorrow
    assert view.targets.magnesium_rda_mg == 400


def test_profile_without_sex_is_kept_but_has_no_targets(magnerve: Any) -> None:
    view = magnerve.profile.set(age=40)
    assert view.profile is not None and view.profile.sex is None
    assert view.targets is None
    assert magnerve.days.day().targets is None
    assert magnerve.profile.set(sex="male").targets.magnesium_rda_mg == 420


def test_today_uses_the_persons_time_zone(magnerve: Any) -> None:
    # The fixed clock says 2026-03-14 18:00 UTC: already the 15th in Tokyo.
    magnerve.profile.set(age=50, sex="female", timezone="Asia/Tokyo")
    assert magnerve.days.day().day == date(2026, 3, 15)
    magnerve.profile.set(timezone="America/Los_Angeles")
    assert magnerve.days.day().day == date(2026, 3, 14)


@pytest.mark.parametrize(
    ("hhmm", "meal"),
    [
        ((7, 0), "breakfast"),
        ((12, 0), "lunch"),
        ((16, 0), "snack"),
        ((19, 0), "dinner"),
        ((23, 0), "snack"),
    ],
)
def test_meal_follows_the_time_of_day(hhmm: tuple[int, int], meal: str) -> None:
    from datetime import time

    assert meal_for_time(time(*hhmm)).value == meal


def test_free_text_logging_uses_and_shows_the_food(magnerve: Any) -> None:
    logged = magnerve.intake.log_text("30 g almonds", day="2026-03-14", meal="snack")
    assert "almond" in logged.entry.description.lower()
    assert logged.entry.grams == pytest.approx(30)
    assert logged.matched_query == "almonds"
    assert logged.entry.input_text == "30 g almonds"
    assert logged.entry.magnesium_mg == pytest.approx(logged.entry.nutrients["magnesium_mg"])


def test_gibberish_is_ambiguous_with_candidates_not_a_guess(magnerve: Any) -> None:
    with pytest.raises((AmbiguousInput, InvalidInput)):
        magnerve.intake.log_text("2 cups qwxz blorpt")


def test_another_persons_entry_is_not_found(magnerve: Any, settings: Any) -> None:
    from magnerve.bootstrap import Magnerve

    entry = magnerve.intake.log_food("usda_sr28:12061", "30", "g").entry
    magnerve.demo.load()
    example = Magnerve(settings.model_copy(update={"person": "example"}), clock=magnerve.clock)
    try:
        with pytest.raises(NotFound):
            example.intake.remove(entry.id)
        with pytest.raises(NotFound):
            example.intake.edit(entry.id, amount="2")
    finally:
        example.close()
    assert magnerve.intake.list(day=entry.local_date.isoformat())[2][0].id == entry.id


def test_edit_needs_something_to_change(magnerve: Any) -> None:
    entry = magnerve.intake.log_food("usda_sr28:12061", "30", "g").entry
    with pytest.raises(InvalidInput) as err:
        magnerve.intake.edit(entry.id)
    assert err.value.field == "entry"


def test_edit_rescales_the_stored_snapshot_not_todays_food_data(magnerve: Any) -> None:
    entry = magnerve.intake.log_food("usda_sr28:12061", "30", "g").entry
    from magnerve.services.unit_of_work import transaction

    with transaction(magnerve.engine) as repos:  # pretend the food data changed since logging
        person = repos.people.get_by_handle("me")
        snap = dict(entry.nutrients, magnesium_mg=1000.0)
        repos.intake.update(person.id, entry.id, {"nutrients": snap}, now=magnerve.clock.now())
    changed = magnerve.intake.edit(entry.id, amount="60").entry
    assert changed.magnesium_mg == pytest.approx(2000.0)
    assert changed.grams == pytest.approx(60)
