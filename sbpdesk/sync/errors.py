"""Sync errors: every refusal of a key file or a bundle, with its Vietnamese and English text.

`SyncError` is a `DomainError`, so the GUI and the CLI show it exactly like any other refusal
(`str(e)` is the Vietnamese text, `e.message("en")` the English one, logs keep `e.code`). The
messages live in one table, `MESSAGES`, keyed by the stable code, so that documentation and
tests can list them and no call site invents its own wording; details (a version number, a
sender id) are filled into the text with `str.format` and kept in `e.details`. The refusals
of enrolment and leases (`ENROL_MESSAGES`, `enrol_error`) are plain DomainErrors.
"""
from __future__ import annotations

from sbpdesk.domain.errors import DomainError

# code -> (Vietnamese, English). Texts say what happened and what the person should do.
MESSAGES: dict[str, tuple[str, str]] = {
    # Keys
    "bad_public_key": (
        "Khóa công khai không hợp lệ",
        "The public key is not valid",
    ),
    "password_empty": (
        "Mật khẩu không được để trống",
        "The password must not be empty",
    ),
    "wrong_password": (
        "Mật khẩu không đúng: không mở được khóa của sổ",
        "Wrong password: the book's keys could not be unlocked",
    ),
    "wrapped_keys_damaged": (
        "Dữ liệu khóa của sổ bị hỏng hoặc không đúng định dạng",
        "The book's stored keys are damaged or in an unknown format",
    ),
    # Bundles, in the order import checks them
    "bundle_not_found": (
        "Không tìm thấy tệp gói đồng bộ: {path}. Hãy kiểm tra đường dẫn và USB",
        "Bundle file not found: {path}. Check the path and the USB stick",
    ),
    "bundle_unreadable": (
        ("Tệp gói đồng bộ bị hỏng hoặc chưa ghi xong (có thể do rút USB khi đang ghi). "
         "Hãy xuất lại gói"),
        ("The bundle file is damaged or incomplete (perhaps the USB stick was pulled while "
         "writing). Export the bundle again"),
    ),
    "bundle_not_a_file": (
        "Đường dẫn {path} không phải là một tệp gói đồng bộ (thư mục, thiết bị hoặc ống dẫn)",
        "{path} is not a bundle file (a folder, a device or a pipe)",
    ),
    "bundle_too_large": (
        "Tệp {path} quá lớn để là một gói đồng bộ ({size} byte, tối đa {limit})",
        "{path} is too large to be a bundle ({size} bytes, at most {limit})",
    ),
    "bundle_members": (
        "Tệp gói đồng bộ không đúng cấu trúc (thiếu hoặc thừa thành phần)",
        "The bundle file has missing or unexpected members",
    ),
    "bundle_manifest_invalid": (
        "Bảng kê của gói đồng bộ không đọc được",
        "The bundle's manifest cannot be read",
    ),
    "bundle_format_unknown": (
        ("Gói đồng bộ có định dạng {version} mà phần mềm này không đọc được. "
         "Hãy cập nhật sbpdesk"),
        "The bundle uses format {version}, which this program cannot read. Update sbpdesk",
    ),
    "bundle_sender_unknown": (
        "Gói đồng bộ đến từ máy chưa đăng ký: {sender}",
        "The bundle comes from an unknown sender: {sender}",
    ),
    "bundle_sender_revoked": (
        "Gói đồng bộ đến từ máy đã bị thu hồi: {sender}",
        "The bundle comes from a revoked sender: {sender}",
    ),
    "bundle_signature_bad": (
        "Chữ ký của gói đồng bộ không đúng: gói đã bị sửa hoặc giả mạo",
        "The bundle's signature is not valid: it was altered or forged",
    ),
    "bundle_wrong_recipient": (
        "Gói đồng bộ này gửi cho {recipient}, không phải cho sổ này",
        "This bundle is addressed to {recipient}, not to this book",
    ),
    "bundle_demo_into_real": (
        "Không nhập gói của sổ thực hành (demo) vào sổ thật",
        "A demo bundle cannot be imported into a real book",
    ),
    "bundle_payload_hash": (
        "Dữ liệu của gói đồng bộ không khớp bảng kê: gói đã bị sửa hoặc hỏng",
        "The bundle's data does not match its manifest: it was altered or damaged",
    ),
    "bundle_seal_failed": (
        "Không mở được dữ liệu niêm phong của gói: gói bị sửa hoặc không gửi cho khóa của sổ này",
        ("The bundle's sealed data cannot be opened: it was altered or not sealed to this "
         "book's key"),
    ),
    "bundle_plaintext_hash": (
        "Dữ liệu đã giải mã không khớp bảng kê của gói",
        "The decrypted data does not match the bundle's manifest",
    ),
    "bundle_ops_unreadable": (
        "Danh sách nghiệp vụ trong gói không đọc được (dòng {line})",
        "The bundle's operations cannot be read (line {line})",
    ),
    "bundle_count_mismatch": (
        "Số nghiệp vụ trong gói ({actual}) khác bảng kê ({declared})",
        "The bundle holds {actual} operations but its manifest says {declared}",
    ),
    "bundle_totals_mismatch": (
        "Tổng tiền các nghiệp vụ trong gói khác bảng kê",
        "The money totals of the bundle's operations differ from its manifest",
    ),
    # Writing
    "bundle_disk_full": (
        ("USB hoặc ổ đĩa đầy: không ghi được gói vào {folder}. Chưa có gì được ghi, sổ không "
         "thay đổi. Hãy xóa bớt tệp trên USB hoặc dùng USB khác, rồi xuất lại"),
        ("The USB stick or disk is full: the bundle could not be written to {folder}. Nothing "
         "was written and the book is unchanged. Free some space or use another stick, then "
         "export again"),
    ),
    "bundle_write_failed": (
        "Ghi gói đồng bộ không thành công: tệp đọc lại không khớp. Hãy thử lại hoặc đổi USB",
        ("Writing the bundle failed: the file read back does not match. Try again or use "
         "another USB stick"),
    ),
    # Over the network (sync/client.py, sync/server.py)
    "sync_no_server": (
        ("Chưa có địa chỉ máy chủ đồng bộ của phòng giao dịch. Hãy nhập địa chỉ (ví dụ "
         "http://pgd.local:8765) hoặc đồng bộ bằng USB"),
        ("No office sync server address is set. Enter one (e.g. http://pgd.local:8765) or "
         "sync by USB stick"),
    ),
    "sync_bad_url": (
        "Địa chỉ máy chủ đồng bộ không hợp lệ: {url} (cần http://… hoặc https://…)",
        "The sync server address is not valid: {url} (http://… or https://… expected)",
    ),
    "sync_unreachable": (
        ("Không kết nối được máy chủ của phòng giao dịch ({url}) sau {seconds} giây. Hãy kiểm "
         "tra mạng rồi thử lại, hoặc đồng bộ bằng USB; dữ liệu trên máy vẫn an toàn"),
        ("Cannot reach the office server ({url}) after {seconds} s. Check the network and try "
         "again, or sync by USB stick; the data on this laptop is safe"),
    ),
    "sync_tls": (
        "Không kiểm tra được chứng chỉ bảo mật của máy chủ {url}: {why}",
        "The certificate of the server {url} could not be verified: {why}",
    ),
    "sync_server_busy": (
        "Máy chủ của phòng giao dịch đang bận. Hãy thử lại sau ít phút",
        "The office server is busy. Try again in a few minutes",
    ),
    "sync_server_error": (
        "Máy chủ của phòng giao dịch báo lỗi ({status}). Hãy báo bộ phận tin học của phòng",
        "The office server reported an error ({status}). Tell the office's IT staff",
    ),
    "sync_response_invalid": (
        "Máy chủ trả lời không đúng giao thức đồng bộ ({why})",
        "The server's answer is not a sync response ({why})",
    ),
    "sync_too_large": (
        "Gói đồng bộ lớn hơn mức máy chủ nhận ({limit} byte). Hãy đồng bộ bằng USB",
        "The bundle is larger than the server accepts ({limit} bytes). Sync by USB stick",
    ),
    "serve_not_office": (
        "Chỉ sổ của phòng giao dịch mới chạy máy chủ đồng bộ (sbpdesk serve)",
        "Only an office book runs the sync server (sbpdesk serve)",
    ),
    "serve_passphrase_missing": (
        ("Máy chủ đồng bộ cần SBPDESK_KEY_PASSPHRASE để mở khóa của phòng giao dịch "
         "(sổ thực hành: demo)"),
        ("The sync server needs SBPDESK_KEY_PASSPHRASE to open the office's keys "
         "(demo books: demo)"),
    ),
    "serve_no_passphrase_copy": (
        ("Sổ chưa có bản khóa mở bằng SBPDESK_KEY_PASSPHRASE. Chạy một lần sbpdesk serve với "
         "--user admin (mật khẩu trong SBPDESK_PASSWORD) để tạo"),
        ("The book has no key copy for SBPDESK_KEY_PASSPHRASE. Run sbpdesk serve once with "
         "--user admin (password in SBPDESK_PASSWORD) to make it"),
    ),
}


