"""The symptom diary (with its history), the supplement trial, deficiency screenings and the
lab-monitoring interval in the profile.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-21
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def _person_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["person_id"], ["person.id"], name=op.f(f"fk_{table}_person_id_person"), ondelete="CASCADE"
    )


def upgrade() -> None:
    with op.batch_alter_table("profile") as batch:
        batch.add_column(sa.Column("lab_interval_months", sa.Integer(), nullable=True))
    op.create_table(
        "diary_value",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("local_date", sa.Date(), nullable=False),
        sa.Column("item", sa.String(length=16), nullable=False),
        sa.Column("number", sa.Float(), nullable=True),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("logged_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("replaced_at", sa.DateTime(timezone=True), nullable=True),
        _person_fk("diary_value"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_diary_value")),
    )
    op.create_index("ix_diary_value_person_date", "diary_value", ["person_id", "local_date"])
    op.create_index(
        "uq_diary_value_current",
        "diary_value",
        ["person_id", "local_date", "item"],
        unique=True,
        sqlite_where=sa.text("replaced_at IS NULL"),
        postgresql_where=sa.text("replaced_at IS NULL"),
    )
    op.create_table(
        "trial",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        _person_fk("trial"),
        sa.ForeignKeyConstraint(
            ["product_id"],
            ["supplement_product.id"],
            name=op.f("fk_trial_product_id_supplement_product"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_trial")),
    )
    op.create_index("ix_trial_person", "trial", ["person_id"])
    op.create_table(
        "screening",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("local_date", sa.Date(), nullable=False),
        sa.Column("symptoms", sa.JSON(), nullable=False),
        sa.Column("risk_factors", sa.JSON(), nullable=False),
        sa.Column("logged_at", sa.DateTime(timezone=True), nullable=False),
        _person_fk("screening"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_screening")),
    )
    op.create_index("ix_screening_person_date", "screening", ["person_id", "local_date"])


def downgrade() -> None:
    op.drop_index("ix_screening_person_date", table_name="screening")
    op.drop_table("screening")
    op.drop_index("ix_trial_person", table_name="trial")
    op.drop_table("trial")
    op.drop_index("uq_diary_value_current", table_name="diary_value")
    op.drop_index("ix_diary_value_person_date", table_name="diary_value")
    op.drop_table("diary_value")
    with op.batch_alter_table("profile") as batch:
        batch.drop_column("lab_interval_months")
