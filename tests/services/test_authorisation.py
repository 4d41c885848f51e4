"""Authorisation of every person-scoped use case, for every kind of actor.

The table below classifies each public method of every PersonService the Magnerve object
exposes as a read, a write or a note; a new method fails the completeness test until it is
classified here. For each method and actor:

- the owner (a signed-in patient) and the operator (local mode) may read and write, and leave
  nothing in the audit log;
- another patient, a clinician without a grant and an admin get NotFound, nothing changes, and
  the refusal is written to the owner's audit log;
- a clinician with a grant may read (one audit row with the service's area) and add notes, and
  gets Forbidden for writes (nothing changes, a "denied" row).

Each test works on a copy of one seeded database, so every call starts from the same records.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, select

from magnerve.bootstrap import Magnerve
from magnerve.config import Settings
from magnerve.domain.access import OPERATOR, Access
from magnerve.errors import Forbidden, NotFound
from magnerve.services.base import PersonService
from magnerve.storage import tables
from tests.services.conftest import Clinic, Member

# -- what each method is, and a call that succeeds for its owner --------------------------------


@dataclass(frozen=True)
class Ids:
    """The seeded records of one person."""

    product: int
    dose: int
    removed_dose: int
    medication: int
    lab: int
    entry: int
    removed_entry: int


Call = Callable[[Magnerve, Ids], object]

METHODS: dict[str, tuple[Access, Call]] = {
    # profile
    "profile.show": (Access.read, lambda m, i: m.profile.show()),
    "profile.set": (Access.write, lambda m, i: m.profile.set(age=65)),
    # supplements
    "supplements.products": (Access.read, lambda m, i: m.supplements.products()),
    "supplements.doses": (Access.read, lambda m, i: m.supplements.doses("2026-03-13")),
    "supplements.add_product": (
        Access.write,
        lambda m, i: m.supplements.add_product(
            "Citrate 150", form="citrate", elemental_mg_per_serving=150
        ),
    ),
    "supplements.remove_product": (
        Access.write,
        lambda m, i: m.supplements.remove_product(i.product),
    ),
    "supplements.log_dose": (
        Access.write,
        lambda m, i: m.supplements.log_dose(str(i.product), day="2026-03-14"),
    ),
    "supplements.remove_dose": (Access.write, lambda m, i: m.supplements.remove_dose(i.dose)),
    "supplements.restore_dose": (
        Access.write,
        lambda m, i: m.supplements.restore_dose(i.removed_dose),
    ),
    # trial
    "trial.evaluate": (Access.read, lambda m, i: m.trial.evaluate()),
    "trial.start": (Access.write, lambda m, i: m.trial.start(day="2026-03-10")),
    # charts
    "charts.pain": (Access.read, lambda m, i: m.charts.pain()),
    "charts.magnesium": (Access.read, lambda m, i: m.charts.magnesium()),
    "charts.lab": (Access.read, lambda m, i: m.charts.lab("serum-magnesium")),
    # days
    "days.day": (Access.read, lambda m, i: m.days.day("2026-03-13")),
    "days.week": (Access.read, lambda m, i: m.days.week()),
    # food log
    "intake.list": (Access.read, lambda m, i: m.intake.list(day="2026-03-13")),
    "intake.search_foods": (Access.read, lambda m, i: m.intake.search_foods("almonds")),
    "intake.log_food": (
        Access.write,
        lambda m, i: m.intake.log_food("usda_sr28:12061", "20", "g", day="2026-03-14"),
    ),
    "intake.log_text": (
        Access.write,
        lambda m, i: m.intake.log_text("30 g almonds", day="2026-03-14", meal="snack"),
    ),
    "intake.edit": (Access.write, lambda m, i: m.intake.edit(i.entry, amount="40")),
    "intake.remove": (Access.write, lambda m, i: m.intake.remove(i.entry)),
    "intake.restore": (Access.write, lambda m, i: m.intake.restore(i.removed_entry)),
    # diary
    "diary.day": (Access.read, lambda m, i: m.diary.day("2026-03-13")),
    "diary.log_pain": (Access.write, lambda m, i: m.diary.log_pain("4", day="2026-03-14")),
    "diary.log_symptoms": (
        Access.write,
        lambda m, i: m.diary.log_symptoms(scores={"burning": "5"}, day="2026-03-14"),
    ),
    # labs
    "labs.list": (Access.read, lambda m, i: m.labs.list()),
    "labs.schedule": (Access.read, lambda m, i: m.labs.schedule()),
    "labs.add": (
        Access.write,
        lambda m, i: m.labs.add("serum-magnesium", 0.7, "mmol/L", day="2026-03-14"),
    ),
    "labs.remove": (Access.write, lambda m, i: m.labs.remove(i.lab)),
    # medicines
    "medications.list": (Access.read, lambda m, i: m.medications.list()),
    "medications.add": (Access.write, lambda m, i: m.medications.add("omeprazole")),
    "medications.remove": (Access.write, lambda m, i: m.medications.remove(i.medication)),
    "medications.stop": (
        Access.write,
        lambda m, i: m.medications.stop(i.medication, day="2026-03-14"),
    ),
    # findings, plan, screening, report
    "safety.check": (Access.read, lambda m, i: m.safety.check()),
    "plan.plan": (Access.read, lambda m, i: m.plan.plan()),
    "screening.screen": (
        Access.write,
        lambda m, i: m.screening.screen(["muscle-cramps"], day="2026-03-14"),
    ),
    "report.period": (Access.read, lambda m, i: m.report.period()),
    "report.report": (Access.read, lambda m, i: m.report.report()),
    # clinicians' notes
    "notes.list": (Access.read, lambda m, i: m.notes.list()),
    "notes.add": (Access.note, lambda m, i: m.notes.add("Please bring your tablets.")),
}

#: Static reference look-ups on person services: they take no person and touch no records.
REFERENCE = {
    "supplements.forms",
    "supplements.elemental",
    "medications.recognize",
    "medications.classes",
    "medications.concerns_magnesium",
    "screening.table",
}

READS = sorted(name for name, (access, _) in METHODS.items() if access is Access.read)
WRITES = sorted(name for name, (access, _) in METHODS.items() if access is Access.write)
ALL = sorted(METHODS)


def person_services(app: Magnerve) -> dict[str, PersonService]:
    """Every PersonService the Magnerve object exposes, by attribute name."""
    found = {}
    for name, member in vars(type(app)).items():
        if not isinstance(member, cached_property) or name in ("engine", "food_db"):
            continue
        service = getattr(app, name)
        if isinstance(service, PersonService):
            found[name] = service
    return found


def test_every_public_method_is_classified(magnerve: Magnerve) -> None:
    services = person_services(magnerve)
    expected = {
        "profile", "intake", "supplements", "medications", "safety", "labs", "plan", "days",
        "diary", "trial", "screening", "charts", "report", "notes",
    }  # fmt: skip
    assert expected <= set(services), sorted(expected - set(services))
    public: set[str] = set()
    for name, service in services.items():
        for attribute in dir(type(service)):
            if attribute.startswith("_") or not callable(getattr(service, attribute)):
                continue
            if attribute == "check_visible":  # the shared look-ahead check, tested below
                continue
            public.add(f"{name}.{attribute}")
    unclassified = public - set(METHODS) - REFERENCE
    assert not unclassified, f"classify as read, write or note in METHODS: {sorted(unclassified)}"
    assert not set(METHODS) - public, "METHODS names a method that is gone"
    assert not REFERENCE - public, "REFERENCE names a method that is gone"
    for name in REFERENCE:
        service, attribute = name.split(".")
        raw = vars(type(services[service])).get(attribute)
        assert isinstance(raw, staticmethod), f"{name} is not a static look-up any more"


# -- one seeded database, copied for each test ----------------------------------------------


def seed(app: Magnerve) -> Ids:
    """Records for ``app``'s person, made through the services as its actor."""
    app.profile.set(age=64, sex="female")
    product = app.supplements.add_product(
        "Glycinate 100", form="glycinate", elemental_mg_per_serving=100
    ).product
    dose = app.supplements.log_dose(str(product.id), day="2026-03-13").dose
    removed_dose = app.supplements.log_dose(str(product.id), day="2026-03-12").dose
    app.supplements.remove_dose(removed_dose.id)
    medication = app.medications.add("metformin", started="2026-01-01").entry
    app.labs.add("serum-magnesium", 0.75, "mmol/L", day="2026-02-01")
    lab = app.labs.add("serum-magnesium", 0.8, "mmol/L", day="2026-03-01").result
    entry = app.intake.log_food("usda_sr28:12061", "30", "g", day="2026-03-13").entry
    removed_entry = app.intake.log_food("usda_sr28:12061", "10", "g", day="2026-03-12").entry
    app.intake.remove(removed_entry.id)
    for day in range(1, 14):
        app.diary.log_pain(str(4 + day % 3), day=f"2026-03-{day:02d}")
    app.trial.start(day="2026-03-08", product=str(product.id))
    return Ids(
        product.id, dose.id, removed_dose.id, medication.id, lab.id, entry.id, removed_entry.id
    )


