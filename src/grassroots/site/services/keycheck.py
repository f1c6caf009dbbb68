"""Recording the keys' fingerprint at migrate, after checking them against the data already there.

The check itself is the kernel's (``kernel/keys.py``); what is probed on a database older than
its fingerprints (an encrypted value, the audit chain's seal) belongs to the apps, so it is
done here, above them.
"""

from __future__ import annotations

from django.apps import apps
from django.conf import settings
from django.db import DatabaseError, connection

from grassroots.audit import chain
from grassroots.datadir import read_or_create_key
from grassroots.kernel import crypto
from grassroots.kernel.fields import EncryptedTextField
from grassroots.kernel.keys import (
    DATA_KEYS,
    check_of,
    key_problem,
    mismatch_message,
    recorded_fingerprints,
)


def record_keys() -> str | None:
    """Record the fingerprints the database lacks (after a migrate); the problem instead, when
    the keys on disk do not fit the data already there."""
    problem = key_problem()
    if problem:
        return problem
    recorded = recorded_fingerprints()
    if recorded is None:
        return None
    missing = [name for name in DATA_KEYS if name not in recorded]
    if not missing:
        return None
    wrong = _probe(missing)
    if wrong:
        return mismatch_message(wrong)
    KeyCheck = apps.get_model("kernel", "KeyCheck")
    for name in missing:
        KeyCheck.objects.get_or_create(
            name=name, defaults={"fingerprint": check_of(getattr(settings, DATA_KEYS[name]))}
        )
    return None


def _probe(names: list[str]) -> list[str]:
    """Of ``names``, the keys that fail on data already written (a database older than its
    fingerprints): one encrypted value of each model that has one, and the audit chain's seal."""
    wrong = []
    if "field-encryption" in names and not _an_encrypted_value_decrypts():
        wrong.append("field-encryption")
    if "audit-chain" in names and not _audit_head_verifies():
        wrong.append("audit-chain")
    return wrong


def _an_encrypted_value_decrypts() -> bool:
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if not isinstance(field, EncryptedTextField):
                continue
            table, column = model._meta.db_table, field.column
            q = connection.ops.quote_name
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT {q(column)} FROM {q(table)} WHERE {q(column)} <> '' LIMIT 1"  # noqa: S608
                )
                row = cursor.fetchone()
            if row and row[0]:
                try:
                    crypto.decrypt(row[0])
                except (crypto.DecryptionError, ValueError):
                    return False
                return True
    return True


def _audit_head_verifies() -> bool:
    with connection.cursor() as cursor:
        try:
            head = chain.read_head(cursor)
        except DatabaseError:
            return True
    return head is None or head.mac == chain.seal_head(head)


def reload_from_disk() -> None:
    """Read the keys again after ``restore`` put an archive's keys in place, so this process
    (the restore's own audit record, the check after it) uses them."""
    for name, setting in DATA_KEYS.items():
        setattr(settings, setting, read_or_create_key(name))
