"""``magnerve chart``: pain, magnesium or a lab test over time, as an SVG file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

import typer

from magnerve.interfaces.cli.runtime import JsonOption, app_of, console, emit, example_banner

Kind = Literal["pain", "magnesium", "lab"]


def chart(
    ctx: typer.Context,
    kind: Annotated[str, typer.Argument(metavar="pain|magnesium|lab", help="Which chart to draw.")],
    out: Annotated[Path, typer.Option("--out", help="The SVG file to write.")],
    analyte: Annotated[
        str | None, typer.Option(help="For 'lab': the test, e.g. serum-magnesium.")
    ] = None,
    start: Annotated[
        str | None, typer.Option("--from", help="First day (default: 12 weeks back).")
    ] = None,
    end: Annotated[str | None, typer.Option("--to", help="Last day (default: today).")] = None,
    as_json: Annotated[bool, JsonOption] = False,
) -> None:
    """Draw a chart as an SVG file (it opens in any web browser)."""
    from magnerve.errors import InvalidInput
    from magnerve.interfaces.charts import records
    from magnerve.interfaces.files import write_atomically

    if kind not in ("pain", "magnesium", "lab"):
        raise InvalidInput(
            f"'{kind}' is not a chart magnerve draws",
            field="kind",
            hint="Use one of: pain, magnesium, lab.",
        )
    if out.suffix.lower() != ".svg":
        raise InvalidInput(
            f"{out.name} does not end in .svg", field="out", hint="Name the file like pain.svg."
        )
    if analyte is not None and kind != "lab":
        raise InvalidInput("--analyte is only for the lab chart", field="analyte")
    charts = app_of(ctx).charts
    if kind == "pain":
        series = charts.pain(start=start, end=end)
        svg, person, first, last = (
            records.pain_chart(series),
            series.person,
            series.first,
            series.last,
        )
    elif kind == "magnesium":
        mg = charts.magnesium(start=start, end=end)
        svg, person, first, last = records.magnesium_chart(mg), mg.person, mg.first, mg.last
    else:
        lab = charts.lab(analyte, start=start, end=end)
        svg, person, first, last = records.lab_chart(lab), lab.person, lab.first, lab.last
    write_atomically(out, svg.encode("utf-8"), field="out")
    payload = {
        "chart": kind,
        "out": str(out),
        "from": first.isoformat(),
        "to": last.isoformat(),
        "bytes": len(svg.encode("utf-8")),
    }

    def render() -> None:
        example_banner(person.is_example)
        console.print(f"Wrote the {kind} chart ({first} to {last}) to {out}")

    emit(payload, as_json, render)
