"""/health and /about (``magnerve about``)."""

from __future__ import annotations

from typing import Any

from magnerve import __version__
from tests.conftest import Cli
from tests.interfaces.web.api.conftest import API, assert_error


def test_health(client: Any) -> None:
    assert client.get(f"{API}/health").json() == {"ok": True, "version": __version__}


def test_about_names_sources_and_says_what_magnerve_is_not(client: Any) -> None:
    data = client.get(f"{API}/about").json()
    assert data["version"] == __version__
    assert "does not diagnose" in data["disclaimer"]
    assert any("CIQUAL" in s["short_name"] for s in data["food_sources"])
    assert "citations" not in data
    cited = client.get(f"{API}/about", params={"sources": True}).json()["citations"]
    assert len(cited) > 10 and all(c["title"] for c in cited)


def test_about_refuses_a_bad_flag(client: Any) -> None:
    assert_error(client.get(f"{API}/about", params={"sources": "lots"}), 422, "sources")


def test_about_equals_the_cli_json(cli: Cli, cli_api: Any) -> None:
    assert cli_api.get(f"{API}/about").json() == cli.json("about")
    assert cli_api.get(f"{API}/about", params={"sources": True}).json() == cli.json(
        "about", "--sources"
    )
