"""The person's profile and the daily targets that follow from it. Pure: no I/O, no clock.

``today`` (or ``day``) is always an argument. Time-zone names are checked through a function
argument (``zone_exists``) whose default, :func:`is_known_time_zone`, asks the standard library's
``zoneinfo`` (which reads the packaged IANA database; no network, no settings).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from enum import StrEnum
from typing import TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, model_validator

from magnerve.domain.reference import BandRow as _BandRow
from magnerve.domain.reference import (
    IntakeKind,
    IntakeTable,
    LimitTable,
    TargetTable,
    band_label,
    state_age_range,
)
from magnerve.errors import InvalidInput, KnowledgeError, Problems

MIN_AGE = 1
MAX_AGE = 120
DEFAULT_TIMEZONE = "UTC"
PROFILE_HINT = "run `magnerve profile set --age N --sex female|male`"

#: Names ``zoneinfo`` accepts that are not places a person lives in.
_NOT_PLACES = frozenset({"localtime", "posixrules", "Factory"})


class Sex(StrEnum):
    female = "female"
    male = "male"


class DiabetesType(StrEnum):
    type1 = "type1"
    type2 = "type2"
    other = "other"
    none = "none"


class Profile(BaseModel):
    """What magnerve knows about the person. Give the age either as a birth date or as
    ``age_years`` recorded on ``age_as_of`` (so the age keeps advancing)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    birth_date: date | None = None
    age_years: int | None = None
    age_as_of: date | None = None
    sex: Sex | None = None
    pregnant: bool = False
    lactating: bool = False
    diabetes: DiabetesType | None = None
    timezone: str = DEFAULT_TIMEZONE

    @model_validator(mode="after")
    def _consistent(self) -> Profile:
        if self.birth_date is not None and self.age_years is not None:
            raise ValueError("give birth_date or age_years, not both")
        if (self.age_years is None) != (self.age_as_of is None):
            raise ValueError("age_years and age_as_of go together")
        if (self.pregnant or self.lactating) and self.sex is not Sex.female:
            raise ValueError("pregnant or lactating needs sex female")
        if self.pregnant and self.lactating:
            raise ValueError("pregnant and lactating cannot both be set")
        return self


def _whole_years(start: date, end: date) -> int:
    """Completed years from ``start`` to ``end``. A 29 February start turns over on 1 March."""
    years = end.year - start.year
    if (end.month, end.day) < (start.month, start.day):
        years -= 1
    return years


def age_on(profile: Profile, day: date) -> int | None:
    """The person's age in whole years on ``day``; ``None`` if unknown or before birth.

    With a birth date the age is exact. With an age recorded on ``age_as_of`` the age goes up by
    one on each anniversary of that date (so it is never more than the true age).
    """
    if profile.birth_date is not None:
        age = _whole_years(profile.birth_date, day)
    elif profile.age_years is not None and profile.age_as_of is not None:
        age = profile.age_years + _whole_years(profile.age_as_of, day)
    else:
        return None
    return age if age >= 0 else None


def is_known_time_zone(name: str) -> bool:
    """True for an IANA time-zone name such as ``Europe/London`` or ``UTC``."""
    if name in _NOT_PLACES or name.startswith(("posix/", "right/")):
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True


E = TypeVar("E", bound=StrEnum)
R = TypeVar("R", bound=_BandRow)


def _choice(value: E | str | None, enum: type[E], field: str, problems: Problems) -> E | None:
    if value is None or isinstance(value, enum):
        return value
    text = value.strip().lower() if isinstance(value, str) else value
    try:
        return enum(text)
    except ValueError:
        allowed = ", ".join(member.value for member in enum)
        problems.add(field, f"unknown {field} '{value}'; allowed: {allowed}")
        return None


def make_profile(
    *,
    age: int | None = None,
    birth_date: date | str | None = None,
    sex: Sex | str | None,
    pregnant: bool = False,
    lactating: bool = False,
    diabetes: DiabetesType | str | None = None,
    timezone: str | None = None,
    today: date,
    zone_exists: Callable[[str], bool] = is_known_time_zone,
) -> Profile:
    """Check what the person typed and build a :class:`Profile`.

    Every problem is collected; one :class:`~magnerve.errors.InvalidInput` names each bad field
    and what is allowed. An ``age`` is recorded as of ``today`` so it advances with time.
    """
    problems = Problems()
    born = _birth_date(birth_date, today, problems)
    if age is not None and birth_date is not None:
        problems.add("age", "give either an age or a birth date, not both")
    elif age is not None and (
        isinstance(age, bool) or not isinstance(age, int) or not MIN_AGE <= age <= MAX_AGE
    ):
        problems.add("age", f"age must be a whole number of years from {MIN_AGE} to {MAX_AGE}")
    the_sex = _choice(sex, Sex, "sex", problems)
    the_diabetes = _choice(diabetes, DiabetesType, "diabetes", problems)
    for flag, value in (("pregnant", pregnant), ("lactating", lactating)):
        if not isinstance(value, bool):
            problems.add(flag, f"{flag} must be true or false")
        elif value and sex is None:
            problems.add(flag, f"{flag} needs the sex set to female")
        elif value and the_sex is Sex.male:
            problems.add(flag, f"{flag} is allowed only with sex female, not male")
    if pregnant is True and lactating is True:
        problems.add("lactating", "pregnant and lactating cannot both be set; choose one")
    zone = DEFAULT_TIMEZONE if timezone is None else timezone
    if not isinstance(zone, str) or not zone_exists(zone):
        problems.add(
            "timezone", f"unknown time zone '{zone}'; use an IANA name such as Europe/London"
        )
    problems.raise_if_any(hint="Run `magnerve profile set --help` to see the allowed values.")
    return Profile(
        birth_date=born,
        age_years=age if born is None else None,
        age_as_of=today if age is not None and born is None else None,
        sex=the_sex,
        pregnant=pregnant,
        lactating=lactating,
        diabetes=the_diabetes,
        timezone=zone,
    )


