"""The demo book and the portfolio report: built through the services, consistent with its
journal, and the report's totals equal the sums over accounts replayed from the journal."""
from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys

import pytest
from sqlalchemy import select

from sbpdesk.db.models import AccountSnapshot, BookSetting, LoanMonthEnd, OperationAccount
from sbpdesk.demo.office import build_demo
from sbpdesk.domain import loan as domain_loan
from sbpdesk.reports import portfolio
from sbpdesk.services import check, journal, posting
from sbpdesk.services.books import open_book

AS_OF = dt.date(2026, 11, 20)


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "book"
    build_demo(path, households=80, years=1, seed=7, as_of=AS_OF)
    return path


@pytest.fixture
def book(demo_dir, tmp_path):
    shutil.copytree(demo_dir, tmp_path / "b")
    b = open_book(tmp_path / "b")
    yield b
    b.close()


def replayed_totals(book, as_of, point=None):
    """Independent of the report: every loan replayed from the journal up to as_of."""
    ids = book.db.scalars(select(OperationAccount.account_id).where(
        OperationAccount.account_kind == "loan").distinct()).all()
    totals = {"outstanding": 0, "overdue": 0, "frozen": 0, "loans": 0}
    households = set()
    for loan_id in ids:
        ops = [e.operation() for e in journal.account_entries(book.db, "loan", loan_id)
               if e.business_date <= as_of]
        state = domain_loan.replay(ops, book.refs)
        state = domain_loan.advance(state, as_of, book.refs) if state else None
        if state is None or state.status not in ("active", "frozen") or not state.outstanding:
            continue
        if point and state.point_code != point:
            continue
        totals["outstanding"] += state.outstanding
        totals["overdue"] += state.principal_overdue
        totals["frozen"] += state.principal_frozen
        totals["loans"] += 1
        households.add(state.household_id)
    totals["borrowers"] = len(households)
    return totals


def test_demo_is_consistent_with_its_journal(book):
    report = check.check_book(book, replay=True)
    assert report.ok, report.lines("en")[:5]
    assert report.replayed > 50


@pytest.mark.parametrize("as_of", [AS_OF, dt.date(2026, 6, 30), dt.date(2026, 2, 1)])
def test_portfolio_totals_equal_the_replayed_accounts(book, as_of):
    report = portfolio.portfolio(book, as_of)
    assert report["totals"] == replayed_totals(book, as_of)
    assert report["totals"]["outstanding"] > 0


def test_month_end_figures_are_kept_and_equal_the_replayed_accounts(book):
    month_end = dt.date(2026, 6, 30)
    first = portfolio.portfolio(book, month_end)
    kept = book.db.scalars(select(LoanMonthEnd).where(LoanMonthEnd.month_end == month_end)).all()
    assert len(kept) > 20        # every loan with an operation after 30/06
    assert portfolio.portfolio(book, month_end) == first     # now read from the kept rows
    assert first["totals"] == replayed_totals(book, month_end)


def kept_rows(book, month_end):
    t = LoanMonthEnd.__table__
    return {r.loan_id: (r.status, r.outstanding, r.principal_overdue, r.principal_frozen)
            for r in book.db.execute(select(t).where(t.c.month_end == month_end))}


def replayed_rows(book, month_end, loan_ids=None):
    """What each loan changed after `month_end` (or each of `loan_ids`) was on that day,
    replayed from the journal: the rows the month end must hold."""
    if loan_ids is None:
        loan_ids = book.db.scalars(select(AccountSnapshot.account_id).where(
            AccountSnapshot.account_kind == "loan",
            AccountSnapshot.last_date > month_end)).all()
    out = {}
    for loan_id in loan_ids:
        ops = [e.operation() for e in journal.account_entries(book.db, "loan", loan_id)
               if e.business_date <= month_end]
        state = domain_loan.replay(ops, book.refs)
        if state is not None:
            state = domain_loan.advance(state, month_end, book.refs)
            out[loan_id] = (state.status, state.outstanding, state.principal_overdue,
                            state.principal_frozen)
    return out


