"""Server-rendered pages. Each module holds one page (or one small group) and its forms."""

from __future__ import annotations

from fastapi import APIRouter

from magnerve.interfaces.web.pages import (
    about,
    account,
    findings,
    foods,
    labs,
    log,
    log_diary,
    medicines,
    notes,
    panel,
    profile,
    report,
    session,
    sharing,
    supplements,
    today,
    trial,
    welcome,
)

ROUTERS: tuple[APIRouter, ...] = (
    today.router,
    welcome.router,
    session.router,
    log.router,
    log_diary.router,
    supplements.router,
    medicines.router,
    labs.router,
    trial.router,
    foods.router,
    findings.router,
    report.router,
    profile.router,
    about.router,
)

#: Only in clinic mode: signing in, accounts, sharing, the clinician panel, notes.
CLINIC_ROUTERS: tuple[APIRouter, ...] = (
    account.router,
    sharing.router,
    panel.router,
    notes.router,
)
