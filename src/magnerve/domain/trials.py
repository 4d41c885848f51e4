"""The supplement trial: a person's own check of whether magnesium changes their nerve pain. Pure.

:func:`evaluate_trial` compares the average daily pain score (0-10) of two weeks:

- the **baseline**, the ``baseline_days`` (7) days before the start date: start - 7 … start - 1;
- the **window**, the ``window_days`` (7) days ending on the evaluation date, that day included.

Days are counted from the start date, which is **day 0**: ``day = (evaluated_on - start).days``,
so four weeks after the start is day 28. An evaluation date before the start is refused
(:class:`~magnerve.errors.InvalidInput`, field ``date``). Early in a trial the window can reach
back into the baseline; such a result is "too early" anyway.

The verdict, first match wins:

1. ``insufficient-data`` when the baseline or the window has fewer than ``min_logged_days`` (4)
   days with a pain score — nothing can be judged, however far the trial has gone;
2. ``too-early`` before day ``too_early_before_day`` (28);
3. ``responder`` when the change is at least ``responder_points`` (2.0) lower or at least
   ``responder_percent`` (30 %) lower;
4. ``partial`` when the change is at least ``partial_percent_min`` (10 %) lower;
5. ``worse`` when the change is at least ``worse_points`` (2.0) higher or ``worse_percent``
   (30 %) higher;
6. ``no-change`` otherwise.

The means, the change and the interval are shown whenever the scores allow, whatever the verdict.
``final`` is true from day ``final_from_day`` (84): the 12-week re-evaluation.

Numbers are worked out exactly: each pain score is taken as the decimal it prints as (``3.3`` is
33/10, not the nearest binary fraction), and the means, change and percentage are exact
fractions. They are then rounded half away from zero — means and change to 2 decimals, the
percentage to 1 — and **the verdict is judged on these rounded numbers**, the ones the person
sees. So exactly 2 points and exactly 30 % count, and 29.9 % does not. When the baseline mean is 0
(as shown, to 2 decimals) the percentage is undefined (``None``) and only the points rules apply.
The change and the percentage are worked out from the unrounded means.

``ci95`` is Welch's interval (``ci_level``, 95 %) for window mean minus baseline mean, rounded to
2 decimals; ``None`` when either week has fewer than 2 scores, or when every score within each
week is the same (no spread, so no interval can be given). The Student t quantile is computed here
in plain Python (:func:`t_quantile`), so the domain needs no scipy.

``adherence`` is the share of days from the start date through the evaluation date (both
included) with at least one logged magnesium dose, rounded to 2 decimals.

``confounders`` are the given events dated from the first baseline day through the evaluation
date, and one derived HbA1c event: the readings considered are the last one before the first
baseline day (the value at the start) and every reading from the first baseline day through the
evaluation date; when two of them differ by ``hba1c_change_pp`` (0.5) percentage points or more,
with at least one inside the period, the event names the two furthest apart (earlier one first).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Collection, Mapping, Sequence
from datetime import date, timedelta
from fractions import Fraction
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from magnerve.domain.cited import Cited, Remark
from magnerve.domain.medications import MedicationClass
from magnerve.domain.reference import KnowledgeModel
from magnerve.domain.student_t import t_quantile
from magnerve.errors import InvalidInput, Problems

Verdict = Literal["responder", "partial", "no-change", "worse", "too-early", "insufficient-data"]
ConfounderKind = Literal[
    "pain-medicine-started",
    "pain-medicine-stopped",
    "pain-medicine-changed",
    "dose-changed",
    "hba1c-change",
]
#: The lowest and highest pain score on the 0-10 scale.
PAIN_MIN, PAIN_MAX = 0.0, 10.0


# --- knowledge: trial.yaml ------------------------------------------------------------------------


class TrialNumber(Cited):
    value: float = Field(gt=0)
    unit: str = Field(min_length=1)


class TrialCount(Cited):
    value: int = Field(gt=0)
    unit: str = Field(min_length=1)


class TrialClasses(Cited):
    value: tuple[MedicationClass, ...] = Field(min_length=1)


class TrialTexts(KnowledgeModel):
    """What the person is told, in our own plain words: one sentence or two for each verdict."""

    responder: str = Field(min_length=1)
    partial: str = Field(min_length=1)
    no_change: str = Field(min_length=1)
    worse: str = Field(min_length=1)
    too_early: str = Field(min_length=1)
    insufficient_data: str = Field(min_length=1)
    final_no_change: str = Field(min_length=1)
    #: Added when something else that changes pain happened during the trial.
    confounders: str = Field(min_length=1)
    #: Added to a responder or partial result: trials have not shown magnesium eases nerve pain.
    evidence: Remark

    def for_verdict(self, verdict: Verdict, *, final: bool) -> str:
        if verdict == "no-change" and final:
            return self.final_no_change
        field = verdict.replace("-", "_")
        text: str = getattr(self, field)
        return text


class TrialSettings(KnowledgeModel):
    """``knowledge/trial.yaml``: the periods, the verdict thresholds and the texts."""

    baseline_days: TrialCount
    window_days: TrialCount
    min_logged_days: TrialCount
    too_early_before_day: TrialCount
    final_from_day: TrialCount
    responder_points: TrialNumber
    responder_percent: TrialNumber
    partial_percent_min: TrialNumber
    worse_points: TrialNumber
    worse_percent: TrialNumber
    hba1c_change_pp: TrialNumber
    pain_medicine_classes: TrialClasses
    ci_level: TrialNumber
    texts: TrialTexts

    @model_validator(mode="after")
    def _consistent(self) -> TrialSettings:
        logged = self.min_logged_days.value
        if logged > self.baseline_days.value or logged > self.window_days.value:
            raise ValueError("min_logged_days must not be more than baseline_days or window_days")
        if self.too_early_before_day.value >= self.final_from_day.value:
            raise ValueError("too_early_before_day must be before final_from_day")
        if self.partial_percent_min.value >= self.responder_percent.value:
            raise ValueError("partial_percent_min must be below responder_percent")
        if not self.ci_level.value < 1:
            raise ValueError("ci_level must be below 1")
        if len(set(self.pain_medicine_classes.value)) != len(self.pain_medicine_classes.value):
            raise ValueError("pain_medicine_classes lists a class twice")
        return self


# --- inputs and result ----------------------------------------------------------------------------


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ConfounderEvent(_Frozen):
    """Something other than magnesium that can change pain, on ``date``.

    ``involves`` names what changed: medicine names, or ``HbA1c``.
    """

    date: dt.date
    kind: ConfounderKind
    description: str = Field(min_length=1)
    involves: tuple[str, ...] = ()


class TrialResult(_Frozen):
    """One evaluation of the trial. Numbers are rounded as the module docstring says."""

    start: date
    evaluated_on: date
    day: int
    final: bool
    verdict: Verdict
    baseline_from: date
    baseline_to: date
    window_from: date
    window_to: date
    baseline_days_logged: int
    window_days_logged: int
    baseline_mean: float | None
    window_mean: float | None
    change: float | None
    percent_change: float | None
    ci95: tuple[float, float] | None
    adherence: float
    dose_days_logged: int
    trial_days: int
    confounders: tuple[ConfounderEvent, ...]
    message: str


# --- exact numbers --------------------------------------------------------------------------------


def _exact(value: float) -> Fraction:
    """The decimal a float prints as, exactly (``3.3`` → 33/10)."""
    return Fraction(repr(float(value)))


def _rounded(value: Fraction, places: int) -> Fraction:
    """Rounded half away from zero to ``places`` decimals."""
    scale = 10**places
    magnitude = math.floor(abs(value) * scale + Fraction(1, 2))
    return Fraction(magnitude if value >= 0 else -magnitude, scale)


def _mean(values: Sequence[Fraction]) -> Fraction | None:
    return sum(values, Fraction(0)) / len(values) if values else None


def _variance(values: Sequence[Fraction]) -> Fraction:
    mean = sum(values, Fraction(0)) / len(values)
    return sum(((v - mean) ** 2 for v in values), Fraction(0)) / (len(values) - 1)


def _welch_interval(
    baseline: Sequence[Fraction], window: Sequence[Fraction], level: float
) -> tuple[float, float] | None:
    if len(baseline) < 2 or len(window) < 2:
        return None
    share_b = _variance(baseline) / len(baseline)
    share_w = _variance(window) / len(window)
    spread = share_b + share_w
    if spread == 0:
        return None
    df = spread**2 / (share_b**2 / (len(baseline) - 1) + share_w**2 / (len(window) - 1))
    difference = sum(window, Fraction(0)) / len(window) - sum(baseline, Fraction(0)) / len(baseline)
    half = t_quantile((1.0 + level) / 2.0, float(df)) * math.sqrt(spread)
    low, high = float(difference) - half, float(difference) + half
    return float(_rounded(_exact(low), 2)), float(_rounded(_exact(high), 2))


# --- the evaluation -------------------------------------------------------------------------------


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def _check(
    start: date, evaluated_on: date, pain: Mapping[date, float], hba1c: Sequence[tuple[date, float]]
) -> None:
    if evaluated_on < start:
        raise InvalidInput(
            f"The evaluation date {evaluated_on} is before the start of the trial ({start}).",
            field="date",
            hint="Give a date on or after the start date.",
        )
    problems = Problems()
    bad = sorted(d for d, v in pain.items() if not (math.isfinite(v) and PAIN_MIN <= v <= PAIN_MAX))
    if bad:
        problems.add("pain", f"a pain score must be from 0 to 10 (see {bad[0]})")
    if any(not (math.isfinite(v) and v > 0) for _, v in hba1c):
        problems.add("hba1c", "an HbA1c result must be a percentage above 0")
    problems.raise_if_any()


def _hba1c_event(
    readings: Sequence[tuple[date, float]], first: date, last: date, threshold: Fraction
) -> ConfounderEvent | None:
    before = [r for r in readings if r[0] < first]
    inside = sorted((r for r in readings if first <= r[0] <= last), key=lambda r: r[0])
    if not inside:
        return None
    considered = ([max(before, key=lambda r: r[0])] if before else []) + inside
    best: tuple[Fraction, tuple[date, float], tuple[date, float]] | None = None
    for i, earlier in enumerate(considered):
        for later in considered[i + 1 :]:
            gap = abs(_exact(later[1]) - _exact(earlier[1]))
            if gap >= threshold and (best is None or gap > best[0]):
                best = (gap, earlier, later)
    if best is None:
        return None
    gap, (from_day, from_value), (to_day, to_value) = best
    return ConfounderEvent(
        date=to_day,
        kind="hba1c-change",
        description=(
            f"HbA1c was {float(from_value)}% on {from_day} and {float(to_value)}% on {to_day}, "
            f"{float(gap):g} percentage points apart."
        ),
        involves=("HbA1c",),
    )


def _verdict(
    change: Fraction, percent: Fraction | None, settings: TrialSettings
) -> Literal["responder", "partial", "no-change", "worse"]:
    def at_least(value: Fraction | None, threshold: float) -> bool:
        return value is not None and value >= _exact(threshold)

    def at_most(value: Fraction | None, threshold: float) -> bool:
        return value is not None and value <= -_exact(threshold)

    if at_most(change, settings.responder_points.value) or at_most(
        percent, settings.responder_percent.value
    ):
        return "responder"
    if at_most(percent, settings.partial_percent_min.value):
        return "partial"
    if at_least(change, settings.worse_points.value) or at_least(
        percent, settings.worse_percent.value
    ):
        return "worse"
    return "no-change"


def _shown(value: Fraction | None, places: int) -> float | None:
    return None if value is None else float(_rounded(value, places))


def evaluate_trial(
    *,
    start: date,
    evaluated_on: date,
    pain: Mapping[date, float],
    dose_days: Collection[date],
    events: Sequence[ConfounderEvent],
    hba1c: Sequence[tuple[date, float]],
    settings: TrialSettings,
) -> TrialResult:
    """Judge the trial on ``evaluated_on``; see the module docstring for every rule.

    ``pain`` holds one overall 0-10 score per day; ``dose_days`` the days with at least one
    logged magnesium dose; ``events`` the confounders the caller found (pain medicines started,
    stopped or changed, magnesium dose changes); ``hba1c`` the HbA1c results in %.
    """
    _check(start, evaluated_on, pain, hba1c)
    day = (evaluated_on - start).days
    baseline_days = _days(
        start - timedelta(days=settings.baseline_days.value), start - timedelta(1)
    )
    window_days = _days(evaluated_on - timedelta(days=settings.window_days.value - 1), evaluated_on)
    baseline = [_exact(pain[d]) for d in baseline_days if d in pain]
    window = [_exact(pain[d]) for d in window_days if d in pain]

    baseline_mean, window_mean = _mean(baseline), _mean(window)
    change = percent = None
    if baseline_mean is not None and window_mean is not None:
        change = _rounded(window_mean - baseline_mean, 2)
        if _rounded(baseline_mean, 2) != 0:
            percent = _rounded((window_mean - baseline_mean) / baseline_mean * 100, 1)

    final = day >= settings.final_from_day.value
    verdict: Verdict
    enough = settings.min_logged_days.value
    if len(baseline) < enough or len(window) < enough or change is None:
        verdict = "insufficient-data"
    elif day < settings.too_early_before_day.value:
        verdict = "too-early"
    else:
        verdict = _verdict(change, percent, settings)

    period_start = baseline_days[0]
    confounders = [e for e in events if period_start <= e.date <= evaluated_on]
    derived = _hba1c_event(
        hba1c, period_start, evaluated_on, _exact(settings.hba1c_change_pp.value)
    )
    if derived is not None:
        confounders.append(derived)
    confounders.sort(key=lambda e: (e.date, e.kind, e.description))

    trial_days = day + 1
    taken = sum(1 for d in set(dose_days) if start <= d <= evaluated_on)
    return TrialResult(
        start=start,
        evaluated_on=evaluated_on,
        day=day,
        final=final,
        verdict=verdict,
        baseline_from=baseline_days[0],
        baseline_to=baseline_days[-1],
        window_from=window_days[0],
        window_to=window_days[-1],
        baseline_days_logged=len(baseline),
        window_days_logged=len(window),
        baseline_mean=_shown(baseline_mean, 2),
        window_mean=_shown(window_mean, 2),
        change=_shown(change, 2),
        percent_change=_shown(percent, 1),
        ci95=_welch_interval(baseline, window, settings.ci_level.value),
        adherence=float(_rounded(Fraction(taken, trial_days), 2)),
        dose_days_logged=taken,
        trial_days=trial_days,
        confounders=tuple(confounders),
        message=_message(verdict, final, bool(confounders), settings.texts),
    )


def _message(verdict: Verdict, final: bool, confounded: bool, texts: TrialTexts) -> str:
    parts: list[str] = [texts.for_verdict(verdict, final=final)]
    if verdict in ("responder", "partial"):
        parts.append(texts.evidence.text)
    if confounded and verdict not in ("too-early", "insufficient-data"):
        parts.append(texts.confounders)
    return " ".join(part.strip() for part in parts)


__all__ = [
    "PAIN_MAX",
    "PAIN_MIN",
    "ConfounderEvent",
    "ConfounderKind",
    "TrialClasses",
    "TrialCount",
    "TrialNumber",
    "TrialResult",
    "TrialSettings",
    "TrialTexts",
    "Verdict",
    "evaluate_trial",
    "t_quantile",
]
