"""What a request works with: who is acting, whose records (the person), and the app wired
for them. Every route gets its person from here; the services then check what the actor may do.

Local mode has no sign-in: the actor is the operator, and the session says whether you are
looking at your own records or at the made-up example person.

Clinic mode: the signed session cookie carries a random sign-in token (checked against the
database on every request) and, for a clinician, the patient being looked at. API programs may
name the patient in the ``X-Magnerve-Person`` header instead.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from magnerve.bootstrap import Magnerve
from magnerve.domain.access import Role
from magnerve.domain.person import EXAMPLE_HANDLE
from magnerve.errors import InvalidInput, Unauthenticated
from magnerve.services.accounts import SignedIn

PERSON_KEY = "person"
AUTH_KEY = "auth"
PERSON_HEADER = "X-Magnerve-Person"


class GoTo(Exception):
    """Send a page request elsewhere (a 303), e.g. a clinician with no patient chosen."""

    def __init__(self, url: str) -> None:
        super().__init__(url)
        self.url = url


def root_app(request: Request) -> Magnerve:
    app = request.app.state.magnerve
    assert isinstance(app, Magnerve)
    return app


def clinic_mode(request: Request) -> bool:
    return root_app(request).settings.mode == "clinic"


def signed_in(request: Request) -> SignedIn | None:
    """The signed-in account (clinic mode), looked up once per request."""
    if "signed_in" in request.state._state:
        found: SignedIn | None = request.state.signed_in
        return found
    token = request.session.get(AUTH_KEY)
    found = root_app(request).accounts.session(token) if isinstance(token, str) else None
    if found is None and token is not None:
        request.session.pop(AUTH_KEY, None)
        request.session.pop(PERSON_KEY, None)
    request.state.signed_in = found
    return found


def require_signed_in(request: Request) -> SignedIn:
    found = signed_in(request)
    if found is None:
        raise Unauthenticated("Please sign in first.", field="session")
    return found


def current_handle(request: Request) -> str:
    """The person this request is about."""
    root = root_app(request)
    if not clinic_mode(request):
        chosen = request.session.get(PERSON_KEY)
        return EXAMPLE_HANDLE if chosen == EXAMPLE_HANDLE else root.person_handle
    who = require_signed_in(request)
    chosen = request.headers.get(PERSON_HEADER) if request.url.path.startswith("/api/") else None
    chosen = chosen or request.session.get(PERSON_KEY)
    if isinstance(chosen, str) and chosen:
        return chosen
    if who.person_handle is not None:
        return who.person_handle
    if request.url.path.startswith("/api/"):
        raise InvalidInput(
            f"person: choose a patient with the {PERSON_HEADER} header",
            field="person",
            hint="GET /api/v1/panel lists the patients who share their records with you.",
        )
    raise GoTo("/panel" if who.actor.role is Role.clinician else "/account")


def acting_app(request: Request) -> Magnerve:
    """The app as whoever is acting, on their own records (if any)."""
    root = root_app(request)
    if not clinic_mode(request):
        return root
    who = require_signed_in(request)
    return root.for_person(who.person_handle or "", who.actor)


def person_app(request: Request) -> Magnerve:
    root = root_app(request)
    if not clinic_mode(request):
        return root.for_person(current_handle(request))
    app = root.for_person(current_handle(request), require_signed_in(request).actor)
    app.profile.check_visible()  # before the route: a refusal is never read as a form error
    return app


def choose_person(request: Request, handle: str) -> None:
    """Look at ``handle`` from now on (the services still check every access)."""
    if clinic_mode(request):
        request.session[PERSON_KEY] = handle
    elif handle == EXAMPLE_HANDLE:
        request.session[PERSON_KEY] = EXAMPLE_HANDLE
    else:
        request.session.pop(PERSON_KEY, None)


def reset_person(request: Request) -> None:
    """Back to your own records."""
    request.session.pop(PERSON_KEY, None)


App = Annotated[Magnerve, Depends(person_app)]
Acting = Annotated[Magnerve, Depends(acting_app)]
