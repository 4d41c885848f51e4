"""``magnerve profile``: who you are, and the targets that follow."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from magnerve.interfaces import payloads
from magnerve.interfaces.cli.runtime import JsonOption, app_of, console, emit, example_banner

app = typer.Typer(
    help="Your profile (age, sex, pregnancy, diabetes, time zone) and targets.",
    no_args_is_help=True,
)


def _birth_date(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        from magnerve.errors import InvalidInput

        raise InvalidInput(
            f"'{value}' is not a valid date.",
            field="birth_date",
            hint="Use YYYY-MM-DD, for example 1957-04-23.",
        ) from None


@app.command("set")
def set_profile(
    ctx: typer.Context,
    age: Annotated[int | None, typer.Option(help="Age in years (1–120).")] = None,
    birth_date: Annotated[
        str | None, typer.Option(help="Birth date, YYYY-MM-DD (instead of --age).")
    ] = None,
    sex: Annotated[str | None, typer.Option(help="female or male (sets the targets).")] = None,
    pregnant: Annotated[
        bool | None,
        typer.Option("--pregnant/--not-pregnant", help="Pregnancy changes the targets."),
    ] = None,
    lactating: Annotated[
        bool | None,
        typer.Option("--lactating/--not-lactating", help="Breastfeeding changes the targets."),
    ] = None,
    diabetes: Annotated[str | None, typer.Option(help="type1, type2, other or none.")] = None,
    timezone: Annotated[
        str | None, typer.Option(help="Your time zone, e.g. Europe/London.")
    ] = None,
    breakfast: Annotated[
        str | None, typer.Option(help="Usual breakfast time, HH:MM (default 08:00).")
    ] = None,
    lunch: Annotated[str | None, typer.Option(help="Usual lunch time (default 12:30).")] = None,
    dinner: Annotated[str | None, typer.Option(help="Usual dinner time (default 19:00).")] = None,
    magnesium_target_mg: Annotated[
        float | None,
        typer.Option(help="Daily supplement target, mg of magnesium itself (used by 'plan')."),
    ] = None,
    prescribed_mg: Annotated[
        float | None,
        typer.Option(
            help="A daily magnesium dose your clinician prescribed, which may exceed the usual "
            "supplement limit."
        ),
    ] = None,
    lab_interval_months: Annotated[
        int | None,
        typer.Option(
            help="Months between blood magnesium and kidney tests while you take magnesium "
            "(2 to 6; default 3)."
        ),
    ] = None,
    as_json: Annotated[bool, JsonOption] = False,
) -> None:
    """Set or change your profile. Fields you leave out keep their values."""
    from magnerve.services.profile import RegimenChange

    regimen = RegimenChange(
        breakfast, lunch, dinner, magnesium_target_mg, prescribed_mg, lab_interval_months
    )
    view = app_of(ctx).profile.set(
        regimen=regimen if any(v is not None for v in regimen.__dict__.values()) else None,
        age=age,
        birth_date=_birth_date(birth_date),
        sex=sex,
        pregnant=pregnant,
        lactating=lactating,
        diabetes=diabetes,
        timezone=timezone,
    )
    _emit(view, as_json, saved=True)


@app.command("show")
def show(ctx: typer.Context, as_json: Annotated[bool, JsonOption] = False) -> None:
    """Show your profile and your daily targets."""
    _emit(app_of(ctx).profile.show(), as_json, saved=False)


def _emit(view: object, as_json: bool, *, saved: bool) -> None:
    from magnerve.services.profile import ProfileView

    assert isinstance(view, ProfileView)
    payload = payloads.profile_view(view)

    def render() -> None:
        example_banner(view.person.is_example)
        if saved:
            console.print("Profile saved.")
        p = view.profile
        if p is None:
            console.print(
                "No profile yet. Set one with: magnerve profile set --age N --sex female|male"
            )
            return
        state = " (pregnant)" if p.pregnant else " (breastfeeding)" if p.lactating else ""
        console.print(
            f"Age: {view.age if view.age is not None else 'not set'}"
            f"   Sex: {p.sex.value if p.sex else 'not set'}{state}"
            f"   Diabetes: {p.diabetes.value if p.diabetes else 'not set'}"
            f"   Time zone: {p.timezone}"
        )
        t = view.targets
        if t is None:
            console.print(
                "Targets need your age and sex: magnerve profile set --age N --sex female|male"
            )
            return
        console.print(f"Targets for {t.life_stage}:")
        console.print(
            f"  Magnesium, all sources ({t.magnesium_rda_kind}): {t.magnesium_rda_mg:g} mg a day"
        )
        if t.magnesium_supplement_ul_mg is not None:
            console.print(
                f"  Magnesium from supplements and medicines, upper limit: "
                f"{t.magnesium_supplement_ul_mg:g} mg a day (food does not count)"
            )
        console.print(f"  Vitamin B12: {t.vitamin_b12_rda_ug:g} µg a day")
        console.print(f"  Sources: {', '.join(t.citations)} (magnerve about --sources)")

    emit(payload, as_json, render)
