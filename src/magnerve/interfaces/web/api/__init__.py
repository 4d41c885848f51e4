"""The JSON API ``/api/v1``: the CLI's capabilities with strict request models.

One module per area; each router declares the error responses, and each route answers with
the same keys as the matching ``magnerve … --json`` (built by ``magnerve.interfaces.payloads``).
"""

from __future__ import annotations

from fastapi import APIRouter

from magnerve.interfaces.web.api import (
    account,
    days,
    diary,
    foods,
    intake,
    labs,
    medicines,
    profile,
    safety,
    screening,
    sharing,
    supplements,
    system,
    trial,
)

ROUTERS: tuple[APIRouter, ...] = (
    system.router,
    days.router,
    foods.router,
    intake.router,
    profile.router,
    supplements.router,
    medicines.router,
    labs.router,
    safety.router,
    diary.router,
    screening.router,
    trial.router,
)

#: Only in clinic mode.
CLINIC_ROUTERS: tuple[APIRouter, ...] = (account.router, sharing.router)
