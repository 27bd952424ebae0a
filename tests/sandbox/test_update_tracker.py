"""`UpdateTracker` tells when an update has been handled, failed handlers included."""

from __future__ import annotations

import asyncio

import pytest
from telegram import Update

from sandbox.update_tracker import UpdateNotProcessed, UpdateTracker


async def test_processed_waits_for_the_handler_to_return() -> None:
    tracker = UpdateTracker()
    release = asyncio.Event()
    finished: list[int] = []

    async def handler() -> None:
        await release.wait()
        finished.append(7)

    running = asyncio.create_task(tracker.process_update(Update(7), handler()))
    waiting = asyncio.create_task(tracker.processed(7))
    await asyncio.sleep(0)
    assert not waiting.done() and tracker.in_flight == 1
    release.set()
    await waiting
    assert finished == [7] and tracker.done == {7} and tracker.in_flight == 0
    await running


async def test_a_failed_update_counts_as_processed() -> None:
    tracker = UpdateTracker()

    async def broken() -> None:
        raise RuntimeError("handler bug")

    with pytest.raises(RuntimeError):
        await tracker.process_update(Update(8), broken())
    await tracker.processed(8, timeout=1)


async def test_an_update_never_handled_is_reported() -> None:
    tracker = UpdateTracker()
    with pytest.raises(UpdateNotProcessed, match="update 9 was not processed"):
        await tracker.processed(9, timeout=0.05)
