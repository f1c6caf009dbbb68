"""Keys checked at start: with keys not the data's, nothing starts and /healthz says why."""

import secrets
import socket

import pytest
from django.test import override_settings

from grassroots.kernel.keys import check_of, key_problem
from grassroots.kernel.models import KeyCheck
from grassroots.people.models import Gender, Person
from grassroots.site.services.keycheck import record_keys
from grassroots.site.tests.conftest import insert_node

OTHER_KEY = b"k" * 32


def _other_keys(site, *names):
    for name in names:
        (site.data / "keys" / name).write_text(secrets.token_hex(32))


@pytest.fixture
def recorded(db):
    assert record_keys() is None
    return {k.name: k.fingerprint for k in KeyCheck.objects.all()}


def test_migrate_records_a_fingerprint_of_each_data_key_and_never_the_key(recorded, settings):
    assert set(recorded) == {"field-encryption", "blind-index", "audit-chain"}
    assert recorded["field-encryption"] == check_of(settings.FIELD_ENCRYPTION_KEY)
    assert settings.FIELD_ENCRYPTION_KEY.hex() not in recorded.values()
    assert key_problem() is None


def test_another_key_is_named_in_chinese_and_english(recorded):
    with override_settings(BLIND_INDEX_KEY=OTHER_KEY):
        problem = key_problem()
    assert "blind-index" in problem and "密钥" in problem and "do not match" in problem
    assert "field-encryption" not in problem


def test_healthz_answers_503_with_the_reason_when_the_keys_do_not_fit(recorded, client):
    with override_settings(FIELD_ENCRYPTION_KEY=OTHER_KEY):
        response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error" and body["keys"]["ok"] is False
    assert "field-encryption" in body["keys"]["error"] and "keys/" in body["keys"]["error"]


def test_healthz_says_the_keys_are_ok_when_they_fit(recorded, client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json()["keys"] == {"ok": True}


def test_a_database_older_than_fingerprints_is_probed_before_one_is_recorded(tree):
    person = Person(org_node=tree.grid_a1_1, name="张三", gender=Gender.MALE)
    person.set_personal_data(id_number="110101199003070015", phone="13800138000")
    person.save()
    KeyCheck.objects.all().delete()
    with override_settings(FIELD_ENCRYPTION_KEY=OTHER_KEY):
        problem = record_keys()
    assert "field-encryption" in problem
    assert not KeyCheck.objects.exists()


# --- the commands, on a real installation ------------------------------------------------------


def test_migrate_refuses_keys_that_are_not_the_databases(site):
    _other_keys(site, "field-encryption")
    done = site.grassroots("migrate")
    assert done.returncode == 1
    assert "field-encryption" in done.stderr and "密钥" in done.stderr


def test_serve_refuses_to_start_with_other_keys(site):
    _other_keys(site, "audit-chain")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    done = site.grassroots("serve", "--port", str(port), "--workers", "1", timeout=60)
    assert done.returncode == 1
    assert "audit-chain" in done.stderr and "do not match" in done.stderr


def test_any_other_command_refuses_too(site):
    _other_keys(site, "blind-index")
    done = site.grassroots("token", "list")
    assert done.returncode == 1 and "blind-index" in done.stderr


def test_a_restore_without_its_keys_is_refused_before_anything_is_replaced(make_site, tmp_path):
    old = make_site()
    insert_node(old, 1, "旧机器")
    backup = tmp_path / "db.bak"
    assert old.grassroots("backup", str(backup)).returncode == 0
    new = make_site(migrated=False)  # another machine: keys of its own
    assert new.grassroots("migrate").returncode == 0

    done = new.grassroots("restore", str(backup), "--yes")

    assert done.returncode == 1
    assert "field-encryption" in done.stderr and "--with-keys" in done.stderr
    assert new.query("SELECT COUNT(*) FROM org_orgnode WHERE name LIKE '旧机器%'") == [(0,)]
    assert new.grassroots("token", "list").returncode == 0, "its own data still runs"


def test_a_restore_with_its_keys_passes_the_check(make_site, tmp_path):
    old = make_site()
    archive = tmp_path / "all.tar.gz"
    assert old.grassroots("backup", "--with-keys", str(archive)).returncode == 0
    new = make_site(migrated=False)
    assert new.grassroots("migrate").returncode == 0

    done = new.grassroots("restore", str(archive), "--yes")

    assert done.returncode == 0, done.stderr
    assert new.grassroots("audit", "verify").returncode == 0
    assert new.grassroots("token", "list").returncode == 0
