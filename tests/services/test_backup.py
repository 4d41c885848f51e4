"""Backup and restore: lossless round trips (SQLite → SQLite, SQLite → PostgreSQL) compared
field by field, the document's contract, and files that must be refused with nothing written."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import insert, select

from magnerve.bootstrap import Magnerve
from magnerve.config import Settings
from magnerve.errors import Conflict, InvalidInput, NotFound
from magnerve.services.backup import summarize
from magnerve.services.clock import FixedClock
from magnerve.storage import tables as t
from magnerve.storage.backup import CLINIC_TABLES, NOT_EXPORTED, PERSON_TABLES, plans
from magnerve.storage.schema import SCHEMA_HEAD
from tests.conftest import FIXED_NOW
from tests.services.backup_fixture import (
    LONG_FLOAT,
    NAME,
    TINY_FLOAT,
    add_ana_and_clinic,
    compare_databases,
    row_counts,
)

Doc = dict[str, Any]


def _app(url: str, folder: Path, food_db_dir: Path) -> Magnerve:
    settings = Settings(database_url=url, data_dir=folder, food_db_dir=food_db_dir)
    return Magnerve(settings, clock=FixedClock(FIXED_NOW))


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory, food_db_dir: Path) -> Iterator[Magnerve]:
    """Database A: the example person (demo), Ana and the clinic tables. Only read."""
    folder = tmp_path_factory.mktemp("backup-source")
    app = _app(str(folder / "a.sqlite3"), folder, food_db_dir)
    app.demo.load()
    with app.engine.begin() as conn:
        add_ana_and_clinic(conn)
    yield app
    app.close()


@pytest.fixture
def target(tmp_path: Path, food_db_dir: Path) -> Iterator[Magnerve]:
    """Database B: a new, empty SQLite file."""
    app = _app(str(tmp_path / "b.sqlite3"), tmp_path, food_db_dir)
    yield app
    app.close()


@pytest.fixture
def pg_target(postgres_url: str, tmp_path: Path, food_db_dir: Path) -> Iterator[Magnerve]:
    app = _app(postgres_url, tmp_path, food_db_dir)
    yield app
    app.close()


@pytest.fixture(scope="module")
def person_doc(source: Magnerve) -> Doc:
    return source.backup.export_person("example")


@pytest.fixture(scope="module")
def clinic_doc(source: Magnerve) -> Doc:
    return source.backup.export_clinic()


def _through_a_file(doc: Doc) -> Doc:
    """What a reader of the written file gets back."""
    loaded: Doc = json.loads(json.dumps(doc, ensure_ascii=False))
    return loaded


def _without_time(doc: Doc) -> Doc:
    rest = dict(doc)
    assert isinstance(rest.pop("exported_at"), str)
    return rest


# --- The source database is as rich as promised -------------------------------------------


def test_source_has_every_nullable_column_empty_and_set(source: Magnerve) -> None:
    with source.engine.connect() as conn:
        for name, plan in plans().items():
            rows = [dict(r._mapping) for r in conn.execute(select(plan.table))]
            assert rows, f"{name} has no rows in the test database"
            for column in plan.table.columns:
                if column.nullable:
                    values = [row[column.name] for row in rows]
                    assert None in values, f"{name}.{column.name} is never empty"
                    assert any(v is not None for v in values), f"{name}.{column.name} never set"
        late = conn.execute(
            select(t.lab_result.c.id).where(t.lab_result.c.derived_from_id > t.lab_result.c.id)
        ).all()
        assert late, "no row whose parent was stored after it"
    assert all(row_counts(source.engine)[name] > 0 for name in NOT_EXPORTED)


# --- Round trips, field by field -----------------------------------------------------------


@pytest.mark.parametrize("handle", ["example", "ana"])
def test_person_round_trip_sqlite_field_by_field(
    source: Magnerve, target: Magnerve, handle: str
) -> None:
    doc = source.backup.export_person(handle)
    summary = target.backup.import_document(_through_a_file(doc))
    assert summary.scope == "person"
    assert summary.people == [handle]
    assert summary.records == summarize(doc).records
    assert compare_databases(source.engine, target.engine, handles=[handle], accounts=False) > 100
    counts = row_counts(target.engine)
    assert all(counts[name] == 0 for name in (*CLINIC_TABLES, *NOT_EXPORTED))
    assert _without_time(target.backup.export_person(handle)) == _without_time(doc)


def test_person_round_trip_postgres_field_by_field(
    source: Magnerve, pg_target: Magnerve, person_doc: Doc
) -> None:
    pg_target.backup.import_document(_through_a_file(person_doc))
    compare_databases(source.engine, pg_target.engine, handles=["example"], accounts=False)
    again = pg_target.backup.export_person("example")
    assert _without_time(again) == _without_time(person_doc)
    # The same text, byte for byte, from SQLite and from PostgreSQL.
    assert json.dumps(_without_time(again)) == json.dumps(_without_time(person_doc))


def test_clinic_round_trip_sqlite_field_by_field(
    source: Magnerve, target: Magnerve, clinic_doc: Doc
) -> None:
    summary = target.backup.import_document(_through_a_file(clinic_doc))
    assert (summary.scope, summary.people) == ("clinic", ["example", "ana"])
    assert summary.records["account"] == 3
    assert summary.records["care_grant"] == 2
    compared = compare_databases(source.engine, target.engine, handles=None, accounts=True)
    assert compared > 10_000
    assert all(row_counts(target.engine)[name] == 0 for name in NOT_EXPORTED)
    assert _without_time(target.backup.export_clinic()) == _without_time(clinic_doc)


def test_clinic_round_trip_postgres_field_by_field(
    source: Magnerve, pg_target: Magnerve, clinic_doc: Doc
) -> None:
    pg_target.backup.import_document(_through_a_file(clinic_doc))
    compare_databases(source.engine, pg_target.engine, handles=None, accounts=True)
    again = pg_target.backup.export_clinic()
    assert json.dumps(_without_time(again)) == json.dumps(_without_time(clinic_doc))


def test_import_beside_other_people_gets_new_ids(
    source: Magnerve, target: Magnerve, clinic_doc: Doc
) -> None:
    with target.engine.begin() as conn:
        conn.execute(
            insert(t.person).values(
                handle="me", display_name="Me", is_example=False, created_at=FIXED_NOW
            )
        )
    target.backup.import_document(_through_a_file(clinic_doc))
    compare_databases(source.engine, target.engine, handles=None, accounts=True)
    assert [p["person"]["handle"] for p in target.backup.export_clinic()["people"]] == [
        "me",
        "example",
        "ana",
    ]


# --- The document -------------------------------------------------------------------------


def test_document_header(person_doc: Doc, clinic_doc: Doc) -> None:
    for doc, scope in ((person_doc, "person"), (clinic_doc, "clinic")):
        assert list(doc)[:8] == [
            "format",
            "format_version",
            "schema_revision",
            "app_version",
            "knowledge_version",
            "exported_at",
            "scope",
            "people",
        ]
        assert doc["format"] == "magnerve-export"
        assert doc["format_version"] == 1
        assert doc["schema_revision"] == SCHEMA_HEAD
        assert doc["exported_at"] == "2026-03-14T18:00:00+00:00"
        assert doc["scope"] == scope
        assert set(doc) - set(list(doc)[:8]) == {"accounts", "care_grants"}
    assert person_doc["accounts"] == person_doc["care_grants"] == []
    assert list(person_doc["people"][0]["tables"]) == list(PERSON_TABLES[1:])


def test_ids_are_renumbered_and_references_rewritten(clinic_doc: Doc) -> None:
    people = clinic_doc["people"]
    assert [p["person"]["id"] for p in people] == [1, 2]
    for name in ("intake_entry", "lab_result", "care_note", "trial"):
        ids = [row["id"] for p in people for row in p["tables"][name]]
        assert ids == list(range(1, len(ids) + 1)), name
    ana = people[1]["tables"]
    products = {row["id"] for row in ana["supplement_product"]}
    assert {row["product_id"] for row in ana["trial"]} == {None, *products}
    labs = ana["lab_result"]
    assert labs[0]["analyte"] == "creatinine"  # the parent first, although stored later
    assert labs[1]["derived_from_id"] == labs[0]["id"]
    accounts = {a["id"]: a for a in clinic_doc["accounts"]}
    assert accounts[1]["person_id"] == 1 and accounts[1]["role"] == "patient"
    for grant in clinic_doc["care_grants"]:
        assert accounts[grant["clinician_account_id"]]["role"] == "clinician"
    assert "person_id" not in ana["intake_entry"][0]  # implied by where the row sits
    assert "person_id" not in ana["profile"][0]


def test_a_person_export_keeps_names_but_no_account_references(person_doc: Doc) -> None:
    tables = person_doc["people"][0]["tables"]
    assert {n["author_account_id"] for n in tables["care_note"]} == {None}
    assert {n["author_name"] for n in tables["care_note"]} == {"Dr Who", "A former colleague"}
    assert {e["account_id"] for e in tables["audit_event"]} == {None}
    assert "Dr Who" in {e["actor_name"] for e in tables["audit_event"]}


def test_values_are_written_exactly(clinic_doc: Doc) -> None:
    ana = _through_a_file(clinic_doc)["people"][1]
    assert ana["person"]["display_name"] == NAME
    assert ana["person"]["created_at"] == "2026-01-02T03:04:05.123456+00:00"
    entry = ana["tables"]["intake_entry"][0]
    assert entry["amount"] == LONG_FLOAT and entry["grams"] == TINY_FLOAT
    assert entry["nutrients"] == {
        "magnesium_mg": LONG_FLOAT,
        "energy_kcal": None,
        "nested": {"é": [1, 2.5]},
    }
    assert entry["local_date"] == "2026-01-02"
    assert entry["unit"] is None
    profile = ana["tables"]["profile"][0]
    assert (profile["lactating"], profile["pregnant"]) == (True, False)
    assert profile["lab_interval_months"] == 3


def test_exporting_someone_unknown_is_refused(source: Magnerve) -> None:
    with pytest.raises(NotFound) as caught:
        source.backup.export_person("nobody")
    assert caught.value.field == "person"
    assert "nobody" in caught.value.message


# --- Files that are refused, with nothing written ------------------------------------------


def _at(doc: Doc, name: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = doc["people"][0]["tables"][name]
    return rows


def _set(name: str, index: int, column: str, value: Any) -> Callable[[Doc], None]:
    return lambda d: _at(d, name)[index].__setitem__(column, value)


BAD: list[tuple[str, Callable[[Doc], Any], str, str]] = [
    ("not an object", lambda d: d.clear(), "format", "magnerve export"),
    ("wrong format", lambda d: d.update(format="other"), "format", "magnerve-export"),
    ("newer format", lambda d: d.update(format_version=2), "format_version", "newer"),
    ("format not a number", lambda d: d.update(format_version="1"), "format_version", "whole"),
    ("newer schema", lambda d: d.update(schema_revision="0099"), "schema_revision", "newer"),
    ("bad schema", lambda d: d.update(schema_revision="head"), "schema_revision", "0004"),
    ("bad scope", lambda d: d.update(scope="family"), "scope", "'person' or 'clinic'"),
    ("unknown key", lambda d: d.update(extras=[]), "extras", "not part"),
    ("people not a list", lambda d: d.update(people={}), "people", "list"),
    ("two people", lambda d: d["people"].append(d["people"][0]), "people", "exactly one"),
    (
        "wrong type",
        _set("intake_entry", 3, "grams", "a lot"),
        "people[0].tables.intake_entry[3].grams",
        "must be a number",
    ),
    (
        "boolean for a number",
        _set("intake_entry", 3, "amount", True),
        "people[0].tables.intake_entry[3].amount",
        "must be a number",
    ),
    (
        "missing column",
        lambda d: _at(d, "intake_entry")[3].pop("grams"),
        "people[0].tables.intake_entry[3].grams",
        "missing",
    ),
    (
        "extra column",
        _set("intake_entry", 3, "colour", "red"),
        "people[0].tables.intake_entry[3].colour",
        "not a column of intake_entry",
    ),
    (
        "null where required",
        _set("intake_entry", 3, "description", None),
        "people[0].tables.intake_entry[3].description",
        "null",
    ),
    (
        "time without zone",
        _set("intake_entry", 3, "logged_at", "2026-03-14T18:00:00"),
        "people[0].tables.intake_entry[3].logged_at",
        "time zone",
    ),
    (
        "bad date",
        _set("intake_entry", 3, "local_date", "14/03/2026"),
        "people[0].tables.intake_entry[3].local_date",
        "2026-03-14",
    ),
    (
        "too long",
        lambda d: d["people"][0]["person"].update(handle="x" * 65),
        "people[0].person.handle",
        "at most 64",
    ),
    (
        "boolean as text",
        lambda d: d["people"][0]["person"].update(is_example="yes"),
        "people[0].person.is_example",
        "true or false",
    ),
    (
        "dangling reference",
        _set("supplement_dose", 0, "product_id", 999),
        "people[0].tables.supplement_dose[0].product_id",
        "no supplement_product with id 999",
    ),
    (
        "id twice",
        lambda d: _at(d, "intake_entry")[1].update(id=_at(d, "intake_entry")[0]["id"]),
        "people[0].tables.intake_entry[1].id",
        "twice",
    ),
    (
        "unknown table",
        lambda d: d["people"][0]["tables"].update(snacks=[]),
        "people[0].tables.snacks",
        "not a table",
    ),
    (
        "missing table",
        lambda d: d["people"][0]["tables"].pop("medication"),
        "people[0].tables.medication",
        "list",
    ),
    (
        "account reference in a person's file",
        _set("care_note", 0, "author_account_id", 1),
        "people[0].tables.care_note[0].author_account_id",
        "must be null",
    ),
    (
        "accounts in a person's file",
        lambda d: d.update(accounts=[{"id": 1}]),
        "accounts",
        "empty",
    ),
    (
        "two profiles",
        lambda d: _at(d, "profile").append(dict(_at(d, "profile")[0])),
        "people[0].tables.profile[1]",
        "one row per person",
    ),
    (
        "references in a circle",
        lambda d: [
            _at(d, "lab_result")[i].update(derived_from_id=_at(d, "lab_result")[1 - i]["id"])
            for i in (0, 1)
        ],
        "people[0].tables.lab_result[",
        "circle",
    ),
]


@pytest.fixture
def occupied(target: Magnerve) -> Magnerve:
    """A target that already holds someone, so 'nothing written' is seen beside real rows."""
    with target.engine.begin() as conn:
        me = conn.execute(
            insert(t.person).values(
                handle="me", display_name="Me", is_example=False, created_at=FIXED_NOW
            )
        ).inserted_primary_key
        assert me is not None
        conn.execute(
            insert(t.account).values(
                email="dr.who@example.org",
                display_name="Dr Who",
                role="clinician",
                password_hash="x",
                created_at=FIXED_NOW,
                password_changed_at=FIXED_NOW,
            )
        )
    return target


@pytest.mark.parametrize(
    ("change", "field", "words"), [c[1:] for c in BAD], ids=[c[0] for c in BAD]
)
def test_bad_files_name_the_field_and_write_nothing(
    occupied: Magnerve, person_doc: Doc, change: Callable[[Doc], Any], field: str, words: str
) -> None:
    doc = copy.deepcopy(person_doc)
    change(doc)
    before = row_counts(occupied.engine)
    with pytest.raises(InvalidInput) as caught:
        occupied.backup.import_document(doc if doc else [])
    error = caught.value
    assert error.field is not None and error.field.startswith(field), error.message
    assert words in error.message
    assert error.message.startswith(error.field)
    assert error.hint and "Nothing was imported" in error.hint
    assert row_counts(occupied.engine) == before


def test_a_handle_already_there_is_a_conflict(occupied: Magnerve, person_doc: Doc) -> None:
    occupied.backup.import_document(_through_a_file(person_doc))
    before = row_counts(occupied.engine)
    with pytest.raises(Conflict) as caught:
        occupied.backup.import_document(_through_a_file(person_doc))
    assert caught.value.field == "people[0].person.handle"
    assert "'example'" in caught.value.message
    assert "nothing was imported" in caught.value.message
    assert row_counts(occupied.engine) == before


def test_an_email_already_there_is_a_conflict(occupied: Magnerve, clinic_doc: Doc) -> None:
    before = row_counts(occupied.engine)
    with pytest.raises(Conflict) as caught:
        occupied.backup.import_document(_through_a_file(clinic_doc))
    assert caught.value.field == "accounts[1].email"
    assert "dr.who@example.org" in caught.value.message
    assert row_counts(occupied.engine) == before


def test_a_handle_twice_in_one_file_is_refused(target: Magnerve, clinic_doc: Doc) -> None:
    doc = _through_a_file(clinic_doc)
    doc["people"][1]["person"]["handle"] = "example"
    with pytest.raises(InvalidInput) as caught:
        target.backup.import_document(doc)
    assert caught.value.field == "people[1].person.handle"
    assert "people[0].person.handle" in caught.value.message
    assert sum(row_counts(target.engine).values()) == 0


def test_a_clash_found_by_the_database_leaves_nothing_behind(
    occupied: Magnerve, person_doc: Doc
) -> None:
    doc = _through_a_file(person_doc)
    diary = _at(doc, "diary_value")
    twin = dict(diary[0], id=max(row["id"] for row in diary) + 1)
    diary.append(twin)  # two current values for the same item and day
    before = row_counts(occupied.engine)
    with pytest.raises(Conflict) as caught:
        occupied.backup.import_document(doc)
    assert caught.value.field == "file"
    assert row_counts(occupied.engine) == before


# --- Files from an older schema ------------------------------------------------------------


def _as_older(doc: Doc, *, drop: dict[str, str]) -> Doc:
    older = _through_a_file(doc)
    older["schema_revision"] = f"{int(SCHEMA_HEAD) - 1:04d}"
    for table, column in drop.items():
        for row in _at(older, table):
            del row[column]
    del older["people"][0]["tables"]["care_note"]  # no such table then
    del older["accounts"]
    return older


def test_an_older_file_without_newer_columns_is_read(target: Magnerve, person_doc: Doc) -> None:
    older = _as_older(person_doc, drop={"profile": "age_years", "intake_entry": "input_text"})
    _at(older, "profile")[0].pop("pregnant")  # has a default
    summary = target.backup.import_document(older)
    assert summary.records["care_note"] == 0
    assert summary.records["intake_entry"] == len(_at(person_doc, "intake_entry"))
    with target.engine.connect() as conn:
        profile = conn.execute(select(t.profile)).one()._mapping
    assert profile["age_years"] is None and profile["pregnant"] is False
    assert profile["sex"] == "female"


def test_an_older_file_missing_a_required_column_is_refused(
    target: Magnerve, person_doc: Doc
) -> None:
    older = _as_older(person_doc, drop={"intake_entry": "grams"})
    with pytest.raises(InvalidInput) as caught:
        target.backup.import_document(older)
    assert caught.value.field == "people[0].tables.intake_entry[0].grams"
    assert sum(row_counts(target.engine).values()) == 0


def test_the_current_revision_must_be_complete(target: Magnerve, person_doc: Doc) -> None:
    doc = _through_a_file(person_doc)
    del _at(doc, "profile")[0]["age_years"]
    with pytest.raises(InvalidInput) as caught:
        target.backup.import_document(doc)
    assert caught.value.field == "people[0].tables.profile[0].age_years"


def test_the_comparison_notices_one_changed_value_or_reference(
    source: Magnerve, target: Magnerve, clinic_doc: Doc
) -> None:
    import math

    from sqlalchemy import update

    target.backup.import_document(_through_a_file(clinic_doc))
    with target.engine.begin() as conn:
        row = conn.execute(select(t.intake_entry.c.id, t.intake_entry.c.grams).limit(1)).one()
        conn.execute(
            update(t.intake_entry)
            .where(t.intake_entry.c.id == row.id)
            .values(grams=math.nextafter(row.grams, math.inf))
        )
    with pytest.raises(AssertionError, match="intake_entry"):
        compare_databases(source.engine, target.engine, handles=None, accounts=True)
    with target.engine.begin() as conn:
        conn.execute(
            update(t.intake_entry).where(t.intake_entry.c.id == row.id).values(grams=row.grams)
        )
    compare_databases(source.engine, target.engine, handles=None, accounts=True)
    with target.engine.begin() as conn:
        egfr = conn.execute(
            select(t.lab_result.c.id).where(t.lab_result.c.derived_from_id.is_not(None)).limit(1)
        ).scalar_one()
        conn.execute(
            update(t.lab_result).where(t.lab_result.c.id == egfr).values(derived_from_id=None)
        )
    with pytest.raises(AssertionError, match=r"lab_result\.derived_from_id"):
        compare_databases(source.engine, target.engine, handles=None, accounts=True)
