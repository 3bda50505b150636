"""Build tests/migrations/fixtures/releases/<rev>/ with an earlier release's own program.

    .venv/bin/python -m tests.migrations.make_release_books [REV …]   (default: all missing)

For each schema revision's release (old_release.RELEASES), that release's code — taken from
git, run in a subprocess — builds its demo pair (`sbpdesk demo --role point`: an office and
a laptop enrolled at it through enrolment files, 4 households, one year, seed 1), records a
practice session on the laptop where the release has `demo-session`, exports the laptop's
bundle to the office, and prints both books' portfolio at AS_OF. Stored: `office.sqlite.gz`,
`point.sqlite.gz` (one self-contained file each), `point-to-office.sbpbundle`, and
`release.json` (commit, version, the old program's portfolio figures; for 0004, taken down
from 80885fb's 0005 after the figures: old_release.py). Never rebuilt: these
are what the old programs wrote; a new schema revision gets a new folder.
"""
from __future__ import annotations

import gzip
import json
import shutil
import sqlite3
import sys
import tempfile
from pathlib import Path

from tests.migrations.old_release import OLD_VERSION, RELEASES, downgrade, extract, run_old

FIXTURES = Path(__file__).parent / "fixtures" / "releases"
DEMO_AS_OF = "2026-05-31"
AS_OF = "2026-06-30"        # after the practice session
PASSWORD = "demo"


def _has_command(tree: Path, name: str) -> bool:
    return run_old(tree, name, "--help", check=False).returncode == 0


def _store(book: Path, target: Path) -> None:
    conn = sqlite3.connect(book)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("PRAGMA journal_mode=DELETE")
    conn.execute("VACUUM")
    conn.close()
    with open(book, "rb") as src, gzip.open(target, "wb", compresslevel=9) as out:
        shutil.copyfileobj(src, out)


def build(rev: str, target: Path) -> None:
    commit, cut = RELEASES[rev]
    with tempfile.TemporaryDirectory(prefix=f"sbpdesk-release-{rev}-") as tmp:
        tree = extract(commit, Path(tmp) / "tree")
        data = Path(tmp) / "demo"
        run_old(tree, "demo", "--role", "point", "--data-dir", str(data), "--households", "4",
                "--years", "1", "--seed", "1", "--as-of", DEMO_AS_OF)
        session = None
        if _has_command(tree, "demo-session"):
            session = json.loads(run_old(tree, "demo-session", "--data-dir",
                                         str(data / "point")).stdout)
        usb = Path(tmp) / "usb"
        usb.mkdir()     # before 3dd73d7, --out to a missing folder wrote a file of that name
        export = json.loads(run_old(tree, "bundle", "export", "--data-dir", str(data / "point"),
                                    "--to", "office", "--out", str(usb), "--user", "teller",
                                    password=PASSWORD).stdout)
        figures = {role: json.loads(run_old(tree, "report", "portfolio", "--data-dir",
                                            str(data / role), "--as-of", AS_OF).stdout)
                   for role in ("office", "point")}
        target.mkdir(parents=True)
        for role in ("office", "point"):
            if cut:
                downgrade(tree, data / role / "book.sqlite", rev)
            _store(data / role / "book.sqlite", target / f"{role}.sqlite.gz")
        bundle = Path(export.get("bundle") or next(usb.glob("*.sbpbundle")))
        shutil.copyfile(bundle, target / "point-to-office.sbpbundle")
        export["bundle"] = bundle.name
        (target / "release.json").write_text(json.dumps({
            "revision": rev, "commit": commit, "version": OLD_VERSION,
            "downgraded_to": rev if cut else None, "demo_as_of": DEMO_AS_OF,
            "as_of": AS_OF, "password": PASSWORD, "practice_session": session,
            "bundle": export, "portfolio": figures}, ensure_ascii=False, indent=1,
            sort_keys=True) + "\n", "utf-8")


if __name__ == "__main__":
    wanted = sys.argv[1:] or sorted(RELEASES)
    for rev in wanted:
        out = FIXTURES / rev
        if out.exists():
            print(f"{out} exists: books of released schemas are never rebuilt")
            continue
        build(rev, out)
        print(out, sorted(p.name for p in out.iterdir()))
