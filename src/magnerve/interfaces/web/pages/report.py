"""The Report page: the clinician summary for a period, to read here or download as PDF or HTML.

The page shows the same body as the downloads (``templates/report/``). The period form is a
plain GET form (choosing dates changes nothing), and the download links repeat its dates.
"""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from magnerve.errors import InvalidInput
from magnerve.interfaces.web.context import App
from magnerve.interfaces.web.forms import field_errors
from magnerve.interfaces.web.templating import render
from magnerve.services.report import ClinicianReport

router = APIRouter()


def _period(request: Request) -> dict[str, str]:
    """The ``from`` and ``to`` the person typed (trimmed; empty means the default)."""
    return {name: request.query_params.get(name, "").strip() for name in ("from", "to")}


def _query(report: ClinicianReport) -> str:
    """The period as a query string for the download links: ``from=…&to=…``."""
    return urlencode({"from": report.first.isoformat(), "to": report.last.isoformat()})


def _download_headers(name: str) -> dict[str, str]:
    return {"Content-Disposition": f'attachment; filename="{name}"'}


@router.get("/report", response_class=HTMLResponse)
def report_page(request: Request, app: App) -> Response:
    from magnerve.interfaces.report.pdf import pdf_problem
    from magnerve.interfaces.report.view import report_context

    values = _period(request)
    try:
        report = app.report.report(start=values["from"] or None, end=values["to"] or None)
    except InvalidInput as exc:
        context = {"values": values, "errors": field_errors(exc, default_field="from")}
        return render(request, "pages/report.html", context, 422)
    return render(
        request,
        "pages/report.html",
        {
            **report_context(report),
            "values": values,
            "query": _query(report),
            "pdf_problem": pdf_problem(),
        },
    )


@router.get("/report.pdf")
def report_pdf(request: Request, app: App) -> Response:
    from magnerve.interfaces.report.document import render_pdf
    from magnerve.interfaces.report.pdf import pdf_problem
    from magnerve.interfaces.report.view import file_stem

    values = _period(request)
    report = app.report.report(start=values["from"] or None, end=values["to"] or None)
    problem = pdf_problem()  # asked first: no charts are drawn for a PDF that cannot be made
    if problem is not None:
        context = {"values": values, "query": _query(report), "pdf_problem": problem}
        return render(request, "pages/report.html", context, 503)
    pdf = render_pdf(report)
    headers = _download_headers(f"{file_stem(report)}.pdf")
    return Response(pdf.data, media_type="application/pdf", headers=headers)


@router.get("/report.html")
def report_html(request: Request, app: App) -> Response:
    from magnerve.interfaces.report.document import render_document
    from magnerve.interfaces.report.view import file_stem

    values = _period(request)
    report = app.report.report(start=values["from"] or None, end=values["to"] or None)
    headers = _download_headers(f"{file_stem(report)}.html")
    return HTMLResponse(render_document(report), headers=headers)
