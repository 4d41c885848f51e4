"""What magnerve knows about each lab test: codes, units and limits (the shape of ``labs.yaml``).

Pure: models and the unit vocabulary only. Reading a result against these limits is
``magnerve.domain.labs``.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from pydantic import Field, model_validator

from magnerve.domain.cited import Band, Cited, Remark
from magnerve.domain.kidney import KidneyKnowledge
from magnerve.domain.reference import CitationRef, KnowledgeModel
from magnerve.errors import InvalidInput

#: Every unit magnerve accepts for a lab result, spelt as it is stored and shown.
UNITS: tuple[str, ...] = (
    "mmol/L", "mg/dL", "mEq/L", "µmol/L", "nmol/L", "pmol/L", "pg/mL", "ng/L", "%", "mmol/mol",
    "mL/min/1.73m2",
)  # fmt: skip


def _unit_key(text: str) -> str:
    key = text.replace("\u00b5", "u").replace("\u03bc", "u")  # micro sign, Greek mu
    key = "".join(key.split()).casefold()
    key = key.replace("²", "2").replace("^2", "2").replace("1,73", "1.73")
    key = key.replace("micromol", "umol").replace("mcmol", "umol")
    return key.replace("litre", "l").replace("liter", "l")


_ALIASES = {_unit_key(unit): unit for unit in UNITS} | {"percent": "%"}


def normalise_unit(text: str) -> str:
    """The standard spelling of a unit: "MG/DL" → "mg/dL", "umol/l" → "µmol/L", "ml/min/1.73 m²"
    → "mL/min/1.73m2". An unknown unit raises :class:`InvalidInput` (field ``unit``)."""
    found = _ALIASES.get(_unit_key(text)) if isinstance(text, str) else None
    if found is None:
        raise InvalidInput(
            f"'{text}' is not a unit magnerve knows",
            field="unit",
            hint=f"Use one of: {', '.join(UNITS)}.",
        )
    return found


def round_as_printed(value: float, decimals: int) -> float:
    """``value`` rounded half-up to ``decimals``, as a lab prints it."""
    quantum = Decimal(1).scaleb(-decimals)
    return float(Decimal(repr(value)).quantize(quantum, rounding=ROUND_HALF_UP))


class LoincCode(KnowledgeModel):
    code: str = Field(pattern=r"^[0-9]{1,7}-[0-9]$")
    display: str = Field(min_length=1)
    citations: tuple[CitationRef, ...] = Field(min_length=1)


class LabUnit(KnowledgeModel):
    """A unit a result may come in: canonical value = value × factor + offset."""

    unit: str
    factor: float = Field(gt=0)
    offset: float = 0.0
    decimals: int = Field(ge=0, le=4)
    conversion: Cited | None = None

    def to_canonical(self, value: float) -> float:
        return value * self.factor + self.offset

    def from_canonical(self, value: float) -> float:
        return (value - self.offset) / self.factor

    @model_validator(mode="after")
    def _spelling(self) -> LabUnit:
        if _ALIASES.get(_unit_key(self.unit)) != self.unit:
            raise ValueError(f"write the unit '{self.unit}' as one of: {', '.join(UNITS)}")
        return self


class Analyte(KnowledgeModel):
    """One lab test: codes, units, and the limits a result is read against."""

    id: str = Field(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
    name: str = Field(min_length=1)
    loinc: tuple[LoincCode, ...] = Field(min_length=1)
    canonical_unit: str
    units: tuple[LabUnit, ...] = Field(min_length=1)
    plausible: Band
    reference_range: Band | None
    critical_low: Band | None = None
    critical_high: Band | None = None
    bands: tuple[Band, ...] = ()
    remarks: tuple[Remark, ...] = ()
    alternatives: tuple[Band, ...] = ()
    gives_kdigo_stage: bool = False

    def unit(self, spelling: str) -> LabUnit | None:
        return next((u for u in self.units if u.unit == spelling), None)

    @model_validator(mode="after")
    def _consistent(self) -> Analyte:
        spellings = [u.unit for u in self.units]
        if len(spellings) != len(set(spellings)):
            raise ValueError("each unit may be listed only once")
        canonical = self.unit(self.canonical_unit)
        if canonical is None or (canonical.factor, canonical.offset) != (1, 0):
            raise ValueError(f"the canonical unit {self.canonical_unit} needs factor 1, offset 0")
        for unit in self.units:
            if (unit is canonical) != (unit.conversion is None):
                raise ValueError(f"{unit.unit}: only non-canonical units carry a conversion")
        for name, band in self._named_bands():
            _check_band(self, name, band)
        plausible = self.plausible
        if plausible.basis != "product rule" or plausible.lower is None or plausible.upper is None:
            raise ValueError("plausible needs both ends and basis: product rule")
        if plausible.lower <= 0:
            raise ValueError("plausible values start above zero")
        if self.reference_range is None and not self.remarks:
            raise ValueError("without a reference range, a remark must say why")
        self._check_critical()
        return self

    def _named_bands(self) -> list[tuple[str, Band]]:
        named = [("plausible", self.plausible)]
        named += [(n, b) for n, b in (("reference_range", self.reference_range),
                  ("critical_low", self.critical_low), ("critical_high", self.critical_high))
                  if b is not None]  # fmt: skip
        named += [(f"bands[{i}]", b) for i, b in enumerate(self.bands)]
        return named + [(f"alternatives[{i}]", b) for i, b in enumerate(self.alternatives)]

    def _check_critical(self) -> None:
        low, high, normal = self.critical_low, self.critical_high, self.reference_range
        if (low or high) and normal is None:
            raise ValueError("critical levels need a reference range")
        if low is not None and (low.lower is not None or low.below is None or not low.text):
            raise ValueError("critical_low needs only 'below' and a text")
        if high is not None and (high.upper is not None or high.lower is None or not high.text):
            raise ValueError("critical_high needs only a lower end and a text")
        if low is not None and normal is not None and normal.lower is not None:
            reach = _raw(self, low.upper, low.unit) > _raw(self, normal.lower, normal.unit)
            if reach:
                raise ValueError("critical_low must not reach into the reference range")
        if high is not None and normal is not None and normal.upper is not None:
            reach = _raw(self, high.lower, high.unit) < _raw(self, normal.upper, normal.unit)
            if reach:
                raise ValueError("critical_high must not reach into the reference range")


def _raw(analyte: Analyte, value: float | None, unit: str) -> float:
    """``value`` in ``unit`` as a canonical value (unrounded). ``None`` only in bad data."""
    lab_unit = analyte.unit(unit)
    if value is None or lab_unit is None:  # pragma: no cover - guarded by the validators
        raise ValueError("missing value or unit")
    return lab_unit.to_canonical(value)


def _check_band(analyte: Analyte, name: str, band: Band) -> None:
    unit = analyte.unit(band.unit)
    if unit is None:
        raise ValueError(f"{name}: unit {band.unit} is not among this test's units")
    applied = not name.startswith("alternatives")  # alternatives are recorded, never compared
    for end in (band.above, band.at_least, band.below, band.at_most):
        if applied and end is not None and round_as_printed(end, unit.decimals) != end:
            raise ValueError(f"{name}: {end:g} has more decimals than {band.unit} allows")
    if name.startswith("bands") and not band.text:
        raise ValueError(f"{name} needs a text")


class LabTable(KnowledgeModel):
    """``labs.yaml``: the lab tests and the kidney-function knowledge."""

    analytes: tuple[Analyte, ...] = Field(min_length=1)
    kidney: KidneyKnowledge

    @model_validator(mode="after")
    def _unique(self) -> LabTable:
        ids = [a.id for a in self.analytes]
        codes = [c.code for a in self.analytes for c in a.loinc]
        if len(ids) != len(set(ids)):
            raise ValueError("each analyte id may appear only once")
        if len(codes) != len(set(codes)):
            raise ValueError("each LOINC code may appear only once")
        for analyte in self.analytes:
            if analyte.gives_kdigo_stage and (
                analyte.canonical_unit != self.kidney.gfr_categories.unit
            ):
                raise ValueError(f"{analyte.id}: KDIGO categories need {analyte.canonical_unit}")
        return self


__all__ = [
    "UNITS",
    "Analyte",
    "LabTable",
    "LabUnit",
    "LoincCode",
    "normalise_unit",
    "round_as_printed",
]
