"""Write a sample PDF of every printed document to docs/samples/, from a fresh demo book.

    python packaging/make_samples.py [--out docs/samples] [--keep BOOK_DIR]

Builds the demo book (200 households, 2 years, seed 1, last session on AS_OF) in a temporary
folder, opens it on a clock fixed at AS_OF, picks realistic subjects from it (a collection
with interest, principal and savings; a reversed collection; a hand-over; a disbursement; the
group with most members; the 03/TD list with most applications; a job-creation loan …) and
prints each one through `printing.record.produce` — the same path as `sbpdesk print`, so the
prints are recorded and the reprint sample says "BẢN SAO (lần 1)". ReportLab runs in
invariant mode, so the same book gives the same bytes. File names are `<selector>-….pdf`,
`<selector>` being the `sbpdesk print` sub-command. The demo has no cash paid out, so a
savings withdrawal and a refund are posted in the temporary book for their phiếu chi. The
reduction list is Decision 2731/QĐ-TTg recorded in the temporary book
(`demo.office.record_relief`, decision 0186), per point and per group.

`reports/<name>.pdf`: the office's reports (`sbpdesk report <name> --format pdf`).

`long/<document>-<n>p.pdf`: every document that can run long at one, two and three pages
(issue 15), from the realistic data of tests/printing (`test_pages.LONG`, the same lengths
the page-model test reads back page by page); 01/TD and 01/UQ, two pages at least, at two
and three (`test_pages.FORMS`).
"""
from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

AS_OF = dt.date(2026, 11, 20)
NOW = dt.datetime(2026, 11, 20, 3, 0, tzinfo=dt.UTC)   # 10:00 in Vietnam


def _pick(book):
    """Choose the subjects of the samples from the demo book."""
    from sqlalchemy import func, select

    from sbpdesk.db.models import (
        AccountSnapshot,
        Application,
        Household,
        Loan,
        Person,
        Receipt,
        Session,
    )
    from sbpdesk.db.models import Operation as Op
    from sbpdesk.domain.canonical import from_json
    from sbpdesk.domain.loan import LoanState
    from sbpdesk.services.documents import dossier, lists
    from sbpdesk.services.reversals import is_reversed

    db = book.db
    collections = db.scalars(select(Op).where(Op.kind == "collection.record")
                             .order_by(Op.business_date.desc(), Op.seq.desc())).all()

    def columns(row) -> int:
        p = from_json(row.payload)
        return sum(1 for c in ("interest", "principal", "savings") if p.get(c)) + \
            (1 if p.get("bl_no") else 0)

    standing = [r for r in collections[:600] if not is_reversed(book, r.op_id)]
    best = sorted(standing, key=lambda r: -columns(r))
    receipt_of = {r.op_id: r.receipt_no for r in db.scalars(select(Receipt))}
    reversed_ = next(r for r in collections if is_reversed(book, r.op_id))
    handover = max(db.scalars(select(Op).where(Op.kind == "group.handover")
                              .order_by(Op.business_date.desc()).limit(200)),
                   key=lambda r: len(from_json(r.payload)["collections"]))
    disburse = db.scalars(select(Op).where(Op.kind == "loan.disburse")
                          .order_by(Op.business_date.desc())).first()
    # the 03/TD list with most applications, and an approved application on it
    group_id, day, _ = db.execute(select(Application.group_id, Application.submitted_on,
                                         func.count()).group_by(Application.group_id,
                                                                Application.submitted_on)
                                  .order_by(func.count().desc())).first()
    apps = db.scalars(select(Application).where(Application.group_id == group_id,
                                                Application.submitted_on == day)).all()
    approved = next(a for a in apps if dossier.decision(book, a)[0] == "approved")
    # a job-creation contract whose table once printed wrong: an instalment rolled forward,
    # and instalments that do not divide evenly (round figures, the remainder on the last)
    jobs = db.scalars(select(Loan).where(Loan.programme_code.like("job_creation%"))
                      .order_by(Loan.contract_no)).all()

    def telling(loan) -> bool:
        state = LoanState.from_dict(from_json(db.get(AccountSnapshot, ("loan", loan.id)).state))
        parts = {i.amount for i in dossier.contract(book, loan.id).instalments}
        return any(i.carried for i in state.instalments) and len(parts) > 1
    job_loan = next((j for j in jobs if telling(j)), jobs[0])
    # the group with most borrowers, its last session with collections, its point
    by_group = Counter(r.group_id for r in db.scalars(select(Loan)).all() if r.group_id)
    big_group = by_group.most_common(1)[0][0]
    after_day = max(r.business_date for r in standing
                    if from_json(r.payload).get("group_id") == big_group)
    point = db.scalars(select(Loan.point_code).where(Loan.group_id == big_group)).first()
    cal = book.refs.calendar(point)
    before_day = cal.next_session(AS_OF)
    session = db.scalars(select(Session).where(Session.point_code == point,
                                               Session.status == "closed")
                         .order_by(Session.business_date.desc())).first()
    overdue_point = max(("BB01", "BB02"), key=lambda p: sum(
        len(g.rows) for g in lists.due_list(book, p, AS_OF).groups))
    # a household with two adults and a loan with many movements
    households = [h for h in db.scalars(select(Household)) if len(db.scalars(
        select(Person).where(Person.household_id == h.id)).all()) >= 2]
    loans = {r.household_id: r for r in db.scalars(select(Loan).where(
        Loan.status == "active", Loan.programme_code == "poor"))}
    household = next(h for h in households if h.id in loans)
    return {
        "collection": receipt_of[best[0].op_id], "collection2": receipt_of[best[1].op_id],
        "reversed": receipt_of[reversed_.op_id], "handover": handover.op_id,
        "disbursement": receipt_of[disburse.op_id], "application": approved.id,
        "group_apps": group_id, "apps_day": day, "apps_programme": approved.programme_code,
        "job_loan": job_loan.id,
        "group": big_group, "after_day": after_day, "before_day": before_day,
        "session": session.id, "point": point, "overdue_point": overdue_point,
        "household": household.id,
    }


