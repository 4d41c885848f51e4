"""A web app on a real SQLite file with a fixed clock, and a client that keeps its session."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from magnerve.config import Settings
from tests.conftest import FIXED_NOW


@pytest.fixture
def web_app(settings: Settings) -> Any:
    from magnerve.interfaces.web.app import create_app
    from magnerve.services.clock import FixedClock

    return create_app(settings, clock=FixedClock(FIXED_NOW))


@pytest.fixture
def client(web_app: Any) -> Iterator[Any]:
    from fastapi.testclient import TestClient

    with TestClient(web_app) as c:
        yield c


@pytest.fixture
def example_client(client: Any) -> Any:
    """A client looking at the example person (14 weeks of made-up records)."""
    response = client.post("/example/load", follow_redirects=False)
    assert response.status_code == 303
    return client
