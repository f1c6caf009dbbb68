"""Who sees which sweep page: the phone pages within the worker's grid, campaigns for those
who run them, photos only in scope, and the service worker at the site root."""

import pytest

from grassroots.kernel.permissions import Role
from grassroots.registry.testing import make_room
from grassroots.sweeps.models import Campaign
from grassroots.sweeps.photos import Photo
from grassroots.sweeps.tests.conftest import record
from grassroots.testing.personas import make_account

pytestmark = pytest.mark.django_db


def test_the_worker_walks_from_the_task_to_the_room(as_role, campaign, rooms, resident):
    client = as_role(Role.GRID_WORKER)
    home = client.get("/sweeps/").content.decode()
    task = campaign.tasks.get(grid=rooms[0].grid)
    assert f"/sweeps/tasks/{task.pk}/" in home and campaign.name in home
    assert (
        f"/sweeps/buildings/{rooms[0].building_id}/"
        in client.get(f"/sweeps/tasks/{task.pk}/").content.decode()
    )
    building = client.get(f"/sweeps/buildings/{rooms[0].building_id}/").content.decode()
    assert "未走访" in building
    room = client.get(f"/sweeps/rooms/{rooms[0].pk}/").content.decode()
    assert resident.name in room and "420***********1239" in room
    assert resident.id_number not in room


def test_a_visited_room_shows_as_visited(as_role, campaign, rooms, worker):
    record(campaign, rooms[0], worker)
    building = (
        as_role(Role.GRID_WORKER).get(f"/sweeps/buildings/{rooms[0].building_id}/").content.decode()
    )
    assert building.count("已走访") == 2  # the header's count and the room's state


def test_a_room_of_another_grid_is_not_found(as_role, campaign, tree):
    other = make_room(tree.grid_a1_2, "777")
    assert as_role(Role.GRID_WORKER).get(f"/sweeps/rooms/{other.pk}/").status_code == 404


def test_campaign_pages_are_for_those_who_run_sweeps_in_scope(as_role, campaign, tree):
    assert as_role(Role.GRID_WORKER).get("/sweeps/campaigns/").status_code == 404
    # The grid's share of a campaign run above it is read there (test_from_above.py).
    assert as_role(Role.GRID_WORKER).get(f"/sweeps/campaigns/{campaign.pk}/").status_code == 200
    street = as_role(Role.STREET_STAFF)
    assert campaign.name in street.get("/sweeps/campaigns/").content.decode()
    assert street.get(f"/sweeps/campaigns/{campaign.pk}/").status_code == 200
    other_street = make_account(tree.street_b, Role.STREET_STAFF, username="b_staff")
    street.force_login(other_street)
    assert street.get(f"/sweeps/campaigns/{campaign.pk}/").status_code == 404


def test_a_campaign_is_created_from_its_page(as_role, tree):
    client = as_role(Role.STREET_STAFF)
    response = client.post(
        "/sweeps/campaigns/new/",
        {
            "name": "2026年第四季度扫楼",
            "node": tree.street_a.pk,
            "starts_on": "2026-10-01",
            "ends_on": "2026-12-31",
            "start": "on",
        },
    )
    campaign = Campaign.objects.get()
    assert response.status_code == 302 and campaign.status == "running"
    assert campaign.tasks.count() == 3
    refused = client.post(
        "/sweeps/campaigns/new/",
        {"name": "x", "node": tree.street_b.pk, "starts_on": "2026-10-01", "ends_on": "2026-12-31"},
    )
    assert refused.status_code == 200 and Campaign.objects.count() == 1  # street B not in scope


def test_a_visit_photo_is_served_only_within_scope(as_role, campaign, rooms, worker, tree):
    jpeg = b"\xff\xd8\xff\xe0" + b"\x01" * 30
    visit = record(campaign, rooms[0], worker, photo=Photo(content=jpeg, extension="jpg"))
    client = as_role(Role.GRID_WORKER)
    response = client.get(f"/sweeps/visits/{visit.pk}/photo/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == jpeg
    assert response["Content-Type"] == "image/jpeg"
    client.force_login(make_account(tree.grid_a1_2, Role.GRID_WORKER, username="w2"))
    assert client.get(f"/sweeps/visits/{visit.pk}/photo/").status_code == 404
    assert client.get(f"/media/{visit.photo.name}").status_code == 404  # no public URL


def test_the_service_worker_is_served_at_the_site_root(client):
    response = client.get("/sweeps-sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert "/static/sweeps/sweep.js" in response.content.decode()


def test_the_phone_pages_say_when_offline_use_is_not_available(as_role, campaign):
    page = as_role(Role.GRID_WORKER).get("/sweeps/").content.decode()
    assert "离线缓存需要通过 HTTPS 访问" in page
