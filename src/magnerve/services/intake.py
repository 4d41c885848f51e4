"""Log, list, edit and remove food entries for one person."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy import Engine

from magnerve.domain.access import OPERATOR, Access, Actor
from magnerve.domain.dates import parse_day
from magnerve.domain.foods import Food, Nutrients, scale_nutrients
from magnerve.domain.intake import IntakeEntry, Meal, NewIntakeEntry, parse_meal
from magnerve.domain.person import Person
from magnerve.domain.portions import PortionResolution
from magnerve.errors import AmbiguousInput, InvalidInput, NotFound
from magnerve.services.base import PersonService
from magnerve.services.clock import Clock, person_timezone
from magnerve.services.foods import FoodService, SearchHit
from magnerve.services.idempotency import Stored, keyed, removed_since, run_once
from magnerve.services.unit_of_work import Repositories, transaction

#: Without --meal, the meal follows the local time of day (a convenience; the output shows it).
MEAL_BY_LOCAL_TIME: tuple[tuple[time, Meal], ...] = (
    (time(10, 30), Meal.breakfast),
    (time(15, 0), Meal.lunch),
    (time(16, 30), Meal.snack),
    (time(21, 30), Meal.dinner),
)


def meal_for_time(moment: time) -> Meal:
    for until, meal in MEAL_BY_LOCAL_TIME:
        if moment < until:
            return meal
    return Meal.snack


def portion(food: Food, amount: float, unit: str | None) -> tuple[PortionResolution, Nutrients]:
    """How many grams ``amount unit`` of ``food`` is, and the nutrients in them: what an entry
    stores, so a preview before logging shows the same number."""
    from magnerve.domain.portions import resolve_grams

    resolution = resolve_grams(food, amount, unit)
    return resolution, scale_nutrients(food.nutrients_per_100g, resolution.grams)


def new_entry(
    food: Food,
    amount: float,
    unit: str | None,
    *,
    day: date,
    meal: Meal,
    food_data_version: str,
    input_text: str | None = None,
) -> tuple[NewIntakeEntry, str]:
    """A new entry for ``amount unit`` of ``food`` (nutrient snapshot included) and how the
    grams were found."""
    resolution, nutrients = portion(food, amount, unit)
    entry = NewIntakeEntry(
        food_id=food.id,
        description=food.description,
        local_date=day,
        meal=meal,
        amount=resolution.amount,
        unit=resolution.unit,
        portion_label=resolution.portion_label,
        grams=resolution.grams,
        nutrients=nutrients,
        food_data_version=food_data_version,
        input_text=input_text,
    )
    return entry, resolution.explanation


@dataclass(frozen=True)
class LoggedFood:
    entry: IntakeEntry
    person: Person
    explanation: str
    matched_query: str | None = None


class IntakeService(PersonService):
    area = "food log"

    def __init__(
        self,
        engine: Engine,
        clock: Clock,
        person_handle: str,
        foods: Callable[[], FoodService],
        actor: Actor = OPERATOR,
    ) -> None:
        super().__init__(engine, clock, person_handle, actor)
        self._foods = foods

    # -- logging -----------------------------------------------------------------------------
    def log_text(
        self,
        text: str,
        *,
        day: str | None = None,
        meal: str | None = None,
        idempotency_key: str | None = None,
    ) -> LoggedFood:
        """One item of free text: "1 cup cooked spinach", "30 g almonds", "a medium banana"."""
        from magnerve.domain.quantity import parse_food_text

        request = keyed(idempotency_key, "intake.log_text", text=text, day=day, meal=meal)
        parsed = parse_food_text(text)

        def create(
            repos: Repositories, person: Person, when: tuple[date, Meal]
        ) -> tuple[LoggedFood, Stored]:
            recent = repos.intake.recent_food_ids(person.id)
            match = self._foods().match(parsed.rest, recent_food_ids=recent)
            if match.best is None or match.doubtful:
                raise AmbiguousInput(
                    f"Not sure which food '{parsed.rest}' means"
                    + (f" ({match.reason})." if match.reason else "."),
                    field="food",
                    hint="Pick one and log it with: "
                    "magnerve log food --food ID --amount N --unit U",
                    details={
                        "candidates": [
                            {
                                "id": c.id,
                                "description": c.description,
                                "magnesium_mg_per_100g": c.magnesium_mg_per_100g,
                            }
                            for c in match.candidates
                        ]
                    },
                )
            food = self._foods().show(match.best.id)
            logged = self._add(repos, person, food, parsed.amount, parsed.unit, *when, text)
            return _stored(replace(logged, matched_query=parsed.rest))

        return run_once(
            self._engine,
            self._clock,
            request,
            begin=lambda repos: self._context(repos, day, meal),
            create=create,
            replay=_replay,
        )

    def log_food(
        self,
        food_id: str,
        amount: str,
        unit: str | None,
        *,
        day: str | None = None,
        meal: str | None = None,
        idempotency_key: str | None = None,
    ) -> LoggedFood:
        from magnerve.domain.quantity import parse_amount

        request = keyed(
            idempotency_key,
            "intake.log_food",
            food_id=food_id,
            amount=amount,
            unit=unit,
            day=day,
            meal=meal,
        )
        quantity = parse_amount(amount)
        food = self._foods().show(food_id)

        def create(
            repos: Repositories, person: Person, when: tuple[date, Meal]
        ) -> tuple[LoggedFood, Stored]:
            return _stored(self._add(repos, person, food, quantity, unit, *when, None))

        return run_once(
            self._engine,
            self._clock,
            request,
            begin=lambda repos: self._context(repos, day, meal),
            create=create,
            replay=_replay,
        )

    def _add(
        self,
        repos: Repositories,
        person: Person,
        food: Food,
        amount: float,
        unit: str | None,
        day: date,
        meal: Meal,
        input_text: str | None,
    ) -> LoggedFood:
        new, explanation = new_entry(
            food,
            amount,
            unit,
            day=day,
            meal=meal,
            food_data_version=self._foods().data_version,
            input_text=input_text,
        )
        entry = repos.intake.add(person.id, new, now=self._clock.now())
        return LoggedFood(entry, person, explanation, input_text)

    # -- reading and changing ------------------------------------------------------------------
    def search_foods(self, query: str, *, limit: int = 10) -> list[SearchHit]:
        """Foods by name, best match first, with the foods this person logged lately first."""
        with transaction(self._engine) as repos:
            person, _ = self._person_today(repos, Access.read)
            recent = repos.intake.recent_food_ids(person.id)
        return self._foods().search(query, limit=limit, recent_food_ids=recent)

    def list(self, *, day: str | None = None) -> tuple[Person, date, list[IntakeEntry]]:
        with transaction(self._engine) as repos:
            person, today = self._person_today(repos, Access.read)
            when = parse_day(day, today=today) if day else today
            return person, when, repos.intake.between(person.id, when, when)

    def remove(self, entry_id: int) -> IntakeEntry:
        """Hide an entry from totals. It is kept and can be brought back with ``restore``."""
        with transaction(self._engine) as repos:
            person, _ = self._person_today(repos, Access.write)
            entry = self._get(repos, person, entry_id)
            repos.intake.soft_delete(person.id, entry_id, now=self._clock.now())
            return entry

    def restore(self, entry_id: int) -> IntakeEntry:
        with transaction(self._engine) as repos:
            person, _ = self._person_today(repos, Access.write)
            if not repos.intake.restore(person.id, entry_id, now=self._clock.now()):
                raise NotFound(
                    f"There is no removed entry {entry_id}.",
                    field="id",
                    hint="Only entries removed with 'magnerve log remove' can be restored.",
                )
            return self._get(repos, person, entry_id)

    def edit(
        self,
        entry_id: int,
        *,
        amount: str | None = None,
        unit: str | None = None,
        day: str | None = None,
        meal: str | None = None,
    ) -> LoggedFood:
        """Change amount/unit, date or meal. Nutrients are rescaled from the stored snapshot."""
        from magnerve.domain.portions import resolve_grams
        from magnerve.domain.quantity import parse_amount

        if amount is None and unit is None and day is None and meal is None:
            raise InvalidInput(
                "Nothing to change.",
                field="entry",
                hint="Give at least one of --amount, --unit, --date, --meal.",
            )
        with transaction(self._engine) as repos:
            person, today = self._person_today(repos, Access.write)
            entry = self._get(repos, person, entry_id)
            changes: dict[str, object] = {}
            explanation = f"{entry.grams:g} g"
            if day is not None:
                changes["local_date"] = parse_day(day, today=today)
            if meal is not None:
                changes["meal"] = parse_meal(meal)
            if amount is not None or unit is not None:
                food = self._foods().show(entry.food_id)
                new_amount = parse_amount(amount) if amount is not None else entry.amount
                new_unit = unit if unit is not None else entry.unit
                resolution = resolve_grams(food, new_amount, new_unit)
                factor = resolution.grams / entry.grams
                changes.update(
                    amount=resolution.amount,
                    unit=resolution.unit,
                    portion_label=resolution.portion_label,
                    grams=resolution.grams,
                    nutrients={
                        k: (None if v is None else v * factor) for k, v in entry.nutrients.items()
                    },
                )
                explanation = resolution.explanation
            repos.intake.update(person.id, entry_id, changes, now=self._clock.now())
            return LoggedFood(self._get(repos, person, entry_id), person, explanation)

    # -- helpers ---------------------------------------------------------------------------
    def _context(
        self, repos: Repositories, day: str | None, meal: str | None
    ) -> tuple[Person, tuple[date, Meal]]:
        """The person (who may log), the day and the meal of a new entry."""
        person, today = self._person_today(repos, Access.write)
        zone = person_timezone(repos.profiles.get(person.id))
        when = parse_day(day, today=today) if day else today
        if meal is not None:
            which = parse_meal(meal)
        else:
            local_now: datetime = self._clock.now().astimezone(ZoneInfo(zone))
            which = meal_for_time(local_now.time())
        return person, (when, which)

    @staticmethod
    def _get(repos: Repositories, person: Person, entry_id: int) -> IntakeEntry:
        entry = repos.intake.get(person.id, entry_id)
        if entry is None:
            raise NotFound(
                f"There is no entry {entry_id}.",
                field="id",
                hint="See your entries with: magnerve log list --date YYYY-MM-DD",
            )
        return entry


def _stored(logged: LoggedFood) -> tuple[LoggedFood, Stored]:
    """A new entry's answer, and what its idempotency key keeps to give the same answer."""
    return logged, {
        "entry_id": logged.entry.id,
        "explanation": logged.explanation,
        "matched_query": logged.matched_query,
    }


def _replay(repos: Repositories, person: Person, stored: Stored) -> LoggedFood:
    entry = repos.intake.get(person.id, int(stored["entry_id"]))
    if entry is None:
        raise removed_since()
    return LoggedFood(entry, person, str(stored["explanation"]), stored["matched_query"])
