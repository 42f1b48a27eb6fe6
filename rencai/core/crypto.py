"""Field encryption (AES-256-GCM) and blind indexes (HMAC-SHA256) for sensitive values.

Stored form: ``enc1$<key id>$<base64url(nonce ‖ ciphertext ‖ tag)>``. The associated data
binds each ciphertext to its column (``accounts.User.phone``), so a value copied into
another column does not decrypt. Keys come from ``settings.FIELD_ENCRYPTION_KEYS``
(key id → 32-byte key, the first one encrypts, all decrypt) so keys can be rotated with
``manage.py rotate_field_encryption``. Exact-match lookups use a blind index: an HMAC of
the normalised value under ``settings.BLIND_INDEX_KEYS`` (the first one is current; older
ones stay usable for lookups until the rotation command has recomputed every index).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

PREFIX = "enc1"
NONCE_BYTES = 12


class DecryptionError(Exception):
    """A stored value could not be decrypted (wrong key, wrong column or tampered)."""


def parse_keys(spec: str, *, setting: str) -> dict[str, bytes]:
    """Parse ``id1:base64key,id0:base64key`` (or one bare base64 key, id ``k1``).

    Raises ``ImproperlyConfigured`` for a malformed list or a key that is not 32 bytes.
    """
    keys: dict[str, bytes] = {}
    for position, item in enumerate(part.strip() for part in spec.split(",") if part.strip()):
        key_id, sep, encoded = item.partition(":")
        if not sep:
            key_id, encoded = f"k{position + 1}", item
        if not key_id.isalnum():
            raise ImproperlyConfigured(f"{setting}: key id {key_id!r} must be letters and digits")
        try:
            key = base64.b64decode(encoded, validate=True)
        except (binascii.Error, ValueError) as exc:
            raise ImproperlyConfigured(f"{setting}: key {key_id!r} is not valid base64") from exc
        if len(key) != 32:
            raise ImproperlyConfigured(f"{setting}: key {key_id!r} must decode to 32 bytes")
        if key_id in keys:
            raise ImproperlyConfigured(f"{setting}: key id {key_id!r} appears twice")
        keys[key_id] = key
    if not keys:
        raise ImproperlyConfigured(f"{setting} is empty")
    return keys


@dataclass(frozen=True)
class Keyring:
    """Ordered keys: the first is used for new values, all are accepted."""

    keys: dict[str, bytes]

    @property
    def current_id(self) -> str:
        return next(iter(self.keys))


def _encryption_keyring() -> Keyring:
    return Keyring(settings.FIELD_ENCRYPTION_KEYS)


def _blind_keyring() -> Keyring:
    return Keyring(settings.BLIND_INDEX_KEYS)


def is_encrypted(value: str) -> bool:
    """Whether ``value`` is in the stored ciphertext form."""
    return value.startswith(PREFIX + "$")


def encrypt(plaintext: str, *, context: str) -> str:
    """Encrypt ``plaintext`` for the column named by ``context``."""
    ring = _encryption_keyring()
    nonce = os.urandom(NONCE_BYTES)
    sealed = AESGCM(ring.keys[ring.current_id]).encrypt(
        nonce, plaintext.encode("utf-8"), context.encode("utf-8")
    )
    token = base64.urlsafe_b64encode(nonce + sealed).decode("ascii")
    return f"{PREFIX}${ring.current_id}${token}"


def decrypt(stored: str, *, context: str) -> str:
    """Decrypt a value produced by :func:`encrypt` for the same ``context``."""
    try:
        prefix, key_id, token = stored.split("$", 2)
    except ValueError as exc:
        raise DecryptionError("not an encrypted value") from exc
    if prefix != PREFIX:
        raise DecryptionError("unknown format")
    key = _encryption_keyring().keys.get(key_id)
    if key is None:
        raise DecryptionError(f"unknown key id {key_id!r}")
    try:
        blob = base64.urlsafe_b64decode(token.encode("ascii"))
        plain = AESGCM(key).decrypt(blob[:NONCE_BYTES], blob[NONCE_BYTES:], context.encode())
    except (InvalidTag, binascii.Error, ValueError) as exc:
        raise DecryptionError("ciphertext does not verify") from exc
    return plain.decode("utf-8")


def key_id_of(stored: str) -> str:
    """The id of the key a stored value was encrypted with."""
    return stored.split("$", 2)[1]


def _hmac(key: bytes, value: str, context: str) -> str:
    message = f"{context}\x00{value}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def blind_index(value: str, *, context: str) -> str:
    """The current blind index of an already-normalised ``value`` for ``context``."""
    ring = _blind_keyring()
    return _hmac(ring.keys[ring.current_id], value, context)


def blind_index_candidates(value: str, *, context: str) -> list[str]:
    """Blind indexes under every configured key, current first (lookups during rotation)."""
    return [_hmac(key, value, context) for key in _blind_keyring().keys.values()]


def fingerprint(value: str) -> str:
    """A short non-secret SHA-256 fingerprint (for hashes of texts, never of personal data)."""
    return hashlib.sha256(value.encode("utf-8")).hexdigest()
