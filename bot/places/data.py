"""Hà Tĩnh's commune-level units since 1/7/2025 and the former units each was formed from.

The data file is ``procedures_catalog/data/ha_tinh_communes.tsv`` (see its header comment
for the sources): one row per new unit, with the former xã/phường/thị trấn it was formed
from. A former unit listed under several new units was divided among them. Pure: no
database, no Telegram.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from types import MappingProxyType
from typing import Literal

from procedures_catalog.loader import BUNDLED_DIR

COMMUNES_FILE = BUNDLED_DIR / "ha_tinh_communes.tsv"
COLUMNS = ("code", "type", "name", "change", "formed_from", "note")
HEADER = "\t".join(COLUMNS)

NewKind = Literal["xã", "phường"]
OldKind = Literal["xã", "phường", "thị trấn"]
NEW_KINDS: tuple[NewKind, ...] = ("xã", "phường")
OLD_KINDS: tuple[OldKind, ...] = ("xã", "phường", "thị trấn")


class CommuneDataError(ValueError):
    """The data file is malformed; the message names the line."""


@dataclass(frozen=True, slots=True)
class OldUnit:
    """A commune-level unit as it was on 30/6/2025."""

    kind: OldKind
    name: str
    district: str

    @property
    def label(self) -> str:
        return f"{self.kind} {self.name}"


@dataclass(frozen=True, slots=True)
class NewUnit:
    """A xã or phường in force since 1/7/2025."""

    code: str
    kind: NewKind
    name: str
    unchanged: bool
    formed_from: tuple[OldUnit, ...]
    note: str = ""

    @property
    def label(self) -> str:
        return f"{self.kind} {self.name}"


class CommuneDirectory:
    """All new units, and for every former unit the new unit(s) it went into."""

    def __init__(self, units: Iterable[NewUnit]) -> None:
        self.units: tuple[NewUnit, ...] = tuple(units)
        self._by_code: Mapping[str, NewUnit] = MappingProxyType({u.code: u for u in self.units})
        if len(self._by_code) != len(self.units):
            raise CommuneDataError("duplicate unit code")
        successors: dict[OldUnit, list[NewUnit]] = {}
        for unit in self.units:
            for old in unit.formed_from:
                successors.setdefault(old, []).append(unit)
        self._successors = {old: tuple(units) for old, units in successors.items()}

    def get(self, code: str) -> NewUnit | None:
        return self._by_code.get(code)

    @cached_property
    def old_units(self) -> tuple[OldUnit, ...]:
        """Every former unit once, in file order."""
        return tuple(self._successors)

    def successors(self, old: OldUnit) -> tuple[NewUnit, ...]:
        """The new unit(s) a former unit went into (several when it was divided)."""
        return self._successors.get(old, ())

    def divided(self) -> list[OldUnit]:
        return [old for old, units in self._successors.items() if len(units) > 1]


def _old_unit(item: str, where: str) -> OldUnit:
    """``xã Thạch Trị (thành phố Hà Tĩnh)`` → OldUnit."""
    head, sep, rest = item.partition(" (")
    if not sep or not rest.endswith(")"):
        raise CommuneDataError(f"{where}: expected 'type name (district)', got {item!r}")
    district = rest[:-1].strip()
    for kind in sorted(OLD_KINDS, key=len, reverse=True):
        if head.startswith(kind + " "):
            name = head[len(kind) + 1 :].strip()
            if name and district:
                return OldUnit(kind, name, district)
    raise CommuneDataError(f"{where}: unknown unit type in {item!r}")


def parse_communes(text: str, source: str = "ha_tinh_communes.tsv") -> CommuneDirectory:
    """Parse the TSV text: '#' lines are comments, then a header row, then one row per unit."""
    units: list[NewUnit] = []
    header_seen = False
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip("\r")
        if not line.strip() or line.startswith("#"):
            continue
        cells = [cell.strip() for cell in line.split("\t")]
        where = f"{source}:{number}"
        if not header_seen:
            if tuple(cells) != COLUMNS:
                raise CommuneDataError(f"{where}: header must be {HEADER!r}")
            header_seen = True
            continue
        cells += [""] * (len(COLUMNS) - len(cells))
        code, kind, name, change, formed, note = cells[: len(COLUMNS)]
        if not (code.isdigit() and len(code) == 5):
            raise CommuneDataError(f"{where}: code must be 5 digits, got {code!r}")
        if kind not in NEW_KINDS:
            raise CommuneDataError(f"{where}: type must be xã or phường, got {kind!r}")
        if change not in ("merged", "unchanged") or not name:
            raise CommuneDataError(f"{where}: change must be merged or unchanged, and name set")
        formed_from = tuple(_old_unit(item.strip(), where) for item in formed.split(";") if item)
        if not formed_from:
            raise CommuneDataError(f"{where}: formed_from is empty")
        units.append(
            NewUnit(
                code=code,
                kind=kind,
                name=name,
                unchanged=change == "unchanged",
                formed_from=formed_from,
                note=note,
            )
        )
    if not units:
        raise CommuneDataError(f"{source}: no units")
    return CommuneDirectory(units)


def load_communes(path: Path = COMMUNES_FILE) -> CommuneDirectory:
    return parse_communes(path.read_text(encoding="utf-8"), source=path.name)
