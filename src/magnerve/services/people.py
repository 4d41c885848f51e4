"""Which person a command acts on (local mode: one person per call, chosen by handle)."""

from __future__ import annotations

from datetime import datetime

from magnerve.domain.person import DEFAULT_HANDLE, EXAMPLE_HANDLE, Person
from magnerve.errors import NotFound
from magnerve.services.unit_of_work import Repositories

DEFAULT_DISPLAY_NAME = "Me"


def resolve_person(repos: Repositories, handle: str, *, now: datetime) -> Person:
    """The person for ``handle``. The default person is created on first use; others must exist."""
    found = repos.people.get_by_handle(handle)
    if found is not None:
        return found
    if handle == DEFAULT_HANDLE:
        return repos.people.create(DEFAULT_HANDLE, DEFAULT_DISPLAY_NAME, is_example=False, now=now)
    hint = (
        "Load the example person first: magnerve demo load"
        if handle == EXAMPLE_HANDLE
        else f"Leave out --person to use your own records ('{DEFAULT_HANDLE}')."
    )
    raise NotFound(f"There is no person '{handle}'.", field="person", hint=hint)
