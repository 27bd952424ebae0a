"""The import contracts in `.importlinter` cover the whole tree.

`make test` runs `lint-imports`; these tests keep its configuration honest: a new core module
that is missing from the core contract would escape the "no Telegram in the core" rule.
"""

from __future__ import annotations

import configparser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ADAPTERS = {"bot.telegram", "bot.cli", "bot.console"}


def _contracts() -> configparser.ConfigParser:
    config = configparser.ConfigParser()
    config.read(ROOT / ".importlinter", encoding="utf-8")
    return config


def _lines(value: str) -> set[str]:
    return {line.strip() for line in value.splitlines() if line.strip()}


def _top_level_modules(package: str) -> set[str]:
    folder = ROOT / package
    names = {p.stem for p in folder.glob("*.py") if p.stem != "__init__"}
    names |= {p.parent.name for p in folder.glob("*/__init__.py")}
    return {f"{package}.{name}" for name in names}


def test_every_bot_module_is_core_or_adapter() -> None:
    core = _lines(_contracts()["importlinter:contract:core"]["source_modules"])
    unclassified = _top_level_modules("bot") - core - ADAPTERS
    assert not unclassified, f"add to the core contract in .importlinter: {sorted(unclassified)}"
    assert not core & ADAPTERS


def test_the_core_may_not_reach_telegram_handlers_or_the_sandbox() -> None:
    forbidden = _lines(_contracts()["importlinter:contract:core"]["forbidden_modules"])
    assert {"telegram", "handlers", "sandbox", "bot.telegram", "bot.cli"} <= forbidden


def test_the_sandbox_does_not_ship_with_the_product() -> None:
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    include = next(line for line in pyproject.splitlines() if line.startswith("include ="))
    assert "sandbox" not in include
    assert not (ROOT / "bot" / "sandbox").exists()
