"""``magnerve demo``: example data to try magnerve with."""

from __future__ import annotations

from typing import Annotated

import typer

from magnerve.interfaces import payloads
from magnerve.interfaces.cli.runtime import JsonOption, app_of, console, emit

app = typer.Typer(
    help="Load or remove a made-up example person with 12 weeks of records.", no_args_is_help=True
)


@app.command("load")
def load(ctx: typer.Context, as_json: Annotated[bool, JsonOption] = False) -> None:
    """Create the example person (replacing an earlier one). Your own records are not touched."""
    result = app_of(ctx).demo.load()
    payload = {
        "person": payloads.person(result.person),
        "start": result.start.isoformat(),
        "end": result.end.isoformat(),
        "entries": result.entries,
    }
    emit(
        payload,
        as_json,
        lambda: console.print(
            f"Loaded {result.entries} food entries for '{result.person.display_name}' from "
            f"{result.start.isoformat()} to {result.end.isoformat()}.\n"
            "See them with:  magnerve --person example today   (or week, log list, profile show)\n"
            "Remove them with: magnerve demo remove"
        ),
    )


@app.command("remove")
def remove(ctx: typer.Context, as_json: Annotated[bool, JsonOption] = False) -> None:
    """Delete the example person and all of its records."""
    removed = app_of(ctx).demo.remove()
    emit(
        {"removed": removed},
        as_json,
        lambda: console.print(
            "Example person removed." if removed else "There was no example person."
        ),
    )
