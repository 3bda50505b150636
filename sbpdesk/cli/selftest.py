"""`sbpdesk selftest [--report FILE] [--keep DIR]`: what a frozen build must be able to do,
run from the built folder.

In a temporary folder: a new office book through every migration, operations posted and the
replay check passed, a receipt rendered with the bundled font (and read back by pdfium), the
main window opened offscreen, a laptop enrolled by files, and bundles written and read back
both ways. One line per step on stdout (and in `--report FILE`: the windowed Windows
program has no console); exit status 0 only when every step passed. CI runs it from the
PyInstaller folder (tests/packaging/test_frozen.py); an IT officer runs it on a laptop after
installing (docs/windows.md). It touches nothing outside its temporary folder.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

PW = "Selftest-2026"  # strong enough for a real (non-demo) book
DAY = dt.date(2026, 6, 5)
NOW = dt.datetime(2026, 6, 5, 3, 0, tzinfo=dt.UTC)        # 10:00 in Vietnam


def _clock() -> dt.datetime:
    return NOW


def step_migrations(ctx: dict[str, Any]) -> str:
    from sbpdesk import paths
    from sbpdesk.db import migrate
    from sbpdesk.services.books import init_book
    office = init_book(ctx["root"] / "office", "office", "ST01", admin_password=PW,
                       clock=_clock)
    ctx["office"] = office
    revisions = migrate.script_revisions() or {}
    head = migrate.head_revision()
    if migrate.current_revision(office.engine) != head:
        raise AssertionError(f"book at {migrate.current_revision(office.engine)}, not {head}")
    return f"{len(revisions)} revisions to {head} from {paths.migrations_dir()}"


def step_post(ctx: dict[str, Any]) -> str:
    from sbpdesk.services import check, customers, reference, users
    office = ctx["office"]
    office.sign_in("admin", PW)
    for name, roles in (("teller", ["teller"]), ("controller", ["controller"])):
        users.set_user(office, name, name.title(), roles, PW, business_date=DAY)
    reference.define_office(office, "ST01", "PGD Tự kiểm tra", branch_name="NHCSXH Tự kiểm tra",
                            business_date=DAY)
    reference.define_point(office, "P01", "Xã Hải Ninh", office_code="ST01",
                           commune="Xã Hải Ninh", place="UBND xã", session_day=15,
                           session_time="07:30", business_date=DAY)
    office.sign_in("teller", PW)
    customers.register_household(
        office, customers.NewHousehold("P01", "Thôn 1, xã Hải Ninh"),
        [customers.NewPerson("Đặng Thị Hoa", "F", dt.date(1985, 1, 1), "068185000456")],
        business_date=DAY)
    report = check.check_book(office, replay=True)
    if not report.ok:
        raise AssertionError("; ".join(report.lines("en")))
    return f"4 operations; check --replay passed ({report.replayed} accounts)"


def step_receipt(ctx: dict[str, Any]) -> str:
    import pypdfium2

    from sbpdesk.printing.receipts import render_receipt
    from sbpdesk.services.documents.data import CollectionReceipt, ContractRef, Issuer
    # the names in force in 2026 (no "huyện" since 01/07/2025; decisions/0076, 0106)
    issuer = Issuer("Chi nhánh NHCSXH tỉnh Lâm Đồng", "Phòng giao dịch NHCSXH Bắc Bình",
                    "Điểm giao dịch xã Phan Rí Thành", "Bắc Bình")
    data = CollectionReceipt(issuer, "ST-2026-000001", DAY, "Nguyễn Thị Hằng", interest=85_800,
                             principal=1_000_000, savings=114_200, from_savings=0,
                             programme_name="Cho vay hộ nghèo",
                             contract=ContractRef("HT-T-0007", provisional=True),
                             teller_name="Hồ Ngọc Ẩn")
    pdf = render_receipt(data)
    if b"NotoSerif" not in pdf:
        raise AssertionError("the receipt does not embed the bundled Noto Serif")
    (ctx["root"] / "receipt.pdf").write_bytes(pdf)
    doc = pypdfium2.PdfDocument(pdf)
    text = doc[0].get_textpage().get_text_range()
    image = doc[0].render(scale=1).to_pil()
    if "Nguyễn Thị Hằng" not in text:
        raise AssertionError("the receipt's text does not read back")
    return f"{len(pdf)} bytes, page {image.size[0]}×{image.size[1]} px"


def step_window(ctx: dict[str, Any]) -> str:
    from sbpdesk import app
    office = ctx["office"]
    office.close()      # the window opens the book on its own worker
    png = ctx["root"] / "window.png"
    status = app.run(data_dir=str(ctx["root"] / "office"), screenshot=str(png), page="home")
    if status != 0 or not png.is_file() or png.stat().st_size < 10_000:
        raise AssertionError(f"main window: status {status}, {png} missing or blank")
    from sbpdesk.services.books import open_book
    ctx["office"] = open_book(ctx["root"] / "office", user="admin", password=PW,
                              clock=_clock)
    return f"{png.stat().st_size} bytes of screenshot"


def step_bundles(ctx: dict[str, Any]) -> str:
    from sbpdesk.services.books import init_book
    from sbpdesk.sync import enrol, exchange
    root, office = ctx["root"], ctx["office"]
    (root / "usb").mkdir()
    laptop = init_book(root / "laptop", "point", admin_password=PW, clock=_clock)
    try:
        laptop.sign_in("admin", PW)
        office.sign_in("admin", PW)
        req = enrol.request(laptop, PW, root / "usb" / "laptop.sbpenrol")
        acc = enrol.accept(office, PW, req.path, ["P01"], root / "usb" / "office.sbpenrol")
        enrol.complete(laptop, "admin", PW, acc.path)
        office_keys = enrol.book_keys(office, "admin", PW)
        laptop_keys = enrol.book_keys(laptop, "admin", PW)
        down = exchange.export_bundle(office, office_keys, f"device:{acc.device_id}",
                                      root / "usb")
        got = exchange.import_bundle(laptop, laptop_keys, down.path)
        up = exchange.export_bundle(laptop, laptop_keys, "office", root / "usb")
        back = exchange.import_bundle(office, office_keys, up.path)
    finally:
        laptop.close()
    return (f"enrolled {acc.device_id}; office → laptop {down.path.name} "
            f"({_count(got)}), laptop → office {up.path.name} ({_count(back)})")


def _count(result: Any) -> str:
    if isinstance(result, dict):
        return ", ".join(f"{k} {v}" for k, v in result.items() if isinstance(v, int))
    return str(result)


STEPS: list[tuple[str, Callable[[dict[str, Any]], str]]] = [
    ("migrations", step_migrations), ("post", step_post), ("receipt", step_receipt),
    ("window", step_window), ("bundles", step_bundles)]


def run(keep: str | os.PathLike | None = None, report: str | os.PathLike | None = None) -> int:
    """Run every step; 0 when all passed. `keep` keeps the books and files in that folder."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from sbpdesk.version import version
    lines: list[str] = []

    def say(text: str) -> None:
        lines.append(text)
        if sys.stdout is not None:      # None in a windowed Windows program
            print(text, flush=True)
        if report:
            Path(report).write_text("\n".join(lines) + "\n", "utf-8")

    frozen = "frozen " + str(Path(sys.executable).parent) if getattr(sys, "frozen", False) \
        else "source " + str(Path(__file__).resolve().parents[1])
    say(f"sbpdesk {version()} self-test ({frozen})")
    with tempfile.TemporaryDirectory(prefix="sbpdesk-selftest-") as tmp:
        root = Path(keep) if keep else Path(tmp)
        root.mkdir(parents=True, exist_ok=True)
        ctx: dict[str, Any] = {"root": root}
        try:
            for name, step in STEPS:
                try:
                    say(f"ok   {name}: {step(ctx)}")
                except Exception as e:      # say which step failed, then stop
                    say(f"FAIL {name}: {type(e).__name__}: {e}")
                    say(traceback.format_exc())
                    return 1
        finally:
            if ctx.get("office") is not None:
                ctx["office"].close()
    say("self-test passed")
    return 0


def cmd_selftest(args: argparse.Namespace) -> int:
    return run(keep=args.keep, report=args.report)


def register(sub: Any) -> None:
    p = sub.add_parser("selftest", help="tự kiểm tra bản cài / check this installation")
    p.add_argument("--keep", help="keep the self-test's books and files in this folder")
    p.add_argument("--report", help="also write the result lines to this file")
    p.set_defaults(func=cmd_selftest)
