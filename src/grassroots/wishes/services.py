"""Writes to micro-wishes: each a named action owning its transaction, history and audit record.

The community posts a wish (``post_wish``), a member or a paired unit claims it
(``claim_wish``) and fulfils it with a photo (``fulfil_wish``); the community confirms
(``confirm_wish``), returns the fulfilment (``return_fulfilment``) or cancels the wish
(``cancel_wish``). Each move is a conditional update on the wish's ``status`` and ``version``:
of two people moving the same wish at once (two claims, above all) one wins and the other gets
``StaleWish``, and nothing is overwritten. Every move writes a ``WishChange`` and an audit
record.
"""

from __future__ import annotations

import re
import uuid
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from grassroots.audit.services import record
from grassroots.demands.services.actions import MAX_PHOTO_BYTES, photo_type
from grassroots.kernel.permissions import has_permission
from grassroots.members.models import Member
from grassroots.org.models import OrgNode
from grassroots.pairing.models import PairedUnit, Pairing
from grassroots.registry.choices import Relation
from grassroots.registry.models import Household
from grassroots.wishes.models import Wish, WishChange, WishPhoto, WishStatus
from grassroots.wishes.plugin import MANAGE_WISHES

AUDIT_ACTION = "wish_changed"  # 微心愿状态变更
SYSTEM_NAME = "系统"
MAX_VALUE = Decimal("99999.99")
MAX_PHOTOS_PER_WISH = 9
# Seven digits in a row: a phone number (landline or mobile) or an ID number, never a wish.
_PERSONAL_DIGITS = re.compile(r"\d{7,}")
# Two-character surnames common enough to meet in a registry; every other surname is one.
_COMPOUND_SURNAMES = (
    "欧阳",
    "司马",
    "诸葛",
    "上官",
    "东方",
    "皇甫",
    "令狐",
    "慕容",
    "司徒",
    "夏侯",
    "尉迟",
    "公孙",
    "长孙",
    "宇文",
    "端木",
    "独孤",
)


class WishError(ValueError):
    """A wish write that cannot be made; the message says why, in the user's language, and
    ``field`` names the form field it is about (None: the whole form)."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class StaleWish(WishError):
    """Someone else moved the wish after it was loaded."""

    def __init__(self, message: str = "") -> None:
        super().__init__(message or _("该微心愿已被他人处理，请刷新后重试"))


class PhotoRefused(WishError):
    """Not a JPEG, PNG or WebP photo, too large, or too many on one wish."""


def _account(actor: Any) -> Any:
    return actor if getattr(actor, "pk", None) else None


def _name(actor: Any) -> str:
    if _account(actor) is None:
        return SYSTEM_NAME
    return str(getattr(actor, "display_name", "") or actor.get_username())[:150]


def _log(wish: Wish, *, actor: Any, from_status: str, to_status: str, note: str = "") -> None:
    WishChange.objects.create(
        wish=wish,
        actor=_account(actor),
        actor_name=_name(actor),
        from_status=from_status,
        to_status=to_status,
        note=note[:300],
    )
    record(
        AUDIT_ACTION,
        actor=_account(actor),
        username="" if _account(actor) else SYSTEM_NAME,
        node=wish.community,
        target=f"{wish.text[:150]}（#{wish.pk}）",
        wish_id=wish.pk,
        status=[from_status, to_status],
    )


# --- posting ------------------------------------------------------------------------------


def surname_of(name: str) -> str:
    """The surname of a Chinese name: a known two-character one, else the first character."""
    name = name.strip()
    for compound in _COMPOUND_SURNAMES:
        if name.startswith(compound) and len(name) > len(compound):
            return compound
    return name[:1]


def recipient_of(household: Household) -> str:
    """How a claimer is told whom the wish is for: the head's surname and 先生 or 女士."""
    return recipient_among(list(household.residents.order_by("pk")))


def recipient_among(residents: list[Any]) -> str:
    """``recipient_of`` for a household's residents already at hand (in bulk)."""
    head = next((r for r in residents if r.relation == Relation.HEAD), None)
    head = head or (residents[0] if residents else None)
    if head is None or not surname_of(head.name):
        return "住户"
    return surname_of(head.name) + ("女士" if head.gender == "F" else "先生")


def place_of(household: Household) -> str:
    """Where the household lives, to the building: never the unit or the door."""
    building = household.room.building
    return f"{building.estate.name} {building.name}"[:160]


