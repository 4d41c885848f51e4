"""``magnerve admin``: the first admin and other accounts, made from the command line."""

from __future__ import annotations

import io
from typing import Any

import pytest

from tests.conftest import Cli

PASSPHRASE = "quiet river stones at dawn"


@pytest.fixture
def stdin(monkeypatch: pytest.MonkeyPatch) -> Any:
    def feed(text: str) -> None:
        monkeypatch.setattr("sys.stdin", io.StringIO(text))

    return feed


def test_create_user_makes_an_admin_by_default_and_lists_it(cli: Cli, stdin: Any) -> None:
    stdin(PASSPHRASE + "\n")
    created = cli.json(
        "admin",
        "create-user",
        "--email",
        " Lee@Clinic.Example ",
        "--name",
        "Dr Lee",
        "--password-stdin",
    )
    assert created == {
        "id": created["id"],
        "email": "lee@clinic.example",
        "display_name": "Dr Lee",
        "role": "admin",
        "person": None,
    }
    listed = cli.json("admin", "list-users")["users"]
    assert [(u["email"], u["role"]) for u in listed] == [("lee@clinic.example", "admin")]
    assert "password" not in str(listed).lower()


def test_a_patient_account_gets_its_own_records(cli: Cli, stdin: Any) -> None:
    stdin(PASSPHRASE + "\n")
    created = cli.json(
        "admin",
        "create-user",
        "--email",
        "ann@example.org",
        "--name",
        "Ann",
        "--role",
        "patient",
        "--password-stdin",
    )
    assert created["person"].startswith("p-")


@pytest.mark.parametrize(
    ("args", "password", "field"),
    [
        (("--role", "doctor"), PASSPHRASE, "--role"),
        ((), "too short", "password"),
        (("--email", "not-an-address"), PASSPHRASE, "email"),
    ],
)
def test_bad_input_is_exit_2_naming_the_field_and_creates_nothing(
    cli: Cli, stdin: Any, args: tuple[str, ...], password: str, field: str
) -> None:
    stdin(password + "\n")
    base = {"--email": "ann@example.org", "--name": "Ann"}
    for flag, value in zip(args[::2], args[1::2], strict=True):
        base[flag] = value
    flat = [x for pair in base.items() for x in pair]
    result = cli("admin", "create-user", *flat, "--password-stdin")
    assert result.exit_code == 2
    assert field in result.stderr
    assert cli.json("admin", "list-users")["users"] == []


def test_the_same_address_twice_is_refused(cli: Cli, stdin: Any) -> None:
    stdin(PASSPHRASE + "\n")
    cli.ok("admin", "create-user", "--email", "a@b.org", "--name", "A", "--password-stdin")
    stdin(PASSPHRASE + "\n")
    result = cli("admin", "create-user", "--email", "A@B.org", "--name", "A2", "--password-stdin")
    assert result.exit_code == 2
    assert "email" in result.stderr
    assert len(cli.json("admin", "list-users")["users"]) == 1
