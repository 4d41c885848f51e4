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
    text,
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
    # Added in 0005: raised by every change to the person's records (summaries reuse it).
    Column("revision", Integer, nullable=False, server_default=text("0")),
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
    # Added in 0002: the day plan's meal times and the magnesium regimen.
    Column("breakfast_time", String(5), nullable=True),
    Column("lunch_time", String(5), nullable=True),
    Column("dinner_time", String(5), nullable=True),
    Column("magnesium_target_mg", Float, nullable=True),
    Column("magnesium_prescribed_mg", Float, nullable=True),
    Column("lab_interval_months", Integer, nullable=True),
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

supplement_product = Table(
    "supplement_product",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("person_id", Integer, ForeignKey("person.id", ondelete="CASCADE"), nullable=False),
    Column("name", String(200), nullable=False),
    Column("brand", String(200), nullable=True),
    Column("form_id", String(64), nullable=False),
    Column("basis", String(16), nullable=False),  # the label's basis: elemental | compound
    Column("label_mg_per_serving", Float, nullable=False),
    Column("elemental_mg_per_serving", Float, nullable=False),
    Column("serving_unit", String(32), nullable=False),
    Column("b12_ug", Float, nullable=True),
    Column("ala_mg", Float, nullable=True),
    Column("calcium_mg", Float, nullable=True),
    Column("zinc_mg", Float, nullable=True),
    Column("vitamin_d_ug", Float, nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("archived_at", DateTime(timezone=True), nullable=True),
    Index("ix_supplement_product_person", "person_id"),
)

supplement_dose = Table(
    "supplement_dose",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("person_id", Integer, ForeignKey("person.id", ondelete="CASCADE"), nullable=False),
    Column(
        "product_id",
        Integer,
        ForeignKey("supplement_product.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("local_date", Date, nullable=False),
    Column("local_time", String(5), nullable=True),
    Column("servings", Float, nullable=False),
    Column("elemental_mg", Float, nullable=False),
    Column("b12_ug", Float, nullable=True),
    Column("ala_mg", Float, nullable=True),
    Column("logged_at", DateTime(timezone=True), nullable=False),
    Column("deleted_at", DateTime(timezone=True), nullable=True),
    Index("ix_supplement_dose_person_date", "person_id", "local_date"),
)

medication = Table(
    "medication",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("person_id", Integer, ForeignKey("person.id", ondelete="CASCADE"), nullable=False),
    Column("input", String(200), nullable=False),
    Column("ingredients", JSON, nullable=False),
    Column("classes", JSON, nullable=False),
    Column("recognized", Boolean, nullable=False),
    Column("times", JSON, nullable=False),
    Column("started_on", Date, nullable=True),
    Column("stopped_on", Date, nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("deleted_at", DateTime(timezone=True), nullable=True),
    Index("ix_medication_person", "person_id"),
)

lab_result = Table(
    "lab_result",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("person_id", Integer, ForeignKey("person.id", ondelete="CASCADE"), nullable=False),
    Column("analyte", String(32), nullable=False),
    Column("value", Float, nullable=False),
    Column("unit", String(32), nullable=False),
    Column("canonical_value", Float, nullable=False),
    Column("canonical_unit", String(32), nullable=False),
    Column("flag", String(16), nullable=True),
    Column("local_date", Date, nullable=False),
    Column(
        "derived_from_id", Integer, ForeignKey("lab_result.id", ondelete="CASCADE"), nullable=True
    ),
    Column("logged_at", DateTime(timezone=True), nullable=False),
    Column("deleted_at", DateTime(timezone=True), nullable=True),
    Index("ix_lab_result_person_analyte_date", "person_id", "analyte", "local_date"),
)

diary_value = Table(
    # One row per value noted. Re-logging an item for a day inserts a new row and marks the
    # previous one replaced, so the history is kept; at most one current row per item and day.
    "diary_value",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("person_id", Integer, ForeignKey("person.id", ondelete="CASCADE"), nullable=False),
    Column("local_date", Date, nullable=False),
    Column("item", String(16), nullable=False),
    Column("number", Float, nullable=True),
    Column("text", Text, nullable=True),
    Column("logged_at", DateTime(timezone=True), nullable=False),
    Column("replaced_at", DateTime(timezone=True), nullable=True),
    Index("ix_diary_value_person_date", "person_id", "local_date"),
    Index(
        "uq_diary_value_current",
        "person_id",
        "local_date",
        "item",
        unique=True,
        sqlite_where=text("replaced_at IS NULL"),
        postgresql_where=text("replaced_at IS NULL"),
    ),
)

trial = Table(
    # A supplement trial: the start date and, optionally, the product being tried. Starting a
    # new trial ends the current one (``ended_at``); nothing is deleted.
    "trial",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("person_id", Integer, ForeignKey("person.id", ondelete="CASCADE"), nullable=False),
    Column("start_date", Date, nullable=False),
    Column(
        "product_id",
        Integer,
        ForeignKey("supplement_product.id", ondelete="SET NULL"),
        nullable=True,
    ),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("ended_at", DateTime(timezone=True), nullable=True),
    Index("ix_trial_person", "person_id"),
)

screening = Table(
    # A deficiency screening the person filled in: the symptom and risk-factor ids ticked.
    "screening",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("person_id", Integer, ForeignKey("person.id", ondelete="CASCADE"), nullable=False),
    Column("local_date", Date, nullable=False),
    Column("symptoms", JSON, nullable=False),
    Column("risk_factors", JSON, nullable=False),
    Column("logged_at", DateTime(timezone=True), nullable=False),
    Index("ix_screening_person_date", "person_id", "local_date"),
)


# --- Clinic mode (0004): accounts, sessions, sharing, notes, audit, idempotency ---------------

account = Table(
    # Someone who signs in (clinic mode). A patient account owns one person; clinicians see
    # people only through grants; admins manage accounts and see no health records.
    "account",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("email", String(254), nullable=False, unique=True),  # trimmed and lower-cased
    Column("display_name", String(200), nullable=False),
    Column("role", String(16), nullable=False),  # patient | clinician | admin
    # A patient's own records (none for clinicians and admins).
    Column("person_id", Integer, ForeignKey("person.id", ondelete="SET NULL"), nullable=True),
    Column("password_hash", String(255), nullable=False),  # argon2id, PHC string
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("password_changed_at", DateTime(timezone=True), nullable=False),
    Index("uq_account_person", "person_id", unique=True),
)

auth_session = Table(
    # A signed-in browser. The cookie holds a random token; only its SHA-256 is stored.
    "auth_session",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("account_id", Integer, ForeignKey("account.id", ondelete="CASCADE"), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("last_seen_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Index("ix_auth_session_account", "account_id"),
)

attempt = Table(
    # Sign-in and invite-code attempts, kept briefly for rate limiting (shared by every app
    # process because it lives in the database). ``subject`` is a SHA-256, never an address.
    "attempt",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("kind", String(16), nullable=False),  # sign_in | invite
    Column("subject", String(64), nullable=False),
    Column("client", String(64), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("succeeded", Boolean, nullable=False),
    Index("ix_attempt_kind_subject_at", "kind", "subject", "at"),
    Index("ix_attempt_kind_client_at", "kind", "client", "at"),
)

share_invite = Table(
    # A one-time code. kind 'patient': a patient offers their records (person_id) to whichever
    # clinician redeems it. kind 'clinician': a clinician asks; the patient who redeems it shares.
    "share_invite",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("code_hash", String(64), nullable=False, unique=True),
    Column("kind", String(16), nullable=False),
    Column(
        "created_by_account_id",
        Integer,
        ForeignKey("account.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("person_id", Integer, ForeignKey("person.id", ondelete="CASCADE"), nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("redeemed_at", DateTime(timezone=True), nullable=True),
    Column(
        "redeemed_by_account_id",
        Integer,
        ForeignKey("account.id", ondelete="SET NULL"),
        nullable=True,
    ),
    Column("cancelled_at", DateTime(timezone=True), nullable=True),
    Index("ix_share_invite_creator", "created_by_account_id"),
)

care_grant = Table(
    # A clinician may read a person's records (and add notes) until the patient revokes it.
    "care_grant",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("person_id", Integer, ForeignKey("person.id", ondelete="CASCADE"), nullable=False),
    Column(
        "clinician_account_id",
        Integer,
        ForeignKey("account.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("granted_at", DateTime(timezone=True), nullable=False),
    Column("revoked_at", DateTime(timezone=True), nullable=True),
    Index("ix_care_grant_clinician", "clinician_account_id"),
    Index(
        "uq_care_grant_active",
        "person_id",
        "clinician_account_id",
        unique=True,
        sqlite_where=text("revoked_at IS NULL"),
        postgresql_where=text("revoked_at IS NULL"),
    ),
)

care_note = Table(
    # A note or recommendation a clinician wrote for the patient to read.
    "care_note",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("person_id", Integer, ForeignKey("person.id", ondelete="CASCADE"), nullable=False),
    Column(
        "author_account_id",
        Integer,
        ForeignKey("account.id", ondelete="SET NULL"),
        nullable=True,
    ),
    Column("author_name", String(200), nullable=False),
    Column("kind", String(16), nullable=False),  # note | recommendation
    Column("text", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("deleted_at", DateTime(timezone=True), nullable=True),
    Index("ix_care_note_person", "person_id"),
)

audit_event = Table(
    # Every read and write of a person's records by someone other than the owner, and every
    # grant and revocation. The patient sees these. The name is kept as it was at the time.
    "audit_event",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("person_id", Integer, ForeignKey("person.id", ondelete="CASCADE"), nullable=False),
    Column("account_id", Integer, ForeignKey("account.id", ondelete="SET NULL"), nullable=True),
    Column("actor_name", String(200), nullable=False),
    Column("actor_role", String(16), nullable=False),
    Column("action", String(16), nullable=False),  # read | write | grant | revoke | denied
    Column("area", String(32), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Index("ix_audit_event_person_at", "person_id", "at"),
)

idempotency_key = Table(
    # A create request's Idempotency-Key, stored in the same transaction as what it created,
    # so a retried request returns the first result instead of adding a duplicate.
    "idempotency_key",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("person_id", Integer, ForeignKey("person.id", ondelete="CASCADE"), nullable=False),
    Column("key", String(128), nullable=False),
    Column("operation", String(64), nullable=False),
    Column("request_hash", String(64), nullable=False),
    Column("result", JSON, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Index("uq_idempotency_key_person_key", "person_id", "key", unique=True),
)
