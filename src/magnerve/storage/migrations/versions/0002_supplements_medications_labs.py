"""Supplement products and doses, medications, lab results; meal times and regimen in profile.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _person_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["person_id"], ["person.id"], name=op.f(f"fk_{table}_person_id_person"), ondelete="CASCADE"
    )


def upgrade() -> None:
    with op.batch_alter_table("profile") as batch:
        batch.add_column(sa.Column("breakfast_time", sa.String(length=5), nullable=True))
        batch.add_column(sa.Column("lunch_time", sa.String(length=5), nullable=True))
        batch.add_column(sa.Column("dinner_time", sa.String(length=5), nullable=True))
        batch.add_column(sa.Column("magnesium_target_mg", sa.Float(), nullable=True))
        batch.add_column(sa.Column("magnesium_prescribed_mg", sa.Float(), nullable=True))
    op.create_table(
        "supplement_product",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("brand", sa.String(length=200), nullable=True),
        sa.Column("form_id", sa.String(length=64), nullable=False),
        sa.Column("basis", sa.String(length=16), nullable=False),
        sa.Column("label_mg_per_serving", sa.Float(), nullable=False),
        sa.Column("elemental_mg_per_serving", sa.Float(), nullable=False),
        sa.Column("serving_unit", sa.String(length=32), nullable=False),
        sa.Column("b12_ug", sa.Float(), nullable=True),
        sa.Column("ala_mg", sa.Float(), nullable=True),
        sa.Column("calcium_mg", sa.Float(), nullable=True),
        sa.Column("zinc_mg", sa.Float(), nullable=True),
        sa.Column("vitamin_d_ug", sa.Float(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("archived_at", sa.DateTime(timezone=True), nullable=True),
        _person_fk("supplement_product"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_supplement_product")),
    )
    op.create_index("ix_supplement_product_person", "supplement_product", ["person_id"])
    op.create_table(
        "supplement_dose",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("local_date", sa.Date(), nullable=False),
        sa.Column("local_time", sa.String(length=5), nullable=True),
        sa.Column("servings", sa.Float(), nullable=False),
        sa.Column("elemental_mg", sa.Float(), nullable=False),
        sa.Column("b12_ug", sa.Float(), nullable=True),
        sa.Column("ala_mg", sa.Float(), nullable=True),
        sa.Column("logged_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        _person_fk("supplement_dose"),
        sa.ForeignKeyConstraint(
            ["product_id"],
            ["supplement_product.id"],
            name=op.f("fk_supplement_dose_product_id_supplement_product"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_supplement_dose")),
    )
    op.create_index(
        "ix_supplement_dose_person_date", "supplement_dose", ["person_id", "local_date"]
    )
    op.create_table(
        "medication",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("input", sa.String(length=200), nullable=False),
        sa.Column("ingredients", sa.JSON(), nullable=False),
        sa.Column("classes", sa.JSON(), nullable=False),
        sa.Column("recognized", sa.Boolean(), nullable=False),
        sa.Column("times", sa.JSON(), nullable=False),
        sa.Column("started_on", sa.Date(), nullable=True),
        sa.Column("stopped_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        _person_fk("medication"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_medication")),
    )
    op.create_index("ix_medication_person", "medication", ["person_id"])
    op.create_table(
        "lab_result",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("analyte", sa.String(length=32), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("unit", sa.String(length=32), nullable=False),
        sa.Column("canonical_value", sa.Float(), nullable=False),
        sa.Column("canonical_unit", sa.String(length=32), nullable=False),
        sa.Column("flag", sa.String(length=16), nullable=True),
        sa.Column("local_date", sa.Date(), nullable=False),
        sa.Column("derived_from_id", sa.Integer(), nullable=True),
        sa.Column("logged_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        _person_fk("lab_result"),
        sa.ForeignKeyConstraint(
            ["derived_from_id"],
            ["lab_result.id"],
            name=op.f("fk_lab_result_derived_from_id_lab_result"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lab_result")),
    )
    op.create_index(
        "ix_lab_result_person_analyte_date", "lab_result", ["person_id", "analyte", "local_date"]
    )


def downgrade() -> None:
    op.drop_index("ix_lab_result_person_analyte_date", table_name="lab_result")
    op.drop_table("lab_result")
    op.drop_index("ix_medication_person", table_name="medication")
    op.drop_table("medication")
    op.drop_index("ix_supplement_dose_person_date", table_name="supplement_dose")
    op.drop_table("supplement_dose")
    op.drop_index("ix_supplement_product_person", table_name="supplement_product")
    op.drop_table("supplement_product")
    with op.batch_alter_table("profile") as batch:
        for column in (
            "magnesium_prescribed_mg",
            "magnesium_target_mg",
            "dinner_time",
            "lunch_time",
            "breakfast_time",
        ):
            batch.drop_column(column)
