"""Alembic migrations on an empty SQLite file and a throwaway PostgreSQL, with a round trip."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, inspect

from magnerve.domain.intake import Meal, NewIntakeEntry
from magnerve.services.unit_of_work import transaction
from magnerve.storage import schema
from magnerve.storage.engine import make_engine
from magnerve.storage.tables import metadata

NOW = datetime(2026, 3, 14, 12, 0, tzinfo=UTC)


def test_schema_head_constant_matches_alembic() -> None:
    assert schema.alembic_head() == schema.SCHEMA_HEAD


def _check_migrated(engine: Engine) -> None:
    schema.ensure_current(engine)
    assert schema.current_revision(engine) == schema.SCHEMA_HEAD
    tables = set(inspect(engine).get_table_names())
    assert {"person", "profile", "intake_entry", "alembic_version"} <= tables
    with engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn), metadata)
    assert diffs == [], f"tables.py and the migrations disagree: {diffs}"


def _round_trip(engine: Engine) -> None:
    nutrients = {"magnesium_mg": 79.0, "energy_kcal": None, "vitamin_b12_ug": 0.0}
    with transaction(engine) as repos:
        person = repos.people.create("me", "Me", is_example=False, now=NOW)
        saved = repos.intake.add(
            person.id,
            NewIntakeEntry(
                food_id="usda_sr28:11457",
                description="Spinach, raw",
                local_date=date(2026, 3, 14),
                meal=Meal.lunch,
                amount=1.0,
                unit="cup",
                portion_label="1 cup",
                grams=30.0,
                nutrients=nutrients,
                food_data_version="abc123",
                input_text="1 cup spinach",
            ),
            now=NOW,
        )
    with transaction(engine) as repos:
        again = repos.intake.get(person.id, saved.id)
        other = repos.people.create("other", "Other", is_example=False, now=NOW)
        assert repos.intake.get(other.id, saved.id) is None  # scoped to its person
    assert again is not None
    assert again.nutrients == nutrients  # None stays None; 0.0 stays 0.0
    assert (again.food_id, again.meal, again.grams, again.local_date) == (
        "usda_sr28:11457",
        Meal.lunch,
        30.0,
        date(2026, 3, 14),
    )
    assert again.logged_at is not None


def test_sqlite_upgrade_from_empty_and_round_trip(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'new.sqlite3'}")
    assert schema.current_revision(engine) is None
    _check_migrated(engine)
    _round_trip(engine)
    engine.dispose()


def test_sqlite_downgrade_to_base_and_up_again(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'down.sqlite3'}")
    schema.ensure_current(engine)
    schema.downgrade(engine, "base")
    assert "intake_entry" not in inspect(engine).get_table_names()
    schema.ensure_current(engine)
    assert schema.current_revision(engine) == schema.SCHEMA_HEAD
    engine.dispose()


def test_a_transaction_that_fails_writes_nothing(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'tx.sqlite3'}")
    schema.ensure_current(engine)
    with pytest.raises(RuntimeError), transaction(engine) as repos:
        repos.people.create("me", "Me", is_example=False, now=NOW)
        raise RuntimeError("boom")
    with transaction(engine) as repos:
        assert repos.people.get_by_handle("me") is None
    engine.dispose()


@pytest.mark.postgres
def test_postgres_upgrade_from_empty_and_round_trip(postgres_url: str) -> None:
    engine = make_engine(postgres_url)
    assert engine.dialect.name == "postgresql"
    assert schema.current_revision(engine) is None
    _check_migrated(engine)
    _round_trip(engine)
    engine.dispose()


def test_upgrading_a_0001_database_keeps_its_records(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    schema.upgrade(engine, "0001")
    assert schema.current_revision(engine) == "0001"
    from sqlalchemy import text

    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO person (id, handle, display_name, is_example, created_at) "
                "VALUES (1, 'me', 'Me', 0, '2026-01-01 00:00:00')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO profile (person_id, sex, pregnant, lactating, timezone, updated_at) "
                "VALUES (1, 'female', 0, 0, 'UTC', '2026-01-01 00:00:00')"
            )
        )
    schema.ensure_current(engine)
    assert schema.current_revision(engine) == schema.SCHEMA_HEAD
    with transaction(engine) as repos:
        profile = repos.profiles.get(1)
    assert profile is not None and profile.sex is not None and profile.sex.value == "female"
    engine.dispose()
