"""Dossiers as use cases: look one up, follow it, list and stop following — no Telegram here.

A dossier code is read once from what the user typed (:func:`read_code`) and travels typed
(:class:`~bot.portal.codes.DossierCode` or :class:`~bot.portal.codes.CodeProblem`) from
there on. :class:`Dossiers` (built once in ``build_services``, reached as
``services.dossiers``) owns the portal's error policy, the owner-ID dialogue (kept in the
database with an expiry, the ID number only encrypted) and following through
:class:`~bot.tracking.service.Tracking`; it returns the typed results of
:mod:`bot.dossiers.results`, which adapters only render (bot/render/dossier_reply.py).

Modules: ``codes`` (reading a code, storing it in a step), ``dialogue`` (what the bot waits
for), ``lookup``, ``follow``, ``results`` and ``service`` (the facade).
"""

from __future__ import annotations

from bot.dossiers.codes import read_code
from bot.dossiers.service import Dossiers

__all__ = ["Dossiers", "read_code"]
