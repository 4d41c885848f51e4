"""``/supplements``: magnesium forms, the elemental calculator, the person's products and the
doses they log (``magnerve supplement …``, ``log supplement|doses|remove-dose|restore-dose``)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import Field

from magnerve.domain.regimen import LabelBasis
from magnerve.domain.supplement_forms import Family, Route
from magnerve.interfaces import payloads
from magnerve.interfaces.web.api.idempotency import CONFLICT_RESPONSES, IdempotencyKey
from magnerve.interfaces.web.api.models import (
    ERROR_RESPONSES,
    MAX_TEXT,
    BodyDate,
    DateQuery,
    IdOrName,
    RecordId,
    StrictModel,
)
from magnerve.interfaces.web.api.shapes import DoseOut, Out
from magnerve.interfaces.web.context import App
from magnerve.services.supplements import SupplementService

router = APIRouter(prefix="/supplements", tags=["supplements"], responses=ERROR_RESPONSES)

PerServing = Annotated[float | None, Field(description="Per serving, in the unit of the name.")]


class FormOut(Out):
    id: str
    name: str
    family: Family
    formula: str
    elemental_fraction: float = Field(
        description="Share of the compound's weight that is magnesium itself ('elemental')."
    )
    elemental_percent: float
    routes: list[Route]
    aliases: list[str]
    absorption_evidence: str
    laxative_prone: bool
    gi_notes: str
    citations: list[str]


class Forms(Out):
    forms: list[FormOut]


class Elemental(Out):
    form: str
    compound_mg: float = Field(description="Weight of the whole compound, mg.")
    elemental_mg: float = Field(description="Magnesium itself in it, mg.")
    elemental_fraction: float
    note: str | None = Field(description="How the form name was read, when it needed a guess.")


class NewProduct(StrictModel):
    """A product as its label states it: ``elemental_mg`` *or* ``compound_mg`` per serving."""

    name: str = Field(description="What you call it, e.g. 'Glycinate 100'.", max_length=MAX_TEXT)
    form: str = Field(description="The magnesium form on the label (id or name).", max_length=200)
    elemental_mg: PerServing = Field(None, description="Magnesium itself per serving, mg.")
    compound_mg: PerServing = Field(None, description="Weight of the whole compound, mg.")
    serving_unit: str = Field("serving", description="capsule, tablet, scoop…", max_length=80)
    brand: str | None = Field(None, max_length=MAX_TEXT)
    b12_ug: PerServing = None
    ala_mg: PerServing = None
    calcium_mg: PerServing = None
    zinc_mg: PerServing = None
    vitamin_d_ug: PerServing = None


class ProductOut(Out):
    id: int
    name: str
    brand: str | None
    form: str
    label_basis: LabelBasis
    label_mg_per_serving: float
    elemental_mg_per_serving: float
    serving_unit: str
    b12_ug: float | None
    ala_mg: float | None
    calcium_mg: float | None
    zinc_mg: float | None
    vitamin_d_ug: float | None


class AddedProduct(Out):
    product: ProductOut
    note: str | None


class Products(Out):
    products: list[ProductOut]


class RemovedProduct(Out):
    removed: ProductOut


class NewDose(StrictModel):
    product: IdOrName = Field(
        description="The product's id, or its name (a unique start of it works)."
    )
    servings: float = Field(1.0, description="How many servings: 1, 2, 0.5.")
    date: BodyDate = None
    time: str | None = Field(None, description="When it was taken, HH:MM.", max_length=20)


class LoggedDose(Out):
    entry: DoseOut


class DayDoses(Out):
    date: dt.date
    doses: list[DoseOut]


class RemovedDose(Out):
    removed: DoseOut


class RestoredDose(Out):
    dose: DoseOut


@router.get("/forms", response_model=Forms, response_model_exclude_unset=True)
def supplement_forms() -> dict[str, Any]:
    """Every form: formula, share of magnesium itself, what is known of absorption and the gut."""
    return {"forms": [payloads.form(f) for f in SupplementService.forms().forms]}


@router.get("/elemental", response_model=Elemental, response_model_exclude_unset=True)
def elemental_calculator(
    form: Annotated[str, Query(description="A form id or name, e.g. glycinate.", max_length=200)],
    compound_mg: Annotated[
        float, Query(description="Milligrams of the whole compound.", allow_inf_nan=False)
    ],
) -> dict[str, Any]:
    """How much magnesium itself ('elemental') is in an amount of a compound."""
    return payloads.elemental(SupplementService.elemental(form, compound_mg))


@router.post(
    "/products",
    status_code=201,
    response_model=AddedProduct,
    response_model_exclude_unset=True,
    responses=CONFLICT_RESPONSES,
)
def add_product(
    body: NewProduct, app: App, idempotency_key: IdempotencyKey = None
) -> dict[str, Any]:
    """Add a supplement product the person takes."""
    added = app.supplements.add_product(
        body.name,
        form=body.form,
        elemental_mg_per_serving=body.elemental_mg,
        compound_mg_per_serving=body.compound_mg,
        serving_unit=body.serving_unit,
        brand=body.brand,
        b12_ug=body.b12_ug,
        ala_mg=body.ala_mg,
        calcium_mg=body.calcium_mg,
        zinc_mg=body.zinc_mg,
        vitamin_d_ug=body.vitamin_d_ug,
        idempotency_key=idempotency_key,
    )
    return payloads.product_added(added)


@router.get("/products", response_model=Products, response_model_exclude_unset=True)
def list_products(app: App) -> dict[str, Any]:
    """The person's supplement products."""
    _, listed = app.supplements.products()
    return {"products": [payloads.product(p) for p in listed]}


@router.delete("/products/{id}", response_model=RemovedProduct, response_model_exclude_unset=True)
def remove_product(id: RecordId, app: App) -> dict[str, Any]:
    """Stop listing a product (doses already logged still count on their days)."""
    return {"removed": payloads.product(app.supplements.remove_product(id))}


@router.post(
    "/doses",
    status_code=201,
    response_model=LoggedDose,
    response_model_exclude_unset=True,
    responses=CONFLICT_RESPONSES,
)
def log_dose(body: NewDose, app: App, idempotency_key: IdempotencyKey = None) -> dict[str, Any]:
    """Log a dose of one of the person's products."""
    logged = app.supplements.log_dose(
        body.product,
        servings=body.servings,
        day=body.date,
        time=body.time,
        idempotency_key=idempotency_key,
    )
    return {"entry": payloads.dose(logged.dose)}


@router.get("/doses", response_model=DayDoses, response_model_exclude_unset=True)
def list_doses(app: App, date: DateQuery = None) -> dict[str, Any]:
    """The doses logged on a day."""
    _, day, listed = app.supplements.doses(date)
    return payloads.doses_on(day, listed)


@router.delete("/doses/{id}", response_model=RemovedDose, response_model_exclude_unset=True)
def remove_dose(id: RecordId, app: App) -> dict[str, Any]:
    """Take a wrongly logged dose out of the totals. It is kept and can be restored."""
    return {"removed": payloads.dose(app.supplements.remove_dose(id))}


@router.post("/doses/{id}/restore", response_model=RestoredDose, response_model_exclude_unset=True)
def restore_dose(id: RecordId, app: App) -> dict[str, Any]:
    """Bring back a dose that was removed."""
    return {"dose": payloads.dose(app.supplements.restore_dose(id))}