def test_an_operation_after_a_month_end_keeps_the_month_ends_it_crosses(book):
    """Decision 0205: posting an operation dated after month ends the loan's snapshot had not
    reached writes the loan's rows for them in the same transaction, as replayed."""
    snap = AccountSnapshot.__table__
    loan_id, last = book.db.execute(select(snap.c.account_id, snap.c.last_date).where(
        snap.c.account_kind == "loan", snap.c.status == "active", snap.c.outstanding > 0,
        snap.c.last_date < dt.date(2026, 10, 31)).order_by(snap.c.last_date)).first()
    book.end_read()
    assert not any(loan_id in kept_rows(book, d) for d in (dt.date(2026, 10, 31),
                                                           dt.date(2026, 11, 30)))
    book.sign_in("director", "demo")
    posting.post(book, "loan.write_off", {"loan_id": loan_id, "reason": "test"},
                 business_date=dt.date(2026, 12, 5))
    crossed = portfolio.month_end.month_ends(last, dt.date(2026, 12, 5))
    assert dt.date(2026, 10, 31) in crossed and dt.date(2026, 11, 30) in crossed
    for day in crossed:
        assert kept_rows(book, day)[loan_id] == replayed_rows(book, day, [loan_id])[loan_id]
        assert kept_rows(book, day)[loan_id][0] == "active"
    assert loan_id not in kept_rows(book, portfolio.month_end.month_ends(
        last - dt.timedelta(days=40), last)[0])     # before its snapshot's date: not needed


def _live_kept_loan(book, month_end):
    live = book.db.scalars(select(AccountSnapshot.account_id).where(
        AccountSnapshot.account_kind == "loan", AccountSnapshot.status == "active")).all()
    t = LoanMonthEnd.__table__
    row = book.db.execute(select(t).where(
        t.c.month_end == month_end, t.c.status == "active", t.c.outstanding > 0,
        t.c.loan_id.in_(live))).first()
    return row.loan_id, row.outstanding


def begun_after(book, month_end):
    """The loans changed since `month_end` with no operation by then, replayed (no state)."""
    changed = book.db.scalars(select(AccountSnapshot.account_id).where(
        AccountSnapshot.account_kind == "loan",
        AccountSnapshot.last_date > month_end)).all()
    return set(changed) - replayed_rows(book, month_end, changed).keys()


def test_a_loan_begun_after_a_month_end_needs_no_row_there(book):
    """Decision 0251: a loan whose first operation is after the month end has no figures
    there; the report tells it apart by that date, computing and keeping nothing for it."""
    month_end = dt.date(2026, 6, 30)
    report = portfolio.portfolio(book, month_end)
    later = begun_after(book, month_end)
    assert later
    assert not later & kept_rows(book, month_end).keys()
    assert None not in {row[0] for row in kept_rows(book, month_end).values()}
    assert report["totals"] == replayed_totals(book, month_end)
    assert portfolio.portfolio(book, month_end) == report


def _open_loan(book, on, loan_id):
    """A loan brought over from the core (`loan.open`) on `on`, in a demo household."""
    snap = AccountSnapshot.__table__
    household, group, point = book.db.execute(select(
        snap.c.household_id, snap.c.group_id, snap.c.point_code).where(
        snap.c.account_kind == "loan", snap.c.status == "active")).first()
    book.end_read()
    book.sign_in("accountant", "demo")
    posting.post(book, "loan.open", {
        "loan_id": loan_id, "contract_no": loan_id[-16:], "household_id": household,
        "person_id": "", "group_id": group, "point_code": point, "programme_code": "poor",
        "funding_source": "central", "status": "active", "amount": 30_000_000,
        "disbursed_on": on.isoformat(), "term_months": 36, "frequency_months": 6,
        "principal_in_term": 30_000_000, "principal_overdue": 0, "principal_frozen": 0,
        "interest_in_term": 0, "interest_overdue": 0,
        "instalments": [["2027-06-15", 15_000_000], ["2028-06-15", 15_000_000]]},
        business_date=on)
    book.sign_in("director", "demo")
    posting.post(book, "loan.write_off", {"loan_id": loan_id, "reason": "test"},
                 business_date=dt.date(2026, 7, 20))


