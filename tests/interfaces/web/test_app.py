"""The app as a whole: the one API error shape, error pages, cross-site writes, the session."""

from __future__ import annotations

from typing import Any

import pytest

from tests.interfaces.web.conftest import with_csrf

ERROR_KEYS = {"ok", "error", "errors", "code"}


def _is_error_shape(body: dict[str, Any], code: str) -> None:
    assert set(body) >= ERROR_KEYS, body
    assert body["ok"] is False and body["code"] == code
    assert isinstance(body["error"], str) and body["error"]
    assert all({"field", "message"} <= set(e) for e in body["errors"])


def test_unknown_api_route_answers_the_error_shape(client: Any) -> None:
    response = client.get("/api/v1/no-such-thing")
    assert response.status_code == 404
    _is_error_shape(response.json(), "not_found")


def test_wrong_method_answers_the_error_shape(client: Any) -> None:
    response = client.delete("/api/v1/health")
    assert response.status_code == 405
    body = response.json()
    _is_error_shape(body, "method_not_allowed")
    assert body["errors"][0]["field"] == "method"


def test_unknown_page_is_a_page_not_json(client: Any) -> None:
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "<h1>Not found</h1>" in response.text
    assert 'href="/"' in response.text


def test_health_is_trivial(client: Any) -> None:
    from magnerve import __version__

    assert client.get("/api/v1/health").json() == {"ok": True, "version": __version__}


def test_openapi_documents_the_error_shape(client: Any) -> None:
    spec = client.get("/openapi.json").json()
    assert "ErrorResponse" in spec["components"]["schemas"]
    health = spec["paths"]["/api/v1/health"]["get"]["responses"]
    assert health["422"]["content"]["application/json"]["schema"]["$ref"].endswith("ErrorResponse")
    assert not any(p.startswith("/log") or p == "/" for p in spec["paths"]), "pages stay out"


@pytest.mark.parametrize(
    "headers",
    [
        {"origin": "http://evil.example"},
        {"sec-fetch-site": "cross-site"},
        {"origin": "null"},
    ],
)
def test_cross_site_writes_are_refused_before_anything_happens(
    client: Any, web_app: Any, headers: dict[str, str]
) -> None:
    response = client.post("/example/load", headers=headers, follow_redirects=False)
    assert response.status_code == 403
    _is_error_shape(response.json(), "forbidden")
    with web_app.state.magnerve.engine.connect() as conn:
        from sqlalchemy import text

        count = conn.execute(text("select count(*) from person where handle='example'")).scalar()
    assert count == 0


def test_same_origin_writes_pass(client: Any) -> None:
    response = client.post(
        "/settings/text-size",
        data={"size": "large", "next": "/about"},
        headers={"origin": "http://testserver", "sec-fetch-site": "same-origin"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/about"


def test_text_size_is_remembered_and_offsite_next_is_ignored(client: Any) -> None:
    response = client.post(
        "/settings/text-size",
        data={"size": "larger", "next": "//evil.example/x"},
        follow_redirects=False,
    )
    assert response.headers["location"] == "/"
    page = client.get("/welcome")
    assert '<html lang="en" class="text-larger">' in page.text
    assert 'value="larger" aria-pressed="true"' in page.text
    client.post("/settings/text-size", data={"size": "huge"})
    assert '<html lang="en" class="text-normal">' in client.get("/welcome").text


def test_session_cookie_is_signed_and_strict(client: Any) -> None:
    response = client.post("/settings/text-size", data={"size": "large"}, follow_redirects=False)
    cookie = response.headers["set-cookie"]
    assert cookie.startswith("magnerve_session=")
    assert "samesite=strict" in cookie.lower() and "httponly" in cookie.lower()
    assert 'class="text-large"' in client.get("/welcome").text
    genuine = client.cookies["magnerve_session"]
    client.cookies.clear()
    client.cookies.set(
        "magnerve_session", genuine[:-4] + ("AAAA" if genuine[-4:] != "AAAA" else "BBBB")
    )
    assert 'class="text-normal"' in client.get("/welcome").text


def test_internal_faults_say_nothing_about_the_request(
    client: Any, web_app: Any, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from magnerve.services.days import DayService

    def boom(self: Any, day: str | None = None) -> Any:
        raise RuntimeError("secret diary text")

    monkeypatch.setattr(DayService, "day", boom)
    from fastapi.testclient import TestClient

    with TestClient(web_app, raise_server_exceptions=False) as c:
        response = c.get("/?q=private")
    assert response.status_code == 500
    assert "secret diary text" not in response.text
    assert "Nothing was half-saved" in response.text
    assert "secret diary text" not in caplog.text and "private" not in caplog.text


def test_the_same_app_can_be_started_again_after_it_stopped(web_app: Any) -> None:
    from fastapi.testclient import TestClient

    for _ in range(2):
        with TestClient(web_app) as c:
            assert with_csrf(c).post("/example/load").status_code == 200
            assert c.get("/api/v1/foods/search", params={"q": "almonds"}).status_code == 200
            assert c.get("/").status_code == 200
