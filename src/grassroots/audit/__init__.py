"""The audit log (审计日志): who did what, when, from where, with what outcome.

Every module records through ``audit.services.record``; nothing else writes the table.

Append-only: the ORM refuses to change or delete a record, and so does the database itself
(triggers on SQLite and PostgreSQL, migration 0002).

Tamper-evident (GB/T 22239-2019 8.1.4.3 c): each record carries ``seq`` (consecutive) and
``digest``, an HMAC-SHA256 under the data directory's ``keys/audit-chain`` key (a key of its
own, not the personal-data keys) of the previous record's digest and this record's fields;
one sealed head row holds the chain's end and its anchor (``chain.py``). Appending takes the
head row's lock (``SELECT ... FOR UPDATE``; on SQLite the IMMEDIATE write transaction), so
concurrent writers in any number of processes extend one chain. ``grassroots audit verify``
walks it and exits 1 naming the first record changed, removed or inserted, even when someone
dropped the triggers and edited the database by hand. Records made before the chain existed
were numbered and chained by migration 0009.

Retention (网络安全法第二十一条, at least six months): records stay 180 days at least. The one
way out is ``grassroots audit archive --before DATE FILE`` (``services.archive``): it refuses a
date less than 180 days ago or a chain that does not verify, writes the records with their
digests to FILE (JSON lines, owner-only) first, deletes them with the delete trigger lifted for
that statement alone and restored in the same transaction, moves the chain's anchor onto the
last record removed and records an ``audit_archived`` event; ``verify`` then starts from the
anchor. See docs/security.md.
"""