def _trend_at(book, day):
    """The trend's figures at `day` and whether the kept figures were summed (no changed
    loan built one by one)."""
    from sbpdesk.reports import overdue
    sums = portfolio.month_end_sums(book, [day])[day]
    changed = set(book.db.scalars(select(AccountSnapshot.account_id).where(
        AccountSnapshot.account_kind == "loan", AccountSnapshot.last_date > day)))
    return overdue.split(*sums), not changed & {f.loan_id for f in sums[0]}


def test_the_trend_counts_a_loan_back_dated_before_a_kept_month_end(book):
    """After the trend kept 30/06: a loan opened on 10/07 (begun after: summed without it),
    then one opened back-dated on 20/06 whose kept rows went missing (a post from a process
    without the hook): read at report time, it is computed, to the đồng of the replay."""
    from sbpdesk.reports import month_end
    day = dt.date(2026, 6, 30)
    portfolio.loan_figures(book, day)                          # the month end kept
    _open_loan(book, dt.date(2026, 7, 10), "0190bbbb-0000-7000-8000-000000000001")
    got, summed = _trend_at(book, day)
    assert summed and got["outstanding"] == replayed_totals(book, day)["outstanding"]
    before = got["outstanding"]
    back = "0190bbbb-0000-7000-8000-000000000002"
    _open_loan(book, dt.date(2026, 6, 20), back)
    with book.transaction():
        month_end.forget(book, [back])
    got, _ = _trend_at(book, day)
    want = replayed_totals(book, day)
    assert (got["outstanding"], got["overdue"], got["frozen"], got["loans"]) == (
        want["outstanding"], want["overdue"], want["frozen"], want["loans"])
    assert got["outstanding"] == before + 30_000_000
    assert kept_rows(book, day)[back][:2] == ("active", 30_000_000)   # and kept again


def test_a_back_dated_operation_rebuilds_the_month_end_figures_it_changes(book):
    month_end = dt.date(2026, 6, 30)
    before = portfolio.portfolio(book, month_end)
    loan_id, outstanding = _live_kept_loan(book, month_end)
    book.end_read()
    book.sign_in("director", "demo")
    posting.post(book, "loan.write_off", {"loan_id": loan_id, "reason": "test"},
                 business_date=month_end - dt.timedelta(days=5))
    # Rebuilt in the posting's transaction: every month end of the loan, as replayed.
    for day in (month_end, dt.date(2026, 5, 31), dt.date(2026, 8, 31)):
        assert kept_rows(book, day)[loan_id] == replayed_rows(book, day, [loan_id])[loan_id]
    assert kept_rows(book, month_end)[loan_id][0] == "written_off"
    after = portfolio.portfolio(book, month_end)
    assert after["totals"] == replayed_totals(book, month_end)
    assert after["totals"]["outstanding"] == before["totals"]["outstanding"] - outstanding


def test_a_reversal_rebuilds_the_month_ends_on_both_sides_of_it(book):
    """A write-off dated before a month end, reversed after the next one: the month ends
    before the reversal still hold the write-off, the one after it does not."""
    from sbpdesk.services.auth import Approval
    portfolio.month_end.fill(book)
    loan_id, _ = _live_kept_loan(book, dt.date(2026, 6, 30))
    book.end_read()
    book.sign_in("director", "demo")
    off = posting.post(book, "loan.write_off", {"loan_id": loan_id, "reason": "test"},
                       business_date=dt.date(2026, 6, 25))
    posting.post(book, "op.reverse", {"target_op_id": off.op_id, "reason": "nhầm"},
                 business_date=dt.date(2026, 8, 10), approved_by=Approval("controller", "demo"))
    rows = {day: kept_rows(book, day)[loan_id] for day in (
        dt.date(2026, 5, 31), dt.date(2026, 6, 30), dt.date(2026, 7, 31), dt.date(2026, 8, 31))}
    assert [r[0] for r in rows.values()] == ["active", "written_off", "written_off", "active"]
    for day, row in rows.items():
        assert row == replayed_rows(book, day, [loan_id])[loan_id]
        assert portfolio.portfolio(book, day)["totals"] == replayed_totals(book, day)


