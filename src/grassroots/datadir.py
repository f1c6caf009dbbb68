"""The one data directory that holds all state: database, uploads, backups and secret keys.

Chosen by ``--data DIR`` or ``GRASSROOTS_DATA`` (default ``./var``). Keys are generated on first
start, written with owner-only permissions and never leave the directory.

Everything here is personal data or guards it, so it is the owner's alone: the directory,
``keys/`` and ``uploads/`` are 0700 (tightened on every start), and the process's umask is 077,
so whatever it creates afterwards (the SQLite database and its -wal/-shm files, uploads, import
copies, exports, backups) is 0600 or 0700 without each writer having to remember.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

ENV_VAR = "GRASSROOTS_DATA"


PRIVATE_UMASK = 0o077
PRIVATE_DIR = 0o700


def data_dir() -> Path:
    """Return the data directory, creating it (and its key and upload folders) owner-only."""
    os.umask(PRIVATE_UMASK)
    path = Path(os.environ.get(ENV_VAR) or "var").resolve()
    for folder in (path, path / "keys", path / "uploads"):
        folder.mkdir(mode=PRIVATE_DIR, parents=True, exist_ok=True)
        if folder.stat().st_mode & 0o077:
            try:
                os.chmod(folder, PRIVATE_DIR)
            except PermissionError:  # not ours to change; the operator set it so
                pass
    return path


def read_or_create_key(name: str, nbytes: int = 32) -> bytes:
    """Return the named secret from ``keys/``, generating it once with a CSPRNG."""
    key_file = data_dir() / "keys" / name
    if not key_file.exists():
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_hex(nbytes))
    return bytes.fromhex(key_file.read_text().strip())
