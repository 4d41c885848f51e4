"""Every value in lab_schedule.yaml, pinned; how each is backed; broken copies are refused.

Changing a number in lab_schedule.yaml must fail a test here: update the expected table on
purpose, bump knowledge/VERSION and add a "Rules changed" line to the changelog.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from importlib.resources import as_file, files
from pathlib import Path
from typing import Any

import pytest
import yaml

from magnerve.domain.lab_schedule import LabScheduleSettings
from magnerve.errors import KnowledgeError
from magnerve.knowledge import load
from magnerve.knowledge.load import (
    check_citations,
    load_citations,
    load_lab_schedule,
    load_labs,
    load_rules,
    load_yaml_model,
)

SETTINGS = load_lab_schedule()


def test_timing_pinned() -> None:
    timing = SETTINGS.timing
    assert {
        name: (getattr(timing, name).value, getattr(timing, name).unit, getattr(timing, name).basis)
        for name in ("lead_days", "grace_days", "baseline_lookback_days")
    } == {
        "lead_days": (14, "d", "product rule"),
        "grace_days": (30, "d", "product rule"),
        "baseline_lookback_days": (90, "d", "product rule"),
    }


def test_magnesium_interval_pinned_and_cited() -> None:
    interval = SETTINGS.magnesium_interval_months
    assert (interval.default, interval.low, interval.high, interval.unit) == (3, 2, 6, "months")
    assert (interval.basis, interval.evidence) == ("product rule", None)
    assert [c.ref for c in interval.citations] == [
        "emc-12118-magnesium-kora",
        "emc-11577-magnesium-glycerophosphate",
    ]
    assert all("3-6 months" in c.locator for c in interval.citations)
    # The consumer 2-3 months is named as the lower bound only, with no citation id behind it
    assert "2 to 3" in interval.note and "not cited" in interval.note
    assert "3 to 6 months" in interval.note


#: analyte → (name, results_from, applies_when, every_months, baseline, basis, evidence, refs)
TESTS: dict[str, tuple[object, ...]] = {
    "serum-magnesium": (
        "blood magnesium", ("serum-magnesium",), "supplementing_magnesium",
        "monitoring_interval", True, "cited", "primary",
        ["emc-12118-magnesium-kora", "emc-11577-magnesium-glycerophosphate"],
    ),
    "creatinine": (
        "kidney function (creatinine and eGFR)", ("creatinine", "egfr"), "supplementing_magnesium",
        "monitoring_interval", True, "product rule", None,
        ["emc-12118-magnesium-kora", "nice-esuom4", "iom-1997-dri-ca-p-mg-vitd-f"],
    ),
    "vitamin-b12": (
        "vitamin B12", ("vitamin-b12",), "on_metformin", 12, False, "product rule", None,
        ["ada-2026-ch12", "alvarez-2025-metformin-b12", "kancherla-2017-metformin-b12"],
    ),
    "hba1c": (
        "HbA1c", ("hba1c",), "has_diabetes", 6, False, "cited", "secondary",
        ["ada-2022-ch6-glycemic-targets"],
    ),
}  # fmt: skip


def test_every_scheduled_test_pinned() -> None:
    actual = {
        t.analyte: (t.name, t.results_from, t.applies_when, t.every_months, t.baseline, t.basis,
                    t.evidence, [c.ref for c in t.citations])
        for t in SETTINGS.tests
    }  # fmt: skip
    assert actual == TESTS
    assert list(actual) == list(TESTS)  # the order breaks ties on the same due date


def test_the_yearly_b12_and_six_monthly_hba1c_say_what_is_ours() -> None:
    tests = {t.analyte: t for t in SETTINGS.tests}
    b12, hba1c = tests["vitamin-b12"], tests["hba1c"]
    assert "gives no interval" in b12.note and "magnerve's" in b12.note
    assert "periodic" in b12.note
    assert "twice a year" in hba1c.note and "quarterly" in hba1c.note
    assert "Confirmed:" in hba1c.note and "Not confirmed:" in hba1c.note
    assert "spacing is magnerve's" in hba1c.note


def test_every_analyte_is_a_lab_test_magnerve_knows() -> None:
    known = {a.id for a in load_labs().analytes}
    for test in SETTINGS.tests:
        assert set(test.results_from) <= known, test.analyte


def test_b12_interval_matches_the_monitoring_rules_look_back() -> None:
    b12 = next(t for t in SETTINGS.tests if t.analyte == "vitamin-b12")
    rules = {r.id: r for r in load_rules().rules}
    for rule_id in ("B12-MON-METFORMIN", "B12-MON-METFORMIN-NO-NEUROPATHY"):
        look_back = rules[rule_id].applies_when.no_recent_lab
        assert look_back is not None and look_back.within_days == 365
    assert b12.every_months == 12


def test_the_longest_magnesium_interval_is_the_rules_six_month_look_back() -> None:
    """Both take the SmPC's upper bound: 6 months here, 183 days in the renal monitoring rule."""
    rule = next(r for r in load_rules().rules if r.id == "MG-MON-SERUM-MG-RENAL")
    look_back = rule.applies_when.no_recent_lab
    assert look_back is not None and look_back.within_days == 183
    assert SETTINGS.magnesium_interval_months.high == 6


