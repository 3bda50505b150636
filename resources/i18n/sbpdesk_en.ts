<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="vi">
<context>
    <name>AboutDialog</name>
    <message>
        <source>thời gian chạy</source>
        <translation>runtime</translation>
    </message>
    <message>
        <source>thư viện</source>
        <translation>library</translation>
    </message>
    <message>
        <source>phông chữ</source>
        <translation>font</translation>
    </message>
    <message>
        <source>Giới thiệu sbpdesk</source>
        <translation>About sbpdesk</translation>
    </message>
    <message>
        <source>sbpdesk — Điểm giao dịch NHCSXH</source>
        <translation>sbpdesk — VBSP commune transaction point</translation>
    </message>
    <message>
        <source>Phiên bản:</source>
        <translation>Version:</translation>
    </message>
    <message>
        <source>Lược đồ dữ liệu:</source>
        <translation>Data schema:</translation>
    </message>
    <message>
        <source>Vai trò của sổ:</source>
        <translation>Book role:</translation>
    </message>
    <message>
        <source>Thư mục dữ liệu:</source>
        <translation>Data folder:</translation>
    </message>
    <message>
        <source>Vị trí sổ:</source>
        <translation>Book location:</translation>
    </message>
    <message>
        <source>{book} (chương trình ghi {head})</source>
        <translation>{book} (this program writes {head})</translation>
    </message>
    <message>
        <source>Phòng giao dịch</source>
        <translation>Transaction office</translation>
    </message>
    <message>
        <source>Điểm giao dịch</source>
        <translation>Transaction point</translation>
    </message>
    <message>
        <source>Thành phần kèm theo và giấy phép ({n}):</source>
        <translation>Bundled components and licences ({n}):</translation>
    </message>
    <message>
        <source>Qt for Python (PySide6) dùng theo giấy phép LGPL-3.0: các thư viện Qt nằm riêng trong thư mục chương trình và có thể thay thế. Toàn văn các giấy phép: tệp LICENCES.txt cạnh chương trình.</source>
        <translation>Qt for Python (PySide6) is used under the LGPL-3.0: the Qt libraries are separate files in the program folder and can be replaced. Full licence texts: LICENCES.txt beside the program.</translation>
    </message>
    <message>
        <source>Đóng</source>
        <translation>Close</translation>
    </message>
</context>
<context>
    <name>ApplicationPage</name>
    <message>
        <source>đã nộp</source>
        <translation>submitted</translation>
    </message>
    <message>
        <source>đã duyệt</source>
        <translation>approved</translation>
    </message>
    <message>
        <source>từ chối</source>
        <translation>refused</translation>
    </message>
    <message>
        <source>đã hủy</source>
        <translation>reversed</translation>
    </message>
    <message>
        <source>{n} tháng</source>
        <translation>{n} months</translation>
    </message>
    <message>
        <source>Chưa chọn người vay: tìm theo tên hoặc số CCCD.</source>
        <translation>No borrower chosen: search by name or ID number.</translation>
    </message>
    <message>
        <source>Đã lưu hồ sơ vay của {name}; hồ sơ sẽ được gửi về phòng giao dịch để xét duyệt.</source>
        <translation>Saved the application of {name}; it will be sent to the office for a decision.</translation>
    </message>
    <message>
        <source>Chọn một hồ sơ vay của tổ trong danh sách.</source>
        <translation>Choose one of the group&apos;s loan applications in the list.</translation>
    </message>
    <message>
        <source>Danh sách đề nghị vay 03/TD</source>
        <translation>Loan proposal list 03/TD</translation>
    </message>
    <message>
        <source>1. Người vay</source>
        <translation>1. Borrower</translation>
    </message>
    <message>
        <source>Hồ sơ vay của điểm giao dịch</source>
        <translation>The point&apos;s applications</translation>
    </message>
    <message>
        <source>2. Đề nghị vay vốn (01/TD)</source>
        <translation>2. Loan application (01/TD)</translation>
    </message>
    <message>
        <source>Người vay:</source>
        <translation>Borrower:</translation>
    </message>
    <message>
        <source>{name} — hộ {no}</source>
        <translation>{name} — household {no}</translation>
    </message>
    <message>
        <source>chưa chọn</source>
        <translation>not chosen</translation>
    </message>
    <message>
        <source>&amp;Chương trình:</source>
        <translation>&amp;Programme:</translation>
    </message>
    <message>
        <source>&amp;Số tiền đề nghị:</source>
        <translation>&amp;Amount requested:</translation>
    </message>
    <message>
        <source>&amp;Thời hạn (tháng):</source>
        <translation>&amp;Term (months):</translation>
    </message>
    <message>
        <source>&amp;Kỳ trả gốc (tháng):</source>
        <translation>Principal &amp;every (months):</translation>
    </message>
    <message>
        <source>&amp;Mục đích sử dụng vốn:</source>
        <translation>P&amp;urpose of the loan:</translation>
    </message>
    <message>
        <source>cuối kỳ</source>
        <translation>at the end</translation>
    </message>
    <message>
        <source>Hồ sơ được kiểm tra ngay trên máy theo hạn mức, thời hạn của chương trình và phân loại hộ.</source>
        <translation>The application is checked on this laptop against the programme&apos;s limits and terms and the household&apos;s category.</translation>
    </message>
    <message>
        <source>Lưu hồ sơ vay</source>
        <translation>Save application</translation>
    </message>
    <message>
        <source>In danh sách &amp;03/TD của tổ (hồ sơ đang chọn)</source>
        <translation>Print the group&apos;s &amp;03/TD list (chosen application)</translation>
    </message>
    <message>
        <source>hồ sơ vay đang nhập</source>
        <translation>a loan application being typed</translation>
    </message>
    <message>
        <source>Đã mở lại hồ sơ đang nhập dở (bản nháp chưa lưu).</source>
        <translation>The application being typed was opened again (an unsaved draft).</translation>
    </message>
</context>
<context>
    <name>ApprovalDialog</name>
    <message>
        <source>Người duyệt xác nhận</source>
        <translation>Approval</translation>
    </message>
    <message>
        <source>một người dùng khác</source>
        <translation>another user</translation>
    </message>
    <message>
        <source>{action}
Cần {who} nhập mật khẩu để duyệt (không phải người đang đăng nhập).</source>
        <translation>{action}
{who} must type their password to approve (not the signed-in user).</translation>
    </message>
    <message>
        <source>&amp;Người duyệt</source>
        <translation>&amp;Approver</translation>
    </message>
    <message>
        <source>&amp;Mật khẩu</source>
        <translation>&amp;Password</translation>
    </message>
    <message>
        <source>Duyệt</source>
        <translation>Approve</translation>
    </message>
    <message>
        <source>Hủy</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Chưa nhập tên người duyệt.</source>
        <translation>Enter the approver&apos;s username.</translation>
    </message>
    <message>
        <source>Người duyệt phải khác người đang đăng nhập.</source>
        <translation>The approver must be someone other than the signed-in user.</translation>
    </message>
    <message>
        <source>Người dùng {user} không có vai trò {role}.</source>
        <translation>User {user} does not have the {role} role.</translation>
    </message>
</context>
<context>
    <name>Approvals</name>
    <message>
        <source>vượt kế hoạch cho vay năm: điều chỉnh kế hoạch trước</source>
        <translation>beyond the year&apos;s lending plan: adjust the plan first</translation>
    </message>
    <message>
        <source>vượt kế hoạch năm</source>
        <translation>beyond the year&apos;s plan</translation>
    </message>
    <message>
        <source>trong hạn mức</source>
        <translation>within limits</translation>
    </message>
    <message>
        <source>có tên</source>
        <translation>listed</translation>
    </message>
    <message>
        <source>KHÔNG có tên</source>
        <translation>NOT listed</translation>
    </message>
    <message>
        <source>chưa nhập DS năm</source>
        <translation>no list this year</translation>
    </message>
    <message>
        <source>không cần</source>
        <translation>not needed</translation>
    </message>
    <message>
        <source>Ghi lý do phê duyệt hoặc từ chối.</source>
        <translation>Write the reason for approving or refusing.</translation>
    </message>
    <message>
        <source>Hộ không có trong danh sách của xã: ghi lý do duyệt ngoài danh sách.</source>
        <translation>The household is not on the commune&apos;s list: give the reason for approving it anyway.</translation>
    </message>
    <message>
        <source>Phê duyệt hồ sơ của {name}: người kiểm tra hồ sơ xác nhận.</source>
        <translation>Approve {name}&apos;s application: the person who checked the file confirms.</translation>
    </message>
    <message>
        <source>Từ chối hồ sơ của {name}: người kiểm tra hồ sơ xác nhận.</source>
        <translation>Refuse {name}&apos;s application: the person who checked the file confirms.</translation>
    </message>
    <message>
        <source>Đã phê duyệt; khoản vay được gửi về điểm trong gói kế tiếp.</source>
        <translation>Approved; the loan goes to the point in its next bundle.</translation>
    </message>
    <message>
        <source>Đã từ chối hồ sơ.</source>
        <translation>The application was refused.</translation>
    </message>
    <message>
        <source>Thông báo kết quả phê duyệt (04/TD)</source>
        <translation>Approval notice (04/TD)</translation>
    </message>
    <message>
        <source>{n} hồ sơ chờ phê duyệt. Mỗi quyết định cần người kiểm tra hồ sơ xác nhận bằng mật khẩu của mình (hai người).</source>
        <translation>{n} applications waiting for a decision. Each decision needs the person who checked the file to confirm with their own password (two people).</translation>
    </message>
    <message>
        <source>Số tiền duyệt</source>
        <translation>Approved amount</translation>
    </message>
    <message>
        <source>Lý do</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>&amp;Phê duyệt…</source>
        <translation>&amp;Approve…</translation>
    </message>
    <message>
        <source>&amp;Từ chối…</source>
        <translation>&amp;Refuse…</translation>
    </message>
    <message>
        <source>In thông báo 04/&amp;TD</source>
        <translation>Print the 04/&amp;TD notice</translation>
    </message>
    <message>
        <source>Lý do duyệt ngoài danh sách</source>
        <translation>Reason for approving off the list</translation>
    </message>
    <message>
        <source>&amp;Kế hoạch cho vay…</source>
        <translation>Lending &amp;plan…</translation>
    </message>
</context>
<context>
    <name>BookLock</name>
    <message>
        <source>(chưa đăng nhập)</source>
        <translation>(not signed in)</translation>
    </message>
    <message>
        <source>Sổ này đang được mở bởi một chương trình sbpdesk khác: {user}, máy {host}, từ {since}. Mỗi sổ chỉ mở trong một chương trình: hãy dùng cửa sổ đang mở, hoặc đóng nó rồi mở lại.</source>
        <translation>This book is open in another sbpdesk program: {user}, computer {host}, since {since}. A book opens in one program only: use the window already open, or close it and open again.</translation>
    </message>
    <message>
        <source>Sổ đang mở</source>
        <translation>Book in use</translation>
    </message>
</context>
<context>
    <name>BorrowersPage</name>
    <message>
        <source>Nữ</source>
        <translation>Female</translation>
    </message>
    <message>
        <source>Nam</source>
        <translation>Male</translation>
    </message>
    <message>
        <source>(tạm)</source>
        <translation>(provisional)</translation>
    </message>
    <message>
        <source>đã hủy</source>
        <translation>reversed</translation>
    </message>
    <message>
        <source>{n} người tìm thấy</source>
        <translation>{n} found</translation>
    </message>
    <message>
        <source>Đăng ký hộ mới…</source>
        <translation>Register a household…</translation>
    </message>
    <message>
        <source>Thành viên</source>
        <translation>Members</translation>
    </message>
    <message>
        <source>Khoản vay</source>
        <translation>Loans</translation>
    </message>
    <message>
        <source>Tiết kiệm</source>
        <translation>Savings</translation>
    </message>
    <message>
        <source>Lịch sử giao dịch</source>
        <translation>History</translation>
    </message>
    <message>
        <source>Chọn khoản vay và nhấn Enter để mở trang Khoản vay.</source>
        <translation>Select a loan and press Enter to open it on the Loans page.</translation>
    </message>
    <message>
        <source>Chọn một người để xem hộ</source>
        <translation>Choose a person to see the household</translation>
    </message>
    <message>
        <source>Gõ tên (có dấu hay không dấu), số CCCD, số điện thoại, mã khách hàng, mã thôn hoặc số TK 105.</source>
        <translation>Type a name (with or without accents), an ID number, a phone number, a customer code, a village code or a TK 105 savings book number.</translation>
    </message>
    <message>
        <source>{no} (tạm)</source>
        <translation>{no} (provisional)</translation>
    </message>
    <message>
        <source>Hộ {no} — {name}</source>
        <translation>Household {no} — {name}</translation>
    </message>
    <message>
        <source>Địa chỉ: {address} ({village}) · Phân loại: {category} · Tổ: {group}</source>
        <translation>Address: {address} ({village}) · Category: {category} · Group: {group}</translation>
    </message>
    <message>
        <source>Địa chỉ nay thuộc: {place}</source>
        <translation>The address is now in: {place}</translation>
    </message>
</context>
<context>
    <name>Categories</name>
    <message>
        <source>Hộ nghèo</source>
        <translation>Poor household</translation>
    </message>
    <message>
        <source>Hộ cận nghèo</source>
        <translation>Near-poor household</translation>
    </message>
    <message>
        <source>Hộ mới thoát nghèo</source>
        <translation>Recently out of poverty</translation>
    </message>
    <message>
        <source>Khác</source>
        <translation>Other</translation>
    </message>
