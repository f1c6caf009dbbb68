"""The shared close-out ledger, through council decisions: the same rules as pairing's tasks."""

import pytest

from grassroots.audit.models import AuditEvent
from grassroots.councils.models import DecisionChange
from grassroots.councils.services import (
    CouncilError,
    EvidenceRefused,
    StaleDecision,
    add_decision_evidence,
    close_decision,
    record_decision_progress,
    reopen_decision,
)
from grassroots.councils.testing import photo
from grassroots.kernel.closeout import CloseoutError, Ledger
from grassroots.kernel.permissions import Role
from grassroots.pairing.services import PLEDGES
from grassroots.pairing.services.lists import TASKS


def test_pledges_tasks_and_decisions_share_one_ledger_implementation():
    from grassroots.councils.services import DECISIONS

    assert {type(PLEDGES), type(TASKS), type(DECISIONS)} == {Ledger}
    assert issubclass(CouncilError, CloseoutError)


def test_a_decision_closes_only_with_its_own_evidence(decision, secretary):
    with pytest.raises(CouncilError, match="佐证材料"):
        close_decision(decision, version=decision.version, evidence_ids=[], actor=secretary)
    kept = add_decision_evidence(decision, upload=photo(), actor=secretary)
    closed = close_decision(
        decision, version=decision.version, evidence_ids=[kept.pk], actor=secretary
    )
    assert closed.is_closed and closed.closed_on is not None and closed.closed_by == secretary
    last = DecisionChange.objects.filter(decision=decision).order_by("pk").last()
    assert (last.from_status, last.to_status, last.evidence_ids) == ("open", "closed", [kept.pk])
    assert AuditEvent.objects.filter(action="council_decision_changed").count() == 2


def test_a_close_out_on_a_stale_version_is_refused_and_changes_nothing(decision, secretary):
    kept = add_decision_evidence(decision, upload=photo(), actor=secretary)
    stale = decision.version
    record_decision_progress(decision, percent=50, actor=secretary)
    close_decision(decision, version=stale, evidence_ids=[kept.pk], actor=secretary)
    with pytest.raises(StaleDecision):
        reopen_decision(decision, version=stale, reason="复查未完成", actor=secretary)
    decision.refresh_from_db()
    assert decision.is_closed and decision.version == stale + 1


def test_reopening_needs_a_reason_and_is_logged(decision, secretary):
    kept = add_decision_evidence(decision, upload=photo(), actor=secretary)
    closed = close_decision(
        decision, version=decision.version, evidence_ids=[kept.pk], actor=secretary
    )
    with pytest.raises(CouncilError, match="原因"):
        reopen_decision(closed, version=closed.version, reason="  ", actor=secretary)
    opened = reopen_decision(closed, version=closed.version, reason="门禁又坏了", actor=secretary)
    assert not opened.is_closed and opened.closed_on is None
    rows = list(DecisionChange.objects.filter(decision=decision).values_list("to_status", "note"))
    assert rows == [("open", ""), ("closed", ""), ("open", "门禁又坏了")]
    with pytest.raises(StaleDecision):
        close_decision(opened, version=opened.version - 1, evidence_ids=[kept.pk], actor=secretary)


def test_no_progress_on_a_closed_decision_and_evidence_is_checked_by_content(decision, secretary):
    from django.core.files.base import ContentFile

    with pytest.raises(EvidenceRefused):
        add_decision_evidence(decision, upload=ContentFile(b"not a photo", name="x.png"))
    kept = add_decision_evidence(decision, upload=photo(), actor=secretary)
    close_decision(decision, version=decision.version, evidence_ids=[kept.pk], actor=secretary)
    with pytest.raises(CouncilError, match="已销号"):
        record_decision_progress(decision, percent=80, actor=secretary)


def test_only_the_offices_close_a_decision(decision, personas):
    kept = add_decision_evidence(decision, upload=photo())
    with pytest.raises(CouncilError):
        close_decision(
            decision,
            version=decision.version,
            evidence_ids=[kept.pk],
            actor=personas[Role.GRID_WORKER],
        )
