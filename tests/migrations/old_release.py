"""Run an earlier release of sbpdesk: its own code, from git, in a subprocess.

`extract(commit, into)` writes the commit's `sbpdesk/`, `migrations/` and `resources/` (git
archive) and a dist-info declaring the version that release declared (0.1.0: pyproject.toml
before versions came from tags), so the old code reports its own version in manifests.
`run_old(tree, *args)` runs `python -m sbpdesk ARGS` on that tree with this interpreter and
its libraries (the old releases need nothing newer or older): PYTHONPATH puts the old tree
before the installed sbpdesk. Used by make_release_books.py (the stored books) and by
test_old_release_exchange.py (an old laptop reading what a new office writes).

The releases: the last commit writing each schema revision (RELEASES). 0004 never shipped
alone (80885fb added 0004 and 0005 together, and its code needs 0005's table): its books
are made by 80885fb and then taken down to 0004 by that release's own migration scripts
(`downgrade`), the nearest thing to a 0004 release.
"""
from __future__ import annotations

import io
import os
import subprocess
import sys
import tarfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OLD_VERSION = "0.1.0"


# schema revision -> (commit, whether the books are downgraded to that revision)
RELEASES: dict[str, tuple[str, bool]] = {
    "0001": ("cface76", False),     # before ab6068b added 0002
    "0002": ("678e0ac", False),     # before c7082fd added 0003
    "0003": ("33e0ad2", False),     # before 80885fb added 0004 and 0005
    "0004": ("80885fb", True),      # 80885fb's books, downgraded to 0004 by its scripts
    "0005": ("3dd73d7", False),     # main before versions from tags (this change)
    "0006": ("8d655e9", False),     # card dates (decision 0155)
    "0007": ("c5d9cbb", False),     # print_log.paper (issue 15); books by 483fdea, same tree
    "0008": ("f8b59c3", False),     # village code, TK 105 number (issue 17); books by b188a0a
}


def history_available(commit: str) -> bool:
    done = subprocess.run(["git", "cat-file", "-e", f"{commit}^{{commit}}"], cwd=ROOT,
                          capture_output=True)
    return done.returncode == 0


def extract(commit: str, into: Path) -> Path:
    """The commit's program in `into` (made)."""
    into.mkdir(parents=True, exist_ok=True)
    archive = subprocess.run(["git", "archive", "--format=tar", commit, "sbpdesk", "migrations",
                              "resources"], cwd=ROOT, capture_output=True, check=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into)    # our own repository's archive (3.11.2 has no filter=)
    info = into / f"sbpdesk-{OLD_VERSION}.dist-info"
    info.mkdir(exist_ok=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: sbpdesk\n"
                                   f"Version: {OLD_VERSION}\n", "utf-8")
    return into


def old_env(tree: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SBPDESK_")}
    env.update(PYTHONPATH=str(tree), QT_QPA_PLATFORM="offscreen",
               SBPDESK_MIGRATIONS=str(tree / "migrations"), **extra)
    return env


def run_old(tree: Path, *args: str, password: str | None = None,
            check: bool = True) -> subprocess.CompletedProcess:
    extra = {"SBPDESK_PASSWORD": password} if password is not None else {}
    done = subprocess.run([sys.executable, "-m", "sbpdesk", *args], cwd=tree,
                          env=old_env(tree, **extra), capture_output=True, text=True,
                          encoding="utf-8", timeout=900)
    if check and done.returncode != 0:
        raise RuntimeError(f"old sbpdesk {' '.join(args)}: {done.stderr[-2000:]}")
    return done


DOWNGRADE = """
import sys
from alembic import command
from sbpdesk.db import migrate
from sbpdesk.db.engine import open_engine
engine = open_engine(sys.argv[1])
cfg = migrate.alembic_config()
with engine.connect() as conn:
    cfg.attributes["connection"] = conn
    command.downgrade(cfg, sys.argv[2])
    conn.commit()
engine.dispose()
"""


def downgrade(tree: Path, book: Path, revision: str) -> None:
    """Take `book` down to `revision` with the old release's own migration scripts."""
    subprocess.run([sys.executable, "-c", DOWNGRADE, str(book), revision], cwd=tree,
                   env=old_env(tree), check=True, capture_output=True, timeout=300)