def test_a_book_written_before_0205_is_filled_once(book):
    """Rows missing (a book written by an older program): `fill` keeps every month end of
    every loan, equal to the replay, and marks the book."""
    book.db.execute(LoanMonthEnd.__table__.delete())
    book.db.commit()
    assert book.db.get(BookSetting, portfolio.month_end.FILLED) is None
    assert portfolio.month_end.fill(book) > 100
    for month_end in (dt.date(2026, 1, 31), dt.date(2026, 6, 30), dt.date(2026, 10, 31)):
        assert kept_rows(book, month_end) == replayed_rows(book, month_end)
        assert portfolio.portfolio(book, month_end)["totals"] == replayed_totals(
            book, month_end)
    assert book.db.get(BookSetting, portfolio.month_end.FILLED) is not None
    changed = {s.account_id: s.state for s in book.db.scalars(select(AccountSnapshot).where(
        AccountSnapshot.account_kind == "loan",
        AccountSnapshot.last_date > dt.date(2026, 6, 30)))}
    later = portfolio.month_end.begun_after(book, dt.date(2026, 6, 30), set(changed))
    assert later                # begun after 30/06: no row, not computed (decision 0251)
    _, computed = portfolio.month_end.figures(book, dt.date(2026, 6, 30), {
        i: state for i, state in changed.items() if i not in later})
    assert computed == []       # a first report reads kept rows only


def test_back_dated_reference_data_drops_every_month_end_figure(tmp_path):
    """A rule set published later with a past effective date changes how a past month end
    replays (here: no overdue before 2099), so the kept figures must not stand."""
    from tests.conftest import NOW
    from tests.sync.test_exchange import as_user, office_with_loan
    office, ids = office_with_loan(tmp_path, lambda: NOW)
    with office.transaction():
        as_user(office, "teller", ["teller"])
        posting.post(office, "collection.record", {
            "person_id": ids["person"], "loan_id": ids["loan"], "interest": 10_000,
            "principal": 0, "savings": 0}, business_date=dt.date(2026, 10, 15))
    office.end_read()
    month_end = dt.date(2026, 9, 30)
    before = portfolio.portfolio(office, month_end, point="P01")["totals"]
    assert before["overdue"] > 0 and office.db.scalars(select(LoanMonthEnd)).first()
    office.end_read()
    with office.transaction():
        as_user(office, "admin", ["admin"])
        posting.post(office, "rules.publish", {
            "version": "R-test", "effective_from": "2026-01-01",
            "values": {"overdue_policy_from": "2099-01-01"}}, business_date=dt.date(2026, 10, 20))
    assert office.db.scalars(select(LoanMonthEnd)).first() is None
    after = portfolio.portfolio(office, month_end, point="P01")["totals"]
    assert after == replayed_totals(office, month_end, point="P01")
    assert after["overdue"] == 0
    office.close()


def test_figures_of_a_loan_changed_while_they_were_computed_are_not_kept(book):
    month_end = dt.date(2026, 6, 30)
    changed = {s.account_id: s.state for s in book.db.scalars(select(AccountSnapshot).where(
        AccountSnapshot.account_kind == "loan", AccountSnapshot.status == "active",
        AccountSnapshot.last_date > month_end))}
    _, new = portfolio.month_end.figures(book, month_end, changed)
    loan_id = next(r["loan_id"] for r in new if r["status"] == "active")
    book.end_read()
    book.sign_in("director", "demo")
    posting.post(book, "loan.write_off", {"loan_id": loan_id, "reason": "test"},
                 business_date=month_end - dt.timedelta(days=5))
    portfolio.month_end.keep(book, new, changed)
    # The stale figures computed before the write-off are not kept; the write-off's own
    # rebuild (decision 0205) stands.
    kept = kept_rows(book, month_end)
    assert kept[loan_id][0] == "written_off"
    assert kept[loan_id] == replayed_rows(book, month_end, [loan_id])[loan_id]
    assert len(kept) == len(new)
    assert portfolio.portfolio(book, month_end)["totals"] == replayed_totals(book, month_end)


