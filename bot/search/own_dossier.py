"""Questions about the asker's OWN dossier, application or money, asked without a code.

"hồ sơ ốm đau em nộp tuần trước giờ sao rồi?", "làm căn cước 3 tháng rồi chưa thấy trả",
"bao giờ em nhận được tiền trợ cấp", "sổ đỏ nộp lâu rồi sao chưa có": the citizen waits for
the result of something they already handed in. "làm hộ chiếu bao lâu", "làm hộ chiếu bao
giờ có kết quả" ask how long a procedure takes in general and are NOT caught.

Cues are found in the tokens of the message (accents optional, compared when typed):

* ``submitted`` — the asker handed something in: "đã nộp", "em nộp", "nộp … rồi",
  "làm căn cước 3 tháng rồi", "nộp từ tháng 9", "hẹn trả";
* ``own`` — the dossier or the thing is theirs: "hồ sơ em", "đơn của tôi", "… của mình";
* ``waiting`` — the result has not come: "sao chưa", "vẫn chưa", "chưa thấy", "chưa được
  trả", "đến đâu rồi", "bao giờ mới", "quá hẹn";
* ``when`` — a "when will it come" question ("bao giờ có kết quả", "bao lâu thì có thẻ"):
  general on its own, the asker's own dossier after a ``submitted`` cue.

A message is about the asker's own dossier when it has a ``decisive`` phrase, or a
``waiting`` cue near a ``submitted`` or ``own`` cue, or a ``when`` cue near a ``submitted``
cue or a dossier of theirs ("hồ sơ của em bao giờ có kết quả"). Pure and immutable: build one
:class:`OwnDossierDetector` and share it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import product

from bot.search.normalize import Token, make_token
from bot.search.vocabulary import PhraseMatcher

#: How far apart (in words) two cues may be and still speak of the same dossier.
NEAR = 20
#: How far after a submission verb "rồi" or an elapsed time may come ("nộp hồ sơ … rồi").
VERB_REACH = 8

# fmt: off
_FIRST_PERSON = (
    "tôi", "em", "mình", "e", "tui", "tớ", "t", "con", "cháu", "chúng tôi", "chúng em",
    "nhà tôi", "nhà em", "nhà mình", "gia đình tôi", "gia đình em",
)
_KIN = ("bố", "mẹ", "ba", "má", "ông", "bà", "ông bà", "vợ", "chồng", "con", "bố mẹ")
_WHOSE = (*_FIRST_PERSON, *(f"{k} {p}" for k in _KIN for p in ("tôi", "em", "mình", "e")))
# Handing something in; followed by "rồi" or an elapsed time it is something done.
_VERBS = (
    "nộp", "gửi", "làm", "đăng ký", "đăng kí", "đk", "xin", "đổi", "chuyển khoản",
    "bổ sung", "nộp bổ sung", "nộp đơn", "gửi đơn", "nộp hồ sơ", "làm hồ sơ",
    "apply", "applied", "submit", "submitted", "sent", "registered", "filed",
)
_AFTER = ("rồi", "r", "lâu rồi")
# Verbs that count only when typed with their accents ("cho" is mostly "cho", not "chờ").
_STRICT_VERBS = ("chờ", "đợi")
_UNITS = (
    "ngày", "hôm", "bữa", "tuần", "tháng", "năm", "ngày làm việc",
    "day", "days", "week", "weeks", "month", "months", "year", "years",
)
_NUMBERS = (
    "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín", "mười", "mười lăm",
    "hai mươi", "nửa", "mấy", "vài", "hơn", "gần", "cả", "được", "mấy chục",
)
_ELAPSED = (
    "lâu rồi", "từ lâu", "đến nay", "tới nay", "đến giờ", "tới giờ", "mấy lần", "back in",
    "since",
)
# Phrases that decide on their own.
_DECISIVE = (
    "quá hẹn", "trễ hẹn", "lỡ hẹn", "quá ngày hẹn", "qua ngày hẹn", "quá hạn giải quyết",
    "trễ hạn giải quyết", "đã duyệt chưa", "được duyệt chưa", "giải quyết đến đâu",
    "giải quyết tới đâu", "xử lý tới đâu", "đến khâu nào", "tới khâu nào", "đang ở khâu nào",
    "nằm ở khâu nào", "vướng ở khâu nào", "vướng khâu nào", "hồ sơ đang ở đâu",
    "hồ sơ giờ ở đâu", "is my file stuck", "where is my application", "my application is still",
)
# "hồ sơ của em": their dossier (decides next to "waiting" and "when" cues).
_OWN_DOSSIER = (
    *(f"{noun} của {who}" for noun in ("hồ sơ", "đơn", "bộ hồ sơ") for who in _WHOSE),
    "my application", "my file", "my dossier", "my request", "my case", "my claim",
)
# "… của mình", "sổ đỏ nhà em", "hồ sơ e": something of theirs (decides next to "waiting").
_OWN_THING = (
    *(f"của {who}" for who in _WHOSE),
    *(f"nhà {p}" for p in ("tôi", "em", "mình", "e")),
    *(f"{noun} {who}" for noun in ("hồ sơ", "đơn") for who in _FIRST_PERSON),
)
# What has not come yet after "chưa" ("chưa có" alone is not enough: "chưa có căn cước").
_RESULT_WORDS = (
    "thấy", "nhận", "nhận được", "được trả", "được giải quyết", "được duyệt", "được cấp",
    "được hoàn", "được xử lý", "được gọi", "được bấm", "được thụ lý", "được xác nhận",
    "được chi", "được thanh toán", "được phê duyệt", "được nhận", "được hoàn tiền", "xong",
    "trả", "về", "duyệt", "giải quyết", "xử lý", "ai", "lấy được", "có kết quả", "có tiền",
    "có quyết định", "có giấy", "có thẻ", "có sổ", "có bằng", "có biển",
)
# The result has not come: decides next to a submitted or own cue.
_WAITING = (
    *(
        f"{lead} chưa {word}".strip()
        for lead in ("", "mà", "nhưng", "vẫn", "sao", "mãi", "vẫn còn")
        for word in _RESULT_WORDS
    ),
    *(
        f"{no} thấy {what}"  # "lục mãi không thấy giấy đâu" is lost, not late
        for no in ("không", "chẳng")
        for what in ("trả", "trả lời", "gọi", "ai", "tiền", "kết quả", "về", "báo", "liên hệ")
    ),
    "sao chưa", "vẫn chưa", "mãi chưa",
    "vẫn đang chờ", "vẫn là chờ", "vẫn chờ", "chờ mãi", "đến đâu", "tới đâu", "đang ở đâu",
    "đang nằm ở đâu", "ra sao rồi", "sao rồi", "thế nào rồi", "bị sao", "bị làm sao",
    "bao giờ mới", "khi nào mới", "bao lâu nữa", "bao giờ thì xong", "bị chậm", "bị trễ",
    "có bị trễ", "có bị chậm", "chậm trễ", "lâu vậy", "lâu thế", "lâu quá", "xong chưa",
    "được chưa", "có chưa", "về chưa", "duyệt chưa", "thụ lý chưa", "xử lý chưa",
    "giải quyết chưa", "trả chưa", "nhận được chưa", "lại trễ", "lại chậm",
    *(f"chưa {v} đồng nào" for v in ("có", "được", "nhận", "nhận được", "thấy")),
    "still", "not yet", "no money", "stuck", "pending", "haven't received",
    "have not received", "hasn't arrived", "has not arrived", "no answer", "no reply",
)
# "When will it come": general alone ("làm hộ chiếu bao giờ có kết quả"), the asker's own
# after a submitted cue ("em nộp hôm thứ hai rồi, bao giờ thì có kết quả").
_WHEN = ("bao giờ", "khi nào", "bao lâu", "mấy ngày", "bao nhiêu ngày", "lúc nào", "hôm nào")
_WHEN_FILL = (
    "", "thì", "mới", "nữa", "nữa thì", "thì mới", "sẽ", "thì sẽ", "em", "tôi", "mình", "e",
    "con", "cháu", "em mới", "tôi mới", "mình mới", "thì em", "thì tôi", "thì mình",
)
_RESULT = (
    "có", "có kết quả", "nhận", "nhận được", "được nhận", "được trả", "trả", "xong", "về",
    "lấy", "lấy được", "được cấp", "cấp", "được duyệt", "duyệt", "lĩnh", "lãnh", "được",
    "đi nhận", "đi lấy", "có tiền", "có thẻ", "có sổ", "có giấy", "có bằng",
)
_WHEN_EN = ("when will i", "when do i get", "when will it", "when can i get", "how much longer")
# "bao giờ em nhận được tiền": a first person waiting for money decides on its own.
_MONEY_WHO = ("em", "tôi", "mình", "e", "tui", "con", "cháu", "bà tôi", "mẹ tôi", "bố tôi")
_MONEY = tuple(
    f"{when} {who} {verb} tiền"
    for when in ("bao giờ", "khi nào", "lúc nào")
    for who in _MONEY_WHO
    for verb in ("nhận được", "được nhận", "nhận", "có", "lĩnh", "lãnh", "được")
)
# A submission right after one of these is a supposition, not something that happened.
_SUPPOSE = (
    "nếu", "giả sử", "sau khi", "trước khi", "khi", "muốn", "định", "sẽ", "cần", "phải",
    "sắp", "chưa", "if", "after", "before", "want", "will",
)
# fmt: on


@dataclass(frozen=True, slots=True)
class _Cue:
    kind: str  # "decisive" | "submitted" | "own_dossier" | "own" | "waiting" | "when"
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class OwnDossierMatch:
    """Why the message is about the asker's own dossier, and which words said so."""

    reason: str  # "decisive", "submitted+waiting", "own+waiting", "submitted+when", …
    spans: tuple[tuple[int, int], ...]  # token positions [start, end) of the deciding cues


