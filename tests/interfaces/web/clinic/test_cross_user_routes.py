"""No one reaches another person's records, on any route, generated from the route table.

For every API operation of the clinic-mode app:

- the owner (patient A) can use it on their own records (so the request below is a real one);
- another patient (B) naming A (``X-Magnerve-Person``) or using A's record ids in the path, and
  a clinician whose access A revoked, get 403/404 for anything that touches a person's records;
- in every case the answer never contains A's details, and A's records are exactly as before.

For every page, the revoked clinician (whose session still points at A) is sent away and sees
nothing of A's. A route added later is in these lists automatically; if it takes a body or a
path parameter the table below does not know, the test fails and asks for one, so a new route
cannot be added without being checked.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from magnerve.config import Settings
from magnerve.domain.access import Role
from tests.interfaces.web.clinic.conftest import PASSWORD, clinic_settings, make_app, sign_in
from tests.interfaces.web.conftest import with_csrf

#: Details of patient A that must never appear in anyone else's answer.
MARKERS = ("Alexandra Quill", "Quillbrand Glycinate")
#: Tables that legitimately change when someone is refused (the refusal is logged).
LOG_TABLES = {"audit_event", "attempt", "auth_session"}

#: Operations that do not touch a person's records (public, or about your own account only).
NOT_PERSON = {
    ("GET", "/api/v1/health"),
    ("GET", "/api/v1/about"),
    ("GET", "/api/v1/csrf"),
    ("GET", "/api/v1/foods/search"),
    ("GET", "/api/v1/foods/top"),
    ("GET", "/api/v1/foods/{food_id}"),
    ("GET", "/api/v1/supplements/forms"),
    ("GET", "/api/v1/supplements/elemental"),
    ("GET", "/api/v1/egfr"),
    ("GET", "/api/v1/screen/choices"),
    ("POST", "/api/v1/session"),
    ("DELETE", "/api/v1/session"),
    ("GET", "/api/v1/account"),
    ("GET", "/api/v1/audit"),
    ("GET", "/api/v1/panel"),
    ("GET", "/api/v1/sharing/grants"),
    ("DELETE", "/api/v1/sharing/grants/{id}"),
    ("POST", "/api/v1/sharing/invites"),
    ("POST", "/api/v1/sharing/redeem"),
}
#: Which of A's records a path ``{id}`` names, by the path.
ID_TABLES = {
    "/api/v1/intake/": "intake_entry",
    "/api/v1/supplements/products/": "supplement_product",
    "/api/v1/supplements/doses/": "supplement_dose",
    "/api/v1/medicines/": "medication",
    "/api/v1/labs/": "lab_result",
    "/api/v1/sharing/grants/": "care_grant",
}
#: Which of A's records a named path parameter names.
PARAM_TABLES = {
    "entry_id": "intake_entry",
    "dose_id": "supplement_dose",
    "product_id": "supplement_product",
    "medication_id": "medication",
    "lab_id": "lab_result",
    "grant_id": "care_grant",
    "invite_id": "share_invite",
}
#: Query strings some reads need to be a real request.
QUERIES = {
    ("GET", "/api/v1/foods/search"): {"q": "almonds"},
    ("GET", "/api/v1/supplements/elemental"): {"form": "glycinate", "compound_mg": "500"},
    ("GET", "/api/v1/egfr"): {"creatinine": "1.0", "unit": "mg/dL", "age": "60", "sex": "female"},
    ("GET", "/log/food-search"): {"q": "almonds"},
}
#: Pages that show reference data only (no person's records), so anyone signed in may see them.
REFERENCE_PAGES = {"/labs/units", "/findings/screen"}


def bodies(site: Site) -> dict[tuple[str, str], Any]:
    """A valid body for every operation that takes one (the owner's request must succeed)."""
    return {
        ("POST", "/api/v1/intake"): {"food_id": site.food_id, "amount": 1, "unit": "oz"},
        ("PATCH", "/api/v1/intake/{id}"): {"amount": 2},
        ("PATCH", "/api/v1/profile"): {"timezone": "Europe/London"},
        ("POST", "/api/v1/supplements/products"): {
            "name": "Second one",
            "form": "glycinate",
            "elemental_mg": 100,
        },
        ("POST", "/api/v1/supplements/doses"): {"product": site.ids["supplement_product"]},
        ("POST", "/api/v1/medicines"): {"name": "metformin"},
        ("POST", "/api/v1/medicines/{id}/stop"): {},
        ("POST", "/api/v1/labs"): {"analyte": "serum-magnesium", "value": 0.85, "unit": "mmol/L"},
        ("POST", "/api/v1/diary/pain"): {"score": 4},
        ("POST", "/api/v1/diary/symptoms"): {"tingling": 3},
        ("POST", "/api/v1/screen"): {"symptoms": [site.symptom_id]},
        ("POST", "/api/v1/trial"): {},
        ("POST", "/api/v1/notes"): {"text": "Let us talk about the cramps."},
        ("POST", "/api/v1/session"): {"email": "b@example.org", "password": PASSWORD},
        ("POST", "/api/v1/sharing/redeem"): {"code": "0000-0000-0000"},
    }


def api_operations() -> list[tuple[str, str]]:
    from fastapi.routing import iter_route_contexts

    app = make_app(clinic_settings(Settings(database_url="sqlite://")))
    found = []
    for route in iter_route_contexts(app.routes):
        path = str(route.path)
        for method in sorted((route.methods or set()) - {"HEAD"}):
            if path.startswith("/api/v1/"):
                found.append((method, path))
                if getattr(route, "body_field", None) is None:
                    NO_BODY.add((method, path))
    return found


#: Operations that take no body (filled from the route table).
NO_BODY: set[tuple[str, str]] = set()


def page_paths() -> list[tuple[str, str]]:
    from fastapi.routing import iter_route_contexts

    app = make_app(clinic_settings(Settings(database_url="sqlite://")))
    found = []
    for route in iter_route_contexts(app.routes):
        path = str(route.path)
        if path.startswith(("/api/", "/static", "/openapi", "/docs")) or path == "/api/docs":
            continue
        for method in sorted((route.methods or set()) - {"HEAD"}):
            found.append((method, path))
    return found


API = api_operations()
PAGES = page_paths()


@dataclass
class Site:
    app: Any
    db: Path
    owner: Any = None
    other: Any = None
    revoked: Any = None
    granted: Any = None
    a_handle: str = ""
    food_id: str = ""
    symptom_id: str = ""
    ids: dict[str, int] = field(default_factory=dict)
    #: Set when a test changed A's records itself (the owner's own request): build afresh.
    dirty: bool = False
    stale_cookies: dict[str, str] = field(default_factory=dict)

    def sessions(self) -> int:
        with closing(sqlite3.connect(self.db)) as conn:
            return int(conn.execute("SELECT count(*) FROM auth_session").fetchone()[0])

    def revoked_browser(self) -> Any:
        """The revoked clinician with their old session (looking at A), as it was."""
        self.revoked.cookies.clear()
        for name, value in self.stale_cookies.items():
            self.revoked.cookies.set(name, value)
        return self.revoked

    def a_rows(self) -> dict[str, list[tuple[Any, ...]]]:
        """Every row that is A's (their account, and every table's rows for their person),
        except the logs, to compare before and after."""
        out: dict[str, list[tuple[Any, ...]]] = {}
        with closing(sqlite3.connect(self.db)) as conn:
            person_id, account_id = conn.execute(
                "SELECT person.id, account.id FROM person JOIN account "
                "ON account.person_id = person.id WHERE person.handle = ?",
                (self.a_handle,),
            ).fetchone()
            for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type='table'"):
                if name in LOG_TABLES or name.startswith("sqlite_"):
                    continue
                columns = [c[1] for c in conn.execute(f"PRAGMA table_info({name})")]
                if "person_id" in columns:
                    query, args = f"SELECT * FROM {name} WHERE person_id = ?", (person_id,)
                elif name == "account":
                    query, args = "SELECT * FROM account WHERE id = ?", (account_id,)
                else:
                    continue
                out[name] = sorted(map(tuple, conn.execute(query, args)))
        return out


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory, food_db_dir: Path) -> Iterator[list[Any]]:
    """One site for the module, rebuilt only after a test changed A's records on purpose."""
    holder: list[Any] = []
    yield holder
    for _, closer in holder:
        closer()


