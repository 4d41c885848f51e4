"""Which person a command acts on: one person per call, chosen by handle."""

from __future__ import annotations

from datetime import datetime

from magnerve.domain.person import DEFAULT_HANDLE, EXAMPLE_HANDLE, Person
from magnerve.errors import NotFound
from magnerve.services.unit_of_work import Repositories

DEFAULT_DISPLAY_NAME = "Me"


def resolve_person(
    repos: Repositories, handle: str, *, now: datetime, create: bool = True
) -> Person:
    """The person for ``handle``. In local mode (``create``) the default person is made on
    first use; otherwise the person must exist."""
    found = repos.people.get_by_handle(handle)
    if found is not None:
        return found
    if not create:
        raise no_such_person(handle)
    if handle == DEFAULT_HANDLE:
        return repos.people.ensure(DEFAULT_HANDLE, DEFAULT_DISPLAY_NAME, now=now)
    hint = (
        "Load the example person first: magnerve demo load"
        if handle == EXAMPLE_HANDLE
        else f"Leave out --person to use your own records ('{DEFAULT_HANDLE}')."
    )
    raise NotFound(f"There is no person '{handle}'.", field="person", hint=hint)


def no_such_person(handle: str) -> NotFound:
    """For someone signed in: the same answer whether the person is missing or not theirs."""
    return NotFound(
        f"There is no person '{handle}' whose records you may see.",
        field="person",
        hint="A patient shares their records with an invite code, and can stop sharing.",
    )