@dataclass(frozen=True)
class Seeded:
    file: Path
    owner: Member
    other_patient: Member
    granted: Member
    ungranted: Member
    admin: Member
    owner_ids: Ids
    operator_ids: Ids


@pytest.fixture(scope="module")
def seeded(
    tmp_path_factory: pytest.TempPathFactory, food_db_dir: Path, password_hasher: Any
) -> Seeded:
    folder = tmp_path_factory.mktemp("authorisation")
    with pytest.MonkeyPatch.context() as env:
        env.delenv("MAGNERVE_PERSON", raising=False)
        settings = Settings(
            database_url=str(folder / "seeded.sqlite3"),
            data_dir=folder / "data",
            food_db_dir=food_db_dir,
        )
        clinic = Clinic(settings, password_hasher)
        try:
            owner = clinic.patient("Olive Owner")
            other = clinic.patient("Pat Other")
            granted, ungranted = clinic.clinician("Dr Grant"), clinic.clinician("Dr Nogrant")
            admin = clinic.admin()
            clinic.share(owner, granted)
            owner_ids = seed(clinic.acting(owner))
            operator_ids = seed(clinic.app)  # local mode: the operator and 'me'
            clinic.acting(granted, owner.handle).notes.add("Seen in clinic.")
        finally:
            clinic.close()
    return Seeded(
        folder / "seeded.sqlite3", owner, other, granted, ungranted, admin, owner_ids, operator_ids
    )


