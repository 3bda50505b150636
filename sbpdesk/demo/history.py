"""The demo's years of sessions: month by month each point's session on the laptop's
origin, then the office's decisions, decided with the domain's own checks and bulk-appended
(bulk.py)."""
from __future__ import annotations

import datetime as dt
import random

from sbpdesk.demo import names
from sbpdesk.demo.bulk import BulkWriter
from sbpdesk.demo.world import LAPTOP, OFFICE, PROGRAMME_FOR, Household, World, uuid7
from sbpdesk.domain import application as domain_app
from sbpdesk.domain import loan as domain_loan
from sbpdesk.domain import savings as domain_savings
from sbpdesk.domain.dates import add_months
from sbpdesk.domain.errors import DomainError
from sbpdesk.services.context import Book
from sbpdesk.services.journal import Entry
from sbpdesk.services.sessions import DENOMINATIONS, ROUNDING_REASON

# Local funds entrusted by the Lâm Đồng province budget (changes-2025-2026.md §2: district
# budgets' money went to the province); the code is the demo's own.
DEMO_INVESTOR = "NS-68"


class Timeline:
    """Month by month: each point's session (laptop origin), then the office's decisions."""

    def __init__(self, book: Book, rng: random.Random, world: World, start: dt.date,
                 as_of: dt.date, progress=None):
        self.book, self.rng, self.world, self.start, self.as_of = book, rng, world, start, as_of
        self.progress = progress or (lambda step, done, total: None)
        self.w = BulkWriter(book, rng, {pid: h.id for h in world.households
                                        for pid, _ in h.members})
        self.pending: list[tuple[Household, str, dict]] = []   # submitted applications
        self.approved: dict[str, list[tuple[str, int]]] = {}  # point -> (loan_id, amount)
        self.active: dict[str, list[tuple[Household, str]]] = {p: [] for p in world.points}
        self.savings_of: dict[str, str] = {}
        self.purposes: dict[str, str] = {}
        self.contracts = 0
        self.bl = 0
        self.counts = {"sessions": 0, "collections": 0, "loans": 0, "reversals": 0}

    def run(self) -> dict[str, int]:
        month = dt.date(self.start.year, self.start.month, 1)
        started: set[str] = set()
        months = (self.as_of.year - month.year) * 12 + self.as_of.month - month.month + 1
        while month <= self.as_of:
            self.progress("history", (month.year - self.start.year) * 12 + month.month
                          - self.start.month, months)
            for point in self.world.points:
                day = self.w.refs.calendar(point).session_on(month.year, month.month)
                if self.start <= day < self.as_of:   # as_of's session is left to open
                    self._session(point, day, backlog=point not in started)
                    started.add(point)
            self._office(month)
            month = add_months(month, 1)
        self.progress("save", 0, 1)
        with self.book.transaction():
            self.w.flush(self.world.org_of_group, self.purposes)
        self.counts["operations"] = len(self.w.entries)
        return self.counts

    # -- a session --------------------------------------------------------------------------
    def _session(self, point: str, day: dt.date, backlog: bool) -> None:
        w, sid = self.w, uuid7(self.rng, day)
        kw = dict(actor="teller", session_id=sid)
        to_pay = self.approved.pop(point, [])
        # The team brings enough cash from the office for the day's disbursements.
        cash = 50_000_000 + sum(amount for _, amount in to_pay)
        w.post(LAPTOP, "session.open", {"session_id": sid, "point_code": point,
                                        "teller": "teller", "controller": "controller",
                                        "opening_cash": cash}, day, **kw)
        for loan_id, amount in to_pay:
            w.post(LAPTOP, "loan.disburse", {"loan_id": loan_id, "amount": amount, "tranche": 1,
                                             "id_checked": True}, day, approved_by="controller",
                   **kw)
            cash -= amount
        last_group = None
        # About one session in three, a deposit is typed with an extra zero (_post_line).
        self.typo = self.rng.random() < 0.3
        for group in self.world.groups[point]:
            collected = self._collect_group(point, group, day, sid)
            if collected:
                cash, last_group = cash + collected, group
        # The last session before as_of always takes an application, so the demo always has
        # an approved loan waiting for disbursement at the next session.
        last = self.w.refs.calendar(point).next_session(day) >= self.as_of
        self._applications(point, day, sid, 0.7 if backlog else 0.055, at_least_one=last)
        cash += self._round_cash(cash, day, sid, last_group)
        counted = _denominations(cash)
        head_seq, head_hash = w.heads[LAPTOP]
        w.post(LAPTOP, "session.close", {"session_id": sid, "counted": counted,
                                         "counted_total": cash, "expected_total": cash,
                                         "head_seq": head_seq, "head_hash": head_hash}, day,
               approved_by="controller", **kw)
        self.counts["sessions"] += 1

    def _round_cash(self, cash: int, day: dt.date, sid: str, last_group: str | None) -> int:
        """Members pay odd đồng that no note in use can hand over: the box is counted to the
        nearest note the office's rules name (`cash_smallest_note`). A difference inside
        the rounding tolerance is rounding, without the controller (decision 0125); a wider
        one (a tolerance under half a note) is a shortage the controller approves."""
        rules = self.w.refs.rules_at(day)
        note = rules.cash_smallest_note
        change = cash % note
        diff = -change if change * 2 <= note else note - change
        if not diff:
            return 0
        kw = dict(actor="teller", session_id=sid)
        if abs(diff) <= rules.cash_rounding_tolerance:
            self.w.post(LAPTOP, "session.cash_difference", {
                "session_id": sid, "amount": diff, "reason": ROUNDING_REASON,
                "group_id": None, "rounding": True}, day, **kw)
            return diff
        self.w.post(LAPTOP, "session.cash_difference", {
            "session_id": sid, "amount": -change, "group_id": last_group,
            "reason": "Tổ trưởng nộp thiếu tiền lẻ dưới mệnh giá nhỏ nhất"}, day,
            approved_by="controller", **kw)
        return -change

    def _collect_group(self, point: str, group: str, day: dt.date, sid: str) -> int:
        lines, interest_total, savings_total, cash = [], 0, 0, 0
        for household, loan_id in self.active[point]:
            if household.group != group:
                continue
            state = self.w.loan(loan_id)
            if state is None or state.status != "active":
                continue
            line = self._line(household, state, day)
            if line is None:
                continue
            lines.append(self._post_line(line, day, sid).op_id)
            interest_total += line["interest"]
            savings_total += line["savings"]
            cash += line["interest"] + line["principal"] + line["savings"]
        if lines:
            self.w.post(LAPTOP, "group.handover", {"group_id": group, "interest": interest_total,
                                                   "savings": savings_total,
                                                   "counted": interest_total + savings_total,
                                                   "collections": lines}, day, actor="teller",
                        session_id=sid)
            self.counts["collections"] += len(lines)
        return cash

    def _line(self, household: Household, state, day: dt.date) -> dict | None:
        rng, d = self.rng, domain_loan.dues(state, day, self.w.refs)
        interest_due = d.interest_in_term + d.interest_overdue
        principal_due = d.principal_overdue + d.principal_due_now
        profile = household.profile
        pay_interest = {"good": 0.97, "late": 0.7, "bad": 0.1, "early": 1.0}[profile]
        pay_principal = {"good": 0.95, "late": 0.5, "bad": 0.05, "early": 1.0}[profile]
        interest = interest_due if rng.random() < pay_interest else 0
        principal = principal_due if rng.random() < pay_principal else 0
        if profile == "early" and d.next_due and rng.random() < 0.2:
            principal = min(d.outstanding, principal + d.next_due[1])
        if principal and rng.random() < 0.1:
            principal = principal // 2 // 1000 * 1000     # a partial payment
        person_id = state.person_id
        account = self.savings_of.get(person_id)
        balance = self.w.savings(account).balance if account and self.w.savings(account) else 0
        savings = rng.choice([0, 0, 20_000, 50_000, 100_000, 200_000]) \
            if rng.random() < 0.45 else 0
        from_savings = 0
        if principal and balance >= principal and rng.random() < 0.15:
            principal, from_savings = 0, min(balance, principal_due)
        if not (interest or principal or savings or from_savings):
            return None
        if (savings or from_savings) and account is None:
            account = self.savings_of[person_id] = uuid7(rng, day)
        try:   # the same checks the decider runs
            domain_loan.propose_collection(state, day, self.w.refs, interest, principal,
                                           from_savings=from_savings, savings_balance=balance)
            domain_savings.check_deposit(savings, self.w.refs.rules_at(day))
        except DomainError:
            return None
        self.bl += 1
        return {"loan_id": state.loan_id, "savings_account_id": account,
                "person_id": person_id, "group_id": household.group,
                "point_code": household.point, "interest": interest, "principal": principal,
                "savings": savings, "from_savings": from_savings,
                "bl_no": f"{self.bl:06d}" if rng.random() < 0.6 else None,
                "overpay_confirmed": False}

    def _applications(self, point: str, day: dt.date, sid: str, share: float, *,
                      at_least_one: bool = False) -> None:
        """Households without a live loan apply at `share`; a few with one live loan take a
        second from another programme (clean water, jobs): ~1,5 loans per borrower."""
        live: dict[str, int] = {}
        for household, loan_id in self.active[point]:
            state = self.w.loan(loan_id)
            if state is None or state.status in ("approved", "active", "frozen"):
                live[household.id] = live.get(household.id, 0) + 1
        pending = {h.id for h, *_ in self.pending}
        submitted = len(self.pending)
        for household in self.world.households:
            if household.point != point or household.id in pending:
                continue
            second = live.get(household.id, 0) == 1
            forced = at_least_one and len(self.pending) == submitted and not second
            if live.get(household.id, 0) > 1 or (self.rng.random() >= (
                    share / 5 if second else share) and not forced):
                continue
            programme = (self.rng.choice(["clean_water", "job_creation"]) if second else
                         PROGRAMME_FOR.get(household.category) or self.rng.choice(
                             ["job_creation", "clean_water"]))
            prog = self.w.refs.programme(programme)
            amount = self.rng.choice([10, 15, 20, 25, 30, 40, 50]) * 1_000_000
            if prog.max_amount:
                amount = min(amount, prog.max_amount)
            term = self.rng.choice([24, 36, 48, 60])
            if prog.max_term_months:
                term = min(term, prog.max_term_months)
            frequency = self.rng.choice([6, 12])
            try:
                domain_app.check_application(prog, amount, term, household.category,
                                             frequency_months=frequency)
            except DomainError:
                continue
            person_id = household.members[0][0]
            purpose = self.rng.choice(names.PURPOSES.get(programme, ["Sản xuất kinh doanh"]))
            payload = {"application_id": uuid7(self.rng, day), "household_id": household.id,
                       "person_id": person_id, "group_id": household.group,
                       "point_code": point, "programme_code": programme, "amount": amount,
                       "term_months": term, "frequency_months": frequency, "purpose": purpose,
                       "funding_source": "local" if self.rng.random() < 0.15 else "central",
                       "study_end": None}
            if payload["funding_source"] == "local":    # the province's budget (demo code)
                payload["investor_code"] = DEMO_INVESTOR
            self.w.post(LAPTOP, "application.submit", payload, day, actor="teller",
                        session_id=sid)
            self.purposes[payload["application_id"]] = purpose
            self.pending.append((household, payload["application_id"], payload))

    def _post_line(self, line: dict, day: dt.date, sid: str) -> Entry:
        """A member's collection. Once in about three sessions the first deposit is typed
        with an extra zero: the teller reverses it (the controller approves) and enters the
        line again before the group's hand-over, as practice.py's desk payment does."""
        w, kw = self.w, dict(actor="teller", session_id=sid)
        if self.typo and line["savings"]:
            self.typo = False
            right = line["savings"]
            wrong = w.post(LAPTOP, "collection.record", {**line, "savings": right * 10}, day,
                           **kw)
            reason = (f"Nhập nhầm tiền gửi tiết kiệm ({right * 10:,} thay vì {right:,} đ)"
                      .replace(",", "."))
            w.post(LAPTOP, "op.reverse", {"target_op_id": wrong.op_id, "reason": reason}, day,
                   approved_by="controller", **kw)
            self.counts["reversals"] += 1
        return w.post(LAPTOP, "collection.record", line, day, **kw)

    # -- the office, a few days after the month's sessions -----------------------------------
    def _office(self, month: dt.date) -> None:
        # The office decides after the month's sessions: its last day (or as_of).
        day = min(add_months(month, 1) - dt.timedelta(days=1), self.as_of)
        if day < self.start:
            return
        for household, app_id, p in self.pending:
            if self.rng.random() < 0.06:
                self.w.post(OFFICE, "application.decide", {
                    "application_id": app_id, "approved": False, "reason":
                    "Hộ chưa đủ điều kiện vay theo kết quả bình xét", "loan_id": None,
                    "contract_no": None, "amount": 0, "term_months": 0, "frequency_months": 0,
                    "first_due": None}, day, actor="director")
                continue
            self.contracts += 1
            loan_id = uuid7(self.rng, day)
            self.w.post(OFFICE, "application.decide", {
                "application_id": app_id, "approved": True, "reason": "",
                "loan_id": loan_id, "contract_no": f"{OFFICE}-{day.year}-{self.contracts:05d}",
                "amount": p["amount"], "term_months": p["term_months"],
                "frequency_months": p["frequency_months"], "first_due": None,
                "instalment_unit": self.w.refs.rules_at(day).instalment_unit,
                **{k: p[k] for k in ("household_id", "person_id", "group_id", "point_code",
                                     "programme_code", "funding_source")}}, day,
                actor="director")
            self.approved.setdefault(household.point, []).append((loan_id, p["amount"]))
            self.active[household.point].append((household, loan_id))
            self.counts["loans"] += 1
        self.pending = []
        if month.month in (4, 10):
            self._risk_decisions(day)
        if month.month in (6, 12) and day == add_months(month, 1) - dt.timedelta(days=1):
            self._credit_savings(day)

    def _credit_savings(self, day: dt.date) -> None:
        """30/06 and 31/12: the office credits the half-year's interest to every account."""
        for account in self.savings_of.values():
            if self.w.savings(account) is not None:
                self.w.post(OFFICE, "savings.credit_interest", {
                    "savings_account_id": account, "period_end": day.isoformat()}, day,
                    actor="accountant")

    def _risk_decisions(self, day: dt.date) -> None:
        """Twice a year: a flood-hit borrower's loan frozen, an old frozen one written off."""
        for loans in self.active.values():
            bad = [(h, lid) for h, lid in loans if h.profile == "bad"
                   and (s := self.w.loan(lid)) is not None and s.status == "active"
                   and s.disbursed]
            if bad:
                _, loan_id = self.rng.choice(bad)
                self.w.post(OFFICE, "loan.freeze", {"loan_id": loan_id, "until": None,
                                                    "reason": "Thiệt hại do lũ lụt (khoanh nợ)"},
                            day, actor="director")
            frozen = [lid for _, lid in loans if (s := self.w.loan(lid)) is not None
                      and s.status == "frozen"]
            if len(frozen) > 1:
                self.w.post(OFFICE, "loan.write_off", {"loan_id": frozen[0],
                                                       "reason": "Xóa nợ theo Quyết định "
                                                       "50/2010/QĐ-TTg"}, day, actor="director")


def _denominations(amount: int) -> dict[str, int]:
    """The cash in the notes session.close accepts (the caller rounded it to a note)."""
    out = {}
    for note in DENOMINATIONS:
        n, amount = divmod(amount, note)
        if n:
            out[str(note)] = n
    assert amount == 0, amount
    return out
