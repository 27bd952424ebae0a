"""Questions about the asker's own dossier, application or money without a code: recognised
as "status" with or without accents and with or without a procedure named; general
questions on how long a procedure takes, and procedure questions, are not."""

from __future__ import annotations

import pytest

from bot.search.engine import SearchEngine
from bot.search.intent import Intent
from bot.search.normalize import tokenize
from bot.search.own_dossier import OwnDossierDetector

OWN_DOSSIER = [
    # no procedure named
    "hồ sơ của tôi quá hẹn rồi",
    "ho so cua toi qua hen roi",
    "bao giờ em nhận được tiền trợ cấp",
    "bao gio em nhan duoc tien tro cap",
    "hồ sơ em nộp từ tháng 9 đến giờ vẫn chưa có kết quả",
    "nộp rồi mà mãi chưa thấy gọi lên nhận",
    "hồ sơ e sao rồi ạ, nộp lâu rồi",
    "I submitted my application two weeks ago and it is still pending",
    # a procedure named
    "hồ sơ ốm đau em nộp tuần trước giờ sao rồi?",
    "ho so om dau em nop tuan truoc gio sao roi",
    "làm căn cước 3 tháng rồi chưa thấy trả",
    "lam can cuoc 3 thang roi chua thay tra",
    "sổ đỏ nộp lâu rồi sao chưa có",
    "so do nop lau roi sao chua co",
    "em nộp hồ sơ khai sinh cho con hôm thứ hai, bao giờ thì có kết quả",
    "đã nộp hồ sơ thất nghiệp được 20 ngày mà chưa nhận được tiền",
    "hồ sơ cấp hộ chiếu của em đã được duyệt chưa",
    "ho so cap ho chieu cua em da duoc duyet chua",
    "em đổi bằng lái online từ tháng trước mà vẫn chưa nhận được bằng",
    "tiền trợ cấp thai sản của mình bao giờ mới về",
    "tien thai san cua minh bao gio moi ve",
    "hồ sơ đăng ký hộ kinh doanh trễ hẹn 1 tuần rồi",
    "dang ky tam tru online 2 tuan roi van chua duoc duyet",
    "tôi nộp đơn xin trợ cấp người cao tuổi cho mẹ từ tháng 5, giờ giải quyết đến đâu rồi",
    "hồ sơ khai tử cho bố em nộp rồi, bao lâu nữa thì có trích lục",
    "tôi đã nộp hồ sơ hưởng lương hưu từ tháng 3 mà vẫn chưa có quyết định",
]

NOT_OWN_DOSSIER = [
    # how long a procedure takes, in general
    "làm hộ chiếu bao lâu",
    "làm hộ chiếu bao giờ có kết quả",
    "lam ho chieu bao gio co ket qua",
    "làm căn cước mất bao lâu thì có thẻ",
    "nộp hồ sơ online bao lâu thì có kết quả",
    "sau khi nộp hồ sơ thì bao lâu có kết quả",
    "đăng ký kết hôn bao lâu thì có giấy",
    "cấp đổi giấy phép lái xe mấy ngày thì có",
    "rút bảo hiểm xã hội một lần bao lâu thì nhận được tiền",
    "tôi muốn nộp hồ sơ thất nghiệp, bao lâu thì nhận được tiền",
    # procedure questions with "chưa", "rồi", "của tôi" in them
    "con tôi chưa có giấy khai sinh thì làm thế nào",
    "con tôi được 3 tháng rồi chưa làm khai sinh có bị phạt không",
    "thi đỗ sát hạch rồi khi nào được cấp bằng lái",
    "bằng lái hết hạn 2 tháng rồi thì đổi thế nào",
    "bang lai het han 2 thang roi thi doi the nao",
    "đất chưa có sổ đỏ muốn làm sổ thì cần gì",
    "đã đăng ký tạm trú rồi bao lâu thì phải gia hạn",
    "hộ chiếu của tôi hết hạn rồi, làm lại mất bao lâu",
    "mua nhà 3 năm rồi chưa có sổ hồng, tự đi làm sổ được không",
    "vợ chồng em chưa đăng ký kết hôn thì làm khai sinh cho con thế nào",
    "chưa có căn cước thì làm hộ chiếu được không",
    "sổ hồng của tôi bị sai tên, bao lâu thì sửa xong",
    "em đã có căn cước gắn chip rồi có cần làm vneid không",
    "về nhà lục mãi không thấy giấy đăng ký kết hôn đâu, xin cấp lại thế nào",
    "muốn đi đăng ký kết hôn rồi làm khai sinh cho con luôn, vẫn chưa có giấy tờ gì",
]


@pytest.mark.parametrize("text", OWN_DOSSIER)
def test_own_dossier_questions_are_status(search_engine: SearchEngine, text: str) -> None:
    outcome = search_engine.search(text)
    assert outcome.intent is Intent.STATUS, text
    assert outcome.to_json()["intent"] == "status"
    assert outcome.to_json()["results"] == []  # the JSON contract is unchanged
    assert outcome.signals is not None and outcome.signals.status_strong


@pytest.mark.parametrize("text", NOT_OWN_DOSSIER)
def test_general_and_procedure_questions_are_not_status(
    search_engine: SearchEngine, text: str
) -> None:
    assert search_engine.search(text).intent is not Intent.STATUS, text


def test_enough_cases_both_ways() -> None:
    assert len(OWN_DOSSIER) >= 15 and len(NOT_OWN_DOSSIER) >= 15
    assert sum(t.isascii() for t in OWN_DOSSIER) >= 5  # typed without accents
    assert sum(t.isascii() for t in NOT_OWN_DOSSIER) >= 2


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("hồ sơ cấp hộ chiếu của em đã được duyệt chưa", "1.001456"),
        (
            "đã nộp hồ sơ thất nghiệp được 20 ngày mà chưa nhận được tiền",
            "LOCAL-TRO-CAP-THAT-NGHIEP",
        ),
        ("tiền thai sản của mình bao giờ mới về vậy", "2.000693"),
    ],
)
def test_a_clearly_named_procedure_is_kept_for_the_reply(
    search_engine: SearchEngine, text: str, code: str
) -> None:
    outcome = search_engine.search(text)
    assert outcome.intent is Intent.STATUS
    assert outcome.procedure is not None and outcome.procedure.code == code
    assert outcome.results == ()


@pytest.mark.parametrize(
    "text",
    [
        "hồ sơ của tôi quá hẹn rồi",  # no procedure named
        "hồ sơ 000.17.22.H56-210531-0001 của tôi sao chưa xong",  # a code: the card instead
    ],
)
def test_no_procedure_without_a_clear_one_or_with_a_code(
    search_engine: SearchEngine, text: str
) -> None:
    outcome = search_engine.search(text)
    assert outcome.intent is Intent.STATUS and outcome.procedure is None


def test_the_detector_says_which_words_decided() -> None:
    detector = OwnDossierDetector()
    sentences = tokenize("sổ đỏ nộp lâu rồi sao chưa có")
    words = [t.text for s in sentences for t in s]
    match = detector.match(sentences)
    assert match is not None and match.reason == "submitted+waiting"
    assert [" ".join(words[a:b]) for a, b in match.spans] == ["nộp lâu rồi", "sao chưa"]
    assert detector.match(tokenize("")) is None
    assert detector.match(tokenize("làm sổ đỏ cần giấy tờ gì")) is None
