"""Shared API models: the strict request base, common query parameters, the one error shape."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

from fastapi import Path, Query
from pydantic import BaseModel, ConfigDict, Field, PlainValidator, WithJsonSchema

#: Longest text any request field takes; the services check their own, tighter, limits.
MAX_TEXT = 500


class StrictModel(BaseModel):
    """Request bodies: no coercion (``false`` is not 0, ``"3"`` is not 3), no unknown fields,
    and no NaN or infinity."""

    model_config = ConfigDict(strict=True, extra="forbid", allow_inf_nan=False)


class FieldProblem(BaseModel):
    field: str | None
    message: str


class ErrorResponse(BaseModel):
    """Every 4xx answer of the API (DESIGN §2)."""

    model_config = ConfigDict(extra="allow")

    ok: bool
    error: str
    errors: list[FieldProblem]
    code: str
    hint: str | None = None


#: Declared on every API router, so OpenAPI documents the error shape for each status.
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorResponse, "description": "The body could not be read (not UTF-8 text)."},
    401: {"model": ErrorResponse, "description": "Clinic mode: not signed in."},
    403: {
        "model": ErrorResponse,
        "description": "Refused: no anti-forgery token (code `csrf`), a change from another "
        "site, or (clinic mode) a clinician trying to change a patient's records.",
    },
    404: {"model": ErrorResponse, "description": "No such record (for this person)."},
    413: {"model": ErrorResponse, "description": "The body is over 1 MiB."},
    422: {"model": ErrorResponse, "description": "Bad input; `errors` names each field."},
}

DAY_HELP = "YYYY-MM-DD, 'today' or 'yesterday' (default: today in your time zone)."

#: ``?date=``: the day to look at.
DateQuery = Annotated[str | None, Query(description=DAY_HELP, max_length=40)]

#: A day in a request body.
BodyDate = Annotated[str | None, Field(description=DAY_HELP, max_length=40)]

#: A record id in the path.
RecordId = Annotated[int, Path(ge=1, le=2**62, description="The record's id.")]


def plain(number: float) -> str:
    """A number as the services read typed text: ``0.00001``, never ``1e-05``."""
    return format(Decimal(repr(number)), "f")


#: The error answers documented as JSON on a route whose own answer is not JSON (a calendar
#: file): FastAPI would otherwise list them under the route's media type.
JSON_ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {
        "description": spec["description"],
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorResponse"}}},
    }
    for status, spec in ERROR_RESPONSES.items()
}


def _id_or_name(value: object) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, str) and len(value) <= MAX_TEXT:
        return value
    raise ValueError(f"must be an id (a whole number) or a name of at most {MAX_TEXT} characters")


#: A record given by its id or its name (``3`` or ``"Glycinate 100"``), passed on as text.
#: One validator, so an error names the field itself, not one member of a union.
IdOrName = Annotated[
    str,
    PlainValidator(_id_or_name),
    WithJsonSchema({"anyOf": [{"type": "integer"}, {"type": "string", "maxLength": MAX_TEXT}]}),
]
