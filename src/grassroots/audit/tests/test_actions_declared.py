"""Every action an installed module writes to the audit log has a Chinese name there."""

from __future__ import annotations

from grassroots.audit.models import AuditEvent, action_choices


def test_a_module_s_declared_action_is_named_in_the_log_and_its_filter():
    assert ("wish_changed", "微心愿状态变更") in action_choices()
    event = AuditEvent(action="branch_meeting_recorded", outcome="success")
    assert event.get_action_display() == "记录三会一课"
    assert AuditEvent(action="sign_in", outcome="success").get_action_display() == "登录"


def test_no_two_modules_declare_the_same_action():
    codes = [code for code, _ in action_choices()]
    assert len(codes) == len(set(codes))
