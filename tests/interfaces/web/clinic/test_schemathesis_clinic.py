"""Property-based tests of the clinic-mode API from its own OpenAPI schema, signed in.

A patient with records (food, a supplement and doses, a medicine, labs, pain scores, a trial)
shares them with a clinician, who wrote a note. For every operation a fresh clinic app on a copy
of those records is signed in as the patient (``POST /api/v1/session``); every request sends the
session cookie and its anti-forgery token and nothing else, so the patient-scoped routes act on
the patient's own records. Every answer must: not be a server error, have a documented status
code and content type, and match its documented schema. Derandomized, ~12 examples per
operation and mode.

The same operations without a session: everything about a person answers 401 in the one JSON
error shape; only the public operations (health, about, the anti-forgery token, supplement
forms, elemental magnesium, eGFR, signing in) answer. Those requests carry a signed-out
session's anti-forgery token, so that they reach the routes' own checks.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode, checks

from magnerve.config import Settings
from tests.interfaces.web.clinic.conftest import PASSWORD, clinic_settings, make_app

EXAMPLES_PER_OPERATION = int(os.environ.get("MAGNERVE_TEST_API_EXAMPLES", "12"))
PATIENT = "pat@example.org"
CLINICIAN = "lee@clinic.example"

CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_headers_conformance,
    checks.response_schema_conformance,
    checks.negative_data_rejection,
]

#: Operations anyone may call, signed in or not.
PUBLIC = {
    ("GET", "/api/v1/health"),
    ("GET", "/api/v1/about"),
    ("GET", "/api/v1/csrf"),
    ("GET", "/api/v1/supplements/forms"),
    ("GET", "/api/v1/supplements/elemental"),
    ("GET", "/api/v1/egfr"),
    ("POST", "/api/v1/session"),  # a wrong password is a 401 naming the password
    ("DELETE", "/api/v1/session"),  # signing out when signed out changes nothing
}
#: Reference data that a clinic server still gives only to people signed in (as it answers
#: now: food search ranks the person's own recent foods first). Not a person's records.
SIGNED_IN_REFERENCE = {
    ("GET", "/api/v1/foods/search"),
    ("GET", "/api/v1/foods/top"),
    ("GET", "/api/v1/foods/{food_id}"),
    ("GET", "/api/v1/screen/choices"),
}

ERROR_KEYS = {"ok", "error", "errors", "code"}


def clinic_of(where: Path, food_db_dir: Path) -> Settings:
    """Every setting given, so no MAGNERVE_ variable of the machine counts."""
    base = Settings(
        database_url=str(where / "records.sqlite3"),
        data_dir=where / "data",
        food_db_dir=food_db_dir,
    )
    return clinic_settings(base)


def seed(app: Any) -> None:
    """The patient's records, shared with a clinician who wrote a note."""
    from magnerve.domain.access import Role

    root = app.state.magnerve
    patient = root.accounts.register(PATIENT, "Pat Doe", PASSWORD)
    clinician = root.accounts.register(CLINICIAN, "Dr Lee", PASSWORD, role=Role.clinician)
    me = root.for_person(patient.person_handle, patient.actor)
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
    code = me.sharing.create_invite().code
    lee = root.for_person("", clinician.actor)
    lee.sharing.redeem(code, client="seed")
    root.for_person(patient.person_handle, clinician.actor).notes.add("Check B12 in May.")


def operations() -> list[tuple[str, str, bool]]:
    """Every (METHOD, path, takes input) in the clinic app's schema."""
    from tests.interfaces.web.clinic.conftest import SECRET

    clinic = Settings(database_url="sqlite://", mode="clinic", secret_key=SECRET)
    spec = make_app(clinic).openapi()
    return [
        (method.upper(), path, bool(op.get("parameters") or op.get("requestBody")))
        for path, item in spec["paths"].items()
        for method, op in item.items()
        if method in {"get", "post", "put", "patch", "delete"}
    ]


OPERATIONS = operations()


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory, food_db_dir: Path) -> tuple[Path, Any]:
    """The seeded records file and the OpenAPI document, made once per module."""
    where = tmp_path_factory.mktemp("clinic-seeded")
    app = make_app(clinic_of(where, food_db_dir))
    seed(app)
    spec = app.openapi()
    app.state.magnerve.close()  # the last connection closed: everything is in the main file
    return where / "records.sqlite3", spec


@dataclass(frozen=True)
class Api:
    """The schema of a fresh clinic app, and what every request sends."""

    schema: Any
    headers: dict[str, str]
    cookies: dict[str, str]


