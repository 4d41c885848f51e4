"""``magnerve db``: the records database (migrations run automatically; these are for operators)."""

from __future__ import annotations

from typing import Annotated

import typer

from magnerve.interfaces.cli.runtime import JsonOption, app_of, console, emit

app = typer.Typer(
    help="The records database: where it is and its schema version.", no_args_is_help=True
)


@app.command("upgrade")
def upgrade(ctx: typer.Context, as_json: Annotated[bool, JsonOption] = False) -> None:
    """Create the database or bring it to the newest schema (every command also does this)."""
    from magnerve.storage.schema import current_revision

    magnerve = app_of(ctx)
    revision = current_revision(magnerve.engine)
    emit(
        {"revision": revision},
        as_json,
        lambda: console.print(f"Database schema at revision {revision}."),
    )


@app.command("status")
def status(ctx: typer.Context, as_json: Annotated[bool, JsonOption] = False) -> None:
    """Where the records database is and which schema revision it has."""
    from sqlalchemy.engine import make_url

    from magnerve.storage.schema import SCHEMA_HEAD, current_revision

    magnerve = app_of(ctx)
    url = make_url(magnerve.settings.resolved_database_url())
    revision = current_revision(magnerve.engine)
    payload = {
        "url": url.render_as_string(hide_password=True),
        "revision": revision,
        "head": SCHEMA_HEAD,
    }
    emit(
        payload,
        as_json,
        lambda: console.print(
            f"Database: {payload['url']}\nSchema revision: {revision} (newest: {SCHEMA_HEAD})"
        ),
    )
