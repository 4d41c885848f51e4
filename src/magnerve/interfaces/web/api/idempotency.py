"""The ``Idempotency-Key`` header of every route that creates records.

A program that lost an answer (a dropped connection, a server that stopped) sends the same
request again with the same key and gets the first answer; nothing is added twice. The
services check the key and store it with what they created (``magnerve.services.idempotency``),
so a bad key answers 422 naming ``idempotency_key``, like any other field.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Header

from magnerve.interfaces.web.api.models import ErrorResponse
from magnerve.services.idempotency import MAX_KEY_LENGTH


def _document_key(schema: dict[str, Any]) -> None:
    """The key's rules in the header's schema. Only documented: the service checks them, so
    an error names ``idempotency_key`` like any other field."""
    rules = {"minLength": 1, "maxLength": MAX_KEY_LENGTH, "pattern": "^[ -~]+$"}
    for option in schema.get("anyOf", [schema]):
        if option.get("type") == "string":
            option.update(rules)


#: The optional header, passed to the service as ``idempotency_key``.
IdempotencyKey = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        description="Any value of your own, new for each new request (a UUID, say): sent again "
        "with the same request, it gives the first answer instead of adding the record twice. "
        f"1 to {MAX_KEY_LENGTH} printable ASCII characters.",
        json_schema_extra=_document_key,
    ),
]


#: The answer a create route adds to the router's error answers.
CONFLICT_RESPONSES: dict[int | str, dict[str, Any]] = {
    409: {
        "model": ErrorResponse,
        "description": "The Idempotency-Key was already used for a different request "
        "(or what its request saved has been removed since); nothing was added.",
    }
}
