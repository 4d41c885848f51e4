"""``magnerve plan``: when to take magnesium around medicines and meals, and how to build up."""

from __future__ import annotations

from typing import Annotated

import typer

from magnerve.interfaces import payloads
from magnerve.interfaces.cli.runtime import JsonOption, app_of, console, emit, example_banner


def plan(
    ctx: typer.Context,
    date: Annotated[
        str | None, typer.Option("--date", help="Plan for this day (default today).")
    ] = None,
    as_json: Annotated[bool, JsonOption] = False,
) -> None:
    """A day schedule that keeps magnesium apart from your medicines, and a build-up plan."""
    result = app_of(ctx).plan.plan(date)

    def render() -> None:
        example_banner(result.person.is_example)
        p = result.day_plan
        if result.daily_elemental_mg <= 0:
            console.print(
                "No magnesium supplement in use or planned. Set a daily target with "
                "magnerve profile set --magnesium-target-mg N, or log your doses."
            )
        console.print(
            f"Day plan for {result.day.isoformat()} "
            f"({result.daily_elemental_mg:.0f} mg magnesium a day):",
            style="bold",
        )
        for slot in p.schedule:
            parts = []
            for i in slot.items:
                if i.kind == "supplement":
                    parts.append(
                        f"magnesium {i.elemental_mg:.0f} mg" + (f" ({i.note})" if i.note else "")
                    )
                else:
                    parts.append(i.name)
            console.print(f"  {slot.time}  " + "; ".join(parts))
        for c in p.conflicts:
            console.print(f"Cannot fit everything: {c.message}", style="bold")
        for note in p.notes:
            console.print(f"  {note}")
        if result.titration:
            console.print("Building up:", style="bold")
            for s in result.titration:
                console.print(
                    f"  from {s.from_date.isoformat()}: {s.elemental_mg_per_day:.0f} mg a "
                    f"day. {s.note}"
                )

    emit(payloads.plan(result), as_json, render)
