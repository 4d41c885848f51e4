"""Every main page, in chromium at 375 px: axe-core finds no serious or critical WCAG 2.1 A/AA
violation, nothing scrolls sideways, and the keyboard and text-size control work."""

from __future__ import annotations

from typing import Any

import pytest

from tests.interfaces.web.browser.conftest import artifacts_dir, axe_violations, describe

pytestmark = pytest.mark.slow

MAIN_PAGES = (
    "/",
    "/log",
    "/supplements",
    "/medicines",
    "/labs",
    "/trial",
    "/foods",
    "/findings",
    "/report",
    "/profile",
    "/about",
)


def _load_example(page: Any) -> None:
    page.goto("/welcome")
    page.get_by_role("button", name="Load example data").click()
    page.wait_for_url("**/")
    assert page.get_by_text("Example data.").is_visible()


def test_main_pages_have_no_serious_violations_and_fit_a_phone(page: Any) -> None:
    _load_example(page)
    problems = []
    for path in ("/welcome", *MAIN_PAGES):
        response = page.goto(path)
        assert response is not None and response.status == 200, path
        violations = axe_violations(page)
        if violations:
            problems.append(f"{path}:\n{describe(violations)}")
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 375:
            problems.append(f"{path}: the page is {width} px wide at a 375 px viewport")
        assert page.locator("h1").count() == 1, f"{path}: one h1"
        shot = "root" if path == "/" else path.strip("/").replace("/", "-")
        page.screenshot(path=str(artifacts_dir() / f"page-{shot}.png"), full_page=True)
    assert not problems, "\n".join(problems)
    assert page.js_errors == []


def test_skip_link_is_the_first_tab_stop_and_focus_is_visible(page: Any) -> None:
    page.goto("/welcome")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to the main content"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("", "none")
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"


def test_text_size_control_enlarges_the_text(page: Any) -> None:
    page.goto("/welcome")

    def body_size() -> float:
        return float(page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)"))

    before = body_size()
    page.get_by_role("button", name="Larger text").click()
    page.wait_for_function("document.documentElement.classList.contains('text-larger')")
    assert body_size() >= before * 1.3
    page.goto("/about")
    assert page.evaluate("document.documentElement.className") == "text-larger"


def test_targets_are_at_least_44_px(page: Any) -> None:
    _load_example(page)
    small = page.evaluate(
        """() => [...document.querySelectorAll('button, a.button, nav a, input, select')]
            .filter(e => e.offsetParent !== null && e.type !== 'hidden'
                    && e.type !== 'checkbox' && e.type !== 'radio')
            .map(e => [e.outerHTML.slice(0, 80), e.getBoundingClientRect().height])
            .filter(([_, h]) => h < 44)"""
    )
    assert small == []