@pytest.fixture
def site(sites: list[Any], tmp_path_factory: pytest.TempPathFactory, food_db_dir: Path) -> Any:
    if sites and not sites[0][0].dirty:
        return sites[0][0]
    while sites:
        sites.pop()[1]()
    settings = Settings(
        database_url=str(tmp_path_factory.mktemp("clinic") / "clinic.sqlite3"),
        food_db_dir=food_db_dir,
    )
    built = _build(settings)
    made = next(built)
    sites.append((made, lambda: next(built, None)))
    return made


def _build(settings: Settings) -> Iterator[Site]:
    """Patient A with records, patient B with records, a clinician A still shares with and
    one whose access A revoked (their session still points at A)."""
    from fastapi.testclient import TestClient

    from magnerve.knowledge.load import load_symptoms

    db = Path(str(settings.database_url))
    app = make_app(clinic_settings(settings))
    clients: list[Any] = []

    def browser() -> Any:
        c = TestClient(app)
        c.__enter__()
        clients.append(c)
        return with_csrf(c)

    root = app.state.magnerve
    b = root.accounts.register("b@example.org", "Bernard Other", PASSWORD)
    root.accounts.register("c@example.org", "Dr Granted", PASSWORD, role=Role.clinician)
    root.accounts.register("d@example.org", "Dr Revoked", PASSWORD, role=Role.clinician)
    _records(root.for_person(b.person_handle or "", b.actor), "B's own")
    a = root.accounts.register("a@example.org", "Alexandra Quill", PASSWORD)
    site = Site(app, db, a_handle=a.person_handle or "")
    site.food_id = root.foods.search("almonds", limit=1)[0].id
    site.symptom_id = load_symptoms().symptoms[0].id
    site.ids = _records(root.for_person(site.a_handle, a.actor), "Quillbrand Glycinate")
    site.ids["share_invite"] = (
        root.for_person(site.a_handle, a.actor).sharing.create_invite().invite.id
    )

    site.owner, site.other = browser(), browser()
    site.granted, site.revoked = browser(), browser()
    for client, email in (
        (site.owner, "a@example.org"),
        (site.other, "b@example.org"),
        (site.granted, "c@example.org"),
        (site.revoked, "d@example.org"),
    ):
        sign_in(client, email)
    for clinician in (site.granted, site.revoked):
        code = site.owner.post("/api/v1/sharing/invites").json()["code"]
        assert clinician.post("/api/v1/sharing/redeem", json={"code": code}).status_code == 200
    grants = site.owner.get("/api/v1/sharing/grants").json()["grants"]
    by_name = {g["clinician_name"]: g["id"] for g in grants}
    site.ids["care_grant"] = by_name["Dr Granted"]
    opened = site.revoked.post(f"/panel/open/{site.a_handle}", follow_redirects=False)
    assert opened.status_code == 303
    assert site.revoked.get("/api/v1/today").status_code == 200  # it worked while shared
    site.stale_cookies = dict(site.revoked.cookies)  # the session still points at A
    revoked = site.owner.delete(f"/api/v1/sharing/grants/{by_name['Dr Revoked']}")
    assert revoked.status_code == 200
    yield site
    for c in reversed(clients):
        c.__exit__(None, None, None)


