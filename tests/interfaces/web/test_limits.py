"""The request body limit: over 1 MiB is refused with 413 before any route sees it.

Bodies that say their size (Content-Length) and bodies that do not (chunked) alike; nothing is
saved from a refused body, and bodies within the limit reach the routes unchanged.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from magnerve.interfaces.web.limits import MAX_BODY_BYTES
from tests.interfaces.web.api.conftest import assert_error

MIB = 1_048_576


def pain_rows(web_app: Any) -> int:
    """Diary values saved today (the fixed clock's day), replaced ones included."""
    return len(web_app.state.magnerve.diary.day("2026-03-14", with_history=True).values)


def padded_pain(size: int) -> bytes:
    """A valid pain entry as JSON, padded with spaces to exactly ``size`` bytes."""
    body = b'{"score": 6}'
    return body + b" " * (size - len(body))


def chunks(body: bytes, size: int = 64 * 1024) -> Iterator[bytes]:
    for start in range(0, len(body), size):
        yield body[start : start + size]


def test_the_limit_is_one_mebibyte() -> None:
    assert MAX_BODY_BYTES == MIB


def test_a_2_mib_json_body_is_refused_with_the_error_shape(client: Any, web_app: Any) -> None:
    response = client.post(
        "/api/v1/diary/pain",
        content=padded_pain(2 * MIB),
        headers={"content-type": "application/json"},
    )
    body = assert_error(response, 413, "body", code="too_large")
    assert "1 MiB" in body["error"]
    assert pain_rows(web_app) == 0


def test_a_chunked_body_over_the_limit_is_refused(client: Any, web_app: Any) -> None:
    response = client.post(
        "/api/v1/diary/pain",
        content=chunks(padded_pain(2 * MIB)),
        headers={"content-type": "application/json"},
    )
    assert "content-length" not in response.request.headers
    assert response.request.headers["transfer-encoding"] == "chunked"
    assert_error(response, 413, "body", code="too_large")
    assert pain_rows(web_app) == 0


def test_a_page_form_over_the_limit_gets_a_short_page_and_nothing_is_saved(
    client: Any, web_app: Any
) -> None:
    response = client.post(
        "/log/pain", data={"score": "6", "site": "x" * (2 * MIB)}, follow_redirects=False
    )
    assert response.status_code == 413
    assert response.headers["content-type"].startswith("text/plain")
    assert "too large" in response.text and "1 MiB" in response.text
    assert pain_rows(web_app) == 0


def test_bodies_within_the_limit_still_work(client: Any, web_app: Any) -> None:
    small = client.post("/api/v1/diary/pain", json={"score": 6})
    assert small.status_code == 201, small.text
    # Exactly at the limit, said by Content-Length and not said (chunked): both reach the route.
    at_limit = client.post(
        "/api/v1/diary/pain",
        content=padded_pain(MAX_BODY_BYTES),
        headers={"content-type": "application/json"},
    )
    assert at_limit.status_code == 201, at_limit.text[:300]
    chunked = client.post(
        "/api/v1/diary/pain",
        content=chunks(padded_pain(MAX_BODY_BYTES)),
        headers={"content-type": "application/json"},
    )
    assert "content-length" not in chunked.request.headers
    assert chunked.status_code == 201, chunked.text[:300]
    assert pain_rows(web_app) == 3
    form = client.post("/log/pain", data={"score": "5"}, follow_redirects=False)
    assert form.status_code == 303
    assert pain_rows(web_app) == 4


def test_one_byte_over_the_limit_is_refused(client: Any, web_app: Any) -> None:
    response = client.post(
        "/api/v1/diary/pain",
        content=padded_pain(MAX_BODY_BYTES + 1),
        headers={"content-type": "application/json"},
    )
    assert_error(response, 413, "body", code="too_large")
    assert pain_rows(web_app) == 0


# -- straight at the ASGI interface: what a server hands over, message by message ----------------


def call(app: Any, path: str, headers: list[tuple[bytes, bytes]], messages: list[bytes]) -> Any:
    """Send the body as separate messages (as a server does with a chunked upload); return the
    status, the answer's body and how many body messages the app read."""
    sent: list[dict[str, Any]] = []
    read = 0

    async def receive() -> dict[str, Any]:
        nonlocal read
        if read < len(messages):
            read += 1
            more = read < len(messages)
            return {"type": "http.request", "body": messages[read - 1], "more_body": more}
        return {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": b"",
        "headers": [(b"host", b"testserver"), *headers],
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
        "state": {},
    }
    # In a thread of its own: the browser tests' Playwright keeps a loop running in this one.
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, app(scope, receive, send)).result()
    start = next(m for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return start["status"], body, read


def test_a_streamed_body_is_refused_as_soon_as_it_passes_the_limit(web_app: Any) -> None:
    pieces = list(chunks(padded_pain(4 * MIB)))  # 64 messages of 64 KiB
    status, body, read = call(
        web_app, "/api/v1/diary/pain", [(b"content-type", b"application/json")], pieces
    )
    assert status == 413
    assert json.loads(body)["code"] == "too_large"
    assert read == MAX_BODY_BYTES // (64 * 1024) + 1  # one message past the limit, no more
    assert pain_rows(web_app) == 0


def test_a_body_that_says_it_is_too_large_is_not_read_at_all(web_app: Any) -> None:
    headers = [(b"content-type", b"application/json"), (b"content-length", str(2 * MIB).encode())]
    status, _, read = call(web_app, "/api/v1/diary/pain", headers, list(chunks(b"x" * 2 * MIB)))
    assert (status, read) == (413, 0)


def test_a_streamed_body_within_the_limit_reaches_the_route_whole(web_app: Any) -> None:
    from fastapi.testclient import TestClient

    browser = TestClient(web_app)  # only for a session cookie and its token
    token = browser.get("/api/v1/csrf").json()["csrf_token"]
    cookie = "; ".join(f"{k}={v}" for k, v in browser.cookies.items())
    headers = [
        (b"content-type", b"application/json"),
        (b"cookie", cookie.encode()),
        (b"x-csrf-token", token.encode()),
    ]
    pieces = list(chunks(padded_pain(MAX_BODY_BYTES)))  # 16 messages, the last one ends it
    status, body, read = call(web_app, "/api/v1/diary/pain", headers, pieces)
    assert (status, read) == (201, len(pieces)), body[:300]
    assert pain_rows(web_app) == 1
