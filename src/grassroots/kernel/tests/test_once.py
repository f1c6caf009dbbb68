"""What kernel/once.py keeps: keys and form tokens for a day, then the sweep deletes them."""

from datetime import timedelta

from django.utils import timezone

from grassroots.kernel import once
from grassroots.kernel.models import FormSubmission, IdempotencyKey


def test_the_sweep_deletes_keys_and_tokens_older_than_a_day_and_keeps_the_rest(personas):
    account = next(iter(personas.values()))
    old = timezone.now() - once.WINDOW - timedelta(minutes=1)
    for key, created_at in (("old", old), ("new", timezone.now())):
        IdempotencyKey.objects.create(
            account=account,
            key=key,
            method="POST",
            path="/x",
            body_digest="d",
            created_at=created_at,
        )
        FormSubmission.objects.create(token=f"{key}-token", path="/x", created_at=created_at)
    assert once.purge_expired() == 2
    assert list(IdempotencyKey.objects.values_list("key", flat=True)) == ["new"]
    assert list(FormSubmission.objects.values_list("token", flat=True)) == ["new-token"]


def test_keys_are_printable_ascii_of_at_most_255_characters():
    assert once.valid_key("550e8400-e29b-41d4-a716-446655440000")
    assert once.valid_key("a b~!") and once.valid_key("x" * 255)
    assert not once.valid_key("") and not once.valid_key("x" * 256)
    assert not once.valid_key("键") and not once.valid_key("a\nb")


def test_the_digest_tells_apart_parts_that_join_to_the_same_bytes():
    assert once.digest(b"ab", b"c") != once.digest(b"a", b"bc")
    assert once.digest(b"ab", b"c") == once.digest(b"ab", b"c")
