"""Opening a book already at head reads its revision with plain SQL and the scripts' text,
without importing Alembic (issue 7: start-up); the text agrees with what Alembic reads."""
from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap

from alembic.script import ScriptDirectory

from sbpdesk import paths
from sbpdesk.db import migrate
from sbpdesk.db.engine import open_engine


def test_scripts_read_as_text_agree_with_alembic():
    script = ScriptDirectory.from_config(migrate.alembic_config())
    revisions = migrate.script_revisions()
    assert revisions is not None
    assert set(revisions) == {rev.revision for rev in script.walk_revisions()}
    for rev in script.walk_revisions():
        down = rev.down_revision
        assert revisions[rev.revision] == (() if down is None else (down,)
                                           if isinstance(down, str) else tuple(down))
    assert migrate.head_revision() == script.get_current_head()


def test_unreadable_script_falls_back_to_alembic(tmp_path, monkeypatch):
    folder = tmp_path / "migrations"
    shutil.copytree(paths.migrations_dir(), folder, ignore=shutil.ignore_patterns("__pycache__"))
    head = migrate.head_revision()
    (folder / "versions" / "9998_computed.py").write_text(textwrap.dedent(f'''
        revision = "99" + "98"
        down_revision = "{head}"
        branch_labels = None
        depends_on = None

        def upgrade():
            pass

        def downgrade():
            pass
    '''))
    monkeypatch.setenv("SBPDESK_MIGRATIONS", str(folder))
    assert migrate.script_revisions() is None
    assert migrate.head_revision() == "9998"


def test_book_without_version_table_has_no_revision(tmp_path):
    engine = open_engine(tmp_path / "empty.sqlite")
    assert migrate.current_revision(engine) is None
    assert migrate.pending(engine)
    engine.dispose()


def test_opening_a_book_at_head_does_not_import_alembic(office):
    office.close()
    code = textwrap.dedent(f"""
        import sys
        from sbpdesk.services.books import open_book
        open_book({str(office.data_dir)!r}).close()
        print(sorted(m for m in sys.modules if m.split('.')[0] == 'alembic'))
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, timeout=120).stdout.strip()
    assert out == "[]"
    assert not paths.backups_dir(office.data_dir).exists()
