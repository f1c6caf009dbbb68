"""The demand pages: lists and exports within scope, recording with duplicates, moving on."""

import datetime
import io

import openpyxl
import pytest
from django.utils import timezone

from grassroots.audit.models import Action, AuditEvent
from grassroots.demands.models import Demand, DemandEvent, EventKind
from grassroots.demands.testing import make_demand
from grassroots.kernel.permissions import Role
from grassroots.testing.forms import once


@pytest.fixture
def two_grids(tree):
    mine = make_demand(tree.grid_a1_1, title="本网格的诉求")
    other = make_demand(tree.grid_b1_1, title="别的街道的诉求")
    return mine, other


@pytest.mark.parametrize(
    "url", ["/demands/", "/demands/responsibility/", "/demands/mine/", "/demands/board/"]
)
def test_lists_show_only_demands_inside_the_scope(as_role, two_grids, url):
    page = as_role(Role.COMMUNITY_SECRETARY).get(url).content.decode()
    assert "本网格的诉求" in page or url == "/demands/board/"
    assert "别的街道的诉求" not in page


def test_the_problem_list_filters_by_unit_category_status_channel_and_period(
    as_role, tree, two_grids
):
    make_demand(
        tree.grid_a1_2, title="第二网格的火灾隐患", category="fire-ebike", channel="hotline"
    )
    client = as_role(Role.STREET_STAFF)

    def titles(**query):
        page = client.get("/demands/", query).context["page"]
        return sorted(d.title for d in page)

    assert titles(unit=tree.grid_a1_2.pk) == ["第二网格的火灾隐患"]
    from grassroots.demands.models import Category

    fire = Category.objects.get(code="fire")
    assert titles(category=fire.pk) == ["第二网格的火灾隐患"]  # a parent takes its children
    assert titles(channel="hotline") == ["第二网格的火灾隐患"]
    assert titles(status="closed") == []
    today = timezone.localdate().isoformat()
    assert len(titles(start=today, end=today)) == 2
    assert titles(start="2000-01-01", end="2000-01-31") == []
    assert len(titles(unit="abc", status="nonsense", start="bad")) == 2  # ignored, not a 500


def test_the_export_is_an_xlsx_of_the_filtered_list_with_masked_phones_and_is_audited(
    as_role, tree, two_grids
):
    response = as_role(Role.COMMUNITY_SECRETARY).get("/demands/", {"format": "xlsx"})
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0][:3] == ("查询码", "12345工单号", "受理时间")
    assert [r[5] for r in rows[1:]] == ["本网格的诉求"]
    assert "138****5678" in rows[1] and "13812345678" not in str(rows)
    assert AuditEvent.objects.filter(action=Action.DEMAND_EXPORTED).count() == 1


def test_a_grid_worker_may_not_export(as_role, two_grids):
    assert as_role(Role.GRID_WORKER).get("/demands/", {"format": "xlsx"}).status_code == 403


@pytest.mark.parametrize("role", [Role.PARTY_MEMBER, Role.RESIDENT])
def test_roles_without_the_module_do_not_see_the_pages(as_role, two_grids, role):
    assert as_role(role).get("/demands/").status_code == 404


def _form(tree, **extra):
    return {
        "title": "楼道里堆满杂物",
        "description": "楼道里堆满杂物，请处理",
        "category": _category("env-clutter"),
        "channel": "grid_report",
        "priority": "normal",
        "grid": tree.grid_a1_1.pk,
        "address": "",
        "reporter_name": "",
        "reporter_phone": "",
        **once(),
        **extra,
    }


def _category(code):
    from grassroots.demands.models import Category

    return Category.objects.get(code=code).pk


