"""Personal data at rest: AES-256-GCM encryption and keyed blind indexes (个人信息保护).

Keys live in the data directory, never in the database, so a copied database alone reveals no
ID number or phone. A blind index (HMAC-SHA256 of the normalised value) lets the same number be
found, and kept unique, without decrypting every row.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
from collections.abc import Callable
from functools import lru_cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings

_VERSION = b"\x01"
_SHA256_BLOCK = 64
# A blind index keeps the first 128 bits of its HMAC (RFC 2104 allows cutting to half): a
# chance collision among a billion values is still about 1 in 10^20, and the indexes of a
# large registry are half the size to build and to search.
INDEX_BYTES = 16
INDEX_LENGTH = 2 * INDEX_BYTES


class DecryptionError(ValueError):
    """A stored value could not be authenticated with the configured key."""


@lru_cache(maxsize=4)
def _cipher(key: bytes) -> AESGCM:
    # Keyed by the key itself, so a test that swaps the setting gets a cipher of its own.
    return AESGCM(key)


def encrypt(plaintext: str) -> str:
    nonce = os.urandom(12)
    sealed = _cipher(settings.FIELD_ENCRYPTION_KEY).encrypt(nonce, plaintext.encode(), None)
    return base64.b64encode(_VERSION + nonce + sealed).decode("ascii")


def decrypt(token: str) -> str:
    raw = base64.b64decode(token)
    if raw[:1] != _VERSION:
        raise DecryptionError("unknown ciphertext version")
    try:
        return _cipher(settings.FIELD_ENCRYPTION_KEY).decrypt(raw[1:13], raw[13:], None).decode()
    except InvalidTag as exc:
        raise DecryptionError("ciphertext does not match the key") from exc


_NONCE = 12
_NONCES_AT_ONCE = 1024
# Bumped in every forked child: nonces drawn before a fork must never be used on both sides.
_forks = [0]
os.register_at_fork(after_in_child=lambda: _forks.__setitem__(0, _forks[0] + 1))


def encrypter() -> Callable[[str], str]:
    """``encrypt`` bound to the key configured now, for encrypting many values in a loop
    (reading a setting costs more than sealing a short value). The random nonces are drawn
    from the system a thousand at a time, not one system call each; a forked child draws
    its own."""
    seal = _cipher(settings.FIELD_ENCRYPTION_KEY).encrypt
    urandom, b64encode = os.urandom, binascii.b2a_base64
    drawn = {"pool": b"", "at": 0, "fork": -1}

    def encrypt_one(plaintext: str) -> str:
        at = drawn["at"]
        if at == len(drawn["pool"]) or drawn["fork"] != _forks[0]:
            drawn.update(pool=urandom(_NONCE * _NONCES_AT_ONCE), fork=_forks[0])
            at = 0
        nonce = drawn["pool"][at : at + _NONCE]
        drawn["at"] = at + _NONCE
        return b64encode(
            _VERSION + nonce + seal(nonce, plaintext.encode(), None), newline=False
        ).decode("ascii")

    return encrypt_one


def blind_indexer(prefix: str = "", *, exact: bool = False) -> Callable[[str], str]:
    """``blind_index`` of ``prefix`` + each value, bound to the key configured now, for many
    values in a loop.

    HMAC-SHA256 by its definition (RFC 2104) with the two keyed hash states made once (and the
    prefix hashed once): a one-shot ``hmac.digest`` sets up the key again for every value,
    three times the cost. ``exact``: the caller's values are already normal (no whitespace,
    upper case), so normalising them is skipped; the index is the same."""
    key = settings.BLIND_INDEX_KEY
    if len(key) > _SHA256_BLOCK:
        key = hashlib.sha256(key).digest()
    key = key.ljust(_SHA256_BLOCK, b"\0")
    keyed_prefix = hashlib.sha256(bytes(byte ^ 0x36 for byte in key))
    keyed_prefix.update(normalise(prefix).encode())
    inner = keyed_prefix.copy
    outer = hashlib.sha256(bytes(byte ^ 0x5C for byte in key)).copy

    def index_one(value: str) -> str:
        keyed = inner()
        keyed.update(value.encode() if exact else "".join(value.split()).upper().encode())
        sealed = outer()
        sealed.update(keyed.digest())
        return sealed.digest()[:INDEX_BYTES].hex()

    return index_one


def normalise(value: str) -> str:
    return "".join(value.split()).upper()


def blind_index(value: str) -> str:
    """Keyed hash of a normalised value, for equality look-ups and uniqueness: HMAC-SHA256
    cut to its first ``INDEX_BYTES`` bytes, in hex."""
    digest = hmac.digest(settings.BLIND_INDEX_KEY, normalise(value).encode(), hashlib.sha256)
    return digest[:INDEX_BYTES].hex()


def mask_id_number(value: str) -> str:
    """110***********1234: first 3 and last 4 characters of an ID number."""
    if len(value) <= 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def mask_phone(value: str) -> str:
    """138****1234: first 3 and last 4 digits of a phone number."""
    if len(value) <= 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]
