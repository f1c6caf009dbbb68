"""Upgrading a registry whose blind indexes were stored at full length keeps every look-up."""

import hashlib
import hmac

from django.conf import settings
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from grassroots.accounts.models import Role
from grassroots.kernel import crypto
from grassroots.people.models import Person
from grassroots.registry.models import Resident
from grassroots.registry.selectors import search_residents
from grassroots.registry.services import ensure_room, register_resident
from grassroots.registry.validation import ResidentData

BEFORE = [("registry", "0004_unindexed_stay_links"), ("people", "0001_initial")]
NUMBER, PHONE = "420606199001011234", "13800001234"


def full_length(value: str) -> str:
    """The blind index as it was stored before: all 256 bits of the HMAC."""
    return hmac.digest(
        settings.BLIND_INDEX_KEY, crypto.normalise(value).encode(), hashlib.sha256
    ).hex()


def migrate(targets: list[tuple[str, str]]) -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)


def test_residents_and_people_stored_before_are_found_after_the_upgrade(
    real_transactions, tree, personas
):
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    migrate(BEFORE)
    try:
        room = ensure_room(
            grid=tree.grid_a1_1, estate="清河小区", building="3栋", unit="2单元", number="101"
        )
        resident = register_resident(
            room=room,
            on=None,
            data=ResidentData(name="王小明", gender="M", id_number=NUMBER, phone=PHONE),
        )
        Resident.objects.filter(pk=resident.pk).update(
            id_number_index=full_length(f"citizen:{NUMBER}"), phone_index=full_length(PHONE)
        )
        person = Person.objects.create(org_node=tree.grid_a1_1, name="李红", gender="F")
        Person.objects.filter(pk=person.pk).update(id_number_index=full_length(NUMBER))
    finally:
        migrate(latest)

    stored = Resident.objects.get(pk=resident.pk)
    assert len(stored.id_number_index) == len(stored.phone_index) == crypto.INDEX_LENGTH
    for query in (NUMBER, PHONE):
        [found] = search_residents(personas[Role.DISTRICT_ADMIN], query)
        assert list(found) == [stored]
    assert Person.objects.get(id_number_index=crypto.blind_index(NUMBER)).pk == person.pk
