"""The kill harness: SIGKILL a real sbpdesk process at a random moment, then check the book.

    python tests/harness/kill.py --trials 200 [--seed 1] [--work DIR] [--encrypted]

Builds a small demo (an office and a laptop enrolled at it, demo/point.py) once, then for
each trial copies it, starts a child process doing one piece of work and kills it (SIGKILL,
as a power cut would) after a random delay within that work's measured duration. Work, in
turn: `practice` (a whole session at the point: open, disbursement, group collections,
reversal, close — posting and session close), `export` (the laptop's bundle to a folder),
`import` (the office importing that bundle) and `post` (`sbpdesk post` with an idempotency
key at the office). After the kill, on the copy:
- `check --replay` passes on every book the child wrote (nothing half-done: every
  transaction is all or nothing, snapshots equal the replay);
- import: the office holds all of the bundle's operations or none of them;
- export: a file with a bundle's name is a complete bundle the office can import;
- post: running the command again with the same key leaves exactly one operation;
- practice: running it again finishes the session (it resumes) and the books still check.
With `--encrypted` both books are encrypted (SQLCipher, decision 0200) before the trials;
every process then opens them with the administrator's password, as the command line does.
Prints one JSON line per trial and a summary; exit 1 if any trial failed. POSIX only.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
AS_OF = dt.date(2026, 3, 15)
PW = "demo"
WORKS = ("practice", "export", "import", "post")
ORG = {"code": "HND-KILL", "kind": "farmers", "name": "Hội Nông dân (kill)",
       "point_code": "BB01"}


def _books(root: Path, clock: bool = True):
    from sbpdesk.services import atrest, books, context
    moment = dt.datetime.combine(AS_OF, dt.time(10), context.VIETNAM)
    at = (lambda: moment) if clock else None
    # an encrypted book is unlocked by a sign-in (the administrator's, as the CLI's)
    sign = {"user": "admin", "password": PW} if atrest.is_encrypted(root / "point") else {}
    return (books.open_book(root / "point", clock=at, **sign),
            books.open_book(root / "office", clock=at, **sign))


def _fast():
    """Test-strength key derivation, as in the test suite (the harness is about crashes)."""
    from argon2 import PasswordHasher

    from sbpdesk.services import auth
    from sbpdesk.sync import enrol, keys
    enrol.WRAP_PARAMS = keys.KDF_FAST_FOR_TESTS
    auth._hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


# ---------------------------------------------------------------- the child's work

def _ready() -> None:
    """Imports done and books open: the kill window starts now."""
    sys.stdout.write("ready\n")
    sys.stdout.flush()


def child(work: str, root: Path) -> None:
    _fast()
    from sbpdesk.demo import practice
    from sbpdesk.sync import enrol, exchange
    if work == "post":
        from sbpdesk.cli import backup, book, demo, printing, reports, sync  # noqa: F401
        from sbpdesk.cli.main import main
        from sbpdesk.services import idempotency  # noqa: F401
        os.environ.update(SBPDESK_USER="admin", SBPDESK_PASSWORD=PW)
        (root / "org.json").write_text(json.dumps(ORG, ensure_ascii=False), "utf-8")
        _ready()
        sys.exit(main(["post", "organisation.define", "--json", str(root / "org.json"),
                       "--key", "kill-org", "--data-dir", str(root / "office")]))
    laptop, office = _books(root)
    _ready()
    if work == "practice":
        practice.record_practice_session(laptop, seed=3)
    elif work == "export":
        laptop.sign_in("admin", PW)
        exchange.export_bundle(laptop, enrol.book_keys(laptop, "admin", PW), "office",
                               root / "usb")
    elif work == "import":
        office.sign_in("admin", PW)
        exchange.import_bundle(office, enrol.book_keys(office, "admin", PW),
                               next((root / "ready").glob("*.sbpbundle")))
    laptop.close()
    office.close()


# ---------------------------------------------------------------- set-up and checks

def build(template: Path, encrypted: bool = False) -> None:
    """The demo, plus (for `import`) a bundle of one practice session ready in `ready/`."""
    _fast()
    from sbpdesk.demo import point as demo_point
    from sbpdesk.demo import practice
    from sbpdesk.services import encryption
    from sbpdesk.sync import enrol, exchange
    demo_point.build_point_demo(template, households=40, years=1, seed=2, as_of=AS_OF)
    if encrypted:
        for name in ("point", "office"):
            encryption.encrypt(template / name, "admin", PW)
    staged = template.parent / "staged"
    shutil.copytree(template, staged)
    laptop, office = _books(staged)
    practice.record_practice_session(laptop, seed=3)
    laptop.sign_in("admin", PW)
    exchange.export_bundle(laptop, enrol.book_keys(laptop, "admin", PW), "office",
                           template / "ready")
    laptop.close()
    office.close()
    shutil.rmtree(staged)


def _count(book, origin: str | None = None) -> int:
    from sqlalchemy import func, select

    from sbpdesk.db.models import Operation
    q = select(func.count()).select_from(Operation)
    if origin is not None:
        q = q.where(Operation.origin == origin)
    n = book.db.scalar(q)
    book.end_read()
    return n


def _ok(book) -> bool:
    from sbpdesk.services.check import check_book
    report = check_book(book, replay=True)
    book.end_read()
    return report.ok


def _closed_today(book) -> bool:
    from sqlalchemy import select

    from sbpdesk.db.models import Session as SessionModel
    row = book.db.scalar(select(SessionModel.id).where(
        SessionModel.business_date == AS_OF, SessionModel.status == "closed"))
    book.end_read()
    return row is not None


def check(work: str, root: Path, before: dict) -> list[str]:
    """What is wrong with the books after a kill (empty: nothing)."""
    _fast()
    from sbpdesk.sync import enrol, exchange
    problems = []
    laptop, office = _books(root)
    try:
        for name, book in (("laptop", laptop), ("office", office)):
            if not _ok(book):
                problems.append(f"{name}: check --replay failed")
        if work == "import":
            n = _count(office, laptop.origin)
            if n not in (before["office_laptop_ops"], before["office_laptop_ops"]
                         + before["bundle_ops"]):
                problems.append(f"import half-done: {n} laptop ops at the office")
        if work == "export":
            for path in (root / "usb").glob("*.sbpbundle") if (root / "usb").exists() else ():
                office.sign_in("admin", PW)
                exchange.import_bundle(office, enrol.book_keys(office, "admin", PW), path)
                if not _ok(office):
                    problems.append("office fails its check after importing the export")
        if work == "practice" and not _closed_today(laptop):   # else it had finished
            from sbpdesk.demo import practice
            s = practice.record_practice_session(laptop, seed=3)   # resumes, or starts
            if not _ok(laptop) or s.counted_total != s.expected_cash:
                problems.append("practice did not finish cleanly after the kill")
    finally:
        laptop.close()
        office.close()
    if work == "post":
        env = {**os.environ, "SBPDESK_USER": "admin", "SBPDESK_PASSWORD": PW}
        (root / "org.json").write_text(json.dumps(ORG, ensure_ascii=False), "utf-8")
        subprocess.run([sys.executable, "-m", "sbpdesk", "post", "organisation.define",
                        "--json", str(root / "org.json"), "--key", "kill-org", "--data-dir",
                        str(root / "office")], env=env, capture_output=True, check=False)
        laptop, office = _books(root)
        n = _count(office)
        laptop.close()
        office.close()
        if n != before["office_ops"] + 1:
            problems.append(f"post with a key: {n - before['office_ops']} operations")
    return problems


def measure(template: Path) -> dict:
    _fast()
    laptop, office = _books(template)
    try:
        bundle = next((template / "ready").glob("*.sbpbundle"))
        from sbpdesk.sync.bundle import inspect_bundle
        return {"office_laptop_ops": _count(office, laptop.origin),
                "bundle_ops": inspect_bundle(bundle)["op_count"],
                "office_ops": _count(office)}
    finally:
        laptop.close()
        office.close()


def _spawn(work: str, root: Path) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, __file__, "--child", work, str(root)],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.readline()   # "ready" (or nothing, if it failed before)
    return proc


def run(trials: int, seed: int, work_dir: Path | None, encrypted: bool = False) -> int:
    rng = random.Random(seed)
    if work_dir is not None:   # a folder named on the command line may not exist yet
        work_dir.mkdir(parents=True, exist_ok=True)
    base = Path(tempfile.mkdtemp(prefix="sbpdesk-kill-", dir=work_dir))
    template = base / "template"
    build(template, encrypted)
    before = measure(template)
    durations = {}
    for work in WORKS:   # a run to the end gives the window to kill in
        root = base / f"full-{work}"
        shutil.copytree(template, root)
        start = time.monotonic()
        proc = _spawn(work, root)
        err = proc.communicate()[1]
        durations[work] = time.monotonic() - start
        if proc.returncode != 0:
            print(err.decode(errors="replace"), file=sys.stderr)
            raise SystemExit(f"{work} fails even without a kill")
        shutil.rmtree(root)
    failed = 0
    for k in range(trials):
        work = WORKS[k % len(WORKS)]
        root = base / f"trial-{k}"
        shutil.copytree(template, root)
        delay = rng.uniform(0, durations[work])
        proc = _spawn(work, root)
        time.sleep(delay)
        killed = proc.poll() is None
        if killed:
            proc.send_signal(signal.SIGKILL)
        proc.wait()
        problems = check(work, root, before)
        failed += bool(problems)
        print(json.dumps({"trial": k, "work": work, "delay_s": round(delay, 3),
                          "killed": killed, "problems": problems}), flush=True)
        if not problems:
            shutil.rmtree(root)
    print(json.dumps({"trials": trials, "failed": failed, "encrypted": encrypted,
                      "durations_s": {
        w: round(d, 2) for w, d in durations.items()}, "kept": str(base)}), flush=True)
    if not failed:
        shutil.rmtree(base, ignore_errors=True)
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    sys.path.insert(0, str(ROOT))
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--trials", type=int, default=200)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--work", type=Path, default=None, help="folder for the trial books")
    p.add_argument("--encrypted", action="store_true", help="encrypt both books first")
    p.add_argument("--child", nargs=2, metavar=("WORK", "ROOT"), help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.child:
        child(args.child[0], Path(args.child[1]))
        return 0
    return run(args.trials, args.seed, args.work, args.encrypted)


if __name__ == "__main__":
    sys.exit(main())
