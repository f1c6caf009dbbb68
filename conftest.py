"""Fixtures shared by every app's tests: the small district and one persona per role."""

import os

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API in tests


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language: a request that switched to English leaves
    it active on the thread (Django's locale middleware never switches back)."""
    from django.utils import translation

    yield
    translation.deactivate()


@pytest.fixture(autouse=True, scope="session")
def _test_client_sign_ins_count_as_two_factor():
    """The test client's ``force_login`` and ``login`` stand in for a completed sign-in, both
    steps included, so a page test need not type codes. The two-factor tests make one-factor
    sessions on purpose (``grassroots.testing.two_factor.one_factor``)."""
    from grassroots.testing.two_factor import sign_ins_count_as_two_factor

    with sign_ins_count_as_two_factor():
        yield


@pytest.fixture
def tree(db):
    from grassroots.testing.personas import build_tree

    return build_tree()


@pytest.fixture
def personas(tree):
    from grassroots.testing.personas import make_personas

    return make_personas(tree)


@pytest.fixture
def as_role(client, personas):
    """The test client signed in as the persona of a role: ``as_role(Role.GRID_WORKER)``."""

    def sign_in(role):
        client.force_login(personas[role])
        return client

    return sign_in


@pytest.fixture
def real_transactions(transactional_db):
    """Committed transactions, then an emptied database, audit log included (SQLite's
    flush uses DELETE, which the audit table's trigger refuses; see the browser tests' conftest)."""
    import importlib

    from django.db import connection

    yield
    if connection.vendor != "sqlite":
        return
    migration = importlib.import_module("grassroots.audit.migrations.0002_append_only")
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER IF EXISTS audit_auditevent_no_delete")
        cursor.execute("DELETE FROM audit_auditevent")
        cursor.execute(next(sql for sql in migration.SQLITE if "no_delete" in sql))
