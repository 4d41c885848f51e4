"""Supplements, medications and labs round-trip and stay scoped to their person (both backends)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine

from magnerve.domain.lab_history import latest_by_analyte
from magnerve.domain.regimen import SupplementProduct, supplement_day
from magnerve.services.unit_of_work import transaction
from magnerve.storage import schema
from magnerve.storage.engine import make_engine

NOW = datetime(2026, 3, 14, 12, tzinfo=UTC)
DAY = date(2026, 3, 14)


def _exercise(engine: Engine) -> None:
    schema.ensure_current(engine)
    with transaction(engine) as repos:
        me = repos.people.create("me", "Me", is_example=False, now=NOW)
        other = repos.people.create("other", "Other", is_example=False, now=NOW)
        product_id = repos.supplements.add_product(
            me.id,
            SupplementProduct(
                id=0,
                name="Glycinate caps",
                brand=None,
                form_id="bisglycinate",
                basis="compound",
                label_mg_per_serving=1000.0,
                elemental_mg_per_serving=141.0,
                serving_unit="capsule",
                b12_ug=None,
                ala_mg=300.0,
            ),
            now=NOW,
        )
        product = repos.supplements.product(me.id, product_id)
        assert product is not None
        assert repos.supplements.product(other.id, product_id) is None
        repos.supplements.add_dose(me.id, product, day=DAY, time="08:00", servings=1, now=NOW)
        repos.supplements.add_dose(me.id, product, day=DAY, time="08:00", servings=1, now=NOW)
        late = repos.supplements.add_dose(
            me.id, product, day=DAY, time="19:00", servings=0.5, now=NOW
        )
        med = repos.medications.add(
            me.id,
            input_text="Cipro 500 mg",
            ingredients=("ciprofloxacin",),
            classes=("fluoroquinolone",),
            recognized=True,
            times=("08:00", "20:00"),
            started_on=DAY,
            now=NOW,
        )
        creatinine = repos.labs.add(
            me.id,
            analyte="creatinine",
            value=1.1,
            unit="mg/dL",
            canonical_value=97.24,
            canonical_unit="umol/L",
            flag=None,
            day=DAY,
            now=NOW,
        )
        repos.labs.add(
            me.id,
            analyte="egfr",
            value=54.0,
            unit="mL/min/1.73m2",
            canonical_value=54.0,
            canonical_unit="mL/min/1.73m2",
            flag=None,
            day=DAY,
            now=NOW,
            derived_from_id=creatinine.id,
        )
    with transaction(engine) as repos:
        day = supplement_day(DAY, repos.supplements.doses_between(me.id, DAY, DAY))
        assert day.elemental_mg == pytest.approx(141 * 2.5)
        assert day.largest_single_dose_mg == pytest.approx(282.0)  # two capsules at 08:00
        assert day.ala_mg == pytest.approx(750.0)
        assert day.form_ids == ("bisglycinate",)
        assert late.elemental_mg == pytest.approx(70.5)
        assert repos.supplements.doses_between(other.id, DAY, DAY) == []
        assert [m.ingredients for m in repos.medications.list(me.id)] == [("ciprofloxacin",)]
        assert repos.medications.list(other.id) == []
        assert repos.medications.get(other.id, med.id) is None
        latest = latest_by_analyte(repos.labs.list(me.id), on_or_before=DAY)
        assert set(latest) == {"creatinine", "egfr"}
        assert latest["egfr"].derived_from_id == creatinine.id
        assert not repos.labs.remove(other.id, creatinine.id, now=NOW)
        assert repos.labs.remove(me.id, creatinine.id, now=NOW)  # takes the derived eGFR with it
        assert repos.labs.list(me.id) == []
        assert repos.medications.remove(me.id, med.id, now=NOW)
        assert repos.medications.list(me.id) == []


def _run(url: str) -> None:
    engine = make_engine(url)
    try:
        _exercise(engine)
    finally:
        engine.dispose()


def test_sqlite(tmp_path: Path) -> None:
    _run(f"sqlite:///{tmp_path / 'r.sqlite3'}")


@pytest.mark.postgres
def test_postgres(postgres_url: str) -> None:
    _run(postgres_url)


def test_profile_and_regimen_share_a_row_without_clobbering(tmp_path: Path) -> None:
    from magnerve.domain.patient import make_profile
    from magnerve.domain.regimen import RegimenSettings

    engine = make_engine(f"sqlite:///{tmp_path / 'p.sqlite3'}")
    try:
        schema.ensure_current(engine)
        with transaction(engine) as repos:
            me = repos.people.create("me", "Me", is_example=False, now=NOW)
            assert repos.profiles.regimen(me.id) == RegimenSettings()  # defaults before a row
            repos.profiles.save_regimen(
                me.id, RegimenSettings(breakfast_time="07:15", magnesium_target_mg=300), now=NOW
            )
            repos.profiles.save(me.id, make_profile(age=68, sex="female", today=DAY), now=NOW)
            regimen = repos.profiles.regimen(me.id)
            profile = repos.profiles.get(me.id)
        assert (regimen.breakfast_time, regimen.lunch_time, regimen.magnesium_target_mg) == (
            "07:15",
            "12:30",
            300,
        )
        assert profile is not None and profile.age_years == 68
    finally:
        engine.dispose()