def _phrases(*groups: Iterable[str]) -> list[str]:
    return [" ".join(w for w in words if w) for words in product(*groups)]


def _matcher(phrases: Iterable[str]) -> PhraseMatcher[bool]:
    return PhraseMatcher((p, True) for p in phrases)


# Which cues decide together (when at most NEAR words apart).
_PAIRS = (
    ("submitted", "waiting"),
    ("own_dossier", "waiting"),
    ("own", "waiting"),
    ("submitted", "when"),
    ("own_dossier", "when"),
)
# Any number reads as "mấy" (some): "3 tháng rồi" is matched as "mấy tháng rồi".
_NUMBER = make_token("mấy")
Span = tuple[int, int]


class OwnDossierDetector:
    """Compiled cue tables (immutable; build once and share)."""

    def __init__(self) -> None:
        self._simple = (
            ("decisive", _matcher(_DECISIVE + _MONEY)),
            ("own_dossier", _matcher(_OWN_DOSSIER)),
            ("own", _matcher(_OWN_THING)),
            ("waiting", _matcher(_WAITING)),
            ("when", _matcher([*_phrases(_WHEN, _WHEN_FILL, _RESULT), *_WHEN_EN])),
        )
        self._verbs = PhraseMatcher.mixed(
            [(v, True, False) for v in _VERBS] + [(v, True, True) for v in _STRICT_VERBS]
        )
        # "em nộp", "đã nộp", "giấy hẹn": handed in, whatever follows
        self._done = _matcher(
            _phrases(_FIRST_PERSON, ("", "đã", "mới", "vừa"), ("nộp", "gửi"))
            + _phrases(
                ("i", "we"), ("", "have"), ("applied", "submitted", "sent", "filed", "registered")
            )
            + _phrases(("đã",), _VERBS)
            + ["hẹn trả", "giấy hẹn", "phiếu hẹn", "nộp xong", "gửi xong", "nộp hồ sơ xong"]
        )
        # what turns a verb into something done: "nộp … rồi", "làm căn cước 3 tháng rồi"
        self._after = PhraseMatcher(
            [(p, True) for p in _AFTER]
            # "đăng ký kết hôn rồi làm khai sinh": "rồi" + a verb is "then", not "already"
            + [(f"rồi {v}", False) for v in (*_VERBS, "đi", "mới", "lên", "ra")]
            + [
                (p, True)
                for p in _phrases(_NUMBERS, _UNITS, ("rồi", "nay", "r", "trước", "qua"))
                + _phrases(("hơn", "gần", "cả", "vài"), _UNITS)  # not "mấy ngày?"
                + _phrases(("từ", "hồi"), ("tháng", "tuần", "hôm", "đầu", "giữa", "cuối", "năm"))
                + _phrases(("hôm", "bữa"), ("thứ", "trước", "qua", "nọ", "kia"))
                + _phrases(("tuần", "tháng"), ("trước", "rồi", "nay"))
                + _phrases(("days", "weeks", "months", "years"), ("ago",))
                + list(_ELAPSED)
            ]
        )
        # "khi nào" (when) is a question, not a supposition
        self._suppose = PhraseMatcher([*((p, True) for p in _SUPPOSE), ("khi nào", False)])

    def match(self, sentences: Sequence[Sequence[Token]]) -> OwnDossierMatch | None:
        """The deciding cues when the message asks about the asker's own dossier, else None.

        `sentences` are the message's tokens by sentence, as
        :func:`bot.search.normalize.tokenize` gives them; spans index them laid end to end.
        """
        cues: list[_Cue] = []
        offset = 0
        for sentence in sentences:
            tokens = [_NUMBER if tok.key.isdigit() else tok for tok in sentence]
            cues.extend(_Cue(c.kind, c.start + offset, c.end + offset) for c in self._cues(tokens))
            offset += len(sentence)
        decisive = tuple((c.start, c.end) for c in cues if c.kind == "decisive")
        if decisive:
            return OwnDossierMatch("decisive", decisive)
        for first, second in _PAIRS:
            for a in (c for c in cues if c.kind == first):
                for b in (c for c in cues if c.kind == second):
                    if _near(a, b):
                        return OwnDossierMatch(
                            f"{first}+{second}", ((a.start, a.end), (b.start, b.end))
                        )
        return None

    def _cues(self, tokens: Sequence[Token]) -> list[_Cue]:
        """Cues of one sentence (phrases never reach across a sentence break)."""
        cues = [
            _Cue(kind, m.start, m.end)
            for kind, matcher in self._simple
            for m in matcher.find(tokens)
        ]
        submitted: list[Span] = [(m.start, m.end) for m in self._done.find(tokens)]
        ends = [m for m in self._after.find(tokens) if m.payload]
        for verb in self._verbs.find(tokens):
            later = [m for m in ends if verb.end <= m.start <= verb.end + VERB_REACH]
            if later:
                submitted.append((verb.start, later[0].end))
        last = _question_end(tokens)
        if last is not None and _is_chua(tokens[last]):  # "… đã gia hạn chưa?"
            cues.append(_Cue("waiting", last, last + 1))
        supposed = [m.end for m in self._suppose.find(tokens) if m.payload]
        cues.extend(
            _Cue("submitted", start, end)
            for start, end in submitted
            if not any(start - 3 <= s <= start for s in supposed)
        )
        return cues


_PARTICLES = frozenset({"a", "ah", "vay", "nhi", "nhe", "ha", "ta", "the", "ban", "ad", "bot"})
_CHUA = make_token("chưa")


def _question_end(tokens: Sequence[Token]) -> int | None:
    """Position of the last word of a sentence before its closing particles ("… chưa ạ")."""
    k = len(tokens) - 1
    while k >= 0 and tokens[k].key in _PARTICLES:
        k -= 1
    return k if k >= 0 else None


def _is_chua(token: Token) -> bool:
    return token.key == _CHUA.key and (not token.accented or token.sig == _CHUA.sig)


def _near(a: _Cue, b: _Cue) -> bool:
    return max(a.start, b.start) - min(a.end, b.end) <= NEAR
