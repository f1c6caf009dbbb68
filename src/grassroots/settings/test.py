"""Settings for the test suite: production settings with fast hashing and a throw-away data dir."""

import os
import tempfile

os.environ.setdefault("GRASSROOTS_DATA", tempfile.mkdtemp(prefix="grassroots-test-"))

from grassroots.settings.base import *  # noqa: E402, F403
from grassroots.settings.base import STORAGES  # noqa: E402

# Argon2 is deliberately slow; tests create hundreds of accounts.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# WhiteNoise warns on every request when STATIC_ROOT is missing; tests never collect static.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405

# Web imports run within the request in tests; in production each runs in its own process.
REGISTRY_IMPORT_RUNNER = "inline"
# SQLite tests use a file, not a shared in-memory database: threads with their own connections
# (concurrency tests, the live server) then queue on the write lock as in production instead
# of failing at once with "table is locked".
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test.sqlite3")}  # noqa: F405
