"""The supplement trial (``trial start``, ``trial evaluate``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from magnerve.interfaces.payloads.common import num

if TYPE_CHECKING:
    from magnerve.services.trial import StartedTrial, TrialEvaluation


def trial_started(started: StartedTrial) -> dict[str, Any]:
    t = started.trial
    return {
        "trial": {
            "id": t.id,
            "start": t.start_date.isoformat(),
            "product_id": t.product_id,
            "product": started.product.name if started.product else None,
        },
        "replaced": None if started.replaced is None else started.replaced.id,
    }


def trial_evaluation(evaluation: TrialEvaluation) -> dict[str, Any]:
    r = evaluation.result
    return {
        "start": r.start.isoformat(),
        "product": evaluation.product.name if evaluation.product else None,
        "date": r.evaluated_on.isoformat(),
        "day": r.day,
        "baseline": {
            "from": r.baseline_from.isoformat(),
            "to": r.baseline_to.isoformat(),
            "days_logged": r.baseline_days_logged,
        },
        "window": {
            "from": r.window_from.isoformat(),
            "to": r.window_to.isoformat(),
            "days_logged": r.window_days_logged,
        },
        "baseline_mean": num(r.baseline_mean, 2),
        "window_mean": num(r.window_mean, 2),
        "change": num(r.change, 2),
        "percent_change": num(r.percent_change, 1),
        "verdict": r.verdict,
        "final": r.final,
        "ci95": None if r.ci95 is None else [num(v, 2) for v in r.ci95],
        "adherence": num(r.adherence, 2),
        "dose_days_logged": r.dose_days_logged,
        "trial_days": r.trial_days,
        "confounders": [
            {
                "date": c.date.isoformat(),
                "kind": c.kind,
                "description": c.description,
                "involves": list(c.involves),
            }
            for c in r.confounders
        ],
        "message": r.message,
    }
