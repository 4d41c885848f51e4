"""A person whose records magnerve keeps. Every record belongs to exactly one person."""

from __future__ import annotations

from dataclasses import dataclass

#: The person local mode acts on unless told otherwise.
DEFAULT_HANDLE = "me"
#: The clearly labelled example person created by ``magnerve demo load``.
EXAMPLE_HANDLE = "example"


@dataclass(frozen=True)
class Person:
    id: int
    handle: str
    display_name: str
    is_example: bool = False
