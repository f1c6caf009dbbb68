"""Statements for the hottest paths, written once per process (预编译语句).

The ORM builds and compiles every statement anew, 0.3–1 ms each on a small server; on token
sign-in and demand intake, which run hundreds of times a second, that was most of a request
(a raw statement on the same SQLite file takes about 10 µs). These helpers write each
statement's SQL once from the model's own field list, so a migration that adds a column needs
no edit here, and afterwards only bind values. Every value written goes through its field's
``pre_save`` and ``get_db_prep_save`` and every column read through the converters the ORM
applies, so encrypted fields, JSON, dates and time zones behave exactly as through the ORM.

They send no model signals and skip ``Model.save`` overrides: use them only for models whose
save does nothing more. ``insert_rows``/``update_rows`` (below) go further, writing values the
caller has already adapted, and refuse a model not declared ``around.written_around_orm``,
which the start-up check (``checks.py``) keeps free of save() overrides and save signals.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from typing import Any, TypeVar

from django.db import connection, models
from django.utils import timezone

from grassroots.kernel.db.around import declared_or_die

M = TypeVar("M", bound=models.Model)

_statements: dict[tuple[Any, ...], Any] = {}


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def _cached(key: tuple[Any, ...], build: Any) -> Any:
    key = (connection.vendor, *key)
    found = _statements.get(key)
    if found is None:
        found = _statements[key] = build()
    return found


def _converters(model: type[models.Model]) -> list[tuple[list[Any], Any]]:
    """Per concrete field: the converters a column read through the ORM goes through."""
    result = []
    for field in model._meta.concrete_fields:
        column = field.get_col(model._meta.db_table)
        found = connection.ops.get_db_converters(column) + field.get_db_converters(connection)
        result.append((found, column))
    return result


class _Loader:
    """Turns a slice of a result row into an instance of one model."""

    def __init__(self, model: type[models.Model], alias: str) -> None:
        self.model = model
        self.fields = list(model._meta.concrete_fields)
        self.attnames = [f.attname for f in self.fields]
        self.columns = ", ".join(f"{alias}.{_q(f.column)}" for f in self.fields)
        self.converters = _converters(model)
        self.pk_index = self.fields.index(model._meta.pk)

    def load(self, row: Sequence[Any], start: int) -> models.Model | None:
        values = list(row[start : start + len(self.fields)])
        if values[self.pk_index] is None:  # an outer join that found nothing
            return None
        for i, (converters, column) in enumerate(self.converters):
            for convert in converters:
                values[i] = convert(values[i], column, connection)
        return self.model.from_db(connection.alias, self.attnames, values)


def _where(
    model: type[models.Model], alias: str, names: Iterable[str], nulls: frozenset[str]
) -> str:
    terms = []
    for name in names:
        column = f"{alias}.{_q(model._meta.get_field(name).column)}"
        terms.append(f"{column} IS NULL" if name in nulls else f"{column} = %s")
    return " AND ".join(terms) or "1 = 1"


class _Fetch:
    """SELECT one row of ``model`` by equality, with foreign keys joined as select_related."""

    def __init__(
        self,
        model: type[models.Model],
        names: tuple[str, ...],
        nulls: frozenset[str],
        related: tuple[str, ...],
    ) -> None:
        meta = model._meta
        self.names = names
        self.base = _Loader(model, "t0")
        self.joins: list[tuple[str, str, _Loader]] = []  # (parent path, field name, loader)
        aliases = {"": "t0"}
        models_at: dict[str, type[models.Model]] = {"": model}
        sql_joins = []
        for path in related:
            parent, _, name = path.rpartition("__")
            field = models_at[parent]._meta.get_field(name)
            target = field.related_model
            alias = aliases[path] = f"t{len(aliases)}"
            models_at[path] = target
            sql_joins.append(
                f" LEFT JOIN {_q(target._meta.db_table)} {alias} ON {alias}."
                f"{_q(field.target_field.column)} = {aliases[parent]}.{_q(field.column)}"
            )
            self.joins.append((parent, name, _Loader(target, alias)))
        columns = ", ".join([self.base.columns, *(j[2].columns for j in self.joins)])
        self.sql = (
            f"SELECT {columns} FROM {_q(meta.db_table)} t0{''.join(sql_joins)} "
            f"WHERE {_where(model, 't0', names, nulls)} "
            f"ORDER BY t0.{_q(meta.pk.column)} LIMIT 1"
        )
        self.bound = [(n, meta.get_field(n)) for n in names if n not in nulls]

    def run(self, values: dict[str, Any]) -> models.Model | None:
        params = [f.get_db_prep_value(values[n], connection) for n, f in self.bound]
        with connection.cursor() as cursor:
            cursor.execute(self.sql, params)
            row = cursor.fetchone()
        if row is None:
            return None
        found = {"": self.base.load(row, 0)}
        start = len(self.base.fields)
        for parent, name, loader in self.joins:
            related = loader.load(row, start)
            start += len(loader.fields)
            owner = found[parent]
            path = f"{parent}__{name}" if parent else name
            found[path] = related
            if owner is not None:
                owner._meta.get_field(name).set_cached_value(owner, related)
        return found[""]


def first(model: type[M], *, related: tuple[str, ...] = (), **equal: Any) -> M | None:
    """Like ``model.objects.select_related(*related).filter(**equal).first()``.

    ``equal`` names fields (``code=...``; ``None`` means IS NULL); ``related`` names foreign
    keys to load with it, nested ones after their parent (``"account", "account__org_node"``).
    """
    nulls = frozenset(k for k, v in equal.items() if v is None)
    names = tuple(sorted(equal))
    fetch = _cached(
        ("first", model, names, nulls, related), lambda: _Fetch(model, names, nulls, related)
    )
    return fetch.run(equal)  # type: ignore[return-value]


def pluck(model: type[models.Model], field: str, **equal: Any) -> list[Any]:
    """Like ``values_list(field, flat=True).filter(**equal)``, for a text or number column."""
    names = tuple(sorted(equal))

    def build() -> tuple[list[tuple[str, Any]], str]:
        meta = model._meta
        where = _where(model, "t0", names, frozenset())
        sql = (
            f"SELECT t0.{_q(meta.get_field(field).column)} FROM {_q(meta.db_table)} t0 "
            f"WHERE {where}"
        )
        return [(n, meta.get_field(n)) for n in names], sql

    bound, sql = _cached(("pluck", model, field, names), build)
    params = [f.get_db_prep_value(equal[n], connection) for n, f in bound]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


def _insert_statement(model: type[models.Model]) -> tuple[list[Any], str]:
    meta = model._meta
    if meta.parents:
        raise TypeError(f"{model.__name__}: multi-table models are not supported")
    fields = [f for f in meta.local_concrete_fields if f is not meta.auto_field]
    placeholders = ", ".join(["%s"] * len(fields))
    sql = (
        f"INSERT INTO {_q(meta.db_table)} ({', '.join(_q(f.column) for f in fields)}) "
        f"VALUES ({placeholders})"
    )
    if meta.auto_field is not None and connection.features.can_return_columns_from_insert:
        sql += f" RETURNING {_q(meta.auto_field.column)}"
    return fields, sql


def insert(obj: M) -> M:
    """INSERT one new instance, setting its primary key, as ``save(force_insert=True)`` would
    (field defaults and ``auto_now_add`` included) but with the statement written once."""
    model = type(obj)
    declared_or_die(model)
    fields, sql = _cached(("insert", model), lambda: _insert_statement(model))
    params = [f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields]
    auto = model._meta.auto_field
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        if auto is not None:
            returning = connection.features.can_return_columns_from_insert
            setattr(obj, auto.attname, cursor.fetchone()[0] if returning else cursor.lastrowid)
    obj._state.adding = False
    obj._state.db = connection.alias
    return obj


def add(model: type[models.Model], key: dict[str, Any], deltas: dict[str, int]) -> int:
    """``UPDATE ... SET n = n + delta`` on the rows matching ``key``; the number of rows."""
    declared_or_die(model)
    names, counters = tuple(sorted(key)), tuple(sorted(deltas))

    def build() -> tuple[list[tuple[str, Any]], str]:
        meta = model._meta
        sets = ", ".join(
            f"{_q(c)} = {_q(c)} + %s" for c in (meta.get_field(n).column for n in counters)
        )
        where = " AND ".join(f"{_q(meta.get_field(n).column)} = %s" for n in names)
        return [(n, meta.get_field(n)) for n in names], (
            f"UPDATE {_q(meta.db_table)} SET {sets} WHERE {where}"
        )

    bound, sql = _cached(("add", model, names, counters), build)
    params = [deltas[c] for c in counters]
    params += [f.get_db_prep_value(key[n], connection) for n, f in bound]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


# --- many rows at once --------------------------------------------------------------------------
# Raw INSERT/UPDATE of values already adapted for the driver: no field ``pre_save``, no
# ``save()``, no signals. For bulk writers (the registry import) that compute every value
# themselves; the model must be declared ``written_around_orm`` (checked here and at start-up).


def insert_rows(
    model: type[models.Model], columns: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    """INSERT ``rows`` (values in ``columns`` order, already adapted) into ``model``'s table."""
    if not rows:
        return
    declared_or_die(model)
    table = model._meta.db_table
    names = ", ".join(f'"{c}"' for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # COPY: one stream instead of a statement a row
            with (
                connection.wrap_database_errors,
                cursor.cursor.copy(f'COPY "{table}" ({names}) FROM STDIN') as copy,
            ):
                for row in rows:
                    copy.write_row(row)
            return
        marks = ", ".join(["%s"] * len(columns))
        cursor.executemany(f'INSERT INTO "{table}" ({names}) VALUES ({marks})', rows)  # noqa: S608


def update_rows(
    model: type[models.Model], columns: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    """UPDATE ``columns`` by id: each row is the new values followed by the id."""
    if not rows:
        return
    declared_or_die(model)
    table = model._meta.db_table
    sets = ", ".join(f'"{c}" = %s' for c in columns)
    with connection.cursor() as cursor:
        cursor.executemany(f'UPDATE "{table}" SET {sets} WHERE id = %s', rows)  # noqa: S608


class Adapt:
    """Python values as the database driver wants them in raw SQL (dates as text on SQLite)."""

    def __init__(self) -> None:
        ops = connection.ops
        self.now = ops.adapt_datetimefield_value(timezone.now())
        self._date = ops.adapt_datefield_value
        self.dates_as_text = connection.vendor == "sqlite"  # SQLite stores ISO text
        self.json_empty = "{}"

    def date(self, value: datetime.date | None) -> Any:
        return self._date(value) if value is not None else None

    def iso_date(self, text: str | None) -> Any:
        """A date given as ISO text (as the planner sends it)."""
        if text is None or self.dates_as_text:
            return text
        return datetime.date.fromisoformat(text)
