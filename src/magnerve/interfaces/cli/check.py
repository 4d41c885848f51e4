"""``magnerve check``: every safety finding for you, most serious first, with sources."""

from __future__ import annotations

from typing import Annotated

import typer

from magnerve.interfaces import payloads
from magnerve.interfaces.cli.runtime import JsonOption, app_of, console, emit, example_banner

SEVERITY_WORDS = {"urgent": "URGENT", "warning": "Warning", "caution": "Caution", "info": "Note"}


def check(
    ctx: typer.Context,
    date: Annotated[
        str | None, typer.Option("--date", help="Check as of this day (default today).")
    ] = None,
    as_json: Annotated[bool, JsonOption] = False,
) -> None:
    """Check your supplements against your medicines, kidneys, labs and limits (cited findings)."""
    result = app_of(ctx).safety.check(date)
    payload = payloads.check(result)

    def render() -> None:
        example_banner(result.person.is_example)
        if not result.findings:
            console.print(
                f"No findings for {result.day.isoformat()}. magnerve checks only what "
                "you have entered: add your medicines, supplements and lab results."
            )
            return
        console.print(
            f"{len(result.findings)} finding{'' if len(result.findings) == 1 else 's'} for "
            f"{result.day.isoformat()}, most serious first:\n"
        )
        for f in result.findings:
            console.print(f"{SEVERITY_WORDS[f.severity]}: {f.title}", style="bold")
            console.print(f"  {f.detail}")
            console.print(f"  What to do: {f.action}")
            sources = "; ".join(c.title for c in f.citations)
            console.print(f"  Sources: {sources} [{f.rule_id}]\n")

    emit(payload, as_json, render)
