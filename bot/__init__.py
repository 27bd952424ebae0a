"""dvc-bot core: configuration, database, search, portal, tracking, texts and sandbox."""
