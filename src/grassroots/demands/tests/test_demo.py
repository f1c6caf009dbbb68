"""The demo district gets a year of demands across channels, categories and states."""

import datetime

from django.db.models import Count
from django.utils import timezone

from grassroots.accounts.models import Account
from grassroots.demands.demo_seeds import DEMO_END, TODAY
from grassroots.demands.models import Channel, Demand, DemandEvent, DemandTally
from grassroots.demands.services import tally
from grassroots.demands.workflow import MOVES
from grassroots.demo.services import seed_demo_district
from grassroots.registry.selectors import own_residence


def _snapshot():
    """The demo year's demands (the day's few are dated from when the demo is seeded)."""
    year = Demand.objects.exclude(title__in=[title for title, *_ in TODAY])
    return sorted(
        year.values_list("code", "title", "grid__code", "status", "received_at", "satisfaction")
    )


def test_the_demo_fills_a_year_of_demands_in_every_channel_and_many_states(db):
    seed_demo_district(residents=10_000, seed=7)
    demands = Demand.objects.all()
    assert demands.count() >= 900
    assert set(demands.values_list("channel", flat=True)) == set(Channel.values)
    assert demands.values("category").distinct().count() >= 15
    first = demands.order_by("received_at").first().received_at
    assert (
        DEMO_END.year - first.year <= 1
        and (datetime.datetime(2026, 12, 1, tzinfo=datetime.UTC) - first).days >= 360
    )
    moves = set(DemandEvent.objects.values_list("from_status", "to_status").distinct())
    declared = {(m.source, m.target) for m in MOVES} | {("", "received")}
    assert moves <= declared  # every history follows the workflow
    assert len(moves) >= 10
    assert len({s for s, _ in Demand.objects.values_list("status").annotate(n=Count("id"))}) >= 3
    assert demands.filter(supervised_at__isnull=False).exists()
    assert (
        demands.exclude(hotline_order_no=None).count()
        == demands.filter(channel=Channel.HOTLINE).count()
    )
    on_rooms = demands.exclude(room=None).select_related("room")
    assert on_rooms.count() >= 100  # met at the door: the registry's room, in the same grid
    assert all(d.room.grid_id == d.grid_id and d.address == d.room.address for d in on_rooms)
    paired = demands.exclude(paired_unit=None).select_related("paired_unit", "owner_unit")
    assert paired.exists()  # a few go to the unit paired with their community
    for demand in paired:
        assert demand.owner_unit.level == "community"
        assert demand.paired_unit.pairings.filter(community=demand.owner_unit).exists()
    # Every dispute resolved says how (most mediated successfully); no other demand does.
    resolved = demands.exclude(resolved_at=None)
    disputes = resolved.filter(category__dispute=True)
    assert disputes.count() >= 20 and not disputes.filter(mediation="").exists()
    assert not resolved.filter(category__dispute=False).exclude(mediation="").exists()
    outcomes = dict(disputes.values_list("mediation").annotate(n=Count("id")))
    assert outcomes["succeeded"] > outcomes.get("failed", 0) > 0
    # The resident login lives in its grid: its person is the registry's resident of the same
    # ID number, who reported two demands, one of them resolved already.
    account = Account.objects.select_related("person").get(username="resident")
    home = own_residence(account)
    assert home is not None and home.name == account.person.name == account.display_name
    own = Demand.objects.visible_to(account)
    assert own.count() == 2 and set(own.values_list("created_by", flat=True)) == {account.pk}
    assert {d.status for d in own} == {"received", "resolved"}
    assert all(d.room_id == home.household.room_id for d in own)


def test_the_demo_counters_match_a_recount_and_the_same_seed_gives_the_same_demands(db):
    seed_demo_district(residents=5_000, seed=3)
    kept = sorted(DemandTally.objects.values_list("grid__code", "month", *tally.COUNTERS))
    first = _snapshot()
    tally.recount()
    assert sorted(DemandTally.objects.values_list("grid__code", "month", *tally.COUNTERS)) == kept
    _wipe()
    seed_demo_district(residents=5_000, seed=3)
    assert _snapshot() == first


def _wipe():
    from grassroots.testing.personas import wipe_district

    wipe_district()


def test_the_demo_opens_on_work_waiting_today_in_the_first_grid(db):
    """Whenever it is seeded, the first grid has one demand to sign for, one the community
    must dispatch, one due within the day and one overdue, dated from that moment."""
    seed_demo_district(residents=5_000, seed=3)
    now = timezone.now()
    today = Demand.objects.filter(title__in=[title for title, *_ in TODAY])
    assert today.count() == len(TODAY)
    assert all(now - d.received_at < datetime.timedelta(days=21) for d in today)
    assert {d.grid.path for d in today} == {min(today, key=lambda d: d.grid.path).grid.path}
    statuses = sorted(today.values_list("status", flat=True))
    assert statuses == sorted(["dispatched", "received", "accepted", "in_progress"])
    assert today.filter(resolve_due__lt=now, resolved_at=None).count() == 1
    assert DemandEvent.objects.filter(demand__in=today).count() == len(TODAY) + 6
