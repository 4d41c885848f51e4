"""``magnerve demo load``: a clearly labelled, made-up person with 14 weeks of realistic records.

Two weeks of food and pain scores come first (the baseline); then a magnesium glycinate trial
starts, built up over six weeks as ``magnerve plan`` suggests, and runs for 12 weeks, so that
``trial evaluate`` gives a 4-week and a final 12-week result. Halfway through, the gabapentin dose
is raised: the trial lists it as a confounder, which is the point of the example — a drop in
pain during a trial is not proof that magnesium did it.

The example person lives beside your own records (``--person example``) and never mixes with
them. Loading again replaces the example; ``demo remove`` deletes it. The menus below are
ordinary foods from the shipped USDA SR28 data, in household portions; one salsa has no
magnesium value in the source, so the "foods without data" note can be seen.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from itertools import pairwise

from sqlalchemy import Engine

from magnerve.domain.access import OPERATOR, Actor
from magnerve.domain.intake import Meal
from magnerve.domain.patient import make_profile
from magnerve.domain.person import EXAMPLE_HANDLE, Person
from magnerve.errors import Forbidden
from magnerve.services.clock import Clock, local_today
from magnerve.services.foods import FoodService
from magnerve.services.intake import new_entry
from magnerve.services.unit_of_work import Repositories, transaction

EXAMPLE_NAME = "Example person (made-up data)"
EXAMPLE_TIMEZONE = "America/Chicago"
DEMO_AGE = 67
DEMO_SEX = "female"
#: The trial starts after two weeks; the last day is its day 84 (the 12-week result).
DEMO_TRIAL_START_DAY = 14
DEMO_DAYS = DEMO_TRIAL_START_DAY + 84 + 1
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
    def __init__(
        self,
        engine: Engine,
        clock: Clock,
        foods: Callable[[], FoodService],
        actor: Actor = OPERATOR,
    ) -> None:
        self._engine = engine
        self._clock = clock
        self._foods = foods
        self._actor = actor

    def _local_only(self) -> None:
        # The example person belongs to nobody; in clinic mode it would be shared by everyone.
        if not self._actor.is_operator:
            raise Forbidden(
                "The example person is for magnerve on your own computer (local mode) only.",
                field="person",
            )

    def load(self) -> DemoResult:
        """Create (or re-create) the example person with 14 weeks of records."""
        self._local_only()
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
                    age=DEMO_AGE,
                    sex=DEMO_SEX,
                    diabetes="type2",
                    timezone=EXAMPLE_TIMEZONE,
                    today=end,
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
            _add_regimen(repos, person.id, start, now, rng)
        return DemoResult(person, start, end, count)

    def remove(self) -> bool:
        self._local_only()
        with transaction(self._engine) as repos:
            old = repos.people.get_by_handle(EXAMPLE_HANDLE)
            if old is None:
                return False
            repos.people.delete(old.id)
            return True


#: The example's supplement, in capsules of 50 mg elemental magnesium: (first day, capsules
#: at 12:00, capsules at 19:00), stepping up every two weeks as the titration plan does.
DEMO_CAPSULE_MG = 50.0
DEMO_STEPS = (
    (DEMO_TRIAL_START_DAY, 1, 2),
    (DEMO_TRIAL_START_DAY + 14, 2, 2),
    (DEMO_TRIAL_START_DAY + 28, 2, 3),
    (DEMO_TRIAL_START_DAY + 42, 3, 3),
)
#: About one day in ten without a logged dose, so adherence is below 100 %.
DEMO_MISSED_DOSE_SHARE = 0.1
#: (name, times, first day, last day) — gabapentin goes up from 300 to 600 mg on day 63.
DEMO_MEDICATIONS: tuple[tuple[str, tuple[str, ...], int | None, int | None], ...] = (
    ("metformin 500 mg", ("08:00", "19:00"), None, None),
    ("gabapentin 300 mg", ("08:00", "14:00", "22:00"), None, 62),
    ("gabapentin 600 mg", ("08:00", "14:00", "22:00"), 63, None),
)
#: (days after the start, analyte, value, unit): baseline labs and the 12-week ones.
DEMO_LABS = (
    (0, "creatinine", 0.9, "mg/dL"),
    (0, "serum-magnesium", 0.78, "mmol/L"),
    (0, "vitamin-b12", 310.0, "pmol/L"),
    (0, "hba1c", 7.4, "%"),
    (DEMO_DAYS - 3, "serum-magnesium", 0.84, "mmol/L"),
    (DEMO_DAYS - 3, "creatinine", 0.92, "mg/dL"),
    (DEMO_DAYS - 3, "hba1c", 7.2, "%"),
)
#: The typical pain score (0-10) on each day: about 6.2 before the trial, drifting down to
#: about 5 by week 4 and about 4 by week 12. Daily scores wobble around it.
DEMO_PAIN_POINTS = (
    (0, 6.2),
    (DEMO_TRIAL_START_DAY, 6.2),
    (DEMO_TRIAL_START_DAY + 28, 5.0),
    (DEMO_DAYS - 1, 4.0),
)


def _typical_pain(offset: int) -> float:
    for (x0, y0), (x1, y1) in pairwise(DEMO_PAIN_POINTS):
        if x0 <= offset <= x1:
            return y0 + (y1 - y0) * (offset - x0) / (x1 - x0)
    return DEMO_PAIN_POINTS[-1][1]


def _add_regimen(
    repos: Repositories, person_id: int, start: date, now: datetime, rng: random.Random
) -> None:
    """Supplement, trial, medicines, diary and labs (see the module docstring)."""
    from magnerve.domain.diary import DiaryEntry
    from magnerve.domain.labs import interpret
    from magnerve.domain.medications import recognize
    from magnerve.domain.regimen import SupplementProduct
    from magnerve.knowledge.load import load_labs, load_medications
    from magnerve.services.labs import store_egfr, store_reading

    def on(offset: int) -> date:
        return start + timedelta(days=offset)

    product_id = repos.supplements.add_product(
        person_id,
        SupplementProduct(
            id=0,
            name="Magnesium glycinate 50",
            brand=None,
            form_id="bisglycinate",
            basis="elemental",
            label_mg_per_serving=DEMO_CAPSULE_MG,
            elemental_mg_per_serving=DEMO_CAPSULE_MG,
            serving_unit="capsule",
        ),
        now=now,
    )
    product = repos.supplements.product(person_id, product_id)
    assert product is not None
    repos.trials.start(
        person_id, start_date=on(DEMO_TRIAL_START_DAY), product_id=product_id, now=now
    )
    step = DEMO_STEPS[0]
    for offset in range(DEMO_TRIAL_START_DAY, DEMO_DAYS):
        step = next((s for s in reversed(DEMO_STEPS) if s[0] <= offset), step)
        missed = rng.random() < DEMO_MISSED_DOSE_SHARE
        if missed and offset < DEMO_DAYS - 1:  # today's doses are always there to see
            continue
        for time, capsules in (("12:00", step[1]), ("19:00", step[2])):
            repos.supplements.add_dose(
                person_id, product, day=on(offset), time=time, servings=capsules, now=now
            )
    for name, med_times, first, last in DEMO_MEDICATIONS:
        found = recognize(name, load_medications())
        entry = repos.medications.add(
            person_id,
            input_text=name,
            ingredients=found.ingredients,
            classes=found.classes,
            recognized=found.recognized,
            times=med_times,
            started_on=None if first is None else on(first),
            now=now,
        )
        if last is not None:
            repos.medications.stop(person_id, entry.id, on=on(last))
    for offset in range(DEMO_DAYS):
        if rng.random() < 0.08:  # a day without a pain score now and then
            continue
        pain = min(10.0, max(0.0, round(_typical_pain(offset) + rng.uniform(-0.8, 0.8), 1)))
        entries = [DiaryEntry("pain", number=pain)]
        if offset % 3 == 0:
            entries += [
                DiaryEntry("burning", number=round(max(0.0, pain - 1 + rng.uniform(-1, 1)), 1)),
                DiaryEntry("tingling", number=round(max(0.0, pain - 2 + rng.uniform(-1, 1)), 1)),
                DiaryEntry("gi", text="none"),
            ]
        repos.diary.record(person_id, on(offset), entries, now=now)
    table = load_labs()
    for offset, analyte, value, unit in DEMO_LABS:
        reading = interpret(analyte, value, unit, table)
        stored = store_reading(repos, person_id, reading, day=on(offset), now=now)
        if analyte == "creatinine":
            store_egfr(repos, person_id, stored, age=DEMO_AGE, sex=DEMO_SEX, now=now)
