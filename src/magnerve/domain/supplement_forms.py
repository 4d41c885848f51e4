"""Magnesium supplement forms as knowledge: formula, names, evidence. Pure.

These models describe ``knowledge/supplement_forms.yaml`` (read by ``magnerve.knowledge.load``).
:func:`elemental_fraction` computes the share of magnesium from the chemical formula with molmass
(number of Mg atoms x atomic weight of Mg / formula mass), so it depends on the exact salt **and
hydrate**: magnesium chloride is 25.5 % magnesium, its hexahydrate only 12.0 %.

Every name of a form (id, name, aliases) and every vague name ("magnesium citrate") is indexed
under :func:`normalise_form_name`; the table refuses a name that would point at two forms.
The calculations and name resolution live in :mod:`magnerve.domain.supplements`.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator
from typing import Literal

from molmass import ELEMENTS, Formula, FormulaError
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from magnerve.domain.reference import CitationRef, KnowledgeModel
from magnerve.errors import InvalidInput

#: Uncited absorption text must say that nothing was found, in these words.
NO_COMPARISON = "No human comparison"

Route = Literal["oral", "topical"]
GiBasis = Literal["product rule", "cited"]
Family = Literal[
    "oxide",
    "hydroxide",
    "carbonate",
    "chloride",
    "sulfate",
    "citrate",
    "bisglycinate",
    "malate",
    "threonate",
    "taurate",
    "lactate",
    "gluconate",
    "aspartate",
    "orotate",
    "glycerophosphate",
]

_ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—_.,;:·•/()\[\]'\"’]+")
_PREFIXES = frozenset({"magnesium", "mg"})


@functools.lru_cache(maxsize=256)
def elemental_fraction(formula: str) -> float:
    """Mass fraction of magnesium in ``formula`` (e.g. ``Mg(C2H4NO2)2`` → 0.141), via molmass."""
    try:
        parsed = Formula(formula)
        composition = parsed.composition()
    except FormulaError as exc:
        raise InvalidInput(
            f"'{formula}' is not a chemical formula magnerve can read",
            field="formula",
            hint="Write it like MgCl2(H2O)6 or Mg3(C6H5O7)2.",
        ) from exc
    if "Mg" not in composition or parsed.mass <= 0:
        raise InvalidInput(
            f"The formula '{formula}' contains no magnesium",
            field="formula",
            hint="Give the formula of the magnesium salt, e.g. MgO.",
        )
    magnesium: float = composition["Mg"].count * ELEMENTS["Mg"].mass
    return magnesium / float(parsed.mass)


def normalise_form_name(text: str) -> str:
    """The lookup key for a form name: case, spaces, hyphens and a leading "magnesium" ignored."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    tokens = [token for token in _SEPARATORS.split(folded) if token]
    while tokens and tokens[0] in _PREFIXES:
        tokens.pop(0)
    key = "".join(tokens)
    if key.startswith("magnesium") and len(key) > len("magnesium"):
        key = key.removeprefix("magnesium")
    return key


class CitedText(KnowledgeModel):
    """A plain sentence or two written by us, with the sources it rests on."""

    text: str = Field(min_length=1)
    citations: tuple[CitationRef, ...] = ()


class AbsorptionEvidence(CitedText):
    @model_validator(mode="after")
    def _uncited_says_so(self) -> AbsorptionEvidence:
        if not self.citations and NO_COMPARISON not in self.text:
            raise ValueError(f"uncited absorption evidence must say '{NO_COMPARISON} …'")
        return self


class GiNotes(CitedText):
    """Stomach and bowel effects. ``basis: product rule`` where no source is specific."""

    laxative_prone: bool
    basis: GiBasis

    @model_validator(mode="after")
    def _cited_has_citations(self) -> GiNotes:
        if self.basis == "cited" and not self.citations:
            raise ValueError("basis 'cited' needs at least one citation")
        return self


class SupplementForm(KnowledgeModel):
    """One salt in one hydration state, e.g. magnesium chloride hexahydrate."""

    id: str = Field(pattern=_ID_PATTERN)
    name: str = Field(min_length=1)
    family: Family
    formula: str = Field(min_length=1)
    water_molecules: int = Field(ge=0, le=12)
    routes: tuple[Route, ...] = Field(min_length=1)
    aliases: tuple[str, ...] = Field(min_length=1)
    absorption_evidence: AbsorptionEvidence
    gi_notes: GiNotes
    citations: tuple[CitationRef, ...] = ()
    note: str | None = None

    @model_validator(mode="after")
    def _consistent(self) -> SupplementForm:
        try:
            elemental_fraction(self.formula)
        except InvalidInput as exc:
            raise ValueError(exc.message) from None
        water = f"(H2O){self.water_molecules}"
        if self.water_molecules and not self.formula.endswith(water):
            raise ValueError(f"formula '{self.formula}' should end in {water}")
        if not self.water_molecules and "H2O" in self.formula:
            raise ValueError(f"formula '{self.formula}' has water but water_molecules is 0")
        if len(set(self.routes)) != len(self.routes) or "oral" not in self.routes:
            raise ValueError("routes must be distinct and include oral")
        return self

    @property
    def elemental_fraction(self) -> float:
        return elemental_fraction(self.formula)

    @property
    def elemental_percent(self) -> float:
        return 100.0 * self.elemental_fraction

    @property
    def all_citations(self) -> tuple[CitationRef, ...]:
        return self.citations + self.absorption_evidence.citations + self.gi_notes.citations


