from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from magnerve.domain.regimen import SupplementProduct
from magnerve.services.people import resolve_person
from magnerve.services.unit_of_work import transaction

DAY = date(2026, 3, 14)


def _dose(magnerve: Any, mg: float, day: date, time: str) -> None:
    now = magnerve.clock.now()
    with transaction(magnerve.engine) as repos:
        me = resolve_person(repos, "me", now=now)
        pid = repos.supplements.add_product(
            me.id,
            SupplementProduct(
                id=0,
                name="Mg",
                brand=None,
                form_id="citrate",
                basis="elemental",
                label_mg_per_serving=mg,
                elemental_mg_per_serving=mg,
                serving_unit="tablet",
            ),
            now=now,
        )
        product = repos.supplements.product(me.id, pid)
        assert product is not None
        repos.supplements.add_dose(me.id, product, day=day, time=time, servings=1, now=now)


def test_today_counts_supplements_apart_from_food(magnerve: Any) -> None:
    magnerve.profile.set(age=68, sex="female")
    magnerve.intake.log_food("usda_sr28:12061", "100", "g", day=DAY.isoformat())
    _dose(magnerve, 150.0, DAY, "08:00")
    _dose(magnerve, 100.0, DAY, "19:00")
    _dose(magnerve, 999.0, date(2026, 3, 13), "08:00")  # another day: not counted
    report = magnerve.days.day(DAY.isoformat())
    assert report.intake.food_magnesium_mg == pytest.approx(270.0)
    assert report.supplement_mg == pytest.approx(250.0)
    assert report.total_mg == pytest.approx(520.0)
    assert report.supplements.largest_single_dose_mg == pytest.approx(150.0)
    assert report.targets.magnesium_supplement_ul_mg == 350


def test_week_averages_supplements_over_seven_days(magnerve: Any) -> None:
    _dose(magnerve, 140.0, DAY, "08:00")
    week = magnerve.days.week(DAY.isoformat())
    assert len(week.supplements) == 7
    assert week.average_supplement_mg == pytest.approx(20.0)
