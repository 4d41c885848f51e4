"""A size limit on request bodies: an oversized body is refused (413) before any route runs.

A body that announces its size (``Content-Length``) over the limit is refused at once, unread.
A body without one (chunked) is read in here, counting, up to the limit: past it the answer is
413 straight away; within it the body is handed on to the application unchanged. Either way an
oversized body never reaches a route, so nothing is saved from it.
"""

from __future__ import annotations

import json

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from magnerve.errors import PayloadTooLarge
from magnerve.interfaces import payloads

#: The largest legitimate body is a form or a small JSON object (well under 100 KiB); restoring
#: a backup is a CLI command, not an upload. 1 MiB leaves room and keeps memory use bounded.
MAX_BODY_BYTES = 1_048_576

MESSAGE = "This request is too large for magnerve: a request may send at most 1 MiB."


class BodySizeLimit:
    """Pure ASGI middleware; register it outermost so nothing reads a body before it."""

    def __init__(self, app: ASGIApp, max_bytes: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = _content_length(scope)
        if length is not None:
            if length > self.max_bytes:
                await _too_large(scope, send)
            else:
                await self.app(scope, receive, send)
            return
        chunks: list[Message] = []
        size = 0
        while True:
            message = await receive()
            chunks.append(message)
            if message["type"] != "http.request":
                break  # the client went away; the application hears it as usual
            size += len(message.get("body", b""))
            if size > self.max_bytes:
                await _too_large(scope, send)
                return
            if not message.get("more_body", False):
                break
        await self.app(scope, _replay(chunks, receive), send)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope["headers"]:
        if name.lower() == b"content-length":
            text = value.decode("latin-1").strip()
            return int(text) if text.isdigit() else None
    return None


def _replay(chunks: list[Message], receive: Receive) -> Receive:
    """The messages already read, in order, then the client's own (a disconnect, later)."""
    pending = list(chunks)

    async def replayed() -> Message:
        if pending:
            return pending.pop(0)
        return await receive()

    return replayed


async def _too_large(scope: Scope, send: Send) -> None:
    if scope["path"].startswith("/api/"):
        error = PayloadTooLarge(MESSAGE, field="body")
        body = json.dumps(payloads.error(error)).encode()
        content_type = b"application/json"
    else:
        body = (MESSAGE + " Go back, shorten what you typed and try again.\n").encode()
        content_type = b"text/plain; charset=utf-8"
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", content_type),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
