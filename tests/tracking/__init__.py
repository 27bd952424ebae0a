"""Tests of dossier tracking helpers."""
