"""Property: every button press is answered, whatever its data, and nothing fails.

Random callback data (any 1–64 bytes, and every kind of this bot's data with random
arguments: huge and negative numbers, non-ASCII digits, real procedure codes) is pressed on
a button the bot posts (tests/helpers/forged.py), as a modified client can. The spinner
must stop (answerCallbackQuery), with no apology, no ERROR log and no refused API call.
The number of examples follows the hypothesis profile (tests/helpers/profiles.py).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.flood import FloodLimiter
from handlers.callbacks import CallbackKind
from tests.helpers.botrig import ThreadedBot
from tests.helpers.forged import forged_press

USER = 9501
APOLOGY = "Xin lỗi, đã có lỗi xảy ra"

# Any character but lone surrogates (not encodable, so never in Telegram's data).
chars = st.characters(exclude_categories=["Cs"])
args = st.one_of(
    st.integers(-(10**30), 10**30).map(str),
    st.sampled_from(["1.014064", "1.000894", "0", "1", "", "²", "١٢", "d", "w", "mine", "code"]),
    st.text(chars, max_size=12),
)
ours = st.builds(
    lambda kind, rest: ":".join([kind, *rest]),
    st.sampled_from(list(CallbackKind)),
    st.lists(args, max_size=4),
)
anything = st.text(chars, min_size=1, max_size=64)
callback_data = st.one_of(ours, anything).filter(lambda d: 1 <= len(d.encode("utf-8")) <= 64)


class Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[ThreadedBot, Collect]]:
    path: Path = tmp_path_factory.mktemp("fuzz_callbacks") / "fuzz.db"
    errors = Collect()
    logging.getLogger().addHandler(errors)
    try:
        with ThreadedBot(f"sqlite+aiosqlite:///{path}") as threaded:
            rig = threaded.rig
            assert rig is not None
            # one user presses everything: the flood limit is not under test here
            rig.application.bot_data.services.flood = FloodLimiter(burst=1_000_000)
            threaded.call(rig.send(USER, "/start"))
            yield threaded, errors
    finally:
        logging.getLogger().removeHandler(errors)


@settings(
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=callback_data)
def test_every_press_is_answered(bot: tuple[ThreadedBot, Collect], data: str) -> None:
    threaded, errors = bot
    rig = threaded.rig
    assert rig is not None

    async def press() -> tuple[dict[str, object] | None, list[str]]:
        pressed, answer = await forged_press(rig, USER, data)
        return answer, (await rig.replies(pressed, USER)).texts

    answer, replies = threaded.call(press())
    assert answer is not None, f"no answer to {data!r}"
    assert not any(APOLOGY in text for text in replies), data
    assert errors.messages == [], (data, errors.messages)
    assert rig.state.api_errors == [], rig.state.api_errors[-1]
