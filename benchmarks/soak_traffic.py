"""The simulated citizens of benchmarks/soak_bench.py and what they do, at a steady rate.

`Soak.run` starts one action every ``1 / rate`` seconds, by an idle user picked at random
(each user does one thing at a time, as a person does), changes the status of a followed
dossier on the portal simulator every ``change_every`` seconds, and calls ``sample`` every
``sample_every`` seconds. `Tally` holds what came of it.
"""

from __future__ import annotations

import asyncio
import random
import time
from array import array
from collections import Counter
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import numpy as np

from sandbox.telegram_client import ControlApiError, TelegramSandboxClient
from sandbox.update_tracker import UpdateNotProcessed, UpdateTracker

DEV_SET = Path(__file__).resolve().parents[1] / "tests" / "data" / "search_dev.tsv"
FIRST_USER = 3_000_000
REPLY_TIMEOUT_S = 15.0
#: Buttons a citizen presses here; not those that start a dialogue step (e: code entry,
#: t: hand-off, m: menu) or delete data (g: /forget, u: unfollow).
PRESSABLE = ("s:", "f:", "c:", "k:", "p:", "n:", "q:", "x:", "w:", "h:")
#: Action → weight (a press falls back to a question while the user has no buttons).
MIX: dict[str, float] = {
    "question": 45,
    "press": 25,
    "status": 8,
    "follow": 5,
    "mine": 4,
    "lang": 4,
    "mydata": 4,
    "help": 5,
}
#: Statuses a followed dossier goes through on the portal, round and round (never closed).
STATUS_CYCLE = (4, 5, 4, 6)


def load_questions() -> list[str]:
    """Every question of the development set (letters, no diacritics, English, typos …)."""
    rows = [line.split("\t")[0] for line in DEV_SET.read_text("utf-8").splitlines()]
    return [q for q in rows if q.strip() and not q.startswith("#") and q != "query"]


@dataclass
class SimUser:
    id: int
    lang: str
    code: str  # this user's dossier on the portal simulator
    busy: bool = False
    following: bool = False
    changes: int = 0  # status changes of `code` made so far
    keyboard: tuple[int, list[str]] | None = None  # (message id, pressable callback data)


@dataclass
class Tally:
    latencies: dict[str, array[float]] = field(default_factory=dict)  # kind → ms
    actions: Counter[str] = field(default_factory=Counter)
    errors: Counter[str] = field(default_factory=Counter)
    replies: int = 0
    skipped: int = 0
    changes: int = 0

    def took(self, kind: str, seconds: float) -> None:
        self.latencies.setdefault(kind, array("d")).append(seconds * 1000)
        self.replies += 1

    def all_ms(self) -> np.ndarray:
        parts = [np.frombuffer(a, dtype=float) for a in self.latencies.values()]
        return np.concatenate(parts) if parts else np.array([])


async def make_users(portal: httpx.AsyncClient, n: int, seed: int) -> list[SimUser]:
    """`n` users, each with a dossier on the portal (received; it moves only when told)."""
    rng = random.Random(seed)
    users = []
    for i in range(n):
        body = {"procedure_index": i, "status": 2}
        response = await portal.post("/_control/dossiers", json=body)
        response.raise_for_status()
        lang = "en" if rng.random() < 0.1 else "vi"
        users.append(SimUser(FIRST_USER + i, lang, response.json()["code"]))
    return users


