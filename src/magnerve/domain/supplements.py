"""Magnesium supplements: elemental magnesium, label checks and reading form names. Pure.

A supplement label may give the weight of the whole compound ("1000 mg magnesium bisglycinate")
or of the magnesium in it ("141 mg magnesium"). :func:`elemental_mg` and :func:`compound_mg_for`
convert between the two using the form's formula; :func:`check_label` compares a label's own
figure with the formula, and the label's figure wins.

:func:`resolve_form` turns what a person typed ("Mg glycinate", "Epsom salts", "citrat") into one
form of the table in ``knowledge/supplement_forms.yaml``. A name that covers several salts
("magnesium citrate") resolves to the family's documented default and says so.
"""

from __future__ import annotations

import difflib
import math
import re
from typing import Literal

from pydantic import BaseModel, ConfigDict

from magnerve.domain.supplement_forms import (
    NO_COMPARISON,
    AbsorptionEvidence,
    AmbiguousDefault,
    CitedText,
    FormTable,
    GiNotes,
    NameTarget,
    SupplementForm,
    elemental_fraction,
    normalise_form_name,
    valid_forms_hint,
)
from magnerve.errors import AmbiguousInput, InvalidInput

__all__ = [
    "LABEL_TOLERANCE",
    "MAX_COMPOUND_MG_PER_SERVING",
    "NO_COMPARISON",
    "SPELLING_CUTOFF",
    "AbsorptionEvidence",
    "AmbiguousDefault",
    "CitedText",
    "FormResolution",
    "FormTable",
    "GiNotes",
    "LabelCheck",
    "SupplementForm",
    "check_label",
    "compound_mg_for",
    "elemental_fraction",
    "elemental_mg",
    "normalise_form_name",
    "resolve_form",
]

#: Product rule: no single serving holds more than this much compound. Guards against typing
#: grams as milligrams; not a clinical limit.
MAX_COMPOUND_MG_PER_SERVING = 10_000.0
#: A label's elemental figure more than this far (as a fraction) from the formula is flagged.
LABEL_TOLERANCE = 0.10
#: How close (difflib ratio) a misspelling must be to a known name to be read as that name.
SPELLING_CUTOFF = 0.87
#: Two spelling candidates closer than this are treated as equally likely.
_TIE = 0.02
#: Floating-point slack on the serving cap, so a computed inverse is never refused.
_ROUNDING = 1e-9
_HYDRATE = re.compile(r"(an|mono|di|tri|hexa|hepta|nona)hydr")


class FormResolution(BaseModel):
    """The form a name was read as, and what the person should be told about it."""

    model_config = ConfigDict(frozen=True)

    form: SupplementForm
    matched_alias: str
    used_default: bool
    spelling_corrected: bool = False
    note: str = ""
    alternatives: tuple[str, ...] = ()


def _unknown(text: str, table: FormTable) -> InvalidInput:
    return InvalidInput(
        f"'{text}' is not a magnesium form magnerve knows",
        field="form",
        hint=valid_forms_hint(table),
        details={"valid": table.ids},
    )


def _hydration(key: str) -> str | None:
    """The hydration a key names: an, di, hepta, … ; ``?`` for a bare "hydrate"; else None."""
    found = _HYDRATE.search(key)
    if found:
        return found.group(1)
    return "?" if "hydr" in key else None


def _compatible(typed: str, known: str) -> bool:
    """A spelling fix never changes the hydration state the person named (or left unnamed)."""
    wanted, offered = _hydration(typed), _hydration(known)
    if wanted is None:
        return offered in (None, "an")
    if wanted == "?":
        return offered not in (None, "an")
    return offered == wanted


def _closest(key: str, text: str, table: FormTable) -> NameTarget | None:
    index = table.name_index
    pool = [known for known in index if _compatible(key, known)]
    matches = difflib.get_close_matches(key, pool, n=6, cutoff=SPELLING_CUTOFF)
    if not matches:
        return None
    scored = sorted(
        ((difflib.SequenceMatcher(None, key, m).ratio(), m) for m in matches), reverse=True
    )
    best_score, best = scored[0]
    rivals = {
        index[m].form_id
        for score, m in scored
        if best_score - score < _TIE and index[m].form_id != index[best].form_id
    }
    if rivals:
        candidates = sorted({index[best].form_id, *rivals})
        raise AmbiguousInput(
            f"'{text}' could mean more than one magnesium form",
            field="form",
            hint=f"Choose one of: {', '.join(candidates)}.",
            details={"candidates": candidates, "valid": table.ids},
        )
    return index[best]


