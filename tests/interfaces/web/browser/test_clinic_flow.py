"""Clinic mode in chromium, two people each in their own browser: a clinician invites, the
patient shares, the clinician sees the panel and the patient's report, the patient revokes and
the clinician loses access. The clinic pages pass axe, fit a phone and have large targets, and
the sign-in form works with the keyboard alone. Screenshots of each step are kept."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from magnerve.config import Settings
from tests.interfaces.web.browser.conftest import (
    LiveServer,
    artifacts_dir,
    axe_violations,
    describe,
)
from tests.interfaces.web.clinic.conftest import PASSWORD, clinic_settings, make_app

pytestmark = pytest.mark.slow

CLINICIAN_EMAIL = "lee@clinic.example"
PATIENT_EMAIL = "pat@example.org"
PATIENT_PASSPHRASE = "seven quiet herons by the river"  # 15+ characters
PHONE = {"width": 375, "height": 812}

#: Buttons and links a finger has to hit (visible ones), as in test_accessibility.py.
SMALL_TARGETS = """() => [...document.querySelectorAll('button, a.button, nav a, input, select')]
    .filter(e => e.offsetParent !== null && e.type !== 'hidden'
            && e.type !== 'checkbox' && e.type !== 'radio')
    .map(e => [e.outerHTML.slice(0, 80), e.getBoundingClientRect().height])
    .filter(([_, h]) => h < 44)"""


@pytest.fixture
def clinic_live_server(settings: Settings) -> Iterator[LiveServer]:
    """A clinic-mode app with one clinician account (made by an admin, not on a page)."""
    from magnerve.domain.access import Role

    app = make_app(clinic_settings(settings))
    app.state.magnerve.accounts.register(CLINICIAN_EMAIL, "Dr Lee", PASSWORD, role=Role.clinician)
    server = LiveServer(app)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def new_page(browser: Any, clinic_live_server: LiveServer) -> Iterator[Any]:
    """``new_page(width)``: a page in a fresh browser context (own cookies)."""
    contexts: list[Any] = []

    def make(width: int = PHONE["width"]) -> Any:
        context = browser.new_context(
            base_url=clinic_live_server.url, viewport={"width": width, "height": 812}
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
        page.js_errors = errors
        return page

    yield make
    for context in contexts:
        context.close()


def _shot(page: Any, step: str) -> None:
    page.screenshot(path=str(artifacts_dir() / f"clinic-{step}.png"), full_page=True)


def _page_problems(page: Any, path: str) -> list[str]:
    """axe's serious/critical violations, sideways scrolling and small targets on one page."""
    response = page.goto(path)
    assert response is not None and response.status == 200, path
    return _problems_here(page, path)


def _problems_here(page: Any, path: str) -> list[str]:
    """The same checks on the page as it is now (after a form was sent, say)."""
    problems = []
    violations = axe_violations(page)
    if violations:
        problems.append(f"{path}:\n{describe(violations)}")
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > PHONE["width"]:
        problems.append(f"{path}: the page is {width} px wide at a 375 px viewport")
    small = page.evaluate(SMALL_TARGETS)
    if small:
        problems.append(f"{path}: targets under 44 px: {small}")
    if page.locator("h1").count() != 1:
        problems.append(f"{path}: not exactly one h1")
    return problems


def _sign_in_with_the_keyboard(page: Any, email: str, password: str) -> None:
    page.goto("/signin")
    page.locator("#main").focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "email"
    page.keyboard.type(email)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "password"
    page.keyboard.type(password)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def _register(page: Any) -> None:
    page.goto("/register")
    page.get_by_label(re.compile(r"^E-mail address")).fill(PATIENT_EMAIL)
    page.get_by_label(re.compile(r"^Your name")).fill("Pat Doe")
    page.get_by_label(re.compile(r"^Password")).fill(PATIENT_PASSPHRASE)
    page.get_by_role("button", name="Create account").click()
    page.wait_for_url(re.compile(r"/welcome$"))


