"""Clinic mode: sharing records by invite code, who can see them, and the audit log.

A new code is shown once: it is kept in the session only until the next page view.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from magnerve.domain.access import Role
from magnerve.domain.sharing import AuditEvent
from magnerve.errors import InvalidInput, TooManyAttempts
from magnerve.interfaces.web.context import acting_app, require_signed_in
from magnerve.interfaces.web.forms import done, field_errors, form_values
from magnerve.interfaces.web.pages.account import client_of
from magnerve.interfaces.web.templating import render

router = APIRouter()

NEW_CODE_KEY = "new_invite"

#: What each audit action means, in words; reads and changes name the area ("read labs").
ACTION_WORDS = {
    "read": "read",
    "write": "changed",
    "note": "wrote in",
    "denied": "was refused a change to",
}
SHARING_WORDS = {
    "grant": "started seeing your records",
    "revoke": "stopped seeing your records (you stopped sharing)",
}


@dataclass(frozen=True)
class AuditLine:
    """Consecutive identical entries (same person, action and area in the same minute)."""

    at: datetime
    who: str
    role: str
    what: str
    count: int


def audit_lines(events: list[AuditEvent]) -> list[AuditLine]:
    lines: list[AuditLine] = []
    for e in events:
        minute = e.at.replace(second=0, microsecond=0)
        what = SHARING_WORDS.get(e.action) or f"{ACTION_WORDS.get(e.action, e.action)} {e.area}"
        key = (minute, e.actor_name, e.actor_role, what)
        last = lines[-1] if lines else None
        if last and (last.at, last.who, last.role, last.what) == key:
            lines[-1] = AuditLine(*key, last.count + 1)
        else:
            lines.append(AuditLine(*key, 1))
    return lines


@router.get("/sharing", response_class=HTMLResponse)
def sharing_page(request: Request) -> Response:
    return _page(request)


@router.post("/sharing/invites")
def create_invite(request: Request) -> Response:
    new = acting_app(request).sharing.create_invite()
    request.session[NEW_CODE_KEY] = {
        "code": new.code,
        "expires": new.invite.expires_at.isoformat(),
    }
    return done(request, "/sharing#new-code", "A new sharing code was made.")


@router.post("/sharing/invites/{invite_id}/cancel")
def cancel_invite(request: Request, invite_id: int) -> Response:
    acting_app(request).sharing.cancel_invite(invite_id)
    return done(request, "/sharing", "The code was cancelled; it can no longer be used.")


@router.post("/sharing/grants/{grant_id}/revoke")
def revoke(request: Request, grant_id: int) -> Response:
    grant = acting_app(request).sharing.revoke(grant_id)
    return done(request, "/sharing", f"{grant.clinician_name} can no longer see your records.")


@router.post("/sharing/redeem", response_class=HTMLResponse)
async def redeem(request: Request) -> Response:
    values = await form_values(request)
    try:
        grant = acting_app(request).sharing.redeem(
            values.get("code", ""), client=client_of(request)
        )
    except (InvalidInput, TooManyAttempts) as exc:
        status = 429 if isinstance(exc, TooManyAttempts) else 422
        return _page(request, {"code": values.get("code", "")}, field_errors(exc), status)
    if require_signed_in(request).actor.role is Role.clinician:
        return done(request, "/panel", f"You can now see {grant.person_name}'s records.")
    return done(request, "/sharing", f"{grant.clinician_name} can now see your records.")


def _page(
    request: Request,
    values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> HTMLResponse:
    who = require_signed_in(request)
    sharing = acting_app(request).sharing
    now = acting_app(request).clock.now()
    patient = who.actor.role is Role.patient
    grants = sharing.grants() if patient else []
    context: dict[str, Any] = {
        "who": who,
        "patient": patient,
        "new_code": request.session.pop(NEW_CODE_KEY, None),
        "invites": [i for i in sharing.invites() if i.usable(now)],
        "grants": [g for g in grants if g.revoked_at is None],
        "past_grants": [g for g in grants if g.revoked_at is not None],
        "audit": audit_lines(sharing.audit_log()) if patient else [],
        "values": values or {},
        "errors": errors or {},
    }
    return render(request, "pages/sharing.html", context, status)