def resolve_form(text: str, table: FormTable) -> FormResolution:
    """Read a form name as one form of ``table``; vague names and misspellings get a note."""
    key = normalise_form_name(text) if isinstance(text, str) else ""
    if not key:
        raise InvalidInput(
            "Say which form of magnesium (for example citrate or glycinate)",
            field="form",
            hint=valid_forms_hint(table),
            details={"valid": table.ids},
        )
    target = table.name_index.get(key)
    corrected = target is None
    if target is None:
        target = _closest(key, text, table)
    if target is None:
        raise _unknown(text, table)
    form = table.form(target.form_id)
    notes: list[str] = []
    said = target.label if corrected else text.strip()
    if corrected:
        read_as = target.label if target.ambiguous is not None else form.name
        notes.append(f"'{text.strip()}' was read as '{read_as}'.")
    alternatives: tuple[str, ...] = ()
    if target.ambiguous is not None:
        alternatives = tuple(c for c in target.ambiguous.candidates if c != form.id)
        notes.append(
            f"'{said}' can mean {len(alternatives) + 1} different forms; magnerve "
            f"assumed {form.name} ({form.elemental_percent:.1f} % magnesium). "
            f"{target.ambiguous.reason} If your label names another salt or hydrate, choose it "
            f"instead: {', '.join(alternatives)}."
        )
    return FormResolution(
        form=form,
        matched_alias=target.label,
        used_default=target.ambiguous is not None,
        spelling_corrected=corrected,
        note=" ".join(notes),
        alternatives=alternatives,
    )


def _amount(value: float, field: str, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise InvalidInput(f"{what} must be a number of milligrams", field=field)
    if value <= 0:
        raise InvalidInput(f"{what} must be more than 0 mg (got {_mg(value)})", field=field)
    return float(value)


def _mg(value: float) -> str:
    return f"{value:,.1f}".removesuffix(".0") + " mg"


_CAP_HINT = (
    f"One serving above {_mg(MAX_COMPOUND_MG_PER_SERVING)} of compound is not plausible; "
    "check whether the label gives grams or a whole bottle."
)


def elemental_mg(form: SupplementForm, compound_mg: float) -> float:
    """Milligrams of magnesium in ``compound_mg`` of ``form`` (the whole salt's weight)."""
    return _elemental(form, compound_mg)


def _elemental(form: SupplementForm, compound_mg: float) -> float:
    amount = _amount(compound_mg, "compound_mg", f"The amount of {form.name}")
    if amount > MAX_COMPOUND_MG_PER_SERVING * (1 + _ROUNDING):
        raise InvalidInput(
            f"{_mg(amount)} of {form.name} in one serving is more than magnerve accepts",
            field="compound_mg",
            hint=_CAP_HINT,
        )
    return amount * form.elemental_fraction


def compound_mg_for(form: SupplementForm, elemental_mg: float) -> float:
    """Milligrams of ``form`` that hold ``elemental_mg`` of magnesium (inverse of the above)."""
    amount = _amount(elemental_mg, "elemental_mg", "The amount of magnesium")
    compound = amount / form.elemental_fraction
    if compound > MAX_COMPOUND_MG_PER_SERVING * (1 + _ROUNDING):
        raise InvalidInput(
            f"{_mg(amount)} of magnesium would need {_mg(compound)} of {form.name} in one "
            "serving, more than magnerve accepts",
            field="elemental_mg",
            hint=_CAP_HINT,
        )
    return compound


class LabelCheck(BaseModel):
    """A label's magnesium figure compared with the formula. The label's figure is used."""

    model_config = ConfigDict(frozen=True)

    form_id: str
    label_elemental_mg: float
    computed_elemental_mg: float
    difference: float  # (label - computed) / computed
    level: Literal["ok", "warning"]
    note: str = ""

    @property
    def use_elemental_mg(self) -> float:
        return self.label_elemental_mg


def check_label(form: SupplementForm, elemental_mg: float, compound_mg: float) -> LabelCheck:
    """Compare a label's elemental magnesium with what the formula gives for its compound."""
    label = _amount(elemental_mg, "elemental_mg", "The label's amount of magnesium")
    computed = _elemental(form, compound_mg)
    compound = float(compound_mg)
    if label > compound:
        raise InvalidInput(
            f"The label's magnesium ({_mg(label)}) cannot be more than the whole compound "
            f"({_mg(compound)})",
            field="elemental_mg",
            hint="Magnesium is part of the compound's weight; check which figure is which.",
        )
    difference = (label - computed) / computed
    if abs(difference) <= LABEL_TOLERANCE:
        return LabelCheck(
            form_id=form.id,
            label_elemental_mg=label,
            computed_elemental_mg=computed,
            difference=difference,
            level="ok",
        )
    direction = "more" if difference > 0 else "less"
    note = (
        f"The label gives {_mg(label)} of magnesium in {_mg(compound)} of {form.name}; the "
        f"formula gives {_mg(computed)}, so the label says {abs(difference):.0%} {direction}. "
        "Products sold as 'buffered' or 'chelate' often blend in magnesium oxide, and a label "
        "may use another salt or hydrate. magnerve counts the label's figure."
    )
    return LabelCheck(
        form_id=form.id,
        label_elemental_mg=label,
        computed_elemental_mg=computed,
        difference=difference,
        level="warning",
        note=note,
    )
