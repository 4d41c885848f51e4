"""Clinic mode: ``/session`` (sign in and out), ``/account``, ``/audit``, ``/notes`` and the
clinician's ``/panel``.

Signing in answers with a new anti-forgery token: the one from ``GET /csrf`` is replaced.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from fastapi import APIRouter, Request
from pydantic import Field

from magnerve.domain.access import Role
from magnerve.domain.sharing import CareNote, NoteKind
from magnerve.domain.trials import Verdict
from magnerve.interfaces.web.api.models import ERROR_RESPONSES, StrictModel
from magnerve.interfaces.web.api.shapes import Out
from magnerve.interfaces.web.context import App, acting_app, require_signed_in, root_app
from magnerve.interfaces.web.pages.account import client_of, end_session, start_session
from magnerve.services.accounts import SignedIn

MORE_ERRORS: dict[int | str, dict[str, Any]] = {
    **ERROR_RESPONSES,
    401: {"model": ERROR_RESPONSES[422]["model"], "description": "Not signed in."},
    429: {"model": ERROR_RESPONSES[422]["model"], "description": "Too many failed attempts."},
}

router = APIRouter(tags=["clinic"], responses=MORE_ERRORS)


class Credentials(StrictModel):
    email: str = Field(max_length=320)
    password: str = Field(max_length=1024)


class NewNote(StrictModel):
    text: str = Field(max_length=4000)
    kind: Literal["note", "recommendation"] = "note"


class AccountOut(Out):
    email: str
    display_name: str
    role: Role
    person_handle: str | None = Field(description="A patient's own records; null otherwise.")


class SessionOut(Out):
    ok: bool
    account: AccountOut
    csrf_token: str = Field(description="The new anti-forgery token for this session.")


class Done(Out):
    ok: bool


class AccountAnswer(Out):
    account: AccountOut


class AuditEntryOut(Out):
    id: int
    at: dt.datetime
    actor_name: str
    actor_role: str
    action: str = Field(description="read, write, note, denied, grant or revoke.")
    area: str


class AuditOut(Out):
    events: list[AuditEntryOut] = Field(description="Newest first.")


class NoteOut(Out):
    id: int
    kind: NoteKind
    text: str
    author_name: str
    created_at: dt.datetime


class NotesOut(Out):
    notes: list[NoteOut] = Field(description="Newest first.")


class NoteAnswer(Out):
    note: NoteOut


class PanelRowOut(Out):
    handle: str
    name: str
    urgent: int = Field(description="Urgent safety findings.")
    warnings: int
    above_ul: bool = Field(description="Supplemental magnesium above the tolerable upper limit.")
    supplemental_mg: float = Field(description="Magnesium from supplements and medicines, mg/day.")
    supplement_ul_mg: float | None = Field(description="The upper limit, mg/day (null: unknown).")
    overdue_labs: list[str]
    trial_verdict: Verdict | None
    trial_final: bool = Field(description="True when the trial reached its 12-week evaluation.")
    trial_day: int | None
    last_logged: dt.date | None
    quiet_days: int | None = Field(description="Days since the last entry (null: none yet).")
    problem: str | None = Field(
        description="Why this patient's summary could not be worked out (null: it was); "
        "such patients come first."
    )


class PanelOut(Out):
    patients: list[PanelRowOut]


def account_of(who: SignedIn) -> dict[str, Any]:
    role = who.actor.role or Role.patient
    return {
        "email": who.email,
        "display_name": who.actor.name,
        "role": role,
        "person_handle": who.person_handle,
    }


def note_of(note: CareNote) -> dict[str, Any]:
    return {
        "id": note.id,
        "kind": note.kind,
        "text": note.text,
        "author_name": note.author_name,
        "created_at": note.created_at,
    }


@router.post("/session", response_model=SessionOut)
def sign_in(body: Credentials, request: Request) -> dict[str, Any]:
    """Sign in; the answer sets the session cookie. Send the returned token from now on."""
    new = root_app(request).accounts.sign_in(body.email, body.password, client=client_of(request))
    token = start_session(request, new.token)
    return {"ok": True, "account": account_of(new.signed_in), "csrf_token": token}


@router.delete("/session", response_model=Done)
def sign_out(request: Request) -> dict[str, Any]:
    """End this session (in the database too)."""
    end_session(request)
    return {"ok": True}


@router.get("/account", response_model=AccountAnswer)
def account(request: Request) -> dict[str, Any]:
    return {"account": account_of(require_signed_in(request))}


@router.get("/audit", response_model=AuditOut)
def audit(request: Request) -> dict[str, Any]:
    """A patient's audit log: who else read or changed their records."""
    events = acting_app(request).sharing.audit_log()
    return {
        "events": [
            {
                "id": e.id,
                "at": e.at,
                "actor_name": e.actor_name,
                "actor_role": e.actor_role,
                "action": e.action,
                "area": e.area,
            }
            for e in events
        ]
    }


@router.get("/notes", response_model=NotesOut)
def notes(app: App) -> dict[str, Any]:
    """Clinicians' notes for the person (a clinician names the patient in X-Magnerve-Person)."""
    found = sorted(app.notes.list(), key=lambda n: (n.created_at, n.id), reverse=True)
    return {"notes": [note_of(n) for n in found]}


@router.post("/notes", status_code=201, response_model=NoteAnswer)
def add_note(body: NewNote, app: App) -> dict[str, Any]:
    """A clinician's note or recommendation for the patient."""
    return {"note": note_of(app.notes.add(body.text, kind=body.kind))}


@router.get("/panel", response_model=PanelOut)
def panel(request: Request) -> dict[str, Any]:
    """A clinician's patients, most in need first."""
    rows = acting_app(request).panel.rows()
    return {
        "patients": [
            {
                "handle": r.grant.person_handle,
                "name": r.grant.person_name,
                "urgent": len(r.urgent),
                "warnings": len(r.warnings),
                "above_ul": r.above_ul,
                "supplemental_mg": r.supplemental_mg,
                "supplement_ul_mg": r.supplement_ul_mg,
                "overdue_labs": r.overdue_labs,
                "trial_verdict": r.trial.verdict if r.trial else None,
                "trial_final": r.trial_final,
                "trial_day": r.trial.day if r.trial else None,
                "last_logged": r.last_logged,
                "quiet_days": r.quiet_days,
                "problem": r.problem,
            }
            for r in rows
        ]
    }
