"""``magnerve log``: food, supplement doses, pain and symptoms; list, edit, remove, restore."""

from __future__ import annotations

from typing import Annotated

import typer

from magnerve.interfaces import payloads
from magnerve.interfaces.cli import supplement
from magnerve.interfaces.cli.runtime import JsonOption, app_of, console, emit, example_banner

app = typer.Typer(
    help="Log food, supplement doses, pain and symptoms; list, edit and remove entries.",
    no_args_is_help=True,
)

DateOption = typer.Option(
    "--date", help="YYYY-MM-DD, 'today' or 'yesterday' (default: today in your time zone)."
)
MealOption = typer.Option(
    "--meal", help="breakfast, lunch, dinner or snack (default: from the time of day)."
)


@app.command("food")
def log_food(
    ctx: typer.Context,
    text: Annotated[
        str | None,
        typer.Argument(
            help="One food in words: '1 cup cooked spinach', '30 g almonds', 'a medium banana'."
        ),
    ] = None,
    food_id: Annotated[
        str | None, typer.Option("--food", help="A food id from 'magnerve food search'.")
    ] = None,
    amount: Annotated[str | None, typer.Option(help="How much: 1, 0.5, 3/4, '1 1/2', ½.")] = None,
    unit: Annotated[
        str | None,
        typer.Option(
            help="g, oz, kg, lb, mg, or one of the food's portions (cup, tbsp, medium, slice…)."
        ),
    ] = None,
    date: Annotated[str | None, DateOption] = None,
    meal: Annotated[str | None, MealOption] = None,
    as_json: Annotated[bool, JsonOption] = False,
) -> None:
    """Log one food, in words or by id. Shows the food it used and the grams."""
    from magnerve.errors import InvalidInput

    intake = app_of(ctx).intake
    if text is not None and food_id is None and amount is None and unit is None:
        logged = intake.log_text(text, day=date, meal=meal)
    elif text is None and food_id is not None and amount is not None:
        logged = intake.log_food(food_id, amount, unit, day=date, meal=meal)
    else:
        raise InvalidInput(
            "Give either a food in words, or --food ID with --amount (and usually --unit).",
            field="food",
            hint="Examples: magnerve log food '30 g almonds'   |   "
            "magnerve log food --food usda_sr28:12061 --amount 30 --unit g",
        )
    _emit_logged(logged, as_json, verb="Logged")


def _emit_logged(logged: object, as_json: bool, *, verb: str) -> None:
    from magnerve.services.intake import LoggedFood

    assert isinstance(logged, LoggedFood)
    e = logged.entry

    def render() -> None:
        example_banner(logged.person.is_example)
        mg = e.magnesium_mg
        mg_text = "no magnesium data for this food" if mg is None else f"{mg:.0f} mg magnesium"
        console.print(
            f"{verb} #{e.id}: {e.description} — {logged.explanation}; {mg_text} "
            f"({e.meal.value}, {e.local_date.isoformat()})."
        )
        if logged.matched_query:
            console.print(
                f"  Not the food you meant? magnerve log remove {e.id}, then pick one from "
                f"magnerve food search '{logged.matched_query}'."
            )

    emit({"entry": payloads.entry(e)}, as_json, render)


app.command("supplement")(supplement.log_supplement)


@app.command("list")
def list_entries(
    ctx: typer.Context,
    date: Annotated[str | None, DateOption] = None,
    as_json: Annotated[bool, JsonOption] = False,
) -> None:
    """List the foods logged on a day."""
    person, day, entries = app_of(ctx).intake.list(day=date)

    def render() -> None:
        example_banner(person.is_example)
        if not entries:
            console.print(f"Nothing logged on {day.isoformat()}.")
            return
        from rich.table import Table

        table = Table(
            "id",
            "meal",
            "food",
            "amount",
            "magnesium",
            box=None,
            title=f"Food logged on {day.isoformat()}",
        )
        for e in entries:
            mg = e.magnesium_mg
            table.add_row(
                str(e.id),
                e.meal.value,
                e.description,
                f"{e.portion_label or e.unit or ''} ({e.grams:g} g)".strip(),
                "no data" if mg is None else f"{mg:.0f} mg",
            )
        console.print(table)

    emit(payloads.entries_on(day, entries), as_json, render)


