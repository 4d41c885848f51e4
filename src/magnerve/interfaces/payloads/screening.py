"""The deficiency screener (``screen``, ``screen --list``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from magnerve.domain.symptoms import SymptomTable
    from magnerve.services.screening import Screened


def screen_choices(table: SymptomTable) -> dict[str, Any]:
    """``screen --list``: the symptoms and risk factors to choose from."""
    return {
        "symptoms": [
            {
                "id": s.id,
                "label": s.label,
                "group": s.group,
                "severity": s.severity,
                "red_flag": s.red_flag,
            }
            for s in table.symptoms
        ],
        "risk_factors": [
            {"id": r.id, "label": r.label, "asked": r.detected_by.asked} for r in table.risk_factors
        ],
    }


def screened(s: Screened) -> dict[str, Any]:
    """``screen``: the answer for the chosen symptoms; ``saved`` when it was kept for ``check``."""
    r = s.result
    return {
        "date": s.day.isoformat(),
        "result": r.result,
        "level": r.level,
        "urgent": r.urgent,
        "red_flags": [{"id": f.id, "label": f.label} for f in r.red_flags],
        "symptoms": [
            {"id": m.id, "label": m.label, "group": m.group, "severity": m.severity}
            for m in r.matched
        ],
        "risk_factors": [{"id": f.id, "label": f.label} for f in r.risk_factors],
        "risk_factor_count": r.risk_factor_count,
        "citations": [{"id": c.ref, "locator": c.locator} for c in r.citations],
        "saved": s.saved,
    }
