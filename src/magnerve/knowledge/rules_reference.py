"""Render ``docs/rules.md``, the rules reference, from the shipped rule files.

``scripts/gen_rules_reference.py`` prints :func:`render_rules_markdown`; a test checks that the
committed ``docs/rules.md`` is exactly this output, so a rule cannot change undocumented.
"""

from __future__ import annotations

from collections.abc import Mapping

from pydantic import BaseModel

from magnerve.domain.reference import Citation
from magnerve.domain.rule_conditions import VOCABULARY
from magnerve.domain.rules import PLACEHOLDERS, Rule, RuleSet
from magnerve.domain.safety import SEVERITIES

FAMILY_TITLES = {
    "dose": "Dose",
    "interactions": "Interactions",
    "renal": "Kidney function",
    "labs": "Lab results",
    "monitoring": "Monitoring",
    "side_effects": "Side effects",
    "pregnancy": "Pregnancy and breastfeeding",
    "medications": "Medicines not checked",
    "follow_up": "Follow-up: lab schedule, symptom screener, supplement trial",
}

_INTRO = """\
# Safety rules reference

Generated from `src/magnerve/knowledge/rules/*.yaml` by `scripts/gen_rules_reference.py`;
do not edit by hand. A test fails when this page and the rules differ.

The rules engine is pure: it receives one snapshot of facts (profile, supplements and medicines
in use, latest labs, today's date) and returns findings, most severe first, then by rule id.
Severity: `info` < `caution` < `warning` < `urgent`. Basis: **cited** means the sources support
the advice directly; **product rule** means the trigger is magnerve's own conservative choice
(for example an eGFR cut-off for over-the-counter magnesium, which no guideline gives) and the
clinician text says what the sources do say. Rules about a medicine report once per matching
medicine. Rule ids are stable and never reused (`rules/RETIRED`).

Separation hours are read from the magnesium dose: *before* = no magnesium within that many
hours before a dose of the medicine; *after* = no magnesium within that many hours after it.
Amounts of magnesium are mg of elemental magnesium; serum magnesium is mmol/L, eGFR is
mL/min/1.73 m², vitamin B12 is pmol/L.
"""


def _escape(text: str) -> str:
    """Plain text safe in Markdown (asterisks and underscores shown as written)."""
    return text.replace("\\", "\\\\").replace("*", "\\*").replace("_", "\\_")


def _value(value: object) -> str:
    if isinstance(value, BaseModel):
        inner = ", ".join(
            f"{name}: {_value(getattr(value, name))}" for name in type(value).model_fields
        )
        return "{" + inner + "}"
    if isinstance(value, tuple):
        return "[" + ", ".join(_value(item) for item in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _when(rule: Rule) -> str:
    when = rule.applies_when
    parts = [
        f"`{key}: {_value(getattr(when, key))}`"
        for key in type(when).model_fields
        if getattr(when, key) is not None
    ]
    return " and ".join(parts)


def _source(citation: Citation, locator: str) -> str:
    where = citation.journal or citation.organisation or ""
    bits = [f"{_escape(citation.title)} ({_escape(where)}"]
    bits[0] += f", {citation.year})" if citation.year else ")"
    if citation.details:
        bits.append(_escape(citation.details))
    if citation.pmid:
        bits.append(f"PMID {citation.pmid}")
    if citation.doi:
        bits.append(f"doi:{citation.doi}")
    if citation.url:
        bits.append(f"<{citation.url}>")
    evidence = "primary" if citation.evidence == "primary" else "secondary"
    bits.append(f"{evidence}; `{citation.id}`; at: {_escape(locator)}")
    return " — ".join(bits)


def _rule(rule: Rule, citations: Mapping[str, Citation]) -> list[str]:
    lines = [
        f'<a id="{rule.id.lower()}"></a>',
        "",
        f"### {rule.id}: {_escape(rule.title)}",
        "",
        f"- **Severity:** {rule.severity} · **Category:** {rule.category} · "
        f"**Basis:** {rule.basis}",
        f"- **When:** {_when(rule)}",
    ]
    if rule.separation is not None:
        lines.append(
            f"- **Separation:** no magnesium within {rule.separation.mg_before_drug_h:g} h "
            f"before the medicine, nor within {rule.separation.mg_after_drug_h:g} h after it"
        )
    if rule.involves:
        lines.append(f"- **Involves:** {', '.join(rule.involves)}")
    lines += [
        "",
        f"**Message.** {_escape(rule.message)}",
        "",
        f"**Action.** {_escape(rule.action)}",
        "",
        f"**Clinician.** {_escape(rule.clinician_message)}",
        "",
        "**Sources.**",
        "",
    ]
    lines += [f"1. {_source(citations[c.ref], c.locator)}" for c in rule.citations]
    return [*lines, ""]


def render_rules_markdown(rules: RuleSet, citations: Mapping[str, Citation]) -> str:
    """The whole reference page, deterministic for the same rules and citations."""
    lines = [_INTRO, "## Conditions (`applies_when`)", ""]
    lines += ["All conditions given in a rule must hold.", "", "| Key | Meaning |", "|---|---|"]
    lines += [f"| `{key}` | {meaning} |" for key, meaning in VOCABULARY.items()]
    lines += ["", "## Placeholders in texts", "", "| Placeholder | Stands for |", "|---|---|"]
    lines += [f"| `{{{name}}}` | {meaning} |" for name, meaning in PLACEHOLDERS.items()]
    lines += ["", "## All rules", "", "| Rule | Severity | Category | Basis | Title |"]
    lines.append("|---|---|---|---|---|")
    ordered = sorted(rules.rules, key=lambda r: (-SEVERITIES.index(r.severity), r.id))
    lines += [
        f"| [{r.id}](#{r.id.lower()}) | {r.severity} | {r.category} | {r.basis} | "
        f"{_escape(r.title)} |"
        for r in ordered
    ]
    lines.append("")
    for family in rules.families:
        title = FAMILY_TITLES.get(family.name, family.name)
        lines += [f"## {title} (`rules/{family.name}.yaml`)", ""]
        for rule in family.rules:
            lines += _rule(rule, citations)
    return "\n".join(lines).rstrip("\n") + "\n"


__all__ = ["FAMILY_TITLES", "render_rules_markdown"]
