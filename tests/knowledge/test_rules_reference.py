"""docs/rules.md is the reference generated from the rule files (no drift), and complete."""

from __future__ import annotations

from pathlib import Path

from magnerve.knowledge.load import load_citations, load_rules
from magnerve.knowledge.rules_reference import FAMILY_TITLES, render_rules_markdown

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs" / "rules.md"


def _render() -> str:
    return render_rules_markdown(load_rules(), load_citations())


def test_docs_rules_md_is_the_generated_reference() -> None:
    current = DOCS.read_text(encoding="utf-8")
    regenerate = "python scripts/gen_rules_reference.py > docs/rules.md"
    assert current == _render(), f"docs/rules.md is stale: run `{regenerate}`"


def test_every_rule_and_citation_is_documented() -> None:
    text = _render()
    for rule in load_rules().rules:
        assert f"### {rule.id}: " in text
        assert f'<a id="{rule.id.lower()}"></a>' in text
        for ref in rule.citations:
            assert f"`{ref.ref}`" in text


def test_every_family_has_a_title() -> None:
    assert {family.name for family in load_rules().families} <= set(FAMILY_TITLES)


def test_separation_is_spelled_out() -> None:
    assert "no magnesium within 6 h before the medicine, nor within 2 h after it" in _render()


def test_the_output_is_deterministic() -> None:
    assert _render() == _render()
