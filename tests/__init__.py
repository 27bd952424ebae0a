"""Test suite; mirrors the packages."""
