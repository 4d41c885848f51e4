"""The records schema (SQLAlchemy Core). Every person-owned table has a ``person_id``.

Changing anything here needs a new Alembic migration in ``migrations/versions`` and a bump of
``schema.SCHEMA_HEAD``; a test compares this metadata with the migrated database.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

person = Table(
    "person",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("handle", String(64), nullable=False, unique=True),
    Column("display_name", String(200), nullable=False),
    Column("is_example", Boolean, nullable=False, default=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

profile = Table(
    "profile",
    metadata,
    Column("person_id", Integer, ForeignKey("person.id", ondelete="CASCADE"), primary_key=True),
    Column("birth_date", Date, nullable=True),
    Column("age_years", Integer, nullable=True),
    Column("age_as_of", Date, nullable=True),
    Column("sex", String(16), nullable=True),
    Column("pregnant", Boolean, nullable=False, default=False),
    Column("lactating", Boolean, nullable=False, default=False),
    Column("diabetes", String(16), nullable=True),
    Column("timezone", String(64), nullable=False, default="UTC"),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

intake_entry = Table(
    "intake_entry",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("person_id", Integer, ForeignKey("person.id", ondelete="CASCADE"), nullable=False),
    Column("local_date", Date, nullable=False),
    Column("meal", String(16), nullable=False),
    Column("food_id", String(64), nullable=False),
    Column("description", Text, nullable=False),
    Column("input_text", Text, nullable=True),
    Column("amount", Float, nullable=False),
    Column("unit", String(64), nullable=True),
    Column("portion_label", Text, nullable=True),
    Column("grams", Float, nullable=False),
    Column("nutrients", JSON, nullable=False),
    Column("food_data_version", String(32), nullable=False),
    Column("logged_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("deleted_at", DateTime(timezone=True), nullable=True),
    Index("ix_intake_entry_person_date", "person_id", "local_date"),
)
