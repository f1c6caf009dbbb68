"""The keyed hash chain over the audit log (审计记录防篡改, GB/T 22239-2019 8.1.4.3).

Every record carries ``seq`` (1, 2, 3, ... with no gaps) and ``digest``, an HMAC-SHA256 under
the data directory's ``keys/audit-chain`` key of the previous record's digest and of the
record's own fields. One row of ``audit_chainhead`` holds the last ``seq`` and digest, and the
anchor the chain starts from (genesis, or the last record archived), sealed with the same key.

Appending locks that row (``SELECT ... FOR UPDATE`` on PostgreSQL; on SQLite the write
transaction, begun IMMEDIATE, already excludes every other writer), so two processes recording
at once queue rather than both extending the same record; the unique ``seq`` is the last
guard. Anyone who can reach the database could drop the append-only triggers and edit it, but
without the key they cannot write a digest that fits: ``verify`` walks the chain and names the
first record changed, removed or inserted.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import json
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connection

GENESIS = "0" * 64
HEAD_TABLE = "audit_chainhead"
# The fields a digest covers, in this order; ``seq`` first so a record cannot be moved.
CHAINED = (
    "seq",
    "at",
    "actor_id",
    "username",
    "node_id",
    "action",
    "outcome",
    "address",
    "target",
    "detail",
)


@dataclass(frozen=True)
class Head:
    seq: int
    digest: str
    anchor_seq: int
    anchor_digest: str
    mac: str = ""

    def sealed(self, key: bytes | None = None) -> Head:
        return Head(
            self.seq, self.digest, self.anchor_seq, self.anchor_digest, seal_head(self, key)
        )


def _key(key: bytes | None) -> bytes:
    return key if key is not None else settings.AUDIT_CHAIN_KEY


def _utc(value: datetime.datetime) -> str:
    return value.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")


def canonical(values: dict[str, Any]) -> bytes:
    """The chained fields as one JSON text, as they read back from the database."""
    address = values.get("address") or None
    if address and ":" in address:
        # Stored compressed and lower case (GenericIPAddressField); hash what is stored.
        from django.utils.ipv6 import clean_ipv6_address

        try:
            address = clean_ipv6_address(address)
        except Exception:  # noqa: BLE001 - not an address: hashed as given, as stored
            pass
    row = [
        values["seq"],
        _utc(values["at"]),
        values.get("actor_id"),
        values.get("username") or "",
        values.get("node_id"),
        values["action"],
        values["outcome"],
        address,
        values.get("target") or "",
        # Through JSON and back, as the JSONField stores it (tuples become lists, and so on).
        json.loads(json.dumps(values.get("detail") or {})),
    ]
    return json.dumps(row, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def digest_of(values: dict[str, Any], previous: str, key: bytes | None = None) -> str:
    message = previous.encode("ascii") + b"\n" + canonical(values)
    return hmac.new(_key(key), message, hashlib.sha256).hexdigest()


def seal_head(head: Head, key: bytes | None = None) -> str:
    text = f"head|{head.seq}|{head.digest}|{head.anchor_seq}|{head.anchor_digest}"
    return hmac.new(_key(key), text.encode("ascii"), hashlib.sha256).hexdigest()


def values_of(event: Any) -> dict[str, Any]:
    return {name: getattr(event, name) for name in CHAINED}


# --- the head row -----------------------------------------------------------------------------


def read_head(cursor: Any, *, lock: bool = False) -> Head | None:
    suffix = " FOR UPDATE" if lock and connection.vendor == "postgresql" else ""
    cursor.execute(
        f"SELECT seq, digest, anchor_seq, anchor_digest, mac FROM {HEAD_TABLE} "  # noqa: S608
        f"WHERE id = 1{suffix}"
    )
    row = cursor.fetchone()
    return Head(*row) if row else None


def write_head(cursor: Any, head: Head) -> None:
    cursor.execute(
        f"UPDATE {HEAD_TABLE} SET seq = %s, digest = %s, anchor_seq = %s, "  # noqa: S608
        "anchor_digest = %s, mac = %s WHERE id = 1",
        [head.seq, head.digest, head.anchor_seq, head.anchor_digest, head.mac],
    )


def missing_head(cursor: Any) -> Head:
    """The head row is made by the migration; a test database's flush empties it. Start again
    after the last chained record (or from genesis), so recording never stops; ``verify``
    still checks every digest."""
    cursor.execute(
        "SELECT seq, digest FROM audit_auditevent WHERE seq IS NOT NULL ORDER BY seq DESC LIMIT 1"
    )
    last = cursor.fetchone()
    head = Head(last[0], last[1], 0, GENESIS) if last else Head(0, GENESIS, 0, GENESIS)
    cursor.execute("SELECT MIN(seq) FROM audit_auditevent WHERE seq IS NOT NULL")
    first = cursor.fetchone()[0]
    if first and first > 1:  # an archive removed the start: it began after its predecessor
        head = Head(head.seq, head.digest, first - 1, "")
    head = head.sealed()
    cursor.execute(
        f"INSERT INTO {HEAD_TABLE} (id, seq, digest, anchor_seq, anchor_digest, mac) "  # noqa: S608
        "VALUES (1, %s, %s, %s, %s, %s)",
        [head.seq, head.digest, head.anchor_seq, head.anchor_digest, head.mac],
    )
    return head
