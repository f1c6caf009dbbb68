"""Other writes to demands: supervision (督办), repeat reports, tasks, and overdue reminders.

Like the moves in ``services/__init__.py``, each owns its transaction and leaves a history row.
"""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from grassroots.audit.models import Action
from grassroots.audit.services import record
from grassroots.demands.models import Demand, DemandEvent, DemandPhoto, DemandTask, EventKind
from grassroots.demands.services import account_of, actor_name_of


def _event(demand: Demand, kind: str, actor: Any, note: str, now: datetime.datetime) -> DemandEvent:
    return DemandEvent.objects.create(
        demand=demand,
        kind=kind,
        at=now,
        actor=account_of(actor),
        actor_name=actor_name_of(actor),
        from_status=demand.status,
        to_status=demand.status,
        note=note[:500],
        unit=demand.owner_unit,
    )


@transaction.atomic
def supervise_demand(
    demand: Demand,
    *,
    due: datetime.datetime,
    note: str,
    actor: Any,
    request: HttpRequest | None = None,
    now: datetime.datetime | None = None,
) -> Demand:
    """Put a demand on the supervised list (督办) with its own deadline."""
    now = now or timezone.now()
    Demand.objects.filter(pk=demand.pk).update(
        supervised_at=now,
        supervision_due=due,
        supervision_note=note.strip()[:200],
        version=F("version") + 1,
    )
    demand.refresh_from_db()
    _event(
        demand,
        EventKind.SUPERVISION,
        actor,
        _("督办，限 %(due)s 前办结：%(note)s")
        % {"due": timezone.localtime(due).strftime("%Y-%m-%d %H:%M"), "note": note},
        now,
    )
    record(
        Action.DEMAND_TRANSITIONED,
        actor=account_of(actor),
        request=request,
        node=demand.grid,
        target=f"{demand.code}（#{demand.pk}）",
        demand_id=demand.pk,
        supervised=True,
    )
    return demand


@transaction.atomic
def record_repeat(
    demand: Demand,
    *,
    reporter_name: str,
    note: str,
    actor: Any,
    now: datetime.datetime | None = None,
) -> Demand:
    """Link a new report to an existing demand instead of recording it twice."""
    now = now or timezone.now()
    Demand.objects.filter(pk=demand.pk).update(repeat_count=F("repeat_count") + 1)
    demand.refresh_from_db()
    who = reporter_name.strip() or _("群众")
    _event(
        demand,
        EventKind.REPEAT,
        actor,
        _("%(who)s再次反映：%(note)s") % {"who": who, "note": note.strip()},
        now,
    )
    return demand


@transaction.atomic
def add_task(
    demand: Demand,
    *,
    action: str,
    assignee: str,
    due: datetime.datetime,
    actor: Any,
    now: datetime.datetime | None = None,
) -> DemandTask:
    """Add one action with a deadline to the demand's tasks (任务清单)."""
    now = now or timezone.now()
    task = DemandTask.objects.create(
        demand=demand, action=action.strip()[:200], assignee=assignee.strip()[:50], due=due
    )
    _event(demand, EventKind.TASK, actor, _("新增任务：%(action)s") % {"action": task.action}, now)
    return task


@transaction.atomic
def complete_task(
    task: DemandTask, *, actor: Any, now: datetime.datetime | None = None
) -> DemandTask:
    """Mark a task done; doing it twice changes nothing."""
    now = now or timezone.now()
    if DemandTask.objects.filter(pk=task.pk, done_at__isnull=True).update(done_at=now):
        _event(
            task.demand,
            EventKind.TASK,
            actor,
            _("任务完成：%(action)s") % {"action": task.action},
            now,
        )
    task.refresh_from_db()
    return task


PHOTO_TYPES = {
    b"\xff\xd8\xff": "image/jpeg",
    b"\x89PNG\r\n\x1a\n": "image/png",
    b"RIFF": "image/webp",
}
MAX_PHOTO_BYTES = 8 * 1024 * 1024
MAX_PHOTOS = 9


class PhotoRefused(ValueError):
    """Not a JPEG, PNG or WebP photo, too large, or too many on one demand."""


def photo_type(head: bytes) -> str | None:
    for magic, kind in PHOTO_TYPES.items():
        if head.startswith(magic) and (kind != "image/webp" or head[8:12] == b"WEBP"):
            return kind
    return None


def check_photo(upload: Any) -> str:
    """The photo's type, read from its first bytes (not its name); refused when it is no JPEG,
    PNG or WebP, or too large. Forms ask it first, so nothing is recorded with a bad photo."""
    if upload.size > MAX_PHOTO_BYTES:
        raise PhotoRefused(_("照片不能超过 8 MB"))
    kind = photo_type(upload.read(16))
    upload.seek(0)
    if kind is None:
        raise PhotoRefused(_("只能上传 JPEG、PNG 或 WebP 格式的照片"))
    return kind


@transaction.atomic
def add_photo(demand: Demand, *, upload: Any, actor: Any) -> DemandPhoto:
    """Keep one uploaded photo; its type is read from its first bytes, not its name."""
    kind = check_photo(upload)
    if demand.photos.count() >= MAX_PHOTOS:
        raise PhotoRefused(_("每条诉求最多 %(n)d 张照片") % {"n": MAX_PHOTOS})
    extension = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}[kind]
    photo = DemandPhoto(demand=demand, content_type=kind, uploaded_by=account_of(actor))
    photo.image.save(f"{demand.code}-{uuid.uuid4().hex[:8]}.{extension}", upload, save=False)
    photo.save()
    return photo


@transaction.atomic
def remind(demand: Demand, *, reason: str, now: datetime.datetime) -> bool:
    """Record an overdue reminder (催办), at most once a day per demand."""
    since = now - datetime.timedelta(days=1)
    rows = Demand.objects.filter(pk=demand.pk).exclude(last_reminded_at__gt=since)
    if not rows.update(last_reminded_at=now):
        return False
    _event(demand, EventKind.REMINDER, None, reason, now)
    return True
