"""``magnerve serve``: the web app on this computer (127.0.0.1:8000 by default)."""

from __future__ import annotations

import ipaddress
import os
from typing import Annotated, Any

import typer

from magnerve.config import check_clinic
from magnerve.errors import InvalidInput
from magnerve.interfaces.cli.runtime import JsonOption, app_of, console, emit

#: What each worker process runs (``magnerve serve --workers N``, or uvicorn/gunicorn directly).
ASGI_FACTORY = "magnerve.interfaces.web.asgi:app_from_environment"


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
    workers: Annotated[
        int,
        typer.Option("--workers", min=1, max=64, help="App processes (clinic mode; default 1)."),
    ] = 1,
    as_json: Annotated[bool, JsonOption] = False,
) -> None:
    """Start the web app. Open the address it prints in your browser; Ctrl+C stops it."""
    magnerve = app_of(ctx)
    settings = magnerve.settings
    host = host or settings.host
    port = port or settings.port
    check_host(host, settings.mode)
    if settings.mode == "clinic":
        check_clinic(settings)
    elif workers > 1:
        raise InvalidInput(
            "--workers: local mode runs one app process.",
            field="workers",
            hint="Several processes are for clinic mode (MAGNERVE_MODE=clinic).",
        )
    import uvicorn

    from magnerve.interfaces.web.app import create_app

    magnerve.engine  # noqa: B018 - migrate once, before any worker starts
    magnerve.food_db  # noqa: B018 - build the food data before the first page, with progress
    magnerve.close()
    url = f"http://{host}:{port}/"
    emit(
        {"url": url, "host": host, "port": port, "mode": settings.mode, "workers": workers},
        as_json,
        lambda: console.print(f"magnerve is running at {url}  (press Ctrl+C to stop)"),
    )
    # No access log: request paths can carry health details (food searches, record ids).
    # Behind a reverse proxy, trust its X-Forwarded-For/-Proto only from the listed addresses.
    options: dict[str, Any] = {
        "host": host,
        "port": port,
        "access_log": False,
        "log_level": "warning",
        "proxy_headers": settings.mode == "clinic",
        "forwarded_allow_ips": settings.forwarded_allow_ips,
    }
    if workers > 1:
        # Each worker builds its app from the environment: pass on the settings in force.
        for name, value in settings.model_dump(exclude_none=True).items():
            os.environ[f"MAGNERVE_{name.upper()}"] = str(value)
        uvicorn.run(ASGI_FACTORY, factory=True, workers=workers, **options)
    else:
        uvicorn.run(create_app(settings), **options)
