"""Property: any message at all gets a reply that Telegram accepts, and no failure.

Random Unicode, emoji, 4096-character texts and HTML-looking text (`<b>`, `&amp;`,
`<script>`) go through the real bot; the fake server validates every reply exactly like
Telegram (HTML entities, length, keyboards) and records any refusal.

`make test` sends 200 messages, CI 2,000 (tests/helpers/profiles.py). Each exchange
waits until the bot has handled the message, not for a quiet moment.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.texts import Texts
from tests.helpers.botrig import ThreadedBot
from tests.helpers.profiles import fuzz_examples

HTML_BITS = [
    "<b>",
    "</b>",
    "&amp;",
    "&",
    "<script>alert(1)</script>",
    "<",
    ">",
    "<i>x",
    "&#",
    "\"'",
]
WORDS = ["làm lại cccd", "đăng ký kết hôn", "sổ đỏ", "hộ chiếu", "000.00.27.H27-250801-0001"]

texts = (
    st.one_of(
        st.text(min_size=1, max_size=300),
        st.text(alphabet=st.characters(min_codepoint=0x1F300, max_codepoint=0x1FAFF), min_size=1),
        st.lists(st.sampled_from(HTML_BITS + WORDS), min_size=1, max_size=20).map(" ".join),
        st.text(min_size=3900, max_size=4096),
        st.builds(lambda w, n: (w + " ") * n, st.sampled_from(WORDS), st.integers(100, 180)),
    )
    .map(lambda t: t[:4096])
    .filter(lambda t: t.strip() != "" and not t.startswith("/"))
)


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ThreadedBot]:
    path: Path = tmp_path_factory.mktemp("fuzz") / "fuzz.db"
    with ThreadedBot(f"sqlite+aiosqlite:///{path}") as threaded:
        yield threaded


USER_IDS = itertools.count(900_000)
APOLOGIES = {Texts().get("vi", "error_generic"), Texts().get("en", "error_generic")}


@settings(
    max_examples=fuzz_examples(),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(text=texts)
def test_every_message_gets_an_accepted_reply(bot: ThreadedBot, text: str) -> None:
    rig = bot.rig
    assert rig is not None
    user = next(USER_IDS)  # a fresh user each time: the flood limit is not under test here

    async def exchange() -> list[str]:
        return await rig.ask(user, text)

    replies = bot.call(exchange())
    assert replies, f"no reply to {text[:80]!r}"
    assert not APOLOGIES & set(replies), f"the bot failed on {text[:80]!r}"
    assert rig.state.api_errors == [], rig.state.api_errors[-1]