def make_samples(out: Path, keep: Path | None = None) -> list[Path]:
    from reportlab import rl_config
    rl_config.invariant = 1

    from sbpdesk.demo.office import build_demo, record_relief
    from sbpdesk.printing import record
    from sbpdesk.services.books import open_book

    tmp = Path(tempfile.mkdtemp(prefix="sbpdesk-samples-"))
    written: list[Path] = []
    try:
        build_demo(tmp / "book", households=200, years=2, seed=1, as_of=AS_OF)
        book = open_book(tmp / "book", clock=lambda: NOW)
        try:
            record_relief(book, AS_OF)       # Decision 2731/QĐ-TTg, for the reduction list
            k = _pick(book)
            jobs = [
                ("receipt-a5.pdf", "receipt", dict(number=k["collection"])),
                ("receipt-thermal.pdf", "receipt", dict(number=k["collection2"],
                                                        paper="thermal")),
                ("receipt-copy-a5.pdf", "receipt", dict(number=k["collection"])),
                ("receipt-cancelled-a5.pdf", "receipt", dict(number=k["reversed"])),
                ("receipt-handover-a5.pdf", "receipt", dict(number=k["handover"])),
                ("receipt-disbursement-a5.pdf", "receipt", dict(number=k["disbursement"])),
                ("receipt-disbursement-thermal.pdf", "receipt",
                 dict(number=k["disbursement"], paper="thermal")),
                ("application.pdf", "application", dict(application=k["application"])),
                ("authorisation.pdf", "authorisation", dict(household=k["household"])),
                ("contract.pdf", "contract", dict(loan=k["job_loan"])),
                ("proposal.pdf", "proposal", dict(group=k["group_apps"], date=k["apps_day"],
                                                 programme=k["apps_programme"])),
                ("approval.pdf", "approval", dict(application=k["application"])),
                ("statement-before.pdf", "statement", dict(group=k["group"],
                                                           date=k["before_day"])),
                ("statement-after.pdf", "statement", dict(group=k["group"],
                                                          date=k["after_day"])),
                ("session.pdf", "session", dict(session=k["session"])),
                ("overdue.pdf", "overdue", dict(point=k["overdue_point"], as_of=AS_OF)),
                ("overdue-next-month.pdf", "overdue", dict(point=k["point"], as_of=AS_OF,
                                                           kind="due_next_month")),
                ("notice.pdf", "notice", dict(point=k["point"], as_of=AS_OF)),
                ("loanbook.pdf", "loanbook", dict(household=k["household"])),
                ("relief.pdf", "relief", dict(point=k["point"], as_of=AS_OF)),
                ("relief-group.pdf", "relief", dict(point=k["point"], as_of=AS_OF,
                                                    group=k["group"])),
                *[(f"receipt-{name}-a5.pdf", "receipt", dict(number=number))
                  for name, number in _payouts(book).items()],
            ]
            out.mkdir(parents=True, exist_ok=True)
            for name, selector, keys in jobs:
                paper = keys.pop("paper", "a5")
                record.produce(book, selector, paper=paper, out=out / name, user="samples",
                               **keys)
                written.append(out / name)
        finally:
            book.close()
        if keep is not None:
            shutil.copytree(tmp / "book", keep, dirs_exist_ok=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return written + make_long_samples(out / "long") + make_report_samples(out / "reports")


def _payouts(book) -> dict[str, str]:
    """A savings withdrawal and a refund paid in the temporary book: their receipt numbers."""
    from sqlalchemy import select

    from sbpdesk.db.models import Person, SavingsAccount
    from sbpdesk.services import journal, posting
    from sbpdesk.services.auth import Approval

    acc = book.db.scalars(select(SavingsAccount).where(SavingsAccount.balance > 300_000)
                          .order_by(SavingsAccount.id)).first()
    person = book.db.get(Person, acc.person_id)
    with book.transaction():
        book.sign_in("teller", "demo")
        withdrawal = posting.post(book, "savings.withdraw", {
            "savings_account_id": acc.id, "amount": 200_000}, business_date=AS_OF,
            approved_by=Approval("controller", "demo"))
        book.sign_in("accountant", "demo")
        issued = posting.post(book, "payable.issue", {
            "kind": "refund", "payee_kind": "person", "payee_id": person.id,
            "point_code": acc.point_code, "amount": 35_000, "period": "2026-11",
            "basis": {"overpaid": 35_000}}, business_date=AS_OF)
        payable = journal.get(book.db, issued.op_id).payload["payable_id"]
        book.sign_in("teller", "demo")
        refund = posting.post(book, "fee.pay", {"payable_id": payable, "amount": 35_000,
                                                "receiver_name": person.full_name},
                              business_date=AS_OF)
    return {"withdrawal": withdrawal.receipt_no, "refund": refund.receipt_no}


def make_long_samples(out: Path) -> list[Path]:
    """Each long document at one, two and three pages (test_pages.LONG's data); the forms
    that take two pages at least (01/TD with the bank's approval, 01/UQ) at two and three
    (test_pages.FORMS)."""
    from tests.printing.test_pages import FORMS, LONG, _rows_for

    out.mkdir(parents=True, exist_ok=True)
    written = []
    for table, lengths in ((LONG, (1, 2, 3)), (FORMS, (2, 3))):
        for document, (make, render, *_rest) in sorted(table.items()):
            for pages in lengths:
                path = out / f"{document}-{pages}p.pdf"
                path.write_bytes(render(make(_rows_for(make, render, pages))))
                written.append(path)
    return written


REPORTS_AS_OF = dt.date(2027, 3, 31)    # four months without collections: overdue and idle


def make_report_samples(out: Path) -> list[Path]:
    """`reports/<name>.pdf`: the office's reports (issue 16) of a three-point demo office as
    `sbpdesk report <name> --format pdf` writes them — on the demo's last day, overdue and
    idle loans at REPORTS_AS_OF; two fees issued and one partly paid so that report has
    rows; the last point marked as serving a difficult area (the inspection's 75 %)."""
    from reportlab import rl_config
    rl_config.invariant = 1
    from sqlalchemy import select

    from sbpdesk.db.models import Group, Organisation, Point
    from sbpdesk.demo.office import build_demo
    from sbpdesk.printing.report import render_report
    from sbpdesk.reports import tables
    from sbpdesk.services import journal, places, posting
    from sbpdesk.services.books import open_book

    tmp = Path(tempfile.mkdtemp(prefix="sbpdesk-report-samples-"))
    written: list[Path] = []
    try:
        build_demo(tmp / "book", households=80, years=1, seed=7, as_of=AS_OF, points=3)
        book = open_book(tmp / "book", clock=lambda: NOW)
        try:
            org = book.db.scalars(select(Organisation).order_by(Organisation.code)).first()
            group = book.db.scalars(select(Group).order_by(Group.code)).first()
            book.sign_in("accountant", "demo")
            fee = posting.post(book, "payable.issue", {
                "kind": "union_fee", "payee_kind": "organisation", "payee_id": org.code,
                "point_code": org.point_code or group.point_code, "amount": 1_250_000,
                "period": "2026-10"}, business_date=AS_OF)
            posting.post(book, "payable.issue", {
                "kind": "group_commission", "payee_kind": "group", "payee_id": group.id,
                "point_code": group.point_code, "amount": 420_000, "period": "2026-10"},
                business_date=AS_OF)
            book.sign_in("teller", "demo")
            paid = journal.get(book.db, fee.op_id).payload["payable_id"]
            posting.post(book, "fee.pay", {"payable_id": paid, "amount": 1_000_000,
                                           "receiver_name": "Chủ tịch Hội"},
                         business_date=AS_OF)
            book.sign_in("admin", "demo")
            last = book.db.scalars(select(Point.code).order_by(Point.code.desc())).first()
            places.set_difficult_area(book, last, True, business_date=AS_OF)
            out.mkdir(parents=True, exist_ok=True)
            for name in tables.NAMES:
                day = REPORTS_AS_OF if name in ("overdue", "idle", "groups") else AS_OF
                report = tables.run(book, name, day, months=None, by_point=True)
                issuer, mark = tables.heading(book, report)
                pdf = render_report(tables.TITLES[name], tables.subtitle(name, report),
                                    tables.tables(name, report), tables.charts(name, report),
                                    issuer=issuer, mark=mark)
                (out / f"{name}.pdf").write_bytes(pdf)
                written.append(out / f"{name}.pdf")
        finally:
            book.close()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "docs" / "samples"))
    parser.add_argument("--keep", help="copy the demo book here for inspection")
    parser.add_argument("--reports-only", action="store_true",
                        help="only the office's reports (reports/*.pdf)")
    args = parser.parse_args(argv)
    if args.reports_only:
        for path in make_report_samples(Path(args.out) / "reports"):
            print(f"{path.stat().st_size:>8}  {path}")
        return 0
    for path in make_samples(Path(args.out), Path(args.keep) if args.keep else None):
        print(f"{path.stat().st_size:>8}  {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
