"""Pure formatting of what the bot shows (procedure cards, sections, splitting); no Telegram."""
