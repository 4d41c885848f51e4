"""Profile: age, sex, pregnancy, diabetes, time zone and the plan settings, with the daily
targets that follow (the same as ``magnerve profile set`` and ``profile show``).

Also step 1 of the first-run setup: ``?next=/medicines`` is kept through the form, and a saved
profile goes on there.
"""

from __future__ import annotations

import math
from datetime import date
from functools import cache
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from magnerve.errors import InvalidInput, Problems
from magnerve.interfaces.web.context import App
from magnerve.interfaces.web.forms import done, field_errors, form_values, optional, safe_next
from magnerve.interfaces.web.templating import render
from magnerve.services.clock import DEFAULT_TIMEZONE
from magnerve.services.profile import ProfileView, RegimenChange

router = APIRouter()

#: The first-run setup, in order (see welcome.html): each step's page sends on to the next.
SETUP_STEPS = ("/profile", "/medicines", "/supplements", "/")
#: The radio choices for pregnancy and breastfeeding: (value, pregnant, lactating).
STATES = {"none": (False, False), "pregnant": (True, False), "lactating": (False, True)}
NextQuery = Annotated[str | None, Query(alias="next")]


def read_number(
    values: dict[str, str], name: str, what: str, problems: Problems, *, whole: bool = False
) -> Any:
    """The field as a number (``None`` when empty); else a problem for the field that says
    ``what`` it is, so the message also reads well in the summary at the top of the form."""
    text = values.get(name, "")
    if not text:
        return None
    try:
        number = int(text) if whole else float(text)
    except ValueError:
        number = None
    if number is None or not math.isfinite(number):
        problems.add(
            name, f"{what} must be {'a whole number' if whole else 'a number'}, not '{text}'"
        )
        return None
    return number


def continue_setup(next_url: str) -> str:
    """``next_url``, carrying the rest of the setup when it is a setup step's bare page.

    The welcome page links to ``/profile?next=/medicines``; going on from there must still lead
    through the supplement step to Today, so ``/medicines`` becomes
    ``/medicines?next=/supplements`` (and so on). Any other address is left as it is.
    """
    if next_url in SETUP_STEPS[1:-1]:
        following = SETUP_STEPS[SETUP_STEPS.index(next_url) + 1]
        return f"{next_url}?{urlencode({'next': following})}"
    return next_url


@cache
def time_zones() -> tuple[str, ...]:
    """Every IANA time-zone name the profile accepts, for the field's suggestions."""
    from zoneinfo import available_timezones

    from magnerve.domain.patient import is_known_time_zone

    return tuple(sorted(z for z in available_timezones() if is_known_time_zone(z)))


@router.get("/profile", response_class=HTMLResponse)
def profile_page(request: Request, app: App, next_: NextQuery = None) -> Response:
    view = app.profile.show()
    return _page(request, view, current_values(view), {}, continue_setup(safe_next(next_, "")))


@router.post("/profile", response_class=HTMLResponse)
async def save_profile(request: Request, app: App) -> Response:
    values = await form_values(request)
    try:
        view = app.profile.set(**profile_change(values))
    except InvalidInput as exc:
        view = app.profile.show()
        next_url = continue_setup(safe_next(values.get("next"), ""))
        return _page(request, view, values, field_errors(exc), next_url, status=422)
    message = "Profile saved."
    if (daily := view.regimen.magnesium_target_mg) is not None:
        message += f" Daily supplement target: {daily:g} mg of elemental magnesium."
    return done(request, continue_setup(safe_next(values.get("next"), "/profile")), message)


def profile_change(values: dict[str, str]) -> dict[str, Any]:
    """The service's arguments from the form; an empty field keeps what is stored."""
    problems = Problems()
    age = read_number(values, "age", "Your age", problems, whole=True)
    birth_date = None
    if text := values.get("birth_date"):
        try:
            birth_date = date.fromisoformat(text)
        except ValueError:
            problems.add("birth_date", f"'{text}' is not a date; use YYYY-MM-DD, e.g. 1957-04-23")
    regimen = RegimenChange(
        breakfast_time=optional(values, "breakfast_time"),
        lunch_time=optional(values, "lunch_time"),
        dinner_time=optional(values, "dinner_time"),
        magnesium_target_mg=read_number(
            values, "magnesium_target_mg", "The daily target", problems
        ),
        magnesium_prescribed_mg=read_number(
            values, "magnesium_prescribed_mg", "The prescribed dose", problems
        ),
        lab_interval_months=read_number(
            values, "lab_interval_months", "The months between tests", problems, whole=True
        ),
    )
    problems.raise_if_any(hint="Check the fields marked on the form.")
    pregnant, lactating = STATES.get(values.get("state", ""), (None, None))
    return {
        "age": age,
        "birth_date": birth_date,
        "sex": optional(values, "sex"),
        "pregnant": pregnant,
        "lactating": lactating,
        "diabetes": optional(values, "diabetes"),
        "timezone": optional(values, "timezone"),
        "regimen": regimen if any(v is not None for v in regimen.__dict__.values()) else None,
    }


def current_values(view: ProfileView) -> dict[str, str]:
    """What is stored, as the form's field texts."""
    p, r = view.profile, view.regimen
    values = {
        "breakfast_time": r.breakfast_time,
        "lunch_time": r.lunch_time,
        "dinner_time": r.dinner_time,
        "magnesium_target_mg": _text(r.magnesium_target_mg),
        "magnesium_prescribed_mg": _text(r.magnesium_prescribed_mg),
        "lab_interval_months": _text(r.lab_interval_months),
        "timezone": p.timezone if p else DEFAULT_TIMEZONE,
        "state": "pregnant" if p and p.pregnant else "lactating" if p and p.lactating else "none",
    }
    if p is not None:
        values["birth_date"] = p.birth_date.isoformat() if p.birth_date else ""
        values["age"] = "" if p.birth_date or view.age is None else str(view.age)
        values["sex"] = p.sex.value if p.sex else ""
        values["diabetes"] = p.diabetes.value if p.diabetes else ""
    return values


def _text(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def _page(
    request: Request,
    view: ProfileView,
    values: dict[str, str],
    errors: dict[str, str],
    next_url: str,
    status: int = 200,
) -> Response:
    from magnerve.knowledge.load import load_citations, load_lab_schedule, load_plan_settings

    return render(
        request,
        "pages/profile.html",
        {
            "view": view,
            "values": values,
            "errors": errors,
            "next_url": next_url,
            "time_zones": time_zones(),
            "interval": load_lab_schedule().magnesium_interval_months,
            "plausible_max_mg": load_plan_settings().titration.plausible_max_mg_per_day.value,
            "citations": load_citations(),
        },
        status,
    )
