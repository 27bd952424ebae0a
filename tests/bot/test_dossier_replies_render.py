"""Rendering the dossier use cases' results: values escaped exactly once, the owner-ID
request with its reason, failures with (or without) the official page, /mine's list."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.dossiers.results import (
    Failure,
    Followed,
    LookupFailed,
    MalformedCode,
    MyDossiers,
    OwnerAsk,
    OwnerIdNeeded,
    Unfollowed,
)
from bot.portal.codes import CodeIssue, CodeKind, CodeProblem, DossierCode
from bot.render.follow import render_follow, render_mine, render_unfollowed
from bot.render.status_reply import render_lookup_problem
from bot.texts import Texts
from bot.tracking.subscriptions import FollowStatus, SubscriptionInfo

TEXTS = Texts()
CODE = DossierCode("000.17.22.H56-210531-0001", CodeKind.ONESTOP)


def test_a_bad_code_is_escaped_once() -> None:
    problem = CodeProblem("<B>&-2611", CodeIssue.MISSING_PART, "<B>")
    text = render_lookup_problem(MalformedCode(problem), "vi", TEXTS)
    assert "&lt;B&gt;&amp;-2611" in text and "&amp;amp;" not in text and "<B>" not in text


def test_the_owner_request_names_its_reason() -> None:
    first = render_lookup_problem(OwnerIdNeeded(CODE, OwnerAsk.FIRST), "en", TEXTS)
    mismatch = render_lookup_problem(OwnerIdNeeded(CODE, OwnerAsk.MISMATCH), "en", TEXTS)
    follow = render_lookup_problem(OwnerIdNeeded(CODE, OwnerAsk.REQUIRED, True), "en", TEXTS)
    assert first == TEXTS.get("en", "status_ask_owner_id")
    assert mismatch.startswith(TEXTS.get("en", "status_err_owner_mismatch"))
    assert mismatch.endswith(first)
    assert follow.endswith(TEXTS.get("en", "track_ask_owner_id"))


def test_a_failure_offers_the_official_page_when_it_has_one() -> None:
    url = "https://example.gov.vn/lookup?code=1&x=2"
    down = render_lookup_problem(LookupFailed(CODE, Failure.UNAVAILABLE, url), "vi", TEXTS)
    assert down.startswith(TEXTS.get("vi", "status_err_unavailable"))
    assert "code=1&amp;x=2" in down
    refused = render_follow(LookupFailed(CODE, Failure.NOT_FOUND, None), "vi", TEXTS)
    assert refused == TEXTS.get("vi", "status_err_not_found")


def test_follow_results_and_mine() -> None:
    followed = Followed(CODE.code, FollowStatus.FOLLOWED, 1, 20, None)
    text = render_follow(followed, "en", TEXTS)
    assert CODE.code in text and text.endswith(TEXTS.get("en", "track_followed_unknown"))
    already = render_follow(Followed(CODE.code, FollowStatus.ALREADY, 1, 20, None), "en", TEXTS)
    assert "already follow" in already
    item = SubscriptionInfo(
        id=1,
        code=CODE.code,
        last_status=4,
        last_status_label="",
        last_changed_at=datetime(2026, 6, 1, 3, tzinfo=UTC),
        appointment_at=datetime(2026, 6, 20, 3, tzinfo=UTC),
        closed_at=None,
        last_polled_at=None,
        failures=0,
    )
    mine = render_mine(MyDossiers((item,), 20, timedelta(days=7)), "vi", TEXTS)
    assert "(1/20)" in mine and CODE.code in mine and "20/06/2026" in mine
    assert render_mine(MyDossiers((), 20, timedelta(days=7)), "vi", TEXTS) == TEXTS.get(
        "vi", "track_mine_empty"
    )
    assert CODE.code in render_unfollowed(Unfollowed(CODE.code), "vi", TEXTS)
