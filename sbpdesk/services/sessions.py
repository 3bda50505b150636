"""Sessions (phiên giao dịch): open, count the cash, close.

Only the laptop holding a point's lease opens a session there, on a held day of the point's
calendar, not after today and never before the point's last closed session; a point has at
most one open session. Every cash posting at a point belongs to the open session. Closing
counts the cash by denomination, which must equal the expected cash (opening + cash in −
cash out ± recorded differences, reversed postings left out); a difference is first recorded
as `session.cash_difference`, approved by the controller. The close records the journal head
(seq, hash) printed on the session report; a closed session accepts nothing more.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from sbpdesk.db.ids import uuid7
from sbpdesk.db.models import AppUser, Point
from sbpdesk.db.models import Operation as OperationRow
from sbpdesk.db.models import Session as SessionModel
from sbpdesk.domain import operation as domain_op
from sbpdesk.domain.canonical import canonical_json, from_json
from sbpdesk.domain.errors import DomainError
from sbpdesk.domain.money import format_vnd
from sbpdesk.domain.text import nfc
from sbpdesk.services import journal, posting
from sbpdesk.services.auth import Approval
from sbpdesk.services.changes import Written, written
from sbpdesk.services.context import Book
from sbpdesk.services.journal import Entry
from sbpdesk.services.kinds import WAIVERS
from sbpdesk.services.posting import Command, Posted, applier, decider, replace
from sbpdesk.services.receipts import device_name

DENOMINATIONS = (500_000, 200_000, 100_000, 50_000, 20_000, 10_000, 5_000, 2_000, 1_000,
                 500, 200, 100)
ROUNDING_REASON = "Làm tròn tiền mặt"


@dataclass(frozen=True)
class SessionRow:
    id: str
    point_code: str
    business_date: dt.date
    origin: str
    teller: str
    controller: str | None
    opening_cash: int
    status: str
    counted: dict[str, int] | None
    counted_total: int | None
    expected_total: int | None
    head_seq: int | None
    head_hash: str | None
    teller_name: str = ""         # full names, for every text a person reads (issue 14)
    controller_name: str = ""


def _row(book: Book, s: SessionModel) -> SessionRow:
    return SessionRow(s.id, s.point_code, s.business_date, s.origin, s.teller, s.controller,
                      s.opening_cash, s.status, from_json(s.counted) if s.counted else None,
                      s.counted_total, s.expected_total, s.head_seq, s.head_hash,
                      user_full_name(book, s.teller), user_full_name(book, s.controller))


def user_full_name(book: Book, username: str | None) -> str:
    """The user's full name (the username only if the user is unknown here)."""
    if not username:
        return ""
    user = book.db.get(AppUser, username)
    return user.full_name if user is not None and user.full_name else username


# --- services -------------------------------------------------------------------------------

def open_session(book: Book, point_code: str, business_date: dt.date, *, controller: str,
                 opening_cash: int = 0, counted: dict[int | str, int] | None = None,
                 reason: str = "") -> Posted:
    """Open a session; `counted` is the opening cash by denomination (its total is the
    opening cash), `reason` is required for a second session on a day already closed."""
    payload: dict = {"point_code": point_code, "controller": controller,
                     "opening_cash": opening_cash}
    if counted is not None:
        payload["opening_counted"] = {str(d): n for d, n in counted.items() if n}
        payload["opening_cash"] = sum(int(d) * n for d, n in counted.items())
    if reason.strip():
        payload["reason"] = reason
    return posting.post(book, "session.open", payload, business_date=business_date)


def close_session(book: Book, session_id: str, counted: dict[int | str, int], *,
                  approved_by: Approval | None) -> Posted:
    session = book.db.get(SessionModel, session_id)
    date = session.business_date if session else book.today()
    return posting.post(book, "session.close", {"session_id": session_id, "counted": counted},
                        business_date=date, session_id=session_id, approved_by=approved_by)


def record_cash_difference(book: Book, session_id: str, amount: int, reason: str, *,
                           approved_by: Approval | None,
                           group_id: str | None = None) -> Posted:
    session = book.db.get(SessionModel, session_id)
    date = session.business_date if session else book.today()
    return posting.post(book, "session.cash_difference",
                        {"session_id": session_id, "amount": amount, "reason": reason,
                         "group_id": group_id},
                        business_date=date, session_id=session_id, approved_by=approved_by)


