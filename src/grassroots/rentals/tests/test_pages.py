import pytest

from grassroots.kernel.permissions import Role
from grassroots.registry.choices import RoomUse
from grassroots.registry.models import Room
from grassroots.rentals.models import RentalCase
from grassroots.testing.forms import once

from .conftest import days_ago

pytestmark = pytest.mark.django_db


def case_of(campaign, a_room):
    return RentalCase.objects.get(campaign=campaign, room=a_room)


def test_the_navigation_leads_staff_to_the_campaigns(as_role, campaign):
    page = as_role(Role.STREET_STAFF).get("/rentals/").content.decode()
    assert "群租房整治" in page
    assert "汉江街道群租房整治" in page


def test_the_report_page_shows_the_figures_units_and_open_cases_oldest_first(
    as_role, campaign, rooms
):
    page = as_role(Role.STREET_STAFF).get(f"/rentals/campaigns/{campaign.pk}/").content.decode()
    assert 'data-testid="identified">4<' in page
    assert "清河口社区" in page and "前进社区" in page and "汉江街道" in page
    assert page.index("清河小区3栋1单元101") < page.index("前进小区3栋1单元301")


def test_a_bad_as_of_date_on_the_report_page_is_ignored(as_role, campaign):
    response = as_role(Role.STREET_STAFF).get(f"/rentals/campaigns/{campaign.pk}/?as_of=xx")
    assert response.status_code == 200


def test_a_grid_worker_records_rectified_on_the_case_page(as_role, campaign, rooms):
    client = as_role(Role.GRID_WORKER)
    case = case_of(campaign, rooms["a1_101"])
    url = f"/rentals/cases/{case.pk}/"
    assert "记录整治措施" in client.get(url).content.decode()
    response = client.post(
        f"{url}record/",
        {
            "on": days_ago(1).isoformat(),
            "method": "officials_first",
            "outcome": "rectified",
            "new_use": "owner",
            "notes": "公职人员房东带头清退",
            "version": case.version,
        },
    )
    assert response.status_code == 302
    assert Room.objects.get(pk=rooms["a1_101"].pk).use == RoomUse.OWNER_OCCUPIED
    page = client.get(url).content.decode()
    assert "公职人员房东带头清退" in page and f"{url}record/" not in page


def test_a_stale_form_is_told_in_chinese_and_writes_nothing(as_role, campaign, rooms):
    client = as_role(Role.GRID_WORKER)
    case = case_of(campaign, rooms["a1_101"])
    form = {"on": days_ago(1).isoformat(), "method": "phone", "outcome": "in_progress"}
    assert (
        client.post(f"/rentals/cases/{case.pk}/record/", {**form, "version": 1}).status_code == 302
    )
    response = client.post(f"/rentals/cases/{case.pk}/record/", {**form, "version": 1})
    assert response.status_code == 400
    assert "已被他人更新" in response.content.decode()
    assert case.actions.count() == 1


def test_rectified_without_a_new_use_shows_the_error_on_the_form(as_role, campaign, rooms):
    client = as_role(Role.GRID_WORKER)
    case = case_of(campaign, rooms["a1_101"])
    response = client.post(
        f"/rentals/cases/{case.pk}/record/",
        {"on": days_ago(1).isoformat(), "method": "phone", "outcome": "rectified", "version": 1},
    )
    assert response.status_code == 400
    assert "须填写整改后用途" in response.content.decode()


def test_a_case_or_campaign_outside_the_readers_scope_is_a_404(as_role, tree, campaign, rooms):
    from grassroots.rentals.services import open_campaign

    client = as_role(Role.GRID_WORKER)
    other = case_of(campaign, rooms["a2_301"])
    assert client.get(f"/rentals/cases/{other.pk}/").status_code == 404
    elsewhere = open_campaign(area=tree.street_b, title="王寨街道整治", starts_on=days_ago(5))
    assert client.get(f"/rentals/campaigns/{elsewhere.pk}/").status_code == 404
    assert as_role(Role.RESIDENT).get("/rentals/").status_code == 404


def test_a_street_opens_a_campaign_on_its_page_and_lands_on_the_report(as_role, tree, rooms):
    from grassroots.rentals.models import RentalCampaign

    client = as_role(Role.STREET_STAFF)
    assert "开展整治行动" in client.get("/rentals/").content.decode()
    response = client.post(
        "/rentals/campaigns/new/",
        once(
            {"title": "汉江街道第二轮整治", "area": tree.community_a1.pk, "starts_on": days_ago(3)}
        ),
    )
    campaign = RentalCampaign.objects.get()
    assert response.status_code == 302
    assert response.url == f"/rentals/campaigns/{campaign.pk}/"
    assert (campaign.node, campaign.cases.count()) == (tree.community_a1, 3)


def test_a_campaign_starting_tomorrow_is_refused_on_the_form(as_role, tree):
    client = as_role(Role.STREET_STAFF)
    response = client.post(
        "/rentals/campaigns/new/",
        once({"title": "明天", "area": tree.street_a.pk, "starts_on": days_ago(-1)}),
    )
    assert response.status_code == 400
    assert "开始日期不能晚于今天" in response.content.decode()


def test_a_unit_outside_the_users_scope_cannot_be_chosen(as_role, tree):
    client = as_role(Role.STREET_STAFF)
    response = client.post(
        "/rentals/campaigns/new/",
        once({"title": "越界", "area": tree.street_b.pk, "starts_on": days_ago(1)}),
    )
    assert response.status_code == 400


def test_a_grid_worker_does_not_open_campaigns(as_role):
    client = as_role(Role.GRID_WORKER)
    assert "开展整治行动" not in client.get("/rentals/").content.decode()
    assert client.get("/rentals/campaigns/new/").status_code == 404
