"""Create or migrate the records database.

Every command calls :func:`ensure_current`. It reads one row (the Alembic version) and only
imports Alembic when the database is new or behind, so commands stay quick to start.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect, text
from sqlalchemy.exc import DBAPIError

from magnerve.errors import ConfigurationError

if TYPE_CHECKING:
    from alembic.config import Config

#: The newest migration id. A test checks it equals Alembic's head, so it cannot drift.
SCHEMA_HEAD = "0005"

MIGRATIONS_DIR = Path(__file__).with_name("migrations")


def current_revision(engine: Engine) -> str | None:
    """The database's migration id, or ``None`` for a new, empty database."""
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        row = conn.execute(text("SELECT version_num FROM alembic_version")).first()
        return None if row is None else str(row[0])


def _fast_revision(engine: Engine) -> str | None:
    """One cheap query on the hot path; falls back to inspection when the table is missing."""
    try:
        with engine.connect() as conn:
            row = conn.execute(text("SELECT version_num FROM alembic_version")).first()
    except DBAPIError:
        return current_revision(engine)
    return None if row is None else str(row[0])


def ensure_current(engine: Engine) -> None:
    """Upgrade to the newest schema if needed (creating the database on first use)."""
    try:
        revision = _fast_revision(engine)
    except Exception as exc:
        raise ConfigurationError(
            f"Cannot open the records database: {exc.__class__.__name__}: {exc}",
            field="database_url",
            hint="Check --db / MAGNERVE_DATABASE_URL, that the server is running "
            "and that you may write there.",
        ) from exc
    if revision != SCHEMA_HEAD:
        upgrade(engine)


def upgrade(engine: Engine, target: str = "head") -> None:
    from alembic import command

    with engine.begin() as connection:
        config = _alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, target)


def downgrade(engine: Engine, target: str) -> None:
    from alembic import command

    with engine.begin() as connection:
        config = _alembic_config()
        config.attributes["connection"] = connection
        command.downgrade(config, target)


def alembic_head() -> str | None:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_alembic_config()).get_current_head()


def _alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config