@pytest.fixture
def clinic(
    seeded: Seeded, settings: Settings, password_hasher: Any, tmp_path: Path
) -> Iterator[Clinic]:
    copy = tmp_path / "copy.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        source = Path(str(seeded.file) + suffix)
        if source.exists():
            shutil.copyfile(source, Path(str(copy) + suffix))
    made = Clinic(settings.model_copy(update={"database_url": str(copy)}), password_hasher)
    yield made
    made.close()


#: Tables that hold what a person has; the audit log is checked on its own.
RECORD_TABLES = [
    t for t in tables.metadata.sorted_tables if t.name not in ("audit_event", "attempt")
]


def snapshot(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    with engine.connect() as conn:
        return {
            t.name: sorted(tuple(r) for r in conn.execute(select(t)).all()) for t in RECORD_TABLES
        }


def audit(engine: Engine, person_handle: str) -> list[tuple[str, str, str]]:
    """The person's audit rows, oldest first: (action, area, who)."""
    a, p = tables.audit_event, tables.person
    with engine.connect() as conn:
        rows = conn.execute(
            select(a.c.action, a.c.area, a.c.actor_name)
            .join(p, p.c.id == a.c.person_id)
            .where(p.c.handle == person_handle)
            .order_by(a.c.id)
        ).all()
    return [tuple(r) for r in rows]  # type: ignore[misc]


_AREAS = {
    "profile": "profile",
    "supplements": "supplements",
    "trial": "trial",
    "charts": "charts",
    "days": "days",
    "intake": "food log",
    "diary": "diary",
    "labs": "labs",
    "medications": "medicines",
    "safety": "findings",
    "plan": "plan",
    "screening": "screening",
    "report": "report",
    "notes": "notes",
}


def call(app: Magnerve, method: str, ids: Ids) -> object:
    return METHODS[method][1](app, ids)


# -- the owner and the operator --------------------------------------------------------------


@pytest.mark.parametrize("method", ALL)
def test_the_owner_may_read_and_write_and_is_not_audited(
    clinic: Clinic, seeded: Seeded, method: str
) -> None:
    engine = clinic.app.engine
    before = snapshot(engine)
    audit_before = audit(engine, seeded.owner.handle or "")
    app = clinic.acting(seeded.owner)
    if METHODS[method][0] is Access.note:
        with pytest.raises(Forbidden):  # notes are a clinician's
            call(app, method, seeded.owner_ids)
        assert snapshot(engine) == before
    else:
        call(app, method, seeded.owner_ids)
        assert (snapshot(engine) != before) is (method in WRITES), method
    assert audit(engine, seeded.owner.handle or "") == audit_before


@pytest.mark.parametrize("method", ALL)
def test_the_operator_keeps_working_as_before(clinic: Clinic, seeded: Seeded, method: str) -> None:
    engine = clinic.app.engine
    before = snapshot(engine)
    app = clinic.app  # local mode: the operator, on 'me'
    assert app.actor == OPERATOR and app.person_handle == "me"
    if METHODS[method][0] is Access.note:
        with pytest.raises(Forbidden):
            call(app, method, seeded.operator_ids)
    else:
        call(app, method, seeded.operator_ids)
        assert (snapshot(engine) != before) is (method in WRITES), method
    assert audit(engine, "me") == []


# -- everyone else -----------------------------------------------------------------------------


def _refused(
    clinic: Clinic, seeded: Seeded, member: Member, method: str, error: type[Exception]
) -> None:
    engine = clinic.app.engine
    before = snapshot(engine)
    audit_before = audit(engine, seeded.owner.handle or "")
    with pytest.raises(error) as caught:
        call(clinic.acting(member, seeded.owner.handle), method, seeded.owner_ids)
    assert type(caught.value) is error  # Forbidden is not NotFound and vice versa
    assert getattr(caught.value, "field", None) == "person"
    assert snapshot(engine) == before, f"{method} changed something"
    assert audit(engine, seeded.owner.handle or "") == [
        *audit_before,
        ("denied", _AREAS[method.split(".")[0]], member.name),
    ]


@pytest.mark.parametrize("who", ["other_patient", "ungranted", "admin"])
@pytest.mark.parametrize("method", ALL)
def test_anyone_without_access_gets_not_found_and_changes_nothing(
    clinic: Clinic, seeded: Seeded, method: str, who: str
) -> None:
    _refused(clinic, seeded, getattr(seeded, who), method, NotFound)


@pytest.mark.parametrize("method", WRITES)
def test_a_granted_clinician_may_not_write(clinic: Clinic, seeded: Seeded, method: str) -> None:
    _refused(clinic, seeded, seeded.granted, method, Forbidden)


#: Reads made of several reads: each part is audited under its own area (see the test below).
COMPOSITE_READS = {"report.report"}


@pytest.mark.parametrize("method", [m for m in READS if m not in COMPOSITE_READS])
def test_a_granted_clinician_may_read_and_each_read_is_audited_once(
    clinic: Clinic, seeded: Seeded, method: str
) -> None:
    engine = clinic.app.engine
    before = snapshot(engine)
    audit_before = audit(engine, seeded.owner.handle or "")
    call(clinic.acting(seeded.granted, seeded.owner.handle), method, seeded.owner_ids)
    assert snapshot(engine) == before
    assert audit(engine, seeded.owner.handle or "") == [
        *audit_before,
        ("read", _AREAS[method.split(".")[0]], "Dr Grant"),
    ]


def test_the_report_is_audited_for_every_part_it_reads(clinic: Clinic, seeded: Seeded) -> None:
    engine = clinic.app.engine
    before = snapshot(engine)
    audit_before = audit(engine, seeded.owner.handle or "")
    call(clinic.acting(seeded.granted, seeded.owner.handle), "report.report", seeded.owner_ids)
    new = audit(engine, seeded.owner.handle or "")[len(audit_before) :]
    assert {who for _, _, who in new} == {"Dr Grant"}
    assert {action for action, _, _ in new} == {"read"}
    assert {"report", "findings", "plan", "charts", "profile"} <= {area for _, area, _ in new}
    assert snapshot(engine) == before


def test_the_look_ahead_check_refuses_like_a_use_case_but_logs_no_read(
    clinic: Clinic, seeded: Seeded
) -> None:
    engine = clinic.app.engine
    handle = seeded.owner.handle or ""
    audit_before = audit(engine, handle)
    clinic.acting(seeded.granted, handle).profile.check_visible()  # allowed: nothing logged
    assert audit(engine, handle) == audit_before
    stranger = clinic.patient("Sam Stranger")
    with pytest.raises(NotFound) as caught:
        clinic.acting(stranger, handle).profile.check_visible()
    assert caught.value.field == "person"
    assert audit(engine, handle)[len(audit_before) :] == [("denied", "records", "Sam Stranger")]


def test_a_granted_clinician_may_add_a_note(clinic: Clinic, seeded: Seeded) -> None:
    engine = clinic.app.engine
    audit_before = audit(engine, seeded.owner.handle or "")
    note = call(clinic.acting(seeded.granted, seeded.owner.handle), "notes.add", seeded.owner_ids)
    assert getattr(note, "author_name", None) == "Dr Grant"
    assert [n.text for n in clinic.acting(seeded.owner).notes.list()] == [
        "Please bring your tablets.",
        "Seen in clinic.",
    ]
    assert audit(engine, seeded.owner.handle or "") == [
        *audit_before,
        ("note", "notes", "Dr Grant"),
    ]


def test_the_granted_clinician_sees_only_the_patient_who_shared(
    clinic: Clinic, seeded: Seeded
) -> None:
    answers = set()
    # Someone else's records, local mode's person, and people who do not exist at all get
    # the same answer: nobody can learn who has records here by trying handles.
    for handle in (seeded.other_patient.handle, "me", "example", "p-0000000000"):
        with pytest.raises(NotFound) as caught:
            clinic.acting(seeded.granted, handle).labs.list()
        error = caught.value
        answers.add((error.message.replace(str(handle), "HANDLE"), error.hint, error.field))
    assert len(answers) == 1, answers


def test_a_replayed_idempotency_key_is_authorised_first(clinic: Clinic, seeded: Seeded) -> None:
    owner = clinic.acting(seeded.owner)
    first = owner.intake.log_food(
        "usda_sr28:12061", "5", "g", day="2026-03-14", idempotency_key="k1"
    )
    engine = clinic.app.engine
    before = snapshot(engine)
    clinician = clinic.acting(seeded.granted, seeded.owner.handle)
    with pytest.raises(Forbidden):
        clinician.intake.log_food(
            "usda_sr28:12061", "5", "g", day="2026-03-14", idempotency_key="k1"
        )
    with pytest.raises(NotFound):
        clinic.acting(seeded.other_patient, seeded.owner.handle).intake.log_food(
            "usda_sr28:12061", "5", "g", day="2026-03-14", idempotency_key="k1"
        )
    assert snapshot(engine) == before
    again = owner.intake.log_food(
        "usda_sr28:12061", "5", "g", day="2026-03-14", idempotency_key="k1"
    )
    assert again.entry.id == first.entry.id


def test_the_area_names_match_the_services(magnerve: Magnerve) -> None:
    for name, service in person_services(magnerve).items():
        assert service.area == _AREAS[name], name


# -- PostgreSQL ------------------------------------------------------------------------------


@pytest.mark.postgres
def test_denial_and_audit_on_postgresql(pg_clinic: Clinic) -> None:
    clinic = pg_clinic
    owner, other = clinic.patient("Olive Owner"), clinic.patient("Pat Other")
    granted = clinic.clinician("Dr Grant")
    clinic.share(owner, granted)
    ids = seed(clinic.acting(owner))
    engine = clinic.app.engine
    before = snapshot(engine)
    with pytest.raises(NotFound):
        clinic.acting(other, owner.handle).labs.add("serum-magnesium", 0.7, "mmol/L")
    with pytest.raises(Forbidden):
        clinic.acting(granted, owner.handle).medications.remove(ids.medication)
    clinic.acting(granted, owner.handle).labs.list()
    assert snapshot(engine) == before
    assert audit(engine, owner.handle or "")[-3:] == [
        ("denied", "labs", "Pat Other"),
        ("denied", "medicines", "Dr Grant"),
        ("read", "labs", "Dr Grant"),
    ]
