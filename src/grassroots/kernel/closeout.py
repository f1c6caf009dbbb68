"""The close-out ledger (挂图作战、销号管理): one implementation for every item that is tracked on
a board until it is closed out with evidence.

An item (a pairing's pledge or task-list task, a council's decision) has a deadline, a latest
progress percentage, a status (推进中 / 已销号), the day and the person of its close-out, and a
``version``. Around it sit three logs of its own: dated progress lines, evidence files (photos or
documents, recognised by their first bytes) and state changes (who, when, from, to, why, with
which evidence). The abstract models below give each app those fields; the app declares the
concrete tables (its own names, its own link to the item, its own scope) and one ``Ledger``
that says which tables belong together, how its audit records are named and how its messages
read. The ledger's actions then do the rest the same way for everyone:

- ``record_progress``: a dated line 0–100 %, never on a closed item;
- ``add_evidence``: a photo or document, checked by content, at most ``max_evidence``;
- ``close``: with at least one of the item's own evidence files, on the version the closer saw;
- ``reopen``: with a reason, on the version the reopener saw.

Each writes its change row and its audit record in the caller's transaction. A move made on a
version someone else has already moved on raises the ledger's ``stale`` error and changes
nothing. Who may close or reopen is the app's rule (a paired unit never closes its own pledge):
the app checks it before calling the ledger.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

SYSTEM_NAME = "系统"
MAX_EVIDENCE_BYTES = 20 * 1024 * 1024
MAX_EVIDENCE = 20
DUE_SOON = datetime.timedelta(days=7)

# What an uploaded file is, by its first bytes (never by its name alone).
_IMAGE_TYPES = (
    (b"\xff\xd8\xff", "jpg", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "png", "image/png"),
)
_OFFICE_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "doc": "application/msword",
    "xls": "application/vnd.ms-excel",
}


class CloseoutStatus(models.TextChoices):
    OPEN = "open", "推进中"
    CLOSED = "closed", "已销号"


class CloseoutError(ValueError):
    """A ledger write that cannot be made; the message says why, in the user's language."""


class StaleItem(CloseoutError):
    """Someone else moved the item after it was loaded."""

    def __init__(self, message: str = "") -> None:
        super().__init__(message or _("该事项已被他人修改（可能刚被销号或重新打开），请刷新后重试"))


class EvidenceRefused(CloseoutError):
    """Not a photo or document we keep, too large, or too many."""


def standing_of(is_closed: bool, deadline: datetime.date | None, today: datetime.date) -> str:
    """closed, overdue, due_soon (deadline within 7 days) or on_track."""
    if is_closed:
        return "closed"
    if deadline is None:
        return "on_track"
    if deadline < today:
        return "overdue"
    if deadline <= today + DUE_SOON:
        return "due_soon"
    return "on_track"


# --- the tables' fields ---------------------------------------------------------------------


