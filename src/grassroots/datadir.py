"""The one data directory that holds all state: database, uploads, backups and secret keys.

Chosen by ``--data DIR`` or ``GRASSROOTS_DATA`` (default ``./var``). Keys are generated on first
start, written with owner-only permissions and never leave the directory.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

ENV_VAR = "GRASSROOTS_DATA"


def data_dir() -> Path:
    """Return the data directory, creating it (and its key folder) if needed."""
    path = Path(os.environ.get(ENV_VAR) or "var").resolve()
    (path / "keys").mkdir(parents=True, exist_ok=True)
    (path / "uploads").mkdir(exist_ok=True)
    return path


def read_or_create_key(name: str, nbytes: int = 32) -> bytes:
    """Return the named secret from ``keys/``, generating it once with a CSPRNG."""
    key_file = data_dir() / "keys" / name
    if not key_file.exists():
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_hex(nbytes))
    return bytes.fromhex(key_file.read_text().strip())
