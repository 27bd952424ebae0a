"""Text normalisation for Vietnamese (and English) search queries and catalog text.

Everything here is pure and independent of the catalog:

* :func:`fold` — Unicode NFD, case folding, diacritics removed, ``đ`` → ``d``. Idempotent.
* :func:`accent_key` — the accented spelling of one syllable in a canonical form that does
  not depend on where the tone mark was typed (``hoà`` == ``hòa`` → ``"hoa2"``), used to give
  an exact accented match a bonus and to tell ``mất`` (lost) from ``mặt`` (face).
* :func:`canonical_syllable` — a folded syllable with spelling variants merged (``ký``/``kí``).
* :func:`tokenize` — words of a text with their accented and folded forms, sentence breaks,
  dates and long numbers (phones, ID numbers) dropped, runs of repeated letters collapsed.
* :class:`TokenizedText` — a question tokenised once, handed to the intent detector and the
  ranker alike (neither tokenises it again).
* :func:`telex_repairs` — what a token would be if it contains leftover Telex / VNI typing
  marks (``vieejt`` → ``viet``, ``dda8ng`` → ``dang``, ``kest`` → ``ket``). The caller decides
  whether to trust a repair (only for words the catalog does not know).
* :func:`stem_en` — a very light English suffix stripper for words that cannot be Vietnamese.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# Combining tone marks → digit (1 sắc, 2 huyền, 3 hỏi, 4 ngã, 5 nặng).
_TONES = {"\u0301": "1", "\u0300": "2", "\u0309": "3", "\u0303": "4", "\u0323": "5"}
_D_TABLE = str.maketrans({"đ": "d", "Đ": "d", "ð": "d", "Ð": "d"})

# One Vietnamese syllable written without diacritics (permissive on purpose).
_VN_SYLLABLE = re.compile(
    r"^(?:ngh|ng|gh|gi|kh|nh|ph|th|tr|ch|qu|[bcdghklmnprstvx])?"
    r"[aeiouy]{1,3}(?:ch|nh|ng|[cmnpt])?$"
)
# A consonant initial followed by a bare "y": kỳ/kì, lý/lí, mỹ/mĩ … are spelled both ways.
_Y_AS_I = re.compile(r"^(qu|[bdhklmnstv])y$")
_REPEATS = re.compile(
    r"([aeiouyàáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ])\1{2,}|(\w)\2{2,}$"
)
_TOKEN = re.compile(r"[^\W_]+")
# Characters that end a sentence piece, and the ", " / " - " separators.
_BREAKS = re.compile(r'[.!?;:\n\r\t()\[\]{}"“”«»…]+|,\s|\s-\s')
_NEEDS_CLEANING = re.compile(r"\d[/.\-]\d|\d[\d .]{4}")
_DATE = re.compile(r"(?<![\w/])\d{1,4}[/.-]\d{1,2}(?:[/.-]\d{1,4})?(?![\w/])")
_LONG_NUMBER = re.compile(r"(?<!\w)\+?\d[\d .]{4,}\d(?!\w)")
_VNI_MARKS = re.compile(r"(?<=[a-z])[1-9]")

# Driving-licence classes and form names must never be "repaired" as VNI input.
_PROTECTED = frozenset(
    {"a1", "a2", "a3", "a4", "b1", "b2", "c1", "d1", "d2", "e1", "f1", "fb2", "fc", "fd", "fe"}
)


def nfc(text: str) -> str:
    """Unicode NFC, the form Vietnamese keyboards produce most often."""
    return unicodedata.normalize("NFC", text)


def _strip_marks(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower-case text without diacritics (``Đăng Ký`` → ``dang ky``). Idempotent."""
    if text.isascii():
        return text.lower()
    out = _strip_marks(_strip_marks(text).casefold()).translate(_D_TABLE)
    # Case folding can itself produce marks or new letters (e.g. "İ"); repeat to a fixed point.
    for _ in range(3):
        again = _strip_marks(out.casefold()).translate(_D_TABLE)
        if again == out:
            break
        out = again
    return out


@lru_cache(maxsize=65536)
def accent_key(token: str) -> str:
    """Canonical accented spelling of a syllable: vowel marks kept, tone as a trailing digit.

    ``hoà`` and ``hòa`` both give ``hoa2``; ``mất`` gives ``mât1`` and ``mặt`` gives ``mat5``.
    """
    if token.isascii():
        return token.lower()
    decomposed = unicodedata.normalize("NFD", token.casefold())
    tone = ""
    kept = []
    for ch in decomposed:
        if ch in _TONES:
            tone = _TONES[ch]
        else:
            kept.append(ch)
    return unicodedata.normalize("NFC", "".join(kept)) + tone


def has_diacritics(token: str) -> bool:
    """True when the token carries any Vietnamese mark (tone, hat, horn or đ)."""
    return fold(token) != token.casefold()


def is_vn_syllable(folded: str) -> bool:
    """Whether a folded token could be one Vietnamese syllable."""
    return bool(_VN_SYLLABLE.match(folded))


@lru_cache(maxsize=65536)
def canonical_syllable(folded: str) -> str:
    """Merge spelling variants of a folded syllable (``ky`` → ``ki``, ``quy`` → ``qui``)."""
    match = _Y_AS_I.match(folded)
    return match.group(1) + "i" if match else folded


def looks_english(folded: str) -> bool:
    """A folded token that cannot be Vietnamese and has an English shape."""
    return not is_vn_syllable(folded) and folded.isalpha() and len(folded) > 2


