"""In chromium: htmx reads the anti-forgery header from the page body and sends it, and a change
sent by htmx passes the check (the forms' hidden field is covered by the other browser tests)."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.slow


def test_htmx_sends_the_sessions_token_with_its_requests(page: Any) -> None:
    page.goto("/log")
    token = page.locator('meta[name="csrf-token"]').get_attribute("content")
    assert token and len(token) >= 40
    with page.expect_request(lambda r: "/log/food-search" in r.url) as searched:
        page.get_by_label("Search foods").press_sequentially("almonds", delay=40)
    assert searched.value.headers.get("x-csrf-token") == token
    assert not page.js_errors


def test_a_change_sent_by_htmx_passes_the_check(page: Any) -> None:
    page.goto("/about")
    expect(page.locator("html")).to_have_class("text-normal")
    status = page.evaluate(
        """() => new Promise((resolve) => {
            document.body.addEventListener("htmx:afterRequest",
                (e) => resolve(e.detail.xhr.status), {once: true});
            htmx.ajax("POST", "/settings/text-size",
                {source: "body", swap: "none", values: {size: "larger", next: "/about"}});
        })"""
    )
    assert status == 200  # the redirect to /about, followed
    page.reload()
    expect(page.locator("html")).to_have_class("text-larger")
