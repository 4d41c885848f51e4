"""Cited values: a number's basis, evidence and sources, and cited bands of values. Pure.

Every value a clinician could question says where it comes from:

- ``basis: source`` — the number and its meaning are in the cited source;
- ``basis: computed`` — worked out here from cited constants (``note`` shows the working);
- ``basis: product rule`` — magnerve's own choice; ``note`` says why and any ``citations`` say
  what the sources do say.

A :class:`Band` is a stretch of values in one unit, written with the words a source uses:
``above`` or ``at_least`` for the lower end, ``below`` or ``at_most`` for the upper end.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from magnerve.domain.reference import CitationRef, Evidence, KnowledgeModel

Basis = Literal["source", "computed", "product rule"]


class Cited(KnowledgeModel):
    """Base for a value with its basis, evidence and citations."""

    basis: Basis
    evidence: Evidence | None = None
    citations: tuple[CitationRef, ...] = ()
    note: str | None = Field(default=None, min_length=1)

    @model_validator(mode="after")
    def _backed(self) -> Cited:
        if self.basis == "product rule":
            if not self.note:
                raise ValueError("a product rule needs a note saying why")
            return self
        if not self.citations:
            raise ValueError(f"a value with basis '{self.basis}' needs citations")
        if self.evidence is None:
            raise ValueError(f"a value with basis '{self.basis}' needs evidence")
        return self


class Remark(Cited):
    """A plain-words statement shown with a result."""

    text: str = Field(min_length=1)


class Band(Cited):
    """Values from a lower to an upper end (either may be open), in ``unit``.

    ``text`` is what magnerve tells the person when a result falls in the band (our own words).
    """

    unit: str = Field(min_length=1)
    above: float | None = None
    at_least: float | None = None
    below: float | None = None
    at_most: float | None = None
    text: str | None = Field(default=None, min_length=1)

    @model_validator(mode="after")
    def _ends(self) -> Band:
        if self.above is not None and self.at_least is not None:
            raise ValueError("give 'above' or 'at_least', not both")
        if self.below is not None and self.at_most is not None:
            raise ValueError("give 'below' or 'at_most', not both")
        lower, upper = self.lower, self.upper
        if lower is None and upper is None:
            raise ValueError("a band needs at least one end")
        if lower is not None and upper is not None and lower >= upper:
            raise ValueError(f"the lower end {lower:g} must be below the upper end {upper:g}")
        return self

    @property
    def lower(self) -> float | None:
        return self.at_least if self.at_least is not None else self.above

    @property
    def upper(self) -> float | None:
        return self.at_most if self.at_most is not None else self.below


__all__ = ["Band", "Basis", "Cited", "Remark"]
