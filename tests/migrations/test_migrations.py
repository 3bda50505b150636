"""Schema migrations: stored books upgrade with their rows intact, a pending migration backs
the file up first, a newer book is refused untouched, and models and migrations agree."""
from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
import sys
import textwrap
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from sbpdesk import paths
from sbpdesk.db import migrate
from sbpdesk.db.engine import open_engine
from sbpdesk.db.models import Base
from sbpdesk.domain.errors import DomainError
from sbpdesk.services import check, customers, prints, reference
from sbpdesk.services.books import open_book

FIXTURES = Path(__file__).parent / "fixtures"


def _copy(name: str, data_dir: Path) -> Path:
    data_dir.mkdir(parents=True, exist_ok=True)
    target = paths.book_path(data_dir)
    shutil.copyfile(FIXTURES / name, target)
    return target


@pytest.mark.parametrize("fixture", sorted(p.name for p in FIXTURES.glob("*.sqlite")))
def test_stored_book_upgrades_with_its_rows(tmp_path, fixture):
    _copy(fixture, tmp_path)
    book = open_book(tmp_path, user="teller", password="demo")
    assert migrate.current_revision(book.engine) == migrate.head_revision()
    assert [p.code for p in reference.list_points(book)] == ["P01", "P02"]
    (hoa,) = customers.search_persons(book, "dang thi hoa")
    assert hoa.id_number == "068185000456"
    if fixture >= "0006":     # card dates kept (decision 0155): issued at 36, to 40
        assert hoa.id_expiry == dt.date(2025, 1, 1)
    if fixture >= "0007":     # the register keeps the paper (issue 15)
        (row,) = prints.history(book, "authorisation", hoa.household_id)
        assert (row.user, row.paper, row.count) == ("teller", "a4", 1)
    report = check.check_book(book, replay=True)
    assert report.ok, report.lines("en")
    book.close()


def test_prints_recorded_before_the_register_kept_the_paper_have_none(tmp_path):
    """0007 adds print_log.paper (issue 15): an earlier print keeps its row, paper unknown;
    the next print records its paper, and the copy numbers go on."""
    path = _copy("0006.sqlite", tmp_path)
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO print_log (document, key, count, printed_at, user) "
                 "VALUES ('receipt', 'P01-1', 1, '2026-03-01T02:00:00+00:00', 'teller')")
    conn.commit()
    conn.close()
    book = open_book(tmp_path, user="teller", password="demo")
    try:
        assert prints.record_print(book, "receipt", "P01-1", paper="thermal") == 1
        assert [(r.count, r.user, r.paper) for r in prints.history(book, "receipt", "P01-1")
                ] == [(1, "teller", None), (2, "teller", "thermal")]
    finally:
        book.close()


def _dump(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def test_newer_book_is_refused_untouched(tmp_path):
    path = _copy("0001.sqlite", tmp_path)
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.close()
    before = _dump(path)
    with pytest.raises(DomainError) as err:
        open_book(tmp_path, user="admin", password="demo")
    assert err.value.code == "book_newer"
    assert "phiên bản sbpdesk mới hơn" in err.value.vi and "newer sbpdesk" in err.value.en
    assert _dump(path) == before  # (the file may be switched to WAL; its content is not)
    assert not paths.backups_dir(tmp_path).exists()


def test_no_backup_when_nothing_is_pending(office):
    office.close()
    open_book(office.data_dir).close()
    assert not paths.backups_dir(office.data_dir).exists()


@pytest.fixture
def migrations_with_0002(tmp_path, monkeypatch):
    """A copy of the shipped scripts plus a later revision 9999 adding a column."""
    head = migrate.head_revision()
    folder = tmp_path / "migrations"
    shutil.copytree(paths.migrations_dir(), folder,
                    ignore=shutil.ignore_patterns("__pycache__"))
    (folder / "versions" / "9999_test.py").write_text(textwrap.dedent(f'''
        import sqlalchemy as sa
        from alembic import op
        revision = "9999"
        down_revision = "{head}"
        branch_labels = None
        depends_on = None

        def upgrade():
            with op.batch_alter_table("person") as batch:
                batch.add_column(sa.Column("nickname", sa.String(50)))

        def downgrade():
            with op.batch_alter_table("person") as batch:
                batch.drop_column("nickname")
    '''))
    monkeypatch.setenv("SBPDESK_MIGRATIONS", str(folder))
    return folder


def test_pending_migration_backs_up_first(tmp_path, migrations_with_0002):
    data_dir = tmp_path / "book"
    _copy("0001.sqlite", data_dir)
    engine = open_engine(paths.book_path(data_dir))
    assert migrate.pending(engine)
    backup = migrate.upgrade_book(engine, data_dir)
    assert backup.parent == paths.backups_dir(data_dir) and "rev0001" in backup.name
    with sqlite3.connect(backup) as old:
        assert old.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
        assert old.execute("SELECT full_name FROM person").fetchone() == ("Đặng Thị Hoa",)
    old.close()
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == "9999"
        assert conn.exec_driver_sql("SELECT full_name, nickname FROM person").one() == (
            "Đặng Thị Hoa", None)
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    assert not migrate.pending(engine)
    engine.dispose()


def _no_diffs(engine):
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        return compare_metadata(ctx, Base.metadata)


def test_models_and_migrations_agree_on_sqlite(tmp_path):
    engine = open_engine(tmp_path / "book.sqlite")
    migrate.upgrade_book(engine, tmp_path)
    assert _no_diffs(engine) == []
    engine.dispose()


def test_models_and_migrations_agree_on_postgresql(pg_url, tmp_path):
    engine = open_engine(pg_url)
    migrate.upgrade_book(engine, tmp_path)
    assert _no_diffs(engine) == []
    engine.dispose()


def test_migrations_are_found_in_a_frozen_bundle(tmp_path, monkeypatch):
    bundle = tmp_path / "_internal"
    shutil.copytree(paths.migrations_dir(), bundle / "migrations")
    monkeypatch.delenv("SBPDESK_MIGRATIONS", raising=False)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(bundle), raising=False)
    assert paths.migrations_dir() == bundle / "migrations"
    shipped = sorted(p.name[:4] for p in (bundle / "migrations" / "versions").glob("[0-9]*.py"))
    assert migrate.head_revision() == shipped[-1]
