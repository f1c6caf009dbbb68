"""Who sees which sweep page: the phone pages within the worker's grid, campaigns for those
who run them, photos only in scope, and the service worker at the site root."""

import json
import re

import pytest
from django.contrib.staticfiles import finders

from grassroots.kernel import phones
from grassroots.kernel.permissions import Role
from grassroots.registry.testing import make_room
from grassroots.sweeps.models import Campaign
from grassroots.sweeps.photos import Photo
from grassroots.sweeps.tests.conftest import record
from grassroots.testing.forms import once
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
    assert ">本轮已走访 1 / 2 户</p>" in building
    assert f'data-state="{rooms[0].pk}">已走访</span>' in building
    assert f'data-state="{rooms[1].pk}">未走访</span>' in building


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
        once(
            {
                "name": "2026年第四季度扫楼",
                "node": tree.street_a.pk,
                "starts_on": "2026-10-01",
                "ends_on": "2026-12-31",
                "start": "on",
            }
        ),
    )
    campaign = Campaign.objects.get()
    assert response.status_code == 302 and campaign.status == "running"
    assert campaign.tasks.count() == 3
    refused = client.post(
        "/sweeps/campaigns/new/",
        once(
            {
                "name": "x",
                "node": tree.street_b.pk,
                "starts_on": "2026-10-01",
                "ends_on": "2026-12-31",
            }
        ),
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


def _version(client):
    script = client.get("/sweeps-sw.js").content.decode()
    return re.search(r'var VERSION = "([0-9a-f]{12})";', script).group(1)


def test_the_service_worker_is_a_new_version_when_an_asset_changes(client, monkeypatch, tmp_path):
    changed = tmp_path / "sweep.js"
    real_find = finders.find
    monkeypatch.setattr(
        finders,
        "find",
        lambda path, **kw: str(changed) if path == "sweeps/sweep.js" else real_find(path, **kw),
    )
    changed.write_text("// one")
    first = _version(client)
    assert _version(client) == first
    changed.write_text("// two")
    assert _version(client) != first


def test_the_service_worker_keeps_the_offline_page_and_the_sweeps_assets(client):
    script = client.get("/sweeps-sw.js").content.decode()
    assert 'var OFFLINE = "/sweeps/offline/";' in script
    assert '"/static/sweeps/checks.js": "/static/sweeps/checks.js"' in script


def test_the_offline_page_is_for_anyone_and_reads_nothing(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/sweeps/offline/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "当前离线，无法打开此页面" in page and 'href="/sweeps/">返回扫楼</a>' in page


def test_the_visit_form_carries_the_servers_rules_for_a_new_resident(as_role, campaign, rooms):
    page = as_role(Role.GRID_WORKER).get(f"/sweeps/rooms/{rooms[0].pk}/").content.decode()
    found = re.search(r'<script id="sweep-rules" type="application/json">(.*?)</script>', page)
    rules = json.loads(found.group(1))
    assert rules["resident"]["phone"] == phones.PATTERN
    assert rules["resident"]["messages"]["id_check"] == "公民身份号码校验位不正确，请逐位核对"
    assert rules["labels"]["id_number"] == "证件号码"


def test_the_phone_pages_say_when_offline_use_is_not_available(as_role, campaign):
    page = as_role(Role.GRID_WORKER).get("/sweeps/").content.decode()
    assert "离线缓存需要通过 HTTPS 访问" in page
