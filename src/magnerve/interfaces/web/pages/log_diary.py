"""The Log page's supplement-dose, pain and symptom forms (the page itself is in log.py)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from magnerve.domain.diary import (
    ITEM_LABELS,
    SCORE_ITEMS,
    SYMPTOM_SCORES,
    DiaryValue,
)
from magnerve.domain.quantity import parse_amount
from magnerve.errors import InvalidInput
from magnerve.interfaces.web.context import App
from magnerve.interfaces.web.forms import done, form_values, optional
from magnerve.interfaces.web.pages.log import day_url, failed_form
from magnerve.interfaces.web.templating import fmt_amount, fmt_number
from magnerve.services.diary import Recorded

router = APIRouter()


@router.post("/log/dose")
async def log_dose(request: Request, app: App) -> Response:
    values = await form_values(request)
    try:
        servings = parse_amount(values.get("servings", ""))
        logged = app.supplements.log_dose(
            values.get("product", ""),
            servings=servings,
            day=optional(values, "dose_date") or optional(values, "date"),
            time=optional(values, "time"),
        )
    except InvalidInput as exc:
        return failed_form(request, app, "dose", exc, values)
    d = logged.dose
    mg = fmt_amount(d.elemental_mg, "mg", 1)
    message = f"Logged {fmt_number(d.servings, 2)} × {d.product_name}: {mg} elemental magnesium."
    return done(request, day_url(d.local_date, "dose"), message)


@router.post("/log/doses/{dose_id}/remove")
def remove_dose(request: Request, app: App, dose_id: int) -> Response:
    d = app.supplements.remove_dose(dose_id)
    return done(
        request,
        day_url(d.local_date, "dose", undo_dose=d.id),
        f"Removed the dose of {d.product_name}.",
    )


@router.post("/log/doses/{dose_id}/restore")
def restore_dose(request: Request, app: App, dose_id: int) -> Response:
    d = app.supplements.restore_dose(dose_id)
    return done(
        request, day_url(d.local_date, "dose"), f"Brought back the dose of {d.product_name}."
    )


# -- pain and symptoms ---------------------------------------------------------------------------
@router.post("/log/pain")
async def log_pain(request: Request, app: App) -> Response:
    values = await form_values(request)
    typed = optional(values, "score_typed")
    try:
        recorded = app.diary.log_pain(
            typed or values.get("score", ""),
            site=optional(values, "site"),
            day=optional(values, "date"),
        )
    except InvalidInput as exc:
        renames = {"pain": "score_typed"} if typed else None
        return failed_form(request, app, "pain", exc, values, renames)
    return done(request, day_url(recorded.day, "pain"), saved_message(recorded))


@router.post("/log/symptoms")
async def log_symptoms(request: Request, app: App) -> Response:
    values = await form_values(request)
    try:
        recorded = app.diary.log_symptoms(
            scores={name: optional(values, name) for name in SYMPTOM_SCORES},
            gi=optional(values, "gi"),
            stools=optional(values, "stools"),
            note=optional(values, "note"),
            day=optional(values, "date"),
        )
    except InvalidInput as exc:
        return failed_form(request, app, "symptoms", exc, values)
    return done(request, day_url(recorded.day, "symptoms"), saved_message(recorded))


def saved_message(recorded: Recorded) -> str:
    """'Saved for 2026-03-14: Burning: 6 out of 10 (was 4 out of 10); Note: saved.'"""
    before = {v.item: v for v in recorded.replaced}

    def shown(v: DiaryValue) -> str:
        if v.item in SCORE_ITEMS:
            return f"{fmt_number(v.number, 2)} out of 10"
        if v.item == "note":
            return "saved"  # the note itself can be long; the diary below shows it
        return f"{v.value} a day" if v.item == "stools" else str(v.value)

    parts = [
        f"{ITEM_LABELS[v.item]}: {shown(v)}"
        + (f" (was {shown(before[v.item])})" if v.item in before else "")
        for v in recorded.saved
    ]
    return f"Saved for {recorded.day.isoformat()}: " + "; ".join(parts) + "."
