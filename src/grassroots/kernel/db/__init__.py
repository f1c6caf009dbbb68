"""Row writes and locks that go around the ORM, kept in one place (see rows.py)."""
