"""The symptom diary: pain and symptom scores, stomach upset, stools and notes for a day."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
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

    def log_pain(self, score: str, *, site: str | None = None, day: str | None = None) -> Recorded:
        """Pain overall (or at one site) for a day, 0–10; replaces that day's earlier value."""
        entry = DiaryEntry(pain_item(site), number=parse_score(score, field="pain"))
        return self._record([entry], day)

    def log_symptoms(
        self,
        *,
        scores: dict[str, str | None],
        gi: str | None = None,
        stools: str | None = None,
        note: str | None = None,
        day: str | None = None,
    ) -> Recorded:
        """Any of the symptom scores, the stomach upset level, stools and a note, for one day.

        Everything is checked before anything is saved: one bad value saves nothing, and every
        bad value is named at once.
        """
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
        return self._record(entries, day)

    def day(self, day: str | None = None, *, with_history: bool = False) -> DiaryDay:
        with transaction(self._engine) as repos:
            person, when = self._person_on(repos, day, Access.read)
            values = repos.diary.between(person.id, when, when, with_history=with_history)
        return DiaryDay(person, when, values)

    def _record(self, entries: list[DiaryEntry], day: str | None) -> Recorded:
        with transaction(self._engine) as repos:
            person, when = self._person_on(repos, day, Access.write)
            saved, replaced = repos.diary.record(person.id, when, entries, now=self._clock.now())
        return Recorded(person, when, saved, replaced)

    def _person_on(
        self, repos: Repositories, day: str | None, access: Access
    ) -> tuple[Person, date]:
        person, today = self._person_today(repos, access)
        return person, (parse_day(day, today=today) if day else today)


def _score_entry(name: str, value: str) -> DiaryEntry:
    return DiaryEntry(name, number=parse_score(value, field=name))  # type: ignore[arg-type]
