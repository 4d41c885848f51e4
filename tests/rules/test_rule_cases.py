"""Every YAML rule case in ``tests/rules/cases/`` holds against the shipped rules."""

from __future__ import annotations

from collections import Counter

import pytest

from magnerve.domain.rules import evaluate
from magnerve.domain.safety import Finding, SafetyFacts
from magnerve.knowledge.load import load_citations, load_rules
from tests.rules.rule_cases import NEUTRAL_PERSON, Case, load_cases

CASES = load_cases()


def _run(facts: SafetyFacts) -> list[Finding]:
    return evaluate(load_rules(), facts, load_citations())


def test_the_neutral_person_has_no_findings() -> None:
    assert _run(SafetyFacts.model_validate(NEUTRAL_PERSON)) == []


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_rule_case(case: Case) -> None:
    findings = _run(case.facts())
    by_rule: dict[str, list[Finding]] = {}
    for finding in findings:
        by_rule.setdefault(finding.rule_id, []).append(finding)
    reported = sorted(by_rule)
    for rule_id in case.expect.present:
        assert rule_id in by_rule, f"{rule_id} did not report; reported: {reported}"
    for rule_id in case.expect.absent:
        assert rule_id not in by_rule, f"{rule_id} reported but should not have"
    for rule_id, severity in case.expect.severity.items():
        assert {f.severity for f in by_rule[rule_id]} == {severity}
    for rule_id, separation in case.expect.separation.items():
        assert {f.separation_hours for f in by_rule[rule_id]} == {separation}
    counts = Counter(f.rule_id for f in findings)
    for rule_id, count in case.expect.count.items():
        assert counts[rule_id] == count
    for rule_id, names in case.expect.involves.items():
        assert [f.involves for f in by_rule[rule_id]] == [names]
