"""What a request works with: whose records (the person), and the app wired for them.

Local mode has no sign-in: the session says whether you are looking at your own records or at
the made-up example person. Clinic mode (accounts) will decide the person here as well, so every
route gets its person from one place and services stay scoped to it.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from magnerve.bootstrap import Magnerve
from magnerve.domain.person import EXAMPLE_HANDLE

PERSON_KEY = "person"


def root_app(request: Request) -> Magnerve:
    app = request.app.state.magnerve
    assert isinstance(app, Magnerve)
    return app


def current_handle(request: Request) -> str:
    """The person this browser is looking at: the configured person, or the example."""
    root = root_app(request)
    chosen = request.session.get(PERSON_KEY)
    return EXAMPLE_HANDLE if chosen == EXAMPLE_HANDLE else root.person_handle


def person_app(request: Request) -> Magnerve:
    return root_app(request).for_person(current_handle(request))


def choose_person(request: Request, handle: str) -> None:
    if handle == EXAMPLE_HANDLE:
        request.session[PERSON_KEY] = EXAMPLE_HANDLE
    else:
        request.session.pop(PERSON_KEY, None)


App = Annotated[Magnerve, Depends(person_app)]
