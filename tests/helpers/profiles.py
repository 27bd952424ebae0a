"""Hypothesis settings profiles: quick by default, thorough in CI.

`.ci/run` sets ``DVC_HYPOTHESIS_PROFILE=ci``. The profile applies to every property test;
tests that choose their own `max_examples` keep it, except the message fuzz test
(tests/handlers/test_fuzz_messages.py), whose size is the profile's `fuzz_examples()`.
"""

from __future__ import annotations

import os

from hypothesis import settings

HYPOTHESIS_PROFILE_ENV = "DVC_HYPOTHESIS_PROFILE"
DEV, CI = "dev", "ci"
# Messages the fuzz test sends through the real bot, per profile.
FUZZ_EXAMPLES = {DEV: 200, CI: 2000}


def profile_name() -> str:
    """The profile this run uses (``dev`` unless the environment says otherwise)."""
    name = os.environ.get(HYPOTHESIS_PROFILE_ENV, DEV)
    if name not in FUZZ_EXAMPLES:
        raise ValueError(f"{HYPOTHESIS_PROFILE_ENV}={name!r}: use one of {sorted(FUZZ_EXAMPLES)}")
    return name


def load_profile() -> None:
    """Register both profiles and load the one the environment names."""
    settings.register_profile(DEV)
    # CI prints a reproduction blob for any failure, to replay it with @reproduce_failure.
    settings.register_profile(CI, print_blob=True)
    settings.load_profile(profile_name())


def fuzz_examples() -> int:
    """How many messages the fuzz test sends in this run."""
    return FUZZ_EXAMPLES[profile_name()]
