"""JSON-ready shapes of results, shared by the CLI's ``--json`` and the web API ``/api/v1``.

The keys here are a contract (see the issues, docs/cli.md and docs/api.md); tests pin them, and
the API's response models document them. Numbers are rounded only here, at the edge, to hide
float noise; the domain keeps full precision. One module per area; every name is re-exported,
so ``payloads.entry(...)`` works as before.
"""

from __future__ import annotations

from magnerve.interfaces.payloads.common import DECIMALS, error, num, nutrients, person
from magnerve.interfaces.payloads.diary import diary_day, diary_value, recorded
from magnerve.interfaces.payloads.findings import check, finding, plan
from magnerve.interfaces.payloads.intake import (
    day,
    entries_on,
    entry,
    food,
    food_hits,
    top_foods,
    week,
)
from magnerve.interfaces.payloads.labs import (
    EGFR_EQUATION,
    EGFR_UNIT,
    egfr,
    lab,
    lab_added,
    lab_schedule,
)
from magnerve.interfaces.payloads.medicines import medication
from magnerve.interfaces.payloads.profiles import profile, profile_view, targets
from magnerve.interfaces.payloads.screening import screen_choices, screened
from magnerve.interfaces.payloads.supplements import (
    dose,
    doses_on,
    elemental,
    form,
    product,
    product_added,
)
from magnerve.interfaces.payloads.system import about
from magnerve.interfaces.payloads.trials import trial_evaluation, trial_started

__all__ = [
    "DECIMALS",
    "EGFR_EQUATION",
    "EGFR_UNIT",
    "about",
    "check",
    "day",
    "diary_day",
    "diary_value",
    "dose",
    "doses_on",
    "egfr",
    "elemental",
    "entries_on",
    "entry",
    "error",
    "finding",
    "food",
    "food_hits",
    "form",
    "lab",
    "lab_added",
    "lab_schedule",
    "medication",
    "num",
    "nutrients",
    "person",
    "plan",
    "product",
    "product_added",
    "profile",
    "profile_view",
    "recorded",
    "screen_choices",
    "screened",
    "targets",
    "top_foods",
    "trial_evaluation",
    "trial_started",
    "week",
]
