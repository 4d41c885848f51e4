"""Supplement forms, products and doses (``supplement …``, ``log supplement``, ``log doses``)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from magnerve.interfaces.payloads.common import num

if TYPE_CHECKING:
    from magnerve.domain.regimen import SupplementDose, SupplementProduct
    from magnerve.domain.supplement_forms import SupplementForm
    from magnerve.services.supplements import AddedProduct, ElementalAnswer


def dose(d: SupplementDose) -> dict[str, Any]:
    """A logged supplement dose (``log supplement``, ``log doses``)."""
    return {
        "id": d.id,
        "product_id": d.product_id,
        "name": d.product_name,
        "form": d.form_id,
        "date": d.local_date.isoformat(),
        "time": d.local_time,
        "servings": num(d.servings),
        "elemental_mg": num(d.elemental_mg),
        "b12_ug": num(d.b12_ug),
        "ala_mg": num(d.ala_mg),
    }


def doses_on(day: date, doses: Sequence[SupplementDose]) -> dict[str, Any]:
    """``log doses``: the doses of one day."""
    return {"date": day.isoformat(), "doses": [dose(d) for d in doses]}


def form(f: SupplementForm) -> dict[str, Any]:
    return {
        "id": f.id,
        "name": f.name,
        "family": f.family,
        "formula": f.formula,
        "elemental_fraction": round(f.elemental_fraction, 6),
        "elemental_percent": round(f.elemental_percent, 1),
        "routes": list(f.routes),
        "aliases": list(f.aliases),
        "absorption_evidence": f.absorption_evidence.text,
        "laxative_prone": f.gi_notes.laxative_prone,
        "gi_notes": f.gi_notes.text,
        "citations": [c.ref for c in f.all_citations],
    }


def elemental(answer: ElementalAnswer) -> dict[str, Any]:
    """``supplement elemental``: magnesium itself in an amount of a compound."""
    f = answer.resolution.form
    return {
        "form": f.id,
        "compound_mg": num(answer.compound_mg),
        "elemental_mg": num(answer.elemental_mg),
        "elemental_fraction": round(f.elemental_fraction, 6),
        "note": answer.resolution.note or None,
    }


def product(p: SupplementProduct) -> dict[str, Any]:
    return {
        "id": p.id,
        "name": p.name,
        "brand": p.brand,
        "form": p.form_id,
        "label_basis": p.basis,
        "label_mg_per_serving": num(p.label_mg_per_serving),
        "elemental_mg_per_serving": num(p.elemental_mg_per_serving),
        "serving_unit": p.serving_unit,
        "b12_ug": num(p.b12_ug),
        "ala_mg": num(p.ala_mg),
        "calcium_mg": num(p.calcium_mg),
        "zinc_mg": num(p.zinc_mg),
        "vitamin_d_ug": num(p.vitamin_d_ug),
    }


def product_added(added: AddedProduct) -> dict[str, Any]:
    """``supplement add``: the product, and what to know about how its form was read."""
    return {"product": product(added.product), "note": added.resolution.note or None}
