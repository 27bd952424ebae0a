"""Typed settings read once from `DVC_*` environment variables (and `.env`).

`load_settings()` is called by `run_bot.main` only; nothing reads the environment at import
time. A missing or malformed value raises `SettingsError` whose message is one line naming
the variable, so start-up can stop with a clear message instead of a traceback.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from bot.office_hours import DEFAULT_SESSIONS, parse_sessions

ENV_PREFIX = "DVC_"
DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///./data/dvc.db"


class PortalKind(StrEnum):
    """Which portal API shape the adapter speaks (see bot/portal)."""

    IGATE = "igate"
    ONESTOP = "onestop"


class SettingsError(Exception):
    """A settings value is missing or wrong; `str(exc)` is one line for the operator."""


class Settings(BaseSettings):
    """Everything an operator configures. Secrets are `SecretStr` so repr never shows them."""

    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX, env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    telegram_token: SecretStr | None = None
    telegram_api_url: str = "https://api.telegram.org"
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None
    webhook_listen: str = "0.0.0.0"
    webhook_port: int = Field(default=8443, ge=1, le=65535)
    database_url: str = DEFAULT_DATABASE_URL
    portal_kind: PortalKind = PortalKind.IGATE
    portal_url: str = "http://127.0.0.1:8081"
    portal_client_id: str = "dvc-bot"
    portal_client_secret: SecretStr = SecretStr("")
    portal_realm: str = "digo"
    portal_token_url: str | None = None  # real iGate: the SSO host's token endpoint
    portal_lookup_url: str | None = None  # official lookup page; "{code}" is filled in
    portal_rps: float = Field(default=5.0, gt=0, le=1000)
    staff_ids: Annotated[frozenset[int], NoDecode] = frozenset()
    secret_key: SecretStr = SecretStr("")
    hotline: str = "18001096"
    log_level: str = "INFO"
    catalog_dir: Path | None = None
    #: The staff console: public base URL used in sign-in links (include the /console
    #: prefix when it is mounted in webhook mode), its own port, and whether `run --webhook`
    #: also serves it under /console.
    console_url: str = "http://127.0.0.1:8090"
    console_listen: str = "127.0.0.1"
    console_port: int = Field(default=8090, ge=1, le=65535)
    console_mount: bool = False
    #: Hand-off to a person (bot/handoff/): the staff support group (a forum supergroup,
    #: "-100…"; unset: the bot gives the hotline only), the office sessions of a working
    #: day (Vietnam time), and after how many working hours an unanswered hand-off is
    #: listed for staff.
    support_chat_id: int | None = None
    office_hours: str = DEFAULT_SESSIONS
    handoff_wait_hours: float = Field(default=4.0, gt=0, le=200)

    @field_validator("staff_ids", mode="before")
    @classmethod
    def _parse_staff_ids(cls, value: object) -> object:
        if isinstance(value, str):
            parts = [p for p in value.replace(";", ",").split(",") if p.strip()]
            try:
                return frozenset(int(p) for p in parts)
            except ValueError as exc:
                raise ValueError("must be Telegram user ids separated by commas") from exc
        return value

    @field_validator("telegram_token")
    @classmethod
    def _token_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or not value.get_secret_value():
            return None
        raw = value.get_secret_value()
        head, sep, tail = raw.partition(":")
        if not (sep and head.isdigit() and len(tail) >= 20):
            raise ValueError("does not look like a bot token (digits:secret from @BotFather)")
        return value

    @field_validator("database_url")
    @classmethod
    def _async_driver(cls, value: str) -> str:
        if value.startswith("postgresql://") or value.startswith("postgres://"):
            return "postgresql+asyncpg://" + value.split("://", 1)[1]
        if not (
            value.startswith("sqlite+aiosqlite://") or value.startswith("postgresql+asyncpg://")
        ):
            raise ValueError("must start with sqlite+aiosqlite:// or postgresql+asyncpg://")
        return value

    @field_validator("console_url")
    @classmethod
    def _console_url(cls, value: str) -> str:
        parsed = urlsplit(value.strip())
        if parsed.scheme not in {"http", "https"} or not parsed.hostname:
            raise ValueError("must be an http:// or https:// URL (the console's public address)")
        if parsed.query or parsed.fragment:
            raise ValueError("must not have a query or a fragment")
        return value.strip().rstrip("/")

    @field_validator("support_chat_id", mode="before")
    @classmethod
    def _empty_is_unset(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("support_chat_id")
    @classmethod
    def _supergroup(cls, value: int | None) -> int | None:
        if value is not None and not str(value).startswith("-100"):
            raise ValueError("must be a supergroup id (it starts with -100)")
        return value

    @field_validator("office_hours")
    @classmethod
    def _sessions(cls, value: str) -> str:
        parse_sessions(value)  # raises ValueError with the reason
        return value

    @field_validator("secret_key")
    @classmethod
    def _secret_length(cls, value: SecretStr) -> SecretStr:
        raw = value.get_secret_value()
        if raw and len(raw) < 16:
            raise ValueError("must be at least 16 characters")
        return value

    @field_validator("log_level")
    @classmethod
    def _level(cls, value: str) -> str:
        upper = value.upper()
        if upper not in {"DEBUG", "INFO", "WARNING", "ERROR"}:
            raise ValueError("must be DEBUG, INFO, WARNING or ERROR")
        return upper

    def require_token(self) -> str:
        if self.telegram_token is None:
            raise SettingsError(f"{ENV_PREFIX}TELEGRAM_TOKEN is not set (get one from @BotFather)")
        return self.telegram_token.get_secret_value()

    def require_secret_key(self) -> bytes:
        raw = self.secret_key.get_secret_value()
        if not raw:
            raise SettingsError(f"{ENV_PREFIX}SECRET_KEY is not set (at least 16 characters)")
        return raw.encode("utf-8")


def _describe(exc: ValidationError) -> str:
    err = exc.errors()[0]
    field = str(err["loc"][0]) if err["loc"] else "?"
    msg = str(err["msg"]).removeprefix("Value error, ")
    return f"{ENV_PREFIX}{field.upper()}: {msg}"


def load_settings(**overrides: object) -> Settings:
    """Read the settings once; raise `SettingsError` with a one-line message on bad input."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        raise SettingsError(_describe(exc)) from None
