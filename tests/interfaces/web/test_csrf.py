"""Anti-forgery tokens: no change without this session's token, on every route there is.

The route test is generated from the application's own route table, so a route added later
(the accounts pages, say) is checked without anyone writing a test for it. Each unsafe route
gets requests with no token, another session's token and a made-up one; each must answer 403
(code ``csrf``) and leave every table of the database exactly as it was.
"""

from __future__ import annotations

import html
import json
import re
import secrets
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi import Request  # at module level: the route below resolves its annotation

from magnerve.config import Settings
from tests.conftest import FIXED_NOW
from tests.interfaces.web.api.conftest import assert_error
from tests.interfaces.web.conftest import with_csrf

SAFE = frozenset({"GET", "HEAD", "OPTIONS"})
HEADER = "X-CSRF-Token"
REFUSED = "This form has expired or did not come from magnerve."
#: What a page form might send; the check comes first, so the fields hardly matter.
FORM = {"score": "5", "text": "1 oz almonds", "size": "large", "next": "/"}


#: Clinic mode adds routers (sign-in, accounts, sharing, notes): both modes are checked.
MODES = ("local", "clinic")
CLINIC_SECRET = "q8Zt3Lw0Rk5Vn2Hj7Ux4Pc9Ya6Md1Gb_Fs-Ei3Oo8Tt"
PATIENT = {"email": "pat@example.org", "password": "purple giraffe under a bright sky"}


def mode_settings(mode: str, database_url: str, **extra: Any) -> Settings:
    """Every setting given, so no MAGNERVE_ variable of the machine counts."""
    if mode == "clinic":
        return Settings(
            database_url=database_url,
            mode="clinic",
            secret_key=CLINIC_SECRET,
            secure_cookies=False,
            **extra,
        )
    return Settings(
        database_url=database_url, mode="local", person="me", secret_key="csrf-tests", **extra
    )


def build_app(settings: Settings) -> Any:
    import argon2

    from magnerve.interfaces.web.app import create_app
    from magnerve.services.clock import FixedClock

    cheap = argon2.PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    return create_app(settings, clock=FixedClock(FIXED_NOW), password_hasher=cheap)


def unsafe_routes(mode: str) -> list[tuple[str, str, str]]:
    """Every (mode, method, path) of the app that may change something, from its route table."""
    from fastapi.routing import iter_route_contexts

    app = build_app(mode_settings(mode, "sqlite://"))
    found = []
    for route in iter_route_contexts(app.routes):
        for method in sorted((route.methods or set()) - SAFE):
            found.append((mode, method, str(route.path)))
    return found


ROUTES = [route for mode in MODES for route in unsafe_routes(mode)]


def fill(path: str) -> str:
    """A plausible address: every path parameter an id that exists in the seeded records."""
    return re.sub(r"\{[^}]+\}", "1", path)


