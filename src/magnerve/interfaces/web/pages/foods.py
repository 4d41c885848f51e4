"""The Foods page: the foods richest in magnesium (``magnerve food top magnesium``) with a carb
filter, a search (``food search``), and one food's nutrients per 100 g and per portion
(``food show``) with its source and data licence."""

from __future__ import annotations

import math
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from magnerve.domain.foods import SOURCE_NAMES, scale_nutrients
from magnerve.errors import InvalidInput, Problems
from magnerve.interfaces.cli.text import NUTRIENT_LABELS
from magnerve.interfaces.web.context import App
from magnerve.interfaces.web.forms import field_errors
from magnerve.interfaces.web.templating import render
from magnerve.services.about import food_sources

router = APIRouter()

#: The ranking bases offered, in plain words (the service knows what each means).
PER_CHOICES: tuple[tuple[str, str], ...] = (
    ("100g", "per 100 g of food"),
    ("serving", "per typical serving"),
    ("100kcal", "per 100 kcal (calories)"),
    ("carb-g", "per gram of carbohydrate"),
)
DEFAULT_LIMIT = "20"
SEARCH_RESULTS = 20


def whole_or_number(problems: Problems, name: str, text: str, *, whole: bool) -> float | None:
    """A typed number (or None when empty); a problem for the field when it is not one."""
    if not text:
        return None
    try:
        value = int(text) if whole else float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        kind = "a whole number" if whole else "a number"
        problems.add(name, f"'{text}' is not {kind}.")
        return None
    return value


@router.get("/foods", response_class=HTMLResponse)
def foods_page(
    request: Request,
    app: App,
    q: str = "",
    per: str = "100g",
    max_carb_g: str = "",
    limit: Annotated[str, Query(description="How many foods, 1-500.")] = DEFAULT_LIMIT,
) -> HTMLResponse:
    values = {"q": q.strip(), "per": per, "max_carb_g": max_carb_g.strip(), "limit": limit.strip()}
    problems = Problems()
    carb = whole_or_number(problems, "max_carb_g", values["max_carb_g"], whole=False)
    most = whole_or_number(problems, "limit", values["limit"] or DEFAULT_LIMIT, whole=True)
    try:
        problems.raise_if_any()
        top = app.foods.top("magnesium", per=per, max_carb_g=carb, limit=int(most or 0))
        errors: dict[str, str] = {}
    except InvalidInput as exc:
        top, errors = [], field_errors(exc)
    context = {
        "values": values,
        "errors": errors,
        "top": top,
        "per_choices": PER_CHOICES,
        "per_label": dict(PER_CHOICES).get(per, ""),
        "hits": app.intake.search_foods(values["q"], limit=SEARCH_RESULTS) if values["q"] else [],
        "source_names": SOURCE_NAMES,
    }
    return render(request, "pages/foods.html", context, 422 if errors else 200)


@router.get("/foods/{food_id}", response_class=HTMLResponse)
def food_page(request: Request, app: App, food_id: str) -> HTMLResponse:
    food = app.foods.show(food_id)
    portions = [p for p in food.portions if p.grams > 0]
    context = {
        "food": food,
        "labels": NUTRIENT_LABELS,
        "portions": [(p, scale_nutrients(food.nutrients_per_100g, p.grams)) for p in portions],
        "source": next((s for s in food_sources() if s.id == food.source), None),
        "source_names": SOURCE_NAMES,
    }
    return render(request, "pages/food.html", context)