@lru_cache(maxsize=65536)
def stem_en(folded: str) -> str:
    """Light English stemming for tokens that are not Vietnamese syllables; else unchanged."""
    if is_vn_syllable(folded) or not folded.isalpha() or len(folded) <= 3:
        return folded
    word = folded
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "i"
    elif word.endswith("sses"):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    if word.endswith("ing") and len(word) > 5:
        word = word[:-3]
    elif word.endswith("ed") and len(word) > 4:
        word = word[:-2]
    if word.endswith("e") and len(word) > 3:
        word = word[:-1]
    if word.endswith("y") and len(word) > 3:
        word = word[:-1] + "i"
    return word


def collapse_repeats(token: str) -> str:
    """``đượcccc`` → ``được``: three or more identical letters become one."""
    return _REPEATS.sub(lambda m: m.group(1) or m.group(2), token)


def telex_repairs(folded: str) -> list[str]:
    """Plausible intended syllables for a token typed with leftover Telex/VNI marks.

    Only candidates that are valid Vietnamese syllables are returned, best guess first. The
    token itself is never returned. ``a1``/``b2`` (licence classes) are left alone.
    """
    if folded in _PROTECTED or not folded.isascii() or len(folded) < 2:
        return []
    word = _VNI_MARKS.sub("", folded)
    if not word.isalpha():
        return []
    steps = [word]
    # Telex tone keys typed anywhere after the first vowel (kest, vieejt, dduwowcj).
    first_vowel = next((i for i, ch in enumerate(word) if ch in "aeiouyw"), len(word))
    head, tail = word[: first_vowel + 1], word[first_vowel + 1 :]
    word = head + "".join(ch for ch in tail if ch not in "sfrxjz")
    steps.append(word)
    word = re.sub(r"([aeo])\1", r"\1", word)  # aa/ee/oo → â/ê/ô
    word = word.replace("uow", "uo").replace("aw", "a").replace("ow", "o").replace("uw", "u")
    word = word.replace("w", "u")
    steps.append(word)
    if word.startswith("dd"):
        word = word[1:]
    steps.append(word)
    # Doubled final consonant from a sticky key (duocc, mat t).
    word = re.sub(r"([cmnpt])\1$", r"\1", word)
    steps.append(word)
    out: list[str] = []
    for candidate in reversed(steps):
        if candidate != folded and is_vn_syllable(candidate) and candidate not in out:
            out.append(candidate)
    return out


@dataclass(frozen=True, slots=True)
class Token:
    """One word of a text: as typed (NFC, lower case), folded, and its canonical form."""

    text: str
    folded: str
    key: str  # canonical folded syllable used for matching
    accented: bool  # the user typed diacritics on this word
    sig: str  # accented spelling, tone as a digit, y/i merged: compared once keys agree


@lru_cache(maxsize=65536)
def make_token(raw: str) -> Token:
    """Build a :class:`Token` from one raw word (any case, any normal form)."""
    if raw.isdigit() and raw.isascii():
        return Token(text=raw, folded=raw, key=raw, accented=False, sig=raw)
    text = collapse_repeats(nfc(raw).casefold())
    folded = fold(text)
    key = canonical_syllable(folded)
    if not is_vn_syllable(key):
        key = stem_en(key)
    sig = accent_key(text).replace("y", "i")
    return Token(text=text, folded=folded, key=key, accented=folded != text, sig=sig)


def split_sentences(text: str) -> list[str]:
    """Sentence-like pieces (punctuation, line breaks, ", " and " - " end a piece)."""
    return [piece for piece in _BREAKS.split(text) if piece and not piece.isspace()]


def sentence_texts(text: str) -> list[str]:
    """Sentence pieces of `text` (NFC) with dates and long digit runs removed."""
    text = nfc(text)
    if _NEEDS_CLEANING.search(text):
        text = _LONG_NUMBER.sub(" . ", _DATE.sub(" . ", text))
    return split_sentences(text)


def tokenize_sentence(piece: str) -> list[Token]:
    """Words of one sentence piece (years and other numbers over 3 digits dropped)."""
    words = [make_token(raw) for raw in _TOKEN.findall(piece)]
    return [w for w in words if w.key and not (w.key.isdigit() and len(w.key) > 3)]


def tokenize(text: str) -> list[list[Token]]:
    """Words of `text` grouped by sentence; dates and long digit runs are removed."""
    sentences = [tokenize_sentence(piece) for piece in sentence_texts(text)]
    return [words for words in sentences if words]


@dataclass(frozen=True, slots=True)
class TokenizedText:
    """A text with its tokens by sentence (as :func:`tokenize` gives them) and laid end to end."""

    text: str
    sentences: tuple[tuple[Token, ...], ...]
    flat: tuple[Token, ...]

    @classmethod
    def of(cls, text: str) -> TokenizedText:
        sentences = tuple(tuple(words) for words in tokenize(text))
        return cls(text, sentences, tuple(tok for words in sentences for tok in words))


def tokenize_flat(text: str) -> list[Token]:
    """All tokens of `text` in order (no sentence grouping)."""
    return [tok for sentence in tokenize(text) for tok in sentence]


def normalize_query(text: str) -> str:
    """The folded words of `text` joined by single spaces (for logs, fuzzy matching, tests)."""
    return " ".join(tok.key for tok in tokenize_flat(text))
