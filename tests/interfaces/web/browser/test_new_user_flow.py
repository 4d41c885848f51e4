"""A new user in chromium, with no command line: onboard, log almonds, add a glycinate supplement
and a medicine that interacts, see the day's total and the finding, score pain, look at the
trial, download the clinician report. Screenshots of each step are kept as test artifacts."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.interfaces.web.browser.conftest import artifacts_dir

pytestmark = pytest.mark.slow


def _shot(page: Any, step: str) -> None:
    page.screenshot(path=str(artifacts_dir() / f"flow-{step}.png"), full_page=True)


def _choose_option_containing(page: Any, label: str, text: str) -> None:
    select = page.get_by_label(label)
    options = select.locator("option").all_inner_texts()
    matching = [o for o in options if text in o]
    assert matching, f"no option containing {text!r} in {options}"
    select.select_option(label=matching[0])


def test_a_new_user_completes_the_flow_in_the_browser(page: Any) -> None:
    # 1. First visit: the welcome, then the profile (step 1 of the onboarding).
    page.goto("/")
    assert page.url.endswith("/welcome")
    _shot(page, "01-welcome")
    page.get_by_role("link", name="Start with step 1").click()
    page.get_by_label(re.compile(r"^Age")).fill("67")
    page.get_by_label(re.compile(r"^Sex")).select_option("female")
    page.get_by_label(re.compile(r"^Diabetes")).select_option("type2")
    _shot(page, "02-profile")
    page.get_by_role("button", name="Save profile").click()

    # 2. A medicine that must be kept apart from magnesium.
    page.wait_for_url(re.compile(r"/medicines"))
    page.get_by_label(re.compile(r"^Medicine name")).fill("ciprofloxacin")
    page.get_by_role("button", name="Add medicine").click()
    expect(page.get_by_text(re.compile("ciprofloxacin", re.I)).first).to_be_visible()
    _shot(page, "03-medicines")

    # 3. A magnesium glycinate supplement.
    page.goto("/supplements")
    page.get_by_label(re.compile(r"^Product name")).fill("Magnesium glycinate 100")
    _choose_option_containing(page, "Form", "glycinate")
    page.get_by_label(re.compile(r"^Elemental magnesium per serving")).fill("100")
    page.get_by_role("button", name="Add supplement").click()
    expect(page.get_by_text("Magnesium glycinate 100").first).to_be_visible()
    _shot(page, "04-supplement")

    # 4. Find almonds as you type and log 1 oz.
    page.goto("/log")
    page.get_by_label("Search foods").press_sequentially("almonds", delay=40)
    result = page.get_by_role("link", name=re.compile("Almonds")).or_(
        page.get_by_role("button", name=re.compile("Almonds"))
    )
    result.first.click()
    _choose_option_containing(page, "Portion", "1 oz")
    expect(page.locator("#food-preview")).to_contain_text(re.compile(r"\d+\s*mg"))
    _shot(page, "05-log-food")
    page.get_by_role("button", name="Log this food").click()
    expect(page.locator(".flash")).to_contain_text(re.compile(r"Logged .*almonds", re.I))

    # 5. Today: the day's total and the interaction finding.
    page.goto("/")
    food_mg = page.locator("#food-mg").inner_text()
    assert re.fullmatch(r"\d+\s+mg", food_mg) and int(food_mg.split()[0]) > 50, food_mg
    findings = page.locator("#findings-today").inner_text()
    assert re.search("ciprofloxacin|antibiotic|quinolone", findings, re.I), findings
    _shot(page, "06-today")

    # 6. The pain slider, with the keyboard as well as by value.
    page.goto("/log#pain")
    slider = page.get_by_label("Pain today, 0 to 10")
    slider.fill("6")
    slider.focus()
    page.keyboard.press("ArrowLeft")  # step 0.5 → 5.5
    assert slider.input_value() == "5.5"
    page.get_by_role("button", name="Save pain score").click()
    expect(page.locator(".flash")).to_be_visible()
    _shot(page, "07-pain")

    # 7. The trial page explains itself before a trial starts.
    page.goto("/trial")
    assert page.locator("h1").inner_text()
    _shot(page, "08-trial")

    # 8. Download the clinician report as a PDF.
    page.goto("/report")
    _shot(page, "09-report")
    with page.expect_download() as info:
        page.get_by_role("link", name=re.compile("PDF")).first.click()
    download = info.value
    target = artifacts_dir().parent / "report-from-browser.pdf"
    download.save_as(str(target))
    assert target.read_bytes().startswith(b"%PDF")
    assert page.js_errors == []
