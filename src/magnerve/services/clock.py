"""Time comes from a clock object so services and tests agree on 'now' (domain never asks)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Protocol
from zoneinfo import ZoneInfo

from magnerve.domain.patient import Profile

#: A person without a profile yet.
DEFAULT_TIMEZONE = "UTC"


class Clock(Protocol):
    def now(self) -> datetime:
        """The current instant, timezone-aware UTC."""
        ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


@dataclass(frozen=True)
class FixedClock:
    instant: datetime

    def now(self) -> datetime:
        return self.instant


def local_today(clock: Clock, timezone: str) -> date:
    """Today's date where the person lives."""
    return clock.now().astimezone(ZoneInfo(timezone)).date()


def person_timezone(profile: Profile | None) -> str:
    """The person's time zone, or the default when they have no profile yet."""
    return profile.timezone if profile is not None else DEFAULT_TIMEZONE
