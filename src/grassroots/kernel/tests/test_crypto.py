"""Personal data at rest: encrypted, found by blind index, masked on screen."""

import base64
import os

import pytest
from django.db import connection

from grassroots.kernel import crypto
from grassroots.people.models import Person


def test_a_value_round_trips_but_the_ciphertext_differs_each_time():
    first, second = crypto.encrypt("13800001111"), crypto.encrypt("13800001111")
    assert first != second
    assert crypto.decrypt(first) == crypto.decrypt(second) == "13800001111"


def test_a_tampered_ciphertext_is_refused():
    token = crypto.encrypt("110105194912310021")
    raw = bytearray(crypto.base64.b64decode(token))
    raw[-1] ^= 1
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(crypto.base64.b64encode(bytes(raw)).decode())


def test_blind_index_ignores_spacing_and_case_of_the_check_character():
    assert crypto.blind_index("11010519491231002x") == crypto.blind_index(" 11010519491231002X ")
    assert crypto.blind_index("11010519491231002X") != crypto.blind_index("110105194912310037")


def test_masks_keep_only_the_first_three_and_last_four_characters():
    assert crypto.mask_id_number("110105194912311234") == "110***********1234"
    assert crypto.mask_phone("13812341234") == "138****1234"


def test_the_database_holds_no_plain_id_number_or_phone(tree):
    person = tree.people["grid_a1_1"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number, phone FROM people_person WHERE id = %s", [person.pk])
        stored_id, stored_phone = cursor.fetchone()
    assert "11010519491231002X" not in stored_id and "13800001111" not in stored_phone
    reloaded = Person.objects.get(pk=person.pk)
    assert (reloaded.id_number, reloaded.phone) == ("11010519491231002X", "13800001111")
    found = Person.objects.get(id_number_index=crypto.blind_index("11010519491231002x"))
    assert found == person


@pytest.mark.parametrize("key", [b"k" * 32, b"k" * 64, b"long key " * 10])
def test_the_bound_indexer_gives_the_same_index_as_blind_index(settings, key):
    settings.BLIND_INDEX_KEY = key
    index = crypto.blind_indexer()
    for value in ("11010519491231002x", " 138 0013 8000 ", "passport:E12345678", ""):
        assert index(value) == crypto.blind_index(value)


def _nonce(token):
    return base64.b64decode(token)[1:13]


def test_a_bound_encrypter_never_repeats_a_nonce_even_across_a_fork():
    seal = crypto.encrypter()
    tokens = [seal("13800138000") for _ in range(3000)]  # more than one draw of nonces
    assert len({_nonce(t) for t in tokens}) == 3000
    assert {crypto.decrypt(t) for t in tokens} == {"13800138000"}
    read, write = os.pipe()
    child = os.fork()
    if child == 0:  # the child seals with the same bound encrypter, mid-draw
        os.write(write, _nonce(seal("x")))
        os._exit(0)
    os.waitpid(child, 0)
    assert os.read(read, 12) != _nonce(seal("x"))