def open(book: Book, point_code: str, business_date: dt.date, *, controller: str,
         opening_cash: int = 0, counted: dict[int | str, int] | None = None,
         reason: str = "") -> Written:
    """Open a session at a point (session.open); `sessions` names it. `counted` and `reason`
    as for `open_session`."""
    made = open_session(book, point_code, business_date, controller=controller,
                        opening_cash=opening_cash, counted=counted, reason=reason)
    return written(made, sessions=(journal.get(book.db, made.op_id).payload["session_id"],))


def record_rounding(book: Book, session_id: str | None, amount: int, *,
                    group_id: str | None = None,
                    business_date: dt.date | None = None) -> Posted:
    """A counted difference inside the office's rounding tolerance: recorded as rounding
    (`rounding: true`), without a reason typed or the controller."""
    date = business_date
    if date is None:
        session = book.db.get(SessionModel, session_id or "")
        date = session.business_date if session else book.today()
    return posting.post(book, "session.cash_difference",
                        {"session_id": session_id, "amount": amount, "reason": ROUNDING_REASON,
                         "group_id": group_id, "rounding": True},
                        business_date=date, session_id=session_id)


def rounding_tolerance(book: Book, day: dt.date) -> int:
    """The most a count may differ and be recorded as rounding (office rules in force)."""
    return book.refs.rules_at(day).cash_rounding_tolerance


def smallest_note(book: Book, day: dt.date) -> int:
    return book.refs.rules_at(day).cash_smallest_note


def is_rounding(book: Book, amount: int, day: dt.date) -> bool:
    return 0 < abs(amount) <= rounding_tolerance(book, day)


def _waive_rounding(book: Book, payload: dict, day: dt.date) -> bool:
    amount = payload.get("amount")
    return (payload.get("rounding") is True and type(amount) is int
            and is_rounding(book, amount, day))


WAIVERS["session.cash_difference"] = _waive_rounding


def close(book: Book, session_id: str, counted: dict[int | str, int], *, difference: int = 0,
          reason: str = "", approved_by: Approval | None) -> Written:
    """Count and close a session in one transaction: a counted difference is recorded first
    (session.cash_difference: rounding when inside the office's tolerance, else with the
    reason and the controller's approval), then the close, which the controller approves."""
    with book.transaction():
        posted = []
        session = book.db.get(SessionModel, session_id)
        day = session.business_date if session else book.today()
        if difference and is_rounding(book, difference, day):
            posted.append(record_rounding(book, session_id, difference))
        elif difference:
            posted.append(record_cash_difference(book, session_id, difference, reason,
                                                 approved_by=approved_by))
        posted.append(close_session(book, session_id, counted, approved_by=approved_by))
    return written(*posted, sessions=(session_id,))


# --- session.open ---------------------------------------------------------------------------

@decider("session.open")
def _decide_open(book: Book, cmd: Command) -> Command:
    p = dict(cmd.payload)
    point = book.db.get(Point, p.get("point_code") or "")
    if point is None:
        raise DomainError("unknown_point", "Không có điểm giao dịch này.", "Unknown point.",
                          field="point_code")
    if not book.device_id or point.lease_device_id != book.device_id:
        holder = device_name(book, point.lease_device_id)
        raise DomainError("not_lease_holder",
                          "Máy này không giữ quyền mở phiên tại điểm giao dịch này"
                          f" (máy đang giữ: {holder or 'chưa cấp'}).",
                          "This laptop does not hold the lease for this point"
                          f" (holder: {holder or 'none'}).")
    _check_date(book, point, cmd.business_date)
    if _open_at(book, point.code) is not None:
        raise DomainError("session_already_open", "Điểm giao dịch đang có phiên chưa đóng.",
                          "This point already has an open session.")
    teller = book.user.username
    controller = book.db.get(AppUser, p.get("controller") or "")
    if (controller is None or not controller.active or controller.username == teller
            or "controller" not in controller.roles.split(",")):
        raise DomainError("bad_controller", "Cần chọn kiểm soát viên (khác giao dịch viên).",
                          "Name a controller (not the teller).", field="controller")
    opening = p.get("opening_cash", 0)
    if not isinstance(opening, int) or isinstance(opening, bool) or opening < 0:
        raise DomainError("bad_amount", "Tiền đầu phiên không hợp lệ.", "Invalid opening cash.",
                          field="opening_cash")
    if p.get("opening_counted") is not None:
        p["opening_counted"] = _counted(p["opening_counted"], field="opening_cash")
        if sum(int(d) * n for d, n in p["opening_counted"].items()) != opening:
            raise DomainError("bad_amount", "Tiền đầu phiên khác tổng kiểm đếm theo mệnh giá.",
                              "The opening cash differs from the count by denomination.",
                              field="opening_cash")
    _check_second_session(book, point.code, cmd.business_date, p)
    p.update(session_id=p.get("session_id") or uuid7(), teller=teller,
             controller=controller.username, opening_cash=opening)
    return replace(cmd, payload=p, session_id=p["session_id"])


