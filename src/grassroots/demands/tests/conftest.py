import pytest


@pytest.fixture
def demand(tree, personas):
    from grassroots.accounts.roles import Role
    from grassroots.demands.testing import make_demand

    return make_demand(tree.grid_a1_1, actor=personas[Role.GRID_WORKER])


@pytest.fixture
def real_transactions(transactional_db):
    """Committed transactions, then an emptied database, audit log included (see the browser
    tests' conftest: SQLite's flush uses DELETE, which the audit table's trigger refuses)."""
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


@pytest.fixture
def api_as(personas):
    """api_as(Role.X) -> a test client sending that persona's new token on every request."""
    from django.test import Client

    from grassroots.accounts.tokens import create_token

    def make(role):
        _, raw = create_token(personas[role], name="tests")
        return Client(headers={"authorization": f"Bearer {raw}"})

    return make
