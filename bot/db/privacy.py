"""Privacy helpers: hashed user ids and encrypted owner ID numbers.

The bot never stores a plain ID number or a user id next to what the user asked. Both keys
are derived from `DVC_SECRET_KEY`, so a database dump alone reveals neither. Free text is
masked with `bot.personal_numbers.mask_personal_numbers` (the one definition of a personal
number).
"""

from __future__ import annotations

import base64
import hashlib
import hmac

from cryptography.fernet import Fernet, InvalidToken


class Privacy:
    """Keyed hashing and encryption built from the operator's secret key."""

    def __init__(self, secret_key: bytes) -> None:
        if len(secret_key) < 16:
            raise ValueError("secret key must be at least 16 bytes")
        self._hash_key = hmac.new(secret_key, b"dvc-bot/user-hash", hashlib.sha256).digest()
        fernet_key = hmac.new(secret_key, b"dvc-bot/owner-id", hashlib.sha256).digest()
        self._fernet = Fernet(base64.urlsafe_b64encode(fernet_key))

    def user_hash(self, user_id: int) -> str:
        return hmac.new(self._hash_key, str(user_id).encode(), hashlib.sha256).hexdigest()

    def encrypt(self, value: str) -> bytes:
        return self._fernet.encrypt(value.encode("utf-8"))

    def decrypt(self, token: bytes) -> str | None:
        try:
            return self._fernet.decrypt(token).decode("utf-8")
        except InvalidToken:
            return None
