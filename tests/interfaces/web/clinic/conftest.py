"""A clinic-mode web app (real SQLite file, fixed clock, cheap password hashing) and helpers
that register and sign in patients and clinicians, each with their own browser (TestClient)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from magnerve.config import Settings
from tests.conftest import FIXED_NOW
from tests.interfaces.web.conftest import with_csrf

SECRET = "k3J9vQ2xW7pL5mN8rT4yB6cD1fG0hZ-aS_eU9iO2uY3tR5wE7qP"
PASSWORD = "purple giraffe under a bright sky"
CODE_RE = re.compile(r'id="invite-code">([^<]+)<')

Client = Any
MakeClient = Callable[..., Client]


def clinic_settings(settings: Settings, **extra: object) -> Settings:
    update: dict[str, object] = {"mode": "clinic", "secret_key": SECRET, "secure_cookies": False}
    return settings.model_copy(update={**update, **extra})


def make_app(settings: Settings) -> Any:
    import argon2

    from magnerve.interfaces.web.app import create_app
    from magnerve.services.clock import FixedClock

    return create_app(
        settings,
        clock=FixedClock(FIXED_NOW),
        password_hasher=argon2.PasswordHasher(time_cost=1, memory_cost=8, parallelism=1),
    )


@pytest.fixture
def clinic_app(settings: Settings) -> Any:
    return make_app(clinic_settings(settings))


@pytest.fixture
def new_client(clinic_app: Any) -> Iterator[MakeClient]:
    """``new_client()``: a fresh browser with its anti-forgery token header set."""
    from fastapi.testclient import TestClient

    opened: list[Any] = []

    def make() -> Client:
        c = TestClient(clinic_app)
        c.__enter__()
        opened.append(c)
        return with_csrf(c)

    yield make
    for c in reversed(opened):
        c.__exit__(None, None, None)


def sign_in(client: Client, email: str, password: str = PASSWORD) -> Any:
    response = client.post(
        "/signin", data={"email": email, "password": password}, follow_redirects=False
    )
    assert response.status_code == 303, response.text
    client.headers["X-CSRF-Token"] = client.get("/api/v1/csrf").json()["csrf_token"]
    return response


@pytest.fixture
def patient(new_client: MakeClient) -> Client:
    """A signed-in patient, Pat Example (registered through the page)."""
    c = new_client()
    response = c.post(
        "/register",
        data={"email": "pat@example.org", "display_name": "Pat Doe", "password": PASSWORD},
        follow_redirects=False,
    )
    assert response.status_code == 303 and response.headers["location"] == "/welcome"
    c.headers["X-CSRF-Token"] = c.get("/api/v1/csrf").json()["csrf_token"]
    return c


@pytest.fixture
def clinician(clinic_app: Any, new_client: MakeClient) -> Client:
    """A signed-in clinician, Dr Lee (clinicians are made by an admin, not on the page)."""
    from magnerve.domain.access import Role

    clinic_app.state.magnerve.accounts.register(
        "lee@clinic.example", "Dr Lee", PASSWORD, role=Role.clinician
    )
    c = new_client()
    sign_in(c, "lee@clinic.example")
    return c


def new_code(client: Client) -> str:
    """Make a sharing code on the Sharing page and read it off the page (shown once)."""
    response = client.post("/sharing/invites")
    assert response.status_code == 200
    found = CODE_RE.search(response.text)
    assert found, response.text
    return found.group(1).replace(" ", "")


@pytest.fixture
def shared(patient: Client, clinician: Client) -> tuple[Client, Client]:
    """The patient gave the clinician a code and the clinician entered it."""
    code = new_code(patient)
    response = clinician.post("/sharing/redeem", data={"code": code}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/panel"
    return patient, clinician
