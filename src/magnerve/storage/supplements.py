"""Supplement products and logged doses, scoped to one person."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, datetime

from sqlalchemy import Connection, RowMapping, insert, select, update

from magnerve.domain.regimen import SupplementDose, SupplementProduct
from magnerve.storage.rows import inserted_id
from magnerve.storage.tables import supplement_dose as doses
from magnerve.storage.tables import supplement_product as products


class SupplementRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def add_product(self, person_id: int, product: SupplementProduct, *, now: datetime) -> int:
        values = {k: v for k, v in asdict(product).items() if k != "id"}
        result = self._conn.execute(
            insert(products).values(person_id=person_id, created_at=now, **values)
        )
        return inserted_id(result)

    def products(self, person_id: int) -> list[SupplementProduct]:
        rows = self._conn.execute(
            select(products)
            .where(products.c.person_id == person_id, products.c.archived_at.is_(None))
            .order_by(products.c.id)
        )
        return [_product(r._mapping) for r in rows]

    def product(self, person_id: int, product_id: int) -> SupplementProduct | None:
        row = self._conn.execute(
            select(products).where(
                products.c.person_id == person_id,
                products.c.id == product_id,
                products.c.archived_at.is_(None),
            )
        ).first()
        return None if row is None else _product(row._mapping)

    def archive_product(self, person_id: int, product_id: int, *, now: datetime) -> bool:
        result = self._conn.execute(
            update(products)
            .where(
                products.c.person_id == person_id,
                products.c.id == product_id,
                products.c.archived_at.is_(None),
            )
            .values(archived_at=now)
        )
        return bool(result.rowcount)

    def add_dose(
        self,
        person_id: int,
        product: SupplementProduct,
        *,
        day: date,
        time: str | None,
        servings: float,
        now: datetime,
    ) -> SupplementDose:
        result = self._conn.execute(
            insert(doses).values(
                person_id=person_id,
                product_id=product.id,
                local_date=day,
                local_time=time,
                servings=servings,
                elemental_mg=product.elemental_mg_per_serving * servings,
                b12_ug=None if product.b12_ug is None else product.b12_ug * servings,
                ala_mg=None if product.ala_mg is None else product.ala_mg * servings,
                logged_at=now,
            )
        )
        found = self.doses_between(person_id, day, day, dose_id=inserted_id(result))
        return found[0]

    def doses_between(
        self, person_id: int, start: date, end: date, *, dose_id: int | None = None
    ) -> list[SupplementDose]:
        query = (
            select(doses, products.c.name, products.c.form_id)
            .join(products, products.c.id == doses.c.product_id)
            .where(
                doses.c.person_id == person_id,
                doses.c.local_date >= start,
                doses.c.local_date <= end,
                doses.c.deleted_at.is_(None),
            )
            .order_by(doses.c.local_date, doses.c.local_time, doses.c.id)
        )
        if dose_id is not None:
            query = query.where(doses.c.id == dose_id)
        return [_dose(r._mapping) for r in self._conn.execute(query)]

    def dose(self, person_id: int, dose_id: int, *, removed: bool = False) -> SupplementDose | None:
        """One dose of this person's: a current one, or (``removed=True``) a removed one."""
        state = doses.c.deleted_at.is_not(None) if removed else doses.c.deleted_at.is_(None)
        row = self._conn.execute(
            select(doses, products.c.name, products.c.form_id)
            .join(products, products.c.id == doses.c.product_id)
            .where(doses.c.person_id == person_id, doses.c.id == dose_id, state)
        ).first()
        return None if row is None else _dose(row._mapping)

    def set_dose_removed(
        self, person_id: int, dose_id: int, *, removed: bool, now: datetime
    ) -> bool:
        """Soft delete (or bring back) a dose; the row is never deleted."""
        state = doses.c.deleted_at.is_(None) if removed else doses.c.deleted_at.is_not(None)
        result = self._conn.execute(
            update(doses)
            .where(doses.c.person_id == person_id, doses.c.id == dose_id, state)
            .values(deleted_at=now if removed else None)
        )
        return bool(result.rowcount)

    def first_dose_date(self, person_id: int) -> date | None:
        """The day of the person's first logged dose (the start of their supplement plan)."""
        from sqlalchemy import func

        return self._conn.execute(
            select(func.min(doses.c.local_date)).where(
                doses.c.person_id == person_id, doses.c.deleted_at.is_(None)
            )
        ).scalar_one_or_none()


def _product(m: RowMapping) -> SupplementProduct:
    return SupplementProduct(
        id=int(m["id"]),
        name=str(m["name"]),
        brand=m["brand"],
        form_id=str(m["form_id"]),
        basis=m["basis"],
        label_mg_per_serving=float(m["label_mg_per_serving"]),
        elemental_mg_per_serving=float(m["elemental_mg_per_serving"]),
        serving_unit=str(m["serving_unit"]),
        b12_ug=m["b12_ug"],
        ala_mg=m["ala_mg"],
        calcium_mg=m["calcium_mg"],
        zinc_mg=m["zinc_mg"],
        vitamin_d_ug=m["vitamin_d_ug"],
    )


def _dose(m: RowMapping) -> SupplementDose:
    return SupplementDose(
        id=int(m["id"]),
        product_id=int(m["product_id"]),
        product_name=str(m["name"]),
        form_id=str(m["form_id"]),
        local_date=m["local_date"],
        local_time=m["local_time"],
        servings=float(m["servings"]),
        elemental_mg=float(m["elemental_mg"]),
        b12_ug=m["b12_ug"],
        ala_mg=m["ala_mg"],
    )
