"""Idempotency keys on every create use case: a request sent again with its key gives back the
first answer and adds nothing; the same key for other data is refused; keys belong to one person;
requests racing with the same key make one record."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import func, select

from magnerve.config import Settings
from magnerve.errors import Conflict, InvalidInput
from magnerve.services.idempotency import keyed, request_hash, run_once
from magnerve.services.unit_of_work import transaction
from magnerve.storage import tables
from tests.conftest import FIXED_NOW

DAY = "2026-03-12"


@dataclass(frozen=True)
class Case:
    """One create use case: ``call(app, key, variant)`` makes a record (variant 0 or 1 are two
    different requests); ``table`` is where it lands; ``setup`` makes what it needs."""

    name: str
    table: Any
    call: Callable[[Any, str | None, int], Any]
    setup: Callable[[Any], None] = lambda app: None


def _product(app: Any) -> None:
    app.supplements.add_product("Glycinate 100", form="glycinate", elemental_mg_per_serving=100)


def _trial_setup(app: Any) -> None:
    """A product, pain logged before the start, and a trial the new one replaces."""
    _product(app)
    for day in ("2026-03-08", "2026-03-09", "2026-03-10"):
        app.diary.log_pain("6", day=day)
    app.trial.start(day="2026-03-09")


CASES = [
    Case(
        "intake.log_text",
        tables.intake_entry,
        lambda app, key, v: app.intake.log_text(
            f"{30 + 10 * v} g almonds", day=DAY, meal="snack", idempotency_key=key
        ),
    ),
    Case(
        "intake.log_food",
        tables.intake_entry,
        lambda app, key, v: app.intake.log_food(
            "usda_sr28:11457", str(1 + v), "cup", day=DAY, meal="lunch", idempotency_key=key
        ),
    ),
    Case(
        "supplements.add_product",
        tables.supplement_product,
        lambda app, key, v: app.supplements.add_product(
            "Citrate", form="citrate", elemental_mg_per_serving=100 + v, idempotency_key=key
        ),
    ),
    Case(
        "supplements.log_dose",
        tables.supplement_dose,
        lambda app, key, v: app.supplements.log_dose(
            "Glycinate", servings=1 + v, day=DAY, time="08:00", idempotency_key=key
        ),
        _product,
    ),
    Case(
        "medications.add",
        tables.medication,
        lambda app, key, v: app.medications.add(
            ["metformin 500 mg", "furosemide"][v], times="08:00", idempotency_key=key
        ),
    ),
    Case(
        "labs.add",
        tables.lab_result,
        lambda app, key, v: app.labs.add(
            "serum-magnesium", 0.8 - v / 10, "mmol/L", day=DAY, idempotency_key=key
        ),
    ),
    Case(
        "labs.add (creatinine with its eGFR)",
        tables.lab_result,
        lambda app, key, v: app.labs.add(
            "creatinine", 1.0 + v / 10, "mg/dL", day=DAY, idempotency_key=key
        ),
        lambda app: app.profile.set(age=68, sex="female", diabetes="type2"),
    ),
    Case(
        "diary.log_pain",
        tables.diary_value,
        lambda app, key, v: app.diary.log_pain(str(5 + v), day=DAY, idempotency_key=key),
        lambda app: app.diary.log_pain("4", day=DAY),  # a value the new one replaces
    ),
    Case(
        "diary.log_symptoms",
        tables.diary_value,
        lambda app, key, v: app.diary.log_symptoms(
            scores={"burning": str(6 + v)}, gi="mild", day=DAY, idempotency_key=key
        ),
    ),
    Case(
        "trial.start",
        tables.trial,
        lambda app, key, v: app.trial.start(
            day=f"2026-03-1{1 + v}", product="Glycinate", idempotency_key=key
        ),
        _trial_setup,
    ),
    Case(
        "screening.screen",
        tables.screening,
        lambda app, key, v: app.screening.screen(
            [["muscle-cramps"], ["tremor", "fatigue"]][v], risks=("alcohol",), idempotency_key=key
        ),
    ),
]

by_name = pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])


def count(app: Any, table: Any) -> int:
    with app.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


def keys_stored(app: Any) -> int:
    return count(app, tables.idempotency_key)


@by_name
def test_the_same_key_twice_makes_one_record_and_gives_the_same_answer(
    magnerve: Any, case: Case
) -> None:
    case.setup(magnerve)
    before = count(magnerve, case.table)
    first = case.call(magnerve, "key-1", 0)
    after_first = count(magnerve, case.table)
    assert after_first > before
    again = case.call(magnerve, "key-1", 0)
    assert again == first
    assert count(magnerve, case.table) == after_first
    assert keys_stored(magnerve) == 1


@by_name
def test_the_same_key_for_other_data_is_refused_and_adds_nothing(magnerve: Any, case: Case) -> None:
    case.setup(magnerve)
    case.call(magnerve, "key-1", 0)
    made = count(magnerve, case.table)
    with pytest.raises(Conflict) as refused:
        case.call(magnerve, "key-1", 1)
    assert [(e.field, e.message) for e in refused.value.errors] == [
        ("idempotency_key", "was already used for a different request")
    ]
    assert count(magnerve, case.table) == made
    assert keys_stored(magnerve) == 1


@by_name
def test_without_a_key_each_request_makes_a_record(magnerve: Any, case: Case) -> None:
    case.setup(magnerve)
    before = count(magnerve, case.table)
    case.call(magnerve, None, 0)
    once = count(magnerve, case.table)
    case.call(magnerve, None, 0)
    assert count(magnerve, case.table) - once == once - before > 0
    assert keys_stored(magnerve) == 0


@by_name
def test_a_key_belongs_to_one_person(magnerve: Any, case: Case) -> None:
    with transaction(magnerve.engine) as repos:
        repos.people.create("other", "Someone else", is_example=False, now=FIXED_NOW)
    other = magnerve.for_person("other")
    case.setup(magnerve)
    case.setup(other)
    before = count(magnerve, case.table)
    mine = case.call(magnerve, "shared-key", 0)
    made_once = count(magnerve, case.table) - before
    theirs = case.call(other, "shared-key", 0)
    assert count(magnerve, case.table) - before == 2 * made_once
    assert theirs.person.handle == "other" and mine.person.handle == "me"
    assert keys_stored(magnerve) == 2


@by_name
def test_requests_racing_with_one_key_make_one_record(magnerve: Any, case: Case) -> None:
    case.setup(magnerve)
    before = count(magnerve, case.table)
    case.call(magnerve, None, 0)  # how many rows one request makes
    per_request = count(magnerve, case.table) - before
    start = threading.Barrier(6)
    answers: list[Any] = []
    failures: list[BaseException] = []

    def send() -> None:
        start.wait()
        try:
            answers.append(case.call(magnerve, "racing-key", 1))
        except BaseException as exc:  # reported below
            failures.append(exc)

    threads = [threading.Thread(target=send) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []
    assert len(answers) == 6 and all(a == answers[0] for a in answers)
    assert count(magnerve, case.table) - before == 2 * per_request
    assert keys_stored(magnerve) == 1


def test_a_key_used_for_another_operation_is_refused(magnerve: Any) -> None:
    magnerve.labs.add("serum-magnesium", 0.8, "mmol/L", idempotency_key="k")
    with pytest.raises(Conflict):
        magnerve.diary.log_pain("5", idempotency_key="k")
    assert magnerve.diary.day().values == []


@pytest.mark.parametrize("bad", ["", "x" * 129, "naïve", "tab\there", "new\nline"])
def test_a_key_must_be_1_to_128_printable_ascii_characters(magnerve: Any, bad: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        magnerve.labs.add("serum-magnesium", 0.8, "mmol/L", idempotency_key=bad)
    assert refused.value.field == "idempotency_key"
    assert not isinstance(refused.value, Conflict)
    assert magnerve.labs.list()[1] == []


def test_the_longest_key_and_every_printable_character_are_accepted(magnerve: Any) -> None:
    printable = "".join(chr(c) for c in range(0x20, 0x7F))
    for key in ("k" * 128, printable):
        magnerve.labs.add("serum-magnesium", 0.8, "mmol/L", idempotency_key=key)
    assert len(magnerve.labs.list()[1]) == 2


def test_a_bad_key_is_named_even_when_the_rest_is_wrong_too(magnerve: Any) -> None:
    with pytest.raises(InvalidInput) as refused:
        magnerve.supplements.log_dose("nothing", servings=-1, idempotency_key="")
    assert refused.value.field == "idempotency_key"


def test_the_request_hash_reads_numbers_and_keys_canonically() -> None:
    assert request_hash("op", {"a": 1, "b": [2, None]}) == request_hash(
        "op", {"b": (2.0, None), "a": 1.0}
    )
    assert request_hash("op", {"a": 1}) != request_hash("op", {"a": 2})
    assert request_hash("op", {"a": 1}) != request_hash("other", {"a": 1})
    assert request_hash("op", {"a": "1"}) != request_hash("op", {"a": 1})
    assert len(request_hash("op", {})) == 64


def test_a_replay_after_the_record_was_removed_adds_nothing(magnerve: Any) -> None:
    added = magnerve.labs.add("serum-magnesium", 0.8, "mmol/L", idempotency_key="k")
    magnerve.labs.remove(added.result.id)
    with pytest.raises(Conflict) as refused:
        magnerve.labs.add("serum-magnesium", 0.8, "mmol/L", idempotency_key="k")
    assert refused.value.field == "idempotency_key"
    assert magnerve.labs.list()[1] == []


def test_a_diary_replay_shows_the_values_replaced_the_first_time(magnerve: Any) -> None:
    magnerve.diary.log_pain("4", day=DAY)
    first = magnerve.diary.log_pain("6", day=DAY, idempotency_key="k")
    assert [v.number for v in first.replaced] == [4]
    again = magnerve.diary.log_pain("6", day=DAY, idempotency_key="k")
    assert again == first
    assert [v.number for v in magnerve.diary.day(DAY).values] == [6]


def _race(settings: Settings) -> None:
    """Another request with the same key commits between this one's look-up and its insert
    (made certain, not left to thread timing): this one's work is rolled back whole and it
    answers with the other's result."""
    from magnerve.bootstrap import Magnerve
    from magnerve.services.clock import FixedClock

    app = Magnerve(settings, clock=FixedClock(FIXED_NOW))
    try:
        app.profile.set(age=68, sex="female")  # the person exists before the race
        engine, clock = app.engine, app.clock
        request = keyed("race", "test.screening", symptoms=["muscle-cramps"])
        attempts: list[int] = []

        def begin(repos: Any) -> tuple[Any, None]:
            return repos.people.get_by_handle("me"), None

        def create(repos: Any, person: Any, _: None) -> tuple[int, dict[str, int]]:
            attempts.append(1)
            if len(attempts) == 1:  # the other request runs to the end meanwhile
                other = run_once(engine, clock, request, begin=begin, create=create, replay=replay)
                assert other == 1  # it made screening 1 and stored the key
            saved = repos.screenings.add(
                person.id,
                day=FIXED_NOW.date(),
                symptoms=("muscle-cramps",),
                risk_factors=(),
                now=FIXED_NOW,
            )
            return saved.id, {"screening_id": saved.id}

        def replay(repos: Any, person: Any, stored: Any) -> int:
            return int(stored["screening_id"])

        answer = run_once(engine, clock, request, begin=begin, create=create, replay=replay)
        assert answer == 1  # the other request's screening; this one's was rolled back
        assert len(attempts) == 2
        assert count(app, tables.screening) == 1
        assert keys_stored(app) == 1
    finally:
        app.close()


def test_a_key_stored_by_a_racing_request_is_replayed_on_sqlite(settings: Settings) -> None:
    _race(settings)


@pytest.mark.postgres
def test_a_key_stored_by_a_racing_request_is_replayed_on_postgres(
    settings: Settings, postgres_url: str
) -> None:
    _race(settings.model_copy(update={"database_url": postgres_url}))


def test_another_clash_is_not_taken_for_a_replay(magnerve: Any) -> None:
    """An integrity error that is not about the key is raised as it was."""
    from sqlalchemy.exc import IntegrityError

    engine, clock = magnerve.engine, magnerve.clock
    magnerve.profile.set(age=68, sex="female")
    request = keyed("k", "test.clash")

    def create(repos: Any, person: Any, _: None) -> tuple[int, dict[str, int]]:
        repos.people.create("me", "A second me", is_example=False, now=FIXED_NOW)
        return 0, {}

    with pytest.raises(IntegrityError):
        run_once(
            engine,
            clock,
            request,
            begin=lambda repos: (repos.people.get_by_handle("me"), None),
            create=create,
            replay=lambda repos, person, stored: 1,
        )
    assert keys_stored(magnerve) == 0
