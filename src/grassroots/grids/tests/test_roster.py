"""The grid roster (一格多员): who serves a grid, appointed and ended on its page."""

import pytest

from grassroots.grids.models import ChangeKind, GridPost, PostRole
from grassroots.grids.services import StaleEdit, end_post
from grassroots.kernel.permissions import Role
from grassroots.org.models import PartyOrganization
from grassroots.testing.forms import once
from grassroots.testing.personas import make_account

from .conftest import CHIEF_PHONE, SINCE

pytestmark = pytest.mark.django_db


def grid_page(client, grid):
    return client.get(f"/grids/{grid.pk}/").content.decode()


def test_the_grid_page_shows_chief_workers_branch_members_and_volunteers(
    as_role, tree, posts, member
):
    branch = PartyOrganization.objects.get(pk=tree.party["grid_a1_1"].pk)
    branch.secretary_name = "钱书记"
    branch.save()
    page = grid_page(as_role(Role.COMMUNITY_SECRETARY), tree.grid_a1_1)
    assert "孙国强" in page and "周丽" in page and "吴志愿" in page
    assert "清河口第一网格党支部" in page and "钱书记" in page
    assert "赵红梅" in page and "联系 1 户" in page
    assert "138****5678" in page and CHIEF_PHONE not in page  # masked on screen
    assert 'data-testid="grid-gaps"' not in page


def test_a_grid_worker_account_counts_as_a_worker_on_the_roster(as_role, tree):
    make_account(tree.grid_a1_2, Role.GRID_WORKER, username="wg_a12", display_name="郑网格")
    page = grid_page(as_role(Role.COMMUNITY_SECRETARY), tree.grid_a1_2)
    assert "郑网格" in page and "网格员账号" in page
    assert "无网格长" in page and "无网格员" not in page


def test_the_list_of_a_community_shows_each_grid_and_its_gaps(as_role, tree, posts):
    page = as_role(Role.COMMUNITY_SECRETARY).get("/grids/").content.decode()
    assert "清河口第一网格" in page and "清河口第二网格" in page
    assert "孙国强" in page
    assert "前进第一网格" not in page  # another community
    assert "缺配网格（1个）" in page


def test_the_office_appoints_a_notable_by_name_on_the_grid_page(as_role, tree):
    client = as_role(Role.COMMUNITY_SECRETARY)
    response = client.post(
        f"/grids/{tree.grid_a1_1.pk}/posts/",
        once({"role": PostRole.NOTABLE, "name": "冯乡贤", "work_phone": "", "since": "2026-03-01"}),
    )
    assert response.status_code == 302
    post = GridPost.objects.get(name="冯乡贤")
    assert post.role == PostRole.NOTABLE and post.grid == tree.grid_a1_1
    assert post.changes.get().kind == ChangeKind.APPOINTED
    assert "冯乡贤" in grid_page(client, tree.grid_a1_1)


def test_a_post_needs_a_person_or_a_name_and_a_valid_phone_told_in_chinese(as_role, tree):
    client = as_role(Role.COMMUNITY_SECRETARY)
    response = client.post(
        f"/grids/{tree.grid_a1_1.pk}/posts/",
        once({"role": PostRole.WORKER, "name": "", "work_phone": "abc", "since": "2026-03-01"}),
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "请选择人员或填写姓名" in page and "请填写11位手机号码，或带区号的固定电话" in page
    assert not GridPost.objects.exists()


def test_a_post_may_be_given_to_a_person_of_the_grid(as_role, tree):
    person = tree.people["grid_a1_1"]
    as_role(Role.COMMUNITY_SECRETARY).post(
        f"/grids/{tree.grid_a1_1.pk}/posts/",
        once({"role": PostRole.CHIEF, "person": person.pk, "since": "2026-03-01"}),
    )
    post = GridPost.objects.get()
    assert post.person == person and post.name == "张建国"


def test_a_grid_worker_may_view_but_not_appoint(as_role, tree, posts):
    client = as_role(Role.GRID_WORKER)
    assert "孙国强" in grid_page(client, tree.grid_a1_1)
    response = client.post(
        f"/grids/{tree.grid_a1_1.pk}/posts/",
        once({"role": PostRole.CHIEF, "name": "冒名", "since": "2026-03-01"}),
    )
    assert response.status_code == 404
    assert not GridPost.objects.filter(name="冒名").exists()


def test_ending_a_post_takes_it_off_the_roster_and_keeps_its_history(as_role, tree, posts):
    client = as_role(Role.COMMUNITY_SECRETARY)
    chief = posts["chief"]
    response = client.post(
        f"/grids/posts/{chief.pk}/end/", {"until": "2026-06-30", "version": chief.version}
    )
    assert response.status_code == 302
    chief.refresh_from_db()
    assert chief.until.isoformat() == "2026-06-30"
    change = chief.changes.get(kind=ChangeKind.ENDED)
    assert change.before["until"] is None and change.after["until"] == "2026-06-30"
    assert change.actor.username == f"persona_{Role.COMMUNITY_SECRETARY}"
    assert "无网格长" in grid_page(client, tree.grid_a1_1)


def test_a_stale_end_is_refused_and_the_loser_is_told(as_role, tree, posts):
    chief = posts["chief"]
    end_post(chief, version=chief.version)
    with pytest.raises(StaleEdit):
        end_post(chief, version=chief.version)
    client = as_role(Role.COMMUNITY_SECRETARY)
    response = client.post(
        f"/grids/posts/{chief.pk}/end/",
        {"until": "2026-06-30", "version": chief.version},
        follow=True,
    )
    assert "该任职已被他人修改或已离任" in response.content.decode()


def test_an_end_before_the_start_is_refused(tree, posts):
    from grassroots.grids.services import GridError

    with pytest.raises(GridError):
        end_post(posts["chief"], version=1, until=SINCE.replace(year=2025))


def test_the_member_home_panel_shows_who_serves_their_grid(client, tree, posts, member):
    account = make_account(tree.grid_a1_1, Role.PARTY_MEMBER, username="m1", person=member.person)
    client.force_login(account)
    page = client.get("/").content.decode()
    assert 'data-testid="panel-my-grid"' in page
    assert "孙国强" in page and "周丽" in page and "138****5678" in page
