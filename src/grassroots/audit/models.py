"""The append-only audit log (审计日志): who did what, when, from where, with what outcome."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

from grassroots.audit import chain
from grassroots.kernel.db.around import written_around_orm
from grassroots.kernel.plugins import installed_plugins
from grassroots.kernel.scope import ScopedManager, scoped


class Outcome(models.TextChoices):
    SUCCESS = "success", "成功"
    FAILURE = "failure", "失败"


class Action(models.TextChoices):
    SIGN_IN = "sign_in", "登录"
    SIGN_IN_FAILED = "sign_in_failed", "登录失败"
    ACCOUNT_LOCKED = "account_locked", "账号锁定"
    SIGN_OUT = "sign_out", "退出登录"
    SESSION_EXPIRED = "session_expired", "会话超时"
    PASSWORD_CHANGED = "password_changed", "修改密码"
    TOKEN_CREATED = "token_created", "创建令牌"
    TOKEN_REVOKED = "token_revoked", "撤销令牌"
    # Two-factor sign-in (两步验证)
    TWO_FACTOR_ENROLLED = "two_factor_enrolled", "启用两步验证"
    TWO_FACTOR_VERIFIED = "two_factor_verified", "两步验证通过"
    TWO_FACTOR_FAILED = "two_factor_failed", "两步验证失败"
    RECOVERY_CODE_USED = "recovery_code_used", "使用恢复码"
    RECOVERY_CODES_REGENERATED = "recovery_codes_regenerated", "更换恢复码"
    TWO_FACTOR_RESET = "two_factor_reset", "重置两步验证"
    ACCOUNT_CREATED = "account_created", "创建账号"
    ROLE_CHANGED = "role_changed", "角色变更"
    PERSONAL_DATA_VIEWED = "personal_data_viewed", "查看完整个人信息"
    PERSONAL_DATA_EXPORTED = "personal_data_exported", "导出个人信息"
    PERSON_CREATED = "person_created", "新增人员"
    PERSON_CHANGED = "person_changed", "修改人员信息"
    ORG_IMPORTED = "org_imported", "导入组织架构"
    ORG_NODE_CHANGED = "org_node_changed", "组织节点变更"
    # Registry, building sweeps (人口房屋登记、扫楼)
    RESIDENT_CREATED = "resident_created", "登记居民"
    RESIDENT_CHANGED = "resident_changed", "修改居民信息"
    RESIDENT_MOVED = "resident_moved", "居民迁入迁出"
    ROOM_CHANGED = "room_changed", "房屋信息变更"
    REGISTRY_IMPORTED = "registry_imported", "导入人口房屋"
    REGISTRY_EXPORTED = "registry_exported", "导出人口房屋"
    SWEEP_CAMPAIGN_CHANGED = "sweep_campaign_changed", "扫楼任务变更"
    SWEEP_VISIT_RECORDED = "sweep_visit_recorded", "记录入户走访"
    HAZARD_CHANGED = "hazard_changed", "隐患状态变更"
    # Residents' demands (民情诉求)
    DEMAND_CREATED = "demand_created", "登记诉求"
    DEMAND_TRANSITIONED = "demand_transitioned", "诉求流转"
    DEMAND_IMPORTED = "demand_imported", "导入诉求"
    DEMAND_EXPORTED = "demand_exported", "导出诉求"
    # Training classes (培训班)
    TRAINING_CLASS_CHANGED = "training_class_changed", "培训班变更"
    TRAINING_ATTENDANCE = "training_attendance", "培训签到"
    TRAINING_SPEECH_CHANGED = "training_speech_changed", "讨论发言变更"
    TRAINING_BRIEF_PUBLISHED = "training_brief_published", "生成简报"
    # Two-committee cadres (两委)
    CADRE_ROSTER_IMPORTED = "cadre_roster_imported", "导入两委名册"
    CADRE_MEMBER_CHANGED = "cadre_member_changed", "两委成员变更"
    CADRE_REPORT_EXPORTED = "cadre_report_exported", "导出两委报告"
    # Pairing co-construction (结对共建)
    PAIRING_IMPORTED = "pairing_imported", "导入结对共建"
    AGREEMENT_CHANGED = "agreement_changed", "共建协议变更"
    PLEDGE_CHANGED = "pledge_changed", "承诺事项变更"
    PLEDGE_PROGRESS = "pledge_progress", "填报承诺进度"
    PAIRING_PROBLEM_ADDED = "pairing_problem_added", "登记问题清单"
    PAIRING_TASK_CHANGED = "pairing_task_changed", "任务清单变更"
    PAIRING_TASK_PROGRESS = "pairing_task_progress", "填报任务进度"
    PAIRING_VISIT_RECORDED = "pairing_visit_recorded", "记录走访调研"
    PAIRING_VISIT_ANSWERED = "pairing_visit_answered", "走访调研评价"
    # Group-rental campaigns (群租房整治)
    RENTAL_CAMPAIGN_OPENED = "rental_campaign_opened", "开展群租房整治"
    RENTAL_CASE_CHANGED = "rental_case_changed", "群租房整治状态变更"
    RENTAL_ACTION_RECORDED = "rental_action_recorded", "记录群租房整治措施"
    RENTAL_ACTIONS_IMPORTED = "rental_actions_imported", "导入群租房整治措施"
    # Party members at work (党员作用发挥)
    MEMBERS_IMPORTED = "members_imported", "导入党员名册"
    MEMBER_LINKS_IMPORTED = "member_links_imported", "导入一联十联系户"
    BACKUP = "backup", "备份"
    RESTORE = "restore", "恢复"
    AUDIT_ARCHIVED = "audit_archived", "归档审计日志"


class AppendOnlyError(RuntimeError):
    """Audit records are never changed or removed once written."""


def action_choices() -> list[tuple[str, str]]:
    """Every audit action: the platform's own, then those the installed modules declare in
    their plugins (``audit_actions``), so a module names its actions without this file."""
    declared = [pair for p in installed_plugins() for pair in p.audit_actions]
    return [*Action.choices, *declared]


def action_labels() -> dict[str, str]:
    return dict(action_choices())


@scoped(node="node")
class AuditEvent(models.Model):
    """One audit record. The database refuses UPDATE and DELETE on this table (see migrations);
    ``seq`` and ``digest`` chain it to the record before it (``chain.py``)."""

    # Set when the record is made, not by the INSERT: the digest, computed first, covers it.
    at = models.DateTimeField("时间", default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        "accounts.Account",
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
        verbose_name="操作人",
    )
    username = models.CharField("账号", max_length=150, blank=True)
    node = models.ForeignKey(
        "org.OrgNode",
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
        verbose_name="所属单位",
    )
    action = models.CharField("事件", max_length=40, choices=Action.choices, db_index=True)
    outcome = models.CharField("结果", max_length=10, choices=Outcome.choices)
    address = models.GenericIPAddressField("地址", null=True, blank=True)
    target = models.CharField("对象", max_length=200, blank=True)
    detail = models.JSONField("详情", default=dict, blank=True)
    seq = models.BigIntegerField("序号", null=True, blank=True, unique=True, editable=False)
    digest = models.CharField("校验值", max_length=64, blank=True, default="", editable=False)

    objects = ScopedManager()

    class Meta:
        verbose_name = "审计记录"
        verbose_name_plural = "审计记录"
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.username} {self.get_action_display()}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AppendOnlyError("audit records cannot be changed")
        with linked(self):
            super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise AppendOnlyError("audit records cannot be deleted")

    def get_action_display(self) -> str:
        return action_labels().get(self.action, self.action)


class ChainHead(models.Model):
    """The one row (id 1) holding the end of the audit chain and where it starts (``chain.py``).

    Written only with raw SQL under its row lock; ``mac`` seals it, so the chain's end cannot be
    moved back over removed records without the key."""

    seq = models.BigIntegerField(default=0)
    digest = models.CharField(max_length=64, default=chain.GENESIS)
    anchor_seq = models.BigIntegerField(default=0)
    anchor_digest = models.CharField(max_length=64, default=chain.GENESIS)
    mac = models.CharField(max_length=64, blank=True, default="")

    class Meta:
        verbose_name = "审计链"
        verbose_name_plural = "审计链"

    def __str__(self) -> str:
        return f"{self.anchor_seq + 1}–{self.seq}"


# --- appending to the chain -------------------------------------------------------------------
# Here beside the model whose save() uses them: every append runs under the head row's lock.


@contextmanager
def locked_head() -> Iterator[tuple[Any, chain.Head]]:
    """Within a transaction, the head row locked against every other writer of the log."""
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        head = chain.read_head(cursor, lock=True) or chain.missing_head(cursor)
        yield cursor, head


@contextmanager
def linked(event: Any) -> Iterator[None]:
    """Around the INSERT of a new record: number it, chain it, then move the head onto it."""
    with locked_head() as (cursor, head):
        event.seq = head.seq + 1
        event.digest = chain.digest_of(chain.values_of(event), head.digest)
        yield
        chain.write_head(
            cursor,
            chain.Head(event.seq, event.digest, head.anchor_seq, head.anchor_digest).sealed(),
        )


# audit.services.append writes each record with one INSERT written once (kernel/db/rows.py),
# inside linked(), as save() does.
written_around_orm(
    AuditEvent, reviewed_save="refuses changes; chains an INSERT as services.append does"
)
