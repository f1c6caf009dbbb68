"""The ``within`` lookup: "this materialised path and everything below it".

A descendant's path starts with its ancestor's path. ``LIKE 'prefix%'`` says that, but SQLite
only uses an index for LIKE when case_sensitive_like is on (which would break Django's
``icontains``), so on SQLite the same set is asked for as a range over the path index; tree
paths use the alphabet 0-9A-Z, all of which sort below ``~``. PostgreSQL gets LIKE, served by
the ``varchar_pattern_ops`` index each tree model declares.
"""

from __future__ import annotations

from django.db.models import CharField, Lookup

PATH_UPPER_BOUND = "~"


class Within(Lookup):
    lookup_name = "within"

    def as_sql(self, compiler, connection):  # noqa: ANN001, ANN201
        lhs, lhs_params = self.process_lhs(compiler, connection)
        prefix = self.rhs
        escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        return f"{lhs} LIKE %s", [*lhs_params, escaped + "%"]

    def as_sqlite(self, compiler, connection):  # noqa: ANN001, ANN201
        lhs, lhs_params = self.process_lhs(compiler, connection)
        prefix = self.rhs
        return (
            f"({lhs} >= %s AND {lhs} < %s)",
            [*lhs_params, prefix, *lhs_params, prefix + PATH_UPPER_BOUND],
        )


CharField.register_lookup(Within)


TEXT_UPPER_BOUND = "\U0010ffff"


class Begins(Lookup):
    """``name__begins="张建"``: a prefix match that an index can serve on both databases.

    Django's ``startswith`` is LIKE, which SQLite answers by scanning the table; here SQLite
    gets a range over the column's index (every text starting with the prefix sorts between it
    and the prefix followed by the highest code point). PostgreSQL gets LIKE, served by a
    ``varchar_pattern_ops`` index.
    """

    lookup_name = "begins"

    def as_sql(self, compiler, connection):  # noqa: ANN001, ANN201
        lhs, lhs_params = self.process_lhs(compiler, connection)
        escaped = self.rhs.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        return f"{lhs} LIKE %s", [*lhs_params, escaped + "%"]

    def as_sqlite(self, compiler, connection):  # noqa: ANN001, ANN201
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return (
            f"({lhs} >= %s AND {lhs} < %s)",
            [*lhs_params, self.rhs, *lhs_params, self.rhs + TEXT_UPPER_BOUND],
        )


CharField.register_lookup(Begins)
