"""Crash safety: 50 concurrent writers against a real server (SQLite in WAL mode, and PostgreSQL),
killed with SIGKILL mid-stream and started again on the same database.

Every writer sends lab results, each with its own Idempotency-Key, and remembers which were
acknowledged (a 2xx received). After the kill, each writer sends the requests it got no answer
for again, with the same key and body, as a real program would. Then every acknowledged and
every retried request is in the database exactly once, and there is no record without a key.
"""

from __future__ import annotations

import itertools
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx2 as httpx
import pytest
from sqlalchemy import select

from magnerve.config import Settings
from magnerve.storage import tables
from magnerve.storage.engine import make_engine

pytestmark = pytest.mark.slow

WRITERS = 50
#: The kill comes once this many writes were acknowledged (and writers are mid-request).
ACKS_BEFORE_KILL = 150
#: Fixed, so the browser sessions (and their anti-forgery tokens) outlive the restart.
SECRET_KEY = "crash-safety-test-secret-key-not-for-real-use"
READY_TIMEOUT_S = 60.0
REQUEST_TIMEOUT_S = 30.0


def free_port() -> int:
    with closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    """``magnerve serve`` as a child process; its output goes to ``log``."""

    env: dict[str, str]
    port: int
    log: Path
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        assert self.process is None or self.process.poll() is not None
        with self.log.open("ab") as out:
            out.write(f"--- magnerve serve --port {self.port}\n".encode())
            out.flush()
            self.process = subprocess.Popen(
                [sys.executable, "-m", "magnerve", "serve", "--port", str(self.port)],
                env=self.env,
                cwd=self.log.parent,
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
            )
        deadline = time.monotonic() + READY_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"the server stopped with code {self.process.returncode}")
            try:
                if httpx.get(f"{self.url}/api/v1/health", timeout=1.0).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        raise AssertionError(f"the server did not answer within {READY_TIMEOUT_S:g} s")

    def kill(self) -> None:
        """SIGKILL: no shutdown, no flushing, in-flight requests cut off."""
        assert self.process is not None and self.process.poll() is None
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace") if self.log.exists() else ""


@pytest.fixture
def servers() -> Iterator[list[Server]]:
    """Every server a test starts is stopped afterwards, whatever happened."""
    started: list[Server] = []
    yield started
    for server in started:
        server.stop()


@dataclass
class Writer:
    """One program writing lab results, with its own session (cookie and token)."""

    client: httpx.Client
    #: Every request sent, by key, in order (sent before the answer came, or none came).
    sent: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: The answers received (2xx), by key.
    acked: dict[str, dict[str, Any]] = field(default_factory=dict)
    refused: list[str] = field(default_factory=list)

    def post(self, key: str, body: dict[str, Any]) -> httpx.Response:
        return self.client.post("/api/v1/labs", json=body, headers={"Idempotency-Key": key})

    def unacked(self) -> dict[str, dict[str, Any]]:
        return {k: b for k, b in self.sent.items() if k not in self.acked}


def open_session(base_url: str, transport: httpx.HTTPTransport) -> httpx.Client:
    """A client with a session of its own (cookies), sending the anti-forgery token when the
    server has one. Clients share one connection pool (``transport``), as they may."""
    client = httpx.Client(base_url=base_url, transport=transport, timeout=REQUEST_TIMEOUT_S)
    answer = client.get("/api/v1/csrf")
    if answer.status_code == 200:
        client.headers["X-CSRF-Token"] = answer.json()["csrf_token"]
    return client


def write_until_cut_off(writer: Writer, number: Iterator[int], name: str) -> None:
    for seq in itertools.count():
        key = f"{name}-{seq}"
        body = {
            "analyte": "serum-magnesium",
            "value": round(0.5 + next(number) / 100_000, 5),  # unique: ties record to key
            "unit": "mmol/L",
        }
        writer.sent[key] = body
        try:
            response = writer.post(key, body)
        except httpx.TransportError:
            return  # the server is gone: this request is not acknowledged
        if not response.is_success:
            writer.refused.append(f"{key}: {response.status_code} {response.text[:300]}")
            return
        writer.acked[key] = response.json()


def stored(database_url: str) -> tuple[dict[str, int], dict[int, float]]:
    """(lab id by idempotency key, lab value by id), read straight from the database."""
    engine = make_engine(Settings(database_url=database_url).resolved_database_url())
    try:
        with engine.connect() as conn:
            keys = {
                str(row.key): int(row.result["lab_id"])
                for row in conn.execute(
                    select(tables.idempotency_key.c.key, tables.idempotency_key.c.result)
                )
            }
            labs = {
                int(row.id): float(row.value)
                for row in conn.execute(select(tables.lab_result.c.id, tables.lab_result.c.value))
            }
    finally:
        engine.dispose()
    return keys, labs


