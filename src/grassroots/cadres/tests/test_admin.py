"""The admin shows rosters to operators with ID numbers masked, and never edits them."""

import pytest

from grassroots.cadres.models import CadreMember
from grassroots.cadres.services import import_roster
from grassroots.cadres.tests.rosters import DATE_2021
from grassroots.people.tests.ids import make_id_number
from grassroots.testing.personas import make_account

pytestmark = pytest.mark.django_db


def test_the_member_admin_masks_id_numbers_and_refuses_changes(client, tree, roster_file):
    number = make_id_number(birth="19700315", order="135")
    rows = [["清河口社区", "王建国", "男", "1970-03-15", number, "高中", "书记", "主任"]]
    import_roster(roster_file(rows), year=2021, reference_date=DATE_2021)
    member = CadreMember.objects.get()
    client.force_login(make_account(None, username="root", is_superuser=True, is_staff=True))
    for url in ("/admin/cadres/cadremember/", f"/admin/cadres/cadremember/{member.pk}/change/"):
        page = client.get(url).content.decode()
        assert member.masked_id_number in page and number not in page, url
        assert member.id_number_index not in page, url
    assert client.get("/admin/cadres/cadremember/add/").status_code == 403
    assert client.get(f"/admin/cadres/cadremember/{member.pk}/delete/").status_code == 403
    for model in ("term", "memberchange", "rosterimport"):
        assert client.get(f"/admin/cadres/{model}/").status_code == 200
