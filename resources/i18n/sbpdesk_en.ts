<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="vi">
<context>
    <name>DemoBanner</name>
    <message>
        <source>Sổ này chứa dữ liệu mẫu để tập huấn; không dùng cho giao dịch thật.</source>
        <translation>This book holds demo data for training; do not use it for real transactions.</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <source>Đóng</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Không thực hiện được</source>
        <translation>Not done</translation>
    </message>
    <message>
        <source>Đã xảy ra lỗi không mong muốn. Thao tác chưa được thực hiện.

Chi tiết đã được ghi vào tệp nhật ký:
{path}

Hãy gửi tệp này cho cán bộ phụ trách tại Phòng giao dịch.</source>
        <translation>An unexpected error occurred. The action was not carried out.

The details were written to the log file:
{path}

Please send this file to the responsible officer at the transaction office.</translation>
    </message>
    <message>
        <source>Lỗi chương trình</source>
        <translation>Program error</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>Đăng nhập — sbpdesk</source>
        <translation>Sign in — sbpdesk</translation>
    </message>
    <message>
        <source>Đăng nhập</source>
        <translation>Sign in</translation>
    </message>
    <message>
        <source>&amp;Tên đăng nhập</source>
        <translation>&amp;Username</translation>
    </message>
    <message>
        <source>&amp;Mật khẩu</source>
        <translation>&amp;Password</translation>
    </message>
    <message>
        <source>&amp;Ngôn ngữ</source>
        <translation>&amp;Language</translation>
    </message>
    <message>
        <source>Thoát</source>
        <translation>Quit</translation>
    </message>
    <message>
        <source>Chưa nhập tên đăng nhập.</source>
        <translation>Enter a username.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Đang xử lý…</source>
        <translation>Working…</translation>
    </message>
    <message>
        <source>chưa đăng nhập</source>
        <translation>not signed in</translation>
    </message>
    <message>
        <source>Người dùng: {user}</source>
        <translation>User: {user}</translation>
    </message>
    <message>
        <source>Điểm giao dịch: {point}</source>
        <translation>Point: {point}</translation>
    </message>
    <message>
        <source>Ngày giao dịch: {date}</source>
        <translation>Business date: {date}</translation>
    </message>
    <message>
        <source>chưa đồng bộ</source>
        <translation>not synchronised</translation>
    </message>
    <message>
        <source>Đồng bộ: {state}</source>
        <translation>Sync: {state}</translation>
    </message>
    <message>
        <source>Máy giữ phiên: {holder}</source>
        <translation>Session lease held by: {holder}</translation>
    </message>
    <message>
        <source>sbpdesk — Điểm giao dịch NHCSXH</source>
        <translation>sbpdesk — VBSP commune transaction point</translation>
    </message>
    <message>
        <source>Đổi ngôn ngữ giao diện</source>
        <translation>Change the interface language</translation>
    </message>
    <message>
        <source>Phím tắt:</source>
        <translation>Keyboard shortcuts:</translation>
    </message>
    <message>
        <source>Trợ giúp (cửa sổ này)</source>
        <translation>Help (this window)</translation>
    </message>
    <message>
        <source>Chuyển sang ô kế tiếp / ô trước</source>
        <translation>Next / previous field</translation>
    </message>
    <message>
        <source>Xác nhận ô đang nhập</source>
        <translation>Confirm the current field</translation>
    </message>
    <message>
        <source>Trợ giúp</source>
        <translation>Help</translation>
    </message>
    <message>
        <source>Đóng</source>
        <translation>Close</translation>
    </message>
</context>
<context>
    <name>Nav</name>
    <message>
        <source>Trang chủ</source>
        <translation>Home</translation>
    </message>
    <message>
        <source>Phiên giao dịch</source>
        <translation>Session</translation>
    </message>
    <message>
        <source>Bảng kê thu tổ (13/TD)</source>
        <translation>Group collection sheet (13/TD)</translation>
    </message>
    <message>
        <source>Khách hàng</source>
        <translation>Borrowers</translation>
    </message>
    <message>
        <source>Khoản vay</source>
        <translation>Loans</translation>
    </message>
    <message>
        <source>Hồ sơ vay mới</source>
        <translation>New application</translation>
    </message>
    <message>
        <source>Báo cáo</source>
        <translation>Reports</translation>
    </message>
    <message>
        <source>Đồng bộ</source>
        <translation>Sync</translation>
    </message>
    <message>
        <source>Cài đặt</source>
        <translation>Settings</translation>
    </message>
</context>
<context>
    <name>PlaceholderPage</name>
    <message>
        <source>Trang “{title}” đang được xây dựng.</source>
        <translation>The “{title}” page is being built.</translation>
    </message>
</context>
<context>
    <name>Roles</name>
    <message>
        <source>Giao dịch viên</source>
        <translation>Teller</translation>
    </message>
    <message>
        <source>Kiểm soát viên</source>
        <translation>Controller</translation>
    </message>
    <message>
        <source>Cán bộ tín dụng</source>
        <translation>Credit officer</translation>
    </message>
    <message>
        <source>Lãnh đạo phòng giao dịch</source>
        <translation>Office manager</translation>
    </message>
    <message>
        <source>Quản trị hệ thống</source>
        <translation>System administrator</translation>
    </message>
</context>
<context>
    <name>SearchBox</name>
    <message>
        <source>Tìm theo tên, số CCCD hoặc mã khách hàng…</source>
        <translation>Search by name, ID card number or customer code…</translation>
    </message>
</context>
</TS>
