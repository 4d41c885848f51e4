"""Cited reference values: sources, citations and age-banded tables. Pure: no I/O.

These models describe the shipped knowledge files (``knowledge/citations.yaml``,
``knowledge/targets.yaml``). ``magnerve.knowledge.load`` reads and validates the files; the
domain only receives the validated models.

Ages in a table are **exact ages in years** and a row applies when
``age_from <= age < age_to``. The DRI group "19–30 y" is written ``age_from: 19, age_to: 31``;
"7–12 mo" is ``age_from: 0.5, age_to: 1``. The oldest group ends at :data:`AGE_LIMIT` (121), so
every age up to and including 120 is covered.

Knowledge models are strict (no type coercion, unknown keys rejected) and immutable; sequences
are tuples (the loader reads YAML lists as tuples).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

#: Exclusive upper end of the oldest age band: ages 0 to 120 inclusive must be covered.
AGE_LIMIT = 121.0

Evidence = Literal["primary", "secondary"]
SexBand = Literal["any", "female", "male"]
State = Literal["none", "pregnant", "lactating"]
IntakeKind = Literal["RDA", "AI"]

SEXES: tuple[Literal["female", "male"], ...] = ("female", "male")

_ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"


class KnowledgeModel(BaseModel):
    """Base for everything read from the knowledge files: strict, closed, frozen."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


class CitationRef(KnowledgeModel):
    """A pointer from a value to a source in ``citations.yaml``, with where in the source."""

    ref: str = Field(pattern=_ID_PATTERN)
    locator: str = Field(min_length=1)


class Citation(KnowledgeModel):
    """One source. ``title`` in [square brackets] is our description where no title was seen."""

    id: str = Field(pattern=_ID_PATTERN)
    title: str = Field(min_length=1)
    authors: str | None = None
    organisation: str | None = None
    journal: str | None = None
    year: int | None = Field(ge=1900, le=2100)
    details: str | None = None
    pmid: str | None = Field(default=None, pattern=r"^[0-9]+$")
    doi: str | None = Field(default=None, pattern=r"^10\.[0-9]{4,9}/\S+$")
    url: str | None = Field(default=None, pattern=r"^https?://\S+$")
    locator: str | None = None
    evidence: Evidence
    note: str | None = None

    @model_validator(mode="after")
    def _findable(self) -> Citation:
        if self.organisation is None and self.journal is None:
            raise ValueError("give an organisation or a journal")
        if not (self.pmid or self.doi or self.url or self.locator):
            raise ValueError("give a pmid, doi or url, or a locator saying where the source is")
        return self


class CitationFile(KnowledgeModel):
    citations: tuple[Citation, ...] = Field(min_length=1)

    @field_validator("citations")
    @classmethod
    def _unique_ids(cls, value: tuple[Citation, ...]) -> tuple[Citation, ...]:
        seen: set[str] = set()
        for citation in value:
            if citation.id in seen:
                raise ValueError(f"citation id '{citation.id}' is used more than once")
            seen.add(citation.id)
        return value


class BandRow(KnowledgeModel):
    """One age band of a table, for one sex and physiological state."""

    age_from: float = Field(ge=0, lt=AGE_LIMIT)
    age_to: float = Field(gt=0, le=AGE_LIMIT)
    sex: SexBand
    state: State
    evidence: Evidence
    citations: tuple[CitationRef, ...] = Field(min_length=1)
    note: str | None = None

    @model_validator(mode="after")
    def _band(self) -> BandRow:
        if self.age_from >= self.age_to:
            raise ValueError(f"age_from {self.age_from:g} must be below age_to {self.age_to:g}")
        if self.state != "none" and self.sex != "female":
            raise ValueError(f"state '{self.state}' rows must have sex: female")
        return self

    def applies(self, sex: str, state: str, age: float) -> bool:
        return (
            self.sex in ("any", sex) and self.state == state and self.age_from <= age < self.age_to
        )

    @property
    def band_label(self) -> str:
        return band_label(self.age_from, self.age_to)


class IntakeRow(BandRow):
    """A recommended intake (RDA or AI) from all sources."""

    value: float = Field(gt=0)
    kind: IntakeKind


