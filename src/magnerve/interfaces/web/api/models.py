"""Shared API models: the strict request base and the one error shape."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict


class StrictModel(BaseModel):
    """Request bodies: no coercion (``false`` is not 0, ``"3"`` is not 3), no unknown fields."""

    model_config = ConfigDict(strict=True, extra="forbid")


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
    403: {"model": ErrorResponse, "description": "The change came from another site."},
    404: {"model": ErrorResponse, "description": "No such record (for this person)."},
    422: {"model": ErrorResponse, "description": "Bad input; `errors` names each field."},
}