</context>
<context>
    <name>Columns</name>
    <message>
        <source>Ngày phiên</source>
        <translation>Session date</translation>
    </message>
    <message>
        <source>Tệp gói</source>
        <translation>Bundle file</translation>
    </message>
    <message>
        <source>Từ máy</source>
        <translation>From laptop</translation>
    </message>
    <message>
        <source>Tạo lúc</source>
        <translation>Created</translation>
    </message>
    <message>
        <source>Số nghiệp vụ</source>
        <translation>Operations</translation>
    </message>
    <message>
        <source>Nhận lúc</source>
        <translation>Received at</translation>
    </message>
    <message>
        <source>Gói cuối</source>
        <translation>Last bundle</translation>
    </message>
    <message>
        <source>Điểm</source>
        <translation>Point</translation>
    </message>
    <message>
        <source>Đề nghị vay</source>
        <translation>Asked</translation>
    </message>
    <message>
        <source>DS của xã</source>
        <translation>Commune list</translation>
    </message>
    <message>
        <source>Danh sách hộ nghèo, cận nghèo năm nay của xã: hộ có tên không?</source>
        <translation>The commune&apos;s poor / near-poor list of this year: is the household on it?</translation>
    </message>
    <message>
        <source>KH còn lại</source>
        <translation>Plan left</translation>
    </message>
    <message>
        <source>Kế hoạch cho vay năm còn lại sau khi duyệt hồ sơ như đề nghị</source>
        <translation>The year&apos;s lending plan left after approving the application as asked</translation>
    </message>
    <message>
        <source>Tháng</source>
        <translation>Months</translation>
    </message>
    <message>
        <source>Thời hạn vay (tháng)</source>
        <translation>Loan term (months)</translation>
    </message>
    <message>
        <source>Kiểm tra</source>
        <translation>Check</translation>
    </message>
    <message>
        <source>Giữ quyền mở phiên</source>
        <translation>Holds the lease of</translation>
    </message>
    <message>
        <source>Dấu vân tay</source>
        <translation>Fingerprint</translation>
    </message>
    <message>
        <source>Họ và tên</source>
        <translation>Full name</translation>
    </message>
    <message>
        <source>Mã hộ</source>
        <translation>Household no.</translation>
    </message>
    <message>
        <source>Số CCCD</source>
        <translation>ID number</translation>
    </message>
    <message>
        <source>Thôn/ấp</source>
        <translation>Village</translation>
    </message>
    <message>
        <source>Ngày nộp</source>
        <translation>Submitted</translation>
    </message>
    <message>
        <source>Người vay</source>
        <translation>Borrower</translation>
    </message>
    <message>
        <source>Chương trình</source>
        <translation>Programme</translation>
    </message>
    <message>
        <source>Nguồn vốn</source>
        <translation>Funding source</translation>
    </message>
    <message>
        <source>Kế hoạch</source>
        <translation>Plan</translation>
    </message>
    <message>
        <source>Đã duyệt</source>
        <translation>Approved</translation>
    </message>
    <message>
        <source>Còn lại</source>
        <translation>Left</translation>
    </message>
    <message>
        <source>Văn bản giao</source>
        <translation>Assigning document</translation>
    </message>
    <message>
        <source>Thời hạn</source>
        <translation>Term</translation>
    </message>
    <message>
        <source>Số tiền</source>
        <translation>Amount</translation>
    </message>
    <message>
        <source>Mục đích</source>
        <translation>Purpose</translation>
    </message>
    <message>
        <source>Trạng thái</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Giao dịch viên</source>
        <translation>Teller</translation>
    </message>
    <message>
        <source>Kiểm soát viên</source>
        <translation>Controller</translation>
    </message>
    <message>
        <source>Tiền đầu phiên</source>
        <translation>Opening cash</translation>
    </message>
    <message>
        <source>Tiền kiểm đếm</source>
        <translation>Cash counted</translation>
    </message>
    <message>
        <source>Ngày sinh</source>
        <translation>Birth date</translation>
    </message>
    <message>
        <source>Quan hệ</source>
        <translation>Relation</translation>
    </message>
    <message>
        <source>Giới tính</source>
        <translation>Sex</translation>
    </message>
    <message>
        <source>Hạn CCCD</source>
        <translation>ID card expiry</translation>
    </message>
    <message>
        <source>Điện thoại</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>Số hợp đồng</source>
        <translation>Contract no.</translation>
    </message>
    <message>
        <source>Số tiền duyệt</source>
        <translation>Approved</translation>
    </message>
    <message>
        <source>Dư nợ</source>
        <translation>Outstanding</translation>
    </message>
    <message>
        <source>Gốc quá hạn</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <source>Kỳ tới</source>
        <translation>Next due</translation>
    </message>
    <message>
        <source>Chủ tài khoản</source>
        <translation>Account holder</translation>
    </message>
    <message>
        <source>Số dư</source>
        <translation>Balance</translation>
    </message>
    <message>
        <source>Ngày mở</source>
        <translation>Opened</translation>
    </message>
    <message>
        <source>Ngày</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>Nội dung</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>Tiền mặt</source>
        <translation>Cash</translation>
    </message>
    <message>
        <source>Người ghi</source>
        <translation>Recorded by</translation>
    </message>
    <message>
        <source>Đã hủy</source>
        <translation>Reversed</translation>
    </message>
    <message>
        <source>Kỳ</source>
        <translation>No.</translation>
    </message>
    <message>
        <source>Ngày đến hạn</source>
        <translation>Due date</translation>
    </message>
    <message>
        <source>Gốc phải trả</source>
        <translation>Principal due</translation>
    </message>
    <message>
        <source>Đã trả</source>
        <translation>Paid</translation>
    </message>
    <message>
        <source>Quá hạn</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <source>Nghiệp vụ</source>
        <translation>Operation</translation>
    </message>
    <message>
        <source>Số biên lai</source>
        <translation>Receipt no.</translation>
    </message>
    <message>
        <source>Số hộ vay</source>
        <translation>Borrowers</translation>
    </message>
    <message>
        <source>Số món vay</source>
        <translation>Loans</translation>
    </message>
    <message>
        <source>Tệp</source>
        <translation>File</translation>
    </message>
    <message>
        <source>Mã</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>Chỉ tiêu</source>
        <translation>Figure</translation>
    </message>
    <message>
        <source>Ngân hàng</source>
        <translation>Bank</translation>
    </message>
    <message>
        <source>Sổ</source>
        <translation>Book</translation>
    </message>
    <message>
        <source>Chênh lệch</source>
        <translation>Difference</translation>
    </message>
    <message>
        <source>Dòng trong tệp</source>
        <translation>Rows in the file</translation>
    </message>
    <message>
        <source>Giải trình</source>
        <translation>Explanation</translation>
    </message>
    <message>
        <source>Nợ quá hạn</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <source>Nợ khoanh</source>
        <translation>Frozen</translation>
    </message>
    <message>
        <source>Tỷ lệ quá hạn</source>
        <translation>Overdue ratio</translation>
    </message>
    <message>
        <source>Tổ</source>
        <translation>Group</translation>
    </message>
    <message>
        <source>Gốc</source>
        <translation>Principal</translation>
    </message>
    <message>
        <source>Lãi</source>
        <translation>Interest</translation>
    </message>
    <message>
        <source>Số ngày quá hạn</source>
        <translation>Days overdue</translation>
    </message>
    <message>
        <source>Lãi được giảm</source>
        <translation>Interest reduced</translation>
    </message>
    <message>
        <source>Còn trừ vào lãi kỳ tới</source>
        <translation>Still off the next interest</translation>
    </message>
    <message>
        <source>Trả lại</source>
        <translation>To pay back</translation>
    </message>
    <message>
        <source>Trả lại bằng tiền mặt hoặc vào tiền gửi</source>
        <translation>Paid back in cash or into savings</translation>
    </message>
    <message>
        <source>Lãi suất (%/năm)</source>
        <translation>Rate (%/year)</translation>
    </message>
    <message>
        <source>Mức cho vay tối đa</source>
        <translation>Maximum amount</translation>
    </message>
    <message>
        <source>Thời hạn tối đa (tháng)</source>
        <translation>Maximum term (months)</translation>
    </message>
    <message>
        <source>Quy tắc</source>
        <translation>Rule</translation>
    </message>
    <message>
        <source>Giá trị</source>
        <translation>Value</translation>
    </message>
    <message>
        <source>STT</source>
        <translation>No.</translation>
    </message>
    <message>
        <source>Lãi phải trả</source>
        <translation>Interest due</translation>
    </message>
    <message>
        <source>Lãi trong hạn và quá hạn phải trả đến ngày phiên</source>
        <translation>In-term and overdue interest owed at the session date</translation>
    </message>
    <message>
        <source>Gốc đến hạn</source>
        <translation>Due</translation>
    </message>
    <message>
        <source>Gốc quá hạn và các kỳ đến hạn đến ngày phiên</source>
        <translation>Overdue principal and instalments due by the session date</translation>
    </message>
    <message>
        <source>Số dư TK</source>
        <translation>Savings</translation>
    </message>
    <message>
        <source>Số dư tiền gửi tiết kiệm của tổ viên</source>
        <translation>The member&apos;s savings balance</translation>
    </message>
    <message>
        <source>Thu lãi</source>
        <translation>Interest</translation>
    </message>
    <message>
        <source>Thu gốc</source>
        <translation>Principal</translation>
    </message>
    <message>
        <source>Gốc tổ viên trả trực tiếp</source>
        <translation>Principal the member pays in person</translation>
    </message>
    <message>
        <source>Gửi TK</source>
        <translation>Deposit</translation>
    </message>
    <message>
        <source>Tiền gửi tiết kiệm</source>
        <translation>Savings deposited</translation>
    </message>
    <message>
        <source>Gốc từ TK</source>
        <translation>From sav.</translation>
    </message>
    <message>
        <source>Trả gốc bằng tiền gửi tiết kiệm (không thu tiền mặt)</source>
        <translation>Principal paid from savings (no cash)</translation>
    </message>
    <message>
        <source>Số 01/BL</source>
        <translation>01/BL no.</translation>
    </message>
    <message>
        <source>Số biên lai 01/BL tổ trưởng đã viết, nếu có</source>
        <translation>The leader&apos;s 01/BL receipt number, if any</translation>
    </message>
    <message>
        <source>Đã ghi</source>
        <translation>Applied</translation>
    </message>
    <message>
        <source>Đã có</source>
        <translation>Duplicate</translation>
    </message>
    <message>
        <source>Tạm giữ</source>
        <translation>Held</translation>
    </message>
    <message>
        <source>Treo</source>
        <translation>Suspense</translation>
    </message>
    <message>
        <source>Từ chối</source>
        <translation>Rejected</translation>
    </message>
    <message>
        <source>Trùng số</source>
        <translation>Fork</translation>
    </message>
    <message>
        <source>Máy</source>
        <translation>Laptop</translation>
    </message>
    <message>
        <source>Số</source>
        <translation>No.</translation>
    </message>
    <message>
        <source>Lý do</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>Kết quả</source>
        <translation>Outcome</translation>
    </message>
    <message>
        <source>Thành phần</source>
        <translation>Component</translation>
    </message>
    <message>
        <source>Loại</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>Phiên bản</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>Giấy phép</source>
        <translation>Licence</translation>
    </message>
    <message>
        <source>Mã điểm</source>
        <translation>Point code</translation>
    </message>
    <message>
        <source>Điểm giao dịch</source>
        <translation>Transaction point</translation>
    </message>
    <message>
        <source>Lịch giao dịch</source>
        <translation>Schedule</translation>
    </message>
    <message>
        <source>Máy giữ quyền mở phiên</source>
        <translation>Lease holder</translation>
    </message>
    <message>
        <source>Máy điểm đã đăng ký</source>
        <translation>Enrolled laptops</translation>
    </message>
    <message>
        <source>Vùng khó khăn</source>
        <translation>Difficult area</translation>
    </message>
    <message>
        <source>Điểm phục vụ xã vùng khó khăn: hội đoàn thể kiểm tra 75 % món vay cũ của tổ (nơi khác 90 %)</source>
        <translation>The point serves a difficult-area commune: the union checks 75 % of a group&apos;s earlier loans (90 % elsewhere)</translation>
    </message>
    <message>
        <source>Liên lạc gần nhất</source>
        <translation>Last contact</translation>
    </message>
    <message>
        <source>Tên máy</source>
        <translation>Laptop name</translation>
    </message>
    <message>
        <source>Đã gửi về (nghiệp vụ)</source>
        <translation>Sent (operations)</translation>
    </message>
    <message>
        <source>Đã nhận đến số</source>
        <translation>Received up to no.</translation>
    </message>
    <message>
        <source>Chờ gửi xuống</source>
        <translation>Waiting to send</translation>
    </message>
    <message>
        <source>Chờ xem xét</source>
        <translation>In review</translation>
    </message>
    <message>
        <source>Hộ (thành viên)</source>
        <translation>Household (member)</translation>
    </message>
    <message>
        <source>Tài khoản</source>
        <translation>Account</translation>
    </message>
    <message>
        <source>Tiền treo</source>
        <translation>Suspense</translation>
    </message>
    <message>
        <source>Số nghiệp vụ trùng</source>
        <translation>Forked operations</translation>
    </message>
    <message>
        <source>Từ số</source>
        <translation>From no.</translation>
    </message>
    <message>
        <source>Ghi lúc</source>
        <translation>Recorded at</translation>
    </message>
    <message>
        <source>Người xử lý</source>
        <translation>Resolved by</translation>
    </message>
    <message>
        <source>Chuyển sang</source>
        <translation>Moved to</translation>
    </message>
    <message>
        <source>Tên đăng nhập</source>
        <translation>Username</translation>
    </message>
    <message>
        <source>Vai trò</source>
        <translation>Roles</translation>
    </message>
    <message>
        <source>Đăng nhập sai liên tiếp</source>
        <translation>Failed sign-ins in a row</translation>
    </message>
    <message>
        <source>Khóa đến</source>
        <translation>Locked until</translation>
    </message>
    <message>
        <source>Lúc khóa</source>
        <translation>Locked at</translation>
    </message>
</context>
<context>
    <name>CoreFigures</name>
    <message>
        <source>Dư nợ trong hạn</source>
        <translation>Principal in term</translation>
    </message>
    <message>
        <source>Dư nợ quá hạn</source>
        <translation>Principal overdue</translation>
    </message>
    <message>
        <source>Dư nợ khoanh</source>
        <translation>Principal frozen</translation>
    </message>
    <message>
        <source>Lãi tồn trong hạn</source>
        <translation>Interest arrears in term</translation>
    </message>
    <message>
        <source>Lãi tồn quá hạn</source>
        <translation>Interest arrears overdue</translation>
    </message>
    <message>
        <source>Tổng dư nợ</source>
        <translation>Outstanding</translation>
    </message>
    <message>
        <source>Số hộ</source>
        <translation>Households</translation>
    </message>
    <message>
        <source>Tiền gửi tiết kiệm</source>
        <translation>Savings</translation>
    </message>
    <message>
        <source>Không có trong sổ</source>
        <translation>Not in the book</translation>
    </message>
    <message>
        <source>Không có ở ngân hàng</source>
        <translation>Not at the bank</translation>
    </message>
</context>
<context>
    <name>CorePage</name>
    <message>
        <source>Chọn tệp xuất từ hệ thống ngân hàng</source>
        <translation>Choose files exported by the bank&apos;s system</translation>
    </message>
    <message>
        <source>Excel (*.xlsx *.xls *.ods)</source>
        <translation>Excel (*.xlsx *.xls *.ods)</translation>
    </message>
    <message>
        <source>Chọn tệp của ngân hàng trước.</source>
        <translation>Choose the bank&apos;s files first.</translation>
    </message>
    <message>
        <source>Đang khởi tạo sổ từ tệp của ngân hàng…</source>
        <translation>Starting the book from the bank&apos;s files…</translation>
    </message>
    <message>
        <source>Đã khởi tạo sổ ngày {day}: {households} hộ, {loans} khoản vay, {savings} sổ tiết kiệm, {groups} tổ, {points} điểm giao dịch.</source>
        <translation>Book started on {day}: {households} households, {loans} loans, {savings} savings books, {groups} groups, {points} transaction points.</translation>
    </message>
    <message>
        <source>Ghi lý do.</source>
        <translation>Give a reason.</translation>
    </message>
    <message>
        <source>Nhận số liệu của ngân hàng cho khế ước {key}: giám đốc duyệt.</source>
        <translation>Accept the bank&apos;s figures for loan {key}: the director approves.</translation>
    </message>
    <message>
        <source>Đã ghi; đối chiếu lại.</source>
        <translation>Recorded; reconciling again.</translation>
    </message>
    <message>
        <source>Chọn tệp Mẫu 10 của ngân hàng trước.</source>
        <translation>Choose the bank&apos;s Mẫu 10 files first.</translation>
    </message>
    <message>
        <source>Đã ghi {n} khoản trả nợ ngoài phiên (gốc {principal}, lãi {interest}) và {deposits} khoản gửi tiết kiệm ({deposited}); {already} đã ghi từ trước; {unknown} khế ước, {unknown_savings} tài khoản tiết kiệm không có trong sổ.</source>
        <translation>Recorded {n} loan payments made outside the session (principal {principal}, interest {interest}) and {deposits} savings deposits ({deposited}); {already} recorded before; {unknown} loans and {unknown_savings} savings accounts not in the book.</translation>
    </message>
    <message>
        <source>Ngày &amp;số liệu</source>
        <translation>&amp;Data date</translation>
    </message>
    <message>
        <source>Chọn &amp;tệp…</source>
        <translation>Choose &amp;files…</translation>
    </message>
    <message>
        <source>Đối &amp;chiếu</source>
        <translation>&amp;Reconcile</translation>
    </message>
    <message>
        <source>Ghi trả ngoài &amp;phiên (Mẫu 10)</source>
        <translation>Record &amp;payments at the bank (Mẫu 10)</translation>
    </message>
    <message>
        <source>&amp;Khởi tạo sổ từ tệp ngân hàng</source>
        <translation>Start the &amp;book from the bank&apos;s files</translation>
    </message>
    <message>
        <source>&amp;Lý do</source>
        <translation>Rea&amp;son</translation>
    </message>
    <message>
        <source>&amp;Nhận số liệu ngân hàng…</source>
        <translation>&amp;Accept the bank&apos;s figures…</translation>
    </message>
    <message>
        <source>Đánh dấu đã &amp;giải trình</source>
        <translation>Mark &amp;explained</translation>
    </message>
    <message>
        <source>Chưa chọn tệp nào.</source>
        <translation>No file chosen.</translation>
    </message>
    <message>
        <source>{n} chênh lệch, {explained} đã giải trình; {files} tệp đã đọc.</source>
        <translation>{n} differences, {explained} explained; {files} files read.</translation>
    </message>
</context>
<context>
    <name>DemoBanner</name>
    <message>
        <source>Sổ này chứa dữ liệu mẫu để tập huấn; không dùng cho giao dịch thật.</source>
        <translation>This book holds demo data for training; do not use it for real transactions.</translation>
    </message>
</context>
<context>
    <name>DemoProgress</name>
    <message>
        <source>sbpdesk — lần chạy đầu tiên</source>
        <translation>sbpdesk — first run</translation>
    </message>
    <message>
        <source>Đang tạo sổ dữ liệu mẫu để tập huấn trong
{folder}
Việc này mất từ nửa phút đến một phút; xin chờ.</source>
        <translation>Building the demo book for training in
{folder}
This takes half a minute to a minute; please wait.</translation>
    </message>
    <message>
        <source>Tạo văn phòng, điểm giao dịch, tổ và hộ vay…</source>
        <translation>Creating the office, the transaction points, groups and households…</translation>
    </message>
    <message>
        <source>Ghi các phiên giao dịch mẫu: tháng {n}/{total}…</source>
        <translation>Recording the demo sessions: month {n}/{total}…</translation>
    </message>
    <message>
        <source>Ghi sổ…</source>
        <translation>Writing the book…</translation>
    </message>
    <message>
        <source>Ghi danh máy xách tay với văn phòng…</source>
        <translation>Enrolling the laptop at the office…</translation>
    </message>
    <message>
        <source>Ghi danh máy xách tay: văn phòng lập gói dữ liệu…</source>
        <translation>Enrolling the laptop: the office makes up its data pack…</translation>
    </message>
    <message>
        <source>Ghi danh máy xách tay: máy nạp dữ liệu văn phòng…</source>
        <translation>Enrolling the laptop: the laptop loads the office&apos;s data…</translation>
    </message>
