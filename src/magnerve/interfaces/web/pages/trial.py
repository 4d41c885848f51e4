"""The Trial page: what a supplement trial is and how to start one, or where the current one
stands — the verdict by the rule fixed in advance, the numbers behind it, what else changed, and
the pain chart — as ``magnerve trial start`` and ``magnerve trial evaluate``.

Every threshold shown comes from ``trial.yaml``; the page only words it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from magnerve.domain.trials import TrialSettings
from magnerve.errors import InvalidInput, NotFound
from magnerve.interfaces.web.context import App
from magnerve.interfaces.web.forms import done, field_errors, form_values, optional
from magnerve.interfaces.web.templating import fmt_number, render
from magnerve.services.trial import TrialEvaluation

router = APIRouter()


@dataclass(frozen=True)
class VerdictWords:
    key: str
    words: str
    meaning: str


def _n(value: float) -> str:
    return fmt_number(value, 1)


def verdict_guide(s: TrialSettings) -> tuple[VerdictWords, ...]:
    """Each verdict in plain words, with the rule that gives it (numbers from ``trial.yaml``)."""
    early, final = s.too_early_before_day.value, s.final_from_day.value
    return (
        VerdictWords(
            "responder",
            "Clearly better",
            f"Your average pain in the latest week is at least {_n(s.responder_points.value)} "
            f"points, or at least {_n(s.responder_percent.value)}\u00a0%, lower than in the week "
            'before you started. Pain research calls this a "responder".',
        ),
        VerdictWords(
            "partial",
            "A little better",
            f"At least {_n(s.partial_percent_min.value)}\u00a0% lower, but less than a clear "
            "change. It may be chance or something else.",
        ),
        VerdictWords(
            "no-change",
            "About the same",
            f"Neither clearly lower nor clearly higher. From week {final // 7} this means "
            "magnesium is unlikely to help your nerve pain.",
        ),
        VerdictWords(
            "worse",
            "Clearly worse",
            f"At least {_n(s.worse_points.value)} points, or at least "
            f"{_n(s.worse_percent.value)}\u00a0%, higher than before you started. Tell your "
            "clinician.",
        ),
        VerdictWords(
            "too-early",
            "Too early to judge",
            f"Before day {early} (week {early // 7}) magnerve does not judge: pain goes up and "
            "down from week to week, and a new supplement often feels helpful at first.",
        ),
        VerdictWords(
            "insufficient-data",
            "Not enough pain scores",
            f"A fair comparison needs a pain score on at least {s.min_logged_days.value} of the "
            f"{s.baseline_days.value} days before the start, and on at least "
            f"{s.min_logged_days.value} of the last {s.window_days.value} days.",
        ),
    )


def _page(
    request: Request,
    app: App,
    evaluation: TrialEvaluation | None,
    *,
    values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> HTMLResponse:
    from magnerve.interfaces.charts.inline import for_html
    from magnerve.interfaces.charts.records import pain_chart
    from magnerve.knowledge.load import load_citations, load_trial_settings

    settings = load_trial_settings()
    pain = app.charts.pain()
    today = app.profile.show().today
    recent = today - timedelta(days=settings.baseline_days.value)
    context: dict[str, Any] = {
        "evaluation": evaluation,
        "r": evaluation.result if evaluation else None,
        "settings": settings,
        "guide": verdict_guide(settings),
        "words": {v.key: v.words for v in verdict_guide(settings)},
        "products": app.supplements.products()[1],
        "chart": for_html(pain_chart(pain), "trial-pain") if pain.pain else None,
        "recent_pain_days": sum(1 for d in pain.pain if recent <= d < today),
        "citations": load_citations(),
        "values": {"date": today.isoformat(), **(values or {})},
        "errors": errors or {},
    }
    if evaluation is not None:
        start = evaluation.result.start
        context["week_4"] = start + timedelta(days=settings.too_early_before_day.value)
        context["week_12"] = start + timedelta(days=settings.final_from_day.value)
    return render(request, "pages/trial.html", context, status)


def _current(app: App) -> TrialEvaluation | None:
    try:
        return app.trial.evaluate()
    except NotFound:
        return None


@router.get("/trial", response_class=HTMLResponse)
def trial(request: Request, app: App) -> HTMLResponse:
    return _page(request, app, _current(app))


@router.post("/trial/start", response_class=HTMLResponse)
async def start(request: Request, app: App) -> Response:
    values = await form_values(request)
    try:
        started = app.trial.start(day=optional(values, "date"), product=optional(values, "product"))
    except InvalidInput as exc:
        return _page(
            request, app, _current(app), values=values, errors=field_errors(exc), status=422
        )
    day = started.trial.start_date.isoformat()
    return done(request, "/trial", f"Trial started on {day}. Score your pain every day.")