def test_invite_share_read_and_revoke_in_two_browsers(new_page: Any) -> None:
    clinician = new_page(1024)
    patient = new_page()

    # 1. The clinician signs in (keyboard only) and makes a code: "a clinician invites".
    _sign_in_with_the_keyboard(clinician, CLINICIAN_EMAIL, PASSWORD)
    assert clinician.url.endswith("/panel"), clinician.url
    expect(clinician.locator("#no-patients")).to_be_visible()
    clinician.get_by_role("navigation", name="Main").get_by_role("link", name="Sharing").click()
    clinician.get_by_role("button", name="Make a new code").click()
    expect(clinician.locator("#new-code")).to_contain_text("Give this code to your patient")
    code = clinician.locator("#invite-code").inner_text().replace(" ", "")
    assert re.fullmatch(r"[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}", code), code
    _shot(clinician, "01-clinician-code")

    # 2. The patient registers, logs a food and a pain score, and enters the code.
    _register(patient)
    assert patient.get_by_role("button", name="Load example data").count() == 0
    patient.goto("/log")
    patient.get_by_label(re.compile(r"^What you ate, in words")).fill("30 g almonds")
    patient.get_by_role("button", name="Log it").click()
    expect(patient.locator(".flash")).to_contain_text(re.compile("almonds", re.I))
    patient.goto("/log#pain")
    patient.get_by_label("Pain today, 0 to 10").fill("6")
    patient.get_by_role("button", name="Save pain score").click()
    expect(patient.locator(".flash")).to_be_visible()
    patient.goto("/sharing")
    patient.get_by_label(re.compile(r"^Code")).fill(code)
    patient.get_by_role("button", name="Use code").click()
    expect(patient.locator(".flash")).to_contain_text("Dr Lee can now see your records.")
    expect(patient.locator("#grants")).to_contain_text("Dr Lee")
    _shot(patient, "02-patient-shared")

    # 3. The clinician sees the patient on the panel, opens them read-only, and the report.
    clinician.goto("/panel")
    expect(clinician.locator("#panel")).to_contain_text("Pat Doe")
    _shot(clinician, "03-panel")
    clinician.get_by_role("button", name="Pat Doe").click()
    clinician.wait_for_url(re.compile(r"/$"))
    expect(clinician.locator("#viewing-banner")).to_contain_text(
        "You are viewing Pat Doe's records (read only)."
    )
    clinician.get_by_role("navigation", name="Main").get_by_role("link", name="Report").click()
    clinician.wait_for_url(re.compile(r"/report"))
    expect(clinician.locator("h1")).to_have_text("Report for your clinician")
    expect(clinician.locator("article.report")).to_contain_text("Pat Doe")
    _shot(clinician, "04-report")
    html_link = clinician.locator("#report-downloads a", has_text="HTML")
    report_href = html_link.get_attribute("href")
    assert report_href
    html_report = clinician.request.get(report_href)
    assert html_report.status == 200
    assert "Pat Doe" in html_report.text()
    # What the patient logged: the almonds' magnesium and the pain score.
    assert re.search(r"food [1-9]\d* mg", html_report.text()), "the food is in the report"
    assert "latest 6 on 14 Mar 2026" in html_report.text()
    pdf_href = clinician.locator("#report-downloads a", has_text="PDF").get_attribute("href")
    assert pdf_href
    pdf = clinician.request.get(pdf_href)
    assert pdf.status == 200 and pdf.body().startswith(b"%PDF")
    assert pdf.headers["content-disposition"].endswith('.pdf"')

    # Back to the patient's Today, where the clinician stays while the patient decides.
    clinician.get_by_role("navigation", name="Main").get_by_role("link", name="Today").click()
    expect(clinician.locator("#viewing-banner")).to_be_visible()

    # 4. The patient sees the clinician's reads in the audit log, then stops sharing.
    patient.goto("/sharing")
    audit = patient.locator("#audit-log")
    expect(audit).to_contain_text("Dr Lee")
    expect(audit).to_contain_text("read report")
    _shot(patient, "05-audit")
    patient.get_by_role("button", name="Stop sharing with Dr Lee").click()
    expect(patient.locator(".flash")).to_contain_text("Dr Lee can no longer see your records.")
    expect(patient.locator("#no-grants")).to_be_visible()
    _shot(patient, "06-stopped")

    # 5. The clinician reloads: back on their own panel, the patient gone, nothing to read.
    clinician.reload()
    expect(clinician).to_have_url(re.compile(r"/panel$"))
    expect(clinician.locator("#viewing-banner")).to_have_count(0)
    expect(clinician.locator("#no-patients")).to_be_visible()
    expect(clinician.locator("#main")).not_to_contain_text("Pat Doe")
    _shot(clinician, "07-access-lost")
    for path in ("/", "/report", "/log"):
        response = clinician.request.get(path)
        assert response.ok, (path, response.status)
        assert "Pat Doe" not in response.text(), path
    stale = clinician.request.get(report_href)
    assert "Pat Doe" not in stale.text() and "latest 6 on" not in stale.text()
    assert clinician.js_errors == [] and patient.js_errors == []