def check_text(text: str) -> str:
    """The wish's text, trimmed; refused when empty or holding what looks like an ID number or
    a phone number (the text is shown to every member of the community)."""
    text = " ".join(text.split())
    if not text:
        raise WishError(_("请填写心愿内容"), field="text")
    if _PERSONAL_DIGITS.search(text):
        raise WishError(_("心愿内容不能包含电话号码、身份证号等个人信息"), field="text")
    return text[:200]


@transaction.atomic
def post_wish(
    *,
    household: Household,
    text: str,
    value: Decimal,
    actor: Any,
    category: str = "",
) -> Wish:
    """Post a wish for a household living in the actor's community (发布微心愿)."""
    if not has_permission(actor, MANAGE_WISHES):
        raise WishError(_("只有社区（村）党组织书记或上级可以发布微心愿"))
    if household.ended_on is not None:
        raise WishError(_("该户已迁出，不能发布微心愿"), field="household")
    if value is None or value < 0 or value > MAX_VALUE:
        raise WishError(_("心愿价值须在 0 至 99999.99 元之间"), field="value")
    grid = household.grid
    community = OrgNode.objects.get_parent(grid) or grid
    wish = Wish.objects.create(
        household=household,
        grid=grid,
        community=community,
        text=check_text(text),
        value=value.quantize(Decimal("0.01")),
        category=category,
        recipient=recipient_of(household),
        place=place_of(household),
        created_by=_account(actor),
    )
    _log(wish, actor=actor, from_status="", to_status=WishStatus.OPEN)
    return wish


# --- moves --------------------------------------------------------------------------------


def _move(
    wish: Wish, *, version: int, from_statuses: tuple[str, ...], to_status: str, **fields: Any
) -> Wish:
    """Move the wish to ``to_status`` if it is still in one of ``from_statuses`` at ``version``;
    the one conditional UPDATE is what lets only one of two claims made at once win."""
    moved = Wish.objects.filter(pk=wish.pk, version=version, status__in=from_statuses).update(
        status=to_status, version=F("version") + 1, **fields
    )
    if not moved:
        current = Wish.objects.filter(pk=wish.pk).values_list("status", flat=True).first()
        if current == WishStatus.CLAIMED and to_status == WishStatus.CLAIMED:
            raise StaleWish(_("该微心愿刚刚已被他人认领，请选择其他心愿"))
        if current == WishStatus.CANCELLED:
            raise StaleWish(_("该微心愿已被社区取消"))
        raise StaleWish
    wish.refresh_from_db()
    return wish


def member_of(actor: Any) -> Member | None:
    """The roster row of the actor's own person, if any."""
    if _account(actor) is None or not getattr(actor, "person_id", None):
        return None
    return Member.objects.filter(person_id=actor.person_id).select_related("grid").first()


def claimable_units(actor: Any, wish: Wish) -> list[PairedUnit]:
    """The actor's units that pair with the wish's community today."""
    if _account(actor) is None:
        return []
    paired = Pairing.objects.active_on(timezone.localdate()).filter(community_id=wish.community_id)
    return list(
        PairedUnit.objects.filter(liaisons=actor, pk__in=paired.values("unit_id"))
        .distinct()
        .order_by("code")
    )


def member_may_claim(member: Member | None, wish: Wish) -> bool:
    """Whether a roster member lives in the wish's community."""
    if member is None:
        return False
    return member.grid.path[: -OrgNode.steplen] == wish.community.path


@transaction.atomic
def claim_wish(wish: Wish, *, version: int, actor: Any, unit: PairedUnit | None = None) -> Wish:
    """Claim an open wish (认领): as the actor's own membership, or for one of the actor's
    units paired with the wish's community."""
    fields: dict[str, Any] = {"claimed_by_member": None, "claimed_by_unit": None}
    if unit is not None:
        if unit not in claimable_units(actor, wish):
            raise WishError(_("只能为与该社区结对的本单位认领"))
        fields["claimed_by_unit"] = unit
    else:
        member = member_of(actor)
        if not member_may_claim(member, wish):
            raise WishError(_("只有本社区党员名册上的党员可以认领"))
        fields["claimed_by_member"] = member
    current = _move(
        wish,
        version=version,
        from_statuses=(WishStatus.OPEN,),
        to_status=WishStatus.CLAIMED,
        claimed_by_account=_account(actor),
        claimed_at=timezone.now(),
        **fields,
    )
    _log(current, actor=actor, from_status=WishStatus.OPEN, to_status=WishStatus.CLAIMED)
    return current


def is_claimer(actor: Any, wish: Wish) -> bool:
    """Whether the actor claimed the wish: its member, or a liaison of its unit."""
    if _account(actor) is None:
        return False
    if wish.claimed_by_member_id:
        return wish.claimed_by_member.person_id == getattr(actor, "person_id", None)  # type: ignore[union-attr]
    if wish.claimed_by_unit_id:
        return wish.claimed_by_unit.liaisons.filter(pk=actor.pk).exists()  # type: ignore[union-attr]
    return False


