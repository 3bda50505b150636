"""Many rows in one statement: inserts, updates and deletes of plain rows, bound once;
IN lists bound as one parameter.

`Session.execute(insert(table), rows)` sends every row through SQLAlchemy's parameter
handling (a dict built per row, then turned into the driver's tuple), which was a tenth of
an office import (decision 0046). Here each statement is compiled once per dialect, each
value goes through its column type's own bind processor (`TypeEngine.bind_processor`, what
SQLAlchemy itself applies), and the rows go to the driver's `executemany` through
`Connection.exec_driver_sql`: the same SQL and the same values, on SQLite and PostgreSQL.
Callers write around the ORM: pending ORM changes are flushed first, and objects the
session holds for the rows written are theirs to expire.

On PostgreSQL inserts go through `COPY … FROM STDIN` instead (decision 0091): the same
processed values, streamed in one command, where `executemany` sends one INSERT message per
row and was a third of a bundle import into a PostgreSQL office.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from operator import itemgetter
from typing import Any

from sqlalchemy import (
    BindParameter,
    Boolean,
    String,
    Table,
    any_,
    bindparam,
    delete,
    insert,
    update,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.visitors import InternalTraversal

_compiled: dict[tuple, tuple[str, tuple[str, ...], tuple, bool]] = {}


def ids() -> BindParameter:
    """An IN list bound as one parameter named "ids": the statement is built and cached
    once, not once per value (imports look up thousands of ids)."""
    return bindparam("ids", expanding=True)


class InIds(ColumnElement[bool]):
    """`column` is one of the list bound as "ids": `column IN (…)` on SQLite (`ids`), `column
    = ANY(:ids)` on PostgreSQL — one array parameter, where an IN list sends one parameter
    per value in a statement text that grows with it (psycopg parses a text over 4 KB
    again at every call, the server plans each length apart; decisions 0270, 0280)."""

    inherit_cache = True
    type = Boolean()
    _is_implicitly_boolean = True     # a condition: no "= 1" where booleans are integers
    _traverse_internals = [("column", InternalTraversal.dp_clauseelement)]

    def __init__(self, column: ColumnElement[Any]) -> None:
        self.column = column


def in_ids(column: Any) -> InIds:
    """`column.in_(ids())`, bound as an array on PostgreSQL (`InIds`)."""
    return InIds(column.expression if hasattr(column, "expression") else column)


@compiles(InIds)
def _in_list(element: InIds, compiler: Any, **kw: Any) -> str:
    return compiler.process(element.column.in_(ids()), **kw)


@compiles(InIds, "postgresql")
def _any_array(element: InIds, compiler: Any, **kw: Any) -> str:
    # A string column's array without its length: the cast to varchar(n)[] would cut a
    # longer id short, and it would match the stored id it starts with.
    kind = element.column.type
    kind = String() if isinstance(kind, String) else kind
    return compiler.process(element.column == any_(bindparam("ids", type_=ARRAY(kind))), **kw)


def insert_rows(db: Session, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """INSERT `rows` (dicts with the same keys); columns they lack that have a scalar
    default in the model get it, as SQLAlchemy's own insert would give it."""
    if rows:
        defaults = {c.name: c.default.arg for c in table.c if c.name not in rows[0]
                    and c.default is not None and c.default.is_scalar}
        if defaults:
            rows = [{**defaults, **r} for r in rows]
        columns = tuple(rows[0])
        if db.get_bind().dialect.name == "postgresql":
            return _copy(db, table, columns, rows)
        _run(db, ("insert", table.name, columns),
             lambda: insert(table).values({c: bindparam(c, type_=table.c[c].type)
                                           for c in columns}), rows)


