"""Practice sessions on a demo point book (`sbpdesk demo-session`, issue 6).

`record_practice_session` records one realistic session at a point the demo laptop holds the
lease of, signed in as the demo teller with the demo controller approving (password "demo"),
through the ordinary services — nothing is written any other way:

1. open (`session.open`) with an opening float that covers the disbursement;
2. a disbursement (`loan.disburse`) when a loan of the point awaits one, approved before the
   session date;
3. two or three groups from their 13/TD sheets (`collections.record_group`): most members pay
   what is due in full, one pays part, some deposit savings, one whose savings cover it pays
   principal from savings; the last group's leader hands over a small difference that the
   controller approves (`session.cash_difference`, chosen so the box ends on whole notes);
4. a member paying at the desk whose deposit is typed with an extra zero: reversed
   (`op.reverse`, the controller as second user) and entered again correctly;
5. close (`session.close`) with the cash counted by denomination equal to the expected cash.

The choices (groups, who pays part, deposits, receipt numbers) are deterministic by `seed`.

Dates: by default the first leased point's next session day after its last closed session,
which must not be after today (the demo's first point meets on the day the demo was built).
A `date` after today is allowed on demo books only: the book is given a clock at that date
(10:00 in Vietnam) for the duration of the call, so the session's checks ("not after today")
and `recorded_at` see that day; the previous clock is restored afterwards.

Refused on books that are not demo books, on office books and on laptops not enrolled.
"""
from __future__ import annotations

import datetime as dt
import random
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import select

from sbpdesk.db.models import Group, Operation, Point
from sbpdesk.db.models import Session as SessionModel
from sbpdesk.demo.world import PASSWORD
from sbpdesk.domain.canonical import from_json
from sbpdesk.domain.errors import DomainError
from sbpdesk.services import collections, loans, reversals, sessions
from sbpdesk.services.auth import Approval
from sbpdesk.services.collections import LineInput, SheetLine
from sbpdesk.services.context import VIETNAM, Book

TELLER, CONTROLLER = "teller", "controller"
FLOAT = 20_000_000          # the opening float besides the cash for a disbursement
DEPOSITS = (20_000, 50_000, 100_000, 200_000)


@dataclass(frozen=True)
class GroupSummary:
    group_id: str
    code: str
    name: str
    lines: int
    interest: int
    principal: int
    savings: int
    from_savings: int
    counted: int
    difference: int
    handover_op_id: str


@dataclass(frozen=True)
class PracticeSummary:
    point_code: str
    business_date: dt.date
    session_id: str
    seed: int
    clock_moved: bool
    opening_cash: int
    disbursement: dict[str, Any] | None
    groups: tuple[GroupSummary, ...]
    partial: dict[str, Any] | None
    from_savings: dict[str, Any] | None
    reversal: dict[str, Any] | None
    cash_in: int
    cash_out: int
    differences: int
    expected_cash: int
    counted: dict[str, int]
    counted_total: int
    close_op_id: str
    head_seq: int
    operations: int = 0
    notes: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["business_date"] = self.business_date.isoformat()
        d["groups"] = [asdict(g) for g in self.groups]
        d["notes"] = list(self.notes)
        return d


def _refuse(code: str, vi: str, en: str, field_: str | None = None) -> DomainError:
    return DomainError(code, vi, en, field_)


# --- choosing the point and the day -------------------------------------------------------

def _check_book(book: Book) -> None:
    if not book.demo:
        raise _refuse("not_demo_book",
                      "Phiên thực hành chỉ ghi được trên sổ thực hành (demo), không ghi vào sổ "
                      "thật.",
                      "A practice session can only be recorded on a demo book, never on a real "
                      "one.")
    if book.is_office or not book.origin or not book.device_id:
        raise _refuse("not_enrolled_point",
                      "Phiên thực hành cần một máy điểm giao dịch đã đăng ký (sổ demo --role "
                      "point).",
                      "A practice session needs an enrolled point laptop (demo --role point).")


def leased_points(book: Book) -> list[Point]:
    points = book.db.scalars(select(Point).where(Point.lease_device_id == book.device_id)
                             .order_by(Point.code)).all()
    book.end_read()
    return list(points)


def _point(book: Book, point_code: str | None) -> Point:
    points = leased_points(book)
    if point_code is None:
        if not points:
            raise _refuse("no_lease", "Máy này không giữ quyền mở phiên tại điểm nào.",
                          "This laptop holds no point's lease.")
        return points[0]
    for p in points:
        if p.code == point_code:
            return p
    raise _refuse("not_lease_holder",
                  f"Máy này không giữ quyền mở phiên tại điểm {point_code}.",
                  f"This laptop does not hold the lease of point {point_code}.", "point_code")


