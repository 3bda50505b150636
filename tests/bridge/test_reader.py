"""Reading the core's workbooks: kind by columns, header searched, names folded, data date from
the column / title / file name with the day-month order of each file, unplaced columns and
unreadable cells reported. Workbooks are written here with openpyxl, as the core lays them
out (sheet BCQUERY, report name in row 2, header in row 5, column A empty)."""
from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from sbpdesk.bridge import mapping as core_mapping
from sbpdesk.bridge import reader
from sbpdesk.domain.errors import DomainError

MAPPING = core_mapping.load()
M31 = ["Số khế ước", "Mã KH", "Tên khách hàng", "Mã tổ", "Số TK 105", "Số dư TK 105",
       "Dư nợ trong hạn", "Dư nợ quá hạn", "Ngày giải ngân", "Ngày số liệu"]


def write(path, header, rows, *, title="Tạo hồ sơ tín dụng chi tiết theo kỳ số liệu",
          header_row=5, sheet="BCQUERY"):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    ws.cell(2, 2, title)
    for j, name in enumerate(header, start=2):           # column A stays empty
        ws.cell(header_row, j, name)
    for i, row in enumerate(rows, start=header_row + 1):
        for j, value in enumerate(row, start=2):
            ws.cell(i, j, value)
    wb.save(path)
    return path


def row31(loan="6600000000000001", code="0000012345", date="30/09/2026", when=None):
    return [loan, code, "Nguyễn Thị Hoa", "0012345", "105000111", 1_500_000, 20_000_000,
            0, when or dt.date(2024, 3, 15), date]


@pytest.mark.parametrize("engine", reader.workbook.ENGINES)
def test_mau31_read_by_its_columns_with_the_header_searched(tmp_path, engine):
    header = ["SỐ KHẾ ƯỚC", "Ma KH", "Tên  khách hàng", "Mã tổ", "So TK 105", "Số dư TK 105",
              "Dư nợ trong hạn", "Dư nợ quá hạn", "Ngày giải ngân", "Ngày số liệu",
              "Cột lạ"]
    path = write(tmp_path / "anything.xlsx", header,
                 [[*row31(), "x"], [*row31("6600000000000002", 12346), "y"]], header_row=7)
    core = reader.read(path, MAPPING, engine)
    assert (core.kind, core.header_row) == ("mau31", 7)
    assert core.unplaced == ["Cột lạ"]
    assert core.data_date == dt.date(2026, 9, 30) and core.date_source == "column"
    (n1, first), (n2, second) = core.rows
    assert (n1, n2) == (8, 9)
    assert first["loan_no"] == "6600000000000001" and first["in_term"] == 20_000_000
    assert second["customer_code"] == "0000012346"      # a number cell gets its zeros back
    assert first["disbursed_on"] == dt.date(2024, 3, 15)
    assert core.problems == []


def test_kind_is_the_columns_not_the_file_name(tmp_path):
    dsto = ["Mã tổ", "Tên tổ", "Tổ trưởng", "Số thành viên", "Mã hội"]
    path = write(tmp_path / "mau31_thang9.xlsx", dsto, [["0012345", "Tổ 1", "Lê Văn A", 30, 12]],
                 title="Danh sách tổ")
    assert reader.read(path, MAPPING).kind == "dsto"


def test_us_ordered_text_dates_are_detected_per_file(tmp_path):
    us = write(tmp_path / "a.xlsx", M31, [row31(date="09/30/2026", when="03/15/2024")])
    vn = write(tmp_path / "b.xlsx", M31, [row31(date="30/09/2026", when="05/03/2024")])
    core_us, core_vn = reader.read(us, MAPPING), reader.read(vn, MAPPING)
    assert not core_us.day_first and core_us.day_order == "seen"
    assert core_us.rows[0][1]["disbursed_on"] == dt.date(2024, 3, 15)
    assert core_vn.day_first and core_vn.rows[0][1]["disbursed_on"] == dt.date(2024, 3, 5)
    assert core_us.data_date == core_vn.data_date == dt.date(2026, 9, 30)


def test_mixed_date_orders_in_one_file_are_refused(tmp_path):
    path = write(tmp_path / "a.xlsx", M31, [row31(date="09/30/2026"), row31(date="30/09/2026")])
    with pytest.raises(DomainError) as err:
        reader.read(path, MAPPING)
    assert err.value.code == "core_date_order"


