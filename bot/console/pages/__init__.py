"""The console's pages, one module per area, each exposing ``routes()`` (see bot/console/app.py)."""
