"""``magnerve admin``: accounts for clinic mode (the first admin, clinicians, patients).

Whoever can run this holds the database URL, so these commands act as the operator.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from magnerve.errors import InvalidInput
from magnerve.interfaces.cli.runtime import JsonOption, app_of, console, emit

app = typer.Typer(help="Clinic mode accounts: create users and list them.", no_args_is_help=True)

ROLES = ("admin", "clinician", "patient")


@app.command("create-user")
def create_user(
    ctx: typer.Context,
    email: Annotated[str, typer.Option("--email", help="The address they sign in with.")],
    name: Annotated[str, typer.Option("--name", help="The name others see, e.g. 'Dr Lee'.")],
    role: Annotated[
        str, typer.Option("--role", help="admin, clinician or patient (default: admin).")
    ] = "admin",
    password_stdin: Annotated[
        bool,
        typer.Option(
            "--password-stdin", help="Read the password from standard input (for scripts)."
        ),
    ] = False,
    as_json: Annotated[bool, JsonOption] = False,
) -> None:
    """Create an account. Asks for the password twice (hidden) unless --password-stdin."""
    from magnerve.domain.access import Role

    if role not in ROLES:
        raise InvalidInput(
            f"--role: must be one of {', '.join(ROLES)}, not '{role}'.", field="role"
        )
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    created = app_of(ctx).accounts.register(email, name, password, role=Role(role))
    payload = {
        "id": created.actor.account_id,
        "email": created.email,
        "display_name": created.actor.name,
        "role": role,
        "person": created.person_handle,
    }
    emit(
        payload,
        as_json,
        lambda: console.print(f"Created {role} account {created.email} ({created.actor.name})."),
    )


@app.command("list-users")
def list_users(ctx: typer.Context, as_json: Annotated[bool, JsonOption] = False) -> None:
    """Every account: e-mail address, name, role, and since when (no health data)."""
    from rich.table import Table

    records = app_of(ctx).accounts.accounts()
    rows = [
        {
            "id": r.id,
            "email": r.email,
            "display_name": r.display_name,
            "role": r.role.value,
            "created_at": r.created_at.isoformat(),
        }
        for r in records
    ]

    def render() -> None:
        table = Table("e-mail", "name", "role", "since")
        for r in rows:
            table.add_row(
                str(r["email"]), str(r["display_name"]), str(r["role"]), str(r["created_at"])[:10]
            )
        console.print(table if rows else "No accounts yet.")

    emit({"users": rows}, as_json, render)