def _records(app: Any, product_name: str) -> dict[str, int]:
    """A little of everything, through the services acting as the owner."""
    app.profile.set(sex="female", age=60, diabetes="type2")
    product = app.supplements.add_product(
        name=product_name, form="glycinate", elemental_mg_per_serving=100.0
    ).product
    dose = app.supplements.log_dose(str(product.id)).dose
    med = app.medications.add("ciprofloxacin").entry
    lab = app.labs.add("serum-magnesium", 0.8, "mmol/L").result
    app.diary.log_pain("5")
    app.trial.start()
    food = app.intake.log_text("1 oz almonds").entry
    return {
        "supplement_product": product.id,
        "supplement_dose": dose.id,
        "medication": med.id,
        "lab_result": lab.id,
        "intake_entry": food.id,
    }


def _fill(site: Site, path: str) -> str:
    def one(match: re.Match[str]) -> str:
        name = match.group(1)
        if name == "food_id":
            return site.food_id
        if name == "handle":
            return site.a_handle
        prefix = path[: match.start()]
        table = PARAM_TABLES.get(name) or (ID_TABLES.get(prefix) if name == "id" else None)
        assert table, f"{path}: say in ID_TABLES which of A's records '{{{name}}}' names"
        return str(site.ids[table])

    return re.sub(r"\{(\w+)\}", one, path)