def test_a_likely_duplicate_is_shown_and_can_be_linked_instead_of_recorded(as_role, tree):
    existing = make_demand(tree.grid_a1_1)  # same text, grid and category
    client = as_role(Role.GRID_WORKER)
    response = client.post("/demands/new/", _form(tree))
    assert response.status_code == 200
    assert list(response.context["duplicates"]) == [existing]
    assert Demand.objects.count() == 1
    linked = client.post(
        f"/demands/{existing.pk}/repeat/", {"reporter_name": "李阿姨", "note": "又来反映"}
    )
    assert linked.status_code == 302
    existing.refresh_from_db()
    assert existing.repeat_count == 1
    assert DemandEvent.objects.filter(demand=existing, kind=EventKind.REPEAT).exists()
    assert Demand.objects.count() == 1


def test_the_recorder_can_still_record_it_as_new(as_role, tree):
    make_demand(tree.grid_a1_1)
    response = as_role(Role.GRID_WORKER).post("/demands/new/", _form(tree, confirmed="True"))
    assert response.status_code == 302
    assert Demand.objects.count() == 2


def test_different_text_is_no_duplicate(as_role, tree):
    make_demand(tree.grid_a1_1)
    response = as_role(Role.GRID_WORKER).post(
        "/demands/new/", _form(tree, title="垃圾桶满了", description="东门垃圾桶两天没清运")
    )
    assert response.status_code == 302


def test_a_refused_move_on_the_page_says_why_and_changes_nothing(as_role, tree):
    demand = make_demand(tree.grid_a1_1, category="fire-ebike")  # the community handles it
    response = as_role(Role.GRID_WORKER).post(
        f"/demands/{demand.pk}/move/", {"to": "accepted", "version": demand.version}
    )
    assert response.status_code == 409
    assert "清河口社区承办" in response.content.decode()
    assert Demand.objects.get(pk=demand.pk).status == "received"


def test_a_stale_page_cannot_overwrite_a_newer_move(as_role, tree):
    demand = make_demand(tree.grid_a1_1)
    client = as_role(Role.GRID_WORKER)
    first = client.post(f"/demands/{demand.pk}/move/", {"to": "accepted", "version": 1})
    assert first.status_code == 302
    stale = client.post(
        f"/demands/{demand.pk}/move/", {"to": "escalated", "version": 1, "note": "x"}
    )
    assert stale.status_code == 409
    assert Demand.objects.get(pk=demand.pk).status == "accepted"


def test_supervising_puts_the_demand_on_the_board(as_role, tree):
    demand = make_demand(tree.grid_a1_1)
    client = as_role(Role.STREET_STAFF)
    client.post(f"/demands/{demand.pk}/supervise/", {"due": "2030-01-01T12:00", "note": "限期办结"})
    board = client.get("/demands/board/").context
    assert list(board["supervised"]) == [demand]
    assert (
        as_role(Role.GRID_WORKER)
        .post(f"/demands/{demand.pk}/supervise/", {"due": "2030-01-01T12:00", "note": "x"})
        .status_code
        == 404
    )  # grid workers do not supervise


def test_tasks_are_added_listed_and_done(as_role, tree):
    demand = make_demand(tree.grid_a1_1)
    client = as_role(Role.GRID_WORKER)
    client.post(
        f"/demands/{demand.pk}/tasks/",
        once(action="联系物业清理", assignee="王师傅", due="2030-01-01T12:00"),
    )
    task = demand.tasks.get()
    assert "联系物业清理" in client.get("/demands/tasks/").content.decode()
    client.post(f"/demands/tasks/{task.pk}/done/")
    task.refresh_from_db()
    assert task.done_at is not None


def test_the_phone_is_revealed_only_to_those_allowed_and_each_time_audited(as_role, tree):
    demand = make_demand(tree.grid_a1_1)
    assert as_role(Role.GRID_WORKER).post(f"/demands/{demand.pk}/reveal/").status_code == 403
    shown = as_role(Role.COMMUNITY_SECRETARY).post(f"/demands/{demand.pk}/reveal/")
    assert "13812345678" in shown.content.decode()
    assert shown["Cache-Control"] == "no-store"
    assert AuditEvent.objects.filter(action=Action.PERSONAL_DATA_VIEWED).count() == 1


