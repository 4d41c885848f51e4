"""A rich source database for the backup tests, and field-by-field comparison of two databases.

The example person (14 weeks from ``demo load``) plus a second person, Ana, whose rows are
inserted directly so that every nullable column of every exported table is empty somewhere and
set somewhere; accounts (a patient, a clinician, one removed), a care grant, notes and audit
events; awkward values (non-ASCII text, floats that print long, microseconds); and an eGFR row
whose source reading was stored after it (a parent with a higher id than its child).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Connection, Engine, func, insert, select, update

from magnerve.storage import tables as t
from magnerve.storage.backup import CLINIC_TABLES, PERSON_TABLES, plans

T0 = datetime(2026, 1, 2, 3, 4, 5, 123456, tzinfo=UTC)
T1 = datetime(2026, 2, 3, 4, 5, 6, tzinfo=UTC)
D0 = date(2026, 1, 2)
LONG_FLOAT = 0.1 + 0.2  # 0.30000000000000004
TINY_FLOAT = 5e-324
NAME = "Ana Łucja Müller-Ñúñez 🌿"


def _add(conn: Connection, table: Any, **values: Any) -> int:
    result = conn.execute(insert(table).values(**values))
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])


def add_ana_and_clinic(conn: Connection) -> None:
    """Ana's records and the clinic tables, next to the example person."""
    example = conn.execute(select(t.person.c.id).where(t.person.c.handle == "example")).scalar()
    ana = _add(conn, t.person, handle="ana", display_name=NAME, is_example=False, created_at=T0)
    _add(
        conn,
        t.profile,
        person_id=ana,
        birth_date=date(1957, 5, 17),
        pregnant=False,
        lactating=True,
        timezone="Europe/Warsaw",
        updated_at=T0,
        breakfast_time="07:30",
        lunch_time="12:15",
        dinner_time="18:45",
        magnesium_target_mg=LONG_FLOAT * 1000,
        magnesium_prescribed_mg=250.0,
        lab_interval_months=3,
    )
    _add(
        conn,
        t.intake_entry,
        person_id=ana,
        local_date=D0,
        meal="lunch",
        food_id="ciqual:20047",
        description="Épinards, crus — «frais»",
        input_text="a handful of spinach",
        amount=LONG_FLOAT,
        unit=None,
        portion_label=None,
        grams=TINY_FLOAT,
        nutrients={"magnesium_mg": LONG_FLOAT, "energy_kcal": None, "nested": {"é": [1, 2.5]}},
        food_data_version="v1",
        logged_at=T0,
        updated_at=T1,
        deleted_at=T1,
    )
    product = _add(
        conn,
        t.supplement_product,
        person_id=ana,
        name="Citrate 200",
        brand="Brand “quoted”",
        form_id="citrate",
        basis="compound",
        label_mg_per_serving=1250.0,
        elemental_mg_per_serving=200.0,
        serving_unit="tablet",
        b12_ug=2.4,
        ala_mg=600.0,
        calcium_mg=10.0,
        zinc_mg=5.5,
        vitamin_d_ug=25.0,
        created_at=T0,
        archived_at=T1,
    )
    _add(
        conn,
        t.supplement_dose,
        person_id=ana,
        product_id=product,
        local_date=D0,
        local_time=None,
        servings=1.5,
        elemental_mg=300.0,
        b12_ug=3.6,
        ala_mg=900.0,
        logged_at=T0,
        deleted_at=T1,
    )
    _add(
        conn,
        t.medication,
        person_id=ana,
        input="duloxetine 60 mg",
        ingredients=["duloxetine"],
        classes=["snri"],
        recognized=True,
        times=[],
        started_on=None,
        stopped_on=None,
        created_at=T0,
        deleted_at=T1,
    )
    # The eGFR is stored first and its creatinine afterwards: the parent has the higher id.
    lab = {"person_id": ana, "local_date": D0, "logged_at": T0}
    egfr = _add(
        conn,
        t.lab_result,
        **lab,
        analyte="egfr",
        value=71.0,
        unit="mL/min/1.73m2",
        canonical_value=71.0,
        canonical_unit="mL/min/1.73m2",
        flag=None,
        deleted_at=T1,
    )
    creatinine = _add(
        conn,
        t.lab_result,
        **lab,
        analyte="creatinine",
        value=88.4,
        unit="umol/L",
        canonical_value=1.0,
        canonical_unit="mg/dL",
        flag="high",
    )
    conn.execute(
        update(t.lab_result).where(t.lab_result.c.id == egfr).values(derived_from_id=creatinine)
    )
    _add(
        conn,
        t.diary_value,
        person_id=ana,
        local_date=D0,
        item="pain",
        number=None,
        text="worse at night",
        logged_at=T0,
        replaced_at=T1,
    )
    _add(conn, t.trial, person_id=ana, start_date=D0, product_id=None, created_at=T0, ended_at=T1)
    _add(
        conn, t.trial, person_id=ana, start_date=date(2026, 2, 3), product_id=product, created_at=T1
    )
    _add(
        conn,
        t.screening,
        person_id=ana,
        local_date=D0,
        symptoms=["cramps", "fatigue"],
        risk_factors=[],
        logged_at=T0,
    )
    account = {"password_hash": "$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA", "created_at": T0}
    patient = _add(
        conn,
        t.account,
        **account,
        email="example@example.org",
        display_name="Example",
        role="patient",
        person_id=example,
        password_changed_at=T1,
    )
    clinician = _add(
        conn,
        t.account,
        **account,
        email="dr.who@example.org",
        display_name="Dr Who",
        role="clinician",
        person_id=None,
        password_changed_at=T0,
    )
    _add(
        conn,
        t.account,
        **account,
        email="admin@example.org",
        display_name="Admin",
        role="admin",
        person_id=None,
        password_changed_at=T0,
    )
    for person in (example, ana):
        _add(
            conn,
            t.care_grant,
            person_id=person,
            clinician_account_id=clinician,
            granted_at=T0,
            revoked_at=T1 if person == ana else None,
        )
        _add(
            conn,
            t.care_note,
            person_id=person,
            author_account_id=clinician,
            author_name="Dr Who",
            kind="recommendation",
            text="Try it with food.",
            created_at=T0,
            deleted_at=None,
        )
        _add(
            conn,
            t.care_note,
            person_id=person,
            author_account_id=None,
            author_name="A former colleague",
            kind="note",
            text="Seen.",
            created_at=T1,
            deleted_at=T1,
        )
        _add(
            conn,
            t.audit_event,
            person_id=person,
            account_id=clinician,
            actor_name="Dr Who",
            actor_role="clinician",
            action="read",
            area="labs",
            at=T0,
        )
        _add(
            conn,
            t.audit_event,
            person_id=person,
            account_id=None,
            actor_name="Removed account",
            actor_role="clinician",
            action="revoke",
            area="sharing",
            at=T1,
        )
    _add(
        conn,
        t.audit_event,
        person_id=example,
        account_id=patient,
        actor_name="Example",
        actor_role="patient",
        action="grant",
        area="sharing",
        at=T1,
    )
    # Rows that are never exported, to show they stay behind.
    _add(
        conn,
        t.auth_session,
        token_hash="a" * 64,
        account_id=patient,
        created_at=T0,
        last_seen_at=T0,
        expires_at=T1,
    )
    _add(conn, t.attempt, kind="sign_in", subject="b" * 64, client="c" * 64, at=T0, succeeded=False)
    _add(
        conn,
        t.share_invite,
        code_hash="d" * 64,
        kind="patient",
        created_by_account_id=patient,
        person_id=example,
        created_at=T0,
        expires_at=T1,
    )
    _add(
        conn,
        t.idempotency_key,
        person_id=example,
        key="k1",
        operation="log_food",
        request_hash="e" * 64,
        result={"id": 1},
        created_at=T0,
    )


