"""`today` and `week` over five years of entries vs a raw SQL SUM on the same SQLite file.

Report only: prints a Markdown section with medians, p95 and ratios. Never asserts on time.
    .venv/bin/python benchmarks/bench_intake.py
"""

from __future__ import annotations

import random
import sqlite3
import statistics
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from magnerve.bootstrap import Magnerve
from magnerve.config import Settings
from magnerve.domain.foods import NUTRIENT_KEYS
from magnerve.domain.intake import Meal, NewIntakeEntry
from magnerve.services.clock import FixedClock
from magnerve.services.unit_of_work import transaction

YEARS = 5
ENTRIES_PER_DAY = 8
RUNS = 200
END = date(2026, 3, 14)


def seed(app: Magnerve) -> int:
    rng = random.Random(1)
    now = datetime(2026, 3, 14, 12, tzinfo=UTC)
    count = 0
    with transaction(app.engine) as repos:
        person = repos.people.create("me", "Me", is_example=False, now=now)
        for offset in range(YEARS * 365):
            day = END - timedelta(days=offset)
            for i in range(ENTRIES_PER_DAY):
                nutrients = {k: rng.uniform(0, 50) for k in NUTRIENT_KEYS}
                if rng.random() < 0.05:
                    nutrients["magnesium_mg"] = None  # type: ignore[assignment]
                repos.intake.add(
                    person.id,
                    NewIntakeEntry(
                        food_id=f"usda_sr28:{i:05d}",
                        description=f"Food {i}",
                        local_date=day,
                        meal=list(Meal)[i % 4],
                        amount=1,
                        unit="g",
                        portion_label=None,
                        grams=100,
                        nutrients=nutrients,
                        food_data_version="bench",
                    ),
                    now=now,
                )
                count += 1
    return count


def timed(fn, runs: int = RUNS) -> list[float]:  # type: ignore[no-untyped-def]
    out = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t0) * 1000)
    return out


def p95(values: list[float]) -> float:
    return sorted(values)[int(len(values) * 0.95) - 1]


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.sqlite3"
        settings = Settings(database_url=str(db), data_dir=Path(tmp), food_db_dir=Path(tmp))
        app = Magnerve(settings, clock=FixedClock(datetime(2026, 3, 14, 18, tzinfo=UTC)))
        n = seed(app)
        conn = sqlite3.connect(db)
        days = [
            (END - timedelta(days=random.Random(i).randrange(YEARS * 365))).isoformat()
            for i in range(RUNS)
        ]
        it = iter(days * 2)

        def raw() -> None:
            conn.execute(
                "SELECT SUM(json_extract(nutrients, '$.magnesium_mg')) FROM intake_entry "
                "WHERE person_id = 1 AND local_date = ? AND deleted_at IS NULL",
                (next(it),),
            ).fetchone()

        it2 = iter(days * 2)
        today = timed(lambda: app.days.day(next(it2)))
        sql = timed(raw)
        it3 = iter(days * 2)
        week = timed(lambda: app.days.week(next(it3)), runs=50)
        print(f"### `today` over {YEARS} years of entries ({n:,} entries, SQLite)\n")
        print("| measure | median ms | p95 ms |\n|---|---|---|")
        row = "| {} | {:.3f} | {:.3f} |"
        print(
            row.format(
                "`DayService.day` (what `today` computes)", statistics.median(today), p95(today)
            )
        )
        print(
            row.format(
                "raw SQL `SUM(json_extract(...))`, one day", statistics.median(sql), p95(sql)
            )
        )
        print(f"| `DayService.week` | {statistics.median(week):.2f} | {p95(week):.2f} |")
        print(
            "\nRatio today / raw SUM (median): "
            f"{statistics.median(today) / statistics.median(sql):.1f}×. "
            "The service does more than the SUM (all 20 nutrients, meals, top sources, the profile "
            "and targets, a transaction), and both stay well under what a person notices.\n"
        )
        conn.close()
        app.close()


if __name__ == "__main__":
    main()
