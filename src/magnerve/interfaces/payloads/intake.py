"""Foods, food entries, and a day's and a week's intake (``food``, ``log``, ``today``, ``week``)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from magnerve.interfaces.payloads.common import num, nutrients, person
from magnerve.interfaces.payloads.profiles import targets

if TYPE_CHECKING:
    from magnerve.domain.foods import Food
    from magnerve.domain.intake import IntakeEntry
    from magnerve.services.days import DayReport, WeekReport
    from magnerve.services.foods import SearchHit
    from magnerve.storage.fooddb import TopFood


def entry(e: IntakeEntry) -> dict[str, Any]:
    return {
        "id": e.id,
        "food_id": e.food_id,
        "description": e.description,
        "date": e.local_date.isoformat(),
        "meal": e.meal.value,
        "amount": num(e.amount),
        "unit": e.unit,
        "portion_label": e.portion_label,
        "grams": num(e.grams),
        "input_text": e.input_text,
        "nutrients": nutrients(dict(e.nutrients)),
        "food_data_version": e.food_data_version,
    }


def entries_on(day: date, entries: Sequence[IntakeEntry]) -> dict[str, Any]:
    """``log list``: the entries of one day."""
    return {"date": day.isoformat(), "entries": [entry(e) for e in entries]}


def food(f: Food) -> dict[str, Any]:
    return {
        "id": f.id,
        "description": f.description,
        "source": f.source,
        "category": f.category,
        "nutrients_per_100g": nutrients(dict(f.nutrients_per_100g)),
        "portions": [{"label": p.label, "grams": num(p.grams)} for p in f.portions],
    }


def food_hits(hits: Sequence[SearchHit]) -> dict[str, Any]:
    """``food search``."""
    return {
        "results": [
            {
                "id": h.id,
                "description": h.description,
                "source": h.source,
                "category": h.category,
                "magnesium_mg_per_100g": num(h.magnesium_mg_per_100g),
            }
            for h in hits
        ]
    }


def top_foods(results: Sequence[TopFood]) -> dict[str, Any]:
    """``food top``."""
    return {
        "results": [
            {
                "id": r.id,
                "description": r.description,
                "source": r.source,
                "category": r.category,
                "magnesium_mg_per_100g": num(r.magnesium_mg_per_100g),
                "value": num(r.value),
                "per": r.per,
                "serving_label": r.serving_label,
                "serving_grams": num(r.serving_grams),
            }
            for r in results
        ]
    }


def day(report: DayReport) -> dict[str, Any]:
    """``today``: magnesium from food and supplements against the targets, and the rest."""
    intake = report.intake
    t = report.targets
    return {
        "date": report.day.isoformat(),
        "person": person(report.person),
        "magnesium": {
            "food_mg": num(intake.food_magnesium_mg),
            "supplement_mg": num(report.supplement_mg),
            "total_mg": num(report.total_mg),
            "total_is_lower_bound": intake.magnesium.is_lower_bound,
            "rda_mg": num(t.magnesium_rda_mg) if t else None,
            "supplement_ul_mg": num(t.magnesium_supplement_ul_mg) if t else None,
            "foods_without_magnesium_data": intake.foods_without_magnesium_data,
            "largest_single_supplement_dose_mg": num(report.supplements.largest_single_dose_mg),
        },
        "supplement_doses": [
            {
                "id": d.id,
                "product_id": d.product_id,
                "name": d.product_name,
                "form": d.form_id,
                "time": d.local_time,
                "servings": num(d.servings),
                "elemental_mg": num(d.elemental_mg),
            }
            for d in report.supplements.doses
        ],
        "nutrients": {k: num(v.known_sum) for k, v in intake.nutrients.items()},
        "nutrients_missing": {k: v.missing for k, v in intake.nutrients.items()},
        "meals": [
            {
                "meal": m.meal.value,
                "magnesium_mg": num(m.magnesium.known_sum),
                "entries": m.entries,
                "foods_without_magnesium_data": m.magnesium.missing,
            }
            for m in intake.meals
        ],
        "top_sources": [
            {
                "food_id": s.food_id,
                "description": s.description,
                "magnesium_mg": num(s.magnesium_mg),
            }
            for s in intake.top_sources
        ],
        "targets": targets(t),
        "entries": [entry(e) for e in intake.entries],
    }


def week(report: WeekReport) -> dict[str, Any]:
    """``week``: seven-day averages over the days with food logged."""
    w = report.week
    t = report.targets
    mg_avg = w.averages["magnesium_mg"]
    return {
        "start": w.start.isoformat(),
        "end": w.end.isoformat(),
        "person": person(report.person),
        "logged_days": w.logged_days,
        "magnesium": {
            "average_food_mg": num(mg_avg),
            "average_supplement_mg": num(report.average_supplement_mg),
            "average_total_mg": num(
                None if mg_avg is None else mg_avg + report.average_supplement_mg
            ),
            "rda_mg": num(t.magnesium_rda_mg) if t else None,
            "supplement_ul_mg": num(t.magnesium_supplement_ul_mg) if t else None,
            "foods_without_magnesium_data": w.foods_without_magnesium_data,
        },
        "averages": {k: num(v) for k, v in w.averages.items()},
        "days": [
            {
                "date": d.day.isoformat(),
                "entries": len(d.entries),
                "magnesium_mg": num(d.food_magnesium_mg),
                "foods_without_magnesium_data": d.foods_without_magnesium_data,
            }
            for d in w.days
        ],
        "targets": targets(t),
    }
