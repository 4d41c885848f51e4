"""``magnerve food``: find foods, see what is in them, and which are richest in magnesium."""

from __future__ import annotations

from typing import Annotated

import typer

from magnerve.interfaces import payloads
from magnerve.interfaces.cli.runtime import JsonOption, app_of, console, emit

app = typer.Typer(
    help="Search the food database and rank foods by magnesium.", no_args_is_help=True
)


@app.command("search")
def search(
    ctx: typer.Context,
    query: Annotated[str, typer.Argument(help="What you ate, e.g. 'almonds' or 'cooked spinach'.")],
    limit: Annotated[int, typer.Option(help="How many results (1–100).")] = 10,
    as_json: Annotated[bool, JsonOption] = False,
) -> None:
    """Find foods by name, best match first (your recent foods come first)."""
    hits = app_of(ctx).intake.search_foods(query, limit=limit)
    payload = payloads.food_hits(hits)

    def render() -> None:
        if not hits:
            console.print(f"No food matches '{query}'. Try fewer or simpler words.")
            return
        from rich.table import Table

        table = Table("id", "food", "magnesium per 100 g", box=None)
        for h in hits:
            mg = h.magnesium_mg_per_100g
            table.add_row(h.id, h.description, "no data" if mg is None else f"{mg:g} mg")
        console.print(table)

    emit(payload, as_json, render)


@app.command("show")
def show(
    ctx: typer.Context,
    food_id: Annotated[str, typer.Argument(metavar="ID", help="A food id, e.g. usda_sr28:11457.")],
    as_json: Annotated[bool, JsonOption] = False,
) -> None:
    """Show one food: nutrients per 100 g and its household portions."""
    from magnerve.interfaces.cli.text import NUTRIENT_LABELS, nutrient

    f = app_of(ctx).foods.show(food_id)
    payload = {"food": payloads.food(f)}

    def render() -> None:
        console.print(f"{f.description}  ({f.id}; {f.category or 'no category'})", style="bold")
        console.print("Per 100 g:")
        for key in NUTRIENT_LABELS:
            console.print(
                f"  {NUTRIENT_LABELS[key][0]:<16} {nutrient(key, f.nutrients_per_100g.get(key))}"
            )
        if f.portions:
            console.print(
                "Portions: " + "; ".join(f"{p.label} = {p.grams:g} g" for p in f.portions)
            )
        else:
            console.print("Portions: none published; log this food in g, oz, kg or lb.")

    emit(payload, as_json, render)


@app.command("top")
def top(
    ctx: typer.Context,
    nutrient_name: Annotated[
        str, typer.Argument(metavar="NUTRIENT", help="Nutrient to rank by, e.g. magnesium.")
    ] = "magnesium",
    per: Annotated[str, typer.Option(help="100g, serving, 100kcal or carb-g.")] = "100g",
    max_carb_g: Annotated[
        float | None,
        typer.Option(
            help="Only foods with at most this much carbohydrate (per serving with --per serving, "
            "else per 100 g)."
        ),
    ] = None,
    category: Annotated[
        str | None, typer.Option(help="Only foods whose category contains this.")
    ] = None,
    limit: Annotated[int, typer.Option(help="How many foods (1–500).")] = 20,
    as_json: Annotated[bool, JsonOption] = False,
) -> None:
    """Foods richest in a nutrient per 100 g, per serving, per 100 kcal or per g of carbohydrate."""
    results = app_of(ctx).foods.top(
        nutrient_name, per=per, max_carb_g=max_carb_g, category=category, limit=limit
    )
    payload = payloads.top_foods(results)

    def render() -> None:
        from rich.table import Table

        table = Table("#", "food", f"{nutrient_name} per {per}", "serving", box=None)
        for i, r in enumerate(results, 1):
            serving = (
                f"{r.serving_label} ({r.serving_grams:g} g)"
                if r.serving_label and r.serving_grams
                else ""
            )
            table.add_row(str(i), r.description, f"{r.value:,.1f}", serving)
        console.print(table)

    emit(payload, as_json, render)