</context>
<context>
    <name>Devices</name>
    <message>
        <source>Chọn tệp yêu cầu đăng ký của máy điểm</source>
        <translation>Choose the laptop&apos;s enrolment request file</translation>
    </message>
    <message>
        <source>Yêu cầu đăng ký (*.sbpenrol)</source>
        <translation>Enrolment requests (*.sbpenrol)</translation>
    </message>
    <message>
        <source>Đã đăng ký máy {device} cho điểm {points}. Tệp trả lời: {path}. Chép tệp này vào USB của máy điểm và đọc cho cán bộ điểm dấu vân tay của phòng giao dịch:</source>
        <translation>Laptop {device} is enrolled for {points}. Response file: {path}. Copy it to the laptop&apos;s USB stick and read the office&apos;s fingerprint to the point&apos;s officer:</translation>
    </message>
    <message>
        <source>Đã trao quyền mở phiên tại {point} cho máy {device}.</source>
        <translation>The session lease of {point} was given to laptop {device}.</translation>
    </message>
    <message>
        <source>Thu hồi máy</source>
        <translation>Revoke laptop</translation>
    </message>
    <message>
        <source>Thu hồi máy {device} ({name})? Gói của máy này sẽ bị từ chối và quyền mở phiên của nó được bỏ.</source>
        <translation>Revoke laptop {device} ({name})? Its bundles will be refused and the leases it holds freed.</translation>
    </message>
    <message>
        <source>Thu hồi</source>
        <translation>Revoke</translation>
    </message>
    <message>
        <source>Hủy</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Đã thu hồi máy {device}.</source>
        <translation>Laptop {device} was revoked.</translation>
    </message>
    <message>
        <source>Nhận yêu cầu đăng &amp;ký máy…</source>
        <translation>Accept an &amp;enrolment request…</translation>
    </message>
    <message>
        <source>Máy điểm đã đăng ký</source>
        <translation>Enrolled laptops</translation>
    </message>
    <message>
        <source>Trao &amp;quyền mở phiên tại điểm này</source>
        <translation>Give this point&apos;s &amp;lease</translation>
    </message>
    <message>
        <source>Thu &amp;hồi máy…</source>
        <translation>Re&amp;voke laptop…</translation>
    </message>
</context>
<context>
    <name>Eligibility</name>
    <message>
        <source>{n} / {total} hộ có tên trong danh sách</source>
        <translation>{n} / {total} households on the list</translation>
    </message>
    <message>
        <source>Đã nhập danh sách năm {year} ({reference}): ghi lại để thay thế.</source>
        <translation>The {year} list is recorded ({reference}): record it again to replace it.</translation>
    </message>
    <message>
        <source>Chưa nhập danh sách năm {year}: đánh dấu sẵn các hộ đăng ký loại này, đối chiếu với danh sách UBND xã phê duyệt.</source>
        <translation>No {year} list recorded yet: the households registered in this category are ticked; check them against the list the commune&apos;s People&apos;s Committee approved.</translation>
    </message>
    <message>
        <source>Danh sách hộ nghèo, cận nghèo — {point}</source>
        <translation>Poor and near-poor households — {point}</translation>
    </message>
    <message>
        <source>Danh sách của xã do UBND xã phê duyệt hằng năm. Phê duyệt cho vay hộ không có tên trong danh sách phải ghi lý do.</source>
        <translation>The commune&apos;s list, approved every year by its People&apos;s Committee. Approving a loan to a household not on it needs a stated reason.</translation>
    </message>
    <message>
        <source>&amp;Năm</source>
        <translation>&amp;Year</translation>
    </message>
    <message>
        <source>&amp;Loại hộ</source>
        <translation>&amp;Category</translation>
    </message>
    <message>
        <source>&amp;Văn bản phê duyệt (số, ngày)</source>
        <translation>&amp;Approving document (number, date)</translation>
    </message>
    <message>
        <source>&amp;Tìm hộ</source>
        <translation>&amp;Find a household</translation>
    </message>
    <message>
        <source>&amp;Ghi danh sách</source>
        <translation>&amp;Record the list</translation>
    </message>
    <message>
        <source>Đóng</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Ghi số, ngày văn bản UBND xã phê duyệt danh sách.</source>
        <translation>Enter the number and date of the committee&apos;s document approving the list.</translation>
    </message>
</context>
<context>
    <name>EnrolDialogs</name>
    <message>
        <source>Tạo yêu cầu đăng ký máy</source>
        <translation>Make the enrolment request</translation>
    </message>
    <message>
        <source>Nhập mật khẩu của {user}. Mật khẩu này trở thành mật khẩu đăng ký máy: nó khóa các khóa đồng bộ của máy và cần nhập lại khi hoàn tất đăng ký. Hãy ghi nhớ.</source>
        <translation>Type {user}&apos;s password. It becomes the enrolment password: it locks this laptop&apos;s sync keys and is needed again to complete the enrolment. Remember it.</translation>
    </message>
    <message>
        <source>&amp;Mật khẩu</source>
        <translation>&amp;Password</translation>
    </message>
    <message>
        <source>Tạo yêu cầu</source>
        <translation>Make request</translation>
    </message>
    <message>
        <source>Hủy</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Chưa nhập mật khẩu.</source>
        <translation>Type the password.</translation>
    </message>
    <message>
        <source>Hoàn tất đăng ký máy</source>
        <translation>Complete the enrolment</translation>
    </message>
    <message>
        <source>Phòng giao dịch {office} đã chấp nhận máy này (mã máy {device}, điểm giao dịch: {points}).
Dấu vân tay của phòng giao dịch trong tệp trả lời là:</source>
        <translation>Office {office} has accepted this laptop (device {device}, points: {points}).
The office fingerprint in the response file is:</translation>
    </message>
    <message>
        <source>Dấu vân tay &amp;trùng với số cán bộ phòng giao dịch đọc</source>
        <translation>The fingerprint &amp;matches the digits the office reads out</translation>
    </message>
    <message>
        <source>Mật khẩu đăng &amp;ký máy</source>
        <translation>En&amp;rolment password</translation>
    </message>
    <message>
        <source>Mật khẩu đã nhập khi tạo yêu cầu đăng ký máy</source>
        <translation>The password typed when the enrolment request was made</translation>
    </message>
    <message>
        <source>Hoàn tất đăng ký</source>
        <translation>Complete enrolment</translation>
    </message>
    <message>
        <source>Hãy so sánh dấu vân tay với số phòng giao dịch đọc rồi đánh dấu ô trên. Nếu khác nhau, đừng hoàn tất: tệp không phải của văn phòng.</source>
        <translation>Compare the fingerprint with the digits the office reads out, then tick the box above. If they differ, do not complete: the file is not from your office.</translation>
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
    <name>HomePage</name>
    <message>
        <source>Điểm &amp;giao dịch:</source>
        <translation>Transaction &amp;point:</translation>
    </message>
    <message>
        <source>Sổ dữ liệu mẫu để tập huấn</source>
        <translation>Demo book for training</translation>
    </message>
    <message>
        <source>Phiên giao dịch</source>
        <translation>Transaction session</translation>
    </message>
    <message>
        <source>Địa điểm:</source>
        <translation>Place:</translation>
    </message>
    <message>
        <source>Phiên tới:</source>
        <translation>Next session:</translation>
    </message>
    <message>
        <source>Phiên đang mở:</source>
        <translation>Open session:</translation>
    </message>
    <message>
        <source>Phiên đã đóng gần nhất:</source>
        <translation>Last closed session:</translation>
    </message>
    <message>
        <source>Mở / đóng phiên (Ctrl+2)</source>
        <translation>Open / close the session (Ctrl+2)</translation>
    </message>
    <message>
        <source>Phải thu, phải chi</source>
        <translation>Due in and out</translation>
    </message>
    <message>
        <source>Lãi phải thu:</source>
        <translation>Interest due:</translation>
    </message>
    <message>
        <source>Kỳ trả gốc đến hạn:</source>
        <translation>Instalments due:</translation>
    </message>
    <message>
        <source>Nợ gốc quá hạn:</source>
        <translation>Overdue principal:</translation>
    </message>
    <message>
        <source>Khoản vay chờ giải ngân:</source>
        <translation>Loans awaiting disbursement:</translation>
    </message>
    <message>
        <source>Khoản phải chi (phí, hoa hồng):</source>
        <translation>Payables (fees, commissions):</translation>
    </message>
    <message>
        <source>Khoản vay đang có dư nợ:</source>
        <translation>Loans outstanding:</translation>
    </message>
    <message>
        <source>Bảng kê thu tổ (Ctrl+3)</source>
        <translation>Group collection sheet (Ctrl+3)</translation>
    </message>
    <message>
        <source>Đồng bộ với phòng giao dịch</source>
        <translation>Synchronisation with the office</translation>
    </message>
    <message>
        <source>Trạng thái:</source>
        <translation>Status:</translation>
    </message>
    <message>
        <source>Dữ liệu văn phòng đến:</source>
        <translation>Office data up to:</translation>
    </message>
    <message>
        <source>Máy giữ quyền mở phiên:</source>
        <translation>Laptop holding the session lease:</translation>
    </message>
    <message>
        <source>Máy này:</source>
        <translation>This laptop:</translation>
    </message>
    <message>
        <source>Gói gần nhất:</source>
        <translation>Last bundles:</translation>
    </message>
    <message>
        <source>chưa đồng bộ</source>
        <translation>not synchronised</translation>
    </message>
    <message>
        <source>chưa nhận gói dữ liệu nào</source>
        <translation>no bundle received yet</translation>
    </message>
    <message>
        <source>gửi {date}</source>
        <translation>sent {date}</translation>
    </message>
    <message>
        <source>chưa gửi</source>
        <translation>none sent</translation>
    </message>
    <message>
        <source>nhận {date}</source>
        <translation>received {date}</translation>
    </message>
    <message>
        <source>chưa nhận</source>
        <translation>none received</translation>
    </message>
    <message>
        <source>Phím tắt: Ctrl+1 … Ctrl+9 chuyển trang, F1 trợ giúp. Mọi số liệu tính đến ngày phiên giao dịch.</source>
        <translation>Shortcuts: Ctrl+1 … Ctrl+9 switch pages, F1 help. Figures are as of the session date.</translation>
    </message>
    <message>
        <source>ngày {date}</source>
        <translation>on {date}</translation>
    </message>
    <message>
        <source>chưa mở</source>
        <translation>not open</translation>
    </message>
    <message>
        <source>Phải thu, phải chi đến ngày {date}</source>
        <translation>Due in and out by {date}</translation>
    </message>
    <message>
        <source>{n} kỳ — {amount}</source>
        <translation>{n} instalments — {amount}</translation>
    </message>
    <message>
        <source>{n} khoản — {amount}</source>
        <translation>{n} items — {amount}</translation>
    </message>
    <message>
        <source>chưa cấp</source>
        <translation>not granted</translation>
    </message>
</context>
<context>
    <name>ImportDesk</name>
    <message>
        <source>đã nhận</source>
        <translation>imported</translation>
    </message>
    <message>
        <source>không nhận: {why}</source>
        <translation>refused: {why}</translation>
    </message>
    <message>
        <source>(chưa rõ)</source>
        <translation>(unknown)</translation>
    </message>
    <message>
        <source>Chọn thư mục chứa gói đồng bộ (USB)</source>
        <translation>Choose the folder holding the sync bundles (USB)</translation>
    </message>
    <message>
        <source>Chọn các tệp gói đồng bộ</source>
        <translation>Choose sync bundle files</translation>
    </message>
    <message>
        <source>Gói đồng bộ (*.sbpbundle)</source>
        <translation>Sync bundles (*.sbpbundle)</translation>
    </message>
    <message>
        <source>Chọn thư mục USB hoặc các tệp gói.</source>
        <translation>Choose a USB folder or bundle files.</translation>
    </message>
    <message>
        <source>{n} gói gửi phòng giao dịch này.</source>
        <translation>{n} bundles addressed to this office.</translation>
    </message>
    <message>
        <source>{n} gói gửi nơi khác (bỏ qua).</source>
        <translation>{n} bundles for someone else (skipped).</translation>
    </message>
    <message>
        <source>{n} tệp không đọc được.</source>
        <translation>{n} files could not be read.</translation>
    </message>
    <message>
        <source>Nhận gói từ các điểm.</source>
        <translation>Import the points&apos; bundles.</translation>
    </message>
    <message>
        <source>Đã xử lý {done}/{total} gói…</source>
        <translation>Processed {done}/{total} bundles…</translation>
    </message>
    <message>
        <source>Xong: {n} gói, {ops} nghiệp vụ; {refused} gói không nhận.</source>
        <translation>Done: {n} bundles, {ops} operations; {refused} bundles refused.</translation>
    </message>
    <message>
        <source>Nghiệp vụ ({n}) — bấm vào một gói, một điểm hoặc một con số để lọc</source>
        <translation>Operations ({n}) — click a bundle, a point or a count to filter</translation>
    </message>
    <message>
        <source>Chọn thư &amp;mục…</source>
        <translation>Choose &amp;folder…</translation>
    </message>
    <message>
        <source>Chọn &amp;tệp gói…</source>
        <translation>Choose bundle &amp;files…</translation>
    </message>
    <message>
        <source>&amp;Nhận tất cả</source>
        <translation>&amp;Import all</translation>
    </message>
    <message>
        <source>Theo gói</source>
        <translation>By bundle</translation>
    </message>
    <message>
        <source>Theo điểm</source>
        <translation>By point</translation>
    </message>
    <message>
        <source>Đã nhận gần đây (USB và mạng)</source>
        <translation>Received lately (USB and network)</translation>
    </message>
</context>
<context>
    <name>Kinds</name>
    <message>
        <source>Mở phiên</source>
        <translation>Open session</translation>
    </message>
    <message>
        <source>Đóng phiên</source>
        <translation>Close session</translation>
    </message>
    <message>
        <source>Thừa/thiếu quỹ</source>
        <translation>Cash over/short</translation>
    </message>
    <message>
        <source>Thu lãi, gốc, tiết kiệm</source>
        <translation>Interest, principal, savings collected</translation>
    </message>
    <message>
        <source>Tổ trưởng nộp tiền</source>
        <translation>Group leader&apos;s hand-over</translation>
    </message>
    <message>
        <source>Giải ngân</source>
        <translation>Disbursement</translation>
    </message>
    <message>
        <source>Đề nghị gia hạn/điều chỉnh</source>
        <translation>Extension/adjustment request</translation>
    </message>
    <message>
        <source>Nộp hồ sơ vay</source>
        <translation>Application submitted</translation>
    </message>
    <message>
        <source>Phê duyệt hồ sơ vay</source>
        <translation>Application decided</translation>
    </message>
    <message>
        <source>Đăng ký hộ</source>
        <translation>Household registered</translation>
    </message>
    <message>
        <source>Đăng ký thành viên</source>
        <translation>Member registered</translation>
    </message>
    <message>
        <source>Hủy nghiệp vụ</source>
        <translation>Reversal</translation>
    </message>
    <message>
        <source>Đề nghị điều chỉnh</source>
        <translation>Correction request</translation>
    </message>
    <message>
        <source>Chi phí, hoa hồng</source>
        <translation>Fee, commission paid</translation>
    </message>
    <message>
        <source>Rút tiết kiệm</source>
        <translation>Savings withdrawal</translation>
    </message>
    <message>
        <source>Cập nhật địa chỉ, điện thoại</source>
        <translation>Update address, phone</translation>
    </message>
    <message>
        <source>Xác nhận mã khách hàng</source>
        <translation>Confirm customer code</translation>
    </message>
    <message>
        <source>Gộp hộ trùng</source>
        <translation>Merge duplicate household</translation>
    </message>
    <message>
        <source>Thành lập tổ</source>
        <translation>Form group</translation>
    </message>
    <message>
        <source>Cập nhật tổ</source>
        <translation>Update group</translation>
    </message>
    <message>
        <source>Phí, hoa hồng phải trả</source>
        <translation>Fees and commissions payable</translation>
    </message>
    <message>
        <source>Nhập lãi tiền gửi</source>
        <translation>Savings interest credited</translation>
    </message>
    <message>
        <source>Gia hạn nợ</source>
        <translation>Loan extension</translation>
    </message>
    <message>
        <source>Điều chỉnh kỳ hạn</source>
        <translation>Term adjustment</translation>
    </message>
    <message>
        <source>Khoanh nợ</source>
        <translation>Loan freeze</translation>
    </message>
    <message>
        <source>Thôi khoanh nợ</source>
        <translation>Freeze lifted</translation>
    </message>
    <message>
        <source>Xóa nợ</source>
        <translation>Write-off</translation>
    </message>
    <message>
        <source>Chuyển nợ quá hạn</source>
        <translation>Transfer to overdue</translation>
    </message>
    <message>
        <source>Xử lý tiền chờ xử lý</source>
        <translation>Suspense settled</translation>
    </message>
    <message>
        <source>Dư nợ chuyển sang</source>
        <translation>Opening loan balance</translation>
    </message>
    <message>
        <source>Số dư tiết kiệm chuyển sang</source>
        <translation>Opening savings balance</translation>
    </message>
    <message>
        <source>Điều chỉnh theo số liệu ngân hàng</source>
        <translation>Adjusted to the bank&apos;s figures</translation>
    </message>
    <message>
        <source>Giải trình chênh lệch với ngân hàng</source>
        <translation>Difference with the bank explained</translation>
    </message>
    <message>
        <source>Trả nợ ngoài phiên (qua ngân hàng)</source>
        <translation>Paid outside the session (at the bank)</translation>
    </message>
    <message>
        <source>Gửi tiết kiệm ngoài phiên (qua ngân hàng)</source>
        <translation>Deposited outside the session (at the bank)</translation>
    </message>
    <message>
        <source>Kế hoạch cho vay</source>
        <translation>Lending plan</translation>
    </message>
    <message>
        <source>Danh sách hộ nghèo, cận nghèo</source>
        <translation>Poor and near-poor list</translation>
    </message>
    <message>
        <source>Ban hành quy định</source>
        <translation>Rules published</translation>
    </message>
    <message>
        <source>Chương trình tín dụng</source>
        <translation>Loan programme</translation>
    </message>
    <message>
        <source>Lãi suất</source>
        <translation>Interest rate</translation>
    </message>
    <message>
        <source>Lịch giao dịch</source>
        <translation>Session calendar</translation>
    </message>
    <message>
        <source>Phòng giao dịch</source>
        <translation>Transaction office</translation>
    </message>
    <message>
        <source>Điểm giao dịch</source>
        <translation>Commune point</translation>
    </message>
    <message>
        <source>Hội đoàn thể</source>
        <translation>Mass organisation</translation>
    </message>
    <message>
        <source>Người dùng</source>
        <translation>User</translation>
    </message>
    <message>
        <source>Đăng ký máy</source>
        <translation>Laptop enrolment</translation>
    </message>
    <message>
        <source>Thu hồi máy</source>
        <translation>Laptop revoked</translation>
    </message>
    <message>
        <source>Giao quyền mở phiên</source>
        <translation>Session lease granted</translation>
    </message>
    <message>
        <source>Dữ liệu ban đầu của máy</source>
        <translation>Laptop&apos;s starting data</translation>
    </message>
    <message>
        <source>Nghiệp vụ khác</source>
        <translation>Other operation</translation>
    </message>