@app.command("remove")
def remove(
    ctx: typer.Context,
    entry_id: Annotated[int, typer.Argument(metavar="ID", help="The entry id (see 'log list').")],
    as_json: Annotated[bool, JsonOption] = False,
) -> None:
    """Remove an entry from your totals. It is kept and can be restored."""
    e = app_of(ctx).intake.remove(entry_id)
    emit(
        {"removed": payloads.entry(e)},
        as_json,
        lambda: console.print(
            f"Removed #{e.id} ({e.description}). Undo with: magnerve log restore {e.id}"
        ),
    )


@app.command("restore")
def restore(
    ctx: typer.Context,
    entry_id: Annotated[int, typer.Argument(metavar="ID", help="The id of a removed entry.")],
    as_json: Annotated[bool, JsonOption] = False,
) -> None:
    """Bring back an entry you removed."""
    e = app_of(ctx).intake.restore(entry_id)
    emit(
        {"entry": payloads.entry(e)},
        as_json,
        lambda: console.print(f"Restored #{e.id} ({e.description})."),
    )


@app.command("edit")
def edit(
    ctx: typer.Context,
    entry_id: Annotated[int, typer.Argument(metavar="ID", help="The entry id (see 'log list').")],
    amount: Annotated[str | None, typer.Option(help="New amount.")] = None,
    unit: Annotated[str | None, typer.Option(help="New unit or portion.")] = None,
    date: Annotated[str | None, typer.Option("--date", help="Move to this date.")] = None,
    meal: Annotated[str | None, typer.Option("--meal", help="Move to this meal.")] = None,
    as_json: Annotated[bool, JsonOption] = False,
) -> None:
    """Change an entry's amount, unit, date or meal."""
    logged = app_of(ctx).intake.edit(entry_id, amount=amount, unit=unit, day=date, meal=meal)
    _emit_logged(logged, as_json, verb="Changed")


ScoreOption = {
    "burning": "Burning, 0–10.",
    "tingling": "Tingling or pins and needles, 0–10.",
    "numbness": "Numbness, 0–10.",
    "cramps": "Muscle cramps, 0–10.",
    "sleep": "How much symptoms disturbed your sleep, 0–10.",
}


def _shown(v: object) -> str:
    """A diary value as the person reads it: ``6.5/10``, ``3``, ``mild``."""
    from magnerve.domain.diary import SCORE_ITEMS, DiaryValue

    assert isinstance(v, DiaryValue)
    if isinstance(v.value, str):
        return v.value
    return f"{v.value:g}/10" if v.item in SCORE_ITEMS else f"{v.value:g}"


def _emit_recorded(recorded: object, as_json: bool) -> None:
    from magnerve.domain.diary import ITEM_LABELS
    from magnerve.services.diary import Recorded

    assert isinstance(recorded, Recorded)

    def render() -> None:
        example_banner(recorded.person.is_example)
        before = {v.item: v for v in recorded.replaced}
        for v in recorded.saved:
            old = before.get(v.item)
            was = f" (was {_shown(old)})" if old else ""
            console.print(f"{ITEM_LABELS[v.item]} on {recorded.day.isoformat()}: {_shown(v)}{was}.")

    emit(payloads.recorded(recorded), as_json, render)


@app.command("pain")
def log_pain(
    ctx: typer.Context,
    score: Annotated[
        str,
        typer.Argument(
            metavar="N",
            help="Pain from 0 (none) to 10 (worst imaginable); decimals like 6.5 are fine.",
        ),
    ],
    site: Annotated[
        str | None,
        typer.Option(help="feet, hands or legs (leave out for pain overall)."),
    ] = None,
    date: Annotated[str | None, DateOption] = None,
    as_json: Annotated[bool, JsonOption] = False,
) -> None:
    """Note your pain for a day. Logging again replaces the day's value (the old one is kept)."""
    _emit_recorded(app_of(ctx).diary.log_pain(score, site=site, day=date), as_json)


