"""What this installation is: versions, data sources with their licences, and the disclaimer."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from magnerve import __version__

DISCLAIMER = (
    "magnerve helps you keep a record, check supplement safety and see how you respond. It does "
    "not diagnose, treat or prescribe. No trial has shown that magnesium relieves neuropathic "
    "pain. Talk to your doctor, nurse or pharmacist before you start, stop or change a supplement "
    "or a medicine, and seek care at once for chest pain, fainting, a racing or irregular "
    "heartbeat, seizures or severe confusion."
)


@dataclass(frozen=True)
class FoodSource:
    id: str
    name: str
    short_name: str
    publisher: str
    year: int
    licence: str
    attribution: str
    url: str


@lru_cache(maxsize=1)
def food_sources() -> tuple[FoodSource, ...]:
    import yaml

    text = resources.files("magnerve.knowledge").joinpath("food_sources.yaml").read_text("utf-8")
    return tuple(FoodSource(**item) for item in yaml.safe_load(text))


@dataclass(frozen=True)
class About:
    version: str
    knowledge_version: str
    food_data_version: str
    food_sources: tuple[FoodSource, ...]
    disclaimer: str


def about() -> About:
    from magnerve.knowledge.load import knowledge_version
    from magnerve.storage.fooddb import data_version

    return About(
        version=__version__,
        knowledge_version=knowledge_version(),
        food_data_version=data_version(),
        food_sources=food_sources(),
        disclaimer=DISCLAIMER,
    )
