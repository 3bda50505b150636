"""Core bridge figures (issue 17): `python bench/core_bridge.py [--rows 30000] [--json OUT]`.

A synthetic Mẫu 31 of ROWS loan rows (≈ 175 columns, the core's layout; every 20th customer
with a second savings book, so its loan is listed twice; 2 % savings-only customers; 1 %
direct loans) is written once into bench/.cache/core/ (openpyxl takes minutes to write it).
Figures, each beside a same-run baseline:
- seed a new SQLite office book from it (target ≤ 60 s); baseline: the raw read of the
  workbook (every cell, no mapping);
- reconcile the seeded book against it at its data date (target ≤ 10 s); baseline: the same
  raw read. The process's own CPU seconds are in the detail: on a machine shared with other
  jobs the wall clock mostly measures the wait for a core;
- the reader alone (kind, header, typed fields) beside the raw read.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.common import figure, timed, verdict  # noqa: E402

DAY = dt.date(2026, 9, 30)
PASSWORD = "Bench-core-2026"     # the password rule holds outside the test suite
FIELDS = ["data_date", "loan_no", "status", "customer_code", "customer_name", "phone", "sex",
          "ethnicity", "village_code", "village_name", "commune_code", "commune_name",
          "group_code", "group_name", "leader_name", "union_code", "loan_form",
          "programme_code", "funding_source", "amount", "disbursed_on", "rate", "term_months",
          "frequency_months", "first_principal_on", "due_contract", "in_term", "overdue",
          "frozen", "outstanding", "interest_in_term", "interest_overdue", "savings_book",
          "savings_balance"]


def write_mau31(path: Path, rows: int, seed: int = 1) -> None:
    import openpyxl

    from sbpdesk.bridge.mapping import load
    m = load()
    names = [m.column_name("mau31", f) for f in FIELDS]
    extra = [f"DS {w} {p} {k}" for k in range(1, 8) for p in ("tháng", "quý", "năm")
             for w in ("cho vay", "thu nợ", "thu lãi", "thu nợ quá hạn", "thu lãi quá hạn",
                       "gia hạn", "khoanh")][:175 - len(names)]
    rng = random.Random(seed)
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("BCQUERY")
    ws.append([])
    ws.append([None, "Tạo hồ sơ tín dụng chi tiết theo kỳ số liệu"])
    ws.append([None, f"Ngày số liệu: {DAY:%d/%m/%Y}"])
    ws.append([])
    ws.append([None, *names, *extra])
    zeros = [0] * len(extra)
    n = 0
    while n < rows:
        k = n + 1
        commune = f"{680001 + 3 * (k // 30 % 12):06d}"   # a group lives in one commune
        group = f"{1 + k // 30:07d}"
        direct = k % 100 == 0
        saver = k % 50 == 0
        in_term = rng.randrange(10, 100) * 1_000_000
        overdue = 1_000_000 if k % 40 == 0 else 0
        base = {"data_date": DAY, "loan_no": None if saver else f"6600{k:012d}",
                "status": None if saver else "OPEN", "customer_code": f"{6800000000 + k}",
                "customer_name": f"Khách hàng {k}", "phone": f"09{k:08d}",
                "sex": "Nữ" if k % 2 else "Nam", "ethnicity": "Kinh",
                "village_code": f"{commune}{k % 9 + 1:02d}", "village_name": f"Thôn {k % 9 + 1}",
                "commune_code": commune, "commune_name": f"Xã {k % 12 + 1}",
                "group_code": "0000000" if saver else (None if direct else group),
                "group_name": None if saver or direct else f"Tổ {group}",
                "leader_name": None if saver or direct else f"Tổ trưởng {group}",
                "union_code": None if saver else ("99" if direct else str(11 + k % 4)),
                "loan_form": "1" if direct else "2",
                "programme_code": None if saver else ("12" if direct else "01"),
                "funding_source": None if saver else "1",
                "amount": None if saver else in_term + overdue + 5_000_000,
                "disbursed_on": dt.date(2024, 1 + k % 12, 15), "rate": "6.24",
                "term_months": 60, "frequency_months": 6,
                "first_principal_on": dt.date(2024, 7 + k % 6, 15),
                "due_contract": dt.date(2029, 1 + k % 12, 15),
                "in_term": 0 if saver else in_term, "overdue": 0 if saver else overdue,
                "frozen": 0, "outstanding": 0 if saver else in_term + overdue,
                "interest_in_term": 0 if saver else rng.randrange(0, 50) * 10_000,
                "interest_overdue": 0, "savings_book": f"105{k:09d}",
                "savings_balance": rng.randrange(0, 100) * 10_000}
        books = [base] if k % 20 else [base, {**base, "savings_book": f"205{k:09d}"}]
        for row in books:
            ws.append([None, *(row[f] for f in FIELDS), *zeros])
            n += 1
    tmp = path.with_suffix(".tmp")
    wb.save(tmp)
    tmp.replace(path)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=30_000)
    ap.add_argument("--json")
    args = ap.parse_args()
    from argon2 import PasswordHasher

    from sbpdesk.bridge import mapping, reader, workbook
    from sbpdesk.bridge.reconcile import reconcile
    from sbpdesk.bridge.seed import seed
    from sbpdesk.services import auth, books, users
    auth._hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    cache = ROOT / "bench" / ".cache" / "core"
    cache.mkdir(parents=True, exist_ok=True)
    path = cache / f"mau31-{args.rows}.xlsx"
    if not path.exists():
        made, _ = timed(write_mau31, path, args.rows)
        print(f"wrote {path.name} in {made:.1f} s", file=sys.stderr)
    m = mapping.load()
    load_before = os.getloadavg()
    raw, count = timed(lambda: sum(1 for _ in workbook.rows(path)))
    read, core = timed(reader.read, path, m)
    tmp = Path(tempfile.mkdtemp(prefix="sbpdesk-core-bench-"))
    try:
        book = books.init_book(tmp / "book", "office", "BB", admin_password=PASSWORD)
        book.sign_in("admin", PASSWORD)
        with book.transaction():
            users.set_user(book, "seeder", "Kế toán", ["admin", "accountant"], PASSWORD,
                           business_date=DAY)
        book.sign_in("seeder", PASSWORD)
        cpu = time.process_time()
        seeded, done = timed(seed, book, [path])
        seed_cpu = time.process_time() - cpu
        raw2, _ = timed(lambda: sum(1 for _ in workbook.rows(path)))
        cpu = time.process_time()
        recon, report = timed(reconcile, book, DAY, [path])
        recon_cpu = time.process_time() - cpu
        book.close()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    detail = f"{count} sheet rows, {len(core.rows)} data rows, {len(core.columns)} fields placed"
    figures = [
        figure("core.read_mau31", round(read, 2), "s", None, baseline=round(raw, 2),
               detail=f"reader vs raw calamine read; {detail}"),
        figure("core.seed_mau31", round(seeded, 2), "s", 60, baseline=round(raw, 2),
               detail=f"{seed_cpu:.1f} s of CPU in this process; opened {done['opened']}"),
        figure("core.reconcile_month", round(recon, 2), "s", 10, baseline=round(raw2, 2),
               detail=f"{recon_cpu:.1f} s of CPU; {len(report['differences'])} differences"),
    ]
    load_after = os.getloadavg()
    print(f"load average (1, 5, 15 min) before {load_before[0]:.2f} {load_before[1]:.2f} "
          f"{load_before[2]:.2f}, after {load_after[0]:.2f} {load_after[1]:.2f} "
          f"{load_after[2]:.2f}; seed wall {seeded:.1f} s, CPU {seed_cpu:.1f} s; reconcile "
          f"wall {recon:.1f} s, CPU {recon_cpu:.1f} s")
    for f in figures:
        print(f"{f['name']:<24} {f['value']:>8} {f['unit']}  target {f['target']}  "
              f"baseline {f['baseline']}  ratio {f['ratio']}  {verdict(f)}  {f['detail']}")
    if args.json:
        Path(args.json).write_text(json.dumps({"date": dt.date.today().isoformat(),
                                               "figures": figures}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
