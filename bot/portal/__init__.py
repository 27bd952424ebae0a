"""Portal access: canonical dossier model, adapters and HTTP policy (no Telegram)."""