@app.command("symptoms")
def log_symptoms(
    ctx: typer.Context,
    burning: Annotated[str | None, typer.Option(help=ScoreOption["burning"])] = None,
    tingling: Annotated[str | None, typer.Option(help=ScoreOption["tingling"])] = None,
    numbness: Annotated[str | None, typer.Option(help=ScoreOption["numbness"])] = None,
    cramps: Annotated[str | None, typer.Option(help=ScoreOption["cramps"])] = None,
    sleep: Annotated[str | None, typer.Option(help=ScoreOption["sleep"])] = None,
    gi: Annotated[
        str | None, typer.Option("--gi", help="Stomach or bowel upset: none, mild or severe.")
    ] = None,
    stools: Annotated[
        str | None, typer.Option(help="Number of bowel movements in the day.")
    ] = None,
    note: Annotated[str | None, typer.Option(help="A short note about the day.")] = None,
    date: Annotated[str | None, DateOption] = None,
    as_json: Annotated[bool, JsonOption] = False,
) -> None:
    """Note symptoms for a day. Each one replaces the day's earlier value (the old one is kept)."""
    scores = {
        "burning": burning,
        "tingling": tingling,
        "numbness": numbness,
        "cramps": cramps,
        "sleep": sleep,
    }
    recorded = app_of(ctx).diary.log_symptoms(
        scores=scores, gi=gi, stools=stools, note=note, day=date
    )
    _emit_recorded(recorded, as_json)


@app.command("diary")
def show_diary(
    ctx: typer.Context,
    date: Annotated[str | None, DateOption] = None,
    history: Annotated[
        bool, typer.Option("--history", help="Also show values that were replaced.")
    ] = False,
    as_json: Annotated[bool, JsonOption] = False,
) -> None:
    """Show the pain and symptoms noted for a day."""
    from magnerve.domain.diary import ITEM_LABELS

    diary = app_of(ctx).diary.day(date, with_history=history)

    def render() -> None:
        example_banner(diary.person.is_example)
        if not diary.values:
            console.print(f"Nothing noted on {diary.day.isoformat()}. Try: magnerve log pain 5")
            return
        console.print(f"Diary for {diary.day.isoformat()}:")
        for v in diary.values:
            old = "  (replaced)" if v.replaced_at else ""
            console.print(f"  {ITEM_LABELS[v.item]}: {_shown(v)}{old}")

    emit(payloads.diary_day(diary), as_json, render)


@app.command("doses")
def list_doses(
    ctx: typer.Context,
    date: Annotated[str | None, DateOption] = None,
    as_json: Annotated[bool, JsonOption] = False,
) -> None:
    """List the supplement doses logged on a day."""
    person, day, doses = app_of(ctx).supplements.doses(date)

    def render() -> None:
        example_banner(person.is_example)
        if not doses:
            console.print(f"No supplement doses logged on {day.isoformat()}.")
            return
        console.print(f"Supplement doses on {day.isoformat()}:")
        for d in doses:
            when = d.local_time or "no time"
            console.print(
                f"  #{d.id} {when}  {d.servings:g} × {d.product_name} = "
                f"{d.elemental_mg:.1f} mg magnesium"
            )

    emit(payloads.doses_on(day, doses), as_json, render)


@app.command("remove-dose")
def remove_dose(
    ctx: typer.Context,
    dose_id: Annotated[int, typer.Argument(metavar="ID", help="The dose id (see 'log doses').")],
    as_json: Annotated[bool, JsonOption] = False,
) -> None:
    """Remove a wrongly logged supplement dose from your totals. It is kept and can be restored."""
    d = app_of(ctx).supplements.remove_dose(dose_id)
    emit(
        {"removed": payloads.dose(d)},
        as_json,
        lambda: console.print(
            f"Removed dose #{d.id} ({d.product_name}, {d.local_date.isoformat()}). "
            f"Undo with: magnerve log restore-dose {d.id}"
        ),
    )


@app.command("restore-dose")
def restore_dose(
    ctx: typer.Context,
    dose_id: Annotated[int, typer.Argument(metavar="ID", help="The id of a removed dose.")],
    as_json: Annotated[bool, JsonOption] = False,
) -> None:
    """Bring back a supplement dose you removed."""
    d = app_of(ctx).supplements.restore_dose(dose_id)
    emit(
        {"dose": payloads.dose(d)},
        as_json,
        lambda: console.print(f"Restored dose #{d.id} ({d.product_name})."),
    )