def next_session_day(book: Book, point: Point) -> dt.date:
    """The point's first held session day after its last closed session (or, when none was
    ever closed, the latest held day up to today)."""
    cal = book.refs.calendar(point.code, point.session_day)
    last = book.db.scalar(select(SessionModel.business_date).where(
        SessionModel.point_code == point.code, SessionModel.status == "closed")
        .order_by(SessionModel.business_date.desc()).limit(1))
    book.end_read()
    if last is not None:
        return cal.next_session(last)
    today = book.today()
    day = cal.session_on(today.year, today.month)
    if day > today:
        prev = dt.date(today.year, today.month, 1) - dt.timedelta(days=1)
        day = cal.session_on(prev.year, prev.month)
    return day


def _unfinished(book: Book, point: Point) -> SessionModel | None:
    """This laptop's open session at the point: a practice run that was interrupted."""
    row = book.db.scalars(select(SessionModel).where(
        SessionModel.point_code == point.code, SessionModel.status == "open",
        SessionModel.origin == book.origin)).first()
    book.end_read()
    return row


def _groups_done(book: Book, session_id: str) -> set[str]:
    rows = book.db.scalars(select(Operation).where(
        Operation.session_id == session_id,
        Operation.kind.in_(("collection.record", "group.handover")))).all()
    return {from_json(r.payload).get("group_id") for r in rows} - {None}


# --- the session ----------------------------------------------------------------------------

def record_practice_session(book: Book, point_code: str | None = None,
                            date: dt.date | None = None, seed: int = 1) -> PracticeSummary:
    """Record a whole practice session on a demo point book; see the module docstring."""
    _check_book(book)
    point = _point(book, point_code)
    unfinished = _unfinished(book, point)
    day = date or (unfinished.business_date if unfinished else next_session_day(book, point))
    if date is None and day > book.today():
        raise _refuse("no_session_due",
                      f"Phiên kế tiếp của điểm {point.code} là {day:%d/%m/%Y}, sau hôm nay; "
                      "hãy chọn ngày (--date).",
                      f"Point {point.code}'s next session is on {day}, after today; give a "
                      "date (--date).", "business_date")
    saved_user, saved_clock = book.user, book._clock
    moved = day > book.today()
    if moved:   # demo books only (checked above): the book lives on that day for this call
        at = dt.datetime.combine(day, dt.time(10), VIETNAM)
        book._clock = lambda: at
    try:
        book.sign_in(TELLER, PASSWORD)
        return _Practice(book, point, day, seed, moved).run()
    finally:
        book.user, book._clock = saved_user, saved_clock


