"""Accounts and sign-in (clinic mode): register, sign in and out, sessions, passwords, deletion.

Passwords are hashed with argon2id (argon2-cffi's defaults, RFC 9106's second recommended
profile) after NFKC normalisation. Sessions are random tokens; only their SHA-256 is stored, so
a copy of the database cannot be used to sign in. Failed sign-ins are counted in the database,
so every app process behind a load balancer sees the same count.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError

from magnerve.domain import accounts as rules
from magnerve.domain.access import Actor, Role
from magnerve.domain.passwords import normalise, password_problem
from magnerve.domain.person import Person
from magnerve.errors import InvalidInput, Problems, TooManyAttempts, Unauthenticated
from magnerve.services.clock import Clock
from magnerve.services.unit_of_work import Repositories, transaction
from magnerve.storage.accounts import AccountRecord

SIGN_IN = "sign_in"
#: The attempt log's client for a password typed again while signed in.
CONFIRM_CLIENT = "signed-in"


@dataclass(frozen=True)
class SignedIn:
    """Who a session belongs to, ready for the services."""

    actor: Actor
    email: str
    person_handle: str | None
    session_id: int


@dataclass(frozen=True)
class NewSession:
    token: str
    signed_in: SignedIn


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _subject(email: str) -> str:
    """What the attempt log stores instead of an e-mail address."""
    return hashlib.sha256(("sign-in:" + email).encode()).hexdigest()


class AccountService:
    def __init__(self, engine: Engine, clock: Clock, hasher: PasswordHasher) -> None:
        self._engine = engine
        self._clock = clock
        self._hasher = hasher
        self._dummy_hash: str | None = None

    # -- creating accounts ----------------------------------------------------------------------
    def register(
        self, email: str, display_name: str, password: str, *, role: Role = Role.patient
    ) -> SignedIn:
        """Create an account (a patient gets their own, empty records). Does not sign in."""
        role = Role(role)
        address = rules.normalise_email(email)
        name = display_name.strip()
        problems = Problems()
        for field, problem in (
            ("email", rules.email_problem(address)),
            ("display_name", rules.name_problem(name)),
            (
                "password",
                password_problem(password, context=(address, address.split("@")[0], name)),
            ),
        ):
            if problem:
                problems.add(field, problem)
        if problems.items:  # the message names each field, even when there is only one
            raise InvalidInput(
                "; ".join(f"{e.field}: {e.message}" for e in problems.items),
                field=problems.items[0].field,
                errors=problems.items,
            )
        password_hash = self._hasher.hash(normalise(password))
        now = self._clock.now()
        taken = InvalidInput(
            "email: an account with this address already exists",
            field="email",
            hint="Sign in instead, or use another address.",
        )
        try:
            with transaction(self._engine) as repos:
                if repos.accounts.get_by_email(address) is not None:
                    raise taken
                person: Person | None = None
                if role is Role.patient:
                    handle = _new_handle(repos)
                    person = repos.people.create(handle, name, is_example=False, now=now)
                record = repos.accounts.create(
                    email=address,
                    display_name=name,
                    role=role,
                    password_hash=password_hash,
                    person_id=person.id if person else None,
                    now=now,
                )
        except IntegrityError:  # the same address registered at the same moment elsewhere
            raise taken from None
        return _signed_in(record, person.handle if person else None, session_id=0)

    def accounts(self) -> list[AccountRecord]:
        with transaction(self._engine) as repos:
            return repos.accounts.all()

    # -- signing in and out ---------------------------------------------------------------------
    def sign_in(self, email: str, password: str, *, client: str) -> NewSession:
        address = rules.normalise_email(email)
        subject = _subject(address)
        client = rules.client_key(client)
        now = self._clock.now()
        with transaction(self._engine) as repos:
            self._check_rate(repos, subject, client, now)
            # An address that cannot be an account's is not looked up (PostgreSQL refuses NUL).
            record = (
                repos.accounts.get_by_email(address)
                if rules.email_problem(address) is None
                else None
            )
        ok = self._verify(record.password_hash if record else None, password)
        with transaction(self._engine) as repos:
            repos.attempts.add(SIGN_IN, subject, client, now=now, ok=ok and record is not None)
            if record is None or not ok:
                repos.attempts.purge(before=now - rules.ATTEMPT_WINDOW * 4)
        if record is None or not ok:
            raise Unauthenticated(
                "The e-mail address or the password is not right.",
                field="password",
                hint="Check both and try again. Passwords are case-sensitive.",
            )
        token = secrets.token_urlsafe(32)
        with transaction(self._engine) as repos:
            repos.attempts.clear_failures(SIGN_IN, subject, client)
            if self._hasher.check_needs_rehash(record.password_hash):
                repos.accounts.rehash(record.id, self._hasher.hash(normalise(password)))
            repos.sessions.purge_expired(now=now)
            repos.sessions.create(
                record.id, token_hash(token), now=now, expires=now + rules.SESSION_LIFETIME
            )
            session = repos.sessions.get(token_hash(token))
            handle = _handle_of(repos, record)
        assert session is not None
        return NewSession(token, _signed_in(record, handle, session_id=session.id))

    def session(self, token: str) -> SignedIn | None:
        """Who this session token belongs to, or None (unknown, expired or idle too long)."""
        now = self._clock.now()
        digest = token_hash(token)
        with transaction(self._engine) as repos:
            found = repos.sessions.get(digest)
            if found is None:
                return None
            if now >= found.expires_at or now - found.last_seen_at >= rules.SESSION_IDLE:
                repos.sessions.delete(digest)
                return None
            if now - found.last_seen_at >= rules.SESSION_TOUCH_EVERY:
                repos.sessions.touch(found.id, now=now)
            return _signed_in(found.account, _handle_of(repos, found.account), found.id)

    def sign_out(self, token: str) -> None:
        with transaction(self._engine) as repos:
            repos.sessions.delete(token_hash(token))

    # -- changing and deleting ----------------------------------------------------------------
    def change_password(self, actor: Actor, current: str, new: str, *, keep_token: str) -> int:
        """Set a new password; every other session of the account ends. Returns how many."""
        record = self._own_account(actor)
        self._confirm_password(record, current, field="current_password")
        problem = password_problem(
            new, context=(record.email, record.email.split("@")[0], record.display_name)
        )
        if problem:
            raise InvalidInput(f"new_password: {problem}", field="new_password")
        new_hash = self._hasher.hash(normalise(new))
        with transaction(self._engine) as repos:
            repos.accounts.set_password(record.id, new_hash, now=self._clock.now())
            return repos.sessions.delete_for_account(record.id, keep=token_hash(keep_token))

    def delete_account(self, actor: Actor, password: str) -> None:
        """Delete the account and, for a patient, every record they own. Cannot be undone."""
        record = self._own_account(actor)
        self._confirm_password(record, password, field="password")
        with transaction(self._engine) as repos:
            if record.person_id is not None:
                repos.people.delete(record.person_id)  # records, grants, notes and audit go too
            repos.accounts.delete(record.id)  # sessions and invites go with it

    # -- helpers ----------------------------------------------------------------------------------
    def _own_account(self, actor: Actor) -> AccountRecord:
        if actor.account_id is None:
            raise Unauthenticated("Sign in first.", field="account")
        with transaction(self._engine) as repos:
            record = repos.accounts.get(actor.account_id)
        if record is None:
            raise Unauthenticated("This account no longer exists.", field="account")
        return record

    def _confirm_password(self, record: AccountRecord, password: str, *, field: str) -> None:
        """The account's password typed again (to change it, or to delete the account).

        Wrong ones count like failed sign-ins, so a session left open is no way to guess the
        password without limit.
        """
        subject = _subject(record.email)
        now = self._clock.now()
        with transaction(self._engine) as repos:
            self._check_rate(
                repos, subject, CONFIRM_CLIENT, now, field=field, what="wrong passwords"
            )
        if self._verify(record.password_hash, password):
            return
        with transaction(self._engine) as repos:
            repos.attempts.add(SIGN_IN, subject, CONFIRM_CLIENT, now=now, ok=False)
        raise InvalidInput(f"{field}: is not right", field=field)

    def _verify(self, stored: str | None, password: str) -> bool:
        """Constant work whether or not the account exists (no timing hint of who is here)."""
        if stored is None:
            if self._dummy_hash is None:
                self._dummy_hash = self._hasher.hash(secrets.token_urlsafe(16))
            stored = self._dummy_hash
            password = password + "\x00"  # never matches
        try:
            return self._hasher.verify(stored, normalise(password))
        except (VerificationError, InvalidHashError, UnicodeError):
            return False  # UnicodeError: a lone surrogate cannot be encoded, so cannot match

    @staticmethod
    def _check_rate(
        repos: Repositories,
        subject: str,
        client: str,
        now: datetime,
        *,
        field: str = "password",
        what: str = "failed sign-ins",
    ) -> None:
        since = now - rules.ATTEMPT_WINDOW
        checks = (
            (
                repos.attempts.failures(SIGN_IN, since=since, subject=subject, client=client),
                rules.MAX_FAILURES_PER_ADDRESS_AND_CLIENT,
            ),
            (
                repos.attempts.failures(SIGN_IN, since=since, subject=subject),
                rules.MAX_FAILURES_PER_ADDRESS,
            ),
            (
                repos.attempts.failures(SIGN_IN, since=since, client=client),
                rules.MAX_FAILURES_PER_CLIENT,
            ),
        )
        for (count, oldest), limit in checks:
            if count >= limit and oldest is not None:
                wait = rules.retry_after_s(oldest, now)
                minutes = (wait + 59) // 60
                raise TooManyAttempts(
                    f"Too many {what}. Please wait {minutes} minute"
                    f"{'s' if minutes != 1 else ''} and try again.",
                    field=field,
                    details={"retry_after_s": wait},
                )


def _new_handle(repos: Repositories) -> str:
    while True:
        handle = "p-" + secrets.token_hex(5)
        if repos.people.get_by_handle(handle) is None:
            return handle


def _handle_of(repos: Repositories, record: AccountRecord) -> str | None:
    if record.person_id is None:
        return None
    person = repos.people.get(record.person_id)
    return None if person is None else person.handle


def _signed_in(record: AccountRecord, handle: str | None, session_id: int) -> SignedIn:
    actor = Actor(record.id, record.role, record.display_name, person_id=record.person_id)
    return SignedIn(actor, record.email, handle, session_id)
