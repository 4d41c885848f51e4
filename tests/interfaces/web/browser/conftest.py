"""A real server (uvicorn on 127.0.0.1) and Debian's chromium driven by Playwright.

Chromium comes from apt (scripts/ensure-system-deps.sh); ``playwright install`` is never run,
because nothing may be downloaded at test time. Under CI=true a missing chromium fails the run.
Screenshots are kept in ``test-artifacts/screenshots/`` (or ``$MAGNERVE_TEST_ARTIFACTS``).
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import IN_CI

CHROMIUM = "/usr/bin/chromium"
ROOT = Path(__file__).resolve().parents[4]
AXE = Path(__file__).resolve().parents[1] / "vendor" / "axe-4.14.1.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",  # tests run as root in a container
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-default-apps",
    "--disable-sync",
    "--no-first-run",
    "--metrics-recording-only",
]


def artifacts_dir() -> Path:
    base = Path(os.environ.get("MAGNERVE_TEST_ARTIFACTS", ROOT / "test-artifacts"))
    directory = base / "screenshots"
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class LiveServer:
    """uvicorn serving one app in a background thread."""

    def __init__(self, app: Any) -> None:
        import uvicorn

        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(
            app, host="127.0.0.1", port=self.port, access_log=False, log_level="warning"
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, daemon=True)

    def start(self) -> None:
        self._thread.start()
        deadline = time.monotonic() + 20
        while not self._server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError("the test server did not start")
            time.sleep(0.02)

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if shutil.which(CHROMIUM) is None and not Path(CHROMIUM).exists():
        message = f"the browser tests need chromium ({CHROMIUM}): apt-get install chromium"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def live_server(settings: Any) -> Iterator[LiveServer]:
    """A fresh app and database per test, served on a free loopback port (real clock)."""
    from magnerve.interfaces.web.app import create_app

    server = LiveServer(create_app(settings))
    server.start()
    yield server
    server.stop()


@pytest.fixture
def page(browser: Any, live_server: LiveServer, request: pytest.FixtureRequest) -> Iterator[Any]:
    """A page in a fresh browser context (own cookies), phone-sized unless a test changes it.

    A screenshot of the last state is saved when the test ends, pass or fail.
    """
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 375, "height": 812}, accept_downloads=True
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.js_errors = errors
    yield page
    name = request.node.name.replace("/", "_")
    try:
        page.screenshot(path=str(artifacts_dir() / f"{name}-last.png"), full_page=True)
    finally:
        context.close()


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """axe-core's serious and critical WCAG 2.1 A/AA violations on the current page."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """async () => await axe.run(document, {
            runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']},
            resultTypes: ['violations']
        })"""
    )
    return [v for v in result["violations"] if v["impact"] in {"serious", "critical"}]


def describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for v in violations:
        targets = ", ".join(str(n["target"]) for n in v["nodes"][:5])
        lines.append(f"{v['impact']}: {v['id']} ({v['help']}) at {targets}")
    return "\n".join(lines)
