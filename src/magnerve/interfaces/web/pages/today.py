"""Today: magnesium from food and supplements against your target and limit, findings by
severity, pain lately, the next lab test due, and today's dose plan."""

from __future__ import annotations

from datetime import timedelta

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from magnerve.interfaces.web.context import App
from magnerve.interfaces.web.sparkline import pain_sparkline
from magnerve.interfaces.web.templating import render

router = APIRouter()

#: How many days the pain sparkline covers.
SPARKLINE_DAYS = 14


@router.get("/", response_class=HTMLResponse)
def today(request: Request, app: App) -> Response:
    profile = app.profile.show()
    report = app.days.day()
    if profile.profile is None and not report.intake.entries and not profile.person.is_example:
        return RedirectResponse("/welcome", status_code=303)
    first = report.day - timedelta(days=SPARKLINE_DAYS - 1)
    pain = app.charts.pain(start=first.isoformat(), end=report.day.isoformat())
    schedule = app.labs.schedule()
    due = sorted(schedule.items, key=lambda d: d.due_date)
    return render(
        request,
        "pages/today.html",
        {
            "report": report,
            "profile": profile,
            "findings": app.safety.check().findings,
            "sparkline": pain_sparkline(pain.pain, first, report.day),
            "latest_pain": pain.pain.get(max(pain.pain)) if pain.pain else None,
            "next_lab": due[0] if due else None,
            "plan": app.plan.plan(),
        },
    )
