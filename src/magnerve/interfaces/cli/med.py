"""``magnerve med``: the medicines you take (checked against magnesium by ``magnerve check``)."""

from __future__ import annotations

from typing import Annotated

import typer

from magnerve.interfaces import payloads
from magnerve.interfaces.cli.runtime import JsonOption, app_of, console, emit, example_banner

app = typer.Typer(
    help="Your medicines, by brand or generic name, with the times you take them.",
    no_args_is_help=True,
)


@app.command("add")
def add(
    ctx: typer.Context,
    name: Annotated[
        str, typer.Argument(help="Brand or generic name, e.g. 'Lasix' or 'metformin 500 mg'.")
    ],
    times: Annotated[str | None, typer.Option(help="When you take it, HH:MM,HH:MM.")] = None,
    started: Annotated[str | None, typer.Option(help="When you started, YYYY-MM-DD.")] = None,
    as_json: Annotated[bool, JsonOption] = False,
) -> None:
    """Add a medicine. One magnerve does not know is kept and reported as 'not checked'."""
    added = app_of(ctx).medications.add(name, times=times, started=started)
    e, r = added.entry, added.recognition

    def render() -> None:
        example_banner(added.person.is_example)
        if e.recognized:
            console.print(
                f"Added #{e.id} {e.input}: {', '.join(e.ingredients)} "
                f"({', '.join(c.replace('_', ' ') for c in e.classes)})."
            )
        else:
            console.print(
                f"Added #{e.id} {e.input}, but magnerve does not know this medicine, so "
                "it cannot check it against magnesium. Ask your pharmacist."
            )
        if r.note:
            console.print(r.note)

    emit({"medication": payloads.medication(e, r)}, as_json, render)


@app.command("list")
def list_medications(ctx: typer.Context, as_json: Annotated[bool, JsonOption] = False) -> None:
    """Your medicines."""
    person, entries = app_of(ctx).medications.list()

    def render() -> None:
        example_banner(person.is_example)
        if not entries:
            console.print("No medicines listed. Add one with: magnerve med add NAME --times 08:00")
        for e in entries:
            what = ", ".join(e.ingredients) if e.recognized else "not recognised: not checked"
            when = f" at {', '.join(e.times)}" if e.times else ""
            stopped = f" (stopped {e.stopped_on.isoformat()})" if e.stopped_on else ""
            console.print(f"#{e.id} {e.input} — {what}{when}{stopped}")

    emit({"medications": [payloads.medication(e) for e in entries]}, as_json, render)


@app.command("remove")
def remove(
    ctx: typer.Context,
    medication_id: Annotated[int, typer.Argument(metavar="ID", help="The id from 'med list'.")],
    as_json: Annotated[bool, JsonOption] = False,
) -> None:
    """Take a medicine entered by mistake off your list (use 'stop' when you stopped taking it)."""
    e = app_of(ctx).medications.remove(medication_id)
    emit(
        {"removed": payloads.medication(e)},
        as_json,
        lambda: console.print(f"Removed #{e.id} {e.input}."),
    )


@app.command("stop")
def stop(
    ctx: typer.Context,
    medication_id: Annotated[int, typer.Argument(metavar="ID", help="The id from 'med list'.")],
    date: Annotated[
        str | None,
        typer.Option("--date", help="The last day you took it, YYYY-MM-DD (default: today)."),
    ] = None,
    as_json: Annotated[bool, JsonOption] = False,
) -> None:
    """Record that you stopped a medicine. It stays in your history; use 'remove' for mistakes."""
    e = app_of(ctx).medications.stop(medication_id, day=date)
    assert e.stopped_on is not None
    emit(
        {"medication": payloads.medication(e)},
        as_json,
        lambda: console.print(f"Stopped #{e.id} {e.input} on {e.stopped_on}."),
    )
