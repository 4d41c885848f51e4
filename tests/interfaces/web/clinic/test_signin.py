"""Signing in and out, registering, the session cookie and the anti-forgery token."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from magnerve.config import Settings
from magnerve.domain.passwords import MIN_LENGTH
from tests.interfaces.web.clinic.conftest import (
    PASSWORD,
    MakeClient,
    clinic_settings,
    make_app,
    sign_in,
)

WRONG = "The e-mail address or the password is not right."


def test_pages_need_sign_in_and_come_back_after(new_client: MakeClient, patient: Any) -> None:
    c = new_client()
    response = c.get("/labs", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/signin?next=/labs"
    page = c.get("/signin?next=/labs").text
    assert 'name="next" value="/labs"' in page and 'href="/register"' in page
    response = c.post(
        "/signin",
        data={"email": "PAT@example.org", "password": PASSWORD, "next": "/labs"},
        follow_redirects=False,
    )
    assert response.status_code == 303 and response.headers["location"] == "/labs"
    assert c.get("/labs").status_code == 200


def test_next_never_leaves_the_site(new_client: MakeClient, patient: Any) -> None:
    c = new_client()
    response = c.post(
        "/signin",
        data={"email": "pat@example.org", "password": PASSWORD, "next": "//evil.example/"},
        follow_redirects=False,
    )
    assert response.headers["location"] == "/"


def test_wrong_password_and_unknown_address_say_the_same(
    new_client: MakeClient, patient: Any
) -> None:
    c = new_client()
    wrong = c.post("/signin", data={"email": "pat@example.org", "password": "not it at all!!"})
    unknown = c.post("/signin", data={"email": "who@example.org", "password": PASSWORD})
    for response in (wrong, unknown):
        assert response.status_code == 401
        assert "is not right" in response.text
        assert 'id="password-error"' in response.text
    assert 'value="pat@example.org"' in wrong.text
    assert "not it at all" not in wrong.text  # the password is never shown again


def test_too_many_failures_answer_429_with_retry_after(
    new_client: MakeClient, patient: Any
) -> None:
    c = new_client()
    statuses = [
        c.post("/signin", data={"email": "pat@example.org", "password": "wrong wrong wrong"})
        for _ in range(6)
    ]
    assert [r.status_code for r in statuses[:5]] == [401] * 5
    assert statuses[5].status_code == 429
    assert "Too many failed sign-ins" in statuses[5].text
    assert int(statuses[5].headers["Retry-After"]) > 0
    # Even the right password is refused until the wait is over.
    right = c.post("/signin", data={"email": "pat@example.org", "password": PASSWORD})
    assert right.status_code == 429


def test_sign_out_ends_the_session_in_the_database(patient: Any, clinic_app: Any) -> None:
    cookie = patient.cookies.get("magnerve_session")
    assert patient.get("/account").status_code == 200
    response = patient.post("/signout", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/signin"
    # The old cookie, replayed by another client, no longer signs anyone in.
    with TestClient(clinic_app) as thief:
        thief.cookies.set("magnerve_session", cookie)
        response = thief.get("/account", follow_redirects=False)
        assert response.status_code == 303
        assert response.headers["location"].startswith("/signin")
        assert thief.get("/api/v1/account").status_code == 401


def test_register_checks_each_field_and_keeps_what_was_typed(new_client: MakeClient) -> None:
    c = new_client()
    page = c.get("/register").text
    assert f"At least {MIN_LENGTH} characters" in page
    response = c.post(
        "/register", data={"email": "not-an-address", "display_name": "Sam", "password": "short"}
    )
    assert response.status_code == 422
    assert 'id="email-error"' in response.text and 'id="password-error"' in response.text
    assert 'value="not-an-address"' in response.text and 'value="Sam"' in response.text
    assert 'value="short"' not in response.text


def test_register_refuses_a_taken_address(new_client: MakeClient, patient: Any) -> None:
    c = new_client()
    response = c.post(
        "/register",
        data={"email": "pat@example.org", "display_name": "Other", "password": PASSWORD},
    )
    assert response.status_code == 422 and "already exists" in response.text


def test_closed_registration_is_not_found(settings: Settings) -> None:
    app = make_app(clinic_settings(settings, open_registration=False))
    with TestClient(app) as c:
        assert c.get("/register").status_code == 404
        assert 'href="/register"' not in c.get("/signin").text


def test_sign_in_form_needs_the_token(
    new_client: MakeClient, patient: Any, clinic_app: Any
) -> None:
    with TestClient(clinic_app) as c:
        c.get("/signin")  # a session with a token
        forged = c.post(
            "/signin",
            data={"email": "pat@example.org", "password": PASSWORD, "csrf_token": "forged"},
            follow_redirects=False,
        )
        missing = c.post(
            "/signin",
            data={"email": "pat@example.org", "password": PASSWORD},
            follow_redirects=False,
        )
        assert forged.status_code == 403 and missing.status_code == 403
        assert c.get("/api/v1/account").status_code == 401


def test_signing_in_gives_a_new_token(new_client: MakeClient, patient: Any) -> None:
    c = new_client()
    before = c.headers["X-CSRF-Token"]
    sign_in(c, "pat@example.org")
    assert c.headers["X-CSRF-Token"] != before


def test_session_cookie_flags(settings: Settings) -> None:
    for secure in (False, True):
        app = make_app(clinic_settings(settings, secure_cookies=secure))
        with TestClient(app) as c:
            header = c.get("/signin").headers["set-cookie"].lower()
            assert "httponly" in header and "samesite=lax" in header
            assert ("secure" in header.replace("samesite", "")) is secure


def test_navigation_by_role(patient: Any, clinician: Any, new_client: MakeClient) -> None:
    mine = patient.get("/account").text
    theirs = clinician.get("/account").text
    for page in (mine, theirs):
        assert 'href="/sharing"' in page and 'action="/signout"' in page
    assert 'href="/panel"' not in mine and 'href="/panel"' in theirs
    assert "Clinician" in theirs and "pat@example.org" in mine
    signed_out = new_client().get("/signin").text
    assert 'action="/signout"' not in signed_out and 'href="/labs"' not in signed_out