def test_portfolio_of_one_point_and_breakdowns_add_up(book):
    report = portfolio.portfolio(book, AS_OF, point="BB02")
    assert report["totals"] == replayed_totals(book, AS_OF, point="BB02")
    for dimension in ("by_programme", "by_organisation", "by_group", "by_funding_source"):
        for figure in ("outstanding", "overdue", "frozen", "loans"):
            assert sum(item[figure] for item in report[dimension]) == report["totals"][figure]
        assert all(item["name"] for item in report[dimension])


def test_cli_contract(demo_dir):
    out = subprocess.run([sys.executable, "-m", "sbpdesk", "report", "portfolio", "--data-dir",
                          str(demo_dir), "--as-of", "20/11/2026", "--point", "BB01"],
                         capture_output=True, text=True, check=True).stdout
    data = json.loads(out)
    assert set(data) == {"as_of", "point", "totals", "by_programme", "by_organisation",
                         "by_group", "by_funding_source"}
    assert data["as_of"] == "2026-11-20" and data["point"] == "BB01"
    assert set(data["totals"]) == {"outstanding", "overdue", "frozen", "borrowers", "loans"}
    assert all(isinstance(v, int) for v in data["totals"].values())
    csv = subprocess.run([sys.executable, "-m", "sbpdesk", "report", "portfolio", "--data-dir",
                          str(demo_dir), "--as-of", "2026-11-20", "--format", "csv"],
                         capture_output=True, text=True, check=True).stdout
    assert csv.splitlines()[0] == "dimension,code,name,outstanding,overdue,frozen,borrowers,loans"
    assert csv.splitlines()[-1].startswith("total,,,")


def test_points_and_check_from_the_command_line(demo_dir):
    out = subprocess.run([sys.executable, "-m", "sbpdesk", "points", "--data-dir",
                          str(demo_dir)], capture_output=True, text=True, check=True).stdout
    points = json.loads(out)
    assert [p["code"] for p in points] == ["BB01", "BB02"]
    assert points[0]["name"] == "Điểm giao dịch xã Phan Rí Thành"
    assert points[0]["groups"] == 17 and points[0]["office_code"] == "BB"
    done = subprocess.run([sys.executable, "-m", "sbpdesk", "check", "--data-dir",
                           str(demo_dir), "--replay"], capture_output=True, text=True)
    assert done.returncode == 0 and json.loads(done.stdout)["ok"] is True


def test_demo_is_deterministic_by_seed(tmp_path):
    a = build_demo(tmp_path / "a", households=30, years=1, seed=3, as_of=AS_OF)
    b = build_demo(tmp_path / "b", households=30, years=1, seed=3, as_of=AS_OF)
    ba, bb = open_book(tmp_path / "a"), open_book(tmp_path / "b")
    try:
        assert a["operations"] == b["operations"]
        assert portfolio.portfolio(ba, AS_OF) == portfolio.portfolio(bb, AS_OF)
    finally:
        ba.close()
        bb.close()


def test_demo_office_decisions_after_late_sessions_replay_alike(tmp_path):
    """A point meeting on the 30th and office freezes/write-offs the same month: the demo's
    in-memory folds must equal a replay in canonical order (a bench book once differed)."""
    build_demo(tmp_path / "late", households=240, years=2, seed=5, as_of=dt.date(2026, 4, 30))
    book = open_book(tmp_path / "late")
    try:
        report = check.check_book(book, replay=True)
        assert report.ok, report.lines("en")[:3]
    finally:
        book.close()


