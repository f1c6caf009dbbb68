"""/healthz reports whether the database answers."""

from unittest import mock

from django.db import connection


def test_healthz_reports_the_database_ok(db, client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"] == {"vendor": connection.vendor, "ok": True}


def test_healthz_needs_no_sign_in_and_sets_no_session(db, client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert "sessionid" not in response.cookies


def test_healthz_answers_503_when_the_database_fails(db, client):
    with mock.patch.object(connection, "cursor", side_effect=RuntimeError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"]["ok"] is False
