"""Sub-commands of run_bot.py that belong to the core (run, demo, sandbox servers, db)."""
