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
