"""Idempotency keys: a create request sent again with the same key gives back what the first one
created, and never adds it twice.

A client that lost the answer (a dropped connection, a server that stopped mid-request) cannot
know whether its request was saved; with a key it simply sends the same request again. The key
is stored in the same transaction as the records the request created, so after a crash either
both are there or neither is.

:func:`run_once` is the one shape every create use case takes: resolve and authorise the person,
look the key up, then either rebuild the first answer from the record ids stored with the key
(``replay``) or do the work and store the key with the new ids (``create``).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError

from magnerve.domain.person import Person
from magnerve.errors import Conflict, FieldError, InvalidInput
from magnerve.services.clock import Clock
from magnerve.services.unit_of_work import Repositories, transaction

FIELD = "idempotency_key"
MAX_KEY_LENGTH = 128

T = TypeVar("T")
C = TypeVar("C")

#: What a create use case stores with its key: the ids of what it made, and anything else its
#: answer needs that the records do not hold (JSON values only).
Stored = Mapping[str, Any]


@dataclass(frozen=True)
class KeyedRequest:
    """A create request that carries an idempotency key."""

    key: str
    operation: str
    request_hash: str


def keyed(key: str | None, operation: str, **arguments: object) -> KeyedRequest | None:
    """The request ``operation(**arguments)`` with its key checked, or None without a key.

    Call it first, so a bad key is reported whatever else is wrong.
    """
    if key is None:
        return None
    check_key(key)
    return KeyedRequest(key, operation, request_hash(operation, arguments))


def check_key(key: str) -> None:
    if not 1 <= len(key) <= MAX_KEY_LENGTH or not all(" " <= c <= "~" for c in key):
        raise InvalidInput(
            f"must be 1 to {MAX_KEY_LENGTH} printable ASCII characters",
            field=FIELD,
            hint="Use a random value such as a UUID, new for every new request.",
        )


def request_hash(operation: str, arguments: Mapping[str, object]) -> str:
    """SHA-256 of a canonical JSON of the operation and its arguments (keys sorted; 1 and 1.0
    are the same number)."""
    canonical = json.dumps(
        {"operation": operation, "arguments": _canonical(dict(arguments))},
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=True,
    )
    return hashlib.sha256(canonical.encode("ascii")).hexdigest()


def _canonical(value: object) -> object:
    if value is None or isinstance(value, bool | str):
        return value
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, Mapping):
        return {str(k): _canonical(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_canonical(v) for v in value]
    raise TypeError(f"cannot hash a {type(value).__name__} argument")


def reused() -> Conflict:
    return Conflict(
        "This idempotency key was already used for a different request.",
        field=FIELD,
        errors=[FieldError(FIELD, "was already used for a different request")],
        hint="Send a new key with every new request; repeat a key only to repeat the same request.",
    )


def removed_since() -> Conflict:
    """For a replay whose records were removed after the first request: nothing is added."""
    return Conflict(
        "This request was already carried out, and what it saved has been removed since.",
        field=FIELD,
        errors=[FieldError(FIELD, "was already used; what it saved has been removed since")],
        hint="Nothing was added again. To add it anew, send the request with a new key.",
    )


def run_once(
    engine: Engine,
    clock: Clock,
    request: KeyedRequest | None,
    *,
    begin: Callable[[Repositories], tuple[Person, C]],
    create: Callable[[Repositories, Person, C], tuple[T, Stored]],
    replay: Callable[[Repositories, Person, Stored], T],
) -> T:
    """One create use case in one transaction, carried out at most once per key.

    ``begin`` resolves and authorises the person (and whatever else the work needs);
    ``create`` does the work and returns its answer with what to store with the key;
    ``replay`` rebuilds the same answer from what was stored. Two requests with the same key at
    the same moment: the unique index lets one key in; the other's transaction is rolled back
    whole, and it answers with the first one's result.
    """
    try:
        with transaction(engine) as repos:
            person, context = begin(repos)
            if request is not None:
                found = _stored(repos, person, request)
                if found is not None:
                    return replay(repos, person, found)
            answer, stored = create(repos, person, context)
            if request is not None:
                repos.idempotency.add(
                    person.id,
                    request.key,
                    operation=request.operation,
                    request_hash=request.request_hash,
                    result=dict(stored),
                    now=clock.now(),
                )
            return answer
    except IntegrityError as clash:
        if request is None:
            raise
        with transaction(engine) as repos:
            person, _ = begin(repos)
            found = _stored(repos, person, request)
            if found is None:
                raise clash from None  # not the key: another clash, reported as it was
            return replay(repos, person, found)


def _stored(repos: Repositories, person: Person, request: KeyedRequest) -> Stored | None:
    """What the first request with this key stored; Conflict when that was another request."""
    stored = repos.idempotency.get(person.id, request.key)
    if stored is None:
        return None
    if stored.operation != request.operation or stored.request_hash != request.request_hash:
        raise reused()
    return stored.result