</context>
<context>
    <name>LoanPage</name>
    <message>
        <source>quá hạn</source>
        <translation>overdue</translation>
    </message>
    <message>
        <source>đã hủy</source>
        <translation>reversed</translation>
    </message>
    <message>
        <source>Số tiền được duyệt</source>
        <translation>Approved amount</translation>
    </message>
    <message>
        <source>Đã giải ngân</source>
        <translation>Disbursed</translation>
    </message>
    <message>
        <source>Dư nợ</source>
        <translation>Outstanding</translation>
    </message>
    <message>
        <source>Gốc trong hạn</source>
        <translation>Principal in term</translation>
    </message>
    <message>
        <source>Gốc quá hạn</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <source>Gốc khoanh</source>
        <translation>Frozen principal</translation>
    </message>
    <message>
        <source>Lãi trong hạn phải trả</source>
        <translation>In-term interest due</translation>
    </message>
    <message>
        <source>Lãi quá hạn</source>
        <translation>Overdue interest</translation>
    </message>
    <message>
        <source>Lãi thời gian ân hạn</source>
        <translation>Grace-period interest</translation>
    </message>
    <message>
        <source>Lãi khoanh</source>
        <translation>Frozen interest</translation>
    </message>
    <message>
        <source>Tiền treo</source>
        <translation>Suspense</translation>
    </message>
    <message>
        <source>Lãi đã trả</source>
        <translation>Interest paid</translation>
    </message>
    <message>
        <source>Gốc đã trả</source>
        <translation>Principal paid</translation>
    </message>
    <message>
        <source>Không tìm thấy khoản vay.</source>
        <translation>Loan not found.</translation>
    </message>
    <message>
        <source>Khoản vay chưa có nghiệp vụ.</source>
        <translation>The loan has no operations yet.</translation>
    </message>
    <message>
        <source>Cần kiểm tra giấy tờ tùy thân của người nhận tiền.</source>
        <translation>Check the receiver&apos;s identity document first.</translation>
    </message>
    <message>
        <source>Giải ngân {amount} cho {name}.</source>
        <translation>Disburse {amount} to {name}.</translation>
    </message>
    <message>
        <source>Đã giải ngân {amount}.</source>
        <translation>Disbursed {amount}.</translation>
    </message>
    <message>
        <source>Đã ghi thu nợ.</source>
        <translation>Repayment recorded.</translation>
    </message>
    <message>
        <source>Đã gửi đề nghị về phòng giao dịch.</source>
        <translation>Request sent to the office.</translation>
    </message>
    <message>
        <source>Chọn nghiệp vụ cần hủy trong tab Lịch sử.</source>
        <translation>Choose the operation to reverse in the History tab.</translation>
    </message>
    <message>
        <source>Cần ghi lý do hủy.</source>
        <translation>A reason is required.</translation>
    </message>
    <message>
        <source>Hủy nghiệp vụ: {what}.</source>
        <translation>Reverse: {what}.</translation>
    </message>
    <message>
        <source>Đã hủy nghiệp vụ.</source>
        <translation>Operation reversed.</translation>
    </message>
    <message>
        <source>Đã gửi đề nghị điều chỉnh về văn phòng.</source>
        <translation>Correction request sent to the office.</translation>
    </message>
    <message>
        <source>Số &amp;hợp đồng:</source>
        <translation>&amp;Contract no.:</translation>
    </message>
    <message>
        <source>VD: BB-2025-00001</source>
        <translation>e.g. BB-2025-00001</translation>
    </message>
    <message>
        <source>Mở</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>Lịch trả nợ</source>
        <translation>Schedule</translation>
    </message>
    <message>
        <source>Lịch sử giao dịch</source>
        <translation>History</translation>
    </message>
    <message>
        <source>Giải ngân</source>
        <translation>Disbursement</translation>
    </message>
    <message>
        <source>Thu nợ</source>
        <translation>Repayment</translation>
    </message>
    <message>
        <source>Gia hạn / điều chỉnh kỳ hạn</source>
        <translation>Extension / term adjustment</translation>
    </message>
    <message>
        <source>Hủy / đề nghị điều chỉnh</source>
        <translation>Reverse / request a correction</translation>
    </message>
    <message>
        <source>Số tiền &amp;giải ngân:</source>
        <translation>&amp;Amount to disburse:</translation>
    </message>
    <message>
        <source>Đã kiểm tra CCCD của người nhận tiền (đúng người vay hoặc người được ủy quyền)</source>
        <translation>The receiver&apos;s ID card was checked (the borrower or the authorised person)</translation>
    </message>
    <message>
        <source>Giải ngân…</source>
        <translation>Disburse…</translation>
    </message>
    <message>
        <source>Thu &amp;lãi:</source>
        <translation>&amp;Interest:</translation>
    </message>
    <message>
        <source>Thu &amp;gốc:</source>
        <translation>&amp;Principal:</translation>
    </message>
    <message>
        <source>Ghi thu nợ</source>
        <translation>Record repayment</translation>
    </message>
    <message>
        <source>Gia hạn nợ (09/TD)</source>
        <translation>Extension (09/TD)</translation>
    </message>
    <message>
        <source>Điều chỉnh kỳ hạn (08/TD)</source>
        <translation>Term adjustment (08/TD)</translation>
    </message>
    <message>
        <source>&amp;Loại đề nghị:</source>
        <translation>Request &amp;type:</translation>
    </message>
    <message>
        <source>Đến &amp;ngày:</source>
        <translation>Until &amp;date:</translation>
    </message>
    <message>
        <source>Lý &amp;do:</source>
        <translation>&amp;Reason:</translation>
    </message>
    <message>
        <source>Gửi đề nghị</source>
        <translation>Send request</translation>
    </message>
    <message>
        <source>Chọn nghiệp vụ trong tab Lịch sử. Nghiệp vụ của phiên đang mở được hủy ngay (cần người thứ hai duyệt); nghiệp vụ cũ hơn thì gửi đề nghị về văn phòng.</source>
        <translation>Choose the operation in the History tab. An operation of the open session is reversed at once (a second user approves); for an older one, send a request to the office.</translation>
    </message>
    <message>
        <source>Lý do &amp;hủy:</source>
        <translation>&amp;Reason:</translation>
    </message>
    <message>
        <source>Hủy trong phiên…</source>
        <translation>Reverse in this session…</translation>
    </message>
    <message>
        <source>Đề nghị văn phòng điều chỉnh</source>
        <translation>Ask the office to correct</translation>
    </message>
    <message>
        <source>Xem trước / In</source>
        <translation>Preview / Print</translation>
    </message>
    <message>
        <source>Biên lai của nghiệp vụ đã chọn (tab Lịch sử)</source>
        <translation>Receipt of the selected operation (History tab)</translation>
    </message>
    <message>
        <source>Sổ vay vốn của hộ</source>
        <translation>Household loan book page</translation>
    </message>
    <message>
        <source>Hợp đồng tín dụng</source>
        <translation>Credit contract</translation>
    </message>
    <message>
        <source>Chưa chọn khoản vay</source>
        <translation>No loan chosen</translation>
    </message>
    <message>
        <source>(tạm)</source>
        <translation>(provisional)</translation>
    </message>
    <message>
        <source>{contract} — {name} (hộ {household}) — {programme} — {status}</source>
        <translation>{contract} — {name} (household {household}) — {programme} — {status}</translation>
    </message>
    <message>
        <source>số liệu khoản vay đang nhập</source>
        <translation>loan entries being typed</translation>
    </message>
    <message>
        <source>Đã mở lại số liệu đang nhập dở của khoản vay này (bản nháp chưa lưu).</source>
        <translation>The entries typed for this loan were opened again (an unsaved draft).</translation>
    </message>
</context>
<context>
    <name>LoanStatus</name>
    <message>
        <source>chờ giải ngân</source>
        <translation>awaiting disbursement</translation>
    </message>
    <message>
        <source>đang vay</source>
        <translation>active</translation>
    </message>
    <message>
        <source>khoanh nợ</source>
        <translation>frozen</translation>
    </message>
    <message>
        <source>đã tất toán</source>
        <translation>repaid</translation>
    </message>
    <message>
        <source>đã xóa nợ</source>
        <translation>written off</translation>
    </message>
    <message>
        <source>đã hủy</source>
        <translation>reversed</translation>
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
        <source>Đang mở sổ dữ liệu…</source>
        <translation>Opening the data book…</translation>
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
        <source>Phòng giao dịch: {office}</source>
        <translation>Office: {office}</translation>
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
        <source>Thoát chương trình</source>
        <translation>Quit</translation>
    </message>
    <message>
        <source>Lưu và thoát</source>
        <translation>Save and quit</translation>
    </message>
    <message>
        <source>Bỏ số liệu và thoát</source>
        <translation>Discard and quit</translation>
    </message>
    <message>
        <source>Số liệu chưa lưu</source>
        <translation>Unsaved entries</translation>
    </message>
    <message>
        <source>Giữ làm nháp</source>
        <translation>Keep as draft</translation>
    </message>
    <message>
        <source>Lưu</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>Bỏ số liệu</source>
        <translation>Discard</translation>
    </message>
    <message>
        <source>Quay lại</source>
        <translation>Go back</translation>
    </message>
    <message>
        <source>Giữ làm nháp và thoát</source>
        <translation>Keep as draft and quit</translation>
    </message>
    <message>
        <source>Trang “{page}” còn số liệu chưa lưu: {what}.</source>
        <translation>The “{page}” page has entries not saved: {what}.</translation>
    </message>
    <message>
        <source>Phiên giao dịch ngày {date} vẫn đang mở: cuối buổi cần kiểm đếm tiền mặt và đóng phiên. Phiên vẫn giữ nguyên khi mở lại chương trình.</source>
        <translation>The session of {date} is still open: at the end of the day count the cash and close it. The session stays as it is when the program opens again.</translation>
    </message>
    <message>
        <source>Thoát, đóng phiên sau</source>
        <translation>Quit, close the session later</translation>
    </message>
    <message>
        <source>Đến trang Phiên giao dịch</source>
        <translation>Go to the Session page</translation>
    </message>
    <message>
        <source>sbpdesk — Phòng giao dịch NHCSXH</source>
        <translation>sbpdesk — VBSP transaction office</translation>
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
        <source>Xác nhận ô đang nhập; trong một ô nhập: bấm nút chính của trang</source>
        <translation>Confirm the cell being typed; in a field: press the page&apos;s main button</translation>
    </message>
    <message>
        <source>Trên trang “{page}”:</source>
        <translation>On the “{page}” page:</translation>
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
        <source>Điểm giao dịch</source>
        <translation>Transaction points</translation>
    </message>
    <message>
        <source>Nhận gói từ điểm</source>
        <translation>Import bundles</translation>
    </message>
    <message>
        <source>Xem xét</source>
        <translation>Review</translation>
    </message>
    <message>
        <source>Phê duyệt hồ sơ vay</source>
        <translation>Loan approvals</translation>
    </message>
    <message>
        <source>Máy điểm, quyền mở phiên</source>
        <translation>Laptops and leases</translation>
    </message>
    <message>
        <source>Người dùng</source>
        <translation>Users</translation>
    </message>
    <message>
        <source>Đối chiếu ngân hàng</source>
        <translation>Reconcile with the bank</translation>
    </message>
    <message>
        <source>Cài đặt</source>
        <translation>Settings</translation>
    </message>
</context>
<context>
    <name>NetSync</name>
    <message>
        <source>Đồng bộ qua mạng</source>
        <translation>Sync over the network</translation>
    </message>
    <message>
        <source>Đồng bộ</source>
        <translation>Sync</translation>
    </message>
    <message>
        <source>Máy chủ: {url}</source>
        <translation>Server: {url}</translation>
    </message>
    <message>
        <source>tự đồng bộ mỗi {n} phút</source>
        <translation>syncs by itself every {n} minutes</translation>
    </message>
    <message>
        <source>Chưa có địa chỉ máy chủ của phòng giao dịch: hãy đồng bộ bằng USB.</source>
        <translation>No office server address yet: sync by USB stick.</translation>
    </message>
    <message>
        <source>Đồng bộ với phòng giao dịch.</source>
        <translation>Sync with the office.</translation>
    </message>
    <message>
        <source>Đang đồng bộ với phòng giao dịch…</source>
        <translation>Syncing with the office…</translation>
    </message>
    <message>
        <source>Đã đồng bộ với phòng giao dịch: nhận {n} nghiệp vụ ({a} đã áp dụng).</source>
        <translation>Synced with the office: received {n} operations ({a} applied).</translation>
    </message>
</context>
<context>
    <name>OfficeEnrol</name>
    <message>
        <source>Nhận yêu cầu đăng ký máy</source>
        <translation>Accept an enrolment request</translation>
    </message>
    <message>
        <source>Yêu cầu {file} (máy {host}). Gọi điện cho cán bộ điểm giao dịch và so sánh dấu vân tay của máy điểm với số dưới đây:</source>
        <translation>Request {file} (computer {host}). Call the point&apos;s officer and compare the laptop&apos;s fingerprint with the digits below:</translation>
    </message>
    <message>
        <source>Dấu vân tay &amp;trùng với số cán bộ điểm giao dịch đọc</source>
        <translation>The fingerprint &amp;matches what the point&apos;s officer read</translation>
    </message>
    <message>
        <source>&amp;Tên máy</source>
        <translation>Laptop &amp;name</translation>
    </message>
    <message>
        <source>Điểm giao dịch</source>
        <translation>Transaction points</translation>
    </message>
    <message>
        <source>&amp;Mật khẩu của bạn</source>
        <translation>Your &amp;password</translation>
    </message>
    <message>
        <source>Chấp nhận đăng ký</source>
        <translation>Accept enrolment</translation>
    </message>
    <message>
        <source>Hủy</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Hãy so sánh dấu vân tay qua điện thoại rồi đánh dấu ô trên. Nếu khác nhau, đừng chấp nhận: tệp không phải của máy điểm đó.</source>
        <translation>Compare the fingerprint by phone, then tick the box above. If they differ, do not accept: the file is not that laptop&apos;s.</translation>
    </message>
    <message>
        <source>Đặt tên cho máy (ví dụ: Máy xã Hải Ninh 1).</source>
        <translation>Name the laptop (for example: Hải Ninh laptop 1).</translation>
    </message>
    <message>
        <source>Chọn ít nhất một điểm giao dịch.</source>
        <translation>Choose at least one transaction point.</translation>
    </message>
    <message>
        <source>Chưa nhập mật khẩu.</source>
        <translation>No password entered.</translation>
    </message>
</context>
<context>
    <name>OfficeKeys</name>
    <message>
        <source>Mở khóa đồng bộ của phòng giao dịch</source>
        <translation>Open the office&apos;s sync keys</translation>
    </message>
    <message>
        <source>{action}
Gói đồng bộ được ký và niêm phong bằng khóa của phòng giao dịch. Nhập mật khẩu của {user} để mở khóa (chỉ hỏi một lần cho đến khi đóng chương trình).</source>
        <translation>{action}
Sync bundles are signed and sealed with the office&apos;s keys. Enter {user}&apos;s password to open them (asked once until the program is closed).</translation>
    </message>
    <message>
        <source>Người dùng này chưa giữ bản khóa. Một quản trị viên nhập tên và mật khẩu của mình để mở khóa; từ lần sau mật khẩu của {user} là đủ.</source>
        <translation>This user holds no copy of the keys yet. An administrator enters their name and password to open them; from then on {user}&apos;s password is enough.</translation>
    </message>
    <message>
        <source>Sổ dữ liệu mẫu: mật khẩu là demo.</source>
        <translation>Demo book: the password is demo.</translation>
    </message>
    <message>
        <source>&amp;Mật khẩu</source>
        <translation>&amp;Password</translation>
    </message>
    <message>
        <source>&amp;Quản trị viên</source>
        <translation>&amp;Administrator</translation>
    </message>
    <message>
        <source>Mật khẩu quản &amp;trị viên</source>
        <translation>Administrator&apos;s pass&amp;word</translation>
    </message>
    <message>
        <source>Mở khóa</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>Hủy</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Chưa nhập mật khẩu.</source>
        <translation>No password entered.</translation>
    </message>
    <message>
        <source>Nhập tên và mật khẩu của quản trị viên.</source>
        <translation>Enter the administrator&apos;s name and password.</translation>
    </message>
