"""Catalog search: normalisation, synonyms, ranking and intent detection (no Telegram)."""
