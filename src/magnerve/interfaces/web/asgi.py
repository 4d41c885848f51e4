"""The ASGI entry point for app servers: ``uvicorn --factory
magnerve.interfaces.web.asgi:app_from_environment`` (settings come from MAGNERVE_* variables).

``magnerve serve --workers N`` uses it to run several processes; docs/deploy.md shows it behind
a reverse proxy.
"""

from __future__ import annotations

from fastapi import FastAPI

from magnerve.config import load_settings
from magnerve.interfaces.web.app import create_app


def app_from_environment() -> FastAPI:
    return create_app(load_settings())