def crash_and_recover(
    database_url: str, food_db_dir: Path, tmp_path: Path, servers: list[Server]
) -> dict[str, int]:
    env = {
        **os.environ,
        "MAGNERVE_DATABASE_URL": database_url,
        "MAGNERVE_FOOD_DB_DIR": str(food_db_dir),
        "MAGNERVE_SECRET_KEY": SECRET_KEY,
        "MAGNERVE_DATA_DIR": str(tmp_path / "data"),
    }
    env.pop("MAGNERVE_MODE", None)
    server = Server(env, free_port(), tmp_path / "server.log")
    servers.append(server)
    server.start()
    # The local person is made by the first request, before the writers race.
    assert httpx.get(f"{server.url}/api/v1/labs", timeout=REQUEST_TIMEOUT_S).status_code == 200
    connections = httpx.Limits(max_connections=2 * WRITERS, max_keepalive_connections=2 * WRITERS)
    transport = httpx.HTTPTransport(limits=connections)
    writers = [Writer(open_session(server.url, transport)) for _ in range(WRITERS)]
    numbers = itertools.count()
    threads = [
        threading.Thread(target=write_until_cut_off, args=(w, numbers, f"w{i}"), daemon=True)
        for i, w in enumerate(writers)
    ]
    try:
        for t in threads:
            t.start()
        return check_recovery(database_url, server, writers, threads)
    finally:
        server.stop()  # a writer still going stops at its next request
        for t in threads:
            if t.ident is not None:
                t.join(timeout=REQUEST_TIMEOUT_S + 10)
        transport.close()


def check_recovery(
    database_url: str, server: Server, writers: list[Writer], threads: list[threading.Thread]
) -> dict[str, int]:
    deadline = time.monotonic() + 60
    while sum(len(w.acked) for w in writers) < ACKS_BEFORE_KILL:
        assert time.monotonic() < deadline, "too few writes were acknowledged"
        assert not any(w.refused for w in writers), [w.refused for w in writers]
        time.sleep(0.01)
    server.kill()
    for t in threads:
        t.join(timeout=REQUEST_TIMEOUT_S + 10)
    assert not any(t.is_alive() for t in threads)

    assert [r for w in writers for r in w.refused] == []
    acked = {k: a for w in writers for k, a in w.acked.items()}
    unacked = {k: b for w in writers for k, b in w.unacked().items()}
    assert len(acked) >= ACKS_BEFORE_KILL
    assert unacked, "the kill came between requests, not in the middle of them"
    before_retry, _ = stored(database_url)
    assert set(acked) <= set(before_retry)  # acknowledged means saved, crash or not

    server.start()  # the same database, the same port
    for writer in writers:  # what got no answer is sent again, with its key
        for key, body in writer.unacked().items():
            response = writer.post(key, body)
            assert response.status_code == 201, response.text
    for writer in writers:  # a repeat of an acknowledged request gives the same answer
        for key in list(writer.acked)[:1]:
            response = writer.post(key, writer.sent[key])
            assert (response.status_code, response.json()) == (201, writer.acked[key])

    keys, labs = stored(database_url)
    sent = {k: b for w in writers for k, b in w.sent.items()}
    assert set(keys) == set(sent)  # every request, acknowledged or retried, has its key
    assert sorted(keys.values()) == sorted(labs)  # each record once, none without a key
    assert all(labs[keys[k]] == b["value"] for k, b in sent.items())
    assert all(answer["lab"]["id"] == keys[k] for k, answer in acked.items())
    assert len(writers[0].client.get("/api/v1/labs").json()["labs"]) == len(sent)
    return {
        "acknowledged": len(acked),
        "unacknowledged": len(unacked),
        "saved_but_unacknowledged": len(set(unacked) & set(before_retry)),
    }


def run(
    database_url: str,
    food_db_dir: Path,
    tmp_path: Path,
    servers: list[Server],
    request: pytest.FixtureRequest,
) -> None:
    """The scenario; on failure, the servers' output is part of the message. The counts are
    kept as the test's properties (``--junitxml`` shows them)."""
    try:
        counts = crash_and_recover(database_url, food_db_dir, tmp_path, servers)
    except Exception as exc:
        output = "\n".join(server.output() for server in servers)
        raise AssertionError(f"{exc}\n--- server output ---\n{output}") from exc
    request.node.user_properties.extend(counts.items())


def test_sqlite_survives_sigkill_mid_stream(
    tmp_path: Path, food_db_dir: Path, servers: list[Server], request: pytest.FixtureRequest
) -> None:
    database = tmp_path / "records.sqlite3"
    run(str(database), food_db_dir, tmp_path, servers, request)
    with closing(sqlite3.connect(database)) as db:
        assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)


@pytest.mark.postgres
def test_postgres_survives_sigkill_mid_stream(
    tmp_path: Path,
    food_db_dir: Path,
    servers: list[Server],
    postgres_url: str,
    request: pytest.FixtureRequest,
) -> None:
    run(postgres_url, food_db_dir, tmp_path, servers, request)
