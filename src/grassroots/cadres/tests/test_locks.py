"""Recording one member's change locks that member's row, not the round every member shares."""

import datetime

import pytest
from django.db import connection

from grassroots.cadres import services
from grassroots.cadres.models import CadreMember, Term
from grassroots.cadres.services import import_roster, record_departure
from grassroots.cadres.tests.rosters import DATE_2021, ROSTER_2021


@pytest.mark.usefixtures("real_transactions")
def test_a_departure_leaves_the_term_free_for_the_other_members_changes(roster_file, monkeypatch):
    from grassroots.testing.personas import build_tree, free_to_lock_elsewhere

    build_tree()
    import_roster(roster_file(ROSTER_2021), year=2021, reference_date=DATE_2021)
    term = Term.objects.get(year=2021)
    member = CadreMember.objects.get(name="赵丽")
    checked = services._check_change_date
    while_locked = []

    def check(term_, on):  # runs while the departure holds its lock
        while_locked.append(
            (free_to_lock_elsewhere(Term, term.pk), free_to_lock_elsewhere(CadreMember, member.pk))
        )
        checked(term_, on)

    monkeypatch.setattr(services, "_check_change_date", check)
    record_departure(member, on=datetime.date(2022, 3, 1), reason="辞职", actor=None)
    # PostgreSQL: the term stays free, the member is held. SQLite locks no rows: both read.
    member_held = connection.vendor == "postgresql"
    assert while_locked == [(True, not member_held)]
    assert CadreMember.objects.get(pk=member.pk).left_on == datetime.date(2022, 3, 1)