def _check_date(book: Book, point: Point, day: dt.date) -> None:
    if day > book.today():
        raise DomainError("future_date", "Ngày phiên giao dịch không được sau hôm nay.",
                          "The session date cannot be after today.", field="business_date")
    last_closed = book.db.scalar(select(SessionModel.business_date).where(
        SessionModel.point_code == point.code, SessionModel.status == "closed")
        .order_by(SessionModel.business_date.desc()).limit(1))
    if last_closed is not None and day < last_closed:
        raise DomainError("before_last_session",
                          f"Ngày phiên không được trước phiên đã đóng gần nhất"
                          f" ({last_closed:%d/%m/%Y}).",
                          f"The session date cannot be before the last closed session"
                          f" ({last_closed}).", field="business_date")
    if not book.refs.calendar(point.code, point.session_day).is_held(day):
        raise DomainError("not_session_day",
                          f"{day:%d/%m/%Y} không phải ngày giao dịch của điểm theo lịch.",
                          f"{day} is not a session day on the point's calendar.",
                          field="business_date")


def _check_second_session(book: Book, point_code: str, day: dt.date, p: dict) -> None:
    """A second session on a day whose session is already closed needs a reason."""
    reason = nfc(p.get("reason") or "").strip()
    if closed_on(book, point_code, day) and not reason:
        raise DomainError("second_session_reason",
                          f"Phiên ngày {day:%d/%m/%Y} tại điểm này đã đóng: mở phiên thứ hai"
                          " trong ngày cần ghi lý do.",
                          f"The session of {day} at this point is already closed: a second"
                          " session on the same day needs a reason.", field="reason")
    if reason:
        p["reason"] = reason
    else:
        p.pop("reason", None)


@applier("session.open")
def _apply_open(book: Book, e: Entry) -> None:
    p = e.payload
    book.db.merge(SessionModel(id=p["session_id"], point_code=p["point_code"],
                               business_date=e.business_date, origin=e.origin,
                               teller=p["teller"], controller=p.get("controller"),
                               opening_cash=p.get("opening_cash", 0), status="open"))


# --- session.cash_difference ----------------------------------------------------------------

@decider("session.cash_difference")
def _decide_difference(book: Book, cmd: Command) -> Command:
    p = dict(cmd.payload)
    amount = p.get("amount")
    if not isinstance(amount, int) or isinstance(amount, bool) or amount == 0:
        raise DomainError("bad_amount", "Số tiền thừa/thiếu phải khác 0.",
                          "The difference must not be zero.", field="amount")
    if p.get("rounding"):
        if not is_rounding(book, amount, cmd.business_date):
            tolerance = rounding_tolerance(book, cmd.business_date)
            raise DomainError("not_rounding",
                              f"Chênh lệch {format_vnd(abs(amount))} vượt mức làm tròn"
                              f" {format_vnd(tolerance)}: cần lý do và kiểm soát viên duyệt.",
                              f"A difference of {abs(amount)} is above the rounding tolerance"
                              f" {tolerance}: it needs a reason and the controller.",
                              field="amount")
        p.update(rounding=True, reason=nfc(p.get("reason") or "").strip() or ROUNDING_REASON)
    else:
        p.pop("rounding", None)
    reason = nfc(p.get("reason") or "").strip()
    if not reason:
        raise DomainError("missing_field", "Cần ghi lý do thừa/thiếu quỹ.",
                          "A reason is required.", field="reason")
    p.update(session_id=cmd.session_id, reason=reason, group_id=p.get("group_id"))
    return replace(cmd, payload=p)


@applier("session.cash_difference")
def _apply_difference(book: Book, e: Entry) -> None:
    return None  # the cash box is derived from the journal (expected_cash)


# --- session.close --------------------------------------------------------------------------

