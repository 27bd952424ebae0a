"""What kind of message is this: a procedure question, a dossier status question, small talk,
a request for help, or something the bot cannot handle.

:func:`detect_signals` only looks for patterns (dossier codes, status phrases, greetings,
thanks, help requests) and counts the words left once those phrases and filler words are
removed. :func:`resolve_intent` combines the signals with the outcome of the procedure
ranking: "xin chào, tôi muốn làm hộ chiếu" is a procedure question, "xin chào" alone is a
greeting, "hồ sơ của tôi đã xong chưa" is a status question whatever procedure it names.

The internal :class:`Intent` is richer than the JSON contract: ``thanks`` is reported as
``greeting`` there (:attr:`Intent.contract`).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot.portal.codes import CodeProblem, DossierCode, extract_codes
from bot.search.normalize import TokenizedText
from bot.search.own_dossier import OwnDossierDetector
from bot.search.vocabulary import FillerFilter, PhraseMatcher


class Intent(StrEnum):
    PROCEDURE = "procedure"
    STATUS = "status"
    GREETING = "greeting"
    THANKS = "thanks"
    HELP = "help"
    UNKNOWN = "unknown"

    @property
    def contract(self) -> str:
        """The value allowed by the `search --json` contract."""
        return "greeting" if self is Intent.THANKS else self.value


# fmt: off
# Status phrases that decide on their own, whatever procedure the message also names.
_STATUS_STRONG = (
    "tra cứu hồ sơ", "tra cứu tình trạng", "tra hồ sơ", "tình trạng hồ sơ", "tiến độ hồ sơ",
    "tiến độ giải quyết", "hồ sơ của tôi", "hồ sơ của em", "hồ sơ của mình", "hồ sơ của con",
    "hồ sơ của bố", "hồ sơ của mẹ", "hồ sơ tôi đã nộp", "hồ sơ em đã nộp", "hồ sơ đã nộp",
    "đã nộp hồ sơ", "nộp hồ sơ rồi", "đã nộp rồi",
    "mã hồ sơ", "số hồ sơ", "số biên nhận", "mã biên nhận", "phiếu hẹn", "giấy hẹn",
    "đã có kết quả chưa", "có kết quả chưa", "xong chưa", "đến đâu rồi", "tới đâu rồi",
    "trễ hẹn", "quá hẹn", "chưa có kết quả", "chưa trả kết quả", "chưa thấy trả",
    "đã duyệt chưa", "duyệt chưa", "nhận được chưa", "giải quyết chưa", "xử lý chưa",
    "xử lý đến đâu", "giải quyết đến đâu", "theo dõi hồ sơ", "kiểm tra hồ sơ",
    "khi nào nhận được tiền", "bao giờ nhận được tiền", "khi nào được nhận tiền",
    "bao giờ có tiền", "khi nào có tiền", "chưa nhận được tiền", "chưa thấy tiền",
    "check status", "application status", "dossier status", "status of my", "track my",
    "check my application", "is my application", "ready yet",
)
# Status phrases that only win when no procedure is clearly asked about.
_STATUS_WEAK = (
    "khi nào nhận được", "bao giờ nhận được", "bao giờ có kết quả", "khi nào có kết quả",
    "nhận kết quả", "kết quả hồ sơ", "sao lâu vậy", "sao lâu thế", "lâu quá", "status",
)
_GREETING = (
    "xin chào", "chào", "chào bot", "chào bạn", "chào anh", "chào chị", "chào em",
    "chào buổi sáng", "chào ad", "hello", "hi", "hey", "alo", "a lô", "alô", "good morning",
    "good afternoon", "start", "bắt đầu",
)
_THANKS = (
    "cảm ơn", "cám ơn", "cảm ơn nhiều", "thank", "thanks", "thank you", "tks", "thanks bot",
    "ok", "oke", "okay", "được rồi", "hiểu rồi", "tạm biệt", "bye", "goodbye",
)
_HELP = (
    "help", "giúp tôi với", "giúp em với", "giúp mình với", "giúp với", "cứu", "trợ giúp",
    "bot làm được gì", "bạn làm được gì", "bot giúp được gì", "bạn giúp được gì",
    "làm được gì", "giúp được gì", "giúp gì", "giúp gì cho", "có thể giúp gì",
    "hướng dẫn sử dụng", "cách sử dụng", "cách dùng",
    "sử dụng bot", "dùng bot", "dùng như thế nào", "sử dụng như thế nào", "bot này để làm gì",
    "chức năng", "menu", "what can you do", "how to use", "how does this work",
    "hướng dẫn", "hỗ trợ",
)
# Interjections and one-word replies: a message made only of these (and digits) is noise,
# never a procedure question, whatever catalog titles happen to contain them ("sao", "tiếp").
_NOISE = (
    "haha", "hihi", "hehe", "ha ha", "hi hi", "he he", "kk", "kkk", "hmm", "hm", "uhm", "ừm",
    "ờ", "ừ", "ơ", "ê", "ủa", "hả", "hử", "hở", "gì", "sao", "tiếp", "nữa", "test", "lol",
    "abc", "ah", "oh", "uh",
)
# Words that make an unmatched message still a (procedure) question for the bot.
_DOMAIN = (
    "thủ tục", "giấy", "hồ sơ", "đăng ký", "cấp", "xin", "nộp", "chứng nhận", "giấy phép",
    "tờ khai", "ubnd", "ủy ban", "công an", "phường", "xã", "dịch vụ công", "visa", "chứng",
    "sổ", "thẻ", "bằng", "lệ phí", "hộ", "làm lại", "làm giấy", "procedure", "certificate",
    "license", "licence", "permit", "register", "registration", "document",
)
# fmt: on


# "chào bot, cho hỏi cái này" is small talk; a letter that starts with "xin chào" is not.
SMALL_TALK_MAX_EXTRA_WORDS = 3


def _matcher(phrases: tuple[str, ...]) -> PhraseMatcher[bool]:
    return PhraseMatcher((p, True) for p in phrases)


@dataclass(frozen=True, slots=True)
class IntentSignals:
    """Patterns found in a message, before looking at the catalog."""

    codes: tuple[DossierCode, ...]
    near_codes: tuple[CodeProblem, ...]
    status_strong: bool
    status_weak: bool
    greeting: bool
    thanks: bool
    help: bool
    domain: bool
    leftover_words: int  # words that are neither one of these phrases nor filler
    #: a question about the asker's own dossier, application or money, with or without a
    #: code ("làm căn cước 3 tháng rồi chưa thấy trả"); also counted in `status_strong`
    own_dossier: bool = False
    #: every leftover word is an interjection or one-word reply ("haha", "sao?", "hả")
    noise_only: bool = False

    @property
    def no_content(self) -> bool:
        """Nothing a procedure could be found from: only digits, punctuation, filler,
        small talk or interjections ("2", "0912 345 678", "ok", "hả", "...")."""
        return not self.domain and (self.leftover_words == 0 or self.noise_only)

    @property
    def small_talk(self) -> Intent | None:
        """Greeting/thanks/help when the message has one of those phrases."""
        if self.help:
            return Intent.HELP
        if self.thanks:
            return Intent.THANKS
        if self.greeting:
            return Intent.GREETING
        return None


class IntentDetector:
    """Compiled phrase tables (immutable; build once and share)."""

    def __init__(self) -> None:
        self._status_strong = _matcher(_STATUS_STRONG)
        self._status_weak = _matcher(_STATUS_WEAK)
        self._greeting = _matcher(_GREETING)
        self._thanks = _matcher(_THANKS)
        self._help = _matcher(_HELP)
        self._domain = _matcher(_DOMAIN)
        self._noise = _matcher(_NOISE)
        self._fillers = FillerFilter()
        self._own_dossier = OwnDossierDetector()

    def signals(self, query: str | TokenizedText) -> IntentSignals:
        """The patterns of one message (pass the :class:`TokenizedText` the ranker will also
        use, so the message is tokenised once)."""
        if isinstance(query, str):
            query = TokenizedText.of(query)
        text = query.text
        found = extract_codes(text)
        codes = tuple(c for c in found if isinstance(c, DossierCode))
        near = tuple(c for c in found if isinstance(c, CodeProblem))
        stripped = text.strip()
        command = stripped.split()[0].lower() if stripped.startswith("/") else ""
        sentences = query.sentences
        tokens = query.flat
        covered = [False] * len(tokens)
        hits: dict[str, bool] = {}
        tables = (
            ("status_strong", self._status_strong),
            ("status_weak", self._status_weak),
            ("help", self._help),
            ("thanks", self._thanks),
            ("greeting", self._greeting),
        )
        for name, matcher in tables:
            matches = matcher.find(tokens)
            hits[name] = bool(matches)
            for m in matches:
                for k in range(m.start, m.end):
                    covered[k] = True
        own = self._own_dossier.match(sentences)
        for start, end in own.spans if own is not None else ():
            for k in range(start, end):
                covered[k] = True
        fillers = self._fillers.mask(tokens)
        left = [
            k
            for k, (tok, cov, fil) in enumerate(zip(tokens, covered, fillers, strict=True))
            if not cov and not fil and not tok.key.isdigit()
        ]
        noise = {k for m in self._noise.find(tokens) for k in range(m.start, m.end)}
        return IntentSignals(
            codes=codes,
            near_codes=near,
            status_strong=hits["status_strong"] or bool(codes) or bool(near) or own is not None,
            status_weak=hits["status_weak"],
            greeting=hits["greeting"] or command == "/start",
            thanks=hits["thanks"],
            help=hits["help"] or command == "/help",
            domain=bool(self._domain.find(tokens)),
            leftover_words=len(left),
            own_dossier=own is not None,
            noise_only=bool(left) and all(k in noise for k in left),
        )


def resolve_intent(
    signals: IntentSignals, *, procedure_found: bool, answer: bool, plausible: bool = False
) -> Intent:
    """Final intent given the signals and what the ranking found.

    `procedure_found`: the ranking has a relevant procedure (decision answer or clarify);
    `answer`: it is confident about one; `plausible`: even without a decision, the catalog
    explains a good part of the message (a procedure question the bot cannot place).
    """
    if signals.status_strong:
        return Intent.STATUS
    if signals.status_weak and not answer:
        return Intent.STATUS
    small_talk = signals.small_talk
    if small_talk is not None and (
        signals.leftover_words == 0
        or (not procedure_found and not plausible and not signals.domain
            and signals.leftover_words <= SMALL_TALK_MAX_EXTRA_WORDS)
    ):  # fmt: skip
        return small_talk
    if procedure_found:
        return Intent.PROCEDURE
    return Intent.PROCEDURE if signals.domain or plausible else Intent.UNKNOWN
