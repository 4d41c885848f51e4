"""The symptom diary: pain and symptom scores, stomach upset, stools and notes for a day."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, date
from functools import partial

from magnerve.domain.access import Access
from magnerve.domain.dates import parse_day
from magnerve.domain.diary import (
    SYMPTOM_SCORES,
    DiaryEntry,
    DiaryValue,
    pain_item,
    parse_gi,
    parse_note,
    parse_score,
    parse_stools,
)
from magnerve.domain.person import Person
from magnerve.errors import InvalidInput, Problems
from magnerve.services.base import PersonService
from magnerve.services.idempotency import KeyedRequest, Stored, keyed, removed_since, run_once
from magnerve.services.unit_of_work import Repositories, transaction


@dataclass(frozen=True)
class Recorded:
    person: Person
    day: date
    saved: list[DiaryValue]
    #: The values these replaced (kept in the history).
    replaced: list[DiaryValue]


@dataclass(frozen=True)
class DiaryDay:
    person: Person
    day: date
    values: list[DiaryValue]


class DiaryService(PersonService):
    area = "diary"

    def log_pain(
        self,
        score: str,
        *,
        site: str | None = None,
        day: str | None = None,
        idempotency_key: str | None = None,
    ) -> Recorded:
        """Pain overall (or at one site) for a day, 0–10; replaces that day's earlier value."""
        request = keyed(idempotency_key, "diary.log_pain", score=score, site=site, day=day)
        entry = DiaryEntry(pain_item(site), number=parse_score(score, field="pain"))
        return self._record([entry], day, request)

    def log_symptoms(
        self,
        *,
        scores: dict[str, str | None],
        gi: str | None = None,
        stools: str | None = None,
        note: str | None = None,
        day: str | None = None,
        idempotency_key: str | None = None,
    ) -> Recorded:
        """Any of the symptom scores, the stomach upset level, stools and a note, for one day.

        Everything is checked before anything is saved: one bad value saves nothing, and every
        bad value is named at once.
        """
        request = keyed(
            idempotency_key,
            "diary.log_symptoms",
            scores=scores,
            gi=gi,
            stools=stools,
            note=note,
            day=day,
        )
        unknown = sorted(set(scores) - set(SYMPTOM_SCORES))
        if unknown:
            raise InvalidInput(
                f"'{unknown[0]}' is not a symptom the diary records",
                field="symptom",
                hint=f"Use: {', '.join(SYMPTOM_SCORES)}.",
            )
        problems = Problems()
        entries: list[DiaryEntry] = []

        def collect(name: str, make: Callable[[], DiaryEntry]) -> None:
            try:
                entries.append(make())
            except InvalidInput as exc:
                problems.add(name, exc.message)

        for name, value in scores.items():
            if value is not None:
                collect(name, partial(_score_entry, name, value))
        if gi is not None:
            collect("gi", lambda: DiaryEntry("gi", text=parse_gi(gi)))
        if stools is not None:
            collect("stools", lambda: DiaryEntry("stools", number=float(parse_stools(stools))))
        if note is not None:
            collect("note", lambda: DiaryEntry("note", text=parse_note(note)))
        problems.raise_if_any()
        if not entries:
            raise InvalidInput(
                "Nothing to record: give at least one symptom",
                field="symptoms",
                hint="For example: magnerve log symptoms --burning 6 --tingling 4 --gi none",
            )
        return self._record(entries, day, request)

    def day(self, day: str | None = None, *, with_history: bool = False) -> DiaryDay:
        with transaction(self._engine) as repos:
            person, when = self._person_on(repos, day, Access.read)
            values = repos.diary.between(person.id, when, when, with_history=with_history)
        return DiaryDay(person, when, values)

    def _record(
        self, entries: list[DiaryEntry], day: str | None, request: KeyedRequest | None
    ) -> Recorded:
        def create(repos: Repositories, person: Person, when: date) -> tuple[Recorded, Stored]:
            saved, replaced = repos.diary.record(person.id, when, entries, now=self._clock.now())
            return Recorded(person, when, saved, replaced), {
                "date": when.isoformat(),
                "saved": [v.id for v in saved],
                "replaced": [v.id for v in replaced],
            }

        return run_once(
            self._engine,
            self._clock,
            request,
            begin=lambda repos: self._person_on(repos, day, Access.write),
            create=create,
            replay=_replay,
        )

    def _person_on(
        self, repos: Repositories, day: str | None, access: Access
    ) -> tuple[Person, date]:
        person, today = self._person_today(repos, access)
        return person, (parse_day(day, today=today) if day else today)


def _score_entry(name: str, value: str) -> DiaryEntry:
    return DiaryEntry(name, number=parse_score(value, field=name))  # type: ignore[arg-type]


def _replay(repos: Repositories, person: Person, stored: Stored) -> Recorded:
    """The values a request saved and replaced, read back by id (times in UTC, as noted)."""
    when = date.fromisoformat(str(stored["date"]))
    by_id = {v.id: v for v in repos.diary.between(person.id, when, when, with_history=True)}

    def values(ids: list[int]) -> list[DiaryValue]:
        if any(i not in by_id for i in ids):
            raise removed_since()
        return [_in_utc(by_id[i]) for i in ids]

    return Recorded(person, when, values(stored["saved"]), values(stored["replaced"]))


def _in_utc(value: DiaryValue) -> DiaryValue:
    replaced_at = value.replaced_at
    return replace(
        value,
        logged_at=value.logged_at.astimezone(UTC),
        replaced_at=None if replaced_at is None else replaced_at.astimezone(UTC),
    )
