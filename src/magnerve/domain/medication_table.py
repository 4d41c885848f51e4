"""The shipped medicines table: class vocabulary, ingredients, combination brands, terms. Pure.

``knowledge/medications.yaml`` is read into :class:`MedicationTable`, which checks it (each class
once, implied classes present, no name pointing at two medicines, combinations made of carried
ingredients) and indexes every name for :func:`magnerve.domain.medications.recognize`.
Import these names from :mod:`magnerve.domain.medications`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal, get_args

from pydantic import Field, PrivateAttr, model_validator

from magnerve.domain.medication_text import IGNORABLE, close_keys, fold, key
from magnerve.domain.reference import CitationRef, KnowledgeModel

MedicationClass = Literal[
    "bisphosphonate",
    "tetracycline",
    "fluoroquinolone",
    "thyroid_hormone",
    "gabapentinoid",
    "integrase_inhibitor",
    "penicillamine",
    "mycophenolate",
    "loop_diuretic",
    "thiazide_diuretic",
    "potassium_sparing_diuretic",
    "proton_pump_inhibitor",
    "cardiac_glycoside",
    "calcium_channel_blocker",
    "ace_inhibitor",
    "angiotensin_receptor_blocker",
    "beta_blocker",
    "aminoglycoside",
    "sglt2_inhibitor",
    "biguanide",
    "insulin",
    "sulfonylurea",
    "dpp4_inhibitor",
    "glp1_receptor_agonist",
    "snri",
    "tricyclic_antidepressant",
    "antihypertensive",
    "antacid_or_laxative_magnesium",
]
#: Every class id, in the order used for ``classes`` in results.
MEDICATION_CLASSES: tuple[str, ...] = get_args(MedicationClass)
_INGREDIENT = r"^[a-z][a-z0-9]*(?:[ -][a-z0-9]+)*$"


class ClassInfo(KnowledgeModel):
    """One medicine class: a plain description, and classes every member must also carry."""

    id: MedicationClass
    name: str = Field(min_length=1)
    description: str = Field(min_length=1)
    implies: tuple[MedicationClass, ...] = ()
    citations: tuple[CitationRef, ...] = ()


class MagnesiumContent(KnowledgeModel):
    """The magnesium compound in an antacid or laxative ingredient.

    ``elemental_mg_per_unit`` is given only when it is computed from a stated amount of the
    compound per unit and its formula (``basis: computed``); otherwise it is null.
    """

    compound: str = Field(min_length=1)
    formula: str | None = None
    compound_mg_per_unit: float | None = Field(default=None, gt=0)
    elemental_mg_per_unit: float | None = Field(default=None, gt=0)
    unit: str | None = None
    basis: Literal["computed"] | None = None
    note: str = Field(min_length=1)

    @model_validator(mode="after")
    def _computed_from_the_formula(self) -> MagnesiumContent:
        parts = (self.compound_mg_per_unit, self.unit, self.basis)
        if self.elemental_mg_per_unit is None:
            if any(p is not None for p in parts):
                raise ValueError(
                    "compound_mg_per_unit, unit and basis go with elemental_mg_per_unit"
                )
            return self
        if self.compound_mg_per_unit is None or self.unit is None or self.formula is None:
            raise ValueError("elemental_mg_per_unit needs formula, compound_mg_per_unit and unit")
        if self.basis != "computed":
            raise ValueError("elemental_mg_per_unit must be marked basis: computed")
        expected = self.compound_mg_per_unit * magnesium_fraction(self.formula)
        if abs(expected - self.elemental_mg_per_unit) > 0.05:
            raise ValueError(
                f"elemental_mg_per_unit {self.elemental_mg_per_unit:g} does not match "
                f"{self.compound_mg_per_unit:g} mg of {self.formula} ({expected:.2f} mg)"
            )
        return self


def magnesium_fraction(formula: str) -> float:
    """Mass fraction of magnesium in ``formula`` (molmass notation), e.g. 0.417 for Mg(OH)2."""
    from molmass import Formula  # lazy: only knowledge validation needs it

    composition = Formula(formula).composition()
    if "Mg" not in composition:
        raise ValueError(f"formula {formula} contains no magnesium")
    return float(composition["Mg"].fraction)


class Medication(KnowledgeModel):
    """One active ingredient. ``rxnorm`` is the RxNorm ingredient code, or null if unchecked."""

    ingredient: str = Field(pattern=_INGREDIENT)
    classes: tuple[MedicationClass, ...] = Field(min_length=1)
    brands: tuple[str, ...] = ()
    other_names: tuple[str, ...] = ()
    rxnorm: str | None = Field(pattern=r"^[1-9][0-9]*$")
    magnesium: MagnesiumContent | None = None
    note: str | None = None
    citations: tuple[CitationRef, ...] = ()


class Combination(KnowledgeModel):
    """A brand with several ingredients; ``other_ingredients`` are ones magnerve does not carry."""

    brand: str = Field(min_length=1)
    ingredients: tuple[str, ...] = Field(min_length=1)
    other_ingredients: tuple[str, ...] = ()
    note: str | None = None


class GeneralTerm(KnowledgeModel):
    """A word naming a kind of medicine rather than one ingredient ("insulin")."""

    term: str = Field(min_length=1)
    classes: tuple[MedicationClass, ...] = Field(min_length=1)
    note: str = Field(min_length=1)


@dataclass(frozen=True)
class Target:
    """What one shipped name points at."""

    display: str
    kind: Literal["generic", "brand", "term"]
    ingredients: tuple[str, ...]
    classes: frozenset[str]
    not_checked: tuple[str, ...] = ()
    note: str | None = None


@dataclass(frozen=True)
class Found:
    """A name found at a word position; ``typed`` is set when it was read as a misspelling."""

    position: int
    target: Target
    typed: str | None = None


class MedicationTable(KnowledgeModel):
    """``knowledge/medications.yaml``: the class vocabulary, ingredients, combinations, terms."""

    classes: tuple[ClassInfo, ...]
    medications: tuple[Medication, ...] = Field(min_length=1)
    combinations: tuple[Combination, ...] = ()
    terms: tuple[GeneralTerm, ...] = ()
    _index: dict[str, Target] = PrivateAttr(default_factory=dict)
    _by_ingredient: dict[str, Medication] = PrivateAttr(default_factory=dict)
    _longest: int = PrivateAttr(default=1)

    @model_validator(mode="after")
    def _check_and_index(self) -> MedicationTable:
        ids = [c.id for c in self.classes]
        if len(set(ids)) != len(ids) or set(ids) != set(MEDICATION_CLASSES):
            missing = sorted(set(MEDICATION_CLASSES) - set(ids))
            raise ValueError(f"classes must list each class id once (missing: {missing})")
        info = {c.id: c for c in self.classes}
        by_ingredient: dict[str, Medication] = {}
        for med in self.medications:
            where = f"medication '{med.ingredient}'"
            if med.ingredient in by_ingredient:
                raise ValueError(f"{where} is listed twice")
            if len(set(med.classes)) != len(med.classes):
                raise ValueError(f"{where} repeats a class")
            for cls in med.classes:
                for needed in info[cls].implies:
                    if needed not in med.classes:
                        raise ValueError(f"{where} has class {cls}, so it needs {needed} too")
            if ("antacid_or_laxative_magnesium" in med.classes) != (med.magnesium is not None):
                raise ValueError(f"{where}: 'magnesium' goes with antacid_or_laxative_magnesium")
            by_ingredient[med.ingredient] = med
        index: dict[str, Target] = {}

        def add(name: str, target: Target, where: str) -> None:
            name_key = key(name)
            if not name_key or name_key in IGNORABLE:
                raise ValueError(f"{where}: '{name}' has no distinctive word to match")
            if name_key in index:
                raise ValueError(
                    f"{where}: '{name}' is already a name of {index[name_key].display}"
                )
            index[name_key] = target

        for med in self.medications:
            classes = frozenset(med.classes)
            ingredients = (med.ingredient,)
            where = f"medication '{med.ingredient}'"
            add(med.ingredient, Target(med.ingredient, "generic", ingredients, classes), where)
            for other in med.other_names:
                add(other, Target(other, "generic", ingredients, classes), where)
            for brand in med.brands:
                add(brand, Target(brand, "brand", ingredients, classes), where)
        for combo in self.combinations:
            where = f"combination '{combo.brand}'"
            unknown = [i for i in combo.ingredients if i not in by_ingredient]
            if unknown:
                raise ValueError(f"{where}: {unknown} not in medications")
            carried = [i for i in combo.other_ingredients if i in by_ingredient]
            if carried:
                raise ValueError(f"{where}: {carried} are carried; list them under ingredients")
            everything = combo.ingredients + combo.other_ingredients
            if len(everything) < 2 or len(set(everything)) != len(everything):
                raise ValueError(f"{where} needs two or more different ingredients")
            classes = frozenset(c for i in combo.ingredients for c in by_ingredient[i].classes)
            target = Target(
                combo.brand,
                "brand",
                combo.ingredients,
                classes,
                combo.other_ingredients,
                combo.note,
            )
            add(combo.brand, target, where)
        for term in self.terms:
            target = Target(term.term, "term", (), frozenset(term.classes), (), term.note)
            add(term.term, target, f"term '{term.term}'")
        self._index = index
        self._by_ingredient = by_ingredient
        self._longest = max(len(k.split()) for k in index)
        return self

    def get(self, ingredient: str) -> Medication | None:
        """The entry for an ingredient (any case), or None."""
        return self._by_ingredient.get(fold(ingredient))

    def class_info(self, class_id: str) -> ClassInfo:
        return next(c for c in self.classes if c.id == class_id)

    def classes_of(self, ingredients: Iterable[str]) -> tuple[str, ...]:
        """The classes of these ingredients, in vocabulary order; unknown ones add nothing."""
        found = {c for i in ingredients if (m := self.get(i)) is not None for c in m.classes}
        return tuple(c for c in MEDICATION_CLASSES if c in found)

    def scan(self, words: list[str]) -> tuple[list[Found], list[tuple[int, list[str]]]]:
        """Exact names in ``words``, longest first; then the runs of words left unexplained,
        each with the position of its first word."""
        used = [False] * len(words)
        hits: list[Found] = []
        for size in range(min(self._longest, len(words)), 0, -1):
            for start in range(len(words) - size + 1):
                if any(used[start : start + size]):
                    continue
                target = self._index.get(" ".join(words[start : start + size]))
                if target is not None:
                    hits.append(Found(start, target))
                    used[start : start + size] = [True] * size
        runs: list[tuple[int, list[str]]] = []
        for position, (word, taken) in enumerate(zip(words, used, strict=True)):
            if taken or word in IGNORABLE:
                continue
            if runs and runs[-1][0] + len(runs[-1][1]) == position:
                runs[-1][1].append(word)
            else:
                runs.append((position, [word]))
        return hits, runs

    def closest(self, query: str) -> tuple[Target | None, tuple[str, ...]]:
        """One target for a misspelling, or None plus the near names when they disagree."""
        near = close_keys(query, self._index)
        distinct = {(t.ingredients, t.classes) for t in near.values()}
        if len(distinct) == 1:
            return next(iter(near.values())), ()
        return None, tuple(sorted(t.display for t in near.values()))
