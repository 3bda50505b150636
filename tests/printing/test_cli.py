"""`sbpdesk print …` on a real demo book: every selector writes its PDF, the text read back
matches the book, reprints and reversed receipts are marked, and an unknown id is refused in
Vietnamese and English with exit status 2."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest
from sqlalchemy import select

from sbpdesk import cli
from sbpdesk.db.models import Application, Household, Loan, Person, PrintLog
from sbpdesk.db.models import Session as SessionRow
from sbpdesk.domain.money import format_vnd
from sbpdesk.domain.words import amount_in_words
from sbpdesk.services.books import open_book
from sbpdesk.services.documents import common as documents_common

from . import pdfread
from .test_from_book import (
    AS_OF,
    NOW,
    build_demo_book,
    busiest_group_day,
    receipt_no,
    reversed_collection,
    standing_collection,
)


@pytest.fixture
def book_dir(tmp_path):
    shutil.copytree(build_demo_book(), tmp_path / "book")
    return tmp_path / "book"


@pytest.fixture
def run(book_dir, monkeypatch, capsys):
    """sbpdesk's main() in-process: (exit status, stdout JSON or None, stderr), signed in
    as the demo's teller (printing is a write, issue 15)."""
    monkeypatch.setenv("SBPDESK_USER", "teller")
    monkeypatch.setenv("SBPDESK_PASSWORD", "demo")

    def _run(*argv: str, data_dir=book_dir):
        code = cli.main(["print", *argv, "--data-dir", str(data_dir)])
        out, err = capsys.readouterr()
        return code, (json.loads(out) if out.strip() else None), err
    return _run


@pytest.fixture
def subjects(book_dir):
    book = open_book(book_dir, clock=lambda: NOW)
    try:
        group_id, day = busiest_group_day(book)
        loan = book.db.scalars(select(Loan).where(Loan.application_id.is_not(None),
                                                  Loan.status == "active")).first()
        job = book.db.scalars(select(Loan).where(Loan.programme_code.like("job_creation%"))
                              ).first()
        session = book.db.scalars(select(SessionRow).where(SessionRow.status == "closed")
                                  .order_by(SessionRow.business_date.desc())).first()
        collection = standing_collection(book, "interest", "savings")
        yield {
            "book": book, "group": group_id, "day": day, "loan": loan, "job": job,
            "session": session, "collection": collection,
            "receipt": receipt_no(book, collection.op_id),
            "reversed": receipt_no(book, reversed_collection(book).op_id),
            "household": book.db.get(Household, loan.household_id),
        }
    finally:
        book.close()


def test_every_selector_writes_its_pdf(run, subjects, tmp_path):
    s = subjects
    day = s["day"].strftime("%d/%m/%Y")          # dd/mm/yyyy is accepted too
    app = s["book"].db.get(Application, s["loan"].application_id)
    commands = {
        "receipt": ["--number", s["receipt"]],
        "application": ["--application", app.id],
        "contract": ["--loan", s["job"].id],
        "authorisation": ["--household", s["household"].id],
        "proposal": ["--group", app.group_id, "--date",
                     app.submitted_on.isoformat(), "--programme", app.programme_code],
        "approval": ["--application", app.id],
        "statement": ["--group", s["group"], "--date", day],
        "session": ["--session", s["session"].id],
        "overdue": ["--point", "BB01", "--as-of", AS_OF.isoformat()],
        "notice": ["--point", "BB01", "--as-of", AS_OF.isoformat()],
        "loanbook": ["--household", s["household"].customer_code],
    }
    for selector, args in commands.items():
        out = tmp_path / f"{selector}.pdf"
        code, result, err = run(selector, *args, "--out", str(out))
        assert code == 0, (selector, err)
        assert result["copy_no"] == 0 and result["out"] == str(out)
        pdf = out.read_bytes()
        assert pdf.startswith(b"%PDF") and pdfread.page_count(pdf) >= 1
        text = pdfread.flat(pdf)
        assert "None" not in text and "DỮ LIỆU MẪU" in text, selector
    # the statement read back: the members who paid, and the 13/TD header
    text = pdfread.flat((tmp_path / "statement.pdf").read_bytes())
    assert "13/TD" in text and "Sau phiên giao dịch" in text
    # the loan book: the household's borrower and contract
    text = pdfread.flat((tmp_path / "loanbook.pdf").read_bytes())
    assert s["loan"].contract_no in text
    # thermal receipt on 80 mm paper
    out = tmp_path / "thermal.pdf"
    assert run("receipt", "--number", s["receipt"], "--paper", "thermal", "--out", str(out))[0] \
        == 0
    assert pdfread.page_size(out.read_bytes())[0] == pytest.approx(226.8, abs=0.5)


def test_receipt_text_matches_the_book(run, subjects, tmp_path):
    e = subjects["collection"]
    out = tmp_path / "r.pdf"
    assert run("receipt", "--number", subjects["receipt"], "--out", str(out))[0] == 0
    text = pdfread.flat(out.read_bytes())
    name = subjects["book"].db.get(Person, e.payload["person_id"]).full_name
    total = e.payload["interest"] + e.payload["principal"] + e.payload["savings"]
    assert name in text and format_vnd(total) in text and amount_in_words(total) in text
    assert format_vnd(e.payload["interest"]) in text