def _birth_date(value: date | str | None, today: date, problems: Problems) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value.strip())
        except ValueError:
            problems.add("birth_date", f"'{value}' is not a date; use YYYY-MM-DD")
            return None
    if not isinstance(value, date):
        problems.add("birth_date", "birth_date must be a date (YYYY-MM-DD)")
        return None
    if value > today:
        problems.add("birth_date", f"birth date {value.isoformat()} is in the future")
        return None
    years = _whole_years(value, today)
    if not MIN_AGE <= years <= MAX_AGE:
        problems.add(
            "birth_date",
            f"birth date {value.isoformat()} gives an age of {years}; "
            f"allowed ages are {MIN_AGE} to {MAX_AGE}",
        )
        return None
    return value


class Targets(BaseModel):
    """Daily targets for one person on one day, with the sources they come from."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    age_years: int
    life_stage: str
    magnesium_rda_mg: float
    magnesium_rda_kind: IntakeKind
    magnesium_supplement_ul_mg: float | None
    magnesium_supplement_ul_covers: str
    vitamin_b12_rda_ug: float
    vitamin_b12_rda_kind: IntakeKind
    notes: list[str]
    citations: list[str]


_STATE_WORDS = {"pregnant": "pregnancy", "lactating": "breastfeeding"}
_LABEL_WORDS = {"pregnant": "pregnant", "lactating": "breastfeeding"}


def _pick(rows: tuple[R, ...], sex: str, state: str, age: int, notes: list[str]) -> R:
    """The row for this person; outside a state's ages, the nearest group of that state.

    The oldest groups are open-ended ("31 years and over"), so a recorded age that has advanced
    past :data:`MAX_AGE` is looked up as :data:`MAX_AGE`.
    """
    at = float(min(age, MAX_AGE))
    if state != "none":
        span = state_age_range(rows, sex, state)
        if span is None:
            notes.append(f"No separate value for {_STATE_WORDS[state]}; the usual value is used.")
            state = "none"
        elif not span[0] <= at < span[1]:
            edge = "youngest" if at < span[0] else "oldest"
            notes.append(
                f"Reference values for {_STATE_WORDS[state]} cover ages "
                f"{band_label(span[0], span[1])}; at {age} magnerve uses the values for the "
                f"{edge} {_STATE_WORDS[state]} group."
            )
            ends = [r for r in rows if r.sex in ("any", sex) and r.state == state]
            at = span[0] if at < span[0] else max(ends, key=lambda r: r.age_to).age_from
    for row in rows:
        if row.applies(sex, state, at):
            return row
    raise KnowledgeError(f"no target row for sex {sex}, state {state}, age {age}")


def targets_for(profile: Profile, day: date, table: TargetTable) -> Targets:
    """The magnesium and vitamin B12 targets and the supplemental magnesium limit on ``day``."""
    age = age_on(profile, day)
    if profile.sex is None or age is None:
        missing = " and ".join(
            name for name, absent in (("age", age is None), ("sex", profile.sex is None)) if absent
        )
        raise InvalidInput(
            f"The profile needs {missing} before targets can be worked out.",
            field="profile",
            hint=PROFILE_HINT,
        )
    sex = profile.sex.value
    state = "pregnant" if profile.pregnant else "lactating" if profile.lactating else "none"
    notes: list[str] = []
    mg_table: IntakeTable = table.magnesium_rda
    ul_table: LimitTable = table.magnesium_supplement_ul
    mg = _pick(mg_table.rows, sex, state, age, notes)
    ul = _pick(ul_table.rows, sex, state, age, notes)
    b12 = _pick(table.vitamin_b12_rda.rows, sex, state, age, notes)
    staged = [mg, ul, b12]
    if state != "none":
        # A pregnancy or breastfeeding group never raises the person's usual limit (matters
        # only below the DRI pregnancy ages, where a child's lower limit must stand).
        usual = _pick(ul_table.rows, sex, "none", age, notes)
        if usual.value is not None and (ul.value is None or usual.value < ul.value):
            notes.append(
                f"The supplement limit for {_STATE_WORDS[state]} is higher than the usual limit "
                f"at age {age}; magnerve keeps the lower, usual limit."
            )
            staged.remove(ul)
            ul = usual
    used: tuple[_BandRow, ...] = (mg, ul, b12)
    notes.extend(row.note for row in used if row.note)
    band = band_label(max(r.age_from for r in staged), min(r.age_to for r in staged))
    citations = [c.ref for row in used for c in row.citations]
    citations += [c.ref for c in ul_table.covers_citations]
    return Targets(
        age_years=age,
        life_stage=f"{_LABEL_WORDS.get(state, sex)}, {band}",
        magnesium_rda_mg=mg.value,
        magnesium_rda_kind=mg.kind,
        magnesium_supplement_ul_mg=ul.value,
        magnesium_supplement_ul_covers=ul_table.covers,
        vitamin_b12_rda_ug=b12.value,
        vitamin_b12_rda_kind=b12.kind,
        notes=list(dict.fromkeys(notes)),
        citations=list(dict.fromkeys(citations)),
    )


__all__ = [
    "DEFAULT_TIMEZONE",
    "MAX_AGE",
    "MIN_AGE",
    "DiabetesType",
    "Profile",
    "Sex",
    "Targets",
    "age_on",
    "is_known_time_zone",
    "make_profile",
    "targets_for",
]
