"""Engine factory: one place that knows how to connect to SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import NoSuchModuleError

from magnerve.errors import ConfigurationError


def make_engine(url: str) -> Engine:
    """Create an engine. SQLite files get WAL, foreign keys and a busy timeout."""
    try:
        parsed = make_url(url)
    except Exception as exc:  # sqlalchemy raises ArgumentError with the bad URL
        raise ConfigurationError(
            f"The database URL is not valid: {exc}",
            field="database_url",
            hint="Use a file path or a URL such as postgresql+psycopg://user@host/db.",
        ) from exc
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        if database and database != ":memory:":
            try:
                Path(database).parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise ConfigurationError(
                    f"Cannot create the folder for the database file {database}: {exc.strerror}",
                    field="database_url",
                ) from exc
        engine = create_engine(url, connect_args={"timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    try:
        return create_engine(url, pool_pre_ping=True)
    except NoSuchModuleError as exc:
        raise ConfigurationError(
            f"'{parsed.drivername}' is not a database magnerve can use.",
            field="database_url",
            hint="Use a SQLite file path or postgresql+psycopg://user@host/db.",
        ) from exc
    except ModuleNotFoundError as exc:
        raise ConfigurationError(
            f"The database driver for {parsed.get_backend_name()} is not installed ({exc.name}).",
            field="database_url",
            hint="Install magnerve with the postgres extra: pip install 'magnerve[postgres]'.",
        ) from exc


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()
