"""``magnerve demo load``: a clearly labelled, made-up person with 12 weeks of realistic records.

The example person lives beside your own records (``--person example``) and never mixes with
them. Loading again replaces the example; ``demo remove`` deletes it. The menus below are
ordinary foods from the shipped USDA SR28 data, in household portions; one salsa has no
magnesium value in the source, so the "foods without data" note can be seen.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import Engine

from magnerve.domain.intake import Meal
from magnerve.domain.patient import make_profile
from magnerve.domain.person import EXAMPLE_HANDLE, Person
from magnerve.services.clock import Clock, local_today
from magnerve.services.foods import FoodService
from magnerve.services.intake import new_entry
from magnerve.services.unit_of_work import transaction

EXAMPLE_NAME = "Example person (made-up data)"
EXAMPLE_TIMEZONE = "America/Chicago"
DEMO_DAYS = 84  # 12 weeks
SEED = 20261121

# (food id, amount, unit) — options per meal; a day takes one or two from each.
MENU: dict[Meal, tuple[tuple[str, float, str | None], ...]] = {
    Meal.breakfast: (
        ("usda_sr28:08121", 1, "cup"),  # oats cooked with water
        ("usda_sr28:01256", 1, "container"),  # Greek yogurt
        ("usda_sr28:18075", 2, "slice"),  # whole-wheat bread
        ("usda_sr28:16098", 2, "tbsp"),  # peanut butter
        ("usda_sr28:01123", 2, "large"),  # eggs
        ("usda_sr28:09316", 1, "cup, halves"),  # strawberries
        ("usda_sr28:01211", 1, "cup"),  # whole milk
    ),
    Meal.lunch: (
        ("usda_sr28:11457", 2, "cup"),  # raw spinach
        ("usda_sr28:16015", 0.5, "cup"),  # black beans
        ("usda_sr28:20037", 1, "cup"),  # brown rice
        ("usda_sr28:05064", 1, "cup, chopped or diced"),  # chicken breast
        ("usda_sr28:20137", 1, "cup"),  # quinoa
        ("usda_sr28:11124", 1, "large"),  # carrot
        ("usda_sr28:06605", 60, "g"),  # salsa: no magnesium value in SR28
    ),
    Meal.dinner: (
        ("usda_sr28:15237", 3, "oz"),  # farmed salmon
        ("usda_sr28:11674", 1, "potato medium"),  # baked potato
        ("usda_sr28:11090", 1, "cup chopped"),  # broccoli
        ("usda_sr28:11458", 0.5, "cup"),  # cooked spinach
        ("usda_sr28:16057", 0.5, "cup"),  # chickpeas
        ("usda_sr28:20121", 1, "cup spaghetti not packed"),  # pasta
    ),
    Meal.snack: (
        ("usda_sr28:12061", 1, "oz"),  # almonds
        ("usda_sr28:09040", 1, "medium"),  # banana
        ("usda_sr28:19904", 1, "oz"),  # dark chocolate
        ("usda_sr28:09003", 1, "medium"),  # apple
        ("usda_sr28:12014", 1, "oz"),  # pumpkin seeds
        ("usda_sr28:12087", 1, "oz"),  # cashews
    ),
}
ITEMS_PER_MEAL = {Meal.breakfast: 2, Meal.lunch: 2, Meal.dinner: 3, Meal.snack: 1}


@dataclass(frozen=True)
class DemoResult:
    person: Person
    start: date
    end: date
    entries: int


class DemoService:
    def __init__(self, engine: Engine, clock: Clock, foods: Callable[[], FoodService]) -> None:
        self._engine = engine
        self._clock = clock
        self._foods = foods

    def load(self) -> DemoResult:
        """Create (or re-create) the example person with 12 weeks of food entries."""
        now = self._clock.now()
        end = local_today(self._clock, EXAMPLE_TIMEZONE)
        start = end - timedelta(days=DEMO_DAYS - 1)
        foods = self._foods()
        catalogue = {fid: foods.show(fid) for options in MENU.values() for fid, _, _ in options}
        rng = random.Random(SEED)
        with transaction(self._engine) as repos:
            old = repos.people.get_by_handle(EXAMPLE_HANDLE)
            if old is not None:
                repos.people.delete(old.id)
            person = repos.people.create(EXAMPLE_HANDLE, EXAMPLE_NAME, is_example=True, now=now)
            repos.profiles.save(
                person.id,
                make_profile(
                    age=67, sex="female", diabetes="type2", timezone=EXAMPLE_TIMEZONE, today=end
                ),
                now=now,
            )
            count = 0
            for offset in range(DEMO_DAYS):
                day = start + timedelta(days=offset)
                if rng.random() < 0.06:  # people miss a day now and then
                    continue
                for meal, options in MENU.items():
                    for food_id, amount, unit in rng.sample(options, ITEMS_PER_MEAL[meal]):
                        entry, _ = new_entry(
                            catalogue[food_id],
                            amount,
                            unit,
                            day=day,
                            meal=meal,
                            food_data_version=foods.data_version,
                        )
                        repos.intake.add(person.id, entry, now=now)
                        count += 1
        return DemoResult(person, start, end, count)

    def remove(self) -> bool:
        with transaction(self._engine) as repos:
            old = repos.people.get_by_handle(EXAMPLE_HANDLE)
            if old is None:
                return False
            repos.people.delete(old.id)
            return True
