"""Supplement forms, products and doses for one person."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from magnerve.domain.access import Access
from magnerve.domain.dates import parse_day
from magnerve.domain.person import Person
from magnerve.domain.regimen import (
    MAX_ALA_MG_PER_SERVING,
    MAX_B12_UG_PER_SERVING,
    MAX_ELEMENTAL_MG_PER_SERVING,
    MAX_SERVINGS_PER_DOSE,
    LabelBasis,
    SupplementDose,
    SupplementProduct,
)
from magnerve.domain.supplements import FormResolution, FormTable, elemental_mg, resolve_form
from magnerve.domain.times import parse_time
from magnerve.errors import AmbiguousInput, InvalidInput, NotFound, Problems
from magnerve.knowledge.load import load_supplement_forms
from magnerve.services.base import PersonService
from magnerve.services.idempotency import Stored, keyed, removed_since, run_once
from magnerve.services.unit_of_work import Repositories, transaction


@dataclass(frozen=True)
class ElementalAnswer:
    resolution: FormResolution
    compound_mg: float
    elemental_mg: float


@dataclass(frozen=True)
class AddedProduct:
    person: Person
    product: SupplementProduct
    resolution: FormResolution


@dataclass(frozen=True)
class LoggedDose:
    person: Person
    dose: SupplementDose


class SupplementService(PersonService):
    area = "supplements"

    @staticmethod
    def forms() -> FormTable:
        return load_supplement_forms()

    @staticmethod
    def elemental(form: str, compound_mg: float) -> ElementalAnswer:
        resolution = resolve_form(form, load_supplement_forms())
        return ElementalAnswer(resolution, compound_mg, elemental_mg(resolution.form, compound_mg))

    def add_product(
        self,
        name: str,
        *,
        form: str,
        elemental_mg_per_serving: float | None = None,
        compound_mg_per_serving: float | None = None,
        serving_unit: str = "serving",
        brand: str | None = None,
        b12_ug: float | None = None,
        ala_mg: float | None = None,
        calcium_mg: float | None = None,
        zinc_mg: float | None = None,
        vitamin_d_ug: float | None = None,
        idempotency_key: str | None = None,
    ) -> AddedProduct:
        """Add a product. The label gives elemental *or* compound mg; we store both bases."""
        request = keyed(
            idempotency_key,
            "supplements.add_product",
            name=name,
            form=form,
            elemental_mg_per_serving=elemental_mg_per_serving,
            compound_mg_per_serving=compound_mg_per_serving,
            serving_unit=serving_unit,
            brand=brand,
            b12_ug=b12_ug,
            ala_mg=ala_mg,
            calcium_mg=calcium_mg,
            zinc_mg=zinc_mg,
            vitamin_d_ug=vitamin_d_ug,
        )
        problems = Problems()
        if not name.strip():
            problems.add("name", "the product needs a name")
        if (elemental_mg_per_serving is None) == (compound_mg_per_serving is None):
            problems.add(
                "elemental_mg",
                "give exactly one of the elemental magnesium per serving (the magnesium itself, "
                "as most labels state it) or the weight of the whole compound per serving",
            )
        _check_range(
            problems, "elemental_mg", elemental_mg_per_serving, MAX_ELEMENTAL_MG_PER_SERVING, "mg"
        )
        _check_range(problems, "b12_ug", b12_ug, MAX_B12_UG_PER_SERVING, "µg")
        _check_range(problems, "ala_mg", ala_mg, MAX_ALA_MG_PER_SERVING, "mg")
        for field_name, value in (
            ("calcium_mg", calcium_mg),
            ("zinc_mg", zinc_mg),
            ("vitamin_d_ug", vitamin_d_ug),
        ):
            if value is not None and value < 0:
                problems.add(field_name, "must not be negative")
        problems.raise_if_any(
            hint="Example: magnerve supplement add 'Glycinate 100' "
            "--form glycinate --elemental-mg 100"
        )
        resolution = resolve_form(form, load_supplement_forms())
        basis: LabelBasis
        if compound_mg_per_serving is not None:
            elemental = elemental_mg(resolution.form, compound_mg_per_serving)
            basis, label_mg = "compound", compound_mg_per_serving
        else:
            assert elemental_mg_per_serving is not None
            elemental, basis, label_mg = (
                elemental_mg_per_serving,
                "elemental",
                elemental_mg_per_serving,
            )
        product = SupplementProduct(
            id=0,
            name=name.strip(),
            brand=brand,
            form_id=resolution.form.id,
            basis=basis,
            label_mg_per_serving=label_mg,
            elemental_mg_per_serving=elemental,
            serving_unit=serving_unit.strip() or "serving",
            b12_ug=b12_ug,
            ala_mg=ala_mg,
            calcium_mg=calcium_mg,
            zinc_mg=zinc_mg,
            vitamin_d_ug=vitamin_d_ug,
        )

        def replay(repos: Repositories, person: Person, stored: Stored) -> AddedProduct:
            found = repos.supplements.product(person.id, int(stored["product_id"]))
            if found is None:
                raise removed_since()
            return AddedProduct(person, found, resolution)

        def create(repos: Repositories, person: Person, _: None) -> tuple[AddedProduct, Stored]:
            new_id = repos.supplements.add_product(person.id, product, now=self._clock.now())
            stored = {"product_id": new_id}
            return replay(repos, person, stored), stored

        return run_once(
            self._engine,
            self._clock,
            request,
            begin=lambda repos: (self._person(repos, Access.write), None),
            create=create,
            replay=replay,
        )

    def products(self) -> tuple[Person, list[SupplementProduct]]:
        with transaction(self._engine) as repos:
            person = self._person(repos, Access.read)
            return person, repos.supplements.products(person.id)

    def remove_product(self, product_id: int) -> SupplementProduct:
        """Stop listing a product. Doses already logged keep counting on their days."""
        with transaction(self._engine) as repos:
            person = self._person(repos, Access.write)
            product = find_product(repos, person, str(product_id))
            repos.supplements.archive_product(person.id, product.id, now=self._clock.now())
            return product

    def log_dose(
        self,
        product_ref: str,
        *,
        servings: float = 1.0,
        day: str | None = None,
        time: str | None = None,
        idempotency_key: str | None = None,
    ) -> LoggedDose:
        request = keyed(
            idempotency_key,
            "supplements.log_dose",
            product=product_ref,
            servings=servings,
            day=day,
            time=time,
        )
        if not 0 < servings <= MAX_SERVINGS_PER_DOSE:
            raise InvalidInput(
                f"{servings:g} servings is not a plausible dose.",
                field="servings",
                hint=f"Give a number above 0 and at most {MAX_SERVINGS_PER_DOSE:g}, e.g. 1 or 0.5.",
            )
        clock_time = parse_time(time) if time is not None else None

        def create(repos: Repositories, person: Person, today: date) -> tuple[LoggedDose, Stored]:
            when: date = parse_day(day, today=today) if day else today
            product = find_product(repos, person, product_ref)
            dose = repos.supplements.add_dose(
                person.id,
                product,
                day=when,
                time=clock_time,
                servings=servings,
                now=self._clock.now(),
            )
            return LoggedDose(person, dose), {"dose_id": dose.id}

        def replay(repos: Repositories, person: Person, stored: Stored) -> LoggedDose:
            dose = repos.supplements.dose(person.id, int(stored["dose_id"]))
            if dose is None:
                raise removed_since()
            return LoggedDose(person, dose)

        return self._write_once(request, create=create, replay=replay)

    def doses(self, day: str | None = None) -> tuple[Person, date, list[SupplementDose]]:
        """The doses logged on a day (default today)."""
        with transaction(self._engine) as repos:
            person, today = self._person_today(repos, Access.read)
            when: date = parse_day(day, today=today) if day else today
            return person, when, repos.supplements.doses_between(person.id, when, when)

    def remove_dose(self, dose_id: int) -> SupplementDose:
        """Take a wrongly logged dose out of the totals. It is kept and can be restored."""
        return self._set_removed(dose_id, removed=True)

    def restore_dose(self, dose_id: int) -> SupplementDose:
        return self._set_removed(dose_id, removed=False)

    def _set_removed(self, dose_id: int, *, removed: bool) -> SupplementDose:
        with transaction(self._engine) as repos:
            person = self._person(repos, Access.write)
            dose = repos.supplements.dose(person.id, dose_id, removed=not removed)
            if dose is None:
                state = "logged" if removed else "removed"
                raise NotFound(
                    f"There is no {state} supplement dose {dose_id}.",
                    field="id",
                    hint="See the doses of a day with: magnerve log doses --date YYYY-MM-DD",
                )
            repos.supplements.set_dose_removed(
                person.id, dose_id, removed=removed, now=self._clock.now()
            )
            return dose


def _check_range(
    problems: Problems, field: str, value: float | None, top: float, unit: str
) -> None:
    if value is not None and not 0 < value <= top:
        problems.add(
            field,
            f"{value:g} {unit} is not plausible; give a number above 0 and at "
            f"most {top:g} {unit} per serving",
        )


def find_product(repos: Repositories, person: Person, ref: str) -> SupplementProduct:
    """A product by id, or by name (any case; a unique start of the name also works)."""
    products = repos.supplements.products(person.id)
    text = ref.strip()
    if text.isdigit():
        found = [p for p in products if p.id == int(text)]
    else:
        folded = text.casefold()
        found = [p for p in products if p.name.casefold() == folded] or [
            p for p in products if p.name.casefold().startswith(folded)
        ]
    if len(found) == 1:
        return found[0]
    listing = [{"id": p.id, "description": p.name, "magnesium_mg_per_100g": None} for p in products]
    if not found:
        raise NotFound(
            f"There is no supplement product '{ref}'.",
            field="product",
            hint="Your products: "
            + (", ".join(f"{p.id} {p.name}" for p in products) or "none yet")
            + ". Add one with: magnerve supplement add NAME --form F --elemental-mg N",
            details={"products": listing},
        )
    raise AmbiguousInput(
        f"'{ref}' matches several products.",
        field="product",
        hint="Use the product id: " + ", ".join(f"{p.id} {p.name}" for p in found),
    )
