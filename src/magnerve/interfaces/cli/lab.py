"""``magnerve lab`` and ``magnerve egfr``: lab results with units, flags and kidney function."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from magnerve.interfaces import payloads
from magnerve.interfaces.cli.runtime import JsonOption, app_of, console, emit, example_banner

app = typer.Typer(
    help="Lab results (magnesium, kidney function, vitamin B12, HbA1c and more), and when tests "
    "are due.",
    no_args_is_help=True,
)

FLAG_WORDS = {
    "low": "below the reference range",
    "high": "above the reference range",
    "normal": "within the reference range",
    "critical-low": "CRITICALLY LOW",
    "critical-high": "CRITICALLY HIGH",
}


@app.command("add")
def add(
    ctx: typer.Context,
    analyte: Annotated[
        str,
        typer.Argument(
            help="serum-magnesium, creatinine, egfr, vitamin-b12, hba1c, rbc-magnesium, mma, "
            "glucose, potassium or calcium."
        ),
    ],
    value: Annotated[float, typer.Argument(help="The number on the report.")],
    unit: Annotated[str, typer.Argument(help="The unit on the report, e.g. mg/dL or mmol/L.")],
    date: Annotated[
        str | None, typer.Option("--date", help="Date of the test (default today).")
    ] = None,
    as_json: Annotated[bool, JsonOption] = False,
) -> None:
    """Add a lab result. A creatinine also gives your eGFR (needs your age and sex)."""
    added = app_of(ctx).labs.add(analyte, value, unit, day=date)
    r, reading = added.result, added.reading
    payload = payloads.lab_added(added)

    def render() -> None:
        example_banner(added.person.is_example)
        flag = f" — {FLAG_WORDS[r.flag]}" if r.flag else ""
        console.print(
            f"Added #{r.id}: {reading.name} {r.value:g} {r.unit}{flag} "
            f"({r.local_date.isoformat()})."
        )
        for note in reading.notes:
            console.print(f"  {note}")
        if added.egfr is not None:
            console.print(
                f"  eGFR (kidney filtering, CKD-EPI 2021): {added.egfr.value:.0f} "
                f"mL/min/1.73m² — stage {added.egfr_stage}."
            )
        if added.egfr_note:
            console.print(f"  {added.egfr_note}")

    emit(payload, as_json, render)


@app.command("list")
def list_labs(
    ctx: typer.Context,
    analyte: Annotated[str | None, typer.Option(help="Only this test.")] = None,
    as_json: Annotated[bool, JsonOption] = False,
) -> None:
    """Your lab results, oldest first."""
    person, results = app_of(ctx).labs.list(analyte)

    def render() -> None:
        example_banner(person.is_example)
        if not results:
            console.print(
                "No lab results yet. Add one with: magnerve lab add serum-magnesium "
                "0.8 mmol/L --date YYYY-MM-DD"
            )
        for r in results:
            flag = f" ({FLAG_WORDS[r.flag]})" if r.flag else ""
            console.print(
                f"#{r.id} {r.local_date.isoformat()} {r.analyte}: {r.value:g} {r.unit}{flag}"
            )

    emit({"labs": [payloads.lab(r) for r in results]}, as_json, render)


@app.command("remove")
def remove(
    ctx: typer.Context,
    lab_id: Annotated[int, typer.Argument(metavar="ID", help="The id from 'lab list'.")],
    as_json: Annotated[bool, JsonOption] = False,
) -> None:
    """Remove a lab result (and an eGFR computed from it)."""
    app_of(ctx).labs.remove(lab_id)
    emit({"removed": lab_id}, as_json, lambda: console.print(f"Removed lab result #{lab_id}."))


def egfr(
    creatinine: Annotated[float, typer.Option(help="Serum creatinine.")],
    age: Annotated[int, typer.Option(help="Age in years (18 or over).")],
    sex: Annotated[str, typer.Option(help="female or male.")],
    unit: Annotated[str, typer.Option(help="mg/dL or umol/L.")] = "mg/dL",
    as_json: Annotated[bool, JsonOption] = False,
) -> None:
    """Estimate kidney filtering (eGFR) from creatinine with the CKD-EPI 2021 equation."""
    from magnerve.services.labs import compute_egfr

    answer = compute_egfr(creatinine, unit, age=age, sex=sex)
    payload = payloads.egfr(answer)
    emit(
        payload,
        as_json,
        lambda: console.print(
            f"eGFR {answer.egfr:.0f} mL/min/1.73m² (CKD-EPI 2021) — KDIGO stage {answer.stage}."
        ),
    )


STATUS_WORDS = {"overdue": "OVERDUE", "due": "due", "ok": "not yet due"}


@app.command("schedule")
def schedule(
    ctx: typer.Context,
    ics: Annotated[
        Path | None,
        typer.Option("--ics", help="Also write the schedule to this calendar file (.ics)."),
    ] = None,
    date: Annotated[
        str | None, typer.Option("--date", help="Judge what is due as of this day.")
    ] = None,
    as_json: Annotated[bool, JsonOption] = False,
) -> None:
    """Which tests are due: magnesium and kidney function while you take magnesium, vitamin B12
    on metformin, HbA1c with diabetes."""
    from magnerve.interfaces.files import write_atomically

    result = app_of(ctx).labs.schedule(date)
    if ics is not None:
        from magnerve.interfaces.calendar import lab_schedule_ics

        data = lab_schedule_ics(result, app_of(ctx).clock.now())
        write_atomically(ics, data, field="ics")
    payload = payloads.lab_schedule(result, str(ics) if ics is not None else None)

    def render() -> None:
        example_banner(result.person.is_example)
        if not result.items:
            console.print(
                "No tests are scheduled: magnerve schedules them while you take magnesium, "
                "take metformin, or have diabetes."
            )
        for i in result.items:
            last = f"last {i.last_date.isoformat()}" if i.last_date else "no result yet"
            console.print(f"{i.due_date.isoformat()}  {i.name}: {STATUS_WORDS[i.status]} ({last})")
            console.print(f"    {i.reason}")
        if ics is not None:
            console.print(f"Calendar written to {ics}")

    emit(payload, as_json, render)
