"""The account page: changing the password, downloading one's records, deleting the account."""

from __future__ import annotations

import json
from typing import Any

import pytest

from magnerve.errors import NotFound
from tests.interfaces.web.clinic.conftest import PASSWORD, MakeClient, sign_in

NEW_PASSWORD = "seven quiet herons over the lake"


def test_change_password_ends_other_sessions(patient: Any, new_client: MakeClient) -> None:
    other = new_client()
    sign_in(other, "pat@example.org")
    wrong = patient.post(
        "/account/password",
        data={"current_password": "not the password", "new_password": NEW_PASSWORD},
    )
    assert wrong.status_code == 422 and 'id="current_password-error"' in wrong.text
    weak = patient.post(
        "/account/password", data={"current_password": PASSWORD, "new_password": "short"}
    )
    assert weak.status_code == 422 and 'id="new_password-error"' in weak.text
    done = patient.post(
        "/account/password", data={"current_password": PASSWORD, "new_password": NEW_PASSWORD}
    )
    assert (
        done.status_code == 200 and "Your password was changed. 1 other sign-in ended." in done.text
    )
    assert patient.get("/account").status_code == 200  # this browser stays signed in
    assert other.get("/api/v1/account").status_code == 401
    fresh = new_client()
    refused = fresh.post("/signin", data={"email": "pat@example.org", "password": PASSWORD})
    assert refused.status_code == 401
    sign_in(fresh, "pat@example.org", NEW_PASSWORD)


def test_export_is_the_patients_own_records(new_client: MakeClient, patient: Any) -> None:
    assert patient.post("/log/food", data={"text": "30 g almonds"}).status_code == 200
    other = new_client()
    other.post(
        "/register",
        data={"email": "sam@example.org", "display_name": "Sam Roe", "password": PASSWORD},
    )
    other.headers["X-CSRF-Token"] = other.get("/api/v1/csrf").json()["csrf_token"]
    assert other.post("/log/food", data={"text": "1 cup cooked spinach"}).status_code == 200

    page = patient.get("/account").text
    assert "Download all my records (JSON)" in page
    response = patient.get("/account/export")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    assert (
        response.headers["content-disposition"]
        == 'attachment; filename="magnerve-records-2026-03-14.json"'
    )
    text = response.text
    document = json.loads(text)
    assert isinstance(document, dict)
    assert "Pat Doe" in text and "almond" in text.lower()
    assert "Sam Roe" not in text and "spinach" not in text.lower()
    assert "password" not in text.lower()


def test_export_is_for_patients(clinician: Any) -> None:
    assert "Download all my records" not in clinician.get("/account").text
    assert clinician.get("/account/export").status_code == 404


def test_delete_account(patient: Any, new_client: MakeClient, clinic_app: Any) -> None:
    assert patient.post("/log/food", data={"text": "30 g almonds"}).status_code == 200
    handle = patient.get("/api/v1/account").json()["account"]["person_handle"]
    page = patient.get("/account").text
    assert page.index('href="/account/export"') < page.index('action="/account/delete"')

    unconfirmed = patient.post(
        "/account/delete", data={"delete_password": PASSWORD, "confirm": "delete"}
    )
    assert unconfirmed.status_code == 422 and 'id="confirm-error"' in unconfirmed.text
    wrong = patient.post(
        "/account/delete", data={"delete_password": "not my password", "confirm": "DELETE"}
    )
    assert wrong.status_code == 422 and 'id="delete_password-error"' in wrong.text
    assert patient.get("/api/v1/account").status_code == 200  # nothing happened yet

    gone = patient.post(
        "/account/delete",
        data={"delete_password": PASSWORD, "confirm": "DELETE"},
        follow_redirects=False,
    )
    assert gone.status_code == 303 and gone.headers["location"] == "/signin"
    assert "were deleted" in patient.get("/signin").text
    assert patient.get("/api/v1/account").status_code == 401
    fresh = new_client()
    refused = fresh.post("/signin", data={"email": "pat@example.org", "password": PASSWORD})
    assert refused.status_code == 401
    with pytest.raises(NotFound):  # the records went with the account
        clinic_app.state.magnerve.backup.export_person(handle)
