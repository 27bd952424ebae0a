"""Local stand-ins for Telegram and the portal, used by tests, benchmarks and the demo."""
