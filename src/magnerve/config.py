"""Settings, read from the environment (prefix ``MAGNERVE_``) by a factory, never at import time."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

APP_NAME = "magnerve"


def _default_data_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def _default_cache_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))


class Settings(BaseSettings):
    """Every setting is documented in docs/configuration.md (a test checks)."""

    model_config = SettingsConfigDict(env_prefix="MAGNERVE_", extra="ignore")

    database_url: str | None = Field(
        default=None,
        description="SQLAlchemy URL or a file path for the records database. "
        "Default: magnerve.sqlite3 in the data directory.",
    )
    data_dir: Path = Field(
        default_factory=_default_data_dir,
        description="Where the default records database lives.",
    )
    food_db_dir: Path = Field(
        default_factory=_default_cache_dir,
        description="Where the read-only food database is built (rebuilt when the data changes).",
    )
    person: str = Field(
        default="me",
        description="Which person's records commands act on in local mode "
        "('me' by default; 'example' after `magnerve demo load`).",
    )
    mode: Literal["local", "clinic"] = Field(
        default="local", description="'local' (one machine, no login) or 'clinic'."
    )

    host: str = Field(default="127.0.0.1", description="Interface `magnerve serve` listens on.")
    port: int = Field(default=8000, ge=1, le=65535, description="Port `magnerve serve` listens on.")
    secret_key: str | None = Field(
        default=None,
        description="Signs the web session cookie. Local mode default: a random key per server "
        "start (sessions end when the server stops). Clinic mode requires one: at least 32 "
        "random characters, the same for every app process (e.g. `python -c 'import secrets; "
        "print(secrets.token_urlsafe(48))'`).",
    )
    secure_cookies: bool | None = Field(
        default=None,
        description="Mark cookies Secure (sent only over HTTPS). Default: on in clinic mode, "
        "which should always sit behind TLS; off in local mode (plain http on this computer).",
    )
    open_registration: bool = Field(
        default=True,
        description="Clinic mode: whether patients may create their own accounts on the sign-in "
        "page. Clinician and admin accounts are always made by an admin "
        "(`magnerve admin create-user`).",
    )
    forwarded_allow_ips: str = Field(
        default="127.0.0.1",
        description="Clinic mode behind a reverse proxy: the proxy addresses whose "
        "X-Forwarded-For / X-Forwarded-Proto headers are trusted (comma-separated, or '*'). "
        "Sign-in rate limits count attempts per client address.",
    )

    def cookies_secure(self) -> bool:
        return self.secure_cookies if self.secure_cookies is not None else self.mode == "clinic"

    def resolved_database_url(self) -> str:
        """The records database as a SQLAlchemy URL (a bare path becomes a SQLite URL)."""
        from magnerve.storage.urls import to_sqlalchemy_url

        if self.database_url:
            return to_sqlalchemy_url(self.database_url)
        return to_sqlalchemy_url(str(self.data_dir / "magnerve.sqlite3"))


#: The shortest secret key clinic mode accepts (32 characters of token_urlsafe is 192 bits).
MIN_SECRET_KEY_LENGTH = 32


def check_clinic(settings: Settings) -> None:
    """Clinic mode refuses to start without a real secret key (sessions must survive restarts,
    be shared by every app process, and be unforgeable)."""
    from magnerve.errors import ConfigurationError

    key = settings.secret_key or ""
    placeholder = len(set(key)) < 8 or any(
        word in key.lower() for word in ("changeme", "change-me", "secret", "example", "password")
    )
    if len(key) < MIN_SECRET_KEY_LENGTH or placeholder:
        raise ConfigurationError(
            "MAGNERVE_SECRET_KEY: clinic mode needs a real secret key of at least "
            f"{MIN_SECRET_KEY_LENGTH} random characters.",
            field="MAGNERVE_SECRET_KEY",
            hint="Make one with: python3 -c 'import secrets; print(secrets.token_urlsafe(48))' "
            "and give every app process the same value.",
        )


def load_settings(**overrides: object) -> Settings:
    """Build settings from the environment, with explicit overrides (e.g. the CLI's ``--db``).

    A bad value becomes a ConfigurationError naming the variable, never a traceback.
    """
    from pydantic import ValidationError

    from magnerve.errors import ConfigurationError, FieldError

    clean = {k: v for k, v in overrides.items() if v is not None}
    try:
        return Settings(**clean)  # type: ignore[arg-type]
    except ValidationError as exc:
        errors = [
            FieldError(f"MAGNERVE_{str(e['loc'][0]).upper()}", str(e["msg"])) for e in exc.errors()
        ]
        first = errors[0]
        raise ConfigurationError(
            f"{first.field}: {first.message}",
            field=first.field,
            errors=errors,
            hint="See docs/configuration.md for every setting and its allowed values.",
        ) from None
