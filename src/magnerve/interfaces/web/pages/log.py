"""The Log page: food (search as you type, a portion picker with a live magnesium preview, or a
line of free text), supplement doses, a 0–10 pain slider, symptoms, and the day's diary.

Every change goes through the services the ``magnerve log`` commands use. A form that fails is
shown again (422) with what was typed and a message next to each field; nothing is saved.
Input names follow the services' field names, except where a name is already a section's id on
this page (``#food``, ``#pain``) or another form's field: ``RENAMES`` maps those.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Annotated, Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from magnerve.bootstrap import Magnerve
from magnerve.domain.diary import (
    ITEM_LABELS,
    SCORE_MAX,
    SCORE_MIN,
    SITES,
    SYMPTOM_SCORES,
    DiaryValue,
)
from magnerve.domain.foods import SOURCE_NAMES, Food
from magnerve.domain.intake import MEAL_ORDER
from magnerve.domain.portions import portion_choices
from magnerve.domain.quantity import parse_amount
from magnerve.domain.safety import GI_LEVELS
from magnerve.errors import InvalidInput, NotFound
from magnerve.interfaces.web.context import App
from magnerve.interfaces.web.forms import done, field_errors, form_values, optional
from magnerve.interfaces.web.templating import fmt_amount, fmt_number, render, render_fragment
from magnerve.services.clock import person_timezone
from magnerve.services.intake import meal_for_time, portion

router = APIRouter()

#: How many search results the food search shows.
SEARCH_RESULTS = 10

#: Service field → input name, per form (see the module docstring).
RENAMES: dict[str, dict[str, str]] = {
    "text": {"food": "text", "amount": "text", "unit": "text", "meal": "text_meal"},
    "dose": {"amount": "servings", "date": "dose_date"},
    "pain": {"pain": "score"},
}


#: The portion picker's fields a plain GET (no JavaScript) may carry to refresh the preview.
PICK_FIELDS = frozenset({"amount", "unit", "meal"})

#: What the page offers to choose from, the same on every request.
CHOICES: dict[str, Any] = {
    "meals": [("", "By the time of day"), *((m.value, m.value.capitalize()) for m in MEAL_ORDER)],
    "sites": [("", "Overall"), *((s, s.capitalize()) for s in SITES)],
    "symptom_scores": SYMPTOM_SCORES,
    "gi_levels": GI_LEVELS,
    "labels": ITEM_LABELS,
    "score_min": SCORE_MIN,
    "score_max": SCORE_MAX,
    "source_names": SOURCE_NAMES,
}

DayQuery = Annotated[str, Query(alias="date", description="YYYY-MM-DD; today when empty.")]


@dataclass(frozen=True)
class Preview:
    """Magnesium in an amount of a food, as logging it would store it (or why it cannot)."""

    magnesium_mg: float | None = None
    explanation: str | None = None
    problem: str | None = None


def food_preview_of(food: Food, amount: str, unit: str | None) -> Preview:
    """The same arithmetic as logging (``portion``), so the preview is the number stored."""
    try:
        resolution, nutrients = portion(food, parse_amount(amount), unit or None)
    except InvalidInput as exc:
        return Preview(problem=exc.message)
    return Preview(nutrients["magnesium_mg"], resolution.explanation)


def unit_options(food: Food) -> list[tuple[str, str]]:
    """The portion picker's choices: the food's portions (label and weight), then grams."""
    grams: dict[str, float] = {}
    for p in food.portions:
        grams.setdefault(p.label.strip(), p.grams)
    options = [
        (label, f"{label} ({fmt_number(grams[label], 2)} g)") for label in portion_choices(food)
    ]
    return [*options, ("g", "grams (g)")]


def day_url(day: date, section: str, **params: object) -> str:
    query = urlencode({"date": day.isoformat(), **{k: v for k, v in params.items() if v}})
    return f"/log?{query}#{section}"


def magnesium_text(mg: float | None) -> str:
    return "no magnesium data for this food" if mg is None else f"{fmt_amount(mg, 'mg')} magnesium"


# -- the page ----------------------------------------------------------------------------------
@router.get("/log", response_class=HTMLResponse)
def log_page(
    request: Request,
    app: App,
    day: DayQuery = "",
    q: str = "",
    food_id: str = "",
    undo_entry: int | None = None,
    undo_dose: int | None = None,
) -> HTMLResponse:
    pick = {k: v.strip() for k, v in request.query_params.items() if k in PICK_FIELDS}
    undo = {"entry": undo_entry, "dose": undo_dose}
    return page(
        request, app, day.strip(), q=q.strip(), food_id=food_id.strip(), pick=pick, undo=undo
    )


def page(
    request: Request,
    app: Magnerve,
    day: str,
    *,
    status: int = 200,
    failed: str | None = None,
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
    q: str = "",
    food_id: str = "",
    pick: dict[str, str] | None = None,
    undo: dict[str, int | None] | None = None,
    candidates: Any = (),
) -> HTMLResponse:
    """The whole Log page for ``day`` (a bad date shows today, with the message at the field)."""
    errors = dict(errors or {})
    view = app.profile.show()
    try:
        report = app.days.day(day or None)
    except InvalidInput as exc:
        errors.update(field_errors(exc, default_field="date"))
        report, status = app.days.day(), 422
    shown, is_today = report.day, report.day == view.today
    zone = ZoneInfo(person_timezone(view.profile))
    diary = app.diary.day(shown.isoformat(), with_history=True).values
    food = app.foods.show(food_id) if food_id else None
    forms = form_defaults(
        shown, app.clock.now().astimezone(zone) if is_today else None, food, diary
    )
    forms["pick"].update(pick or {})
    if failed is not None:
        forms[failed] = dict(values or {})
    picked = forms["pick"]
    context = {
        **CHOICES,
        "report": report,
        "day": shown,
        "today": view.today,
        "is_today": is_today,
        "previous_day": shown - timedelta(days=1),
        "next_day": shown + timedelta(days=1) if shown < view.today else None,
        "zone": zone,
        "q": q,
        "hits": app.intake.search_foods(q, limit=SEARCH_RESULTS) if q else [],
        "food": food,
        "units": unit_options(food) if food is not None else [],
        "preview": None
        if food is None
        else food_preview_of(food, picked.get("amount", ""), picked.get("unit")),
        "candidates": candidates,
        "products": app.supplements.products()[1],
        "diary": [v for v in diary if v.replaced_at is None],
        "history": [v for v in diary if v.replaced_at is not None],
        "forms": forms,
        "failed": failed,
        "errors": errors,
        "undo": undo or {},
    }
    return render(request, "pages/log.html", context, status)


def form_defaults(
    day: date, now: datetime | None, food: Food | None, diary: list[DiaryValue]
) -> dict[str, dict[str, str]]:
    """What each form starts with: one serving, now (``now`` is None on other days), the first
    portion of a chosen food, and the slider at the day's pain score (else mid-scale)."""
    meal = meal_for_time(now.time()).value if now else ""
    pain = next((v.number for v in diary if v.item == "pain" and v.replaced_at is None), None)
    return {
        "pick": {"amount": "1", "meal": meal, "unit": unit_options(food)[0][0] if food else ""},
        "text": {"text_meal": meal},
        "dose": {
            "servings": "1",
            "time": now.strftime("%H:%M") if now else "",
            "dose_date": day.isoformat(),
        },
        "pain": {"score": fmt_number(SCORE_MAX / 2 if pain is None else pain, 2)},
        "symptoms": {},
    }


