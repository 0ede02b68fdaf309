"""The police forces outcome letters are posted to (resources/letters/police.toml)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache

from yot_desktop.resources import resource_path


@dataclass(frozen=True)
class PoliceForce:
    name: str
    address_lines: tuple[str, ...]
    postcode: str
    areas: tuple[str, ...]


@lru_cache(maxsize=1)
def police_forces() -> tuple[PoliceForce, ...]:
    with resource_path("letters", "police.toml").open("rb") as fh:
        data = tomllib.load(fh)
    return tuple(
        PoliceForce(
            str(f["name"]),
            tuple(str(x) for x in f.get("address", [])),
            str(f.get("postcode", "")),
            tuple(str(x) for x in f.get("areas", [])),
        )
        for f in data.get("force", [])
    )


def force_for(area: str) -> PoliceForce | None:
    """The force covering a scheme's area; the first force listed when none names it."""
    forces = police_forces()
    wanted = area.strip().casefold()
    for force in forces:
        if any(a.casefold() == wanted for a in force.areas):
            return force
    return forces[0] if forces else None
