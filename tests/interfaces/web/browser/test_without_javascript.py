"""With JavaScript off (htmx never loads), the main things still work as plain forms."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.interfaces.web.browser.conftest import LiveServer, artifacts_dir

pytestmark = pytest.mark.slow


@pytest.fixture
def plain_page(browser: Any, live_server: LiveServer) -> Iterator[Any]:
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 375, "height": 812}, java_script_enabled=False
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


def test_food_search_logging_and_pain_work_without_javascript(plain_page: Any) -> None:
    page = plain_page
    page.goto("/welcome")
    page.get_by_role("button", name="Load example data").click()
    expect(page.locator(".flash")).to_contain_text("Example data loaded")
    before = int(page.locator("#food-mg").inner_text().split()[0])

    page.goto("/log")
    page.get_by_label("Search foods").fill("almonds")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name=re.compile("Almonds")).first.click()
    portion = page.get_by_label("Portion")
    label = next(o for o in portion.locator("option").all_inner_texts() if "1 oz" in o)
    portion.select_option(label=label)
    page.get_by_role("button", name="Log this food").click()
    expect(page.locator(".flash")).to_contain_text(re.compile(r"Logged .*almonds", re.I))
    logged = int(re.search(r"(\d+)\s+mg", page.locator(".flash").inner_text()).group(1))

    page.goto("/")
    after = int(page.locator("#food-mg").inner_text().split()[0])
    assert abs(after - (before + logged)) <= 1  # each shown number is rounded on its own

    page.goto("/log#pain")
    page.get_by_label("Pain today, 0 to 10").fill("4")
    page.get_by_role("button", name="Save pain score").click()
    expect(page.locator(".flash")).to_be_visible()
    page.screenshot(path=str(artifacts_dir() / "no-js-after-pain.png"), full_page=True)
