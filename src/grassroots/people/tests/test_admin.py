"""The admin shows people to administrators with personal data masked, and never edits them."""

from django.db import connection

from grassroots.testing.personas import make_account


def _stored(column, pk):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM people_person WHERE id = %s", [pk])  # noqa: S608
        return cursor.fetchone()[0]


def test_the_person_admin_shows_masked_values_and_no_ciphertext(client, tree):
    client.force_login(make_account(None, username="root", is_superuser=True, is_staff=True))
    person = tree.people["grid_a1_1"]
    for url in ("/admin/people/person/", f"/admin/people/person/{person.pk}/change/"):
        page = client.get(url).content.decode()
        assert "110***********002X" in page and "138****1111" in page, url
        assert "11010519491231002X" not in page and "13800001111" not in page, url
        assert _stored("id_number", person.pk) not in page, url
        assert _stored("phone", person.pk) not in page, url
        assert person.id_number_index not in page, url


def test_the_person_admin_cannot_add_change_or_delete(client, tree):
    client.force_login(make_account(None, username="root", is_superuser=True, is_staff=True))
    person = tree.people["grid_a1_1"]
    assert client.get("/admin/people/person/add/").status_code == 403
    client.post(f"/admin/people/person/{person.pk}/change/", {"name": "改名"})
    person.refresh_from_db()
    assert person.name == "张建国"
    assert client.get(f"/admin/people/person/{person.pk}/delete/").status_code == 403
