"""`sbpdesk check`: is the book sound? SQLite's own integrity and foreign-key checks, every
operation chain, and — with `replay` — every account snapshot equal to the replay of its
operations. The report names the first bad operation or account so an officer can act on it.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select, text

from sbpdesk.db.models import AccountSnapshot, OperationAccount
from sbpdesk.domain.canonical import state_json
from sbpdesk.services import journal, posting
from sbpdesk.services.context import Book
from sbpdesk.services.journal import Problem


@dataclass(frozen=True)
class SnapshotProblem:
    account_kind: str
    account_id: str
    code: str          # mismatch | missing | cannot_replay
    last_op_id: str | None
    vi: str
    en: str


@dataclass(frozen=True)
class CheckReport:
    integrity: tuple[str, ...]
    chains: tuple[Problem, ...]
    snapshots: tuple[SnapshotProblem, ...] = ()
    replayed: int = 0
    skipped_kinds: tuple[str, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return not (self.integrity or self.chains or self.snapshots)

    def first_problem(self, lang: str = "vi") -> str | None:
        for item in (*self.integrity, *self.chains, *self.snapshots):
            if isinstance(item, str):
                return item
            return item.en if lang == "en" else item.vi
        return None

    def lines(self, lang: str = "vi") -> list[str]:
        out = list(self.integrity)
        out += [p.en if lang == "en" else p.vi for p in (*self.chains, *self.snapshots)]
        return out


def check_book(book: Book, replay: bool = False) -> CheckReport:
    integrity = _integrity(book)
    chains = journal.verify_chain(book.db)
    snapshots: list[SnapshotProblem] = []
    replayed, skipped = 0, set()
    if replay:
        replayed, skipped = _replay_all(book, snapshots)
    book.end_read()
    return CheckReport(tuple(integrity), tuple(chains), tuple(snapshots), replayed,
                       tuple(sorted(skipped)))


def _integrity(book: Book) -> list[str]:
    if book.engine.dialect.name != "sqlite":
        return []  # PostgreSQL checks its own pages; the chains below still run
    result = [r[0] for r in book.db.execute(text("PRAGMA integrity_check"))]
    problems = [] if result == ["ok"] else [f"SQLite integrity_check: {r}" for r in result[:20]]
    for table, rowid, parent, _ in book.db.execute(text("PRAGMA foreign_key_check")).all()[:20]:
        problems.append(f"SQLite foreign_key_check: {table} rowid {rowid} → {parent}")
    return problems


def _replay_all(book: Book, problems: list[SnapshotProblem]) -> tuple[int, set[str]]:
    """Compare each snapshot with the replay of its account; also find accounts that have
    operations but no snapshot."""
    replayed, skipped = 0, set()
    pairs = {(kind, account_id) for kind, account_id in book.db.execute(
        select(OperationAccount.account_kind, OperationAccount.account_id).distinct())}
    snaps = {(s.account_kind, s.account_id): s for s in book.db.scalars(select(AccountSnapshot))}
    for kind_name, account_id in sorted(pairs | set(snaps)):
        kind = posting.account_kind(kind_name)
        if kind is None:
            skipped.add(kind_name)
            continue
        snap = snaps.get((kind_name, account_id))
        try:
            state, last = posting.replay_account(book, kind_name, account_id)
        except Exception as exc:
            problems.append(_problem(kind_name, account_id, "cannot_replay", None,
                                     f"không dựng lại được ({exc})", f"cannot replay ({exc})"))
            continue
        replayed += 1
        if snap is None:
            if last is not None:
                problems.append(_problem(kind_name, account_id, "missing", last.op_id,
                                         "có nghiệp vụ nhưng thiếu ảnh chụp số dư",
                                         "has operations but no snapshot"))
        elif state_json(kind.to_dict(state)) != snap.state:
            problems.append(_problem(kind_name, account_id, "mismatch", snap.last_op_id,
                                     "ảnh chụp khác kết quả dựng lại từ sổ nghiệp vụ",
                                     "snapshot differs from the replay of the journal"))
    return replayed, skipped


def _problem(kind: str, account_id: str, code: str, last_op_id: str | None, vi: str,
             en: str) -> SnapshotProblem:
    after = f" (nghiệp vụ cuối {last_op_id})" if last_op_id else ""
    after_en = f" (last operation {last_op_id})" if last_op_id else ""
    return SnapshotProblem(kind, account_id, code, last_op_id,
                           f"Tài khoản {kind} {account_id}: {vi}{after}",
                           f"Account {kind} {account_id}: {en}{after_en}")
