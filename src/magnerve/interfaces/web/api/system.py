"""``/api/v1/health``: a trivial route (the benchmarks' baseline) and ``/api/v1/about``."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

from magnerve import __version__
from magnerve.interfaces.web.api.models import ERROR_RESPONSES

router = APIRouter(tags=["system"], responses=ERROR_RESPONSES)


class Health(BaseModel):
    ok: bool
    version: str


@router.get("/health")
def health() -> Health:
    """Always answers; reads nothing."""
    return Health(ok=True, version=__version__)
