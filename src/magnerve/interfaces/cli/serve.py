"""``magnerve serve``: the web app on this computer (127.0.0.1:8000 by default)."""

from __future__ import annotations

import ipaddress
from typing import Annotated

import typer

from magnerve.errors import ConfigurationError, InvalidInput
from magnerve.interfaces.cli.runtime import JsonOption, app_of, console, emit


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_host(host: str, mode: str) -> None:
    """Local mode has no sign-in, so it must not be reachable from other computers."""
    if not is_loopback(host) and mode != "clinic":
        raise InvalidInput(
            f"Local mode serves only this computer (127.0.0.1), not {host}: it has no sign-in, "
            "so anyone on the network could read your health records.",
            field="host",
            hint="Leave out --host, or run clinic mode (MAGNERVE_MODE=clinic) to serve others.",
        )


def serve(
    ctx: typer.Context,
    host: Annotated[
        str | None,
        typer.Option("--host", help="Interface to listen on (default 127.0.0.1, this computer)."),
    ] = None,
    port: Annotated[
        int | None,
        typer.Option("--port", min=1, max=65535, help="Port to listen on (default 8000)."),
    ] = None,
    as_json: Annotated[bool, JsonOption] = False,
) -> None:
    """Start the web app. Open the address it prints in your browser; Ctrl+C stops it."""
    magnerve = app_of(ctx)
    settings = magnerve.settings
    host = host or settings.host
    port = port or settings.port
    check_host(host, settings.mode)
    if settings.mode == "clinic":
        # Until clinic mode has accounts and sign-in, serving it would open every record.
        raise ConfigurationError(
            "Clinic mode (accounts and sign-in) is not available in this version yet.",
            field="MAGNERVE_MODE",
            hint="Use local mode (leave MAGNERVE_MODE unset) on 127.0.0.1.",
        )
    import uvicorn

    from magnerve.interfaces.web.app import create_app

    magnerve.food_db  # noqa: B018 - build the food data before the first page, with progress
    magnerve.close()
    app = create_app(settings)
    url = f"http://{host}:{port}/"
    emit(
        {"url": url, "host": host, "port": port},
        as_json,
        lambda: console.print(f"magnerve is running at {url}  (press Ctrl+C to stop)"),
    )
    # No access log: request paths can carry health details (food searches, record ids).
    uvicorn.run(app, host=host, port=port, access_log=False, log_level="warning")
