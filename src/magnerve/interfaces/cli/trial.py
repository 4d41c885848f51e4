"""``magnerve trial``: start a supplement trial and judge it by the rule stated in advance."""

from __future__ import annotations

from typing import Annotated

import typer

from magnerve.interfaces import payloads
from magnerve.interfaces.cli.runtime import JsonOption, app_of, console, emit, example_banner

app = typer.Typer(
    help="A supplement trial: your pain before and after starting, judged by a rule fixed in "
    "advance (at 4 and 12 weeks).",
    no_args_is_help=True,
)


def _points(value: float | None) -> str:
    return "not enough scores" if value is None else f"{value:.1f} out of 10"


@app.command("start")
def start(
    ctx: typer.Context,
    date: Annotated[
        str | None,
        typer.Option("--date", help="The first day of the trial, YYYY-MM-DD (default: today)."),
    ] = None,
    product: Annotated[
        str | None,
        typer.Option("--product", help="The supplement product being tried (id or name)."),
    ] = None,
    as_json: Annotated[bool, JsonOption] = False,
) -> None:
    """Start a trial. The 7 days before the start are the baseline your pain is compared with."""
    started = app_of(ctx).trial.start(day=date, product=product)
    t = started.trial
    payload = payloads.trial_started(started)

    def render() -> None:
        example_banner(started.person.is_example)
        what = f" of {started.product.name}" if started.product else ""
        console.print(f"Trial{what} started on {t.start_date.isoformat()}.")
        console.print(
            "Log your pain every day (magnerve log pain N). At 4 weeks magnerve gives a first "
            "verdict and at 12 weeks the final one: magnerve trial evaluate"
        )
        if started.replaced is not None:
            console.print(
                f"This replaces the trial that started {started.replaced.start_date.isoformat()}."
            )

    emit(payload, as_json, render)


@app.command("evaluate")
def evaluate(
    ctx: typer.Context,
    date: Annotated[
        str | None,
        typer.Option("--date", help="Judge the trial on this day, YYYY-MM-DD (default: today)."),
    ] = None,
    as_json: Annotated[bool, JsonOption] = False,
) -> None:
    """Compare your pain now with the baseline, by the rule fixed before the trial began."""
    evaluation = app_of(ctx).trial.evaluate(day=date)
    r = evaluation.result

    def render() -> None:
        example_banner(evaluation.person.is_example)
        kind = "12-week result" if r.final else "Result"
        console.print(
            f"{kind} on day {r.day} of the trial (started {r.start.isoformat()}): {r.verdict}"
        )
        console.print(r.message)
        console.print(
            f"  Pain before the start ({r.baseline_from.isoformat()} to "
            f"{r.baseline_to.isoformat()}, {r.baseline_days_logged} days logged): "
            f"{_points(r.baseline_mean)}"
        )
        console.print(
            f"  Pain in the last week ({r.window_from.isoformat()} to "
            f"{r.window_to.isoformat()}, {r.window_days_logged} days logged): "
            f"{_points(r.window_mean)}"
        )
        if r.change is not None:
            pct = "" if r.percent_change is None else f", {r.percent_change:+.1f} %"
            console.print(f"  Change: {r.change:+.2f} points{pct} (minus means less pain)")
        if r.ci95 is not None:
            console.print(
                f"  95 % interval for the change: {r.ci95[0]:+.2f} to {r.ci95[1]:+.2f} points"
            )
        console.print(
            f"  Doses logged on {r.dose_days_logged} of {r.trial_days} days ({r.adherence:.0%})."
        )
        if r.confounders:
            console.print("  Other changes in this period that can also change pain:")
            for c in r.confounders:
                console.print(f"    {c.date.isoformat()}  {c.description}")

    emit(payloads.trial_evaluation(evaluation), as_json, render)
