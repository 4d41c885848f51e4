"""Clinic mode: accounts, sign-in sessions, rate-limit attempts, share invites, care grants,
clinicians' notes, the audit log and idempotency keys. A patient account points at its person
(the person table itself is not altered: on SQLite that would mean copying it, and dropping the
old copy would cascade-delete every record).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-21
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_TS = sa.DateTime(timezone=True)


def _fk(table: str, column: str, target: str, ondelete: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column],
        [f"{target}.id"],
        name=op.f(f"fk_{table}_{column}_{target}"),
        ondelete=ondelete,
    )


def _pk(table: str) -> sa.PrimaryKeyConstraint:
    return sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}"))


def upgrade() -> None:
    op.create_table(
        "account",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("display_name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("created_at", _TS, nullable=False),
        sa.Column("password_changed_at", _TS, nullable=False),
        _fk("account", "person_id", "person", "SET NULL"),
        _pk("account"),
        sa.UniqueConstraint("email", name=op.f("uq_account_email")),
    )
    op.create_index("uq_account_person", "account", ["person_id"], unique=True)
    op.create_table(
        "auth_session",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("created_at", _TS, nullable=False),
        sa.Column("last_seen_at", _TS, nullable=False),
        sa.Column("expires_at", _TS, nullable=False),
        _fk("auth_session", "account_id", "account", "CASCADE"),
        _pk("auth_session"),
        sa.UniqueConstraint("token_hash", name=op.f("uq_auth_session_token_hash")),
    )
    op.create_index("ix_auth_session_account", "auth_session", ["account_id"])
    op.create_table(
        "attempt",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("subject", sa.String(length=64), nullable=False),
        sa.Column("client", sa.String(length=64), nullable=False),
        sa.Column("at", _TS, nullable=False),
        sa.Column("succeeded", sa.Boolean(), nullable=False),
        _pk("attempt"),
    )
    op.create_index("ix_attempt_kind_subject_at", "attempt", ["kind", "subject", "at"])
    op.create_index("ix_attempt_kind_client_at", "attempt", ["kind", "client", "at"])
    op.create_table(
        "share_invite",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("created_by_account_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("created_at", _TS, nullable=False),
        sa.Column("expires_at", _TS, nullable=False),
        sa.Column("redeemed_at", _TS, nullable=True),
        sa.Column("redeemed_by_account_id", sa.Integer(), nullable=True),
        sa.Column("cancelled_at", _TS, nullable=True),
        _fk("share_invite", "created_by_account_id", "account", "CASCADE"),
        _fk("share_invite", "person_id", "person", "CASCADE"),
        _fk("share_invite", "redeemed_by_account_id", "account", "SET NULL"),
        _pk("share_invite"),
        sa.UniqueConstraint("code_hash", name=op.f("uq_share_invite_code_hash")),
    )
    op.create_index("ix_share_invite_creator", "share_invite", ["created_by_account_id"])
    op.create_table(
        "care_grant",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("clinician_account_id", sa.Integer(), nullable=False),
        sa.Column("granted_at", _TS, nullable=False),
        sa.Column("revoked_at", _TS, nullable=True),
        _fk("care_grant", "person_id", "person", "CASCADE"),
        _fk("care_grant", "clinician_account_id", "account", "CASCADE"),
        _pk("care_grant"),
    )
    op.create_index("ix_care_grant_clinician", "care_grant", ["clinician_account_id"])
    op.create_index(
        "uq_care_grant_active",
        "care_grant",
        ["person_id", "clinician_account_id"],
        unique=True,
        sqlite_where=sa.text("revoked_at IS NULL"),
        postgresql_where=sa.text("revoked_at IS NULL"),
    )
    op.create_table(
        "care_note",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("author_account_id", sa.Integer(), nullable=True),
        sa.Column("author_name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", _TS, nullable=False),
        sa.Column("deleted_at", _TS, nullable=True),
        _fk("care_note", "person_id", "person", "CASCADE"),
        _fk("care_note", "author_account_id", "account", "SET NULL"),
        _pk("care_note"),
    )
    op.create_index("ix_care_note_person", "care_note", ["person_id"])
    op.create_table(
        "audit_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=True),
        sa.Column("actor_name", sa.String(length=200), nullable=False),
        sa.Column("actor_role", sa.String(length=16), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("area", sa.String(length=32), nullable=False),
        sa.Column("at", _TS, nullable=False),
        _fk("audit_event", "person_id", "person", "CASCADE"),
        _fk("audit_event", "account_id", "account", "SET NULL"),
        _pk("audit_event"),
    )
    op.create_index("ix_audit_event_person_at", "audit_event", ["person_id", "at"])
    op.create_table(
        "idempotency_key",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=128), nullable=False),
        sa.Column("operation", sa.String(length=64), nullable=False),
        sa.Column("request_hash", sa.String(length=64), nullable=False),
        sa.Column("result", sa.JSON(), nullable=False),
        sa.Column("created_at", _TS, nullable=False),
        _fk("idempotency_key", "person_id", "person", "CASCADE"),
        _pk("idempotency_key"),
    )
    op.create_index(
        "uq_idempotency_key_person_key", "idempotency_key", ["person_id", "key"], unique=True
    )


def downgrade() -> None:
    for table in (
        "idempotency_key",
        "audit_event",
        "care_note",
        "care_grant",
        "share_invite",
        "attempt",
        "auth_session",
        "account",
    ):
        op.drop_table(table)