class _Practice:
    def __init__(self, book: Book, point: Point, day: dt.date, seed: int, moved: bool):
        self.book, self.point, self.day, self.seed, self.moved = book, point, day, seed, moved
        self.rng = random.Random(seed)
        self.ops = 0
        self.bl = self.rng.randrange(100_000, 900_000)
        self.notes: list[str] = []
        self.done: set[str] = set()   # groups already recorded (a resumed session)

    def controller(self) -> Approval:
        """The demo controller approves at the teller's side (their demo password)."""
        return Approval(CONTROLLER, PASSWORD)

    def bl_no(self) -> str | None:
        if self.rng.random() < 0.6:
            self.bl += 1
            return f"{self.bl:06d}"
        return None

    def run(self) -> PracticeSummary:
        book, rng = self.book, self.rng
        unfinished = _unfinished(book, self.point)
        awaiting = [] if unfinished else self._awaiting()
        loan = rng.choice(awaiting) if awaiting else None
        amount = loan.approved_amount - loan.disbursed if loan is not None else 0
        if unfinished is not None:   # an interrupted run: carry on in its session
            sid, opening, self.done = unfinished.id, unfinished.opening_cash, _groups_done(
                book, unfinished.id)
            self.notes.append("resumed an interrupted practice session")
        else:
            opening = FLOAT + amount
            sessions.open_session(book, self.point.code, self.day, controller=CONTROLLER,
                                  opening_cash=opening)
            self.ops += 1
            sid = sessions.current_session(book, self.point.code).id
        book.end_read()
        disbursement = None
        if loan is not None:
            done = loans.disburse(book, loan.id, amount, id_checked=True,
                                  business_date=self.day, approved_by=self.controller())
            self.ops += 1
            disbursement = {"loan_id": loan.id, "contract_no": loan.contract_no,
                            "amount": amount, "op_id": done.op_id}
        else:
            self.notes.append("no loan awaits disbursement at this point")

        sheets = self._sheets()
        chosen, desk = self._choose(sheets)
        plans = [self._plan(sheet, lines) for sheet, lines in chosen]
        self._mark_special(plans)
        groups: list[GroupSummary] = []
        for plan in plans[:-1]:
            groups.append(self._record(plan, sid, difference=False))
        reversal = self._desk(desk) if desk is not None else None
        if reversal is None:
            self.notes.append("no member left to pay at the desk: no reversal")
        if plans:
            groups.append(self._record(plans[-1], sid, difference=True))

        expected = sessions.expected_cash(book, sid)
        counted = _denominations(expected)
        close = sessions.close_session(book, sid, counted, approved_by=self.controller())
        self.ops += 1
        row = sessions.get_session(book, sid)
        book.end_read()
        cash_in = sum(g.interest + g.principal + g.savings for g in groups) + (
            reversal["cash"] if reversal else 0)
        return PracticeSummary(
            point_code=self.point.code, business_date=self.day, session_id=sid, seed=self.seed,
            clock_moved=self.moved, opening_cash=opening, disbursement=disbursement,
            groups=tuple(groups), partial=self.partial_info, from_savings=self.from_info,
            reversal=reversal, cash_in=cash_in, cash_out=amount,
            differences=sum(g.difference for g in groups), expected_cash=expected,
            counted=counted, counted_total=row.counted_total, close_op_id=close.op_id,
            head_seq=row.head_seq, operations=self.ops, notes=tuple(self.notes))

    # -- choices ---------------------------------------------------------------------------
    def _awaiting(self) -> list[loans.LoanRow]:
        out = []
        for row in loans.awaiting_disbursement(self.book, self.point.code):
            state = loans.load_state(self.book, row.id)
            if (state.approved_on is not None and state.approved_on < self.day
                    and row.approved_amount > row.disbursed):
                out.append(row)
        self.book.end_read()
        return sorted(out, key=lambda r: (r.contract_no or "", r.id))

    def _sheets(self) -> list[collections.Sheet]:
        groups = self.book.db.scalars(select(Group).where(
            Group.point_code == self.point.code).order_by(Group.code)).all()
        codes = {g.id: g.code for g in groups}
        sheets = [collections.group_sheet(self.book, g.id, self.day) for g in groups]
        self.book.end_read()
        self.codes = codes
        return sheets

    @staticmethod
    def _payable(line: SheetLine) -> bool:
        return line.loan_id is not None and line.status == "active" and (
            line.interest_due > 0 or line.principal_due > 0)

    def _choose(self, sheets: list[collections.Sheet]):
        """Two or three groups (one with a member whose savings can pay principal, when
        there is one) and a member of another group who pays at the desk."""
        rng = self.rng
        candidates = [s for s in sheets if any(self._payable(x) for x in s.lines)
                      and s.group_id not in self.done]
        with_savings = [s for s in candidates if any(
            self._payable(x) and x.savings_balance > 0 for x in s.lines)]
        want = min(len(candidates), rng.choice((2, 3)))
        chosen: list[collections.Sheet] = []
        if with_savings and want:
            chosen.append(rng.choice(with_savings))
        rest = [s for s in candidates if s not in chosen]
        chosen += rng.sample(rest, max(0, want - len(chosen)))
        rng.shuffle(chosen)
        others = [s for s in candidates if s not in chosen]
        desk = None
        if others:
            sheet = rng.choice(others)
            desk = (sheet, rng.choice([x for x in sheet.lines if self._payable(x)]))
        picked = [(s, list(s.lines)) for s in chosen]
        if desk is None:   # a member of a chosen group misses the meeting, pays at the desk
            for sheet, lines in picked:
                payable = [x for x in lines if self._payable(x)]
                if len(payable) > 1:
                    absent = rng.choice(payable)
                    lines.remove(absent)
                    desk = (sheet, absent)
                    break
        return picked, desk

    def _plan(self, sheet: collections.Sheet, lines: list[SheetLine]) -> dict:
        rng = self.rng
        inputs: list[dict] = []
        for x in lines:
            if self._payable(x):
                inputs.append({"line": x, "interest": x.interest_due,
                               "principal": x.principal_due,
                               "savings": rng.choice(DEPOSITS) if rng.random() < 0.5 else 0,
                               "from_savings": 0, "bl_no": self.bl_no()})
            elif x.loan_id is None and rng.random() < 0.5:   # a saver without a loan
                inputs.append({"line": x, "interest": 0, "principal": 0,
                               "savings": rng.choice(DEPOSITS), "from_savings": 0,
                               "bl_no": self.bl_no()})
        return {"sheet": sheet, "inputs": inputs}

    def _mark_special(self, plans: list[dict]) -> None:
        """One member pays from savings, another pays part of what is due."""
        rng = self.rng
        self.partial_info = self.from_info = None
        loans_ = [i for p in plans for i in p["inputs"] if i["line"].loan_id]
        savers = [i for i in loans_ if i["line"].savings_balance > 0
                  and i["line"].outstanding > 0]
        if savers:
            item = rng.choice(savers)
            x = item["line"]
            if x.principal_due:
                amount = min(x.savings_balance, x.principal_due)
            else:   # nothing due: an early repayment from savings
                amount = min(x.savings_balance, x.outstanding, 100_000)
            item["from_savings"] = amount
            item["principal"] = max(0, x.principal_due - amount)
            item["savings"] = 0
            self.from_info = {"person_id": x.person_id, "full_name": x.full_name,
                              "loan_id": x.loan_id, "amount": amount}
        else:
            self.notes.append("no member with savings: no payment from savings")
        rest = [i for i in loans_ if not i["from_savings"]]
        if rest and not any(i["savings"] for p in plans for i in p["inputs"]):
            rng.choice(rest)["savings"] = rng.choice(DEPOSITS)   # someone always saves
        if rest:
            item = rng.choice(rest)
            x = item["line"]
            if item["principal"] >= 2_000:
                item["principal"] = item["principal"] // 2 // 1_000 * 1_000
                column = "principal"
            else:
                item["interest"] = item["interest"] // 2
                column = "interest"
            self.partial_info = {"person_id": x.person_id, "full_name": x.full_name,
                                 "loan_id": x.loan_id, "column": column,
                                 "paid": item[column],
                                 "due": x.principal_due if column == "principal"
                                 else x.interest_due}

    def _record(self, plan: dict, sid: str, *, difference: bool) -> GroupSummary:
        book, sheet = self.book, plan["sheet"]
        lines = [LineInput(i["line"].person_id, i["line"].loan_id, interest=i["interest"],
                           principal=i["principal"], savings=i["savings"],
                           from_savings=i["from_savings"], bl_no=i["bl_no"])
                 for i in plan["inputs"]
                 if i["interest"] or i["principal"] or i["savings"] or i["from_savings"]]
        handed = sum(x.interest + x.savings for x in lines)
        counted, reason = handed, ""
        if difference:
            # The leader's small difference, chosen so the box ends on whole 1.000 đ notes.
            box = sessions.expected_cash(book, sid) + sum(
                x.interest + x.principal + x.savings for x in lines)
            book.end_read()
            short = box % 1_000 + 1_000
            if handed >= short:
                counted, reason = handed - short, "Tổ trưởng nộp thiếu tiền lẻ"
            else:
                counted, reason = handed + (2_000 - short), "Tổ trưởng nộp thừa tiền lẻ"
        done = collections.record_group(book, sheet.group_id, lines, counted=counted,
                                        business_date=self.day, session_id=sid,
                                        approved_by=(self.controller() if counted != handed
                                                     else None),
                                        reason=reason)
        self.ops += len(done.posted) + 1 + (1 if done.difference else 0)
        return GroupSummary(sheet.group_id, self.codes.get(sheet.group_id, ""),
                            sheet.group_name, len(done.posted), done.interest, done.principal,
                            done.savings, done.from_savings, counted, counted - handed,
                            done.handover.op_id)

    def _desk(self, desk: tuple[collections.Sheet, SheetLine]) -> dict[str, Any]:
        """A member pays at the desk; the deposit is typed with an extra zero, reversed with
        the controller as second user, and entered again."""
        sheet, x = desk
        deposit = self.rng.choice(DEPOSITS[:3])
        def pay(savings: int):
            self.ops += 1
            return loans.repay(self.book, x.loan_id, interest=x.interest_due,
                               principal=x.principal_due, savings=savings,
                               business_date=self.day, bl_no=self.bl_no())
        wrong = pay(deposit * 10)
        reason = (f"Nhập nhầm tiền gửi tiết kiệm ({deposit * 10:,} thay vì {deposit:,} đ)"
                  .replace(",", "."))
        self.ops += 1
        undo = reversals.reverse(self.book, wrong.op_id, reason, business_date=self.day,
                                 approved_by=self.controller())
        right = pay(deposit)
        return {"person_id": x.person_id, "full_name": x.full_name, "loan_id": x.loan_id,
                "target_op_id": wrong.op_id, "reversal_op_id": undo.op_id,
                "corrected_op_id": right.op_id, "approved_by": CONTROLLER, "reason": reason,
                "cash": x.interest_due + x.principal_due + deposit}


def _denominations(amount: int) -> dict[str, int]:
    out: dict[str, int] = {}
    for note in sessions.DENOMINATIONS:
        n, amount = divmod(amount, note)
        if n:
            out[str(note)] = n
    if amount:
        raise _refuse("cash_not_countable", "Tồn quỹ không đếm được bằng mệnh giá tiền.",
                      "The expected cash cannot be counted in notes.")
    return out
