"""``magnerve export all`` and ``magnerve import all``: exit codes, JSON keys, the file's mode,
no overwriting without --force, and errors that name the field."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest
from sqlalchemy import insert

from magnerve.storage import tables as t
from magnerve.storage.engine import make_engine
from tests.conftest import FIXED_NOW, Cli

PERSON_RECORDS = [
    "person",
    "profile",
    "intake_entry",
    "supplement_product",
    "supplement_dose",
    "medication",
    "lab_result",
    "diary_value",
    "trial",
    "screening",
    "care_note",
    "audit_event",
]


@pytest.fixture
def backed_up(cli: Cli, tmp_path: Path) -> Path:
    """Some records of 'me', exported to backup.json."""
    cli.ok("profile", "set", "--age", "68", "--sex", "female", "--timezone", "Europe/London")
    for food in ("usda_sr28:12061", "usda_sr28:11457"):
        cli.ok(
            "log", "food", "--food", food, "--amount", "30", "--unit", "g", "--date", "2026-03-14"
        )
    out = tmp_path / "backup.json"
    cli.ok("export", "all", "--out", str(out))
    return out


def test_export_contract_and_file(cli: Cli, backed_up: Path, tmp_path: Path) -> None:
    out = tmp_path / "second.json"
    data = cli.json("export", "all", "--out", str(out))
    assert set(data) == {"out", "scope", "people", "records"}
    assert data["out"] == str(out)
    assert (data["scope"], data["people"]) == ("person", ["me"])
    assert list(data["records"]) == PERSON_RECORDS
    assert data["records"]["intake_entry"] == 2
    assert data["records"]["profile"] == 1
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["format"] == "magnerve-export"
    assert doc["people"][0]["person"]["handle"] == "me"
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".tmp") == []


def test_export_never_overwrites_without_force(cli: Cli, backed_up: Path) -> None:
    before = backed_up.read_bytes()
    backed_up.write_text("my notes", encoding="utf-8")
    refused = cli("export", "all", "--out", str(backed_up))
    assert refused.exit_code == 2
    assert refused.stderr.startswith("Error: ")
    assert "already exists" in refused.stderr and "--force" in refused.stderr
    assert backed_up.read_text(encoding="utf-8") == "my notes"
    as_json = cli("export", "all", "--out", str(backed_up), "--json")
    assert as_json.exit_code == 2
    assert as_json.json()["errors"] == [{"field": "out", "message": f"{backed_up} already exists"}]
    cli.ok("export", "all", "--out", str(backed_up), "--force")
    assert json.loads(backed_up.read_bytes()).keys() == json.loads(before).keys()
    assert stat.S_IMODE(backed_up.stat().st_mode) == 0o600


def test_export_into_a_missing_folder_is_bad_input(
    cli: Cli, backed_up: Path, tmp_path: Path
) -> None:
    result = cli("export", "all", "--out", str(tmp_path / "nowhere" / "b.json"), "--json")
    assert result.exit_code == 2
    assert result.json()["errors"][0]["field"] == "out"


def test_export_of_someone_unknown(cli: Cli, tmp_path: Path) -> None:
    result = cli("--person", "nobody", "export", "all", "--out", str(tmp_path / "x.json"), "--json")
    assert result.exit_code == 2
    assert result.json()["errors"][0]["field"] == "person"
    assert not (tmp_path / "x.json").exists()


def test_import_into_a_new_database(cli: Cli, backed_up: Path, tmp_path: Path) -> None:
    other = tmp_path / "restored.sqlite3"
    data = cli.json("--db", str(other), "import", "all", str(backed_up))
    assert set(data) == {"scope", "people", "records"}
    assert (data["scope"], data["people"]) == ("person", ["me"])
    assert data["records"]["intake_entry"] == 2
    again = tmp_path / "again.json"
    cli.ok("--db", str(other), "export", "all", "--out", str(again))
    first, second = (json.loads(p.read_text(encoding="utf-8")) for p in (backed_up, again))
    first.pop("exported_at")
    second.pop("exported_at")
    assert first == second
    human = cli.ok("--db", str(tmp_path / "third.sqlite3"), "import", "all", str(backed_up))
    assert "Imported the records of 1 person: me." in human.stdout
    assert "intake_entry" in human.stdout


def test_importing_twice_is_refused(cli: Cli, backed_up: Path, tmp_path: Path) -> None:
    other = str(tmp_path / "restored.sqlite3")
    cli.ok("--db", other, "import", "all", str(backed_up))
    result = cli("--db", other, "import", "all", str(backed_up), "--json")
    assert result.exit_code == 2
    error = result.json()
    assert set(error) >= {"ok", "error", "errors", "code"}
    assert (error["ok"], error["code"]) == (False, "conflict")
    assert error["errors"][0]["field"] == "people[0].person.handle"
    assert "Error: people[0].person.handle: 'me' is already" in result.stderr


def test_import_of_a_missing_or_broken_file(cli: Cli, tmp_path: Path) -> None:
    missing = cli("import", "all", str(tmp_path / "nope.json"))
    assert missing.exit_code == 2
    assert missing.stderr.startswith("Error: ") and "nope.json does not exist" in missing.stderr
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": ', encoding="utf-8")
    result = cli("import", "all", str(broken), "--json")
    assert result.exit_code == 2
    assert result.json()["errors"][0]["field"] == "file"
    assert "not valid JSON (line 1" in result.stderr


def test_import_names_the_bad_field_and_writes_nothing(
    cli: Cli, backed_up: Path, tmp_path: Path
) -> None:
    doc = json.loads(backed_up.read_text(encoding="utf-8"))
    doc["people"][0]["tables"]["intake_entry"][1]["grams"] = "thirty"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(doc), encoding="utf-8")
    other = tmp_path / "restored.sqlite3"
    result = cli("--db", str(other), "import", "all", str(bad))
    assert result.exit_code == 2
    assert "Error: people[0].tables.intake_entry[1].grams: must be a number" in result.stderr
    assert "Nothing was imported" in result.stderr
    listed = cli("--db", str(other), "export", "all", "--clinic", "--out", str(tmp_path / "e.json"))
    assert listed.exit_code == 0
    assert json.loads((tmp_path / "e.json").read_text(encoding="utf-8"))["people"] == []


def test_clinic_export_and_import(cli: Cli, backed_up: Path, tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{cli.db}")
    with engine.begin() as conn:
        conn.execute(
            insert(t.account).values(
                email="dr.who@example.org",
                display_name="Dr Who",
                role="clinician",
                password_hash="$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA",
                created_at=FIXED_NOW,
                password_changed_at=FIXED_NOW,
            )
        )
    engine.dispose()
    out = tmp_path / "clinic.json"
    data = cli.json("export", "all", "--clinic", "--out", str(out))
    assert (data["scope"], data["people"]) == ("clinic", ["me"])
    assert list(data["records"]) == [*PERSON_RECORDS, "account", "care_grant"]
    assert data["records"]["account"] == 1
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["accounts"][0]["password_hash"].startswith("$argon2id$")
    human = cli.ok("export", "all", "--clinic", "--out", str(tmp_path / "c2.json"))
    assert "password hashes" in human.stdout
    restored = cli.json("--db", str(tmp_path / "clinic.sqlite3"), "import", "all", str(out))
    assert restored["scope"] == "clinic"
    assert restored["records"]["account"] == 1
