"""Clinic mode: ``/sharing``: invite codes, redeeming one, and the grants (who sees whose
records)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Request
from pydantic import Field

from magnerve.domain.sharing import Grant
from magnerve.interfaces.web.api.account import MORE_ERRORS
from magnerve.interfaces.web.api.models import RecordId, StrictModel
from magnerve.interfaces.web.api.shapes import Out
from magnerve.interfaces.web.context import acting_app
from magnerve.interfaces.web.pages.account import client_of

router = APIRouter(prefix="/sharing", tags=["clinic"], responses=MORE_ERRORS)


class Code(StrictModel):
    code: str = Field(max_length=64, description="The 12-character code, e.g. 7K3M-Q9PX-2HDT.")


class InviteOut(Out):
    code: str = Field(description="Shown only this once; only its hash is kept.")
    expires_at: dt.datetime


class GrantOut(Out):
    id: int
    person_handle: str
    person_name: str
    clinician_name: str
    clinician_email: str
    granted_at: dt.datetime
    revoked_at: dt.datetime | None


class GrantAnswer(Out):
    grant: GrantOut


class GrantsOut(Out):
    grants: list[GrantOut]


def grant_of(g: Grant) -> dict[str, Any]:
    return {
        "id": g.id,
        "person_handle": g.person_handle,
        "person_name": g.person_name,
        "clinician_name": g.clinician_name,
        "clinician_email": g.clinician_email,
        "granted_at": g.granted_at,
        "revoked_at": g.revoked_at,
    }


@router.get("/grants", response_model=GrantsOut)
def grants(request: Request) -> dict[str, Any]:
    """A patient's grants (stopped ones too), or a clinician's active ones."""
    return {"grants": [grant_of(g) for g in acting_app(request).sharing.grants()]}


@router.delete("/grants/{id}", response_model=GrantAnswer)
def revoke(id: RecordId, request: Request) -> dict[str, Any]:
    """The patient stops sharing with one clinician; their access ends at once."""
    return {"grant": grant_of(acting_app(request).sharing.revoke(id))}


@router.post("/invites", status_code=201, response_model=InviteOut)
def create_invite(request: Request) -> dict[str, Any]:
    """A one-time code, valid for a week."""
    new = acting_app(request).sharing.create_invite()
    return {"code": new.code, "expires_at": new.invite.expires_at}


@router.post("/redeem", response_model=GrantAnswer)
def redeem(body: Code, request: Request) -> dict[str, Any]:
    """Use a code from a patient (as a clinician) or from a clinician (as a patient)."""
    grant = acting_app(request).sharing.redeem(body.code, client=client_of(request))
    return {"grant": grant_of(grant)}
