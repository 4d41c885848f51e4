"""The web app under 20 concurrent clients on loopback: the Today page and the log-food API
against a trivial route of the same app (``/api/v1/health``), as requests/s, p50/p95 and ratios.

Report only: prints a Markdown section. Never asserts on time.
    .venv/bin/python benchmarks/bench_web.py

The server runs in its own process (uvicorn, one worker, as `magnerve serve` runs it) on a
temporary database with the example person loaded; the clients are asyncio tasks sharing one
httpx2 connection pool in this process.
"""

from __future__ import annotations

import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import httpx2

CLIENTS = 20
SECONDS = 6.0
WARMUP = 1.0

SERVER = """
import sys, uvicorn
from magnerve.config import Settings
from magnerve.interfaces.web.app import create_app
from pathlib import Path
d = Path(sys.argv[1])
settings = Settings(database_url=str(d / "r.sqlite3"), data_dir=d, food_db_dir=d / "food",
                    secret_key="benchmark")
uvicorn.run(create_app(settings), host="127.0.0.1", port=int(sys.argv[2]), access_log=False,
            log_level="warning")
"""


@dataclass
class Result:
    name: str
    requests: int
    errors: int
    seconds: float
    latencies_ms: list[float]

    @property
    def rps(self) -> float:
        return self.requests / self.seconds

    @property
    def p50(self) -> float:
        return statistics.median(self.latencies_ms)

    @property
    def p95(self) -> float:
        return statistics.quantiles(self.latencies_ms, n=20)[18]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def load(
    name: str, client: httpx2.AsyncClient, call: Callable[[], Awaitable[httpx2.Response]]
) -> Result:
    latencies: list[float] = []
    errors = 0
    stop_warmup = time.perf_counter() + WARMUP
    end = stop_warmup + SECONDS

    async def worker() -> None:
        nonlocal errors
        while True:
            started = time.perf_counter()
            if started >= end:
                return
            response = await call()
            finished = time.perf_counter()
            if response.status_code >= 400:
                errors += 1
            if started >= stop_warmup:
                latencies.append((finished - started) * 1000)

    await asyncio.gather(*(worker() for _ in range(CLIENTS)))
    return Result(name, len(latencies), errors, SECONDS, latencies)


async def run(base: str) -> list[Result]:
    limits = httpx2.Limits(max_connections=CLIENTS, max_keepalive_connections=CLIENTS)
    async with httpx2.AsyncClient(base_url=base, limits=limits, timeout=30) as client:
        loaded = await client.post("/example/load", follow_redirects=False)
        assert loaded.status_code == 303, loaded.text
        results = [
            await load("GET /api/v1/health (trivial)", client, lambda: client.get("/api/v1/health"))
        ]
        results.append(await load("GET / (Today page)", client, lambda: client.get("/")))
        body = {"text": "1 oz almonds", "meal": "snack"}
        results.append(
            await load(
                "POST /api/v1/intake (log food)",
                client,
                lambda: client.post("/api/v1/intake", json=body),
            )
        )
    return results


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        port = free_port()
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        server = subprocess.Popen([sys.executable, "-c", SERVER, tmp, str(port)], env=env)
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 120  # the first start builds the food database
            while True:
                try:
                    if httpx2.get(base + "/api/v1/health").status_code == 200:
                        break
                except httpx2.HTTPError:
                    pass
                if time.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit("the benchmark server did not start")
                time.sleep(0.2)
            results = asyncio.run(run(base))
        finally:
            server.terminate()
            server.wait(timeout=10)
    base_result = results[0]
    lines = [
        f"### Web app under {CLIENTS} concurrent clients (loopback, one uvicorn worker, "
        f"{SECONDS:g} s per route after {WARMUP:g} s warm-up)",
        "",
        "| route | requests/s | p50 ms | p95 ms | errors | requests/s × trivial | p95 × trivial |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in results:
        lines.append(
            f"| `{r.name}` | {r.rps:.0f} | {r.p50:.1f} | {r.p95:.1f} | {r.errors} | "
            f"{r.rps / base_result.rps:.2f} | {r.p95 / base_result.p95:.1f} |"
        )
    lines.append("")
    lines.append(
        "The Today page reads the day's food and doses, runs every safety rule, the lab schedule, "
        "the dose plan and 14 days of pain on each request; the log-food API parses the text, "
        "searches the food data and writes one entry (one SQLite write at a time)."
    )
    sys.stdout.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