</context>
<context>
    <name>OfficePoints</name>
    <message>
        <source>chưa có lịch</source>
        <translation>no schedule</translation>
    </message>
    <message>
        <source>ngày {day} hằng tháng</source>
        <translation>day {day} of each month</translation>
    </message>
    <message>
        <source>(từ {date}: ngày {day})</source>
        <translation>(from {date}: day {day})</translation>
    </message>
    <message>
        <source>chưa liên lạc</source>
        <translation>no contact yet</translation>
    </message>
    <message>
        <source>đã thu hồi</source>
        <translation>revoked</translation>
    </message>
    <message>
        <source>có nghiệp vụ chờ xem xét</source>
        <translation>operations in review</translation>
    </message>
    <message>
        <source>hoạt động</source>
        <translation>active</translation>
    </message>
    <message>
        <source>có</source>
        <translation>yes</translation>
    </message>
    <message>
        <source>Bỏ đánh dấu vùng &amp;khó khăn</source>
        <translation>Not a &amp;difficult area</translation>
    </message>
    <message>
        <source>Đánh dấu vùng &amp;khó khăn</source>
        <translation>Mark as &amp;difficult area</translation>
    </message>
    <message>
        <source>Đã ghi danh sách hộ của xã.</source>
        <translation>The commune&apos;s list is recorded.</translation>
    </message>
    <message>
        <source>Điểm {point}: đã đánh dấu vùng khó khăn.</source>
        <translation>Point {point}: marked as a difficult area.</translation>
    </message>
    <message>
        <source>Điểm {point}: đã bỏ đánh dấu vùng khó khăn.</source>
        <translation>Point {point}: no longer a difficult area.</translation>
    </message>
    <message>
        <source>Chọn USB hoặc thư mục để ghi gói</source>
        <translation>Choose the USB stick or folder to write the bundle to</translation>
    </message>
    <message>
        <source>Chưa chọn máy điểm: hãy chọn một máy trong danh sách.</source>
        <translation>No point laptop chosen: choose one in the list.</translation>
    </message>
    <message>
        <source>Máy {name} đã bị thu hồi: văn phòng không gửi gói cho máy này nữa. Hãy chọn máy đang hoạt động của điểm.</source>
        <translation>Laptop {name} has been revoked: the office sends it no more bundles. Choose the point&apos;s active laptop.</translation>
    </message>
    <message>
        <source>Xuất gói cho máy điểm.</source>
        <translation>Export a bundle for the laptop.</translation>
    </message>
    <message>
        <source>Đã ghi {path} ({n} nghiệp vụ) và đọc lại kiểm tra. Máy điểm nhận gói này trước phiên giao dịch.</source>
        <translation>Wrote {path} ({n} operations) and read it back. The laptop imports it before the session.</translation>
    </message>
    <message>
        <source>Điểm {point}, phiên ngày {date}: đã in {n} giấy tờ (bảng kê 13/TD trước phiên của từng tổ, danh sách nợ quá hạn và đến hạn) vào {folder}.</source>
        <translation>Point {point}, session of {date}: printed {n} papers (each group&apos;s 13/TD before the session, the overdue and due lists) to {folder}.</translation>
    </message>
    <message>
        <source>{points} điểm giao dịch, {laptops} máy điểm đang hoạt động; {waiting} nghiệp vụ chờ gửi xuống các máy, {held} nghiệp vụ chờ xem xét.</source>
        <translation>{points} transaction points, {laptops} active laptops; {waiting} operations waiting to go to the laptops, {held} operations in review.</translation>
    </message>
    <message>
        <source>Tải lại</source>
        <translation>Reload</translation>
    </message>
    <message>
        <source>&amp;Xuất gói cho máy đã chọn…</source>
        <translation>&amp;Export a bundle for the selected laptop…</translation>
    </message>
    <message>
        <source>Chuẩn bị &amp;phiên: gói và giấy tờ…</source>
        <translation>Prepare the &amp;session: bundle and papers…</translation>
    </message>
    <message>
        <source>Các điểm giao dịch của phòng</source>
        <translation>The office&apos;s transaction points</translation>
    </message>
    <message>
        <source>&amp;Danh sách hộ nghèo, cận nghèo…</source>
        <translation>Poor / near-poor &amp;list…</translation>
    </message>
    <message>
        <source>Máy điểm: đã gửi, đã nhận, đang chờ</source>
        <translation>Laptops: sent, received, waiting</translation>
    </message>
</context>
<context>
    <name>OfficeReports</name>
    <message>
        <source>Lưu báo cáo</source>
        <translation>Save the report</translation>
    </message>
    <message>
        <source>Đã lưu {path}.</source>
        <translation>Saved {path}.</translation>
    </message>
    <message>
        <source>&amp;Báo cáo</source>
        <translation>&amp;Report</translation>
    </message>
    <message>
        <source>Đến &amp;ngày</source>
        <translation>As of &amp;date</translation>
    </message>
    <message>
        <source>&amp;Xem</source>
        <translation>&amp;Show</translation>
    </message>
    <message>
        <source>Lưu &amp;CSV…</source>
        <translation>Save &amp;CSV…</translation>
    </message>
    <message>
        <source>Lưu &amp;Excel…</source>
        <translation>Save &amp;Excel…</translation>
    </message>
    <message>
        <source>Lưu &amp;PDF…</source>
        <translation>Save &amp;PDF…</translation>
    </message>
    <message>
        <source>Biểu đồ</source>
        <translation>Charts</translation>
    </message>
    <message>
        <source>Dư nợ cho vay</source>
        <translation>Loan portfolio</translation>
    </message>
    <message>
        <source>Chỉ tiêu chiến lược (QĐ 05)</source>
        <translation>Strategy indicators (Decision 05)</translation>
    </message>
    <message>
        <source>Nợ quá hạn, nợ khoanh</source>
        <translation>Overdue and frozen</translation>
    </message>
    <message>
        <source>Thu nợ, thu lãi theo phiên</source>
        <translation>Collections per session</translation>
    </message>
    <message>
        <source>Phí ủy thác, hoa hồng</source>
        <translation>Fees and commissions</translation>
    </message>
    <message>
        <source>Món vay không phát sinh giao dịch</source>
        <translation>Idle loans</translation>
    </message>
    <message>
        <source>Xếp loại tổ (BC0437)</source>
        <translation>Group grades (BC0437)</translation>
    </message>
    <message>
        <source>Danh sách kiểm tra (HD 727)</source>
        <translation>Inspection lists (guidance 727)</translation>
    </message>
    <message>
        <source>Dư nợ toàn phòng: {outstanding} — quá hạn {overdue}, khoanh {frozen}; {borrowers} hộ vay, {loans} khoản vay.</source>
        <translation>Office outstanding: {outstanding} — overdue {overdue}, frozen {frozen}; {borrowers} borrowing households, {loans} loans.</translation>
    </message>
    <message>
        <source>Dư nợ tăng {growth} ({growth_pct} %) từ {since}; nợ quá hạn {ratio} % (trần 2 %); vốn địa phương {local} % của phần tăng (mục tiêu 15–20 %).</source>
        <translation>Outstanding grew {growth} ({growth_pct} %) since {since}; overdue {ratio} % (ceiling 2 %); local budget {local} % of the growth (target 15–20 %).</translation>
    </message>
    <message>
        <source>Nợ quá hạn {overdue} ({ratio} %), nợ khoanh {frozen}; quá hạn và khoanh {both} % dư nợ {outstanding}.</source>
        <translation>Overdue {overdue} ({ratio} %), frozen {frozen}; overdue and frozen {both} % of the outstanding {outstanding}.</translation>
    </message>
    <message>
        <source>{sessions} phiên; thu tại xã {at_sessions}, tại phòng giao dịch {at_office}; tỷ lệ giao dịch tại xã {rate} %.</source>
        <translation>{sessions} sessions; collected at the communes {at_sessions}, at the office {at_office}; commune transaction rate {rate} %.</translation>
    </message>
    <message>
        <source>Phí và hoa hồng phải trả {issued}, đã trả {paid}, còn phải trả {due}.</source>
        <translation>Fees and commissions issued {issued}, paid {paid}, still due {due}.</translation>
    </message>
    <message>
        <source>{groups} tổ, {members} tổ viên; {not_paying} hộ vay không trả lãi trong 3 tháng; tiền gửi tiết kiệm {savings}.</source>
        <translation>{groups} groups, {members} members; {not_paying} borrowers paid no interest in 3 months; savings {savings}.</translation>
    </message>
    <message>
        <source>Hội đoàn thể kiểm tra {groups} tổ: {new} món vay mới, {idle} món vay không giao dịch và {to_check} trong {earlier} món vay cũ.</source>
        <translation>The unions inspect {groups} groups: {new} new loans, {idle} idle loans and {to_check} of {earlier} earlier loans.</translation>
    </message>
    <message>
        <source>{loans} món vay không phát sinh giao dịch từ {months} tháng trở lên ({share} % số món), dư nợ {outstanding}.</source>
        <translation>{loans} loans without a transaction for {months} months or more ({share} % of loans), outstanding {outstanding}.</translation>
    </message>
</context>
<context>
    <name>Papers</name>
    <message>
        <source>Đã in; tệp PDF lưu tại {path}</source>
        <translation>Printed; PDF file kept at {path}</translation>
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
    <name>Plan</name>
    <message>
        <source>Trung ương</source>
        <translation>Central</translation>
    </message>
    <message>
        <source>Địa phương</source>
        <translation>Local</translation>
    </message>
    <message>
        <source>Kế hoạch cho vay</source>
        <translation>Lending plan</translation>
    </message>
    <message>
        <source>Kế hoạch cho vay năm theo chương trình và nguồn vốn, như chi nhánh giao. Phê duyệt vượt kế hoạch bị từ chối: ghi kế hoạch điều chỉnh trước.</source>
        <translation>The year&apos;s lending plan by programme and funding source, as the branch assigned it. An approval beyond the plan is refused: record the adjusted plan first.</translation>
    </message>
    <message>
        <source>&amp;Năm</source>
        <translation>&amp;Year</translation>
    </message>
    <message>
        <source>&amp;Chương trình</source>
        <translation>&amp;Programme</translation>
    </message>
    <message>
        <source>&amp;Nguồn vốn</source>
        <translation>&amp;Funding source</translation>
    </message>
    <message>
        <source>&amp;Số tiền kế hoạch</source>
        <translation>Plan &amp;amount</translation>
    </message>
    <message>
        <source>&amp;Văn bản giao (số, ngày)</source>
        <translation>Assigning &amp;document (number, date)</translation>
    </message>
    <message>
        <source>Ghi kế hoạch</source>
        <translation>Record the plan</translation>
    </message>
    <message>
        <source>Đóng</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Nhập số tiền kế hoạch.</source>
        <translation>Enter the plan amount.</translation>
    </message>
