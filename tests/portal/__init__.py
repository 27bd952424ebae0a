"""Tests of portal access: codes, statuses, adapters against the simulator."""