def test_demo_reversals_are_followed_by_the_corrected_collection(book):
    """A collection typed wrongly is reversed and entered again, as a teller does: the
    corrected line follows in the same session on the same loan, the group's hand-over
    lists it (not the reversed one) and the cancelled receipt names it (issue 15: the demo
    reversed collections and never recorded the right ones)."""
    from sbpdesk.db.models import Operation, Receipt
    from sbpdesk.services.documents import receipts
    from sbpdesk.services.reversals import is_reversed
    rows = book.db.scalars(select(Operation).where(Operation.kind.in_(
        ("collection.record", "op.reverse", "group.handover"))).order_by(Operation.seq)).all()
    entries = [journal.to_entry(r) for r in rows]
    by_id = {e.op_id: e for e in entries}
    handed = {c for e in entries if e.kind == "group.handover"
              for c in e.payload["collections"]}
    number = {r.op_id: r.receipt_no for r in book.db.scalars(select(Receipt))}
    undone = [e for e in entries if e.kind == "op.reverse"
              and by_id.get(e.payload["target_op_id"], e).kind == "collection.record"]
    assert len(undone) >= 2
    for rev in undone:
        wrong = by_id[rev.payload["target_op_id"]]
        right = next(e for e in entries if e.kind == "collection.record"
                     and e.session_id == rev.session_id and e.origin == rev.origin
                     and e.seq > rev.seq and e.payload["loan_id"] == wrong.payload["loan_id"])
        assert not is_reversed(book, right.op_id)
        p, q = wrong.payload, right.payload
        assert (p["interest"], p["principal"]) == (q["interest"], q["principal"])
        assert p["savings"] == 10 * q["savings"] > 0
        assert f"{q['savings']:,}".replace(",", ".") in rev.payload["reason"]
        assert right.op_id in handed and wrong.op_id not in handed
        cancelled = receipts.receipt(book, number[wrong.op_id])
        assert cancelled.cancellation.replaced_by == number[right.op_id]


def test_demo_households_pair_a_head_with_a_spouse_of_the_other_sex(book):
    """01/UQ prints the spouse as "Vợ"/"Chồng" of the head: the demo once gave a woman head
    a "Vợ" of her own family name (issue 15: nothing a person would question)."""
    from sbpdesk.db.models import Person
    people = book.db.scalars(select(Person)).all()
    heads = {p.household_id: p for p in people if p.relation == "chủ hộ"}
    spouses = [p for p in people if p.relation == "vợ/chồng"]
    assert len(spouses) > 20
    for p in spouses:
        head = heads[p.household_id]
        assert p.sex != head.sex, (head.full_name, p.full_name)
    assert any(p.full_name.split()[0] != heads[p.household_id].full_name.split()[0]
               for p in spouses)


def test_demo_credits_savings_interest_and_keeps_the_whole_movement_history(book):
    """The demo credits its savings at 30/06 and 31/12 like a real book, so its states are
    pruned; the movement rows and opening dates still come from every operation."""
    from sbpdesk.db.models import SavingsAccount, SavingsMovement
    from sbpdesk.domain import savings as domain_savings
    from sbpdesk.domain.canonical import from_json
    from sbpdesk.services.savings import movement_rows
    snaps = book.db.scalars(select(AccountSnapshot).where(
        AccountSnapshot.account_kind == "savings")).all()
    states = [domain_savings.SavingsState.from_dict(from_json(s.state)) for s in snaps]
    credited = [s for s in states if s.interest_through == dt.date(2026, 7, 1)]
    assert len(credited) > len(states) // 2
    assert sum(s.interest_credited for s in credited) > 0
    for state in credited[:40]:
        ops = [e.operation() for e in journal.account_entries(book.db, "savings",
                                                               state.account_id)]
        _, made = domain_savings.fold(None, domain_savings.effective(ops), book.refs)
        rows = book.db.scalars(select(SavingsMovement).where(
            SavingsMovement.account_id == state.account_id)).all()
        assert sorted((r.op_id, r.business_date, r.amount, r.kind) for r in rows) == sorted(
            (r["op_id"], r["business_date"], r["amount"], r["kind"])
            for r in movement_rows(state, made))
        assert any(r.kind == "interest" for r in rows)
        assert book.db.get(SavingsAccount, state.account_id).opened_on == min(
            m.value_date for m in made)


