"""What the curated-entry tests share: the review date, languages and source line of the
entries rewritten from the official pages in December 2026."""

from __future__ import annotations

from datetime import date

from bot.texts import Lang

REVIEWED = date(2026, 12, 3)
LANGS: tuple[Lang, ...] = ("vi", "en")
SOURCE = "Trang chi tiết TTHC trên dichvucong.gov.vn (dữ liệu 06/2026), biên soạn lại cho người dân"
