"""A write asked for twice is done once: idempotency keys of the API and one-time form tokens.

Both work the same way. The first request claims its key (or token) by inserting a row, in the
same transaction as the write it does and the answer it gives: a crash loses all three or none,
and a key is never seen claimed without its answer. A second request with the same key waits
for the first to finish and gets the first one's answer instead of writing again:

- on SQLite, because every write transaction queues behind the others
  (``kernel.db.locks.serialised_writes``), so the second one starts after the first committed;
- on PostgreSQL, because its insert of the same key blocks on the unique index until the first
  commits, then fails, and the row it then reads is the committed one.

``api/idempotency.py`` applies this to every POST of the API with an ``Idempotency-Key``
header; ``web/once.py`` to the pages whose forms carry ``{% form_once %}``. Rows older than
:data:`WINDOW` are deleted by :func:`purge_expired` (``grassroots uploads sweep``, from cron)
and are never honoured meanwhile.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpResponse, HttpResponseBase
from django.utils import timezone

from grassroots.kernel.db.locks import serialised_writes
from grassroots.kernel.models import FormSubmission, IdempotencyKey

WINDOW = timedelta(hours=24)
KEY_PATTERN = re.compile(r"[\x20-\x7e]{1,255}")  # printable ASCII, as Stripe and the IETF draft
TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{16,64}")


class KeyReused(Exception):
    """The key was already used for another request (another path or body)."""


@dataclass(frozen=True)
class Answer:
    """A response as it was first given."""

    status: int
    content_type: str
    body: bytes


@dataclass
class Keyed:
    """One keyed request in flight: its claim, once made, and whether its work ran to the end."""

    claim: IdempotencyKey | None = None
    finished: bool = False


def valid_key(key: str) -> bool:
    return KEY_PATTERN.fullmatch(key) is not None


def digest(*parts: bytes) -> str:
    """What identifies a request's content: sha256 over its parts, each length-prefixed."""
    hashed = hashlib.sha256()
    for part in parts:
        hashed.update(len(part).to_bytes(8, "big"))
        hashed.update(part)
    return hashed.hexdigest()


def answer_keyed(keyed: Keyed, work: Callable[[], HttpResponseBase]) -> HttpResponseBase:
    """Run ``work`` (a request that may call :func:`claim_key`) in one write transaction.

    If it claimed its key, ran to the end and answered below 500, the answer is kept with the
    key; if it claimed and then failed, everything it wrote is undone, key included, so the
    same request may be tried again."""
    with serialised_writes(), transaction.atomic():
        response = work()
        claim = keyed.claim
        if claim is not None:
            if keyed.finished and response.status_code < 500 and not response.streaming:
                assert isinstance(response, HttpResponse)
                claim.status = response.status_code
                claim.content_type = response.get("Content-Type", "")
                claim.body = response.content
                claim.save(update_fields=["status", "content_type", "body"])
            else:
                transaction.set_rollback(True)
    return response


def claim_key(
    keyed: Keyed, *, account: Any, key: str, method: str, path: str, body_digest: str
) -> Answer | None:
    """Inside :func:`answer_keyed`: claim ``key`` for this request (None: go on and do the work)
    or the answer its first use gave. :class:`KeyReused` if that was another request."""
    IdempotencyKey.objects.filter(
        account=account, key=key, created_at__lt=timezone.now() - WINDOW
    ).delete()
    earlier = IdempotencyKey.objects.filter(account=account, key=key).first()
    if earlier is None:
        try:
            with transaction.atomic():
                keyed.claim = IdempotencyKey.objects.create(
                    account=account, key=key, method=method, path=path, body_digest=body_digest
                )
            return None
        except IntegrityError:  # PostgreSQL: a request with the same key committed meanwhile
            earlier = IdempotencyKey.objects.get(account=account, key=key)
    if (earlier.method, earlier.path, earlier.body_digest) != (method, path, body_digest):
        raise KeyReused(key)
    return Answer(
        status=earlier.status or 200, content_type=earlier.content_type, body=bytes(earlier.body)
    )


@dataclass(frozen=True)
class Submitted:
    """A form token's first submit led here; ``url`` is empty when it was another account's."""

    url: str


def submit_once(
    *, token: str, account: Any, path: str, work: Callable[[], HttpResponseBase]
) -> HttpResponseBase | Submitted:
    """Run a form's ``work`` once per ``token``, in one write transaction with its claim.

    A redirect is the form's success: the token is kept with where it led. Any other answer
    (the form again, with its errors) gives the token back unused. A token already used gives
    :class:`Submitted` and runs nothing."""
    account = account if getattr(account, "is_authenticated", False) else None
    with serialised_writes(), transaction.atomic():
        FormSubmission.objects.filter(created_at__lt=timezone.now() - WINDOW).filter(
            token=token
        ).delete()
        earlier = FormSubmission.objects.filter(token=token).first()
        if earlier is None:
            try:
                with transaction.atomic():
                    claim = FormSubmission.objects.create(token=token, account=account, path=path)
            except IntegrityError:  # PostgreSQL: the same token committed meanwhile
                earlier = FormSubmission.objects.get(token=token)
        if earlier is not None:
            mine = earlier.account_id == getattr(account, "pk", None) and earlier.path == path
            return Submitted(url=earlier.result_url if mine else "")
        response = work()
        location = response.get("Location", "")
        if 300 <= response.status_code < 400 and location:
            claim.result_url = location
            claim.save(update_fields=["result_url"])
        else:
            claim.delete()
    return response


def purge_expired() -> int:
    """Delete the keys and form tokens older than :data:`WINDOW`; how many."""
    cutoff = timezone.now() - WINDOW
    keys, _ = IdempotencyKey.objects.filter(created_at__lt=cutoff).delete()
    tokens, _ = FormSubmission.objects.filter(created_at__lt=cutoff).delete()
    return keys + tokens
