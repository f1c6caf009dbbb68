"""What training classes add (培训班与简报)."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from grassroots.kernel.permissions import OFFICE, Role
from grassroots.kernel.plugins import (
    NAV_MINE,
    NAV_PARTY,
    AuditDetail,
    Mount,
    NavEntry,
    Plugin,
    permission,
)

VIEW_TRAINING = "training.view"  # classes, attendance, feedback, briefs
MANAGE_TRAINING = "training.manage"  # run a class: sessions, roster, speeches, briefs


def _has_person(user: Any) -> bool:
    return bool(getattr(user, "person_id", None))


AUDIT_CHANGES = {"enrolled": _("学员报名"), "session_added": _("添加课程"), "moved": _("调整顺序")}

plugin = Plugin(
    name="training",
    permissions=(
        permission(VIEW_TRAINING, "查看培训班", roles=OFFICE),
        permission(MANAGE_TRAINING, "举办培训班", roles=[Role.DISTRICT_ADMIN, Role.STREET_STAFF]),
    ),
    urls=(Mount("training/", include="grassroots.training.urls"),),
    commands="grassroots.training.cli",
    demo_seeds="grassroots.training.demo_seeds",
    scope_samples="grassroots.training.testing",
    navigation=(
        NavEntry(
            _("培训班"),
            "training:list",
            60,
            current=("training:",),
            permission=VIEW_TRAINING,
            group=NAV_PARTY,
        ),
        NavEntry(
            _("我的培训"),
            "training:mine",
            61,
            current=("training:mine",),
            show=_has_person,
            group=NAV_MINE,
        ),
    ),
    audit_details=(
        AuditDetail(
            "change",
            _("变更"),
            values="grassroots.training.plugin:AUDIT_CHANGES",
            actions=("training_class_changed", "training_speech_changed"),
        ),
        AuditDetail(
            "fields",
            _("字段"),
            values="grassroots.training.models:TrainingClass",
            actions=("training_class_changed",),
        ),
        AuditDetail(
            "status",
            _("考勤"),
            values="grassroots.training.models:AttendanceStatus",
            actions=("training_attendance",),
        ),
        AuditDetail(
            "before",
            _("原考勤"),
            values="grassroots.training.models:AttendanceStatus",
            actions=("training_attendance",),
        ),
        AuditDetail("class_id", _("培训班编号")),
        AuditDetail("session_id", _("课程编号")),
        AuditDetail("enrolment_id", _("学员编号")),
        AuditDetail("speech_id", _("发言编号")),
    ),
)
