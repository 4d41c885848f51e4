"""Composition root: settings → engine → repositories → services. The only place that wires.

Heavy parts are built on first use: ``magnerve today`` never opens the food database, and
nothing here imports FastAPI, scipy, matplotlib or weasyprint.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from typing import TYPE_CHECKING

from magnerve.domain.access import OPERATOR, Actor
from magnerve.services.clock import Clock, SystemClock
from magnerve.services.summary_cache import SummaryCache

if TYPE_CHECKING:
    from argon2 import PasswordHasher
    from sqlalchemy import Engine

    from magnerve.config import Settings
    from magnerve.services.accounts import AccountService
    from magnerve.services.backup import BackupService
    from magnerve.services.charts import ChartService
    from magnerve.services.days import DayService
    from magnerve.services.demo import DemoService
    from magnerve.services.diary import DiaryService
    from magnerve.services.foods import FoodService
    from magnerve.services.intake import IntakeService
    from magnerve.services.labs import LabService
    from magnerve.services.medications import MedicationService
    from magnerve.services.notes import NoteService
    from magnerve.services.panel import PanelService
    from magnerve.services.plan import PlanService
    from magnerve.services.profile import ProfileService
    from magnerve.services.report import ReportService
    from magnerve.services.safety import SafetyService
    from magnerve.services.screening import ScreeningService
    from magnerve.services.sharing import SharingService
    from magnerve.services.supplements import SupplementService
    from magnerve.services.trial import TrialService
    from magnerve.storage.fooddb import FoodDatabase

Progress = Callable[[int, int], None]


class Magnerve:
    """Everything one invocation (a CLI command, a web app) needs, built lazily."""

    #: Whether close() releases the engine and food data (False for a for_person() view).
    _owner = True

    def __init__(
        self,
        settings: Settings,
        *,
        clock: Clock | None = None,
        food_progress: Progress | None = None,
        actor: Actor = OPERATOR,
        password_hasher: PasswordHasher | None = None,
    ) -> None:
        self.settings = settings
        self.clock: Clock = clock or SystemClock()
        self._food_progress = food_progress
        #: Who is acting: the operator (local mode, the CLI) or a signed-in account.
        self.actor = actor
        self._password_hasher = password_hasher
        #: Per-process summaries (the clinician panel), shared by every for_person() view.
        self._summary_cache = SummaryCache()

    @property
    def person_handle(self) -> str:
        return self.settings.person

    @cached_property
    def engine(self) -> Engine:
        from magnerve.storage.engine import make_engine
        from magnerve.storage.schema import ensure_current

        engine = make_engine(self.settings.resolved_database_url())
        ensure_current(engine)
        return engine

    @cached_property
    def food_db(self) -> FoodDatabase:
        from magnerve.storage.fooddb import FoodDatabase

        return FoodDatabase.open_or_build(self.settings.food_db_dir, progress=self._food_progress)

    @cached_property
    def foods(self) -> FoodService:
        from magnerve.services.foods import FoodService

        return FoodService(self.food_db)

    @cached_property
    def profile(self) -> ProfileService:
        from magnerve.services.profile import ProfileService

        return ProfileService(self.engine, self.clock, self.person_handle, self.actor)

    @cached_property
    def intake(self) -> IntakeService:
        from magnerve.services.intake import IntakeService

        return IntakeService(
            self.engine, self.clock, self.person_handle, lambda: self.foods, self.actor
        )

    @cached_property
    def supplements(self) -> SupplementService:
        from magnerve.services.supplements import SupplementService

        return SupplementService(self.engine, self.clock, self.person_handle, self.actor)

    @cached_property
    def medications(self) -> MedicationService:
        from magnerve.services.medications import MedicationService

        return MedicationService(self.engine, self.clock, self.person_handle, self.actor)

    @cached_property
    def safety(self) -> SafetyService:
        from magnerve.services.safety import SafetyService

        return SafetyService(self.engine, self.clock, self.person_handle, self.actor)

    @cached_property
    def labs(self) -> LabService:
        from magnerve.services.labs import LabService

        return LabService(self.engine, self.clock, self.person_handle, self.actor)

    @cached_property
    def plan(self) -> PlanService:
        from magnerve.services.plan import PlanService

        return PlanService(self.engine, self.clock, self.person_handle, self.actor)

    @cached_property
    def days(self) -> DayService:
        from magnerve.services.days import DayService

        return DayService(self.engine, self.clock, self.person_handle, self.actor)

    @cached_property
    def diary(self) -> DiaryService:
        from magnerve.services.diary import DiaryService

        return DiaryService(self.engine, self.clock, self.person_handle, self.actor)

    @cached_property
    def trial(self) -> TrialService:
        from magnerve.services.trial import TrialService

        return TrialService(self.engine, self.clock, self.person_handle, self.actor)

    @cached_property
    def screening(self) -> ScreeningService:
        from magnerve.services.screening import ScreeningService

        return ScreeningService(self.engine, self.clock, self.person_handle, self.actor)

    @cached_property
    def charts(self) -> ChartService:
        from magnerve.services.charts import ChartService

        return ChartService(self.engine, self.clock, self.person_handle, self.actor)

    @cached_property
    def report(self) -> ReportService:
        from magnerve.services.report import ReportService

        return ReportService(self.engine, self.clock, self.person_handle, self.actor)

    @cached_property
    def demo(self) -> DemoService:
        from magnerve.services.demo import DemoService

        return DemoService(self.engine, self.clock, lambda: self.foods, self.actor)

    @cached_property
    def backup(self) -> BackupService:
        from magnerve.services.backup import BackupService

        return BackupService(self.engine, self.clock)

    @cached_property
    def accounts(self) -> AccountService:
        from argon2 import PasswordHasher

        from magnerve.services.accounts import AccountService

        return AccountService(self.engine, self.clock, self._password_hasher or PasswordHasher())

    @cached_property
    def sharing(self) -> SharingService:
        from magnerve.services.sharing import SharingService

        return SharingService(self.engine, self.clock, self.actor)

    @cached_property
    def notes(self) -> NoteService:
        from magnerve.services.notes import NoteService

        return NoteService(self.engine, self.clock, self.person_handle, self.actor)

    @cached_property
    def panel(self) -> PanelService:
        from magnerve.services.panel import PanelService

        return PanelService(self.engine, self.clock, self.actor, self._summary_cache)

    def for_person(self, handle: str, actor: Actor = OPERATOR) -> Magnerve:
        """The same database, food data and clock, acting on another person's records (as
        ``actor``: the services check what they may do).

        Cheap (services are built lazily); the web app makes one per request. Only the owner
        (the app built from settings) closes the shared engine and food database.
        """
        if handle == self.person_handle and actor == self.actor:
            return self
        other = Magnerve(
            self.settings.model_copy(update={"person": handle}),
            clock=self.clock,
            actor=actor,
            password_hasher=self._password_hasher,
        )
        other._summary_cache = self._summary_cache
        other.__dict__["engine"] = self.engine
        other.__dict__["food_db"] = self.food_db
        other._owner = False
        return other

    def close(self) -> None:
        """Release the database and food data; used again, they are opened afresh.

        (An ASGI server may stop and start the same web app, e.g. the test client.)
        """
        if not self._owner:
            return
        engine = self.__dict__.pop("engine", None)
        if engine is not None:
            engine.dispose()
        food_db = self.__dict__.pop("food_db", None)
        if food_db is not None:
            food_db.close()
        for name, member in vars(type(self)).items():
            if isinstance(member, cached_property):
                self.__dict__.pop(name, None)  # services hold the old engine and food data


def build(settings: Settings, **kwargs: object) -> Magnerve:
    return Magnerve(settings, **kwargs)  # type: ignore[arg-type]
