"""Turn what a person typed for ``--db`` into a SQLAlchemy URL."""

from __future__ import annotations

from pathlib import Path

from magnerve.errors import ConfigurationError

_ALIASES = {
    "postgresql://": "postgresql+psycopg://",
    "postgres://": "postgresql+psycopg://",
}


def to_sqlalchemy_url(value: str) -> str:
    """A URL is kept (plain ``postgresql://`` gets the psycopg 3 driver); a path becomes SQLite."""
    text = value.strip()
    if not text:
        raise ConfigurationError(
            "The database setting is empty.",
            field="database_url",
            hint="Give a file path or a URL such as postgresql+psycopg://user@host/db.",
        )
    if "://" in text:
        for prefix, replacement in _ALIASES.items():
            if text.startswith(prefix):
                return replacement + text[len(prefix) :]
        return text
    return "sqlite:///" + str(Path(text).expanduser().resolve())
