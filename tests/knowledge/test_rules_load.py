"""Broken rule files are refused at load time, naming the file and the path of the problem."""

from __future__ import annotations

import shutil
from importlib.resources import as_file, files
from pathlib import Path

import pytest

from magnerve.errors import KnowledgeError
from magnerve.knowledge import load


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A copy of the shipped citations and rules that a test may break."""
    with as_file(files("magnerve.knowledge")) as source:
        shutil.copy(source / "citations.yaml", tmp_path / "citations.yaml")
        shutil.copytree(source / "rules", tmp_path / "rules")
    return tmp_path


def _edit(root: Path, name: str, old: str, new: str) -> None:
    path = root / "rules" / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _error(root: Path) -> KnowledgeError:
    with pytest.raises(KnowledgeError) as info:
        load.load_rules(root=root)
    return info.value


def test_an_untouched_copy_loads_like_the_package(root: Path) -> None:
    assert load.load_rules(root=root) == load.load_rules()


def test_the_packaged_rules_are_cached() -> None:
    assert load.load_rules() is load.load_rules()


def test_validate_knowledge_loads_the_rules() -> None:
    assert load.validate_knowledge() == load.knowledge_version()


def test_an_unknown_condition_key_is_refused(root: Path) -> None:
    _edit(root, "renal.yaml", "{taking: magnesium_supplement, egfr_below: 15}",
          "{taking: magnesium_supplement, egfr_under: 15}")  # fmt: skip
    error = _error(root)
    assert error.message.startswith("rules/renal.yaml: rules[0].applies_when.egfr_under: ")
    assert "Extra inputs are not permitted" in error.message


def test_an_unknown_rule_field_is_refused(root: Path) -> None:
    _edit(root, "renal.yaml", "    severity: urgent\n", "    severity: urgent\n    colour: red\n")
    assert "rules[0].colour" in _error(root).message


def test_an_unknown_placeholder_is_refused(root: Path) -> None:
    _edit(root, "renal.yaml", "Your latest eGFR is {egfr}.", "Your latest eGFR is {gfr}.")
    error = _error(root)
    assert error.message.startswith("rules/renal.yaml: rules[0]: ")
    assert "unknown placeholder {gfr}" in error.message


def test_a_dangling_citation_is_refused(root: Path) -> None:
    _edit(root, "renal.yaml", "{ref: kdigo-2012-ckd,", "{ref: kdigo-2099-ckd,")
    error = _error(root)
    assert "rules/renal.yaml: rules[0].citations[3].ref" in error.message
    assert "'kdigo-2099-ckd' is not in citations.yaml" in error.message


def test_an_id_used_in_two_files_is_refused(root: Path) -> None:
    _edit(root, "renal.yaml", "id: MG-RENAL-KIDNEY-FAILURE", "id: MG-DOSE-ABOVE-UL")
    error = _error(root)
    assert error.message.startswith("rules/renal.yaml: rules[0].id: ")
    assert "MG-DOSE-ABOVE-UL is also used in rules/dose.yaml" in error.message


def test_an_id_used_twice_in_one_file_is_refused(root: Path) -> None:
    _edit(root, "renal.yaml", "id: MG-RENAL-SEVERE", "id: MG-RENAL-KIDNEY-FAILURE")
    assert "MG-RENAL-KIDNEY-FAILURE is also used in rules/renal.yaml" in _error(root).message


def test_a_retired_id_cannot_come_back(root: Path) -> None:
    with (root / "rules" / "RETIRED").open("a", encoding="utf-8") as retired:
        retired.write("MG-RENAL-SEVERE  # 2026-06-01 replaced\n")
    assert load.read_retired_rule_ids(root) == ("MG-RENAL-SEVERE",)
    assert "MG-RENAL-SEVERE was retired and must not be reused" in _error(root).message


def test_no_retired_file_means_nothing_retired(root: Path) -> None:
    (root / "rules" / "RETIRED").unlink()
    assert load.read_retired_rule_ids(root) == ()
    assert load.load_rules(root=root).rules


def test_duplicate_yaml_keys_are_refused(root: Path) -> None:
    twice = "    severity: urgent\n    severity: info\n"
    _edit(root, "renal.yaml", "    severity: urgent\n", twice)
    assert "duplicate key 'severity'" in _error(root).message


def test_a_missing_rules_folder_is_refused(root: Path) -> None:
    shutil.rmtree(root / "rules")
    assert _error(root).message == "rules: the rules folder is missing"


def test_an_empty_rules_folder_is_refused(root: Path) -> None:
    for path in (root / "rules").glob("*.yaml"):
        path.unlink()
    assert _error(root).message == "rules: no rule files (*.yaml)"
