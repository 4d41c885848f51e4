"""The cited-table models: band wording, band checks and lookups outside the shipped data."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest
from pydantic import ValidationError

from magnerve.domain.patient import Profile, Sex, make_profile, targets_for
from magnerve.domain.reference import (
    Citation,
    IntakeTable,
    LimitRow,
    TargetTable,
    band_label,
    state_age_range,
)
from magnerve.errors import KnowledgeError
from magnerve.knowledge.load import load_targets

REF = {"ref": "iom-1997-dri-ca-p-mg-vitd-f", "locator": "p.239"}


def _row(
    lo: float, hi: float, sex: str = "any", state: str = "none", **extra: Any
) -> dict[str, Any]:
    return {
        "age_from": lo, "age_to": hi, "sex": sex, "state": state, "value": 1.0, "kind": "RDA",
        "evidence": "primary", "citations": (REF,), **extra,
    }  # fmt: skip


@pytest.mark.parametrize(
    ("lo", "hi", "label"),
    [
        (0, 0.5, "0–6 months"),
        (0.5, 1, "7–12 months"),
        (1, 4, "1–3 years"),
        (19, 31, "19–30 years"),
        (31, 121, "31 years and over"),
        (2.5, 4, "2.5 to under 4 years"),
    ],
)
def test_band_label(lo: float, hi: float, label: str) -> None:
    assert band_label(lo, hi) == label


def test_state_age_range() -> None:
    rows = load_targets().magnesium_rda.rows
    assert state_age_range(rows, "female", "pregnant") == (14, 51)
    assert state_age_range(rows, "male", "pregnant") is None
    assert state_age_range(rows, "male", "none") == (0, 121)


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ((_row(4, 4),), "age_from 4 must be below age_to 4"),
        ((_row(0, 121, sex="female"),), "no rows for sex male, state none"),
        ((_row(0, 121), _row(30, 40, sex="female")), "rows[0] (0 years and over) and rows[1]"),
        ((_row(0, 121), _row(14, 19, "female", "pregnant"), _row(20, 31, "female", "pregnant")),
         "sex female, state pregnant: gap between rows[1] (14–18 years) and rows[2]"),
    ],
)  # fmt: skip
def test_band_checks(rows: tuple[dict[str, Any], ...], message: str) -> None:
    with pytest.raises(ValidationError) as info:
        IntakeTable.model_validate({"unit": "mg/day", "covers": "all", "rows": rows})
    assert message in str(info.value)


def test_a_limit_without_a_value_must_say_why() -> None:
    row = _row(0, 1, value=None)
    del row["kind"]
    with pytest.raises(ValidationError, match="needs a note saying why"):
        LimitRow.model_validate(row)
    assert LimitRow.model_validate({**row, "note": "none set"}).value is None


def test_a_citation_needs_a_publisher() -> None:
    with pytest.raises(ValidationError, match="organisation or a journal"):
        Citation.model_validate(
            {"id": "x", "title": "X", "year": None, "url": "https://x.org", "evidence": "primary"}
        )


def _table_without_pregnancy_rows() -> TargetTable:
    table = load_targets()
    mg = table.magnesium_rda
    rows = tuple(r for r in mg.rows if r.state == "none")
    return table.model_copy(update={"magnesium_rda": mg.model_copy(update={"rows": rows})})


def test_a_table_without_pregnancy_rows_uses_the_usual_value_and_says_so() -> None:
    profile = make_profile(age=25, sex="female", pregnant=True, today=date(2026, 1, 1))
    t = targets_for(profile, date(2026, 1, 1), _table_without_pregnancy_rows())
    assert t.magnesium_rda_mg == 310
    assert t.vitamin_b12_rda_ug == 2.6
    assert "No separate value for pregnancy; the usual value is used." in t.notes


def test_a_hole_in_a_table_is_a_knowledge_error() -> None:
    table = load_targets()
    mg = table.magnesium_rda
    rows = tuple(r for r in mg.rows if not (r.sex == "male" and r.age_from == 19))
    broken = table.model_copy(update={"magnesium_rda": mg.model_copy(update={"rows": rows})})
    with pytest.raises(KnowledgeError, match="no target row for sex male, state none, age 25"):
        targets_for(Profile(sex=Sex.male, age_years=25, age_as_of=date(2026, 1, 1)),
                    date(2026, 1, 1), broken)  # fmt: skip


def test_a_birth_date_may_arrive_as_a_datetime() -> None:
    profile = make_profile(
        birth_date=datetime(1980, 5, 1, 12, 0), sex="male", today=date(2026, 1, 1)
    )
    assert profile.birth_date == date(1980, 5, 1)
