"""The Telegram adapter: application wiring, runtime, webhook, context, transport, delivery."""