def _send(client: Any, method: str, site: Site, path: str, **headers: str) -> Any:
    body = bodies(site).get((method, path))
    if method in {"POST", "PATCH", "PUT"} and body is None and (method, path) not in NO_BODY:
        pytest.fail(f"{method} {path}: add a valid body to bodies() so the check is real")
    return client.request(
        method,
        _fill(site, path),
        json=body,
        params=QUERIES.get((method, path)),
        headers=headers,
        follow_redirects=False,
    )


def _no_leak(response: Any, who: str, op: str) -> None:
    for marker in MARKERS:
        assert marker not in response.text, f"{who} saw A's '{marker}' via {op}"


@pytest.mark.parametrize(("method", "path"), API, ids=[f"{m} {p}" for m, p in API])
def test_no_one_else_reaches_a_persons_records_through_the_api(
    site: Site, method: str, path: str
) -> None:
    op = f"{method} {path}"
    before, sessions = site.a_rows(), site.sessions()
    person_scoped = (method, path) not in NOT_PERSON
    attempts = {
        "another patient naming A": (lambda: site.other, {"X-Magnerve-Person": site.a_handle}),
        "a clinician A stopped sharing with": (site.revoked_browser, {}),
        "a clinician naming A after revocation": (
            site.revoked_browser,
            {"X-Magnerve-Person": site.a_handle},
        ),
    }
    if "{id}" in path:
        attempts["another patient using A's ids"] = (lambda: site.other, {})
    for who, (client, headers) in attempts.items():
        response = _send(client(), method, site, path, **headers)
        _no_leak(response, who, op)
        if person_scoped and who != "another patient using A's ids":
            assert response.status_code in (403, 404), f"{who}: {op} → {response.status_code}"
        if person_scoped and who == "another patient using A's ids":
            assert response.status_code in (403, 404), f"{who}: {op} → {response.status_code}"
        assert site.a_rows() == before, f"{who} changed A's records via {op}"
    if person_scoped and method != "GET" and (method, path) != ("POST", "/api/v1/notes"):
        refused = _send(site.granted, method, site, path, **{"X-Magnerve-Person": site.a_handle})
        assert refused.status_code == 403, f"a clinician may only read: {op}"
        assert site.a_rows() == before
    if person_scoped:
        if path.endswith("/restore"):
            removed = site.owner.delete(_fill(site, path.removesuffix("/restore")))
            assert removed.status_code == 200
        mine = _send(site.owner, method, site, path)
        if (method, path) == ("POST", "/api/v1/notes"):
            mine = _send(site.granted, method, site, path, **{"X-Magnerve-Person": site.a_handle})
        assert mine.status_code < 300, f"the owner's own {op} failed: {mine.text[:300]}"
        site.dirty = site.a_rows() != before
    site.dirty = site.dirty or site.sessions() < sessions  # someone was signed out


@pytest.mark.parametrize(("method", "path"), PAGES, ids=[f"{m} {p}" for m, p in PAGES])
def test_a_clinician_whose_access_ended_sees_nothing_on_any_page(
    site: Site, method: str, path: str
) -> None:
    before, sessions = site.a_rows(), site.sessions()
    form = {"text": "x", "score": "5", "code": "0000-0000-0000", "password": "wrong"}
    response = site.revoked_browser().request(
        method,
        _fill(site, path),
        data=form if method == "POST" else None,
        params=QUERIES.get((method, path)),
        follow_redirects=False,
    )
    _no_leak(response, "the revoked clinician", f"{method} {path}")
    assert site.a_rows() == before, f"{method} {path} changed A's records"
    if method == "GET":  # sent away (303), never shown "access ended" as a form error
        assert response.status_code != 422, f"GET {path}: {response.text[:200]}"
    site.dirty = site.sessions() < sessions  # signed out: the next test needs a fresh site
    if response.status_code == 200 and method == "GET":
        # Only pages about the clinician's own account (or public ones) answer at all.
        assert (
            path in REFERENCE_PAGES
            or path
            in {
                "/signin",
                "/register",
                "/about",
                "/account",
                "/sharing",
                "/panel",
                "/foods",
                "/foods/{food_id}",
                "/welcome",
            }
            or path.startswith("/foods")
        ), f"GET {path} answered 200 for a clinician whose access ended"
