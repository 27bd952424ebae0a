"""Render places as Telegram HTML: unit names, the card's "where" lines, /noio replies and
the answer to "xã Thạch Trị cũ giờ là xã nào?".

Pure functions of (data, language, texts) returning :class:`~bot.texts.markup.Html`: every
name from the data file is escaped when it is put into a template, never by hand. Button
labels are plain text. Only a centre's name is given: no public source gives addresses or
phone numbers.
"""

from __future__ import annotations

from bot.places.data import NewUnit, OldUnit
from bot.places.match import Lookup, Outcome, Place, PlaceMatcher, name_key
from bot.places.question import place_question
from bot.texts import Lang, Texts
from bot.texts.markup import Html, bold, lines
from procedures_catalog.schema import Procedure

COMMUNE_LEVEL = "cấp xã"
PROVINCE_LEVEL = "cấp tỉnh"
COMMUNE_POLICE = "công an cấp xã"
_KIND_KEYS = {
    "xã": "place_type_xa",
    "phường": "place_type_phuong",
    "thị trấn": "place_type_thi_tran",
}


def unit_label(unit: NewUnit | OldUnit, lang: Lang, texts: Texts) -> Html:
    """ "xã Đồng Tiến" / "Đồng Tiến commune"."""
    kind = texts.get(lang, _KIND_KEYS[unit.kind])
    return texts.get(lang, "place_label", kind=kind, name=unit.name)


def old_label(old: OldUnit, lang: Lang, texts: Texts) -> Html:
    """ "xã Thạch Trị cũ (thành phố Hà Tĩnh)" / "former Thạch Trị commune (…)"."""
    kind = texts.get(lang, _KIND_KEYS[old.kind])
    return texts.get(lang, "place_old_label", kind=kind, name=old.name, district=old.district)


def centre_name(unit: NewUnit, lang: Lang, texts: Texts) -> Html:
    """The unit's public administration service centre, by name."""
    vi = unit_label(unit, "vi", texts)
    return texts.get(lang, "place_centre", unit=unit_label(unit, lang, texts), unit_vi=vi)


def police_name(unit: NewUnit, lang: Lang, texts: Texts) -> Html:
    vi = unit_label(unit, "vi", texts)
    return texts.get(lang, "place_police", unit=unit_label(unit, lang, texts), unit_vi=vi)


def home_label(unit: NewUnit | None, lang: Lang, texts: Texts) -> Html:
    """The user's commune for /mydata ("chưa cho biết" when none)."""
    return unit_label(unit, lang, texts) if unit else texts.get(lang, "place_none")


def _levels(procedure: Procedure) -> set[str]:
    return {level.casefold() for level in procedure.level}


def where_lines(procedure: Procedure, home: NewUnit | None, lang: Lang, texts: Texts) -> list[Html]:
    """The card's in-person places: the commune centre (and police) once the user's commune
    is known, the provincial centre for provincial procedures, else an invitation to /noio."""
    levels = _levels(procedure)
    out: list[Html] = []
    commune_level = COMMUNE_LEVEL in levels
    if commune_level and home is not None:
        out.append(texts.get(lang, "where_home_commune", centre=centre_name(home, lang, texts)))
        if COMMUNE_POLICE in procedure.agency.casefold():
            out.append(texts.get(lang, "where_home_police", police=police_name(home, lang, texts)))
    if PROVINCE_LEVEL in levels:
        centre = texts.get(lang, "place_province_centre")
        out.append(texts.get(lang, "where_province", centre=centre))
    if commune_level and home is not None:
        out.append(texts.get(lang, "where_home_note", unit=unit_label(home, lang, texts)))
    elif commune_level:
        out.append(texts.get(lang, "where_ask_home"))
    return out


def _sentence(line: Html) -> Html:
    """A line that starts with a unit's name starts with a capital ("Xã Đồng Tiến …")."""
    return line[:1].upper() + line[1:]


def _parts(unit: NewUnit, lang: Lang, texts: Texts) -> Html:
    return Html(", ").join(unit_label(old, lang, texts) for old in unit.formed_from)


def _units(units: tuple[NewUnit, ...], lang: Lang, texts: Texts) -> Html:
    return Html(", ").join(bold(unit_label(u, lang, texts)) for u in units)


def render_saved(unit: NewUnit, old: OldUnit | None, lang: Lang, texts: Texts) -> Html:
    """The reply once the commune is remembered."""
    out = [texts.get(lang, "place_saved", unit=unit_label(unit, lang, texts))]
    if old is not None and name_key(old.name) != name_key(unit.name):
        label = old_label(old, lang, texts)
        unit_name = unit_label(unit, lang, texts)
        out.append(_sentence(texts.get(lang, "place_saved_from_old", old=label, unit=unit_name)))
    out += [
        texts.get(lang, "place_saved_where", centre=centre_name(unit, lang, texts)),
        texts.get(lang, "place_saved_tail"),
    ]
    return lines(out)