class AmbiguousDefault(KnowledgeModel):
    """Names that cover several forms (``candidates``), and the one magnerve assumes."""

    family: Family
    names: tuple[str, ...] = Field(min_length=1)
    candidates: tuple[str, ...] = Field(min_length=2)
    default: str = Field(pattern=_ID_PATTERN)
    reason: str = Field(min_length=1)

    @model_validator(mode="after")
    def _default_is_a_candidate(self) -> AmbiguousDefault:
        if self.default not in self.candidates:
            raise ValueError(f"default '{self.default}' is not among the candidates")
        if len(set(self.candidates)) != len(self.candidates):
            raise ValueError("candidates must be distinct")
        return self


class NameTarget(BaseModel):
    """What one normalised name points at; ``ambiguous`` is set for vague names."""

    model_config = ConfigDict(frozen=True)

    form_id: str
    label: str
    ambiguous: AmbiguousDefault | None = None


class FormTable(KnowledgeModel):
    """``supplement_forms.yaml``: every form magnerve knows, and the defaults for vague names."""

    elemental_fraction_basis: CitedText
    absorption_overview: CitedText
    gi_overview: CitedText
    ambiguous_defaults: tuple[AmbiguousDefault, ...]
    forms: tuple[SupplementForm, ...] = Field(min_length=1)

    @field_validator("forms")
    @classmethod
    def _unique_ids(cls, forms: tuple[SupplementForm, ...]) -> tuple[SupplementForm, ...]:
        seen: set[str] = set()
        for form in forms:
            if form.id in seen:
                raise ValueError(f"form id '{form.id}' is used more than once")
            seen.add(form.id)
        return forms

    @model_validator(mode="after")
    def _names_resolve(self) -> FormTable:
        ids = {form.id: form for form in self.forms}
        for entry in self.ambiguous_defaults:
            for candidate in entry.candidates:
                known = ids.get(candidate)
                if known is None or known.family != entry.family:
                    raise ValueError(f"candidate '{candidate}' is not a {entry.family} form")
        covered = {e.family for e in self.ambiguous_defaults}
        for family in {f.family for f in self.forms}:
            if len(self.family_forms(family)) > 1 and family not in covered:
                raise ValueError(f"family '{family}' has several forms but no ambiguous_defaults")
        _build_index(self)
        return self

    def form(self, form_id: str) -> SupplementForm:
        for form in self.forms:
            if form.id == form_id:
                return form
        raise InvalidInput(
            f"'{form_id}' is not a magnesium form id",
            field="form",
            hint=valid_forms_hint(self),
            details={"valid": self.ids},
        )

    def family_forms(self, family: str) -> tuple[SupplementForm, ...]:
        return tuple(form for form in self.forms if form.family == family)

    @property
    def ids(self) -> list[str]:
        return [form.id for form in self.forms]

    @functools.cached_property
    def name_index(self) -> dict[str, NameTarget]:
        """Every normalised name (id, name, alias, vague name) → the form it reads as."""
        return _build_index(self)


def _entries(table: FormTable) -> Iterator[tuple[str, NameTarget]]:
    for form in table.forms:
        for label in (form.name, *form.aliases, form.id):
            yield normalise_form_name(label), NameTarget(form_id=form.id, label=label)
    for entry in table.ambiguous_defaults:
        for label in entry.names:
            target = NameTarget(form_id=entry.default, label=label, ambiguous=entry)
            yield normalise_form_name(label), target


def _build_index(table: FormTable) -> dict[str, NameTarget]:
    """Every name → its form; a name may not point at two forms or be both plain and vague."""
    index: dict[str, NameTarget] = {}
    for key, target in _entries(table):
        if not key:
            raise ValueError(f"'{target.label}' is empty once 'magnesium' is removed")
        known = index.get(key)
        if known is None:
            index[key] = target
        elif known.form_id != target.form_id or known.ambiguous != target.ambiguous:
            raise ValueError(
                f"the name '{target.label}' would match both '{known.label}' "
                f"({known.form_id}) and {target.form_id}"
            )
    return index


def valid_forms_hint(table: FormTable) -> str:
    families = ", ".join(dict.fromkeys(form.family for form in table.forms))
    return (
        f"Known forms: {families} (for example 'magnesium glycinate', 'Epsom salt'). "
        f"Form ids: {', '.join(table.ids)}."
    )
