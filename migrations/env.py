"""Alembic environment for sbpdesk: batch mode on SQLite, the models' metadata as target.

The app passes its own connection in `config.attributes["connection"]` (see
sbpdesk.db.migrate); the alembic CLI gets a URL with `-x url=…`.
"""
from __future__ import annotations

from alembic import context

from sbpdesk.db.engine import open_engine
from sbpdesk.db.models import Base


def _run(connection) -> None:
    context.configure(connection=connection, target_metadata=Base.metadata,
                      render_as_batch=connection.dialect.name == "sqlite",
                      compare_type=True)
    with context.begin_transaction():
        context.run_migrations()


connection = context.config.attributes.get("connection")
if connection is not None:
    _run(connection)
elif context.is_offline_mode():
    context.configure(url=context.get_x_argument(as_dictionary=True)["url"],
                      target_metadata=Base.metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    engine = open_engine(context.get_x_argument(as_dictionary=True)["url"])
    with engine.connect() as conn:
        _run(conn)
