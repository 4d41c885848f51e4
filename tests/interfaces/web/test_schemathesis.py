"""Property-based tests of the whole API from its own OpenAPI schema (schemathesis).

For every operation, valid and invalid requests are generated from ``/openapi.json`` and sent
to a fresh app (in-process) that holds a few records, so ids in paths can exist. Every answer
must: not be a server error, have a documented status code and content type, match its
documented schema, and reject what the schema says is invalid. Every request carries a
session cookie and its anti-forgery token, as a program using the API does (``GET
/api/v1/csrf``), so changes reach the routes' own checks. Derandomized, with a small number of
examples per operation, so it is stable in CI and takes well under a minute.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode, checks

from magnerve.config import Settings
from tests.conftest import FIXED_NOW

#: Examples per operation and mode. A deeper run, by hand:
#: MAGNERVE_TEST_API_EXAMPLES=200 pytest tests/interfaces/web/test_schemathesis.py
EXAMPLES_PER_OPERATION = int(os.environ.get("MAGNERVE_TEST_API_EXAMPLES", "12"))

CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_headers_conformance,
    checks.response_schema_conformance,
    checks.negative_data_rejection,
]


def seed(app: Any) -> None:
    """A few records of each kind, so record ids 1 and 2 exist for edits and removals."""
    me = app.state.magnerve
    me.profile.set(age=68, sex="female", diabetes="type2")
    me.intake.log_food("usda_sr28:11457", "1", "cup")
    me.intake.log_text("30 g almonds", meal="snack")
    me.supplements.add_product("Glycinate 100", form="glycinate", elemental_mg_per_serving=100)
    me.supplements.log_dose("1", servings=1, time="08:00")
    me.supplements.log_dose("1", servings=1, day="yesterday")
    me.medications.add("metformin 500 mg", times="08:00,20:00")
    me.labs.add("creatinine", 1.0, "mg/dL")
    me.labs.add("serum-magnesium", 0.8, "mmol/L")
    for back in range(8, 0, -1):
        me.diary.log_pain(str(5 + back % 3), day=f"2026-03-{14 - back:02d}")
    me.trial.start(day="2026-03-10", product="1")


def operations() -> list[tuple[str, str, bool]]:
    """Every (METHOD, path, takes input) in the schema. Building it reads no records."""
    from magnerve.interfaces.web.app import create_app

    spec = create_app(Settings(database_url="sqlite://")).openapi()
    return [
        (method.upper(), path, bool(op.get("parameters") or op.get("requestBody")))
        for path, item in spec["paths"].items()
        for method, op in item.items()
        if method in {"get", "post", "put", "patch", "delete"}
    ]


def local_settings(where: Path, food_db_dir: Path) -> Settings:
    """Every setting given, so no MAGNERVE_ variable of the machine counts."""
    return Settings(
        database_url=str(where / "records.sqlite3"),
        data_dir=where / "data",
        food_db_dir=food_db_dir,
        person="me",
        mode="local",
        secret_key="schemathesis",
    )


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory, food_db_dir: Path) -> tuple[Path, Any]:
    """A records database with the seed, and the OpenAPI document, made once per module."""
    from magnerve.interfaces.web.app import create_app
    from magnerve.services.clock import FixedClock

    where = tmp_path_factory.mktemp("seeded")
    app = create_app(local_settings(where, food_db_dir), clock=FixedClock(FIXED_NOW))
    seed(app)
    app.state.magnerve.close()  # the last connection closed: everything is in the main file
    records = where / "records.sqlite3"
    with closing(sqlite3.connect(records)) as db:
        assert db.execute("SELECT count(*) FROM intake_entry").fetchone() == (2,)
    return records, app.openapi()


@dataclass(frozen=True)
class Api:
    """The schema of a fresh app, and what every request sends: a session and its token."""

    schema: Any
    headers: dict[str, str]
    cookies: dict[str, str]


@pytest.fixture
def api(seeded: tuple[Path, Any], tmp_path: Path, food_db_dir: Path) -> Api:
    """A fresh app (its lifespan ends with the test) on a copy of the seeded records."""
    from fastapi.testclient import TestClient

    from magnerve.interfaces.web.app import create_app
    from magnerve.services.clock import FixedClock

    records, spec = seeded
    shutil.copyfile(records, tmp_path / "records.sqlite3")
    app = create_app(local_settings(tmp_path, food_db_dir), clock=FixedClock(FIXED_NOW))
    app.openapi_schema = spec  # the same app, so the same document: built once
    session = TestClient(app)  # no lifespan: only the session and its token are wanted
    token = session.get("/api/v1/csrf").json()["csrf_token"]
    cookies = dict(session.cookies.items())
    assert "magnerve_session" in cookies
    return Api(
        schemathesis.openapi.from_asgi("/openapi.json", app), {"X-CSRF-Token": token}, cookies
    )


@pytest.mark.parametrize(
    ("method", "path", "takes_input"), operations(), ids=lambda v: v if isinstance(v, str) else ""
)
def test_every_operation_conforms_to_its_schema(
    api: Api, method: str, path: str, takes_input: bool
) -> None:
    operation = api.schema[path][method]
    # Invalid requests exist only for operations that take parameters or a body.
    modes = [GenerationMode.POSITIVE] + ([GenerationMode.NEGATIVE] if takes_input else [])
    for mode in modes:

        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            derandomize=True,
            deadline=None,
            database=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy(generation_mode=mode))
        def run(case: Any) -> None:
            response = case.call_and_validate(
                checks=CHECKS, headers=api.headers, cookies=api.cookies
            )
            assert '"code":"csrf"' not in response.text.replace(" ", ""), response.text

        run()