def fresh_api(seeded: tuple[Path, Any], where: Path, food_db_dir: Path, *, signed_in: bool) -> Api:
    """A fresh clinic app on a copy of the seeded records, with a session and its token:
    the patient's (signed in through the API) or a signed-out one."""
    from fastapi.testclient import TestClient

    records, spec = seeded
    shutil.copyfile(records, where / "records.sqlite3")
    app = make_app(clinic_of(where, food_db_dir))
    app.openapi_schema = spec  # the same app, so the same document: built once
    browser = TestClient(app)  # no lifespan: only the session and its token are wanted
    token = browser.get("/api/v1/csrf").json()["csrf_token"]
    if signed_in:
        answer = browser.post(
            "/api/v1/session",
            json={"email": PATIENT, "password": PASSWORD},
            headers={"X-CSRF-Token": token},
        )
        assert answer.status_code == 200, answer.text
        assert answer.json()["account"]["role"] == "patient"
        token = answer.json()["csrf_token"]
        # The session is the patient's, on their own records (no person header needed).
        day = browser.get("/api/v1/intake", params={"date": "2026-03-14"}, headers={})
        assert day.status_code == 200 and len(day.json()["entries"]) == 2, day.text
    cookies = dict(browser.cookies.items())
    assert "magnerve_session" in cookies
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    return Api(schema, {"X-CSRF-Token": token}, cookies)


@pytest.fixture(scope="module")
def signed_out(
    seeded: tuple[Path, Any], tmp_path_factory: pytest.TempPathFactory, food_db_dir: Path
) -> Api:
    """One app for every request without a signed-in session (none of them may change a thing)."""
    return fresh_api(seeded, tmp_path_factory.mktemp("signed-out"), food_db_dir, signed_in=False)


def _hypothesis(examples: int) -> Any:
    return settings(
        max_examples=examples,
        derandomize=True,
        deadline=None,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )


@pytest.mark.parametrize(
    ("method", "path", "takes_input"), OPERATIONS, ids=lambda v: v if isinstance(v, str) else ""
)
def test_signed_in_every_operation_conforms_to_its_schema(
    seeded: tuple[Path, Any],
    tmp_path: Path,
    food_db_dir: Path,
    method: str,
    path: str,
    takes_input: bool,
) -> None:
    api = fresh_api(seeded, tmp_path, food_db_dir, signed_in=True)
    operation = api.schema[path][method]
    statuses: list[int] = []
    modes = [GenerationMode.POSITIVE] + ([GenerationMode.NEGATIVE] if takes_input else [])
    for mode in modes:

        @_hypothesis(EXAMPLES_PER_OPERATION)
        @given(case=operation.as_strategy(generation_mode=mode))
        def run(case: Any) -> None:
            response = case.call_and_validate(
                checks=CHECKS, headers=api.headers, cookies=api.cookies
            )
            assert '"code":"csrf"' not in response.text.replace(" ", ""), response.text
            statuses.append(response.status_code)

        run()
    # The session reached the routes: a signed-in patient is never told to sign in, except
    # after signing out (DELETE /session) or by a failed sign-in as someone else.
    if (method, path) not in {("DELETE", "/api/v1/session"), ("POST", "/api/v1/session")}:
        assert 401 not in statuses, (method, path, statuses)


@pytest.mark.parametrize(
    ("method", "path", "takes_input"), OPERATIONS, ids=lambda v: v if isinstance(v, str) else ""
)
def test_without_a_session_only_public_operations_answer(
    signed_out: Api, method: str, path: str, takes_input: bool
) -> None:
    api = signed_out
    operation = api.schema[path][method]
    public = (method, path) in PUBLIC
    statuses: list[int] = []

    @_hypothesis(3)
    @given(case=operation.as_strategy(generation_mode=GenerationMode.POSITIVE))
    def run(case: Any) -> None:
        response = case.call(headers=api.headers, cookies=api.cookies)
        statuses.append(response.status_code)
        assert response.status_code < 500, response.text
        if public:
            if response.status_code == 401:  # only a sign-in that failed
                assert (method, path) == ("POST", "/api/v1/session"), response.text
                assert response.json()["errors"][0]["field"] == "password", response.text
            return
        assert response.status_code == 401, (response.status_code, response.text)
        body = response.json()
        assert set(body) == ERROR_KEYS, body
        assert body["ok"] is False and body["code"] and body["error"]
        assert all(set(e) >= {"field", "message"} for e in body["errors"]), body
        assert "Pat Doe" not in response.text

    run()
    assert statuses
