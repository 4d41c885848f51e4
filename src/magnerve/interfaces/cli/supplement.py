"""``magnerve supplement``: forms and their elemental magnesium, and your products."""

from __future__ import annotations

from typing import Annotated

import typer

from magnerve.interfaces import payloads
from magnerve.interfaces.cli.runtime import JsonOption, app_of, console, emit, example_banner

app = typer.Typer(
    help="Supplement forms (elemental magnesium, evidence) and your supplement products.",
    no_args_is_help=True,
)


@app.command("forms")
def forms(as_json: Annotated[bool, JsonOption] = False) -> None:
    """Every form with its formula, share of elemental magnesium and what is known of absorption."""
    from magnerve.services.supplements import SupplementService

    table = SupplementService.forms()

    def render() -> None:
        from rich.table import Table

        grid = Table("id", "form", "formula", "magnesium share", box=None)
        for f in table.forms:
            grid.add_row(f.id, f.name, f.formula, f"{f.elemental_percent:.1f} %")
        console.print(grid)
        console.print(
            "The share is the weight of magnesium itself ('elemental') in the compound, computed "
            "from the formula. Labels usually state elemental mg; if yours gives the compound, "
            "use: magnerve supplement elemental FORM MG"
        )

    emit({"forms": [payloads.form(f) for f in table.forms]}, as_json, render)


@app.command("elemental")
def elemental(
    form: Annotated[str, typer.Argument(help="A form id or name, e.g. glycinate or 'Epsom salt'.")],
    compound_mg: Annotated[float, typer.Argument(help="Milligrams of the whole compound.")],
    as_json: Annotated[bool, JsonOption] = False,
) -> None:
    """How much magnesium itself (elemental) is in an amount of a compound."""
    from magnerve.services.supplements import SupplementService

    answer = SupplementService.elemental(form, compound_mg)
    f = answer.resolution.form
    payload = payloads.elemental(answer)

    def render() -> None:
        if answer.resolution.note:
            console.print(answer.resolution.note)
        console.print(
            f"{answer.compound_mg:g} mg of {f.name} ({f.formula}) contains "
            f"{answer.elemental_mg:.1f} mg of magnesium itself ({f.elemental_percent:.1f} %)."
        )

    emit(payload, as_json, render)


@app.command("add")
def add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="What you call the product, e.g. 'Glycinate 100'.")],
    form: Annotated[str, typer.Option(help="The magnesium form on the label (id or name).")],
    elemental_mg: Annotated[
        float | None, typer.Option(help="Magnesium itself per serving, as most labels state.")
    ] = None,
    compound_mg: Annotated[
        float | None,
        typer.Option(
            help="Weight of the whole compound per serving, if that is what the label gives."
        ),
    ] = None,
    serving_unit: Annotated[str, typer.Option(help="capsule, tablet, scoop…")] = "serving",
    brand: Annotated[str | None, typer.Option(help="Brand, if you like.")] = None,
    b12_ug: Annotated[float | None, typer.Option(help="Vitamin B12 per serving, µg.")] = None,
    ala_mg: Annotated[float | None, typer.Option(help="Alpha-lipoic acid per serving, mg.")] = None,
    calcium_mg: Annotated[float | None, typer.Option(help="Calcium per serving, mg.")] = None,
    zinc_mg: Annotated[float | None, typer.Option(help="Zinc per serving, mg.")] = None,
    vitamin_d_ug: Annotated[float | None, typer.Option(help="Vitamin D per serving, µg.")] = None,
    as_json: Annotated[bool, JsonOption] = False,
) -> None:
    """Add a supplement product you take."""
    added = app_of(ctx).supplements.add_product(
        name,
        form=form,
        elemental_mg_per_serving=elemental_mg,
        compound_mg_per_serving=compound_mg,
        serving_unit=serving_unit,
        brand=brand,
        b12_ug=b12_ug,
        ala_mg=ala_mg,
        calcium_mg=calcium_mg,
        zinc_mg=zinc_mg,
        vitamin_d_ug=vitamin_d_ug,
    )
    p = added.product
    payload = payloads.product_added(added)

    def render() -> None:
        example_banner(added.person.is_example)
        if added.resolution.note:
            console.print(added.resolution.note)
        console.print(
            f"Added #{p.id} {p.name}: {p.elemental_mg_per_serving:.1f} mg magnesium itself per "
            f"{p.serving_unit} ({added.resolution.form.name}). "
            f"Log a dose with: magnerve log supplement {p.id}"
        )

    emit(payload, as_json, render)


@app.command("list")
def list_products(ctx: typer.Context, as_json: Annotated[bool, JsonOption] = False) -> None:
    """Your supplement products."""
    person, products = app_of(ctx).supplements.products()

    def render() -> None:
        example_banner(person.is_example)
        if not products:
            console.print(
                "No supplements yet. Add one with: magnerve supplement add NAME "
                "--form F --elemental-mg N"
            )
        for p in products:
            console.print(
                f"#{p.id} {p.name} — {p.elemental_mg_per_serving:.1f} mg magnesium per "
                f"{p.serving_unit} ({p.form_id})"
            )

    emit({"products": [payloads.product(p) for p in products]}, as_json, render)


@app.command("remove")
def remove(
    ctx: typer.Context,
    product_id: Annotated[int, typer.Argument(metavar="ID", help="The product id.")],
    as_json: Annotated[bool, JsonOption] = False,
) -> None:
    """Stop listing a product (doses you logged still count on their days)."""
    p = app_of(ctx).supplements.remove_product(product_id)
    emit(
        {"removed": payloads.product(p)},
        as_json,
        lambda: console.print(f"Removed #{p.id} {p.name} from your list."),
    )


def log_supplement(
    ctx: typer.Context,
    product: Annotated[str, typer.Argument(help="Product id or name (see 'supplement list').")],
    servings: Annotated[str, typer.Option(help="How many servings: 1, 2, 1/2.")] = "1",
    date: Annotated[
        str | None, typer.Option("--date", help="YYYY-MM-DD, 'today' or 'yesterday'.")
    ] = None,
    time: Annotated[str | None, typer.Option("--time", help="When you took it, HH:MM.")] = None,
    as_json: Annotated[bool, JsonOption] = False,
) -> None:
    """Log a dose of one of your supplement products."""
    from magnerve.domain.quantity import parse_amount

    logged = app_of(ctx).supplements.log_dose(
        product, servings=parse_amount(servings), day=date, time=time
    )
    d = logged.dose
    payload = {"entry": payloads.dose(d)}

    def render() -> None:
        example_banner(logged.person.is_example)
        when = f" at {d.local_time}" if d.local_time else ""
        console.print(
            f"Logged #{d.id}: {d.servings:g} × {d.product_name} = "
            f"{d.elemental_mg:.1f} mg magnesium ({d.local_date.isoformat()}{when})."
        )

    emit(payload, as_json, render)