</context>
<context>
    <name>Preview</name>
    <message>
        <source>Trang {n}/{total}</source>
        <translation>Page {n}/{total}</translation>
    </message>
    <message>
        <source>In</source>
        <translation>Print</translation>
    </message>
    <message>
        <source>Lưu PDF</source>
        <translation>Save PDF</translation>
    </message>
    <message>
        <source>Tệp PDF (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
        <source>Đang dựng trang {n}/{total}</source>
        <translation>Rendering page {n}/{total}</translation>
    </message>
    <message>
        <source>&amp;In… (Ctrl+P)</source>
        <translation>&amp;Print… (Ctrl+P)</translation>
    </message>
    <message>
        <source>&amp;Lưu PDF… (Ctrl+S)</source>
        <translation>&amp;Save PDF… (Ctrl+S)</translation>
    </message>
    <message>
        <source>Thu nhỏ</source>
        <translation>Zoom out</translation>
    </message>
    <message>
        <source>Phóng to</source>
        <translation>Zoom in</translation>
    </message>
    <message>
        <source>Cỡ xem (Ctrl+- / Ctrl++)</source>
        <translation>Zoom (Ctrl+- / Ctrl++)</translation>
    </message>
    <message>
        <source>Đóng</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Trang {n}</source>
        <translation>Page {n}</translation>
    </message>
</context>
<context>
    <name>Printing</name>
    <message>
        <source>Đã đóng bản xem trước, chưa in: sổ in không thay đổi.</source>
        <translation>Preview closed without printing: the print register is unchanged.</translation>
    </message>
</context>
<context>
    <name>RegisterHousehold</name>
    <message>
        <source>Đăng ký hộ mới</source>
        <translation>Register a household</translation>
    </message>
    <message>
        <source>Tổ &amp;TK&amp;&amp;VV</source>
        <translation>Savings &amp;&amp; loan &amp;group</translation>
    </message>
    <message>
        <source>&amp;Phân loại hộ</source>
        <translation>Household &amp;category</translation>
    </message>
    <message>
        <source>Đị&amp;a chỉ</source>
        <translation>&amp;Address</translation>
    </message>
    <message>
        <source>&amp;Thôn/ấp</source>
        <translation>&amp;Village</translation>
    </message>
    <message>
        <source>&amp;Họ tên người đại diện</source>
        <translation>&amp;Representative&apos;s full name</translation>
    </message>
    <message>
        <source>&amp;Giới tính</source>
        <translation>&amp;Sex</translation>
    </message>
    <message>
        <source>&amp;Ngày sinh</source>
        <translation>&amp;Birth date</translation>
    </message>
    <message>
        <source>Số &amp;CCCD</source>
        <translation>&amp;ID number</translation>
    </message>
    <message>
        <source>Ngà&amp;y cấp CCCD</source>
        <translation>ID card i&amp;ssued on</translation>
    </message>
    <message>
        <source>Điện th&amp;oại</source>
        <translation>P&amp;hone</translation>
    </message>
    <message>
        <source>Nữ</source>
        <translation>Female</translation>
    </message>
    <message>
        <source>Nam</source>
        <translation>Male</translation>
    </message>
    <message>
        <source>Đăng ký</source>
        <translation>Register</translation>
    </message>
    <message>
        <source>Hủy</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>ReportTables</name>
    <message>
        <source>Mã</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>Tên</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Dư nợ</source>
        <translation>Outstanding</translation>
    </message>
    <message>
        <source>Trong hạn</source>
        <translation>In term</translation>
    </message>
    <message>
        <source>Quá hạn</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <source>Khoanh</source>
        <translation>Frozen</translation>
    </message>
    <message>
        <source>Tỷ lệ NQH %</source>
        <translation>Overdue %</translation>
    </message>
    <message>
        <source>NQH + khoanh %</source>
        <translation>Overdue + frozen %</translation>
    </message>
    <message>
        <source>Món vay</source>
        <translation>Loans</translation>
    </message>
    <message>
        <source>Hộ vay</source>
        <translation>Borrowers</translation>
    </message>
    <message>
        <source>Dư nợ đầu kỳ</source>
        <translation>Outstanding before</translation>
    </message>
    <message>
        <source>Tăng trưởng</source>
        <translation>Growth</translation>
    </message>
    <message>
        <source>Tăng %</source>
        <translation>Growth %</translation>
    </message>
    <message>
        <source>Tăng nguồn ĐP</source>
        <translation>Local growth</translation>
    </message>
    <message>
        <source>ĐP / tăng %</source>
        <translation>Local / growth %</translation>
    </message>
    <message>
        <source>Theo điểm giao dịch</source>
        <translation>By point</translation>
    </message>
    <message>
        <source>Theo chương trình</source>
        <translation>By programme</translation>
    </message>
    <message>
        <source>Theo hội đoàn thể</source>
        <translation>By union</translation>
    </message>
    <message>
        <source>Theo tổ TK&amp;VV</source>
        <translation>By group</translation>
    </message>
    <message>
        <source>Theo nguồn vốn</source>
        <translation>By funding source</translation>
    </message>
    <message>
        <source>Chỉ tiêu</source>
        <translation>Indicators</translation>
    </message>
    <message>
        <source>Thực hiện %</source>
        <translation>Actual %</translation>
    </message>
    <message>
        <source>Mục tiêu</source>
        <translation>Target</translation>
    </message>
    <message>
        <source>Đánh giá</source>
        <translation>Assessment</translation>
    </message>
    <message>
        <source>Theo điểm giao dịch (xã)</source>
        <translation>By point (commune)</translation>
    </message>
    <message>
        <source>Tiếp cận vốn (số ngày: trung vị)</source>
        <translation>Access to loans (days: median)</translation>
    </message>
    <message>
        <source>Đối tượng</source>
        <translation>Who</translation>
    </message>
    <message>
        <source>Hộ trong DS</source>
        <translation>Listed households</translation>
    </message>
    <message>
        <source>Đề nghị</source>
        <translation>Applied</translation>
    </message>
    <message>
        <source>Được duyệt</source>
        <translation>Approved</translation>
    </message>
    <message>
        <source>Từ chối</source>
        <translation>Refused</translation>
    </message>
    <message>
        <source>Đã nhận tiền</source>
        <translation>Received</translation>
    </message>
    <message>
        <source>Ngày đến khi duyệt</source>
        <translation>Days to decision</translation>
    </message>
    <message>
        <source>Ngày đến khi nhận tiền</source>
        <translation>Days to money</translation>
    </message>
    <message>
        <source>Diễn biến theo tháng</source>
        <translation>Trend by month</translation>
    </message>
    <message>
        <source>Ngày</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>Thu lãi</source>
        <translation>Interest</translation>
    </message>
    <message>
        <source>Thu nợ gốc</source>
        <translation>Principal</translation>
    </message>
    <message>
        <source>Gửi tiết kiệm</source>
        <translation>Savings</translation>
    </message>
    <message>
        <source>Theo điểm giao dịch: tỷ lệ giao dịch tại xã</source>
        <translation>By point: commune transaction rate</translation>
    </message>
    <message>
        <source>Số phiên</source>
        <translation>Sessions</translation>
    </message>
    <message>
        <source>Thu tại phiên</source>
        <translation>At sessions</translation>
    </message>
    <message>
        <source>Thu tại PGD</source>
        <translation>At the office</translation>
    </message>
    <message>
        <source>Tỷ lệ GD tại xã %</source>
        <translation>Commune rate %</translation>
    </message>
    <message>
        <source>Theo phiên giao dịch</source>
        <translation>By session</translation>
    </message>
    <message>
        <source>Điểm</source>
        <translation>Point</translation>
    </message>
    <message>
        <source>Giao dịch viên</source>
        <translation>Teller</translation>
    </message>
    <message>
        <source>Tổ viên</source>
        <translation>Members</translation>
    </message>
    <message>
        <source>Tiền mặt thu</source>
        <translation>Cash in</translation>
    </message>
    <message>
        <source>Phải trả</source>
        <translation>Issued</translation>
    </message>
    <message>
        <source>Đã trả</source>
        <translation>Paid</translation>
    </message>
    <message>
        <source>Còn phải trả</source>
        <translation>Due</translation>
    </message>
    <message>
        <source>Phí ủy thác theo hội đoàn thể</source>
        <translation>Entrustment fees by union</translation>
    </message>
    <message>
        <source>Hoa hồng theo tổ TK&amp;VV</source>
        <translation>Commissions by group</translation>
    </message>
    <message>
        <source>Tổ TK&amp;VV</source>
        <translation>Group</translation>
    </message>
    <message>
        <source>Người vay</source>
        <translation>Borrower</translation>
    </message>
    <message>
        <source>Số khế ước</source>
        <translation>Contract no.</translation>
    </message>
    <message>
        <source>Chương trình</source>
        <translation>Programme</translation>
    </message>
    <message>
        <source>Giao dịch cuối</source>
        <translation>Last transaction</translation>
    </message>
    <message>
        <source>Số ngày</source>
        <translation>Days</translation>
    </message>
    <message>
        <source>Món vay không phát sinh giao dịch</source>
        <translation>Idle loans</translation>
    </message>
    <message>
        <source>Nợ quá hạn theo thời gian quá hạn (ngày)</source>
        <translation>Overdue by age (days)</translation>
    </message>
    <message>
        <source>Số ngày quá hạn</source>
        <translation>Days overdue</translation>
    </message>
    <message>
        <source>Nợ quá hạn</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <source>Số tổ theo xếp loại</source>
        <translation>Groups by grade</translation>
    </message>
    <message>
        <source>Xếp loại</source>
        <translation>Grade</translation>
    </message>
    <message>
        <source>Số tổ</source>
        <translation>Groups</translation>
    </message>
    <message>
        <source>Tổ trưởng</source>
        <translation>Leader</translation>
    </message>
    <message>
        <source>Trả lãi 3 tháng</source>
        <translation>Paid interest (3 months)</translation>
    </message>
    <message>
        <source>Không trả lãi 3 tháng</source>
        <translation>No interest (3 months)</translation>
    </message>
    <message>
        <source>Tiền gửi tiết kiệm</source>
        <translation>Savings</translation>
    </message>
    <message>
        <source>Kiểm tra theo tổ: 100 % món vay mới, món vay không giao dịch; 90 % món vay cũ</source>
        <translation>By group: 100 % of new and idle loans; 90 % of earlier loans</translation>
    </message>
    <message>
        <source>Vay mới (30 ngày)</source>
        <translation>New (30 days)</translation>
    </message>
    <message>
        <source>Không giao dịch</source>
        <translation>Idle</translation>
    </message>
    <message>
        <source>Món vay cũ</source>
        <translation>Earlier loans</translation>
    </message>
    <message>
        <source>Cần kiểm tra</source>
        <translation>To check</translation>
    </message>
    <message>
        <source>Kiểm tra theo tổ: 100 % món vay mới, món vay không giao dịch; 90 % món vay cũ, 75 % ở vùng khó khăn</source>
        <translation>Checks per group: 100 % of new loans and idle loans; 90 % of earlier loans, 75 % in difficult areas</translation>
    </message>
    <message>
        <source>Tỷ lệ KT %</source>
        <translation>Checked %</translation>
    </message>
    <message>
        <source>Món vay giải ngân trong 30 ngày</source>
        <translation>Loans disbursed in the last 30 days</translation>
    </message>
    <message>
        <source>Theo xã (đơn vị hành chính từ 01/07/2025)</source>
        <translation>By commune (administrative units from 01/07/2025)</translation>
    </message>
    <message>
        <source>Số tổ (đã xếp loại)</source>
        <translation>Groups (recorded grade)</translation>
    </message>
    <message>
        <source>Số tổ (theo điểm tính)</source>
        <translation>Groups (by computed score)</translation>
    </message>
    <message>
        <source>Điểm tính</source>
        <translation>Computed score</translation>
    </message>
    <message>
        <source>Loại theo điểm</source>
        <translation>Grade by score</translation>
    </message>
    <message>
        <source>Xếp loại ghi nhận</source>
        <translation>Recorded grade</translation>
    </message>
    <message>
        <source>Cách tính điểm (cài đặt của phòng giao dịch)</source>
        <translation>How the score is computed (the office&apos;s setting)</translation>
    </message>
    <message>
        <source>Tiêu chí</source>
        <translation>Criterion</translation>
    </message>
    <message>
        <source>Điểm tối đa</source>
        <translation>Maximum points</translation>
    </message>
    <message>
        <source>Xếp loại theo điểm</source>
        <translation>Grades by score</translation>
    </message>
    <message>
        <source>Từ điểm</source>
        <translation>From score</translation>
    </message>
    <message>
        <source>Nợ quá hạn: đủ điểm khi không có, 0 điểm khi từ 2 % dư nợ</source>
        <translation>Overdue: full points when none, no points from 2 % of outstanding</translation>
    </message>
    <message>
        <source>Hộ vay có trả lãi trong 3 tháng / hộ vay</source>
        <translation>Borrowers who paid interest in 3 months / borrowers</translation>
    </message>
    <message>
        <source>Hộ có tiền gửi tiết kiệm / tổ viên</source>
        <translation>Households with savings / members</translation>
    </message>
    <message>
        <source>Số tổ viên từ 5 đến 60</source>
        <translation>5 to 60 members</translation>
    </message>
    <message>
        <source>Ngày giải ngân</source>
        <translation>Disbursed on</translation>
    </message>
    <message>
        <source>Tổng cộng</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>Tăng trưởng dư nợ</source>
        <translation>Outstanding growth</translation>
    </message>
    <message>
        <source>Tỷ lệ nợ quá hạn (trần 2 %)</source>
        <translation>Overdue ratio (ceiling 2 %)</translation>
    </message>
    <message>
        <source>Nguồn vốn địa phương / tăng trưởng dư nợ</source>
        <translation>Local budget / outstanding growth</translation>
    </message>
    <message>
        <source>Tất cả hồ sơ</source>
        <translation>All applications</translation>
    </message>
    <message>
        <source>Hộ nghèo</source>
        <translation>Poor households</translation>
    </message>
    <message>
        <source>Hộ cận nghèo</source>
        <translation>Near-poor households</translation>
    </message>
    <message>
        <source>Đạt</source>
        <translation>Met</translation>
    </message>
    <message>
        <source>Chưa đạt</source>
        <translation>Not met</translation>
    </message>
    <message>
        <source>Tốt</source>
        <translation>Good</translation>
    </message>
    <message>
        <source>Khá</source>
        <translation>Fair</translation>
    </message>
    <message>
        <source>Trung bình</source>
        <translation>Average</translation>
    </message>
    <message>
        <source>Yếu</source>
        <translation>Weak</translation>
    </message>
</context>
<context>
    <name>ReportsPage</name>
    <message>
        <source>đã hủy</source>
        <translation>reversed</translation>
    </message>
    <message>
        <source>Tổng cộng</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>Đang tính báo cáo…</source>
        <translation>Computing the report…</translation>
    </message>
    <message>
        <source>Báo cáo dư nợ chưa có mẫu in; xem trên màn hình.</source>
        <translation>The portfolio report has no printed form yet; read it on screen.</translation>
    </message>
    <message>
        <source>Thông báo công khai</source>
        <translation>Public notice</translation>
    </message>
    <message>
        <source>Đã lưu tệp PDF: {path}</source>
        <translation>PDF saved: {path}</translation>
    </message>
    <message>
        <source>Đến &amp;ngày:</source>
        <translation>Until &amp;date:</translation>
    </message>
    <message>
        <source>Xem</source>
        <translation>Show</translation>
    </message>
    <message>
        <source>Lưu PDF</source>
        <translation>Save PDF</translation>
    </message>
    <message>
        <source>Xem trước / In</source>
        <translation>Preview / Print</translation>
    </message>
    <message>
        <source>In thông báo &amp;công khai</source>
        <translation>Print the public &amp;notice</translation>
    </message>
    <message>
        <source>Tổng hợp phiên</source>
        <translation>Session summary</translation>
    </message>
    <message>
        <source>Dư nợ theo chương trình</source>
        <translation>Portfolio by programme</translation>
    </message>
    <message>
        <source>Nợ quá hạn</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <source>Đến hạn tháng tới</source>
        <translation>Due next month</translation>
    </message>
    <message>
        <source>Giảm lãi suất</source>
        <translation>Interest reductions</translation>
    </message>
    <message>
        <source>Điểm chưa có phiên nào.</source>
        <translation>The point has no session yet.</translation>
    </message>
    <message>
        <source>đang mở</source>
        <translation>open</translation>
    </message>
    <message>
        <source>đã đóng</source>
        <translation>closed</translation>
    </message>
    <message>
        <source>thừa {amount}</source>
        <translation>over {amount}</translation>
    </message>
    <message>
        <source>thiếu {amount}</source>
        <translation>short {amount}</translation>
    </message>
    <message>
        <source>không thừa thiếu</source>
        <translation>neither over nor short</translation>
    </message>
    <message>
        <source>Phiên ngày {date} ({status}) — đầu phiên {opening}, thu {cash_in}, chi {cash_out}, {diff}, tồn quỹ theo sổ {expected}; {n} nghiệp vụ, {r} đã hủy.</source>
        <translation>Session of {date} ({status}) — opening {opening}, in {cash_in}, out {cash_out}, {diff}, expected cash {expected}; {n} operations, {r} reversed.</translation>
    </message>
</context>
<context>
    <name>Resolve</name>
    <message>
        <source>Trả nợ khoản vay</source>
        <translation>Repay the loan</translation>
    </message>
    <message>
        <source>Gửi vào tiết kiệm của hộ</source>
        <translation>Credit the household&apos;s savings</translation>
    </message>
    <message>
        <source>Hoàn trả cho khách hàng</source>
        <translation>Refund the customer</translation>
    </message>
    <message>
        <source>Thu hồi nợ đã xóa</source>
        <translation>Recovery of written-off debt</translation>
    </message>
    <message>
        <source>Xử lý tiền treo</source>
        <translation>Resolve suspense</translation>
    </message>
    <message>
        <source>Tài khoản {account} ({member}, điểm {point}) đang treo {amount}. Việc xử lý được ghi vào sổ và gửi về điểm trong gói kế tiếp.</source>
        <translation>Account {account} ({member}, point {point}) holds {amount} in suspense. The resolution is recorded in the book and sent to the point in its next bundle.</translation>
    </message>
    <message>
        <source>&amp;Số tiền</source>
        <translation>&amp;Amount</translation>
    </message>
    <message>
        <source>&amp;Chuyển sang</source>
        <translation>&amp;Move to</translation>
    </message>
    <message>
        <source>&amp;Tài khoản nhận (nếu khác)</source>
        <translation>&amp;Receiving account (if another)</translation>
    </message>
    <message>
        <source>&amp;Lý do</source>
        <translation>&amp;Reason</translation>
    </message>
    <message>
        <source>Ghi xử lý</source>
        <translation>Record resolution</translation>
    </message>
    <message>
        <source>Hủy</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Nhập số tiền.</source>
        <translation>Enter the amount.</translation>
    </message>
    <message>
        <source>Nhập lý do xử lý.</source>
        <translation>Enter the reason.</translation>
    </message>
</context>
<context>
    <name>Review</name>
    <message>
        <source>Tiền treo ({n})</source>
        <translation>Suspense ({n})</translation>
    </message>
    <message>
        <source>Tạm giữ, từ chối ({n})</source>
        <translation>Held, rejected ({n})</translation>
    </message>
    <message>
        <source>Trùng số thứ tự ({n})</source>
        <translation>Forks ({n})</translation>
    </message>
    <message>
        <source>Kết quả gửi lại máy điểm ({n})</source>
        <translation>Verdicts sent back ({n})</translation>
    </message>
    <message>
        <source>Lịch sử xử lý ({n})</source>
        <translation>Resolution history ({n})</translation>
    </message>
    <message>
        <source>&amp;Xử lý tiền treo…</source>
        <translation>&amp;Resolve suspense…</translation>
    </message>
    <message>
        <source>Tải lại</source>
        <translation>Reload</translation>
    </message>
    <message>
        <source>Tiền treo: {amount} ở {n} tài khoản. Việc xử lý được gửi về điểm trong gói kế tiếp.</source>
        <translation>Suspense: {amount} in {n} accounts. Resolutions are sent to the point in its next bundle.</translation>
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
    <message>
        <source>Kế toán</source>
        <translation>Accountant</translation>
    </message>
    <message>
        <source>Giám đốc phòng giao dịch</source>
        <translation>Office director</translation>
    </message>
    <message>
        <source>Người dùng</source>
        <translation>User</translation>
    </message>
</context>
<context>
    <name>SearchBox</name>
    <message>
        <source>Tìm theo tên, số CCCD hoặc mã khách hàng…</source>
        <translation>Search by name, ID card number or customer code…</translation>
    </message>
</context>
<context>
    <name>SessionPage</name>
    <message>
        <source>đang mở</source>
        <translation>open</translation>
    </message>
    <message>
        <source>đã đóng</source>
        <translation>closed</translation>
    </message>
    <message>
        <source>&amp;In báo cáo phiên…</source>
        <translation>&amp;Print the session report…</translation>
    </message>
    <message>
        <source>Đã đóng phiên ngày {date}</source>
        <translation>Session of {date} closed</translation>
    </message>
    <message>
        <source>Giao dịch viên: {teller} — kiểm soát viên: {controller}</source>
        <translation>Teller: {teller} — controller: {controller}</translation>
    </message>
    <message>
        <source>Không có khoản thu chi nào.</source>
        <translation>No cash in or out.</translation>
    </message>
    <message>
        <source>Tổ đã giao nộp ({n}): {names}</source>
        <translation>Groups handed over ({n}): {names}</translation>
    </message>
    <message>
        <source>Tổ chưa giao nộp: {n}</source>
        <translation>Groups not handed over: {n}</translation>
    </message>
    <message>
        <source>Thừa quỹ {amount}</source>
        <translation>Cash over {amount}</translation>
    </message>
    <message>
        <source>Thiếu quỹ {amount}</source>
        <translation>Cash short {amount}</translation>
    </message>
    <message>
        <source>Làm tròn tiền mặt: {amount}</source>
        <translation>Cash rounding: {amount}</translation>
    </message>
    <message>
        <source>Tiền kiểm đếm cuối phiên: {amount}</source>
        <translation>Cash counted at close: {amount}</translation>
    </message>
    <message>
        <source>Khớp</source>
        <translation>Balanced</translation>
    </message>
    <message>
        <source>Tiền kiểm đếm khác tồn quỹ: cần ghi lý do thừa/thiếu quỹ.</source>
        <translation>The count differs from the expected cash: give a reason for the difference.</translation>
    </message>
    <message>
        <source>Đóng phiên, ghi thừa quỹ {amount}.</source>
        <translation>Close the session, recording cash over of {amount}.</translation>
    </message>
    <message>
        <source>Đóng phiên, ghi thiếu quỹ {amount}.</source>
        <translation>Close the session, recording cash short of {amount}.</translation>
    </message>
    <message>
        <source>Đóng phiên ngày {date}.</source>
        <translation>Close the session of {date}.</translation>
    </message>
    <message>
        <source>Chưa mở phiên tại {point}</source>
        <translation>No session open at {point}</translation>
    </message>
    <message>
        <source>Phiên ngày {date} đang mở — giao dịch viên {teller}, kiểm soát viên {controller}</source>
        <translation>Session of {date} open — teller {teller}, controller {controller}</translation>
    </message>
    <message>
        <source>&amp;Ngày giao dịch:</source>
        <translation>Business &amp;date:</translation>
    </message>
    <message>
        <source>&amp;Kiểm soát viên:</source>
        <translation>&amp;Controller:</translation>
    </message>
    <message>
        <source>Chưa kiểm đếm</source>
        <translation>Not counted yet</translation>
    </message>
    <message>
        <source>Làm tròn {amount} (trong mức {tolerance})</source>
        <translation>Rounding {amount} (within {tolerance})</translation>
    </message>
    <message>
        <source>Hãy kiểm đếm tiền mặt theo mệnh giá trước khi đóng phiên.</source>
        <translation>Count the cash by denomination before closing the session.</translation>
    </message>
    <message>
        <source>Đóng phiên, ghi làm tròn tiền mặt {amount}.</source>
        <translation>Close the session, recording cash rounding {amount}.</translation>
    </message>
    <message>
        <source>Báo cáo phiên</source>
        <translation>Session report</translation>
    </message>
    <message>
        <source>&amp;Tiền mặt đầu phiên (theo mệnh giá):</source>
        <translation>Opening &amp;cash (by denomination):</translation>
    </message>
    <message>
        <source>Tổng tiền đầu phiên:</source>
        <translation>Opening cash total:</translation>
    </message>
    <message>
        <source>Lý do &amp;mở thêm phiên:</source>
        <translation>&amp;Reason for another session:</translation>
    </message>
    <message>
        <source>Phiên ngày {date} tại điểm này đã đóng: mở thêm một phiên trong cùng ngày cần ghi lý do.</source>
        <translation>The session of {date} at this point is closed: another session on the same day needs a reason.</translation>
    </message>
    <message>
        <source>Lưu ý: chưa nhận dữ liệu văn phòng nào kể từ phiên trước (chưa đồng bộ). Số liệu phải thu tính theo dữ liệu đang có trên máy.</source>
        <translation>Note: no office data has arrived since the last session (not synchronised). Dues are computed from the data on this laptop.</translation>
    </message>
    <message>
        <source>Mở phiên</source>
        <translation>Open session</translation>
    </message>
    <message>
        <source>Kiểm đếm tiền mặt theo mệnh giá</source>
        <translation>Cash count by denomination</translation>
    </message>
    <message>
        <source>Tiền thu trong phiên:</source>
        <translation>Cash in this session:</translation>
    </message>
    <message>
        <source>Tiền chi trong phiên:</source>
        <translation>Cash out this session:</translation>
    </message>
    <message>
        <source>Tồn quỹ theo sổ:</source>
        <translation>Expected cash:</translation>
    </message>
    <message>
        <source>Tiền kiểm đếm:</source>
        <translation>Cash counted:</translation>
    </message>
    <message>
        <source>Chênh lệch:</source>
        <translation>Difference:</translation>
    </message>
    <message>
        <source>&amp;Lý do thừa/thiếu:</source>
        <translation>&amp;Reason for difference:</translation>
    </message>
    <message>
        <source>Bắt buộc khi có chênh lệch</source>
        <translation>Required when there is a difference</translation>
    </message>
    <message>
        <source>Đóng phiên…</source>
        <translation>Close session…</translation>
    </message>
    <message>
        <source>Các phiên gần đây (phiên đã đóng chỉ xem)</source>
        <translation>Recent sessions (closed ones are read-only)</translation>
    </message>
    <message>
        <source>Đã mở lại số liệu kiểm đếm đang nhập dở (bản nháp chưa lưu).</source>
        <translation>The cash count being typed was opened again (an unsaved draft).</translation>
    </message>
    <message>
        <source>tiền mặt đầu phiên đang kiểm đếm</source>
        <translation>the opening cash being counted</translation>
    </message>
    <message>
        <source>tiền mặt cuối phiên đang kiểm đếm</source>
        <translation>the closing cash being counted</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <source>Lãi suất và quy tắc của văn phòng</source>
        <translation>The office&apos;s rates and rules</translation>
    </message>
    <message>
        <source>Chỉ xem: do phòng giao dịch ban hành. Bộ quy tắc {version} áp dụng từ {date}.</source>
        <translation>Read-only: issued by the office. Rule set {version} in force from {date}.</translation>
    </message>
    <message>
        <source>Chương trình và lãi suất</source>
        <translation>Programmes and rates</translation>
    </message>
    <message>
        <source>Quy tắc nghiệp vụ</source>
        <translation>Business rules</translation>
    </message>
    <message>
        <source>Máy này</source>
        <translation>This laptop</translation>
    </message>
    <message>
        <source>Tên máy:</source>
        <translation>Device name:</translation>
    </message>
    <message>
        <source>&amp;Ngôn ngữ:</source>
        <translation>&amp;Language:</translation>
    </message>
    <message>
        <source>&amp;Máy in:</source>
        <translation>&amp;Printer:</translation>
    </message>
    <message>
        <source>&amp;Khổ biên lai:</source>
        <translation>Receipt &amp;paper:</translation>
    </message>
    <message>
        <source>Thư mục dữ liệu:</source>
        <translation>Data folder:</translation>
    </message>
    <message>
        <source>Thư mục sao lưu:</source>
        <translation>Backups folder:</translation>
    </message>
    <message>
        <source>Thư mục tệp in (PDF):</source>
        <translation>Printed files (PDF):</translation>
    </message>
    <message>
        <source>Máy in mặc định của Windows</source>
        <translation>Windows&apos; default printer</translation>
    </message>
    <message>
        <source>A5</source>
        <translation>A5</translation>
    </message>
    <message>
        <source>Giấy in nhiệt 80 mm</source>
        <translation>Thermal paper 80 mm</translation>
    </message>
    <message>
        <source>Biên lai và báo cáo được xem trước rồi in ra máy in đã chọn (cả tổ in một lần); bản PDF vẫn được lưu trong thư mục tệp in.</source>
        <translation>Receipts and reports are previewed, then printed on the chosen printer (a whole group in one job); the PDF is still kept in the printed-files folder.</translation>
    </message>
    <message>
        <source>&amp;Giới thiệu sbpdesk…</source>
        <translation>&amp;About sbpdesk…</translation>
    </message>
    <message>
        <source>Sao lưu vào &amp;USB…</source>
        <translation>Back up to &amp;USB…</translation>
    </message>
    <message>
        <source>Đã sao lưu (mã hóa) vào {path}.</source>
        <translation>Backed up (encrypted) to {path}.</translation>
    </message>
</context>
<context>
    <name>SheetPage</name>
    <message>
        <source>{code} — {name} ({n} hộ)</source>
        <translation>{code} — {name} ({n} households)</translation>
    </message>
    <message>
        <source>Sửa ô</source>
        <translation>Edit cell</translation>
    </message>
    <message>
        <source>{name}: {message}</source>
        <translation>{name}: {message}</translation>
    </message>
    <message>
        <source>làm tròn {amount}</source>
        <translation>rounding {amount}</translation>
    </message>
    <message>
        <source>thừa {amount}</source>
        <translation>over {amount}</translation>
    </message>
    <message>
        <source>thiếu {amount}</source>
        <translation>short {amount}</translation>
    </message>
    <message>
        <source>khớp</source>
        <translation>balanced</translation>
    </message>
    <message>
        <source>Trả thiếu so với số phải trả: {names}.</source>
        <translation>Paid less than due: {names}.</translation>
    </message>
    <message>
        <source>Chưa thu: {names}.</source>
        <translation>Not collected: {names}.</translation>
    </message>
    <message>
        <source>Chưa thu: {n} người — xem danh sách bằng Lọc “Chưa thu” (Alt+L).</source>
        <translation>Not collected: {n} people — list them with the filter “Not collected” (Alt+L).</translation>
    </message>
    <message>
        <source>Chưa mở phiên giao dịch: mở phiên trước khi lưu bảng kê.</source>
        <translation>No session is open: open one before saving the sheet.</translation>
    </message>
    <message>
        <source>Chưa nhập số tiền nào.</source>
        <translation>No amount entered.</translation>
    </message>
    <message>
        <source>Tiền đếm được khác số tổ trưởng phải nộp: cần ghi lý do.</source>
        <translation>The cash counted differs from the leader&apos;s hand-over: give a reason.</translation>
    </message>
    <message>
        <source>Ghi {kind} {amount} khi tổ {group} nộp tiền.</source>
        <translation>Record {kind} of {amount} at the hand-over of {group}.</translation>
    </message>
    <message>
        <source>thừa quỹ</source>
        <translation>cash over</translation>
    </message>
    <message>
        <source>thiếu quỹ</source>
        <translation>cash short</translation>
    </message>
    <message>
        <source>Đã lưu {n} dòng của {group}: lãi {interest}, gốc {principal}, tiết kiệm {savings}.</source>
        <translation>Saved {n} lines of {group}: interest {interest}, principal {principal}, savings {savings}.</translation>
    </message>
    <message>
        <source>Lý do &amp;chênh lệch:</source>
        <translation>&amp;Reason for difference:</translation>
    </message>
    <message>
        <source>Xem trước {n} biên lai. Biên lai chỉ được ghi vào sổ in khi bấm In.</source>
        <translation>Previewing {n} receipts. They are recorded in the print register only when you press Print.</translation>
    </message>
    <message>
        <source>Biên lai {group}</source>
        <translation>Receipts {group}</translation>
    </message>
    <message>
        <source>Đã gửi {n} biên lai ra máy in (tệp PDF trong thư mục {folder})</source>
        <translation>Sent {n} receipts to the printer (PDF files in the folder {folder})</translation>
    </message>
    <message>
        <source>— {k} biên lai in là BẢN SAO.</source>
        <translation>— {k} of them printed as COPY (BẢN SAO).</translation>
    </message>
    <message>
        <source>Bảng kê 13/TD {when} — {group}</source>
        <translation>Statement 13/TD {when} — {group}</translation>
    </message>
    <message>
        <source>sau phiên</source>
        <translation>after the session</translation>
    </message>
    <message>
        <source>trước phiên</source>
        <translation>before the session</translation>
    </message>
    <message>
        <source>Danh sách 03/TD — {group}</source>
        <translation>List 03/TD — {group}</translation>
    </message>
    <message>
        <source>&amp;Giấy tờ của tổ</source>
        <translation>Group &amp;papers</translation>
    </message>
    <message>
        <source>Bảng kê 13/TD trước phiên (để tổ viên ký)</source>
        <translation>Statement 13/TD before the session (for members to sign)</translation>
    </message>
    <message>
        <source>Bảng kê 13/TD sau phiên (số đã thu)</source>
        <translation>Statement 13/TD after the session (amounts collected)</translation>
    </message>
    <message>
        <source>Danh sách đề nghị vay 03/TD của ngày</source>
        <translation>The day&apos;s loan proposal list 03/TD</translation>
    </message>
    <message>
        <source>Thu gốc vượt dư nợ (đã xác nhận từng người), phần thừa chuyển vào tiết kiệm: {names}.</source>
        <translation>Principal above the balance (confirmed one by one), the excess going to savings: {names}.</translation>
    </message>
    <message>
        <source>&amp;Tổ TK&amp;&amp;VV:</source>
        <translation>Savings &amp;&amp; loan &amp;group:</translation>
    </message>
    <message>
        <source>Ngày {date} — tổ trưởng {leader} — {n} dòng</source>
        <translation>{date} — leader {leader} — {n} lines</translation>
    </message>
    <message>
        <source>Chưa mở phiên giao dịch: bảng kê chỉ để xem, số phải thu tính đến ngày {date}.</source>
        <translation>No session is open: the sheet is read-only, dues as of {date}.</translation>
    </message>
    <message>
        <source>Thu đủ dòng (F5)</source>
        <translation>Collect row in full (F5)</translation>
    </message>
    <message>
        <source>Thu đủ cả tổ (Shift+F5)</source>
        <translation>Collect group in full (Shift+F5)</translation>
    </message>
    <message>
        <source>Xóa số dòng</source>
        <translation>Clear row</translation>
    </message>
    <message>
        <source>Gõ số vào ô, Enter để ghi. Vàng: trả thiếu; xanh: đủ.</source>
        <translation>Type into a cell, Enter to record. Yellow: partial; green: in full.</translation>
    </message>
    <message>
        <source>Tổ trưởng nộp (lãi + TK):</source>
        <translation>Leader hands over (interest + savings):</translation>
    </message>
    <message>
        <source>Tiền đếm &amp;được:</source>
        <translation>Cash &amp;counted:</translation>
    </message>
    <message>
        <source>bằng số phải nộp</source>
        <translation>same as the hand-over</translation>
    </message>
    <message>
        <source>Chênh lệch:</source>
        <translation>Difference:</translation>
    </message>
    <message>
        <source>Gốc thu trực tiếp:</source>
        <translation>Principal paid in person:</translation>
    </message>
    <message>
        <source>Gốc trả từ TK (không thu tiền):</source>
        <translation>Principal from savings (no cash):</translation>
    </message>
    <message>
        <source>Lưu cả tổ (Ctrl+S)</source>
        <translation>Save the group (Ctrl+S)</translation>
    </message>
    <message>
        <source>In biên lai cả tổ (Ctrl+P)</source>
        <translation>Print the group&apos;s receipts (Ctrl+P)</translation>
    </message>
    <message>
        <source>Mở thư mục biên lai</source>
        <translation>Open the receipts folder</translation>
    </message>
    <message>
        <source>{n} dòng đã nhập</source>
        <translation>{n} rows typed</translation>
    </message>
    <message>
        <source>“{group}” còn số liệu chưa lưu: {what}.</source>
        <translation>“{group}” has unsaved entries: {what}.</translation>
    </message>
    <message>
        <source>Bản nháp chưa lưu: {n} dòng (ghi lúc {time}).</source>
        <translation>Unsaved draft: {n} rows (kept at {time}).</translation>
    </message>
    <message>
        <source>Xác nhận số tiền</source>
        <translation>Confirm the amount</translation>
    </message>
    <message>
        <source>Đúng, ghi số này</source>
        <translation>Yes, record this amount</translation>
    </message>
    <message>
        <source>Sửa lại</source>
        <translation>Correct it</translation>
    </message>
    <message>
        <source>{name}: gửi tiết kiệm {amount} — trên mức {limit} văn phòng đặt.</source>
        <translation>{name}: savings deposit {amount} — above the office&apos;s limit of {limit}.</translation>
    </message>
    <message>
        <source>{name}: thu gốc {paid}, dư nợ {outstanding} — phần thừa {excess} chuyển vào tiết kiệm.</source>
        <translation>{name}: principal {paid}, balance {outstanding} — the excess {excess} goes to savings.</translation>
    </message>
    <message>
        <source>{name}: {paid} lớn hơn nhiều so với dư nợ cộng lãi một năm ({bound}). Có chắc không phải gõ nhầm?</source>
        <translation>{name}: {paid} is far above the balance plus a year&apos;s interest ({bound}). Are you sure it is not a typo?</translation>
    </message>
    <message>
        <source>Chắc chắn, ghi số này</source>
        <translation>Sure, record this amount</translation>
    </message>
    <message>
        <source>Thu đủ dòng</source>
        <translation>Collect row in full</translation>
    </message>
    <message>
        <source>Thu đủ cả tổ</source>
        <translation>Collect group in full</translation>
    </message>
    <message>
        <source>Đến dòng: gõ STT hoặc một phần tên, Enter</source>
        <translation>Go to a row: type its number or part of a name, Enter</translation>
    </message>
    <message>
        <source>Lọc: tất cả / chưa thu / ngoại lệ</source>
        <translation>Filter: all / not collected / exceptions</translation>
    </message>
    <message>
        <source>Thu đủ dòng đang chọn</source>
        <translation>Collect the current row in full</translation>
    </message>
    <message>
        <source>Thu đủ các dòng chưa nhập</source>
        <translation>Collect in full the rows not typed into</translation>
    </message>
    <message>
        <source>Hoàn tác / làm lại</source>
        <translation>Undo / redo</translation>
    </message>
    <message>
        <source>Lưu cả tổ</source>
        <translation>Save the group</translation>
    </message>
    <message>
        <source>In biên lai cả tổ</source>
        <translation>Print the group&apos;s receipts</translation>
    </message>
    <message>
        <source>Giấy tờ của tổ: 13/TD trước, sau phiên; 03/TD</source>
        <translation>Group papers: 13/TD before, after the session; 03/TD</translation>
    </message>
    <message>
        <source>Rời bảng, sang ô tiền đếm được</source>
        <translation>Leave the table, to the cash counted</translation>
    </message>
    <message>
        <source>Đến &amp;dòng (Ctrl+G):</source>
        <translation>Go to &amp;row (Ctrl+G):</translation>
    </message>
    <message>
        <source>STT hoặc tên</source>
        <translation>number or name</translation>
    </message>
    <message>
        <source>&amp;Lọc:</source>
        <translation>Fi&amp;lter:</translation>
    </message>
    <message>
        <source>Tất cả</source>
        <translation>All</translation>
    </message>
    <message>
        <source>Chưa thu</source>
        <translation>Not collected</translation>
    </message>
    <message>
        <source>Ngoại lệ (trả thiếu, vượt, bị từ chối)</source>
        <translation>Exceptions (partial, above, refused)</translation>
    </message>
    <message>
        <source>Cộng</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>Đã gửi {amount} đ ngoài phiên trong tháng (qua ngân hàng, Mẫu 10): không thu lại.</source>
        <translation>Deposited {amount} đ outside the session this month (at the bank, Mẫu 10): not to be taken again.</translation>
    </message>
</context>
<context>
    <name>SyncPage</name>
    <message>
        <source>Gói bị sửa đổi hoặc không phải của văn phòng. Hãy xin văn phòng xuất lại gói và chép lại vào USB.</source>
        <translation>The bundle was altered or is not from your office. Ask the office to export it again and copy it to the USB stick again.</translation>
    </message>
    <message>
        <source>Tệp chưa chép xong hoặc USB bị rút khi đang ghi. Hãy chép lại gói từ văn phòng.</source>
        <translation>The file was not copied completely, or the USB stick was pulled out while writing. Copy the bundle from the office again.</translation>
    </message>
    <message>
        <source>Gói này dành cho máy khác: hãy chọn gói có mã của máy này trong tên tệp.</source>
        <translation>This bundle is for another laptop: choose the bundle with this laptop&apos;s id in its file name.</translation>
    </message>
    <message>
        <source>Gói không phải do phòng giao dịch của máy này gửi. Hãy liên hệ cán bộ phụ trách tại văn phòng.</source>
        <translation>The bundle was not sent by this laptop&apos;s office. Contact the officer in charge at the office.</translation>
    </message>
    <message>
        <source>Hãy cập nhật sbpdesk rồi nhận lại gói.</source>
        <translation>Update sbpdesk, then receive the bundle again.</translation>
    </message>
    <message>
        <source>còn trống {size} GB</source>
        <translation>{size} GB free</translation>
    </message>
    <message>
        <source>còn trống {size} MB</source>
        <translation>{size} MB free</translation>
    </message>
    <message>
        <source>máy chưa đăng ký</source>
        <translation>laptop not enrolled</translation>
    </message>
    <message>
        <source>chưa đồng bộ — {n} nghiệp vụ chờ gửi</source>
        <translation>not synchronised — {n} operations to send</translation>
    </message>
    <message>
        <source>chưa đồng bộ</source>
        <translation>not synchronised</translation>
    </message>
    <message>
        <source>{n} nghiệp vụ chờ văn phòng nhận</source>
        <translation>{n} operations not yet received by the office</translation>
    </message>
    <message>
        <source>văn phòng đã nhận hết nghiệp vụ</source>
        <translation>the office has received every operation</translation>
    </message>
    <message>
        <source>phòng giao dịch {code}</source>
        <translation>office {code}</translation>
    </message>
    <message>
        <source>Trạng thái: {state}. {device}, {office}: văn phòng đã nhận {acked}/{total} nghiệp vụ của máy này.</source>
        <translation>State: {state}. {device}, {office}: the office has received {acked}/{total} of this laptop&apos;s operations.</translation>
    </message>
    <message>
        <source>Chưa thấy USB nào. Hãy cắm USB rồi bấm “Làm mới”, hoặc chọn một thư mục.</source>
        <translation>No USB stick found. Plug one in and press “Refresh”, or choose a folder.</translation>
    </message>
    <message>
        <source>Chọn thư mục chứa gói đồng bộ</source>
        <translation>Choose the folder for sync bundles</translation>
    </message>
    <message>
        <source>đã nhận</source>
        <translation>received</translation>
    </message>
    <message>
        <source>mới</source>
        <translation>new</translation>
    </message>
    <message>
        <source>{state} — {n} nghiệp vụ — văn phòng xuất lúc {time}</source>
        <translation>{state} — {n} operations — exported by the office at {time}</translation>
    </message>
    <message>
        <source>Không có gói nào gửi cho máy này trên ổ đã chọn.</source>
        <translation>No bundle for this laptop on the chosen drive.</translation>
    </message>
    <message>
        <source>{n} gói khác không dành cho máy này.</source>
        <translation>{n} other bundles are not for this laptop.</translation>
    </message>
    <message>
        <source>{n} tệp gói không đọc được.</source>
        <translation>{n} bundle files cannot be read.</translation>
    </message>
    <message>
        <source>Xuất gói gửi văn phòng.</source>
        <translation>Export a bundle for the office.</translation>
    </message>
    <message>
        <source>Đang ghi gói vào {folder} và đọc lại kiểm tra…</source>
        <translation>Writing the bundle to {folder} and reading it back…</translation>
    </message>
    <message>
        <source>Chưa xuất được gói. Sổ không thay đổi.</source>
        <translation>The bundle was not exported. The book is unchanged.</translation>
    </message>
    <message>
        <source>Đã ghi gói {name} ({n} nghiệp vụ) và đọc lại kiểm tra. Có thể rút USB và mang đến phòng giao dịch.</source>
        <translation>Wrote the bundle {name} ({n} operations) and read it back. You can remove the USB stick and take it to the office.</translation>
    </message>
    <message>
        <source>Nhận gói từ văn phòng.</source>
        <translation>Receive a bundle from the office.</translation>
    </message>
    <message>
        <source>Đang kiểm tra và nhận gói {name}…</source>
        <translation>Checking and receiving the bundle {name}…</translation>
    </message>
    <message>
        <source>Không nhận gói này. Sổ không thay đổi.</source>
        <translation>This bundle was refused. The book is unchanged.</translation>
    </message>
    <message>
        <source>Đã nhận gói {name}: {n} nghiệp vụ ({parts}).</source>
        <translation>Received the bundle {name}: {n} operations ({parts}).</translation>
    </message>
    <message>
        <source>không có nghiệp vụ mới</source>
        <translation>no new operations</translation>
    </message>
    <message>
        <source>Văn phòng giữ nhiều nghiệp vụ của máy này hơn sổ: sổ này là bản sao hoặc bản khôi phục. Hãy xuất gói rồi đăng ký lại máy.</source>
        <translation>The office holds more of this laptop&apos;s operations than this book: this book is a copy or a restored backup. Export a bundle, then enrol the laptop again.</translation>
    </message>
    <message>
        <source>Đang tạo yêu cầu đăng ký máy…</source>
        <translation>Making the enrolment request…</translation>
    </message>
    <message>
        <source>Chưa tạo được yêu cầu đăng ký.</source>
        <translation>The enrolment request was not made.</translation>
    </message>
    <message>
        <source>Đã ghi yêu cầu đăng ký vào {path}. Mang USB đến phòng giao dịch và đọc dấu vân tay dưới đây cho cán bộ văn phòng so sánh.</source>
        <translation>Wrote the enrolment request to {path}. Take the USB stick to the office and read the fingerprint below to the officer there to compare.</translation>
    </message>
    <message>
        <source>Chưa hoàn tất được đăng ký.</source>
        <translation>The enrolment was not completed.</translation>
    </message>
    <message>
        <source>Máy này chưa tạo yêu cầu đăng ký. Hãy bấm “Tạo yêu cầu đăng ký máy” trước.</source>
        <translation>This laptop has made no enrolment request yet. Press “Make the enrolment request” first.</translation>
    </message>
    <message>
        <source>Chọn tệp trả lời đăng ký của văn phòng</source>
        <translation>Choose the office&apos;s enrolment response</translation>
    </message>
    <message>
        <source>Tệp đăng ký (*.sbpenrol)</source>
        <translation>Enrolment files (*.sbpenrol)</translation>
    </message>
    <message>
        <source>Đang hoàn tất đăng ký và nhận dữ liệu của văn phòng…</source>
        <translation>Completing the enrolment and receiving the office&apos;s data…</translation>
    </message>
    <message>
        <source>Máy đã được đăng ký với phòng giao dịch {office} (mã máy {device}); đã nhận {n} nghiệp vụ. Người dùng của văn phòng thay cho tài khoản quản trị tạm: hãy đóng chương trình, mở lại và đăng nhập bằng tài khoản văn phòng cấp.</source>
        <translation>This laptop is enrolled at office {office} (device {device}); {n} operations received. The office&apos;s users replace the temporary administrator: close the program, open it again and sign in with the account the office gave you.</translation>
    </message>
    <message>
        <source>&amp;USB và thư mục</source>
        <translation>&amp;USB sticks and folders</translation>
    </message>
    <message>
        <source>Làm mới</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>Chọn thư mục…</source>
        <translation>Choose folder…</translation>
    </message>
    <message>
        <source>Trao đổi với phòng giao dịch</source>
        <translation>Exchange with the office</translation>
    </message>
    <message>
        <source>Xuất gói gửi văn phòng</source>
        <translation>Export bundle for the office</translation>
    </message>
    <message>
        <source>Nhận gói từ văn phòng</source>
        <translation>Receive bundle from the office</translation>
    </message>
    <message>
        <source>Nghiệp vụ của máy này</source>
        <translation>This laptop&apos;s operations</translation>
    </message>
    <message>
        <source>Kết quả nhận gói</source>
        <translation>Bundle received</translation>
    </message>
    <message>
        <source>Đăng ký máy với phòng giao dịch</source>
        <translation>Enrol this laptop at the office</translation>
    </message>
    <message>
        <source>Máy này chưa được đăng ký. Bước 1: chọn USB, bấm “Tạo yêu cầu đăng ký máy”, mang tệp yêu cầu đến phòng giao dịch và đọc dấu vân tay cho cán bộ văn phòng so sánh. Bước 2: cắm USB có tệp trả lời của văn phòng, bấm “Hoàn tất đăng ký” và so sánh dấu vân tay của văn phòng.</source>
        <translation>This laptop is not enrolled. Step 1: choose the USB stick, press “Make the enrolment request”, take the request file to the office and read the fingerprint to the officer there to compare. Step 2: plug in the USB stick with the office&apos;s response, press “Complete enrolment” and compare the office&apos;s fingerprint.</translation>
    </message>
    <message>
        <source>Tạo yêu cầu đăng ký máy</source>
        <translation>Make the enrolment request</translation>
    </message>
    <message>
        <source>Hoàn tất đăng ký</source>
        <translation>Complete enrolment</translation>
    </message>
    <message>
        <source>Đóng chương trình</source>
        <translation>Close the program</translation>
    </message>
    <message>
        <source>Dấu vân tay của máy này (đọc cho phòng giao dịch so sánh):</source>
        <translation>This laptop&apos;s fingerprint (read it to the office to compare):</translation>
    </message>
    <message>
        <source>Máy này chưa đăng ký với phòng giao dịch: chưa thể gửi hay nhận gói.</source>
        <translation>This laptop is not enrolled at the office: it cannot send or receive bundles yet.</translation>
    </message>
    <message>
        <source>Gói sẽ mang {n} nghiệp vụ văn phòng chưa xác nhận.</source>
        <translation>The bundle will carry {n} operations the office has not confirmed.</translation>
    </message>
    <message>
        <source>Không còn nghiệp vụ chờ gửi (gói vẫn mang xác nhận cho văn phòng).</source>
        <translation>Nothing left to send (a bundle still carries the acknowledgement to the office).</translation>
    </message>
    <message>
        <source>Gói gửi gần nhất: {date} ({n} nghiệp vụ)</source>
        <translation>Last bundle sent: {date} ({n} operations)</translation>
    </message>
    <message>
        <source>Chưa gửi gói nào</source>
        <translation>No bundle sent yet</translation>
    </message>
    <message>
        <source>gói nhận gần nhất: {date} ({n} nghiệp vụ)</source>
        <translation>last bundle received: {date} ({n} operations)</translation>
    </message>
    <message>
        <source>chưa nhận gói nào</source>
        <translation>no bundle received yet</translation>
    </message>
    <message>
        <source>Dữ liệu văn phòng đến {date}.</source>
        <translation>Office data up to {date}.</translation>
    </message>
    <message>
        <source>Sổ này là bản sao hoặc bản khôi phục: hãy xuất gói rồi đăng ký lại máy.</source>
        <translation>This book is a copy or a restored backup: export a bundle, then enrol the laptop again.</translation>
    </message>
</context>
<context>
    <name>SyncReasons</name>
    <message>
        <source>chờ các nghiệp vụ trước đó</source>
        <translation>waiting for earlier operations</translation>
    </message>
    <message>
        <source>chờ gói trước của văn phòng</source>
        <translation>waiting for the office&apos;s earlier bundle</translation>
    </message>
    <message>
        <source>cần cập nhật phần mềm</source>
        <translation>needs a software update</translation>
    </message>
    <message>
        <source>chỉ văn phòng được ghi nghiệp vụ này</source>
        <translation>only the office may record this operation</translation>
    </message>
    <message>
        <source>máy bị tạm dừng nhận (sổ bị sao chép)</source>
        <translation>laptop frozen (its book was copied)</translation>
    </message>
    <message>
        <source>không phải nghiệp vụ của máy gửi</source>
        <translation>not the sender&apos;s operation</translation>
    </message>
    <message>
        <source>số thứ tự đã có nghiệp vụ khác</source>
        <translation>sequence number already holds another operation</translation>
    </message>
    <message>
        <source>khoản vay đã được xóa nợ</source>
        <translation>the loan was written off</translation>
    </message>
    <message>
        <source>khoản vay đã tất toán</source>
        <translation>the loan is closed</translation>
    </message>
    <message>
        <source>khoản vay đã hủy</source>
        <translation>the loan was cancelled</translation>
    </message>
    <message>
        <source>khoản vay chưa giải ngân</source>
        <translation>the loan is not disbursed</translation>
    </message>
    <message>
        <source>tiền lãi vượt số phải trả</source>
        <translation>interest above what is owed</translation>
    </message>
    <message>
        <source>tiền gốc vượt dư nợ</source>
        <translation>principal above the balance</translation>
    </message>
    <message>
        <source>vượt số tiền được duyệt</source>
        <translation>above the approved amount</translation>
    </message>
    <message>
        <source>chưa ghi được ({code})</source>
        <translation>not applied yet ({code})</translation>
    </message>
</context>
<context>
    <name>SyncStatus</name>
    <message>
        <source>chờ gửi</source>
        <translation>to send</translation>
    </message>
    <message>
        <source>đã xuất gói, chờ văn phòng nhận</source>
        <translation>exported, awaiting the office</translation>
    </message>
    <message>
        <source>văn phòng đã nhận</source>
        <translation>received by the office</translation>
    </message>
    <message>
        <source>treo</source>
        <translation>suspense</translation>
    </message>
    <message>
        <source>bị từ chối</source>
        <translation>rejected</translation>
    </message>
    <message>
        <source>tạm giữ</source>
        <translation>held</translation>
    </message>
    <message>
        <source>đã ghi vào sổ</source>
        <translation>applied</translation>
    </message>
    <message>
        <source>đã có, bỏ qua</source>
        <translation>already here, skipped</translation>
    </message>
    <message>
        <source>trùng số thứ tự (sổ bị sao chép)</source>
        <translation>sequence clash (book copied)</translation>
    </message>
</context>
<context>
    <name>UnlockKeys</name>
    <message>
        <source>Mở khóa đồng bộ</source>
        <translation>Unlock the sync keys</translation>
    </message>
    <message>
        <source>Mật khẩu của {user} chưa mở được khóa đồng bộ của máy này.

Hãy nhập mật khẩu đăng ký máy: mật khẩu đã nhập khi tạo yêu cầu đăng ký máy.</source>
        <translation>{user}&apos;s password does not open this laptop&apos;s sync keys yet.

Type the enrolment password: the password typed when the enrolment request was made.</translation>
    </message>
    <message>
        <source>Sổ dữ liệu mẫu: mật khẩu là demo.</source>
        <translation>Demo book: the password is demo.</translation>
    </message>
    <message>
        <source>Mật khẩu đăng &amp;ký máy</source>
        <translation>En&amp;rolment password</translation>
    </message>
    <message>
        <source>{action}
Gói đồng bộ được ký và niêm phong bằng khóa của máy này. Nhập mật khẩu của {user} để mở khóa (chỉ hỏi một lần cho đến khi đóng chương trình).</source>
        <translation>{action}
Bundles are signed and sealed with this laptop&apos;s keys. Type {user}&apos;s password to unlock them (asked once until the program is closed).</translation>
    </message>
    <message>
        <source>&amp;Mật khẩu</source>
        <translation>&amp;Password</translation>
    </message>
    <message>
        <source>Mở khóa</source>
        <translation>Unlock</translation>
    </message>
    <message>
        <source>Hủy</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Chưa nhập mật khẩu.</source>
        <translation>Type the password.</translation>
    </message>
    <message>
        <source>Mật khẩu này không mở được khóa đồng bộ.</source>
        <translation>This password does not open the sync keys.</translation>
    </message>
    <message>
        <source>Mật khẩu đăng ký máy không đúng.</source>
        <translation>Wrong enrolment password.</translation>
    </message>
</context>
<context>
    <name>UsbBackup</name>
    <message>
        <source>Chọn USB hoặc thư mục</source>
        <translation>Choose a USB stick or folder</translation>
    </message>
    <message>
        <source>Sao lưu vào USB</source>
        <translation>Back up to USB</translation>
    </message>
    <message>
        <source>Một bản sao đầy đủ của sổ, đã kiểm tra, được mã hóa bằng mật khẩu bản sao lưu. Mật khẩu này không được lưu ở đâu: không có nó thì không khôi phục được. Giữ USB ở nơi an toàn, tách khỏi máy.</source>
        <translation>A full, verified copy of the book, encrypted with the backup passphrase. The passphrase is stored nowhere: without it the copy cannot be restored. Keep the stick somewhere safe, apart from the computer.</translation>
    </message>
    <message>
        <source>&amp;USB</source>
        <translation>&amp;USB</translation>
    </message>
    <message>
        <source>Chọn thư &amp;mục…</source>
        <translation>Choose a &amp;folder…</translation>
    </message>
    <message>
        <source>Mật &amp;khẩu bản sao lưu</source>
        <translation>Backup &amp;passphrase</translation>
    </message>
    <message>
        <source>&amp;Nhập lại mật khẩu</source>
        <translation>&amp;Repeat the passphrase</translation>
    </message>
    <message>
        <source>&amp;Sao lưu</source>
        <translation>&amp;Back up</translation>
    </message>
    <message>
        <source>Hủy</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Chưa có USB: cắm USB vào hoặc chọn một thư mục.</source>
        <translation>No USB stick: plug one in or choose a folder.</translation>
    </message>
    <message>
        <source>Hai lần nhập không khớp.</source>
        <translation>The two entries differ.</translation>
    </message>
</context>
<context>
    <name>Users</name>
    <message>
        <source>hoạt động</source>
        <translation>active</translation>
    </message>
    <message>
        <source>ngừng hoạt động</source>
        <translation>inactive</translation>
    </message>
    <message>
        <source>Đã mở khóa đăng nhập cho {user}.</source>
        <translation>Sign-in unlocked for {user}.</translation>
    </message>
    <message>
        <source>Người dùng của phòng giao dịch</source>
        <translation>The office&apos;s users</translation>
    </message>
    <message>
        <source>&amp;Mở khóa đăng nhập</source>
        <translation>&amp;Unlock sign-in</translation>
    </message>
    <message>
        <source>Khóa đăng nhập trên máy điểm (theo gói đồng bộ đã nhận)</source>
        <translation>Sign-in lock-outs on the point laptops (from the bundles received)</translation>
    </message>
</context>
</TS>