def test_second_print_is_a_copy(run, subjects, tmp_path):
    a, b = tmp_path / "a.pdf", tmp_path / "b.pdf"
    assert run("receipt", "--number", subjects["receipt"], "--out", str(a))[1]["copy_no"] == 0
    code, result, _ = run("receipt", "--number", subjects["receipt"], "--out", str(b))
    assert code == 0 and result["copy_no"] == 1
    assert "BẢN SAO" not in pdfread.flat(a.read_bytes())
    assert "BẢN SAO (lần 1)" in pdfread.flat(b.read_bytes())


def test_reversed_collection_receipt_says_cancelled(run, subjects, tmp_path):
    out = tmp_path / "c.pdf"
    code, result, _ = run("receipt", "--number", subjects["reversed"], "--out", str(out))
    assert code == 0 and result["cancelled"] is True
    assert "ĐÃ HỦY" in pdfread.flat(out.read_bytes())


def test_user_is_signed_in_and_logged(run, subjects, book_dir, tmp_path, monkeypatch):
    monkeypatch.setenv("SBPDESK_PASSWORD", "demo")
    code, _, err = run("notice", "--point", "BB02", "--as-of", "20/11/2026", "--user", "teller",
                       "--out", str(tmp_path / "n.pdf"))
    assert code == 0, err
    monkeypatch.setenv("SBPDESK_PASSWORD", "wrong")
    code, _, err = run("notice", "--point", "BB02", "--as-of", "20/11/2026", "--user", "teller",
                       "--out", str(tmp_path / "m.pdf"))
    assert code == 2 and not (tmp_path / "m.pdf").exists()
    book = open_book(book_dir)
    try:
        rows = book.db.scalars(select(PrintLog)).all()
        assert [(r.document, r.user, r.count) for r in rows] == [("notice", "teller", 1)]
    finally:
        book.close()


def test_printing_without_signing_in_is_refused(run, subjects, book_dir, tmp_path,
                                                monkeypatch):
    """Anyone with the data folder printed and reprinted as user "cli" (issue 15): printing
    is a write, so it needs a signed-in user like every other one, and records nothing
    without one."""
    monkeypatch.delenv("SBPDESK_USER")
    out = tmp_path / "r.pdf"
    code, result, err = run("receipt", "--number", subjects["receipt"], "--out", str(out))
    assert code == 2 and result is None and not out.exists()
    assert "SBPDESK_USER" in err and "người dùng" in err.lower()
    code, _, _ = run("receipt", "--number", subjects["receipt"], "--user", "controller",
                     "--out", str(out))
    assert code == 0
    book = open_book(book_dir)
    try:
        rows = book.db.scalars(select(PrintLog)).all()
        assert [(r.document, r.user, r.count) for r in rows] == [
            ("receipt", "controller", 1)]
    finally:
        book.close()


@pytest.mark.parametrize("argv", [
    ["receipt", "--number", "BB01-NOPE-1"],
    ["application", "--application", "no-such-id"],
    ["contract", "--loan", "no-such-loan"],
    ["authorisation", "--household", "no-such-household"],
    ["proposal", "--group", "no-such-group", "--date", "2026-11-05"],
    ["statement", "--group", "no-such-group", "--date", "2026-11-05"],
    ["session", "--session", "no-such-session"],
    ["overdue", "--point", "ZZ99", "--as-of", "2026-11-20"],
    ["notice", "--point", "ZZ99", "--as-of", "2026-11-20"],
    ["loanbook", "--household", "no-such-household"],
])
def test_unknown_id_is_exit_2(run, tmp_path, argv):
    out = tmp_path / "x.pdf"
    code, result, err = run(*argv, "--out", str(out))
    assert code == 2 and result is None and not out.exists()
    vi, en = err.strip().splitlines()
    assert vi.startswith("Lỗi: Không tìm thấy") and en.startswith("Error: ") and "not found" in en


def test_real_command_line(book_dir, tmp_path, subjects):
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "SBPDESK_USER": "teller",
           "SBPDESK_PASSWORD": "demo"}
    out = tmp_path / "r.pdf"
    ok = subprocess.run([sys.executable, "-m", "sbpdesk", "print", "receipt", "--number",
                         subjects["receipt"], "--data-dir", str(book_dir), "--out", str(out)],
                        capture_output=True, text=True, env=env)
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout)["key"] == subjects["receipt"] and out.exists()
    bad = subprocess.run([sys.executable, "-m", "sbpdesk", "print", "session", "--session",
                          "nope", "--data-dir", str(book_dir), "--out", str(tmp_path / "s.pdf")],
                         capture_output=True, text=True, env=env)
    assert bad.returncode == 2
    assert "Không tìm thấy phiên giao dịch: nope" in bad.stderr
    assert "Session not found: nope" in bad.stderr


def test_contract_of_a_programme_without_one_is_refused(run, subjects, tmp_path):
    book = subjects["book"]
    poor = book.db.scalars(select(Loan).where(Loan.programme_code == "poor")).first()
    code, _, err = run("contract", "--loan", poor.id, "--out", str(tmp_path / "c.pdf"))
    assert code == 2 and "01/TD" in err
    assert documents_common.programme_short(book, "poor") == "Hộ nghèo"
