"""Settings refuse bad values with one line naming the variable and never show secrets."""

from __future__ import annotations

import pytest

from bot.config import PortalKind, SettingsError, load_settings

GOOD_TOKEN = "123456:ABCdefGHIjklMNOpqrSTUvwxYZ0123456789"


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: object) -> None:
    import os

    for key in list(os.environ):
        if key.startswith("DVC_"):
            monkeypatch.delenv(key)
    monkeypatch.chdir(str(tmp_path))  # no stray .env file


def test_defaults_need_nothing() -> None:
    settings = load_settings()
    assert settings.database_url == "sqlite+aiosqlite:///./data/dvc.db"
    assert settings.portal_kind is PortalKind.IGATE
    assert settings.telegram_token is None


def test_token_is_never_shown(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DVC_TELEGRAM_TOKEN", GOOD_TOKEN)
    monkeypatch.setenv("DVC_SECRET_KEY", "s" * 32)
    settings = load_settings()
    assert settings.require_token() == GOOD_TOKEN
    assert GOOD_TOKEN not in repr(settings)
    assert GOOD_TOKEN not in str(settings.model_dump())
    assert "s" * 32 not in repr(settings)


@pytest.mark.parametrize(
    ("name", "value", "needle"),
    [
        ("DVC_TELEGRAM_TOKEN", "not-a-token", "DVC_TELEGRAM_TOKEN"),
        ("DVC_DATABASE_URL", "mysql://x", "DVC_DATABASE_URL"),
        ("DVC_PORTAL_KIND", "soap", "DVC_PORTAL_KIND"),
        ("DVC_STAFF_IDS", "12,abc", "DVC_STAFF_IDS"),
        ("DVC_SECRET_KEY", "short", "DVC_SECRET_KEY"),
        ("DVC_WEBHOOK_PORT", "99999", "DVC_WEBHOOK_PORT"),
        ("DVC_PORTAL_RPS", "-1", "DVC_PORTAL_RPS"),
        ("DVC_SUPPORT_CHAT_ID", "-12345", "DVC_SUPPORT_CHAT_ID"),  # a basic group, not a forum
        ("DVC_SUPPORT_CHAT_ID", "support", "DVC_SUPPORT_CHAT_ID"),
        ("DVC_OFFICE_HOURS", "7h30-11h30", "DVC_OFFICE_HOURS"),
        ("DVC_OFFICE_HOURS", "13:30-17:00,07:30-11:30", "DVC_OFFICE_HOURS"),
        ("DVC_HANDOFF_WAIT_HOURS", "0", "DVC_HANDOFF_WAIT_HOURS"),
    ],
)
def test_bad_value_names_the_variable(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str, needle: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError) as info:
        load_settings()
    message = str(info.value)
    assert message.startswith(needle)
    assert "\n" not in message
    assert value not in message or name != "DVC_TELEGRAM_TOKEN"


def test_missing_token_when_required() -> None:
    with pytest.raises(SettingsError, match="DVC_TELEGRAM_TOKEN"):
        load_settings().require_token()


def test_staff_ids_and_postgres_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DVC_STAFF_IDS", "11, 22;33")
    monkeypatch.setenv("DVC_DATABASE_URL", "postgresql://u@h/db")
    settings = load_settings()
    assert settings.staff_ids == frozenset({11, 22, 33})
    assert settings.database_url == "postgresql+asyncpg://u@h/db"


def test_dotenv_file_is_read(monkeypatch: pytest.MonkeyPatch, tmp_path: object) -> None:
    from pathlib import Path

    Path(".env").write_text("DVC_PORTAL_KIND=onestop\n", encoding="utf-8")
    assert load_settings().portal_kind is PortalKind.ONESTOP