def snapshot(db: Path) -> dict[str, list[str]]:
    """Every row of every table, to compare before and after."""
    with closing(sqlite3.connect(db)) as con:
        tables = [
            row[0]
            for row in con.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {t: sorted(repr(row) for row in con.execute(f'SELECT * FROM "{t}"')) for t in tables}


def seed(me: Any) -> None:
    """Records with id 1 of each kind, so an edit or removal would have something to change."""
    me.profile.set(age=68, sex="female", diabetes="type2")
    me.intake.log_text("30 g almonds", meal="snack")
    me.supplements.add_product("Glycinate 100", form="glycinate", elemental_mg_per_serving=100)
    me.supplements.log_dose("1", servings=1, time="08:00")
    me.medications.add("metformin 500 mg", times="08:00,20:00")
    me.labs.add("creatinine", 1.0, "mg/dL")
    for back in range(8, 0, -1):
        me.diary.log_pain(str(5 + back % 3), day=f"2026-03-{14 - back:02d}")


@dataclass
class Site:
    app: Any
    db: Path
    mode: str

    def session(self) -> tuple[Any, str]:
        """A new browser session (own cookies) and the token it was given; nobody signed in."""
        from fastapi.testclient import TestClient

        client = TestClient(self.app)  # the module's client runs the app's lifespan
        return client, client.get("/api/v1/csrf").json()["csrf_token"]

    def victim(self) -> tuple[Any, str]:
        """The person a forged request is aimed at: in clinic mode, signed in."""
        client, token = self.session()
        if self.mode == "clinic":
            signed = client.post("/signin", data=PATIENT, headers={HEADER: token})
            assert signed.status_code == 200 and "/signin" not in str(signed.url), signed.text[:300]
            token = client.get("/api/v1/csrf").json()["csrf_token"]  # a new one after sign-in
        return client, token


def open_site(mode: str, where: Path, food_db_dir: Path) -> Iterator[Site]:
    from fastapi.testclient import TestClient

    db = where / "records.sqlite3"
    app = build_app(mode_settings(mode, str(db), data_dir=where / "data", food_db_dir=food_db_dir))
    with TestClient(app):
        root = app.state.magnerve
        if mode == "clinic":
            pat = root.accounts.register(PATIENT["email"], "Pat Doe", PATIENT["password"])
            seed(root.for_person(pat.person_handle, pat.actor))
        else:
            seed(root)
        yield Site(app, db, mode)


@pytest.fixture(scope="module")
def local_site(tmp_path_factory: pytest.TempPathFactory, food_db_dir: Path) -> Iterator[Site]:
    """One seeded app per mode for the route table (nothing may change: it can be shared)."""
    yield from open_site("local", tmp_path_factory.mktemp("csrf-local"), food_db_dir)


@pytest.fixture(scope="module")
def clinic_site(tmp_path_factory: pytest.TempPathFactory, food_db_dir: Path) -> Iterator[Site]:
    yield from open_site("clinic", tmp_path_factory.mktemp("csrf-clinic"), food_db_dir)


def send(client: Any, method: str, path: str, token: str | None, *, in_form: bool = False) -> Any:
    """A request as a page form (pages) or a program (API) would send it."""
    url = fill(path)
    headers = {HEADER: token} if token is not None and not in_form else {}
    if url.startswith("/api/"):
        return client.request(method, url, json={}, headers=headers, follow_redirects=False)
    data = {**FORM, "csrf_token": token} if in_form and token is not None else FORM
    return client.request(method, url, data=data, headers=headers, follow_redirects=False)


def assert_refused(response: Any, path: str, how: str) -> None:
    if path.startswith("/api/"):
        body = assert_error(response, 403, "csrf_token", code="csrf")
        assert REFUSED in body["error"], how
    else:
        assert response.status_code == 403, (how, response.status_code, response.text[:300])
        assert response.headers["content-type"].startswith("text/html"), how
        assert REFUSED in html.unescape(response.text), how


def test_the_route_table_has_changes_to_check() -> None:
    local = {(m, p) for mode, m, p in ROUTES if mode == "local"}
    clinic = {(m, p) for mode, m, p in ROUTES if mode == "clinic"}
    assert {("POST", "/log/pain"), ("POST", "/example/load"), ("POST", "/api/v1/intake")} <= local
    assert ("DELETE", "/api/v1/labs/{id}") in local and ("PATCH", "/api/v1/profile") in local
    assert ("POST", "/signin") in clinic and ("POST", "/register") in clinic
    assert len(clinic - local) >= 5  # the accounts and sharing routes


@pytest.mark.parametrize("mode", MODES)
def test_every_route_is_one_the_check_covers(mode: str) -> None:
    """The check is a dependency of the FastAPI app: it covers its routes, not mounted apps.
    A mount other than the static files (read-only) would need its own check."""
    from fastapi.routing import APIRoute, iter_route_contexts
    from starlette.routing import Mount

    app = build_app(mode_settings(mode, "sqlite://"))
    for route in iter_route_contexts(app.routes):
        original = route.original_route
        if isinstance(original, Mount):
            assert original.path == "/static", original.path
        elif (route.methods or set()) - SAFE:
            assert isinstance(original, APIRoute), route.path


@pytest.mark.parametrize(
    ("mode", "method", "path"), ROUTES, ids=[f"{mode} {m} {p}" for mode, m, p in ROUTES]
)
def test_a_change_without_the_sessions_token_is_refused_and_changes_nothing(
    request: pytest.FixtureRequest, mode: str, method: str, path: str
) -> None:
    site: Site = request.getfixturevalue(f"{mode}_site")
    victim, token = site.victim()
    _, other_token = site.session()
    assert token != other_token
    before = snapshot(site.db)

    assert_refused(send(victim, method, path, None), path, "no token")
    assert_refused(send(victim, method, path, other_token), path, "another session's token")
    assert_refused(send(victim, method, path, secrets.token_urlsafe(32)), path, "made-up token")
    assert_refused(send(victim, method, path, ""), path, "empty token")
    if not path.startswith("/api/"):
        assert_refused(send(victim, method, path, other_token, in_form=True), path, "form field")
    stranger, _ = site.session()
    stranger.cookies.clear()  # no session at all: a forged request from a fresh browser
    assert_refused(send(stranger, method, path, token), path, "no session")

    assert snapshot(site.db) == before

    # The same request with the right token gets past the check (whatever the route says then).
    passed = send(victim, method, path, token)
    assert REFUSED not in html.unescape(passed.text), passed.text[:300]


def test_the_token_in_the_form_field_is_accepted(web_app: Any, settings: Settings) -> None:
    from fastapi.testclient import TestClient

    with TestClient(web_app) as client:
        page = client.get("/log").text  # no header on this client: only the form carries it
        token = re.search(r'name="csrf_token" value="([^"]+)"', page)
        assert token
        db = Path(settings.database_url)
        before = len(snapshot(db)["diary_value"])
        response = client.post(
            "/log/pain",
            data={"score": "6", "csrf_token": token.group(1)},
            follow_redirects=False,
        )
        assert response.status_code == 303, response.text[:300]
        assert len(snapshot(db)["diary_value"]) == before + 1


def test_the_token_in_the_header_is_accepted_by_the_api(web_app: Any, settings: Settings) -> None:
    from fastapi.testclient import TestClient

    with TestClient(web_app) as client:
        token = client.get("/api/v1/csrf").json()["csrf_token"]
        response = client.post("/api/v1/diary/pain", json={"score": 4}, headers={HEADER: token})
        assert response.status_code == 201, response.text
        assert len(snapshot(Path(settings.database_url))["diary_value"]) == 1


def test_a_token_works_only_in_its_own_session(web_app: Any) -> None:
    from fastapi.testclient import TestClient

    with TestClient(web_app) as first:
        second = TestClient(web_app)
        first_token = first.get("/api/v1/csrf").json()["csrf_token"]
        second_token = second.get("/api/v1/csrf").json()["csrf_token"]
        assert first_token != second_token
        assert len(first_token) >= 40  # 32 random bytes
        # Stable for the session: every page and every ask gives the same token.
        assert first.get("/api/v1/csrf").json()["csrf_token"] == first_token

        swapped = second.post(
            "/api/v1/diary/pain", json={"score": 4}, headers={HEADER: first_token}
        )
        assert_error(swapped, 403, "csrf_token", code="csrf")
        own = second.post("/api/v1/diary/pain", json={"score": 4}, headers={HEADER: second_token})
        assert own.status_code == 201


def test_the_answer_with_the_token_is_not_cached(client: Any) -> None:
    response = client.get("/api/v1/csrf")
    assert response.headers["cache-control"] == "no-store"
    assert set(response.json()) == {"csrf_token"}


def test_pages_carry_the_token_in_every_form_the_meta_tag_and_the_htmx_header(
    example_client: Any,
) -> None:
    token = example_client.get("/api/v1/csrf").json()["csrf_token"]
    forms_seen = 0
    for path in ("/", "/log", "/supplements", "/medicines", "/labs", "/trial", "/profile"):
        page = example_client.get(path)
        assert page.status_code == 200, path
        text = page.text
        assert f'<meta name="csrf-token" content="{token}">' in text, path
        body = re.search(r"<body hx-headers='([^']*)'>", text)
        assert body, path
        assert json.loads(html.unescape(body.group(1))) == {HEADER: token}, path
        for form in re.findall(r'<form\b[^>]*method="post".*?</form>', text, re.S | re.I):
            assert f'<input type="hidden" name="csrf_token" value="{token}">' in form, (path, form)
            forms_seen += 1
    assert forms_seen >= 20  # the example's records give every kind of form


def test_every_post_form_in_the_templates_has_the_field() -> None:
    """Also the forms no page above shows (errors, undo, the screener, the welcome page)."""
    from magnerve.interfaces.web.templating import TEMPLATES_DIR

    checked = 0
    for template in TEMPLATES_DIR.rglob("*.html"):
        source = template.read_text(encoding="utf-8")
        for form in re.findall(r'<form\b[^>]*method="post".*?</form>', source, re.S | re.I):
            assert "{{ csrf_field() }}" in form, (template.name, form[:200])
            checked += 1
    assert checked >= 25


def test_a_new_visitor_gets_a_token_before_any_form_is_sent(web_app: Any) -> None:
    """Sign-in forms are protected too (login CSRF): showing a page starts the session."""
    from fastapi.testclient import TestClient

    with TestClient(web_app) as client:
        page = client.get("/about")
        assert "magnerve_session" in page.cookies
        shown = re.search(r'<meta name="csrf-token" content="([^"]+)">', page.text)
        assert shown
        assert client.get("/api/v1/csrf").json()["csrf_token"] == shown.group(1)


def test_a_refused_change_leaves_the_session_as_it_was(web_app: Any) -> None:
    from fastapi.testclient import TestClient

    with TestClient(web_app) as client:
        client.get("/")
        refused = client.post("/settings/text-size", data={"size": "larger", "next": "/"})
        assert refused.status_code == 403
        assert '<html lang="en" class="text-normal">' in client.get("/").text
        accepted = with_csrf(client).post("/settings/text-size", data={"size": "larger"})
        assert accepted.status_code == 200
        assert '<html lang="en" class="text-larger">' in client.get("/").text


def test_a_router_added_later_is_covered_and_rotation_replaces_the_token(web_app: Any) -> None:
    """The accounts pages will add routers and call rotate_csrf after signing in."""
    from fastapi import APIRouter
    from fastapi.testclient import TestClient

    from magnerve.interfaces.web.csrf import rotate_csrf

    later = APIRouter()

    @later.post("/signed-in")
    def signed_in(request: Request) -> dict[str, str]:
        return {"csrf_token": rotate_csrf(request)}

    web_app.include_router(later)
    with TestClient(web_app) as client:
        old = client.get("/api/v1/csrf").json()["csrf_token"]
        assert client.post("/signed-in").status_code == 403
        assert client.post("/signed-in", headers={HEADER: "forged"}).status_code == 403
        new = client.post("/signed-in", headers={HEADER: old}).json()["csrf_token"]
        assert new != old
        assert client.get("/api/v1/csrf").json()["csrf_token"] == new
        stale = client.post("/api/v1/diary/pain", json={"score": 4}, headers={HEADER: old})
        assert_error(stale, 403, "csrf_token", code="csrf")
        fresh = client.post("/api/v1/diary/pain", json={"score": 4}, headers={HEADER: new})
        assert fresh.status_code == 201


def test_a_multipart_form_carries_the_token_too(web_app: Any, settings: Settings) -> None:
    from fastapi.testclient import TestClient

    with TestClient(web_app) as client:
        token = client.get("/api/v1/csrf").json()["csrf_token"]
        response = client.post(
            "/log/pain",
            files={"score": (None, "7"), "csrf_token": (None, token)},
            follow_redirects=False,
        )
        assert response.status_code == 303, response.text[:300]
        assert len(snapshot(Path(settings.database_url))["diary_value"]) == 1
        forged = client.post(
            "/log/pain", files={"score": (None, "7"), "csrf_token": (None, "forged")}
        )
        assert forged.status_code == 403
        assert len(snapshot(Path(settings.database_url))["diary_value"]) == 1
