"""The clinician panel: the patients who share with a clinician, most in need first."""

from __future__ import annotations

from datetime import date

import pytest

from magnerve.domain.access import OPERATOR
from magnerve.errors import Forbidden
from magnerve.services.panel import QUIET_DAYS
from tests.services.conftest import Clinic, Member

TODAY = date(2026, 3, 14)  # the fixed clock's day


def patient_with(clinic: Clinic, lee: Member, name: str) -> Member:
    patient = clinic.patient(name)
    clinic.share(patient, lee)
    return patient


def test_rows_are_sorted_by_need_not_by_name(clinic: Clinic) -> None:
    lee = clinic.clinician()
    # Named so that alphabetical order is the reverse of need.
    urgent = patient_with(clinic, lee, "Zoe Kidney")
    above_ul = patient_with(clinic, lee, "Yan Dose")
    quiet = patient_with(clinic, lee, "Xia Quiet")
    fine = patient_with(clinic, lee, "Abe Fine")

    mine = clinic.acting(urgent)
    mine.profile.set(age=70, sex="female")
    mine.supplements.add_product("Citrate", form="citrate", elemental_mg_per_serving=100)
    mine.labs.add("egfr", 10, "mL/min/1.73m2", day="2026-03-13")  # kidney failure: urgent

    mine = clinic.acting(above_ul)
    mine.profile.set(age=60, sex="male")
    product = mine.supplements.add_product("Oxide", form="oxide", elemental_mg_per_serving=300)
    mine.supplements.log_dose(str(product.product.id), servings=2, day="2026-03-14")  # 600 mg

    clinic.acting(quiet).diary.log_pain("5", day="2026-03-06")  # 8 days ago
    clinic.acting(fine).diary.log_pain("3", day="2026-03-14")

    rows = clinic.acting(lee).panel.rows()

    assert [r.grant.person_name for r in rows] == [
        "Zoe Kidney",
        "Yan Dose",
        "Xia Quiet",
        "Abe Fine",
    ]
    first, second, third, fourth = rows
    assert first.urgent and all(f.severity == "urgent" for f in first.urgent)
    assert any(f.rule_id == "MG-RENAL-KIDNEY-FAILURE" for f in first.urgent)
    assert not second.urgent and second.above_ul
    assert (second.supplemental_mg, second.supplement_ul_mg) == (600, 350)
    assert not first.above_ul or first.supplemental_mg <= (first.supplement_ul_mg or 0)
    assert third.quiet and third.quiet_days == 8 and third.last_logged == date(2026, 3, 6)
    assert not fourth.quiet and fourth.quiet_days == 0
    assert not third.urgent and not third.warnings and not third.above_ul
    assert all(r.today == TODAY for r in rows)


@pytest.mark.parametrize(
    ("last", "quiet"),
    [(None, True), ("2026-03-06", True), ("2026-03-07", True), ("2026-03-08", False)],
)
def test_a_patient_is_quiet_after_a_week_without_entries(
    clinic: Clinic, last: str | None, quiet: bool
) -> None:
    assert QUIET_DAYS == 7
    lee = clinic.clinician()
    patient = patient_with(clinic, lee, "Ann Patient")
    if last is not None:
        clinic.acting(patient).diary.log_pain("4", day=last)
    (row,) = clinic.acting(lee).panel.rows()
    assert row.quiet is quiet
    assert row.last_logged == (None if last is None else date.fromisoformat(last))


def test_any_kind_of_entry_counts_as_activity(clinic: Clinic) -> None:
    lee = clinic.clinician()
    food, dose, lab, removed = (
        patient_with(clinic, lee, name) for name in ("A Food", "B Dose", "C Lab", "D Removed")
    )
    clinic.acting(food).intake.log_food("usda_sr28:12061", "30", "g", day="2026-03-12")
    mine = clinic.acting(dose)
    product = mine.supplements.add_product(
        "Glycinate", form="glycinate", elemental_mg_per_serving=100
    )
    mine.supplements.log_dose(str(product.product.id), day="2026-03-11")
    clinic.acting(lab).labs.add("serum-magnesium", 0.8, "mmol/L", day="2026-03-10")
    mine = clinic.acting(removed)
    entry = mine.intake.log_food("usda_sr28:12061", "30", "g", day="2026-03-13").entry
    mine.intake.remove(entry.id)  # a removed entry does not count

    last = {r.grant.person_name: r.last_logged for r in clinic.acting(lee).panel.rows()}
    assert last == {
        "A Food": date(2026, 3, 12),
        "B Dose": date(2026, 3, 11),
        "C Lab": date(2026, 3, 10),
        "D Removed": None,
    }


def test_the_panel_is_for_clinicians_only(clinic: Clinic) -> None:
    ann, ada = clinic.patient(), clinic.admin()
    for app in (clinic.acting(ann), clinic.acting(ada), clinic.app.for_person("me", OPERATOR)):
        with pytest.raises(Forbidden) as caught:
            app.panel.rows()
        assert caught.value.field == "account"


def test_only_patients_who_share_are_listed_and_revoked_ones_disappear(clinic: Clinic) -> None:
    lee, kim = clinic.clinician(), clinic.clinician("Dr Kim")
    ann = patient_with(clinic, lee, "Ann Patient")
    bob = patient_with(clinic, lee, "Bob Other")
    patient_with(clinic, kim, "Cy Elsewhere")
    clinic.patient("Di Nobody")
    assert {r.grant.person_name for r in clinic.acting(lee).panel.rows()} == {
        "Ann Patient",
        "Bob Other",
    }
    (grant,) = clinic.acting(ann).sharing.grants()
    clinic.acting(ann).sharing.revoke(grant.id)
    assert [r.grant.person_handle for r in clinic.acting(lee).panel.rows()] == [bob.handle]
    assert [r.grant.person_name for r in clinic.acting(kim).panel.rows()] == ["Cy Elsewhere"]


def test_an_empty_panel(clinic: Clinic) -> None:
    assert clinic.acting(clinic.clinician()).panel.rows() == []


def test_panel_reads_are_audited(clinic: Clinic) -> None:
    lee = clinic.clinician()
    ann = patient_with(clinic, lee, "Ann Patient")
    bob = patient_with(clinic, lee, "Bob Other")
    mine = clinic.acting(bob)
    for day in range(1, 15):
        mine.diary.log_pain("5", day=f"2026-03-{day:02d}")
    mine.trial.start(day="2026-03-08")

    clinic.acting(lee).panel.rows()

    def reads(member: Member) -> list[tuple[str, str, str]]:
        log = clinic.acting(member).sharing.audit_log()
        return sorted((e.action, e.area, e.actor_name) for e in log if e.action != "grant")

    # One entry per patient and refresh: the panel read their findings, labs and trial.
    assert reads(ann) == [("read", "panel", "Dr Lee")]
    assert reads(bob) == [("read", "panel", "Dr Lee")]
    row = next(r for r in clinic.acting(lee).panel.rows() if r.grant.person_handle == bob.handle)
    assert row.trial is not None and not row.trial_final