class Soak:
    """The traffic and the portal changes of one run."""

    def __init__(
        self,
        client: TelegramSandboxClient,
        portal: httpx.AsyncClient,
        tracker: UpdateTracker,
        users: list[SimUser],
        seed: int,
    ) -> None:
        self.client = client
        self.portal = portal
        self.tracker = tracker
        self.users = users
        self.codes = [u.code for u in users]
        self.questions = load_questions()
        self.rng = random.Random(seed)
        self.tally = Tally()
        self.tasks: set[asyncio.Task[None]] = set()

    # -- one user action ----------------------------------------------------------------
    def _choose(self, user: SimUser) -> tuple[str, str]:
        kind = self.rng.choices(list(MIX), weights=list(MIX.values()))[0]
        if kind == "press" and user.keyboard is None:
            kind = "question"
        if kind == "follow" and user.following:
            kind = "mine"
        texts: dict[str, Callable[[], str]] = {
            "question": lambda: self.rng.choice(self.questions),
            "press": lambda: "",
            "status": lambda: f"/status {self.rng.choice(self.codes)}",
            "follow": lambda: f"/follow {user.code}",
            "mine": lambda: "/mine",
            "lang": lambda: "/lang",
            "mydata": lambda: "/mydata",
            "help": lambda: self.rng.choice(["/help", "/start"]),
        }
        return kind, texts[kind]()

    async def act(self, user: SimUser) -> None:
        kind, text = self._choose(user)
        self.tally.actions[kind] += 1
        try:
            if kind == "press":
                await self._press(user)
            else:
                await self._send(user, kind, text)
        except (ControlApiError, httpx.HTTPError, UpdateNotProcessed) as exc:
            self.tally.errors[f"{kind}: {type(exc).__name__}"] += 1
        finally:
            user.busy = False

    async def _send(self, user: SimUser, kind: str, text: str) -> None:
        started = time.perf_counter()
        sent = await self.client.send_text(user.id, text, language_code=user.lang)
        first = await self.client.wait_for_replies(
            user.id, after=sent.marker, min_count=1, quiet=0, timeout=REPLY_TIMEOUT_S
        )
        if first.timed_out:
            self.tally.errors[f"{kind}: no reply"] += 1
        else:
            self.tally.took(kind, time.perf_counter() - started)
            if kind == "follow":
                user.following = True
        await self._settle(user, sent.update_id, sent.marker)

    async def _press(self, user: SimUser) -> None:
        assert user.keyboard is not None
        message_id, buttons = user.keyboard
        started = time.perf_counter()
        pressed = await self.client.press_button(
            user.id, message_id=message_id, data=self.rng.choice(buttons)
        )
        answer = await self.client.callback_answer(
            pressed.callback_query_id, timeout=REPLY_TIMEOUT_S
        )
        if answer is None:
            self.tally.errors["press: not answered"] += 1
        else:
            self.tally.took("press", time.perf_counter() - started)
        await self._settle(user, pressed.update_id, pressed.marker)

    async def _settle(self, user: SimUser, update_id: int | None, marker: int) -> None:
        """Wait until the bot is done with the update; remember the newest buttons."""
        if update_id is None:
            return
        await self.tracker.processed(update_id, timeout=REPLY_TIMEOUT_S)
        self.tracker.done.discard(update_id)  # the tracker's set would grow for ever
        replies = await self.client.replies_since(user.id, after=marker)
        for message in reversed(replies.messages):
            data = [b.callback_data for b in message.buttons if b.callback_data]
            pressable = [d for d in data if d.startswith(PRESSABLE)]
            if pressable and not message.deleted:
                user.keyboard = (message.message_id, pressable)
                return

    # -- the steady streams -------------------------------------------------------------
    @staticmethod
    async def _every(interval: float, until: float, step: Callable[[], None]) -> None:
        loop = asyncio.get_running_loop()
        due = loop.time()
        while True:
            due += interval
            if due >= until:
                return
            await asyncio.sleep(max(0.0, due - loop.time()))
            step()

    def _spawn(self, coro: Coroutine[Any, Any, None]) -> None:
        task = asyncio.create_task(coro)
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    def _next_action(self) -> None:
        idle = [u for u in self.users if not u.busy]
        if not idle:
            self.tally.skipped += 1
            return
        user = self.rng.choice(idle)
        user.busy = True
        self._spawn(self.act(user))

    def _next_change(self) -> None:
        followed = [u for u in self.users if u.following]
        if followed:
            self._spawn(self._change(self.rng.choice(followed)))

    async def _change(self, user: SimUser) -> None:
        status = STATUS_CYCLE[user.changes % len(STATUS_CYCLE)]
        user.changes += 1
        self.tally.changes += 1
        try:
            response = await self.portal.post(
                f"/_control/dossiers/{user.code}/status", json={"status": status}
            )
            response.raise_for_status()
        except httpx.HTTPError as exc:
            self.tally.errors[f"portal change: {type(exc).__name__}"] += 1

    async def run(
        self,
        seconds: float,
        *,
        rate: float,
        change_every: float,
        sample_every: float,
        sample: Callable[[float], None],
    ) -> None:
        """The traffic for `seconds`, then wait for the actions still under way."""
        loop = asyncio.get_running_loop()
        start = loop.time()
        until = start + seconds
        await asyncio.gather(
            self._every(1 / rate, until, self._next_action),
            self._every(change_every, until, self._next_change),
            self._every(sample_every, until, lambda: sample(loop.time() - start)),
        )
        sample(loop.time() - start)
        if self.tasks:
            await asyncio.wait(list(self.tasks), timeout=2 * REPLY_TIMEOUT_S)
