"""Tests of the sandbox: the fake Telegram Bot API server and its control client."""
