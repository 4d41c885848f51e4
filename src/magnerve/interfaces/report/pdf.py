"""HTML to PDF with WeasyPrint, imported only when a PDF is made.

WeasyPrint needs the Pango text library from the operating system. Without it, importing
WeasyPrint raises ``OSError``; magnerve then says so plainly and offers the HTML report, which
prints the same from any web browser.
"""

from __future__ import annotations

import importlib
import logging
from dataclasses import dataclass
from types import ModuleType

from magnerve.errors import MagnerveError

MISSING_PANGO = "the Pango text library that WeasyPrint needs to make PDFs is missing"
MISSING_WEASYPRINT = "WeasyPrint, which makes the PDFs, is not installed"
INSTALL_HINT = (
    "The HTML report has the same content and prints from any web browser. To make PDFs, "
    "install Pango (on Debian or Ubuntu: apt-get install libpango-1.0-0 libpangoft2-1.0-0)."
)


class PdfUnavailable(MagnerveError):
    """A PDF cannot be made here (no Pango, or no WeasyPrint). Not the user's input at fault."""

    code = "pdf_unavailable"
    exit_code = 1


@dataclass(frozen=True)
class Pdf:
    data: bytes
    pages: int


def load_weasyprint() -> ModuleType:
    """Import WeasyPrint (slow, and it loads Pango). Tests replace this to simulate no Pango.

    WeasyPrint warns about every SVG presentation property it reads from a chart's ``style``
    (``stroke-width``, ``fill``…) as an unknown CSS property, although it draws them; only its
    errors are worth a log line.
    """
    module = importlib.import_module("weasyprint")
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    return module


def weasyprint_or_reason() -> ModuleType | PdfUnavailable:
    try:
        return load_weasyprint()
    except OSError:
        return PdfUnavailable(MISSING_PANGO, hint=INSTALL_HINT)
    except ImportError:
        return PdfUnavailable(MISSING_WEASYPRINT, hint=INSTALL_HINT)


def pdf_problem() -> PdfUnavailable | None:
    """Why a PDF cannot be made here, or ``None`` when it can."""
    loaded = weasyprint_or_reason()
    return loaded if isinstance(loaded, PdfUnavailable) else None


def html_to_pdf(document: str) -> Pdf:
    """The PDF of a complete HTML document (no outside files: styles and charts are inline)."""
    weasyprint = weasyprint_or_reason()
    if isinstance(weasyprint, PdfUnavailable):
        raise weasyprint
    rendered = weasyprint.HTML(string=document).render()
    data = rendered.write_pdf()
    assert isinstance(data, bytes)
    return Pdf(data, len(rendered.pages))