def test_clinic_pages_pass_axe_and_fit_a_phone(new_page: Any) -> None:
    problems: list[str] = []
    visitor = new_page()
    for path in ("/signin", "/register"):
        problems += _page_problems(visitor, path)

    patient = new_page()
    _register(patient)
    for path in ("/welcome", "/sharing", "/account"):
        problems += _page_problems(patient, path)
    patient.goto("/sharing")
    patient.get_by_role("button", name="Make a new code").click()
    expect(patient.locator("#invite-code")).to_be_visible()
    code = patient.locator("#invite-code").inner_text().replace(" ", "")
    problems += _page_problems(patient, "/sharing")  # with a code not used yet
    _shot(patient, "axe-sharing-patient")

    clinician = new_page()  # phone-sized too
    _sign_in_with_the_keyboard(clinician, CLINICIAN_EMAIL, PASSWORD)
    problems += _page_problems(clinician, "/panel")  # empty
    clinician.goto("/sharing")
    clinician.get_by_label(re.compile(r"^Code")).fill(code)
    clinician.get_by_role("button", name="Use code").click()
    clinician.wait_for_url(re.compile(r"/panel$"))
    for path in ("/panel", "/sharing", "/account"):
        problems += _page_problems(clinician, path)
    _shot(clinician, "axe-panel-phone")

    # Notes: the clinician looking at the patient writes one (and first sends an empty one).
    clinician.goto("/panel")
    clinician.get_by_role("button", name="Pat Doe").click()
    expect(clinician.locator("#viewing-banner")).to_be_visible()
    clinician.goto("/notes")
    clinician.get_by_role("button", name="Save note").click()
    expect(clinician.locator("main .field.has-error")).to_have_count(1)
    problems += _problems_here(clinician, "/notes (an empty note refused)")
    # The browser reports the refusal's 422 as a failed load; that one is expected.
    refused = "Failed to load resource: the server responded with a status of 422"
    clinician.js_errors[:] = [e for e in clinician.js_errors if not e.startswith(refused)]
    clinician.get_by_label(re.compile(r"^Kind")).select_option("recommendation")
    clinician.get_by_label("What you want to tell the patient").fill(
        "Take the magnesium with dinner."
    )
    clinician.get_by_role("button", name="Save note").click()
    expect(clinician.locator(".flash")).to_contain_text("the patient can read it")
    problems += _problems_here(clinician, "/notes (clinician)")
    _shot(clinician, "axe-notes-clinician")
    problems += _page_problems(patient, "/notes")
    expect(patient.locator("main")).to_contain_text("Take the magnesium with dinner.")
    _shot(patient, "axe-notes-patient")
    assert not problems, "\n".join(problems)
    assert visitor.js_errors == [] and patient.js_errors == [] and clinician.js_errors == []


def test_a_wrong_password_is_said_and_the_keyboard_can_retry(new_page: Any) -> None:
    page = new_page()
    _sign_in_with_the_keyboard(page, CLINICIAN_EMAIL, "not the right password at all")
    assert page.url.endswith("/signin")
    expect(page.locator("main")).to_contain_text(re.compile("password", re.I))
    _sign_in_with_the_keyboard(page, CLINICIAN_EMAIL, PASSWORD)
    assert page.url.endswith("/panel"), page.url
