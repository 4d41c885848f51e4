"""The ``magnerve`` command. Thin: parse, call one service, render. Errors are translated here."""

from __future__ import annotations

import json
import sys
import traceback
from typing import Annotated

import typer

from magnerve import __version__
from magnerve.interfaces.cli import (
    about,
    admin,
    backup,
    chart,
    check,
    day,
    demo,
    food,
    lab,
    log,
    med,
    plan,
    profile,
    report,
    screen,
    serve,
    store,
    supplement,
    trial,
)
from magnerve.interfaces.cli.runtime import CliState, err_console

app = typer.Typer(
    name="magnerve",
    help="Track magnesium, vitamin B12 and alpha-lipoic acid safely with diabetic neuropathy. "
    "Run without a command to see today's summary.",
    no_args_is_help=False,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"magnerve {__version__}\n")
        raise typer.Exit()


@app.callback(invoke_without_command=True)
def root(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            help="Records database: a file path or a SQLAlchemy URL "
            "(overrides MAGNERVE_DATABASE_URL).",
        ),
    ] = None,
    person: Annotated[
        str | None,
        typer.Option("--person", help="Whose records to use: 'me' (default) or 'example'."),
    ] = None,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show tracebacks of internal faults.")
    ] = False,
    version: Annotated[
        bool | None,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = None,
) -> None:
    """magnerve: magnesium and neuropathy, tracked honestly."""
    ctx.obj = CliState(db=db, person=person, debug=debug)
    if ctx.invoked_subcommand is None:
        day.print_today(ctx)
        typer.echo("\nRun 'magnerve --help' to see every command.")


app.add_typer(profile.app, name="profile")
app.add_typer(food.app, name="food")
app.add_typer(supplement.app, name="supplement")
app.add_typer(med.app, name="med")
app.add_typer(lab.app, name="lab")
app.add_typer(log.app, name="log")
app.add_typer(trial.app, name="trial")
app.add_typer(demo.app, name="demo")
app.add_typer(store.app, name="db")
app.add_typer(admin.app, name="admin")
app.add_typer(backup.export_app, name="export")
app.add_typer(backup.import_app, name="import")
app.command("today")(day.today)
app.command("week")(day.week)
app.command("check")(check.check)
app.command("egfr")(lab.egfr)
app.command("plan")(plan.plan)
app.command("screen")(screen.screen)
app.command("chart")(chart.chart)
app.command("report")(report.report)
app.command("about")(about.about)
app.command("serve")(serve.serve)


def main(argv: list[str] | None = None) -> None:
    """Entry point: runs the app and maps errors to exit codes (0 ok, 2 bad input, 1 fault)."""
    from typer import Abort, Exit
    from typer._click.exceptions import ClickException

    from magnerve.errors import MagnerveError

    args = list(sys.argv[1:] if argv is None else argv)
    command = typer.main.get_command(app)
    try:
        command.main(args=args, prog_name="magnerve", standalone_mode=False)
    except Exit as exc:
        sys.exit(exc.exit_code)
    except ClickException as exc:
        if "--json" in args:
            _usage_json(exc)
        exc.show()
        sys.exit(2 if exc.exit_code == 2 else exc.exit_code)
    except Abort:
        err_console.print("Aborted.")
        sys.exit(1)
    except MagnerveError as exc:
        _report(exc, as_json="--json" in args)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception:
        if "--debug" in args:
            traceback.print_exc()
        else:
            sys.stderr.write(
                "Error: an internal fault stopped magnerve. Nothing was half-written.\n"
                "Hint: run the same command with --debug (before the command) to see why, "
                "and report it.\n"
            )
        sys.exit(1)


def _usage_json(exc: object) -> None:
    """Command-line usage errors in the same JSON shape as every other error."""
    param = getattr(exc, "param", None)
    field = getattr(param, "name", None) or "command"
    message = getattr(exc, "message", str(exc))
    payload = {
        "ok": False,
        "error": message,
        "errors": [{"field": field, "message": message}],
        "code": "usage",
    }
    sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")


def _report(exc: object, *, as_json: bool) -> None:
    from magnerve.errors import MagnerveError
    from magnerve.interfaces import payloads

    assert isinstance(exc, MagnerveError)
    if as_json:
        sys.stdout.write(json.dumps(payloads.error(exc), ensure_ascii=False, indent=2) + "\n")
    sys.stderr.write(f"Error: {exc.message}\n")
    if exc.hint:
        sys.stderr.write(f"Hint: {exc.hint}\n")
    candidates = exc.details.get("candidates")
    if isinstance(candidates, list) and candidates:
        sys.stderr.write("Candidates:\n")
        for c in candidates:
            mg = c.get("magnesium_mg_per_100g")
            mg_text = "no magnesium data" if mg is None else f"{mg:g} mg magnesium/100 g"
            sys.stderr.write(f"  {c['id']:<24} {c['description']} ({mg_text})\n")
