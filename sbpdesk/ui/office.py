"""The transaction office's window (issue 16): the same program on an office book.

The book's role decides the window (`sbpdesk.app.build_window`): an office book gets these
pages, none of the laptop's session pages. Which pages a signed-in person sees follows the
one authorization table of the services (`services.kinds.KINDS`, who may post which kind): a
page that writes is shown to whoever may post one of its kinds; pages that only read (and
the import desk, which stores what the points recorded) to every office user. The services
refuse what a role may not do whatever the window shows (decision 0115).
"""
from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP

from .pages.office_common import may_post

# Keys match `sbpdesk gui --page …`; titles are "Nav" source strings.
OFFICE_NAV: tuple[tuple[str, str], ...] = (
    ("points", QT_TRANSLATE_NOOP("Nav", "Điểm giao dịch")),
    ("imports", QT_TRANSLATE_NOOP("Nav", "Nhận gói từ điểm")),
    ("review", QT_TRANSLATE_NOOP("Nav", "Xem xét")),
    ("approvals", QT_TRANSLATE_NOOP("Nav", "Phê duyệt hồ sơ vay")),
    ("devices", QT_TRANSLATE_NOOP("Nav", "Máy điểm, quyền mở phiên")),
    ("users", QT_TRANSLATE_NOOP("Nav", "Người dùng")),
    ("reports", QT_TRANSLATE_NOOP("Nav", "Báo cáo")),
    ("core", QT_TRANSLATE_NOOP("Nav", "Đối chiếu ngân hàng")),
    ("settings", QT_TRANSLATE_NOOP("Nav", "Cài đặt")),
)
OFFICE_PAGES = tuple(key for key, _ in OFFICE_NAV)
# The kinds a page writes; None: every office user.
PAGE_KINDS: dict[str, tuple[str, ...] | None] = {
    "points": None,
    "imports": None,
    "review": ("suspense.resolve", "application.decide"),
    "approvals": ("application.decide",),
    "devices": ("device.enrol", "lease.grant", "device.revoke"),
    "users": ("user.set",),
    "reports": None,
    "core": ("loan.core_adjust", "core.explain", "loan.paid_elsewhere",
             "savings.paid_elsewhere"),
    "settings": None,
}


def visible_pages(roles) -> tuple[str, ...]:
    return tuple(key for key in OFFICE_PAGES if PAGE_KINDS[key] is None
                 or any(may_post(roles, kind) for kind in PAGE_KINDS[key]))


def page_class(key: str) -> type:
    """The office page of a navigation key, its module imported when first built."""
    match key:
        case "points":
            from .pages.office_points import PointsPage
            return PointsPage
        case "imports":
            from .pages.import_desk import ImportDeskPage
            return ImportDeskPage
        case "review":
            from .pages.review import ReviewPage
            return ReviewPage
        case "approvals":
            from .pages.approvals import ApprovalsPage
            return ApprovalsPage
        case "devices":
            from .pages.devices import DevicesPage
            return DevicesPage
        case "users":
            from .pages.users import UsersPage
            return UsersPage
        case "reports":
            from .pages.office_reports import OfficeReportsPage
            return OfficeReportsPage
        case "core":
            from .pages.office_core import CorePage
            return CorePage
        case "settings":
            from .pages.settings import SettingsPage
            return SettingsPage
    raise KeyError(key)


def build_office_window(worker, state):
    """The office window: the pages `state.roles` may see, each built when first shown."""
    from .main_window import StatusInfo
    from .shell import build_main_window

    def factory(key: str):
        return lambda: page_class(key)(worker, state)
    shown = visible_pages(state.roles)
    nav = tuple((key, title) for key, title in OFFICE_NAV if key in shown)
    window = build_main_window(worker, demo=state.demo, nav=nav, office=True,
                               pages={key: factory(key) for key in shown})

    def status() -> StatusInfo:
        return StatusInfo(user=state.full_name or state.username, roles=state.roles,
                          office=state.office_name, business_date=state.today,
                          sync=None)
    window.state = state
    window.set_status(status())
    state.navigate.connect(lambda key: window.show_page(key) if key in shown else None)
    state.changed.connect(lambda: window.set_status(status()))
    return window
