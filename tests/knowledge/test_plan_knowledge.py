"""Every value in plan.yaml, pinned; how each is backed; agreement with the rules; broken copies.

Changing a number in plan.yaml must fail a test here: update the expected table on purpose,
bump knowledge/VERSION and add a "Rules changed" line to the changelog.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from importlib.resources import as_file, files
from pathlib import Path

import pytest

from magnerve.domain.plan_settings import (
    PlanBacking,
    PlanClock,
    PlanCount,
    PlanFlag,
    PlanNumber,
    PlanRange,
    PlanSettings,
)
from magnerve.errors import KnowledgeError
from magnerve.knowledge.load import (
    load_citations,
    load_plan_settings,
    load_rules,
    load_targets,
    load_yaml_model,
)

SETTINGS = load_plan_settings()

#: path in plan.yaml → (value, unit, basis)
PINNED: dict[str, tuple[object, str | None, str]] = {
    "splitting.per_dose_cap_mg": (175, "mg", "product rule"),
    "splitting.take_with_food": (True, None, "product rule"),
    "splitting.min_hours_between_doses": (4, "h", "product rule"),
    "grid.step_minutes": (15, "min", "product rule"),
    "grid.waking_from": ("06:00", None, "product rule"),
    "grid.waking_until": ("22:30", None, "product rule"),
    "titration.start_mg_per_day": ((150, 200), "mg/day", "product rule"),
    "titration.loael_mg_per_day": (360, "mg/day", "cited"),
    "titration.step_every_days": (14, "d", "product rule"),
    "titration.step_mg": (50, "mg/day", "product rule"),
    "titration.cap_at_supplemental_ul": (True, None, "product rule"),
    "titration.diarrhoea_step_back_steps": (1, "steps", "product rule"),
    "titration.plausible_max_mg_per_day": (2000, "mg/day", "product rule"),
}


def _values(settings: PlanSettings) -> Iterator[tuple[str, PlanBacking]]:
    for group in ("splitting", "grid", "titration"):
        section = getattr(settings, group)
        for name in type(section).model_fields:
            yield f"{group}.{name}", getattr(section, name)


def _plain(value: PlanBacking) -> tuple[object, str | None, str]:
    if isinstance(value, PlanRange):
        return (value.low, value.high), value.unit, value.basis
    if isinstance(value, PlanNumber | PlanCount):
        return value.value, value.unit, value.basis
    assert isinstance(value, PlanFlag | PlanClock)
    return value.value, None, value.basis


def test_every_value_is_pinned() -> None:
    assert {path: _plain(value) for path, value in _values(SETTINGS)} == PINNED


@pytest.mark.parametrize("path", sorted(PINNED))
def test_each_value_is_backed(path: str) -> None:
    value = dict(_values(SETTINGS))[path]
    citations = load_citations()
    assert value.note.strip()
    assert all(ref.ref in citations for ref in value.citations)
    if value.basis == "cited":
        assert value.citations and value.evidence == "primary"
        assert any(citations[ref.ref].evidence == "primary" for ref in value.citations)
    else:
        assert value.evidence is None


def test_cited_values_are_the_iom_numbers() -> None:
    loael = SETTINGS.titration.loael_mg_per_day
    assert loael.value == 360
    assert [(c.ref, c.locator) for c in loael.citations] == [
        ("iom-1997-dri-ca-p-mg-vitd-f", "p.244")
    ]


def test_per_dose_cap_agrees_with_the_single_dose_rule() -> None:
    rules = {rule.id: rule for family in load_rules().families for rule in family.rules}
    threshold = rules["MG-SE-GI-SINGLE-DOSE"].applies_when.single_dose_above_mg
    assert threshold == SETTINGS.splitting.per_dose_cap_mg.value == SETTINGS.per_dose_cap_mg


def test_per_dose_cap_is_half_the_adult_supplemental_limit() -> None:
    rows = load_targets().magnesium_supplement_ul.rows
    adult = next(r for r in rows if r.applies("male", "none", 40))
    assert adult.value == 350
    assert SETTINGS.per_dose_cap_mg == adult.value / 2
    assert "175" in SETTINGS.splitting.per_dose_cap_mg.note


def test_the_starting_range_sits_below_the_loael_and_the_limit() -> None:
    titration = SETTINGS.titration
    assert titration.start_mg_per_day.high < titration.loael_mg_per_day.value
    assert titration.start_mg_per_day.high < 350
    assert "issue" in titration.start_mg_per_day.note  # says where the range comes from


def test_derived_numbers() -> None:
    assert SETTINGS.min_gap_minutes == 240
    assert SETTINGS.grid.waking_from.minute == 6 * 60
    assert SETTINGS.grid.waking_until.minute == 22 * 60 + 30
    # The night (22:30 to 06:00, 7.5 h) is longer than the gap between doses.
    assert 24 * 60 - (SETTINGS.grid.waking_until.minute - SETTINGS.grid.waking_from.minute) >= 240


def test_loaded_once() -> None:
    assert load_plan_settings() is load_plan_settings()


# --- broken copies --------------------------------------------------------------------------------


@pytest.fixture
def root(tmp_path: Path) -> Iterator[Path]:
    package = files("magnerve.knowledge")
    for name in ("plan.yaml", "citations.yaml"):
        with as_file(package.joinpath(name)) as source:
            shutil.copy(source, tmp_path / name)
    yield tmp_path


def _edit(root: Path, old: str, new: str) -> None:
    path = root / "plan.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _load(root: Path) -> PlanSettings:
    return load_yaml_model("plan.yaml", PlanSettings, root=root)


def test_an_untouched_copy_loads(root: Path) -> None:
    assert _load(root) == SETTINGS


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('value: "06:00"', 'value: "23:00"', "waking_from must be before"),
        ('value: "06:00"', 'value: "6am"', "String should match pattern"),
        ("value: 15\n", "value: 7\n", "step_minutes must divide a day"),
        ("low: 150\n    high: 200", "low: 150\n    high: 360", "below the LOAEL"),
        ("low: 150\n    high: 200", "low: 250\n    high: 200", "must not be above high"),
        ("value: 360\n    unit: mg/day\n    basis: cited\n    evidence: primary",
         "value: 360\n    unit: mg/day\n    basis: cited", "needs citations and evidence"),
        ("value: 14\n    unit: d\n    basis: product rule",
         "value: 14\n    unit: d\n    basis: product rule\n    evidence: secondary",
         "no evidence grade"),
        ("value: 4\n    unit: h", "value: 10\n    unit: h", "night outside the waking window"),
        ("value: 175\n", "value: 175\n    colour: red\n", "Extra inputs are not permitted"),
        ("value: 175\n", 'value: "175"\n', "Input should be a valid number"),
        ("{ref: nice-esuom4,", "{ref: nice-no-such-thing,", "is not in citations.yaml"),
    ],
)  # fmt: skip
def test_broken_copies_are_refused(root: Path, old: str, new: str, message: str) -> None:
    _edit(root, old, new)
    with pytest.raises(KnowledgeError) as error:
        _load(root)
    assert error.value.message.startswith("plan.yaml")
    assert message in error.value.message
