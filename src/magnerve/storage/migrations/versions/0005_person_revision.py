"""A revision number on each person, raised by every change to their records, so summaries
(the clinician panel) can be reused until something changes.

A plain ADD COLUMN (no table copy), so SQLite keeps the person table and its records in place.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-21
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "person",
        sa.Column("revision", sa.Integer(), nullable=False, server_default=sa.text("0")),
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ALTER TABLE person DROP COLUMN revision")
    else:
        op.drop_column("person", "revision")