def render_not_found(lookup: Lookup, lang: Lang, texts: Texts) -> Html:
    out = [texts.get(lang, "place_not_found", name=lookup.query or "…")]
    if lookup.suggestions:
        names = Html(", ").join(bold(s) for s in lookup.suggestions)
        out.append(texts.get(lang, "place_suggest", names=names))
    out.append(texts.get(lang, "place_how_to_write"))
    return lines(out)


def render_choice_prompt(lookup: Lookup, lang: Lang, texts: Texts) -> Html:
    """The question back for a divided former unit or a name shared by several places."""
    if lookup.outcome is Outcome.DIVIDED and lookup.places:
        place = lookup.places[0]
        assert place.old is not None
        divided = texts.get(
            lang,
            "place_divided",
            old=old_label(place.old, lang, texts),
            units=_units(place.successors, lang, texts),
        )
        return divided + "\n" + texts.get(lang, "place_divided_choose")
    return texts.get(lang, "place_choose", name=lookup.query)


def choice_label(place: Place, lang: Lang, texts: Texts) -> str:
    """One candidate place as plain text (a button label; escape it to put it in HTML)."""
    if place.new is not None:
        label = texts.get(lang, "place_btn_new", unit=unit_label(place.new, lang, texts))
    else:
        assert place.old is not None
        old = old_label(place.old, lang, texts)
        if len(place.successors) > 1:
            label = texts.get(lang, "place_btn_old_divided", old=old)
        else:
            unit = unit_label(place.successors[0], lang, texts)
            label = texts.get(lang, "place_btn_old", old=old, unit=unit)
    return label.unescape()


def save_label(unit: NewUnit, lang: Lang, texts: Texts) -> str:
    """The "remember that I live here" button (plain text)."""
    return texts.get(lang, "place_btn_save", unit=unit_label(unit, lang, texts)).unescape()


def _about_new(unit: NewUnit, lang: Lang, texts: Texts) -> list[Html]:
    label = unit_label(unit, lang, texts)
    if unit.unchanged:
        return [texts.get(lang, "place_answer_unchanged", unit=label, code=unit.code)]
    return [
        texts.get(lang, "place_answer_new", unit=label, code=unit.code),
        _sentence(
            texts.get(lang, "place_answer_formed", unit=label, parts=_parts(unit, lang, texts))
        ),
    ]


def render_answer(lookup: Lookup, matcher: PlaceMatcher, lang: Lang, texts: Texts) -> Html:
    """The answer to a "what is X now?" question, in the user's language."""
    t = texts.get
    if lookup.outcome is Outcome.NOT_FOUND:
        return render_not_found(lookup, lang, texts)
    if lookup.outcome is Outcome.AMBIGUOUS:
        out = [t(lang, "place_answer_ambiguous", name=lookup.query)]
        out += [Html("• {}").format(choice_label(place, lang, texts)) for place in lookup.places]
        return lines([*out, "", t(lang, "place_answer_source")])
    place = lookup.places[0]
    if lookup.outcome is Outcome.DIVIDED:
        assert place.old is not None
        units = _units(place.successors, lang, texts)
        divided = t(
            lang, "place_answer_divided", old=old_label(place.old, lang, texts), units=units
        )
        return lines([divided, "", t(lang, "place_answer_source")])
    unit = place.successors[0]
    old = lookup.old
    if old is None or unit.unchanged:
        out = _about_new(unit, lang, texts)
    else:
        label = unit_label(unit, lang, texts)
        out = [
            t(
                lang,
                "place_answer_old",
                old=old_label(old, lang, texts),
                unit=label,
                code=unit.code,
            ),
            _sentence(t(lang, "place_answer_formed", unit=label, parts=_parts(unit, lang, texts))),
        ]
        namesake = _namesake(old, unit, matcher)
        if namesake is not None:
            out.append(
                t(
                    lang,
                    "place_answer_same_name",
                    unit=unit_label(namesake, lang, texts),
                    code=namesake.code,
                    parts=_parts(namesake, lang, texts),
                )
            )
    out.append(t(lang, "place_answer_where", centre=centre_name(unit, lang, texts)))
    return lines([*out, "", t(lang, "place_answer_source")])


def _namesake(old: OldUnit, unit: NewUnit, matcher: PlaceMatcher) -> NewUnit | None:
    """A new unit with the former unit's name that is not where it went (phường Trần Phú)."""
    key = name_key(old.name)
    return next(
        (u for u in matcher.directory.units if name_key(u.name) == key and u.code != unit.code),
        None,
    )


def answer_place_question(
    text: str, matcher: PlaceMatcher, lang: Lang, texts: Texts
) -> Html | None:
    """Answer "xã Thạch Trị cũ giờ là xã nào?" (old → new unit); None for other questions."""
    lookup = place_question(text, matcher)
    return None if lookup is None else render_answer(lookup, matcher, lang, texts)
