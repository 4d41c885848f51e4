"""The diary service names every bad symptom value at once and saves none of them."""

from __future__ import annotations

from typing import Any

import pytest

from magnerve.errors import InvalidInput


def test_every_bad_symptom_is_named_and_nothing_is_saved(magnerve: Any) -> None:
    with pytest.raises(InvalidInput) as err:
        magnerve.diary.log_symptoms(
            scores={"burning": "11", "tingling": "4"}, gi="awful", stools="-1", note="ok"
        )
    assert [e.field for e in err.value.errors] == ["burning", "gi", "stools"]
    assert magnerve.diary.day().values == []


def test_good_values_are_all_saved(magnerve: Any) -> None:
    recorded = magnerve.diary.log_symptoms(scores={"burning": "6"}, gi="mild")
    assert sorted(v.item for v in recorded.saved) == ["burning", "gi"]
