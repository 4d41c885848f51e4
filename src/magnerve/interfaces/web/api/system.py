"""``/api/v1/health``: a trivial route (the benchmarks' baseline), ``/api/v1/about``, and
``/api/v1/csrf``, the token that every change must carry."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from pydantic import BaseModel, Field

from magnerve import __version__
from magnerve.interfaces import payloads
from magnerve.interfaces.web.api.models import ERROR_RESPONSES
from magnerve.interfaces.web.api.shapes import CitationOut, CsrfTokenOut, Out
from magnerve.interfaces.web.csrf import csrf_token

router = APIRouter(tags=["system"], responses=ERROR_RESPONSES)


class Health(BaseModel):
    ok: bool
    version: str


class FoodSourceOut(Out):
    id: str
    name: str
    short_name: str
    publisher: str
    year: int
    licence: str
    attribution: str
    url: str


class About(Out):
    version: str
    knowledge_version: str
    food_data_version: str
    food_sources: list[FoodSourceOut]
    disclaimer: str = Field(description="What magnerve is not: read it.")
    citations: list[CitationOut] | None = Field(None, description="With ?sources=true.")


@router.get("/health")
def health() -> Health:
    """Always answers; reads nothing."""
    return Health(ok=True, version=__version__)


@router.get("/about", response_model=About, response_model_exclude_unset=True)
def about(
    sources: Annotated[bool, Query(description="Also list every cited reference.")] = False,
) -> dict[str, Any]:
    """Versions, food data sources with licences and attribution, and the disclaimer."""
    from magnerve.knowledge.load import load_citations
    from magnerve.services.about import about as gather

    citations = load_citations().values() if sources else None
    return payloads.about(gather(), citations)


@router.get("/csrf")
def csrf(request: Request, response: Response) -> CsrfTokenOut:
    """This session's anti-forgery token (made on first use, kept in the session cookie).
    Every POST, PUT, PATCH and DELETE must send it in the `X-CSRF-Token` header."""
    response.headers["Cache-Control"] = "no-store"
    return CsrfTokenOut(csrf_token=csrf_token(request))