def update_rows(db: Session, table: Table, keys: tuple[str, ...], columns: tuple[str, ...],
                rows: Sequence[dict[str, Any]]) -> None:
    """UPDATE `columns` of the rows whose `keys` columns hold each row's values."""
    if rows:   # the rows themselves: bind "k_<key>" and "v_<column>" read <key>, <column>
        _run(db, ("update", table.name, keys, columns), lambda: update(table).where(
            *(table.c[k] == bindparam("k_" + k, type_=table.c[k].type) for k in keys)).values(
            {c: bindparam("v_" + c, type_=table.c[c].type) for c in columns}), rows,
            prefixed=True)


def delete_rows(db: Session, table: Table, keys: tuple[str, ...],
                rows: Sequence[dict[str, Any]]) -> None:
    """DELETE the rows whose `keys` columns hold each row's values."""
    if rows:
        _run(db, ("delete", table.name, keys), lambda: delete(table).where(
            *(table.c[k] == bindparam("k_" + k, type_=table.c[k].type) for k in keys)), rows,
            prefixed=True)


def _run(db: Session, key: tuple, build: Callable[[], Any],
         params: Sequence[dict[str, Any]], *, prefixed: bool = False) -> None:
    """`prefixed`: the statement's bind names carry a two-letter prefix ("k_", "v_") that
    the rows' keys do not (an update's key and value of one column are two binds)."""
    db.flush()
    conn = db.connection()
    sql, names, processors, positional = _statement(conn.dialect, key, build)
    fields = tuple(n[2:] for n in names) if prefixed else names
    if positional:
        get = itemgetter(*fields) if len(fields) > 1 else (lambda r: (r[fields[0]],))
        rows: list = [get(r) for r in params]
        if processors:
            rows = [_processed(list(row), processors) for row in rows]
    else:
        rows = [{n: r[f] for n, f in zip(names, fields, strict=True)} for r in params]
        for row in rows:
            for n, p in processors:
                row[n] = p(row[n])
    conn.exec_driver_sql(sql, rows)


def _copy(db: Session, table: Table, columns: tuple[str, ...],
          rows: Sequence[dict[str, Any]]) -> None:
    """The rows into `table` by COPY, on the session's own connection and transaction; each
    value through its column type's bind processor, as `_run` does."""
    db.flush()
    conn = db.connection()
    dialect = conn.dialect
    processors = [(i, p) for i, c in enumerate(columns)
                  if (p := table.c[c].type.dialect_impl(dialect).bind_processor(dialect))]
    get = itemgetter(*columns) if len(columns) > 1 else (lambda r: (r[columns[0]],))
    names = ", ".join(dialect.identifier_preparer.quote(c) for c in columns)
    sql = f"COPY {dialect.identifier_preparer.format_table(table)} ({names}) FROM STDIN"
    try:
        with conn.connection.driver_connection.cursor() as cur, cur.copy(sql) as copy:
            for r in rows:
                copy.write_row(_processed(list(get(r)), processors) if processors else get(r))
    except dialect.loaded_dbapi.Error as exc:   # raised as SQLAlchemy's statements raise it
        raise DBAPIError.instance(sql, None, exc, dialect.loaded_dbapi.Error,
                                  dialect=dialect) from exc


def _processed(row: list, processors) -> tuple:
    for i, p in processors:
        row[i] = p(row[i])
    return tuple(row)


def _statement(dialect, key: tuple, build: Callable[[], Any]):
    """(SQL, bind names in order, [(position or name, processor)] where the column's type
    converts its values for this driver, positional?) — compiled once per dialect."""
    found = _compiled.get((dialect.name, dialect.driver, key))
    if found is None:
        compiled = build().compile(dialect=dialect)
        names = tuple(compiled.positiontup) if compiled.positional else tuple(compiled.binds)
        processors = []
        for i, n in enumerate(names):
            p = compiled.binds[n].type.dialect_impl(dialect).bind_processor(dialect)
            if p is not None:
                processors.append((i if compiled.positional else n, p))
        found = (compiled.string, names, tuple(processors), compiled.positional)
        _compiled[(dialect.name, dialect.driver, key)] = found
    return found
