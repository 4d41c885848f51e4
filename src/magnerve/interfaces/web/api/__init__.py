"""The JSON API ``/api/v1``: the CLI's capabilities with strict request models."""

from __future__ import annotations

from fastapi import APIRouter

from magnerve.interfaces.web.api import system

ROUTERS: tuple[APIRouter, ...] = (system.router,)