def failed_form(
    request: Request,
    app: Magnerve,
    form: str,
    exc: InvalidInput,
    values: dict[str, str],
    renames: dict[str, str] | None = None,
) -> HTMLResponse:
    """The page again (422) with the form as typed and each message beside its field."""
    renames = RENAMES.get(form, {}) if renames is None else renames
    errors = {renames.get(k, k): m for k, m in field_errors(exc, default_field=form).items()}
    return page(
        request,
        app,
        values.get("date", ""),
        status=422,
        failed=form,
        errors=errors,
        values=values,
        food_id=values.get("food_id", "") if form == "pick" else "",
        candidates=exc.details.get("candidates", ()),
    )


# -- food ----------------------------------------------------------------------------------------
@router.get("/log/food-search", response_class=HTMLResponse)
def food_search(app: App, q: str = "", day: DayQuery = "") -> HTMLResponse:
    """The search results alone, for htmx (search as you type)."""
    hits = app.intake.search_foods(q, limit=SEARCH_RESULTS) if q.strip() else []
    context = {
        "q": q.strip(),
        "hits": hits,
        "day": day.strip(),
        "oob": True,
        "source_names": SOURCE_NAMES,
    }
    return HTMLResponse(render_fragment("partials/log_food_results.html", context))


@router.get("/log/food-preview", response_class=HTMLResponse)
def food_preview(app: App, food_id: str = "", amount: str = "", unit: str = "") -> HTMLResponse:
    """'About 77 mg magnesium' for the amount and portion chosen, for htmx."""
    preview = food_preview_of(app.foods.show(food_id), amount, unit)
    return HTMLResponse(render_fragment("partials/log_food_preview.html", {"preview": preview}))


@router.post("/log/food")
async def log_food(request: Request, app: App) -> Response:
    values = await form_values(request)
    form = "text" if "text" in values else "pick"
    day = optional(values, "date")
    try:
        if form == "text":
            text_meal = optional(values, "text_meal")
            logged = app.intake.log_text(values["text"], day=day, meal=text_meal)
        else:
            food_id, amount, unit = (
                values.get("food_id", ""),
                values.get("amount", ""),
                optional(values, "unit"),
            )
            logged = app.intake.log_food(
                food_id, amount, unit, day=day, meal=optional(values, "meal")
            )
    except NotFound:
        raise
    except InvalidInput as exc:
        return failed_form(request, app, form, exc, values)
    e = logged.entry
    message = f"Logged {e.description} ({logged.explanation}): {magnesium_text(e.magnesium_mg)}."
    return done(request, day_url(e.local_date, "food"), message)


@router.post("/log/entries/{entry_id}/remove")
def remove_entry(request: Request, app: App, entry_id: int) -> Response:
    e = app.intake.remove(entry_id)
    return done(
        request, day_url(e.local_date, "food", undo_entry=e.id), f"Removed {e.description}."
    )


@router.post("/log/entries/{entry_id}/restore")
def restore_entry(request: Request, app: App, entry_id: int) -> Response:
    e = app.intake.restore(entry_id)
    return done(request, day_url(e.local_date, "food"), f"Brought back {e.description}.")


# -- supplement doses ----------------------------------------------------------------------------