def test_the_rates_page_writes_the_definitions_and_ranks_the_units_below(as_role, tree):
    make_demand(tree.grid_a1_1)
    page = as_role(Role.STREET_STAFF).get("/demands/rates/")
    text = page.content.decode()
    assert "在响应时限内响应" in text and "应办结 = 已办结的" in text
    assert [unit.name for unit, _ in page.context["ranking"]] == ["清河口社区", "前进社区"]


def test_the_my_demands_page_keeps_its_query_count_flat(
    as_role, tree, django_assert_max_num_queries
):
    for i in range(15):
        make_demand(tree.grid_a1_1, title=f"诉求{i}")
    client = as_role(Role.GRID_WORKER)
    with django_assert_max_num_queries(12):
        assert client.get("/demands/mine/").status_code == 200


def test_my_demands_put_the_nearest_deadline_first_and_the_resolved_last(as_role, tree):
    now = timezone.now()
    hours = datetime.timedelta(hours=1)
    resolved = make_demand(tree.grid_a1_1, title="已办结待回访")
    later = make_demand(tree.grid_a1_1, title="后天办结")
    answer = make_demand(tree.grid_a1_1, title="两小时内响应")
    late = make_demand(tree.grid_a1_1, title="已超期")
    Demand.objects.filter(pk=resolved.pk).update(
        status="resolved", responded_at=now, resolved_at=now, resolve_due=now - 50 * hours
    )
    # Responded: its next deadline is the resolution, two days away.
    Demand.objects.filter(pk=later.pk).update(
        status="in_progress",
        responded_at=now,
        response_due=now - 5 * hours,
        resolve_due=now + 48 * hours,
    )
    # Not yet responded: the response deadline counts, not the resolution a week away.
    Demand.objects.filter(pk=answer.pk).update(
        response_due=now + 2 * hours, resolve_due=now + 168 * hours
    )
    Demand.objects.filter(pk=late.pk).update(
        status="in_progress", responded_at=now, resolve_due=now - 3 * hours
    )
    page = as_role(Role.GRID_WORKER).get("/demands/mine/")
    titles = [d.title for d in page.context["page"]]
    assert titles == ["已超期", "两小时内响应", "后天办结", "已办结待回访"]
    html = page.content.decode()
    assert "共 4 条" in html
    assert 'class="countdown overdue">超期3小时<' in html
    assert (
        'class="countdown soon">剩余1小时<' in html or 'class="countdown soon">剩余2小时<' in html
    )


def test_the_rates_ranking_and_trend_default_to_the_last_complete_month(as_role, tree):
    today = timezone.localdate()
    last_month = (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    noon = datetime.time(12, 0)
    make_demand(
        tree.grid_a1_1,
        title="上月的诉求",
        when=timezone.make_aware(datetime.datetime.combine(last_month, noon)),
    )
    make_demand(tree.grid_a1_1, title="本月的诉求")
    page = as_role(Role.STREET_STAFF).get("/demands/rates/")
    context = page.context
    assert (context["period"].first, context["period"].last) == (last_month, last_month)
    assert context["figures"].received == 1  # this month's demand is not counted yet
    assert context["rank_month"].first == last_month
    assert sum(r.received for _, r in context["ranking"]) == 1
    labels = context["chart"]["labels"]
    assert len(labels) == 12 and labels[-1] == f"{last_month:%Y-%m}"
    assert f'value="{last_month:%Y-%m}"' in page.content.decode()
    # A range chosen by hand is kept, its trend month by month.
    chosen = (
        as_role(Role.STREET_STAFF)
        .get("/demands/rates/", {"from": f"{last_month:%Y-%m}", "to": f"{today:%Y-%m}"})
        .context
    )
    assert chosen["figures"].received == 2 and len(chosen["chart"]["labels"]) == 2
