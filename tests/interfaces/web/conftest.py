"""A web app on a real SQLite file with a fixed clock, and a client that keeps its session.

The client sends its session's anti-forgery token with every request, as the pages and htmx
do; tests of the token itself (tests/interfaces/web/test_csrf.py) make their own clients.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from magnerve.config import Settings
from tests.conftest import FIXED_NOW


def with_csrf(client: Any) -> Any:
    """``client``, sending its session's anti-forgery token from now on (as the pages do)."""
    client.headers["X-CSRF-Token"] = client.get("/api/v1/csrf").json()["csrf_token"]
    return client


@pytest.fixture
def web_app(settings: Settings) -> Any:
    from magnerve.interfaces.web.app import create_app
    from magnerve.services.clock import FixedClock

    return create_app(settings, clock=FixedClock(FIXED_NOW))


@pytest.fixture
def client(web_app: Any) -> Iterator[Any]:
    from fastapi.testclient import TestClient

    with TestClient(web_app) as c:
        yield with_csrf(c)


@pytest.fixture
def example_client(client: Any) -> Any:
    """A client looking at the example person (14 weeks of made-up records)."""
    response = client.post("/example/load", follow_redirects=False)
    assert response.status_code == 303
    return client
