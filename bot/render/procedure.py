"""Render a catalog procedure as Telegram HTML: the card and each of its sections.

Everything is built as :class:`~bot.texts.markup.Html`: the templates in bot/texts/card.py
carry the only tags, and every value from the catalog is escaped when it is put into one (by
construction, never by hand). Pure functions of (procedure, language, texts).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from enum import StrEnum

from bot.places.data import NewUnit
from bot.render.localized import summary, title
from bot.render.place import where_lines
from bot.texts import Lang, Texts
from bot.texts.markup import Html, bold, italic, lines
from procedures_catalog.schema import (
    Channel,
    ChannelKind,
    Document,
    EntryKind,
    Fee,
    OnlineLevel,
    Procedure,
    TimeUnit,
)


class Section(StrEnum):
    """The parts of a card a user can open; the values travel in callback data."""

    DOCUMENTS = "d"
    ONLINE = "o"
    WHERE = "w"
    TIME_FEE = "t"
    LEGAL = "l"


SECTION_BUTTON_KEYS: dict[Section, str] = {
    Section.DOCUMENTS: "btn_documents",
    Section.ONLINE: "btn_online",
    Section.WHERE: "btn_where",
    Section.TIME_FEE: "btn_time_fee",
    Section.LEGAL: "btn_legal",
}


_CASE_WORDS_RE = re.compile(r"(?i)(khi|nếu|trường hợp|đối với|riêng|trừ)\b")


_BULLET = Html("• {}")


def format_vnd(amount: int, lang: Lang) -> str:
    grouped = f"{amount:,}"
    return grouped.replace(",", ".") if lang == "vi" else grouped


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def render_card(procedure: Procedure, lang: Lang, texts: Texts) -> Html:
    """Title, code, field, summary, review date and the unverified warning."""
    t = texts.get
    code_line = t(lang, "card_code", code=procedure.code)
    if procedure.code_is_local:
        code_line += " " + t(lang, "card_local_code")
    out: list[str] = [
        bold(title(procedure, lang)),
        code_line,
        t(lang, "card_field", field=procedure.field),
        "",
        summary(procedure, lang),
    ]
    if procedure.kind is EntryKind.OFFICIAL:
        out += ["", t(lang, "card_official_source")]
        if procedure.detail_url:
            out.append(t(lang, "card_official_link", url=procedure.detail_url))
    notes = procedure.unverified_in(lang)
    if notes:
        out += ["", t(lang, "card_unverified")]
        out += [_BULLET.format(note) for note in notes[:3]]
        if lang == "en" and not procedure.unverified_en:
            out.append(t(lang, "card_unverified_vi_only"))
    out += ["", t(lang, "card_reviewed", date=procedure.last_reviewed.strftime("%d/%m/%Y"))]
    return lines(out)


def _document_lines(index: int, doc: Document, lang: Lang, texts: Texts) -> list[Html]:
    t = texts.get
    form = t(lang, "doc_form_name", form_name=doc.form_name) if doc.form_name else ""
    out = [t(lang, "doc_line", n=index, name=doc.name, form=form)]
    out.append(
        t(
            lang,
            "doc_meta",
            quantity=doc.quantity,
            form_kind=t(lang, f"doc_{doc.form.value}"),
            action=t(lang, f"doc_{doc.action.value}"),
        )
    )
    if doc.condition:
        # "Khi: Khi nộp trực tuyến" would say it twice: such a condition stands on its own
        key = "doc_condition_own" if _CASE_WORDS_RE.match(doc.condition) else "doc_condition"
        out.append(t(lang, key, condition=doc.condition))
    return out


def render_documents(procedure: Procedure, lang: Lang, texts: Texts) -> Html:
    out: list[str] = [texts.get(lang, "sec_documents"), italic(title(procedure, lang)), ""]
    if not procedure.documents:
        out.append(texts.get(lang, "sec_documents_none"))
    for index, doc in enumerate(procedure.documents, start=1):
        out += _document_lines(index, doc, lang, texts)
    if procedure.results:
        results = Html("; ").join(procedure.results)
        out += ["", texts.get(lang, "sec_results", results=results)]
    return lines(out)


def _has_fee(procedure: Procedure) -> bool:
    return any(fee.amount_vnd or not fee.free for ch in procedure.channels for fee in ch.fees)


def render_online(procedure: Procedure, lang: Lang, texts: Texts) -> Html:
    t = texts.get
    out: list[str] = [t(lang, "sec_online"), italic(title(procedure, lang)), ""]
    online = procedure.online
    if not online.available:
        # The catalog says "not online" only when it knows; otherwise its note says why.
        out.append(online.note if online.note else t(lang, "online_unavailable"))
    else:
        level_key = {
            OnlineLevel.FULL: "online_level_full",
            OnlineLevel.PARTIAL: "online_level_partial",
        }.get(online.level, "online_level_unknown")
        payment = t(lang, "online_pay_fee" if _has_fee(procedure) else "online_pay_free")
        out += [
            t(lang, level_key),
            "",
            t(lang, "online_steps", code=procedure.code, payment=payment),
        ]
        if online.note:
            out += ["", online.note]
    url = online.url or procedure.detail_url
    if url:
        out += ["", t(lang, "online_link", url=url)]
    return lines(out)


def render_where(
    procedure: Procedure, lang: Lang, texts: Texts, home: NewUnit | None = None
) -> Html:
    """Agency, level, who may apply and where to go in person; `home` is the user's
    commune when they told it (/noio), which names the exact centre."""
    t = texts.get
    out: list[str] = [
        t(lang, "sec_where"),
        italic(title(procedure, lang)),
        "",
        t(lang, "where_agency", agency=procedure.agency),
        t(lang, "where_level", level=", ".join(procedure.level)),
    ]
    if procedure.applicants:
        out.append(t(lang, "where_applicants", applicants=procedure.applicants))
    if procedure.channel(ChannelKind.IN_PERSON) is not None or not procedure.channels:
        out += ["", t(lang, "where_in_person")]
        out += where_lines(procedure, home, lang, texts)
    return lines(out)


def _time(channel: Channel, lang: Lang, texts: Texts) -> Html:
    if channel.time_value is None or channel.time_unit is TimeUnit.UNKNOWN:
        text = texts.get(lang, "time_unknown")
    else:
        one = "_one" if channel.time_value == 1 else ""
        key = f"time_{channel.time_unit.value}{one}"
        text = texts.get(lang, key, value=_number(channel.time_value))
    return text + (Html(" ({})").format(channel.time_note) if channel.time_note else "")


def current_fees(channel: Channel, today: date | None = None) -> list[Fee]:
    """The fee lines still in force: a temporary rate past its `until` date is not."""
    day = today or date.today()
    return [fee for fee in channel.fees if fee.until is None or fee.until >= day]


def _fee(fee: Fee, lang: Lang, texts: Texts) -> Html:
    if fee.free:
        key, text = "fee_free", texts.get(lang, "fee_free")
    elif fee.amount_vnd is not None:
        key, text = "", texts.get(lang, "fee_amount", amount=format_vnd(fee.amount_vnd, lang))
    else:
        key, text = "fee_unknown", texts.get(lang, "fee_unknown")
    if fee.condition:
        text += texts.get(lang, "fee_condition", condition=fee.condition)
    if fee.until is not None:
        text += texts.get(lang, "fee_until", date=fee.until.strftime("%d/%m/%Y"))
    if not fee.note or (key and _restates(fee.note, texts.get("vi", key))):
        return text
    return text + texts.get(lang, "fee_note", note=fee.note)


def _restates(note: str, value_vi: str) -> bool:
    """A note that only repeats the value ("Miễn phí" on a free fee, as imported sheets
    often have) adds nothing and would show the value twice."""
    return note.strip(" .").casefold() == value_vi.strip(" .").casefold()


def render_time_fee(
    procedure: Procedure, lang: Lang, texts: Texts, today: date | None = None
) -> Html:
    t = texts.get
    out: list[str] = [t(lang, "sec_time_fee"), italic(title(procedure, lang)), ""]
    if not procedure.channels:
        out.append(t(lang, "channels_none"))
    ended = False
    for channel in procedure.channels:
        current = current_fees(channel, today)
        ended = ended or len(current) < len(channel.fees)
        fees = Html("; ").join(_fee(f, lang, texts) for f in current) or t(lang, "fee_unknown")
        out.append(
            t(
                lang,
                "channel_line",
                channel=t(lang, f"channel_{channel.kind.value}"),
                time=_time(channel, lang, texts),
                fee=fees,
            )
        )
    if ended:
        out += ["", t(lang, "fee_ended_hidden")]
    if procedure.kind is EntryKind.OFFICIAL and procedure.detail_url:
        out += ["", t(lang, "online_link", url=procedure.detail_url)]
    return lines(out)


def render_legal(procedure: Procedure, lang: Lang, texts: Texts) -> Html:
    t = texts.get
    out: list[str] = [t(lang, "sec_legal"), italic(title(procedure, lang)), ""]
    if not procedure.legal_basis and not procedure.decision:
        out.append(t(lang, "legal_none"))
    for basis in procedure.legal_basis:
        note = Html(" – {}").format(basis.note) if basis.note else ""
        out.append(_BULLET.format(basis.ref) + note)
    if procedure.decision:
        out += ["", t(lang, "legal_decision", decision=procedure.decision)]
    if procedure.conditions:
        out += ["", t(lang, "sec_conditions")] + [_BULLET.format(c) for c in procedure.conditions]
    return lines(out)


RENDERERS: dict[Section, Callable[[Procedure, Lang, Texts], Html]] = {
    Section.DOCUMENTS: render_documents,
    Section.ONLINE: render_online,
    Section.WHERE: render_where,
    Section.TIME_FEE: render_time_fee,
    Section.LEGAL: render_legal,
}


def render_section(
    procedure: Procedure,
    section: Section,
    lang: Lang,
    texts: Texts,
    *,
    home: NewUnit | None = None,
) -> Html:
    """One section; `home` (the user's commune, if known) matters to the "where" section."""
    if section is Section.WHERE:
        return render_where(procedure, lang, texts, home)
    return RENDERERS[section](procedure, lang, texts)
