"""``/foods``: search, one food, and foods richest in a nutrient (``magnerve food …``)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query
from pydantic import Field

from magnerve.interfaces import payloads
from magnerve.interfaces.web.api.models import ERROR_RESPONSES, MAX_TEXT
from magnerve.interfaces.web.api.shapes import Nutrients, Out
from magnerve.interfaces.web.context import App

router = APIRouter(prefix="/foods", tags=["foods"], responses=ERROR_RESPONSES)


class FoodHit(Out):
    id: str = Field(description="source:code, e.g. usda_sr28:11457.")
    description: str
    source: str
    category: str | None
    magnesium_mg_per_100g: float | None = Field(description="null: the source has no value.")


class FoodHits(Out):
    results: list[FoodHit]


class Portion(Out):
    label: str
    grams: float


class FoodDetail(Out):
    id: str
    description: str
    source: str
    category: str | None
    nutrients_per_100g: Nutrients[float | None]
    portions: list[Portion] = Field(description="Household portions the source publishes.")


class FoodShown(Out):
    food: FoodDetail


class TopFood(Out):
    id: str
    description: str
    source: str
    category: str | None
    magnesium_mg_per_100g: float | None
    value: float = Field(description="The nutrient per `per`, in the nutrient's unit.")
    per: str
    serving_label: str | None
    serving_grams: float | None


class TopFoods(Out):
    results: list[TopFood]


@router.get("/search", response_model=FoodHits, response_model_exclude_unset=True)
def search_foods(
    app: App,
    q: Annotated[str, Query(description="What you ate, e.g. 'cooked spinach'.", max_length=200)],
    limit: Annotated[int, Query(description="How many results (1–100).")] = 10,
) -> dict[str, Any]:
    """Foods by name, best match first; foods this person logged lately come first."""
    return payloads.food_hits(app.intake.search_foods(q, limit=limit))


@router.get("/top", response_model=TopFoods, response_model_exclude_unset=True)
def top_foods(
    app: App,
    nutrient: Annotated[
        str, Query(description="Nutrient to rank by, e.g. magnesium.", max_length=MAX_TEXT)
    ] = "magnesium",
    per: Annotated[str, Query(description="100g, serving, 100kcal or carb-g.", max_length=20)] = (
        "100g"
    ),
    max_carb_g: Annotated[
        float | None,
        Query(
            description="Only foods with at most this much carbohydrate (per serving with "
            "per=serving, else per 100 g).",
            allow_inf_nan=False,
        ),
    ] = None,
    category: Annotated[
        str | None,
        Query(description="Only foods whose category contains this.", max_length=MAX_TEXT),
    ] = None,
    limit: Annotated[int, Query(description="How many foods (1–500).")] = 20,
) -> dict[str, Any]:
    """Foods richest in a nutrient per 100 g, per serving, per 100 kcal or per g of carbohydrate."""
    results = app.foods.top(
        nutrient, per=per, max_carb_g=max_carb_g, category=category, limit=limit
    )
    return payloads.top_foods(results)


@router.get("/{food_id}", response_model=FoodShown, response_model_exclude_unset=True)
def show_food(
    app: App,
    food_id: Annotated[str, Path(description="A food id, e.g. usda_sr28:11457.", max_length=80)],
) -> dict[str, Any]:
    """One food: nutrients per 100 g and its household portions."""
    return {"food": payloads.food(app.foods.show(food_id))}