class SyncError(DomainError):
    """A key file or bundle was refused; `code` is one of `MESSAGES`."""

    def __init__(self, code: str, field: str | None = None, **details: object):
        vi, en = MESSAGES[code]
        super().__init__(code, vi.format(**details), en.format(**details), field)
        self.details = details

    def __repr__(self) -> str:
        return f"SyncError({self.code!r}, {self.en!r})"


# Enrolment and lease refusals (enrol.py, exchange.py): plain DomainErrors.
ENROL_MESSAGES: dict[str, tuple[str, str]] = {
    "keys_missing": ("Sổ chưa có khóa đồng bộ (chưa đăng ký máy).",
                     "This book has no sync keys yet (not enrolled)."),
    "keys_locked": ("Không mở được khóa đồng bộ bằng mật khẩu của {user}. Nếu mật khẩu đã đổi "
                    "(hoặc khác mật khẩu đăng ký máy), hãy mở lại bằng mật khẩu cũ hoặc mật khẩu "
                    "đăng ký máy một lần (sbpdesk keys rewrap).",
                    "The sync keys cannot be opened with {user}'s password. If the password "
                    "changed (or differs from the enrolment password), open them once with the "
                    "old or the enrolment password (sbpdesk keys rewrap)."),
    "not_point_book": ("Chỉ máy điểm giao dịch mới gửi yêu cầu đăng ký.",
                       "Only a point laptop makes an enrolment request."),
    "not_office_book": ("Chỉ phòng giao dịch mới chấp nhận đăng ký và cấp quyền điểm.",
                        "Only the transaction office accepts enrolments and grants leases."),
    "already_enrolled": ("Máy này đã được đăng ký ({origin}).",
                         "This laptop is already enrolled ({origin})."),
    "enrol_file_invalid": ("Tệp đăng ký không đọc được hoặc bị sửa: {why}",
                           "The enrolment file is unreadable or altered: {why}"),
    "enrol_demo_into_real": ("Phòng giao dịch thật không nhận đăng ký của sổ thực hành (demo).",
                             "A real office refuses an enrolment request from a demo book."),
    "enrol_not_for_me": ("Tệp trả lời đăng ký này dành cho máy khác (dấu vân tay {fp}).",
                         "This enrolment response is for another laptop (fingerprint {fp})."),
    "enrol_no_points": ("Cần chọn ít nhất một điểm giao dịch.", "Name at least one point."),
    "unknown_point": ("Không có điểm giao dịch {point}.", "Unknown point {point}."),
    "unknown_device": ("Không có máy {device} (chưa đăng ký hoặc đã thu hồi).",
                       "Unknown or revoked device {device}."),
    "point_not_in_scope": ("Máy {device} không được đăng ký cho điểm {point}: hãy đăng ký lại "
                           "máy với điểm này.",
                           "Device {device} is not enrolled for point {point}: enrol it again "
                           "with this point."),
}


def enrol_error(code: str, field: str | None = None, **details: object) -> DomainError:
    vi, en = ENROL_MESSAGES[code]
    return DomainError(code, vi.format(**details), en.format(**details), field)
