"""The panel reuses a patient's summary until their records change (or the day turns)."""

from __future__ import annotations

from typing import Any

import pytest

from magnerve.services import panel as panel_module
from tests.services.conftest import Clinic


@pytest.fixture
def summaries(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The handles whose summary was worked out from the records (not taken from the cache)."""
    computed: list[str] = []
    real = panel_module._summary

    def counting(repos: Any, grant: Any, person: Any, today: Any) -> Any:
        computed.append(person.handle)
        return real(repos, grant, person, today)

    monkeypatch.setattr(panel_module, "_summary", counting)
    return computed


def test_a_second_refresh_reuses_the_summaries_and_still_writes_the_audit_log(
    clinic: Clinic, summaries: list[str]
) -> None:
    lee = clinic.clinician()
    ann = clinic.patient("Ann One")
    bob = clinic.patient("Bob Two")
    clinic.share(ann, lee)
    clinic.share(bob, lee)
    first = clinic.acting(lee).panel.rows()
    second = clinic.acting(lee).panel.rows()
    assert sorted(summaries) == sorted([ann.handle, bob.handle])  # computed once each
    assert [r.grant.person_name for r in first] == [r.grant.person_name for r in second]
    reads = [e for e in clinic.acting(ann).sharing.audit_log() if e.action == "read"]
    assert [e.area for e in reads] == ["panel", "panel"]  # every refresh is still logged


def test_a_change_to_a_patients_records_is_seen_at_the_next_refresh(
    clinic: Clinic, summaries: list[str]
) -> None:
    lee = clinic.clinician()
    ann = clinic.patient("Ann One")
    clinic.share(ann, lee)
    before = clinic.acting(lee).panel.rows()[0]
    mine = clinic.acting(ann)
    mine.profile.set(age=60, sex="female")
    product = mine.supplements.add_product("Oxide", form="oxide", elemental_mg_per_serving=300)
    mine.supplements.log_dose(str(product.product.id), servings=2)
    after = clinic.acting(lee).panel.rows()[0]
    assert summaries == [ann.handle, ann.handle]
    assert before.supplemental_mg == 0
    assert after.supplemental_mg == 600
    assert after.above_ul


def test_the_next_day_is_worked_out_afresh(clinic: Clinic, summaries: list[str]) -> None:
    lee = clinic.clinician()
    ann = clinic.patient("Ann One")
    clinic.share(ann, lee)
    clinic.acting(lee).panel.rows()
    tomorrow = clinic.later(days=1)
    rows = clinic.acting(lee, app=tomorrow).panel.rows()
    assert rows[0].today == clinic.now.date().replace(day=clinic.now.day + 1)
    assert len(summaries) == 2


def test_a_patient_the_rules_cannot_read_shows_as_a_problem_not_a_broken_panel(
    clinic: Clinic, monkeypatch: pytest.MonkeyPatch
) -> None:
    from magnerve.errors import InvalidInput

    lee = clinic.clinician()
    ann = clinic.patient("Ann One")
    bob = clinic.patient("Bob Two")
    clinic.share(ann, lee)
    clinic.share(bob, lee)
    real = panel_module._summary

    def broken_for_ann(repos: Any, grant: Any, person: Any, today: Any) -> Any:
        if person.handle == ann.handle:
            raise InvalidInput("form: 'glycinate' is not a form we know", field="form")
        return real(repos, grant, person, today)

    monkeypatch.setattr(panel_module, "_summary", broken_for_ann)
    rows = clinic.acting(lee).panel.rows()
    assert [r.grant.person_name for r in rows] == ["Ann One", "Bob Two"]  # the problem first
    assert rows[0].problem is not None and "glycinate" in rows[0].problem
    assert rows[1].problem is None
