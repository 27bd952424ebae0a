"""Dossier tracking: subscriptions, poll scheduling, outbox and the working-day calendar."""
