"""Every value in trial.yaml, pinned; how each is backed; the texts; broken copies.

Changing a number in trial.yaml must fail a test here: update the expected table on purpose,
bump knowledge/VERSION and add a "Rules changed" line to the changelog.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from importlib.resources import as_file, files
from pathlib import Path

import pytest

from magnerve.domain.cited import Cited
from magnerve.domain.trials import TrialClasses, TrialSettings
from magnerve.errors import KnowledgeError
from magnerve.knowledge import load as knowledge_load
from magnerve.knowledge.load import (
    load_citations,
    load_medications,
    load_trial_settings,
    load_yaml_model,
)

SETTINGS = load_trial_settings()
FARRAR, IMMPACT = "farrar-2001-pain-nrs", "dworkin-2008-immpact"

#: name in trial.yaml → (value, unit, basis, cited ids)
PINNED: dict[str, tuple[object, str | None, str, tuple[str, ...]]] = {
    "baseline_days": (7, "d", "product rule", ()),
    "window_days": (7, "d", "product rule", ()),
    "min_logged_days": (4, "d", "product rule", ()),
    "too_early_before_day": (28, "d", "product rule", ("pickering-2011-magnesium-pain",)),
    "final_from_day": (84, "d", "product rule", ("aan-2022-painful-dpn",)),
    "responder_points": (2.0, "points", "source", (FARRAR,)),
    "responder_percent": (30, "%", "source", (FARRAR, IMMPACT)),
    "partial_percent_min": (10, "%", "source", (IMMPACT,)),
    "worse_points": (2.0, "points", "product rule", (FARRAR,)),
    "worse_percent": (30, "%", "product rule", (FARRAR,)),
    "hba1c_change_pp": (0.5, "percentage points", "product rule", ()),
    "pain_medicine_classes": (
        ("gabapentinoid", "snri", "tricyclic_antidepressant"),
        None,
        "product rule",
        ("ada-2026-ch12", "aan-2022-painful-dpn"),
    ),
    "ci_level": (0.95, "fraction", "product rule", ()),
}


def _values(settings: TrialSettings) -> Iterator[tuple[str, Cited]]:
    for name in type(settings).model_fields:
        value = getattr(settings, name)
        if isinstance(value, Cited):
            yield name, value


def _plain(value: Cited) -> tuple[object, str | None, str, tuple[str, ...]]:
    refs = tuple(ref.ref for ref in value.citations)
    if isinstance(value, TrialClasses):
        return value.value, None, value.basis, refs
    return value.value, value.unit, value.basis, refs  # type: ignore[attr-defined]


def test_every_value_is_pinned() -> None:
    assert {name: _plain(value) for name, value in _values(SETTINGS)} == PINNED


def test_counts_are_whole_numbers() -> None:
    for name in ("baseline_days", "window_days", "min_logged_days", "too_early_before_day",
                 "final_from_day"):  # fmt: skip
        assert type(getattr(SETTINGS, name).value) is int


@pytest.mark.parametrize("name", sorted(PINNED))
def test_each_value_is_backed(name: str) -> None:
    value = dict(_values(SETTINGS))[name]
    citations = load_citations()
    assert value.note and value.note.strip()
    assert all(ref.ref in citations for ref in value.citations)
    if value.basis == "source":
        assert value.evidence == "primary"
        assert any(citations[ref.ref].evidence == "primary" for ref in value.citations)
    else:
        assert value.basis == "product rule"
        assert value.evidence is None


def test_the_pain_thresholds_are_the_farrar_and_immpact_numbers() -> None:
    assert SETTINGS.responder_points.value == 2.0
    assert SETTINGS.responder_percent.value == 30
    assert SETTINGS.partial_percent_min.value == 10
    assert "2 points" in SETTINGS.responder_points.note  # type: ignore[operator]
    assert "10-20%" in SETTINGS.partial_percent_min.note  # type: ignore[operator]
    # Worsening mirrors the size of a clear improvement.
    assert SETTINGS.worse_points.value == SETTINGS.responder_points.value
    assert SETTINGS.worse_percent.value == SETTINGS.responder_percent.value


def test_the_pain_medicine_classes_are_in_the_medicines_table() -> None:
    known = {info.id for info in load_medications().classes}
    assert set(SETTINGS.pain_medicine_classes.value) <= known


def test_periods_in_weeks() -> None:
    assert SETTINGS.too_early_before_day.value == 4 * 7
    assert SETTINGS.final_from_day.value == 12 * 7


def test_the_texts_agree_with_the_numbers() -> None:
    texts = SETTINGS.texts
    assert "4 weeks" in texts.too_early
    assert "12 weeks" in texts.final_no_change
    logged, week = SETTINGS.min_logged_days.value, SETTINGS.baseline_days.value
    assert f"at least {logged} of the {week} days" in texts.insufficient_data
    assert SETTINGS.window_days.value == week


def test_the_final_no_change_text_is_plain() -> None:
    text = SETTINGS.texts.final_no_change
    assert "unlikely to help" in text
    assert "Talk to your clinician about other options" in text


def test_no_text_promises_a_cure() -> None:
    texts = SETTINGS.texts
    every = [getattr(texts, name) for name in type(texts).model_fields if name != "evidence"] + [
        texts.evidence.text
    ]
    assert len(every) == 9
    for text in every:
        lowered = text.lower()
        for word in ("cure", "heal", "proven", "will help", "guarantee", "reverse"):
            assert word not in lowered, (word, text)
    assert "does not prove" in texts.responder
    assert "not shown" in texts.evidence.text


def test_the_evidence_remark_cites_the_magnesium_pain_trials() -> None:
    remark = SETTINGS.texts.evidence
    assert remark.basis == "source"
    assert remark.evidence == "primary"
    assert [ref.ref for ref in remark.citations] == [
        "pickering-2011-magnesium-pain",
        "park-2020-magnesium-pain-review",
    ]


def test_loaded_once() -> None:
    assert load_trial_settings() is load_trial_settings()


def test_validate_knowledge_loads_the_trial_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[bool] = []

    def spy() -> TrialSettings:
        calls.append(True)
        return SETTINGS

    monkeypatch.setattr(knowledge_load, "load_trial_settings", spy)
    knowledge_load.validate_knowledge()
    assert calls == [True]


# --- broken copies --------------------------------------------------------------------------------


@pytest.fixture
def root(tmp_path: Path) -> Iterator[Path]:
    package = files("magnerve.knowledge")
    for name in ("trial.yaml", "citations.yaml"):
        with as_file(package.joinpath(name)) as source:
            shutil.copy(source, tmp_path / name)
    yield tmp_path


def _edit(root: Path, old: str, new: str) -> None:
    path = root / "trial.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _load(root: Path) -> TrialSettings:
    return load_yaml_model("trial.yaml", TrialSettings, root=root)


def test_an_untouched_copy_loads(root: Path) -> None:
    assert _load(root) == SETTINGS


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("value: 4\n", "value: 8\n", "min_logged_days must not be more"),
        ("value: 28\n", "value: 90\n", "too_early_before_day must be before"),
        ("value: 10\n", "value: 30\n", "partial_percent_min must be below"),
        ("value: 0.95\n", "value: 1.5\n", "ci_level must be below 1"),
        ("value: 7\n", "value: 0\n", "greater than 0"),
        ("value: 7\n", "value: 7.5\n", "Input should be a valid integer"),
        ("tricyclic_antidepressant]", "opioid]", "Input should be"),
        ("[gabapentinoid, snri,", "[snri, snri,", "lists a class twice"),
        ("value: 7\n", "value: 7\n  colour: red\n", "Extra inputs are not permitted"),
        ("basis: source\n  evidence: primary\n  note: >-\n    A fall of about 2",
         "basis: source\n  note: >-\n    A fall of about 2", "needs evidence"),
        ("{ref: farrar-2001-pain-nrs,", "{ref: farrar-1999-no-such,", "is not in citations.yaml"),
        ("  worse: >-\n", "  worse_typo: >-\n", "Field required"),
    ],
)  # fmt: skip
def test_broken_copies_are_refused(root: Path, old: str, new: str, message: str) -> None:
    _edit(root, old, new)
    with pytest.raises(KnowledgeError) as error:
        _load(root)
    assert error.value.message.startswith("trial.yaml")
    assert message in error.value.message


def test_a_product_rule_needs_its_note(root: Path) -> None:
    path = root / "trial.yaml"
    text = path.read_text(encoding="utf-8")
    begin, end = text.index("hba1c_change_pp:\n"), text.index("pain_medicine_classes:\n")
    bare = "hba1c_change_pp:\n  value: 0.5\n  unit: percentage points\n  basis: product rule\n"
    path.write_text(text[:begin] + bare + text[end:], encoding="utf-8")
    with pytest.raises(KnowledgeError) as error:
        _load(root)
    assert (
        error.value.message == "trial.yaml: hba1c_change_pp: a product rule needs a note saying why"
    )
