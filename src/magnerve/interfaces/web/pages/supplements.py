"""Supplements and your plan: your products (add, remove), the day schedule and the build-up
plan, an elemental magnesium calculator, and every magnesium form magnerve knows — the same as
``magnerve supplement forms|elemental|add|list|remove`` and ``magnerve plan``.

Step 3 of the first-run setup: ``?next=`` is kept, and the page offers a link on to the next
step once the plan for the new product is in view.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from magnerve.errors import InvalidInput, NotFound, Problems
from magnerve.interfaces.web.context import App
from magnerve.interfaces.web.forms import done, field_errors, form_values, optional, safe_next
from magnerve.interfaces.web.pages.profile import read_number
from magnerve.interfaces.web.templating import fmt_amount, render

router = APIRouter()

NextQuery = Annotated[str | None, Query(alias="next")]
#: Amounts a product may list besides magnesium: (field, label, unit).
EXTRAS = (
    ("b12_ug", "Vitamin B12", "µg"),
    ("ala_mg", "Alpha-lipoic acid", "mg"),
    ("calcium_mg", "Calcium", "mg"),
    ("zinc_mg", "Zinc", "mg"),
    ("vitamin_d_ug", "Vitamin D", "µg"),
)
#: The worked example of "elemental": a common form and a common tablet weight (mg).
EXAMPLE_FORM, EXAMPLE_COMPOUND_MG = "bisglycinate", 500.0


def here(next_url: str) -> str:
    return "/supplements" + (f"?{urlencode({'next': next_url})}" if next_url else "")


@router.get("/supplements", response_class=HTMLResponse)
def supplements_page(request: Request, app: App, next_: NextQuery = None) -> Response:
    return _page(request, app, safe_next(next_, ""))


@router.post("/supplements", response_class=HTMLResponse)
async def add_supplement(request: Request, app: App) -> Response:
    values = await form_values(request)
    next_url = safe_next(values.get("next"), "")
    try:
        added = app.supplements.add_product(values.get("name", ""), **product_fields(values))
    except InvalidInput as exc:
        errors = field_errors(exc)
        return _page(request, app, next_url, values=values, errors=errors, status=422)
    p = added.product
    message = (
        f"Added {p.name}: {fmt_amount(p.elemental_mg_per_serving, 'mg', 1)} of elemental "
        f"magnesium per {p.serving_unit}. {added.resolution.note}"
    )
    return done(request, here(next_url) + "#plan", message.strip())


@router.get("/supplements/elemental", response_class=HTMLResponse)
def elemental(
    request: Request, app: App, calc_form: str = "", calc_compound_mg: str = ""
) -> Response:
    values = {"calc_form": calc_form.strip(), "calc_compound_mg": calc_compound_mg.strip()}
    partial = request.headers.get("hx-request") == "true"
    answer, errors = None, {}
    if partial and not all(values.values()):  # still typing: no answer, no complaint yet
        return render(request, "partials/supplements_calc_result.html", {"answer": None})
    try:
        problems = Problems()
        typed = {"compound_mg": values["calc_compound_mg"]}
        amount = read_number(typed, "compound_mg", "The weight", problems)
        problems.raise_if_any()
        answer = app.supplements.elemental(values["calc_form"], amount or 0.0)
    except InvalidInput as exc:
        errors = {f"calc_{k}": v for k, v in field_errors(exc).items()}
    status = 422 if errors else 200
    calc = {"calc_values": values, "calc_errors": errors, "answer": answer}
    if partial:
        return render(request, "partials/supplements_calc_result.html", calc, status)
    return _page(request, app, "", calc=calc, status=status)


@router.get("/supplements/{product_id}/remove", response_class=HTMLResponse)
def confirm_remove(
    request: Request, app: App, product_id: int, next_: NextQuery = None
) -> Response:
    _person, products = app.supplements.products()
    product = next((p for p in products if p.id == product_id), None)
    if product is None:
        raise NotFound(f"There is no supplement product {product_id} in your list.", field="id")
    return render(
        request,
        "partials/supplements_remove.html",
        {"product": product, "forms": _form_names(), "next_url": safe_next(next_, "")},
    )


@router.post("/supplements/{product_id}/remove")
async def remove_supplement(request: Request, app: App, product_id: int) -> Response:
    values = await form_values(request)
    product = app.supplements.remove_product(product_id)
    return done(
        request,
        here(safe_next(values.get("next"), "")),
        f"Removed {product.name} from your list. Doses you logged still count on their days.",
    )


def product_fields(values: dict[str, str]) -> dict[str, Any]:
    """The service's keyword arguments from the form (numbers read, empty fields left out)."""
    problems = Problems()
    labels = {
        "elemental_mg": "Elemental magnesium per serving",
        "compound_mg": "The weight of the whole compound",
        **{name: label for name, label, _unit in EXTRAS},
    }
    amounts = {name: read_number(values, name, what, problems) for name, what in labels.items()}
    problems.raise_if_any()
    return {
        "form": values.get("form", ""),
        "elemental_mg_per_serving": amounts.pop("elemental_mg"),
        "compound_mg_per_serving": amounts.pop("compound_mg"),
        "serving_unit": values.get("serving_unit", ""),
        "brand": optional(values, "brand"),
        **amounts,
    }


def _form_names() -> dict[str, str]:
    return {f.id: f.name for f in _forms().forms}


def _forms() -> Any:
    from magnerve.services.supplements import SupplementService

    return SupplementService.forms()


def _page(
    request: Request,
    app: App,
    next_url: str,
    *,
    values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    calc: dict[str, Any] | None = None,
    status: int = 200,
) -> Response:
    from magnerve.knowledge.load import load_citations, load_plan_settings

    _person, products = app.supplements.products()
    profile = app.profile.show()
    return render(
        request,
        "pages/supplements.html",
        {
            "products": products,
            "plan": app.plan.plan(),
            "plan_settings": load_plan_settings(),
            "targets": profile.targets,
            "daily_target": profile.regimen.magnesium_target_mg,
            "here": here(next_url),
            "table": _forms(),
            "form_names": _form_names(),
            "example": app.supplements.elemental(EXAMPLE_FORM, EXAMPLE_COMPOUND_MG),
            "citations": load_citations(),
            "extras": EXTRAS,
            "values": values or {"serving_unit": "tablet"},
            "errors": errors or {},
            "next_url": next_url,
            **(calc or {"calc_values": {}, "calc_errors": {}, "answer": None}),
        },
        status,
    )