def test_the_command_line_makes_reports_forget_what_a_back_dated_posting_changed(tmp_path):
    """Posting no longer deletes the reports' kept figures itself: reports/month_end registers
    the hook when imported. A fresh `sbpdesk post` process must have it registered too, or
    the figures would outlive the rules they were computed under (decision 0055)."""
    from tests.conftest import NOW, PW
    from tests.sync.test_exchange import as_user, office_with_loan
    office, ids = office_with_loan(tmp_path, lambda: NOW)
    with office.transaction():
        as_user(office, "teller", ["teller"])
        posting.post(office, "collection.record", {
            "person_id": ids["person"], "loan_id": ids["loan"], "interest": 10_000,
            "principal": 0, "savings": 0}, business_date=dt.date(2026, 10, 15))
    office.end_read()
    portfolio.portfolio(office, dt.date(2026, 9, 30), point="P01")
    assert office.db.scalars(select(LoanMonthEnd)).first() is not None
    data_dir = office.data_dir
    office.close()
    done = subprocess.run(
        [sys.executable, "-m", "sbpdesk", "post", "rules.publish", "--data-dir",
         str(data_dir), "--user", "admin", "--json", "-"], capture_output=True, text=True,
        input=json.dumps({"business_date": "2026-10-20", "version": "R-cli",
                          "effective_from": "2026-01-01", "values": {}}),
        env={**os.environ, "SBPDESK_PASSWORD": PW})
    assert done.returncode == 0, done.stderr
    book = open_book(data_dir)
    try:
        assert book.db.scalars(select(LoanMonthEnd)).first() is None
    finally:
        book.close()


def test_the_gui_registers_the_month_end_hook_with_its_book(tmp_path):
    """In a fresh interpreter, the GUI's book worker registers reports' hook when it opens
    the book (the first window does not wait for it: decision 0044)."""
    code = ("import sys; from sbpdesk import app; from sbpdesk.services import fold; "
            "assert not fold.HISTORY_CHANGED; w = app.book_worker(sys.argv[1]); "
            "w.run(lambda book: None); w.close(); "
            "print(len(fold.HISTORY_CHANGED))")
    build = subprocess.run([sys.executable, "-m", "sbpdesk", "init", "--data-dir",
                            str(tmp_path / "b"), "--role", "office", "--office-code", "PGD9"],
                           capture_output=True, text=True,
                           env={**os.environ, "SBPDESK_PASSWORD": "Secret-2026"})
    assert build.returncode == 0, build.stderr
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path / "b")],
                          capture_output=True, text=True,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert done.returncode == 0, done.stderr
    assert done.stdout.split()[-1] == "1"


def test_the_trend_adds_up_kept_month_ends_in_the_database_and_equals_the_replay(book):
    """The trend's past month ends: the kept figures summed by the database, the other loans
    from their snapshots — the replayed totals, for the office and one point; a month end
    whose kept rows are gone (forgotten) is computed and kept again."""
    from sbpdesk.reports import month_end, overdue
    days = overdue.month_ends(dt.date(2026, 11, 1), 6)
    point = book.db.scalars(select(AccountSnapshot.point_code).where(
        AccountSnapshot.account_kind == "loan")).first()
    for where in (None, point):
        for day in days:
            portfolio.loan_figures(book, day, where)       # every month end kept
        # 31/12, after the last operations: summed from the snapshots' columns but for the
        # loans with an instalment due in between, advanced one by one
        sums = portfolio.month_end_sums(book, [*days, dt.date(2026, 12, 31)], where)
        assert sums[dt.date(2026, 12, 31)][0] and not sums[days[-1]][0]
        for day in sums:
            want = replayed_totals(book, day, where)
            got = overdue.split(*sums[day])
            assert (got["outstanding"], got["overdue"], got["frozen"], got["loans"]) == (
                want["outstanding"], want["overdue"], want["frozen"], want["loans"])
            # every figure of the split (overdue loans too) as loan by loan, to the đồng
            assert got == overdue.split(portfolio.loan_figures(book, day, where))
        assert sums[days[0]][1][3] > 0                     # kept figures were summed
    with book.transaction():
        month_end.forget(book, None)
    sums = portfolio.month_end_sums(book, days[:1])
    assert len(sums[days[0]][0]) > sums[days[0]][1][3]    # computed one by one, not summed
    assert overdue.split(*sums[days[0]])["outstanding"] == replayed_totals(
        book, days[0])["outstanding"]
    assert kept_rows(book, days[0])                        # and kept again
