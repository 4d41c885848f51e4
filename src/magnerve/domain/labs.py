"""Laboratory results: units, conversion, and reading a result against cited limits. Pure.

The tests, their units, ranges and alert levels are knowledge (``knowledge/labs.yaml``, loaded
by ``magnerve.knowledge.load.load_labs``) and arrive as a :class:`LabTable` argument::

    table = load_labs()
    reading = interpret("serum-magnesium", 1.7, "mg/dL", table)   # flag "low"

How a result is judged
    A limit is converted into the unit of the result and rounded to the decimals labs print in
    that unit (the unit's ``decimals``), then compared. So the IOM range, printed as
    0.75–0.95 mmol/L (1.8–2.3 mg/dL), is also 1.8–2.3 mg/dL here: 1.8 mg/dL is normal.

Flags
    ``low`` / ``high``: outside the reference range. ``critical-low`` / ``critical-high``: at a
    level where the cited sources describe symptoms or signs (a product rule; see the YAML).
    ``None``: no range applies (creatinine, HbA1c; eGFR gets its KDIGO category in ``stage``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict

from magnerve.domain.cited import Band
from magnerve.domain.kidney import describe_stage, kdigo_stage
from magnerve.domain.lab_tests import (
    UNITS,
    Analyte,
    LabTable,
    LabUnit,
    LoincCode,
    normalise_unit,
    round_as_printed,
)
from magnerve.domain.reference import CitationRef
from magnerve.errors import InvalidInput, Problems

Flag = Literal["low", "normal", "high", "critical-low", "critical-high"]

_CHECK_HINT = "Check the number and the unit on the lab report."


class LabReading(BaseModel):
    """One result, converted to the canonical unit and read against the cited limits."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    analyte: str
    name: str
    value: float
    unit: str
    canonical_value: float
    canonical_unit: str
    flag: Flag | None
    stage: str | None = None
    #: The range the result was read against, in words and in its unit (also in ``notes``).
    reference_range: str | None = None
    notes: list[str]
    citations: list[str]


# --- numbers and limits in a unit ----------------------------------------------------------------


def _fmt(value: float, decimals: int) -> str:
    text = f"{round_as_printed(value, decimals):.{decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _with_unit(number: str, unit: str) -> str:
    return f"{number}{unit}" if unit == "%" else f"{number} {unit}"


@dataclass(frozen=True)
class _Ends:
    """A band's ends in the unit of a result, rounded as labs print that unit."""

    above: float | None
    at_least: float | None
    below: float | None
    at_most: float | None
    unit: LabUnit

    def under(self, value: float) -> bool:
        return (self.at_least is not None and value < self.at_least) or (
            self.above is not None and value <= self.above
        )

    def over(self, value: float) -> bool:
        return (self.at_most is not None and value > self.at_most) or (
            self.below is not None and value >= self.below
        )

    def contains(self, value: float) -> bool:
        return not self.under(value) and not self.over(value)

    def words(self) -> str:
        def show(x: float) -> str:
            return _fmt(x, self.unit.decimals)

        lower = self.at_least if self.at_least is not None else self.above
        upper = self.at_most if self.at_most is not None else self.below
        if lower is not None and upper is not None:
            joined = {
                (True, True): f"{show(lower)}–{show(upper)}",
                (True, False): f"{show(lower)} to under {show(upper)}",
                (False, True): f"over {show(lower)} up to {show(upper)}",
                (False, False): f"between {show(lower)} and {show(upper)}",
            }[(self.at_least is not None, self.at_most is not None)]
            return _with_unit(joined, self.unit.unit)
        if lower is not None:
            amount = _with_unit(show(lower), self.unit.unit)
            return f"{amount} or more" if self.at_least is not None else f"above {amount}"
        assert upper is not None  # a band has at least one end
        amount = _with_unit(show(upper), self.unit.unit)
        return f"below {amount}" if self.below is not None else f"{amount} or less"


def _ends(analyte: Analyte, band: Band, unit: LabUnit) -> _Ends:
    source = analyte.unit(band.unit)
    assert source is not None  # checked when the table was loaded

    def move(end: float | None) -> float | None:
        if end is None or source is unit:
            return end
        return round_as_printed(unit.from_canonical(source.to_canonical(end)), unit.decimals)

    return _Ends(move(band.above), move(band.at_least), move(band.below), move(band.at_most), unit)


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    number = float(value)
    return number if math.isfinite(number) else None


# --- public functions ----------------------------------------------------------------------------


def find_analyte(table: LabTable, key: str) -> Analyte:
    """The analyte with this id (any case) or LOINC code; else :class:`InvalidInput`."""
    wanted = key.strip().lower() if isinstance(key, str) else None
    for analyte in table.analytes:
        if wanted == analyte.id or wanted in {c.code for c in analyte.loinc}:
            return analyte
    known = ", ".join(a.id for a in table.analytes)
    raise InvalidInput(f"unknown lab test '{key}'", field="analyte", hint=f"Known tests: {known}.")


def _unit_of(analyte: Analyte, text: str, field: str) -> LabUnit:
    try:
        found = analyte.unit(normalise_unit(text))
    except InvalidInput:
        found = None
    if found is None:
        allowed = ", ".join(u.unit for u in analyte.units)
        raise InvalidInput(
            f"{analyte.name} is not given in '{text}'", field=field, hint=f"Use one of: {allowed}."
        )
    return found


