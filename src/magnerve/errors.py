"""The one error hierarchy.

Every fault the user can fix is an :class:`InvalidInput` (or a subclass) that names the field and
what is allowed. Interfaces translate these at the edge: the CLI prints ``Error:``/``Hint:`` and
exits 2; the API answers with the one JSON error shape. Anything else is an internal fault.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class FieldError:
    field: str
    message: str


class MagnerveError(Exception):
    """Base class. ``code`` is a stable machine-readable identifier."""

    code = "error"
    exit_code = 1

    def __init__(
        self,
        message: str,
        *,
        hint: str | None = None,
        field: str | None = None,
        errors: list[FieldError] | None = None,
        details: dict[str, object] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.field = field
        self.errors = list(errors or ([FieldError(field, message)] if field else []))
        self.details = dict(details or {})


class InvalidInput(MagnerveError):
    """The user gave a value we cannot accept. Names the field and what is allowed."""

    code = "invalid_input"
    exit_code = 2


class NotFound(InvalidInput):
    """A referenced record or reference item does not exist (for this person)."""

    code = "not_found"


class AmbiguousInput(InvalidInput):
    """We could not tell what the user meant; ``details['candidates']`` lists the choices."""

    code = "ambiguous"


class Forbidden(MagnerveError):
    """The acting person may not touch this record."""

    code = "forbidden"
    exit_code = 2


class Unauthenticated(MagnerveError):
    """Nobody is signed in (clinic mode), or the sign-in failed."""

    code = "unauthenticated"
    exit_code = 2


class CsrfRejected(Forbidden):
    """A state-changing request without this session's anti-forgery token."""

    code = "csrf"


class TooManyAttempts(MagnerveError):
    """Too many failed attempts (sign-in, invite codes); ``details['retry_after_s']`` says when."""

    code = "rate_limited"
    exit_code = 2


class Conflict(InvalidInput):
    """The request clashes with what is stored (an idempotency key reused for other data)."""

    code = "conflict"


class PayloadTooLarge(InvalidInput):
    """A request body over the size limit."""

    code = "too_large"


class ConfigurationError(MagnerveError):
    """Settings or the environment are unusable (bad database URL, unreadable data dir)."""

    code = "configuration"
    exit_code = 2


class KnowledgeError(MagnerveError):
    """The shipped knowledge data failed validation. A bug in the release, never user input."""

    code = "knowledge"


@dataclass
class Problems:
    """Collects field errors so a command can report every bad field at once."""

    items: list[FieldError] = field(default_factory=list)

    def add(self, field_name: str, message: str) -> None:
        self.items.append(FieldError(field_name, message))

    def raise_if_any(self, hint: str | None = None) -> None:
        if not self.items:
            return
        first = self.items[0]
        message = (
            first.message
            if len(self.items) == 1
            else "; ".join(f"{e.field}: {e.message}" for e in self.items)
        )
        raise InvalidInput(message, hint=hint, field=first.field, errors=self.items)