def check_photo(upload: Any) -> str:
    """The content type of an uploaded photo, read from its first bytes (never its name); a
    file that is not really a JPEG, PNG or WebP image, or is too large, is refused."""
    if upload is None:
        raise PhotoRefused(_("请上传完成照片"))
    if upload.size > MAX_PHOTO_BYTES:
        raise PhotoRefused(_("照片不能超过 8 MB"))
    head = upload.read(32)
    upload.seek(0)
    kind = photo_type(head)
    well_formed = {
        "image/png": head[12:16] == b"IHDR",
        "image/jpeg": len(head) > 3 and 0xC0 <= head[3] <= 0xFE,
        "image/webp": head[12:15] == b"VP8",
    }
    if kind is None or not well_formed[kind]:
        raise PhotoRefused(_("只能上传 JPEG、PNG 或 WebP 格式的照片"))
    return kind


@transaction.atomic
def fulfil_wish(wish: Wish, *, version: int, upload: Any, actor: Any, note: str = "") -> Wish:
    """Report a claimed wish fulfilled with a photo (已完成待确认); only its claimer may."""
    if not is_claimer(actor, wish):
        raise WishError(_("只有认领人可以上传完成照片"))
    kind = check_photo(upload)
    if wish.photos.count() >= MAX_PHOTOS_PER_WISH:
        raise PhotoRefused(_("每个微心愿最多 %(n)d 张照片") % {"n": MAX_PHOTOS_PER_WISH})
    current = _move(
        wish,
        version=version,
        from_statuses=(WishStatus.CLAIMED,),
        to_status=WishStatus.FULFILLED,
        fulfilled_at=timezone.now(),
    )
    extension = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}[kind]
    photo = WishPhoto(wish=current, content_type=kind, uploaded_by=_account(actor))
    photo.image.save(f"wish-{current.pk}-{uuid.uuid4().hex[:8]}.{extension}", upload, save=False)
    photo.save()
    _log(
        current,
        actor=actor,
        from_status=WishStatus.CLAIMED,
        to_status=WishStatus.FULFILLED,
        note=note,
    )
    return current


def _require_manager(actor: Any) -> None:
    if not has_permission(actor, MANAGE_WISHES):
        raise WishError(_("只有社区（村）党组织书记或上级可以办理"))


@transaction.atomic
def confirm_wish(wish: Wish, *, version: int, actor: Any, note: str = "") -> Wish:
    """Confirm a fulfilment (确认完成), after seeing its photo."""
    _require_manager(actor)
    current = _move(
        wish,
        version=version,
        from_statuses=(WishStatus.FULFILLED,),
        to_status=WishStatus.CONFIRMED,
        confirmed_at=timezone.now(),
    )
    _log(
        current,
        actor=actor,
        from_status=WishStatus.FULFILLED,
        to_status=WishStatus.CONFIRMED,
        note=note,
    )
    return current


def _reason(reason: str) -> str:
    reason = " ".join(reason.split())
    if not reason:
        raise WishError(_("请填写原因"), field="reason")
    return reason


@transaction.atomic
def return_fulfilment(wish: Wish, *, version: int, actor: Any, reason: str) -> Wish:
    """Send a fulfilment back to its claimer (退回), with the reason: the wish is claimed
    again and waits for a new photo; the returned photo stays on record."""
    _require_manager(actor)
    reason = _reason(reason)
    current = _move(
        wish,
        version=version,
        from_statuses=(WishStatus.FULFILLED,),
        to_status=WishStatus.CLAIMED,
        fulfilled_at=None,
    )
    _log(
        current,
        actor=actor,
        from_status=WishStatus.FULFILLED,
        to_status=WishStatus.CLAIMED,
        note=reason,
    )
    return current


@transaction.atomic
def cancel_wish(wish: Wish, *, version: int, actor: Any, reason: str) -> Wish:
    """Cancel a wish not yet confirmed (取消), with the reason; its claimer keeps seeing it."""
    _require_manager(actor)
    reason = _reason(reason)
    before = wish.status
    current = _move(
        wish,
        version=version,
        from_statuses=(WishStatus.OPEN, WishStatus.CLAIMED, WishStatus.FULFILLED),
        to_status=WishStatus.CANCELLED,
    )
    _log(current, actor=actor, from_status=before, to_status=WishStatus.CANCELLED, note=reason)
    return current
