"""Database work that goes around the ORM, kept in one place.

- ``rows``: statements written once for the hottest single-row paths, and raw bulk
  INSERT/UPDATE of rows a bulk writer has computed itself;
- ``ids``: primary keys handed out in blocks before the rows are written;
- ``pragmas``: SQLite settings a bulk import changes for its own connection;
- ``locks``: one SQLite writer at a time, and group commit of the hottest write;
- ``around``/``checks``: the models written this way, declared, and a start-up check that
  none of them has a ``save()`` override or ``pre_save``/``post_save`` receiver to skip.

Nothing here knows an app: callers pass their models.
"""