class CloseoutItem(models.Model):
    """An item tracked until closed out: deadline, progress, status, close-out, version."""

    deadline = models.DateField("完成时限")
    progress = models.PositiveSmallIntegerField("最新进度（%）", default=0)
    status = models.CharField(
        "状态", max_length=10, choices=CloseoutStatus.choices, default=CloseoutStatus.OPEN
    )
    closed_on = models.DateField("销号日期", null=True, blank=True)
    closed_by = models.ForeignKey(
        "accounts.Account",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="销号确认人",
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        abstract = True

    @property
    def is_closed(self) -> bool:
        return self.status == CloseoutStatus.CLOSED

    def standing(self, today: datetime.date) -> str:
        """closed, overdue, due_soon (deadline within 7 days) or on_track."""
        return standing_of(self.is_closed, self.deadline, today)


class CloseoutProgress(models.Model):
    """One dated line of an item's progress log: a percentage and a note."""

    percent = models.PositiveSmallIntegerField("进度（%）")
    note = models.CharField("进展说明", max_length=500, blank=True)
    on = models.DateField("日期")
    at = models.DateTimeField("填报时间", auto_now_add=True)
    by = models.ForeignKey(
        "accounts.Account",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="填报人",
    )
    by_name = models.CharField("填报人", max_length=150, blank=True)

    class Meta:
        abstract = True
        ordering = ["at", "id"]


class CloseoutEvidence(models.Model):
    """A photo or document proving an item done (销号佐证), served only within scope.

    The concrete table names its own ``file`` field when it keeps files elsewhere."""

    file = models.FileField("佐证材料", upload_to="closeout/evidence/%Y/%m")
    name = models.CharField("文件名", max_length=200)
    content_type = models.CharField(max_length=100)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(
        "accounts.Account", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        abstract = True
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_photo(self) -> bool:
        return self.content_type.startswith("image/")


class CloseoutChange(models.Model):
    """A change of an item's state: who, when, from, to (and why, with which evidence)."""

    at = models.DateTimeField("时间", auto_now_add=True)
    on = models.DateField("日期")
    actor = models.ForeignKey(
        "accounts.Account", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_name = models.CharField("操作人", max_length=150, blank=True)
    from_status = models.CharField("原状态", max_length=10, blank=True)
    to_status = models.CharField("新状态", max_length=10)
    note = models.CharField("说明", max_length=500, blank=True)
    evidence_ids = models.JSONField("佐证材料", default=list, blank=True)

    class Meta:
        abstract = True
        ordering = ["at", "id"]


# --- the actions ------------------------------------------------------------------------------


def evidence_type(upload: Any, *, refused: type[Exception] = EvidenceRefused) -> tuple[str, str]:
    """The extension and content type of an uploaded photo or document, by its first bytes."""
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_EVIDENCE_BYTES:
        raise refused(_("文件不能超过 20 MB"))
    head = upload.read(16)
    upload.seek(0)
    for magic, extension, content_type in _IMAGE_TYPES:
        if head.startswith(magic):
            return extension, content_type
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp", "image/webp"
    if head.startswith(b"%PDF-"):
        return "pdf", "application/pdf"
    suffix = str(getattr(upload, "name", "")).rsplit(".", 1)[-1].lower()
    if head.startswith(b"PK\x03\x04") and suffix in ("docx", "xlsx", "pptx"):
        return suffix, _OFFICE_TYPES[suffix]
    if head.startswith(b"\xd0\xcf\x11\xe0") and suffix in ("doc", "xls"):
        return suffix, _OFFICE_TYPES[suffix]
    raise refused(_("只能上传照片（JPEG、PNG、WebP）或文档（PDF、Word、Excel）"))


def account_of(actor: Any) -> Any:
    """The account behind ``actor``, or None for the system (an import, a listener)."""
    return actor if getattr(actor, "pk", None) else None


def name_of(actor: Any) -> str:
    if account_of(actor) is None:
        return SYSTEM_NAME
    return str(getattr(actor, "display_name", "") or actor.get_username())[:150]


def today() -> datetime.date:
    return timezone.localdate()


@dataclass(frozen=True)
class Words:
    """The messages that name the kind of item (承诺事项, 任务, 决议事项), in ``_()`` at the
    app: each is a callable so it is translated when raised, in the user's language."""

    closed_no_progress: Callable[[], str]
    evidence_not_item: Callable[[], str]
    already_closed: Callable[[], str]
    not_closed: Callable[[], str]
    too_much_evidence: Callable[[int], str]


@dataclass(frozen=True)
class Ledger:
    """Which tables make up one kind of item's ledger, and how its records are named.

    ``link`` is the name of the foreign key from the progress, evidence and change tables to
    the item; ``node`` gives the org node an item's audit records hang on; ``audit_key`` names
    the item's id in the audit detail (``"pairing_task_id"``); ``record`` is the audit log's
    ``record``, passed in by the app so that the kernel imports no app.
    """

    item: type[models.Model]
    progress: type[models.Model]
    evidence: type[models.Model]
    change: type[models.Model]
    link: str
    node: Callable[[Any], Any]
    record: Callable[..., Any]
    audit_changed: str
    audit_progress: str
    audit_key: str
    file_prefix: str
    words: Words
    error: type[Exception] = CloseoutError
    stale: type[Exception] = StaleItem
    refused: type[Exception] = EvidenceRefused
    max_evidence: int = MAX_EVIDENCE
    related: tuple[str, ...] = ()  # select_related when an item is locked for its progress

    # --- records ---------------------------------------------------------------------------

    def target(self, item: Any) -> str:
        return f"{item.text[:150]}（#{item.pk}）"[:200]

    def audit(self, action: str, actor: Any, item: Any, **detail: Any) -> None:
        self.record(
            action,
            actor=account_of(actor),
            username="" if account_of(actor) else SYSTEM_NAME,
            node=self.node(item),
            target=self.target(item),
            **{self.audit_key: item.pk},
            **detail,
        )

    def log_change(
        self,
        item: Any,
        *,
        actor: Any,
        from_status: str,
        to_status: str,
        on: datetime.date,
        note: str = "",
        evidence_ids: Iterable[int] = (),
    ) -> Any:
        """Write the change row and its audit record."""
        change = self.change._default_manager.create(
            **{self.link: item},
            on=on,
            actor=account_of(actor),
            actor_name=name_of(actor),
            from_status=from_status,
            to_status=to_status,
            note=note[:500],
            evidence_ids=sorted(evidence_ids),
        )
        self.audit(
            self.audit_changed, actor, item, status=[from_status, to_status], on=on.isoformat()
        )
        return change

    def opened(self, item: Any, *, actor: Any) -> Any:
        """The first change of a new item: "" → open."""
        return self.log_change(
            item, actor=actor, from_status="", to_status=CloseoutStatus.OPEN, on=today()
        )

    # --- progress and evidence -------------------------------------------------------------

    def record_progress(
        self,
        item: Any,
        *,
        percent: int,
        note: str = "",
        actor: Any = None,
        on: datetime.date | None = None,
    ) -> Any:
        """Add a dated line to the item's progress log (0–100 %); not on a closed item."""
        if not 0 <= percent <= 100:
            raise self.error(_("进度应在0到100之间"))
        manager = self.item._default_manager
        current = manager.select_for_update().select_related(*self.related).get(pk=item.pk)
        if current.is_closed:
            raise self.error(self.words.closed_no_progress())
        entry = self.progress._default_manager.create(
            **{self.link: current},
            percent=percent,
            note=note.strip()[:500],
            on=on or today(),
            by=account_of(actor),
            by_name=name_of(actor),
        )
        manager.filter(pk=current.pk).update(progress=percent)
        self.audit(self.audit_progress, actor, current, percent=percent)
        return entry

    def add_evidence(self, item: Any, *, upload: Any, actor: Any = None) -> Any:
        """Keep one photo or document as evidence for the item, under the data directory."""
        extension, content_type = evidence_type(upload, refused=self.refused)
        if self.evidence._default_manager.filter(**{self.link: item}).count() >= (
            self.max_evidence
        ):
            raise self.refused(self.words.too_much_evidence(self.max_evidence))
        name = str(getattr(upload, "name", "") or f"evidence.{extension}")[-200:]
        evidence = self.evidence(
            **{self.link: item},
            name=name,
            content_type=content_type,
            uploaded_by=account_of(actor),
        )
        file_name = f"{self.file_prefix}-{item.pk}-{uuid.uuid4().hex[:8]}.{extension}"
        evidence.file.save(file_name, upload, save=False)
        evidence.save()
        return evidence

    # --- close-out and reopening -----------------------------------------------------------

    def move(self, item: Any, *, version: int, to_status: str, **fields: Any) -> Any:
        """Move the item to ``to_status`` if nobody moved it since ``version``."""
        manager = self.item._default_manager
        current = manager.select_for_update().get(pk=item.pk)
        if current.version != version:
            raise self.stale()
        moved = manager.filter(pk=current.pk, version=version).update(
            status=to_status, version=F("version") + 1, **fields
        )
        if not moved:
            raise self.stale()
        current.refresh_from_db()
        return current

    def close(
        self,
        item: Any,
        *,
        version: int,
        evidence_ids: Iterable[int],
        actor: Any,
        note: str = "",
        on: datetime.date | None = None,
    ) -> Any:
        """Close the item out (销号) with at least one of its own evidence files."""
        ids = {int(i) for i in evidence_ids}
        if not ids:
            raise self.error(_("销号须附至少一份佐证材料（照片或文档）"))
        found = set(
            self.evidence._default_manager.filter(
                **{f"{self.link}_id": item.pk}, pk__in=ids
            ).values_list("pk", flat=True)
        )
        if found != ids:
            raise self.error(self.words.evidence_not_item())
        manager = self.item._default_manager
        if manager.filter(pk=item.pk, status=CloseoutStatus.CLOSED, version=version).exists():
            raise self.error(self.words.already_closed())
        day = on or today()
        current = self.move(
            item,
            version=version,
            to_status=CloseoutStatus.CLOSED,
            closed_on=day,
            closed_by=account_of(actor),
        )
        self.log_change(
            current,
            actor=actor,
            from_status=CloseoutStatus.OPEN,
            to_status=CloseoutStatus.CLOSED,
            on=day,
            note=note,
            evidence_ids=ids,
        )
        return current

    def reopen(self, item: Any, *, version: int, reason: str, actor: Any) -> Any:
        """Reopen a closed item, with the reason; logged and audited like the close-out."""
        if not reason.strip():
            raise self.error(_("请说明重新打开的原因"))
        manager = self.item._default_manager
        if manager.filter(pk=item.pk, status=CloseoutStatus.OPEN, version=version).exists():
            raise self.error(self.words.not_closed())
        current = self.move(
            item, version=version, to_status=CloseoutStatus.OPEN, closed_on=None, closed_by=None
        )
        self.log_change(
            current,
            actor=actor,
            from_status=CloseoutStatus.CLOSED,
            to_status=CloseoutStatus.OPEN,
            on=today(),
            note=reason.strip(),
        )
        return current