def row_counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {
            name: int(conn.execute(select(func.count()).select_from(table)).scalar_one())
            for name, table in t.metadata.tables.items()
        }


def _normal(value: Any) -> Any:
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(UTC)
    return value


def _rows(conn: Connection, name: str, handles: Iterable[str] | None) -> list[dict[str, Any]]:
    table = t.metadata.tables[name]
    people = {int(i): str(h) for i, h in conn.execute(select(t.person.c.id, t.person.c.handle))}
    rows = [
        {k: _normal(v) for k, v in r._mapping.items()}
        for r in conn.execute(select(table).order_by(*table.primary_key.columns))
    ]
    plan = plans()[name]
    owner = plan.owner or ("id" if name == "person" else None)
    if owner is None or handles is None:
        return rows
    wanted = set(handles)
    return [r for r in rows if people[r[owner]] in wanted]


def compare_databases(
    source: Engine, target: Engine, *, handles: list[str] | None, accounts: bool
) -> int:
    """Every row of every exported table of ``source`` (for ``handles``, or all) is in
    ``target`` with every column equal: ids through the id mapping, references by what they
    point at. Returns how many values were compared."""
    names = [*PERSON_TABLES, *(CLINIC_TABLES if accounts else ())]
    ordered = [name for name in plans() if name in names]  # parents first
    mapping: dict[str, dict[int, int]] = {}
    compared = 0
    with source.connect() as a, target.connect() as b:
        target_people = dict(b.execute(select(t.person.c.handle, t.person.c.id)).all())
        source_people = dict(a.execute(select(t.person.c.id, t.person.c.handle)).all())
        kept = handles if handles is not None else list(source_people.values())
        for name in ordered:
            plan = plans()[name]
            left, right = _rows(a, name, handles), _rows(b, name, kept)
            assert len(left) == len(right), f"{name}: {len(left)} rows, {len(right)} restored"

            def signature(row: dict[str, Any], people: dict[int, str], plan: Any = plan) -> Any:
                owner = people[row[plan.owner]] if plan.owner else None
                rest = tuple(
                    (k, repr(v))
                    for k, v in row.items()
                    if k not in {plan.key, plan.owner, *plan.refs}
                )
                return owner, rest

            by_signature = {
                signature(r, {v: k for k, v in target_people.items()}): r for r in right
            }
            assert len(by_signature) == len(right), f"{name}: rows not told apart in the test"
            keys = [signature(r, source_people) for r in left]
            assert len(set(keys)) == len(left), f"{name}: rows not told apart in the test"
            for row, key in zip(left, keys, strict=True):
                assert key in by_signature, f"{name}: row {row} was not restored"
                other = by_signature[key]
                for column, value in row.items():
                    compared += 1
                    if column == plan.key:
                        mapping.setdefault(name, {})[value] = other[column]
                    elif column == plan.owner:
                        assert target_people[source_people[value]] == other[column]
                    elif column in plan.refs:
                        target_table = plan.refs[column]
                        if value is None or target_table not in names:
                            assert other[column] is None, f"{name}.{column}: {other[column]}"
                        else:
                            wanted = mapping[target_table].get(value)
                            if wanted is None:  # a row of the same table stored later
                                continue
                            assert other[column] == wanted, f"{name}.{column}"
                    else:
                        assert other[column] == value and type(other[column]) is type(value), (
                            f"{name}.{column}: {other[column]!r} != {value!r}"
                        )
        _check_late_parents(a, b, mapping)
    return compared


def _check_late_parents(a: Connection, b: Connection, mapping: dict[str, dict[int, int]]) -> None:
    """References to rows of the same table stored later (skipped above) point right too."""
    for name, plan in plans().items():
        if name not in mapping:
            continue
        for column in plan.self_refs:
            table = plan.table
            pairs = a.execute(select(table.c[plan.key or "id"], table.c[column])).all()
            restored = dict(b.execute(select(table.c[plan.key or "id"], table.c[column])).all())
            for row_id, parent in pairs:
                if row_id in mapping[name]:
                    expected = None if parent is None else mapping[name][parent]
                    assert restored[mapping[name][row_id]] == expected, f"{name}.{column}"