@decider("session.close")
def _decide_close(book: Book, cmd: Command) -> Command:
    session = book.db.get(SessionModel, cmd.session_id)
    if cmd.approved_by != session.controller:
        raise DomainError("approval_required",
                          f"Kiểm soát viên của phiên ({session.controller}) phải duyệt.",
                          f"The session's controller ({session.controller}) must approve.",
                          field="approved_by")
    counted = _counted(cmd.payload.get("counted") or {})
    counted_total = sum(int(d) * n for d, n in counted.items())
    expected = expected_cash(book, session.id)
    if counted_total != expected:
        raise DomainError("cash_mismatch",
                          f"Tiền kiểm đếm {format_vnd(counted_total)} khác tồn quỹ theo sổ"
                          f" {format_vnd(expected)}; hãy ghi thừa/thiếu quỹ trước khi đóng phiên.",
                          f"Counted {counted_total} differs from expected {expected}; record a"
                          " cash difference before closing.", field="counted")
    origin_head = journal.head(book.db, book.origin)
    payload = {"session_id": session.id, "counted": counted, "counted_total": counted_total,
               "expected_total": expected, "head_seq": origin_head.seq,
               "head_hash": origin_head.hash}
    return replace(cmd, payload=payload)


def _counted(raw: dict, field: str = "counted") -> dict[str, int]:
    out: dict[str, int] = {}
    if not isinstance(raw, dict):
        raise DomainError("bad_count", "Kiểm đếm phải theo mệnh giá.",
                          "The count must be by denomination.", field=field)
    for denomination, count in raw.items():
        try:
            value = int(denomination)
        except (TypeError, ValueError):
            value = -1
        if value not in DENOMINATIONS or not isinstance(count, int) or count < 0:
            raise DomainError("bad_count", f"Mệnh giá hoặc số tờ không hợp lệ: {denomination}",
                              f"Invalid denomination or count: {denomination}", field=field)
        if count:
            out[str(value)] = count
    return out


@applier("session.close")
def _apply_close(book: Book, e: Entry) -> None:
    p = e.payload
    row = book.db.get(SessionModel, p["session_id"])
    if row is None:
        return
    row.status = "closed"
    row.counted = canonical_json(p["counted"])
    row.counted_total, row.expected_total = p["counted_total"], p["expected_total"]
    row.head_seq, row.head_hash = p["head_seq"], p["head_hash"]


# --- queries --------------------------------------------------------------------------------

def expected_cash(book: Book, session_id: str) -> int:
    """Opening cash plus the signed cash of the session's postings not reversed."""
    session = book.db.get(SessionModel, session_id)
    rows = book.db.scalars(select(OperationRow).where(
        OperationRow.session_id == session_id,
        OperationRow.outcome.in_(("applied", "suspense"))))
    ops = [journal.to_entry(r).operation() for r in rows]
    skip = domain_op.reversed_targets(ops)
    return session.opening_cash + sum(posting.cash_amount(op.kind, op.payload) for op in ops
                                      if op.op_id not in skip and op.kind != domain_op.REVERSE)


def closed_on(book: Book, point_code: str, day: dt.date) -> int:
    """How many sessions at the point on `day` are already closed."""
    return len(book.db.scalars(select(SessionModel.id).where(
        SessionModel.point_code == point_code, SessionModel.business_date == day,
        SessionModel.status == "closed")).all())


def _open_at(book: Book, point_code: str) -> SessionModel | None:
    return book.db.scalars(select(SessionModel).where(
        SessionModel.point_code == point_code, SessionModel.status == "open")).first()


def get_session(book: Book, session_id: str) -> SessionRow | None:
    s = book.db.get(SessionModel, session_id)
    return _row(book, s) if s is not None else None


def current_session(book: Book, point_code: str | None = None) -> SessionRow | None:
    """The open session of this laptop (at `point_code` if given)."""
    query = select(SessionModel).where(SessionModel.status == "open",
                                       SessionModel.origin == book.origin)
    if point_code is not None:
        query = query.where(SessionModel.point_code == point_code)
    s = book.db.scalars(query).first()
    return _row(book, s) if s is not None else None


def list_sessions(book: Book, point_code: str, limit: int = 50) -> list[SessionRow]:
    rows = book.db.scalars(select(SessionModel).where(SessionModel.point_code == point_code)
                           .order_by(SessionModel.business_date.desc()).limit(limit))
    return [_row(book, s) for s in rows]
