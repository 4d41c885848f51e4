"""Broken knowledge files are refused at load time with the file and the path of the problem."""

from __future__ import annotations

import shutil
from importlib.resources import as_file, files
from pathlib import Path

import pytest

from magnerve.domain.reference import CitationFile, TargetTable
from magnerve.errors import KnowledgeError
from magnerve.knowledge import load

FILES = ("citations.yaml", "targets.yaml", "VERSION")


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A copy of the shipped knowledge files that a test may break."""
    for name in FILES:
        with as_file(files("magnerve.knowledge").joinpath(name)) as source:
            shutil.copy(source, tmp_path / name)
    return tmp_path


def _edit(root: Path, name: str, old: str, new: str) -> None:
    path = root / name
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= 1, f"{old!r} not in {name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _error(root: Path) -> KnowledgeError:
    with pytest.raises(KnowledgeError) as info:
        load.load_yaml_model("targets.yaml", TargetTable, root=root)
    return info.value


INFANT_ROW = "- {age_from: 0, age_to: 0.5, sex: any, state: none, value: 30, kind: AI,"
CHILD_ROW = "- {age_from: 1, age_to: 4, sex: any, state: none, value: 80, kind: RDA,"


def test_an_untouched_copy_loads(root: Path) -> None:
    table = load.load_yaml_model("targets.yaml", TargetTable, root=root)
    assert table == load.load_targets()


def test_unknown_key(root: Path) -> None:
    _edit(root, "targets.yaml", INFANT_ROW, INFANT_ROW.replace("kind: AI,", "kind: AI, colour: 1,"))
    error = _error(root)
    assert error.message.startswith("targets.yaml: magnesium_rda.rows[0].colour: ")
    assert "Extra inputs are not permitted" in error.message
    assert error.details == {"file": "targets.yaml", "path": "magnesium_rda.rows[0].colour"}
    assert error.code == "knowledge"


def test_unknown_top_level_key(root: Path) -> None:
    (root / "targets.yaml").write_text(
        (root / "targets.yaml").read_text(encoding="utf-8") + "\nzinc_rda: {}\n", encoding="utf-8"
    )
    assert "zinc_rda" in _error(root).message


def test_dangling_ref(root: Path) -> None:
    _edit(root, "targets.yaml", "{ref: iom-1997-dri-ca-p-mg-vitd-f, locator: \"p.239\"}",
          "{ref: iom-1997-no-such-report, locator: \"p.239\"}")  # fmt: skip
    error = _error(root)
    assert "magnesium_rda.rows[11].citations[0].ref" in error.message
    assert "'iom-1997-no-such-report' is not in citations.yaml" in error.message


def test_overlapping_band(root: Path) -> None:
    _edit(root, "targets.yaml", CHILD_ROW, CHILD_ROW.replace("age_to: 4", "age_to: 5"))
    error = _error(root)
    assert error.message.startswith("targets.yaml: magnesium_rda.rows: ")
    assert "rows[2] (1–4 years) and rows[3] (4–8 years) overlap" in error.message


def test_gap_between_bands(root: Path) -> None:
    _edit(root, "targets.yaml", CHILD_ROW, CHILD_ROW.replace("age_to: 4", "age_to: 3"))
    assert "gap between rows[2] (1–2 years) and rows[3] (4–8 years)" in _error(root).message


def test_ages_must_reach_120(root: Path) -> None:
    old = "- {age_from: 31, age_to: 121, sex: male,"
    _edit(root, "targets.yaml", old, old.replace("121", "100"))
    assert "sex male, state none: ages end at 100, not 121" in _error(root).message


def test_ages_must_start_at_0(root: Path) -> None:
    old = "- {age_from: 0, age_to: 1, sex: any, state: none, value: null"
    text = (root / "targets.yaml").read_text(encoding="utf-8")
    block = text[text.index("    - age_from: 0\n      age_to: 1\n") :]
    block = block[: block.index("    - {age_from: 1,")]
    (root / "targets.yaml").write_text(text.replace(block, ""), encoding="utf-8")
    assert old not in text
    assert "magnesium_supplement_ul.rows" in _error(root).message
    assert "ages start at 1, not 0" in _error(root).message


def test_a_string_is_not_a_number(root: Path) -> None:
    _edit(root, "targets.yaml", "value: 80,", 'value: "80",')
    assert "magnesium_rda.rows[2].value" in _error(root).message


def test_pregnancy_rows_are_female(root: Path) -> None:
    old = "- {age_from: 14, age_to: 19, sex: female, state: pregnant"
    _edit(root, "targets.yaml", old, old.replace("female", "male"))
    error = _error(root)
    assert "magnesium_rda.rows[11]" in error.message
    assert "state 'pregnant' rows must have sex: female" in error.message


def test_primary_value_must_cite_a_primary_source(root: Path) -> None:
    old = "value: 240, kind: RDA, evidence: secondary"
    _edit(root, "targets.yaml", old, old.replace("secondary", "primary"))
    error = _error(root)
    assert "magnesium_rda.rows[4].evidence" in error.message
    assert "cites no primary source" in error.message


def test_duplicate_key(root: Path) -> None:
    _edit(root, "targets.yaml", "unit: mg/day\n", "unit: mg/day\n  unit: mg/day\n")
    error = _error(root)
    assert "duplicate key 'unit'" in error.message
    assert "line " in error.message


def test_invalid_yaml(root: Path) -> None:
    _edit(root, "targets.yaml", CHILD_ROW, CHILD_ROW.replace("{", "{{"))
    assert "not valid YAML" in _error(root).message


def test_missing_file(root: Path) -> None:
    (root / "targets.yaml").unlink()
    assert "targets.yaml: cannot be read" in _error(root).message


def test_duplicate_citation_id(root: Path) -> None:
    _edit(root, "citations.yaml", "  - id: nutri-facts-magnesium-safety\n",
          "  - id: nutri-facts-magnesium-intake\n")  # fmt: skip
    with pytest.raises(KnowledgeError) as info:
        load.load_yaml_model("targets.yaml", TargetTable, root=root)
    assert info.value.message.startswith("citations.yaml: citations: ")
    assert "'nutri-facts-magnesium-intake' is used more than once" in info.value.message


def test_citation_must_be_findable(root: Path) -> None:
    _edit(root, "citations.yaml", '    pmid: "2598571"\n', "")
    with pytest.raises(KnowledgeError) as info:
        load.load_yaml_model("citations.yaml", CitationFile, root=root)
    assert "citations[" in info.value.message
    assert "give a pmid, doi or url, or a locator" in info.value.message


def test_bad_version(root: Path) -> None:
    (root / "VERSION").write_text("next\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match="VERSION: 'next' is not a version"):
        load.read_version(root)
    (root / "VERSION").write_text("2026.11.1\n", encoding="utf-8")
    assert load.read_version(root) == "2026.11.1"


def test_packaged_loads_are_cached() -> None:
    assert load.load_targets() is load.load_targets()
    assert load.knowledge_version() == load.validate_knowledge()


def test_load_citations_returns_a_copy() -> None:
    first = load.load_citations()
    first.clear()
    assert load.load_citations()


def test_a_mapping_cannot_be_a_key(root: Path) -> None:
    _edit(root, "targets.yaml", "magnesium_rda:\n", "? {a: 1}\n: 2\nmagnesium_rda:\n")
    assert "a key must be a plain value" in _error(root).message


def test_refs_inside_mappings_are_checked_too() -> None:
    from pydantic import BaseModel

    from magnerve.domain.reference import CitationRef

    class Family(BaseModel):
        by_name: dict[str, CitationRef]

    family = Family(by_name={"x": CitationRef(ref="nowhere", locator="p.1")})
    with pytest.raises(KnowledgeError, match=r"family.yaml: by_name.x.ref: citation 'nowhere'"):
        load.check_citations("family.yaml", family, load.load_citations())
