"""Writes only from our own pages: a cross-site form or script cannot change anyone's records.

Browsers send ``Origin`` (and ``Sec-Fetch-Site``) with every POST/PUT/PATCH/DELETE. A request
whose origin is another site is refused with 403 before any route runs. Requests without those
headers (curl, the test client, other programs) are allowed: they are not a browser being tricked.
"""

from __future__ import annotations

import json
from urllib.parse import urlsplit

from starlette.types import ASGIApp, Receive, Scope, Send

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class SameOriginWrites:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] not in SAFE_METHODS and _cross_site(scope):
            body = json.dumps(
                {
                    "ok": False,
                    "error": "This change came from another web site and was refused.",
                    "errors": [{"field": "origin", "message": "must be this magnerve server"}],
                    "code": "forbidden",
                }
            ).encode()
            await send(
                {
                    "type": "http.response.start",
                    "status": 403,
                    "headers": [(b"content-type", b"application/json")],
                }
            )
            await send({"type": "http.response.body", "body": body})
            return
        await self.app(scope, receive, send)


def _cross_site(scope: Scope) -> bool:
    headers: dict[str, str] = {
        k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]
    }
    fetch_site = headers.get("sec-fetch-site")
    if fetch_site is not None:
        return fetch_site not in {"same-origin", "none"}
    origin = headers.get("origin")
    if origin is None:
        return False  # not a browser sending a page's form or script
    if origin == "null":
        return True  # a sandboxed or file:// page
    return urlsplit(origin).netloc != headers.get("host", "")
