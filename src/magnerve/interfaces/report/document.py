"""The report as a file: the standalone HTML document, or its PDF, written whole or not at all."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from magnerve.errors import InvalidInput
from magnerve.interfaces.files import write_atomically
from magnerve.interfaces.report.pdf import Pdf, PdfUnavailable, html_to_pdf
from magnerve.interfaces.report.view import report_context
from magnerve.services.report import ClinicianReport

ReportFormat = Literal["pdf", "html"]
FORMATS: dict[str, ReportFormat] = {".pdf": "pdf", ".html": "html"}


@dataclass(frozen=True)
class Written:
    """Where the report went. ``problem`` says why a PDF was asked for but HTML was written."""

    path: Path
    format: ReportFormat
    pages: int | None
    problem: PdfUnavailable | None = None


def report_format(out: Path) -> ReportFormat:
    """``pdf`` or ``html`` from the file name; anything else is refused, naming ``--out``."""
    found = FORMATS.get(out.suffix.lower())
    if found is None:
        raise InvalidInput(
            f"--out must end in .pdf or .html, not '{out.name}'",
            field="out",
            hint="For example: --out report.pdf (or report.html to open in a web browser).",
        )
    return found


def render_document(report: ClinicianReport) -> str:
    """The complete HTML document (styles and charts inline): the download and the PDF's source."""
    from magnerve.interfaces.web.templating import render_fragment

    return render_fragment("report/document.html", report_context(report))


def render_pdf(report: ClinicianReport) -> Pdf:
    """The PDF, from the same document; :class:`PdfUnavailable` when this computer cannot."""
    return html_to_pdf(render_document(report))


def write_report(report: ClinicianReport, out: Path) -> Written:
    """Write the report to ``out`` (.pdf or .html). Without Pango, a PDF request writes the HTML
    beside it instead (``report.pdf`` → ``report.html``) and says why in ``problem``."""
    wanted = report_format(out)
    document = render_document(report)
    if wanted == "html":
        write_atomically(out, document.encode("utf-8"), field="out")
        return Written(out, "html", None)
    try:
        pdf = html_to_pdf(document)
    except PdfUnavailable as problem:
        beside = out.with_suffix(".html")
        write_atomically(beside, document.encode("utf-8"), field="out")
        return Written(beside, "html", None, problem)
    write_atomically(out, pdf.data, field="out")
    return Written(out, "pdf", pdf.pages)
