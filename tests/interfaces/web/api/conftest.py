"""API test helpers: a client on the CLI's database (to compare the two), and the error shape."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from magnerve.config import Settings
from tests.conftest import FIXED_NOW, Cli
from tests.interfaces.web.conftest import with_csrf

API = "/api/v1"


@pytest.fixture
def cli_api(cli: Cli, food_db_dir: Path, tmp_path: Path) -> Iterator[Any]:
    """An API client on the same records as ``cli`` (dates given explicitly: the CLI's clock is
    the real one, the app's is the fixed test clock)."""
    from fastapi.testclient import TestClient

    from magnerve.interfaces.web.app import create_app
    from magnerve.services.clock import FixedClock

    settings = Settings(
        database_url=str(cli.db), data_dir=tmp_path / "api-data", food_db_dir=food_db_dir
    )
    with TestClient(create_app(settings, clock=FixedClock(FIXED_NOW))) as client:
        yield with_csrf(client)


def assert_error(response: Any, status: int, field: str, code: str = "invalid_input") -> dict:
    """The one error shape, with a message for ``field``; returns the body."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert body["ok"] is False
    assert body["code"] == code
    assert isinstance(body["error"], str) and body["error"]
    assert field in [e["field"] for e in body["errors"]], body["errors"]
    assert all(e["message"] for e in body["errors"])
    return dict(body)
