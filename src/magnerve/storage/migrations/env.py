"""Alembic environment, run by ``magnerve.storage.schema.upgrade`` (``magnerve db upgrade``)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from magnerve.storage.tables import metadata

config = context.config


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - only when run by the alembic CLI directly
    from magnerve.storage.engine import make_engine

    engine = make_engine(config.get_main_option("sqlalchemy.url") or "")
    with engine.begin() as conn:
        _run(conn)
else:
    _run(connection)