class LimitRow(BandRow):
    """A tolerable upper intake level; ``value: null`` means none was established."""

    value: float | None = Field(gt=0)

    @model_validator(mode="after")
    def _explain_missing(self) -> LimitRow:
        if self.value is None and not self.note:
            raise ValueError("a row without a value needs a note saying why")
        return self


class AlternativeValue(KnowledgeModel):
    """A value another body uses, recorded for reference but not applied by magnerve."""

    body: str = Field(min_length=1)
    value: float = Field(gt=0)
    age_from: float = Field(ge=0, lt=AGE_LIMIT)
    note: str = Field(min_length=1)
    evidence: Evidence
    citations: tuple[CitationRef, ...] = Field(min_length=1)


def _check_bands(rows: Sequence[BandRow]) -> None:
    """Rows must not overlap; each state's rows must be gap-free; state 'none' covers 0–120."""
    by_key: dict[tuple[str, str], list[tuple[int, BandRow]]] = {}
    for index, row in enumerate(rows):
        for one_sex in SEXES if row.sex == "any" else (row.sex,):
            by_key.setdefault((one_sex, row.state), []).append((index, row))
    for one_sex in SEXES:
        if (one_sex, "none") not in by_key:
            raise ValueError(f"no rows for sex {one_sex}, state none: ages 0–120 must be covered")
    for (sex, state), items in sorted(by_key.items()):
        items.sort(key=lambda item: (item[1].age_from, item[1].age_to))
        where = f"sex {sex}, state {state}"
        for (i, a), (j, b) in itertools.pairwise(items):
            if b.age_from < a.age_to:
                raise ValueError(
                    f"{where}: rows[{i}] ({a.band_label}) and rows[{j}] ({b.band_label}) overlap"
                )
            if b.age_from > a.age_to:
                raise ValueError(
                    f"{where}: gap between rows[{i}] ({a.band_label}) and rows[{j}] "
                    f"({b.band_label})"
                )

        if state == "none" and items[0][1].age_from != 0:
            raise ValueError(f"{where}: ages start at {items[0][1].age_from:g}, not 0")
        if state == "none" and items[-1][1].age_to != AGE_LIMIT:
            raise ValueError(f"{where}: ages end at {items[-1][1].age_to:g}, not {AGE_LIMIT:g}")


class IntakeTable(KnowledgeModel):
    unit: str = Field(min_length=1)
    covers: str = Field(min_length=1)
    rows: tuple[IntakeRow, ...] = Field(min_length=1)

    @field_validator("rows")
    @classmethod
    def _bands(cls, rows: tuple[IntakeRow, ...]) -> tuple[IntakeRow, ...]:
        _check_bands(rows)
        return rows


class LimitTable(KnowledgeModel):
    unit: str = Field(min_length=1)
    covers: str = Field(min_length=1)
    covers_citations: tuple[CitationRef, ...] = Field(min_length=1)
    alternatives: tuple[AlternativeValue, ...] = ()
    rows: tuple[LimitRow, ...] = Field(min_length=1)

    @field_validator("rows")
    @classmethod
    def _bands(cls, rows: tuple[LimitRow, ...]) -> tuple[LimitRow, ...]:
        _check_bands(rows)
        return rows


class TargetTable(KnowledgeModel):
    """``targets.yaml``: daily intake targets and the supplemental magnesium limit."""

    magnesium_rda: IntakeTable
    magnesium_supplement_ul: LimitTable
    vitamin_b12_rda: IntakeTable


def state_age_range(rows: Iterable[BandRow], sex: str, state: str) -> tuple[float, float] | None:
    """The lowest ``age_from`` and highest ``age_to`` of the rows for one sex and state."""
    spans = [(r.age_from, r.age_to) for r in rows if r.sex in ("any", sex) and r.state == state]
    if not spans:
        return None
    return min(s[0] for s in spans), max(s[1] for s in spans)


def band_label(age_from: float, age_to: float) -> str:
    """Human wording of ``[age_from, age_to)``: "19–30 years", "31 years and over", "0–6 months"."""
    if age_to >= AGE_LIMIT:
        return f"{age_from:g} years and over"
    if age_to <= 1:
        start = 0 if age_from == 0 else round(age_from * 12) + 1
        return f"{start}–{round(age_to * 12)} months"
    if float(age_from).is_integer() and float(age_to).is_integer():
        return f"{age_from:g}–{age_to - 1:g} years"
    return f"{age_from:g} to under {age_to:g} years"
