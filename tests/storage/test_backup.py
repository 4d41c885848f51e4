"""The table-level side of backups: every table classified, plans read from the schema, values
written exactly, and a column added later carried without any change to the backup code."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import (
    Column,
    Engine,
    Float,
    Integer,
    MetaData,
    String,
    Table,
    insert,
    select,
    text,
)

from magnerve.storage import backup
from magnerve.storage import tables as t
from magnerve.storage.backup import (
    CLINIC_TABLES,
    NOT_EXPORTED,
    PERSON_TABLES,
    parents_first,
    plans,
    read_export,
    unclassified_tables,
)
from magnerve.storage.backup_check import check_document
from magnerve.storage.backup_import import write_document
from magnerve.storage.backup_values import BadValue, decode, encode
from magnerve.storage.engine import make_engine
from magnerve.storage.schema import SCHEMA_HEAD

NOW = datetime(2026, 3, 14, 18, 0, tzinfo=UTC)


def _copy_of_schema() -> MetaData:
    schema = MetaData(naming_convention=t.metadata.naming_convention)
    for table in t.metadata.sorted_tables:
        table.to_metadata(schema)
    return schema


def test_every_table_is_classified_once() -> None:
    assert unclassified_tables() == set()
    groups = [set(PERSON_TABLES), set(CLINIC_TABLES), set(NOT_EXPORTED)]
    assert sum(len(g) for g in groups) == len(set().union(*groups)), "a table in two groups"
    assert set().union(*groups) == set(t.metadata.tables), "a listed table that does not exist"
    for name, why in NOT_EXPORTED.items():
        assert why.strip() and "\n" not in why, name


def test_a_new_table_must_be_classified(monkeypatch: pytest.MonkeyPatch) -> None:
    schema = _copy_of_schema()
    Table("reminder", schema, Column("id", Integer, primary_key=True))
    monkeypatch.setattr(backup, "metadata", schema)
    plans.cache_clear()
    try:
        assert unclassified_tables() == {"reminder"}
        with pytest.raises(RuntimeError, match="reminder"):
            plans()
    finally:
        monkeypatch.undo()
        plans.cache_clear()


def test_plans_follow_the_schema() -> None:
    for name, plan in plans().items():
        foreign = {
            c.name: next(iter(c.foreign_keys)).column.table.name
            for c in plan.table.columns
            if c.foreign_keys
        }
        assert {**plan.refs, **({plan.owner: "person"} if plan.owner else {})} == foreign, name
        assert [c.name for c in plan.columns] == [
            c.name for c in plan.table.columns if c.name != plan.owner
        ]
        if name in PERSON_TABLES and name != "person":
            assert plan.owner == "person_id"
        for column, target in plan.refs.items():
            if name in PERSON_TABLES and target in CLINIC_TABLES:
                assert plan.table.c[column].nullable  # emptied in a person's export
    assert plans()["profile"].key is None  # keyed by its person
    assert plans()["lab_result"].self_refs == ("derived_from_id",)
    assert plans()["person"].unique == ("handle",)
    assert set(plans()["account"].unique) == {"email", "person_id"}
    order = list(plans())
    assert order.index("supplement_product") < order.index("supplement_dose")
    assert order.index("account") < order.index("care_note")


# --- Values -------------------------------------------------------------------------------


def test_timestamps_are_written_in_utc_whatever_the_database_hands_back() -> None:
    column = t.intake_entry.c.logged_at
    naive = datetime(2026, 3, 14, 18, 0, 0, 5)  # SQLite: naive, meaning UTC
    chicago = naive.replace(tzinfo=UTC).astimezone(timezone(timedelta(hours=-5)))  # PostgreSQL
    assert encode(column, naive) == encode(column, chicago) == "2026-03-14T18:00:00.000005+00:00"
    assert decode(column, "2026-03-14T13:00:00-05:00") == datetime(2026, 3, 14, 18, tzinfo=UTC)


@pytest.mark.parametrize(
    ("column", "value", "words"),
    [
        (t.intake_entry.c.logged_at, "2026-03-14T18:00:00", "time zone"),
        (t.intake_entry.c.logged_at, "yesterday", "date and time"),
        (t.intake_entry.c.logged_at, 1773511200, "date and time"),
        (t.intake_entry.c.local_date, "2026-02-30", "date"),
        (t.intake_entry.c.local_date, "20260314", "date"),
        (t.intake_entry.c.grams, "30", "number"),
        (t.intake_entry.c.grams, False, "number"),
        (t.profile.c.age_years, 67.5, "whole number"),
        (t.profile.c.age_years, True, "whole number"),
        (t.profile.c.pregnant, 0, "true or false"),
        (t.person.c.handle, 12, "text"),
        (t.person.c.handle, "h" * 65, "at most 64"),
        (t.intake_entry.c.nutrients, None, "null"),
        (t.intake_entry.c.description, None, "null"),
    ],
)
def test_values_that_do_not_fit_their_column(column: Any, value: Any, words: str) -> None:
    with pytest.raises(BadValue, match=words):
        decode(column, value)


def test_values_that_fit() -> None:
    assert decode(t.intake_entry.c.local_date, "2026-03-14") == date(2026, 3, 14)
    assert decode(t.intake_entry.c.grams, 30) == 30.0
    assert isinstance(decode(t.intake_entry.c.grams, 30), float)
    assert decode(t.intake_entry.c.deleted_at, None) is None
    assert decode(t.intake_entry.c.nutrients, {"a": [1, None]}) == {"a": [1, None]}
    assert decode(t.profile.c.pregnant, False) is False


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_floats_come_back_exactly(value: float) -> None:
    column = t.intake_entry.c.grams
    assert decode(column, json.loads(json.dumps(encode(column, value)))) == value


def test_parents_come_first_otherwise_order_is_kept() -> None:
    rows = [
        {"id": 1, "up": 4},
        {"id": 2, "up": None},
        {"id": 3, "up": 2},
        {"id": 4, "up": 5},
        {"id": 5, "up": None},
    ]
    assert [r["id"] for r in parents_first(rows, "id", ["up"])] == [5, 4, 1, 2, 3]


# --- A column added later -----------------------------------------------------------------


@pytest.fixture
def schema_with_new_columns(monkeypatch: pytest.MonkeyPatch) -> Iterator[MetaData]:
    """Today's schema plus ``intake_entry.mood``, ``intake_entry.stars`` (with a database
    default) and ``profile.height_cm``, in place of the real one for the backup code (which has
    no idea about any of them)."""
    schema = _copy_of_schema()
    entry = schema.tables["intake_entry"]
    entry.append_column(Column("mood", String(16), nullable=True))
    entry.append_column(Column("stars", Integer, nullable=False, server_default=text("3")))
    schema.tables["profile"].append_column(Column("height_cm", Float, nullable=True))
    monkeypatch.setattr(backup, "metadata", schema)
    plans.cache_clear()
    yield schema
    monkeypatch.undo()
    plans.cache_clear()


def _database(schema: MetaData, path: Path) -> Engine:
    engine = make_engine(f"sqlite:///{path}")
    schema.create_all(engine)
    return engine


def _source(schema: MetaData, path: Path) -> dict[str, Any]:
    """A database of the new schema with 'me', a profile and two food entries; its export."""
    engine = _database(schema, path)
    person, profile, entry = (schema.tables[n] for n in ("person", "profile", "intake_entry"))
    with engine.begin() as conn:
        pid = conn.execute(
            insert(person).values(handle="me", display_name="Me", is_example=False, created_at=NOW)
        ).inserted_primary_key[0]
        conn.execute(
            insert(profile).values(person_id=pid, timezone="UTC", updated_at=NOW, height_cm=162.5)
        )
        for mood, stars in (("cheerful", 5), (None, 1)):
            conn.execute(
                insert(entry).values(
                    person_id=pid,
                    local_date=date(2026, 3, 14),
                    meal="snack",
                    food_id="usda_sr28:12061",
                    description="Almonds",
                    amount=30.0,
                    grams=30.0,
                    nutrients={"magnesium_mg": 81.0},
                    food_data_version="v",
                    logged_at=NOW,
                    updated_at=NOW,
                    mood=mood,
                    stars=stars,
                )
            )
    with engine.connect() as conn:
        body = read_export(conn, "person", "me")
    engine.dispose()
    return {
        "format": "magnerve-export",
        "format_version": 1,
        "schema_revision": SCHEMA_HEAD,
        "app_version": "test",
        "knowledge_version": "test",
        "exported_at": NOW.isoformat(),
        "scope": "person",
        **body,
    }


def _restore(schema: MetaData, path: Path, doc: dict[str, Any]) -> Engine:
    engine = _database(schema, path)
    with engine.begin() as conn:
        write_document(conn, check_document(json.loads(json.dumps(doc)), SCHEMA_HEAD))
    return engine


def test_columns_added_later_are_carried(schema_with_new_columns: MetaData, tmp_path: Path) -> None:
    schema = schema_with_new_columns
    doc = _source(schema, tmp_path / "a.sqlite3")
    rows = doc["people"][0]["tables"]["intake_entry"]
    assert [(r["mood"], r["stars"]) for r in rows] == [("cheerful", 5), (None, 1)]
    assert doc["people"][0]["tables"]["profile"][0]["height_cm"] == 162.5
    target = _restore(schema, tmp_path / "b.sqlite3", doc)
    entry, profile = schema.tables["intake_entry"], schema.tables["profile"]
    with target.connect() as conn:
        assert conn.execute(select(entry.c.mood, entry.c.stars)).all() == [
            ("cheerful", 5),
            (None, 1),
        ]
        assert conn.execute(select(profile.c.height_cm)).scalar_one() == 162.5
        again = read_export(conn, "person", "me")
    assert again["people"] == doc["people"]
    target.dispose()


def test_an_older_file_gets_the_defaults_of_columns_added_since(
    schema_with_new_columns: MetaData, tmp_path: Path
) -> None:
    schema = schema_with_new_columns
    doc = _source(schema, tmp_path / "a.sqlite3")
    doc["schema_revision"] = f"{int(SCHEMA_HEAD) - 1:04d}"
    first = doc["people"][0]["tables"]["intake_entry"][0]
    del first["stars"], first["mood"]  # the second row still has them: written apart
    del doc["people"][0]["tables"]["profile"][0]["height_cm"]
    target = _restore(schema, tmp_path / "b.sqlite3", doc)
    entry, profile = schema.tables["intake_entry"], schema.tables["profile"]
    with target.connect() as conn:
        assert conn.execute(select(entry.c.mood, entry.c.stars).order_by(entry.c.id)).all() == [
            (None, 3),  # the database's default
            (None, 1),
        ]
        assert conn.execute(select(profile.c.height_cm)).scalar_one() is None
    target.dispose()


def test_a_row_pointing_at_another_persons_row_stops_the_export(tmp_path: Path) -> None:
    from magnerve.storage.backup import ExportFault
    from magnerve.storage.schema import ensure_current

    engine = make_engine(f"sqlite:///{tmp_path / 'odd.sqlite3'}")
    ensure_current(engine)
    with engine.begin() as conn:
        ids = [
            conn.execute(
                insert(t.person).values(handle=h, display_name=h, is_example=False, created_at=NOW)
            ).inserted_primary_key[0]
            for h in ("a", "b")
        ]
        product = conn.execute(
            insert(t.supplement_product).values(
                person_id=ids[1],
                name="Glycinate",
                form_id="bisglycinate",
                basis="elemental",
                label_mg_per_serving=100.0,
                elemental_mg_per_serving=100.0,
                serving_unit="capsule",
                created_at=NOW,
            )
        ).inserted_primary_key[0]
        conn.execute(
            insert(t.trial).values(
                person_id=ids[0], start_date=date(2026, 3, 1), product_id=product, created_at=NOW
            )
        )
    with engine.connect() as conn:
        for scope, handle in (("person", "a"), ("clinic", None)):
            with pytest.raises(ExportFault, match="belongs to someone else"):
                read_export(conn, scope, handle)  # type: ignore[arg-type]
        assert read_export(conn, "person", "b")["people"][0]["person"]["handle"] == "b"
    engine.dispose()
