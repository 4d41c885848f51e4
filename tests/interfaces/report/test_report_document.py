"""The report as files: one PDF (A4, at most two pages for the example person) and one HTML
document, both from the same templates, with the numbers the services worked out."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from magnerve.bootstrap import Magnerve
from magnerve.errors import InvalidInput
from magnerve.interfaces.report import pdf as pdf_module
from magnerve.interfaces.report.document import report_format, write_report
from magnerve.interfaces.report.view import VERDICT_WORDS
from magnerve.interfaces.web.templating import fmt_amount
from magnerve.knowledge.load import knowledge_version
from magnerve.services.report import ClinicianReport
from tests.interfaces.report.example import EXAMPLE_HANDLE, load_example
from tests.interfaces.report.poppler import flat, page_size_points, pdf_info, pdf_text

A4_POINTS = (595, 842)


@dataclass(frozen=True)
class Rendered:
    app: Magnerve
    report: ClinicianReport
    pdf: Path
    html: Path
    pages: int | None


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory, food_db_dir: Path) -> Iterator[Rendered]:
    folder = tmp_path_factory.mktemp("report-document")
    root = load_example(folder, food_db_dir)
    app = root.for_person(EXAMPLE_HANDLE)
    report = app.report.report()
    written = write_report(report, folder / "report.pdf")
    write_report(report, folder / "report.html")
    yield Rendered(app, report, folder / "report.pdf", folder / "report.html", written.pages)
    root.close()


def key_phrases(report: ClinicianReport) -> list[str]:
    """What a clinician must find, worded as the report words it, numbers from the services."""
    assert report.rda_mg and report.supplement_ul_mg and report.kidney and report.trial
    serum = next(line for line in report.labs if line.analyte == "serum-magnesium")
    egfr = report.kidney
    return [
        f"RDA for this age and sex: {fmt_amount(report.rda_mg, 'mg')} a day",
        f"UL of {fmt_amount(report.supplement_ul_mg, 'mg')} a day",
        f"Supplemental magnesium: {fmt_amount(report.regimen.taken_mg_per_day, 'mg')} a day",
        f"serum magnesium {fmt_amount(serum.latest.value, serum.latest.unit, 2)}",
        f"eGFR {fmt_amount(egfr.result.value, 'mL/min/1.73 m²', egfr.decimals)}",
        f"KDIGO category {egfr.stage}",
        VERDICT_WORDS[report.trial.result.verdict].split(":")[0] + ": the pre-stated",
        f"{report.trial.result.baseline_mean:g} / 10",
        f"{report.trial.result.window_mean:g} / 10",
        f"knowledge data {knowledge_version()}",
    ]


def test_the_example_report_has_the_expected_numbers(rendered: Rendered) -> None:
    """A check on the phrases themselves, so the PDF and HTML tests below test something."""
    phrases = key_phrases(rendered.report)
    assert "RDA for this age and sex: 320\u00a0mg a day" in phrases
    assert "UL of 350\u00a0mg a day" in phrases
    assert "Supplemental magnesium: 300\u00a0mg a day" in phrases
    assert "serum magnesium 0.84\u00a0mmol/L" in phrases
    assert "eGFR 68\u00a0mL/min/1.73 m²" in phrases
    assert "responder: the pre-stated" in phrases


def test_pdf_is_a4_and_at_most_two_pages(rendered: Rendered) -> None:
    info = pdf_info(rendered.pdf)
    assert rendered.pdf.read_bytes().startswith(b"%PDF-")
    assert page_size_points(info) == A4_POINTS
    assert int(info["Pages"]) == rendered.pages
    assert 1 <= int(info["Pages"]) <= 2


def test_pdf_text_shows_the_key_numbers(rendered: Rendered) -> None:
    text = pdf_text(rendered.pdf)
    for phrase in key_phrases(rendered.report):
        assert flat(phrase) in text, phrase
    assert "no proven benefit for neuropathic pain" in text
    assert "Keep magnesium apart from gabapentin" in text  # the example's finding, with sources
    assert "Yagi" in text


def test_every_page_names_the_person_the_period_and_its_number(rendered: Rendered) -> None:
    pages = int(pdf_info(rendered.pdf)["Pages"])
    for number in range(1, pages + 1):
        text = pdf_text(rendered.pdf, page=number)
        assert text.lstrip().startswith("Example person (made-up data) 21 Dec 2025 to 14 Mar 2026")
        assert f"page {number} of {pages}" in text


def test_html_document_shows_the_same_numbers(rendered: Rendered) -> None:
    document = rendered.html.read_text(encoding="utf-8")
    text = flat(re.sub(r"<[^>]+>", "", document))
    for phrase in key_phrases(rendered.report):
        assert flat(phrase) in text, phrase


def test_html_document_stands_alone_with_unique_ids(rendered: Rendered) -> None:
    document = rendered.html.read_text(encoding="utf-8")
    assert document.startswith("<!doctype html>")
    assert "<link" not in document and "<script" not in document
    assert not re.search(r'(src|href)="(https?:)?//', document), "no outside files"
    assert document.count("<h1>") == 1
    assert document.count("<svg") == 2 + len(rendered.report.lab_trends) == 4
    ids = re.findall(r'\bid="([^"]+)"', document)
    assert len(ids) == len(set(ids)), "chart ids must not collide"
    for reference in re.findall(r'url\(#([^)]+)\)|href="#([^"]+)"', document):
        assert next(r for r in reference if r) in ids


def test_an_empty_record_still_makes_a_report(rendered: Rendered, tmp_path: Path) -> None:
    mine = rendered.app.for_person("me").report.report()
    written = write_report(mine, tmp_path / "mine.pdf")
    assert written.format == "pdf" and written.pages is not None and written.pages <= 2
    text = pdf_text(written.path)
    assert "Example person" not in text
    for words in ("No medicines entered", "No supplement product entered", "No lab results"):
        assert words in text


def test_without_pango_the_html_is_written_beside(
    rendered: Rendered, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_pango() -> None:
        raise OSError("cannot load library 'libpango-1.0-0': No such file")

    monkeypatch.setattr(pdf_module, "load_weasyprint", no_pango)
    written = write_report(rendered.report, tmp_path / "for-the-doctor.pdf")
    assert written.format == "html" and written.pages is None
    assert written.path == tmp_path / "for-the-doctor.html"
    assert written.problem is not None and "Pango" in written.problem.message
    assert sorted(p.name for p in tmp_path.iterdir()) == ["for-the-doctor.html"]
    assert "Summary for the clinician" in written.path.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", ["report.txt", "report", "report.pdf.bak", "report.htm"])
def test_only_pdf_and_html_names_are_accepted(name: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        report_format(Path(name))
    assert caught.value.field == "out" and "--out" in caught.value.message


def test_the_suffix_decides_the_format_in_any_case() -> None:
    assert report_format(Path("a/Report.PDF")) == "pdf"
    assert report_format(Path("report.Html")) == "html"
