"""Issue 4 contract: lab schedule (due/overdue/ok), the calendar file, the new analytes."""

from __future__ import annotations

from pathlib import Path

import pytest
from icalendar import Calendar

from tests.conftest import Cli


def _taking_magnesium(cli: Cli, since: str) -> None:
    cli.ok("supplement", "add", "Glycinate", "--form", "glycinate", "--elemental-mg", "100")
    cli.ok("log", "supplement", "Glycinate", "--date", since)


def test_nothing_is_scheduled_for_someone_with_nothing_to_monitor(cli: Cli) -> None:
    assert cli.json("lab", "schedule", "--date", "2026-03-14")["due"] == []


def test_magnesium_and_kidney_tests_every_3_months_then_as_set_in_the_profile(
    cli: Cli,
) -> None:
    _taking_magnesium(cli, "2026-01-02")
    cli.ok("lab", "add", "serum-magnesium", "0.8", "mmol/L", "--date", "2026-01-05")
    cli.ok("lab", "add", "creatinine", "0.9", "mg/dL", "--date", "2026-01-05")
    due = cli.json("lab", "schedule", "--date", "2026-03-14")["due"]
    by = {d["analyte"]: d for d in due}
    assert set(by) == {"serum-magnesium", "creatinine"}
    assert set(by["serum-magnesium"]) >= {"analyte", "due_date", "status", "reason"}
    assert by["serum-magnesium"]["due_date"] == "2026-04-05"
    assert by["serum-magnesium"]["status"] == "ok"
    assert cli.json("lab", "schedule", "--date", "2026-03-25")["due"][0]["status"] == "due"
    late = {
        d["analyte"]: d["status"]
        for d in cli.json("lab", "schedule", "--date", "2026-05-10")["due"]
    }
    assert late == {"serum-magnesium": "overdue", "creatinine": "overdue"}
    cli.ok("profile", "set", "--lab-interval-months", "6")
    assert cli.json("lab", "schedule", "--date", "2026-03-14")["due"][0]["due_date"] == "2026-07-05"
    refused = cli("profile", "set", "--lab-interval-months", "12", "--json")
    assert refused.exit_code == 2
    assert refused.json()["errors"][0]["field"] == "lab_interval_months"


def test_metformin_and_diabetes_add_b12_and_hba1c(cli: Cli) -> None:
    cli.ok("profile", "set", "--age", "68", "--sex", "female", "--diabetes", "type2")
    cli.ok("med", "add", "metformin", "--times", "08:00")
    cli.ok("lab", "add", "vitamin-b12", "300", "pmol/L", "--date", "2025-01-10")
    due = {d["analyte"]: d for d in cli.json("lab", "schedule", "--date", "2026-03-14")["due"]}
    assert set(due) == {"vitamin-b12", "hba1c"}
    assert (due["vitamin-b12"]["due_date"], due["vitamin-b12"]["status"]) == (
        "2026-01-10",
        "overdue",
    )
    assert due["hba1c"]["status"] in {"due", "overdue"}  # never measured


def test_the_calendar_parses_back(cli: Cli, tmp_path: Path) -> None:
    _taking_magnesium(cli, "2026-01-02")
    out = tmp_path / "labs.ics"
    data = cli.json("lab", "schedule", "--date", "2026-03-14", "--ics", str(out))
    calendar = Calendar.from_ical(out.read_bytes())
    events = list(calendar.walk("VEVENT"))
    assert len(events) == len(data["due"]) == 2
    assert {e.decoded("DTSTART").isoformat() for e in events} == {
        d["due_date"] for d in data["due"]
    }
    assert all(list(e.walk("VALARM")) for e in events)
    assert "0.8" not in out.read_text()  # no results in the calendar, only test names


def test_a_calendar_in_a_missing_folder_is_refused(cli: Cli, tmp_path: Path) -> None:
    result = cli("lab", "schedule", "--ics", str(tmp_path / "nope" / "labs.ics"), "--json")
    assert result.exit_code == 2
    assert result.json()["errors"][0]["field"] == "ics"
    assert not (tmp_path / "nope").exists()


@pytest.mark.parametrize(
    ("analyte", "value", "unit", "canonical"),
    [
        ("rbc-magnesium", "2.1", "mmol/L", 2.1),
        ("mma", "250", "nmol/L", 250.0),
        ("glucose", "126", "mg/dL", 6.99),
        ("potassium", "4.1", "mEq/L", 4.1),
        ("calcium", "9.6", "mg/dL", 2.4),
    ],
)
def test_new_analytes_are_accepted_without_an_invented_range(
    cli: Cli, analyte: str, value: str, unit: str, canonical: float
) -> None:
    lab = cli.json("lab", "add", analyte, value, unit, "--date", "2026-03-14")["lab"]
    assert lab["analyte"] == analyte
    assert lab["canonical_value"] == pytest.approx(canonical, abs=0.01)
    assert lab["flag"] is None  # magnerve has no cited range for these
