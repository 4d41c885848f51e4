"""The API: signing in and out with JSON, and 401 in the one error shape."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.interfaces.web.clinic.conftest import PASSWORD
from tests.interfaces.web.conftest import with_csrf


def test_api_sign_in_account_and_sign_out(patient: Any, clinic_app: Any) -> None:
    with TestClient(clinic_app) as c:
        with_csrf(c)
        unauthorised = c.get("/api/v1/account")
        assert unauthorised.status_code == 401
        body = unauthorised.json()
        assert body["ok"] is False and body["code"] and body["errors"]
        response = c.post(
            "/api/v1/session", json={"email": "pat@example.org", "password": PASSWORD}
        )
        assert response.status_code == 200
        body = response.json()
        assert body["ok"] is True and body["account"]["role"] == "patient"
        assert body["account"]["email"] == "pat@example.org"
        assert body["csrf_token"] != c.headers["X-CSRF-Token"]
        c.headers["X-CSRF-Token"] = body["csrf_token"]
        assert c.get("/api/v1/account").json()["account"]["display_name"] == "Pat Doe"
        assert c.delete("/api/v1/session").json() == {"ok": True}
        assert c.get("/api/v1/account").status_code == 401


def test_api_wrong_password_and_strict_body(patient: Any, clinic_app: Any) -> None:
    with TestClient(clinic_app) as c:
        with_csrf(c)
        wrong = c.post("/api/v1/session", json={"email": "pat@example.org", "password": "x" * 20})
        assert wrong.status_code == 401 and wrong.json()["errors"][0]["field"] == "password"
        extra = c.post("/api/v1/session", json={"email": "a@b.c", "password": "p", "admin": True})
        assert extra.status_code == 422


def test_api_sign_in_needs_the_token(patient: Any, clinic_app: Any) -> None:
    with TestClient(clinic_app) as c:
        response = c.post(
            "/api/v1/session", json={"email": "pat@example.org", "password": PASSWORD}
        )
        assert response.status_code == 403
        assert c.get("/api/v1/account").status_code == 401
