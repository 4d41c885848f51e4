"""``magnerve serve`` listens only on this computer unless clinic mode is on."""

from __future__ import annotations

from typing import Any

import pytest

from magnerve.interfaces.cli.serve import is_loopback
from tests.conftest import Cli


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1", "[::1]", "127.0.0.2"])
def test_loopback_hosts(host: str) -> None:
    assert is_loopback(host)


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.5", "example.org", "::", ""])
def test_other_hosts_are_not_loopback(host: str) -> None:
    assert not is_loopback(host)


def test_another_interface_is_refused_in_local_mode(cli: Cli, monkeypatch: Any) -> None:
    started: list[Any] = []
    monkeypatch.setattr("uvicorn.run", lambda *a, **k: started.append((a, k)))
    result = cli("serve", "--host", "0.0.0.0")
    assert result.exit_code == 2
    assert "Error: Local mode serves only this computer (127.0.0.1), not 0.0.0.0" in result.stderr
    assert "MAGNERVE_MODE=clinic" in result.stderr
    assert started == []


def test_serve_starts_uvicorn_on_loopback_without_an_access_log(cli: Cli, monkeypatch: Any) -> None:
    started: list[Any] = []
    monkeypatch.setattr("uvicorn.run", lambda app, **k: started.append((app, k)))
    result = cli("serve", "--port", "8123")
    assert result.exit_code == 0, result.stderr
    assert "http://127.0.0.1:8123/" in result.stdout
    ((app, kwargs),) = started
    assert kwargs["host"] == "127.0.0.1" and kwargs["port"] == 8123
    assert kwargs["access_log"] is False
    assert app.title == "magnerve"


def test_json_says_where_it_listens(cli: Cli, monkeypatch: Any) -> None:
    monkeypatch.setattr("uvicorn.run", lambda app, **k: None)
    payload = cli.json("serve", "--port", "8124")
    assert payload == {
        "url": "http://127.0.0.1:8124/",
        "host": "127.0.0.1",
        "port": 8124,
        "mode": "local",
        "workers": 1,
    }


def test_clinic_mode_refuses_to_start_without_a_real_secret_key(cli: Cli, monkeypatch: Any) -> None:
    from magnerve.interfaces.cli.serve import check_host

    check_host("0.0.0.0", "clinic")  # no error: the interface is allowed in clinic mode
    started: list[Any] = []
    monkeypatch.setattr("uvicorn.run", lambda app, **k: started.append(k))
    monkeypatch.setenv("MAGNERVE_MODE", "clinic")
    for key in (None, "short", "change-me-change-me-change-me-change-me", "a" * 64):
        if key is None:
            monkeypatch.delenv("MAGNERVE_SECRET_KEY", raising=False)
        else:
            monkeypatch.setenv("MAGNERVE_SECRET_KEY", key)
        result = cli("serve", "--host", "0.0.0.0")
        assert result.exit_code == 2, key
        assert "MAGNERVE_SECRET_KEY" in result.stderr
    assert started == []


def test_clinic_mode_serves_other_interfaces_behind_a_proxy_with_a_real_key(
    cli: Cli, monkeypatch: Any
) -> None:
    started: list[Any] = []
    monkeypatch.setattr("uvicorn.run", lambda app, **k: started.append(k))
    monkeypatch.setenv("MAGNERVE_MODE", "clinic")
    monkeypatch.setenv("MAGNERVE_SECRET_KEY", "k7Qx9-m2PaT4_vWz8rYc3LdN6hJb5sGe1uFo0iKq")
    monkeypatch.setenv("MAGNERVE_FORWARDED_ALLOW_IPS", "10.0.0.2")
    payload = cli.json("serve", "--host", "0.0.0.0", "--port", "8125")
    assert payload["mode"] == "clinic"
    assert started and started[0]["host"] == "0.0.0.0"
    assert started[0]["proxy_headers"] is True
    assert started[0]["forwarded_allow_ips"] == "10.0.0.2"
    assert started[0]["access_log"] is False


def test_several_workers_are_for_clinic_mode_only(cli: Cli, monkeypatch: Any) -> None:
    monkeypatch.setattr("uvicorn.run", lambda app, **k: None)
    result = cli("serve", "--workers", "2")
    assert result.exit_code == 2
    assert "--workers" in result.stderr


def test_a_bad_port_is_exit_2(cli: Cli) -> None:
    result = cli("serve", "--port", "70000")
    assert result.exit_code == 2
    assert "--port" in result.stderr