def test_data_date_from_the_title_then_the_file_name(tmp_path):
    no_date = M31[:-1]
    titled = write(tmp_path / "x.xlsx", no_date, [row31()[:-1]],
                   title="Kỳ số liệu tháng 09 năm 2026")
    named = write(tmp_path / "mau10_31102026.xlsx", no_date, [row31()[:-1]], title="Mẫu 31")
    core = reader.read(titled, MAPPING)
    assert (core.data_date, core.date_source) == (dt.date(2026, 9, 30), "title")
    core = reader.read(named, MAPPING)
    assert (core.data_date, core.date_source) == (dt.date(2026, 10, 31), "file name")


def test_bad_cells_are_problems_with_their_row_and_nothing_is_guessed(tmp_path):
    bad = row31()
    bad[6] = "hai mươi triệu"
    path = write(tmp_path / "a.xlsx", M31, [row31(), bad])
    core = reader.read(path, MAPPING)
    [problem] = core.problems
    assert (problem.row, problem.column, problem.value) == (7, "Dư nợ trong hạn", "hai mươi triệu")
    assert core.rows[1][1]["in_term"] is None


def test_amounts_in_million_dong_become_whole_dong(tmp_path):
    header = ["Tên xã", "Tổng dư nợ", "Nợ quá hạn", "Nợ khoanh", "Số hộ còn dư nợ"]
    path = write(tmp_path / "a.xlsx", header, [["Hải Ninh", 1234.56, "0,5", 0, 321]],
                 title="BCDHTD 01.1/BCTD đến ngày 30/09/2026")
    core = reader.read(path, MAPPING)
    assert core.kind == "bcdhtd_01_1" and core.data_date == dt.date(2026, 9, 30)
    assert core.rows[0][1]["outstanding"] == 1_234_560_000
    assert core.rows[0][1]["overdue"] == 500_000


def test_a_file_with_no_known_header_is_refused_clearly(tmp_path):
    path = write(tmp_path / "a.xlsx", ["A", "B", "C"], [[1, 2, 3]])
    with pytest.raises(DomainError) as err:
        reader.read(path, MAPPING)
    assert err.value.code == "core_no_header" and "a.xlsx" in str(err.value)


def test_not_a_workbook_is_refused_clearly(tmp_path):
    path = tmp_path / "a.xlsx"
    path.write_text("not excel")
    with pytest.raises(DomainError) as err:
        reader.read(path, MAPPING)
    assert err.value.code == "core_file_unreadable"


def test_an_office_mapping_names_its_own_columns(tmp_path):
    text = core_mapping.SHIPPED.read_text(encoding="utf-8").replace(
        'loan_no = ["Số khế ước",', 'loan_no = ["Số KƯ vay", "Số khế ước",', 1)
    own = tmp_path / "mapping.toml"
    own.write_text(text, encoding="utf-8")
    header = ["Số KƯ vay", *M31[1:]]
    path = write(tmp_path / "a.xlsx", header, [row31()])
    assert reader.read(path, core_mapping.load(own)).rows[0][1]["loan_no"] == "6600000000000001"
    with pytest.raises(DomainError):
        reader.read(path, MAPPING)    # the shipped mapping does not know that name


def test_a_broken_mapping_file_is_refused_clearly(tmp_path):
    bad = tmp_path / "mapping.toml"
    bad.write_text("[kinds.x\n", encoding="utf-8")
    with pytest.raises(DomainError) as err:
        core_mapping.load(bad)
    assert err.value.code == "core_mapping_unreadable"


def test_files_read_side_by_side_keep_their_order_and_their_errors(tmp_path):
    """`reading` parses the files in threads (decision 0261): each file's result, or its
    error, comes back in the order the files were given."""
    dsto = write(tmp_path / "dsto.xlsx", ["Mã tổ", "Tên tổ", "Tổ trưởng", "Số thành viên"],
                 [["0012345", "Tổ 1", "Lê Văn A", 30]], title="Danh sách tổ")
    m31 = write(tmp_path / "m31.xlsx", M31, [row31()])
    with reader.reading([m31, tmp_path / "missing.xlsx", dsto], MAPPING) as pending:
        assert pending[0].result().kind == "mau31"
        with pytest.raises(DomainError) as missing:
            pending[1].result()
        assert pending[2].result().kind == "dsto"
    assert missing.value.code == "core_file_missing"
