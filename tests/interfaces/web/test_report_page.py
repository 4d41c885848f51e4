"""The Report page: the report body inside the site, a labelled period form that keeps what was
typed on an error, and PDF and HTML downloads (attachments, not boosted by htmx)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest

from magnerve.interfaces.report import pdf as pdf_module
from magnerve.interfaces.web.templating import fmt_amount
from magnerve.knowledge.load import knowledge_version
from tests.conftest import FIXED_NOW
from tests.interfaces.report.example import example_settings
from tests.interfaces.report.poppler import pdf_info, pdf_text
from tests.interfaces.web.conftest import with_csrf

PERIOD = "from=2025-12-21&to=2026-03-14"


@pytest.fixture(scope="module")
def report_client(tmp_path_factory: pytest.TempPathFactory, food_db_dir: Path) -> Iterator[Any]:
    """The ``example_client`` of conftest, built once for this module (the report draws four
    charts, so each page costs a moment)."""
    from fastapi.testclient import TestClient

    from magnerve.interfaces.web.app import create_app
    from magnerve.services.clock import FixedClock

    settings = example_settings(tmp_path_factory.mktemp("report-page"), food_db_dir)
    with TestClient(create_app(settings, clock=FixedClock(FIXED_NOW))) as client:
        with_csrf(client)
        assert client.post("/example/load", follow_redirects=False).status_code == 303
        yield client


@pytest.fixture(scope="module")
def page(report_client: Any) -> str:
    response = report_client.get("/report")
    assert response.status_code == 200
    return str(response.text)


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html).replace("\u00a0", " "))


def test_the_report_numbers_are_the_services_numbers(report_client: Any, page: str) -> None:
    app = report_client.app.state.magnerve.for_person("example")
    targets = app.profile.show().targets
    taken = app.safety.check().facts.supplemental_mg_per_day
    text = _text(page)
    assert _text(f"RDA for this age and sex: {fmt_amount(targets.magnesium_rda_mg, 'mg')}") in text
    assert _text(f"UL of {fmt_amount(targets.magnesium_supplement_ul_mg, 'mg')} a day") in text
    assert _text(f"Supplemental magnesium: {fmt_amount(taken, 'mg')} a day") in text
    assert app.trial.evaluate().result.verdict == "responder"
    assert "responder: the pre-stated response rule was met" in text


def test_the_page_has_one_h1_the_site_layout_and_the_report_body(page: str) -> None:
    assert page.count("<h1") == 1 and "<h1>Report for your clinician</h1>" in page
    assert 'aria-current="page">Report</a>' in page
    text = _text(page)
    assert "serum magnesium 0.84 mmol/L" in text
    assert "eGFR 68 mL/min/1.73 m²" in text and "KDIGO category G2" in text
    assert f"knowledge data {knowledge_version()}" in text
    assert "no proven benefit for neuropathic pain" in text
    assert page.count("<svg") == 4 and page.count("<figcaption>") == 4
    headings = re.findall(r"<h([1-6])", page)
    assert all(int(b) - int(a) <= 1 for a, b in pairwise(headings))


def test_every_table_header_has_a_scope_and_every_field_a_label(page: str) -> None:
    assert re.findall(r"<th(?=[\s>])(?![^>]*\bscope=)", page) == []
    for name in ("from", "to"):
        assert f'<label for="{name}">' in page
        assert re.search(rf'<input id="{name}" name="{name}" type="date"', page)
    assert '<form method="get" action="/report"' in page
    # the wide tables scroll sideways at phone width, so a keyboard can reach them
    focusable = r'<div class="table-wrap" tabindex="0" role="region" aria-label="([^"]+)"'
    assert re.findall(focusable, page) == ["Supplement products", "Lab results"]


def test_download_links_carry_the_period_and_are_downloads(page: str) -> None:
    for kind in ("pdf", "html"):
        link = re.search(rf'<a [^>]*href="/report\.{kind}\?([^"]*)"[^>]*>', page)
        assert link, kind
        assert link.group(1).replace("&amp;", "&") == PERIOD
        assert " download" in link.group(0) and "hx-" not in link.group(0)


def test_pdf_download(report_client: Any, tmp_path: Path) -> None:
    response = report_client.get(f"/report.pdf?{PERIOD}")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"] == (
        'attachment; filename="magnerve-report-2025-12-21-to-2026-03-14.pdf"'
    )
    out = tmp_path / "report.pdf"
    out.write_bytes(response.content)
    assert 1 <= int(pdf_info(out)["Pages"]) <= 2
    assert "Supplemental magnesium: 300 mg a day" in pdf_text(out)


def test_html_download_is_the_standalone_document(report_client: Any) -> None:
    response = report_client.get("/report.html?from=2026-01-01&to=2026-02-15")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert response.headers["content-disposition"] == (
        'attachment; filename="magnerve-report-2026-01-01-to-2026-02-15.html"'
    )
    assert response.text.startswith("<!doctype html>")
    assert "site-header" not in response.text  # the report alone, not the site around it
    assert "1 Jan 2026 to 15 Feb 2026" in response.text


def test_a_bad_period_shows_the_message_next_to_the_field(report_client: Any) -> None:
    response = report_client.get("/report?from=2026-03-10&to=2026-03-01")
    assert response.status_code == 422
    page = response.text
    error = re.search(r'<p class="field-error" id="from-error">(.*?)</p>', page)
    assert error and "after it ends" in error.group(1)
    assert 'aria-invalid="true"' in page and 'href="#from"' in page
    assert 'value="2026-03-10"' in page and 'value="2026-03-01"' in page  # kept as typed
    assert "report.pdf" not in page and "<svg" not in page


def test_a_future_last_day_is_refused_on_its_own_field(report_client: Any) -> None:
    response = report_client.get("/report?to=2026-04-01")
    assert response.status_code == 422
    assert re.search(r'id="to-error">.*in the future', response.text)


def test_bad_periods_on_downloads_are_error_pages(report_client: Any) -> None:
    for path in ("/report.pdf?from=2026-02-30", "/report.html?to=soon"):
        response = report_client.get(path)
        assert response.status_code == 422
        assert response.headers["content-type"].startswith("text/html")
        assert "not a valid date" in response.text


def test_without_pango_the_page_says_so_and_offers_the_html(
    report_client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_pango() -> None:
        raise OSError("cannot load library 'libpango-1.0-0'")

    monkeypatch.setattr(pdf_module, "load_weasyprint", no_pango)
    page = report_client.get("/report").text
    assert "A PDF cannot be made on this computer." in page and "Pango" in page
    assert 'href="/report.pdf' not in page
    assert f'href="/report.html?{PERIOD.replace("&", "&amp;")}"' in page
    response = report_client.get(f"/report.pdf?{PERIOD}")
    assert response.status_code == 503
    assert "Pango" in response.text and "/report.html?" in response.text


def test_my_own_report_shows_none_of_the_example(client: Any) -> None:
    response = client.get("/report")
    assert response.status_code == 200
    text = _text(response.text)
    assert "Example person" not in text
    assert "No medicines entered" in text and "No lab results entered" in text