def test_every_ref_resolves_and_primary_means_primary() -> None:
    citations = load_citations()
    check_citations("lab_schedule.yaml", SETTINGS, citations)
    for test in SETTINGS.tests:
        if test.evidence == "primary":
            assert any(citations[c.ref].evidence == "primary" for c in test.citations)
    assert citations["ada-2022-ch6-glycemic-targets"].evidence == "secondary"


def test_reasons_are_plain_and_free_of_citation_ids() -> None:
    for test in SETTINGS.tests:
        assert test.reason and test.reason[0].isupper() and test.reason.endswith(".")
        assert not any(c.ref in test.reason for c in test.citations)


def test_loaded_once_and_validated_at_start_up() -> None:
    assert load_lab_schedule() is load_lab_schedule()
    assert load.validate_knowledge() == load.knowledge_version()


# --- broken copies are refused -------------------------------------------------------------------


@pytest.fixture
def root(tmp_path: Path) -> Path:
    for name in ("citations.yaml", "lab_schedule.yaml"):
        with as_file(files("magnerve.knowledge").joinpath(name)) as source:
            shutil.copy(source, tmp_path / name)
    return tmp_path


def _broken(root: Path, change: Callable[[dict[str, Any]], None]) -> str:
    path = root / "lab_schedule.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(KnowledgeError) as info:
        load_yaml_model("lab_schedule.yaml", LabScheduleSettings, root=root)
    return info.value.message


def test_an_untouched_copy_loads(root: Path) -> None:
    assert load_yaml_model("lab_schedule.yaml", LabScheduleSettings, root=root) == SETTINGS


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d["magnesium_interval_months"].update(default=7), "must lie within 2–6"),
        (lambda d: d["magnesium_interval_months"].update(unit="weeks"), "unit"),
        (lambda d: d["timing"]["grace_days"].update(value=0), "greater than 0"),
        (lambda d: d["timing"]["lead_days"].pop("note"), "note"),
        (lambda d: d["tests"][0].update(results_from=["creatinine"]), "must include"),
        (lambda d: d["tests"][2].update(baseline=True), "only supplementing_magnesium"),
        (lambda d: d["tests"][2].update(every_months=0), "every_months must be 1 to 60"),
        (lambda d: d["tests"][2].update(every_months="yearly"), "every_months"),
        (lambda d: d["tests"][1].update(analyte="serum-magnesium",
                                        results_from=["serum-magnesium"]), "only once"),
        (lambda d: d["tests"][3].update(applies_when="on_insulin"), "applies_when"),
        (lambda d: d["tests"][3].pop("evidence"), "needs citations and evidence"),
        (lambda d: d["tests"][2].update(evidence="secondary"), "no evidence grade"),
    ],
)  # fmt: skip
def test_broken_copies_are_refused(
    root: Path, change: Callable[[dict[str, Any]], None], expected: str
) -> None:
    message = _broken(root, change)
    assert message.startswith("lab_schedule.yaml: ")
    assert expected in message


def test_a_dangling_citation_is_refused(root: Path) -> None:
    message = _broken(root, lambda d: d["tests"][0]["citations"][0].update(ref="no-such-source"))
    assert "tests[0].citations[0].ref" in message
    assert "'no-such-source' is not in citations.yaml" in message
