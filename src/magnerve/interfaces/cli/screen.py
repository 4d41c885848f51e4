"""``magnerve screen``: symptoms that can go with low magnesium, with red flags. Never a
diagnosis."""

from __future__ import annotations

from typing import Annotated

import typer

from magnerve.interfaces import payloads
from magnerve.interfaces.cli.runtime import JsonOption, app_of, console, emit, example_banner


def screen(
    ctx: typer.Context,
    symptom: Annotated[
        list[str] | None,
        typer.Option(
            "--symptom", help="A symptom id you have noticed (repeat for more; see --list)."
        ),
    ] = None,
    risk: Annotated[
        list[str] | None,
        typer.Option(
            "--risk",
            help="A risk factor only you can tell: alcohol or gut-disease (repeat for more).",
        ),
    ] = None,
    show_list: Annotated[
        bool, typer.Option("--list", help="List the symptoms and risk factors to choose from.")
    ] = False,
    date: Annotated[
        str | None, typer.Option("--date", help="The day of the screening (default today).")
    ] = None,
    as_json: Annotated[bool, JsonOption] = False,
) -> None:
    """Check symptoms that can go with low magnesium. Red flags say: seek medical care now."""
    services = app_of(ctx)
    if show_list:
        table = services.screening.table()
        payload = payloads.screen_choices(table)

        def render_list() -> None:
            group = None
            for s in table.symptoms:
                if s.group != group:
                    group = s.group
                    console.print(f"{group.capitalize()}:")
                flag = "  (red flag: seek care now)" if s.red_flag else ""
                console.print(f"  {s.id:<22} {s.label}{flag}")
            console.print("Risk factors you can add with --risk:")
            for r in table.risk_factors:
                if r.detected_by.asked:
                    console.print(f"  {r.id:<22} {r.label}")

        emit(payload, as_json, render_list)
        return
    screened = services.screening.screen(list(symptom or ()), risks=tuple(risk or ()), day=date)
    r = screened.result
    payload_result = payloads.screened(screened)

    def render() -> None:
        example_banner(screened.person.is_example)
        if r.urgent:
            console.print("SEEK MEDICAL CARE NOW", style="bold")
        console.print(r.result)
        if not r.matched:
            console.print("See the symptoms to choose from with: magnerve screen --list")

    emit(payload_result, as_json, render)
