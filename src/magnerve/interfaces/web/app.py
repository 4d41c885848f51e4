"""``create_app(settings)``: the FastAPI application, pages and API, built by a factory.

Imported only by ``magnerve serve``, the report command and tests, so CLI commands stay fast.
"""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from argon2 import PasswordHasher
from fastapi import Depends, FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.middleware.sessions import SessionMiddleware

from magnerve import __version__
from magnerve.bootstrap import Magnerve
from magnerve.config import Settings, check_clinic
from magnerve.interfaces.web import csrf, errors, limits, security
from magnerve.interfaces.web.api import CLINIC_ROUTERS as CLINIC_API_ROUTERS
from magnerve.interfaces.web.api import ROUTERS as API_ROUTERS
from magnerve.interfaces.web.pages import CLINIC_ROUTERS as CLINIC_PAGE_ROUTERS
from magnerve.interfaces.web.pages import ROUTERS as PAGE_ROUTERS
from magnerve.services.clock import Clock

STATIC_DIR = Path(__file__).parent / "static"
SESSION_COOKIE = "magnerve_session"

API_DESCRIPTION = (
    "The same capabilities as the `magnerve` command line, as JSON. Every 4xx answer has one "
    'shape: `{"ok": false, "error": "...", "errors": [{"field": ..., "message": ...}], '
    '"code": "..."}`. Request bodies are checked strictly: `false` is not 0 and "3" is not 3.'
)


def create_app(
    settings: Settings,
    *,
    clock: Clock | None = None,
    password_hasher: PasswordHasher | None = None,
) -> FastAPI:
    """The application for ``settings``. ``clock`` and ``password_hasher`` are for tests (a
    fixed 'now', cheap hashing). Clinic mode refuses to start without a real secret key."""
    clinic = settings.mode == "clinic"
    if clinic:
        check_clinic(settings)
    magnerve = Magnerve(settings, clock=clock, password_hasher=password_hasher)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        magnerve.close()

    app = FastAPI(
        lifespan=lifespan,
        title="magnerve",
        version=__version__,
        description=API_DESCRIPTION,
        docs_url="/api/docs",
        redoc_url=None,
        openapi_url="/openapi.json",
        dependencies=[Depends(csrf.require_csrf)],  # every route, routers added later too
    )
    app.state.magnerve = magnerve
    app.state.settings = settings
    app.add_middleware(security.SameOriginWrites)
    app.add_middleware(
        SessionMiddleware,
        secret_key=settings.secret_key or secrets.token_urlsafe(32),
        session_cookie=SESSION_COOKIE,
        # Clinic mode: Lax, so a link from elsewhere (an e-mail, the clinic's record system)
        # opens signed in; writes still need the anti-forgery token and a same-site origin.
        same_site="lax" if clinic else "strict",
        https_only=settings.cookies_secure(),
    )
    app.add_middleware(limits.BodySizeLimit)  # added last: the outermost
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    for router in PAGE_ROUTERS + (CLINIC_PAGE_ROUTERS if clinic else ()):
        app.include_router(router, include_in_schema=False)
    for router in API_ROUTERS + (CLINIC_API_ROUTERS if clinic else ()):
        app.include_router(router, prefix="/api/v1")
    errors.install(app)
    return app
