"""``magnerve report``: a one- or two-page summary for a clinician, as a PDF or HTML file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from magnerve.interfaces.cli.runtime import (
    JsonOption,
    app_of,
    console,
    emit,
    err_console,
    example_banner,
)


def report(
    ctx: typer.Context,
    out: Annotated[
        Path, typer.Option("--out", help="The file to write: NAME.pdf, or NAME.html for a browser.")
    ],
    start: Annotated[
        str | None, typer.Option("--from", help="First day (default: 12 weeks before --to).")
    ] = None,
    end: Annotated[str | None, typer.Option("--to", help="Last day (default: today).")] = None,
    as_json: Annotated[bool, JsonOption] = False,
) -> None:
    """Write a summary for your clinician: medicines, supplements, magnesium, pain and the trial,
    labs and findings with their sources."""
    from magnerve.interfaces.report.document import report_format, write_report

    report_format(out)  # a wrong file name is refused before any work
    gathered = app_of(ctx).report.report(start=start, end=end)
    written = write_report(gathered, out)
    payload = {
        "out": str(written.path),
        "format": written.format,
        "from": gathered.first.isoformat(),
        "to": gathered.last.isoformat(),
        "pages": written.pages,
    }
    if written.problem is not None:
        err_console.print(
            f"Note: no PDF could be made on this computer: {written.problem.message}."
        )
        err_console.print(f"The report was written as HTML instead: {written.path}")
        if written.problem.hint:
            err_console.print(written.problem.hint)

    def render() -> None:
        example_banner(gathered.person.is_example)
        pages = "" if written.pages is None else f", {written.pages} page(s)"
        console.print(
            f"Wrote the report for {gathered.first} to {gathered.last} to {written.path}{pages}."
        )

    emit(payload, as_json, render)
