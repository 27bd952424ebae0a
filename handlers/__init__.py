"""Thin python-telegram-bot callbacks: parse the update, call bot/ services, render."""
