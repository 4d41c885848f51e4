"""``magnerve today`` and ``magnerve week``: intake against your own targets."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from magnerve.interfaces import payloads
from magnerve.interfaces.cli import text
from magnerve.interfaces.cli.runtime import JsonOption, app_of, console, emit, example_banner


def render_day(report: Any) -> None:
    intake = report.intake
    t = report.targets
    lower = intake.magnesium.is_lower_bound
    example_banner(report.person.is_example)
    console.print(f"{report.day.isoformat()} — {report.person.display_name}", style="bold")
    if not intake.entries:
        console.print("No food logged for this day yet. Try: magnerve log food '30 g almonds'")
    food = text.amount(intake.food_magnesium_mg, "mg", lower_bound=lower)
    total = text.amount(report.total_mg, "mg", lower_bound=lower)
    line = f"Magnesium: {food} from food + {report.supplement_mg:.0f} mg from supplements = {total}"
    if t is not None:
        share = text.percent(report.total_mg, t.magnesium_rda_mg)
        line += f" of your {t.magnesium_rda_mg:g} mg a day ({share})"
    console.print(line)
    if lower:
        n = intake.foods_without_magnesium_data
        console.print(
            f"  {n} food{'s' if n != 1 else ''} logged today {'have' if n != 1 else 'has'} "
            "no magnesium value, so the real total is probably higher."
        )
    if t is not None and t.magnesium_supplement_ul_mg is not None:
        console.print(
            f"Supplements and medicines: {report.supplement_mg:.0f} mg of the "
            f"{t.magnesium_supplement_ul_mg:g} mg upper limit (food does not count toward it)."
        )
    if t is None:
        console.print(
            "Set your profile to compare with your target: "
            "magnerve profile set --age N --sex female|male"
        )
    if intake.entries:
        meals = [
            f"{m.meal.value} {text.total(m.magnesium, 'mg')}" for m in intake.meals if m.entries
        ]
        console.print("By meal: " + ", ".join(meals))
        if intake.top_sources:
            console.print(
                "Top sources: "
                + "; ".join(f"{s.description} {s.magnesium_mg:.0f} mg" for s in intake.top_sources)
            )
        shown = (
            "energy_kcal",
            "carbohydrate_g",
            "fiber_g",
            "sugars_g",
            "protein_g",
            "sodium_mg",
            "potassium_mg",
            "calcium_mg",
            "vitamin_b12_ug",
            "vitamin_d_ug",
        )
        console.print(
            "Also: "
            + ", ".join(
                f"{text.NUTRIENT_LABELS[k][0]} {text.nutrient_total(k, intake.nutrients[k])}"
                for k in shown
            )
        )


def print_today(ctx: typer.Context) -> None:
    render_day(app_of(ctx).days.day())


def today(
    ctx: typer.Context,
    date: Annotated[
        str | None, typer.Option("--date", help="YYYY-MM-DD, 'today' or 'yesterday'.")
    ] = None,
    as_json: Annotated[bool, JsonOption] = False,
) -> None:
    """Magnesium today from food and supplements, against your target, with the other nutrients."""
    report = app_of(ctx).days.day(date)
    emit(payloads.day(report), as_json, lambda: render_day(report))


def week(
    ctx: typer.Context,
    end: Annotated[
        str | None, typer.Option("--end", help="Last day of the week (default today).")
    ] = None,
    as_json: Annotated[bool, JsonOption] = False,
) -> None:
    """Seven-day averages against your targets (over the days you logged food)."""
    report = app_of(ctx).days.week(end)
    w = report.week
    t = report.targets
    mg_avg = w.averages["magnesium_mg"]
    payload = payloads.week(report)

    def render() -> None:
        example_banner(report.person.is_example)
        console.print(
            f"{w.start.isoformat()} to {w.end.isoformat()} — "
            f"food logged on {w.logged_days} of 7 days"
        )
        if mg_avg is None:
            console.print("No food logged in these 7 days.")
            return
        lower = w.foods_without_magnesium_data > 0
        line = f"Average magnesium on logged days: {text.amount(mg_avg, 'mg', lower_bound=lower)}"
        if t is not None:
            share = text.percent(mg_avg, t.magnesium_rda_mg)
            line += f" against {t.magnesium_rda_mg:g} mg a day ({share})"
        console.print(line)
        for d in w.days:
            bar = "█" * int(min(d.food_magnesium_mg, 800) / 20)
            value = (
                text.amount(
                    d.food_magnesium_mg, "mg", lower_bound=d.foods_without_magnesium_data > 0
                )
                if d.entries
                else "not logged"
            )
            console.print(f"  {d.day.strftime('%a %d %b')}  {value:>10}  {bar}")

    emit(payload, as_json, render)
