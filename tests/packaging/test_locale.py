"""The program starts under any locale encoding: a Vietnamese Windows reads text files as
cp1258 unless told otherwise, and configparser (Alembic's alembic.ini) is not told. The frozen
build found it (no UTF-8 mode, no locale: 'ascii' codec can't decode)."""
from __future__ import annotations

import os
import subprocess
import sys


def test_migration_config_reads_under_an_ascii_locale(tmp_path):
    code = ("from sbpdesk.db import migrate; cfg = migrate.alembic_config(); "
            "cfg.file_config; print(migrate.head_revision())")
    env = {**os.environ, "LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0",
           "PYTHONCOERCECLOCALE": "0"}
    done = subprocess.run([sys.executable, "-X", "utf8=0", "-c", code], env=env, cwd=tmp_path,
                          capture_output=True, text=True, encoding="utf-8")
    assert done.returncode == 0, done.stderr[-800:]