def convert(analyte: Analyte, value: float, from_unit: str, to_unit: str) -> float:
    """``value`` in ``from_unit`` expressed in ``to_unit`` (both units of ``analyte``)."""
    problems = Problems()
    number = _number(value)
    if number is None:
        problems.add("value", f"value must be a number, not {value!r}")
    units: list[LabUnit] = []
    for field, text in (("from_unit", from_unit), ("to_unit", to_unit)):
        try:
            units.append(_unit_of(analyte, text, field))
        except InvalidInput as error:
            problems.add(field, error.message)
    allowed = ", ".join(u.unit for u in analyte.units)
    problems.raise_if_any(hint=f"{analyte.name} units: {allowed}.")
    assert number is not None  # for mypy
    source, target = units
    if source is target:
        return number
    return target.from_canonical(source.to_canonical(number))


def plausible_range(analyte: Analyte, unit: str) -> tuple[float, float]:
    """The lowest and highest result magnerve accepts in ``unit`` (rounded as labs print it)."""
    ends = _ends(analyte, analyte.plausible, _unit_of(analyte, unit, "unit"))
    assert ends.at_least is not None and ends.at_most is not None  # checked at load
    return ends.at_least, ends.at_most


def _check_plausible(analyte: Analyte, value: float, unit: LabUnit) -> None:
    ends = _ends(analyte, analyte.plausible, unit)
    if ends.contains(value):
        return
    given = _with_unit(f"{value:g}", unit.unit)
    others = [
        u.unit for u in analyte.units
        if u is not unit and _ends(analyte, analyte.plausible, u).contains(value)
    ]  # fmt: skip
    hint = _CHECK_HINT
    if others:
        hint += f" If the report says {_with_unit(f'{value:g}', others[0])}, give that unit."
    raise InvalidInput(
        f"{analyte.name} {given} is outside what a lab reports ({ends.words()})",
        field="value",
        hint=hint,
    )


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _judge(
    analyte: Analyte, value: float, unit: LabUnit
) -> tuple[Flag | None, str | None, list[str], list[CitationRef]]:
    flag: Flag | None = None
    range_words: str | None = None
    notes: list[str] = []
    refs: list[CitationRef] = list(unit.conversion.citations) if unit.conversion else []
    normal = analyte.reference_range
    if normal is not None:
        ends = _ends(analyte, normal, unit)
        flag = "low" if ends.under(value) else "high" if ends.over(value) else "normal"
        range_words = ends.words()
        notes.append(f"Reference range magnerve uses: {range_words}.")
        notes.extend([normal.text] if normal.text else [])
        refs.extend(normal.citations)
    critical: tuple[tuple[Flag, Band | None], ...] = (
        ("critical-low", analyte.critical_low),
        ("critical-high", analyte.critical_high),
    )
    for name, band in critical:
        if band is not None and (ends := _ends(analyte, band, unit)).contains(value):
            flag = name
            notes.insert(0, f"{_capital(ends.words())}: {band.text}")
            refs.extend(band.citations)
    for band in analyte.bands:
        if (ends := _ends(analyte, band, unit)).contains(value):
            notes.append(f"{_capital(ends.words())}: {band.text}")
            refs.extend(band.citations)
    for remark in analyte.remarks:
        notes.append(remark.text)
        refs.extend(remark.citations)
    return flag, range_words, notes, refs


def interpret(analyte_id: str, value: float, unit: str, table: LabTable) -> LabReading:
    """Read one result: convert it, flag it against the cited limits, and explain.

    Raises :class:`InvalidInput` naming ``analyte`` (unknown test), ``unit`` (not a unit of that
    test), or ``value`` (not a number, zero or less, or outside what a lab reports).
    """
    analyte = find_analyte(table, analyte_id)
    problems = Problems()
    number = _number(value)
    if number is None or number <= 0:
        problems.add("value", f"{analyte.name} must be a number above zero, not {value!r}")
    lab_unit: LabUnit | None = None
    try:
        lab_unit = _unit_of(analyte, unit, "unit")
    except InvalidInput as error:
        problems.add("unit", error.message)
    allowed = ", ".join(u.unit for u in analyte.units)
    problems.raise_if_any(hint=f"{_CHECK_HINT} {_capital(analyte.name)} units: {allowed}.")
    assert number is not None and lab_unit is not None  # for mypy
    _check_plausible(analyte, number, lab_unit)
    flag, range_words, notes, refs = _judge(analyte, number, lab_unit)
    canonical = lab_unit.to_canonical(number)
    stage = None
    if analyte.gives_kdigo_stage:
        stage = kdigo_stage(canonical, table.kidney)
        notes.insert(0, describe_stage(stage, table.kidney))
        refs = list(table.kidney.gfr_categories.citations) + refs
    return LabReading(
        analyte=analyte.id,
        name=analyte.name,
        value=number,
        unit=lab_unit.unit,
        canonical_value=canonical,
        canonical_unit=analyte.canonical_unit,
        flag=flag,
        stage=stage,
        reference_range=range_words,
        notes=notes,
        citations=list(dict.fromkeys(ref.ref for ref in refs)),
    )


__all__ = [
    "UNITS",
    "Analyte",
    "Flag",
    "LabReading",
    "LabTable",
    "LabUnit",
    "LoincCode",
    "convert",
    "find_analyte",
    "interpret",
    "normalise_unit",
    "plausible_range",
]
